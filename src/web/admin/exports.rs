//! Downloads of an event's attendee list, as filtered on its table (the
//! same query parameters): CSV streamed as it is read, XLSX once written.

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hyper::body::Frame;
use tokio::sync::mpsc;

use super::attendees::query_of;
use super::auth::Staff;
use super::error::AdminError;
use crate::services::Services;

/// A response body fed by a channel: the export task writes, the client
/// reads, and at most the channel's few chunks wait in between.
struct ChannelBody(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| c.map(Frame::data)))
    }
}

fn attachment(name: &str) -> String {
    // Slugs are ASCII letters, digits and dashes: nothing to quote.
    format!("attachment; filename=\"{name}\"")
}

pub async fn csv(
    _staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AdminError> {
    let plan = services
        .export_plan(&slug, query_of(raw.as_deref()))
        .await?
        .ok_or(AdminError::NotFound)?;
    let name = plan.file_name("csv");
    let chunks = services.export_csv(plan);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, attachment(&name)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::new(ChannelBody(chunks)),
    )
        .into_response())
}

pub async fn xlsx(
    _staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AdminError> {
    let plan = services
        .export_plan(&slug, query_of(raw.as_deref()))
        .await?
        .ok_or(AdminError::NotFound)?;
    let name = plan.file_name("xlsx");
    let file = services
        .export_xlsx(plan)
        .await
        .map_err(AdminError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, attachment(&name)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        file,
    )
        .into_response())
}
