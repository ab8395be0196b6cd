//! Public pages rendered once and kept (src/web/cached.rs): compressed
//! bodies that decode to the same page, ETags and 304s, the answer changing
//! on the very next request after a registration or an edit, one render per
//! language, the hashed stylesheet, and what is never kept.

use std::io::Read;

use reqwest::header::{
    ACCEPT_ENCODING, ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, COOKIE, ETAG,
    IF_NONE_MATCH, VARY,
};
use tessera::services::event_changes::EventChange;
use tessera::store::audit::Actor;

use crate::helpers::{Db, EventSpec, TestApp, token_of};

async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("GET")
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("a gzip body");
    out
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut out = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut out)
        .expect("a brotli body");
    out
}

/// The page as plain HTML, then as brotli and gzip (with q-values picking
/// each), both decoded by independent decoders to the same HTML.
async fn same_in_every_coding(app: &TestApp, path: &str, vary: &str) -> String {
    let plain = fetch(app, path, &[]).await;
    assert_eq!(plain.status(), 200, "{path}");
    assert_eq!(header(&plain, CONTENT_ENCODING), "", "{path}: identity");
    assert_eq!(header(&plain, VARY), vary, "{path}");
    let plain = plain.text().await.unwrap();

    for (accept, coding) in [
        ("gzip, deflate, br", "br"),
        ("br;q=0.2, gzip;q=0.8", "gzip"),
        ("gzip", "gzip"),
        ("*", "br"),
    ] {
        let response = fetch(app, path, &[(ACCEPT_ENCODING.as_str(), accept)]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            header(&response, CONTENT_ENCODING),
            coding,
            "{path}: {accept}"
        );
        assert_eq!(header(&response, VARY), vary, "{path}");
        let bytes = response.bytes().await.unwrap();
        assert!(
            bytes.len() < plain.len(),
            "{path}: {coding} is {} bytes for {}",
            bytes.len(),
            plain.len()
        );
        let decoded = if coding == "br" {
            unbrotli(&bytes)
        } else {
            gunzip(&bytes)
        };
        assert_eq!(decoded, plain, "{path}: {coding} decodes to the same body");
    }
    let refused = fetch(app, path, &[(ACCEPT_ENCODING.as_str(), "br;q=0, gzip;q=0")]).await;
    assert_eq!(header(&refused, CONTENT_ENCODING), "");
    assert_eq!(refused.text().await.unwrap(), plain);
    plain
}

#[tokio::test]
async fn pages_calendars_and_assets_are_compressed_as_the_client_asks() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let page_vary = "Accept-Encoding, Accept-Language, Cookie";
    let event = same_in_every_coding(&app, &format!("/events/{}", app.event_slug), page_vary).await;
    assert!(event.contains("50 seats left"));
    let home = same_in_every_coding(&app, "/", page_vary).await;
    assert!(home.contains(&format!("/events/{}", app.event_slug)));
    let calendar = same_in_every_coding(
        &app,
        &format!("/events/{}/calendar.ics", app.event_slug),
        "Accept-Encoding",
    )
    .await;
    assert!(calendar.starts_with("BEGIN:VCALENDAR"));
    let css = same_in_every_coding(&app, "/assets/site.css", "Accept-Encoding").await;
    assert!(css.contains("font"));
}

#[tokio::test]
async fn an_etag_the_client_holds_gets_304_without_a_body() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    for path in [
        format!("/events/{}", app.event_slug),
        "/".to_owned(),
        format!("/events/{}/calendar.ics", app.event_slug),
        "/assets/site.css".to_owned(),
        "/assets/check-in.js".to_owned(),
    ] {
        let first = fetch(&app, &path, &[]).await;
        let etag = header(&first, ETAG);
        assert!(etag.starts_with('"') && etag.len() > 10, "{path}: {etag}");
        let brotli = fetch(&app, &path, &[(ACCEPT_ENCODING.as_str(), "br")]).await;
        let brotli_etag = header(&brotli, ETAG);
        assert_ne!(brotli_etag, etag, "{path}: each coding has its own tag");

        let again = fetch(&app, &path, &[(IF_NONE_MATCH.as_str(), &etag)]).await;
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(&again, ETAG), etag);
        assert!(!header(&again, VARY).is_empty());
        assert!(again.bytes().await.unwrap().is_empty(), "{path}: no body");
        // The tag of another coding of the same content counts too.
        let cross = fetch(
            &app,
            &path,
            &[
                (IF_NONE_MATCH.as_str(), &format!("\"other\", {brotli_etag}")),
                (ACCEPT_ENCODING.as_str(), "gzip"),
            ],
        )
        .await;
        assert_eq!(cross.status(), 304, "{path}");

        let other = fetch(
            &app,
            &path,
            &[(IF_NONE_MATCH.as_str(), "\"something-else\"")],
        )
        .await;
        assert_eq!(other.status(), 200, "{path}");
        assert!(!other.bytes().await.unwrap().is_empty());
    }
}

