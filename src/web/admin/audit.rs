//! The audit log: every change made by staff (and attendees, the command
//! line, the API), who made it, when, and the values before and after.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::layout::admin_page;
use super::outbox::page_number;
use crate::services::Services;
use crate::services::audit::AUDIT_PAGE_SIZE;

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    event: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    page: String,
}

/// One value of a detail, as a reader would write it.
fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The entry's detail: a before → after table when it has one, and its
/// other facts.
fn detail(raw: &str) -> Markup {
    let value: serde_json::Value = serde_json::from_str(raw).unwrap_or(serde_json::Value::Null);
    let Some(object) = value.as_object() else {
        return html! { code { (raw) } };
    };
    let before = object.get("before").and_then(|v| v.as_object());
    let after = object.get("after").and_then(|v| v.as_object());
    let mut fields: Vec<&String> = before
        .iter()
        .chain(after.iter())
        .flat_map(|m| m.keys())
        .collect();
    fields.sort();
    fields.dedup();
    html! {
        @if !fields.is_empty() {
            table.audit-change {
                thead { tr { th scope="col" { "Field" } th scope="col" { "Before" } th scope="col" { "After" } } }
                tbody {
                    @for field in &fields {
                        tr {
                            th scope="row" { (field) }
                            td.before { (before.and_then(|m| m.get(*field)).map(show).unwrap_or_default()) }
                            td.after { (after.and_then(|m| m.get(*field)).map(show).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
        dl.audit-facts {
            @for (key, value) in object {
                @if key != "before" && key != "after" {
                    dt { (key) } dd { (show(value)) }
                }
            }
        }
    }
}

pub async fn index(
    staff: Staff,
    State(services): State<Services>,
    Query(query): Query<AuditQuery>,
) -> Result<Markup, AdminError> {
    let event = Some(query.event.as_str()).filter(|e| !e.is_empty());
    let person = Some(query.person.trim()).filter(|p| !p.is_empty());
    let page = page_number(&query.page);
    let log = services.audit_page(event, person, page).await?;
    let pages = log.total.div_ceil(AUDIT_PAGE_SIZE).max(1);
    let link = |page: u64| {
        let mut url = form_urlencoded::Serializer::new(String::new());
        url.append_pair("event", event.unwrap_or(""));
        url.append_pair("person", person.unwrap_or(""));
        url.append_pair("page", &page.to_string());
        format!("/admin/audit?{}", url.finish())
    };
    Ok(admin_page(
        &staff,
        "Audit log",
        html! {
            h1 { "Audit log" }
            p { "Every change, newest first: who made it, when, and the values before and after." }
            form.inline.audit-filter method="get" action="/admin/audit" {
                label for="event" { "Event" }
                select #event name="event" {
                    option value="" selected[event.is_none()] { "All events" }
                    @for (slug, title) in &log.events {
                        option value=(slug) selected[event == Some(slug.as_str())] { (title) }
                    }
                }
                label for="person" { "Person" }
                input #person type="text" name="person" value=(person.unwrap_or(""))
                    placeholder="email or id";
                button.small type="submit" { "Show" }
            }
            p { (log.total) " entries" @if pages > 1 { ", page " (page) " of " (pages) } "." }
            div.table-wrap {
                table.audit {
                    thead {
                        tr {
                            th scope="col" { "When" }
                            th scope="col" { "Who" }
                            th scope="col" { "What" }
                            th scope="col" { "Record" }
                            th scope="col" { "Details" }
                        }
                    }
                    tbody {
                        @for entry in &log.entries {
                            tr {
                                td { (entry.created_at.format("%Y-%m-%d %H:%M:%S UTC")) }
                                td { (entry.actor) }
                                td { (entry.action) }
                                td { (entry.subject_type) " " (entry.subject_id) }
                                td { (detail(&entry.detail)) }
                            }
                        }
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
