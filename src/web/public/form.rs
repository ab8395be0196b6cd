//! The registration form: rendering it (empty, or again with the values and
//! errors of a rejected submission) and reading a submission.

use std::collections::HashMap;

use maud::{Markup, html};

use crate::domain::registration::{
    NAME_MAX, ORGANIZATION_MAX, TEXT_ANSWER_MAX, TEXTAREA_ANSWER_MAX,
};
use crate::domain::{FieldErrors, Language, QuestionKind, RawChoices, RawRegistration};
use crate::i18n::countries::countries;
use crate::i18n::dates as format;
use crate::i18n::{t, tf};
use crate::services::catalog::PublicEvent;
use crate::web::views::error_summary::{self, SummaryItem, error_summary};

/// A submission as sent: every value of every field, in order.
#[derive(Clone, Debug, Default)]
pub struct FormValues(HashMap<String, Vec<String>>);

impl FormValues {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (name, value) in pairs {
            values.entry(name).or_default().push(value);
        }
        Self(values)
    }

    pub fn first(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn all(&self, name: &str) -> &[String] {
        self.0.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has(&self, name: &str, value: &str) -> bool {
        self.all(name).iter().any(|v| v == value)
    }

    /// The honeypot: people never see the `website` field; bots fill it.
    pub fn is_bot(&self) -> bool {
        !self.first("website").trim().is_empty()
    }

    pub fn to_raw(&self) -> RawRegistration {
        let choices = self.to_choices();
        RawRegistration {
            first_name: self.first("first_name").to_owned(),
            last_name: self.first("last_name").to_owned(),
            email: self.first("email").to_owned(),
            organization: self.first("organization").to_owned(),
            country: self.first("country").to_owned(),
            language: choices.language,
            consent: self.first("consent") == "yes",
            sessions: choices.sessions,
            answers: choices.answers,
        }
    }

    /// The language, sessions and answers of a submission: all the
    /// attendee's page lets them change.
    pub fn to_choices(&self) -> RawChoices {
        let answers = self
            .0
            .iter()
            .filter_map(|(name, values)| {
                let id = name.strip_prefix("q_")?.parse::<i64>().ok()?;
                Some((id, values.clone()))
            })
            .collect();
        let language = self.first("language");
        RawChoices {
            language: (!language.is_empty()).then(|| language.to_owned()),
            sessions: self.all("session").to_vec(),
            answers,
        }
    }
}

pub fn registration_form(
    language: Language,
    event: &PublicEvent,
    values: &FormValues,
    errors: &FieldErrors,
    waitlist: bool,
) -> Markup {
    let slug = &event.record.event.slug;
    html! {
        // The answer to a rejected form opens at its error summary.
        form method="post" action={ "/events/" (slug) "/register?lang=" (language.code()) (error_summary::ANCHOR) } novalidate {
            (error_summary(t(language, "summary.title"), Some(t(language, "form.errors")), &summary_items(language, event, errors)))
            p.hint { (t(language, "form.intro")) }
            (text_field(language, errors, "first_name", "form.first_name", values.first("first_name"), NAME_MAX, true, "given-name", "text"))
            (text_field(language, errors, "last_name", "form.last_name", values.first("last_name"), NAME_MAX, true, "family-name", "text"))
            (text_field(language, errors, "email", "form.email", values.first("email"), 254, true, "email", "email"))
            (text_field(language, errors, "organization", "form.organization", values.first("organization"), ORGANIZATION_MAX, false, "organization", "text"))
            div.field {
                label for="country" { (t(language, "form.country")) " " span.required aria-hidden="true" { "*" } }
                (error_text(language, errors, "country"))
                select #country name="country" required autocomplete="country" aria-invalid=[errors.get("country").map(|_| "true")] aria-describedby=[errors.get("country").map(|_| "country-error")] {
                    option value="" { (t(language, "form.choose")) }
                    @for (code, name) in countries(language) {
                        option value=(code) selected[values.first("country").eq_ignore_ascii_case(code)] { (name) }
                    }
                }
            }
            (choice_fields(language, event, values, errors))
            div.trap aria-hidden="true" {
                label for="website" { (t(language, "form.website")) }
                input #website type="text" name="website" value="" tabindex="-1" autocomplete="off";
            }
            div.field {
                (error_text(language, errors, "consent"))
                label.check {
                    input #consent type="checkbox" name="consent" value="yes" checked[values.first("consent") == "yes"] required aria-invalid=[errors.get("consent").map(|_| "true")] aria-describedby=[errors.get("consent").map(|_| "consent-error")];
                    span { (consent_line(language)) " " span.required aria-hidden="true" { "*" } }
                }
            }
            button type="submit" {
                @if waitlist { (t(language, "form.submit_waitlist")) } @else { (t(language, "form.submit")) }
            }
        }
    }
}

