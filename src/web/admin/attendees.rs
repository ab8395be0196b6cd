//! An event's attendee table: search, filters, sort and pages, all in the
//! link's query, so it works without JavaScript and a list can be shared.

use axum::Form;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use crate::domain::attendee_list::{AttendeeQuery, CheckedInFilter, PAGE_SIZE, SortColumn};
use crate::domain::countries::COUNTRIES;
use crate::domain::{FieldErrors, Language, QuestionKind, RegistrationStatus};
use crate::i18n::t;
use crate::services::Actor;
use crate::services::Refusal;
use crate::services::Services;
use crate::services::attendees::AttendeeTable;
use crate::services::attendees::StaffFormError;
use crate::web::public::form::FormValues;
use crate::web::views::error_summary::{self, SummaryItem, error_summary};

/// The list asked for by a URL's query string.
pub fn query_of(raw: Option<&str>) -> AttendeeQuery {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    AttendeeQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

const STATUSES: [RegistrationStatus; 4] = [
    RegistrationStatus::Confirmed,
    RegistrationStatus::Waitlisted,
    RegistrationStatus::Pending,
    RegistrationStatus::Cancelled,
];

pub async fn index(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, AdminError> {
    let table = services
        .attendee_table(&slug, query_of(raw.as_deref()))
        .await?
        .ok_or(AdminError::NotFound)?;
    let title = format!("Attendees · {}", table.event.title);
    Ok(admin_page(&staff, &title, page(&table)))
}

fn page(table: &AttendeeTable) -> Markup {
    let slug = &table.event.slug;
    let base = format!("/admin/events/{slug}/attendees");
    let query = &table.query;
    let first = if table.total == 0 {
        0
    } else {
        query.offset() + 1
    };
    let last = query.offset() + table.rows.len() as u64;
    let link = |page: u64| format!("{base}?{}", query.to_query_string(page));
    html! {
        p { a href={ "/admin/events/" (slug) } { "← " (table.event.title) } }
        h1 { "Attendees" }
        form.attendee-filters method="get" action=(base) role="search" {
            div.field {
                label for="q" { "Search name, email or organization" }
                input #q type="search" name="q" value=(query.search);
            }
            div.field {
                label for="status" { "Status" }
                select #status name="status" {
                    option value="" { "Any status" }
                    @for status in STATUSES {
                        option value=(status.as_str()) selected[query.status == Some(status)] { (status.as_str()) }
                    }
                }
            }
            @if !table.sessions.is_empty() {
                div.field {
                    label for="session" { "Session" }
                    select #session name="session" {
                        option value="" { "Any session" }
                        @for session in &table.sessions {
                            option value=(session.id) selected[query.session == Some(session.id)] { (session.title) }
                        }
                    }
                }
            }
            div.field {
                label for="checked_in" { "Checked in" }
                select #checked_in name="checked_in" {
                    option value="" { "Either" }
                    option value="yes" selected[query.checked_in == Some(CheckedInFilter::Yes)] { "Checked in" }
                    option value="no" selected[query.checked_in == Some(CheckedInFilter::No)] { "Not checked in" }
                }
            }
            input type="hidden" name="sort" value=(query.sort.as_str());
            input type="hidden" name="dir" value=(if query.descending { "desc" } else { "asc" });
            button type="submit" { "Show" }
            @if query.is_filtered() {
                " " a href=(base) { "Clear" }
            }
        }
        p.attendee-actions {
            a href={ (base) "/new" } { "Add a person" }
            " · "
            a href={ "/admin/events/" (slug) "/export.csv?" (query.to_query_string(1)) } { "Export CSV" }
            " · "
            a href={ "/admin/events/" (slug) "/export.xlsx?" (query.to_query_string(1)) } { "Export XLSX" }
        }
        p.meta role="status" {
            @if table.total == 0 {
                "Nobody matches."
            } @else if table.capped {
                "Showing " (first) "–" (last) " of more than " (table.total - 1) " matching people."
            } @else {
                "Showing " (first) "–" (last) " of " (table.total) "."
            }
        }
        @if !table.rows.is_empty() {
            div.table-wrap {
                table.attendee-table {
                    thead {
                        tr {
                            @for column in SortColumn::ALL {
                                (sort_header(&base, query, column))
                            }
                            th scope="col" { "Sessions" }
                        }
                    }
                    tbody {
                        @for row in &table.rows {
                            @let r = &row.registration;
                            tr {
                                td { a href={ "/admin/registrations/" (r.id) } {
                                    @if r.erased_at.is_some() { em { "(data erased)" } } @else { (r.last_name) ", " (r.first_name) }
                                } }
                                td { (r.email) }
                                td { (r.organization) }
                                td { (r.country) }
                                td { span.badge { (r.status.as_str()) } }
                                td { (r.created_at.format("%Y-%m-%d %H:%M")) }
                                td { @if let Some(at) = r.checked_in_at { (at.format("%Y-%m-%d %H:%M")) } }
                                td {
                                    @for session in table.sessions.iter().filter(|s| row.session_ids.contains(&s.id)) {
                                        (session.title) br;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        nav.attendee-pages aria-label="Pages" {
            @if query.page > 1 {
                a rel="prev" href=(link(query.page - 1)) { "← Previous " (PAGE_SIZE) }
            }
            " "
            @if table.has_next() {
                a rel="next" href=(link(query.page + 1)) { "Next " (PAGE_SIZE) " →" }
            }
        }
    }
}

fn sort_header(base: &str, query: &AttendeeQuery, column: SortColumn) -> Markup {
    let sorted = query.sort == column;
    let aria = match (sorted, query.descending) {
        (false, _) => None,
        (true, false) => Some("ascending"),
        (true, true) => Some("descending"),
    };
    html! {
        th scope="col" aria-sort=[aria] {
            a href={ (base) "?" (query.sorted_by(column).to_query_string(1)) } {
                (column.label())
                @if let Some(direction) = aria {
                    span aria-hidden="true" { @if direction == "ascending" { " ▲" } @else { " ▼" } }
                }
            }
        }
    }
}

/// The form that adds a person or changes their details: the public form's
/// fields, errors next to each, what was typed kept.
pub fn person_form(
    staff: &Staff,
    action: &str,
    record: &crate::services::EventRecord,
    values: &FormValues,
    errors: &FieldErrors,
    with_sessions: bool,
    button: &str,
) -> Markup {
    // The shared checks answer with i18n keys; the dashboard's own with words.
    let error = |field: &str| {
        errors.get(field).map(|message| {
            if message.starts_with("error.") {
                t(Language::En, message)
            } else {
                message
            }
        })
    };
    let text = |id: &str, label: &str, kind: &str| {
        let message = error(id);
        let error_id = format!("{id}-error");
        html! {
            div.field {
                label for=(id) { (label) }
                @if let Some(message) = message {
                    span.error-text id=(error_id) { (message) }
                }
                input id=(id) type=(kind) name=(id) value=(values.first(id))
                    aria-invalid=[message.map(|_| "true")]
                    aria-describedby=[message.map(|_| error_id.as_str())];
            }
        }
    };
    html! {
        // A rejected form's answer opens at its error summary.
        form.person-form method="post" action={ (action) (error_summary::ANCHOR) } novalidate {
            (error_summary("There is a problem", Some("Please correct the fields marked below."), &person_summary(record, errors, with_sessions)))
            (csrf_field(&staff.csrf))
            (text("first_name", "First name", "text"))
            (text("last_name", "Last name", "text"))
            (text("email", "Email", "email"))
            (text("organization", "Organization", "text"))
            div.field {
                label for="country" { "Country" }
                @if let Some(message) = error("country") { span.error-text #country-error { (message) } }
                select #country name="country" aria-invalid=[error("country").map(|_| "true")] aria-describedby=[error("country").map(|_| "country-error")] {
                    option value="" { "Choose a country" }
                    @for (code, name) in COUNTRIES {
                        option value=(code) selected[values.first("country").eq_ignore_ascii_case(code)] { (name) }
                    }
                }
            }
            div.field {
                label for="language" { "Language of their emails" }
                select #language name="language" {
                    @for option in Language::ALL {
                        option value=(option.code()) selected[values.first("language") == option.code()] { (option.native_name()) }
                    }
                }
            }
            @if with_sessions && !record.sessions.is_empty() {
                fieldset.field {
                    legend { "Sessions" }
                    @if let Some(message) = error("session") { span.error-text #session-error { (message) } }
                    @for session in &record.sessions {
                        @let id = session.id.to_string();
                        label.check {
                            input #{ "session-" (id) } type="checkbox" name="session" value=(id) checked[values.has("session", &id)];
                            " " (session.title)
                        }
                    }
                }
            }
            @for question in &record.questions {
                @let name = format!("q_{}", question.id);
                @let options: Vec<String> = serde_json::from_str(&question.options).unwrap_or_default();
                @let message = error(&name);
                @let described = message.map(|_| format!("{name}-error"));
                div.field {
                    label for=(name) { (question.label) @if question.required { " (required)" } }
                    @if let Some(message) = message { span.error-text id={ (name) "-error" } { (message) } }
                    @match question.kind {
                        QuestionKind::Select => {
                            select id=(name) name=(name) aria-invalid=[message.map(|_| "true")] aria-describedby=[described.as_deref()] {
                                option value="" { "—" }
                                @for option in &options {
                                    option value=(option) selected[values.has(&name, option)] { (option) }
                                }
                            }
                        }
                        QuestionKind::Multiselect => {
                            @for (i, option) in options.iter().enumerate() {
                                label.check {
                                    input id={ (name) "-" (i) } type="checkbox" name=(name) value=(option) checked[values.has(&name, option)];
                                    " " (option)
                                }
                            }
                        }
                        QuestionKind::Checkbox => {
                            label.check {
                                input id=(name) type="checkbox" name=(name) value="yes" checked[values.has(&name, "yes")];
                                " yes"
                            }
                        }
                        QuestionKind::Country => {
                            select id=(name) name=(name) aria-invalid=[message.map(|_| "true")] aria-describedby=[described.as_deref()] {
                                option value="" { "—" }
                                @for (code, country) in COUNTRIES {
                                    option value=(code) selected[values.first(&name).eq_ignore_ascii_case(code)] { (country) }
                                }
                            }
                        }
                        QuestionKind::Textarea => {
                            textarea id=(name) name=(name) aria-invalid=[message.map(|_| "true")] aria-describedby=[described.as_deref()] { (values.first(&name)) }
                        }
                        _ => {
                            input id=(name) type="text" name=(name) value=(values.first(&name)) aria-invalid=[message.map(|_| "true")] aria-describedby=[described.as_deref()];
                        }
                    }
                }
            }
            button type="submit" { (button) }
        }
    }
}

/// The person form's error summary: its fields in order, each error
/// linking its control (a group's first box).
fn person_summary(
    record: &crate::services::EventRecord,
    errors: &FieldErrors,
    with_sessions: bool,
) -> Vec<SummaryItem> {
    if errors.is_empty() {
        return Vec::new();
    }
    let mut fields: Vec<(String, String)> = [
        ("first_name", "First name"),
        ("last_name", "Last name"),
        ("email", "Email"),
        ("organization", "Organization"),
        ("country", "Country"),
        ("language", "Language"),
    ]
    .iter()
    .map(|(id, label)| ((*id).to_owned(), (*label).to_owned()))
    .collect();
    let mut targets: Vec<(String, String)> = Vec::new();
    if with_sessions && let Some(first) = record.sessions.first() {
        targets.push(("session".into(), format!("session-{}", first.id)));
        fields.push(("session".into(), "Sessions".into()));
    }
    for question in &record.questions {
        let name = format!("q_{}", question.id);
        if question.kind == QuestionKind::Multiselect {
            targets.push((name.clone(), format!("{name}-0")));
        }
        fields.push((name, question.label.clone()));
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(id, label)| (id.as_str(), label.as_str()))
        .collect();
    let mut items = super::event_form::summary_items_of(errors, &fields);
    for item in &mut items {
        if let Some((_, target)) = targets.iter().find(|(name, _)| *name == item.target) {
            item.target = target.clone();
        }
    }
    items
}

pub async fn new_person(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let record = services
        .event_record(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok(add_page(
        &staff,
        &record,
        &FormValues::default(),
        &FieldErrors::default(),
        None,
    ))
}

fn add_page(
    staff: &Staff,
    record: &crate::services::EventRecord,
    values: &FormValues,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Markup {
    let slug = &record.event.slug;
    admin_page(
        staff,
        "Add a person",
        html! {
            p { a href={ "/admin/events/" (slug) "/attendees" } { "← Attendees of " (record.event.title) } }
            h1 { "Add a person" }
            p { "The same rules as the public form: if the event is full they join the waiting list, or are refused when there is none; the registration window applies." }
            @if let Some(notice) = notice { div.notice.error role="alert" { p { (notice) } } }
            (person_form(staff, &format!("/admin/events/{slug}/attendees/new"), record, values, errors, true, "Add the person"))
        },
    )
}

pub async fn add_person(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AdminError> {
    let values = FormValues::from_pairs(pairs);
    let actor = Actor::Organizer(staff.member.email.clone());
    let (errors, notice, status) = match services
        .add_registration(&slug, values.to_raw(), actor)
        .await
    {
        Ok(registered) => {
            return Ok(
                Redirect::to(&format!("/admin/registrations/{}", registered.id)).into_response(),
            );
        }
        Err(StaffFormError::NotFound) => return Err(AdminError::NotFound),
        Err(StaffFormError::Invalid(errors)) => (errors, None, StatusCode::UNPROCESSABLE_ENTITY),
        Err(StaffFormError::EmailTaken) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "email",
                "there is already a live registration for this address",
            );
            (
                errors,
                Some("This address already has a live registration for the event.".into()),
                StatusCode::CONFLICT,
            )
        }
        Err(StaffFormError::Refused(refusal)) => (
            FieldErrors::default(),
            Some(refusal_words(&refusal)),
            StatusCode::CONFLICT,
        ),
        Err(error) => return Err(AdminError::internal(error)),
    };
    let record = services
        .event_record(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let page = add_page(&staff, &record, &values, &errors, notice.as_deref());
    Ok((status, page).into_response())
}

/// A writer's refusal in words for staff.
pub fn refusal_words(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Full => "The event is full and has no waiting list: nobody can be added.".into(),
        Refusal::Window(state) => format!(
            "Registration is not open ({state:?}): change the event's registration window first."
        ),
        other => format!("The registration was refused: {other:?}."),
    }
}
