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

/// The selected option of the page's language field: what a browser sends
/// when the registrant leaves it as the page chose it.
fn selected_language(html: &str) -> String {
    let select = &html[html.find("name=\"language\"").expect("a language field")..];
    let select = &select[..select.find("</select>").expect("the field ends")];
    let option = select
        .split("<option")
        .find(|o| o.contains(" selected"))
        .expect("a selected language");
    let value = &option[option.find("value=\"").expect("a value") + 7..];
    value[..value.find('"').expect("the value ends")].to_owned()
}

/// An Italian, a Hungarian and a Lithuanian entrepreneur, each with a
/// browser set to their language and nothing else: the event page, the
/// attendee page, the confirmation and, days later, the reminder all speak
/// their language, because the form stored the language the page was in.
#[tokio::test]
async fn each_registrant_sees_their_language_from_the_event_page_to_the_reminder() {
    let server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let slug = app.event_slug.clone();
    let event = app.event(&slug).await.event;
    let people = [
        (Language::It, "it-IT,it;q=0.9,en;q=0.5"),
        (Language::Hu, "hu-HU,hu;q=0.9"),
        (Language::Lt, "lt,en-GB;q=0.7"),
    ];
    let mut recipients = Vec::new();
    for (i, (language, accept)) in people.into_iter().enumerate() {
        let code = language.code();
        let page = app
            .client
            .get(format!("{}/events/{slug}", app.address))
            .header("Accept-Language", accept)
            .send()
            .await
            .unwrap();
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\"")), "{code}");
        assert_eq!(selected_language(&html), code, "the form's language");

        let mut form = app.form_for(&slug, 20 + i).await;
        form.retain(|(k, _)| k != "language");
        form.push(("language".into(), selected_language(&html)));
        let response = app
            .client
            .post(format!("{}/events/{slug}/register", app.address))
            .header("Accept-Language", accept)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{code}");
        let own_page = response.headers()["location"].to_str().unwrap().to_owned();
        let html = app
            .client
            .get(format!("{}{own_page}", app.address))
            .header("Accept-Language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\"")), "{code}");
        recipients.push((field(&form, "email").to_lowercase(), language));
    }
    server.wait_for(people.len(), WAIT).await;
    // Days later: the reminders, in the language each registration stored.
    let queued = app.services.queue_due_reminders(31 * 24).await.unwrap();
    assert_eq!(queued, people.len() as u64);
    let received = server.wait_for(2 * people.len(), WAIT).await;
    let english: Vec<String> = ["reminder-intro", "email-check-in-reminder", "email-manage"]
        .iter()
        .filter_map(|key| {
            i18n::message(Language::En, key, &[("title", event.title.clone().into())])
        })
        .collect();
    for (email, language) in &recipients {
        let mine: Vec<_> = received
            .iter()
            .filter(|m| m.recipients[0].to_lowercase() == *email)
            .map(|m| m.parse())
            .collect();
        assert_eq!(mine.len(), 2, "{email}: a confirmation and a reminder");
        for message in &mine {
            let html = message.body_html(0).expect("html").to_string();
            assert!(html.contains(&format!("<html lang=\"{}\"", language.code())));
        }
        let reminder = mine
            .iter()
            .find(|m| {
                let subject = m.subject().unwrap_or_default();
                let expected = i18n::message(
                    *language,
                    "reminder-subject",
                    &[("title", event.title.clone().into()), ("when", "".into())],
                )
                .unwrap();
                // The subject up to the date, which the language writes.
                let stem: String = expected.chars().take(12).collect();
                subject.starts_with(stem.trim_end())
            })
            .unwrap_or_else(|| panic!("{email}: no reminder in {}", language.code()));
        let text = reminder.body_text(0).expect("text").to_string();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let intro = i18n::message(
            *language,
            "reminder-intro",
            &[("title", event.title.clone().into())],
        )
        .unwrap();
        let intro = intro.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&intro),
            "{}: {intro} in {text}",
            language.code()
        );
        assert_no_english(*language, "reminder", &text, &english);
    }
}
