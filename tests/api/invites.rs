//! An invite's life: the same UID from confirmation to cancellation, a
//! higher SEQUENCE with every change, METHOD:CANCEL at the end — read from
//! what a real SMTP server received, with independent parsers. Also the
//! downloadable calendar files, reminders, and a service killed mid-send.

use std::collections::HashMap;
use std::time::Duration;

use icalendar::parser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::DeliveryStatus;
use tessera::store::audit::Actor;
use tessera::store::entities::outbox_message;

use crate::emails::{content_type, text_of, value, vevent};
use crate::helpers::{Db, EventSpec, TestApp};
use crate::smtp::{Received, SmtpServer, app_with_smtp, free_port};

const WAIT: Duration = Duration::from_secs(20);

/// What the calendar part of a message says, if it has one.
#[derive(Debug, Clone, PartialEq)]
struct Invite {
    method: String,
    content_type_method: String,
    uid: String,
    sequence: i64,
    status: String,
    dtstart: String,
}

fn invite_of(received: &Received) -> Option<Invite> {
    let message = received.parse();
    let part = message
        .parts
        .iter()
        .find(|p| content_type(p) == "text/calendar")?;
    let content_type_method = part
        .content_type()
        .and_then(|ct| ct.attribute("method"))
        .unwrap_or_default()
        .to_owned();
    let text = text_of(part);
    let unfolded = parser::unfold(&text);
    let calendar = parser::read_calendar(&unfolded).expect("a valid iCalendar");
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "METHOD")
        .map(|p| p.val.as_str().to_owned())
        .unwrap_or_default();
    let event = vevent(&calendar);
    Some(Invite {
        method,
        content_type_method,
        uid: value(event, "UID"),
        sequence: value(event, "SEQUENCE").parse().expect("a number"),
        status: value(event, "STATUS"),
        dtstart: value(event, "DTSTART"),
    })
}

use mail_parser::MimeHeaders;

fn subject(received: &Received) -> String {
    received.parse().subject().unwrap_or_default().to_owned()
}

/// Messages received for `address`, in arrival order.
fn for_address<'a>(received: &'a [Received], address: &str) -> Vec<&'a Received> {
    received
        .iter()
        .filter(|r| r.recipients.iter().any(|a| a.eq_ignore_ascii_case(address)))
        .collect()
}

#[tokio::test]
async fn an_invite_keeps_its_uid_and_raises_its_sequence_until_cancelled() {
    let server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url()).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let (first, first_token) = app.register_person(&slug, 0).await;
    let (second, _) = app.register_person(&slug, 1).await;
    let received = server.wait_for(2, WAIT).await;

    let confirmation = invite_of(for_address(&received, &first)[0]).expect("an invite");
    assert_eq!(confirmation.method, "REQUEST");
    assert_eq!(confirmation.content_type_method, "REQUEST");
    let waitlisted = for_address(&received, &second)[0];
    assert!(invite_of(waitlisted).is_none(), "no invite without a seat");
    let parsed = waitlisted.parse();
    let waitlisted_text = parsed.body_text(0).unwrap_or_default().to_string();
    assert!(
        waitlisted_text.contains("posizione 1."),
        "the waiting-list email states the position: {}\n{waitlisted_text}",
        subject(waitlisted)
    );

    // A new time: the confirmed attendee gets the same UID, a higher SEQUENCE.
    let new_start = chrono::Utc::now() + chrono::Duration::days(40);
    let change = tessera::services::event_changes::EventChange {
        starts_at: Some(new_start),
        ends_at: Some(new_start + chrono::Duration::hours(6)),
        ..Default::default()
    };
    let updated = app
        .services
        .update_event(&slug, change, Actor::Organizer("test".into()))
        .await
        .unwrap();
    assert_eq!(updated.invites_resent, 1, "only the confirmed attendee");
    let received = server.wait_for(3, WAIT).await;
    let update = invite_of(for_address(&received, &first)[1]).expect("an updated invite");
    assert_eq!(update.method, "REQUEST");
    assert_eq!(update.uid, confirmation.uid);
    assert!(update.sequence > confirmation.sequence);
    assert_eq!(
        update.dtstart,
        new_start.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(
        for_address(&received, &second).len(),
        1,
        "the waiting list gets no invite"
    );

    // The attendee cancels: CANCEL, same UID, higher still; the waiting
    // person is promoted and gets their own invite.
    let cancel = app
        .post_form(&format!("/r/{first_token}/cancel"), &[])
        .await;
    assert_eq!(cancel.status(), 303);
    let received = server.wait_for(5, WAIT).await;
    let cancelled = invite_of(for_address(&received, &first)[2]).expect("a cancellation");
    assert_eq!(cancelled.method, "CANCEL");
    assert_eq!(cancelled.content_type_method, "CANCEL");
    assert_eq!(cancelled.uid, confirmation.uid);
    assert!(cancelled.sequence > update.sequence);
    assert_eq!(cancelled.status, "CANCELLED");
    let promoted = invite_of(for_address(&received, &second)[1]).expect("the promoted invite");
    assert_eq!(promoted.method, "REQUEST");
    assert_ne!(promoted.uid, confirmation.uid, "one UID per registration");

    // The attendee's own invite.ics now says CANCEL too.
    let ics = app
        .get(&format!("/r/{first_token}/invite.ics"))
        .await
        .text()
        .await
        .unwrap();
    let unfolded = parser::unfold(&ics);
    let calendar = parser::read_calendar(&unfolded).unwrap();
    assert_eq!(value(vevent(&calendar), "UID"), confirmation.uid);
    assert!(ics.contains("METHOD:CANCEL"));
}

