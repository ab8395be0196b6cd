//! The HTTP faces. Every route is listed here; a handler parses its input,
//! calls one service, and renders.

pub mod error;
pub mod lang;
pub mod ops;
pub mod public;
pub mod rate_limit;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::services::Services;

/// Forms are small; anything larger is refused with 413 before parsing.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn router(services: Services, limiter: Arc<rate_limit::RateLimiter>) -> Router {
    let public_posts = Router::new()
        .route(
            "/events/{slug}/register",
            post(public::registrations::create),
        )
        .route("/r/{token}/cancel", post(public::registrations::cancel))
        .route("/v/{secret}", post(public::registrations::verify))
        .route_layer(axum::middleware::from_fn_with_state(
            limiter,
            rate_limit::limit,
        ));

    Router::new()
        .route("/", get(public::events::index))
        .route("/events/{slug}", get(public::events::show))
        .route("/events/{slug}/calendar.ics", get(public::events::calendar))
        .route(
            "/events/{slug}/registered",
            get(public::registrations::registered),
        )
        .route("/r/{token}", get(public::registrations::show))
        .route("/v/{secret}", get(public::registrations::verification))
        .route("/r/{token}/invite.ics", get(public::registrations::invite))
        .route("/assets/site.css", get(views::assets::stylesheet))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .merge(public_posts)
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(lang::remember))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(services)
}
