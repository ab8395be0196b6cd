//! Request bodies, bounded in size and in time before any handler runs: a
//! declared length over [`BODY_LIMIT`](super::BODY_LIMIT) is refused at once
//! (413), and a body that has not fully arrived within
//! `TESSERA_BODY_TIMEOUT_SECS` is answered 408, so a slow or lying client
//! cannot hold a connection and a task open.

use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::BODY_LIMIT;

/// The request with its whole body read, or the answer that refuses it.
pub async fn bounded(timeout: Duration, request: Request) -> Result<Request, Response> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
        return Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large.\n",
        ));
    }
    if request.body().is_end_stream() {
        return Ok(request);
    }
    let (parts, body) = request.into_parts();
    let read = Limited::new(body, BODY_LIMIT).collect();
    Err(match tokio::time::timeout(timeout, read).await {
        Ok(Ok(collected)) => {
            return Ok(Request::from_parts(parts, Body::from(collected.to_bytes())));
        }
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            refuse(StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.\n")
        }
        Ok(Err(_)) => refuse(StatusCode::BAD_REQUEST, "The request was cut short.\n"),
        Err(_) => refuse(
            StatusCode::REQUEST_TIMEOUT,
            "The request took too long to arrive.\n",
        ),
    })
}

/// Closes the connection too: what is left of the body is never read.
fn refuse(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONNECTION, "close")], text).into_response()
}
