//! The door: the `checkin` role, the card a signed code opens, the
//! check-in screen, the queue a phone sends back, multi-day events, undo,
//! the people who are not admitted, races between phones, and the audit
//! log. Each storage test runs on SQLite and PostgreSQL.

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tessera::domain::check_in::sign;
use tessera::domain::{RegistrationStatus, Role};
use tessera::store::check_ins;
use tessera::store::entities::{audit_entry, check_in, event, registration};
use tessera::web::admin::{Access, ROUTES, Verb};

use super::{Browser, PASSWORD, logged_in, staff_account};
use crate::helpers::{Db, EventSpec, TestApp};

/// An event under way: started an hour ago, so today is one of its days
/// whatever the time of day in Brussels.
async fn event_today(app: &TestApp, spec: EventSpec) -> String {
    app.seed_event(EventSpec {
        starts_in: Duration::hours(-1),
        ..spec
    })
    .await
}

/// Registers fixture person `i` for the event's first session and
/// returns their registration.
async fn person(app: &TestApp, slug: &str, i: usize) -> registration::Model {
    let mut form = app.form_for(slug, i).await;
    let session = app.event(slug).await.sessions[0].id;
    form.push(("session".into(), session.to_string()));
    let email = form
        .iter()
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v.clone())
        .unwrap();
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 303, "registered");
    registration::Entity::find()
        .filter(registration::Column::Email.eq(email.as_str()))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration")
}

async fn reload(app: &TestApp, id: &str) -> registration::Model {
    registration::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration")
}

async fn rows_of(app: &TestApp, registration_id: &str) -> Vec<check_in::Model> {
    check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .order_by_asc(check_in::Column::CheckedInAt)
        .all(&app.db.read)
        .await
        .unwrap()
}

async fn all_rows(app: &TestApp) -> u64 {
    check_in::Entity::find().count(&app.db.read).await.unwrap()
}

fn code_of(app: &TestApp, registration_id: &str) -> String {
    let key = app.services.signing_key.clone().expect("a signing key");
    sign(&key, registration_id)
}

fn card(code: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
    format!("/admin/check-in?code={encoded}")
}

fn screen(slug: &str) -> String {
    format!("/admin/events/{slug}/check-in")
}

async fn check_in_from_screen(
    app: &TestApp,
    browser: &Browser,
    slug: &str,
    registration_id: &str,
    id: &str,
) -> reqwest::Response {
    browser
        .post(
            app,
            &screen(slug),
            &[("registration", registration_id), ("id", id), ("q", "x")],
        )
        .await
}

