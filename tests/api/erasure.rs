//! Erasure, proved on the database itself (issue 14, "Privacy"): after each
//! kind — the attendee's self-service delete, `tessera anonymize --email`,
//! `tessera anonymize --ended-before`, the daily retention job and the
//! dashboard's button — no text column of any table (outbox and audit
//! included) holds the person's name, address, organization or written
//! answers; other people's data is still there; and the statistics still
//! count them. Real SMTP, real check-ins, on SQLite and PostgreSQL.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set,
    Statement,
};
use serde_json::Value;
use tessera::domain::check_in::sign_address;
use tessera::domain::{QuestionKind, RegistrationStatus, Role};
use tessera::services::accounts::StaffMember;
use tessera::services::check_ins::CheckInRequest;
use tessera::services::events::QuestionDraft;
use tessera::store::audit::Actor;
use tessera::store::entities::{check_in, event, outbox_message, registration, session};

use crate::admin::{logged_in, staff_account};
use crate::helpers::{Db, EventSpec, TestApp, people};
use crate::smtp::{SmtpServer, app_with_smtp};

/// Who is in the scenario: fixture rows with distinctive names.
const GIULIA: usize = 0;
const AGNES: usize = 4;
const LUCJA: usize = 7;
const MARIA_JOSE: usize = 10;
const BEGONA: usize = 11;
const ZYDRUNE: usize = 13;
const AMELIE: usize = 16;
const NOEMIE: usize = 17;

/// One registrant as the test knows them.
#[derive(Clone, Debug)]
struct Registrant {
    index: usize,
    id: String,
    token: String,
    email: String,
    /// Every string that names them: erasure must leave none of these.
    personal: Vec<String>,
    /// Their written answers, text then textarea.
    answers: Vec<String>,
}

struct World {
    app: TestApp,
    smtp: SmtpServer,
    slug: String,
    people: Vec<Registrant>,
    /// Emails received so far.
    received: std::cell::Cell<usize>,
}

/// Two sessions' worth of questions: a select (kept by erasure), a text and
/// a textarea (erased).
async fn add_questions(app: &TestApp, slug: &str) {
    for (label, kind) in [
        ("Your business in one sentence", QuestionKind::Text),
        ("What do you hope to learn?", QuestionKind::Textarea),
    ] {
        app.services
            .add_question(
                slug,
                QuestionDraft {
                    label: label.into(),
                    kind,
                    options: Vec::new(),
                    required: false,
                },
                &Actor::System,
            )
            .await
            .expect("add a question");
    }
}

/// Registers fixture person `index` for `slug`, with written answers only
/// they gave and the first session.
async fn register(app: &TestApp, slug: &str, index: usize) -> Registrant {
    let person = &people()[index];
    let record = app.event(slug).await;
    let mut form = app.form_for(slug, index).await;
    form.push(("session".into(), record.sessions[0].id.to_string()));
    let mut personal = vec![
        person.first_name.clone(),
        person.last_name.clone(),
        person.email.clone(),
        person.organization.clone(),
    ];
    let mut answers = Vec::new();
    for question in &record.questions {
        let answer = match question.kind {
            QuestionKind::Text => format!("Qx{index}: {} exports handmade goods", person.last_name),
            QuestionKind::Textarea => {
                format!("Zq{index}: mentoring on financing\nand selling to Zq{index}-land")
            }
            _ => continue,
        };
        // Each line alone too: stored inside JSON, a line break is `\n`.
        personal.extend(answer.lines().map(str::to_owned));
        personal.push(answer.clone());
        answers.push(answer.clone());
        form.push((format!("q_{}", question.id), answer));
    }
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 303, "registration refused");
    let token = crate::helpers::token_of(&response);
    let stored = registration::Entity::find()
        .filter(registration::Column::ManageToken.eq(token.as_str()))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration");
    Registrant {
        index,
        id: stored.id,
        token,
        email: person.email.clone(),
        personal,
        answers,
    }
}