#[tokio::test]
async fn cancelling_the_event_sends_cancel_to_attendees_and_word_to_the_waiting_list() {
    let server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url()).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let (attendee, attendee_token) = app.register_person(&slug, 2).await;
    let (waiting, _) = app.register_person(&slug, 3).await;
    let received = server.wait_for(2, WAIT).await;
    let confirmation = invite_of(for_address(&received, &attendee)[0]).unwrap();

    let told = app
        .services
        .cancel_event(&slug, Actor::Organizer("test".into()))
        .await
        .unwrap();
    assert_eq!(told, 2);
    let received = server.wait_for(4, WAIT).await;
    let cancel = invite_of(for_address(&received, &attendee)[1]).expect("a CANCEL");
    assert_eq!(cancel.method, "CANCEL");
    assert_eq!(cancel.uid, confirmation.uid);
    assert!(cancel.sequence > confirmation.sequence);
    assert!(invite_of(for_address(&received, &waiting)[1]).is_none());

    let page = app
        .get(&format!("/events/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("This event has been cancelled"));
    let own = app
        .get(&format!("/r/{attendee_token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(own.contains("This event has been cancelled"));
    assert!(
        !own.contains("calendar.google.com"),
        "no invitation to a cancelled event"
    );
    assert!(!own.contains("/cancel"), "nothing left to cancel");
    let form = app.form_for(&slug, 4).await;
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn the_public_calendar_file_publishes_the_event() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let response = app
        .get(&format!("/events/{}/calendar.ics", app.event_slug))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = response.text().await.unwrap();
    let unfolded = parser::unfold(&ics);
    let calendar = parser::read_calendar(&unfolded).expect("a valid iCalendar");
    assert!(ics.contains("METHOD:PUBLISH"));
    let event = vevent(&calendar);
    let record = app.event(&app.event_slug).await;
    assert_eq!(
        value(event, "DTSTART"),
        record.event.starts_at.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert!(event.find_prop("ATTENDEE").is_none());
}

#[tokio::test]
async fn reminders_are_owed_once_to_confirmed_attendees() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            ..EventSpec::default()
        })
        .await;
    for i in 0..3 {
        app.register_person(&slug, 10 + i).await;
    }
    // The seeded events start in 30 days; a 31-day window makes them due.
    let queued = app.services.queue_due_reminders(31 * 24).await.unwrap();
    let event_id = app.event(&slug).await.event.id;
    let reminders = outbox_message::Entity::find()
        .filter(outbox_message::Column::EventId.eq(event_id))
        .filter(outbox_message::Column::Kind.eq("reminder"))
        .all(&app.db.read)
        .await
        .unwrap();
    assert_eq!(reminders.len(), 2, "the two confirmed, not the waiting one");
    assert!(queued >= 2);
    assert_eq!(
        app.services.queue_due_reminders(31 * 24).await.unwrap(),
        0,
        "only once"
    );
}

/// Message-ID → outbox row id, as the service writes it
/// (`<outbox-{id}.{registration}@host>`).
fn outbox_id(received: &Received) -> i64 {
    let message = received.parse();
    let id = message.message_id().expect("a Message-ID");
    id.trim_start_matches('<')
        .strip_prefix("outbox-")
        .and_then(|rest| rest.split('.').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected Message-ID {id}"))
}

struct Service(std::process::Child);

impl Service {
    fn start(dir: &std::path::Path, port: u16, smtp_url: &str) -> Self {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("serve")
            .env(
                "DATABASE_URL",
                format!("sqlite://{}?mode=rwc", dir.join("kill.db").display()),
            )
            .env("TESSERA_BIND", format!("127.0.0.1:{port}"))
            .env("TESSERA_SMTP_URL", smtp_url)
            .env("TESSERA_MAIL_RETRY_BASE_MS", "200")
            .env("TESSERA_RATE_LIMIT_PER_MINUTE", "0")
            .env("TESSERA_DEMO", "true")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start tessera");
        Self(child)
    }

    fn kill(&mut self) {
        // SIGKILL: no graceful shutdown, nothing flushed.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn wait_until_up(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("tessera did not start at {base}");
}

#[tokio::test]
async fn a_service_killed_while_sending_loses_no_email_and_resends_none_recorded_as_sent() {
    let mut server = SmtpServer::start();
    server.set_delay(Duration::from_millis(150));
    let dir = std::env::temp_dir().join(format!("tessera-kill-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let mut service = Service::start(&dir, port, &server.url());
    wait_until_up(&client, &base).await;
    let page = client
        .get(format!("{base}/events/women-2027"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let question = page
        .split("name=\"q_")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the demo's required question")
        .to_owned();
    let people = 30;
    for i in 0..people {
        let mut form = crate::helpers::registrant(i);
        form.push((format!("q_{question}"), "Planning to start".into()));
        let response = client
            .post(format!("{base}/events/women-2027/register"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
    }
    // Kill it while the slow server is taking the messages one by one.
    server.wait_for(3, WAIT).await;
    service.kill();

    let db = tessera::store::Database::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("kill.db").display()
    ))
    .await
    .unwrap();
    let rows = outbox_message::Entity::find().all(&db.read).await.unwrap();
    assert_eq!(
        rows.len(),
        people,
        "every registration owed its email before the kill"
    );
    let sent_before: Vec<i64> = rows
        .iter()
        .filter(|r| r.status == DeliveryStatus::Sent)
        .map(|r| r.id)
        .collect();
    assert!(sent_before.len() < people, "the kill came mid-send");
    db.close().await;

    server.set_delay(Duration::ZERO);
    let _service = Service::start(&dir, port, &server.url());
    wait_until_up(&client, &base).await;
    let received = server.wait_for(people, Duration::from_secs(60)).await;
    // Let any duplicate show itself.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received = if server.received().len() > received.len() {
        server.received()
    } else {
        received
    };

    let mut deliveries: HashMap<i64, usize> = HashMap::new();
    for message in &received {
        *deliveries.entry(outbox_id(message)).or_default() += 1;
    }
    for row in &rows {
        assert!(
            deliveries.get(&row.id).is_some_and(|n| *n >= 1),
            "message {} was lost",
            row.id
        );
    }
    for id in &sent_before {
        assert_eq!(
            deliveries[id], 1,
            "message {id} was recorded as sent, and sent again"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Decodes the QR code of a confirmation the way a phone would: from the
/// PNG's pixels (rqrr), not from the code that drew it.
fn qr_text(received: &Received) -> String {
    let message = received.parse();
    let png = message
        .parts
        .iter()
        .find(|p| content_type(p) == "image/png")
        .expect("an inline PNG");
    let bytes = match &png.body {
        mail_parser::PartType::Binary(b) | mail_parser::PartType::InlineBinary(b) => b.to_vec(),
        _ => panic!("the PNG is binary"),
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).expect("its pixels");
    let (width, height) = (frame.width as usize, frame.height as usize);
    let channels = frame.line_size / width;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        pixels[y * frame.line_size + x * channels]
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

#[tokio::test]
async fn the_confirmation_qr_code_reads_as_a_signed_check_in_link() {
    let server = SmtpServer::start();
    let app = TestApp::spawn_with(Db::Sqlite, |config| {
        config.smtp_url = Some(server.url());
        config.secret = Some("a test signing key".into());
    })
    .await
    .unwrap();
    let (email, _) = app.register_person(&app.event_slug, 5).await;
    let received = server.wait_for(1, WAIT).await;
    let text = qr_text(for_address(&received, &email)[0]);
    let code = text
        .strip_prefix(&format!("{}/admin/check-in?code=", app.address))
        .unwrap_or_else(|| panic!("not a check-in link: {text}"));
    let registration = tessera::store::queries::registration_by_token(
        &app.db.read,
        &token_of_email(&app, &email).await,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        tessera::domain::check_in::verify(b"a test signing key", code).as_deref(),
        Some(registration.id.as_str()),
        "the code names the registration and carries a valid signature"
    );
    assert_eq!(
        tessera::domain::check_in::verify(b"another key", code),
        None
    );
}

async fn token_of_email(app: &TestApp, email: &str) -> String {
    use tessera::store::entities::registration;
    registration::Entity::find()
        .filter(registration::Column::Email.eq(email))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration")
        .manage_token
}
