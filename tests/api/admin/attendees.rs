//! An event's attendee table, a person's page, and what staff do to one
//! registration: cancel (the waiting list moves up) and resend.

use sea_orm::{ColumnTrait, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter};
use tessera::domain::{RegistrationStatus, Role};
use tessera::store::entities::{audit_entry, outbox_message, question, registration};

use super::logged_in;
use crate::helpers::{Db, EventSpec, TestApp};

/// The id of the registration of `email`.
async fn id_of(app: &TestApp, email: &str) -> String {
    registration::Entity::find()
        .filter(registration::Column::Email.eq(email))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("a registration")
        .id
}

/// The names of a table page's rows, in order ("Last, First").
fn row_names(html: &str) -> Vec<String> {
    html.split("href=\"/admin/registrations/")
        .skip(1)
        .filter_map(|rest| {
            let text = rest.split_once("\">")?.1;
            Some(text.split("</a>").next()?.replace("&#39;", "'"))
        })
        .collect()
}

async fn page(browser: &super::Browser, app: &TestApp, path: &str) -> String {
    let response = browser.get(app, path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

async fn table_search_filter_sort_and_pages(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    // 50 seats: 55 people leave 5 on the waiting list and fill two pages.
    for i in 0..55 {
        app.register_person(&slug, i).await;
    }
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let base = format!("/admin/events/{slug}/attendees");

    let first = page(&organizer, &app, &base).await;
    assert!(first.contains("Showing 1–50 of 55."), "{first}");
    assert_eq!(row_names(&first).len(), 50);

    let by_name = page(&organizer, &app, &format!("{base}?sort=name&dir=asc")).await;
    assert_eq!(
        row_names(&by_name)[0],
        "Bianchi, Giulia",
        "A to Z by last name"
    );
    let next = by_name
        .split("rel=\"next\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a next link")
        .replace("&amp;", "&");
    assert!(
        next.contains("sort=name") && next.contains("dir=asc"),
        "{next}"
    );
    let second = page(&organizer, &app, &next).await;
    assert!(second.contains("Showing 51–55 of 55."), "{second}");
    assert!(second.contains("rel=\"prev\""));
    assert!(!second.contains("rel=\"next\""));

    let backwards = page(
        &organizer,
        &app,
        &format!("{base}?sort=name&dir=desc&page=2"),
    )
    .await;
    assert!(
        row_names(&backwards).iter().any(|n| n == "Bianchi, Giulia"),
        "Z to A puts Bianchi on the last page"
    );

    let waiting = page(&organizer, &app, &format!("{base}?status=waitlisted")).await;
    assert!(waiting.contains("of 5."), "{waiting}");

    // Case does not matter; a search matches the organization too.
    for search in ["BIANCHI", "tessitura", "giulia bianchi"] {
        let found = page(&organizer, &app, &format!("{base}?q={search}")).await;
        let names = row_names(&found);
        assert!(!names.is_empty(), "{search}");
        assert!(
            names.iter().all(|n| n == "Bianchi, Giulia"),
            "{search}: {names:?}"
        );
    }
    // A search that matches more than a page counts only as far as it
    // needs to offer the next page; the last page knows the whole count.
    let everyone = page(&organizer, &app, &format!("{base}?q=%40")).await;
    assert!(
        everyone.contains("Showing 1–50 of more than 50 matching people."),
        "{everyone}"
    );
    assert!(everyone.contains("rel=\"next\""));
    let rest = page(&organizer, &app, &format!("{base}?q=%40&page=2")).await;
    assert!(rest.contains("Showing 51–55 of 55."), "{rest}");
    assert_eq!(row_names(&rest).len(), 5);
    let none = page(&organizer, &app, &format!("{base}?q=nobody-here%25")).await;
    assert!(none.contains("Nobody matches."));
    let not_checked_in = page(&organizer, &app, &format!("{base}?checked_in=yes")).await;
    assert!(not_checked_in.contains("Nobody matches."));

    // Nonsense in the query is a list, not an error.
    let odd = organizer
        .get(
            &app,
            &format!("{base}?sort=%27;drop&page=-1&status=x&session=y"),
        )
        .await;
    assert_eq!(odd.status(), 200);
    assert_eq!(
        organizer
            .get(&app, "/admin/events/no-such-event/attendees")
            .await
            .status(),
        404
    );
    let (check_in, _) = logged_in(&app, Role::CheckIn).await;
    assert_eq!(check_in.get(&app, &base).await.status(), 403);
}

#[tokio::test]
async fn the_attendee_table_searches_filters_sorts_and_pages_sqlite() {
    table_search_filter_sort_and_pages(Db::Sqlite).await;
}

#[tokio::test]
async fn the_attendee_table_searches_filters_sorts_and_pages_postgres() {
    table_search_filter_sort_and_pages(Db::Postgres).await;
}

async fn a_persons_page(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (email, _) = app.register_person(&slug, 24).await;
    let id = id_of(&app, &email).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let path = format!("/admin/registrations/{id}");

    let html = page(&organizer, &app, &path).await;
    assert!(html.contains("Eleni Papadopoulou"));
    assert!(html.contains("Θεσσαλονίκη Εξαγωγές Α.Ε."));
    assert!(
        html.contains("<dd>Greece (GR)</dd>"),
        "the country by name: {html}"
    );
    assert!(
        html.contains("Stage of your business</dt><dd>Idea</dd>"),
        "{html}"
    );
    assert!(
        html.contains("<td>confirmation</td>"),
        "the email owed: {html}"
    );

    // A question removed later: its answer stays readable.
    let event = app.event(&slug).await;
    for q in event.questions {
        q.delete(&app.db.write).await.unwrap();
    }
    let html = page(&organizer, &app, &path).await;
    assert!(html.contains("Removed question #"), "{html}");
    assert!(html.contains("<dd>Idea</dd>"));
    assert_eq!(
        question::Entity::find().count(&app.db.read).await.unwrap(),
        0
    );

    assert_eq!(
        organizer
            .get(&app, "/admin/registrations/nobody")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_persons_page_shows_answers_and_emails_sqlite() {
    a_persons_page(Db::Sqlite).await;
}

#[tokio::test]
async fn a_persons_page_shows_answers_and_emails_postgres() {
    a_persons_page(Db::Postgres).await;
}

async fn cancel_promotes_the_waiting_list(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            ..EventSpec::default()
        })
        .await;
    let mut emails = Vec::new();
    for i in 0..4 {
        emails.push(app.register_person(&slug, i).await.0);
    }
    assert_eq!(app.count(&slug, RegistrationStatus::Waitlisted).await, 2);
    let cancelled = id_of(&app, &emails[0]).await;
    let first_waiting = id_of(&app, &emails[2]).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let path = format!("/admin/registrations/{cancelled}/cancel");

    let confirm = page(&organizer, &app, &path).await;
    assert!(confirm.contains("cannot be undone"));
    // Without the CSRF token nothing happens.
    let forged = organizer.post_raw(&app, &path, &[], &[]).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(app.count(&slug, RegistrationStatus::Waitlisted).await, 2);

    let done = organizer.post(&app, &path, &[]).await;
    assert_eq!(done.status(), 303);
    let status = |id: String| {
        let app = &app;
        async move {
            registration::Entity::find_by_id(id)
                .one(&app.db.read)
                .await
                .unwrap()
                .unwrap()
                .status
        }
    };
    assert_eq!(
        status(cancelled.clone()).await,
        RegistrationStatus::Cancelled
    );
    assert_eq!(
        status(first_waiting.clone()).await,
        RegistrationStatus::Confirmed
    );
    assert_eq!(app.count(&slug, RegistrationStatus::Waitlisted).await, 1);
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectId.eq(cancelled.as_str()))
        .filter(audit_entry::Column::Action.eq("cancel"))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("an audit entry for the cancellation");
    assert!(audit.actor.starts_with("organizer:"), "{}", audit.actor);
    assert!(
        audit.detail.contains("confirmed"),
        "the status before: {}",
        audit.detail
    );
    let html = page(
        &organizer,
        &app,
        &format!("/admin/registrations/{cancelled}"),
    )
    .await;
    assert!(html.contains("<td>cancellation</td>"), "{html}");
}

#[tokio::test]
async fn cancelling_promotes_the_first_waitlisted_sqlite() {
    cancel_promotes_the_waiting_list(Db::Sqlite).await;
}

#[tokio::test]
async fn cancelling_promotes_the_first_waitlisted_postgres() {
    cancel_promotes_the_waiting_list(Db::Postgres).await;
}

async fn resend_owes_a_new_email(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (email, _) = app.register_person(&slug, 3).await;
    let id = id_of(&app, &email).await;
    let owed = || {
        let app = &app;
        let id = id.clone();
        async move {
            outbox_message::Entity::find()
                .filter(outbox_message::Column::RegistrationId.eq(id))
                .count(&app.db.read)
                .await
                .unwrap()
        }
    };
    assert_eq!(owed().await, 1);
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let path = format!("/admin/registrations/{id}/resend");
    assert_eq!(
        organizer.post_raw(&app, &path, &[], &[]).await.status(),
        403
    );
    assert_eq!(owed().await, 1, "no token, no email");

    assert_eq!(organizer.post(&app, &path, &[]).await.status(), 303);
    assert_eq!(owed().await, 2);
    let newest = outbox_message::Entity::find()
        .filter(outbox_message::Column::RegistrationId.eq(id.as_str()))
        .all(&app.db.read)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(newest.kind.as_str(), "confirmation");
    assert_eq!(newest.recipient, email);
    assert!(
        audit_entry::Entity::find()
            .filter(audit_entry::Column::SubjectId.eq(id.as_str()))
            .filter(audit_entry::Column::Action.eq("resend"))
            .one(&app.db.read)
            .await
            .unwrap()
            .is_some()
    );
    // The sanity limit: three emails within minutes, then a clear no.
    assert_eq!(organizer.post(&app, &path, &[]).await.status(), 303);
    assert_eq!(organizer.post(&app, &path, &[]).await.status(), 409);
    assert_eq!(owed().await, 3);
}

#[tokio::test]
async fn resending_owes_a_new_email_sqlite() {
    resend_owes_a_new_email(Db::Sqlite).await;
}

#[tokio::test]
async fn resending_owes_a_new_email_postgres() {
    resend_owes_a_new_email(Db::Postgres).await;
}

/// The dashboard form for fixture person `i` of `slug`'s event.
async fn staff_form(app: &TestApp, slug: &str, i: usize) -> Vec<(String, String)> {
    app.form_for(slug, i)
        .await
        .into_iter()
        .filter(|(k, _)| k != "consent")
        .collect()
}

fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn manual_add(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    // One seat, no waiting list: staff cannot add a second person.
    let full = app
        .seed_event(EventSpec {
            capacity: Some(1),
            waitlist: false,
            ..EventSpec::default()
        })
        .await;
    app.register_person(&full, 0).await;
    let form = staff_form(&app, &full, 1).await;
    let refused = organizer
        .post(
            &app,
            &format!("/admin/events/{full}/attendees/new"),
            &pairs(&form),
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("full"));
    assert_eq!(app.count(&full, RegistrationStatus::Confirmed).await, 1);

    let slug = app.event_slug.clone();
    let path = format!("/admin/events/{slug}/attendees/new");
    let mut bad = staff_form(&app, &slug, 2).await;
    for pair in bad.iter_mut().filter(|(k, _)| k == "email") {
        pair.1 = "not an address".into();
    }
    let invalid = organizer.post(&app, &path, &pairs(&bad)).await;
    assert_eq!(invalid.status(), 422);
    let html = invalid.text().await.unwrap();
    assert!(
        html.contains("id=\"email-error\""),
        "the error beside the field"
    );
    assert!(
        html.contains("value=\"not an address\""),
        "what was typed is kept"
    );

    let form = staff_form(&app, &slug, 2).await;
    let added = organizer.post(&app, &path, &pairs(&form)).await;
    assert_eq!(added.status(), 303);
    let email = form.iter().find(|(k, _)| k == "email").unwrap().1.clone();
    let id = id_of(&app, &email).await;
    assert_eq!(
        added.headers()["location"].to_str().unwrap(),
        format!("/admin/registrations/{id}")
    );
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectId.eq(id.as_str()))
        .filter(audit_entry::Column::Action.eq("add"))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("an audit entry for the addition");
    assert!(audit.actor.starts_with("organizer:"));
    let again = organizer.post(&app, &path, &pairs(&form)).await;
    assert_eq!(again.status(), 409, "one live registration per address");
}

