//! The door when the Wi-Fi drops, in a real headless Chromium: the
//! check-in page keeps the event's people and registers its service
//! worker, the network is switched off, two people are checked in — one
//! found by name, one by the link of their QR code — the page says "2
//! waiting to send", and once the network is back exactly two check-ins
//! are stored.
//!
//! "Off" is two things here. ChromeDriver's network conditions take the
//! page offline (its requests fail, `navigator.onLine` is false), but they
//! do not reach the service worker, whose requests would still get
//! through. So the server is stopped as well, and started again on the
//! same address and database when the network comes back: nothing at all
//! answers while the phone is "offline".

use std::time::Duration;

use fantoccini::Client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tessera::domain::Role;
use tessera::store::Database;
use tessera::store::entities::{check_in, registration};

use crate::admin::{PASSWORD, staff_account};
use crate::browser::{Browser, click, open, text, type_into, wait_for_url};
use crate::helpers::{Db, EventSpec, TestApp};

/// Switches the browser's network off or on, as ChromeDriver's
/// `network_conditions` extension command does.
async fn network(driver_port: u16, client: &Client, offline: bool) {
    let session = client
        .session_id()
        .await
        .expect("a session id")
        .expect("a session");
    let response = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{driver_port}/session/{session}/chromium/network_conditions"
        ))
        .json(&json!({
            "network_conditions": {
                "offline": offline,
                "latency": 0,
                "download_throughput": -1,
                "upload_throughput": -1,
            }
        }))
        .send()
        .await
        .expect("ChromeDriver answers");
    assert!(
        response.status().is_success(),
        "network conditions: {}",
        response.text().await.unwrap_or_default()
    );
}

async fn script(client: &Client, code: &str) -> Value {
    client
        .execute(code, vec![])
        .await
        .unwrap_or_else(|e| panic!("running {code}: {e}"))
}

