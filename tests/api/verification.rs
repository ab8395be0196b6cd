//! Double opt-in (issue 11, points 1 and 2): the link that confirms an
//! address reaches only the mailbox, opening it confirms nothing, and the
//! form answers a new and a repeated address alike.

use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use tessera::domain::RegistrationStatus::{Confirmed, Pending};
use tessera::store::entities::registration;

use crate::helpers::{Db, EventSpec, TestApp};

/// The path (`/v/…`) of the verification link emailed to `email`, read
/// from the `.eml` files the app writes when no SMTP server is set.
pub async fn emailed_verification_path(app: &TestApp, email: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        for entry in std::fs::read_dir(&app.config.outbox_dir)
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(raw) = std::fs::read(entry.path()) else {
                continue;
            };
            let Some(message) = MessageParser::default().parse(&raw) else {
                continue;
            };
            let to_them = message
                .to()
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .is_some_and(|a| a.eq_ignore_ascii_case(email));
            let text = message.body_text(0).unwrap_or_default().to_string();
            let link = text
                .split_whitespace()
                .find_map(|word| word.find("/v/").map(|at| word[at..].to_owned()));
            if let (true, Some(link)) = (to_them, link) {
                return link;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no verification email to {email} in {}",
            app.config.outbox_dir.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn verification_event(app: &TestApp) -> String {
    app.seed_event(EventSpec {
        verification: true,
        ..EventSpec::default()
    })
    .await
}

async fn only_registration(app: &TestApp, slug: &str) -> registration::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let event = app.event(slug).await;
    let mut rows = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.event.id))
        .all(&app.db.read)
        .await
        .expect("registrations");
    assert_eq!(rows.len(), 1, "one registration");
    rows.remove(0)
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a Location header")
        .to_owned()
}

async fn head(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .head(format!("{}{path}", app.address))
        .send()
        .await
        .expect("HEAD")
}

#[tokio::test]
async fn whoever_sends_the_form_gets_no_link_that_confirms() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = verification_event(&app).await;
    let form = app.form_for(&slug, 4).await;
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 303);
    let next = location(&response);
    assert!(
        next.starts_with(&format!("/events/{slug}/registered")),
        "the sender is not shown the registration: {next}"
    );
    let page = app.get(&next).await.text().await.unwrap();
    assert!(page.contains("Check your email"), "{page}");
    assert!(!page.contains("/v/") && !page.contains("/r/"), "{page}");

    // Even knowing the manage token (say, from a leaked page), neither the
    // old link nor any GET or HEAD confirms.
    let token = only_registration(&app, &slug).await.manage_token;
    for path in [format!("/r/{token}/verify"), format!("/r/{token}")] {
        app.get(&path).await;
        head(&app, &path).await;
    }
    assert_eq!(app.get(&format!("/r/{token}/verify")).await.status(), 404);
    assert_eq!(app.count(&slug, Pending).await, 1);
    assert_eq!(app.count(&slug, Confirmed).await, 0);
}

#[tokio::test]
async fn the_emailed_link_shows_a_button_and_only_its_post_confirms() {
    only_the_post_confirms(Db::Sqlite).await;
}

#[tokio::test]
async fn the_emailed_link_shows_a_button_and_only_its_post_confirms_on_postgres() {
    only_the_post_confirms(Db::Postgres).await;
}

async fn only_the_post_confirms(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = verification_event(&app).await;
    let form = app.form_for(&slug, 5).await;
    let email = form
        .iter()
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v.clone())
        .unwrap();
    app.post_form(&format!("/events/{slug}/register"), &form)
        .await;
    let link = emailed_verification_path(&app, &email).await;
    let token = only_registration(&app, &slug).await.manage_token;
    assert!(!link.contains(&token), "the link is not the manage token");

    // A mail system's link scanner: GET and HEAD, several times.
    for _ in 0..2 {
        let page = app.get(&link).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        let secret = link.trim_start_matches("/v/");
        assert!(
            page.contains(&format!("action=\"/v/{secret}?lang=en\""))
                && page.contains("method=\"post\""),
            "a Confirm button that posts: {page}"
        );
        assert!(page.contains("Women 2027"), "names the event: {page}");
        assert_eq!(head(&app, &link).await.status(), 200);
    }
    assert_eq!(
        app.count(&slug, Confirmed).await,
        0,
        "nothing confirmed yet"
    );

    let confirmed = app
        .client
        .post(format!("{}{link}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 303);
    assert!(
        location(&confirmed).starts_with(&format!("/r/{token}")),
        "then the attendee page"
    );
    assert_eq!(app.count(&slug, Confirmed).await, 1);
    assert_eq!(app.count(&slug, Pending).await, 0);
}

#[tokio::test]
async fn a_forged_or_tampered_link_is_404_and_confirms_nothing() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.secret = Some("a test signing key".into()))
        .await
        .unwrap();
    let slug = verification_event(&app).await;
    let form = app.form_for(&slug, 6).await;
    app.post_form(&format!("/events/{slug}/register"), &form)
        .await;
    let id = only_registration(&app, &slug).await.id;
    let genuine = tessera::domain::check_in::sign_address(b"a test signing key", &id);
    let check_in_code = tessera::domain::check_in::sign(b"a test signing key", &id);
    let other_key = tessera::domain::check_in::sign_address(b"another key", &id);
    let mut tampered = genuine.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    for bad in [
        tampered,
        check_in_code,
        other_key,
        id.clone(),
        "%00".to_owned(),
        "x".repeat(500),
    ] {
        let path = format!("/v/{bad}");
        assert_eq!(app.get(&path).await.status(), 404, "GET {path}");
        let posted = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 404, "POST {path}");
    }
    assert_eq!(app.count(&slug, Confirmed).await, 0);
    assert_eq!(app.get(&format!("/v/{genuine}")).await.status(), 200);
}

#[tokio::test]
async fn a_new_and_a_repeated_address_get_the_same_answer_on_a_verified_event() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = verification_event(&app).await;
    let post = |i: usize| {
        let app = &app;
        let slug = slug.clone();
        async move {
            let form = app.form_for(&slug, i).await;
            let response = app
                .post_form(&format!("/events/{slug}/register"), &form)
                .await;
            let answer = (response.status().as_u16(), location(&response));
            let page = app.get(&answer.1).await.text().await.unwrap();
            (answer, page)
        }
    };
    let new = post(7).await;
    let repeated_pending = post(7).await;
    assert_eq!(repeated_pending, new);

    // Once confirmed, the address still gets the same answer.
    let email = app
        .form_for(&slug, 7)
        .await
        .into_iter()
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v)
        .unwrap();
    let link = emailed_verification_path(&app, &email).await;
    app.client
        .post(format!("{}{link}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(app.count(&slug, Confirmed).await, 1);
    let repeated_confirmed = post(7).await;
    assert_eq!(repeated_confirmed, new);
    let another_new = post(8).await;
    assert_eq!(another_new, new);
}

#[tokio::test]
async fn the_repeat_page_claims_nothing_about_the_address() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    app.register_person(&slug, 9).await;
    let form = app.form_for(&slug, 9).await;
    let again = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(again.status(), 303);
    let page = app.get(&location(&again)).await.text().await.unwrap();
    assert!(
        page.contains(
            "If this address is registered for this event, we have emailed its link to it"
        ),
        "{page}"
    );
    assert!(!page.contains("already registered"), "{page}");
    let italian = app
        .get(&format!("/events/{slug}/registered?lang=it"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        italian.contains("Se questo indirizzo è iscritto"),
        "{italian}"
    );
}
