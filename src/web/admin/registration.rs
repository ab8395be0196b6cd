//! A person's page: their details, answers, sessions, history and every
//! email owed to them; and what staff may do to their registration.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::attendees::person_form;
use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use crate::domain::{Answer, FieldErrors, Language, RegistrationStatus};
use crate::i18n::countries::country_name;
use crate::services::Actor;
use crate::services::EventRecord;
use crate::services::Services;
use crate::services::WriteError;
use crate::services::attendees::{
    RegistrationPage, StaffActionError, StaffFormError, stored_answers,
};
use crate::web::public::form::FormValues;

fn actor(staff: &Staff) -> Actor {
    Actor::Organizer(staff.member.email.clone())
}

fn refusal(error: StaffActionError) -> AdminError {
    match error {
        StaffActionError::NotFound | StaffActionError::Write(WriteError::NotFound) => {
            AdminError::NotFound
        }
        StaffActionError::Refused(why) => AdminError::Conflict(why),
        error => AdminError::internal(error),
    }
}

/// A registration id from the path: ids are UUIDs, so anything longer is
/// not one and is not looked up.
fn registration_id(raw: &str) -> Result<&str, AdminError> {
    if raw.len() <= 64 {
        Ok(raw)
    } else {
        Err(AdminError::NotFound)
    }
}

