//! Every shipped language, end to end: the event page, the form sent back
//! with errors and the confirmation email carry none of our English words,
//! and say which language they are in.

use std::time::Duration;

use tessera::domain::Language;
use tessera::i18n::countries::country_name;
use tessera::i18n::{self, t};

use crate::helpers::Db;
use crate::smtp::{SmtpServer, app_with_smtp, field, form, register_ok};

const WAIT: Duration = Duration::from_secs(30);

/// Page messages long and particular enough that no other language shares
/// them by chance.
const PAGE_KEYS: [&str; 6] = [
    "site.skip",
    "site.tagline",
    "form.intro",
    "form.email_hint",
    "form.consent",
    "form.language",
];

fn foreign() -> impl Iterator<Item = Language> {
    Language::ALL.into_iter().filter(|l| *l != Language::En)
}

/// `text` in an HTML page, whichever way the page escaped its apostrophes.
fn contains_text(html: &str, text: &str) -> bool {
    html.contains(text)
        || html.contains(&text.replace('\'', "&#39;"))
        || html.contains(&text.replace('\'', "&#x27;"))
}

fn assert_no_english(language: Language, what: &str, text: &str, english: &[String]) {
    for phrase in english {
        assert!(
            !text.contains(phrase.as_str()),
            "{} {what} says in English {phrase:?}",
            language.code()
        );
    }
}

#[tokio::test]
async fn the_event_page_and_the_form_with_errors_speak_each_language() {
    let server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let english: Vec<String> = PAGE_KEYS
        .iter()
        .map(|key| t(Language::En, key).to_owned())
        .chain([country_name(Language::En, "DE")])
        .collect();
    for language in foreign() {
        let code = language.code();
        let page = app
            .get(&format!("/events/{}?lang={code}", app.event_slug))
            .await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\"")), "{code}");
        assert!(
            contains_text(&html, t(language, "form.email_hint")),
            "{code}"
        );
        assert!(
            html.contains(&country_name(language, "DE")),
            "{code}: countries named in the language"
        );
        assert_no_english(language, "event page", &html, &english);

        let response = app
            .post_form(
                &format!("/events/{}/register?lang={code}", app.event_slug),
                &[("email".to_owned(), "not an address".to_owned())],
            )
            .await;
        assert_eq!(response.status(), 422, "{code}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\"")), "{code}");
        for key in ["form.errors", "error.required", "error.email_invalid"] {
            assert!(
                contains_text(&html, t(language, key)),
                "{code} {key}: {html}"
            );
        }
        let errors = ["form.errors", "error.required", "error.email_invalid"]
            .map(|key| t(Language::En, key).to_owned());
        assert_no_english(language, "form with errors", &html, &errors);
        assert_no_english(language, "form with errors", &html, &english);
    }
}

#[tokio::test]
async fn the_confirmation_email_speaks_the_registrants_language() {
    let server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let mut recipients = Vec::new();
    for (i, language) in Language::ALL.into_iter().enumerate() {
        let form = form(&app, i, &[("language", language.code())]).await;
        recipients.push((field(&form, "email").to_lowercase(), language));
        register_ok(&app, &form).await;
    }
    let english_keys = [
        "email-invite-attached",
        "email-cancel-please-text",
        "email-manage",
        "check-in-private",
        "email-signature",
    ];
    let english: Vec<String> = english_keys
        .iter()
        .filter_map(|key| i18n::message(Language::En, key, &[]))
        .chain(["Dear ".to_owned(), "Registration confirmed".to_owned()])
        .collect();
    let event = app.event(&app.event_slug).await.event;
    let zone: chrono_tz::Tz = event.timezone.parse().unwrap();
    let received = server.wait_for(Language::ALL.len(), WAIT).await;
    assert_eq!(received.len(), Language::ALL.len());
    for message in &received {
        let to = message.recipients[0].to_lowercase();
        let language = recipients
            .iter()
            .find(|(email, _)| *email == to)
            .map(|(_, language)| *language)
            .unwrap_or_else(|| panic!("unexpected recipient {to}"));
        let parsed = message.parse();
        let subject = parsed.subject().unwrap_or_default().to_owned();
        let text = parsed.body_text(0).expect("text").to_string();
        let html = parsed.body_html(0).expect("html").to_string();
        let expected = i18n::message(
            language,
            "confirmation-subject",
            &[("title", event.title.clone().into())],
        )
        .unwrap();
        // Subjects are folded to single spaces (src/mail/templates.rs).
        let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(subject, expected, "{}", language.code());
        let day = i18n::dates::date(language, event.starts_at.with_timezone(&zone));
        assert!(text.contains(&day), "{}: {day} in {text}", language.code());
        assert!(html.contains(&format!("<html lang=\"{}\"", language.code())));
        if language != Language::En {
            assert_no_english(language, "email text", &text, &english);
            assert_no_english(language, "email HTML", &html, &english);
            assert_no_english(language, "subject", &subject, &english);
        }
    }
}
