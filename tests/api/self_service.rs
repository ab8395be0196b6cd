//! Self-service on `/r/{token}` (issue 14): an attendee changes their
//! answers, sessions and email language on their own page; session
//! capacities hold, a confirmed attendee whose sessions changed gets an
//! updated invite (same UID, higher SEQUENCE), and later emails speak the
//! new language.

use std::time::Duration;

use icalendar::parser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::Role;
use tessera::store::entities::{audit_entry, registration, session};
use tessera::store::queries;

use crate::admin::logged_in;
use crate::emails::{children, content_type, text_of, value, vevent};
use crate::helpers::{Db, EventSpec, TestApp, token_of};
use crate::smtp::{Received, SmtpServer, app_with_smtp};

const WAIT: Duration = Duration::from_secs(20);

/// A form field's value, or all of them (repeated fields).
fn pairs(fields: &[(&str, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

async fn post_details(app: &TestApp, token: &str, form: &[(String, String)]) -> reqwest::Response {
    app.post_form(&format!("/r/{token}/details"), form).await
}

/// The event's one question (a required select) and its two sessions.
async fn shape(app: &TestApp, slug: &str) -> (String, i64, i64) {
    let event = app.event(slug).await;
    (
        format!("q_{}", event.questions[0].id),
        event.sessions[0].id,
        event.sessions[1].id,
    )
}

async fn row(app: &TestApp, token: &str) -> registration::Model {
    queries::registration_by_token(&app.db.read, token)
        .await
        .unwrap()
        .expect("the registration")
}

async fn chosen(app: &TestApp, token: &str) -> Vec<i64> {
    let id = row(app, token).await.id;
    let mut chosen = queries::chosen_session_ids(&app.db.read, &id)
        .await
        .unwrap();
    chosen.sort();
    chosen
}

async fn session_count(app: &TestApp, id: i64) -> i32 {
    session::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the session")
        .confirmed_count
}

#[tokio::test]
async fn changed_answers_show_on_the_attendee_and_dashboard_pages() {
    answers(Db::Sqlite).await;
}

#[tokio::test]
async fn changed_answers_show_on_the_attendee_and_dashboard_pages_on_postgres() {
    answers(Db::Postgres).await;
}

async fn answers(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (question, _, second) = shape(&app, &slug).await;
    let (_, token) = app.register_person(&slug, 11).await;

    // The form opens with the registration as it stands.
    let page = app.get(&format!("/r/{token}/details")).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("<option value=\"Idea\" selected>"), "{page}");
    assert!(page.contains(&format!("action=\"/r/{token}/details?lang=en\"")));

    let saved = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), "Established".into()),
            ("session", second.to_string()),
            ("language", "en".into()),
        ]),
    )
    .await;
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("/r/{token}?")), "{location}");
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("Your changes have been saved."), "{page}");
    assert!(page.contains("Stage of your business"), "{page}");
    assert!(page.contains("<dd>Established</dd>"), "{page}");
    assert!(
        page.contains("Selling across borders"),
        "the new session: {page}"
    );
    assert_eq!(chosen(&app, &token).await, [second]);

    // Staff see the new answer, and who changed it.
    let id = row(&app, &token).await.id;
    let (staff, _) = logged_in(&app, Role::Organizer).await;
    let dashboard = staff
        .get(&app, &format!("/admin/registrations/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains("Established"), "{dashboard}");
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectId.eq(id.as_str()))
        .filter(audit_entry::Column::Action.eq("change"))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("an audit entry");
    assert_eq!(entry.actor, "attendee");
    assert!(
        !entry.detail.contains("Established"),
        "no answers in the audit log"
    );

    // A required question left empty: 422, the error beside it, the other
    // values kept, nothing changed.
    let refused = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), String::new()),
            ("language", "it".into()),
        ]),
    )
    .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains(&format!("id=\"{question}-error\"")), "{page}");
    assert!(
        page.contains("<option value=\"it\" selected"),
        "kept: {page}"
    );
    let stored = row(&app, &token).await;
    assert!(stored.answers.contains("Established"));
    assert_eq!(stored.language, "en");
}

#[tokio::test]
async fn a_full_session_is_refused_by_name_and_nothing_changes() {
    full_session(Db::Sqlite).await;
}

#[tokio::test]
async fn a_full_session_is_refused_by_name_and_nothing_changes_on_postgres() {
    full_session(Db::Postgres).await;
}

async fn full_session(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            session_capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let (question, first, second) = shape(&app, &slug).await;
    let mut form = app.form_for(&slug, 12).await;
    form.push(("session".into(), first.to_string()));
    let taken = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(taken.status(), 303);
    let first_token = token_of(&taken);
    assert_eq!(session_count(&app, first).await, 1);

    let (_, token) = app.register_person(&slug, 13).await;
    let refused = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), "Young".into()),
            ("session", first.to_string()),
            ("session", second.to_string()),
        ]),
    )
    .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("The session “Financing your growth” is full"),
        "{page}"
    );
    assert!(
        page.contains(&format!("aria-describedby=\"session_{first}-error\"")),
        "the error is tied to its checkbox: {page}"
    );
    assert!(
        page.contains("<option value=\"Young\" selected>"),
        "kept: {page}"
    );
    assert!(chosen(&app, &token).await.is_empty(), "nothing changed");
    assert!(row(&app, &token).await.answers.contains("Idea"));
    assert_eq!(session_count(&app, first).await, 1);
    assert_eq!(session_count(&app, second).await, 0);

    // Once the seat is given up, the change goes through.
    let freed = post_details(
        &app,
        &first_token,
        &pairs(&[(question.as_str(), "Idea".into())]),
    )
    .await;
    assert_eq!(freed.status(), 303);
    assert_eq!(session_count(&app, first).await, 0);
    let moved = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), "Young".into()),
            ("session", first.to_string()),
        ]),
    )
    .await;
    assert_eq!(moved.status(), 303);
    assert_eq!(session_count(&app, first).await, 1);
}

