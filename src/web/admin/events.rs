//! The dashboard's first screen, the list of events with their counts, and
//! each event's own page.

use axum::extract::{Path, State};
use maud::{Markup, html};

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use super::{Verb, may};
use crate::domain::attendance;
use crate::domain::{EventStatus, Language};
use crate::i18n::dates;
use crate::services::Services;
use crate::services::dashboard::{EventPhase, EventSummary};
use crate::services::documents::{BADGES_PER_PDF, badge_parts};

pub async fn index(staff: Staff, State(services): State<Services>) -> Result<Markup, AdminError> {
    let events = services.event_summaries().await?;
    let sections = [
        (EventPhase::Upcoming, "Upcoming events"),
        (EventPhase::Past, "Past and cancelled events"),
        (EventPhase::Draft, "Drafts"),
    ];
    Ok(admin_page(
        &staff,
        "Events",
        html! {
            h1 { "Events" }
            p { a.button href="/admin/events/new" { "New event" } }
            @if events.is_empty() {
                p { "There are no events yet." }
            }
            @for (phase, heading) in sections {
                @let these: Vec<&EventSummary> = events.iter().filter(|e| e.phase == phase).collect();
                @if !these.is_empty() {
                    h2 { (heading) }
                    (event_table(&these))
                }
            }
        },
    ))
}

fn event_table(events: &[&EventSummary]) -> Markup {
    html! {
        div.table-wrap {
            table.counts {
                thead {
                    tr {
                        th scope="col" { "Event" }
                        th scope="col" { "When" }
                        th scope="col" class="num" { "Confirmed / capacity" }
                        th scope="col" class="num" { "Waiting list" }
                        th scope="col" class="num" { "Pending" }
                        th scope="col" class="num" { "Checked in" }
                    }
                }
                tbody {
                    @for event in events {
                        tr {
                            td {
                                a href={ "/admin/events/" (event.slug) } { (event.title) }
                                " " (status_badge(event.status))
                            }
                            td { (dates::span(Language::En, event.timezone, event.starts_at, event.ends_at)) }
                            td class="num" { (confirmed_of_capacity(event)) }
                            td class="num" { (event.waitlisted) }
                            td class="num" { (event.pending) }
                            td class="num" { (event.checked_in) }
                        }
                    }
                }
            }
        }
    }
}

fn confirmed_of_capacity(event: &EventSummary) -> String {
    match event.capacity {
        Some(capacity) => format!("{} / {capacity}", event.confirmed),
        None => format!("{} / unlimited", event.confirmed),
    }
}

fn status_badge(status: EventStatus) -> Markup {
    match status {
        EventStatus::Published => html! { span.badge.ok { "published" } },
        EventStatus::Draft => html! { span.badge.off { "draft" } },
        EventStatus::Cancelled => html! { span.badge.warn { "cancelled" } },
    }
}

