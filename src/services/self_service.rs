//! What attendees change themselves on their own page (`/r/{token}`):
//! their answers, chosen sessions and email language. Read with the
//! registration form's own rules (`domain::RawChoices`), decided by the
//! registration writer against the locked session counters.

use std::sync::Arc;

use sea_orm::DbErr;

use super::Services;
use super::catalog::PublicEvent;
use super::registrations::AttendeeView;
use crate::domain::{FieldErrors, FormRules, Language, RawChoices, RegistrationStatus};
use crate::store::audit::Actor;
use crate::store::writer::{ChangeRefused, ChoicesChanged, WriteError};

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such registration")]
    NotFound,
    #[error("the registration is cancelled")]
    Cancelled,
    #[error("the form has errors")]
    Invalid(FieldErrors),
    /// An added session has no seat left; its title, for the message.
    #[error("the session {title} is full")]
    SessionFull { session_id: i64, title: String },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// The attendee's registration with its event's form, for the page that
/// changes it.
pub struct ChoicesForm {
    pub view: AttendeeView,
    pub event: Arc<PublicEvent>,
}

impl Services {
    /// The registration behind a manage token and its event's form; `None`
    /// for a token that names none.
    pub async fn choices_form(&self, token: &str) -> Result<Option<ChoicesForm>, DbErr> {
        let Some(view) = self.attendee(token).await? else {
            return Ok(None);
        };
        let Some(event) = self.catalog.by_slug(&view.event.slug).await? else {
            return Ok(None);
        };
        Ok(Some(ChoicesForm { view, event }))
    }

    /// Changes the answers, sessions and email language of the registration
    /// behind `token`, as its attendee.
    pub async fn change_choices(
        &self,
        token: &str,
        raw: RawChoices,
        fallback_language: Language,
    ) -> Result<ChoicesChanged, ChangeError> {
        let form = self
            .choices_form(token)
            .await?
            .ok_or(ChangeError::NotFound)?;
        if form.view.status == RegistrationStatus::Cancelled {
            return Err(ChangeError::Cancelled);
        }
        let rules = FormRules {
            questions: form.event.rules(),
            session_ids: form.event.session_ids(),
            dedupe_plus_addressing: form.view.event.dedupe_plus_addressing,
        };
        let choices = raw
            .parse(&rules, fallback_language)
            .map_err(ChangeError::Invalid)?;
        let outcome = self
            .writer
            .change_choices(
                form.view.event.id,
                form.view.registration.id.clone(),
                choices,
                Actor::Attendee,
            )
            .await
            .map_err(|e| match e {
                WriteError::NotFound => ChangeError::NotFound,
                other => ChangeError::Write(other),
            })?;
        match outcome {
            Ok(changed) => Ok(changed),
            Err(ChangeRefused::Cancelled) => Err(ChangeError::Cancelled),
            Err(ChangeRefused::SessionFull(session_id)) => Err(ChangeError::SessionFull {
                session_id,
                title: form
                    .event
                    .record
                    .sessions
                    .iter()
                    .find(|s| s.id == session_id)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
            }),
        }
    }
}