/// Waits until `condition` (a script's return value) is true.
async fn wait_until(client: &Client, condition: &str, what: &str) {
    for _ in 0..300 {
        if script(client, condition).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never {what}: {}", text(client).await);
}

/// The server again, on the address the page came from (its origin, so
/// the same service worker and storage) and the same database.
async fn back_on(app: &TestApp, bind: &str) -> TestApp {
    for _ in 0..50 {
        match app
            .another_instance_with(|c| c.bind = bind.to_owned())
            .await
        {
            Ok(instance) => return instance,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("could not listen on {bind} again");
}

/// Standing check-ins in the database, read on a connection of the test's
/// own (the stopped server closed its own).
async fn check_ins(app: &TestApp) -> u64 {
    let db = Database::connect(&app.config.database_url)
        .await
        .expect("open the database");
    let count = check_in::Entity::find()
        .filter(check_in::Column::UndoneAt.is_null())
        .count(&db.read)
        .await
        .unwrap();
    db.close().await;
    count
}

#[tokio::test]
async fn check_ins_made_offline_are_queued_and_sent_when_the_network_returns() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let mut app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let slug = app
        .seed_event(EventSpec {
            starts_in: chrono::Duration::hours(-1),
            ..EventSpec::default()
        })
        .await;
    for i in [4, 20, 10] {
        app.register_person(&slug, i).await;
    }
    let people = registration::Entity::find()
        .all(&app.db.read)
        .await
        .unwrap();
    let by_last_name = |last: &str| {
        people
            .iter()
            .find(|p| p.last_name == last)
            .unwrap_or_else(|| panic!("{last} registered"))
            .clone()
    };
    let agnes = by_last_name("Szőke");
    let second = people
        .iter()
        .find(|p| p.id != agnes.id)
        .cloned()
        .expect("a second person");
    let key = app.services.signing_key.clone().expect("a signing key");
    let second_link = format!(
        "{}/admin/check-in?code={}",
        app.address,
        tessera::domain::check_in::sign(&key, &second.id)
    );
    let (email, _) = staff_account(&app, Role::CheckIn).await;
    let screen = format!("{}/admin/events/{slug}/check-in", app.address);
    let port = browser.driver.port;
    let app = &mut app;
    browser
        .run(|b| async move {
            open(&b, &format!("{}/admin/login", app.address)).await;
            type_into(&b, "#email", &email).await;
            type_into(&b, "#password", PASSWORD).await;
            click(&b, "button[type=submit]").await;
            wait_for_url(&b, "/admin/check-in").await;

            open(&b, &screen).await;
            // The people are kept on the phone and the service worker
            // controls the page: ready for the Wi-Fi to drop.
            wait_until(
                &b,
                "return document.querySelector('[data-offline-status]').getAttribute('data-ready') === 'yes' \
                 && !!navigator.serviceWorker.controller",
                "ready to work offline",
            )
            .await;
            assert!(text(&b).await.contains("Ready to work offline: 3 confirmed people"));

            network(port, &b, true).await;
            let bind = app.address.trim_start_matches("http://").to_owned();
            app.stop().await;

            // One found by name (typed without its accents) …
            type_into(&b, "#q", "szoke").await;
            click(&b, &format!("[data-person='{}'] button.door-button", agnes.id)).await;
            wait_until(
                &b,
                "return document.body.innerText.indexOf('1 waiting to send') !== -1",
                "queued the first check-in",
            )
            .await;

            // … one by the link of their QR code, opened offline: the
            // service worker answers from what the phone kept.
            open(&b, &second_link).await;
            wait_until(
                &b,
                "return !!document.querySelector('[data-offline-card] button.door-button')",
                "showed the offline card",
            )
            .await;
            let card = text(&b).await;
            assert!(
                card.contains(&format!("{} {}", second.first_name, second.last_name)),
                "{card}"
            );
            click(&b, "[data-offline-card] button.door-button").await;
            wait_until(
                &b,
                "return document.body.innerText.indexOf('2 waiting to send') !== -1",
                "queued the second check-in",
            )
            .await;

            // Back on the check-in screen, still offline: the kept page.
            open(&b, &screen).await;
            wait_until(
                &b,
                "return document.body.innerText.indexOf('2 waiting to send') !== -1",
                "showed the queue on the kept page",
            )
            .await;
            assert_eq!(check_ins(app).await, 0, "nothing reached the server");
            let count = script(&b, "return document.querySelector('[data-count-checked]').textContent").await;
            assert_eq!(count, json!("2"), "the count includes the queue");

            let back = back_on(app, &bind).await;
            network(port, &b, false).await;
            wait_until(
                &b,
                "return document.body.innerText.indexOf('waiting to send') === -1",
                "sent the queue",
            )
            .await;
            assert_eq!(check_ins(app).await, 2, "exactly two check-ins stored");
            for person in [&agnes, &second] {
                let stored = check_in::Entity::find()
                    .filter(check_in::Column::RegistrationId.eq(person.id.as_str()))
                    .count(&back.db.read)
                    .await
                    .unwrap();
                assert_eq!(stored, 1, "{} checked in once", person.last_name);
            }
        })
        .await;
}

/// Reached over plain http by a name other than localhost (a LAN address,
/// say), the page is no secure context: no service worker can run, and
/// the page says so plainly — while checking in still works online.
#[tokio::test]
async fn without_a_secure_context_the_page_says_it_cannot_work_offline() {
    let Some(browser) =
        Browser::start_with(&["--host-resolver-rules=MAP door.test 127.0.0.1"]).await
    else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let slug = app
        .seed_event(EventSpec {
            starts_in: chrono::Duration::hours(-1),
            ..EventSpec::default()
        })
        .await;
    app.register_person(&slug, 4).await;
    let (email, _) = staff_account(&app, Role::CheckIn).await;
    let port = app.address.rsplit(':').next().unwrap().to_owned();
    let site = format!("http://door.test:{port}");
    let app = &app;
    browser
        .run(|b| async move {
            open(&b, &format!("{site}/admin/login")).await;
            type_into(&b, "#email", &email).await;
            type_into(&b, "#password", PASSWORD).await;
            click(&b, "button[type=submit]").await;
            wait_for_url(&b, "/admin/check-in").await;
            open(&b, &format!("{site}/admin/events/{slug}/check-in")).await;
            assert_eq!(script(&b, "return window.isSecureContext").await, json!(false));
            wait_until(
                &b,
                "return document.querySelector('[data-offline-status]').getAttribute('data-ready') === 'no' \
                 && document.body.innerText.indexOf('cannot work offline here') !== -1",
                "said it cannot work offline",
            )
            .await;
            type_into(&b, "#q", "szoke").await;
            click(&b, "button.door-button").await;
            wait_until(
                &b,
                "return document.body.innerText.indexOf('In at ') !== -1",
                "checked in online",
            )
            .await;
            assert_eq!(check_ins(app).await, 1);
        })
        .await;
}
