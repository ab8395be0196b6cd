//! Invariants 1 and 2 under load, on SQLite and PostgreSQL: never a seat
//! too many, never two live registrations for one address.

use std::sync::Arc;

use futures_util::future::join_all;
use tessera::domain::RegistrationStatus::{Cancelled, Confirmed, Waitlisted};

use crate::helpers::{Db, EventSpec, TestApp, registrant};

/// Posts `n` distinct registrations at once and returns the status codes.
async fn rush(app: &TestApp, slug: &str, n: usize, offset: usize) -> Vec<u16> {
    let event = app.event(slug).await;
    let question = event.questions.first().map(|q| q.id);
    let app = Arc::new((app.client.clone(), app.address.clone()));
    let requests = (0..n).map(|i| {
        let app = app.clone();
        let mut form = registrant(i + offset + 1000);
        if let Some(id) = question {
            form.push((format!("q_{id}"), "Idea".into()));
        }
        for session in &event.sessions {
            form.push(("session".into(), session.id.to_string()));
        }
        let url = format!("{}/events/{slug}/register", app.1);
        async move {
            app.0
                .post(url)
                .form(&form)
                .send()
                .await
                .expect("POST")
                .status()
                .as_u16()
        }
    });
    join_all(requests).await
}

async fn seats_are_never_overbooked(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(50),
            ..EventSpec::default()
        })
        .await;
    let codes = rush(&app, &slug, 200, 0).await;
    assert!(
        codes.iter().all(|c| *c == 303),
        "every registration answered: {codes:?}"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 50);
    assert_eq!(app.count(&slug, Waitlisted).await, 150);
    let record = app.event(&slug).await;
    assert_eq!(
        (record.event.confirmed_count, record.event.waitlisted_count),
        (50, 150)
    );
    let page = app
        .get(&format!("/events/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Full") && page.contains("Join the waiting list"));
}

#[tokio::test]
async fn sqlite_seats_are_never_overbooked() {
    seats_are_never_overbooked(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_seats_are_never_overbooked() {
    seats_are_never_overbooked(Db::Postgres).await;
}

async fn session_seats_are_never_overbooked(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: None,
            session_capacity: Some(50),
            ..EventSpec::default()
        })
        .await;
    let codes = rush(&app, &slug, 200, 0).await;
    assert!(codes.iter().all(|c| *c == 303), "{codes:?}");
    assert_eq!(app.count(&slug, Confirmed).await, 50);
    assert_eq!(app.count(&slug, Waitlisted).await, 150);
    let record = app.event(&slug).await;
    assert_eq!(record.sessions[0].confirmed_count, 50);
    assert_eq!(
        record.sessions[1].confirmed_count, 50,
        "the other session follows the confirmed"
    );
}

#[tokio::test]
async fn sqlite_session_seats_are_never_overbooked() {
    session_seats_are_never_overbooked(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_session_seats_are_never_overbooked() {
    session_seats_are_never_overbooked(Db::Postgres).await;
}

async fn without_waiting_list_the_rest_get_409(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(50),
            waitlist: false,
            ..EventSpec::default()
        })
        .await;
    let codes = rush(&app, &slug, 200, 0).await;
    assert_eq!(codes.iter().filter(|c| **c == 303).count(), 50);
    assert_eq!(
        codes.iter().filter(|c| **c == 409).count(),
        150,
        "{codes:?}"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 50);
    assert_eq!(app.count(&slug, Waitlisted).await, 0);
}

