//! Cancelling asks first (issue 14): the attendee's page links to
//! `GET /r/{token}/cancel`, which says what will happen and changes
//! nothing; only the POST of its form cancels. Without JavaScript.

use tessera::domain::RegistrationStatus::{Cancelled, Confirmed, Waitlisted};

use crate::helpers::{Db, EventSpec, TestApp};

async fn check(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let (_, first) = app.register_person(&slug, 1).await;
    let (_, second) = app.register_person(&slug, 2).await;
    assert_eq!(app.count(&slug, Confirmed).await, 1);
    assert_eq!(app.count(&slug, Waitlisted).await, 1);

    // The attendee's page links to the question; it has no form that cancels.
    let own = app.get(&format!("/r/{first}")).await.text().await.unwrap();
    assert!(
        own.contains(&format!("href=\"/r/{first}/cancel?lang=en\"")),
        "{own}"
    );
    assert!(!own.contains("method=\"post\""), "no one-click cancel");

    // The question, in English and in Italian: what happens to the seat.
    let question = app.get(&format!("/r/{first}/cancel")).await;
    assert_eq!(question.status(), 200);
    let html = question.text().await.unwrap();
    assert!(
        html.contains("Your seat goes to the next person on the waiting list."),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<form class=\"actions\" method=\"post\" action=\"/r/{first}/cancel?lang=en\">"
    )));
    assert!(html.contains("Yes, cancel my registration"));
    assert!(
        html.contains(&format!("href=\"/r/{first}?lang=en\"")),
        "a way back"
    );
    let italian = app.get(&format!("/r/{first}/cancel?lang=it")).await;
    let html = italian.text().await.unwrap();
    assert!(html.contains("Il tuo posto andrà alla prossima persona in lista d'attesa."));
    assert!(html.contains("Sì, annulla la mia iscrizione"));
    // The one on the waiting list is asked about their place in line.
    let html = app
        .get(&format!("/r/{second}/cancel"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Leave the waiting list?"), "{html}");
    assert!(html.contains("will not be offered a seat"));

    // Asking (GET, HEAD) changed nothing.
    let head = app
        .client
        .head(format!("{}/r/{first}/cancel", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(app.count(&slug, Confirmed).await, 1);
    assert_eq!(app.count(&slug, Waitlisted).await, 1);
    assert_eq!(app.count(&slug, Cancelled).await, 0);

    // The form's POST cancels, and the waiting list moves up.
    let done = app
        .post_form(&format!("/r/{first}/cancel?lang=en"), &[])
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(app.count(&slug, Cancelled).await, 1);
    assert_eq!(app.count(&slug, Confirmed).await, 1);
    assert_eq!(app.count(&slug, Waitlisted).await, 0);
    let own = app.get(&format!("/r/{first}")).await.text().await.unwrap();
    assert!(own.contains("Cancelled"));
    assert!(!own.contains("/cancel"), "nothing left to cancel");

    // Asked again once cancelled: back to the page, no second question.
    let again = app.get(&format!("/r/{first}/cancel")).await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        again.headers()["location"].to_str().unwrap(),
        format!("/r/{first}?lang=en")
    );
    // An unknown link is not found, asked or posted.
    let unknown = "A".repeat(first.len());
    assert_eq!(app.get(&format!("/r/{unknown}/cancel")).await.status(), 404);
    assert_eq!(
        app.post_form(&format!("/r/{unknown}/cancel"), &[])
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn cancelling_asks_first_and_only_the_post_cancels_sqlite() {
    check(Db::Sqlite).await;
}

#[tokio::test]
async fn cancelling_asks_first_and_only_the_post_cancels_postgres() {
    check(Db::Postgres).await;
}
