use std::collections::BTreeMap;

use super::countries::COUNTRIES;
use super::text::{multi_line, single_line};
use super::{Email, Language};

/// Stored as its text (`registrations.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum RegistrationStatus {
    /// Waiting for the registrant to confirm their address (double opt-in);
    /// holds no seat.
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    #[sea_orm(string_value = "waitlisted")]
    Waitlisted,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(RegistrationStatus::Pending),
            "confirmed" => Some(RegistrationStatus::Confirmed),
            "waitlisted" => Some(RegistrationStatus::Waitlisted),
            "cancelled" => Some(RegistrationStatus::Cancelled),
            _ => None,
        }
    }
}

/// Stored as its text (`questions.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum QuestionKind {
    #[sea_orm(string_value = "text")]
    Text,
    #[sea_orm(string_value = "textarea")]
    Textarea,
    #[sea_orm(string_value = "select")]
    Select,
    #[sea_orm(string_value = "multiselect")]
    Multiselect,
    #[sea_orm(string_value = "checkbox")]
    Checkbox,
    #[sea_orm(string_value = "country")]
    Country,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Textarea => "textarea",
            QuestionKind::Select => "select",
            QuestionKind::Multiselect => "multiselect",
            QuestionKind::Checkbox => "checkbox",
            QuestionKind::Country => "country",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            QuestionKind::Text,
            QuestionKind::Textarea,
            QuestionKind::Select,
            QuestionKind::Multiselect,
            QuestionKind::Checkbox,
            QuestionKind::Country,
        ]
        .into_iter()
        .find(|k| k.as_str() == value)
    }
}

/// What a custom question accepts.
#[derive(Clone, Debug)]
pub struct QuestionRule {
    pub id: i64,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Checked(bool),
    Text(String),
    Choices(Vec<String>),
}

/// Errors by form field name, each a message key of `i18n`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, &'static str>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: &'static str) {
        self.0.entry(field.into()).or_insert(message);
    }

    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A registration as submitted, every field still a string: what the public
/// form and the JSON API both turn into before `parse`.
#[derive(Clone, Debug, Default)]
pub struct RawRegistration {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub organization: String,
    pub country: String,
    pub language: Option<String>,
    pub consent: bool,
    pub sessions: Vec<String>,
    /// Values by question id; several for a multiselect.
    pub answers: BTreeMap<i64, Vec<String>>,
}

/// What an event's form accepts: its questions, its sessions, and how it
/// tells one person from another.
#[derive(Clone, Debug, Default)]
pub struct FormRules {
    pub questions: Vec<QuestionRule>,
    pub session_ids: Vec<i64>,
    /// The event's `dedupe_plus_addressing`: `anna+x@…` and `anna@…` are
    /// one person for the one-registration-per-person rule.
    pub dedupe_plus_addressing: bool,
}

/// A registration that passed every rule of its event's form.
#[derive(Clone, Debug)]
pub struct RegistrationRequest {
    pub first_name: String,
    pub last_name: String,
    pub email: Email,
    pub organization: String,
    pub country: String,
    pub language: Language,
    pub sessions: Vec<i64>,
    pub answers: BTreeMap<i64, Answer>,
    /// The version of the privacy notice the registrant was shown and
    /// consented to; set by the service from the notice itself
    /// (`services::site`), since an operator may replace it at any time.
    pub privacy_notice_version: String,
}

pub const NAME_MAX: usize = 100;
pub const ORGANIZATION_MAX: usize = 200;
pub const TEXT_ANSWER_MAX: usize = 500;
pub const TEXTAREA_ANSWER_MAX: usize = 4000;

pub fn is_country(code: &str) -> bool {
    COUNTRIES.iter().any(|(c, _)| *c == code)
}

