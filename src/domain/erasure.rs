//! What erasing a person's data keeps and what it removes (the privacy
//! notice's promise, GDPR Art. 17): names, address, organization, written
//! answers and the secrets that open their pages go; what the statistics
//! count stays — country, status, check-ins, sessions and the answers that
//! are a choice among the organizer's options.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{Answer, QuestionKind};

/// What an erased registration's unique columns (manage token, normalised
/// address) hold: unique per registration, never the shape of a real token
/// or address, so no link and no form ever finds it again.
pub fn erased_marker(registration_id: &str) -> String {
    format!("erased:{registration_id}")
}

/// Replaces what erasure removes from an audit entry's detail.
pub const ERASED: &str = "[erased]";

/// The answers an erased registration keeps: choices among the organizer's
/// options (select, multiselect, checkbox, country), which the statistics
/// may count. Text the person wrote is removed, and so is any text answer
/// of a question no longer known (it may have been free text).
pub fn kept_answers(
    answers: BTreeMap<i64, Answer>,
    kinds: &HashMap<i64, QuestionKind>,
) -> BTreeMap<i64, Answer> {
    answers
        .into_iter()
        .filter(|(id, answer)| match kinds.get(id) {
            Some(QuestionKind::Text | QuestionKind::Textarea) => false,
            Some(_) => true,
            None => !matches!(answer, Answer::Text(_)),
        })
        .collect()
}

/// The free text among a registration's answers: what erasure looks for in
/// audit entries beside the names and the address.
pub fn written_answers(
    answers: &BTreeMap<i64, Answer>,
    kinds: &HashMap<i64, QuestionKind>,
) -> Vec<String> {
    answers
        .iter()
        .filter(|(id, _)| {
            matches!(
                kinds.get(id),
                Some(QuestionKind::Text | QuestionKind::Textarea) | None
            )
        })
        .filter_map(|(_, answer)| match answer {
            Answer::Text(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Keys of audit details that hold a person's data whatever their value
/// (an edit's before and after, a retried message's recipient).
const PERSONAL_KEYS: [&str; 8] = [
    "first_name",
    "last_name",
    "name",
    "email",
    "organization",
    "answers",
    "recipient",
    "to",
];

/// An audit entry's detail with the person's data taken out: every value
/// under a personal key, and every string that contains one of `personal`
/// (compared without case; values shorter than three characters are not
/// looked for, they would match everywhere). The structure stays, so the
/// log still says what happened.
pub fn scrub_detail(detail: &Value, personal: &[String]) -> Value {
    let needles: Vec<String> = personal
        .iter()
        .map(|p| p.trim().to_lowercase())
        .filter(|p| p.chars().count() >= 3)
        .collect();
    scrub(detail, &needles)
}

fn scrub(value: &Value, needles: &[String]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = if PERSONAL_KEYS.contains(&key.as_str()) && !value.is_null() {
                        Value::String(ERASED.into())
                    } else {
                        scrub(value, needles)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| scrub(v, needles)).collect()),
        Value::String(text) => {
            let lower = text.to_lowercase();
            if needles.iter().any(|n| lower.contains(n.as_str())) {
                Value::String(ERASED.into())
            } else {
                value.clone()
            }
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn choices_stay_and_written_text_goes() {
        let kinds = HashMap::from([
            (1, QuestionKind::Select),
            (2, QuestionKind::Text),
            (3, QuestionKind::Textarea),
            (4, QuestionKind::Checkbox),
            (5, QuestionKind::Country),
            (6, QuestionKind::Multiselect),
        ]);
        let answers = BTreeMap::from([
            (1, Answer::Text("Young".into())),
            (2, Answer::Text("Ceramiche Żółw".into())),
            (3, Answer::Text("I export wool to Vilnius".into())),
            (4, Answer::Checked(true)),
            (5, Answer::Text("LT".into())),
            (6, Answer::Choices(vec!["A".into()])),
            (9, Answer::Text("a removed question".into())),
            (10, Answer::Checked(false)),
        ]);
        assert_eq!(
            written_answers(&answers, &kinds),
            [
                "Ceramiche Żółw",
                "I export wool to Vilnius",
                "a removed question"
            ]
        );
        let kept = kept_answers(answers, &kinds);
        assert_eq!(kept.keys().copied().collect::<Vec<_>>(), [1, 4, 5, 6, 10]);
    }

    #[test]
    fn audit_details_lose_the_person_but_keep_their_shape() {
        let detail = json!({
            "before": { "first_name": "Žydrūnė", "email": "zydrune.k@example.lt", "country": "LT" },
            "after": { "first_name": "Žydrė", "answers": { "2": "Gintaras" }, "country": "LT" },
            "note": "sent to ZYDRUNE.K@example.lt yesterday",
            "kind": "confirmation",
            "empty": null,
        });
        let scrubbed = scrub_detail(&detail, &["zydrune.k@example.lt".into(), "x".into()]);
        assert_eq!(
            scrubbed,
            json!({
                "before": { "first_name": ERASED, "email": ERASED, "country": "LT" },
                "after": { "first_name": ERASED, "answers": ERASED, "country": "LT" },
                "note": ERASED,
                "kind": "confirmation",
                "empty": null,
            })
        );
    }
}
