//! The invite an attendee downloads from their page (issue 11, point 9):
//! read back with the icalendar crate, not with our code.

use icalendar::parser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::store::entities::registration;

use crate::emails::{param, value, vevent};
use crate::helpers::{Db, EventSpec, TestApp};

#[tokio::test]
async fn the_downloaded_invite_names_the_sending_address_as_organizer() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.mail_from = "Office <events@tessera.example.org>".into()
    })
    .await
    .unwrap();
    let (_, token) = app.register_person(&app.event_slug, 1).await;
    let response = app.get(&format!("/r/{token}/invite.ics")).await;
    assert_eq!(response.status(), 200);
    let ics = response.text().await.unwrap();
    let unfolded = parser::unfold(&ics);
    let calendar = parser::read_calendar(&unfolded).expect("a calendar");
    let event = vevent(&calendar);
    assert_eq!(
        value(event, "ORGANIZER").to_lowercase(),
        "mailto:events@tessera.example.org"
    );
    let organizer = event.find_prop("ORGANIZER").expect("ORGANIZER");
    let record = app.event(&app.event_slug).await;
    assert_eq!(
        param(organizer, "CN").as_deref(),
        Some(record.event.organizer_name.as_str())
    );
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "METHOD")
        .map(|p| p.val.as_str().to_owned());
    assert_eq!(method.as_deref(), Some("REQUEST"));
}

#[tokio::test]
async fn only_a_confirmed_registration_has_an_invite_to_download() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let (_, confirmed) = app.register_person(&slug, 1).await;
    let (_, waitlisted) = app.register_person(&slug, 2).await;
    assert!(
        app.get(&format!("/r/{waitlisted}"))
            .await
            .text()
            .await
            .unwrap()
            .contains("On the waiting list")
    );
    assert_eq!(
        app.get(&format!("/r/{waitlisted}/invite.ics"))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/r/{confirmed}/invite.ics"))
            .await
            .status(),
        200
    );

    let verified = app
        .seed_event(EventSpec {
            verification: true,
            ..EventSpec::default()
        })
        .await;
    let form = app.form_for(&verified, 3).await;
    app.post_form(&format!("/events/{verified}/register"), &form)
        .await;
    let event = app.event(&verified).await;
    let pending = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.event.id))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("a pending registration");
    assert_eq!(pending.status.as_str(), "pending");
    assert_eq!(
        app.get(&format!("/r/{}/invite.ics", pending.manage_token))
            .await
            .status(),
        404
    );
    // Cancelled: the CANCEL went by email; nothing to download.
    let cancel = app.post_form(&format!("/r/{confirmed}/cancel"), &[]).await;
    assert_eq!(cancel.status(), 303);
    assert_eq!(
        app.get(&format!("/r/{confirmed}/invite.ics"))
            .await
            .status(),
        404
    );
}
