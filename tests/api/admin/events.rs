//! The dashboard's first screen: every event with its counts.

use tessera::domain::{EventStatus, Role};

use super::logged_in;
use crate::helpers::{Db, EventSpec, TestApp};

async fn events_with_counts(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let upcoming = app.event_slug.clone();
    app.register_person(&upcoming, 0).await;
    app.register_person(&upcoming, 1).await;
    let opt_in = app
        .seed_event(EventSpec {
            title: "Opt-in workshop".into(),
            verification: true,
            ..EventSpec::default()
        })
        .await;
    // A double opt-in registration answers with the neutral page, not /r/.
    let form = app.form_for(&opt_in, 2).await;
    let response = app
        .post_form(&format!("/events/{opt_in}/register"), &form)
        .await;
    assert_eq!(response.status(), 303);
    app.seed_event(EventSpec {
        title: "A draft for spring".into(),
        status: EventStatus::Draft,
        ..EventSpec::default()
    })
    .await;

    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let response = organizer.get(&app, "/admin").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let upcoming_at = html.find("Upcoming events").expect("an upcoming section");
    let drafts_at = html.find("Drafts").expect("a drafts section");
    assert!(upcoming_at < drafts_at, "upcoming first");
    let draft_at = html.find("A draft for spring").unwrap();
    assert!(draft_at > drafts_at, "the draft is among the drafts");
    assert!(html.contains("2 / 50"), "confirmed of capacity");
    assert!(html.contains(&format!("href=\"/admin/events/{upcoming}\"")));

    let page = organizer
        .get(&app, &format!("/admin/events/{opt_in}"))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Pending confirmation</dt><dd>1</dd>"),
        "{html}"
    );
    assert!(html.contains("0 / 50"));
    assert_eq!(
        organizer
            .get(&app, "/admin/events/no-such-event")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn the_first_screen_lists_events_with_their_counts_sqlite() {
    events_with_counts(Db::Sqlite).await;
}

#[tokio::test]
async fn the_first_screen_lists_events_with_their_counts_postgres() {
    events_with_counts(Db::Postgres).await;
}
