//! WCAG 2.1 AA, checked by axe-core (issue 14): Deque's rules engine is
//! injected into each page in headless Chromium and run there; any
//! `serious` or `critical` violation fails the test, listed with the
//! elements it found. Public pages in English and Lithuanian, the form
//! with errors included; then the dashboard's pages.
//!
//! axe-core comes from npm: `.ci/run` installs it under `target/axe`
//! (`npm install --prefix target/axe axe-core@4`); `TESSERA_AXE_JS` names
//! another `axe.min.js`.
//!
//! The error summary of a rejected form is also checked here on a phone's
//! screen: the answer opens with the summary in view, with no script.

use fantoccini::Client;
use serde_json::Value;
use tessera::domain::Role;

use crate::admin::{PASSWORD, staff_account};
use crate::browser::{Browser, click, find, open, text, type_into, wait_for_url};
use crate::helpers::{Db, TestApp, skip};

/// The axe-core script, or None (through `skip`) when it is not installed.
fn axe_source() -> Option<String> {
    let path = std::env::var("TESSERA_AXE_JS").unwrap_or_else(|_| {
        format!(
            "{}/target/axe/node_modules/axe-core/axe.min.js",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            skip(&format!(
                "axe-core is not installed at {path} (npm install --prefix target/axe axe-core@4)"
            ));
            None
        }
    }
}

/// Runs axe over the page open in `client`; its serious and critical
/// violations, one line per element, named after `page`.
async fn audit(client: &Client, axe: &str, page: &str) -> Vec<String> {
    client
        .execute(axe, vec![])
        .await
        .unwrap_or_else(|e| panic!("{page}: injecting axe: {e}"));
    let result = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
                .then(r => done({ violations: r.violations, url: location.href }))
                .catch(e => done({ error: String(e) }));
            "#,
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{page}: running axe: {e}"));
    if let Some(error) = result.get("error") {
        panic!("{page}: axe failed: {error}");
    }
    let mut found = Vec::new();
    for violation in result["violations"].as_array().expect("violations") {
        let impact = violation["impact"].as_str().unwrap_or("");
        if impact != "serious" && impact != "critical" {
            continue;
        }
        for node in violation["nodes"].as_array().into_iter().flatten() {
            found.push(format!(
                "{page} ({}): {impact} {}: {} at {} — {}",
                result["url"].as_str().unwrap_or(""),
                violation["id"].as_str().unwrap_or(""),
                violation["help"].as_str().unwrap_or(""),
                node["target"],
                node["failureSummary"]
                    .as_str()
                    .unwrap_or("")
                    .replace('\n', " "),
            ));
        }
    }
    found
}

/// Where the error summary is on screen, and what has focus.
const SUMMARY_IN_VIEW: &str = r#"
    const summary = document.getElementById('error-summary');
    if (!summary) return null;
    const box = summary.getBoundingClientRect();
    return {
        top: box.top,
        bottom: box.bottom,
        height: window.innerHeight,
        hash: location.hash,
        links: Array.from(summary.querySelectorAll('a')).map(a => a.getAttribute('href')),
    };
"#;

/// For each link of the error summary: "ok" when its field exists, says
/// it is invalid and names an error message among what describes it.
const TIED: &str = r#"
    return Array.from(document.querySelectorAll('#error-summary a')).map(a => {
        const href = a.getAttribute('href');
        const field = document.getElementById(href.slice(1));
        if (!field) return href + ': no such field';
        const group = field.closest('fieldset');
        const invalid = field.getAttribute('aria-invalid') === 'true' || (group && group.getAttribute('aria-describedby'));
        if (!invalid) return href + ': not marked invalid';
        const ids = ((field.getAttribute('aria-describedby') || '') + ' ' + ((group && group.getAttribute('aria-describedby')) || ''))
            .split(' ').filter(Boolean);
        const message = ids.map(id => document.getElementById(id)).find(e => e && e.classList.contains('error-text'));
        return message && message.textContent.trim() ? 'ok' : href + ': no error message tied to it';
    });
"#;

#[tokio::test]
async fn after_a_rejected_form_a_phone_opens_at_the_error_summary() {
    let Some(browser) = Browser::start_phone(390).await else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let page = format!("{}/events/{}?lang=hu", app.address, app.event_slug);
    let question = app.event(&app.event_slug).await.questions[0].id;
    browser
        .run(|b| async move {
            open(&b, &page).await;
            // The first Tab reaches the skip link, which then shows.
            find(&b, "body").await.send_keys("\u{E004}").await.expect("Tab");
            let skip: Value = b
                .execute(
                    "const e = document.activeElement; const r = e.getBoundingClientRect(); \
                     return [e.className, e.getAttribute('href'), r.left, r.right, e.textContent];",
                    vec![],
                )
                .await
                .expect("focus");
            assert_eq!(skip[0], "skip", "{skip}");
            assert_eq!(skip[1], "#main");
            assert!(skip[2].as_f64().unwrap() >= 0.0 && skip[3].as_f64().unwrap() <= 390.0, "{skip}");
            type_into(&b, "#first_name", "Ágnes").await;
            type_into(&b, "#email", "agnes.szoke-at-example.hu").await;
            click(&b, "form[action*='/register'] button[type=submit]").await;
            wait_for_url(&b, "/register").await;
            let seen: Value = b.execute(SUMMARY_IN_VIEW, vec![]).await.expect("measured");
            assert!(!seen.is_null(), "no error summary: {}", text(&b).await);
            let number = |key: &str| seen[key].as_f64().unwrap_or(f64::NAN);
            assert!(
                number("top") >= -1.0 && number("top") < number("height") / 2.0,
                "the summary is not at the top of the screen: {seen}"
            );
            assert_eq!(seen["hash"], "#error-summary");
            let links: Vec<&str> = seen["links"]
                .as_array()
                .expect("links")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            // In the order of the form, each to its field.
            let q = format!("#q_{question}");
            assert_eq!(
                links,
                ["#last_name", "#email", "#country", q.as_str(), "#consent"],
                "{seen}"
            );
            // Every link's field exists, is marked invalid and is tied to
            // its error message (a group through its fieldset).
            let tied: Value = b.execute(TIED, vec![]).await.expect("checked");
            let tied: Vec<&str> = tied.as_array().unwrap().iter().filter_map(Value::as_str).collect();
            assert!(tied.len() == 5 && tied.iter().all(|t| *t == "ok"), "{tied:?}");
            let shown = text(&b).await;
            assert!(shown.contains("Hiba történt"), "{shown}");
            // Its links lead to the fields, which say what is wrong.
            click(&b, "#error-summary a[href='#email']").await;
            let focused: Value = b
                .execute(
                    "const e = document.activeElement; return [e.id, e.getAttribute('aria-invalid'), e.getAttribute('aria-describedby')];",
                    vec![],
                )
                .await
                .expect("focus");
            assert_eq!(focused[0], "email", "{focused}");
            assert_eq!(focused[1], "true");
            assert!(focused[2].as_str().unwrap_or("").contains("email-error"));
            // The value typed is kept.
            let kept: Value = b
                .execute("return document.getElementById('first_name').value;", vec![])
                .await
                .unwrap();
            assert_eq!(kept, "Ágnes");
        })
        .await;
}

#[tokio::test]
async fn axe_finds_nothing_serious_on_the_public_pages_and_the_dashboard() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let slug = app.event_slug.clone();
    let (_, token) = app.register_person(&slug, 7).await;
    let (staff, _) = staff_account(&app, Role::Organizer).await;
    let address = app.address.clone();
    browser
        .run(|b| async move {
            // First, that the harness sees a violation where there is one:
            // an image without a text alternative (critical).
            open(
                &b,
                "data:text/html,<html><body><img src='x.png'></body></html>",
            )
            .await;
            let control = audit(&b, &axe, "control").await;
            assert!(
                control.iter().any(|v| v.contains("image-alt")),
                "axe did not report a missing alt: {control:?}"
            );

            let mut found = Vec::new();
            for lang in ["en", "lt"] {
                for (name, path) in [
                    ("home", format!("/?lang={lang}")),
                    ("event page", format!("/events/{slug}?lang={lang}")),
                    ("attendee page", format!("/r/{token}?lang={lang}")),
                    ("cancel page", format!("/r/{token}/cancel?lang={lang}")),
                    ("privacy notice", format!("/privacy?lang={lang}")),
                    (
                        "accessibility statement",
                        format!("/accessibility?lang={lang}"),
                    ),
                    (
                        "lost link form",
                        format!("/events/{slug}/lost-link?lang={lang}"),
                    ),
                    ("not found", format!("/events/no-such-event?lang={lang}")),
                ] {
                    open(&b, &format!("{address}{path}")).await;
                    found.extend(audit(&b, &axe, &format!("{name} [{lang}]")).await);
                }
                // The form with errors, as the 422 answer shows it.
                open(&b, &format!("{address}/events/{slug}?lang={lang}")).await;
                click(&b, "form[action*='/register'] button[type=submit]").await;
                wait_for_url(&b, "/register").await;
                assert!(text(&b).await.contains(if lang == "en" {
                    "There is a problem"
                } else {
                    "Kilo problema"
                }));
                found.extend(audit(&b, &axe, &format!("form with errors [{lang}]")).await);
                // The lost-link form with an error, and its neutral answer.
                open(
                    &b,
                    &format!("{address}/events/{slug}/lost-link?lang={lang}"),
                )
                .await;
                type_into(&b, "#lost-link-email", "not-an-address").await;
                click(&b, "form[action*='/lost-link'] button[type=submit]").await;
                wait_for_url(&b, "#error-summary").await;
                found.extend(audit(&b, &axe, &format!("lost link with an error [{lang}]")).await);
            }

            // The dashboard.
            open(&b, &format!("{address}/admin/login")).await;
            found.extend(audit(&b, &axe, "dashboard login").await);
            type_into(&b, "#email", &staff).await;
            type_into(&b, "#password", PASSWORD).await;
            click(&b, "form[action='/admin/login'] button[type=submit]").await;
            wait_for_url(&b, "/admin").await;
            for _ in 0..100 {
                if !b.current_url().await.unwrap().path().ends_with("/login") {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            for (name, path) in [
                ("dashboard events", "/admin".to_owned()),
                ("dashboard event", format!("/admin/events/{slug}")),
                (
                    "dashboard attendees",
                    format!("/admin/events/{slug}/attendees"),
                ),
                ("dashboard new event form", "/admin/events/new".to_owned()),
                ("dashboard event form", format!("/admin/events/{slug}/edit")),
                (
                    "dashboard add person",
                    format!("/admin/events/{slug}/attendees/new"),
                ),
            ] {
                open(&b, &format!("{address}{path}")).await;
                assert!(
                    !b.current_url().await.unwrap().path().ends_with("/login"),
                    "logged in for {name}"
                );
                found.extend(audit(&b, &axe, name).await);
            }
            // The event form with errors.
            open(&b, &format!("{address}/admin/events/new")).await;
            click(&b, "form.event-form > button[type=submit]").await;
            wait_for_url(&b, "#error-summary").await;
            assert!(text(&b).await.contains("There is a problem"));
            found.extend(audit(&b, &axe, "dashboard event form with errors").await);

            assert!(
                found.is_empty(),
                "axe found {} serious or critical problems:\n{}",
                found.len(),
                found.join("\n")
            );
        })
        .await;
}
