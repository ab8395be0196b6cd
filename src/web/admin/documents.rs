//! The printed documents as downloads: badges (everyone confirmed, or one
//! person) and each day's attendance sheet, to sign or filled in with the
//! day's check-in times (`?filled=1`). PDFs open in the browser's viewer,
//! ready to print.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use crate::documents::SheetKind;
use crate::domain::attendance::parse_day;
use crate::services::Services;
use crate::services::documents::{PrintError, Printed};

fn pdf(printed: Printed) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            // Slugs and registration ids are ASCII letters, digits and
            // dashes: nothing to quote.
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}\"", printed.file_name),
            ),
            // Names and organizations: not for shared caches.
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        printed.pdf,
    )
        .into_response()
}

fn failed(error: PrintError) -> AdminError {
    AdminError::internal(error)
}

#[derive(Debug, Default, Deserialize)]
pub struct BadgesQuery {
    #[serde(default)]
    part: Option<String>,
}

/// `?part=2`: the second `BADGES_PER_PDF` of a large event's badges.
pub async fn badges(
    _staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Query(query): Query<BadgesQuery>,
) -> Result<Response, AdminError> {
    let part = match query.part.as_deref() {
        None | Some("") => 1,
        Some(raw) => raw.parse::<usize>().map_err(|_| AdminError::NotFound)?,
    };
    let printed = services
        .badges(&slug, part)
        .await
        .map_err(failed)?
        .ok_or(AdminError::NotFound)?;
    Ok(pdf(printed))
}

pub async fn badge(
    _staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    // Ids are UUIDs: anything longer is not one and is not looked up.
    if id.len() > 64 {
        return Err(AdminError::NotFound);
    }
    let printed = services
        .badge(&id)
        .await
        .map_err(failed)?
        .ok_or(AdminError::NotFound)?;
    Ok(pdf(printed))
}

#[derive(Debug, Default, Deserialize)]
pub struct SheetQuery {
    #[serde(default)]
    filled: Option<String>,
}

/// `/admin/events/{slug}/attendance/{YYYY-MM-DD}.pdf`: the router cannot
/// match a suffix after a parameter, so the handler takes the `.pdf` off.
pub async fn attendance_sheet(
    _staff: Staff,
    State(services): State<Services>,
    Path((slug, file)): Path<(String, String)>,
    Query(query): Query<SheetQuery>,
) -> Result<Response, AdminError> {
    let day = file
        .strip_suffix(".pdf")
        .and_then(parse_day)
        .ok_or(AdminError::NotFound)?;
    let kind = match query.filled.as_deref() {
        None | Some("" | "0") => SheetKind::ToSign,
        Some("1") => SheetKind::Filled,
        Some(_) => return Err(AdminError::NotFound),
    };
    let printed = services
        .attendance_sheet(&slug, day, kind)
        .await
        .map_err(failed)?
        .ok_or(AdminError::NotFound)?;
    Ok(pdf(printed))
}
