//! An event's statistics as charts: registrations per day against the
//! capacity, by status, by country, by organization, and check-ins per day
//! and per session. Each chart carries its numbers as a table.

use axum::extract::{Path, State};
use maud::{Markup, html};

use super::auth::Staff;
use super::charts::{self, Bar, Chart, Series};
use super::error::AdminError;
use super::layout::admin_page;
use crate::domain::attendance::{Headcount, top_and_rest};
use crate::services::Services;
use crate::services::statistics::EventStatistics;

/// How many organizations get a bar of their own; the rest share one.
pub const TOP_ORGANIZATIONS: usize = 10;

pub async fn page(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let stats = services
        .event_statistics(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let base = format!("/admin/events/{}", stats.slug);
    Ok(admin_page(
        &staff,
        &format!("Statistics · {}", stats.title),
        html! {
            p { a href=(base) { "← " (stats.title) } }
            h1 { "Statistics" }
            p.lead { (stats.title) }
            p { a href={ (base) "/report" } { "The indicator report (participants by day, country and organization)" } }
            (registrations_chart(&stats))
            (status_chart(&stats))
            (country_chart(&stats))
            (organization_chart(&stats))
            (day_check_in_chart(&stats))
            (session_check_in_chart(&stats))
        },
    ))
}

fn registrations_chart(stats: &EventStatistics) -> Markup {
    let labels: Vec<String> = stats
        .per_day
        .iter()
        .map(|d| d.day.format("%-d %b").to_string())
        .collect();
    let series = [
        Series {
            label: "Registrations received",
            values: stats.per_day.iter().map(|d| d.cumulative).collect(),
            color: charts::BLUE,
            dash: None,
        },
        Series {
            label: "Of those, confirmed now",
            values: stats
                .per_day
                .iter()
                .map(|d| d.confirmed_cumulative)
                .collect(),
            color: charts::GREEN,
            dash: Some("8 4"),
        },
    ];
    let (body, height) = charts::lines(&labels, &series, stats.capacity.map(|c| ("Capacity", c)));
    let total = stats.per_day.last().map_or(0, |d| d.cumulative);
    let summary = match stats.capacity {
        Some(capacity) => format!(
            "{total} registrations received over {} days, against a capacity of {capacity}.",
            stats.per_day.len()
        ),
        None => format!(
            "{total} registrations received over {} days; no capacity limit.",
            stats.per_day.len()
        ),
    };
    charts::chart(Chart {
        id: "registrations",
        heading: "Registrations per day (cumulative)",
        summary,
        height,
        body,
        legend: Some(html! {
            (charts::legend(&series))
            @if let Some(capacity) = stats.capacity {
                p.hint { "The dotted red line is the capacity: " (capacity) " seats." }
            }
        }),
        table: html! {
            table.counts data-chart="registrations" {
                thead { tr {
                    th scope="col" { "Day" }
                    th scope="col" class="num" { "Received that day" }
                    th scope="col" class="num" { "Received in all" }
                    th scope="col" class="num" { "Of those, confirmed now" }
                } }
                tbody {
                    @for d in &stats.per_day {
                        tr {
                            th scope="row" { (d.day) }
                            td class="num" { (d.received) }
                            td class="num" { (d.cumulative) }
                            td class="num" { (d.confirmed_cumulative) }
                        }
                    }
                }
            }
        },
    })
}

/// A two-column table of label and number, for a bar chart's numbers.
fn number_table(id: &str, label: &str, value: &str, rows: &[(String, i64)]) -> Markup {
    html! {
        table.counts data-chart=(id) {
            thead { tr { th scope="col" { (label) } th scope="col" class="num" { (value) } } }
            tbody {
                @for (name, count) in rows {
                    tr { th scope="row" { (name) } td class="num" { (count) } }
                }
            }
        }
    }
}

fn status_chart(stats: &EventStatistics) -> Markup {
    let t = &stats.by_status;
    let rows: Vec<(String, i64, &'static str)> = vec![
        ("Confirmed".into(), t.confirmed, charts::BLUE),
        ("Waiting list".into(), t.waitlisted, charts::AMBER),
        ("Pending confirmation".into(), t.pending, charts::GREY),
        ("Cancelled".into(), t.cancelled, charts::RED),
    ];
    let (body, height) = charts::bars(
        &rows
            .iter()
            .map(|(label, value, color)| Bar {
                label: label.clone(),
                value: *value,
                color,
                note: None,
                of: None,
            })
            .collect::<Vec<_>>(),
    );
    let numbers: Vec<(String, i64)> = rows.into_iter().map(|(l, v, _)| (l, v)).collect();
    charts::chart(Chart {
        id: "status",
        heading: "Registrations by status",
        summary: format!(
            "{} confirmed, {} on the waiting list, {} pending confirmation, {} cancelled.",
            t.confirmed, t.waitlisted, t.pending, t.cancelled
        ),
        height,
        body,
        legend: None,
        table: number_table("status", "Status", "Registrations", &numbers),
    })
}

fn country_chart(stats: &EventStatistics) -> Markup {
    let (body, height) = charts::bars(
        &stats
            .by_country
            .iter()
            .map(|(country, count)| Bar {
                label: country.clone(),
                value: *count,
                color: charts::BLUE,
                note: None,
                of: None,
            })
            .collect::<Vec<_>>(),
    );
    charts::chart(Chart {
        id: "country",
        heading: "Attendees by country",
        summary: format!(
            "Confirmed attendees from {} countries.",
            stats.by_country.len()
        ),
        height,
        body,
        legend: None,
        table: number_table("country", "Country", "Confirmed", &stats.by_country),
    })
}

fn organization_chart(stats: &EventStatistics) -> Markup {
    let (top, rest) = top_and_rest(&stats.by_organization, TOP_ORGANIZATIONS);
    let mut rows: Vec<(String, i64)> = top.to_vec();
    if let Some(rest) = rest {
        rows.push((format!("The other {} organizations", rest.rows), rest.total));
    }
    let (body, height) = charts::bars(
        &rows
            .iter()
            .enumerate()
            .map(|(i, (name, count))| Bar {
                label: name.clone(),
                value: *count,
                // The rest is set apart from the named ten.
                color: if rest.is_some() && i == rows.len() - 1 {
                    charts::GREY
                } else {
                    charts::BLUE
                },
                note: None,
                of: None,
            })
            .collect::<Vec<_>>(),
    );
    charts::chart(Chart {
        id: "organization",
        heading: "Attendees by organization",
        summary: format!(
            "Confirmed attendees from {} organizations; the {} largest shown by name.",
            stats.by_organization.len(),
            top.len()
        ),
        height,
        body,
        legend: None,
        table: number_table("organization", "Organization", "Confirmed", &rows),
    })
}

/// A rate bar: the part checked in over the track of everyone counted.
fn rate_bar(label: String, count: &Headcount) -> Bar {
    Bar {
        label,
        value: count.attended,
        color: charts::GREEN,
        note: Some(format!(
            "{} of {} ({})",
            count.attended,
            count.registered,
            charts::percent(count.attended, count.registered)
        )),
        of: Some(count.registered),
    }
}

fn rate_table(id: &str, first: &str, rows: &[(String, Headcount)]) -> Markup {
    html! {
        table.counts data-chart=(id) {
            thead { tr {
                th scope="col" { (first) }
                th scope="col" class="num" { "Expected" }
                th scope="col" class="num" { "Checked in" }
                th scope="col" class="num" { "Rate" }
            } }
            tbody {
                @for (name, count) in rows {
                    tr {
                        th scope="row" { (name) }
                        td class="num" { (count.registered) }
                        td class="num" { (count.attended) }
                        td class="num" { (charts::percent(count.attended, count.registered)) }
                    }
                }
            }
        }
    }
}

fn day_check_in_chart(stats: &EventStatistics) -> Markup {
    let rows: Vec<(String, Headcount)> = stats
        .check_ins_per_day
        .iter()
        .map(|(day, count)| (day.format("%A %-d %B %Y").to_string(), *count))
        .collect();
    let (body, height) = charts::bars(
        &rows
            .iter()
            .map(|(label, count)| rate_bar(label.clone(), count))
            .collect::<Vec<_>>(),
    );
    let attended: i64 = rows.iter().map(|r| r.1.attended).sum();
    charts::chart(Chart {
        id: "check-in-day",
        heading: "Check-in rate per day",
        summary: format!(
            "{attended} check-ins over {} days; each bar is who checked in out of who was expected that day.",
            rows.len()
        ),
        height,
        body,
        legend: Some(html! {
            p.hint { "Expected that day: confirmed people whose sessions fall on it (or who chose none), and anyone who came anyway." }
        }),
        table: rate_table("check-in-day", "Day", &rows),
    })
}

fn session_check_in_chart(stats: &EventStatistics) -> Markup {
    let rows: Vec<(String, Headcount)> = stats
        .check_ins_per_session
        .iter()
        .map(|s| {
            let label = match s.day {
                Some(day) => format!("{} ({})", s.title, day.format("%-d %b")),
                None => s.title.clone(),
            };
            (label, s.count)
        })
        .collect();
    let (body, height) = charts::bars(
        &rows
            .iter()
            .map(|(label, count)| rate_bar(label.clone(), count))
            .collect::<Vec<_>>(),
    );
    charts::chart(Chart {
        id: "check-in-session",
        heading: "Check-in rate per session",
        summary: format!(
            "{} sessions; each bar is who checked in on the session's day out of who chose it.",
            rows.len()
        ),
        height,
        body,
        legend: Some(html! {
            p.hint { "A check-in is for the day, not the room: a session counts those who chose it and checked in on its day." }
        }),
        table: rate_table("check-in-session", "Session", &rows),
    })
}