/// An event under way (started an hour ago), with 5 seats and a waiting
/// list, six registrants (the sixth waits), each emailed, three checked in.
async fn world(db: Db) -> Option<World> {
    if !SmtpServer::can_start() {
        return None;
    }
    let smtp = SmtpServer::start();
    let app = app_with_smtp(db, smtp.url()).await?;
    let slug = app
        .seed_event(EventSpec {
            starts_in: chrono::Duration::hours(-1),
            capacity: Some(5),
            ..EventSpec::default()
        })
        .await;
    add_questions(&app, &slug).await;
    let mut people = Vec::new();
    for index in [GIULIA, AGNES, LUCJA, ZYDRUNE, MARIA_JOSE, BEGONA] {
        people.push(register(&app, &slug, index).await);
    }
    let world = World {
        app,
        smtp,
        slug,
        people,
        received: std::cell::Cell::new(0),
    };
    world.wait_for_emails(6).await;
    for index in [AGNES, LUCJA, ZYDRUNE] {
        world.check_in(index).await;
    }
    Some(world)
}

impl World {
    fn person(&self, index: usize) -> &Registrant {
        self.people
            .iter()
            .find(|p| p.index == index)
            .expect("in the scenario")
    }

    async fn wait_for_emails(&self, more: usize) -> Vec<crate::smtp::Received> {
        let total = self.received.get() + more;
        self.received.set(total);
        let all = self.smtp.wait_for(total, Duration::from_secs(30)).await;
        all.into_iter().skip(total - more).collect()
    }

    async fn check_in(&self, index: usize) {
        let (email, id) = staff_account(&self.app, Role::CheckIn).await;
        let staff = StaffMember {
            id,
            email,
            name: "Door".into(),
            role: Role::CheckIn,
        };
        self.app
            .services
            .check_in_at(
                &self.slug,
                CheckInRequest {
                    id: None,
                    registration_id: self.person(index).id.clone(),
                    claimed_at: None,
                },
                &staff,
            )
            .await
            .expect("check in")
            .expect("the event");
    }

    async fn statistics(&self, slug: &str) -> Counts {
        counts(&self.app, slug).await
    }
}

/// What the statistics page and the indicator report count.
#[derive(Debug, PartialEq)]
struct Counts {
    confirmed: i64,
    waitlisted: i64,
    cancelled: i64,
    by_country: Vec<(String, i64)>,
    checked_in: i64,
    checked_in_per_day: Vec<i64>,
    report_by_country: Vec<(String, i64)>,
}

async fn counts(app: &TestApp, slug: &str) -> Counts {
    let statistics = app
        .services
        .event_statistics(slug)
        .await
        .unwrap()
        .expect("the event");
    let report = app
        .services
        .indicator_report(slug)
        .await
        .unwrap()
        .expect("the event");
    let mut by_country = statistics.by_country.clone();
    by_country.sort();
    let mut report_by_country: Vec<(String, i64)> = report
        .by_country
        .iter()
        .map(|(country, count)| (country.clone(), count.attended))
        .collect();
    report_by_country.sort();
    Counts {
        confirmed: statistics.by_status.confirmed,
        waitlisted: statistics.by_status.waitlisted,
        cancelled: statistics.by_status.cancelled,
        checked_in: statistics.by_status.checked_in,
        by_country,
        checked_in_per_day: statistics
            .check_ins_per_day
            .iter()
            .map(|(_, count)| count.attended)
            .collect(),
        report_by_country,
    }
}

/// Every value of every text-like column of every table, as text.
async fn every_text(app: &TestApp) -> Vec<(String, String, String)> {
    let db = &app.db.read;
    let backend = db.get_database_backend();
    let columns: Vec<(String, String)> = match backend {
        DbBackend::Postgres => db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT table_name::text AS t, column_name::text AS c \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')",
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|row| {
                (
                    row.try_get::<String>("", "t").unwrap(),
                    row.try_get::<String>("", "c").unwrap(),
                )
            })
            .collect(),
        _ => {
            let tables: Vec<String> = db
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT name FROM sqlite_master WHERE type = 'table'",
                ))
                .await
                .unwrap()
                .into_iter()
                .map(|row| row.try_get::<String>("", "name").unwrap())
                .collect();
            let mut columns = Vec::new();
            for table in tables {
                // Every column, whatever its declared type: SQLite stores
                // text in any of them.
                for row in db
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("SELECT name FROM pragma_table_info('{table}')"),
                    ))
                    .await
                    .unwrap()
                {
                    columns.push((table.clone(), row.try_get::<String>("", "name").unwrap()));
                }
            }
            columns
        }
    };
    assert!(
        columns.iter().any(|(t, _)| t == "audit_entries")
            && columns.iter().any(|(t, _)| t == "outbox_messages")
            && columns.iter().any(|(t, _)| t == "check_ins"),
        "every table is scanned: {columns:?}"
    );
    let mut values = Vec::new();
    for (table, column) in columns {
        let sql = match backend {
            DbBackend::Postgres => format!("SELECT \"{column}\"::text AS v FROM \"{table}\""),
            _ => format!("SELECT CAST(\"{column}\" AS TEXT) AS v FROM \"{table}\""),
        };
        for row in db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
        {
            if let Ok(Some(value)) = row.try_get::<Option<String>>("", "v") {
                values.push((table.clone(), column.clone(), value));
            }
        }
    }
    values
}

