//! An event's sessions and custom questions, edited on the event's edit
//! page: add, move up or down, change a session's seats, remove (after a
//! confirmation). Removing a question retires it, keeping answers already
//! given readable (src/services/events.rs, `remove_question`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::event_form::{actor, checkbox, error_text, field, say};
use super::layout::{admin_page, csrf_field};
use crate::domain::event_form::{local_input, parse_local, parse_seats};
use crate::domain::{FieldErrors, QuestionKind};
use crate::services::Services;
use crate::services::events::{EventSetup, EventSetupError, Move, QuestionDraft, SessionForm};

const KINDS: [(QuestionKind, &str); 6] = [
    (QuestionKind::Text, "Short text"),
    (QuestionKind::Textarea, "Long text"),
    (QuestionKind::Select, "One choice from a list"),
    (QuestionKind::Multiselect, "Several choices from a list"),
    (QuestionKind::Checkbox, "A tick box"),
    (QuestionKind::Country, "A country"),
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionFields {
    session_title: String,
    session_starts_at: String,
    session_ends_at: String,
    session_room: String,
    session_capacity: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QuestionFields {
    question_label: String,
    question_kind: String,
    question_options: String,
    question_required: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveField {
    direction: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SeatsField {
    session_capacity: String,
}

/// What the agenda sections show as typed, with their errors.
#[derive(Default)]
pub struct AgendaState {
    session: SessionFields,
    question: QuestionFields,
    errors: FieldErrors,
    /// A session whose seat change was refused, and why.
    seats_error: Option<(i64, String)>,
}

fn item_id(raw: &str) -> Result<i64, AdminError> {
    raw.parse().map_err(|_| AdminError::NotFound)
}

pub fn agenda_sections(staff: &Staff, setup: &EventSetup, state: &AgendaState) -> Markup {
    let slug = &setup.event.slug;
    let zone = setup.fields.timezone;
    let error = |f: &str| state.errors.get(f).map(say);
    let count = setup.sessions.len();
    html! {
        section.card.event-agenda #sessions {
            h2 { "Sessions" }
            @if setup.sessions.is_empty() { p { "No sessions: registrants sign up for the whole event." } }
            ol.event-agenda-list {
                @for (i, s) in setup.sessions.iter().enumerate() {
                    li {
                        strong { (s.title) }
                        " · " (local_input(zone, s.starts_at).replace('T', " ")) "–" (local_input(zone, s.ends_at).replace('T', " "))
                        @if !s.room.is_empty() { " · " (s.room) }
                        " · " (s.confirmed_count) " confirmed"
                        div.event-agenda-actions {
                            (move_buttons(staff, &format!("/admin/events/{slug}/sessions/{}/move", s.id), i, count, &s.title))
                            form.inline method="post" action={ "/admin/events/" (slug) "/sessions/" (s.id) "/seats" } {
                                (csrf_field(&staff.csrf))
                                @let id = format!("seats-{}", s.id);
                                label for=(id) { "Seats" }
                                @if let Some((_, message)) = state.seats_error.as_ref().filter(|(sid, _)| *sid == s.id) {
                                    span.error-text { (message) }
                                }
                                input id=(id) type="number" min="0" name="session_capacity"
                                    value=(s.capacity.map(|c| c.to_string()).unwrap_or_default());
                                button.small type="submit" { "Change the seats" }
                            }
                            a href={ "/admin/events/" (slug) "/sessions/" (s.id) "/remove" } { "Remove" span.visually-hidden { " " (s.title) } }
                        }
                    }
                }
            }
            h3 { "Add a session" }
            form method="post" action={ "/admin/events/" (slug) "/sessions" } novalidate {
                (csrf_field(&staff.csrf))
                (field("session_title", "Title", "text", &state.session.session_title, error("session_title"), None))
                (field("session_starts_at", "Starts", "datetime-local", &state.session.session_starts_at, error("session_starts_at"), Some("In the event's time zone.")))
                (field("session_ends_at", "Ends", "datetime-local", &state.session.session_ends_at, error("session_ends_at"), None))
                (field("session_room", "Room", "text", &state.session.session_room, error("session_room"), None))
                (field("session_capacity", "Seats", "number", &state.session.session_capacity, error("session_capacity"), Some("Leave empty for unlimited.")))
                button type="submit" { "Add the session" }
            }
        }
        section.card.event-agenda #questions {
            h2 { "Questions of the registration form" }
            @let qcount = setup.questions.len();
            @if setup.questions.is_empty() { p { "No questions beyond name, email, organisation and country." } }
            ol.event-agenda-list {
                @for (i, q) in setup.questions.iter().enumerate() {
                    li {
                        strong { (q.label) }
                        " · " (KINDS.iter().find(|(k, _)| *k == q.kind).map(|(_, l)| *l).unwrap_or(""))
                        @if q.required { " · required" }
                        div.event-agenda-actions {
                            (move_buttons(staff, &format!("/admin/events/{slug}/questions/{}/move", q.id), i, qcount, &q.label))
                            a href={ "/admin/events/" (slug) "/questions/" (q.id) "/remove" } { "Remove" span.visually-hidden { " " (q.label) } }
                        }
                    }
                }
            }
            h3 { "Add a question" }
            form method="post" action={ "/admin/events/" (slug) "/questions" } novalidate {
                (csrf_field(&staff.csrf))
                (field("question_label", "Question", "text", &state.question.question_label, error("question_label"), None))
                div.field {
                    label for="question_kind" { "Kind of answer" }
                    (error_text("question_kind", error("question_kind")))
                    select #question_kind name="question_kind" {
                        @for (kind, label) in KINDS {
                            option value=(kind.as_str()) selected[state.question.question_kind == kind.as_str()] { (label) }
                        }
                    }
                }
                div.field {
                    label for="question_options" { "Choices, one per line" }
                    (error_text("question_options", error("question_options")))
                    textarea #question_options name="question_options" rows="4" { (state.question.question_options) }
                }
                (checkbox("question_required", "An answer is required", state.question.question_required.is_some()))
                button type="submit" { "Add the question" }
            }
        }
    }
}

fn move_buttons(staff: &Staff, action: &str, at: usize, count: usize, name: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf_field(&staff.csrf))
            @if at > 0 {
                button.small type="submit" name="direction" value="up" { "↑ Up" span.visually-hidden { " " (name) } }
            }
            @if at + 1 < count {
                button.small type="submit" name="direction" value="down" { "↓ Down" span.visually-hidden { " " (name) } }
            }
        }
    }
}

