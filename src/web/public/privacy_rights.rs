//! An attendee's rights over their data, from their own page: download
//! everything held about them (`/r/{token}/data.json`), and delete their
//! registration and data (`/r/{token}/delete`: a page that says what will
//! happen, and a POST that does it).

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use crate::domain::event::EventStatus;
use crate::domain::slug::Slug;
use crate::domain::{Language, RegistrationStatus};
use crate::i18n::dates as format;
use crate::i18n::{t, tf};
use crate::services::registrations::AttendeeView;
use crate::services::{Services, WriteError};
use crate::web::error::PageError;
use crate::web::lang::Lang;
use crate::web::views::layout::{Frame, page, page_with};

/// The card on the attendee's page that offers both.
pub fn card(language: Language, token: &str) -> Markup {
    let lang = language.code();
    html! {
        section.card {
            h2 { (t(language, "rights.title")) }
            p { (t(language, "rights.text")) }
            ul.links {
                li { a href={ "/r/" (token) "/data.json" } download="my-registration.json" { (t(language, "rights.download")) } }
                li { a href={ "/r/" (token) "/delete?lang=" (lang) } { (t(language, "rights.delete")) } }
            }
        }
    }
}

/// `GET /r/{token}/data.json`: every piece of personal data held about the
/// registration, as a file to keep. Never cached (src/web/cached.rs).
pub async fn download(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let data = services
        .personal_data(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| PageError::internal(language, e))?;
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"my-registration.json\"",
            ),
            (CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response())
}

/// `GET /r/{token}/delete`: what deleting does, and the button (POST).
/// Nothing changes here.
pub async fn confirm_delete(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Markup, PageError> {
    let view = services
        .attendee(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    Ok(delete_page(language, &token, &view))
}

/// What deleting changes beside the erasure, in the words of the cancel
/// page: the same consequences for the seat.
fn consequence(view: &AttendeeView) -> &'static str {
    let event = &view.event;
    let over = event.ends_at <= chrono::Utc::now() || event.status == EventStatus::Cancelled;
    match view.status {
        _ if over => "delete.over",
        RegistrationStatus::Cancelled => "delete.cancelled_already",
        RegistrationStatus::Waitlisted => "cancel.waitlist",
        RegistrationStatus::Pending => "cancel.pending",
        RegistrationStatus::Confirmed if event.waitlist_enabled => "cancel.seat_to_waitlist",
        RegistrationStatus::Confirmed => "cancel.seat_free",
    }
}

fn delete_page(language: Language, token: &str, view: &AttendeeView) -> Markup {
    let event = &view.event;
    let lang = language.code();
    let tz: chrono_tz::Tz = event
        .timezone
        .parse()
        .unwrap_or(chrono_tz::Europe::Brussels);
    let title = t(language, "delete.title");
    let frame = Frame {
        organizer: Some(&event.organizer_name),
        noindex: true,
    };
    let consequence = consequence(view);
    // Only a cancellation that happens now owes the last email.
    let cancels_now = consequence.starts_with("cancel.");
    page_with(
        language,
        title,
        frame,
        html! {
            p.meta lang=(event.language) { (event.title) " · " (format::span(language, tz, event.starts_at, event.ends_at)) }
            h1 { (title) }
            section.card {
                ul {
                    li { (t(language, consequence)) }
                    li { (t(language, "delete.erases")) }
                    @if cancels_now { li { (t(language, "delete.email")) } }
                    li { (t(language, "delete.kept")) }
                    li { (t(language, "delete.final")) }
                }
                p {
                    (t(language, "delete.copy_first")) " "
                    a href={ "/r/" (token) "/data.json" } download="my-registration.json" { (t(language, "rights.download")) }
                }
                form.actions method="post" action={ "/r/" (token) "/delete?lang=" (lang) } {
                    button.danger type="submit" { (t(language, "delete.confirm")) }
                    a.button.plain href={ "/r/" (token) "?lang=" (lang) } { (t(language, "delete.keep")) }
                }
            }
        },
    )
}

/// `POST /r/{token}/delete`: cancels (through the writer) and erases, then
/// shows the event's "deleted" page: the link no longer opens anything.
pub async fn delete(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let Some(view) = services
        .attendee(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
    else {
        return Err(PageError::NotFound(language));
    };
    match services.delete_by_token(&token).await {
        Ok(Some(_)) => Ok(Redirect::to(&format!(
            "/events/{}/deleted?lang={}",
            view.event.slug,
            language.code()
        ))
        .into_response()),
        Ok(None) | Err(WriteError::NotFound) => Err(PageError::NotFound(language)),
        Err(WriteError::Busy | WriteError::Timeout) => Err(PageError::Busy(language)),
        Err(other) => Err(PageError::internal(language, other)),
    }
}

/// `GET /events/{slug}/deleted`: what a deleted registration's owner sees
/// next. It names no one, so it is the same page for everyone.
pub async fn deleted(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
) -> Result<Markup, PageError> {
    let event = super::published(&services, language, &slug).await?;
    let event = &event.record.event;
    let title = t(language, "deleted.title");
    Ok(page(
        language,
        title,
        html! {
            h1 { (title) }
            p.notice.ok { (tf(language, "deleted.text", &[("title", event.title.as_str().into())])) }
            p { (t(language, "deleted.email")) }
            p { a href={ "/events/" (event.slug) "?lang=" (language.code()) } { (event.title) } }
        },
    ))
}
