//! Registering, cancelling and verifying: the rules live in
//! `domain` and `store::writer`; this is where the faces meet them.

use sea_orm::DbErr;

use super::Services;
use crate::domain::event::EventStatus;
use crate::domain::{
    Answer, FieldErrors, FormRules, Language, ManageToken, QuestionKind, RawRegistration,
    RegistrationStatus, WindowState, check_in,
};
use crate::store::entities::{event, registration, session};
use crate::store::queries;
use crate::store::writer::{Actor, Cancelled, Refusal, WriteError};

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("no such event")]
    NotFound,
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("registration is not possible: {0:?}")]
    Refused(Refusal),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What whoever sent the form is shown next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextPage {
    /// Their new registration's own page: on an event without address
    /// verification, whoever sends the form is who registers.
    Attendee { manage_token: String },
    /// The neutral "check your email" page. On an event with verification
    /// every answer is this one, so the page tells nothing about who is
    /// registered and no secret reaches anyone but the mailbox; elsewhere a
    /// repeated address gets it, and the email tells the owner the rest.
    CheckEmail,
}

/// A verification link's registration, and what confirming it did.
#[derive(Clone, Debug)]
pub struct Verified {
    pub manage_token: String,
    pub outcome: Result<RegistrationStatus, Refusal>,
    /// The event's page: where someone whose hold ran out registers again.
    pub event_slug: String,
}

impl Services {
    /// Registers for a published event: checks the form against the event's
    /// questions and sessions, then hands it to the writer, which places it.
    pub async fn register(
        &self,
        slug: &str,
        raw: RawRegistration,
        fallback_language: Language,
    ) -> Result<NextPage, RegisterError> {
        let event = self
            .catalog
            .by_slug(slug)
            .await?
            .filter(|e| e.status != EventStatus::Draft)
            .ok_or(RegisterError::NotFound)?;
        // Answer a closed event at once; the writer checks again under lock.
        match event.window_state() {
            WindowState::Open => {}
            state => return Err(RegisterError::Refused(Refusal::Window(state))),
        }
        let form = FormRules {
            questions: event.rules(),
            session_ids: event.session_ids(),
            dedupe_plus_addressing: event.record.event.dedupe_plus_addressing,
        };
        let mut request = raw
            .parse(&form, fallback_language)
            .map_err(RegisterError::Invalid)?;
        // The notice the form linked, in the language the page was read in.
        request.privacy_notice_version = self.privacy_notice_version(fallback_language);
        let registered = match self.writer.register(event.id(), request).await? {
            Ok(registered) => registered,
            Err(refusal) => return Err(RegisterError::Refused(refusal)),
        };
        let verifying = event.record.event.requires_verification
            || registered.status == RegistrationStatus::Pending;
        Ok(if verifying || registered.existing {
            NextPage::CheckEmail
        } else {
            NextPage::Attendee {
                manage_token: registered.manage_token,
            }
        })
    }

    pub async fn attendee(&self, token: &str) -> Result<Option<AttendeeView>, DbErr> {
        let Some(token) = ManageToken::parse(token) else {
            return Ok(None);
        };
        let Some(registration) =
            queries::registration_by_token(&self.db.read, token.as_str()).await?
        else {
            return Ok(None);
        };
        self.view_of(registration).await
    }

    /// The registration behind a verification link (`/v/{secret}`); `None`
    /// for a link this service did not sign.
    pub async fn to_verify(&self, secret: &str) -> Result<Option<AttendeeView>, DbErr> {
        let Some(key) = &self.signing_key else {
            return Ok(None);
        };
        let Some(id) = check_in::verify_address(key, secret) else {
            return Ok(None);
        };
        let Some(registration) = queries::registration_by_id(&self.db.read, &id)
            .await?
            // An erased registration's links open nothing.
            .filter(|r| r.erased_at.is_none())
        else {
            return Ok(None);
        };
        self.view_of(registration).await
    }