async fn a_registration_shows_on_the_next_request(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            capacity: Some(2),
            waitlist: false,
            session_capacity: Some(20),
            ..EventSpec::default()
        })
        .await;
    let path = format!("/events/{slug}");
    let before = fetch(&app, &path, &[(ACCEPT_ENCODING.as_str(), "br")]).await;
    let etag = header(&before, ETAG);
    let html = unbrotli(&before.bytes().await.unwrap());
    assert!(html.contains("2 seats left") && html.contains("20 seats left"));

    // Person 3 takes the first session (of 20 seats), too.
    let record = app.event(&slug).await;
    let mut form = app.form_for(&slug, 3).await;
    form.push(("session".into(), record.sessions[0].id.to_string()));
    let registered = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(registered.status(), 303);
    let after = fetch(
        &app,
        &path,
        &[
            (ACCEPT_ENCODING.as_str(), "br"),
            (IF_NONE_MATCH.as_str(), &etag),
        ],
    )
    .await;
    assert_eq!(after.status(), 200, "the held page is no longer current");
    let next_etag = header(&after, ETAG);
    assert_ne!(next_etag, etag);
    let html = unbrotli(&after.bytes().await.unwrap());
    assert!(html.contains("1 seat left"), "the event's seats");
    assert!(html.contains("19 seats left"), "the session's seats");
    let plain = fetch(&app, &path, &[]).await.text().await.unwrap();
    assert_eq!(plain, html, "every coding shows the same figures");

    // The last seat goes: the form gives way to "full", not just a figure.
    app.register_person(&slug, 4).await;
    let full = fetch(&app, &path, &[]).await.text().await.unwrap();
    assert!(full.contains("Full"), "the badge says full");
    assert!(
        !full.contains("name=\"first_name\""),
        "no registration form without a seat"
    );
}

#[tokio::test]
async fn a_registration_shows_on_the_next_request_sqlite() {
    a_registration_shows_on_the_next_request(Db::Sqlite).await;
}

#[tokio::test]
async fn a_registration_shows_on_the_next_request_postgres() {
    a_registration_shows_on_the_next_request(Db::Postgres).await;
}

async fn an_edit_shows_on_the_next_request(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app.seed_event(EventSpec::default()).await;
    let path = format!("/events/{slug}");
    let before = fetch(&app, &path, &[]).await;
    let etag = header(&before, ETAG);
    let home_before = fetch(&app, "/", &[]).await.text().await.unwrap();
    let calendar_before = fetch(&app, &format!("{path}/calendar.ics"), &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(before.text().await.unwrap().contains("50 seats left"));

    let change = EventChange {
        title: Some("Café <b>&</b> Ελλάδα".into()),
        capacity: Some(Some(70)),
        ..EventChange::default()
    };
    app.services
        .update_event(&slug, change, Actor::Organizer("test".into()))
        .await
        .unwrap();

    let after = fetch(&app, &path, &[(IF_NONE_MATCH.as_str(), &etag)]).await;
    assert_eq!(after.status(), 200);
    let html = after.text().await.unwrap();
    assert!(
        html.contains("Café &lt;b&gt;&amp;&lt;/b&gt; Ελλάδα"),
        "the new title, escaped"
    );
    assert!(!html.contains("<b>&</b>"));
    assert!(html.contains("70 seats left"), "the new capacity");
    let home = fetch(&app, "/", &[]).await.text().await.unwrap();
    assert_ne!(home, home_before);
    assert!(home.contains("Café &lt;b&gt;&amp;&lt;/b&gt; Ελλάδα"));
    let calendar = fetch(&app, &format!("{path}/calendar.ics"), &[])
        .await
        .text()
        .await
        .unwrap();
    assert_ne!(calendar, calendar_before);
    assert!(calendar.contains("Café <b>&</b> Ελλάδα"));
}

#[tokio::test]
async fn an_edit_shows_on_the_next_request_sqlite() {
    an_edit_shows_on_the_next_request(Db::Sqlite).await;
}

#[tokio::test]
async fn an_edit_shows_on_the_next_request_postgres() {
    an_edit_shows_on_the_next_request(Db::Postgres).await;
}

#[tokio::test]
async fn each_language_gets_its_own_page() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let path = format!("/events/{}", app.event_slug);
    let english = fetch(&app, &path, &[(ACCEPT_LANGUAGE.as_str(), "en")]).await;
    let english_tag = header(&english, ETAG);
    let english = english.text().await.unwrap();
    let italian = fetch(&app, &path, &[(ACCEPT_LANGUAGE.as_str(), "it-IT,it;q=0.9")]).await;
    let italian_tag = header(&italian, ETAG);
    let italian = italian.text().await.unwrap();
    let hungarian = fetch(&app, &path, &[(COOKIE.as_str(), "lang=hu")]).await;
    let hungarian_tag = header(&hungarian, ETAG);
    let hungarian = hungarian.text().await.unwrap();
    assert!(english.contains("<html lang=\"en\"") && english.contains("50 seats left"));
    assert!(italian.contains("<html lang=\"it\"") && italian.contains("posti disponibili"));
    assert!(hungarian.contains("<html lang=\"hu\""));
    assert_ne!(english_tag, italian_tag);
    assert_ne!(italian_tag, hungarian_tag);
    // Held English does not answer a visitor now asking in Italian.
    let switched = fetch(
        &app,
        &format!("{path}?lang=it"),
        &[(IF_NONE_MATCH.as_str(), &english_tag)],
    )
    .await;
    assert_eq!(switched.status(), 200);
    assert_eq!(switched.text().await.unwrap(), italian);
    // The kept Italian page does not leak into English afterwards.
    let again = fetch(&app, &path, &[]).await.text().await.unwrap();
    assert_eq!(again, english);
    let home_it = fetch(&app, "/?lang=it", &[]).await.text().await.unwrap();
    let home_en = fetch(&app, "/?lang=en", &[]).await.text().await.unwrap();
    assert!(home_it.contains("<html lang=\"it\"") && home_en.contains("<html lang=\"en\""));
}

