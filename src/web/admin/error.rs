//! The dashboard's refusals and failures, each with its status and a page
//! that says what happened in plain words. Unexpected failures are logged
//! with their cause and shown without it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::bare_page;

#[derive(Debug)]
pub enum AdminError {
    NotFound,
    Forbidden(&'static str),
    /// The change cannot be made as things stand (409).
    Conflict(String),
    Internal(String),
}

impl AdminError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AdminError::Internal(cause.to_string())
    }
}

impl From<sea_orm::DbErr> for AdminError {
    fn from(error: sea_orm::DbErr) -> Self {
        AdminError::internal(error)
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let (status, title, text) = match self {
            AdminError::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is nothing at this address.".to_owned(),
            ),
            AdminError::Forbidden(why) => (StatusCode::FORBIDDEN, "Not allowed", why.to_owned()),
            AdminError::Conflict(why) => (StatusCode::CONFLICT, "Not possible", why),
            AdminError::Internal(cause) => {
                tracing::error!(%cause, "dashboard request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The request could not be completed. Please try again in a moment.".to_owned(),
                )
            }
        };
        let body = bare_page(
            title,
            html! {
                h1 { (title) }
                p { (text) }
                p { a href="/admin" { "Back to the dashboard" } }
            },
        );
        (status, body).into_response()
    }
}