#[tokio::test]
async fn sqlite_without_waiting_list_the_rest_get_409() {
    without_waiting_list_the_rest_get_409(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_without_waiting_list_the_rest_get_409() {
    without_waiting_list_the_rest_get_409(Db::Postgres).await;
}

async fn one_address_racing_gets_one_registration(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let form = app.form_for(&app.event_slug, 9).await;
    let url = format!("{}/events/{}/register", app.address, app.event_slug);
    let codes = join_all((0..20).map(|_| {
        let (client, url, form) = (app.client.clone(), url.clone(), form.clone());
        async move {
            client
                .post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    }))
    .await;
    assert!(codes.iter().all(|c| *c == 303), "{codes:?}");
    assert_eq!(app.count(&app.event_slug, Confirmed).await, 1);
}

#[tokio::test]
async fn sqlite_one_address_racing_gets_one_registration() {
    one_address_racing_gets_one_registration(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_one_address_racing_gets_one_registration() {
    one_address_racing_gets_one_registration(Db::Postgres).await;
}

async fn cancellations_racing_registrations_stay_exact(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(30),
            ..EventSpec::default()
        })
        .await;
    let mut tokens = Vec::new();
    for i in 0..40 {
        tokens.push(app.register_person(&slug, 2000 + i).await.1);
    }
    // Cancel 15 of the confirmed while 60 newcomers register.
    let cancels = tokens[..15].iter().map(|token| {
        let (client, url) = (
            app.client.clone(),
            format!("{}/r/{token}/cancel", app.address),
        );
        async move { client.post(url).send().await.unwrap().status().as_u16() }
    });
    let (cancel_codes, register_codes) =
        tokio::join!(join_all(cancels), rush(&app, &slug, 60, 5000));
    assert!(cancel_codes.iter().all(|c| *c == 303), "{cancel_codes:?}");
    assert!(
        register_codes.iter().all(|c| *c == 303),
        "{register_codes:?}"
    );
    assert_eq!(app.count(&slug, Cancelled).await, 15);
    assert_eq!(
        app.count(&slug, Confirmed).await,
        30,
        "freed seats are all taken again"
    );
    assert_eq!(app.count(&slug, Waitlisted).await, 40 + 60 - 15 - 30);
    let record = app.event(&slug).await;
    assert_eq!(record.event.confirmed_count, 30);
    assert_eq!(record.event.waitlisted_count, 55);
}

#[tokio::test]
async fn sqlite_cancellations_racing_registrations_stay_exact() {
    cancellations_racing_registrations_stay_exact(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_cancellations_racing_registrations_stay_exact() {
    cancellations_racing_registrations_stay_exact(Db::Postgres).await;
}

#[tokio::test]
async fn postgres_two_instances_share_the_seats_exactly() {
    let Some(first) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let second = first.another_instance().await;
    let slug = first
        .seed_event(EventSpec {
            capacity: Some(50),
            ..EventSpec::default()
        })
        .await;
    let (a, b) = tokio::join!(rush(&first, &slug, 100, 0), rush(&second, &slug, 100, 100));
    assert!(a.iter().chain(&b).all(|c| *c == 303));
    assert_eq!(first.count(&slug, Confirmed).await, 50);
    assert_eq!(first.count(&slug, Waitlisted).await, 150);
}

#[tokio::test]
async fn a_full_queue_answers_503_with_retry_after_and_loses_nothing() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.write_queue = 1)
        .await
        .unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: None,
            ..EventSpec::default()
        })
        .await;
    let event = app.event(&slug).await;
    let question = event.questions[0].id;
    let responses = join_all((0..300).map(|i| {
        let mut form = registrant(i + 7000);
        form.push((format!("q_{question}"), "Idea".into()));
        let (client, url) = (
            app.client.clone(),
            format!("{}/events/{slug}/register", app.address),
        );
        async move {
            let r = client.post(url).form(&form).send().await.unwrap();
            (
                r.status().as_u16(),
                r.headers().get("retry-after").is_some(),
            )
        }
    }))
    .await;
    let accepted = responses.iter().filter(|(c, _)| *c == 303).count() as u64;
    let busy: Vec<_> = responses.iter().filter(|(c, _)| *c == 503).collect();
    assert_eq!(
        accepted as usize + busy.len(),
        300,
        "only 303 or 503: {responses:?}"
    );
    assert!(
        !busy.is_empty(),
        "a queue of one overflows under 300 at once"
    );
    assert!(busy.iter().all(|(_, retry_after)| *retry_after));
    assert_eq!(
        app.count(&slug, Confirmed).await,
        accepted,
        "every 303 is stored, no 503 is"
    );
}

/// Registrant `i` of the fixtures as the form's checks leave them, for an
/// event whose one question is a select with the option "Idea".
fn parsed_request(question_id: i64, i: usize) -> tessera::domain::RegistrationRequest {
    use tessera::domain::{Language, RawRegistration};
    let rules = vec![tessera::domain::QuestionRule {
        id: question_id,
        kind: tessera::domain::QuestionKind::Select,
        options: vec!["Idea".into()],
        required: true,
    }];
    let form = registrant(i);
    let field = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    RawRegistration {
        first_name: field("first_name"),
        last_name: field("last_name"),
        email: field("email"),
        organization: field("organization"),
        country: field("country"),
        consent: true,
        answers: [(question_id, vec!["Idea".to_owned()])].into(),
        ..RawRegistration::default()
    }
    .parse(
        &tessera::domain::FormRules {
            questions: rules,
            ..Default::default()
        },
        Language::En,
    )
    .expect("a valid registration")
}

/// A registration the database refuses (here: a session that does not
/// exist, past the form's checks) must fail alone, not take its batch down.
async fn a_failing_row_fails_alone(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(100),
            ..EventSpec::default()
        })
        .await;
    let record = app.event(&slug).await;
    let request = |i: usize| parsed_request(record.questions[0].id, 3000 + i);
    let mut bad = request(0);
    bad.sessions = vec![i64::MAX];
    let writer = app.services.writer.clone();
    let event_id = record.event.id;
    let failed_batches = || writer.batches().failed;
    let failed_before = failed_batches();
    // Submitted together, so that the writer finds them in one queue.
    let mut jobs: Vec<_> = (1..40)
        .map(|i| {
            let (writer, request) = (writer.clone(), request(i));
            tokio::spawn(async move { writer.register(event_id, request).await })
        })
        .collect();
    jobs.insert(20, {
        let writer = writer.clone();
        tokio::spawn(async move { writer.register(event_id, bad).await })
    });
    let results = join_all(jobs).await;
    let failed = results
        .iter()
        .filter(|r| !matches!(r, Ok(Ok(Ok(_)))))
        .count();
    assert_eq!(failed, 1, "only the bad row fails");
    assert!(
        failed_batches() > failed_before,
        "the bad row was in a batch with others"
    );
    assert!(
        matches!(results[20], Ok(Err(_))),
        "the bad row is the one that failed"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 39);
    let record = app.event(&slug).await;
    assert_eq!(
        record.event.confirmed_count, 39,
        "the counter matches the rows"
    );
}