impl RawRegistration {
    /// Checks every field against the event's sessions and questions and
    /// reports all errors at once, so the form can show each beside its field.
    pub fn parse(
        self,
        form: &FormRules,
        fallback_language: Language,
    ) -> Result<RegistrationRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut check = |field: &str, result: Result<String, &'static str>| {
            result.unwrap_or_else(|message| {
                errors.add(field, message);
                String::new()
            })
        };
        let first_name = check("first_name", single_line(&self.first_name, NAME_MAX, true));
        let last_name = check("last_name", single_line(&self.last_name, NAME_MAX, true));
        let organization = check(
            "organization",
            single_line(&self.organization, ORGANIZATION_MAX, false),
        );
        let country = self.country.trim().to_ascii_uppercase();
        if country.is_empty() {
            errors.add("country", "error.required");
        } else if !is_country(&country) {
            errors.add("country", "error.country_invalid");
        }
        let email = Email::parse(&self.email)
            .map(|email| {
                if form.dedupe_plus_addressing {
                    email.folding_plus_tag()
                } else {
                    email
                }
            })
            .map_err(|message| errors.add("email", message))
            .ok();
        if !self.consent {
            errors.add("consent", "error.consent_required");
        }
        let Choices {
            language,
            sessions,
            answers,
        } = RawChoices {
            language: self.language,
            sessions: self.sessions,
            answers: self.answers,
        }
        .parse_into(form, fallback_language, &mut errors);

        match email {
            Some(email) if errors.is_empty() => Ok(RegistrationRequest {
                first_name,
                last_name,
                email,
                organization,
                country,
                language,
                sessions,
                answers,
                privacy_notice_version: String::new(),
            }),
            _ => Err(errors),
        }
    }
}

/// What a registrant chose on the form beyond who they are: the email
/// language, the sessions and the answers to the event's questions. The
/// registration form and the attendee's own page (changing them later) read
/// them with the same rules.
#[derive(Clone, Debug, Default)]
pub struct RawChoices {
    pub language: Option<String>,
    pub sessions: Vec<String>,
    /// Values by question id; several for a multiselect.
    pub answers: BTreeMap<i64, Vec<String>>,
}

/// Choices that passed every rule of the event's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    pub language: Language,
    pub sessions: Vec<i64>,
    pub answers: BTreeMap<i64, Answer>,
}

impl RawChoices {
    /// Checks the choices against the event's sessions and questions,
    /// reporting every error by field.
    pub fn parse(
        self,
        form: &FormRules,
        fallback_language: Language,
    ) -> Result<Choices, FieldErrors> {
        let mut errors = FieldErrors::default();
        let choices = self.parse_into(form, fallback_language, &mut errors);
        if errors.is_empty() {
            Ok(choices)
        } else {
            Err(errors)
        }
    }

