//! Writing to attendees from the dashboard: preview, audience, Markdown in
//! both parts of the email, and the delivery counts.

use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tessera::domain::Role;
use tessera::store::entities::outbox_message;

use super::{Browser, logged_in};
use crate::helpers::{Db, TestApp};
use crate::smtp::{SmtpServer, app_with_smtp, field, form, register_ok};

const SUBJECT: &str = "Room change";
const BODY: &str = "We meet in **room 4**, see [the map](https://example.org/map).\n\n- coffee at 9\n- badges at the door\n";

async fn announcements(app: &TestApp) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("announcement"))
        .all(&app.db.read)
        .await
        .expect("outbox")
}

/// Posts the announcement form; `action` is `preview` or `send`.
async fn post_announcement(
    organizer: &Browser,
    app: &TestApp,
    audience: &str,
    action: &str,
) -> reqwest::Response {
    organizer
        .post(
            app,
            &format!("/admin/events/{}/announce", app.event_slug),
            &[
                ("audience", audience),
                ("subject", SUBJECT),
                ("body", BODY),
                ("action", action),
            ],
        )
        .await
}

async fn markdown_reaches_the_attendees(db: Db) {
    let Some(smtp) = SmtpServer::try_start() else {
        return;
    };
    let Some(app) = app_with_smtp(db, smtp.url()).await else {
        return;
    };
    let mut confirmed = Vec::new();
    for i in 0..2 {
        let form = form(&app, i, &[]).await;
        confirmed.push(field(&form, "email").to_lowercase());
        register_ok(&app, &form).await;
    }
    // The two confirmations.
    smtp.wait_for(2, Duration::from_secs(20)).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;

    let page = organizer
        .get(&app, &format!("/admin/events/{}/announce", app.event_slug))
        .await;
    assert_eq!(page.status(), 200);

    let preview = post_announcement(&organizer, &app, "confirmed", "preview").await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    assert!(
        html.contains("<strong>room 4</strong>"),
        "the HTML preview: {html}"
    );
    assert!(html.contains("- coffee at 9"), "the text preview");
    assert!(html.contains("Send to 2 people"), "the audience is counted");
    assert!(
        announcements(&app).await.is_empty(),
        "a preview sends nothing"
    );

    let sent = post_announcement(&organizer, &app, "confirmed", "send").await;
    assert_eq!(sent.status(), 303);
    let status_page = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(status_page.contains("/announcements/"), "{status_page}");

    let rows = announcements(&app).await;
    assert_eq!(rows.len(), 2, "one row per confirmed attendee");
    for row in &rows {
        let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap();
        assert!(
            payload["body_html"]
                .as_str()
                .unwrap()
                .contains("<strong>room 4</strong>")
        );
        assert!(!payload["body_text"].as_str().unwrap().contains("**"));
    }

    let received = smtp.wait_for(4, Duration::from_secs(20)).await;
    let mut reached = Vec::new();
    for message in &received {
        let parsed = message.parse();
        if !parsed.subject().unwrap_or_default().contains(SUBJECT) {
            continue;
        }
        reached.extend(message.recipients.iter().map(|r| r.to_lowercase()));
        let text = parsed.body_text(0).expect("a text part").to_string();
        assert!(text.contains("room 4"), "{text}");
        assert!(
            !text.contains("**"),
            "no Markdown markers in the text: {text}"
        );
        assert!(text.contains("the map (https://example.org/map)"), "{text}");
        let html = parsed.body_html(0).expect("an HTML part").to_string();
        assert!(
            !html.contains("**"),
            "no Markdown markers in the HTML: {html}"
        );
        assert!(
            html.contains("<strong>room 4</strong>"),
            "the Markdown rendered in the HTML part: {html}"
        );
        assert!(html.contains("<li>coffee at 9</li>"), "{html}");
    }
    reached.sort();
    confirmed.sort();
    assert_eq!(reached, confirmed, "every confirmed attendee, once");

    // Once both left, the page says so.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let html = organizer
            .get(&app, &status_page)
            .await
            .text()
            .await
            .unwrap();
        if html.contains("<td class=\"num\" id=\"sent\">2</td>") {
            assert!(html.contains("<td class=\"num\" id=\"pending\">0</td>"));
            assert!(html.contains("<td class=\"num\" id=\"failed\">0</td>"));
            break;
        }
        assert!(Instant::now() < deadline, "never counted as sent: {html}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn markdown_announcement_reaches_confirmed_attendees_sqlite() {
    markdown_reaches_the_attendees(Db::Sqlite).await;
}

#[tokio::test]
async fn markdown_announcement_reaches_confirmed_attendees_postgres() {
    markdown_reaches_the_attendees(Db::Postgres).await;
}

async fn one_session_only(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let event = app.event(&app.event_slug).await;
    let (first, second) = (event.sessions[0].id, event.sessions[1].id);
    let mut in_first = app.form_for(&app.event_slug, 0).await;
    in_first.push(("session".into(), first.to_string()));
    let mut in_second = app.form_for(&app.event_slug, 1).await;
    in_second.push(("session".into(), second.to_string()));
    register_ok(&app, &in_first).await;
    register_ok(&app, &in_second).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;

    let audience = format!("session:{first}");
    let sent = post_announcement(&organizer, &app, &audience, "send").await;
    assert_eq!(sent.status(), 303);
    let rows = announcements(&app).await;
    let recipients: Vec<String> = rows.iter().map(|r| r.recipient.to_lowercase()).collect();
    assert_eq!(
        recipients,
        vec![field(&in_first, "email").to_lowercase()],
        "only the first session's attendee"
    );

    // A session of no event of ours is refused next to the field.
    let refused = post_announcement(&organizer, &app, "session:999999", "send").await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"audience-error\""), "{html}");
    assert_eq!(announcements(&app).await.len(), 1, "nothing more owed");
}

#[tokio::test]
async fn an_announcement_to_one_session_reaches_only_its_attendees_sqlite() {
    one_session_only(Db::Sqlite).await;
}

#[tokio::test]
async fn an_announcement_to_one_session_reaches_only_its_attendees_postgres() {
    one_session_only(Db::Postgres).await;
}

#[tokio::test]
async fn a_bad_announcement_keeps_what_was_typed_and_sends_nothing() {
    let Some(app) = TestApp::spawn(Db::Sqlite).await else {
        return;
    };
    app.register_person(&app.event_slug, 0).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let response = organizer
        .post(
            &app,
            &format!("/admin/events/{}/announce", app.event_slug),
            &[
                ("audience", "confirmed"),
                ("subject", "   "),
                ("body", "Kept **as typed**"),
                ("action", "send"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"subject-error\""), "{html}");
    assert!(html.contains("Kept **as typed**"), "the body is kept");
    let owed = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("announcement"))
        .count(&app.db.read)
        .await
        .unwrap();
    assert_eq!(owed, 0);

    // Without the CSRF token nothing is sent either.
    let forged = organizer
        .post_raw(
            &app,
            &format!("/admin/events/{}/announce", app.event_slug),
            &[
                ("audience", "confirmed"),
                ("subject", SUBJECT),
                ("body", BODY),
                ("action", "send"),
            ],
            &[],
        )
        .await;
    assert_eq!(forged.status(), 403);
    assert!(announcements(&app).await.is_empty());
}