#[tokio::test]
async fn sqlite_a_failing_row_fails_alone() {
    a_failing_row_fails_alone(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_a_failing_row_fails_alone() {
    a_failing_row_fails_alone(Db::Postgres).await;
}

/// A rush goes on the writer's own connection (src/store/writer/rush.rs),
/// its `COMMIT` a round trip of its own on PostgreSQL. A commit the
/// database refuses (here: a deferred check that fails for one address,
/// and only at `COMMIT`, after the rush's statements all succeeded) must
/// still fail that registration alone and answer every other one, with the
/// counter matching the rows, and the writer must go on.
#[tokio::test]
async fn postgres_a_rush_refused_at_its_commit_fails_alone() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    use tessera::store::seats::SeatBoard;
    use tessera::store::writer::Writer;
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(100),
            ..EventSpec::default()
        })
        .await;
    let record = app.event(&slug).await;
    let event_id = record.event.id;
    let request = |i: usize| parsed_request(record.questions[0].id, 4000 + i);
    let refused = request(20).email.normalized().replace('\'', "''");
    for statement in [
        format!(
            "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN IF NEW.email_normalized = '{refused}' THEN \
             RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$"
        ),
        "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON registrations \
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()"
            .to_owned(),
    ] {
        app.db
            .write
            .execute_unprepared(&statement)
            .await
            .expect("the deferred check");
    }
    // A writer of its own, which no mail worker shares: its batches hold
    // the registrations of this test only.
    let (writer, _task) = Writer::start(
        app.db.write.clone(),
        Arc::new(SeatBoard::default()),
        Arc::default(),
        1024,
        None,
        None,
    );
    let register = |i: usize| {
        let (writer, request) = (writer.clone(), request(i));
        tokio::spawn(async move { writer.register(event_id, request).await })
    };
    // The first registration's batch waits behind a lock held here, so
    // that the other 39 queue up and the writer takes them as one rush.
    let blocker = app.db.write.begin().await.expect("a transaction");
    blocker
        .execute_unprepared(&format!(
            "SELECT id FROM events WHERE id = {event_id} FOR UPDATE"
        ))
        .await
        .expect("the event's row locked");
    let first = register(0);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let rest: Vec<_> = (1..40).map(register).collect();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    blocker.commit().await.expect("the lock released");
    let mut results = vec![first.await.expect("the first")];
    for job in rest {
        results.push(job.await.expect("a registration"));
    }
    let registered: Vec<usize> = (0..40)
        .filter(|i| matches!(results[*i], Ok(Ok(_))))
        .collect();
    assert_eq!(
        registered,
        (0..40).filter(|i| *i != 20).collect::<Vec<_>>(),
        "all but the refused one registered"
    );
    assert!(matches!(results[20], Err(_)), "the refused one failed");
    let batches = writer.batches();
    assert_eq!(
        (batches.rush_fallbacks, batches.failed),
        (1, 1),
        "the rush of 39 failed at its commit on the lane, then once more the general way, \
         and went job by job: {batches:?}"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 39);
    assert_eq!(
        app.event(&slug).await.event.confirmed_count,
        39,
        "the counter matches the rows"
    );
    // The writer goes on, and once the lane has rested (1 s), rushes take
    // it again on a new connection.
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    for job in (40..50).map(register).collect::<Vec<_>>() {
        assert!(matches!(job.await, Ok(Ok(Ok(_)))));
    }
    assert_eq!(app.event(&slug).await.event.confirmed_count, 49);
    assert!(
        writer.batches().rushes > batches.rushes,
        "the lane took rushes again: {:?}",
        writer.batches()
    );
}

