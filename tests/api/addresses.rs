//! Who counts as one person, and which addresses take a seat (issue 11,
//! points 6 and 8): variants of one mailbox hold one seat, a name must be
//! visible and read the way it is stored, and an address the mailer would
//! refuse is refused at the form, naming the field.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::RegistrationStatus::Confirmed;
use tessera::store::entities::registration;

use crate::helpers::{Db, EventSpec, TestApp, registrant};

/// `slug`'s form for fixture person `i`, with `changes` applied.
async fn form_with(
    app: &TestApp,
    slug: &str,
    i: usize,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut form = app.form_for(slug, i).await;
    for (key, value) in changes {
        if let Some(field) = form.iter_mut().find(|(k, _)| k == key) {
            field.1 = (*value).to_owned();
        }
    }
    form
}

async fn stored(app: &TestApp, slug: &str) -> Vec<registration::Model> {
    let event = app.event(slug).await;
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.event.id))
        .all(&app.db.read)
        .await
        .expect("registrations")
}

#[tokio::test]
async fn plus_tagged_and_full_width_variants_of_one_mailbox_hold_one_seat() {
    one_mailbox_one_seat(Db::Sqlite).await;
}

#[tokio::test]
async fn plus_tagged_and_full_width_variants_of_one_mailbox_hold_one_seat_on_postgres() {
    one_mailbox_one_seat(Db::Postgres).await;
}

async fn one_mailbox_one_seat(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    for (i, email) in [
        "anna@example.org",
        "anna+x@example.org",
        "ＡＮＮＡ@example.org",
        "\u{200B}Anna+events@Example.org\u{FEFF}",
    ]
    .into_iter()
    .enumerate()
    {
        // A different name each time: the address decides who the person is.
        let form = form_with(&app, &slug, i, &[("email", email)]).await;
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 303, "{email}");
    }
    assert_eq!(app.count(&slug, Confirmed).await, 1);
    let rows = stored(&app, &slug).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].email, "anna@example.org", "sent where first typed");
}

#[tokio::test]
async fn an_event_may_count_plus_tags_as_other_people() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            dedupe_plus_addressing: false,
            ..EventSpec::default()
        })
        .await;
    for (i, email) in [
        "anna@example.org",
        "anna+x@example.org",
        "ＡＮＮＡ+x@example.org",
    ]
    .into_iter()
    .enumerate()
    {
        let form = form_with(&app, &slug, i, &[("email", email)]).await;
        app.post_form(&format!("/events/{slug}/register"), &form)
            .await;
    }
    assert_eq!(
        app.count(&slug, Confirmed).await,
        2,
        "full width still folds"
    );
    let mut emails: Vec<String> = stored(&app, &slug)
        .await
        .into_iter()
        .map(|r| r.email)
        .collect();
    emails.sort();
    assert_eq!(emails, ["anna+x@example.org", "anna@example.org"]);
}

#[tokio::test]
async fn an_address_the_mailer_would_refuse_is_422_on_the_email_field() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    for email in [
        "a..b@x.org",
        ".a@x.org",
        "a:b@x.org",
        "jürgen@example.de",
        "anna\u{202E}@example.org",
    ] {
        let form = form_with(&app, &slug, 1, &[("email", email)]).await;
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 422, "{email}");
        let page = response.text().await.unwrap();
        assert!(page.contains("id=\"email-error\""), "{email}: {page}");
        for other in ["first_name", "last_name", "country", "consent"] {
            assert!(
                !page.contains(&format!("id=\"{other}-error\"")),
                "{email}: {other}"
            );
        }
    }
    assert!(stored(&app, &slug).await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn an_international_domain_is_kept_in_the_form_every_server_delivers() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    let form = form_with(&app, &slug, 2, &[("email", "anna@münchen.de")]).await;
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 303);
    let rows = stored(&app, &slug).await;
    assert_eq!(rows[0].email, "anna@xn--mnchen-3ya.de");
}

#[tokio::test]
async fn every_fixture_registrant_gets_a_seat() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    let people = crate::helpers::FIXTURES
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    for i in 0..people {
        let form = app.form_for(&slug, i).await;
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 303, "{:?}", registrant(i));
    }
    assert_eq!(app.count(&slug, Confirmed).await as usize, people);
}

#[tokio::test]
async fn a_name_must_be_visible_and_read_as_stored() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    for (field, value) in [
        ("first_name", "\u{200B}\u{200C}\u{200D}"),
        ("first_name", "\u{FEFF} \u{00AD}"),
        ("last_name", "Rossi\u{202E}gnp.exe"),
        ("last_name", "\u{2067}Rossi\u{2069}"),
        ("organization", "ACME\u{202E}"),
    ] {
        let form = form_with(&app, &slug, 3, &[(field, value)]).await;
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 422, "{field} {value:?}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains(&format!("id=\"{field}-error\"")),
            "{field} {value:?}"
        );
    }
    assert!(stored(&app, &slug).await.is_empty(), "nothing stored");
}
