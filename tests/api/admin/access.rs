//! Who may reach what: the route × role table, CSRF, the same-origin
//! check, login sessions (rotation, logout, disabling, several instances)
//! and the login rate limit.

use std::time::{Duration, Instant};

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use tessera::domain::Role;
use tessera::store::entities::login_session;
use tessera::web::admin::{Access, ROUTES, RouteRule, Verb};

use super::{Browser, PASSWORD, SESSION_COOKIE, logged_in, set_cookie_line, staff_account};
use crate::helpers::{Db, TestApp};

fn redirects_to_login(response: &reqwest::Response) -> bool {
    response.status() == 303
        && response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/admin/login"))
}

async fn walk_every_route(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (_, victim) = staff_account(&app, Role::Organizer).await;
    let victim = victim.to_string();
    let fill = |path: &str| {
        path.replace("{slug}", &app.event_slug)
            .replace("{id}", &victim)
    };
    // Only the login page may be used without logging in: a new route
    // marked public by mistake fails here.
    let public: Vec<_> = ROUTES
        .iter()
        .filter(|r| r.access == Access::Public)
        .map(|r| (r.verb, r.path))
        .collect();
    assert_eq!(
        public,
        [(Verb::Get, "/admin/login"), (Verb::Post, "/admin/login")]
    );

    let nobody = Browser::default();
    for route in ROUTES {
        let path = fill(route.path);
        let response = request(&app, &nobody, route, &path).await;
        match (route.access, route.verb) {
            (Access::Public, _) => assert!(
                response.status() != 403 && !redirects_to_login(&response),
                "{path} is public"
            ),
            (Access::Staff(_), Verb::Get) => {
                assert!(
                    redirects_to_login(&response),
                    "nobody: GET {path} goes to the login"
                );
                let location = response.headers()["location"].to_str().unwrap();
                assert!(
                    location.contains("next=%2Fadmin"),
                    "with the way back: {location}"
                );
            }
            (Access::Staff(_), Verb::Post) => {
                assert_eq!(response.status(), 403, "nobody: POST {path} is refused")
            }
        }
    }

    for role in Role::ALL {
        for route in ROUTES {
            // A fresh login for each route: logout ends the session.
            let (browser, _) = logged_in(&app, role).await;
            let path = fill(route.path);
            let response = request(&app, &browser, route, &path).await;
            let status = response.status();
            if route.access.allows(role) {
                // A page redirecting to the login is how nobody is turned
                // away; a POST may well end there (logout).
                let turned_away = status == 403
                    || status == 500
                    || (route.verb == Verb::Get && redirects_to_login(&response));
                assert!(
                    !turned_away,
                    "{role}: {:?} {path} is allowed, got {status}",
                    route.verb
                );
            } else {
                assert_eq!(status, 403, "{role}: {:?} {path} is refused", route.verb);
            }
        }
    }
}

/// One request to `route`, as `browser` would make it from the page that
/// holds its form. The login form carries the login cookie's token rather
/// than a session's.
async fn request(
    app: &TestApp,
    browser: &Browser,
    route: &RouteRule,
    path: &str,
) -> reqwest::Response {
    match (route.verb, route.access) {
        (Verb::Get, _) => browser.get(app, path).await,
        (Verb::Post, Access::Public) => {
            let mut fresh = browser.clone();
            fresh
                .log_in(app, "someone@office.example.eu", "not a password")
                .await
        }
        (Verb::Post, _) => browser.post(app, path, &[("role", "organizer")]).await,
    }
}

#[tokio::test]
async fn every_route_answers_each_role_and_nobody_as_its_rule_says_sqlite() {
    walk_every_route(Db::Sqlite).await;
}

#[tokio::test]
async fn every_route_answers_each_role_and_nobody_as_its_rule_says_postgres() {
    walk_every_route(Db::Postgres).await;
}

async fn account_count(app: &TestApp) -> usize {
    app.services.accounts().await.unwrap().len()
}

