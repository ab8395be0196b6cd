//! Double opt-in that holds the seat (issue 14): a pending registration
//! holds its seat while its address is confirmed, so confirming never meets
//! a full event; a hold that runs out frees the seat, promotes the waiting
//! list and tells the registrant; a verification racing its expiry has
//! exactly one winner, and the counters stay exact.

use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::MessageKind;
use tessera::domain::RegistrationStatus::{self, Cancelled, Confirmed, Pending, Waitlisted};
use tessera::store::entities::{event, outbox_message, registration};

use crate::helpers::{Db, EventSpec, TestApp};
use crate::smtp::{MAIL_FROM, SmtpServer};

const KEY: &str = "a test signing key for holds";
const WAIT: Duration = Duration::from_secs(20);

async fn app_holding(db: Db, hold: Duration, smtp: Option<String>) -> Option<TestApp> {
    TestApp::spawn_with(db, move |config| {
        config.secret = Some(KEY.into());
        config.verify_hold_override = Some(hold);
        if let Some(url) = smtp {
            config.smtp_url = Some(url);
            config.mail_retry_base_ms = 200;
            config.mail_from = MAIL_FROM.to_owned();
        }
    })
    .await
}

async fn verification_event(app: &TestApp, capacity: i32, waitlist: bool) -> String {
    app.seed_event(EventSpec {
        verification: true,
        capacity: Some(capacity),
        waitlist,
        ..EventSpec::default()
    })
    .await
}

/// Fixture person `i` sends the form; returns the answer's status and the
/// registration made (or found) for their address.
async fn send_form(app: &TestApp, slug: &str, i: usize) -> (u16, Option<registration::Model>) {
    let form = app.form_for(slug, i).await;
    let email = form
        .iter()
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v.to_lowercase())
        .unwrap();
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    let status = response.status().as_u16();
    let live = rows(app, slug)
        .await
        .into_iter()
        .filter(|r| r.email.to_lowercase() == email && r.status != Cancelled)
        .max_by_key(|r| r.created_at);
    (status, live)
}

async fn rows(app: &TestApp, slug: &str) -> Vec<registration::Model> {
    let event = app.event(slug).await;
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.event.id))
        .all(&app.db.read)
        .await
        .expect("registrations")
}

async fn reload(app: &TestApp, id: &str) -> registration::Model {
    registration::Entity::find_by_id(id.to_owned())
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration")
}

/// The emailed link's path, as the app signs it.
fn link(id: &str) -> String {
    format!(
        "/v/{}",
        tessera::domain::check_in::sign_address(KEY.as_bytes(), id)
    )
}

async fn confirm(app: &TestApp, id: &str) -> reqwest::Response {
    app.client
        .post(format!("{}{}", app.address, link(id)))
        .send()
        .await
        .expect("POST the verification link")
}

/// The event row's counters against the rows they count.
async fn assert_counters_exact(app: &TestApp, slug: &str) -> event::Model {
    let row = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the event");
    let all = rows(app, slug).await;
    let count = |status: RegistrationStatus| all.iter().filter(|r| r.status == status).count();
    let held = all
        .iter()
        .filter(|r| r.status == Pending && r.hold_until.is_some())
        .count();
    assert_eq!(
        row.confirmed_count as usize,
        count(Confirmed),
        "confirmed_count"
    );
    assert_eq!(
        row.waitlisted_count as usize,
        count(Waitlisted),
        "waitlisted_count"
    );
    assert_eq!(row.held_count as usize, held, "held_count");
    if let Some(capacity) = row.capacity {
        assert!(
            row.confirmed_count + row.held_count <= capacity,
            "{} confirmed and {} held of {capacity}",
            row.confirmed_count,
            row.held_count
        );
    }
    row
}

#[tokio::test]
async fn a_hold_takes_the_seat_and_confirms_later_even_when_full() {
    held_seat_is_taken(Db::Sqlite).await;
}

#[tokio::test]
async fn a_hold_takes_the_seat_and_confirms_later_even_when_full_on_postgres() {
    held_seat_is_taken(Db::Postgres).await;
}

