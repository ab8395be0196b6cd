//! A lost manage link (issue 14): the small form on the event page emails
//! the registration's link to its own address, at most every 15 minutes,
//! and answers every address alike, so it tells nobody who is registered.
//! Emails arrive in a real SMTP server (aiosmtpd) and are read with
//! mail-parser; the link they carry is followed over HTTP.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tessera::store::entities::{outbox_message, registration};

use crate::emails::text_of;
use crate::helpers::{Db, TestApp};
use crate::smtp::{SmtpServer, app_with_smtp};

async fn ask(app: &TestApp, slug: &str, email: &str) -> (u16, String, String) {
    let response = app
        .client
        .post(format!("{}/events/{slug}/lost-link?lang=en", app.address))
        .form(&[("email", email)])
        .send()
        .await
        .expect("POST");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, response.text().await.expect("a body"))
}

async fn outbox_rows(app: &TestApp) -> u64 {
    outbox_message::Entity::find()
        .count(&app.db.read)
        .await
        .expect("count the outbox")
}

async fn last_emailed(app: &TestApp, email: &str) -> Option<chrono::DateTime<Utc>> {
    registration::Entity::find()
        .filter(registration::Column::Email.eq(email))
        .one(&app.db.read)
        .await
        .expect("read the registration")
        .expect("the registration")
        .last_emailed_at
}

/// Moves the registration's last email back in time, as if it had
/// registered `minutes` ago.
async fn emailed_minutes_ago(app: &TestApp, email: &str, minutes: i64) {
    registration::Entity::update_many()
        .col_expr(
            registration::Column::LastEmailedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now() - chrono::Duration::minutes(minutes))),
        )
        .filter(registration::Column::Email.eq(email))
        .exec(&app.db.write)
        .await
        .expect("age the registration's last email");
}

async fn check(db: Db) {
    let Some(smtp) = SmtpServer::try_start() else {
        return;
    };
    let Some(app) = app_with_smtp(db, smtp.url()).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (email, token) = app.register_person(&slug, 4).await;
    let confirmation = smtp.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(confirmation.len(), 1);

    // Looking at the form changes nothing: GET and HEAD of the event page
    // and of the form's own page.
    let rows = outbox_rows(&app).await;
    let emailed = last_emailed(&app, &email).await;
    for path in [
        format!("/events/{slug}"),
        format!("/events/{slug}/lost-link"),
    ] {
        let url = format!("{}{path}", app.address);
        let page = app.client.get(&url).send().await.expect("GET");
        assert_eq!(page.status(), 200, "{path}");
        let page = page.text().await.expect("a page");
        assert!(
            page.contains(&format!("action=\"/events/{slug}/lost-link?lang=")),
            "{path} has the form"
        );
        assert!(page.contains("Lost your link?"), "{path}");
        let head = app.client.head(&url).send().await.expect("HEAD");
        assert_eq!(head.status(), 200, "HEAD {path}");
    }
    assert_eq!(outbox_rows(&app).await, rows, "a GET owed an email");
    assert_eq!(last_emailed(&app, &email).await, emailed);

    // Registered a while ago: the link is due again.
    emailed_minutes_ago(&app, &email, 20).await;
    let typed = format!("  {}  ", email.to_uppercase());
    let known = ask(&app, &slug, &typed).await;
    let unknown = ask(&app, &slug, "nobody.here@example.org").await;
    assert_eq!(known.0, 200);
    assert_eq!(
        known, unknown,
        "a known and an unknown address get different answers"
    );
    assert!(
        known
            .2
            .contains("If this address is registered for this event, we have emailed its link"),
        "{}",
        known.2
    );
    assert!(
        !known.2.contains(&token),
        "the answer holds the manage link"
    );
    assert!(!known.2.to_lowercase().contains(&email.to_lowercase()));

    // Exactly one email, to the registered address, with a link that works.
    let received = smtp.wait_for(2, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let received = if smtp.received().len() > received.len() {
        smtp.received()
    } else {
        received
    };
    assert_eq!(received.len(), 2, "one confirmation and one resent link");
    let resent = &received[1];
    assert_eq!(resent.recipients, std::slice::from_ref(&email));
    let message = resent.parse();
    let text = text_of(message.text_part(0).expect("a text part"));
    let link = format!("{}/r/{token}", app.address);
    assert!(
        text.contains(&link),
        "the email has the manage link: {text}"
    );
    let own = app.get(&format!("/r/{token}")).await;
    assert_eq!(own.status(), 200);
    let own = own.text().await.unwrap();
    let person = &crate::helpers::people()[4];
    assert!(own.contains(&person.last_name), "the link opens their page");

    // Again within 15 minutes: the same answer, nothing sent.
    let again = ask(&app, &slug, &email).await;
    assert_eq!(again, known);
    let rows_now = outbox_rows(&app).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(smtp.received().len(), 2, "a second email within 15 minutes");
    assert_eq!(outbox_rows(&app).await, rows_now);
    assert_eq!(rows_now, rows + 1, "one row owed by the known address only");

    // Not an address: 422, the field named in the summary and tied to its
    // error.
    let (status, _, page) = ask(&app, &slug, "anna.rossi-at-example.it").await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"error-summary\""), "{page}");
    assert!(page.contains("href=\"#lost-link-email\""), "{page}");
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(page.contains("aria-describedby=\"lost-link-email-error"));
    assert!(page.contains("value=\"anna.rossi-at-example.it\""));
    assert_eq!(outbox_rows(&app).await, rows_now);

    // A draft or missing event has no such form.
    let (status, _, _) = ask(&app, "no-such-event", &email).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_lost_link_is_emailed_once_and_the_answer_tells_nothing_sqlite() {
    check(Db::Sqlite).await;
}

#[tokio::test]
async fn a_lost_link_is_emailed_once_and_the_answer_tells_nothing_postgres() {
    check(Db::Postgres).await;
}

/// Two instances asked at once for the same registration send one email.
#[tokio::test]
async fn two_instances_asked_at_once_send_one_email_postgres() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let other = app.another_instance().await;
    let slug = app.event_slug.clone();
    let (email, _) = app.register_person(&slug, 6).await;
    emailed_minutes_ago(&app, &email, 30).await;
    let rows = outbox_rows(&app).await;
    let asks = (0..8).map(|i| {
        let target = if i % 2 == 0 { &app } else { &other };
        let slug = slug.clone();
        let email = email.clone();
        async move { ask(target, &slug, &email).await }
    });
    let answers = futures_util::future::join_all(asks).await;
    assert!(answers.iter().all(|a| a.0 == 200 && *a == answers[0]));
    assert_eq!(
        outbox_rows(&app).await,
        rows + 1,
        "one email owed, not more"
    );
}

#[tokio::test]
async fn the_lost_link_form_is_rate_limited_like_the_registration_form() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.rate_limit_per_minute = 2)
        .await
        .expect("SQLite");
    let slug = app.event_slug.clone();
    let mut codes = Vec::new();
    for i in 0..4 {
        let (status, _, _) = ask(&app, &slug, &format!("someone.{i}@example.org")).await;
        codes.push(status);
    }
    assert_eq!(codes, [200, 200, 429, 429]);
}
