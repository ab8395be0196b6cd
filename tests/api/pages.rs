//! What visitors see on the public pages.

use crate::helpers::{Db, EventSpec, TestApp};

#[tokio::test]
async fn event_page_shows_when_where_agenda_seats_and_the_form() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            description:
                "**Bring** a laptop. <script>alert('x')</script> [bad](javascript:alert(1))".into(),
            session_capacity: Some(20),
            ..EventSpec::default()
        })
        .await;
    let response = app.get(&format!("/events/{slug}")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Women 2027 — Entrepreneurship Days"));
    assert!(html.contains("Europe/Brussels"), "the time zone is named");
    assert!(html.contains("Chamber of Commerce") && html.contains("Avenue Louise 500"));
    assert!(html.contains("Financing your growth") && html.contains("Selling across borders"));
    assert!(html.contains("50 seats left"), "event seats");
    assert!(html.contains("20 seats left"), "session seats");
    assert!(
        html.contains("<strong>Bring</strong>"),
        "Markdown is rendered"
    );
    assert!(!html.contains("<script>alert"), "scripts are removed");
    assert!(!html.contains("javascript:"), "script links are removed");
    for field in [
        "first_name",
        "last_name",
        "email",
        "organization",
        "country",
        "consent",
        "website",
    ] {
        assert!(
            html.contains(&format!("name=\"{field}\"")),
            "the form has {field}"
        );
    }
    assert!(html.contains("Stage of your business"), "custom question");
}

#[tokio::test]
async fn pages_follow_the_visitors_language() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let italian = app
        .client
        .get(format!("{}/events/{}", app.address, app.event_slug))
        .header("accept-language", "it-IT,it;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(italian.contains("Iscriviti") && italian.contains("posti disponibili"));
    let english = app
        .get(&format!("/events/{}?lang=en", app.event_slug))
        .await
        .text()
        .await
        .unwrap();
    assert!(english.contains("seats left") && english.contains("Register"));
}

#[tokio::test]
async fn home_lists_published_upcoming_events_only() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let draft = app
        .seed_event(EventSpec {
            title: "Secret draft".into(),
            status: tessera::domain::EventStatus::Draft,
            ..EventSpec::default()
        })
        .await;
    let past = app
        .seed_event(EventSpec {
            title: "Last year's fair".into(),
            starts_in: chrono::Duration::days(-30),
            ..EventSpec::default()
        })
        .await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(
        html.contains(&app.event_slug),
        "the upcoming event is listed"
    );
    assert!(!html.contains("Secret draft") && !html.contains(&draft));
    assert!(
        !html.contains("Last year") && !html.contains(&past),
        "a past event is not listed"
    );
    assert_eq!(app.get(&format!("/events/{draft}")).await.status(), 404);
    assert_eq!(
        app.get(&format!("/events/{past}")).await.status(),
        200,
        "a past event keeps its page"
    );
}

#[tokio::test]
async fn unknown_pages_are_404_and_health_answers() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    assert_eq!(app.get("/events/no-such-event").await.status(), 404);
    assert_eq!(app.get("/r/not-a-token").await.status(), 404);
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(
        app.get("/metrics").await.status(),
        404,
        "without a token or a listener of their own, metrics are not served"
    );
}

#[tokio::test]
async fn the_demo_event_is_loaded_on_first_start() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.demo = true)
        .await
        .unwrap();
    let html = app.get("/events/women-2027").await.text().await.unwrap();
    assert!(html.contains("Women 2027"));
    assert!(html.contains("120 seats left"));
    assert!(html.contains("Europe/Brussels"));
    let record = app.event("women-2027").await;
    assert_eq!(record.sessions.len(), 3);
    assert_eq!(record.questions.len(), 2);
    assert!(
        record.event.starts_at > chrono::Utc::now(),
        "always upcoming"
    );
}