/// The mail worker's bookkeeping (here a claim of owed emails) queued in the
/// middle of a rush does not send the rush the general, slower way: the
/// registrations are committed on their lane and answered, the claim after
/// them in a transaction of its own.
#[tokio::test]
async fn postgres_mail_bookkeeping_does_not_take_a_rush_off_its_lane() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    use tessera::store::seats::SeatBoard;
    use tessera::store::writer::Writer;
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(100),
            ..EventSpec::default()
        })
        .await;
    let record = app.event(&slug).await;
    let event_id = record.event.id;
    let question_id = record.questions[0].id;
    // A writer of its own, which no mail worker shares.
    let (writer, _task) = Writer::start(
        app.db.write.clone(),
        Arc::new(SeatBoard::default()),
        Arc::default(),
        1024,
        None,
        None,
    );
    let register = |i: usize| {
        let (writer, request) = (writer.clone(), parsed_request(question_id, 5000 + i));
        tokio::spawn(async move { writer.register(event_id, request).await })
    };
    // The first registration's batch waits behind a lock held here, so that
    // the next ten registrations and the claim queue up as one batch.
    let blocker = app.db.write.begin().await.expect("a transaction");
    blocker
        .execute_unprepared(&format!(
            "SELECT id FROM events WHERE id = {event_id} FOR UPDATE"
        ))
        .await
        .expect("the event's row locked");
    let first = register(0);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut rest: Vec<_> = (1..6).map(register).collect();
    let claim = {
        let writer = writer.clone();
        tokio::spawn(async move {
            writer
                .claim_outbox(1000, chrono::Duration::minutes(5))
                .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    rest.extend((6..11).map(register));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let before = writer.batches();
    blocker.commit().await.expect("the lock released");
    assert!(matches!(first.await, Ok(Ok(Ok(_)))), "the first registered");
    for job in rest {
        assert!(
            matches!(job.await, Ok(Ok(Ok(_)))),
            "each of the ten registered"
        );
    }
    claim.await.expect("the claim").expect("the claim answered");
    let after = writer.batches();
    assert_eq!(
        (
            after.rushes - before.rushes,
            after.rush_fallbacks,
            after.failed
        ),
        (2, 0, 0),
        "the first alone, then the ten as one rush, both on the lane; nothing failed: {after:?}"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 11);
    assert_eq!(app.event(&slug).await.event.confirmed_count, 11);
}

/// On PostgreSQL a rush is written without looking its addresses up first.
/// When one of them is already registered, the write meets it, nothing of
/// that try stays, and the rush goes again with the lookup: the person is
/// answered with their registration, everyone else is registered once, the
/// counter matches the rows.
#[tokio::test]
async fn postgres_a_rush_meeting_a_registered_address_goes_again_with_the_lookup() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    use tessera::store::seats::SeatBoard;
    use tessera::store::writer::Writer;
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(100),
            ..EventSpec::default()
        })
        .await;
    let record = app.event(&slug).await;
    let event_id = record.event.id;
    let question_id = record.questions[0].id;
    let (writer, _task) = Writer::start(
        app.db.write.clone(),
        Arc::new(SeatBoard::default()),
        Arc::default(),
        1024,
        None,
        None,
    );
    let register = |i: usize| {
        let (writer, request) = (writer.clone(), parsed_request(question_id, 6000 + i));
        tokio::spawn(async move { writer.register(event_id, request).await })
    };
    let earlier = match register(0).await {
        Ok(Ok(Ok(registered))) => registered,
        other => panic!("the first registration: {other:?}"),
    };
    assert_eq!(
        writer.batches().looked_up_again,
        0,
        "a new address met nothing"
    );
    // A batch waits behind a lock held here while ten new addresses and the
    // registered one queue up as one rush.
    let blocker = app.db.write.begin().await.expect("a transaction");
    blocker
        .execute_unprepared(&format!(
            "SELECT id FROM events WHERE id = {event_id} FOR UPDATE"
        ))
        .await
        .expect("the event's row locked");
    let waiting = register(100);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut rush: Vec<_> = (1..6).map(register).collect();
    rush.push(register(0));
    rush.extend((6..11).map(register));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    blocker.commit().await.expect("the lock released");
    assert!(matches!(waiting.await, Ok(Ok(Ok(_)))));
    let mut answers = Vec::new();
    for job in rush {
        match job.await {
            Ok(Ok(Ok(registered))) => answers.push(registered),
            other => panic!("a registration of the rush: {other:?}"),
        }
    }
    let again = &answers[5];
    assert!(again.existing, "the registered address is answered as such");
    assert_eq!(
        (&again.id, &again.manage_token),
        (&earlier.id, &earlier.manage_token),
        "with the registration it has"
    );
    assert!(
        answers
            .iter()
            .enumerate()
            .all(|(i, r)| i == 5 || !r.existing),
        "the ten others are new"
    );
    let batches = writer.batches();
    assert_eq!(
        (
            batches.looked_up_again,
            batches.rush_fallbacks,
            batches.failed
        ),
        (1, 0, 0),
        "the rush met the address once and went again on the lane: {batches:?}"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 12);
    assert_eq!(app.event(&slug).await.event.confirmed_count, 12);
}

