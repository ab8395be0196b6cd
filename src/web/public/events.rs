use std::sync::Arc;

use axum::extract::{Extension, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};

use super::form::{FormValues, registration_form};
use super::lost_link::lost_link_section;
use super::sharing::{AvailabilitySlot, availability_json, event_head};
use crate::domain::event::EventStatus;
use crate::domain::slug::Slug;
use crate::domain::{FieldErrors, Language, WindowState};
use crate::i18n::dates as format;
use crate::i18n::{t, tf};
use crate::services::Services;
use crate::services::catalog::{PublicEvent, SeatsNow};
use crate::web::cached::{
    self, Calendar, Effort, EventPage, EventShape, HomePage, PageCache, Part, Rendered, Template,
};
use crate::web::error::PageError;
use crate::web::lang::Lang;
use crate::web::views::layout::{Frame, page, page_with_head, site_facts};

/// `GET /`: the upcoming events, rendered once per list and language and
/// kept (src/web/cached.rs).
pub async fn index(
    State(services): State<Services>,
    Extension(cache): Extension<Arc<PageCache>>,
    Lang(language): Lang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let upcoming = services
        .upcoming_events()
        .await
        .map_err(|e| PageError::internal(language, e))?;
    let events = upcoming.at(crate::store::now());
    let key = (upcoming.version, events.len());
    let kept = PageCache::get(&cache.homes, &language).filter(|home| home.key == key);
    let home = match kept {
        Some(home) => home,
        None => {
            let html = home_page(language, &events).into_string();
            let home = Arc::new(HomePage {
                key,
                rendered: Arc::new(Rendered::new(html, HTML, Effort::Page)),
            });
            PageCache::put(&cache.homes, language, home.clone());
            home
        }
    };
    Ok(home.rendered.respond(&headers, &cached::PAGE))
}

const HTML: &str = "text/html; charset=utf-8";

fn home_page(language: Language, events: &[&crate::store::entities::event::Model]) -> Markup {
    page(
        language,
        t(language, "home.title"),
        html! {
            h1 { (t(language, "home.title")) }
            @if events.is_empty() {
                p { (t(language, "home.none")) }
            }
            ul.events {
                @for event in events {
                    @let tz: chrono_tz::Tz = event.timezone.parse().unwrap_or(chrono_tz::Europe::Brussels);
                    li.card {
                        h2 { a href={ "/events/" (event.slug) "?lang=" (language.code()) } lang=(event.language) { (event.title) } }
                        p.meta { (format::span(language, tz, event.starts_at, event.ends_at)) " · " (event.venue_name) }
                        p lang=(event.language) { (event.summary) }
                    }
                }
            }
        },
    )
}

/// `GET /events/{slug}`: rendered once per event version, language and
/// registration state, with its seat badges spliced in from the in-memory
/// counters when they change; the answer and its compressed forms are kept
/// until then.
pub async fn show(
    State(services): State<Services>,
    Extension(cache): Extension<Arc<PageCache>>,
    Lang(language): Lang,
    slug: Slug,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = super::published(&services, language, &slug).await?;
    let seats = services.catalog.seats(&event);
    let shape = EventShape {
        version: event.version,
        window: event.window_state(),
        full: !seats.event.has_room(),
    };
    let figures: Vec<Option<i64>> = std::iter::once(seats.event.left())
        .chain(
            event
                .record
                .sessions
                .iter()
                .map(|s| seats.sessions.get(&s.id).and_then(|s| s.left())),
        )
        .collect();
    let key = (event.id(), language);
    let kept = PageCache::get(&cache.events, &key);
    if let Some(kept) = &kept
        && kept.template.shape == shape
        && kept.figures == figures
    {
        return Ok(kept.rendered.respond(&headers, &cached::PAGE));
    }
    let template = match kept {
        Some(kept) if kept.template.shape == shape => kept.template.clone(),
        _ => Arc::new(Template {
            shape,
            parts: cached::split_template(
                &event_page_template(language, &event, &seats).into_string(),
            ),
        }),
    };
    let mut html = String::with_capacity(16 * 1024);
    for part in &template.parts {
        match part {
            Part::Text(text) => html.push_str(text),
            Part::Seats(None) => {
                html.push_str(&seat_badge(language, seats.event.left()).into_string())
            }
            Part::Seats(Some(id)) => html.push_str(
                &seat_badge(language, seats.sessions.get(id).and_then(|s| s.left())).into_string(),
            ),
            Part::Availability => {
                html.push_str(&availability_json(seats.event.availability()));
            }
        }
    }
    let page = Arc::new(EventPage {
        template,
        figures,
        rendered: Arc::new(Rendered::new(html, HTML, Effort::Page)),
    });
    PageCache::put(&cache.events, key, page.clone());
    Ok(page.rendered.respond(&headers, &cached::PAGE))
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
    render_event_page(language, event, seats, None, values, errors)
}

