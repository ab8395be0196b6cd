//! What every request passes through, in this order, before and after its
//! route: the safety headers on whatever leaves (src/web/safety.rs), the
//! body read whole within its size and time (src/web/body.rs), the site's
//! facts for the pages (src/web/views/layout.rs), a path with an encoded
//! control character refused with the 404 page (src/web/slug.rs), the
//! page cache, a person's own pages kept by no cache
//! (src/web/cached.rs), and the language picked in the switcher
//! remembered (src/web/lang.rs).
//!
//! One middleware around the whole router, not one layer each: axum's
//! `Router::layer` wraps every route on its own, and each request then
//! cloned and dropped the whole chain of layers, a boxed service and the
//! services' handles per layer; that was a tenth of the CPU of a
//! registration (`bench/ab.sh` with `PERF_OUT`, BENCHMARKS.md).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cached::{self, PageCache};
use super::error::PageError;
use super::views::layout;
use super::{body, lang, safety, slug};
use crate::services::site::SiteFacts;

/// What the middleware holds for every request.
pub struct Front {
    pub body_timeout: Duration,
    pub site: Arc<SiteFacts>,
    pub pages: Arc<PageCache>,
}

pub async fn every_request(
    State(front): State<Arc<Front>>,
    request: Request,
    next: Next,
) -> Response {
    let attendee = safety::is_attendee_path(request.uri().path());
    let mut response = match body::bounded(front.body_timeout, request).await {
        Ok(request) => layout::with_site(front.site.clone(), answer(&front, request, next)).await,
        Err(refusal) => refusal,
    };
    safety::set_headers(response.headers_mut(), attendee);
    response
}

async fn answer(front: &Front, mut request: Request, next: Next) -> Response {
    let chosen = lang::chosen(request.uri());
    let mut response = if slug::has_encoded_control(request.uri().path()) {
        PageError::NotFound(lang::of(request.uri(), request.headers())).into_response()
    } else {
        request.extensions_mut().insert(front.pages.clone());
        cached::personal(request, next).await
    };
    lang::remember(&mut response, chosen);
    response
}
