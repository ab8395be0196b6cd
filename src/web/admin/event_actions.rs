//! What an organizer does to a whole event: publish it, take it back to
//! draft, duplicate it, cancel it (after a confirmation: attendees are
//! told through `Services::cancel_event`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::event_form::{actor, field, say};
use super::layout::{admin_page, csrf_field};
use crate::domain::FieldErrors;
use crate::domain::event_form::propose_slug;
use crate::domain::slug::Slug;
use crate::services::Services;
use crate::services::event_changes::EventChangeError;
use crate::services::events::EventSetupError;

fn refusal(error: EventSetupError) -> AdminError {
    match error {
        EventSetupError::NotFound => AdminError::NotFound,
        EventSetupError::Cancelled => AdminError::Conflict(
            "This event is cancelled: it can no longer be published or taken back to draft.".into(),
        ),
        error => AdminError::internal(error),
    }
}

pub async fn publish(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Redirect, AdminError> {
    services
        .set_event_published(&slug, true, &actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/admin/events/{slug}")))
}

pub async fn unpublish(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Redirect, AdminError> {
    services
        .set_event_published(&slug, false, &actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/admin/events/{slug}")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DuplicateFields {
    slug: String,
    days: String,
}

fn duplicate_page(
    staff: &Staff,
    title: &str,
    slug: &str,
    fields: &DuplicateFields,
    errors: &FieldErrors,
) -> Markup {
    let error = |f: &str| errors.get(f).map(say);
    admin_page(
        staff,
        "Duplicate an event",
        html! {
            p { a href={ "/admin/events/" (slug) } { "← Back" } }
            h1 { "Duplicate “" (title) "”" }
            p { "The copy is a draft with the same sessions and questions and no registrations." }
            form method="post" action={ "/admin/events/" (slug) "/duplicate" } novalidate {
                (csrf_field(&staff.csrf))
                (field("slug", "Address of the copy (slug)", "text", &fields.slug, error("slug"), None))
                (field("days", "Move the dates by this many days", "number", &fields.days, error("days"),
                    Some("e.g. 364 for the same weekday next year; 0 keeps the dates.")))
                button type="submit" { "Make the copy" }
            }
        },
    )
}

pub async fn duplicate_form(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let setup = services
        .event_setup(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let fields = DuplicateFields {
        slug: propose_slug(&format!("{} copy", setup.event.slug)),
        days: "0".into(),
    };
    Ok(duplicate_page(
        &staff,
        &setup.event.title,
        &slug,
        &fields,
        &FieldErrors::default(),
    ))
}

pub async fn duplicate(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<DuplicateFields>,
) -> Result<Response, AdminError> {
    let setup = services
        .event_setup(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let mut errors = FieldErrors::default();
    let new_slug = Slug::parse(fields.slug.trim())
        .ok_or("use lowercase letters, digits and single hyphens, e.g. women-2028")
        .map_err(|m| errors.add("slug", m))
        .ok();
    let days = fields
        .days
        .trim()
        .parse::<i64>()
        .map_err(|_| errors.add("days", "give a whole number of days, e.g. 364"))
        .ok();
    let refused = |errors: &FieldErrors, status: StatusCode| {
        let page = duplicate_page(&staff, &setup.event.title, &slug, &fields, errors);
        Ok((status, page).into_response())
    };
    let (Some(new_slug), Some(days)) = (new_slug, days) else {
        return refused(&errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    match services
        .duplicate_event(&slug, &new_slug, days, &actor(&staff))
        .await
    {
        Ok(copy) => Ok(Redirect::to(&format!("/admin/events/{}/edit", copy.slug)).into_response()),
        Err(EventSetupError::SlugTaken) => {
            errors.add(
                "slug",
                "another event already has this address: choose another",
            );
            refused(&errors, StatusCode::CONFLICT)
        }
        Err(EventSetupError::Invalid { field, message }) => {
            errors.add(field, message);
            refused(&errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => Err(refusal(error)),
    }
}

pub async fn confirm_cancel(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let event = services
        .event_summary(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let told = event.confirmed + event.waitlisted + event.pending;
    Ok(admin_page(
        &staff,
        "Cancel the event",
        html! {
            h1 { "Cancel “" (event.title) "”" }
            p { "The event closes for good: it cannot be reopened." }
            p { strong { (told) } " registrants (confirmed, on the waiting list or not yet confirmed) are sent the cancellation, and confirmed attendees a calendar cancellation." }
            form method="post" action={ "/admin/events/" (slug) "/cancel" } {
                (csrf_field(&staff.csrf))
                button.secondary type="submit" { "Cancel the event and tell everyone" }
                " "
                a href={ "/admin/events/" (slug) } { "Keep the event" }
            }
        },
    ))
}

pub async fn cancel(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Redirect, AdminError> {
    match services.cancel_event(&slug, actor(&staff)).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/events/{slug}"))),
        Err(EventChangeError::NotFound) => Err(AdminError::NotFound),
        Err(error) => Err(AdminError::internal(error)),
    }
}