#[tokio::test]
async fn a_cancelled_registration_cannot_change_and_a_wrong_token_is_404() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    let (question, _, second) = shape(&app, &slug).await;
    let (_, token) = app.register_person(&slug, 14).await;
    let cancelled = app
        .client
        .post(format!("{}/r/{token}/cancel", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 303);
    let form = pairs(&[
        (question.as_str(), "Established".into()),
        ("session", second.to_string()),
    ]);
    assert_eq!(app.get(&format!("/r/{token}/details")).await.status(), 409);
    let refused = post_details(&app, &token, &form).await;
    assert_eq!(refused.status(), 409);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("can no longer be changed")
    );
    assert!(chosen(&app, &token).await.is_empty());
    assert!(row(&app, &token).await.answers.contains("Idea"));
    let page = app.get(&format!("/r/{token}")).await.text().await.unwrap();
    assert!(!page.contains("/details"), "no link to change: {page}");

    let wrong = "A".repeat(token.len());
    assert_eq!(app.get(&format!("/r/{wrong}/details")).await.status(), 404);
    assert_eq!(post_details(&app, &wrong, &form).await.status(), 404);
    assert_eq!(app.get("/r/x/details").await.status(), 404);
}

/// The calendar part of an email, parsed by an independent reader:
/// (METHOD, UID, SEQUENCE).
fn invite_of(received: &Received) -> (String, String, i64) {
    let message = received.parse();
    let root = message.root_part();
    let mixed = children(&message, root);
    let alternative = children(&message, mixed[0]);
    let calendar = alternative
        .iter()
        .find(|p| content_type(p) == "text/calendar")
        .expect("a calendar part");
    let text = text_of(calendar);
    let unfolded = parser::unfold(&text);
    let calendar = parser::read_calendar(&unfolded).expect("a calendar");
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "METHOD")
        .map(|p| p.val.as_str().to_owned())
        .unwrap_or_default();
    let event = vevent(&calendar);
    (
        method,
        value(event, "UID"),
        value(event, "SEQUENCE").parse().expect("a number"),
    )
}

fn subject(received: &Received) -> String {
    received.parse().subject().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn changed_sessions_send_an_updated_invite_and_a_new_language_speaks_next() {
    updated_invite(Db::Sqlite).await;
}

#[tokio::test]
async fn changed_sessions_send_an_updated_invite_and_a_new_language_speaks_next_on_postgres() {
    updated_invite(Db::Postgres).await;
}

async fn updated_invite(db: Db) {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let Some(app) = app_with_smtp(db, server.url()).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (question, first, second) = shape(&app, &slug).await;
    let (_, token) = app.register_person(&slug, 15).await;
    let received = server.wait_for(1, WAIT).await;
    let (method, uid, sequence) = invite_of(&received[0]);
    assert_eq!(method, "REQUEST");

    // Answers alone change no invite.
    let answered = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), "Young".into()),
            ("language", "en".into()),
        ]),
    )
    .await;
    assert_eq!(answered.status(), 303);

    let changed = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), "Young".into()),
            ("session", first.to_string()),
            ("session", second.to_string()),
            ("language", "en".into()),
        ]),
    )
    .await;
    assert_eq!(changed.status(), 303);
    let location = changed.headers()["location"].to_str().unwrap().to_owned();
    let page = app.get(&location).await.text().await.unwrap();
    assert!(
        page.contains("We are emailing you an updated calendar invite"),
        "{page}"
    );
    let received = server.wait_for(2, WAIT).await;
    assert_eq!(received.len(), 2, "one email for the session change only");
    assert!(subject(&received[1]).starts_with("Your sessions have changed"));
    let body = received[1]
        .parse()
        .body_text(0)
        .unwrap_or_default()
        .to_string();
    assert!(
        body.contains("Financing your growth") && body.contains("Selling across borders"),
        "{body}"
    );
    let (method, same_uid, higher) = invite_of(&received[1]);
    assert_eq!(method, "REQUEST");
    assert_eq!(same_uid, uid, "the same calendar entry");
    assert!(higher > sequence, "{higher} > {sequence}");

    // The invite on the page says the same.
    let ics = app
        .get(&format!("/r/{token}/invite.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ics.contains(&format!("SEQUENCE:{higher}\r\n")), "{ics}");

    // Italian from now on: the cancellation comes in Italian, and its
    // CANCEL outranks the updated invite.
    let italian = post_details(
        &app,
        &token,
        &pairs(&[
            (question.as_str(), "Young".into()),
            ("session", first.to_string()),
            ("session", second.to_string()),
            ("language", "it".into()),
        ]),
    )
    .await;
    assert_eq!(italian.status(), 303);
    let cancelled = app
        .client
        .post(format!("{}/r/{token}/cancel", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 303);
    let received = server.wait_for(3, WAIT).await;
    let last = &received[2];
    assert!(
        subject(last).starts_with("Iscrizione annullata"),
        "{}",
        subject(last)
    );
    let (method, cancel_uid, cancel_sequence) = invite_of(last);
    assert_eq!(
        (method.as_str(), cancel_uid.as_str()),
        ("CANCEL", uid.as_str())
    );
    assert!(cancel_sequence > higher);
}