/// The summary's lines, in the order of the form's fields, each linking the
/// control it is about (a group's first box).
fn summary_items(
    language: Language,
    event: &PublicEvent,
    errors: &FieldErrors,
) -> Vec<SummaryItem> {
    if errors.is_empty() {
        return Vec::new();
    }
    // (field, control to link, label, the label's language when not the page's)
    let mut fields: Vec<(String, String, String, Option<String>)> = [
        ("first_name", "form.first_name"),
        ("last_name", "form.last_name"),
        ("email", "form.email"),
        ("organization", "form.organization"),
        ("country", "form.country"),
        ("language", "form.language"),
    ]
    .into_iter()
    .map(|(name, label)| {
        let label = t(language, label).to_owned();
        (name.to_owned(), name.to_owned(), label, None)
    })
    .collect();
    let sessions = &event.record.sessions;
    if let Some(first) = sessions.first() {
        fields.push((
            "session".into(),
            format!("session-{}", first.id),
            t(language, "form.sessions").to_owned(),
            None,
        ));
    }
    for (rule, question) in &event.questions {
        let name = format!("q_{}", rule.id);
        let target = match rule.kind {
            QuestionKind::Multiselect => format!("{name}-0"),
            _ => name.clone(),
        };
        let lang = Some(event.record.event.language.clone());
        fields.push((name, target, question.label.clone(), lang));
    }
    // Its message says what it is about ("Please agree to…").
    fields.push(("consent".into(), "consent".into(), String::new(), None));
    let mut items: Vec<SummaryItem> = fields
        .iter()
        .filter_map(|(name, target, label, label_lang)| {
            Some(SummaryItem {
                target: target.clone(),
                label: label.clone(),
                label_lang: label_lang.clone(),
                message: t(language, errors.get(name)?).to_owned(),
            })
        })
        .collect();
    // An error about no field of the form (a question since removed, say)
    // still gets a line, pointing at the form's heading.
    for (name, message) in &errors.0 {
        if !fields.iter().any(|(known, ..)| known == name) {
            items.push(SummaryItem {
                target: "register-title".into(),
                label: t(language, "form.title").to_owned(),
                label_lang: None,
                message: t(language, message).to_owned(),
            });
        }
    }
    items
}

