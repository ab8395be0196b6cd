//! The door on the day: the check-in screen of an event (search, one tap
//! to check in, undo, today's count), the card a scanned QR code opens,
//! and what a phone needs to keep working when the Wi-Fi drops — the
//! roster it stores, the queue it sends back, and the service worker that
//! keeps the page (src/web/views/check-in-sw.js, check-in.js).
//!
//! Everything here works without JavaScript: plain forms, GET to look,
//! POST to change. The script only adds results as you type, the offline
//! queue and the live count. Every change goes through
//! `services::check_ins`.

use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use super::{Verb, may};
use crate::domain::Language;
use crate::domain::check_in::{EventDays, not_admitted_reason};
use crate::i18n::dates;
use crate::services::Services;
use crate::services::check_ins::{
    BATCH_LIMIT, Card, CheckInError, CheckInRequest, CheckInView, CheckedIn, DoorPerson,
    DoorScreen, QueuedAction, QueuedOutcome, UndoError, Undone,
};

/// The longest code or search read from a form; anything longer is cut.
const MAX_INPUT: usize = 300;

fn cut(value: &str) -> String {
    value.trim().chars().take(MAX_INPUT).collect()
}

fn escape(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn screen_path(slug: &str) -> String {
    format!("/admin/events/{slug}/check-in")
}

fn card_path(code: &str) -> String {
    format!("/admin/check-in?code={}", escape(code))
}

fn day_label(days: &EventDays, day: chrono::NaiveDate) -> String {
    let date = day.format("%-d %B %Y");
    match days.number(day) {
        Some(n) if days.count() > 1 => format!("day {n} of {}, {date}", days.count()),
        _ => date.to_string(),
    }
}

fn new_check_in_id() -> String {
    crate::domain::check_in::new_id()
}

// ---------------------------------------------------------------------------
// The list of events and the card
// ---------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct DoorQuery {
    #[serde(default)]
    code: Option<String>,
}

/// `/admin/check-in`: with `?code=…` (the link in a confirmation email's
/// QR code), that person's card; without, the events to check in for.
pub async fn door(
    staff: Staff,
    State(services): State<Services>,
    Query(query): Query<DoorQuery>,
) -> Result<Response, AdminError> {
    match query.code.as_deref().map(cut) {
        Some(code) if !code.is_empty() => card(&staff, &services, &code, None).await,
        _ => events(&staff, &services)
            .await
            .map(IntoResponse::into_response),
    }
}

async fn events(staff: &Staff, services: &Services) -> Result<Markup, AdminError> {
    let events = services.door_events().await?;
    Ok(admin_page(
        staff,
        "Check-in",
        html! {
            h1 { "Check-in" }
            @if events.is_empty() {
                p { "No event is coming up." }
            } @else {
                ul.door-events {
                    @for event in &events {
                        li.card {
                            h2 { a href=(screen_path(&event.slug)) { (event.title) } }
                            p.meta {
                                (dates::span(Language::En, event.timezone, event.starts_at, event.ends_at))
                                " · " (event.venue_name)
                            }
                            @if event.today {
                                p { span.badge.ok { "Today" } }
                            }
                        }
                    }
                }
            }
            section.card {
                h2 { "A code without a camera" }
                form.door-code method="get" action="/admin/check-in" {
                    label for="code" { "Check-in code or link" }
                    span.hint { "As printed under the QR code, or the whole link." }
                    input #code type="text" name="code" autocomplete="off" autocapitalize="off" spellcheck="false";
                    button type="submit" { "Open the card" }
                }
            }
        },
    ))
}

/// A person's card, or a page saying the code is not genuine.
async fn card(
    staff: &Staff,
    services: &Services,
    code: &str,
    notice: Option<(StatusCode, Notice)>,
) -> Result<Response, AdminError> {
    use crate::services::check_ins::CardError;
    let card = match services.check_in_card(code).await {
        Ok(card) => card,
        Err(CardError::Invalid) => return Ok(invalid_code(staff)),
        Err(CardError::NotFound) => return Err(AdminError::NotFound),
        Err(CardError::Database(e)) => return Err(e.into()),
    };
    let (status, notice) = match notice {
        Some((status, notice)) => (status, Some(notice)),
        None => (StatusCode::OK, None),
    };
    Ok((status, card_page(staff, &card, notice.as_ref())).into_response())
}

