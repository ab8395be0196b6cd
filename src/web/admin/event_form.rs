//! Creating and editing an event: one form for every field of the event,
//! with a server-rendered preview of its description, errors beside the
//! fields and what was typed kept. The rules are in
//! src/domain/event_form.rs; a change of time or place goes through
//! `Services::update_event` so attendees get the updated invite.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::event_agenda;
use super::layout::{admin_page, csrf_field};
use crate::domain::event_form::{COMMON_ZONES, EventFields, RawEventForm};
use crate::domain::{FieldErrors, Language, markdown};
use crate::i18n::t;
use crate::services::Actor;
use crate::services::Services;
use crate::services::event_changes::{EventChange, EventChangeError};
use crate::services::events::{EventSetup, EventSetupError};
use crate::web::views::error_summary::{self, SummaryItem, error_summary};

/// The event form as posted; checkboxes are absent when unticked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EventFormFields {
    slug: String,
    title: String,
    summary: String,
    description: String,
    language: String,
    timezone: String,
    timezone_other: String,
    starts_at: String,
    ends_at: String,
    venue_name: String,
    venue_address: String,
    online_url: String,
    capacity: String,
    waitlist_enabled: Option<String>,
    registration_opens_at: String,
    registration_closes_at: String,
    requires_verification: Option<String>,
    contact_email: String,
    organizer_name: String,
    funding_line: String,
    /// Present when the "Preview" button was pressed.
    preview: Option<String>,
}

impl EventFormFields {
    fn raw(self) -> (RawEventForm, bool) {
        let preview = self.preview.is_some();
        let raw = RawEventForm {
            slug: self.slug,
            title: self.title,
            summary: self.summary,
            description: self.description,
            language: self.language,
            timezone: self.timezone,
            timezone_other: self.timezone_other,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            venue_name: self.venue_name,
            venue_address: self.venue_address,
            online_url: self.online_url,
            capacity: self.capacity,
            waitlist_enabled: self.waitlist_enabled.is_some(),
            registration_opens_at: self.registration_opens_at,
            registration_closes_at: self.registration_closes_at,
            requires_verification: self.requires_verification.is_some(),
            contact_email: self.contact_email,
            organizer_name: self.organizer_name,
            funding_line: self.funding_line,
        };
        (raw, preview)
    }
}

pub(super) fn actor(staff: &Staff) -> Actor {
    Actor::Organizer(staff.member.email.clone())
}

/// A domain message in words: the shared checks return i18n keys.
pub(super) fn say(message: &str) -> &str {
    if message.starts_with("error.") {
        t(Language::En, message)
    } else {
        message
    }
}

/// What the form page shows besides the fields.
struct FormPage<'a> {
    heading: &'a str,
    action: String,
    creating: bool,
    form: &'a RawEventForm,
    errors: &'a FieldErrors,
    preview: Option<String>,
}

pub async fn new_form(staff: Staff) -> Markup {
    let form = RawEventForm {
        language: "en".into(),
        timezone: "Europe/Brussels".into(),
        waitlist_enabled: true,
        contact_email: staff.member.email.clone(),
        organizer_name: staff.member.name.clone(),
        ..RawEventForm::default()
    };
    form_page(
        &staff,
        FormPage {
            heading: "New event",
            action: "/admin/events".into(),
            creating: true,
            form: &form,
            errors: &FieldErrors::default(),
            preview: None,
        },
        None,
    )
}