#[tokio::test]
async fn the_stylesheet_has_a_hashed_address_kept_for_a_year() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let html = fetch(&app, &format!("/events/{}", app.event_slug), &[])
        .await
        .text()
        .await
        .unwrap();
    let href = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page links its stylesheet")
        .to_owned();
    assert!(
        href.starts_with("/assets/site.") && href.ends_with(".css") && href.len() > 25,
        "{href}"
    );
    let hashed = fetch(&app, &href, &[]).await;
    assert_eq!(hashed.status(), 200);
    assert_eq!(
        header(&hashed, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&hashed, CONTENT_TYPE), "text/css; charset=utf-8");
    let hashed = hashed.text().await.unwrap();
    let plain = fetch(&app, "/assets/site.css", &[]).await;
    assert!(!header(&plain, CACHE_CONTROL).contains("immutable"));
    assert_eq!(plain.text().await.unwrap(), hashed, "the same stylesheet");
    let stale = fetch(&app, "/assets/site.0123456789ab.css", &[]).await;
    assert_eq!(stale.status(), 404, "an unknown hash is not served");
}

#[tokio::test]
async fn a_form_with_errors_and_a_persons_page_are_never_kept() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let slug = app.event_slug.clone();
    let mut form = app.form_for(&slug, 5).await;
    for (name, value) in form.iter_mut() {
        match name.as_str() {
            "first_name" => *value = "Ζωή-unique-marker".into(),
            "email" => *value = "not an address".into(),
            _ => {}
        }
    }
    let refused = app
        .post_form(&format!("/events/{slug}/register"), &form)
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(header(&refused, ETAG), "", "a re-render is not a kept page");
    assert!(refused.text().await.unwrap().contains("Ζωή-unique-marker"));
    let page = fetch(&app, &format!("/events/{slug}"), &[]).await;
    assert!(!page.text().await.unwrap().contains("Ζωή-unique-marker"));

    let registered = app
        .post_form(
            &format!("/events/{slug}/register"),
            &app.form_for(&slug, 6).await,
        )
        .await;
    let token = token_of(&registered);
    let personal = fetch(
        &app,
        &format!("/r/{token}"),
        &[(ACCEPT_ENCODING.as_str(), "br, gzip")],
    )
    .await;
    assert_eq!(personal.status(), 200);
    assert!(header(&personal, CACHE_CONTROL).contains("no-store"));
    assert_eq!(header(&personal, ETAG), "");
    // Compressed for this answer only, and the same page decoded.
    assert_eq!(header(&personal, CONTENT_ENCODING), "br");
    assert!(header(&personal, VARY).contains("Accept-Encoding"));
    let decoded = unbrotli(&personal.bytes().await.unwrap());
    let plain = fetch(&app, &format!("/r/{token}"), &[]).await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(plain.text().await.unwrap(), decoded);
    assert!(decoded.contains(&token), "the person's own page");

    let invite = fetch(
        &app,
        &format!("/r/{token}/invite.ics"),
        &[(ACCEPT_ENCODING.as_str(), "gzip")],
    )
    .await;
    assert_eq!(invite.status(), 200);
    assert_eq!(header(&invite, CONTENT_ENCODING), "gzip");
    assert!(header(&invite, CACHE_CONTROL).contains("no-store"));
    let invite = gunzip(&invite.bytes().await.unwrap());
    assert!(invite.starts_with("BEGIN:VCALENDAR") && invite.contains("METHOD:REQUEST"));
}
