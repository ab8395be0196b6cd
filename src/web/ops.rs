//! Health and metrics for operators and load balancers.

use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::services::Services;

/// Whether the background tasks a registration needs are still running.
/// `Application::run_until` (src/app.rs) records the first one that ended;
/// from then on the instance is not ready, and it stops shortly after.
#[derive(Default)]
pub struct Readiness {
    stopped: OnceLock<&'static str>,
}

impl Readiness {
    pub fn worker_stopped(&self, worker: &'static str) {
        let _ = self.stopped.set(worker);
    }

    pub fn stopped_worker(&self) -> Option<&'static str> {
        self.stopped.get().copied()
    }
}

#[derive(Clone)]
pub struct OpsState {
    pub services: Services,
    pub readiness: Arc<Readiness>,
}

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// The registration writer and the mail worker run, and the database answers.
pub async fn readyz(State(state): State<OpsState>) -> Response {
    if let Some(worker) = state.readiness.stopped_worker() {
        let text = format!("the {worker} has stopped\n");
        return (StatusCode::SERVICE_UNAVAILABLE, text).into_response();
    }
    match state.services.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(error) => {
            tracing::warn!(%error, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
    }
}

/// The counters, for whoever holds `TESSERA_METRICS_TOKEN` (when set): they
/// tell how many people register, which is not the public's business.
pub async fn metrics(State(state): State<OpsState>, headers: HeaderMap) -> Response {
    if let Some(expected) = state.services.config.metrics_token() {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same_secret(given, expected) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "a bearer token is required\n",
            )
                .into_response();
        }
    }
    let outbox = state
        .services
        .outbox_status_counts()
        .await
        .unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(&outbox),
    )
        .into_response()
}

/// Compares digests, so that neither the time taken nor the length tells a
/// guesser how much of the token was right.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(expected.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn only_the_same_token_matches() {
        assert!(same_secret("s3cret-token", "s3cret-token"));
        assert!(!same_secret("s3cret-tokem", "s3cret-token"));
        assert!(!same_secret("", "s3cret-token"));
        assert!(!same_secret("s3cret-token-and-more", "s3cret-token"));
    }
}
