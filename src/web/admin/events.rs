//! The dashboard's first screen, the list of events with their counts, and
//! each event's own page.

use axum::extract::{Path, State};
use maud::{Markup, html};

use super::auth::Staff;
use super::error::AdminError;
use super::layout::admin_page;
use crate::domain::{EventStatus, Language};
use crate::i18n::dates;
use crate::services::Services;
use crate::services::dashboard::{EventPhase, EventSummary};

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
            dl.facts.card {
                dt { "Confirmed / capacity" } dd { (confirmed_of_capacity(&event)) }
                dt { "Waiting list" } dd { (event.waitlisted) }
                dt { "Pending confirmation" } dd { (event.pending) }
                dt { "Checked in" } dd { (event.checked_in) }
            }
            @if event.status != EventStatus::Draft {
                p { a href={ "/events/" (event.slug) } { "The event's public page" } }
            }
        },
    ))
}
