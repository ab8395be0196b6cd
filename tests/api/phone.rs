//! On a phone (issue 14): the event page fits a 390 px screen without
//! sideways scrolling — the agenda's Seats column included — in the
//! languages with the longest words, and the footer's links are on screen.
//! Measured in headless Chromium at a 390 px wide window.

use serde_json::Value;

use crate::browser::{Browser, open};
use crate::helpers::{Db, EventSpec, TestApp};

/// Widths the page needs, as the browser lays it out.
const MEASURE: &str = r#"
    const wraps = Array.from(document.querySelectorAll('.table-wrap'));
    const seats = document.querySelector('#agenda ~ .table-wrap tbody tr td:last-child');
    const footer = Array.from(document.querySelectorAll('footer a'));
    return {
        screen: window.screen.width,
        viewport: window.innerWidth,
        page: document.documentElement.scrollWidth,
        inner: Math.max(0, ...wraps.map(w => w.scrollWidth - w.clientWidth)),
        seats_right: seats ? seats.getBoundingClientRect().right : -1,
        seats_text: seats ? seats.innerText : '',
        footer_right: Math.max(0, ...footer.map(a => a.getBoundingClientRect().right)),
        footer_links: footer.length,
    };
"#;

#[tokio::test]
async fn the_event_page_fits_a_390_px_phone() {
    let Some(browser) = Browser::start_phone(390).await else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let slug = app
        .seed_event(EventSpec {
            online_url: Some("https://meet.example.org/women-2027-entrepreneurship-days".into()),
            ..EventSpec::default()
        })
        .await;
    let address = app.address.clone();
    browser
        .run(|b| async move {
            for lang in ["en", "hu", "lt", "nl"] {
                open(&b, &format!("{address}/events/{slug}?lang={lang}")).await;
                let measured: Value = b.execute(MEASURE, vec![]).await.expect("measured");
                let number = |key: &str| measured[key].as_f64().unwrap_or(f64::MAX);
                assert_eq!(number("screen"), 390.0, "{lang}: {measured}");
                assert!(
                    number("page") <= 390.0,
                    "{lang}: the page scrolls sideways: {measured}"
                );
                assert_eq!(
                    number("inner"),
                    0.0,
                    "{lang}: the agenda scrolls sideways: {measured}"
                );
                assert!(
                    (0.0..=390.0).contains(&number("seats_right")),
                    "{lang}: the Seats column is off-screen: {measured}"
                );
                assert!(
                    measured["seats_text"]
                        .as_str()
                        .is_some_and(|t| !t.trim().is_empty()),
                    "{lang}: {measured}"
                );
                assert_eq!(number("footer_links"), 2.0, "{lang}: {measured}");
                assert!(number("footer_right") <= 390.0, "{lang}: {measured}");
                // Nothing widened the layout beyond the screen either.
                assert_eq!(number("viewport"), 390.0, "{lang}: {measured}");
            }
        })
        .await;
}