async fn forged_posts_change_nothing(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (admin, _) = logged_in(&app, Role::Admin).await;
    let (other, _) = logged_in(&app, Role::Admin).await;
    let before = account_count(&app).await;
    let fields = [
        ("email", "new.person@office.example.eu"),
        ("name", "New Person"),
        ("role", "organizer"),
    ];
    let no_token = admin.post_raw(&app, "/admin/accounts", &fields, &[]).await;
    assert_eq!(no_token.status(), 403, "no token");
    let mut wrong = fields.to_vec();
    wrong.push(("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    let wrong_token = admin.post_raw(&app, "/admin/accounts", &wrong, &[]).await;
    assert_eq!(wrong_token.status(), 403, "a wrong token");
    let mut borrowed = fields.to_vec();
    borrowed.push(("csrf", &other.csrf));
    let other_sessions_token = admin
        .post_raw(&app, "/admin/accounts", &borrowed, &[])
        .await;
    assert_eq!(
        other_sessions_token.status(),
        403,
        "another session's token"
    );
    assert_eq!(account_count(&app).await, before, "nothing was created");

    let with_token = admin.post(&app, "/admin/accounts", &fields).await;
    assert_eq!(with_token.status(), 201, "the session's own token works");
    assert_eq!(account_count(&app).await, before + 1);
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing_sqlite() {
    forged_posts_change_nothing(Db::Sqlite).await;
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing_postgres() {
    forged_posts_change_nothing(Db::Postgres).await;
}

#[tokio::test]
async fn a_cross_site_post_is_refused_even_with_the_token() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (admin, _) = logged_in(&app, Role::Admin).await;
    let before = account_count(&app).await;
    let fields = [
        ("email", "new.person@office.example.eu"),
        ("role", "organizer"),
        ("csrf", admin.csrf.as_str()),
    ];
    for headers in [
        [("origin", "https://attacker.example.com")],
        [("sec-fetch-site", "cross-site")],
    ] {
        let response = admin
            .post_raw(&app, "/admin/accounts", &fields, &headers)
            .await;
        assert_eq!(response.status(), 403, "{headers:?}");
    }
    assert_eq!(account_count(&app).await, before);
    let own_origin = app.address.clone();
    let response = admin
        .post_raw(
            &app,
            "/admin/accounts",
            &fields,
            &[
                ("origin", own_origin.as_str()),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
    assert_eq!(response.status(), 201, "our own pages may post");
}

#[tokio::test]
async fn logging_in_gives_a_new_session_id_and_the_old_one_stops_working() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (email, _) = staff_account(&app, Role::Organizer).await;
    let mut browser = Browser::default();
    let first = browser.log_in(&app, &email, PASSWORD).await;
    let line = set_cookie_line(&first, SESSION_COOKIE).expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/admin"] {
        assert!(line.contains(attribute), "{attribute} in {line}");
    }
    assert!(!line.contains("Secure"), "plain http: not Secure ({line})");
    let old = browser.clone();
    browser.log_in(&app, &email, PASSWORD).await;
    assert_ne!(browser.session, old.session, "a new id at login");
    assert_eq!(browser.get(&app, "/admin").await.status(), 200);
    assert!(
        redirects_to_login(&old.get(&app, "/admin").await),
        "the old id is gone"
    );
}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.base_url = Some("https://events.example.org".into())
    })
    .await
    .unwrap();
    let (email, _) = staff_account(&app, Role::Organizer).await;
    let response = Browser::default().log_in(&app, &email, PASSWORD).await;
    let line = set_cookie_line(&response, SESSION_COOKIE).expect("a session cookie");
    assert!(line.contains("Secure"), "{line}");
}