fn invalid_code(staff: &Staff) -> Response {
    let body = admin_page(
        staff,
        "Not a valid code",
        html! {
            h1 { "This check-in code is not valid" }
            div.notice.error role="alert" {
                p { "The code was changed, cut short, or comes from another system. "
                    "Nobody was checked in. Search for the person by name instead." }
            }
            p { a href="/admin/check-in" { "Back to check-in" } }
        },
    );
    (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
}

/// A message shown above a card or the screen.
struct Notice {
    tone: &'static str,
    text: String,
}

impl Notice {
    fn ok(text: impl Into<String>) -> Self {
        Self {
            tone: "ok",
            text: text.into(),
        }
    }
    fn warn(text: impl Into<String>) -> Self {
        Self {
            tone: "warn",
            text: text.into(),
        }
    }
    fn error(text: impl Into<String>) -> Self {
        Self {
            tone: "error",
            text: text.into(),
        }
    }

    fn render(&self) -> Markup {
        let role = if self.tone == "ok" { "status" } else { "alert" };
        html! { div class={ "notice " (self.tone) } role=(role) { p { (self.text) } } }
    }
}

fn card_page(staff: &Staff, card: &Card, notice: Option<&Notice>) -> Markup {
    let r = &card.registration;
    let name = format!("{} {}", r.first_name, r.last_name);
    let event_day = card.days.contains(card.today);
    admin_page(
        staff,
        &name,
        html! {
            p { a href=(screen_path(&card.event.slug)) { "← Check-in: " (card.event.title) } }
            @if let Some(notice) = notice { (notice.render()) }
            section.card.door-card {
                h1 { (name) }
                @if !r.organization.is_empty() { p.door-org { (r.organization) } }
                dl.facts {
                    dt { "Status" }
                    dd {
                        @if card.admitted() {
                            span.badge.ok { "Confirmed" }
                        } @else {
                            span.badge.warn { "Not admitted: " (r.status.as_str()) }
                        }
                    }
                    dt { "Event" } dd { (card.event.title) }
                    dt { "Today" } dd { (day_label(&card.days, card.today)) }
                    @if !card.sessions.is_empty() {
                        dt { "Sessions" }
                        dd { ul.door-sessions { @for s in &card.sessions { li { (s.title) } } } }
                    }
                    @if card.days.count() > 1 && !card.check_ins.is_empty() {
                        dt { "Checked in on" }
                        dd { ul.door-sessions { @for c in &card.check_ins {
                            li { (day_label(&card.days, c.day)) ", " (c.time) }
                        } } }
                    }
                }
                @if !card.admitted() {
                    div.notice.error role="alert" { p { strong { (not_admitted_reason(r.status)) } } }
                } @else if let Some(today) = &card.today_check_in {
                    div.notice.ok role="status" {
                        p { strong { "Checked in today at " (today.time) }
                            @if let Some(by) = &today.by { " by " (by) } "." }
                    }
                    (undo_form(staff, &card.event.slug, today, "", &name))
                } @else if !event_day {
                    div.notice.warn role="status" {
                        p { "Check-in is open on the event's days: " (card.days.first) " to " (card.days.last) "." }
                    }
                } @else {
                    form.door-check-in method="post" action="/admin/check-in" {
                        (csrf_field(&staff.csrf))
                        input type="hidden" name="code" value=(card.code);
                        input type="hidden" name="id" value=(new_check_in_id());
                        button.door-button type="submit" { "Check in" }
                    }
                }
                // A lost or misspelt badge is printed again from here.
                @if card.admitted() && may(staff.member.role, Verb::Get, "/admin/registrations/{id}/badge.pdf") {
                    p { a href={ "/admin/registrations/" (r.id) "/badge.pdf" } { "Print " (name) "’s badge (PDF)" } }
                }
            }
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeFields {
    #[serde(default)]
    code: String,
    #[serde(default)]
    id: String,
}

/// The card's button: checks the person in, then shows the card again.
pub async fn check_in_code(
    staff: Staff,
    State(services): State<Services>,
    Form(fields): Form<CodeFields>,
) -> Result<Response, AdminError> {
    let code = cut(&fields.code);
    if code.is_empty() {
        return Ok(field_missing(
            &staff,
            "code",
            "The check-in code is missing.",
        ));
    }
    let id = Some(fields.id.trim().to_owned()).filter(|id| !id.is_empty());
    match services.check_in_by_code(&code, id, &staff.member).await {
        Ok(CheckedIn::New(_) | CheckedIn::Replayed(_)) => {
            Ok(Redirect::to(&card_path(&code)).into_response())
        }
        Ok(CheckedIn::Already(view)) => {
            let notice = Notice::warn(format!("{} Nothing was changed.", view.already_message()));
            card(
                &staff,
                &services,
                &code,
                Some((StatusCode::CONFLICT, notice)),
            )
            .await
        }
        Err(CheckInError::InvalidCode) => Ok(invalid_code(&staff)),
        Err(CheckInError::NotFound) => Err(AdminError::NotFound),
        Err(error @ CheckInError::EventCancelled) => {
            let notice = Notice::error(error.to_string());
            card(
                &staff,
                &services,
                &code,
                Some((StatusCode::CONFLICT, notice)),
            )
            .await
        }
        Err(CheckInError::NotAdmitted(status)) => {
            let notice = Notice::error(format!(
                "{} Nobody was checked in.",
                not_admitted_reason(status)
            ));
            card(
                &staff,
                &services,
                &code,
                Some((StatusCode::CONFLICT, notice)),
            )
            .await
        }
        Err(error @ (CheckInError::Time(_) | CheckInError::InvalidId(_))) => {
            let notice = Notice::error(error.to_string());
            card(
                &staff,
                &services,
                &code,
                Some((StatusCode::UNPROCESSABLE_ENTITY, notice)),
            )
            .await
        }
        Err(CheckInError::Database(e)) => Err(e.into()),
    }
}

/// A form without a field it needs: 422, naming the field.
fn field_missing(staff: &Staff, field: &str, text: &str) -> Response {
    let body = admin_page(
        staff,
        "Something is missing",
        html! {
            h1 { "Something is missing" }
            div.notice.error role="alert" { p { (text) " (field " code { (field) } ")" } }
            p { a href="/admin/check-in" { "Back to check-in" } }
        },
    );
    (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
}

// ---------------------------------------------------------------------------
// The check-in screen of an event
// ---------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct ScreenQuery {
    #[serde(default)]
    q: String,
    /// The check-in just made (after the redirect).
    #[serde(default)]
    done: String,
    /// The check-in just undone.
    #[serde(default)]
    undone: String,
}

pub async fn screen(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Query(query): Query<ScreenQuery>,
) -> Result<Response, AdminError> {
    let search = cut(&query.q);
    // A scanned code typed or pasted into the search opens the card.
    if looks_like_code(&search) {
        use crate::services::check_ins::CardError;
        let code = crate::domain::check_in::code_of(&search);
        match services.check_in_card(&code).await {
            Ok(_) => return Ok(Redirect::to(&card_path(&code)).into_response()),
            Err(CardError::Invalid) => return Ok(invalid_code(&staff)),
            Err(CardError::NotFound) => return Err(AdminError::NotFound),
            Err(CardError::Database(e)) => return Err(e.into()),
        }
    }
    let screen = services
        .door_screen(&slug, &search)
        .await?
        .ok_or(AdminError::NotFound)?;
    let notice = if !query.done.is_empty() {
        Some(
            match screen.recent.iter().find(|(c, _)| c.id == query.done) {
                Some((c, name)) => Notice::ok(format!("{name}: checked in at {}.", c.time)),
                None => Notice::ok("Checked in."),
            },
        )
    } else if !query.undone.is_empty() {
        Some(
            match screen.recent.iter().find(|(c, _)| c.id == query.undone) {
                Some((_, name)) => Notice::ok(format!("{name}: check-in undone.")),
                None => Notice::ok("Check-in undone."),
            },
        )
    } else {
        None
    };
    Ok(screen_page(&staff, &screen, notice.as_ref()).into_response())
}

/// A check-in link, or a code as printed (`{uuid}.{signature}`): nobody's
/// name or address looks like that.
fn looks_like_code(search: &str) -> bool {
    search.contains("code=")
        || (search.len() > 70 && search.contains('.') && !search.contains([' ', '@']))
}

fn screen_page(staff: &Staff, screen: &DoorScreen, notice: Option<&Notice>) -> Markup {
    let slug = &screen.event.slug;
    let base = screen_path(slug);
    let role = staff.member.role;
    html! {
        (admin_page(
            staff,
            &format!("Check-in: {}", screen.event.title),
            html! {
                div.door
                    data-check-in
                    data-slug=(slug)
                    data-title=(screen.event.title)
                    data-roster={ (base) "/roster.json" }
                    data-search={ (base) "/search.json" }
                    data-queue={ (base) "/queue" }
                    data-csrf=(staff.csrf)
                {
                    p {
                        @if may(role, Verb::Get, "/admin/events/{slug}") {
                            a href={ "/admin/events/" (slug) } { "← " (screen.event.title) }
                        } @else {
                            a href="/admin/check-in" { "← All events" }
                        }
                    }
                    h1 { "Check-in" span.door-title { (screen.event.title) } }
                    p.door-count aria-live="polite" {
                        strong data-count-checked { (screen.counts.checked_in) }
                        " of "
                        span data-count-confirmed { (screen.counts.confirmed) }
                        " confirmed people checked in today"
                        span.meta { " (" (day_label(&screen.days, screen.today)) ")" }
                    }
                    @if !screen.is_event_day() {
                        div.notice.warn role="status" {
                            p { "Today is not one of the event's days ("
                                (screen.days.first) " to " (screen.days.last)
                                "): nobody can be checked in today." }
                        }
                    }
                    @if let Some(notice) = notice { (notice.render()) }
                    div.door-live aria-live="polite" {
                        p.door-queue data-queue-status hidden {}
                        ul.door-messages data-messages {}
                    }
                    form.door-search method="get" action=(base) role="search" {
                        label for="q" { "Find a person" }
                        span.hint #q-hint { "Name, email, organization — or a check-in code." }
                        div.door-search-row {
                            input #q type="search" name="q" value=(screen.search)
                                autocomplete="off" autocapitalize="off" spellcheck="false"
                                aria-describedby="q-hint" aria-controls="door-results";
                            button type="submit" { "Search" }
                        }
                    }
                    div #door-results data-results {
                        @if !screen.search.is_empty() {
                            @if screen.results.is_empty() {
                                p { "Nobody matches “" (screen.search) "”." }
                            } @else {
                                ul.door-people {
                                    @for person in &screen.results {
                                        (person_row(staff, slug, person, &screen.search))
                                    }
                                }
                                @if screen.more {
                                    p.hint { "More people match: type more of the name." }
                                }
                            }
                        }
                    }
                    @if !screen.recent.is_empty() {
                        section.door-recent data-recent {
                            h2 { "Just now" }
                            ul.door-people {
                                @for (c, name) in &screen.recent {
                                    li.door-person {
                                        div.door-who { strong { (name) } }
                                        div.door-state {
                                            @if c.undone_at.is_some() {
                                                span.badge.off { "Undone" }
                                                " " (c.time)
                                            } @else {
                                                span.badge.ok { "In at " (c.time) }
                                                @if let Some(by) = &c.by { " " span.meta { "by " (by) } }
                                                (undo_form(staff, slug, c, &screen.search, name))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    p.door-offline data-offline-status hidden {}
                }
                script src="/assets/check-in.js" defer {}
            },
        ))
    }
}

fn person_row(staff: &Staff, slug: &str, person: &DoorPerson, search: &str) -> Markup {
    let name = format!("{} {}", person.first_name, person.last_name);
    html! {
        li.door-person {
            div.door-who {
                strong { (name) }
                @if !person.organization.is_empty() { span.door-org { (person.organization) } }
            }
            div.door-state {
                @if !person.admitted {
                    span.badge.warn { "Not admitted: " (person.status.as_str()) }
                    p.door-reason { (not_admitted_reason(person.status)) }
                } @else if let Some(c) = &person.check_in {
                    span.badge.ok { "In at " (c.time) }
                    @if let Some(by) = &c.by { " " span.meta { "by " (by) } }
                    (undo_form(staff, slug, c, search, &name))
                } @else {
                    form.door-check-in method="post" action=(screen_path(slug)) {
                        (csrf_field(&staff.csrf))
                        input type="hidden" name="registration" value=(person.id);
                        input type="hidden" name="id" value=(new_check_in_id());
                        input type="hidden" name="q" value=(search);
                        button.door-button type="submit" aria-label={ "Check in " (name) } { "Check in" }
                    }
                }
            }
        }
    }
}

fn undo_form(staff: &Staff, slug: &str, c: &CheckInView, search: &str, name: &str) -> Markup {
    html! {
        form.door-undo method="post" action={ (screen_path(slug)) "/undo" } {
            (csrf_field(&staff.csrf))
            input type="hidden" name="check_in" value=(c.id);
            input type="hidden" name="q" value=(search);
            button.secondary.small type="submit" aria-label={ "Undo the check-in of " (name) } { "Undo" }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CheckInFields {
    #[serde(default)]
    registration: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    q: String,
}

fn back_to_screen(slug: &str, search: &str, key: &str, id: &str) -> Response {
    let mut to = format!("{}?", screen_path(slug));
    if !search.is_empty() {
        to.push_str(&format!("q={}&", escape(search)));
    }
    to.push_str(&format!("{key}={}", escape(id)));
    Redirect::to(&to).into_response()
}

/// One tap: checks a person in from the screen.
pub async fn check_in_person(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<CheckInFields>,
) -> Result<Response, AdminError> {
    let search = cut(&fields.q);
    let registration_id = fields.registration.trim().to_owned();
    let request = CheckInRequest {
        id: Some(fields.id.trim().to_owned()).filter(|id| !id.is_empty()),
        registration_id: registration_id.clone(),
        claimed_at: None,
    };
    if registration_id.is_empty() {
        // Known event first: an unknown one is a 404 whatever the form.
        services
            .door_counts(&slug)
            .await?
            .ok_or(AdminError::NotFound)?;
        return Ok(field_missing(
            &staff,
            "registration",
            "Choose the person to check in.",
        ));
    }
    let outcome = match services.check_in_at(&slug, request, &staff.member).await {
        Ok(Some(outcome)) => outcome,
        Ok(None) => return Err(AdminError::NotFound),
        Err(CheckInError::NotFound) => return Err(AdminError::NotFound),
        Err(CheckInError::Database(e)) => return Err(e.into()),
        Err(error @ CheckInError::EventCancelled) => {
            let notice = Notice::error(error.to_string());
            return screen_with(
                &staff,
                &services,
                &slug,
                &search,
                StatusCode::CONFLICT,
                notice,
            )
            .await;
        }
        Err(CheckInError::NotAdmitted(status)) => {
            let notice = Notice::error(format!(
                "{} Nobody was checked in.",
                not_admitted_reason(status)
            ));
            return screen_with(
                &staff,
                &services,
                &slug,
                &search,
                StatusCode::CONFLICT,
                notice,
            )
            .await;
        }
        Err(
            error
            @ (CheckInError::Time(_) | CheckInError::InvalidId(_) | CheckInError::InvalidCode),
        ) => {
            let notice = Notice::error(error.to_string());
            return screen_with(
                &staff,
                &services,
                &slug,
                &search,
                StatusCode::UNPROCESSABLE_ENTITY,
                notice,
            )
            .await;
        }
    };
    match outcome {
        CheckedIn::New(view) | CheckedIn::Replayed(view) => {
            Ok(back_to_screen(&slug, &search, "done", &view.id))
        }
        CheckedIn::Already(view) => {
            let notice = Notice::warn(format!("{} Nothing was changed.", view.already_message()));
            screen_with(
                &staff,
                &services,
                &slug,
                &search,
                StatusCode::CONFLICT,
                notice,
            )
            .await
        }
    }
}

async fn screen_with(
    staff: &Staff,
    services: &Services,
    slug: &str,
    search: &str,
    status: StatusCode,
    notice: Notice,
) -> Result<Response, AdminError> {
    let screen = services
        .door_screen(slug, search)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok((status, screen_page(staff, &screen, Some(&notice))).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct UndoFields {
    #[serde(default)]
    check_in: String,
    #[serde(default)]
    q: String,
}

pub async fn undo(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<UndoFields>,
) -> Result<Response, AdminError> {
    let search = cut(&fields.q);
    let id = fields.check_in.trim();
    if id.is_empty() {
        services
            .door_counts(&slug)
            .await?
            .ok_or(AdminError::NotFound)?;
        return Ok(field_missing(
            &staff,
            "check_in",
            "Choose the check-in to undo.",
        ));
    }
    match services.undo_check_in(&slug, id, &staff.member).await {
        Ok(Undone::Now(view) | Undone::Before(view)) => {
            Ok(back_to_screen(&slug, &search, "undone", &view.id))
        }
        Err(UndoError::NotFound) => Err(AdminError::NotFound),
        Err(UndoError::Database(e)) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// What the script asks for: the roster, search results, the queue
// ---------------------------------------------------------------------------

fn json_response(status: StatusCode, value: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        value.to_string(),
    )
        .into_response()
}

/// The event's confirmed people with their codes and today's check-ins,
/// for the phone to keep (localStorage) and work from when offline.
pub async fn roster(
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Response, AdminError> {
    let roster = services
        .door_roster(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let value = serde_json::to_value(&roster).map_err(AdminError::internal)?;
    Ok(json_response(StatusCode::OK, value))
}

/// Results as you type: who matches, any status, with today's check-in.
pub async fn search(
    State(services): State<Services>,
    Path(slug): Path<String>,
    Query(query): Query<ScreenQuery>,
) -> Result<Response, AdminError> {
    let screen = services
        .door_screen(&slug, &cut(&query.q))
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok(json_response(
        StatusCode::OK,
        json!({
            "search": screen.search,
            "results": screen.results,
            "more": screen.more,
            "counts": screen.counts,
            "today": screen.today,
        }),
    ))
}

/// One entry of a queue as the script sends it.
#[derive(Debug, Deserialize)]
struct QueuedEntry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    registration: String,
    /// When the check-in was made (RFC 3339), for one queued offline.
    #[serde(default)]
    at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Queue {
    actions: Vec<Value>,
}

fn parse_entry(value: Value) -> Result<(String, QueuedAction), (String, String)> {
    let id_of = |v: &Value| {
        v.get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .chars()
            .take(64)
            .collect::<String>()
    };
    let id = id_of(&value);
    let entry: QueuedEntry = serde_json::from_value(value)
        .map_err(|e| (id.clone(), format!("This entry cannot be read: {e}.")))?;
    match entry.kind.as_str() {
        "check_in" => {
            let claimed_at = match entry.at.as_deref().filter(|a| !a.is_empty()) {
                None => None,
                Some(at) => Some(
                    DateTime::parse_from_rfc3339(at)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| (id.clone(), "The field at is not a time.".to_owned()))?,
                ),
            };
            if entry.registration.trim().is_empty() {
                return Err((id, "The field registration is missing.".into()));
            }
            Ok((
                entry.id.clone(),
                QueuedAction::CheckIn(CheckInRequest {
                    id: Some(entry.id),
                    registration_id: entry.registration.trim().to_owned(),
                    claimed_at,
                }),
            ))
        }
        "undo" => Ok((entry.id.clone(), QueuedAction::Undo { id: entry.id })),
        _ => Err((id, "The field type must be check_in or undo.".into())),
    }
}

fn view_json(view: &CheckInView) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

fn outcome_json(id: &str, outcome: &QueuedOutcome) -> Value {
    match outcome {
        QueuedOutcome::CheckedIn(result) => {
            let (status, outcome, message, view) = match result {
                Ok(CheckedIn::New(v)) => (201, "checked_in", "Checked in.".to_owned(), Some(v)),
                Ok(CheckedIn::Replayed(v)) => (
                    200,
                    "replayed",
                    "This check-in was already stored.".to_owned(),
                    Some(v),
                ),
                Ok(CheckedIn::Already(v)) => (
                    409,
                    "already",
                    format!("{} Nothing was changed.", v.already_message()),
                    Some(v),
                ),
                Err(CheckInError::NotAdmitted(status)) => (
                    409,
                    "not_admitted",
                    not_admitted_reason(*status).to_owned(),
                    None,
                ),
                Err(e @ CheckInError::EventCancelled) => (409, "not_admitted", e.to_string(), None),
                Err(CheckInError::NotFound) => (
                    404,
                    "not_found",
                    "No such person at this event.".to_owned(),
                    None,
                ),
                Err(
                    e @ (CheckInError::Time(_)
                    | CheckInError::InvalidId(_)
                    | CheckInError::InvalidCode),
                ) => (422, "refused", e.to_string(), None),
                Err(CheckInError::Database(_)) => (
                    503,
                    "failed",
                    "Not stored this time; it will be sent again.".to_owned(),
                    None,
                ),
            };
            json!({
                "id": id, "type": "check_in", "status": status, "outcome": outcome,
                "message": message, "check_in": view.map(view_json),
            })
        }
        QueuedOutcome::Undone(result) => {
            let (status, outcome, message, view) = match result {
                Ok(Undone::Now(v)) => (200, "undone", "Check-in undone.", Some(v)),
                Ok(Undone::Before(v)) => (200, "undone_before", "It was undone already.", Some(v)),
                Err(UndoError::NotFound) => (404, "not_found", "No such check-in.", None),
                Err(UndoError::Database(_)) => (
                    503,
                    "failed",
                    "Not stored this time; it will be sent again.",
                    None,
                ),
            };
            json!({
                "id": id, "type": "undo", "status": status, "outcome": outcome,
                "message": message, "check_in": view.map(view_json),
            })
        }
    }
}

/// The queue a phone sends: check-ins and undos made while offline (or
/// before an answer came back), each with its id, so sending one twice
/// stores it once. The batch is answered 200 with an answer per entry
/// (each with the status it would have had on its own); a body that is not
/// such a queue is refused whole (422), changing nothing.
pub async fn queue(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, AdminError> {
    // Known event first: an unknown one is a 404 whatever the body.
    services
        .door_counts(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let queue: Queue = match serde_json::from_slice(&body) {
        Ok(queue) => queue,
        Err(_) => {
            return Ok(json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "The body must be JSON: {\"actions\": [...]}.", "field": "actions" }),
            ));
        }
    };
    if queue.actions.len() > BATCH_LIMIT {
        return Ok(json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "error": format!("At most {BATCH_LIMIT} entries at once."), "field": "actions" }),
        ));
    }
    let mut slots: Vec<Result<String, Value>> = Vec::new();
    let mut actions = Vec::new();
    for value in queue.actions {
        match parse_entry(value) {
            Ok((id, action)) => {
                slots.push(Ok(id));
                actions.push(action);
            }
            Err((id, message)) => slots.push(Err(json!({
                "id": id, "status": 422, "outcome": "refused", "message": message, "check_in": null,
            }))),
        }
    }
    let outcomes = services
        .check_in_queue(&slug, actions, &staff.member)
        .await?
        .ok_or(AdminError::NotFound)?;
    let mut outcomes = outcomes.into_iter();
    let results: Vec<Value> = slots
        .into_iter()
        .map(|slot| match slot {
            Ok(id) => outcomes
                .next()
                .map(|o| outcome_json(&id, &o))
                .unwrap_or(Value::Null),
            Err(refused) => refused,
        })
        .collect();
    let counts = services.door_counts(&slug).await?.unwrap_or_default();
    Ok(json_response(
        StatusCode::OK,
        json!({ "results": results, "counts": counts }),
    ))
}

const SERVICE_WORKER: &str = include_str!("../views/check-in-sw.js");

/// The service worker that keeps the check-in page for offline use. Served
/// from /admin/, so its scope covers the check-in screens and cards.
pub async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SERVICE_WORKER,
    )
        .into_response()
}
