//! The manage link (`/r/{token}`) cancels a registration, so it must not
//! travel with the calendar entry (issue 14): the invites (attached to the
//! emails and downloaded from `/r/{token}/invite.ics`) and the Google and
//! Outlook links carry the event's page and its online link instead. The
//! emails themselves keep the manage link. Invites are read with the
//! icalendar parser, emails with mail-parser, links with a URL parser.

use std::time::{Duration, Instant};

use icalendar::parser;
use mail_parser::{MessageParser, MimeHeaders};

use crate::emails::{content_type, text_of};
use crate::helpers::{Db, EventSpec, TestApp};

const ONLINE: &str = "https://meet.example.org/women-2027";

/// The raw `.eml` files written to `email`, once there are `count` of them.
async fn emails_to(app: &TestApp, email: &str, count: usize) -> Vec<Vec<u8>> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found: Vec<Vec<u8>> = std::fs::read_dir(&app.config.outbox_dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read(entry.path()).ok())
            .filter(|raw| {
                MessageParser::default().parse(raw).is_some_and(|m| {
                    m.to()
                        .and_then(|to| to.first())
                        .and_then(|a| a.address())
                        .is_some_and(|a| a.eq_ignore_ascii_case(email))
                })
            })
            .collect();
        if found.len() >= count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{} of {count} emails to {email}",
            found.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every property value of an iCalendar text, unescaped, as
/// `NAME:value` (parameters included, where a URL could hide too).
fn calendar_values(ics: &str) -> Vec<String> {
    let unfolded = parser::unfold(ics);
    let calendar = parser::read_calendar(&unfolded).expect("a valid iCalendar");
    let mut values = Vec::new();
    let mut push = |p: &parser::Property<'_>| {
        let params: Vec<String> = p
            .params
            .iter()
            .map(|param| {
                format!(
                    "{}={}",
                    param.key.as_str(),
                    param.val.as_ref().map(|v| v.as_str()).unwrap_or_default()
                )
            })
            .collect();
        values.push(format!(
            "{};{}:{}",
            p.name.as_str(),
            params.join(";"),
            p.val.clone().unescape_text()
        ));
    };
    calendar.properties.iter().for_each(&mut push);
    for component in &calendar.components {
        component.properties.iter().for_each(&mut push);
    }
    values
}

fn assert_no_token(what: &str, values: &[String], token: &str) {
    for value in values {
        assert!(!value.contains(token), "{what} carries the token: {value}");
        assert!(
            !value.contains("/r/"),
            "{what} carries a manage link: {value}"
        );
    }
}

fn description(values: &[String]) -> String {
    values
        .iter()
        .find(|v| v.starts_with("DESCRIPTION;"))
        .cloned()
        .expect("a DESCRIPTION")
}

/// The `href`s of `html` that start with `prefix`, with `&amp;` read back.
fn links(html: &str, prefix: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with(prefix))
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

async fn check(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            online_url: Some(ONLINE.into()),
            ..EventSpec::default()
        })
        .await;
    let event_page = format!("{}/events/{slug}", app.address);
    let (email, token) = app.register_person(&slug, 4).await;

    // The attendee's page: the Google and Outlook links.
    let page = app.get(&format!("/r/{token}")).await.text().await.unwrap();
    let mut calendar_links = links(&page, "https://calendar.google.com/");
    calendar_links.extend(links(&page, "https://outlook.live.com/"));
    assert_eq!(calendar_links.len(), 2, "a Google and an Outlook link");
    for link in &calendar_links {
        let url = reqwest::Url::parse(link).expect("a URL");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        for (key, value) in &pairs {
            assert!(!value.contains(&token), "{key} carries the token: {link}");
            assert!(!value.contains("/r/"), "{key} carries a manage link");
        }
        let details = pairs
            .iter()
            .find(|(k, _)| k == "details" || k == "body")
            .map(|(_, v)| v.clone())
            .expect("a description");
        assert!(details.contains(&event_page), "{details}");
        assert!(details.contains(ONLINE), "{details}");
    }

    // The invite downloaded from the page.
    let download = app.get(&format!("/r/{token}/invite.ics")).await;
    assert_eq!(download.status(), 200);
    let values = calendar_values(&download.text().await.unwrap());
    assert_no_token("the downloaded invite", &values, &token);
    let text = description(&values);
    assert!(
        text.contains(&event_page) && text.contains(ONLINE),
        "{text}"
    );

    // The emails (confirmation, cancellation): their calendar parts carry
    // no manage link; the confirmation's text does.
    let cancel = app.post_form(&format!("/r/{token}/cancel"), &[]).await;
    assert_eq!(cancel.status(), 303);
    let raws = emails_to(&app, &email, 2).await;
    let mut invites = 0;
    let mut with_manage_link = 0;
    for raw in &raws {
        let message = MessageParser::default().parse(raw).expect("an email");
        if message
            .body_text(0)
            .is_some_and(|t| t.contains(&format!("/r/{token}")))
        {
            with_manage_link += 1;
        }
        for part in &message.parts {
            let calendar = content_type(part) == "text/calendar"
                || content_type(part) == "application/ics"
                || part.attachment_name().is_some_and(|n| n.ends_with(".ics"));
            if calendar {
                invites += 1;
                let values = calendar_values(&text_of(part));
                assert_no_token("an emailed invite", &values, &token);
                assert!(description(&values).contains(&event_page));
            }
        }
    }
    assert_eq!(
        with_manage_link, 1,
        "the confirmation keeps the manage link"
    );
    // REQUEST and CANCEL, each inline and attached.
    assert_eq!(
        invites, 4,
        "the confirmation's and the cancellation's invites"
    );
}

#[tokio::test]
async fn invites_and_calendar_links_carry_no_manage_link_sqlite() {
    check(Db::Sqlite).await;
}

#[tokio::test]
async fn invites_and_calendar_links_carry_no_manage_link_postgres() {
    check(Db::Postgres).await;
}
