//! Health and metrics for operators and load balancers.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{EntityTrait, FromQueryResult, QuerySelect};

use crate::services::Services;
use crate::store::entities::outbox_message;

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

#[derive(FromQueryResult)]
struct StatusCount {
    status: String,
    count: i64,
}

pub async fn metrics(State(services): State<Services>) -> impl IntoResponse {
    let outbox = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Status)
        .column_as(Expr::col(outbox_message::Column::Id).count(), "count")
        .group_by(outbox_message::Column::Status)
        .into_model::<StatusCount>()
        .all(&services.db.read)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|row| (row.status, u64::try_from(row.count).unwrap_or(0)))
        .collect::<Vec<_>>();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        crate::metrics::render(&outbox),
    )
}
