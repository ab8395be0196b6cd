//! The registration writer's promises that the hardening review found
//! broken: one email per registration however often the form is sent, the
//! same answer for a known and an unknown address on a full event, more
//! seats filled in the transaction that adds them, a waiting list read only
//! when seats free up, and mail results recorded as they come under claims
//! that hold while a slow server talks.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use tessera::domain::DeliveryStatus;
use tessera::domain::RegistrationStatus::{Confirmed, Waitlisted};
use tessera::services::event_changes::EventChange;
use tessera::store::audit::Actor;
use tessera::store::entities::{outbox_message, registration};
use tessera::store::seats::SeatBoard;
use tessera::store::writer::Writer;

use crate::helpers::{Db, EventSpec, TestApp};
use crate::smtp::{SmtpServer, app_with_smtp, field};

/// The outbox rows owed to `recipient`.
async fn emails_to(app: &TestApp, recipient: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(recipient))
        .order_by_asc(outbox_message::Column::Id)
        .all(&app.db.read)
        .await
        .expect("outbox query")
}

async fn post(app: &TestApp, slug: &str, form: &[(String, String)]) -> u16 {
    app.post_form(&format!("/events/{slug}/register"), form)
        .await
        .status()
        .as_u16()
}

async fn a_double_click_owes_one_confirmation(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let form = app.form_for(&slug, 3).await;
    let email = field(&form, "email").to_owned();
    // Two at once (one batch, or two), then a third right after.
    let (a, b) = tokio::join!(post(&app, &slug, &form), post(&app, &slug, &form));
    let c = post(&app, &slug, &form).await;
    assert_eq!((a, b, c), (303, 303, 303));
    let owed = emails_to(&app, &email).await;
    assert_eq!(
        owed.len(),
        1,
        "one confirmation, not one per click: {:?}",
        owed.iter().map(|m| m.kind).collect::<Vec<_>>()
    );
    assert_eq!(app.count(&slug, Confirmed).await, 1);
}

#[tokio::test]
async fn sqlite_a_double_click_owes_one_confirmation() {
    a_double_click_owes_one_confirmation(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_a_double_click_owes_one_confirmation() {
    a_double_click_owes_one_confirmation(Db::Postgres).await;
}

/// The resend limit lives in the database: a restart (or another
/// instance) does not forget it, and after the interval the link goes again.
#[tokio::test]
async fn the_resend_limit_holds_across_a_restart_and_ends_after_its_interval() {
    let mut first = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let slug = first.event_slug.clone();
    let form = first.form_for(&slug, 4).await;
    let email = field(&form, "email").to_owned();
    assert_eq!(post(&first, &slug, &form).await, 303);
    first.stop().await;

    let second = first.another_instance().await;
    assert_eq!(post(&second, &slug, &form).await, 303);
    assert_eq!(
        emails_to(&second, &email).await.len(),
        1,
        "a restart must not reset the resend limit"
    );

    // Sixteen minutes later, a repeat sends the link again, once.
    second
        .db
        .write
        .execute_unprepared(&format!(
            "UPDATE registrations SET last_emailed_at = '{}' WHERE email = '{email}'",
            (Utc::now() - chrono::Duration::minutes(16)).to_rfc3339()
        ))
        .await
        .expect("age the last email");
    assert_eq!(post(&second, &slug, &form).await, 303);
    assert_eq!(post(&second, &slug, &form).await, 303);
    let owed = emails_to(&second, &email).await;
    assert_eq!(owed.len(), 2, "the link went again once after the interval");
    assert!(owed[1].payload.contains("\"sequence\""));
}

#[tokio::test]
async fn postgres_two_instances_share_the_resend_limit() {
    let Some(first) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let second = first.another_instance().await;
    let slug = first.event_slug.clone();
    let form = first.form_for(&slug, 5).await;
    let email = field(&form, "email").to_owned();
    assert_eq!(post(&first, &slug, &form).await, 303);
    assert_eq!(post(&second, &slug, &form).await, 303);
    assert_eq!(emails_to(&first, &email).await.len(), 1);
}

/// A waitlisted address sent again after the resend interval is told its
/// place in line again: a read the writer's two-round-trip rush cannot do,
/// so the batch goes the general way (src/store/writer/rush.rs).
async fn a_waitlisted_repeat_is_told_its_place_again(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            waitlist: true,
            ..EventSpec::default()
        })
        .await;
    let seated = app.form_for(&slug, 11).await;
    let first_in_line = app.form_for(&slug, 12).await;
    let second_in_line = app.form_for(&slug, 13).await;
    for form in [&seated, &first_in_line, &second_in_line] {
        assert_eq!(post(&app, &slug, form).await, 303);
    }
    // The first in line (of two) sends the form again after the interval.
    let email = field(&first_in_line, "email").to_owned();
    let aged = app
        .db
        .write
        .execute_unprepared(&format!(
            "UPDATE registrations SET last_emailed_at = '{}' WHERE email = '{}'",
            (Utc::now() - chrono::Duration::minutes(16)).to_rfc3339(),
            email.replace('\'', "''")
        ))
        .await
        .expect("age the last email");
    assert_eq!(aged.rows_affected(), 1);
    assert_eq!(post(&app, &slug, &first_in_line).await, 303);
    let owed = emails_to(&app, &email).await;
    assert_eq!(owed.len(), 2, "the waiting-list email went again, once");
    let payload: serde_json::Value = serde_json::from_str(&owed[1].payload).expect("JSON");
    assert_eq!(payload["position"], 1, "first of two in line: {payload}");
    assert_eq!(app.count(&slug, Waitlisted).await, 2);
    assert_eq!(app.count(&slug, Confirmed).await, 1);
}

