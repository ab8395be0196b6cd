//! Creating, editing, publishing, duplicating and cancelling events through
//! the dashboard's forms, and the event page's live counts.

use chrono::{Duration, DurationRound};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tessera::domain::event_form::RawEventForm;
use tessera::domain::{EventStatus, MessageKind, RegistrationStatus, Role};
use tessera::services::events::fields_of;
use tessera::store::entities::{audit_entry, event, outbox_message, question, session};

use super::{Browser, logged_in};
use crate::helpers::{Db, EventSpec, TestApp};

async fn event_row(app: &TestApp, slug: &str) -> Option<event::Model> {
    event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(&app.db.read)
        .await
        .unwrap()
}

async fn owed(app: &TestApp, slug: &str, kind: MessageKind) -> u64 {
    let id = event_row(app, slug).await.expect("the event").id;
    outbox_message::Entity::find()
        .filter(outbox_message::Column::EventId.eq(id))
        .filter(outbox_message::Column::Kind.eq(kind))
        .count(&app.db.read)
        .await
        .unwrap()
}

/// The edit form of `slug` as the page fills it, as pairs to post.
async fn edit_fields(app: &TestApp, slug: &str) -> Vec<(String, String)> {
    let event = event_row(app, slug).await.expect("the event");
    let f = RawEventForm::from_fields(slug, &fields_of(&event));
    let mut pairs = vec![
        ("title", f.title),
        ("summary", f.summary),
        ("description", f.description),
        ("language", f.language),
        ("timezone", f.timezone),
        ("timezone_other", f.timezone_other),
        ("starts_at", f.starts_at),
        ("ends_at", f.ends_at),
        ("venue_name", f.venue_name),
        ("venue_address", f.venue_address),
        ("online_url", f.online_url),
        ("capacity", f.capacity),
        ("registration_opens_at", f.registration_opens_at),
        ("registration_closes_at", f.registration_closes_at),
        ("contact_email", f.contact_email),
        ("organizer_name", f.organizer_name),
        ("funding_line", f.funding_line),
    ];
    if f.waitlist_enabled {
        pairs.push(("waitlist_enabled", "on".into()));
    }
    if f.requires_verification {
        pairs.push(("requires_verification", "on".into()));
    }
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn with(fields: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> =
        fields.iter().filter(|(k, _)| k != key).cloned().collect();
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

async fn post(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(app, path, &form).await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn create_publish_and_register(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    assert_eq!(organizer.get(&app, "/admin/events/new").await.status(), 200);
    let form = [
        ("title", "Città e Impresa 2027"),
        ("slug", ""),
        ("summary", "A day on financing for small firms."),
        (
            "description",
            "**Bring** your plan. <script>alert(1)</script>",
        ),
        ("language", "it"),
        ("timezone", "Europe/Rome"),
        ("starts_at", "2027-10-14T09:30"),
        ("ends_at", "2027-10-14T17:00"),
        ("venue_name", "Camera di Commercio di Firenze"),
        ("venue_address", "Piazza dei Giudici 3, Firenze"),
        ("capacity", "80"),
        ("waitlist_enabled", "on"),
        ("contact_email", "eventi@camera.example.it"),
        ("organizer_name", "Camera di Commercio"),
        ("funding_line", "Interreg Europe — INTER VENTURES"),
    ];
    let preview = organizer
        .post(
            &app,
            "/admin/events",
            &[&form[..], &[("preview", "1")][..]].concat(),
        )
        .await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.unwrap();
    assert!(
        html.contains("<strong>Bring</strong>"),
        "the rendered preview"
    );
    assert!(!html.contains("<script>alert"), "sanitised");
    let slug = "citta-e-impresa-2027";
    assert!(
        event_row(&app, slug).await.is_none(),
        "a preview saves nothing"
    );

    let created = organizer.post(&app, "/admin/events", &form).await;
    assert_eq!(created.status(), 303);
    assert_eq!(location(&created), format!("/admin/events/{slug}/edit"));
    let event = event_row(&app, slug)
        .await
        .expect("the slug proposed from the title");
    assert_eq!(event.status, EventStatus::Draft);
    assert_eq!(event.funding_line, "Interreg Europe — INTER VENTURES");
    assert_eq!(
        event.starts_at.to_rfc3339(),
        "2027-10-14T07:30:00+00:00",
        "read in Rome"
    );

    let session = organizer
        .post(
            &app,
            &format!("/admin/events/{slug}/sessions"),
            &[
                ("session_title", "Microcredit clinic"),
                ("session_starts_at", "2027-10-14T14:00"),
                ("session_ends_at", "2027-10-14T16:00"),
                ("session_room", "Sala Verde"),
                ("session_capacity", "20"),
            ],
        )
        .await;
    assert_eq!(session.status(), 303);
    let question = organizer
        .post(
            &app,
            &format!("/admin/events/{slug}/questions"),
            &[
                ("question_label", "Sector of your firm"),
                ("question_kind", "select"),
                ("question_options", "Crafts\nTrade\nServices"),
                ("question_required", "on"),
            ],
        )
        .await;
    assert_eq!(question.status(), 303);

    let draft_page = app.get(&format!("/events/{slug}")).await;
    assert_eq!(draft_page.status(), 404, "a draft is not public");
    let published = organizer
        .post(&app, &format!("/admin/events/{slug}/publish"), &[])
        .await;
    assert_eq!(published.status(), 303);
    let public = app.get(&format!("/events/{slug}")).await;
    assert_eq!(public.status(), 200);
    let html = public.text().await.unwrap();
    assert!(html.contains("Città e Impresa 2027"));
    assert!(
        html.contains("Microcredit clinic"),
        "the session is offered"
    );
    assert!(
        html.contains("Sector of your firm"),
        "the question is asked"
    );

    let actions: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectType.eq("event"))
        .filter(audit_entry::Column::SubjectId.eq(event.id.to_string()))
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "event.created",
            "session.added",
            "question.added",
            "event.published"
        ]
    );
}