/// A string as it may be stored: as typed, and escaped inside JSON.
fn forms_of(strings: &[String]) -> Vec<String> {
    let mut forms = Vec::new();
    for string in strings {
        let lower = string.to_lowercase();
        let escaped = serde_json::to_string(&lower).unwrap();
        forms.push(escaped.trim_matches('"').to_owned());
        forms.push(lower);
    }
    forms
}

/// Where the database still holds one of `person`'s strings.
async fn traces_of(app: &TestApp, person: &Registrant) -> Vec<String> {
    let needles: Vec<String> = forms_of(&person.personal);
    every_text(app)
        .await
        .into_iter()
        .filter_map(|(table, column, value)| {
            let lower = value.to_lowercase();
            needles
                .iter()
                .find(|n| lower.contains(n.as_str()))
                .map(|n| format!("{table}.{column} holds {n:?}: {value}"))
        })
        .collect()
}

async fn assert_erased(app: &TestApp, person: &Registrant) {
    let traces = traces_of(app, person).await;
    assert!(traces.is_empty(), "not erased:\n{}", traces.join("\n"));
}

async fn assert_kept(app: &TestApp, person: &Registrant) {
    let values: Vec<String> = every_text(app)
        .await
        .into_iter()
        .map(|(_, _, value)| value.to_lowercase())
        .collect();
    for needle in &person.personal {
        let forms = forms_of(std::slice::from_ref(needle));
        assert!(
            values.iter().any(|v| forms.iter().any(|f| v.contains(f))),
            "{needle:?} of someone not erased is gone"
        );
    }
}

async fn stored(app: &TestApp, id: &str) -> registration::Model {
    registration::Entity::find_by_id(id.to_owned())
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration row stays")
}