    fn parse_into(
        self,
        form: &FormRules,
        fallback_language: Language,
        errors: &mut FieldErrors,
    ) -> Choices {
        let (questions, session_ids) = (&form.questions, &form.session_ids);
        let language = match self.language.as_deref().map(str::trim) {
            None | Some("") => fallback_language,
            Some(code) => Language::parse(code).unwrap_or_else(|| {
                errors.add("language", "error.language_invalid");
                fallback_language
            }),
        };

        let mut sessions = Vec::new();
        for raw in &self.sessions {
            match raw.trim().parse::<i64>() {
                Ok(id) if session_ids.contains(&id) => {
                    if !sessions.contains(&id) {
                        sessions.push(id);
                    }
                }
                _ => errors.add("session", "error.session_invalid"),
            }
        }

        let mut answers = BTreeMap::new();
        for question in questions.iter() {
            let field = format!("q_{}", question.id);
            let values: Vec<&str> = self
                .answers
                .get(&question.id)
                .map(|v| {
                    v.iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            match answer(question, &values) {
                Ok(Some(value)) => {
                    answers.insert(question.id, value);
                }
                Ok(None) if question.required => errors.add(field, "error.required"),
                Ok(None) => {}
                Err(message) => errors.add(field, message),
            }
        }
        for id in self.answers.keys() {
            if !questions.iter().any(|q| q.id == *id) {
                errors.add(format!("q_{id}"), "error.question_unknown");
            }
        }
        Choices {
            language,
            sessions,
            answers,
        }
    }
}

fn answer(question: &QuestionRule, values: &[&str]) -> Result<Option<Answer>, &'static str> {
    let single = || -> Result<Option<&str>, &'static str> {
        match values {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err("error.one_value_expected"),
        }
    };
    Ok(match question.kind {
        QuestionKind::Text => single()?
            .map(|v| single_line(v, TEXT_ANSWER_MAX, false).map(Answer::Text))
            .transpose()?,
        QuestionKind::Textarea => single()?
            .map(|v| multi_line(v, TEXTAREA_ANSWER_MAX, false).map(Answer::Text))
            .transpose()?,
        QuestionKind::Select => match single()? {
            Some(v) if question.options.iter().any(|o| o == v) => Some(Answer::Text(v.to_owned())),
            Some(_) => return Err("error.option_invalid"),
            None => None,
        },
        QuestionKind::Multiselect => {
            if values
                .iter()
                .any(|v| !question.options.iter().any(|o| o == v))
            {
                return Err("error.option_invalid");
            }
            let mut chosen: Vec<String> = Vec::new();
            for value in values {
                if !chosen.iter().any(|c| c == value) {
                    chosen.push((*value).to_owned());
                }
            }
            (!chosen.is_empty()).then_some(Answer::Choices(chosen))
        }
        QuestionKind::Checkbox => match single()? {
            Some("yes" | "true" | "on" | "1") => Some(Answer::Checked(true)),
            Some(_) => return Err("error.option_invalid"),
            None => None,
        },
        QuestionKind::Country => match single()? {
            Some(v) if is_country(&v.to_ascii_uppercase()) => {
                Some(Answer::Text(v.to_ascii_uppercase()))
            }
            Some(_) => return Err("error.country_invalid"),
            None => None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawRegistration {
        RawRegistration {
            first_name: "Žydrūnė".into(),
            last_name: "Kazlauskaitė".into(),
            email: "zydrune.k@example.lt".into(),
            organization: "Klaipėdos Gintaras UAB".into(),
            country: "lt".into(),
            consent: true,
            ..Default::default()
        }
    }

    #[test]
    fn accepts_a_complete_registration() {
        let request = raw().parse(&FormRules::default(), Language::En).unwrap();
        assert_eq!(request.country, "LT");
        assert_eq!(request.first_name, "Žydrūnė");
    }

    #[test]
    fn reports_every_error_by_field() {
        let mut bad = raw();
        bad.first_name = "Ann\r\nBcc: x@example.com".into();
        bad.email = "nope".into();
        bad.consent = false;
        bad.sessions = vec!["99".into()];
        let question = QuestionRule {
            id: 7,
            kind: QuestionKind::Select,
            options: vec!["A".into()],
            required: true,
        };
        let form = FormRules {
            questions: vec![question],
            session_ids: vec![1],
            dedupe_plus_addressing: true,
        };
        let errors = bad.parse(&form, Language::En).unwrap_err();
        for field in ["first_name", "email", "consent", "session", "q_7"] {
            assert!(
                errors.get(field).is_some(),
                "no error for {field}: {errors:?}"
            );
        }
    }

    #[test]
    fn a_name_of_invisible_characters_is_missing_and_an_override_is_refused() {
        let mut bad = raw();
        bad.first_name = "\u{200B}\u{200C}\u{FEFF}".into();
        bad.last_name = "Kazlauskait\u{202E}ė".into();
        let errors = bad.parse(&FormRules::default(), Language::En).unwrap_err();
        assert_eq!(errors.get("first_name"), Some("error.required"));
        assert_eq!(errors.get("last_name"), Some("error.invalid_characters"));
    }

    #[test]
    fn the_event_decides_whether_a_plus_tag_names_another_person() {
        let tagged = || RawRegistration {
            email: "Zydrune.K+expo@Example.lt".into(),
            ..raw()
        };
        let folding = FormRules {
            dedupe_plus_addressing: true,
            ..FormRules::default()
        };
        let request = tagged().parse(&folding, Language::En).unwrap();
        assert_eq!(request.email.normalized(), "zydrune.k@example.lt");
        assert_eq!(request.email.as_str(), "Zydrune.K+expo@Example.lt");
        let request = tagged().parse(&FormRules::default(), Language::En).unwrap();
        assert_eq!(request.email.normalized(), "zydrune.k+expo@example.lt");
    }
}