#[tokio::test]
async fn an_organizer_creates_an_event_with_a_session_and_a_question_and_publishes_it_sqlite() {
    create_publish_and_register(Db::Sqlite).await;
}

#[tokio::test]
async fn an_organizer_creates_an_event_with_a_session_and_a_question_and_publishes_it_postgres() {
    create_publish_and_register(Db::Postgres).await;
}

async fn edits_reach_attendees(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            waitlist: true,
            ..EventSpec::default()
        })
        .await;
    for i in 0..3 {
        app.register_person(&slug, i).await;
    }
    assert_eq!(app.count(&slug, RegistrationStatus::Waitlisted).await, 1);
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let edit = format!("/admin/events/{slug}/edit");
    assert_eq!(organizer.get(&app, &edit).await.status(), 200);
    let fields = edit_fields(&app, &slug).await;

    // Nothing changed: nobody is told anything.
    assert_eq!(post(&app, &organizer, &edit, &fields).await.status(), 303);
    assert_eq!(owed(&app, &slug, MessageKind::EventUpdated).await, 0);

    let before = event_row(&app, &slug).await.unwrap();
    // The form shows minutes.
    let later = (before.starts_at + Duration::hours(1))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let zone: chrono_tz::Tz = before.timezone.parse().unwrap();
    let moved = with(
        &fields,
        "starts_at",
        &tessera::domain::event_form::local_input(zone, later),
    );
    assert_eq!(post(&app, &organizer, &edit, &moved).await.status(), 303);
    assert_eq!(event_row(&app, &slug).await.unwrap().starts_at, later);
    assert_eq!(
        owed(&app, &slug, MessageKind::EventUpdated).await,
        2,
        "each confirmed attendee is owed the updated invite"
    );

    let more = with(&moved, "capacity", "3");
    assert_eq!(post(&app, &organizer, &edit, &more).await.status(), 303);
    assert_eq!(app.count(&slug, RegistrationStatus::Confirmed).await, 3);
    assert_eq!(
        app.count(&slug, RegistrationStatus::Waitlisted).await,
        0,
        "the waiting list moved up"
    );

    let fewer = with(&moved, "capacity", "1");
    let refused = post(&app, &organizer, &edit, &fewer).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("id=\"capacity-error\"")
    );
    assert_eq!(event_row(&app, &slug).await.unwrap().capacity, Some(3));
}

