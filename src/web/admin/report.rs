//! The indicator report: participants per day, by country and by
//! organization, registered against attended, as a page and as CSV/XLSX.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::auth::Staff;
use super::error::AdminError;
use super::layout::admin_page;
use crate::domain::attendance::Headcount;
use crate::services::Services;
use crate::services::report::IndicatorReport;

async fn load(services: &Services, slug: &str) -> Result<IndicatorReport, AdminError> {
    services
        .indicator_report(slug)
        .await?
        .ok_or(AdminError::NotFound)
}

fn counts(count: &Headcount) -> Markup {
    html! {
        td class="num" { (count.registered) }
        td class="num" { (count.attended) }
        td class="num" { (count.no_shows()) }
    }
}

fn table(id: &str, caption: &str, first: &str, rows: &[(String, &Headcount)]) -> Markup {
    html! {
        div.table-wrap {
            table.counts data-report=(id) {
                caption { (caption) }
                thead { tr {
                    th scope="col" { (first) }
                    th scope="col" class="num" { "Registered (confirmed)" }
                    th scope="col" class="num" { "Attended (checked in)" }
                    th scope="col" class="num" { "No-shows" }
                } }
                tbody {
                    @for (name, count) in rows {
                        tr { th scope="row" { (name) } (counts(count)) }
                    }
                }
            }
        }
    }
}

pub async fn page(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let report = load(&services, &slug).await?;
    let base = format!("/admin/events/{}", report.slug);
    let days: Vec<(String, &Headcount)> = report
        .per_day
        .iter()
        .map(|(day, count)| (day.to_string(), count))
        .collect();
    let countries: Vec<(String, &Headcount)> = report
        .by_country
        .iter()
        .map(|(c, n)| (c.clone(), n))
        .collect();
    let organizations: Vec<(String, &Headcount)> = report
        .by_organization
        .iter()
        .map(|(o, n)| (o.clone(), n))
        .collect();
    Ok(admin_page(
        &staff,
        &format!("Indicator report · {}", report.title),
        html! {
            p { a href=(base) { "← " (report.title) } }
            h1 { "Indicator report" }
            p.lead { (report.title) }
            @if !report.funding_line.trim().is_empty() {
                p { (report.funding_line) }
            }
            p {
                "Registered: confirmed participants, no-shows included. "
                "Attended: those checked in (per day: on that day; by country and organization: on at least one day)."
            }
            ul.links {
                li { a href={ (base) "/report.csv" } { "Download as CSV" } }
                li { a href={ (base) "/report.xlsx" } { "Download as Excel (XLSX)" } }
                li { a href={ (base) "/statistics" } { "Statistics" } }
            }
            (table("total", "All participants, each counted once", "Participants", &[("Everyone".to_owned(), &report.total)]))
            h2 { "Per day" }
            (table("day", "Participants per day", "Day", &days))
            h2 { "By country" }
            (table("country", "Participants by country", "Country", &countries))
            h2 { "By organization" }
            (table("organization", "Participants by organization", "Organization", &organizations))
        },
    ))
}

fn download(content_type: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            // Slugs are ASCII letters, digits and dashes: nothing to quote.
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    _staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Response, AdminError> {
    let report = load(&services, &slug).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        &report.file_name("csv"),
        report.csv(),
    ))
}

pub async fn xlsx(
    _staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Response, AdminError> {
    let report = load(&services, &slug).await?;
    let name = report.file_name("xlsx");
    let file = tokio::task::spawn_blocking(move || report.xlsx())
        .await
        .map_err(AdminError::internal)?
        .map_err(AdminError::internal)?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
        file,
    ))
}