async fn logout_and_disabling_end_sessions(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (browser, _) = logged_in(&app, Role::Organizer).await;
    assert_eq!(browser.get(&app, "/admin").await.status(), 200);
    let logout = browser.post(&app, "/admin/logout", &[]).await;
    assert_eq!(logout.status(), 303);
    assert!(
        redirects_to_login(&browser.get(&app, "/admin").await),
        "after logout the old cookie no longer works"
    );

    let (admin, _) = logged_in(&app, Role::Admin).await;
    let (email, id) = staff_account(&app, Role::Organizer).await;
    let mut organizer = Browser::default();
    assert_eq!(organizer.log_in(&app, &email, PASSWORD).await.status(), 303);
    assert_eq!(organizer.get(&app, "/admin").await.status(), 200);
    let disable = admin
        .post(&app, &format!("/admin/accounts/{id}/disable"), &[])
        .await;
    assert_eq!(disable.status(), 303);
    assert!(
        redirects_to_login(&organizer.get(&app, "/admin").await),
        "a disabled account's session ends"
    );
    let again = Browser::default().log_in(&app, &email, PASSWORD).await;
    assert_eq!(again.status(), 422, "and it cannot log in again");
}

#[tokio::test]
async fn logout_and_disabling_an_account_end_its_sessions_sqlite() {
    logout_and_disabling_end_sessions(Db::Sqlite).await;
}

#[tokio::test]
async fn logout_and_disabling_an_account_end_its_sessions_postgres() {
    logout_and_disabling_end_sessions(Db::Postgres).await;
}

#[tokio::test]
async fn a_password_reset_ends_the_accounts_sessions() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (admin, _) = logged_in(&app, Role::Admin).await;
    let (email, id) = staff_account(&app, Role::Organizer).await;
    let mut organizer = Browser::default();
    organizer.log_in(&app, &email, PASSWORD).await;
    let reset = admin
        .post(&app, &format!("/admin/accounts/{id}/password"), &[])
        .await;
    assert_eq!(reset.status(), 200);
    assert!(redirects_to_login(&organizer.get(&app, "/admin").await));
    let old_password = Browser::default().log_in(&app, &email, PASSWORD).await;
    assert_eq!(
        old_password.status(),
        422,
        "the old password no longer works"
    );
}

#[tokio::test]
async fn instances_on_one_postgresql_database_share_login_sessions() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let other = app.another_instance().await;
    let (browser, _) = logged_in(&app, Role::Organizer).await;
    assert_eq!(browser.get(&other, "/admin").await.status(), 200);
    let logout = browser.post(&other, "/admin/logout", &[]).await;
    assert_eq!(logout.status(), 303);
    assert!(redirects_to_login(&browser.get(&app, "/admin").await));
}

async fn failed_logins_are_limited(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (email, _) = staff_account(&app, Role::Organizer).await;
    for _ in 0..5 {
        let wrong = Browser::default()
            .log_in(&app, &email, "not the password at all")
            .await;
        assert_eq!(wrong.status(), 422);
    }
    let right = Browser::default().log_in(&app, &email, PASSWORD).await;
    assert_eq!(right.status(), 429, "the account is locked for a while");
    assert!(right.headers().contains_key("retry-after"));
    let (other, _) = staff_account(&app, Role::Organizer).await;
    let unaffected = Browser::default().log_in(&app, &other, PASSWORD).await;
    assert_eq!(unaffected.status(), 303, "other accounts are not");

    // One address trying many accounts is stopped too (20 in all).
    for i in 0..15 {
        let guess = format!("guess{i}@office.example.eu");
        Browser::default()
            .log_in(&app, &guess, "password123456")
            .await;
    }
    let (third, _) = staff_account(&app, Role::Organizer).await;
    let from_same_address = Browser::default().log_in(&app, &third, PASSWORD).await;
    assert_eq!(
        from_same_address.status(),
        429,
        "the client address is locked"
    );
}

#[tokio::test]
async fn failed_logins_are_limited_per_account_and_per_address_sqlite() {
    failed_logins_are_limited(Db::Sqlite).await;
}

#[tokio::test]
async fn failed_logins_are_limited_per_account_and_per_address_postgres() {
    failed_logins_are_limited(Db::Postgres).await;
}

