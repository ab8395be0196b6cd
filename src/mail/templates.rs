//! Email templates: one set for every language, `emails/{kind}.{subject,txt,html}`
//! with the shared `emails/layout.{html,txt}`, `details.*` and `check_in.html`.
//! Their words come from `i18n/{code}/emails.ftl` through the template
//! function `t("key", name=value…)`, so a language is its `.ftl` file.
//!
//! Built into the binary and overridable from `TESSERA_EMAILS_DIR`: a file
//! there replaces the built-in one of the same name, `{code}/{kind}.{ext}`
//! replaces a template for one language only, and `{code}/emails.ftl`
//! replaces messages of that language (the others keep the built-in
//! wording). Every template of every language is rendered once at
//! start-up, so a broken one stops the service there and not at send time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior};
use serde::Serialize;

use crate::domain::Language;
use crate::i18n::{self, FluentValue, dates};

/// Every kind of email the outbox holds.
pub const KINDS: [&str; 11] = [
    "confirmation",
    "waitlisted",
    "promoted",
    "verification",
    "cancellation",
    "event_updated",
    "event_cancelled",
    "reminder",
    "announcement",
    "hold_expired",
    "sessions_changed",
];

macro_rules! kind_files {
    ($($kind:literal),*) => {
        &[$(
            (
                concat!($kind, ".subject"),
                include_str!(concat!("../../emails/", $kind, ".subject")),
            ),
            (
                concat!($kind, ".txt"),
                include_str!(concat!("../../emails/", $kind, ".txt")),
            ),
            (
                concat!($kind, ".html"),
                include_str!(concat!("../../emails/", $kind, ".html")),
            ),
        )*]
    };
}

static BUILT_IN: [&[(&str, &str)]; 2] = [
    kind_files!(
        "confirmation",
        "waitlisted",
        "promoted",
        "verification",
        "cancellation",
        "event_updated",
        "event_cancelled",
        "reminder",
        "announcement",
        "hold_expired",
        "sessions_changed"
    ),
    &[
        ("layout.html", include_str!("../../emails/layout.html")),
        ("layout.txt", include_str!("../../emails/layout.txt")),
        ("details.txt", include_str!("../../emails/details.txt")),
        ("details.html", include_str!("../../emails/details.html")),
        ("check_in.html", include_str!("../../emails/check_in.html")),
    ],
];

fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .flat_map(|table| table.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

type Overrides = HashMap<Language, FluentBundle<FluentResource>>;

/// The operator's `{code}/emails.ftl` files, if any.
fn load_overrides(dir: Option<&Path>) -> anyhow::Result<Overrides> {
    let mut overrides = Overrides::new();
    let Some(dir) = dir else {
        return Ok(overrides);
    };
    for language in Language::ALL {
        let path = dir.join(language.code()).join("emails.ftl");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let resource = FluentResource::try_new(text)
            .map_err(|(_, errors)| anyhow::anyhow!("{}: {errors:?}", path.display()))?;
        let id = language
            .code()
            .parse()
            .with_context(|| format!("language {}", language.code()))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| anyhow::anyhow!("{}: {errors:?}", path.display()))?;
        overrides.insert(language, bundle);
    }
    Ok(overrides)
}

/// The template function `t("key", name=value…)`: the message in the
/// language of the email being rendered (its `lang`), the operator's
/// wording first. An unknown key is an error, caught by the start-up check.
fn translate(
    overrides: &Overrides,
    state: &State,
    key: &str,
    kwargs: Kwargs,
) -> Result<String, Error> {
    let language = state
        .lookup("lang")
        .and_then(|lang| lang.as_str().and_then(Language::parse))
        .unwrap_or_default();
    let mut args: Vec<(String, FluentValue<'static>)> = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let value = if let Some(number) = value.as_i64() {
            FluentValue::from(number)
        } else if value.is_none() || value.is_undefined() {
            FluentValue::from("")
        } else {
            FluentValue::from(value.to_string())
        };
        args.push((name.to_owned(), value));
    }
    if let Some(bundle) = overrides.get(&language)
        && let Some(pattern) = bundle.get_message(key).and_then(|m| m.value())
    {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in &args {
            fluent_args.set(name.clone(), value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if errors.is_empty() {
            return Ok(text.into_owned());
        }
    }
    let args: Vec<(&str, FluentValue<'static>)> =
        args.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    i18n::message(language, key, &args).ok_or_else(|| {
        Error::new(
            ErrorKind::UndefinedError,
            format!("no message {key} in i18n/{}/emails.ftl", language.code()),
        )
    })
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
    /// An announcement's body as sanitised HTML, when it was written in
    /// Markdown.
    pub message_html: Option<String>,
    pub has_invite: bool,
    pub qr_cid: Option<String>,
    pub check_in_url: Option<String>,
    /// The person's data was erased (they deleted their registration): no
    /// link to their page, and the cancellation says it is the last word.
    pub erased: bool,
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
        let overrides = Arc::new(load_overrides(override_dir.as_deref())?);
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| {
            translate(&overrides, state, key, kwargs)
        });
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
            // An operator's template for this one language, else the shared one.
            let template = match self
                .env
                .get_template(&format!("{}/{kind}.{ext}", language.code()))
            {
                Err(e) if e.kind() == ErrorKind::TemplateNotFound => {
                    self.env.get_template(&format!("{kind}.{ext}"))
                }
                found => found,
            }?;
            template.render(context)
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
        message_html: None,
        has_invite: full,
        qr_cid: full.then(|| "check-in-code".into()),
        check_in_url: full.then(|| "https://example.org/admin/check-in?code=x".into()),
        erased: !full,
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
    fn an_operator_rewords_one_message_of_one_language() {
        let dir = std::env::temp_dir().join(format!("tessera-wording-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("it")).unwrap();
        std::fs::write(
            dir.join("it/emails.ftl"),
            "confirmation-subject = Ci vediamo a { $title }\n",
        )
        .unwrap();
        let templates = Templates::load(Some(dir.clone())).expect("templates");
        std::fs::remove_dir_all(dir).unwrap();
        let italian = templates
            .render(
                Language::It,
                "confirmation",
                &sample(Language::It, "confirmation", true),
            )
            .unwrap();
        assert_eq!(italian.subject, "Ci vediamo a Sample event");
        assert!(italian.text.contains("Gentile"), "the rest stays built in");
        let english = templates
            .render(
                Language::En,
                "confirmation",
                &sample(Language::En, "confirmation", true),
            )
            .unwrap();
        assert_eq!(english.subject, "Registration confirmed: Sample event");
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
            "Tuesday, 15 December 2026, 09:00–17:30 (Europe/Brussels)"
        );
        assert_eq!(
            when(Language::It, "Europe/Rome", start, end),
            "martedì 15 dicembre 2026, 09:00–17:30 (Europe/Rome)"
        );
    }
}
