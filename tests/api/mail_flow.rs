//! The mail worker's continuous flow (issue 15, "Mail drain"): it claims
//! again while earlier messages are still being sent. What that must not
//! break: two instances draining one outbox send each message once; one
//! registrant's messages still arrive in order when they were claimed
//! apart; and a stopping worker finishes what it is sending and gives back
//! what it had claimed but not begun, not leaving it leased.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use sea_orm::EntityTrait;
use tessera::domain::DeliveryStatus;
use tessera::store::entities::outbox_message;

use crate::helpers::{Db, TestApp};
use crate::smtp::{MAIL_FROM, SmtpServer, app_with_smtp, field};

async fn outbox(app: &TestApp) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .all(&app.db.read)
        .await
        .expect("outbox query")
}

/// Two instances, each registering half of the people, both draining the
/// one outbox: every confirmation arrives once, and every row is sent.
#[tokio::test]
async fn postgres_two_instances_drain_one_outbox_sending_each_message_once() {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let Some(first) = app_with_smtp(Db::Postgres, server.url()).await else {
        return;
    };
    let second = first.another_instance().await;
    let slug = first.event_slug.clone();
    let people = 160;
    let mut emails = Vec::new();
    for wave in 0..people / 20 {
        let mut posts = Vec::new();
        for i in wave * 20..(wave + 1) * 20 {
            let app = if i % 2 == 0 { &first } else { &second };
            let form = app.form_for(&slug, i).await;
            emails.push(field(&form, "email").to_lowercase());
            let slug = &slug;
            posts.push(async move {
                app.post_form(&format!("/events/{slug}/register"), &form)
                    .await
                    .status()
                    .as_u16()
            });
        }
        for status in futures_util::future::join_all(posts).await {
            assert_eq!(status, 303);
        }
    }
    server.wait_for(people, Duration::from_secs(60)).await;
    // A message sent twice would arrive within a few more claims.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = server.received();
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for message in &received {
        for recipient in &message.recipients {
            *per_recipient.entry(recipient.to_lowercase()).or_default() += 1;
        }
    }
    assert_eq!(received.len(), people, "one email per registration");
    for email in &emails {
        assert_eq!(per_recipient.get(email), Some(&1), "{email}");
    }
    let rows = outbox(&first).await;
    assert_eq!(rows.len(), people);
    assert!(
        rows.iter()
            .all(|r| r.status == DeliveryStatus::Sent && r.attempts == 1),
        "every row sent at its first attempt"
    );
}

/// A confirmation still on its way (a slow server) when the same person
/// cancels: the cancellation, claimed later while the confirmation is being
/// sent, waits for it rather than overtaking it.
#[tokio::test]
async fn a_cancellation_never_overtakes_its_confirmation() {
    let Some(mut server) = SmtpServer::try_start() else {
        return;
    };
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let slug = app.event_slug.clone();
    let form = app.form_for(&slug, 4).await;
    let email = field(&form, "email").to_owned();
    server.set_delay_for(&email, Duration::from_secs(4));
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 303);
    let token = crate::helpers::token_of(&response);
    // The confirmation reaches the server, which holds its DATA (the delay
    // is read then); from now on the server answers at once.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !outbox(&app)
        .await
        .iter()
        .any(|r| r.status == DeliveryStatus::Sending)
    {
        assert!(
            Instant::now() < deadline,
            "the confirmation was never claimed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    server.set_rules(&[], &[]);
    let cancelled = app.post_form(&format!("/r/{token}/cancel"), &[]).await;
    assert_eq!(cancelled.status(), 303);
    let received = server.wait_for(2, Duration::from_secs(20)).await;
    let subjects: Vec<String> = received
        .iter()
        .map(|m| m.parse().subject().unwrap_or_default().to_owned())
        .collect();
    let kinds: Vec<String> = outbox(&app)
        .await
        .iter()
        .map(|r| r.kind.as_str().to_owned())
        .collect();
    assert_eq!(kinds, ["confirmation", "cancellation"]);
    let calendar_method = |raw: &[u8]| {
        let text = String::from_utf8_lossy(raw);
        if text.contains("method=REQUEST") {
            "REQUEST"
        } else if text.contains("method=CANCEL") {
            "CANCEL"
        } else {
            "none"
        }
    };
    assert_eq!(
        received
            .iter()
            .map(|m| calendar_method(&m.raw))
            .collect::<Vec<_>>(),
        ["REQUEST", "CANCEL"],
        "the invite arrived before its cancellation: {subjects:?}"
    );
}

/// Stopping while a slow server holds messages: those being sent finish
/// and are recorded as sent; those claimed but not begun go back to the
/// queue as never tried, for the next start or another instance — none is
/// left leased.
#[tokio::test]
async fn a_stopping_worker_gives_back_what_it_has_not_begun() {
    let Some(mut server) = SmtpServer::try_start() else {
        return;
    };
    let Some(mut app) = TestApp::spawn_with(Db::Postgres, {
        let url = server.url();
        move |config| {
            config.smtp_url = Some(url);
            config.mail_from = MAIL_FROM.to_owned();
        }
    })
    .await
    else {
        return;
    };
    let slug = app.event_slug.clone();
    // More than the worker sends at once, so that some wait their turn.
    let people = 96;
    // Held before the worker's claim: registered while the server answers
    // slowly, then stopped while the first of them are being sent.
    server.set_delay(Duration::from_millis(2500));
    for wave in 0..people / 16 {
        let mut posts = Vec::new();
        for i in wave * 16..(wave + 1) * 16 {
            let form = app.form_for(&slug, i).await;
            let app = &app;
            let slug = &slug;
            posts.push(async move {
                app.post_form(&format!("/events/{slug}/register"), &form)
                    .await
                    .status()
                    .as_u16()
            });
        }
        for status in futures_util::future::join_all(posts).await {
            assert_eq!(status, 303);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let sending = outbox(&app)
            .await
            .iter()
            .filter(|r| r.status == DeliveryStatus::Sending)
            .count();
        if sending == people {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the worker never held every message at once ({sending} of {people})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Let the first messages get composed and onto the wire (each then
    // takes 2.5 s at the server, so none has finished when the stop comes):
    // on a busy machine composing 48 at once takes a moment.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let url = app.config.database_url.clone();
    app.stop().await;
    let db = sea_orm::Database::connect(&url).await.expect("connect");
    let rows = outbox_message::Entity::find()
        .all(&db)
        .await
        .expect("outbox query");
    let sent: Vec<_> = rows
        .iter()
        .filter(|r| r.status == DeliveryStatus::Sent)
        .collect();
    let pending: Vec<_> = rows
        .iter()
        .filter(|r| r.status == DeliveryStatus::Pending)
        .collect();
    assert_eq!(sent.len() + pending.len(), people, "none left leased");
    assert!(!sent.is_empty(), "those being sent finished");
    assert!(!pending.is_empty(), "those not begun were given back");
    assert!(
        pending
            .iter()
            .all(|r| r.attempts == 0 && r.claimed_until.is_none()),
        "given back as never tried"
    );
    assert_eq!(
        server.received().len(),
        sent.len(),
        "each message recorded as sent reached the server, and no other"
    );
    // The next start sends the rest, each once.
    server.set_rules(&[], &[]);
    let _next = app.another_instance().await;
    let received = server.wait_for(people, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(server.received().len(), people, "{}", received.len());
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for message in server.received() {
        for recipient in message.recipients {
            *per_recipient.entry(recipient.to_lowercase()).or_default() += 1;
        }
    }
    assert_eq!(per_recipient.len(), people);
    assert!(per_recipient.values().all(|&n| n == 1), "each once");
}
