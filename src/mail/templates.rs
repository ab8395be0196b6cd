//! Email templates: `emails/{language}/{kind}.{subject,txt,html}` and the
//! shared `emails/layout.html`, built into the binary and overridable file
//! by file from `TESSERA_EMAILS_DIR`. Every template of every language is
//! rendered once at start-up, so a broken one stops the service there and
//! not at send time.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use crate::domain::Language;
use crate::i18n::dates;

/// Every kind of email the outbox holds.
pub const KINDS: [&str; 9] = [
    "confirmation",
    "waitlisted",
    "promoted",
    "verification",
    "cancellation",
    "event_updated",
    "event_cancelled",
    "reminder",
    "announcement",
];

macro_rules! kind_files {
    ($lang:literal: $($kind:literal),*) => {
        &[$(
            (
                concat!($lang, "/", $kind, ".subject"),
                include_str!(concat!("../../emails/", $lang, "/", $kind, ".subject")),
            ),
            (
                concat!($lang, "/", $kind, ".txt"),
                include_str!(concat!("../../emails/", $lang, "/", $kind, ".txt")),
            ),
            (
                concat!($lang, "/", $kind, ".html"),
                include_str!(concat!("../../emails/", $lang, "/", $kind, ".html")),
            ),
        )*]
    };
}

static BUILT_IN: [&[(&str, &str)]; 3] = [
    kind_files!("en": "confirmation", "waitlisted", "promoted", "verification", "cancellation",
        "event_updated", "event_cancelled", "reminder", "announcement"),
    kind_files!("it": "confirmation", "waitlisted", "promoted", "verification", "cancellation",
        "event_updated", "event_cancelled", "reminder", "announcement"),
    &[
        ("layout.html", include_str!("../../emails/layout.html")),
        (
            "en/details.txt",
            include_str!("../../emails/en/details.txt"),
        ),
        (
            "en/details.html",
            include_str!("../../emails/en/details.html"),
        ),
        (
            "it/details.txt",
            include_str!("../../emails/it/details.txt"),
        ),
        (
            "it/details.html",
            include_str!("../../emails/it/details.html"),
        ),
        (
            "en/check_in.html",
            include_str!("../../emails/en/check_in.html"),
        ),
        (
            "it/check_in.html",
            include_str!("../../emails/it/check_in.html"),
        ),
    ],
];

fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .flat_map(|table| table.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// What every template can use. Every field is always present (as `none`
/// when it does not apply), so strict undefined checking catches typos.
#[derive(Clone, Debug, Serialize)]
pub struct EmailContext {
    pub lang: &'static str,
    pub kind: String,
    pub person: Person,
    pub event: EventView,
    pub sessions: Vec<SessionView>,
    pub manage_url: String,
    pub invite_url: String,
    pub verify_url: String,
    /// 1 for the first in line (waitlisted).
    pub position: Option<u64>,
    /// What a cancelled registration was: confirmed, waitlisted, pending.
    pub previous: Option<String>,
    pub message_subject: Option<String>,
    pub message_body: Option<String>,
    pub has_invite: bool,
    pub qr_cid: Option<String>,
    pub check_in_url: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    pub title: String,
    pub summary: String,
    /// Date and time range in the event's zone, the zone named.
    pub when: String,
    pub timezone: String,
    /// Venue name and address joined, or empty.
    pub venue: String,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: Option<String>,
    pub url: String,
    pub organizer_name: String,
    pub contact_email: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SessionView {
    pub title: String,
    /// "Tuesday 15 December 2026, 09:00–10:30: Title (Room)"
    pub line: String,
}

/// A rendered email.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads the templates (from `override_dir` first) and renders each one
    /// with sample data.
    pub fn load(override_dir: Option<PathBuf>) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_loader(move |name| {
            if name.contains("..") || name.starts_with('/') || name.contains('\\') {
                return Ok(None);
            }
            if let Some(dir) = &override_dir {
                match std::fs::read_to_string(dir.join(name)) {
                    Ok(text) => return Ok(Some(text)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(Error::new(
                            ErrorKind::InvalidOperation,
                            format!("cannot read email template {name}"),
                        )
                        .with_source(e));
                    }
                }
            }
            Ok(built_in(name).map(str::to_owned))
        });
        let templates = Self { env };
        for language in Language::ALL {
            for kind in KINDS {
                for sample in [sample(language, kind, true), sample(language, kind, false)] {
                    templates
                        .render(language, kind, &sample)
                        .with_context(|| format!("email template {}/{kind}", language.code()))?;
                }
            }
        }
        Ok(templates)
    }

    pub fn render(
        &self,
        language: Language,
        kind: &str,
        context: &EmailContext,
    ) -> Result<Rendered, Error> {
        let render = |ext: &str| {
            self.env
                .get_template(&format!("{}/{kind}.{ext}", language.code()))?
                .render(context)
        };
        // A subject is one line whatever the template or the data say.
        let subject = render("subject")?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if subject.is_empty() {
            return Err(Error::new(ErrorKind::InvalidOperation, "empty subject"));
        }
        Ok(Rendered {
            subject,
            text: render("txt")?,
            html: render("html")?,
        })
    }
}