pub async fn create(
    staff: Staff,
    State(services): State<Services>,
    Form(fields): Form<EventFormFields>,
) -> Result<Response, AdminError> {
    let (form, preview) = fields.raw();
    let mut errors = FieldErrors::default();
    let slug = form.slug().map_err(|m| errors.add("slug", m)).ok();
    let parsed = form.parse();
    if let Err(field_errors) = &parsed {
        for (field, message) in &field_errors.0 {
            errors.add(field.clone(), message);
        }
    }
    let page = |errors: &FieldErrors, status: StatusCode| {
        let markup = form_page(
            &staff,
            FormPage {
                heading: "New event",
                action: "/admin/events".into(),
                creating: true,
                form: &form,
                errors,
                preview: preview.then(|| markdown::to_safe_html(&form.description)),
            },
            None,
        );
        (status, markup).into_response()
    };
    if preview {
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return Ok(page(&errors, status));
    }
    let (Some(slug), Ok(fields)) = (slug, parsed) else {
        return Ok(page(&errors, StatusCode::UNPROCESSABLE_ENTITY));
    };
    match services
        .create_event_draft(&slug, fields, &actor(&staff))
        .await
    {
        Ok(event) => {
            Ok(Redirect::to(&format!("/admin/events/{}/edit", event.slug)).into_response())
        }
        Err(EventSetupError::SlugTaken) => {
            errors.add(
                "slug",
                "another event already has this address: choose another",
            );
            Ok(page(&errors, StatusCode::CONFLICT))
        }
        Err(EventSetupError::Invalid { field, message }) => {
            errors.add(field, message);
            Ok(page(&errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(error) => Err(AdminError::internal(error)),
    }
}

pub async fn edit_form(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let setup = services
        .event_setup(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let form = RawEventForm::from_fields(&setup.event.slug, &setup.fields);
    Ok(edit_page(
        &staff,
        &setup,
        &form,
        &FieldErrors::default(),
        None,
    ))
}

fn edit_page(
    staff: &Staff,
    setup: &EventSetup,
    form: &RawEventForm,
    errors: &FieldErrors,
    preview: Option<String>,
) -> Markup {
    let slug = &setup.event.slug;
    form_page(
        staff,
        FormPage {
            heading: &format!("Edit “{}”", setup.event.title),
            action: format!("/admin/events/{slug}/edit"),
            creating: false,
            form,
            errors,
            preview,
        },
        Some(event_agenda::agenda_sections(
            staff,
            setup,
            &Default::default(),
        )),
    )
}

pub async fn update(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<EventFormFields>,
) -> Result<Response, AdminError> {
    let setup = services
        .event_setup(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let (mut form, preview) = fields.raw();
    // The address of an existing event does not change: links to it have
    // been sent.
    form.slug = setup.event.slug.clone();
    let parsed = form.parse();
    let page = |errors: &FieldErrors, status: StatusCode| {
        let html = preview.then(|| markdown::to_safe_html(&form.description));
        (status, edit_page(&staff, &setup, &form, errors, html)).into_response()
    };
    let fields = match parsed {
        Ok(fields) if !preview => unchanged_minutes(fields, &setup.fields),
        Ok(_) => return Ok(page(&FieldErrors::default(), StatusCode::OK)),
        Err(errors) => return Ok(page(&errors, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    match services
        .update_event(&slug, change_of(fields), actor(&staff))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/events/{slug}")).into_response()),
        Err(EventChangeError::Invalid { field, message }) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            Ok(page(&errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(EventChangeError::NotFound) => Err(AdminError::NotFound),
        Err(EventChangeError::Cancelled) => Err(AdminError::Conflict(
            "This event is cancelled: it can no longer be changed.".into(),
        )),
        Err(error) => Err(AdminError::internal(error)),
    }
}

/// The form shows times to the minute: a time left as shown keeps its
/// stored seconds, so saving an untouched form moves nothing (and owes no
/// updated invite).
fn unchanged_minutes(mut typed: EventFields, stored: &EventFields) -> EventFields {
    let keep = |typed: DateTime<Utc>, stored: DateTime<Utc>| match stored
        .duration_trunc(TimeDelta::minutes(1))
    {
        Ok(shown) if shown == typed => stored,
        _ => typed,
    };
    let keep_some =
        |typed: Option<DateTime<Utc>>, stored: Option<DateTime<Utc>>| match (typed, stored) {
            (Some(t), Some(s)) => Some(keep(t, s)),
            (typed, _) => typed,
        };
    typed.starts_at = keep(typed.starts_at, stored.starts_at);
    typed.ends_at = keep(typed.ends_at, stored.ends_at);
    typed.registration_opens_at =
        keep_some(typed.registration_opens_at, stored.registration_opens_at);
    typed.registration_closes_at =
        keep_some(typed.registration_closes_at, stored.registration_closes_at);
    typed
}

/// Every field of the form as a change; the service keeps what is equal.
fn change_of(fields: EventFields) -> EventChange {
    EventChange {
        title: Some(fields.title),
        summary: Some(fields.summary),
        description: Some(fields.description),
        starts_at: Some(fields.starts_at),
        ends_at: Some(fields.ends_at),
        venue_name: Some(fields.venue_name),
        venue_address: Some(fields.venue_address),
        online_url: Some(fields.online_url),
        capacity: Some(fields.capacity),
        language: Some(fields.language),
        timezone: Some(fields.timezone),
        waitlist_enabled: Some(fields.waitlist_enabled),
        registration_opens_at: Some(fields.registration_opens_at),
        registration_closes_at: Some(fields.registration_closes_at),
        requires_verification: Some(fields.requires_verification),
        contact_email: Some(fields.contact_email),
        organizer_name: Some(fields.organizer_name),
        funding_line: Some(fields.funding_line),
    }
}

fn form_page(staff: &Staff, page: FormPage<'_>, after: Option<Markup>) -> Markup {
    let form = page.form;
    let errors = page.errors;
    let error = |field: &str| errors.get(field).map(say);
    let zone = form.zone_name().to_owned();
    let listed = COMMON_ZONES.contains(&zone.as_str());
    let back = if page.creating {
        "/admin".to_owned()
    } else {
        format!("/admin/events/{}", form.slug)
    };
    admin_page(
        staff,
        page.heading,
        html! {
            p { a href=(back) { "← Back" } }
            h1 { (page.heading) }
            // A rejected form's answer opens at its error summary.
            form.event-form method="post" action={ (page.action) (error_summary::ANCHOR) } novalidate {
                (error_summary("There is a problem", Some("Please correct the fields marked below."), &summary_items(errors)))
                (csrf_field(&staff.csrf))
                fieldset {
                    legend { "The event" }
                    (field("title", "Title", "text", &form.title, error("title"), None))
                    @if page.creating {
                        (field("slug", "Address (slug)", "text", &form.slug, error("slug"),
                            Some("Lowercase letters, digits and hyphens. Leave empty to make it from the title.")))
                    } @else {
                        p.hint { "Address: " code { "/events/" (form.slug) } }
                    }
                    (field("summary", "Summary", "text", &form.summary, error("summary"), None))
                    (textarea("description", "Description (Markdown)", &form.description, error("description")))
                    button.secondary type="submit" name="preview" value="1" { "Preview the description" }
                    @if let Some(html) = &page.preview {
                        section.event-form-preview aria-label="Preview of the description" {
                            h2 { "Preview" }
                            div.description { (PreEscaped(html)) }
                        }
                    }
                    div.field {
                        label for="language" { "Language" }
                        (error_text("language", error("language")))
                        select #language name="language" aria-invalid=[error("language").map(|_| "true")] aria-describedby=[error("language").map(|_| "language-error")] {
                            @for language in Language::ALL {
                                option value=(language.code()) selected[form.language == language.code()] { (language.native_name()) }
                            }
                        }
                    }
                }
                fieldset {
                    legend { "When" }
                    div.field {
                        label for="timezone" { "Time zone" }
                        (error_text("timezone", error("timezone")))
                        select #timezone name="timezone" aria-invalid=[error("timezone").map(|_| "true")] aria-describedby=[error("timezone").map(|_| "timezone-error")] {
                            option value="" selected[!listed] { "Another (type it below)" }
                            @for name in COMMON_ZONES {
                                option value=(name) selected[listed && zone == *name] { (name) }
                            }
                        }
                    }
                    (field("timezone_other", "Another time zone (IANA name, e.g. Atlantic/Canary)", "text",
                        if listed { "" } else { zone.as_str() }, None, None))
                    (field("starts_at", "Starts", "datetime-local", &form.starts_at, error("starts_at"), Some("In the event's time zone.")))
                    (field("ends_at", "Ends", "datetime-local", &form.ends_at, error("ends_at"), None))
                }
                fieldset {
                    legend { "Where" }
                    (field("venue_name", "Venue", "text", &form.venue_name, error("venue_name"), None))
                    (field("venue_address", "Address", "text", &form.venue_address, error("venue_address"), None))
                    (field("online_url", "Online link", "url", &form.online_url, error("online_url"), None))
                }
                fieldset {
                    legend { "Registration" }
                    (field("capacity", "Seats", "number", &form.capacity, error("capacity"), Some("Leave empty for unlimited.")))
                    (checkbox("waitlist_enabled", "A waiting list when the seats are taken", form.waitlist_enabled))
                    (field("registration_opens_at", "Registration opens", "datetime-local", &form.registration_opens_at, error("registration_opens_at"), Some("Optional.")))
                    (field("registration_closes_at", "Registration closes", "datetime-local", &form.registration_closes_at, error("registration_closes_at"), Some("Optional; at the latest the event's end.")))
                    (checkbox("requires_verification", "Double opt-in: registrants confirm their address first", form.requires_verification))
                    (field("contact_email", "Contact email", "email", &form.contact_email, error("contact_email"), None))
                    (field("organizer_name", "Organizer (sender name of the emails)", "text", &form.organizer_name, error("organizer_name"), None))
                    (field("funding_line", "Funding line on attendance sheets", "text", &form.funding_line, error("funding_line"),
                        Some("e.g. Interreg Europe — INTER VENTURES")))
                }
                button type="submit" {
                    @if page.creating { "Create the event as a draft" } @else { "Save the changes" }
                }
            }
            @if let Some(after) = after { (after) }
        },
    )
}

/// The form's fields in the order they appear, with their labels: the
/// error summary lists errors in this order.
const FIELDS: &[(&str, &str)] = &[
    ("title", "Title"),
    ("slug", "Address (slug)"),
    ("summary", "Summary"),
    ("description", "Description"),
    ("language", "Language"),
    ("timezone", "Time zone"),
    ("starts_at", "Starts"),
    ("ends_at", "Ends"),
    ("venue_name", "Venue"),
    ("venue_address", "Address"),
    ("online_url", "Online link"),
    ("capacity", "Seats"),
    ("registration_opens_at", "Registration opens"),
    ("registration_closes_at", "Registration closes"),
    ("contact_email", "Contact email"),
    ("organizer_name", "Organizer"),
    ("funding_line", "Funding line"),
];

/// The error summary's lines: each field's error, linking the field.
pub(super) fn summary_items_of(errors: &FieldErrors, fields: &[(&str, &str)]) -> Vec<SummaryItem> {
    let mut items: Vec<SummaryItem> = fields
        .iter()
        .filter_map(|(id, label)| {
            Some(SummaryItem {
                target: (*id).to_owned(),
                label: (*label).to_owned(),
                label_lang: None,
                message: say(errors.get(id)?).to_owned(),
            })
        })
        .collect();
    for (name, message) in &errors.0 {
        if !fields.iter().any(|(id, _)| id == name) {
            items.push(SummaryItem {
                target: name.clone(),
                label: name.replace('_', " "),
                label_lang: None,
                message: say(message).to_owned(),
            });
        }
    }
    items
}

fn summary_items(errors: &FieldErrors) -> Vec<SummaryItem> {
    summary_items_of(errors, FIELDS)
}

pub(super) fn error_text(id: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = error {
            span.error-text id={ (id) "-error" } { (message) }
        }
    }
}

pub(super) fn field(
    id: &str,
    label: &str,
    kind: &str,
    value: &str,
    error: Option<&str>,
    hint: Option<&str>,
) -> Markup {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described: Vec<&str> = [
        error.map(|_| error_id.as_str()),
        hint.map(|_| hint_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        div.field {
            label for=(id) { (label) }
            @if let Some(hint) = hint { span.hint id=(hint_id) { (hint) } }
            (error_text(id, error))
            input id=(id) type=(kind) name=(id) value=(value)
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described];
        }
    }
}

fn textarea(id: &str, label: &str, value: &str, error: Option<&str>) -> Markup {
    html! {
        div.field {
            label for=(id) { (label) }
            (error_text(id, error))
            textarea id=(id) name=(id) rows="10"
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| format!("{id}-error"))] { (value) }
        }
    }
}

pub(super) fn checkbox(id: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.field.check {
            input id=(id) type="checkbox" name=(id) value="on" checked[checked];
            label for=(id) { (label) }
        }
    }
}
