//! Erasing one person's data from the dashboard (a request under GDPR
//! Art. 17 that reached the office): a page that says what happens, and
//! the POST that does it through the privacy service. The audit entry it
//! leaves names the registration and the organizer, never the person.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use crate::domain::{Language, RegistrationStatus};
use crate::i18n::countries::country_name;
use crate::services::attendees::RegistrationPage;
use crate::services::{Actor, Services, WriteError};

/// Ids are UUIDs: anything longer is not looked up.
fn registration_id(raw: &str) -> Result<&str, AdminError> {
    if raw.len() <= 64 {
        Ok(raw)
    } else {
        Err(AdminError::NotFound)
    }
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `GET /admin/registrations/{id}/erase`
pub async fn confirm_erase(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let page = services
        .registration_page(registration_id(&id)?)
        .await?
        .ok_or(AdminError::NotFound)?;
    let r = &page.registration;
    let base = format!("/admin/registrations/{}", r.id);
    if r.erased_at.is_some() {
        return Ok(erased_page(&staff, &page));
    }
    let live = r.status != RegistrationStatus::Cancelled;
    let upcoming = page.event.ends_at > chrono::Utc::now();
    Ok(admin_page(
        &staff,
        "Erase a person's data",
        html! {
            p { a href=(base) { "← " (r.first_name) " " (r.last_name) } }
            h1 { "Erase the data of " (r.first_name) " " (r.last_name) "?" }
            ul {
                @if live && upcoming {
                    li { "Their registration for " (page.event.title) " is cancelled first: their seat goes to the waiting list, and they get the cancellation email (with the calendar CANCEL). Their address is kept only until that email is delivered." }
                }
                li { "Their name, email address, organization, written answers and personal link are erased now, here and in the emails and audit entries about them." }
                li { "Country, status, check-ins, sessions and the options they chose stay, so the statistics and the report still count them." }
                li { "This cannot be undone." }
            }
            form method="post" action={ (base) "/erase" } {
                (csrf_field(&staff.csrf))
                button.danger type="submit" { "Erase their data" }
                " "
                a href=(base) { "Keep it" }
            }
        },
    ))
}

/// `POST /admin/registrations/{id}/erase`
pub async fn erase(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let id = registration_id(&id)?;
    let actor = Actor::Organizer(staff.member.email.clone());
    match services.erase_registration(id, actor).await {
        Ok(Some(_)) => Ok(Redirect::to(&format!("/admin/registrations/{id}")).into_response()),
        Ok(None) | Err(WriteError::NotFound) => Err(AdminError::NotFound),
        Err(error) => Err(AdminError::internal(error)),
    }
}

/// What the dashboard shows of an erased registration: what statistics
/// keep, and nothing that names the person.
pub fn erased_page(staff: &Staff, page: &RegistrationPage) -> Markup {
    let r = &page.registration;
    admin_page(
        staff,
        "Erased registration",
        html! {
            p { a href={ "/admin/events/" (page.event.slug) "/attendees" } { "← Attendees of " (page.event.title) } }
            h1 { "Erased registration " span.badge { (r.status.as_str()) } }
            p.notice { "This person's data was erased"
                @if let Some(at) = r.erased_at { " on " (time(at)) }
                ". What the statistics count is kept." }
            dl.facts.card {
                dt { "Country" } dd { (country_name(Language::En, &r.country)) " (" (r.country) ")" }
                dt { "Registered" } dd { (time(r.created_at)) }
                dt { "Checked in" } dd { @if let Some(at) = r.checked_in_at { (time(at)) } @else { "no" } }
                dt { "Sessions" } dd { (page.sessions.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join(", ")) }
            }
        },
    )
}