#[tokio::test]
async fn staff_add_people_within_capacity_sqlite() {
    manual_add(Db::Sqlite).await;
}

#[tokio::test]
async fn staff_add_people_within_capacity_postgres() {
    manual_add(Db::Postgres).await;
}

async fn edit_details(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.event_slug.clone();
    let (email, _) = app.register_person(&slug, 0).await;
    let (other, _) = app.register_person(&slug, 1).await;
    let id = id_of(&app, &email).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let path = format!("/admin/registrations/{id}/edit");
    let shown = page(&organizer, &app, &path).await;
    assert!(
        shown.contains("value=\"Tessitura Bianchi S.r.l.\""),
        "the form is filled"
    );

    let mut form = staff_form(&app, &slug, 0).await;
    let set = |form: &mut Vec<(String, String)>, field: &str, value: &str| {
        for pair in form.iter_mut().filter(|(k, _)| k == field) {
            pair.1 = value.into();
        }
    };
    set(&mut form, "email", &other.to_uppercase());
    let taken = organizer.post(&app, &path, &pairs(&form)).await;
    assert_eq!(taken.status(), 409, "another live registration has it");

    set(&mut form, "email", "Giulia.New@Example.IT");
    set(&mut form, "organization", "Bianchi Textiles");
    let saved = organizer.post(&app, &path, &pairs(&form)).await;
    assert_eq!(saved.status(), 303);
    let row = registration::Entity::find_by_id(id.clone())
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.organization, "Bianchi Textiles");
    assert_eq!(row.email_normalized, "giulia.new@example.it");
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectId.eq(id.as_str()))
        .filter(audit_entry::Column::Action.eq("edit"))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("an audit entry for the change");
    assert!(audit.detail.contains("Tessitura Bianchi S.r.l."), "before");
    assert!(audit.detail.contains("Bianchi Textiles"), "after");
}

