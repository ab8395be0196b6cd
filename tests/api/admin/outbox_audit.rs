//! The outbox screen (counts, failures, retry one or all) and the audit
//! log (before and after of a change, filters), and who may reach them.

use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::Role;
use tessera::services::event_changes::EventChange;
use tessera::store::audit::Actor;
use tessera::store::entities::outbox_message;

use super::logged_in;
use crate::helpers::{Db, EventSpec, TestApp};
use crate::smtp::{SmtpServer, app_with_smtp, field, form, register_ok};

async fn row_of(app: &TestApp, recipient: &str) -> outbox_message::Model {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(recipient))
        .one(&app.db.read)
        .await
        .expect("outbox query")
        .expect("a message to the recipient")
}

async fn wait_for_status(app: &TestApp, recipient: &str, status: &str) -> outbox_message::Model {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let row = row_of(app, recipient).await;
        if row.status.as_str() == status {
            return row;
        }
        assert!(
            Instant::now() < deadline,
            "the message to {recipient} never became {status}: {row:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn retry_after_a_rejection(db: Db) {
    let Some(mut smtp) = SmtpServer::try_start() else {
        return;
    };
    let Some(app) = app_with_smtp(db, smtp.url()).await else {
        return;
    };
    let forms = [form(&app, 0, &[]).await, form(&app, 1, &[]).await];
    let emails: Vec<String> = forms.iter().map(|f| field(f, "email").to_owned()).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    smtp.set_rules(&[], &refs);
    for form in &forms {
        register_ok(&app, form).await;
    }
    let failed = wait_for_status(&app, &emails[0], "failed").await;
    wait_for_status(&app, &emails[1], "failed").await;
    assert!(failed.last_error.is_some());

    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let page = organizer.get(&app, "/admin/outbox?status=failed").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<td class=\"num\" id=\"count-failed\">2</td>"),
        "{html}"
    );
    assert!(html.contains(&emails[0]) && html.contains(&emails[1]));
    assert!(html.contains("550"), "the last error is shown: {html}");

    // The mail server accepts again.
    smtp.set_rules(&[], &[]);
    let retry = format!("/admin/outbox/{}/retry", failed.id);
    let forged = organizer.post_raw(&app, &retry, &[], &[]).await;
    assert_eq!(forged.status(), 403);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(row_of(&app, &emails[0]).await.status.as_str(), "failed");

    let retried = organizer.post(&app, &retry, &[]).await;
    assert_eq!(retried.status(), 303);
    let sent = wait_for_status(&app, &emails[0], "sent").await;
    assert!(sent.attempts >= 2, "sent on a second attempt");
    assert_eq!(
        row_of(&app, &emails[1]).await.status.as_str(),
        "failed",
        "retrying one leaves the others"
    );
    // A message that is not failed cannot be retried.
    assert_eq!(organizer.post(&app, &retry, &[]).await.status(), 409);

    let confirm = organizer.get(&app, "/admin/outbox/retry-failed").await;
    assert_eq!(confirm.status(), 200);
    let all = organizer
        .post(&app, "/admin/outbox/retry-failed", &[])
        .await;
    assert_eq!(all.status(), 303);
    wait_for_status(&app, &emails[1], "sent").await;
    let received = smtp.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 2);

    let audit = organizer
        .get(&app, "/admin/audit")
        .await
        .text()
        .await
        .unwrap();
    assert!(audit.contains("retry_all"), "{audit}");
    assert!(audit.contains(">retry<"), "{audit}");
}

#[tokio::test]
async fn failed_emails_can_be_sent_again_one_or_all_sqlite() {
    retry_after_a_rejection(Db::Sqlite).await;
}

#[tokio::test]
async fn failed_emails_can_be_sent_again_one_or_all_postgres() {
    retry_after_a_rejection(Db::Postgres).await;
}

async fn before_and_after(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let other = app.seed_event(EventSpec::default()).await;
    let old_title = app.event(&app.event_slug).await.event.title;
    app.services
        .update_event(
            &app.event_slug,
            EventChange {
                title: Some("Spring Entrepreneurship Days".into()),
                venue_name: Some("Town Hall".into()),
                ..EventChange::default()
            },
            Actor::Organizer("editor@office.example.eu".into()),
        )
        .await
        .expect("update the event");
    app.services
        .update_event(
            &other,
            EventChange {
                title: Some("Another change entirely".into()),
                ..EventChange::default()
            },
            Actor::System,
        )
        .await
        .expect("update the other event");

    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let page = organizer
        .get(&app, &format!("/admin/audit?event={}", app.event_slug))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("organizer:editor@office.example.eu"), "who");
    assert!(
        html.contains(&format!("<td class=\"before\">{old_title}</td>")),
        "the title before: {html}"
    );
    assert!(html.contains("<td class=\"after\">Spring Entrepreneurship Days</td>"));
    assert!(html.contains("<td class=\"before\">Chamber of Commerce</td>"));
    assert!(html.contains("<td class=\"after\">Town Hall</td>"));
    assert!(
        !html.contains("<td class=\"after\">Another change entirely</td>"),
        "another event's changes are filtered out"
    );

    let by_person = organizer
        .get(&app, "/admin/audit?person=editor%40office.example.eu")
        .await
        .text()
        .await
        .unwrap();
    assert!(by_person.contains("Town Hall"));
    assert!(!by_person.contains("<td class=\"after\">Another change entirely</td>"));
}

#[tokio::test]
async fn the_audit_log_shows_before_and_after_sqlite() {
    before_and_after(Db::Sqlite).await;
}

#[tokio::test]
async fn the_audit_log_shows_before_and_after_postgres() {
    before_and_after(Db::Postgres).await;
}

#[tokio::test]
async fn check_in_staff_reach_none_of_it() {
    let Some(app) = TestApp::spawn(Db::Sqlite).await else {
        return;
    };
    let (checkin, _) = logged_in(&app, Role::CheckIn).await;
    let announce = format!("/admin/events/{}/announce", app.event_slug);
    for path in [
        announce.as_str(),
        "/admin/outbox",
        "/admin/audit",
        "/admin/outbox/retry-failed",
    ] {
        assert_eq!(checkin.get(&app, path).await.status(), 403, "GET {path}");
    }
    for path in [
        announce.as_str(),
        "/admin/outbox/1/retry",
        "/admin/outbox/retry-failed",
    ] {
        let response = checkin
            .post(
                &app,
                path,
                &[
                    ("subject", "x"),
                    ("body", "y"),
                    ("audience", "confirmed"),
                    ("action", "send"),
                ],
            )
            .await;
        assert_eq!(response.status(), 403, "POST {path}");
    }
    let owed = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("announcement"))
        .all(&app.db.read)
        .await
        .unwrap();
    assert!(owed.is_empty());
}