async fn load(services: &Services, id: &str) -> Result<RegistrationPage, AdminError> {
    services
        .registration_page(registration_id(id)?)
        .await?
        .ok_or(AdminError::NotFound)
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub async fn show(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let page = load(&services, &id).await?;
    let r = &page.registration;
    if r.erased_at.is_some() {
        return Ok(super::privacy::erased_page(&staff, &page));
    }
    let name = format!("{} {}", r.first_name, r.last_name);
    let base = format!("/admin/registrations/{}", r.id);
    Ok(admin_page(
        &staff,
        &name,
        html! {
            p { a href={ "/admin/events/" (page.event.slug) "/attendees" } { "← Attendees of " (page.event.title) } }
            h1 { (name) " " span.badge { (r.status.as_str()) } }
            dl.facts.card {
                dt { "Email" } dd { (r.email) }
                dt { "Organization" } dd { (r.organization) }
                dt { "Country" } dd { (country_name(Language::En, &r.country)) " (" (r.country) ")" }
                dt { "Language" } dd { (Language::parse(&r.language).map_or_else(|| r.language.clone(), |l| l.native_name().to_owned())) }
                dt { "Registered" } dd { (time(r.created_at)) }
                dt { "Last changed" } dd { (time(r.updated_at)) }
                dt { "Checked in" } dd { @if let Some(at) = r.checked_in_at { (time(at)) } @else { "no" } }
            }
            section.card {
                h2 { "Answers" }
                @if page.answers.is_empty() {
                    p { "No answers." }
                } @else {
                    dl.facts {
                        @for (label, answer) in &page.answers {
                            dt { (label) } dd { (answer) }
                        }
                    }
                }
            }
            section.card {
                h2 { "Sessions" }
                @if page.sessions.is_empty() {
                    p { "No sessions chosen." }
                } @else {
                    ul { @for session in &page.sessions { li { (session.title) } } }
                }
            }
            section.card {
                h2 { "Actions" }
                @if r.status == RegistrationStatus::Waitlisted {
                    form.inline method="post" action={ (base) "/promote" } {
                        (csrf_field(&staff.csrf))
                        button.small type="submit" { "Give them a seat now" }
                    }
                }
                @if r.status != RegistrationStatus::Cancelled {
                    form.inline method="post" action={ (base) "/resend" } {
                        (csrf_field(&staff.csrf))
                        button.small type="submit" { "Send the " (status_word(r.status)) " email again" }
                    }
                    ul.links {
                        li { a href={ (base) "/edit" } { "Change the details" } }
                        li { a href={ (base) "/cancel" } { "Cancel this registration" } }
                        @if r.status == RegistrationStatus::Confirmed {
                            li { a href={ (base) "/badge.pdf" } { "Print their badge (PDF)" } }
                        }
                    }
                } @else {
                    p { "This registration is cancelled." }
                }
                p { a href={ (base) "/erase" } { "Erase this person's data" } }
            }
            section.card {
                h2 { "History" }
                ul.registration-history {
                    li { (time(r.created_at)) ": registered" }
                    @for entry in &page.history {
                        li { (time(entry.created_at)) ": " (entry.action) " by " (entry.actor) " " code { (entry.detail) } }
                    }
                }
            }
            section.card {
                h2 { "Emails" }
                @if page.emails.is_empty() {
                    p { "No emails owed." }
                } @else {
                    div.table-wrap {
                        table.registration-emails {
                            thead { tr {
                                th scope="col" { "Kind" }
                                th scope="col" { "Status" }
                                th scope="col" { "Attempts" }
                                th scope="col" { "Last error" }
                                th scope="col" { "Owed at" }
                                th scope="col" { "Sent at" }
                            } }
                            tbody {
                                @for email in &page.emails {
                                    tr {
                                        td { (email.kind.as_str()) }
                                        td { (email.status.as_str()) }
                                        td { (email.attempts) }
                                        td { (email.last_error.as_deref().unwrap_or("")) }
                                        td { (time(email.created_at)) }
                                        td { @if let Some(at) = email.sent_at { (time(at)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

fn status_word(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => "confirmation",
        RegistrationStatus::Waitlisted => "waiting list",
        RegistrationStatus::Pending => "verification",
        RegistrationStatus::Cancelled => "cancellation",
    }
}

pub async fn confirm_cancel(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let page = load(&services, &id).await?;
    let r = &page.registration;
    let base = format!("/admin/registrations/{}", r.id);
    Ok(admin_page(
        &staff,
        "Cancel a registration",
        html! {
            h1 { "Cancel a registration" }
            p { "Cancel the registration of " strong { (r.first_name) " " (r.last_name) " (" (r.email) ")" }
                " for " (page.event.title) "?" }
            p { "They get the cancellation email, and their seat goes to the first person on the waiting list. This cannot be undone." }
            form method="post" action={ (base) "/cancel" } {
                (csrf_field(&staff.csrf))
                button.secondary type="submit" { "Cancel the registration" }
                " "
                a href=(base) { "Keep it" }
            }
        },
    ))
}

pub async fn cancel(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let id = registration_id(&id)?;
    services
        .cancel_registration(id, actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/admin/registrations/{id}")).into_response())
}

pub async fn promote(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let id = registration_id(&id)?;
    services
        .promote_registration(id, actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/admin/registrations/{id}")).into_response())
}

pub async fn resend(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let id = registration_id(&id)?;
    services
        .resend_status_email(id, actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/admin/registrations/{id}")).into_response())
}

/// A registration's details as form values, to edit.
fn values_of(page: &RegistrationPage) -> FormValues {
    let r = &page.registration;
    let mut pairs = vec![
        ("first_name".to_owned(), r.first_name.clone()),
        ("last_name".to_owned(), r.last_name.clone()),
        ("email".to_owned(), r.email.clone()),
        ("organization".to_owned(), r.organization.clone()),
        ("country".to_owned(), r.country.clone()),
        ("language".to_owned(), r.language.clone()),
    ];
    for (id, answer) in stored_answers(r) {
        let name = format!("q_{id}");
        match answer {
            Answer::Checked(true) => pairs.push((name, "yes".into())),
            Answer::Checked(false) => {}
            Answer::Text(text) => pairs.push((name, text)),
            Answer::Choices(choices) => {
                pairs.extend(choices.into_iter().map(|c| (name.clone(), c)))
            }
        }
    }
    FormValues::from_pairs(pairs)
}

fn edit_page(
    staff: &Staff,
    page: &RegistrationPage,
    record: &EventRecord,
    values: &FormValues,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Markup {
    let r = &page.registration;
    let base = format!("/admin/registrations/{}", r.id);
    admin_page(
        staff,
        "Change details",
        html! {
            p { a href=(base) { "← " (r.first_name) " " (r.last_name) } }
            h1 { "Change the details of " (r.first_name) " " (r.last_name) }
            @if let Some(notice) = notice { div.notice.error role="alert" { p { (notice) } } }
            (person_form(staff, &format!("{base}/edit"), record, values, errors, false, "Save the changes"))
        },
    )
}

pub async fn edit_form(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let page = load(&services, &id).await?;
    let record = services
        .event_record(&page.event.slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok(edit_page(
        &staff,
        &page,
        &record,
        &values_of(&page),
        &FieldErrors::default(),
        None,
    ))
}

pub async fn edit(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AdminError> {
    let page = load(&services, &id).await?;
    let values = FormValues::from_pairs(pairs);
    let (errors, notice, status) = match services
        .edit_registration(&page.registration.id, values.to_raw(), actor(&staff))
        .await
    {
        Ok(_) => {
            return Ok(
                Redirect::to(&format!("/admin/registrations/{}", page.registration.id))
                    .into_response(),
            );
        }
        Err(StaffFormError::NotFound) => return Err(AdminError::NotFound),
        Err(StaffFormError::Invalid(errors)) => (errors, None, StatusCode::UNPROCESSABLE_ENTITY),
        Err(StaffFormError::EmailTaken) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "email",
                "another live registration of this event has this address",
            );
            (
                errors,
                Some("Another live registration of this event has this address."),
                StatusCode::CONFLICT,
            )
        }
        Err(error) => return Err(AdminError::internal(error)),
    };
    let record = services
        .event_record(&page.event.slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let html = edit_page(&staff, &page, &record, &values, &errors, notice);
    Ok((status, html).into_response())
}