#[tokio::test]
async fn staff_edit_details_sqlite() {
    edit_details(Db::Sqlite).await;
}

#[tokio::test]
async fn staff_edit_details_postgres() {
    edit_details(Db::Postgres).await;
}

async fn promote_one(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(1),
            ..EventSpec::default()
        })
        .await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let (email, _) = app.register_person(&slug, i).await;
        ids.push(id_of(&app, &email).await);
    }
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let promote = |i: usize| format!("/admin/registrations/{}/promote", ids[i]);
    let full = organizer.post(&app, &promote(2), &[]).await;
    assert_eq!(full.status(), 409);
    assert!(full.text().await.unwrap().contains("no free seat"));
    assert_eq!(app.count(&slug, RegistrationStatus::Waitlisted).await, 2);

    // One more seat: staff pick the second in line.
    let event = app.event(&slug).await.event;
    let mut more: tessera::store::entities::event::ActiveModel = event.into();
    more.capacity = sea_orm::Set(Some(2));
    sea_orm::ActiveModelTrait::update(more, &app.db.write)
        .await
        .unwrap();
    assert_eq!(organizer.post(&app, &promote(2), &[]).await.status(), 303);
    let status = |id: &str| {
        let app = &app;
        let id = id.to_owned();
        async move {
            registration::Entity::find_by_id(id)
                .one(&app.db.read)
                .await
                .unwrap()
                .unwrap()
                .status
        }
    };
    assert_eq!(status(&ids[2]).await, RegistrationStatus::Confirmed);
    assert_eq!(status(&ids[1]).await, RegistrationStatus::Waitlisted);
    assert_eq!(
        organizer.post(&app, &promote(1), &[]).await.status(),
        409,
        "full again"
    );
    assert_eq!(
        organizer.post(&app, &promote(0), &[]).await.status(),
        409,
        "not waiting"
    );
    let promoted_email = outbox_message::Entity::find()
        .filter(outbox_message::Column::RegistrationId.eq(ids[2].as_str()))
        .all(&app.db.read)
        .await
        .unwrap();
    assert!(promoted_email.iter().any(|m| m.kind.as_str() == "promoted"));
}

#[tokio::test]
async fn staff_promote_one_named_person_sqlite() {
    promote_one(Db::Sqlite).await;
}

#[tokio::test]
async fn staff_promote_one_named_person_postgres() {
    promote_one(Db::Postgres).await;
}