    /// Confirms the address behind a verification link (double opt-in):
    /// a pending registration is placed now, as if it had just arrived.
    pub async fn verify_address(&self, secret: &str) -> Result<Option<Verified>, WriteError> {
        let Some(view) = self.to_verify(secret).await? else {
            return Ok(None);
        };
        let outcome = self
            .writer
            .verify(view.event.id, view.registration.id)
            .await?;
        Ok(Some(Verified {
            manage_token: view.registration.manage_token,
            outcome,
            event_slug: view.event.slug,
        }))
    }

    async fn view_of(
        &self,
        registration: registration::Model,
    ) -> Result<Option<AttendeeView>, DbErr> {
        let Some(record) = queries::event_by_id(&self.db.read, registration.event_id).await? else {
            return Ok(None);
        };
        let status = registration.status;
        let waitlist_position = match status {
            RegistrationStatus::Waitlisted => Some(
                queries::waitlist_position(&self.db.read, registration.event_id, &registration.id)
                    .await?,
            ),
            _ => None,
        };
        let chosen = queries::chosen_session_ids(&self.db.read, &registration.id).await?;
        let sessions = record
            .sessions
            .into_iter()
            .filter(|s| chosen.contains(&s.id))
            .collect();
        let mut given: std::collections::BTreeMap<i64, Answer> =
            serde_json::from_str(&registration.answers).unwrap_or_default();
        let answers = record
            .questions
            .into_iter()
            .map(|q| AnswerLine {
                question_id: q.id,
                answer: given.remove(&q.id),
                label: q.label,
                kind: q.kind,
            })
            .collect();
        Ok(Some(AttendeeView {
            status,
            waitlist_position,
            registration,
            event: record.event,
            sessions,
            answers,
        }))
    }

    /// Ends every seat hold that has run out (double opt-in): through the
    /// writer, a bounded number per transaction. Returns how many ended.
    pub async fn expire_holds(&self) -> Result<usize, WriteError> {
        const PER_TRANSACTION: u64 = 500;
        let mut ended = 0;
        loop {
            let n = self.writer.expire_holds(PER_TRANSACTION).await?;
            ended += n;
            if (n as u64) < PER_TRANSACTION {
                return Ok(ended);
            }
        }
    }

    /// Minutes a new pending registration holds its seat, when it does.
    pub fn verify_hold_minutes(&self) -> Option<i64> {
        self.config
            .verify_hold()
            .map(|hold| hold.num_minutes().max(1))
    }

    /// Cancels the registration behind an attendee's own link.
    pub async fn cancel_by_token(&self, token: &str) -> Result<Option<Cancelled>, WriteError> {
        let Some(view) = self.attendee(token).await? else {
            return Ok(None);
        };
        let cancelled = self
            .writer
            .cancel(view.event.id, view.registration.id, Actor::Attendee)
            .await?;
        Ok(Some(cancelled))
    }
}

impl AttendeeView {
    /// A registration whose seat hold ran out before its address was
    /// confirmed (the expiry cancelled it): its verification link says so.
    pub fn hold_expired(&self) -> bool {
        self.status == RegistrationStatus::Cancelled && self.registration.hold_until.is_some()
    }

    /// When the seat of a pending registration stops being held.
    pub fn held_until(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.registration
            .hold_until
            .filter(|_| self.status == RegistrationStatus::Pending)
    }
}

/// What an attendee's own page shows.
pub struct AttendeeView {
    pub status: RegistrationStatus,
    pub waitlist_position: Option<u64>,
    pub registration: registration::Model,
    pub event: event::Model,
    pub sessions: Vec<session::Model>,
    /// Every question of the event, with the attendee's answer if any.
    pub answers: Vec<AnswerLine>,
}

/// One question of the event and the attendee's answer to it.
pub struct AnswerLine {
    pub question_id: i64,
    pub label: String,
    pub kind: QuestionKind,
    pub answer: Option<Answer>,
}