/// Posts a queue as the page's script does: JSON, the token in a header.
async fn send_queue(
    app: &TestApp,
    browser: &Browser,
    slug: &str,
    actions: Value,
) -> reqwest::Response {
    app.client
        .post(format!("{}{}/queue", app.address, screen(slug)))
        .header(
            "cookie",
            format!(
                "{}={}",
                super::SESSION_COOKIE,
                browser.session.clone().unwrap()
            ),
        )
        .header("x-csrf-token", &browser.csrf)
        .header("content-type", "application/json")
        .body(json!({ "actions": actions }).to_string())
        .send()
        .await
        .expect("POST the queue")
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------

async fn the_checkin_role_checks_in_and_reaches_nothing_else(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let ana = person(&app, &slug, 4).await;

    // Logging in lands on the events to check in, not on a 403.
    let (email, _) = staff_account(&app, Role::CheckIn).await;
    let mut door = Browser::default();
    let login = door.log_in(&app, &email, PASSWORD).await;
    assert_eq!(login.status(), 303);
    assert_eq!(login.headers()["location"], "/admin/check-in");
    let list = door.get(&app, "/admin/check-in").await;
    assert_eq!(list.status(), 200);
    let list = list.text().await.unwrap();
    assert!(list.contains(&screen(&slug)), "the event is listed");
    assert!(list.contains("Today"));
    assert!(
        !list.contains("href=\"/admin/outbox\"") && !list.contains(">Events<"),
        "no links to sections the role may not open"
    );

    let page = door.get(&app, &format!("{}?q=szoke", screen(&slug))).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Ágnes Szőke"), "found without the accents");
    let response = check_in_from_screen(&app, &door, &slug, &ana.id, &new_id()).await;
    assert_eq!(response.status(), 303, "checked in");
    assert_eq!(rows_of(&app, &ana.id).await.len(), 1);
    assert!(reload(&app, &ana.id).await.checked_in_at.is_some());

    // Everything that is not the door is refused.
    let fill = |path: &str| path.replace("{slug}", &slug).replace("{id}", &ana.id);
    let mut refused = 0;
    for route in ROUTES.iter().filter(|r| !r.access.allows(Role::CheckIn)) {
        let path = fill(route.path);
        let response = match route.verb {
            Verb::Get => door.get(&app, &path).await,
            Verb::Post => door.post(&app, &path, &[]).await,
        };
        assert_eq!(response.status(), 403, "{:?} {path}", route.verb);
        refused += 1;
    }
    assert!(refused > 30, "most of the dashboard is out of reach");
    // And what it may reach is the door only.
    for route in ROUTES
        .iter()
        .filter(|r| r.access != Access::Public && r.access.allows(Role::CheckIn))
    {
        assert!(
            route.path.contains("check-in")
                || ["/admin/logout", "/admin/account"].contains(&route.path),
            "the checkin role reaches {}",
            route.path
        );
    }
}

#[tokio::test]
async fn the_checkin_role_checks_in_and_reaches_nothing_else_sqlite() {
    the_checkin_role_checks_in_and_reaches_nothing_else(Db::Sqlite).await;
}

#[tokio::test]
async fn the_checkin_role_checks_in_and_reaches_nothing_else_postgres() {
    the_checkin_role_checks_in_and_reaches_nothing_else(Db::Postgres).await;
}

async fn a_signed_code_opens_the_card_and_a_changed_one_does_not(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let elena = person(&app, &slug, 20).await;
    let code = code_of(&app, &elena.id);

    // Not logged in: the login, then back to the card.
    let nobody = Browser::default().get(&app, &card(&code)).await;
    assert_eq!(nobody.status(), 303);
    let location = nobody.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/admin/login?next="), "{location}");
    let (email, _) = staff_account(&app, Role::CheckIn).await;
    let login_page = app.get(&location).await;
    let login_cookie = super::set_cookie(&login_page, "tessera_login_csrf").unwrap();
    let token = super::csrf_of(&login_page.text().await.unwrap()).unwrap();
    let next: String = form_urlencoded::parse(location.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let back = app
        .client
        .post(format!("{}/admin/login", app.address))
        .header("cookie", format!("tessera_login_csrf={login_cookie}"))
        .form(&[
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("csrf", &token),
            ("next", &next),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 303);
    assert_eq!(back.headers()["location"].to_str().unwrap(), card(&code));

    let (door, _) = logged_in(&app, Role::CheckIn).await;
    let page = door.get(&app, &card(&code)).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("{} {}", elena.first_name, elena.last_name)));
    assert!(page.contains(&elena.organization));
    assert!(page.contains("Confirmed"));
    assert!(page.contains("Financing your growth"), "the sessions");
    assert!(page.contains(">Check in<"), "the big button");
    assert_eq!(all_rows(&app).await, 0, "opening the card changes nothing");

    // The whole link pasted into the screen's search opens the card too.
    let pasted = format!("{}/admin/check-in?code={code}", app.address);
    let search = door
        .get(
            &app,
            &format!(
                "{}?q={}",
                screen(&slug),
                form_urlencoded::byte_serialize(pasted.as_bytes()).collect::<String>()
            ),
        )
        .await;
    assert_eq!(search.status(), 303);
    assert_eq!(search.headers()["location"].to_str().unwrap(), card(&code));

    // Typed or pasted into the search, a changed code is said to be one.
    let mut tampered = code.clone();
    tampered.replace_range(code.len() - 5.., "AAAAA");
    let typed = door
        .get(&app, &format!("{}?q={tampered}", screen(&slug)))
        .await;
    assert_eq!(typed.status(), 422);

    // Changed in any way, or signed elsewhere: said so, nobody let in.
    let (id, signature) = code.rsplit_once('.').unwrap();
    let mut flipped: Vec<char> = signature.chars().collect();
    flipped[3] = if flipped[3] == 'A' { 'B' } else { 'A' };
    let other = person(&app, &slug, 21).await;
    let forged = [
        format!("{id}.{}", flipped.into_iter().collect::<String>()),
        format!("{}.{signature}", other.id),
        sign(b"another Tessera's key", id),
        code[..code.len() - 2].to_owned(),
        id.to_owned(),
    ];
    for bad in &forged {
        let response = door.get(&app, &card(bad)).await;
        assert_eq!(response.status(), 422, "{bad}");
        let text = response.text().await.unwrap();
        assert!(text.contains("This check-in code is not valid"), "{text}");
        let post = door.post(&app, "/admin/check-in", &[("code", bad)]).await;
        assert_eq!(post.status(), 422, "POST {bad}");
    }
    // Genuine, but of a registration that no longer exists.
    let gone = code_of(&app, "0190e4a5-7b1c-7d2e-8f00-123456789abc");
    assert_eq!(door.get(&app, &card(&gone)).await.status(), 404);
    assert_eq!(all_rows(&app).await, 0);

    // POST checks in, from the card.
    let response = door
        .post(
            &app,
            "/admin/check-in",
            &[("code", &code), ("id", &new_id())],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        card(&code)
    );
    let after = door.get(&app, &card(&code)).await.text().await.unwrap();
    assert!(after.contains("Checked in today at"), "{after}");
    assert!(after.contains("Ana Check-in"), "by whom");
    assert_eq!(rows_of(&app, &elena.id).await.len(), 1);
}

#[tokio::test]
async fn a_signed_code_opens_the_card_and_a_changed_one_does_not_sqlite() {
    a_signed_code_opens_the_card_and_a_changed_one_does_not(Db::Sqlite).await;
}

#[tokio::test]
async fn a_signed_code_opens_the_card_and_a_changed_one_does_not_postgres() {
    a_signed_code_opens_the_card_and_a_changed_one_does_not(Db::Postgres).await;
}

async fn get_and_head_never_check_in(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let giulia = person(&app, &slug, 0).await;
    let code = code_of(&app, &giulia.id);
    let (door, _) = logged_in(&app, Role::CheckIn).await;
    let paths = [
        card(&code),
        format!("{}?q=bianchi", screen(&slug)),
        format!("{}/roster.json", screen(&slug)),
        format!("{}/search.json?q=bianchi", screen(&slug)),
        // A GET with the fields of the check-in form.
        format!(
            "{}?registration={}&id={}",
            screen(&slug),
            giulia.id,
            new_id()
        ),
        format!("/admin/check-in?code={code}&id={}", new_id()),
    ];
    for path in &paths {
        assert_eq!(door.get(&app, path).await.status(), 200, "GET {path}");
        let head = app
            .client
            .head(format!("{}{path}", app.address))
            .header(
                "cookie",
                format!(
                    "{}={}",
                    super::SESSION_COOKIE,
                    door.session.clone().unwrap()
                ),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
    }
    assert_eq!(all_rows(&app).await, 0);
    assert_eq!(reload(&app, &giulia.id).await.checked_in_at, None);

    // The roster a phone keeps: confirmed people with the codes their QR
    // codes carry, and no email addresses.
    let roster: Value = door
        .get(&app, &format!("{}/roster.json", screen(&slug)))
        .await
        .json()
        .await
        .unwrap();
    let people = roster["people"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["code"], code);
    assert_eq!(people[0]["last_name"], "Bianchi");
    assert!(!roster.to_string().contains("@example.it"), "{roster}");
}

#[tokio::test]
async fn get_and_head_never_check_in_sqlite() {
    get_and_head_never_check_in(Db::Sqlite).await;
}

#[tokio::test]
async fn get_and_head_never_check_in_postgres() {
    get_and_head_never_check_in(Db::Postgres).await;
}

async fn a_double_check_in_is_one_row(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let zsofia = person(&app, &slug, 5).await;
    let (first, _) = logged_in(&app, Role::CheckIn).await;
    let (second, _) = logged_in(&app, Role::Organizer).await;

    let response = check_in_from_screen(&app, &first, &slug, &zsofia.id, &new_id()).await;
    assert_eq!(response.status(), 303);
    let row = rows_of(&app, &zsofia.id).await.remove(0);
    let time = row
        .checked_in_at
        .with_timezone(&chrono_tz::Europe::Brussels)
        .format("%H:%M")
        .to_string();
    let again = check_in_from_screen(&app, &second, &slug, &zsofia.id, &new_id()).await;
    assert_eq!(again.status(), 409);
    let text = again.text().await.unwrap();
    assert!(
        text.contains(&format!("Already checked in at {time} by Ana Check-in.")),
        "{text}"
    );
    let card_again = second
        .post(
            &app,
            "/admin/check-in",
            &[("code", &code_of(&app, &zsofia.id)), ("id", &new_id())],
        )
        .await;
    assert_eq!(card_again.status(), 409);
    let queued = send_queue(
        &app,
        &second,
        &slug,
        json!([{ "type": "check_in", "id": new_id(), "registration": zsofia.id }]),
    )
    .await;
    let answer: Value = queued.json().await.unwrap();
    assert_eq!(answer["results"][0]["outcome"], "already");
    assert_eq!(answer["results"][0]["check_in"]["id"], row.id);
    assert_eq!(rows_of(&app, &zsofia.id).await, vec![row.clone()]);
    assert_eq!(
        reload(&app, &zsofia.id).await.checked_in_at,
        Some(row.checked_in_at)
    );

    // Two phones, the same person, the same moment: one check-in, and the
    // other phone hears "already" — never an error.
    let erzsebet = person(&app, &slug, 6).await;
    for round in 0..5 {
        let target = if round == 0 {
            erzsebet.clone()
        } else {
            person(&app, &slug, 6 + round).await
        };
        let (id_a, id_b) = (new_id(), new_id());
        let (a, b) = tokio::join!(
            check_in_from_screen(&app, &first, &slug, &target.id, &id_a),
            check_in_from_screen(&app, &second, &slug, &target.id, &id_b),
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [303, 409], "round {round}");
        assert_eq!(rows_of(&app, &target.id).await.len(), 1, "round {round}");
    }
}

#[tokio::test]
async fn a_double_check_in_is_one_row_sqlite() {
    a_double_check_in_is_one_row(Db::Sqlite).await;
}

#[tokio::test]
async fn a_double_check_in_is_one_row_postgres() {
    a_double_check_in_is_one_row(Db::Postgres).await;
}

async fn the_same_check_in_sent_twice_counts_once(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let people = [
        person(&app, &slug, 8).await,
        person(&app, &slug, 9).await,
        person(&app, &slug, 10).await,
    ];
    let (door, _) = logged_in(&app, Role::CheckIn).await;

    // A form posted twice (a double tap, a resent request) with its id.
    let id = new_id();
    for _ in 0..2 {
        let response = check_in_from_screen(&app, &door, &slug, &people[0].id, &id).await;
        assert_eq!(response.status(), 303);
    }
    assert_eq!(rows_of(&app, &people[0].id).await.len(), 1);
    assert_eq!(rows_of(&app, &people[0].id).await[0].id, id);

    // A queue sent, its answer lost, and sent again (within one batch too).
    // Ten minutes ago, unless that was yesterday in Brussels: the counts
    // are today's (this failed in the ten minutes after midnight).
    let now = Utc::now();
    let local =
        |t: chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::Brussels).date_naive();
    let made = Some(now - Duration::minutes(10))
        .filter(|t| local(*t) == local(now))
        .unwrap_or(now);
    let actions = json!([
        { "type": "check_in", "id": "A1B2C3D4-0000-4000-8000-000000000001", "registration": people[1].id, "at": made.to_rfc3339() },
        { "type": "check_in", "id": "a1b2c3d4-0000-4000-8000-000000000002", "registration": people[2].id, "at": made.to_rfc3339() },
        { "type": "check_in", "id": "a1b2c3d4-0000-4000-8000-000000000002", "registration": people[2].id, "at": made.to_rfc3339() },
    ]);
    let first: Value = send_queue(&app, &door, &slug, actions.clone())
        .await
        .json()
        .await
        .unwrap();
    let outcomes: Vec<&str> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["checked_in", "checked_in", "replayed"]);
    assert_eq!(first["results"][0]["status"], 201);
    assert_eq!(first["counts"]["checked_in"], 3);
    assert_eq!(first["counts"]["confirmed"], 3);
    let response = send_queue(&app, &door, &slug, actions).await;
    assert_eq!(response.status(), 200);
    let second: Value = response.json().await.unwrap();
    for result in second["results"].as_array().unwrap() {
        assert_eq!(result["outcome"], "replayed", "{result}");
    }
    assert_eq!(all_rows(&app).await, 3);
    let stored = rows_of(&app, &people[1].id).await.remove(0);
    assert_eq!(stored.id, "a1b2c3d4-0000-4000-8000-000000000001");
    assert!(
        (stored.checked_in_at - made).num_seconds().abs() < 1,
        "the time the phone made it, not the time it arrived"
    );

    // An id reused for someone else is refused, and changes nothing.
    let reused: Value = send_queue(
        &app,
        &door,
        &slug,
        json!([{ "type": "check_in", "id": id, "registration": people[1].id }]),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(reused["results"][0]["status"], 422);
    assert_eq!(all_rows(&app).await, 3);

    // Bad input: answered clearly, nothing stored.
    let not_json = app
        .client
        .post(format!("{}{}/queue", app.address, screen(&slug)))
        .header(
            "cookie",
            format!(
                "{}={}",
                super::SESSION_COOKIE,
                door.session.clone().unwrap()
            ),
        )
        .header("x-csrf-token", &door.csrf)
        .body("{\"actions\": [")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 422);
    let too_many: Vec<Value> = (0..201)
        .map(|_| json!({ "type": "check_in", "id": new_id(), "registration": people[0].id }))
        .collect();
    let response = send_queue(&app, &door, &slug, Value::Array(too_many)).await;
    assert_eq!(response.status(), 422);
    let odd: Value = send_queue(
        &app,
        &door,
        &slug,
        json!([
            { "type": "check_in", "id": "not-a-uuid", "registration": people[0].id },
            { "type": "check_in", "id": new_id() },
            { "type": "dance", "id": new_id() },
            { "type": "check_in", "id": new_id(), "registration": people[0].id, "at": "yesterday" },
            { "type": "check_in", "id": new_id(), "registration": "no-such-person" },
        ]),
    )
    .await
    .json()
    .await
    .unwrap();
    let statuses: Vec<i64> = odd["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_i64().unwrap())
        .collect();
    assert_eq!(statuses, [422, 422, 422, 422, 404]);
    assert_eq!(all_rows(&app).await, 3);

    // Without the token, refused whole.
    let forged = app
        .client
        .post(format!("{}{}/queue", app.address, screen(&slug)))
        .header(
            "cookie",
            format!("{}={}", super::SESSION_COOKIE, door.session.clone().unwrap()),
        )
        .header("content-type", "application/json")
        .body(json!({ "actions": [{ "type": "check_in", "id": new_id(), "registration": people[0].id }] }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(all_rows(&app).await, 3);
}

#[tokio::test]
async fn the_same_check_in_sent_twice_counts_once_sqlite() {
    the_same_check_in_sent_twice_counts_once(Db::Sqlite).await;
}

#[tokio::test]
async fn the_same_check_in_sent_twice_counts_once_postgres() {
    the_same_check_in_sent_twice_counts_once(Db::Postgres).await;
}

async fn each_day_of_a_multi_day_event_counts(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let chiara = person(&app, &slug, 2).await;
    let maria = person(&app, &slug, 3).await;
    // Then stretched from yesterday to tomorrow: three days in Brussels
    // (four near midnight).
    let record = app.event(&slug).await;
    let starts = Utc::now() - Duration::hours(25);
    let ends = Utc::now() + Duration::hours(25);
    event::Entity::update_many()
        .col_expr(
            event::Column::StartsAt,
            sea_orm::sea_query::Expr::value(starts),
        )
        .col_expr(event::Column::EndsAt, sea_orm::sea_query::Expr::value(ends))
        .filter(event::Column::Id.eq(record.event.id))
        .exec(&app.db.write)
        .await
        .unwrap();
    let tz = chrono_tz::Europe::Brussels;
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let today = local(Utc::now()).to_string();
    let yesterday_at = Utc::now() - Duration::hours(24);
    let yesterday = local(yesterday_at).to_string();
    let day_number = (local(Utc::now()) - local(starts)).num_days() + 1;
    let day_count = (local(ends) - local(starts)).num_days() + 1;
    let (door, _) = logged_in(&app, Role::CheckIn).await;

    // Day 1, queued on a phone yesterday and sent today; then day 2.
    let day_one: Value = send_queue(
        &app,
        &door,
        &slug,
        json!([{ "type": "check_in", "id": new_id(), "registration": chiara.id, "at": yesterday_at.to_rfc3339() }]),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(day_one["results"][0]["outcome"], "checked_in", "{day_one}");
    assert_eq!(day_one["results"][0]["check_in"]["day"], yesterday.as_str());
    let response = check_in_from_screen(&app, &door, &slug, &chiara.id, &new_id()).await;
    assert_eq!(response.status(), 303, "the second day counts again");
    let rows = rows_of(&app, &chiara.id).await;
    let days: Vec<&str> = rows.iter().map(|r| r.day.as_str()).collect();
    assert_eq!(days, [yesterday.as_str(), today.as_str()]);
    assert_eq!(
        reload(&app, &chiara.id).await.checked_in_at,
        Some(rows[0].checked_in_at),
        "the first check-in, any day"
    );

    // What the attendance sheets and statistics read.
    let id = record.event.id;
    let on_day_one = check_ins::standing_on_day(&app.db.read, id, &yesterday)
        .await
        .unwrap();
    assert_eq!(on_day_one, vec![(chiara.id.clone(), rows[0].checked_in_at)]);
    let on_day_two = check_ins::standing_on_day(&app.db.read, id, &today)
        .await
        .unwrap();
    assert_eq!(on_day_two.len(), 1);
    assert_eq!(
        check_ins::standing_per_day(&app.db.read, id).await.unwrap(),
        vec![(yesterday.clone(), 1), (today.clone(), 1)]
    );

    // Times the phone may not claim: in the future, or before the event.
    let refused: Value = send_queue(
        &app,
        &door,
        &slug,
        json!([
            { "type": "check_in", "id": new_id(), "registration": maria.id, "at": (Utc::now() + Duration::hours(1)).to_rfc3339() },
            { "type": "check_in", "id": new_id(), "registration": maria.id, "at": (Utc::now() - Duration::days(3)).to_rfc3339() },
        ]),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(refused["results"][0]["status"], 422);
    assert!(
        refused["results"][0]["message"]
            .as_str()
            .unwrap()
            .contains("in the future")
    );
    assert_eq!(refused["results"][1]["status"], 422);
    assert!(
        refused["results"][1]["message"]
            .as_str()
            .unwrap()
            .contains("not one of them")
    );
    assert!(rows_of(&app, &maria.id).await.is_empty());

    // The screen counts today only: 1 of 2.
    let page = door.get(&app, &screen(&slug)).await.text().await.unwrap();
    assert!(page.contains("data-count-checked>1<"), "{page}");
    assert!(page.contains("data-count-confirmed>2<"));
    assert!(
        page.contains(&format!("day {day_number} of {day_count}")),
        "{page}"
    );
}

#[tokio::test]
async fn each_day_of_a_multi_day_event_counts_sqlite() {
    each_day_of_a_multi_day_event_counts(Db::Sqlite).await;
}

#[tokio::test]
async fn each_day_of_a_multi_day_event_counts_postgres() {
    each_day_of_a_multi_day_event_counts(Db::Postgres).await;
}

async fn undo_and_the_audit_log(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(&app, EventSpec::default()).await;
    let anna = person(&app, &slug, 12).await;
    let (door, _) = logged_in(&app, Role::CheckIn).await;
    let first = new_id();
    check_in_from_screen(&app, &door, &slug, &anna.id, &first).await;
    assert!(reload(&app, &anna.id).await.checked_in_at.is_some());
    let page = door
        .get(&app, &format!("{}?done={first}", screen(&slug)))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("checked in at"), "the notice");
    assert!(
        page.contains("name=\"check_in\""),
        "undo on the same screen"
    );

    let undo = door
        .post(
            &app,
            &format!("{}/undo", screen(&slug)),
            &[("check_in", &first)],
        )
        .await;
    assert_eq!(undo.status(), 303);
    let rows = rows_of(&app, &anna.id).await;
    assert_eq!(rows.len(), 1, "kept, marked undone");
    assert!(rows[0].undone_at.is_some());
    assert!(rows[0].undone_by.is_some());
    assert_eq!(reload(&app, &anna.id).await.checked_in_at, None);
    let counts = app.services.door_counts(&slug).await.unwrap().unwrap();
    assert_eq!(counts.checked_in, 0);
    // Undone twice: still one undo.
    let again = door
        .post(
            &app,
            &format!("{}/undo", screen(&slug)),
            &[("check_in", &first)],
        )
        .await;
    assert_eq!(again.status(), 303);
    // Nothing to undo, or nothing named.
    let unknown = door
        .post(
            &app,
            &format!("{}/undo", screen(&slug)),
            &[("check_in", &new_id())],
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let missing = door
        .post(&app, &format!("{}/undo", screen(&slug)), &[])
        .await;
    assert_eq!(missing.status(), 422);
    assert!(
        missing.text().await.unwrap().contains("check_in"),
        "the field named"
    );

    // In again after the undo.
    let second = new_id();
    assert_eq!(
        check_in_from_screen(&app, &door, &slug, &anna.id, &second)
            .await
            .status(),
        303
    );
    assert_eq!(rows_of(&app, &anna.id).await.len(), 2);
    assert!(reload(&app, &anna.id).await.checked_in_at.is_some());

    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectId.eq(anna.id.as_str()))
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db.read)
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["check_in", "undo_check_in", "check_in"]);
    for entry in &entries {
        assert!(
            entry.actor.starts_with("organizer:checkin."),
            "{}",
            entry.actor
        );
        assert_eq!(entry.subject_type, "registration");
    }
    assert!(entries[0].detail.contains(&first));
    assert!(entries[1].detail.contains(&first));
    assert!(entries[2].detail.contains(&second));
}

#[tokio::test]
async fn undo_and_the_audit_log_sqlite() {
    undo_and_the_audit_log(Db::Sqlite).await;
}

#[tokio::test]
async fn undo_and_the_audit_log_postgres() {
    undo_and_the_audit_log(Db::Postgres).await;
}

async fn waitlisted_pending_and_cancelled_people_are_not_admitted(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = event_today(
        &app,
        EventSpec {
            capacity: Some(2),
            ..EventSpec::default()
        },
    )
    .await;
    let kept = person(&app, &slug, 13).await;
    let cancelled = person(&app, &slug, 14).await;
    let waitlisted = person(&app, &slug, 15).await;
    assert_eq!(waitlisted.status, RegistrationStatus::Waitlisted);
    app.services
        .cancel_registration(&cancelled.id, tessera::services::Actor::System)
        .await
        .unwrap();
    // The cancellation gave the waiting list a seat; one more waits.
    let waitlisted = person(&app, &slug, 16).await;
    assert_eq!(waitlisted.status, RegistrationStatus::Waitlisted);
    let verified = event_today(
        &app,
        EventSpec {
            verification: true,
            ..EventSpec::default()
        },
    )
    .await;
    let pending = person(&app, &verified, 17).await;
    assert_eq!(pending.status, RegistrationStatus::Pending);
    let (door, _) = logged_in(&app, Role::CheckIn).await;

    for (who, event, why) in [
        (&waitlisted, &slug, "waiting list"),
        (&cancelled, &slug, "cancelled"),
        (&pending, &verified, "never confirmed"),
    ] {
        let code = code_of(&app, &who.id);
        let page = door.get(&app, &card(&code)).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("Not admitted"), "{page}");
        assert!(page.contains(why));
        assert!(!page.contains(">Check in<"), "no button for {why}");
        let by_card = door
            .post(
                &app,
                "/admin/check-in",
                &[("code", &code), ("id", &new_id())],
            )
            .await;
        assert_eq!(by_card.status(), 409, "{why}");
        assert!(by_card.text().await.unwrap().contains("Not admitted"));
        let by_screen = check_in_from_screen(&app, &door, event, &who.id, &new_id()).await;
        assert_eq!(by_screen.status(), 409, "{why}");
        let queued: Value = send_queue(
            &app,
            &door,
            event,
            json!([{ "type": "check_in", "id": new_id(), "registration": who.id }]),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(queued["results"][0]["outcome"], "not_admitted");
        let search = door
            .get(&app, &format!("{}?q={}", screen(event), who.email))
            .await
            .text()
            .await
            .unwrap();
        assert!(search.contains("Not admitted"), "the search says so too");
    }
    assert_eq!(all_rows(&app).await, 0, "nobody let in, nothing stored");
    // A person of another event is not found through this event's door.
    let elsewhere = check_in_from_screen(&app, &door, &verified, &kept.id, &new_id()).await;
    assert_eq!(elsewhere.status(), 404);
    assert_eq!(all_rows(&app).await, 0);

    // Nobody is let in to a cancelled event.
    app.services
        .cancel_event(&slug, tessera::services::Actor::System)
        .await
        .unwrap();
    let cancelled_event = check_in_from_screen(&app, &door, &slug, &kept.id, &new_id()).await;
    assert_eq!(cancelled_event.status(), 409);
    assert!(
        cancelled_event
            .text()
            .await
            .unwrap()
            .contains("This event is cancelled")
    );
    assert_eq!(all_rows(&app).await, 0);
}

#[tokio::test]
async fn waitlisted_pending_and_cancelled_people_are_not_admitted_sqlite() {
    waitlisted_pending_and_cancelled_people_are_not_admitted(Db::Sqlite).await;
}

#[tokio::test]
async fn waitlisted_pending_and_cancelled_people_are_not_admitted_postgres() {
    waitlisted_pending_and_cancelled_people_are_not_admitted(Db::Postgres).await;
}

#[tokio::test]
async fn before_the_event_the_screen_opens_but_nobody_is_checked_in() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    // The default event is a month away.
    let slug = app.event_slug.clone();
    let giulia = person(&app, &slug, 0).await;
    let (door, _) = logged_in(&app, Role::Organizer).await;
    let page = door.get(&app, &screen(&slug)).await.text().await.unwrap();
    assert!(page.contains("Today is not one of the event's days"));
    let response = check_in_from_screen(&app, &door, &slug, &giulia.id, &new_id()).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("not one of them"));
    assert_eq!(all_rows(&app).await, 0);
}
