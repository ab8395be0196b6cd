//! Registering, cancelling and verifying: the rules live in
//! `domain` and `store::writer`; this is where the faces meet them.

use sea_orm::DbErr;

use super::Services;
use crate::domain::event::EventStatus;
use crate::domain::{
    FieldErrors, Language, ManageToken, RawRegistration, RegistrationStatus, WindowState,
};
use crate::store::entities::{event, registration, session};
use crate::store::queries;
use crate::store::writer::{Actor, Cancelled, Refusal, Registered, WriteError};

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

impl Services {
    /// Registers for a published event: checks the form against the event's
    /// questions and sessions, then hands it to the writer, which places it.
    pub async fn register(
        &self,
        slug: &str,
        raw: RawRegistration,
        fallback_language: Language,
    ) -> Result<Registered, RegisterError> {
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
        let request = raw
            .parse(&event.rules(), &event.session_ids(), fallback_language)
            .map_err(RegisterError::Invalid)?;
        match self.writer.register(event.id(), request).await? {
            Ok(registered) => Ok(registered),
            Err(refusal) => Err(RegisterError::Refused(refusal)),
        }
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
        Ok(Some(AttendeeView {
            status,
            waitlist_position,
            registration,
            event: record.event,
            sessions,
        }))
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

    /// Confirms the address of a pending registration (double opt-in).
    pub async fn verify_by_token(
        &self,
        token: &str,
    ) -> Result<Option<Result<RegistrationStatus, Refusal>>, WriteError> {
        let Some(view) = self.attendee(token).await? else {
            return Ok(None);
        };
        Ok(Some(
            self.writer
                .verify(view.event.id, view.registration.id)
                .await?,
        ))
    }
}

/// What an attendee's own page shows.
pub struct AttendeeView {
    pub status: RegistrationStatus,
    pub waitlist_position: Option<u64>,
    pub registration: registration::Model,
    pub event: event::Model,
    pub sessions: Vec<session::Model>,
}