#[tokio::test]
async fn sqlite_a_waitlisted_repeat_is_told_its_place_again() {
    a_waitlisted_repeat_is_told_its_place_again(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_a_waitlisted_repeat_is_told_its_place_again() {
    a_waitlisted_repeat_is_told_its_place_again(Db::Postgres).await;
}

async fn a_full_event_answers_a_known_address_as_an_unknown_one(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            waitlist: false,
            ..EventSpec::default()
        })
        .await;
    let known = app.form_for(&slug, 6).await;
    let unknown = app.form_for(&slug, 7).await;
    assert_eq!(post(&app, &slug, &known).await, 303);
    let for_unknown = app
        .post_form(&format!("/events/{slug}/register"), &unknown)
        .await;
    let for_known = app
        .post_form(&format!("/events/{slug}/register"), &known)
        .await;
    assert_eq!(for_unknown.status(), 409);
    assert_eq!(
        for_known.status(),
        409,
        "a registered address must get the answer an unknown one gets"
    );
    assert_eq!(
        for_known.text().await.expect("body"),
        for_unknown.text().await.expect("body")
    );
    assert_eq!(app.count(&slug, Confirmed).await, 1);
}

#[tokio::test]
async fn sqlite_a_full_event_answers_a_known_address_as_an_unknown_one() {
    a_full_event_answers_a_known_address_as_an_unknown_one(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_a_full_event_answers_a_known_address_as_an_unknown_one() {
    a_full_event_answers_a_known_address_as_an_unknown_one(Db::Postgres).await;
}

async fn more_seats_fill_from_the_waiting_list_in_the_same_transaction(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            ..EventSpec::default()
        })
        .await;
    for i in 0..5 {
        app.register_person(&slug, i).await;
    }
    assert_eq!(app.count(&slug, Waitlisted).await, 3);

    // A services handle whose registration writer has stopped: the change
    // must not need it to fill the new seats.
    let mut services = app.services.clone();
    let (stopped, task) = Writer::start(
        app.db.write.clone(),
        Arc::new(SeatBoard::default()),
        Arc::new(tokio::sync::Notify::new()),
        1,
        None,
        None,
    );
    task.abort();
    let _ = task.await;
    services.writer = stopped;

    let updated = services
        .update_event(
            &slug,
            EventChange {
                capacity: Some(Some(4)),
                ..EventChange::default()
            },
            Actor::Organizer("office@chamber.example.be".into()),
        )
        .await
        .expect("the capacity change and its promotions commit together");
    assert_eq!(updated.promoted, 2);
    assert_eq!(app.count(&slug, Confirmed).await, 4);
    assert_eq!(app.count(&slug, Waitlisted).await, 1);
    let event = app.event(&slug).await.event;
    assert_eq!((event.confirmed_count, event.waitlisted_count), (4, 1));
    let promoted = outbox_message::Entity::find()
        .filter(outbox_message::Column::EventId.eq(event.id))
        .filter(outbox_message::Column::Kind.eq(tessera::domain::MessageKind::Promoted))
        .all(&app.db.read)
        .await
        .expect("outbox");
    assert_eq!(promoted.len(), 2, "each promoted person is owed an email");
    // The first two in line, in order.
    let first_in_line = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::Status.eq(Waitlisted))
        .all(&app.db.read)
        .await
        .expect("registrations");
    assert_eq!(first_in_line.len(), 1);
    assert!(
        promoted
            .iter()
            .all(|m| m.registration_id.as_deref() < Some(first_in_line[0].id.as_str()))
    );
}