#[tokio::test]
async fn a_new_time_owes_updated_invites_and_more_seats_promote_the_waiting_list_sqlite() {
    edits_reach_attendees(Db::Sqlite).await;
}

#[tokio::test]
async fn a_new_time_owes_updated_invites_and_more_seats_promote_the_waiting_list_postgres() {
    edits_reach_attendees(Db::Postgres).await;
}

async fn bad_input_changes_nothing(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let edit = format!("/admin/events/{slug}/edit");
    let fields = edit_fields(&app, &slug).await;
    let before = event_row(&app, &slug).await.unwrap();
    let starts = fields
        .iter()
        .find(|(k, _)| k == "starts_at")
        .map(|(_, v)| v.clone())
        .unwrap();
    for (field, value, named) in [
        ("ends_at", starts.as_str(), "ends_at"),
        ("timezone_other", "Europe/Atlantis", "timezone"),
        ("starts_at", "2027-03-28T02:30", "starts_at"),
        ("contact_email", "not an address", "contact_email"),
    ] {
        let mut bad = with(&fields, field, value);
        if field == "starts_at" {
            bad = with(&bad, "timezone", "Europe/Brussels");
            bad = with(&bad, "timezone_other", "");
        }
        let response = post(&app, &organizer, &edit, &bad).await;
        assert_eq!(response.status(), 422, "{field}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("id=\"{named}-error\"")),
            "{field} is named"
        );
        assert!(html.contains(value), "what was typed is kept");
    }
    assert_eq!(
        event_row(&app, &slug).await.unwrap(),
        before,
        "nothing changed"
    );

    let events_before = event::Entity::find().count(&app.db.read).await.unwrap();
    let taken = organizer
        .post(
            &app,
            "/admin/events",
            &[
                ("title", "Another event"),
                ("slug", &slug),
                ("language", "en"),
                ("timezone", "Europe/Brussels"),
                ("starts_at", "2027-05-01T09:00"),
                ("ends_at", "2027-05-01T17:00"),
                ("contact_email", "office@chamber.example.be"),
            ],
        )
        .await;
    assert_eq!(taken.status(), 409);
    assert!(taken.text().await.unwrap().contains("id=\"slug-error\""));
    let bad_slug = organizer
        .post(
            &app,
            "/admin/events",
            &[("title", "x"), ("slug", "Not A Slug")],
        )
        .await;
    assert_eq!(bad_slug.status(), 422);
    assert_eq!(
        event::Entity::find().count(&app.db.read).await.unwrap(),
        events_before
    );
}

#[tokio::test]
async fn bad_fields_are_named_and_change_nothing_sqlite() {
    bad_input_changes_nothing(Db::Sqlite).await;
}

#[tokio::test]
async fn bad_fields_are_named_and_change_nothing_postgres() {
    bad_input_changes_nothing(Db::Postgres).await;
}

async fn duplicate_and_cancel(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    app.register_person(&slug, 0).await;
    app.register_person(&slug, 1).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;

    assert_eq!(
        organizer
            .get(&app, &format!("/admin/events/{slug}/duplicate"))
            .await
            .status(),
        200
    );
    let copied = organizer
        .post(
            &app,
            &format!("/admin/events/{slug}/duplicate"),
            &[("slug", "women-2028"), ("days", "364")],
        )
        .await;
    assert_eq!(copied.status(), 303);
    let source = event_row(&app, &slug).await.unwrap();
    let copy = event_row(&app, "women-2028").await.expect("the copy");
    assert_eq!(copy.status, EventStatus::Draft);
    assert_eq!(copy.confirmed_count, 0, "no registrations");
    let zone: chrono_tz::Tz = source.timezone.parse().unwrap();
    let wall = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&zone).naive_local();
    assert_eq!(
        wall(copy.starts_at),
        wall(source.starts_at) + Duration::days(364),
        "the same wall-clock time, 364 days later"
    );
    let sessions_of = |id: i64| {
        session::Entity::find()
            .filter(session::Column::EventId.eq(id))
            .count(&app.db.read)
    };
    assert_eq!(
        sessions_of(copy.id).await.unwrap(),
        sessions_of(source.id).await.unwrap()
    );
    let questions_of = |id: i64| {
        question::Entity::find()
            .filter(question::Column::EventId.eq(id))
            .count(&app.db.read)
    };
    assert_eq!(
        questions_of(copy.id).await.unwrap(),
        questions_of(source.id).await.unwrap()
    );

    let ask = organizer
        .get(&app, &format!("/admin/events/{slug}/cancel"))
        .await;
    assert_eq!(ask.status(), 200);
    assert_eq!(
        event_row(&app, &slug).await.unwrap().status,
        EventStatus::Published,
        "asking changes nothing"
    );
    let no_token = organizer
        .post_raw(&app, &format!("/admin/events/{slug}/cancel"), &[], &[])
        .await;
    assert_eq!(no_token.status(), 403);
    let cancelled = organizer
        .post(&app, &format!("/admin/events/{slug}/cancel"), &[])
        .await;
    assert_eq!(cancelled.status(), 303);
    assert_eq!(
        event_row(&app, &slug).await.unwrap().status,
        EventStatus::Cancelled
    );
    assert_eq!(owed(&app, &slug, MessageKind::EventCancelled).await, 2);
    let republish = organizer
        .post(&app, &format!("/admin/events/{slug}/publish"), &[])
        .await;
    assert_eq!(republish.status(), 409, "a cancelled event stays cancelled");
}

