//! The attendee exports, read back by independent readers: the csv crate
//! and calamine. Every person and answer is there, diacritics and Greek
//! intact, and nothing a spreadsheet would run as a formula.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use tessera::domain::Role;

use super::logged_in;
use crate::helpers::{Db, TestApp, people};

const HOSTILE: [(&str, &str); 3] = [
    ("first_name", "=HYPERLINK(\"http://x.example\",\"x\")"),
    ("last_name", "+1"),
    ("organization", "@cmd"),
];

/// Registers the fixture's people and one with formula-like fields;
/// returns the event's slug.
async fn registered(app: &TestApp) -> String {
    let slug = app.event_slug.clone();
    for i in 0..people().len() {
        app.register_person(&slug, i).await;
    }
    let mut form = app.form_for(&slug, 99).await;
    for (field, value) in HOSTILE {
        for pair in form.iter_mut().filter(|(k, _)| k == field) {
            pair.1 = value.into();
        }
    }
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(
        response.status(),
        303,
        "the hostile registration is accepted"
    );
    slug
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("a column {name:?} in {header:?}"))
}

async fn csv_export(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = registered(&app).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let response = organizer
        .get(&app, &format!("/admin/events/{slug}/export.csv"))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte order mark");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), people().len() + 1);
    let (first, last, org) = (
        column(&header, "First name"),
        column(&header, "Last name"),
        column(&header, "Organization"),
    );
    let answer = column(&header, "Stage of your business");
    column(&header, "Session: Financing your growth");
    for person in people() {
        let row = rows
            .iter()
            .find(|r| r[first] == person.first_name && r[last] == person.last_name)
            .unwrap_or_else(|| panic!("{} {} in the CSV", person.first_name, person.last_name));
        assert_eq!(row[org], person.organization);
    }
    assert!(rows.iter().any(|r| r[org] == "Θεσσαλονίκη Εξαγωγές Α.Ε."));
    assert!(rows.iter().all(|r| r[answer] == "Idea"), "every answer");
    let hostile = rows
        .iter()
        .find(|r| r[org].contains("@cmd"))
        .expect("the hostile row");
    for (cell, (_, value)) in [
        hostile[first].as_str(),
        hostile[last].as_str(),
        hostile[org].as_str(),
    ]
    .into_iter()
    .zip(HOSTILE)
    {
        assert_eq!(cell, format!("'{value}"), "neutralised");
    }

    // The export follows the table's filters.
    let filtered = organizer
        .get(
            &app,
            &format!("/admin/events/{slug}/export.csv?q=m%C3%BCller"),
        )
        .await
        .bytes()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(&filtered[3..]);
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[last].to_owned())
        .collect();
    assert_eq!(names, ["Müller"]);
}

#[tokio::test]
async fn the_csv_export_has_everyone_intact_and_no_formula_sqlite() {
    csv_export(Db::Sqlite).await;
}

#[tokio::test]
async fn the_csv_export_has_everyone_intact_and_no_formula_postgres() {
    csv_export(Db::Postgres).await;
}

async fn xlsx_export(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = registered(&app).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let response = organizer
        .get(&app, &format!("/admin/events/{slug}/export.xlsx"))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a readable XLSX");
    let range = book.worksheet_range("Attendees").expect("the sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = &rows[0];
    let (first, last, org) = (
        column(header, "First name"),
        column(header, "Last name"),
        column(header, "Organization"),
    );
    let answer = column(header, "Stage of your business");
    assert_eq!(rows.len(), people().len() + 2);
    for person in people() {
        assert!(
            rows.iter().any(|r| r[first] == person.first_name
                && r[last] == person.last_name
                && r[org] == person.organization),
            "{} {} in the XLSX",
            person.first_name,
            person.last_name
        );
    }
    assert!(
        rows[1..].iter().all(|r| r[answer] == "Idea"),
        "every answer"
    );
    // The hostile values are there as they were typed, as text cells.
    let (index, _) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r[org] == "@cmd")
        .expect("the hostile row");
    for (col, (_, value)) in [first, last, org].into_iter().zip(HOSTILE) {
        assert_eq!(
            range.get((index, col)),
            Some(&Data::String(value.into())),
            "a string cell"
        );
    }
    let formulas = book.worksheet_formula("Attendees").expect("formulas read");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula anywhere"
    );
}

#[tokio::test]
async fn the_xlsx_export_has_everyone_intact_and_no_formula_sqlite() {
    xlsx_export(Db::Sqlite).await;
}

#[tokio::test]
async fn the_xlsx_export_has_everyone_intact_and_no_formula_postgres() {
    xlsx_export(Db::Postgres).await;
}
