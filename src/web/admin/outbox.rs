//! The outbox: every email Tessera owes, for all events, with its story,
//! and a second chance for those that failed.

use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use maud::{Markup, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use crate::domain::DeliveryStatus;
use crate::services::outbox::{
    DELIVERY_STATUSES, OUTBOX_PAGE_SIZE, OutboxEntry, RetryError, parse_delivery_status,
};
use crate::services::{Actor, Services};

#[derive(Debug, Default, Deserialize)]
pub struct OutboxQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    page: String,
}

fn status_label(status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => "Waiting",
        DeliveryStatus::Sending => "Being sent",
        DeliveryStatus::Sent => "Sent",
        DeliveryStatus::Failed => "Failed",
    }
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A page number from the query; anything unreadable is the first page.
pub fn page_number(raw: &str) -> u64 {
    raw.parse::<u64>().ok().filter(|p| *p >= 1).unwrap_or(1)
}

pub async fn index(
    staff: Staff,
    State(services): State<Services>,
    Query(query): Query<OutboxQuery>,
) -> Result<Markup, AdminError> {
    let status = parse_delivery_status(&query.status);
    let event = Some(query.event.as_str()).filter(|e| !e.is_empty());
    let page = page_number(&query.page);
    let outbox = services.outbox_page(status, event, page).await?;
    let failed = outbox
        .counts
        .iter()
        .find(|(s, _)| *s == DeliveryStatus::Failed)
        .map(|(_, n)| *n)
        .unwrap_or(0);
    let pages = outbox.total.div_ceil(OUTBOX_PAGE_SIZE).max(1);
    let link = |page: u64| {
        format!(
            "/admin/outbox?status={}&event={}&page={page}",
            status.map(|s| s.as_str()).unwrap_or(""),
            event.unwrap_or("")
        )
    };
    Ok(admin_page(
        &staff,
        "Outbox",
        html! {
            h1 { "Outbox" }
            p { "Every email Tessera owes, for all events — as an organizer you see the mail of every event." }
            div.table-wrap {
                table.counts.outbox-counts {
                    thead { tr { @for (s, _) in &outbox.counts { th.num scope="col" { (status_label(*s)) } } } }
                    tbody { tr { @for (s, n) in &outbox.counts { td.num id={ "count-" (s.as_str()) } { (n) } } } }
                }
            }
            @if failed > 0 {
                p { a.button href="/admin/outbox/retry-failed" { "Send all " (failed) " failed emails again" } }
            }
            form.inline.outbox-filter method="get" action="/admin/outbox" {
                label for="status" { "Status" }
                select #status name="status" {
                    option value="" selected[status.is_none()] { "All" }
                    @for s in DELIVERY_STATUSES {
                        option value=(s.as_str()) selected[status == Some(s)] { (status_label(s)) }
                    }
                }
                label for="event" { "Event" }
                select #event name="event" {
                    option value="" selected[event.is_none()] { "All events" }
                    @for (slug, title) in &outbox.events {
                        option value=(slug) selected[event == Some(slug.as_str())] { (title) }
                    }
                }
                button.small type="submit" { "Show" }
            }
            p { (outbox.total) " messages" @if pages > 1 { ", page " (page) " of " (pages) } "." }
            div.table-wrap {
                table.outbox {
                    thead {
                        tr {
                            th scope="col" { "Recipient" }
                            th scope="col" { "Kind" }
                            th scope="col" { "Event" }
                            th scope="col" { "Status" }
                            th scope="col" { "Attempts" }
                            th scope="col" { "Last error" }
                            th scope="col" { "Next attempt" }
                            th scope="col" { "Sent at" }
                        }
                    }
                    tbody {
                        @for entry in &outbox.entries { (row(&staff, entry)) }
                    }
                }
            }
            nav.pages aria-label="Pages" {
                @if page > 1 { a href=(link(page - 1)) rel="prev" { "← Newer" } " " }
                @if page < pages { a href=(link(page + 1)) rel="next" { "Older →" } }
            }
        },
    ))
}

fn row(staff: &Staff, entry: &OutboxEntry) -> Markup {
    let m = &entry.message;
    html! {
        tr id={ "message-" (m.id) } {
            td { (m.recipient) }
            td { (m.kind.as_str()) }
            td { a href={ "/admin/events/" (entry.event_slug) } { (entry.event_title) } }
            td {
                span.badge.ok[m.status == DeliveryStatus::Sent]
                    .warn[m.status == DeliveryStatus::Failed]
                    .off[matches!(m.status, DeliveryStatus::Pending | DeliveryStatus::Sending)] { (status_label(m.status)) }
                @if m.status == DeliveryStatus::Failed {
                    form.inline method="post" action={ "/admin/outbox/" (m.id) "/retry" } {
                        (csrf_field(&staff.csrf))
                        button.small type="submit" aria-label={ "Send again to " (m.recipient) } { "Send again" }
                    }
                }
            }
            td.num { (m.attempts) }
            td { (m.last_error.as_deref().unwrap_or("")) }
            td { @if matches!(m.status, DeliveryStatus::Pending) { (when(m.next_attempt_at)) } }
            td { @if let Some(at) = m.sent_at { (when(at)) } }
        }
    }
}

fn actor(staff: &Staff) -> Actor {
    Actor::Organizer(staff.member.email.clone())
}

pub async fn retry_one(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Redirect, AdminError> {
    let id: i64 = id.parse().map_err(|_| AdminError::NotFound)?;
    match services.retry_message(id, &actor(&staff)).await {
        Ok(()) => Ok(Redirect::to("/admin/outbox")),
        Err(RetryError::NotFailed) => Err(AdminError::Conflict(
            "Only a failed email can be sent again; this one is sent, waiting, or unknown.".into(),
        )),
        Err(RetryError::Database(error)) => Err(error.into()),
    }
}

pub async fn confirm_retry_all(staff: Staff) -> Markup {
    admin_page(
        &staff,
        "Send the failed emails again",
        html! {
            h1 { "Send the failed emails again" }
            p { "Every email that failed goes back in the queue and is sent again. Emails cannot be called back once they leave." }
            form method="post" action="/admin/outbox/retry-failed" {
                (csrf_field(&staff.csrf))
                button type="submit" { "Send them again" }
                " "
                a href="/admin/outbox" { "Cancel" }
            }
        },
    )
}

pub async fn retry_all(
    staff: Staff,
    State(services): State<Services>,
) -> Result<Redirect, AdminError> {
    services.retry_all_failed(&actor(&staff)).await?;
    Ok(Redirect::to("/admin/outbox"))
}