/// The event's time for people: range in its zone, and the zone named.
pub fn when(
    language: Language,
    timezone: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    let zone: Tz = timezone.parse().unwrap_or(Tz::UTC);
    format!(
        "{} ({})",
        dates::span(language, zone, start, end),
        zone.name()
    )
}

/// Data for the start-up check: `full` fills every optional field, the
/// other sample leaves them empty, so both sides of each `if` are tried.
fn sample(language: Language, kind: &str, full: bool) -> EmailContext {
    use chrono::TimeZone;
    let start = Utc
        .with_ymd_and_hms(2026, 12, 15, 8, 0, 0)
        .single()
        .unwrap_or_default();
    let end = start + chrono::Duration::hours(9);
    EmailContext {
        lang: language.code(),
        kind: kind.to_owned(),
        person: Person {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.org".into(),
        },
        event: EventView {
            title: "Sample event".into(),
            summary: "A sample.".into(),
            when: when(language, "Europe/Brussels", start, end),
            timezone: "Europe/Brussels".into(),
            venue: if full {
                "Hall, Street 1".into()
            } else {
                String::new()
            },
            venue_name: "Hall".into(),
            venue_address: "Street 1".into(),
            online_url: full.then(|| "https://meet.example.org/x".into()),
            url: "https://example.org/events/sample".into(),
            organizer_name: "Office".into(),
            contact_email: "office@example.org".into(),
        },
        sessions: if full {
            vec![SessionView {
                title: "Opening".into(),
                line: "Opening".into(),
            }]
        } else {
            Vec::new()
        },
        manage_url: "https://example.org/r/token".into(),
        invite_url: "https://example.org/r/token/invite.ics".into(),
        verify_url: "https://example.org/v/code".into(),
        position: Some(3),
        previous: Some(if full { "confirmed" } else { "waitlisted" }.into()),
        message_subject: Some("News".into()),
        message_body: Some("Hello.".into()),
        has_invite: full,
        qr_cid: full.then(|| "check-in-code".into()),
        check_in_url: full.then(|| "https://example.org/admin/check-in?code=x".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn built_in_templates_load_and_render() {
        let templates = Templates::load(None).expect("templates");
        let mut context = sample(Language::It, "waitlisted", true);
        context.event.title = "<b>Fiera</b>".into();
        let rendered = templates
            .render(Language::It, "waitlisted", &context)
            .unwrap();
        assert!(rendered.text.contains("posizione 3"));
        assert!(rendered.text.contains("<b>Fiera</b>"));
        assert!(rendered.html.contains("&lt;b&gt;Fiera&lt;"));
        assert!(!rendered.html.contains("<b>Fiera"));
        assert!(rendered.subject.starts_with("Lista d'attesa"));
    }

    #[test]
    fn an_unknown_placeholder_fails_the_load() {
        let dir = std::env::temp_dir().join(format!("tessera-emails-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("en")).unwrap();
        std::fs::write(dir.join("en/reminder.txt"), "Hi {{ person.nickname }}").unwrap();
        let error = Templates::load(Some(dir.clone())).err().expect("must fail");
        assert!(format!("{error:#}").contains("en/reminder"), "{error:#}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_check_in_code_never_outweighs_the_words_around_it() {
        // SpamAssassin scores an HTML part with an image and at most 3200
        // bytes (HTML_IMAGE_ONLY_04…_32): even the shortest data stays
        // clear of that, with a margin.
        let templates = Templates::load(None).expect("templates");
        for language in Language::ALL {
            for kind in ["confirmation", "promoted"] {
                let mut context = sample(language, kind, true);
                context.person.first_name = "Al".into();
                context.person.last_name = "Bo".into();
                context.event.title = "X".into();
                context.event.venue.clear();
                context.event.online_url = None;
                context.event.organizer_name.clear();
                context.sessions.clear();
                context.check_in_url = Some("https://x.eu/admin/check-in?code=1".into());
                let html = templates.render(language, kind, &context).unwrap().html;
                assert!(html.contains("<img"), "{kind}");
                assert!(
                    html.len() > 3400,
                    "{} {kind}: {} bytes",
                    language.code(),
                    html.len()
                );
            }
        }
    }

    #[test]
    fn dates_are_local_and_named_in_the_language() {
        let start = Utc.with_ymd_and_hms(2026, 12, 15, 8, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 12, 15, 16, 30, 0).unwrap();
        assert_eq!(
            when(Language::En, "Europe/Brussels", start, end),
            "Tuesday 15 December 2026, 09:00–17:30 (Europe/Brussels)"
        );
        assert_eq!(
            when(Language::It, "Europe/Rome", start, end),
            "martedì 15 dicembre 2026, 09:00–17:30 (Europe/Rome)"
        );
    }
}