async fn held_seat_is_taken(db: Db) {
    let Some(app) = app_holding(db, Duration::from_secs(600), None).await else {
        return;
    };
    // Two seats, a waiting list. Giulia and Francesca each hold one.
    let slug = verification_event(&app, 2, true).await;
    let (status, giulia) = send_form(&app, &slug, 0).await;
    assert_eq!(status, 303);
    let giulia = giulia.expect("Giulia's registration");
    assert_eq!(giulia.status, Pending);
    let until = giulia.hold_until.expect("Giulia's seat is held");
    let minutes = (until - giulia.created_at).num_seconds();
    assert!(
        (599..=601).contains(&minutes),
        "held for the configured time"
    );
    let (_, francesca) = send_form(&app, &slug, 1).await;
    let francesca = francesca.unwrap();
    assert!(francesca.hold_until.is_some());

    // Both seats are held: the page says so, and Chiara holds none.
    let page = app
        .get(&format!("/events/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("All seats are taken"), "{page}");
    let (status, chiara) = send_form(&app, &slug, 2).await;
    assert_eq!(status, 303, "the same neutral answer");
    let chiara = chiara.unwrap();
    assert_eq!((chiara.status, chiara.hold_until), (Pending, None));
    assert_counters_exact(&app, &slug).await;

    // Francesca confirms, then Chiara: the event is full, so Chiara waits.
    assert_eq!(confirm(&app, &francesca.id).await.status(), 303);
    assert_eq!(confirm(&app, &chiara.id).await.status(), 303);
    assert_eq!(reload(&app, &chiara.id).await.status, Waitlisted);

    // Giulia's link, long after the event filled up: her seat was kept.
    let page = app.get(&link(&giulia.id)).await.text().await.unwrap();
    assert!(page.contains("Your seat is held for you until"), "{page}");
    let confirmed = confirm(&app, &giulia.id).await;
    assert_eq!(confirmed.status(), 303);
    let giulia = reload(&app, &giulia.id).await;
    assert_eq!((giulia.status, giulia.hold_until), (Confirmed, None));
    let row = assert_counters_exact(&app, &slug).await;
    assert_eq!(
        (row.confirmed_count, row.held_count, row.waitlisted_count),
        (2, 0, 1)
    );

    // Without a waiting list, a held last seat refuses newcomers, and a
    // repeated address gets exactly the newcomer's answer.
    let closed = verification_event(&app, 1, false).await;
    let (status, dora) = send_form(&app, &closed, 3).await;
    assert_eq!(status, 303);
    assert!(dora.unwrap().hold_until.is_some());
    let (new, _) = send_form(&app, &closed, 4).await;
    let (repeated, _) = send_form(&app, &closed, 3).await;
    assert_eq!((new, repeated), (409, 409));
    assert_counters_exact(&app, &closed).await;
}

#[tokio::test]
async fn an_expired_hold_frees_the_seat_promotes_and_tells_the_registrant() {
    expiry(Db::Sqlite).await;
}

#[tokio::test]
async fn an_expired_hold_frees_the_seat_promotes_and_tells_the_registrant_on_postgres() {
    expiry(Db::Postgres).await;
}

async fn expiry(db: Db) {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let Some(app) = app_holding(db, Duration::from_secs(2), Some(server.url())).await else {
        return;
    };
    let slug = verification_event(&app, 1, true).await;
    let (_, giulia) = send_form(&app, &slug, 0).await;
    let giulia = giulia.unwrap();
    assert!(giulia.hold_until.is_some());
    let (_, francesca) = send_form(&app, &slug, 1).await;
    let francesca = francesca.unwrap();
    assert_eq!(francesca.hold_until, None, "no free seat to hold");
    assert_eq!(confirm(&app, &francesca.id).await.status(), 303);
    assert_eq!(reload(&app, &francesca.id).await.status, Waitlisted);
    // Two verification emails, then Francesca's waiting-list email.
    server.wait_for(3, WAIT).await;

    // Nothing ends before its time.
    assert_eq!(app.services.expire_holds().await.unwrap(), 0);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(app.services.expire_holds().await.unwrap(), 1);
    assert_eq!(app.services.expire_holds().await.unwrap(), 0, "once");
    assert_eq!(reload(&app, &giulia.id).await.status, Cancelled);
    assert_eq!(
        reload(&app, &francesca.id).await.status,
        Confirmed,
        "promoted"
    );
    let row = assert_counters_exact(&app, &slug).await;
    assert_eq!(
        (row.confirmed_count, row.held_count, row.waitlisted_count),
        (1, 0, 0)
    );

    // Giulia is told, Francesca is given the seat, each by email.
    let received = server.wait_for(5, WAIT).await;
    let to = |address: &str| {
        received
            .iter()
            .filter(|m| m.recipients.iter().any(|r| r.eq_ignore_ascii_case(address)))
            .map(|m| {
                let message = m.parse();
                (
                    message.subject().unwrap_or_default().to_owned(),
                    message.body_text(0).unwrap_or_default().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let told = to(&giulia.email);
    // Giulia registered in Italian: she is told in Italian.
    let (subject, body) = told.last().expect("an email to Giulia");
    assert!(
        subject.starts_with("Il tuo posto non è più riservato"),
        "{subject}"
    );
    assert!(
        body.contains("Non hai confermato il tuo indirizzo email in tempo"),
        "{body}"
    );
    assert!(
        body.contains(&format!("/events/{slug}")),
        "the way back: {body}"
    );
    assert!(
        !body.contains(&giulia.manage_token),
        "no link to a registration that is gone"
    );
    let (subject, _) = to(&francesca.email)
        .last()
        .cloned()
        .expect("an email to Francesca");
    assert!(subject.starts_with("Un posto per te"), "{subject}");

    // Giulia's link now: a clear page, and a POST changes nothing.
    let page = app.get(&link(&giulia.id)).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("This link came too late"), "{page}");
    assert!(
        page.contains(&format!("href=\"/events/{slug}?lang=en\"")),
        "{page}"
    );
    let late = confirm(&app, &giulia.id).await;
    assert_eq!(late.status(), 409);
    assert!(late.text().await.unwrap().contains("Register again"));
    assert_eq!(reload(&app, &giulia.id).await.status, Cancelled);
    assert_eq!(reload(&app, &francesca.id).await.status, Confirmed);
    assert_counters_exact(&app, &slug).await;

    // She may register again: a new registration, which waits for a seat.
    let (status, again) = send_form(&app, &slug, 0).await;
    assert_eq!(status, 303);
    let again = again.unwrap();
    assert_ne!(again.id, giulia.id);
    assert_eq!((again.status, again.hold_until), (Pending, None));
    let expired_emails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq(MessageKind::HoldExpired))
        .all(&app.db.read)
        .await
        .unwrap();
    assert_eq!(expired_emails.len(), 1);
}

#[tokio::test]
async fn a_verification_racing_its_expiry_has_one_winner() {
    race(Db::Sqlite).await;
}

#[tokio::test]
async fn a_verification_racing_its_expiry_has_one_winner_across_instances_on_postgres() {
    race(Db::Postgres).await;
}

/// Each round: 12 registrations hold the 12 seats for 3 s and 3 more wait;
/// each link is posted at a different moment around its hold's end while an
/// expiry runs every few milliseconds (on PostgreSQL, from another
/// instance). Whatever the timing, each registration ends either confirmed
/// (its POST answered 303, no expiry email) or cancelled (409, one expiry
/// email), and the counters match the rows.
async fn race(db: Db) {
    let hold = Duration::from_secs(3);
    let Some(app) = app_holding(db, hold, None).await else {
        return;
    };
    // On PostgreSQL the expiry runs on a second instance sharing the
    // database; on SQLite (one instance per file) beside the verifications.
    let second = match db {
        Db::Postgres => Some(app.another_instance().await),
        Db::Sqlite => None,
    };
    let expirer = second.as_ref().map_or(&app.services, |s| &s.services);
    let mut winners = (0, 0);
    for round in 0..3 {
        let slug = verification_event(&app, 12, true).await;
        let mut held = Vec::new();
        for i in 0..15 {
            let (status, registration) = send_form(&app, &slug, round * 100 + i).await;
            assert_eq!(status, 303);
            held.push(registration.unwrap());
        }
        let (held, waiting): (Vec<_>, Vec<_>) =
            held.into_iter().partition(|r| r.hold_until.is_some());
        assert_eq!((held.len(), waiting.len()), (12, 3));
        for r in &waiting {
            assert_eq!(confirm(&app, &r.id).await.status(), 303);
        }

        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let expiring = {
            let services = expirer.clone();
            let stop = stop.clone();
            tokio::spawn(async move {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    services.expire_holds().await.expect("expiry");
                    tokio::time::sleep(Duration::from_millis(3)).await;
                }
            })
        };
        let posts = held.iter().enumerate().map(|(i, r)| {
            let until = r.hold_until.unwrap();
            // From 400 ms before the hold's end to 150 ms after it: wide
            // enough that a slow machine still sees both outcomes.
            let at = until - chrono::Duration::milliseconds(400)
                + chrono::Duration::milliseconds(50 * i as i64);
            let app = &app;
            async move {
                let wait = (at - chrono::Utc::now()).to_std().unwrap_or_default();
                tokio::time::sleep(wait).await;
                (r.id.clone(), confirm(app, &r.id).await.status().as_u16())
            }
        });
        let answers = futures_util::future::join_all(posts).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        expiring.await.unwrap();
        expirer.expire_holds().await.unwrap();

        let expired_emails = outbox_message::Entity::find()
            .filter(outbox_message::Column::Kind.eq(MessageKind::HoldExpired))
            .all(&app.db.read)
            .await
            .unwrap();
        let mut verified = 0;
        for (id, answer) in answers {
            let status = reload(&app, &id).await.status;
            let told = expired_emails
                .iter()
                .filter(|m| m.registration_id.as_deref() == Some(id.as_str()))
                .count();
            match (answer, status, told) {
                (303, Confirmed, 0) => verified += 1,
                (409, Cancelled, 1) => winners.1 += 1,
                other => panic!("registration {id}: answer, status, expiry emails = {other:?}"),
            }
        }
        winners.0 += verified;
        let row = assert_counters_exact(&app, &slug).await;
        assert_eq!(row.held_count, 0);
        // Every seat an expiry freed went to someone waiting, while anyone
        // waited.
        let promoted = (12 - verified).min(3);
        assert_eq!(
            (row.confirmed_count, row.waitlisted_count),
            (verified + promoted, 3 - promoted),
            "{verified} verified in time"
        );
    }
    assert!(
        winners.0 > 0 && winners.1 > 0,
        "both sides won some races (confirmed, expired) = {winners:?}"
    );
}
