//! Messages of pages and emails, per language: `i18n/{code}/pages.ftl` and
//! `i18n/{code}/emails.ftl` (Project Fluent), compiled into the binary. A
//! language is its folder there plus its variant of `Language`; plurals and
//! word order live in the files, so no caller knows a language's grammar.
//!
//! A message missing in a language falls back to English, and one missing
//! there too shows as "…": a gap is visible, not fatal (and the tests below
//! fail on it first).

pub mod countries;
pub mod dates;
pub mod names;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

pub use fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::domain::Language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "en",
        customise: |bundle| {
            // Without this every argument comes wrapped in invisible bidi
            // marks, which end up in subjects, URLs and tests.
            bundle.set_use_isolating(false);
            let language = bundle
                .locales
                .first()
                .map(|id| id.language.as_str().to_owned())
                .unwrap_or_default();
            // `.ftl` files choose plural forms with `PLURAL($count)`: Fluent's
            // own rules (intl_pluralrules 7.0.2) put Lithuanian 22–29, 32…
            // in "other" instead of "few"; ICU4X's CLDR rules do not.
            let _ = bundle.add_function("PLURAL", move |positional, _named| {
                FluentValue::from(plural_category(&language, positional.first()))
            });
        },
    };
}

/// The CLDR cardinal plural category of a whole number in `language`.
fn plural_category(language: &str, value: Option<&FluentValue<'_>>) -> &'static str {
    use icu_plurals::{PluralCategory, PluralRules};
    static RULES: OnceLock<HashMap<&'static str, PluralRules>> = OnceLock::new();
    let Some(FluentValue::Number(number)) = value else {
        return "other";
    };
    if number.value.fract() != 0.0 || !number.value.is_finite() {
        return "other";
    }
    let rules = RULES.get_or_init(|| {
        Language::ALL
            .into_iter()
            .filter_map(|language| {
                let locale = icu_locale_core::Locale::try_from_str(language.code()).ok()?;
                let rules = PluralRules::try_new_cardinal((&locale).into()).ok()?;
                Some((language.code(), rules))
            })
            .collect()
    });
    let Some(rules) = rules.get(language) else {
        return "other";
    };
    match rules.category_for(number.value.abs() as u64) {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

const MISSING: &str = "…";

/// A message without arguments. Each (language, key) is formatted once and
/// kept for the life of the process, so a page costs no Fluent formatting.
/// Keys may be written `form.first_name` (as in the pages) or
/// `form-first-name` (as in the `.ftl` files).
pub fn t(language: Language, key: &str) -> &'static str {
    type Table = HashMap<Language, HashMap<String, &'static str>>;
    static RESOLVED: OnceLock<RwLock<Table>> = OnceLock::new();
    let resolved = RESOLVED.get_or_init(Default::default);
    let known = resolved
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&language)
        .and_then(|table| table.get(key).copied());
    if let Some(text) = known {
        return text;
    }
    // Only keys that exist are kept, so the table is bounded by the files.
    let Some(text) = lookup(language, key, None) else {
        return MISSING;
    };
    let text: &'static str = Box::leak(text.into_boxed_str());
    resolved
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(language)
        .or_default()
        .entry(key.to_owned())
        .or_insert(text)
}

/// A message with arguments, e.g. a number of seats whose plural form the
/// language's file chooses: `tf(language, "event.seats_remaining",
/// &[("count", 3.into())])`.
pub fn tf(language: Language, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    message(language, key, args).unwrap_or_else(|| MISSING.to_owned())
}

/// Like `tf`, but `None` for a key no language has (the email templates
/// turn that into an error at start-up).
pub fn message(language: Language, key: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone()))
        .collect();
    lookup(language, key, Some(&args))
}

fn lookup(
    language: Language,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
) -> Option<String> {
    LOCALES.try_lookup_complete(&language_id(language), &fluent_id(key), args)
}

/// Fluent names cannot hold dots (those name attributes); the pages' keys
/// were written with dots and underscores, so both become hyphens.
fn fluent_id(key: &str) -> String {
    key.replace(['.', '_'], "-")
}

fn language_id(language: Language) -> LanguageIdentifier {
    language
        .code()
        .parse()
        .unwrap_or_else(|_| LanguageIdentifier::default())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The message names a file defines, read as Fluent reads them.
    fn message_ids(language: Language, file: &str) -> BTreeSet<String> {
        let path = format!(
            "{}/i18n/{}/{file}",
            env!("CARGO_MANIFEST_DIR"),
            language.code()
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
        resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_message_exists_in_every_language() {
        for file in ["pages.ftl", "emails.ftl", "holds.ftl", "self_service.ftl"] {
            let english = message_ids(Language::En, file);
            assert!(english.len() > 5, "{file}: {} messages", english.len());
            for language in Language::ALL {
                let ids = message_ids(language, file);
                let missing: Vec<_> = english.difference(&ids).collect();
                let extra: Vec<_> = ids.difference(&english).collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{} {file}: missing {missing:?}, not in English {extra:?}",
                    language.code()
                );
            }
        }
    }

    #[test]
    fn every_language_is_loaded_without_falling_back() {
        let id = |language: Language| language_id(language);
        for language in Language::ALL {
            // A message only this language's bundle can answer: a folder
            // that failed to load would fall back to English here.
            let got = LOCALES
                .lookup_single_language::<&str>(&id(language), "date-locale", None)
                .unwrap_or_else(|e| panic!("{}: {e:?}", language.code()));
            assert!(got.starts_with(language.code()), "{got}");
        }
    }

    #[test]
    fn pages_keys_keep_their_dotted_names() {
        assert_eq!(t(Language::En, "form.first_name"), "First name");
        assert_eq!(t(Language::It, "form.first_name"), "Nome");
        assert_eq!(t(Language::En, "no.such_key"), MISSING);
        assert!(std::ptr::eq(
            t(Language::It, "form.first_name"),
            t(Language::It, "form.first_name")
        ));
    }

    #[test]
    fn seats_take_each_languages_plural_form() {
        let seats = |language: Language, n: u64| {
            tf(language, "event.seats_remaining", &[("count", n.into())])
        };
        assert_eq!(seats(Language::En, 1), "1 seat left");
        assert_eq!(seats(Language::En, 5), "5 seats left");
        // Polish: one, few (2–4, 22–24…), many (5–21, 25–31…).
        // Lithuanian: one (1, 21, 31…), few (2–9, 22–29…), other (10–20, 30…).
        for (n, polish, lithuanian) in [
            (1, "1 wolne miejsce", "1 laisva vieta"),
            (2, "2 wolne miejsca", "2 laisvos vietos"),
            (5, "5 wolnych miejsc", "5 laisvos vietos"),
            (22, "22 wolne miejsca", "22 laisvos vietos"),
            (12, "12 wolnych miejsc", "12 laisvų vietų"),
            (21, "21 wolnych miejsc", "21 laisva vieta"),
            (111, "111 wolnych miejsc", "111 laisvų vietų"),
        ] {
            assert_eq!(seats(Language::Pl, n), polish, "pl {n}");
            assert_eq!(seats(Language::Lt, n), lithuanian, "lt {n}");
        }
    }
}