#[tokio::test]
async fn sqlite_more_seats_fill_from_the_waiting_list_in_the_same_transaction() {
    more_seats_fill_from_the_waiting_list_in_the_same_transaction(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_more_seats_fill_from_the_waiting_list_in_the_same_transaction() {
    more_seats_fill_from_the_waiting_list_in_the_same_transaction(Db::Postgres).await;
}

/// People waiting for a full session while the event has seats (the demo
/// event's situation) cost newcomers nothing: the waiting list is read only
/// when a seat frees up.
#[tokio::test]
async fn the_waiting_list_is_read_only_when_seats_free_up() {
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(100),
            session_capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let session = app.event(&slug).await.sessions[0].id.to_string();
    let with_session = |mut form: Vec<(String, String)>| {
        form.push(("session".into(), session.clone()));
        form
    };
    let holder = with_session(app.form_for(&slug, 0).await);
    assert_eq!(post(&app, &slug, &holder).await, 303);
    for i in 1..6 {
        let form = with_session(app.form_for(&slug, i).await);
        assert_eq!(post(&app, &slug, &form).await, 303);
    }
    assert_eq!(app.count(&slug, Waitlisted).await, 5);

    let before = app.services.writer.waiting_list_pages_read();
    for i in 6..26 {
        app.register_person(&slug, i).await;
    }
    assert_eq!(app.count(&slug, Confirmed).await, 21);
    assert_eq!(
        app.services.writer.waiting_list_pages_read(),
        before,
        "newcomers must not make the writer read the waiting list"
    );

    // The session's seat frees up: the first in line for it moves up.
    let holder_row = registration::Entity::find()
        .filter(registration::Column::Email.eq(field(&holder, "email")))
        .one(&app.db.read)
        .await
        .expect("query")
        .expect("the holder");
    app.services
        .cancel_by_token(&holder_row.manage_token)
        .await
        .expect("cancel")
        .expect("found");
    // One page of the line read (five wait, fewer than a page), once.
    assert_eq!(app.services.writer.waiting_list_pages_read(), before + 1);
    assert_eq!(app.count(&slug, Waitlisted).await, 4);
    let first_waiting = registration::Entity::find()
        .filter(registration::Column::Email.eq(field(&app.form_for(&slug, 1).await, "email")))
        .one(&app.db.read)
        .await
        .expect("query")
        .expect("the first in line");
    assert_eq!(first_waiting.status, Confirmed);
}

/// Each delivery is recorded as soon as it is known: a message that went
/// out is marked sent while a slower one of the same round is still being
/// sent, so a kill then cannot send the first again.
#[tokio::test]
async fn each_delivery_is_recorded_as_it_comes() {
    let mut server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let slug = app.event_slug.clone();
    let quick = app.form_for(&slug, 8).await;
    let slow = app.form_for(&slug, 9).await;
    let (quick_email, slow_email) = (field(&quick, "email"), field(&slow, "email"));
    server.set_delay_for(slow_email, Duration::from_secs(8));
    // Both land before the worker's next claim, so one round takes both.
    let (a, b) = tokio::join!(post(&app, &slug, &quick), post(&app, &slug, &slow));
    assert_eq!((a, b), (303, 303));
    server.wait_for(1, Duration::from_secs(10)).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(4);
    loop {
        let quick_row = emails_to(&app, quick_email).await;
        let slow_row = emails_to(&app, slow_email).await;
        if quick_row[0].status == DeliveryStatus::Sent {
            assert_eq!(
                slow_row[0].status,
                DeliveryStatus::Sending,
                "the slow message was still on its way (same round)"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the delivered message was not recorded while the round went on"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A slow SMTP conversation outlives the claim it started under: the claim
/// is renewed, so another instance does not take the message and send it a
/// second time.
#[tokio::test]
async fn postgres_a_slow_send_keeps_its_claim_and_goes_out_once() {
    let mut server = SmtpServer::start();
    let Some(first) = TestApp::spawn_with(Db::Postgres, {
        let url = server.url();
        move |config| {
            config.smtp_url = Some(url);
            config.mail_retry_base_ms = 200;
            config.mail_from = crate::smtp::MAIL_FROM.to_owned();
            config.mail_lease_seconds = 2;
        }
    })
    .await
    else {
        return;
    };
    let second = first.another_instance().await;
    let slug = first.event_slug.clone();
    let form = first.form_for(&slug, 10).await;
    let email = field(&form, "email").to_owned();
    server.set_delay_for(&email, Duration::from_secs(6));
    assert_eq!(post(&first, &slug, &form).await, 303);
    server.wait_for(1, Duration::from_secs(20)).await;
    // Past several claims' length: another send would have arrived by now.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let to_them = server
        .received()
        .into_iter()
        .filter(|m| m.recipients.contains(&email))
        .count();
    assert_eq!(to_them, 1, "the confirmation went out exactly once");
    let rows = emails_to(&second, &email).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, DeliveryStatus::Sent);
}

/// A registration confirmed by email days after its form joins the waiting
/// list then, behind those who joined meanwhile: sending the form early
/// holds no place in line. (Seat holds off, so that no form holds the one
/// seat either: tests/api/holds.rs covers the holds.)
async fn the_line_is_ordered_by_when_people_joined_it(db: Db) {
    let Some(app) = TestApp::spawn_with(db, |config| config.verify_hold_minutes = 0).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            verification: true,
            ..EventSpec::default()
        })
        .await;
    let event_id = app.event(&slug).await.event.id;
    let mut ids = Vec::new();
    for i in 0..3 {
        let form = app.form_for(&slug, 20 + i).await;
        assert_eq!(post(&app, &slug, &form).await, 303);
        let row = registration::Entity::find()
            .filter(registration::Column::Email.eq(field(&form, "email")))
            .one(&app.db.read)
            .await
            .expect("query")
            .expect("pending registration");
        ids.push(row.id);
    }
    let writer = app.services.writer.clone();
    let verify = |id: &String| writer.verify(event_id, id.clone());
    // The second and third confirm first: a seat, then the line.
    assert_eq!(verify(&ids[1]).await.unwrap(), Ok(Confirmed));
    assert_eq!(verify(&ids[2]).await.unwrap(), Ok(Waitlisted));
    // The first confirms last: behind the third, though its form came first.
    assert_eq!(verify(&ids[0]).await.unwrap(), Ok(Waitlisted));
    let read = &app.db.read;
    let line = tessera::store::queries::waitlist_position;
    assert_eq!(line(read, event_id, &ids[2]).await.unwrap(), 1);
    assert_eq!(line(read, event_id, &ids[0]).await.unwrap(), 2);

    let holder = registration::Entity::find_by_id(ids[1].clone())
        .one(&app.db.read)
        .await
        .expect("query")
        .expect("holder");
    let cancelled = app
        .services
        .cancel_by_token(&holder.manage_token)
        .await
        .expect("cancel")
        .expect("found");
    assert_eq!(
        cancelled.promoted,
        vec![ids[2].clone()],
        "the first in line moves up"
    );
}

#[tokio::test]
async fn sqlite_the_line_is_ordered_by_when_people_joined_it() {
    the_line_is_ordered_by_when_people_joined_it(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_the_line_is_ordered_by_when_people_joined_it() {
    the_line_is_ordered_by_when_people_joined_it(Db::Postgres).await;
}

/// How many index entries PostgreSQL has read through each index of
/// `registrations`, as the statistics collector last heard.
async fn registration_index_reads(app: &TestApp) -> Vec<(String, i64, i64)> {
    use sea_orm::{DbBackend, Statement};
    let rows = app
        .db
        .read
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT indexrelname::text, idx_scan, idx_tup_read FROM pg_stat_user_indexes \
             WHERE relname = 'registrations'",
        ))
        .await
        .expect("index statistics");
    rows.iter()
        .map(|row| {
            (
                row.try_get::<String>("", "indexrelname").unwrap(),
                row.try_get::<i64>("", "idx_scan").unwrap(),
                row.try_get::<i64>("", "idx_tup_read").unwrap(),
            )
        })
        .collect()
}

/// The writer's duplicate lookup reads one index entry per registration,
/// through the unique (event, address) index — also when the table was
/// analysed while nearly empty, as at an event's opening rush. An index
/// that PostgreSQL prefers for it (as an (event_id, status, created_at)
/// index once was) makes it read every earlier registration of the event
/// for each new one, and this test fail. A rush skips the lookup until it
/// meets an address already registered (src/store/writer/rush.rs): each
/// wave here carries the first person's form again, so every wave is
/// looked up.
#[tokio::test]
async fn postgres_the_duplicate_lookup_reads_one_entry_per_registration() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: None,
            ..EventSpec::default()
        })
        .await;
    app.db
        .write
        .execute_unprepared("ANALYZE")
        .await
        .expect("ANALYZE while nearly empty");
    // In waves of 25 at once, so the writer looks up whole batches, as in
    // a rush.
    const PEOPLE: usize = 300;
    let mut forms = Vec::new();
    for i in 0..PEOPLE {
        forms.push(app.form_for(&slug, i).await);
    }
    for (i, wave) in forms.chunks(25).enumerate() {
        let again = (i > 0).then(|| &forms[0]);
        let answers = futures_util::future::join_all(
            wave.iter().chain(again).map(|form| post(&app, &slug, form)),
        )
        .await;
        assert!(answers.iter().all(|&status| status == 303), "{answers:?}");
    }
    assert!(
        app.services.writer.batches().looked_up_again > 0,
        "the rushes went again with the lookup"
    );
    // The statistics arrive within a second or so of each transaction.
    let mut reads = Vec::new();
    for _ in 0..100 {
        reads = registration_index_reads(&app).await;
        let lookups = reads
            .iter()
            .find(|(name, _, _)| name == "uq_registrations_live_email")
            .map_or(0, |(_, scans, _)| *scans);
        if lookups >= PEOPLE as i64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let read_elsewhere: i64 = reads
        .iter()
        .filter(|(name, _, _)| {
            name != "uq_registrations_live_email" && name != "registrations_pkey"
        })
        .map(|(_, _, read)| read)
        .sum();
    assert!(
        reads.iter().any(
            |(name, scans, _)| name == "uq_registrations_live_email" && *scans >= PEOPLE as i64
        ),
        "the lookups go through the unique index: {reads:?}"
    );
    assert!(
        read_elsewhere < PEOPLE as i64,
        "no other index is walked per registration: {reads:?}"
    );
}
