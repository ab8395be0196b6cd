//! Safe by default (issue 14): every route the router has — the public
//! table `web::public::ROUTES` and the dashboard's `web::admin::ROUTES` —
//! answers with a Content-Security-Policy that allows no inline script and
//! no framing, `nosniff` and a Referrer-Policy; an attendee's pages (`/r/…`,
//! `/v/…`) with `no-referrer`, `no-store` and `noindex`. The HTML pages
//! among the answers hold no inline script.

use reqwest::Response;
use tessera::domain::Role;
use tessera::web::admin::{self, Verb};
use tessera::web::public;

use crate::admin::{Browser, logged_in};
use crate::helpers::{Db, TestApp};

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Checks the headers of one answer; returns its body when it is a page.
async fn check_answer(what: &str, path: &str, response: Response) -> Option<String> {
    let csp = header(&response, "content-security-policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    assert!(
        directives.contains(&"frame-ancestors 'none'"),
        "{what}: CSP {csp:?}"
    );
    assert!(
        directives.contains(&"script-src 'self'"),
        "{what}: CSP {csp:?}"
    );
    assert!(!csp.contains("unsafe-inline"), "{what}: CSP {csp:?}");
    assert_eq!(
        header(&response, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    let attendee = path.starts_with("/r/") || path.starts_with("/v/");
    if attendee {
        assert_eq!(
            header(&response, "referrer-policy"),
            "no-referrer",
            "{what}"
        );
        assert_eq!(header(&response, "cache-control"), "no-store", "{what}");
        assert_eq!(header(&response, "x-robots-tag"), "noindex", "{what}");
    } else {
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin",
            "{what}"
        );
    }
    let html = header(&response, "content-type").starts_with("text/html");
    if !html {
        return None;
    }
    let body = response.text().await.unwrap();
    for tag in body.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap_or_default();
        // A JSON-LD block is data, which browsers never run.
        assert!(
            open.contains("src=") || open == " type=\"application/ld+json\"",
            "{what}: an inline script <script{open}>"
        );
    }
    if attendee && body.contains("<html") {
        assert!(
            body.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{what}: no robots meta"
        );
    }
    Some(body)
}

async fn check(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (_, token) = app.register_person(&app.event_slug, 3).await;
    let (_, other) = app.register_person(&app.event_slug, 4).await;
    let fill = |path: &str, token: &str| {
        path.replace("{slug}", &app.event_slug)
            .replace("{token}", token)
            .replace("{secret}", "not-a-signed-secret")
            .replace("{name}", "site.css")
    };

    // The public routes: GETs first, then POSTs (which cancel `other`).
    let mut pages = 0;
    for verb in [Verb::Get, Verb::Post] {
        for (route_verb, route) in public::ROUTES.iter().filter(|(v, _)| *v == verb) {
            let token = if verb == Verb::Post { &other } else { &token };
            let path = fill(route, token);
            let response = match route_verb {
                Verb::Get => app.get(&path).await,
                Verb::Post => app.post_form(&path, &[]).await,
            };
            let what = format!("{route_verb:?} {path} ({})", response.status());
            assert!(response.status().as_u16() < 500, "{what}");
            pages += usize::from(check_answer(&what, &path, response).await.is_some());
        }
    }
    assert!(pages >= 8, "{pages} pages");
    // Unknown addresses, and an unknown attendee.
    for path in ["/no-such-page", "/r/unknown-token", "/events/no-such-event"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404);
        check_answer(path, path, response).await;
    }

    // The dashboard's routes: as nobody (login redirects, 403s) and as an
    // organizer (its pages), GETs before POSTs (one of which logs out).
    let (organizer, own_id) = logged_in(&app, Role::Organizer).await;
    let nobody = Browser::default();
    for browser in [&nobody, &organizer] {
        for verb in [Verb::Get, Verb::Post] {
            for route in admin::ROUTES.iter().filter(|r| r.verb == verb) {
                let path = fill(route.path, &token).replace("{id}", &own_id.to_string());
                let response = match verb {
                    Verb::Get => browser.get(&app, &path).await,
                    Verb::Post => browser.post(&app, &path, &[]).await,
                };
                let what = format!("{verb:?} {path} ({})", response.status());
                // Only pages are read: the live counts stream never ends.
                check_answer(&what, &path, response).await;
            }
        }
    }
}

#[tokio::test]
async fn every_route_answers_with_the_safe_headers_sqlite() {
    check(Db::Sqlite).await;
}

#[tokio::test]
async fn every_route_answers_with_the_safe_headers_postgres() {
    check(Db::Postgres).await;
}
