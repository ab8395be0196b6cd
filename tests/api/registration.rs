//! Registering, repeating, cancelling, the waiting list, and bad input.

use tessera::domain::DeliveryStatus;
use tessera::domain::RegistrationStatus::{Cancelled, Confirmed, Waitlisted};

use crate::helpers::{Db, EventSpec, TestApp, token_of};
use crate::smtp::SmtpServer;

#[tokio::test]
async fn registering_redirects_to_the_attendees_own_page() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let form = app.form_for(&app.event_slug, 13).await; // Žydrūnė Kazlauskaitė
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    assert_eq!(response.status(), 303);
    let token = token_of(&response);
    assert!(token.len() >= 22, "at least 128 random bits");

    let page = app.get(&format!("/r/{token}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Confirmed"));
    assert!(html.contains("Žydrūnė Kazlauskaitė"));
    assert!(
        html.contains("calendar.google.com"),
        "add-to-calendar links"
    );
    assert_eq!(app.count(&app.event_slug, Confirmed).await, 1);
    let event_page = app
        .get(&format!("/events/{}", app.event_slug))
        .await
        .text()
        .await
        .unwrap();
    assert!(event_page.contains("49 seats left"));
}

#[tokio::test]
async fn names_with_markup_are_shown_as_text() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let mut form = app.form_for(&app.event_slug, 0).await;
    form[0].1 = "<b>Giulia</b>".into();
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    let html = app
        .get(&format!("/r/{}", token_of(&response)))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("&lt;b&gt;Giulia&lt;/b&gt;"));
    assert!(!html.contains("<b>Giulia</b>"));
}

#[tokio::test]
async fn an_invalid_form_comes_back_with_every_error_and_the_values_kept() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let form: Vec<(String, String)> = vec![
        ("first_name".into(), "Francesca".into()),
        ("last_name".into(), "D'Angelo".into()),
        ("email".into(), "not-an-email".into()),
        ("organization".into(), "Studio D'Angelo & Associati".into()),
        ("country".into(), "XX".into()),
    ];
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Enter a valid email address"));
    assert!(html.contains("Choose a country from the list"));
    assert!(html.contains("Please agree to the use of your details"));
    assert!(
        html.contains("This field is required"),
        "the required question"
    );
    assert!(
        html.contains("value=\"D&#39;Angelo\"") || html.contains("value=\"D'Angelo\""),
        "values are kept"
    );
    assert!(
        html.contains("Studio D&#39;Angelo &amp; Associati")
            || html.contains("Studio D'Angelo &amp; Associati")
    );
    assert_eq!(
        app.count(&app.event_slug, Confirmed).await,
        0,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_name_with_a_line_break_is_refused() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let mut form = app.form_for(&app.event_slug, 1).await;
    form[0].1 = "Anna\r\nBcc: victim@example.com".into();
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.count(&app.event_slug, Confirmed).await, 0);
}

#[tokio::test]
async fn too_long_fields_and_too_large_bodies_are_refused() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let mut form = app.form_for(&app.event_slug, 2).await;
    form[0].1 = "A".repeat(101);
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("This is too long"));

    let mut huge = app.form_for(&app.event_slug, 2).await;
    huge.push(("organization".into(), "x".repeat(200_000)));
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &huge)
        .await;
    assert_eq!(response.status(), 413);
    assert_eq!(app.count(&app.event_slug, Confirmed).await, 0);
}

/// Every registration and every owed email in the database, of any event
/// and in any state.
async fn stored(app: &TestApp) -> (u64, u64) {
    use sea_orm::{EntityTrait, PaginatorTrait};
    use tessera::store::entities::{outbox_message, registration};
    let registrations = registration::Entity::find()
        .count(&app.db.read)
        .await
        .expect("count registrations");
    let emails = outbox_message::Entity::find()
        .count(&app.db.read)
        .await
        .expect("count the outbox");
    (registrations, emails)
}

#[tokio::test]
async fn the_honeypot_answers_like_a_registration_and_stores_nothing() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let mut form = app.form_for(&app.event_slug, 3).await;
    let mut real = form.clone();
    form.push(("website".into(), "http://spam.example".into()));
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    assert_eq!(response.status(), 303, "a bot sees what a person sees");
    assert_eq!(stored(&app).await, (0, 0), "no registration, no email");

    // The same form without the trap is stored: the count above can see one.
    real[2].1 = "honeypot.control@example.org".into();
    let response = app
        .post_form(&format!("/events/{}/register", app.event_slug), &real)
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(stored(&app).await, (1, 1));
}