pub async fn show(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let event = services
        .event_summary(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let counts = services
        .event_counts(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let base = format!("/admin/events/{}", event.slug);
    let role = staff.member.role;
    let can = |verb: Verb, path: &str| may(role, verb, path);
    Ok(admin_page(
        &staff,
        &event.title,
        html! {
            p { a href="/admin" { "← All events" } }
            h1 { (event.title) " " (status_badge(event.status)) }
            p.meta {
                (dates::span(Language::En, event.timezone, event.starts_at, event.ends_at))
                " (" (event.timezone.name()) ") · " (event.venue_name)
            }
            div.event-live data-live={ (base) "/live" } {
                dl.facts.card {
                    dt data-count="seats" { "Confirmed / capacity" } dd { (seats(counts.tallies.confirmed, counts.capacity)) }
                    dt data-count="waitlisted" { "Waiting list" } dd { (counts.tallies.waitlisted) }
                    dt data-count="pending" { "Pending confirmation" } dd { (counts.tallies.pending) }
                    dt data-count="held" { "Seats held for pending confirmations" } dd { (counts.held) }
                    dt data-count="cancelled" { "Cancelled" } dd { (counts.tallies.cancelled) }
                    dt data-count="checked_in" { "Checked in" } dd { (counts.tallies.checked_in) }
                }
                @if !counts.sessions.is_empty() {
                    div.table-wrap {
                        table.counts {
                            caption { "Sessions" }
                            thead { tr { th scope="col" { "Session" } th scope="col" class="num" { "Confirmed / seats" } } }
                            tbody {
                                @for session in &counts.sessions {
                                    tr {
                                        td { (session.title) }
                                        td class="num" data-session=(session.id) { (seats(session.confirmed, session.capacity)) }
                                    }
                                }
                            }
                        }
                    }
                }
                p.hint data-live-status aria-live="off" { "Counts as of loading the page." }
            }
            ul.links.event-links {
                li { a href={ (base) "/attendees" } { "Attendees" } }
                li { a href={ (base) "/announce" } { "Send an announcement" } }
                @if event.status != EventStatus::Draft {
                    li { a href={ "/events/" (event.slug) } { "The event's public page" } }
                }
            }
            (documents_section(&event, &base, role, counts.tallies.confirmed))
            section.card.event-actions {
                h2 { "Manage" }
                ul.links {
                    @if event.status != EventStatus::Cancelled && can(Verb::Get, "/admin/events/{slug}/edit") {
                        li { a href={ (base) "/edit" } { "Edit the event, its sessions and questions" } }
                    }
                    @if can(Verb::Get, "/admin/events/{slug}/duplicate") {
                        li { a href={ (base) "/duplicate" } { "Duplicate" } }
                    }
                    @if event.status != EventStatus::Cancelled && can(Verb::Get, "/admin/events/{slug}/cancel") {
                        li { a href={ (base) "/cancel" } { "Cancel the event" } }
                    }
                }
                @match event.status {
                    EventStatus::Draft => {
                        form method="post" action={ (base) "/publish" } {
                            (csrf_field(&staff.csrf))
                            button type="submit" { "Publish" }
                        }
                    }
                    EventStatus::Published => {
                        form method="post" action={ (base) "/unpublish" } {
                            (csrf_field(&staff.csrf))
                            button.secondary type="submit" { "Take back to draft" }
                        }
                    }
                    EventStatus::Cancelled => { p { "This event is cancelled." } }
                }
            }
            script src=(crate::web::views::assets::event_live_url()) defer {}
        },
    ))
}

/// Badges, each day's attendance sheet, the statistics and the report:
/// one click from the event's page.
fn documents_section(
    event: &EventSummary,
    base: &str,
    role: crate::domain::Role,
    confirmed: i64,
) -> Markup {
    let can = |path: &str| may(role, Verb::Get, path);
    let days = attendance::event_days(event.timezone, event.starts_at, event.ends_at);
    html! {
        section.card.documents {
            h2 { "Print and report" }
            @if can("/admin/events/{slug}/badges.pdf") {
                @let parts = badge_parts(usize::try_from(confirmed).unwrap_or(0));
                @if parts == 1 {
                    p { a href={ (base) "/badges.pdf" } { "Badges for everyone confirmed" } " (PDF, eight to an A4 sheet)" }
                } @else {
                    p { "Badges for everyone confirmed (PDF, eight to an A4 sheet), in parts of " (BADGES_PER_PDF) " by name:" }
                    ul.links {
                        @for part in 1..=parts {
                            li { a href={ (base) "/badges.pdf?part=" (part) } { "Part " (part) } }
                        }
                    }
                }
            }
            @if can("/admin/events/{slug}/attendance/{day}") {
                h3 { "Attendance sheets" }
                ul {
                    @for day in &days {
                        li {
                            (dates::date(Language::En, attendance::noon(event.timezone, *day))) ": "
                            a href={ (base) "/attendance/" (day) ".pdf" } { "to sign" }
                            " · "
                            a href={ (base) "/attendance/" (day) ".pdf?filled=1" } { "filled in with check-in times" }
                        }
                    }
                }
            }
            ul.links {
                @if can("/admin/events/{slug}/statistics") {
                    li { a href={ (base) "/statistics" } { "Statistics" } }
                }
                @if can("/admin/events/{slug}/report") {
                    li { a href={ (base) "/report" } { "Indicator report" } }
                }
            }
        }
    }
}

fn seats(taken: i64, capacity: Option<i64>) -> String {
    match capacity {
        Some(capacity) => format!("{taken} / {capacity}"),
        None => format!("{taken} / unlimited"),
    }
}