#[tokio::test]
async fn an_unknown_address_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    // Each round its own account and unknown address, to stay below the
    // per-account limit.
    let mut times = (Vec::new(), Vec::new());
    let mut answers = Vec::new();
    for round in 0..6 {
        let (email, _) = staff_account(&app, Role::Organizer).await;
        let unknown_email = format!("nobody.{round}@office.example.eu");
        let password = format!("wrong password {round}x");
        let start = Instant::now();
        let wrong = Browser::default().log_in(&app, &email, &password).await;
        let wrong_time = start.elapsed();
        let start = Instant::now();
        let unknown = Browser::default()
            .log_in(&app, &unknown_email, &password)
            .await;
        let unknown_time = start.elapsed();
        // The first round makes the dummy hash: not timed.
        if round > 0 {
            times.0.push(wrong_time);
            times.1.push(unknown_time);
        }
        let (wrong_status, unknown_status) = (wrong.status(), unknown.status());
        let wrong_page = wrong.text().await.unwrap().replace(&email, "EMAIL");
        let unknown_page = unknown
            .text()
            .await
            .unwrap()
            .replace(&unknown_email, "EMAIL");
        answers.push((wrong_status, unknown_status, wrong_page, unknown_page));
    }
    for (wrong_status, unknown_status, wrong_page, unknown_page) in &answers {
        assert_eq!(wrong_status, unknown_status);
        assert_eq!(*wrong_status, 422);
        assert_eq!(
            csrf_free(wrong_page),
            csrf_free(unknown_page),
            "the same page"
        );
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (wrong, unknown) = (median(&mut times.0), median(&mut times.1));
    let ratio = unknown.as_secs_f64() / wrong.as_secs_f64();
    // A wide band, as other tests hash passwords at the same time; without
    // the dummy hash an unknown address answers some 50 times faster.
    assert!(
        (0.25..4.0).contains(&ratio),
        "similar time: wrong password {wrong:?}, unknown address {unknown:?}"
    );
}

/// A page without its (random) login token.
fn csrf_free(html: &str) -> String {
    match super::csrf_of(html) {
        Some(token) => html.replace(&token, "TOKEN"),
        None => html.to_owned(),
    }
}

/// A `{slug}` or `{id}` that names nothing — a control character that
/// PostgreSQL refuses in text, a CR/LF, or a plain unknown name — is a 404
/// on every dashboard route, for staff allowed to use it.
async fn parameters_that_name_nothing_are_404(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (admin, _) = logged_in(&app, Role::Admin).await;
    for route in ROUTES.iter().filter(|r| r.path.contains('{')) {
        for nothing in ["%00", "%0d%0aSet-Cookie:%20x=1", "no-such-thing"] {
            let path = route
                .path
                .replace("{slug}", nothing)
                .replace("{id}", nothing);
            let response = request(&app, &admin, route, &path).await;
            assert_eq!(response.status(), 404, "{:?} {path}", route.verb);
        }
    }
}

#[tokio::test]
async fn parameters_that_name_nothing_are_404_sqlite() {
    parameters_that_name_nothing_are_404(Db::Sqlite).await;
}

#[tokio::test]
async fn parameters_that_name_nothing_are_404_postgres() {
    parameters_that_name_nothing_are_404(Db::Postgres).await;
}