#[tokio::test]
async fn unknown_event_is_404_and_nothing_is_stored() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    app.register_person(&app.event_slug, 5).await;
    let before = stored(&app).await;
    assert_eq!(before, (1, 1));
    let form = app.form_for(&app.event_slug, 4).await;
    let response = app.post_form("/events/no-such-event/register", &form).await;
    assert_eq!(response.status(), 404);
    assert_eq!(stored(&app).await, before, "nothing more stored");
}

#[tokio::test]
async fn the_same_address_again_gets_no_second_seat_and_no_one_elses_link() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let form = app.form_for(&app.event_slug, 5).await;
    let first = app
        .post_form(&format!("/events/{}/register", app.event_slug), &form)
        .await;
    assert_eq!(first.status(), 303);
    let token = token_of(&first);

    let mut again = form.clone();
    // The same address as typed differently.
    again[2].1 = format!("  {}  ", form[2].1.to_uppercase());
    let second = app
        .post_form(&format!("/events/{}/register", app.event_slug), &again)
        .await;
    assert_eq!(second.status(), 303);
    let location = second.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        !location.contains(&token),
        "the manage link is emailed, not shown"
    );
    assert!(
        app.get(&location)
            .await
            .text()
            .await
            .unwrap()
            .contains("If this address is registered")
    );
    assert_eq!(app.count(&app.event_slug, Confirmed).await, 1);
}

#[tokio::test]
async fn a_closed_or_not_yet_open_event_answers_409() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    for spec in [
        EventSpec {
            opens_in: Some(chrono::Duration::days(2)),
            ..EventSpec::default()
        },
        EventSpec {
            closes_in: Some(chrono::Duration::seconds(-60)),
            ..EventSpec::default()
        },
    ] {
        let slug = app.seed_event(spec).await;
        let page = app
            .get(&format!("/events/{slug}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !page.contains("name=\"first_name\""),
            "no form while closed"
        );
        let form = app.form_for(&slug, 6).await;
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 409);
        assert_eq!(app.count(&slug, Confirmed).await, 0);
    }
}

#[tokio::test]
async fn cancelling_promotes_the_earliest_on_the_waiting_list() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            ..EventSpec::default()
        })
        .await;
    let mut tokens = Vec::new();
    for i in 0..4 {
        let form = app.form_for(&slug, i).await;
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 303);
        tokens.push(token_of(&response));
    }
    let third = app
        .get(&format!("/r/{}", tokens[2]))
        .await
        .text()
        .await
        .unwrap();
    assert!(third.contains("On the waiting list"));
    assert!(third.contains("Your position on the waiting list: 1"));
    let fourth = app
        .get(&format!("/r/{}", tokens[3]))
        .await
        .text()
        .await
        .unwrap();
    assert!(fourth.contains("Your position on the waiting list: 2"));

    let cancel = app
        .post_form(&format!("/r/{}/cancel", tokens[0]), &[])
        .await;
    assert_eq!(cancel.status(), 303);
    assert!(
        cancel.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&format!("/r/{}", tokens[0]))
    );

    let first = app
        .get(&format!("/r/{}", tokens[0]))
        .await
        .text()
        .await
        .unwrap();
    assert!(first.contains("Cancelled"));
    let third = app
        .get(&format!("/r/{}", tokens[2]))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        third.contains("Confirmed"),
        "the earliest waiting is promoted"
    );
    let fourth = app
        .get(&format!("/r/{}", tokens[3]))
        .await
        .text()
        .await
        .unwrap();
    assert!(fourth.contains("Your position on the waiting list: 1"));
    assert_eq!(app.count(&slug, Confirmed).await, 2);
    assert_eq!(app.count(&slug, Waitlisted).await, 1);
    assert_eq!(app.count(&slug, Cancelled).await, 1);
    let record = app.event(&slug).await;
    assert_eq!(
        (record.event.confirmed_count, record.event.waitlisted_count),
        (2, 1)
    );
}