/// The event page with a marker (src/web/cached.rs) where each seat badge
/// goes, so the kept page takes new seat figures without a new render.
pub fn event_page_template(language: Language, event: &PublicEvent, seats: &SeatsNow) -> Markup {
    render_event_page(
        language,
        event,
        seats,
        Some(cached::seat_marker()),
        &FormValues::default(),
        &FieldErrors::default(),
    )
}

fn render_event_page(
    language: Language,
    event: &PublicEvent,
    seats: &SeatsNow,
    marker: Option<&str>,
    values: &FormValues,
    errors: &FieldErrors,
) -> Markup {
    let badge = |slot: Option<i64>, left: Option<i64>| match marker {
        Some(marker) => PreEscaped(format!(
            "{marker}{}-->",
            slot.map_or("e".to_owned(), |id| id.to_string())
        )),
        None => seat_badge(language, left),
    };
    let record = &event.record.event;
    let tz = event.timezone;
    let frame = Frame {
        organizer: Some(&record.organizer_name),
        noindex: false,
    };
    let availability_marker = marker.map(|_| cached::availability_marker());
    let availability = match &availability_marker {
        Some(marker) => AvailabilitySlot::Marker(marker),
        None => AvailabilitySlot::Now(seats.event.availability()),
    };
    let head = site_facts().map(|site| event_head(language, event, &site, availability));
    page_with_head(
        language,
        &record.title,
        frame,
        head,
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
                                                td data-label=(t(language, "event.seats")) { (badge(Some(session.id), seats.sessions.get(&session.id).and_then(|s| s.left()))) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    (registration_section(language, event, seats, values, errors))
                    (lost_link_section(language, &record.slug, "", None))
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
                            dd.seats { (badge(None, seats.event.left())) }
                        }
                        p { a href={ "/events/" (record.slug) "/calendar.ics" } { (t(language, "event.add_calendar")) } }
                        p.meta { (t(language, "event.contact")) " " a href={ "mailto:" (record.contact_email) } { (record.contact_email) } }
                    }
                }
            }
        },
    )
}

pub fn seat_badge(language: Language, left: Option<i64>) -> Markup {
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

/// `GET /events/{slug}/calendar.ics`: made once per event version and
/// kept with its compressed forms.
pub async fn calendar(
    State(services): State<Services>,
    Extension(cache): Extension<Arc<PageCache>>,
    Lang(language): Lang,
    slug: Slug,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = super::published(&services, language, &slug).await?;
    let kept = PageCache::get(&cache.calendars, &event.id())
        .filter(|calendar| calendar.version == event.version);
    let calendar = match kept {
        Some(calendar) => calendar,
        None => {
            let body = services.public_calendar(&event);
            let calendar = Arc::new(Calendar {
                version: event.version,
                rendered: Arc::new(Rendered::new(
                    body,
                    "text/calendar; charset=utf-8; method=PUBLISH",
                    Effort::Page,
                )),
            });
            PageCache::put(&cache.calendars, event.id(), calendar.clone());
            calendar
        }
    };
    let mut response = calendar.rendered.respond(&headers, &cached::REVALIDATE);
    response.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        axum::http::HeaderValue::from_static("attachment; filename=\"event.ics\""),
    );
    Ok(response)
}