/// A rush decided without the lookup in which someone is refused goes
/// again with it: had the refused address been registered, the answer is
/// still the refusal (the event is full), but the person's confirmation is
/// sent again when due, as it is on every other way in.
#[tokio::test]
async fn postgres_a_refused_repeat_in_a_rush_still_gets_its_email_again() {
    use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
    use tessera::domain::MessageKind;
    use tessera::store::entities::outbox_message;
    use tessera::store::seats::SeatBoard;
    use tessera::store::writer::Writer;
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            waitlist: false,
            ..EventSpec::default()
        })
        .await;
    let record = app.event(&slug).await;
    let event_id = record.event.id;
    let question_id = record.questions[0].id;
    let (writer, _task) = Writer::start(
        app.db.write.clone(),
        Arc::new(SeatBoard::default()),
        Arc::default(),
        1024,
        None,
        None,
    );
    let register = |i: usize| {
        let (writer, request) = (writer.clone(), parsed_request(question_id, 7000 + i));
        tokio::spawn(async move { writer.register(event_id, request).await })
    };
    let first = match register(0).await {
        Ok(Ok(Ok(registered))) => registered,
        other => panic!("the first registration: {other:?}"),
    };
    assert!(matches!(register(1).await, Ok(Ok(Ok(_)))), "the last seat");
    // Sixteen minutes later, the first person sends the form again.
    app.db
        .write
        .execute_unprepared(&format!(
            "UPDATE registrations SET last_emailed_at = last_emailed_at - interval '16 minutes' \
             WHERE id = '{}'",
            first.id
        ))
        .await
        .expect("the email sent earlier");
    let before = writer.batches().looked_up_again;
    assert!(
        matches!(register(0).await, Ok(Ok(Err(_)))),
        "the event is full: refused"
    );
    assert_eq!(writer.batches().looked_up_again, before + 1);
    let emails = outbox_message::Entity::find()
        .filter(outbox_message::Column::RegistrationId.eq(first.id.as_str()))
        .all(&app.db.read)
        .await
        .expect("the outbox");
    assert_eq!(
        emails
            .iter()
            .filter(|m| m.kind == MessageKind::Confirmation)
            .count(),
        2,
        "the confirmation was sent again: {emails:?}"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 2);
    assert_eq!(app.event(&slug).await.event.confirmed_count, 2);
}
