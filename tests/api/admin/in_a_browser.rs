//! The dashboard in a real headless browser (Debian's chromium through
//! chromedriver): a staff member logs in, creates an event with a session
//! and a required question, publishes it, watches a registration made on
//! the public page arrive live, exports the list, and cancels an attendee
//! so that the first on the waiting list moves up.

use std::time::Duration;

use fantoccini::Client;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::{RegistrationStatus, Role};
use tessera::store::entities::registration;

use super::{PASSWORD, SESSION_COOKIE, staff_account};
use crate::browser::{Browser, click, find, open, text, type_into, wait_for_url};
use crate::helpers::{Db, TestApp};

/// Waits until the page shows `wanted`, without reloading it.
async fn wait_for_text(client: &Client, wanted: &str) -> String {
    for _ in 0..200 {
        let shown = text(client).await;
        if shown.contains(wanted) {
            return shown;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never showed {wanted:?}: {}", text(client).await);
}

/// Replaces what a field holds (the form may offer a default) with `text`.
async fn fill(client: &Client, css: &str, text: &str) {
    let field = find(client, css).await;
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clearing {css}: {e}"));
    type_into(client, css, text).await;
}

/// Ticks a checkbox, whatever the form offered.
async fn tick(client: &Client, css: &str) {
    if !find(client, css).await.is_selected().await.unwrap() {
        click(client, css).await;
    }
}

/// Sets a `datetime-local` field as its picker would.
async fn set_datetime(client: &Client, id: &str, value: &str) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![id.into(), value.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("setting #{id}: {e}"));
}

/// Registers one person on the public page open in the current window.
async fn register(client: &Client, page: &str, first: &str, last: &str, email: &str) {
    open(client, page).await;
    let shown = text(client).await;
    assert!(
        client
            .find(fantoccini::Locator::Css("#first_name"))
            .await
            .is_ok(),
        "a form for {first}: {shown}"
    );
    type_into(client, "#first_name", first).await;
    type_into(client, "#last_name", last).await;
    type_into(client, "#email", email).await;
    type_into(client, "#organization", "Fundación Ñandú").await;
    click(client, "#country option[value=ES]").await;
    type_into(client, "input[name^=q_]", "Agritech").await;
    click(client, "input[name=session]").await;
    click(client, "input[name=consent]").await;
    click(client, "form[action*=register] button[type=submit]").await;
    wait_for_url(client, "/r/").await;
}

#[tokio::test]
async fn a_staff_member_runs_an_event_from_the_dashboard_in_a_real_browser() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let (email, _) = staff_account(&app, Role::Organizer).await;
    let address = app.address.clone();
    let http = app.client.clone();
    let slug = "dobrodosli-2027";
    let db_check = &app;
    browser
        .run(|b| async move {
            // Log in.
            open(&b, &format!("{address}/admin")).await;
            wait_for_url(&b, "/admin/login").await;
            type_into(&b, "#email", &email).await;
            type_into(&b, "#password", PASSWORD).await;
            click(&b, "form[action='/admin/login'] button[type=submit]").await;
            wait_for_text(&b, "New event").await;

            // Create the event: one seat, a waiting list.
            click(&b, "a[href='/admin/events/new']").await;
            wait_for_url(&b, "/admin/events/new").await;
            fill(&b, "#title", "Dobrodošli 2027: exporting to the Baltics").await;
            fill(&b, "#slug", slug).await;
            fill(&b, "#summary", "A morning for exporters.").await;
            fill(&b, "#description", "Meet **buyers** from Vilnius.").await;
            click(&b, "#timezone option[value='Europe/Brussels']").await;
            set_datetime(&b, "starts_at", "2027-03-08T09:00").await;
            set_datetime(&b, "ends_at", "2027-03-08T13:00").await;
            fill(&b, "#venue_name", "Maison de l'Europe").await;
            fill(&b, "#venue_address", "Rue Belliard 20, 1040 Bruxelles").await;
            fill(&b, "#capacity", "1").await;
            tick(&b, "#waitlist_enabled").await;
            fill(&b, "#contact_email", "events@office.example.eu").await;
            fill(&b, "#organizer_name", "Chamber of Commerce").await;
            click(&b, "form.event-form > button[type=submit]").await;
            wait_for_url(&b, &format!("/admin/events/{slug}/edit")).await;

            // A session and a required question, on the event's edit page.
            fill(&b, "#session_title", "Meeting the buyers").await;
            set_datetime(&b, "session_starts_at", "2027-03-08T10:00").await;
            set_datetime(&b, "session_ends_at", "2027-03-08T12:00").await;
            click(&b, "form[action$='/sessions'] button[type=submit]").await;
            wait_for_text(&b, "Meeting the buyers").await;
            fill(&b, "#question_label", "Your sector").await;
            click(&b, "#question_kind option[value=text]").await;
            tick(&b, "#question_required").await;
            click(&b, "form[action$='/questions'] button[type=submit]").await;
            wait_for_text(&b, "Your sector").await;

            // Publish from the event's page.
            open(&b, &format!("{address}/admin/events/{slug}")).await;
            click(&b, "form[action$='/publish'] button").await;
            wait_for_text(&b, "Take back to draft").await;
            let shown = text(&b).await;
            assert!(shown.contains("0 / 1"), "no one yet: {shown}");
            let dashboard = b.window().await.expect("this window");

            // Register on the public page in a second window, while the
            // dashboard page stays open in the first.
            let public = b.new_window(true).await.expect("a new window").handle;
            b.switch_to_window(public.clone()).await.unwrap();
            let page = format!("{address}/events/{slug}");
            register(&b, &page, "Kinga", "Wiśniewska", "kinga.w@example.pl").await;
            let own = text(&b).await;
            assert!(own.contains("Confirmed"), "{own}");

            b.switch_to_window(dashboard.clone()).await.unwrap();
            let live = wait_for_text(&b, "1 / 1").await;
            assert!(live.contains("Live — updated"), "updated live: {live}");

            b.switch_to_window(public).await.unwrap();
            register(&b, &page, "Ελένη", "Παπαδοπούλου", "eleni.p@example.gr").await;
            let own = text(&b).await;
            assert!(own.contains("waiting list"), "{own}");
            b.switch_to_window(dashboard).await.unwrap();
            // The waiting list's count: the dd after its label.
            for _ in 0..200 {
                let waiting = find(&b, "[data-count=waitlisted] + dd").await;
                if waiting.text().await.unwrap() == "1" {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let waiting = find(&b, "[data-count=waitlisted] + dd").await;
            assert_eq!(waiting.text().await.unwrap(), "1", "the waiting list, live");

            // Export: the link on the attendee table, fetched with the
            // browser's own session.
            click(&b, &format!("a[href='/admin/events/{slug}/attendees']")).await;
            wait_for_url(&b, "/attendees").await;
            let export = find(&b, "a[href*='export.csv']").await;
            let href = export.attr("href").await.unwrap().expect("a link");
            let session = b
                .get_named_cookie(SESSION_COOKIE)
                .await
                .expect("the session cookie");
            let csv = http
                .get(format!("{address}{href}"))
                .header("cookie", format!("{SESSION_COOKIE}={}", session.value()))
                .send()
                .await
                .unwrap();
            assert_eq!(csv.status(), 200);
            let body = csv.text().await.unwrap();
            let mut reader =
                csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
            let rows: Vec<String> = reader
                .records()
                .map(|r| r.unwrap().iter().collect::<Vec<_>>().join("|"))
                .collect();
            assert_eq!(rows.len(), 2, "{rows:?}");
            assert!(
                rows.iter()
                    .any(|r| r.contains("Wiśniewska") && r.contains("Agritech"))
            );
            assert!(rows.iter().any(|r| r.contains("Παπαδοπούλου")));

            // Cancel the confirmed attendee: the first on the waiting list
            // moves up.
            click(&b, "a[href^='/admin/registrations/']").await;
            wait_for_url(&b, "/admin/registrations/").await;
            let person = text(&b).await;
            let first_listed_is_kinga = person.contains("Wiśniewska");
            if !first_listed_is_kinga {
                b.back().await.unwrap();
                let links = b
                    .find_all(fantoccini::Locator::Css("a[href^='/admin/registrations/']"))
                    .await
                    .unwrap();
                for link in links {
                    if link.text().await.unwrap().contains("Wiśniewska") {
                        link.click().await.unwrap();
                        break;
                    }
                }
                wait_for_text(&b, "kinga.w@example.pl").await;
            }
            click(&b, "a[href$='/cancel']").await;
            wait_for_text(&b, "Cancel the registration of").await;
            click(&b, "form[action$='/cancel'] button[type=submit]").await;
            wait_for_text(&b, "Kinga Wiśniewska cancelled").await;

            open(&b, &format!("{address}/admin/events/{slug}/attendees")).await;
            let table = text(&b).await;
            let eleni = table
                .lines()
                .find(|l| l.contains("Παπαδοπούλου"))
                .unwrap_or_else(|| panic!("Eleni listed: {table}"));
            assert!(
                eleni.to_lowercase().contains("confirmed"),
                "promoted: {eleni}"
            );
        })
        .await;

    // What the pages said is what is stored.
    let event = db_check.event(slug).await;
    let statuses: Vec<_> = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.event.id))
        .all(&db_check.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.last_name, r.status))
        .collect();
    assert!(statuses.contains(&("Wiśniewska".to_owned(), RegistrationStatus::Cancelled)));
    assert!(statuses.contains(&("Παπαδοπούλου".to_owned(), RegistrationStatus::Confirmed)));
}