#[tokio::test]
async fn duplicate_shifts_the_dates_and_cancel_tells_everyone_sqlite() {
    duplicate_and_cancel(Db::Sqlite).await;
}

#[tokio::test]
async fn duplicate_shifts_the_dates_and_cancel_tells_everyone_postgres() {
    duplicate_and_cancel(Db::Postgres).await;
}

#[tokio::test]
async fn the_live_stream_starts_with_the_current_counts() {
    let Some(app) = TestApp::spawn(Db::Sqlite).await else {
        return;
    };
    let slug = app.event_slug.clone();
    app.register_person(&slug, 0).await;
    app.register_person(&slug, 1).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let page = organizer.get(&app, &format!("/admin/events/{slug}")).await;
    let html = page.text().await.unwrap();
    assert!(html.contains("2 / 50"), "the page alone is complete");
    let script = html
        .split("src=\"/assets/event-live.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page loads the live script under its hashed address");
    assert!(script.ends_with(".js"), "{script}");
    assert_eq!(
        app.get(&format!("/assets/event-live.{script}"))
            .await
            .status(),
        200
    );

    let mut stream = organizer
        .get(&app, &format!("/admin/events/{slug}/live"))
        .await;
    assert_eq!(stream.status(), 200);
    assert!(
        stream.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), stream.chunk())
        .await
        .expect("an event at once")
        .unwrap()
        .expect("a chunk");
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("event: counts"), "{text}");
    assert!(text.contains("\"confirmed\":2"), "{text}");
    assert!(text.contains("\"capacity\":50"), "{text}");

    app.register_person(&slug, 2).await;
    let next = tokio::time::timeout(std::time::Duration::from_secs(5), stream.chunk())
        .await
        .expect("the change within seconds")
        .unwrap()
        .expect("a chunk");
    assert!(String::from_utf8_lossy(&next).contains("\"confirmed\":3"));
}

#[tokio::test]
async fn a_sessions_seats_cannot_go_below_its_confirmed_count() {
    let Some(app) = TestApp::spawn(Db::Sqlite).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let record = app.event(&slug).await;
    let first = record.sessions[0].id;
    let mut form = app.form_for(&slug, 0).await;
    form.push(("session".into(), first.to_string()));
    let registered = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(registered.status(), 303);
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let seats = format!("/admin/events/{slug}/sessions/{first}/seats");
    let refused = organizer
        .post(&app, &seats, &[("session_capacity", "0")])
        .await;
    assert_eq!(refused.status(), 422);
    let seats_of = |record: tessera::store::queries::EventRecord| {
        record
            .sessions
            .iter()
            .find(|s| s.id == first)
            .map(|s| (s.capacity, s.confirmed_count))
    };
    assert_eq!(seats_of(app.event(&slug).await), Some((None, 1)));
    let accepted = organizer
        .post(&app, &seats, &[("session_capacity", "1")])
        .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(seats_of(app.event(&slug).await), Some((Some(1), 1)));
}
