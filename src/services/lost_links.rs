//! A lost manage link, sent again: the small form on the event page takes
//! an address and, when a live registration of the event has it, owes that
//! registration its status email (which carries the link) through the
//! outbox — never the link itself to whoever typed the address, and the
//! same answer either way.
//!
//! The rule is the one a repeated registration follows (`domain::batch`):
//! at most one email per `RESEND_INTERVAL` per registration, decided from
//! the registration's `last_emailed_at`, which both paths set. The row is
//! locked (`FOR UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE` lets one
//! writer in at a time), so two instances asked at once send one email.

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;

use super::Services;
use crate::domain::batch::{RESEND_INTERVAL, status_email};
use crate::domain::event::EventStatus;
use crate::domain::{Email, RegistrationStatus};
use crate::store::audit::{self, Actor};
use crate::store::entities::{event, registration};
use crate::store::{begin_write, now, outbox};

#[derive(Debug, thiserror::Error)]
pub enum LostLinkError {
    #[error("no such event")]
    NotFound,
    /// The address cannot be one (its message key, for the `email` field).
    #[error("not an email address: {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What a request did, for tests and logs only: the visitor's answer is
/// the same whatever this says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LostLinkOutcome {
    /// No live registration of the event has the address.
    Unknown,
    /// The registration was emailed within `RESEND_INTERVAL`: nothing more.
    TooSoon,
    /// Its status email (with the link) is owed now.
    Emailed,
}

impl Services {
    /// Emails the manage link of the live registration of `address` for the
    /// event `slug`, if there is one and it was not emailed lately.
    pub async fn send_lost_link(
        &self,
        slug: &str,
        address: &str,
    ) -> Result<LostLinkOutcome, LostLinkError> {
        let event = self
            .catalog
            .by_slug(slug)
            .await?
            .filter(|e| e.status != EventStatus::Draft)
            .ok_or(LostLinkError::NotFound)?;
        // Compared as the one-registration-per-person rule compares it.
        let email = Email::parse(address).map_err(LostLinkError::Invalid)?;
        let email = if event.record.event.dedupe_plus_addressing {
            email.folding_plus_tag()
        } else {
            email
        };
        let live = |query: sea_orm::Select<registration::Entity>| {
            query
                .filter(registration::Column::EventId.eq(event.id()))
                .filter(registration::Column::EmailNormalized.eq(email.normalized()))
                .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        };
        // An unknown address costs a read, not a write.
        if live(registration::Entity::find())
            .one(&self.db.read)
            .await?
            .is_none()
        {
            return Ok(LostLinkOutcome::Unknown);
        }
        let tx = begin_write(&self.db.write).await?;
        let Some(found) = live(registration::Entity::find())
            .lock_exclusive()
            .one(&tx)
            .await?
        else {
            tx.rollback().await?;
            return Ok(LostLinkOutcome::Unknown);
        };
        let clock = now();
        let due = found
            .last_emailed_at
            .is_none_or(|at| clock - at >= RESEND_INTERVAL);
        let (true, Some(kind)) = (due, status_email(found.status)) else {
            tx.rollback().await?;
            return Ok(LostLinkOutcome::TooSoon);
        };
        let record = event::Entity::find_by_id(found.event_id)
            .one(&tx)
            .await?
            .ok_or(LostLinkError::NotFound)?;
        outbox::owe_status_email_again(&tx, &record, &found, kind, clock).await?;
        audit::record(
            &tx,
            &Actor::Attendee,
            "lost_link",
            "registration",
            &found.id,
            json!({ "kind": kind.as_str() }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.outbox_ready.notify_one();
        Ok(LostLinkOutcome::Emailed)
    }
}