/// The fields a registrant chooses beyond who they are — the email
/// language, the sessions and the event's questions — on the registration
/// form and again on the attendee's page, where they can be changed.
pub fn choice_fields(
    language: Language,
    event: &PublicEvent,
    values: &FormValues,
    errors: &FieldErrors,
) -> Markup {
    let chosen_language = Language::parse(values.first("language")).unwrap_or(language);
    html! {
        div.field {
            label for="language" { (t(language, "form.language")) }
            select #language name="language" {
                @for option in Language::ALL {
                    option value=(option.code()) selected[option == chosen_language] lang=(option.code()) { (option.native_name()) }
                }
            }
        }
        @if !event.record.sessions.is_empty() {
            fieldset.field aria-describedby=[errors.get("session").map(|_| "session-error")] {
                legend { (t(language, "form.sessions")) }
                (error_text(language, errors, "session"))
                @for session in &event.record.sessions {
                    @let id = session.id.to_string();
                    // A session refused on its own (full, when an attendee
                    // changes their sessions): its error beside it, naming it.
                    @let field = format!("session_{id}");
                    @let refused = errors.get(&field);
                    @if let Some(message) = refused {
                        span.error-text id={ (field) "-error" } { (tf(language, message, &[("title", session.title.clone().into())])) }
                    }
                    label.check {
                        input #{ "session-" (id) } type="checkbox" name="session" value=(id) checked[values.has("session", &id)]
                            aria-invalid=[refused.map(|_| "true")] aria-describedby=[refused.map(|_| format!("{field}-error"))];
                        span {
                            span lang=(event.record.event.language) { (session.title) }
                            br;
                            span.meta { (format::span(language, event.timezone, session.starts_at, session.ends_at)) }
                        }
                    }
                }
            }
        }
        @for (rule, question) in &event.questions {
            @let name = format!("q_{}", rule.id);
            @let invalid = errors.get(&name).map(|_| "true");
            @let described = errors.get(&name).map(|_| format!("{name}-error"));
            div.field {
                @match rule.kind {
                    QuestionKind::Multiselect => {
                        fieldset aria-describedby=[described] {
                            legend lang=(event.record.event.language) { (question.label) (required_mark(rule.required)) }
                            (error_text(language, errors, &name))
                            @for (i, option) in rule.options.iter().enumerate() {
                                label.check {
                                    input #{ (name) "-" (i) } type="checkbox" name=(name) value=(option) checked[values.has(&name, option)];
                                    span { (option) }
                                }
                            }
                        }
                    }
                    QuestionKind::Checkbox => {
                        (error_text(language, errors, &name))
                        label.check {
                            input #(name) type="checkbox" name=(name) value="yes" checked[values.has(&name, "yes")] aria-invalid=[invalid] aria-describedby=[described];
                            span lang=(event.record.event.language) { (question.label) (required_mark(rule.required)) }
                        }
                    }
                    _ => {
                        label for=(name) lang=(event.record.event.language) { (question.label) (required_mark(rule.required)) }
                        (error_text(language, errors, &name))
                        @match rule.kind {
                            QuestionKind::Select => {
                                select #(name) name=(name) required[rule.required] aria-invalid=[invalid] aria-describedby=[described] {
                                    option value="" { (t(language, "form.choose")) }
                                    @for option in &rule.options {
                                        option value=(option) selected[values.first(&name) == option] { (option) }
                                    }
                                }
                            }
                            QuestionKind::Country => {
                                select #(name) name=(name) required[rule.required] aria-invalid=[invalid] aria-describedby=[described] {
                                    option value="" { (t(language, "form.choose")) }
                                    @for (code, country) in countries(language) {
                                        option value=(code) selected[values.first(&name).eq_ignore_ascii_case(code)] { (country) }
                                    }
                                }
                            }
                            QuestionKind::Textarea => {
                                textarea #(name) name=(name) maxlength=(TEXTAREA_ANSWER_MAX) required[rule.required] aria-invalid=[invalid] aria-describedby=[described] { (values.first(&name)) }
                            }
                            _ => {
                                input #(name) type="text" name=(name) value=(values.first(&name)) maxlength=(TEXT_ANSWER_MAX) required[rule.required] aria-invalid=[invalid] aria-describedby=[described];
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The consent sentence with its words for the privacy notice
/// (`form.consent_notice`, which each language's sentence contains) made a
/// link to `/privacy`; a sentence without them gets the link after it.
fn consent_line(language: Language) -> Markup {
    let sentence = t(language, "form.consent");
    let words = t(language, "form.consent_notice");
    let href = format!("/privacy?lang={}", language.code());
    match sentence.split_once(words) {
        Some((before, after)) => html! { (before) a href=(href) { (words) } (after) },
        None => html! { (sentence) " (" a href=(href) { (words) } ")" },
    }
}

fn required_mark(required: bool) -> Markup {
    html! { @if required { " " span.required aria-hidden="true" { "*" } } }
}

fn error_text(language: Language, errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @if let Some(message) = errors.get(field) {
            span.error-text id={ (field) "-error" } { (t(language, message)) }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn text_field(
    language: Language,
    errors: &FieldErrors,
    name: &str,
    label_key: &str,
    value: &str,
    max: usize,
    required: bool,
    autocomplete: &str,
    kind: &str,
) -> Markup {
    let invalid = errors.get(name).is_some();
    let hinted = name == "email";
    // The error first, then the hint: what a screen reader says after the label.
    let described: Vec<String> = [
        invalid.then(|| format!("{name}-error")),
        hinted.then(|| format!("{name}-hint")),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        div.field {
            label for=(name) { (t(language, label_key)) (required_mark(required)) }
            @if hinted { span.hint id={ (name) "-hint" } { (t(language, "form.email_hint")) } }
            (error_text(language, errors, name))
            input #(name) type=(kind) name=(name) value=(value) maxlength=(max) autocomplete=(autocomplete)
                required[required] aria-invalid=[invalid.then_some("true")]
                aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
        }
    }
}
