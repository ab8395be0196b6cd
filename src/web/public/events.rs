use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, PreEscaped, html};

use super::form::{FormValues, registration_form};
use crate::domain::event::EventStatus;
use crate::domain::slug::Slug;
use crate::domain::{FieldErrors, Language, WindowState};
use crate::i18n::dates as format;
use crate::i18n::{t, tf};
use crate::services::Services;
use crate::services::catalog::{PublicEvent, SeatsNow};
use crate::web::error::PageError;
use crate::web::lang::Lang;
use crate::web::views::layout::{Frame, page, page_with};

pub async fn index(
    State(services): State<Services>,
    Lang(language): Lang,
) -> Result<Markup, PageError> {
    let events = services
        .upcoming_events()
        .await
        .map_err(|e| PageError::internal(language, e))?;
    Ok(page(
        language,
        t(language, "home.title"),
        html! {
            h1 { (t(language, "home.title")) }
            @if events.is_empty() {
                p { (t(language, "home.none")) }
            }
            ul.events {
                @for event in &events {
                    @let tz: chrono_tz::Tz = event.timezone.parse().unwrap_or(chrono_tz::Europe::Brussels);
                    li.card {
                        h2 { a href={ "/events/" (event.slug) "?lang=" (language.code()) } lang=(event.language) { (event.title) } }
                        p.meta { (format::span(language, tz, event.starts_at, event.ends_at)) " · " (event.venue_name) }
                        p lang=(event.language) { (event.summary) }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
) -> Result<Response, PageError> {
    let event = services
        .catalog
        .by_slug(&slug)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .filter(|e| e.status != EventStatus::Draft)
        .ok_or(PageError::NotFound(language))?;
    let seats = services.catalog.seats(&event);
    Ok(Html(
        event_page(
            language,
            &event,
            &seats,
            &FormValues::default(),
            &FieldErrors::default(),
        )
        .into_string(),
    )
    .into_response())
}

/// The event page; also what a rejected form re-renders, with its values
/// and errors.
pub fn event_page(
    language: Language,
    event: &PublicEvent,
    seats: &SeatsNow,
    values: &FormValues,
    errors: &FieldErrors,
) -> Markup {
    let record = &event.record.event;
    let tz = event.timezone;
    let frame = Frame {
        organizer: Some(&record.organizer_name),
        noindex: false,
    };
    page_with(
        language,
        &record.title,
        frame,
        html! {
            div lang=(record.language) {
                h1 { (record.title) }
                p.lead { (record.summary) }
            }
            @if event.status == EventStatus::Cancelled {
                p.notice.error { (t(language, "event.cancelled")) }
            }
            div.layout {
                div {
                    section.card aria-labelledby="about" {
                        h2 #about { (t(language, "event.about")) }
                        div.description lang=(record.language) { (PreEscaped(&event.description_html)) }
                    }
                    @if !event.record.sessions.is_empty() {
                        section aria-labelledby="agenda" {
                            h2 #agenda { (t(language, "event.agenda")) }
                            div.table-wrap {
                                table.agenda {
                                    thead { tr {
                                        th scope="col" { (t(language, "event.session")) }
                                        th scope="col" { (t(language, "event.time")) }
                                        th scope="col" { (t(language, "event.room")) }
                                        th scope="col" { (t(language, "event.seats")) }
                                    } }
                                    tbody {
                                        @for session in &event.record.sessions {
                                            tr {
                                                td lang=(record.language) data-label=(t(language, "event.session")) { (session.title) }
                                                td data-label=(t(language, "event.time")) { (format::span(language, tz, session.starts_at, session.ends_at)) }
                                                td data-label=(t(language, "event.room")) { (session.room) }
                                                td data-label=(t(language, "event.seats")) { (seat_badge(language, seats.sessions.get(&session.id).and_then(|s| s.left()))) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    (registration_section(language, event, seats, values, errors))
                }
                aside {
                    section.card aria-label=(t(language, "event.when")) {
                        dl.facts {
                            dt { (t(language, "event.when")) }
                            dd {
                                (format::span(language, tz, record.starts_at, record.ends_at))
                                br;
                                span.meta { (t(language, "event.time_zone")) " " (format::zone(tz, record.starts_at)) }
                            }
                            dt { (t(language, "event.where")) }
                            dd {
                                @if !record.venue_name.is_empty() {
                                    strong { (record.venue_name) } br;
                                    (record.venue_address)
                                }
                                @if let Some(url) = &record.online_url {
                                    @if !record.venue_name.is_empty() { br; }
                                    (t(language, "event.online")) ": "
                                    a href=(url) rel="noopener noreferrer" { (url) }
                                }
                            }
                            dt { (t(language, "event.seats")) }
                            dd.seats { (seat_badge(language, seats.event.left())) }
                        }
                        p { a href={ "/events/" (record.slug) "/calendar.ics" } { (t(language, "event.add_calendar")) } }
                        p.meta { (t(language, "event.contact")) " " a href={ "mailto:" (record.contact_email) } { (record.contact_email) } }
                    }
                }
            }
        },
    )
}

fn seat_badge(language: Language, left: Option<i64>) -> Markup {
    html! {
        @match left {
            None => span.badge.ok { (t(language, "event.unlimited")) },
            Some(0) => span.badge.warn { (t(language, "event.full")) },
            Some(n) => span.badge.ok { (tf(language, "event.seats_remaining", &[("count", n.into())])) },
        }
    }
}

fn registration_section(
    language: Language,
    event: &PublicEvent,
    seats: &SeatsNow,
    values: &FormValues,
    errors: &FieldErrors,
) -> Markup {
    let record = &event.record.event;
    let full = !seats.event.has_room();
    html! {
        section.card #register aria-labelledby="register-title" {
            @match event.window_state() {
                WindowState::Open => {
                    @if full && !record.waitlist_enabled {
                        h2 #register-title { (t(language, "form.title")) }
                        p.notice.warn { (t(language, "event.full_closed")) }
                    } @else {
                        h2 #register-title {
                            @if full { (t(language, "form.title_waitlist")) } @else { (t(language, "form.title")) }
                        }
                        @if full { p.notice.warn { (t(language, "event.full_waitlist")) } }
                        (registration_form(language, event, values, errors, full))
                    }
                }
                WindowState::NotYetOpen => {
                    h2 #register-title { (t(language, "form.title")) }
                    p.notice {
                        (t(language, "event.not_yet_open"))
                        @if let Some(opens) = record.registration_opens_at {
                            " " (t(language, "event.opens")) ": "
                            (format::date(language, opens.with_timezone(&event.timezone))) ", "
                            (format::clock(opens.with_timezone(&event.timezone)))
                        }
                    }
                }
                WindowState::Closed | WindowState::Unavailable => {
                    h2 #register-title { (t(language, "form.title")) }
                    p.notice { (t(language, "event.closed")) }
                }
            }
        }
    }
}

pub async fn calendar(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
) -> Result<Response, PageError> {
    let event = services
        .catalog
        .by_slug(&slug)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .filter(|e| e.status != EventStatus::Draft)
        .ok_or(PageError::NotFound(language))?;
    let body = services.public_calendar(&event);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8; method=PUBLISH",
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"event.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}
