//! Health and metrics for operators and load balancers.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use crate::services::Services;
use crate::store::outbox;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
pub async fn readyz(State(services): State<Services>) -> impl IntoResponse {
    match services.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n"),
        Err(error) => {
            tracing::warn!(%error, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}

pub async fn metrics(State(services): State<Services>) -> impl IntoResponse {
    let outbox = outbox::count_by_status(&services.db.read)
        .await
        .unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(&outbox),
    )
}