/// Behind a trusted proxy, failed logins count per client the proxy names
/// (not all under the proxy's address), and per account however its
/// address is written (capitals, full-width letters, invisible characters).
#[tokio::test]
async fn failed_logins_count_per_client_behind_a_proxy_and_per_account_however_written() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await
    .expect("an app");
    let from = |client: &str| Browser {
        forwarded_for: Some(client.to_owned()),
        ..Browser::default()
    };
    // One client guessing many accounts locks itself out, and only itself.
    for i in 0..20 {
        let guess = format!("guess{i}@office.example.eu");
        let answer = from("198.51.100.7")
            .log_in(&app, &guess, "password123456")
            .await;
        assert_eq!(answer.status(), 422, "guess {i}");
    }
    let (email, _) = staff_account(&app, Role::Organizer).await;
    let locked = from("198.51.100.7").log_in(&app, &email, PASSWORD).await;
    assert_eq!(locked.status(), 429, "the guessing client is locked");
    let other = from("198.51.100.8").log_in(&app, &email, PASSWORD).await;
    assert_eq!(
        other.status(),
        303,
        "another client behind the proxy is not"
    );

    // Five wrong passwords for one account, each written differently,
    // from five clients: the account is locked.
    let (email, _) = staff_account(&app, Role::Organizer).await;
    let wide: String = email
        .chars()
        .map(|c| match c {
            'a'..='z' => char::from_u32(c as u32 - 'a' as u32 + 0xFF41).unwrap(),
            other => other,
        })
        .collect();
    let variants = [
        email.to_uppercase(),
        format!(" {email} "),
        wide,
        format!("\u{200B}{email}"),
        email.clone(),
    ];
    for (i, variant) in variants.iter().enumerate() {
        let answer = from(&format!("203.0.113.{i}"))
            .log_in(&app, variant, "not the password at all")
            .await;
        assert_eq!(answer.status(), 422, "{variant:?}");
    }
    let right = from("203.0.113.99").log_in(&app, &email, PASSWORD).await;
    assert_eq!(
        right.status(),
        429,
        "the account is locked however it was typed"
    );
}

/// The login form's POST is under the same per-client rate limit as the
/// public forms, before any password is checked.
#[tokio::test]
async fn login_posts_are_rate_limited_per_client() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.rate_limit_per_minute = 2)
        .await
        .expect("an app");
    let (email, _) = staff_account(&app, Role::Organizer).await;
    for _ in 0..2 {
        let answer = Browser::default()
            .log_in(&app, &email, "not the password at all")
            .await;
        assert_eq!(answer.status(), 422);
    }
    let flooded = Browser::default().log_in(&app, &email, PASSWORD).await;
    assert_eq!(flooded.status(), 429, "the third POST within the minute");
    assert!(flooded.headers().contains_key("retry-after"));
    let login_page = app
        .client
        .get(format!("{}/admin/login", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(login_page.status(), 200, "the page itself is not limited");
}

/// The login session of `organizer_id`, as stored.
async fn stored_session(app: &TestApp, organizer_id: i64) -> login_session::Model {
    login_session::Entity::find()
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.data.contains(&format!("\"organizer_id\":{organizer_id}")))
        .expect("a stored session")
}

/// A session is written back every few minutes of use, moving its idle
/// expiry on — not with every request (a phone at the door makes many).
#[tokio::test]
async fn a_session_is_renewed_every_few_minutes_of_use_not_on_every_request() {
    let app = TestApp::spawn(Db::Sqlite).await.expect("an app");
    let (browser, id) = logged_in(&app, Role::Organizer).await;
    let first = stored_session(&app, id).await;
    for _ in 0..3 {
        assert_eq!(browser.get(&app, "/admin/account").await.status(), 200);
    }
    let after_use = stored_session(&app, id).await;
    assert_eq!(
        (after_use.data.as_str(), after_use.expires_at),
        (first.data.as_str(), first.expires_at),
        "requests within minutes write nothing"
    );

    // As if the last write were ten minutes ago, with an hour of idle time left.
    let mut data: serde_json::Value = serde_json::from_str(&first.data).unwrap();
    let long_ago = (chrono::Utc::now() - chrono::Duration::minutes(10)).to_rfc3339();
    data["login"]["renewed_at"] = serde_json::Value::String(long_ago);
    let soon = chrono::Utc::now() + chrono::Duration::hours(1);
    let mut row: login_session::ActiveModel = first.into();
    row.data = Set(data.to_string());
    row.expires_at = Set(soon);
    row.update(&app.db.write).await.unwrap();

    assert_eq!(browser.get(&app, "/admin/account").await.status(), 200);
    let renewed = stored_session(&app, id).await;
    let left = renewed.expires_at - chrono::Utc::now();
    assert!(
        left > chrono::Duration::hours(7),
        "the idle expiry moved on to 8 hours: {left}"
    );
}
