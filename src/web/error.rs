//! One error type at the HTML edge. Services return their own error enums;
//! handlers map them here, and each variant knows its status and its page.
//! Unexpected failures are logged with their cause and shown as a plain 500
//! page that leaks nothing.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::lang::Lang;
use super::views::layout::{Frame, page_with};
use crate::domain::Language;
use crate::i18n::t;

#[derive(Debug)]
pub enum PageError {
    NotFound(Language),
    /// Full without a waiting list, or the registration window is shut.
    Conflict {
        language: Language,
        title_key: &'static str,
        text_key: &'static str,
        back: Option<String>,
    },
    /// The writer's queue is full or it did not answer in time.
    Busy(Language),
    RateLimited(Language),
    Internal(Language, String),
}

impl PageError {
    pub fn internal(language: Language, cause: impl std::fmt::Display) -> Self {
        PageError::Internal(language, cause.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, language, title, text, back) = match &self {
            PageError::NotFound(l) => (
                StatusCode::NOT_FOUND,
                *l,
                t(*l, "error.not_found"),
                t(*l, "error.not_found_text"),
                None,
            ),
            PageError::Conflict {
                language,
                title_key,
                text_key,
                back,
            } => (
                StatusCode::CONFLICT,
                *language,
                t(*language, title_key),
                t(*language, text_key),
                back.clone(),
            ),
            PageError::Busy(l) => (
                StatusCode::SERVICE_UNAVAILABLE,
                *l,
                t(*l, "error.busy"),
                t(*l, "error.busy_text"),
                None,
            ),
            PageError::RateLimited(l) => (
                StatusCode::TOO_MANY_REQUESTS,
                *l,
                t(*l, "error.rate_limited"),
                t(*l, "error.rate_limited_text"),
                None,
            ),
            PageError::Internal(l, cause) => {
                tracing::error!(%cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    *l,
                    t(*l, "error.internal"),
                    t(*l, "error.internal_text"),
                    None,
                )
            }
        };
        // No error page is worth a search engine's index.
        let frame = Frame {
            organizer: None,
            noindex: true,
        };
        let body = page_with(
            language,
            title,
            frame,
            html! {
                h1 { (title) }
                p { (text) }
                @if let Some(back) = back {
                    p { a href=(back) { (t(language, "error.back")) } }
                }
            },
        );
        let mut response = (status, body).into_response();
        if matches!(self, PageError::Busy(_) | PageError::RateLimited(_)) {
            let wait = if matches!(self, PageError::Busy(_)) {
                "2"
            } else {
                "60"
            };
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static(wait));
        }
        response
    }
}

pub async fn not_found(Lang(language): Lang) -> PageError {
    PageError::NotFound(language)
}