#[tokio::test]
async fn double_opt_in_confirms_nobody_until_the_address_is_confirmed() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            verification: true,
            ..EventSpec::default()
        })
        .await;
    let form = app.form_for(&slug, 7).await;
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.count(&slug, Confirmed).await, 0);

    let email = &form.iter().find(|(k, _)| k == "email").unwrap().1;
    let link = crate::verification::emailed_verification_path(&app, email).await;
    let verified = app
        .client
        .post(format!("{}{link}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 303);
    assert_eq!(app.count(&slug, Confirmed).await, 1);
}

#[tokio::test]
async fn a_graceful_stop_keeps_every_registration_and_leaves_unsent_mail_queued() {
    use sea_orm::EntityTrait;
    use tessera::store::entities::outbox_message;
    let Some(mut server) = SmtpServer::try_start() else {
        return;
    };
    let mut app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.smtp_url = Some(server.url());
        c.mail_retry_base_ms = 500;
    })
    .await
    .unwrap();
    let slug = app.event_slug.clone();
    let people: Vec<usize> = (40..45).collect();
    let mut emails = Vec::new();
    for i in &people {
        let form = app.form_for(&slug, *i).await;
        emails.push(form[2].1.clone());
    }
    // A real server that answers each first attempt "try again later": the
    // emails wait for a retry well within the test's time.
    let deferred: Vec<&str> = emails.iter().map(String::as_str).collect();
    server.set_rules(&deferred, &[]);
    let mut tokens = Vec::new();
    for i in &people {
        tokens.push(app.register_person(&slug, *i).await.1);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let rows = outbox_message::Entity::find()
            .all(&app.db.read)
            .await
            .unwrap();
        if rows.len() == people.len() && rows.iter().all(|m| m.attempts >= 1) {
            assert!(rows.iter().all(|m| m.status != DeliveryStatus::Sent));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "every email was tried once"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    app.stop().await;
    assert!(
        app.client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .is_err(),
        "stopped listening"
    );
    // Well past every retry's time: a worker still running would have sent.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(server.received().is_empty(), "no email left after the stop");

    let db = tessera::store::Database::connect(&app.config.database_url)
        .await
        .unwrap();
    let outbox = outbox_message::Entity::find().all(&db.read).await.unwrap();
    assert_eq!(outbox.len(), people.len(), "every email is still owed");
    assert!(
        outbox.iter().all(|m| m.status != DeliveryStatus::Sent),
        "nothing recorded as sent"
    );
    for token in tokens {
        assert!(
            tessera::store::queries::registration_by_token(&db.read, &token)
                .await
                .unwrap()
                .is_some()
        );
    }
    db.close().await;
}

#[tokio::test]
async fn more_seats_go_to_the_waiting_list_before_newcomers() {
    use tessera::services::event_changes::EventChange;
    use tessera::store::audit::Actor;
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let mut tokens = Vec::new();
    for i in 0..3 {
        tokens.push(app.register_person(&slug, 60 + i).await.1);
    }
    let change = EventChange {
        capacity: Some(Some(3)),
        ..EventChange::default()
    };
    let updated = app
        .services
        .update_event(&slug, change, Actor::Organizer("test".into()))
        .await
        .unwrap();
    assert_eq!(updated.promoted, 2);
    for token in &tokens {
        let page = app.get(&format!("/r/{token}")).await.text().await.unwrap();
        assert!(page.contains("Confirmed"), "everyone who waited has a seat");
    }
    let form = app.form_for(&slug, 70).await;
    let response = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    let page = app
        .get(&format!("/r/{}", token_of(&response)))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("On the waiting list"), "the newcomer waits");
}

#[tokio::test]
async fn double_opt_in_on_a_full_event_without_waiting_list_answers_409() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            waitlist: false,
            verification: true,
            ..EventSpec::default()
        })
        .await;
    let first_form = app.form_for(&slug, 80).await;
    app.post_form(&format!("/events/{slug}/register"), &first_form)
        .await;
    let email = &first_form.iter().find(|(k, _)| k == "email").unwrap().1;
    let link = crate::verification::emailed_verification_path(&app, email).await;
    let verified = app
        .client
        .post(format!("{}{link}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 303);
    let second = app
        .post_form(
            &format!("/events/{slug}/register"),
            &app.form_for(&slug, 81).await,
        )
        .await;
    assert_eq!(second.status(), 409);
}

#[tokio::test]
async fn too_many_posts_from_one_address_get_429_and_store_nothing_more() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.rate_limit_per_minute = 3)
        .await
        .unwrap();
    let mut codes = Vec::new();
    for i in 0..5 {
        let form = app.form_for(&app.event_slug, 90 + i).await;
        let response = app
            .post_form(&format!("/events/{}/register", app.event_slug), &form)
            .await;
        codes.push(response.status().as_u16());
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
        }
    }
    assert_eq!(codes, [303, 303, 303, 429, 429]);
    assert_eq!(app.count(&app.event_slug, Confirmed).await, 3);
    assert_eq!(
        app.get(&format!("/events/{}", app.event_slug))
            .await
            .status(),
        200,
        "pages are not limited"
    );
}