/// Waits until every email to `id` has finished its delivery and the
/// record of it no longer holds the address.
async fn wait_until_delivered_and_forgotten(app: &TestApp, id: &str) {
    for _ in 0..300 {
        let rows = outbox_message::Entity::find()
            .filter(outbox_message::Column::RegistrationId.eq(id))
            .all(&app.db.read)
            .await
            .unwrap();
        if rows
            .iter()
            .all(|r| matches!(r.status.as_str(), "sent" | "failed") && r.recipient.is_empty())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the emails to {id} were not delivered and forgotten");
}

/// Moves an event `days` into the past, with its sessions and check-ins,
/// as if that time had gone by.
async fn move_into_past(app: &TestApp, slug: &str, days: i64) {
    let shift = chrono::Duration::days(days);
    let record = app.event(slug).await;
    let mut row: event::ActiveModel = record.event.clone().into();
    row.starts_at = Set(record.event.starts_at - shift);
    row.ends_at = Set(record.event.ends_at - shift);
    row.update(&app.db.write).await.unwrap();
    for s in record.sessions {
        let (starts, ends) = (s.starts_at - shift, s.ends_at - shift);
        let mut row: session::ActiveModel = s.into();
        row.starts_at = Set(starts);
        row.ends_at = Set(ends);
        row.update(&app.db.write).await.unwrap();
    }
    for c in check_in::Entity::find()
        .filter(check_in::Column::EventId.eq(record.event.id))
        .all(&app.db.read)
        .await
        .unwrap()
    {
        let day = chrono::NaiveDate::parse_from_str(&c.day, "%Y-%m-%d").unwrap() - shift;
        let at = c.checked_in_at - shift;
        let mut row: check_in::ActiveModel = c.into();
        row.day = Set(day.format("%Y-%m-%d").to_string());
        row.checked_in_at = Set(at);
        row.update(&app.db.write).await.unwrap();
    }
    app.services.catalog.forget(slug);
}

/// The JSON a download gives, read as plain JSON.
async fn download(app: &TestApp, token: &str) -> reqwest::Response {
    app.get(&format!("/r/{token}/data.json")).await
}

fn text_of(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} in {value:#}"))
        .to_owned()
}

// ---------------------------------------------------------------------------
// Self-service: download, then delete.

async fn self_service(db: Db) {
    let Some(mut world) = world(db).await else {
        return;
    };
    let app = &world.app;
    let zydrune = world.person(ZYDRUNE).clone();
    let begona = world.person(BEGONA).clone();
    assert_eq!(
        stored(app, &begona.id).await.status,
        RegistrationStatus::Waitlisted
    );

    // The download: every fact, read as plain JSON.
    let response = download(app, &zydrune.token).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header("content-disposition").starts_with("attachment"));
    assert!(header("cache-control").contains("no-store"));
    assert!(header("content-type").starts_with("application/json"));
    let data: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(text_of(&data, "/registration/first_name"), "Žydrūnė");
    assert_eq!(text_of(&data, "/registration/last_name"), "Kazlauskaitė");
    assert_eq!(text_of(&data, "/registration/email"), zydrune.email);
    assert_eq!(
        text_of(&data, "/registration/organization"),
        "Klaipėdos Gintaras UAB"
    );
    assert_eq!(text_of(&data, "/registration/country"), "LT");
    assert_eq!(text_of(&data, "/registration/status"), "confirmed");
    assert!(
        data.pointer("/registration/first_checked_in_at")
            .unwrap()
            .is_string()
    );
    assert_eq!(data["check_ins"].as_array().unwrap().len(), 1);
    let answers = data["answers"].as_array().unwrap();
    let answer = |label: &str| {
        answers
            .iter()
            .find(|a| a["question"] == label)
            .unwrap_or_else(|| panic!("no answer to {label}: {answers:?}"))["answer"]
            .clone()
    };
    assert_eq!(answer("Stage of your business"), "Idea");
    assert_eq!(
        answer("Your business in one sentence"),
        zydrune.answers[0].as_str()
    );
    assert_eq!(
        answer("What do you hope to learn?"),
        zydrune.answers[1].as_str()
    );
    assert_eq!(data["sessions"][0]["title"], "Financing your growth");
    assert!(data.pointer("/consent/given_at").unwrap().is_string());
    assert_eq!(text_of(&data, "/consent/privacy_notice_version"), "2026-12");
    let emails = data["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 1, "{emails:?}");
    assert_eq!(emails[0]["kind"], "confirmation");
    assert_eq!(emails[0]["status"], "sent");
    assert!(emails[0]["sent_at"].is_string());
    assert!(
        text_of(&emails[0], "/subject").contains("Women 2027"),
        "{emails:?}"
    );
    assert!(
        data["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "check_in"),
        "{data:#}"
    );

    // The page that asks first changes nothing.
    let page = app
        .get(&format!("/r/{}/delete?lang=lt", zydrune.token))
        .await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Ištrinti registraciją ir jūsų duomenis?"),
        "{page}"
    );
    assert!(
        page.contains("laukiančiųjų sąraše") || page.contains("vieta"),
        "{page}"
    );
    assert_eq!(stored(app, &zydrune.id).await.erased_at, None);
    let own = app
        .get(&format!("/r/{}", zydrune.token))
        .await
        .text()
        .await
        .unwrap();
    assert!(own.contains(&format!("/r/{}/data.json", zydrune.token)));
    assert!(own.contains(&format!("/r/{}/delete", zydrune.token)));

    let before = world.statistics(&world.slug).await;
    // The SMTP server puts the CANCEL off once: until it is delivered, the
    // outbox row alone still knows where it goes.
    world.smtp.set_rules(&[zydrune.email.as_str()], &[]);
    let response = app
        .post_form(&format!("/r/{}/delete?lang=lt", zydrune.token), &[])
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/events/{}/deleted?lang=lt", world.slug));
    let deleted = app.get(&location).await;
    assert_eq!(deleted.status(), 200);

    let erased = stored(app, &zydrune.id).await;
    assert!(erased.erased_at.is_some());
    assert_eq!(erased.status, RegistrationStatus::Cancelled);
    assert_eq!(erased.country, "LT");
    assert_eq!(erased.first_name, "");
    // The old link, its download and the verification link open nothing.
    for path in [
        format!("/r/{}", zydrune.token),
        format!("/r/{}/data.json", zydrune.token),
        format!("/r/{}/delete", zydrune.token),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    let key = app.services.signing_key.clone().unwrap();
    let verify = app
        .get(&format!("/v/{}", sign_address(&key, &zydrune.id)))
        .await;
    assert_eq!(verify.status(), 404);

    // Her seat went to the waiting list, in the same transaction.
    assert_eq!(
        stored(app, &begona.id).await.status,
        RegistrationStatus::Confirmed
    );
    let after = world.statistics(&world.slug).await;
    assert_eq!(after.confirmed, before.confirmed);
    assert_eq!(after.waitlisted, before.waitlisted - 1);
    assert_eq!(after.cancelled, before.cancelled + 1);

    // The last word is held until delivered: the deferred CANCEL.
    let mut held = None;
    for _ in 0..100 {
        let row = outbox_message::Entity::find()
            .filter(outbox_message::Column::RegistrationId.eq(zydrune.id.as_str()))
            .filter(outbox_message::Column::Kind.eq("cancellation"))
            .one(&app.db.read)
            .await
            .unwrap()
            .expect("the cancellation is owed");
        if row.attempts >= 1 && row.status.as_str() == "pending" {
            held = Some(row);
            break;
        }
        if row.status.as_str() == "sent" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let row = held.expect("the deferred CANCEL waits for its retry");
    assert_eq!(row.recipient, zydrune.email, "held for the retry");
    assert!(
        row.erased_addressee
            .as_deref()
            .unwrap_or("")
            .contains("Žydrūnė")
    );

    // The CANCEL and Begoña's promotion arrive.
    let arrived = world.wait_for_emails(2).await;
    let cancel = arrived
        .iter()
        .find(|m| m.recipients.iter().any(|r| r == &zydrune.email))
        .expect("the calendar CANCEL reaches her");
    let text = String::from_utf8_lossy(&cancel.raw).into_owned();
    let parsed = cancel.parse();
    let calendar = parsed
        .attachments()
        .find_map(|part| {
            let text = part.text_contents()?.to_owned();
            text.contains("BEGIN:VCALENDAR").then_some(text)
        })
        .unwrap_or_else(|| text.clone());
    assert!(calendar.contains("METHOD:CANCEL"), "{calendar}");
    let body = parsed.body_text(0).unwrap_or_default().into_owned();
    assert!(body.contains("Žydrūnė"), "greeted by name: {body}");
    assert!(body.contains("personal data has been erased"), "{body}");
    assert!(!text.contains("/r/"), "no link to a page that is gone");
    assert!(
        arrived
            .iter()
            .any(|m| m.recipients.iter().any(|r| r == &begona.email)),
        "Begoña is told she has a seat"
    );

    wait_until_delivered_and_forgotten(app, &zydrune.id).await;
    assert_erased(app, &zydrune).await;
    for other in [GIULIA, AGNES, BEGONA] {
        assert_kept(app, world.person(other)).await;
    }
}

#[tokio::test]
async fn an_attendee_downloads_then_deletes_and_nothing_of_them_is_left_sqlite() {
    self_service(Db::Sqlite).await;
}

#[tokio::test]
async fn an_attendee_downloads_then_deletes_and_nothing_of_them_is_left_postgres() {
    self_service(Db::Postgres).await;
}

// ---------------------------------------------------------------------------
// The command line.

async fn anonymize(app: &TestApp, args: &[&str]) -> String {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("anonymize")
        .args(args)
        .current_dir(&app.dir)
        .env("DATABASE_URL", &app.config.database_url)
        .env("TESSERA_DEMO", "false")
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run tessera anonymize");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

async fn one_person_everywhere(db: Db) {
    let Some(world) = world(db).await else {
        return;
    };
    // Ágnes also registered for an upcoming event.
    let upcoming = world.app.seed_event(EventSpec::default()).await;
    add_questions(&world.app, &upcoming).await;
    let agnes_later = register(&world.app, &upcoming, AGNES).await;
    world.wait_for_emails(1).await;
    move_into_past(&world.app, &world.slug, 40).await;
    let app = &world.app;
    let agnes = world.person(AGNES).clone();
    let before = world.statistics(&world.slug).await;

    let said = anonymize(app, &["--email", &agnes.email.to_uppercase()]).await;
    assert!(
        said.contains("Erased the personal data of 2 registrations"),
        "{said}"
    );
    assert!(said.contains("1 cancelled first"), "{said}");

    // The past event keeps her counted as she was: confirmed, checked in.
    let kept = stored(app, &agnes.id).await;
    assert!(kept.erased_at.is_some());
    assert_eq!(kept.status, RegistrationStatus::Confirmed);
    assert!(kept.checked_in_at.is_some());
    assert_eq!(world.statistics(&world.slug).await, before);
    // The upcoming one is cancelled, and the running service sends the
    // CANCEL to the address held for it.
    assert_eq!(
        stored(app, &agnes_later.id).await.status,
        RegistrationStatus::Cancelled
    );
    let arrived = world.wait_for_emails(1).await;
    assert!(arrived[0].recipients.iter().any(|r| r == &agnes.email));
    assert!(
        String::from_utf8_lossy(&arrived[0].raw).contains("method=CANCEL"),
        "a calendar cancellation"
    );
    wait_until_delivered_and_forgotten(app, &agnes_later.id).await;

    assert_erased(app, &agnes).await;
    for other in [GIULIA, LUCJA, ZYDRUNE] {
        assert_kept(app, world.person(other)).await;
    }
    // Her old links open nothing.
    assert_eq!(app.get(&format!("/r/{}", agnes.token)).await.status(), 404);
    assert_eq!(
        app.get(&format!("/r/{}", agnes_later.token)).await.status(),
        404
    );
}

#[tokio::test]
async fn anonymize_email_erases_one_person_in_every_event_sqlite() {
    one_person_everywhere(Db::Sqlite).await;
}

#[tokio::test]
async fn anonymize_email_erases_one_person_in_every_event_postgres() {
    one_person_everywhere(Db::Postgres).await;
}

async fn ended_before(db: Db) {
    let Some(world) = world(db).await else {
        return;
    };
    // Someone of an event not over yet keeps every word.
    let upcoming = world.app.seed_event(EventSpec::default()).await;
    add_questions(&world.app, &upcoming).await;
    let later = register(&world.app, &upcoming, AMELIE).await;
    world.wait_for_emails(1).await;
    move_into_past(&world.app, &world.slug, 40).await;
    let app = &world.app;
    let before = world.statistics(&world.slug).await;
    let cutoff = (Utc::now() - chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();

    let said = anonymize(app, &["--ended-before", &cutoff]).await;
    assert!(
        said.contains("Erased the personal data of 6 registrations"),
        "{said}"
    );
    assert_eq!(world.statistics(&world.slug).await, before);
    for person in &world.people {
        assert_erased(app, person).await;
    }
    assert_kept(app, &later).await;
    assert_eq!(app.get(&format!("/r/{}", later.token)).await.status(), 200);
}

#[tokio::test]
async fn anonymize_ended_before_erases_past_events_and_keeps_their_counts_sqlite() {
    ended_before(Db::Sqlite).await;
}

#[tokio::test]
async fn anonymize_ended_before_erases_past_events_and_keeps_their_counts_postgres() {
    ended_before(Db::Postgres).await;
}

// ---------------------------------------------------------------------------
// The daily job.

async fn retention(db: Db) {
    let Some(mut world) = world(db).await else {
        return;
    };
    // An event that ended ten days ago: inside a 30-day retention.
    let recent = world
        .app
        .seed_event(EventSpec {
            starts_in: chrono::Duration::hours(-1),
            ..EventSpec::default()
        })
        .await;
    add_questions(&world.app, &recent).await;
    let recent_one = register(&world.app, &recent, NOEMIE).await;
    world.wait_for_emails(1).await;
    move_into_past(&world.app, &recent, 10).await;
    move_into_past(&world.app, &world.slug, 60).await;
    let before = world.statistics(&world.slug).await;

    // An instance with TESSERA_RETENTION_DAYS=30 runs the job as it starts.
    world.app.stop().await;
    let second = world
        .app
        .another_instance_with(|c| c.retention_days = Some(30))
        .await
        .expect("start with retention");
    let giulia = world.person(GIULIA).clone();
    let mut erased = false;
    for _ in 0..200 {
        if stored(&second, &giulia.id).await.erased_at.is_some() {
            erased = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(erased, "the retention job erased the old event");
    // Wait for the whole run (it erases in chunks of its own transactions).
    for _ in 0..100 {
        let left = registration::Entity::find()
            .filter(registration::Column::EventId.eq(second.event(&world.slug).await.event.id))
            .filter(registration::Column::ErasedAt.is_null())
            .all(&second.db.read)
            .await
            .unwrap();
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(counts(&second, &world.slug).await, before);
    for person in &world.people {
        assert_erased(&second, person).await;
    }
    assert_kept(&second, &recent_one).await;

    // Once a day across instances: another instance the same day erases
    // nothing more, even of what has become due since.
    move_into_past(&second, &recent, 40).await;
    let third = second
        .another_instance_with(|c| c.retention_days = Some(30))
        .await
        .expect("a third instance");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(third.services.run_retention().await.unwrap(), None);
    assert!(stored(&third, &recent_one.id).await.erased_at.is_none());
}

#[tokio::test]
async fn the_retention_job_erases_events_past_the_period_once_a_day_sqlite() {
    retention(Db::Sqlite).await;
}

#[tokio::test]
async fn the_retention_job_erases_events_past_the_period_once_a_day_postgres() {
    retention(Db::Postgres).await;
}

// ---------------------------------------------------------------------------
// The dashboard.

async fn dashboard(db: Db) {
    let Some(world) = world(db).await else {
        return;
    };
    move_into_past(&world.app, &world.slug, 40).await;
    let app = &world.app;
    let lucja = world.person(LUCJA).clone();
    let before = world.statistics(&world.slug).await;
    let (organizer, _) = logged_in(app, Role::Organizer).await;
    let path = format!("/admin/registrations/{}/erase", lucja.id);

    let page = organizer.get(app, &path).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Łucja Wójcik"));
    let person_page = organizer
        .get(app, &format!("/admin/registrations/{}", lucja.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        person_page.contains(&format!("href=\"{path}\"")),
        "{person_page}"
    );
    // Without the session's CSRF token: refused, nothing erased.
    let forged = organizer
        .post_raw(app, &path, &[("csrf", "forged")], &[])
        .await;
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert!(stored(app, &lucja.id).await.erased_at.is_none());
    // A check-in account may not.
    let (door, _) = logged_in(app, Role::CheckIn).await;
    let refused = door.post(app, &path, &[]).await;
    assert!(refused.status().is_client_error(), "{}", refused.status());

    let response = organizer.post(app, &path, &[]).await;
    assert_eq!(response.status(), 303);
    assert!(stored(app, &lucja.id).await.erased_at.is_some());
    let shown = organizer
        .get(app, &format!("/admin/registrations/{}", lucja.id))
        .await;
    assert_eq!(shown.status(), 200);
    assert!(shown.text().await.unwrap().contains("Erased registration"));
    let entry = tessera::store::entities::audit_entry::Entity::find()
        .filter(tessera::store::entities::audit_entry::Column::Action.eq("erase"))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the erasure is audited");
    assert_eq!(entry.subject_id, lucja.id);
    assert!(entry.actor.starts_with("organizer:"));

    // Nothing breaks over an erased row, and everything still counts her.
    for page in [
        format!("/admin/events/{}/attendees", world.slug),
        format!("/admin/events/{}/export.csv", world.slug),
        format!("/admin/events/{}/export.xlsx", world.slug),
        format!("/admin/events/{}/statistics", world.slug),
        format!("/admin/events/{}/report", world.slug),
        format!("/admin/events/{}/check-in", world.slug),
        format!("/admin/events/{}/check-in/roster.json", world.slug),
        "/admin/outbox".to_owned(),
        "/admin/audit".to_owned(),
    ] {
        let response = organizer.get(app, &page).await;
        assert_eq!(response.status(), 200, "{page}");
    }
    assert_eq!(world.statistics(&world.slug).await, before);
    assert_erased(app, &lucja).await;
    for other in [GIULIA, AGNES, ZYDRUNE] {
        assert_kept(app, world.person(other)).await;
    }
}

#[tokio::test]
async fn an_organizer_erases_one_person_from_the_dashboard_sqlite() {
    dashboard(Db::Sqlite).await;
}

#[tokio::test]
async fn an_organizer_erases_one_person_from_the_dashboard_postgres() {
    dashboard(Db::Postgres).await;
}
