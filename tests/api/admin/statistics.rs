//! The statistics page and the indicator report against the database,
//! after a scripted set of registrations (on different days), address
//! confirmations, a waiting list, cancellations, check-ins on two days and
//! an undone check-in. The charts' numbers are read from their text
//! alternative (the tables under each `<details>`); the report from its
//! page, its CSV (csv crate) and its XLSX (calamine).

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::{Language, RegistrationStatus, Role};
use tessera::i18n::countries::country_name;
use tessera::store::entities::registration;

use super::documents::{
    Registered, Scenario, ZONE, cancel, check_in, chosen_days, register_everyone, three_day_event,
    undo, verify,
};
use super::logged_in;
use crate::helpers::{Db, TestApp};

/// The table of chart or report `id` on `html`: its body rows, each as
/// the row's header cell followed by its data cells, as text.
fn table(html: &str, attribute: &str, id: &str) -> Vec<Vec<String>> {
    let marker = format!("<table class=\"counts\" {attribute}=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("a table {marker}"));
    let end = start + html[start..].find("</table>").unwrap();
    let body = &html[start..end];
    let body = &body[body.find("<tbody>").expect("a tbody")..];
    body.split("<tr>").skip(1).map(cells).collect()
}

/// The text of each `<th>` and `<td>` of a row.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(open) = rest.find("<t") {
        let after = &rest[open..];
        if after.starts_with("<th") || after.starts_with("<td") {
            let text_start = after.find('>').unwrap() + 1;
            let close = after.find("</t").unwrap();
            out.push(unescape(&after[text_start..close]));
            rest = &after[close + 4..];
        } else {
            rest = &after[2..];
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn numbers(rows: &[Vec<String>]) -> BTreeMap<String, Vec<String>> {
    rows.iter()
        .map(|r| (r[0].clone(), r[1..].to_vec()))
        .collect()
}

fn at_noon(day: chrono::NaiveDate) -> DateTime<Utc> {
    ZONE.from_local_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// People 0–9 registered three days ago, 10–19 yesterday, the rest today.
fn registered_on(i: usize, today: chrono::NaiveDate) -> chrono::NaiveDate {
    match i {
        0..=9 => today - Duration::days(3),
        10..=19 => today - Duration::days(1),
        _ => today,
    }
}

/// Capacity 20, addresses to confirm: 26 of the 32 confirm theirs (20 get
/// a seat, 6 wait), 6 never do; 3 and 5 cancel and 20 and 21 move up.
/// Yesterday 0, 1 (who chose only today's session), 2, 4 and 6 check in;
/// today 1, 2 and 10; 7 today by mistake, undone.
async fn statistics_scenario(app: &TestApp) -> Scenario {
    let (slug, days, sessions) = three_day_event(app, Some(20), true).await;
    let people = register_everyone(app, &slug, &sessions).await;
    for person in &people[..26] {
        verify(app, &person.id).await;
    }
    let today = days[1];
    for (i, person) in people.iter().enumerate() {
        registration::Entity::update_many()
            .col_expr(
                registration::Column::CreatedAt,
                Expr::value(at_noon(registered_on(i, today))),
            )
            .filter(registration::Column::Id.eq(person.id.as_str()))
            .exec(&app.db.write)
            .await
            .unwrap();
    }
    let (organizer, _) = logged_in(app, Role::Organizer).await;
    cancel(app, &organizer, &people[3].id).await;
    cancel(app, &organizer, &people[5].id).await;
    let id = |i: usize| people[i].id.as_str();
    let yesterday: Vec<(&str, DateTime<Utc>)> = [0, 1, 2, 4, 6]
        .iter()
        .enumerate()
        .map(|(k, i)| (id(*i), at_noon(days[0]) + Duration::minutes(k as i64)))
        .collect();
    check_in(app, &organizer, &slug, &yesterday).await;
    let now = Utc::now() - Duration::seconds(5);
    check_in(
        app,
        &organizer,
        &slug,
        &[(id(1), now), (id(2), now), (id(10), now)],
    )
    .await;
    let mistake = check_in(app, &organizer, &slug, &[(id(7), now)]).await;
    undo(app, &organizer, &slug, &mistake[0]).await;
    Scenario {
        slug,
        days,
        people,
        organizer,
    }
}

async fn status_of(app: &TestApp, person: &Registered) -> RegistrationStatus {
    registration::Entity::find_by_id(person.id.as_str())
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn statistics(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let s = statistics_scenario(&app).await;
    let page = s
        .organizer
        .get(&app, &format!("/admin/events/{}/statistics", s.slug))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();

    // Every chart is an image labelled by its title and description, with
    // its numbers under a <details>.
    for id in [
        "registrations",
        "status",
        "country",
        "organization",
        "check-in-day",
        "check-in-session",
    ] {
        assert!(
            html.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)),
            "{id} is labelled"
        );
        assert!(
            html.contains(&format!(r#"<title id="{id}-title">"#)),
            "{id} has a title"
        );
        table(&html, "data-chart", id);
    }
    assert_eq!(html.matches(r#"role="img""#).count(), 6);
    assert_eq!(html.matches("<details>").count(), 6);
    assert!(!html.contains("<script"), "no script needed");

    // By status, as the database counts them.
    let statuses: Vec<RegistrationStatus> = {
        let mut all = Vec::new();
        for p in &s.people {
            all.push(status_of(&app, p).await);
        }
        all
    };
    let count = |status| {
        statuses
            .iter()
            .filter(|s| **s == status)
            .count()
            .to_string()
    };
    let by_status = numbers(&table(&html, "data-chart", "status"));
    assert_eq!(
        by_status["Confirmed"],
        [count(RegistrationStatus::Confirmed)]
    );
    assert_eq!(
        by_status["Waiting list"],
        [count(RegistrationStatus::Waitlisted)]
    );
    assert_eq!(
        by_status["Pending confirmation"],
        [count(RegistrationStatus::Pending)]
    );
    assert_eq!(
        by_status["Cancelled"],
        [count(RegistrationStatus::Cancelled)]
    );
    // And as the script made them: 20 seats taken (20 and 21 moved up),
    // 4 waiting, 6 unconfirmed, 2 cancelled.
    assert_eq!(
        [
            &by_status["Confirmed"][0],
            &by_status["Waiting list"][0],
            &by_status["Pending confirmation"][0],
            &by_status["Cancelled"][0]
        ],
        ["20", "4", "6", "2"]
    );
    let confirmed: Vec<&Registered> = s
        .people
        .iter()
        .zip(&statuses)
        .filter(|(_, st)| **st == RegistrationStatus::Confirmed)
        .map(|(p, _)| p)
        .collect();

    // Registrations per day: received, running total, and of those the
    // ones confirmed now.
    let today = s.days[1];
    let per_day = table(&html, "data-chart", "registrations");
    let mut expected = Vec::new();
    let (mut total, mut still) = (0, 0);
    for back in (0..=3).rev() {
        let day = today - Duration::days(back);
        let arrived: Vec<usize> = (0..s.people.len())
            .filter(|i| registered_on(*i, today) == day)
            .collect();
        total += arrived.len();
        still += arrived
            .iter()
            .filter(|i| statuses[**i] == RegistrationStatus::Confirmed)
            .count();
        expected.push(vec![
            day.to_string(),
            arrived.len().to_string(),
            total.to_string(),
            still.to_string(),
        ]);
    }
    assert_eq!(per_day, expected);
    assert_eq!(
        expected.iter().map(|r| r[3].as_str()).collect::<Vec<_>>(),
        ["8", "8", "18", "20"]
    );
    assert!(
        html.contains("capacity of 20"),
        "the capacity line's number"
    );

    // By country and by organization: the confirmed people.
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    for p in &confirmed {
        *countries
            .entry(country_name(Language::En, &p.country))
            .or_default() += 1;
    }
    let by_country = numbers(&table(&html, "data-chart", "country"));
    assert_eq!(
        by_country,
        countries
            .iter()
            .map(|(c, n)| (c.clone(), vec![n.to_string()]))
            .collect::<BTreeMap<_, _>>()
    );
    let organizations = table(&html, "data-chart", "organization");
    assert_eq!(organizations.len(), 11, "ten by name and the rest");
    assert_eq!(organizations[10][0], "The other 10 organizations");
    assert_eq!(organizations[10][1], "10");
    let named: HashSet<&str> = confirmed.iter().map(|p| p.organization.as_str()).collect();
    for row in &organizations[..10] {
        assert!(
            named.contains(row[0].as_str()),
            "{row:?} is a confirmed person's"
        );
        assert_eq!(row[1], "1");
    }

    // Check-in rate per day: expected (or came) against checked in.
    let per_day = numbers(&table(&html, "data-chart", "check-in-day"));
    let label = |n: usize| s.days[n].format("%A %-d %B %Y").to_string();
    assert_eq!(per_day[&label(0)], ["16", "5", "31%"]);
    assert_eq!(per_day[&label(1)], ["14", "3", "21%"]);
    assert_eq!(per_day[&label(2)], ["9", "0", "0%"]);
    // Per session: who chose it against who of them came that day.
    let per_session = table(&html, "data-chart", "check-in-session");
    let rates: Vec<Vec<String>> = per_session.iter().map(|r| r[1..].to_vec()).collect();
    assert_eq!(
        rates,
        [["11", "4", "36%"], ["10", "3", "30%"], ["5", "0", "0%"]]
    );
    assert!(per_session[0][0].starts_with("Financing your growth"));
    // The script's choices agree: the first session is the %4 ∈ {0, 2}.
    assert_eq!(
        confirmed
            .iter()
            .filter(|p| chosen_days(p.index).contains(&0))
            .count(),
        11
    );
}

#[tokio::test]
async fn the_charts_numbers_match_the_database_sqlite() {
    statistics(Db::Sqlite).await;
}

#[tokio::test]
async fn the_charts_numbers_match_the_database_postgres() {
    statistics(Db::Postgres).await;
}

async fn report(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let s = statistics_scenario(&app).await;
    let base = format!("/admin/events/{}", s.slug);
    let response = s.organizer.get(&app, &format!("{base}/report")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let mut confirmed = Vec::new();
    for p in &s.people {
        if status_of(&app, p).await == RegistrationStatus::Confirmed {
            confirmed.push(p.clone());
        }
    }
    let came: HashSet<usize> = [0, 1, 2, 4, 6, 10].into();
    let total = numbers(&table(&html, "data-report", "total"));
    assert_eq!(total["Everyone"], ["20", "6", "14"]);
    let days = numbers(&table(&html, "data-report", "day"));
    assert_eq!(days[&s.days[0].to_string()], ["16", "5", "11"]);
    assert_eq!(days[&s.days[1].to_string()], ["14", "3", "11"]);
    assert_eq!(days[&s.days[2].to_string()], ["9", "0", "9"]);
    let mut countries: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in &confirmed {
        let entry = countries
            .entry(country_name(Language::En, &p.country))
            .or_default();
        entry.0 += 1;
        entry.1 += usize::from(came.contains(&p.index));
    }
    let expected: BTreeMap<String, Vec<String>> = countries
        .iter()
        .map(|(c, (r, a))| {
            (
                c.clone(),
                vec![r.to_string(), a.to_string(), (r - a).to_string()],
            )
        })
        .collect();
    assert_eq!(numbers(&table(&html, "data-report", "country")), expected);
    let organizations = numbers(&table(&html, "data-report", "organization"));
    assert_eq!(organizations.len(), confirmed.len());
    for p in &confirmed {
        let attended = usize::from(came.contains(&p.index));
        assert_eq!(
            organizations[&p.organization],
            [
                "1".to_owned(),
                attended.to_string(),
                (1 - attended).to_string()
            ],
            "{}",
            p.organization
        );
    }

    // The files: the same numbers, in one long table.
    let csv_bytes = s.organizer.get(&app, &format!("{base}/report.csv")).await;
    assert_eq!(csv_bytes.status(), 200);
    assert!(
        csv_bytes.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = csv_bytes.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Breakdown",
            "Group",
            "Registered (confirmed)",
            "Attended (checked in)",
            "No-shows"
        ]
    );
    let csv_rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(csv_rows[0], ["Total", "All participants", "20", "6", "14"]);
    let find = |rows: &[Vec<String>], breakdown: &str, group: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[0] == breakdown && r[1] == group)
            .unwrap_or_else(|| panic!("{breakdown} {group}"))[2..]
            .to_vec()
    };
    assert_eq!(
        find(&csv_rows, "Day", &s.days[0].to_string()),
        ["16", "5", "11"]
    );
    for (country, numbers) in &expected {
        assert_eq!(&find(&csv_rows, "Country", country), numbers);
    }
    for p in &confirmed {
        assert_eq!(find(&csv_rows, "Organization", &p.organization)[0], "1");
    }
    assert_eq!(
        csv_rows.len(),
        1 + 3 + expected.len() + confirmed.len(),
        "total, days, countries, organizations"
    );

    let response = s.organizer.get(&app, &format!("{base}/report.xlsx")).await;
    assert_eq!(response.status(), 200);
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).expect("an XLSX");
    let range = book.worksheet_range("Indicators").expect("the sheet");
    let xlsx_rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        xlsx_rows[1..],
        csv_rows[..],
        "the XLSX says what the CSV says"
    );
    assert_eq!(
        range.get((1, 2)),
        Some(&Data::Float(20.0)),
        "counts are numbers"
    );
}

#[tokio::test]
async fn the_indicator_report_counts_with_and_without_no_shows_sqlite() {
    report(Db::Sqlite).await;
}

#[tokio::test]
async fn the_indicator_report_counts_with_and_without_no_shows_postgres() {
    report(Db::Postgres).await;
}

async fn hostile_report(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let hostile = ["=HYPERLINK(\"http://x.example\",\"x\")", "+1", "@cmd", "-2"];
    for (i, organization) in hostile.iter().enumerate() {
        let mut form = app.form_for(&slug, i).await;
        for pair in form.iter_mut().filter(|(k, _)| k == "organization") {
            pair.1 = (*organization).into();
        }
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 303);
    }
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let bytes = organizer
        .get(&app, &format!("/admin/events/{slug}/report.csv"))
        .await
        .bytes()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let groups: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    for organization in hostile {
        assert!(
            groups.contains(&format!("'{organization}")),
            "{organization} neutralised in {groups:?}"
        );
    }
    let response = organizer
        .get(&app, &format!("/admin/events/{slug}/report.xlsx"))
        .await;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).expect("an XLSX");
    let range = book.worksheet_range("Indicators").unwrap();
    for organization in hostile {
        assert!(
            range
                .rows()
                .any(|r| r.get(1) == Some(&Data::String(organization.into()))),
            "{organization} as a string cell"
        );
    }
    let formulas = book.worksheet_formula("Indicators").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula"
    );
}

#[tokio::test]
async fn the_report_files_never_run_a_formula_sqlite() {
    hostile_report(Db::Sqlite).await;
}

#[tokio::test]
async fn the_report_files_never_run_a_formula_postgres() {
    hostile_report(Db::Postgres).await;
}
