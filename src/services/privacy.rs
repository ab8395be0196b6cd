//! The attendee's rights over their data, and retention: one service for
//! every way personal data leaves Tessera — the attendee's download and
//! self-service delete (`/r/{token}`), an organizer's erasure from the
//! dashboard, `tessera anonymize --email` / `--ended-before`, and the daily
//! retention job (`TESSERA_RETENTION_DAYS`).
//!
//! What erasure removes and keeps is `domain::erasure`; how it reaches every
//! table is `store::privacy`. A live registration of an event not over yet
//! is cancelled first, through the writer, in the erasure's transaction.

use chrono::{DateTime, Duration, Utc};
use sea_orm::DbErr;
use serde_json::{Value, json};

use super::Services;
use crate::domain::{Email, Language, ManageToken, MessageKind, check_in};
use crate::i18n::{FluentValue, tf};
use crate::store::audit::Actor;
use crate::store::entities::{event, outbox_message};
use crate::store::privacy::{self, HeldData};
use crate::store::queries;
use crate::store::writer::{Erased, WriteError};

/// What `tessera anonymize --email` did.
#[derive(Clone, Debug, Default)]
pub struct ErasedPerson {
    /// Registrations erased, in every event.
    pub erased: u64,
    /// Of those, live registrations of events not over yet, cancelled first.
    pub cancelled: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("not an email address")]
    BadAddress,
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl Services {
    /// Everything held about the registration behind an attendee's link,
    /// as the JSON document they download; `None` for an unknown link.
    pub async fn personal_data(&self, token: &str) -> Result<Option<Value>, DbErr> {
        let Some(token) = ManageToken::parse(token) else {
            return Ok(None);
        };
        let Some(registration) =
            queries::registration_by_token(&self.db.read, token.as_str()).await?
        else {
            return Ok(None);
        };
        let Some(held) = privacy::held_data(&self.db.read, registration).await? else {
            return Ok(None);
        };
        let record = queries::event_by_id(&self.db.read, held.event.id).await?;
        let sessions = record.map(|r| r.sessions).unwrap_or_default();
        Ok(Some(export(&held, &sessions, self.check_in_code(&held))))
    }

    /// The signed code of the registration's QR code, which is theirs too.
    fn check_in_code(&self, held: &HeldData) -> Option<String> {
        self.signing_key
            .as_ref()
            .map(|key| check_in::sign(key, &held.registration.id))
    }

    /// Deletes the registration behind an attendee's link: cancelled (a
    /// confirmed seat goes to the waiting list; the calendar CANCEL is owed)
    /// and erased in one transaction. `None` for an unknown link.
    pub async fn delete_by_token(&self, token: &str) -> Result<Option<Erased>, WriteError> {
        let Some(view) = self.attendee(token).await? else {
            return Ok(None);
        };
        let erased = self
            .writer
            .erase(view.event.id, view.registration.id, Actor::Attendee)
            .await?;
        Ok(Some(erased))
    }

    /// An organizer erases one registration from the dashboard.
    pub async fn erase_registration(
        &self,
        id: &str,
        actor: Actor,
    ) -> Result<Option<Erased>, WriteError> {
        let Some(registration) = queries::registration_by_id(&self.db.read, id).await? else {
            return Ok(None);
        };
        let erased = self
            .writer
            .erase(registration.event_id, registration.id, actor)
            .await?;
        Ok(Some(erased))
    }

    /// Erases one person everywhere: every registration of the address, in
    /// every event (compared as the events compare addresses, with and
    /// without a `+tag`).
    pub async fn erase_person(
        &self,
        address: &str,
        actor: Actor,
    ) -> Result<ErasedPerson, EraseError> {
        let email = Email::parse(address).map_err(|_| EraseError::BadAddress)?;
        let mut keys = vec![email.normalized().to_owned()];
        let folded = email.folding_plus_tag().normalized().to_owned();
        if !keys.contains(&folded) {
            keys.push(folded);
        }
        let mut done = ErasedPerson::default();
        for registration in privacy::registrations_of_address(&self.db.read, &keys).await? {
            let erased = self
                .writer
                .erase(registration.event_id, registration.id, actor.clone())
                .await?;
            done.erased += u64::from(erased.erased);
            done.cancelled += u64::from(erased.cancelled.is_some());
        }
        Ok(done)
    }

    /// Erases every registration of the events that ended before `cutoff`.
    pub async fn erase_ended_before(
        &self,
        cutoff: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<u64, DbErr> {
        privacy::erase_ended(&self.db.write, cutoff, actor).await
    }

    /// The daily retention run, when `TESSERA_RETENTION_DAYS` is set: the
    /// first instance to ask on a day erases the registrations of events
    /// that ended more than that many days ago. `None` when there is
    /// nothing to do here (off, or another instance ran it today).
    pub async fn run_retention(&self) -> Result<Option<u64>, DbErr> {
        let Some(days) = self.config.retention_days else {
            return Ok(None);
        };
        let today = Utc::now().format("%Y-%m-%d").to_string();
        if !privacy::claim_daily_run(&self.db.write, &today).await? {
            return Ok(None);
        }
        let cutoff = Utc::now() - Duration::days(i64::from(days));
        self.erase_ended_before(cutoff, &Actor::System)
            .await
            .map(Some)
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The download: every fact held, labelled for a person to read.
fn export(
    held: &HeldData,
    sessions: &[crate::store::entities::session::Model],
    check_in_code: Option<String>,
) -> Value {
    let r = &held.registration;
    let language = Language::parse(&r.language).unwrap_or_default();
    let answers = crate::services::attendees::stored_answers(r);
    let answers: Vec<Value> = answers
        .iter()
        .map(|(id, answer)| {
            let question = held.questions.iter().find(|q| q.id == *id);
            json!({
                "question": question.map(|q| q.label.as_str()),
                "kind": question.map(|q| q.kind.as_str()),
                "answer": answer,
            })
        })
        .collect();
    let chosen: Vec<Value> = sessions
        .iter()
        .filter(|s| held.session_ids.contains(&s.id))
        .map(|s| {
            json!({
                "title": s.title,
                "starts_at": time(s.starts_at),
                "ends_at": time(s.ends_at),
                "room": s.room,
            })
        })
        .collect();
    let emails: Vec<Value> = held
        .emails
        .iter()
        .map(|m| {
            json!({
                "kind": m.kind.as_str(),
                "subject": subject(language, &held.event, m),
                "to": m.recipient,
                "owed_at": time(m.created_at),
                "sent_at": m.sent_at.map(time),
                "status": m.status.as_str(),
                "attempts": m.attempts,
                "last_error": m.last_error,
            })
        })
        .collect();
    let audit: Vec<Value> = held
        .audit
        .iter()
        .map(|a| {
            json!({
                "at": time(a.created_at),
                "action": a.action,
                "by": a.actor,
                "detail": serde_json::from_str::<Value>(&a.detail).unwrap_or(Value::Null),
            })
        })
        .collect();
    let check_ins: Vec<Value> = held
        .check_ins
        .iter()
        .map(|c| {
            json!({
                "day": c.day,
                "checked_in_at": time(c.checked_in_at),
                "undone_at": c.undone_at.map(time),
            })
        })
        .collect();
    json!({
        "about": "Every piece of personal data this service holds about your registration.",
        "exported_at": time(Utc::now()),
        "event": {
            "title": held.event.title,
            "address": format!("/events/{}", held.event.slug),
            "starts_at": time(held.event.starts_at),
            "ends_at": time(held.event.ends_at),
            "organizer": held.event.organizer_name,
            "contact_email": held.event.contact_email,
        },
        "registration": {
            "id": r.id,
            "first_name": r.first_name,
            "last_name": r.last_name,
            "email": r.email,
            "organization": r.organization,
            "country": r.country,
            "language": r.language,
            "status": r.status.as_str(),
            "registered_at": time(r.created_at),
            "updated_at": time(r.updated_at),
            "waitlisted_at": r.waitlisted_at.map(time),
            "first_checked_in_at": r.checked_in_at.map(time),
            "check_in_code": check_in_code,
        },
        "check_ins": check_ins,
        "answers": answers,
        "sessions": chosen,
        "consent": {
            "given_at": time(r.consent_at),
            "privacy_notice_version": r.privacy_notice_version,
        },
        "emails": emails,
        "audit": audit,
    })
}

/// An email's subject line as the templates write it (`emails/*.subject`),
/// in the registration's language.
fn subject(language: Language, event: &event::Model, message: &outbox_message::Model) -> String {
    let payload: Value = serde_json::from_str(&message.payload).unwrap_or(Value::Null);
    let title = || ("title", FluentValue::from(event.title.as_str()));
    match message.kind {
        MessageKind::Announcement => {
            let subject = payload
                .get("subject")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            tf(
                language,
                "announcement-subject",
                &[("subject", FluentValue::from(subject)), title()],
            )
        }
        MessageKind::Reminder => {
            let when = crate::mail::templates::when(
                language,
                &event.timezone,
                event.starts_at,
                event.ends_at,
            );
            tf(
                language,
                "reminder-subject",
                &[title(), ("when", FluentValue::from(when))],
            )
        }
        kind => tf(
            language,
            &format!("{}-subject", kind.as_str().replace('_', "-")),
            &[title()],
        ),
    }
}