async fn setup_of(services: &Services, slug: &str) -> Result<EventSetup, AdminError> {
    services
        .event_setup(slug)
        .await?
        .ok_or(AdminError::NotFound)
}

async fn refused_page(
    staff: &Staff,
    services: &Services,
    slug: &str,
    state: AgendaState,
) -> Result<Response, AdminError> {
    let setup = setup_of(services, slug).await?;
    let page = admin_page(
        staff,
        &setup.event.title,
        html! {
            p { a href={ "/admin/events/" (slug) "/edit" } { "← Back to the event's form" } }
            h1 { "Sessions and questions of “" (setup.event.title) "”" }
            div.notice.error role="alert" { p { "Please correct the fields marked below." } }
            (agenda_sections(staff, &setup, &state))
        },
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn refusal(error: EventSetupError) -> AdminError {
    match error {
        EventSetupError::NotFound => AdminError::NotFound,
        EventSetupError::Cancelled => {
            AdminError::Conflict("This event is cancelled: it can no longer be changed.".into())
        }
        EventSetupError::SlugTaken => {
            AdminError::Conflict("Another event already has this address.".into())
        }
        EventSetupError::Invalid { message, .. } => AdminError::Conflict(say(message).to_owned()),
        error => AdminError::internal(error),
    }
}

fn back_to(slug: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/admin/events/{slug}/edit#{anchor}")).into_response()
}

pub async fn add_session(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<SessionFields>,
) -> Result<Response, AdminError> {
    let setup = setup_of(&services, &slug).await?;
    let zone = setup.fields.timezone;
    let mut errors = FieldErrors::default();
    let starts = parse_local(zone, &fields.session_starts_at, true)
        .map_err(|m| errors.add("session_starts_at", m))
        .ok()
        .flatten();
    let ends = parse_local(zone, &fields.session_ends_at, true)
        .map_err(|m| errors.add("session_ends_at", m))
        .ok()
        .flatten();
    let capacity = parse_seats(&fields.session_capacity)
        .map_err(|m| errors.add("session_capacity", m))
        .ok()
        .flatten();
    let (Some(starts_at), Some(ends_at)) = (starts, ends) else {
        return refused_page(
            &staff,
            &services,
            &slug,
            AgendaState {
                session: fields,
                errors,
                ..Default::default()
            },
        )
        .await;
    };
    if !errors.is_empty() {
        return refused_page(
            &staff,
            &services,
            &slug,
            AgendaState {
                session: fields,
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    let form = SessionForm {
        title: fields.session_title.clone(),
        starts_at,
        ends_at,
        room: fields.session_room.clone(),
        capacity,
    };
    match services.add_session(&slug, form, &actor(&staff)).await {
        Ok(_) => Ok(back_to(&slug, "sessions")),
        Err(EventSetupError::Invalid { field, message }) => {
            errors.add(field, message);
            refused_page(
                &staff,
                &services,
                &slug,
                AgendaState {
                    session: fields,
                    errors,
                    ..Default::default()
                },
            )
            .await
        }
        Err(error) => Err(refusal(error)),
    }
}

pub async fn session_seats(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
    Form(fields): Form<SeatsField>,
) -> Result<Response, AdminError> {
    let id = item_id(&id)?;
    let refused = |message: &str| AgendaState {
        seats_error: Some((id, say(message).to_owned())),
        ..Default::default()
    };
    let capacity = match parse_seats(&fields.session_capacity) {
        Ok(capacity) => capacity,
        Err(message) => return refused_page(&staff, &services, &slug, refused(message)).await,
    };
    match services
        .set_session_capacity(&slug, id, capacity, &actor(&staff))
        .await
    {
        Ok(()) => Ok(back_to(&slug, "sessions")),
        Err(EventSetupError::Invalid { message, .. }) => {
            refused_page(&staff, &services, &slug, refused(message)).await
        }
        Err(error) => Err(refusal(error)),
    }
}

pub async fn move_session(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
    Form(field): Form<MoveField>,
) -> Result<Response, AdminError> {
    move_item(staff, services, slug, id, field, true).await
}

pub async fn move_question(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
    Form(field): Form<MoveField>,
) -> Result<Response, AdminError> {
    move_item(staff, services, slug, id, field, false).await
}

async fn move_item(
    staff: Staff,
    services: Services,
    slug: String,
    id: String,
    field: MoveField,
    sessions: bool,
) -> Result<Response, AdminError> {
    let id = item_id(&id)?;
    let direction = Move::parse(&field.direction)
        .ok_or_else(|| AdminError::Conflict("Choose whether to move it up or down.".into()))?;
    services
        .move_item(&slug, sessions, id, direction, &actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(back_to(
        &slug,
        if sessions { "sessions" } else { "questions" },
    ))
}

pub async fn add_question(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<QuestionFields>,
) -> Result<Response, AdminError> {
    let Some(kind) = QuestionKind::parse(&fields.question_kind) else {
        let mut errors = FieldErrors::default();
        errors.add("question_kind", "choose the kind of answer");
        return refused_page(
            &staff,
            &services,
            &slug,
            AgendaState {
                question: fields,
                errors,
                ..Default::default()
            },
        )
        .await;
    };
    let draft = QuestionDraft {
        label: fields.question_label.clone(),
        kind,
        options: fields.question_options.lines().map(str::to_owned).collect(),
        required: fields.question_required.is_some(),
    };
    match services.add_question(&slug, draft, &actor(&staff)).await {
        Ok(_) => Ok(back_to(&slug, "questions")),
        Err(EventSetupError::Invalid { field, message }) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            refused_page(
                &staff,
                &services,
                &slug,
                AgendaState {
                    question: fields,
                    errors,
                    ..Default::default()
                },
            )
            .await
        }
        Err(error) => Err(refusal(error)),
    }
}

fn confirmation(staff: &Staff, title: &str, text: Markup, action: &str, back: &str) -> Markup {
    admin_page(
        staff,
        title,
        html! {
            h1 { (title) }
            (text)
            form method="post" action=(action) {
                (csrf_field(&staff.csrf))
                button.secondary type="submit" { (title) }
                " "
                a href=(back) { "Keep it" }
            }
        },
    )
}

pub async fn confirm_remove_session(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Markup, AdminError> {
    let id = item_id(&id)?;
    let setup = setup_of(&services, &slug).await?;
    let session = setup
        .sessions
        .iter()
        .find(|s| s.id == id)
        .ok_or(AdminError::NotFound)?;
    Ok(confirmation(
        &staff,
        "Remove the session",
        html! {
            p { "Remove the session " strong { (session.title) } " from " (setup.event.title) "?" }
            @if session.confirmed_count > 0 {
                p { "People have registered for it: a session with registrations cannot be removed." }
            }
        },
        &format!("/admin/events/{slug}/sessions/{id}/remove"),
        &format!("/admin/events/{slug}/edit#sessions"),
    ))
}

pub async fn remove_session(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AdminError> {
    let id = item_id(&id)?;
    services
        .remove_session(&slug, id, &actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(back_to(&slug, "sessions"))
}

pub async fn confirm_remove_question(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Markup, AdminError> {
    let id = item_id(&id)?;
    let setup = setup_of(&services, &slug).await?;
    let question = setup
        .questions
        .iter()
        .find(|q| q.id == id)
        .ok_or(AdminError::NotFound)?;
    Ok(confirmation(
        &staff,
        "Remove the question",
        html! {
            p { "Remove the question " strong { (question.label) } " from the registration form?" }
            p { "Answers already given stay with each registration." }
        },
        &format!("/admin/events/{slug}/questions/{id}/remove"),
        &format!("/admin/events/{slug}/edit#questions"),
    ))
}

pub async fn remove_question(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AdminError> {
    let id = item_id(&id)?;
    services
        .remove_question(&slug, id, &actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(back_to(&slug, "questions"))
}
