//! An organizer's announcement to the attendees of an event: previewed,
//! then owed to every recipient of its audience through the outbox, and
//! followed by how many of its emails left.
//!
//! The Markdown body is rendered once, when it is sent, into the payload of
//! each outbox row: `body_html` (sanitised HTML) and `body_text` (readable
//! plain text). `body` keeps the plain text too, for templates that print
//! only it. `announcement` names the batch, so the dashboard can count its
//! rows.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use super::Services;
use super::event_changes::{EventChangeError, locked_event, owe_to_attendees};
use crate::domain::text::{multi_line, single_line};
use crate::domain::{DeliveryStatus, MessageKind, RegistrationStatus, markdown};
use crate::store::audit::{self, Actor};
use crate::store::entities::{event, outbox_message, registration, registration_session, session};
use crate::store::{begin_write, now};

/// Who an announcement is written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Confirmed,
    Waitlisted,
    /// Everyone whose registration is live: confirmed, waitlisted and those
    /// who have not yet confirmed their address.
    Everyone,
    /// The confirmed attendees who chose this session.
    Session(i64),
}

impl Audience {
    /// The form's value: `confirmed`, `waitlisted`, `everyone` or
    /// `session:ID`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "confirmed" => Some(Audience::Confirmed),
            "waitlisted" => Some(Audience::Waitlisted),
            "everyone" => Some(Audience::Everyone),
            other => other
                .strip_prefix("session:")
                .and_then(|id| id.parse().ok())
                .map(Audience::Session),
        }
    }

    pub fn value(self) -> String {
        match self {
            Audience::Confirmed => "confirmed".into(),
            Audience::Waitlisted => "waitlisted".into(),
            Audience::Everyone => "everyone".into(),
            Audience::Session(id) => format!("session:{id}"),
        }
    }

    fn statuses(self) -> &'static [RegistrationStatus] {
        match self {
            Audience::Confirmed | Audience::Session(_) => &[RegistrationStatus::Confirmed],
            Audience::Waitlisted => &[RegistrationStatus::Waitlisted],
            Audience::Everyone => &[
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted,
                RegistrationStatus::Pending,
            ],
        }
    }

    fn session(self) -> Option<i64> {
        match self {
            Audience::Session(id) => Some(id),
            _ => None,
        }
    }
}

/// What the organizer wrote.
#[derive(Clone, Debug)]
pub struct AnnouncementDraft {
    pub subject: String,
    /// Markdown.
    pub body: String,
    pub audience: Audience,
}

/// The email as its recipients will read it, and how many they are.
#[derive(Clone, Debug)]
pub struct AnnouncementPreview {
    pub subject: String,
    pub body_html: String,
    pub body_text: String,
    pub recipients: u64,
}

/// An announcement on its way.
#[derive(Clone, Debug)]
pub struct Announced {
    /// The batch key in the payload of each of its outbox rows.
    pub announcement_id: String,
    pub recipients: u64,
}

/// How an announcement's emails are doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnnouncementDelivery {
    pub sent: u64,
    /// Still queued or being handed to the mail server.
    pub pending: u64,
    pub failed: u64,
}

impl AnnouncementDelivery {
    pub fn total(self) -> u64 {
        self.sent + self.pending + self.failed
    }
}

/// An event and the sessions one may address an announcement to.
#[derive(Clone, Debug)]
pub struct AnnouncementTarget {
    pub event: event::Model,
    pub sessions: Vec<session::Model>,
}

fn invalid(field: &'static str, message: &'static str) -> EventChangeError {
    EventChangeError::Invalid { field, message }
}

/// The draft checked and rendered: subject, HTML and plain text.
fn render(draft: &AnnouncementDraft) -> Result<(String, String, String), EventChangeError> {
    let subject = single_line(&draft.subject, 200, true).map_err(|m| invalid("subject", m))?;
    let body = multi_line(&draft.body, 20_000, true).map_err(|m| invalid("body", m))?;
    Ok((
        subject,
        markdown::to_safe_html(&body),
        markdown::to_plain_text(&body),
    ))
}

impl Services {
    /// The event and its sessions, for the announcement form.
    pub async fn announcement_target(
        &self,
        slug: &str,
    ) -> Result<AnnouncementTarget, EventChangeError> {
        let event = event::Entity::find()
            .filter(event::Column::Slug.eq(slug))
            .one(&self.db.read)
            .await?
            .ok_or(EventChangeError::NotFound)?;
        let sessions = session::Entity::find()
            .filter(session::Column::EventId.eq(event.id))
            .order_by_asc(session::Column::Position)
            .order_by_asc(session::Column::Id)
            .all(&self.db.read)
            .await?;
        Ok(AnnouncementTarget { event, sessions })
    }

    /// The email as it will be sent, and to how many people; changes
    /// nothing.
    pub async fn preview_announcement(
        &self,
        slug: &str,
        draft: &AnnouncementDraft,
    ) -> Result<AnnouncementPreview, EventChangeError> {
        let target = self.announcement_target(slug).await?;
        check_session(&target, draft.audience)?;
        let (subject, body_html, body_text) = render(draft)?;
        let mut count = registration::Entity::find()
            .filter(registration::Column::EventId.eq(target.event.id))
            .filter(registration::Column::Status.is_in(draft.audience.statuses().to_vec()));
        if let Some(session) = draft.audience.session() {
            count = count.filter(
                registration::Column::Id.in_subquery(
                    Query::select()
                        .column(registration_session::Column::RegistrationId)
                        .from(registration_session::Entity)
                        .and_where(registration_session::Column::SessionId.eq(session))
                        .to_owned(),
                ),
            );
        }
        let recipients = count.count(&self.db.read).await?;
        Ok(AnnouncementPreview {
            subject,
            body_html,
            body_text,
            recipients,
        })
    }

    /// Owes the announcement to every recipient of its audience: one
    /// `announcement` outbox row each and the audit entry, in one
    /// transaction.
    pub async fn announce_to(
        &self,
        slug: &str,
        draft: &AnnouncementDraft,
        actor: Actor,
    ) -> Result<Announced, EventChangeError> {
        let (subject, body_html, body_text) = render(draft)?;
        if let Audience::Session(_) = draft.audience {
            let target = self.announcement_target(slug).await?;
            check_session(&target, draft.audience)?;
        }
        let announcement_id = uuid::Uuid::now_v7().simple().to_string();
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = locked_event(&tx, slug).await?;
        let recipients = owe_to_attendees(
            &tx,
            &event,
            draft.audience.session(),
            draft.audience.statuses(),
            MessageKind::Announcement,
            |_| {
                json!({
                    "sequence": event.revision,
                    "announcement": announcement_id,
                    "subject": subject,
                    "body": body_text,
                    "body_text": body_text,
                    "body_html": body_html,
                })
            },
            clock,
        )
        .await?;
        audit::record(
            &tx,
            &actor,
            "announce",
            "event",
            &event.id.to_string(),
            json!({
                "announcement": announcement_id,
                "audience": draft.audience.value(),
                "subject": subject,
                "body": draft.body,
                "recipients": recipients,
            }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.outbox_ready.notify_one();
        Ok(Announced {
            announcement_id,
            recipients,
        })
    }

    /// How many of one announcement's emails are sent, pending and failed.
    pub async fn announcement_delivery(
        &self,
        slug: &str,
        announcement_id: &str,
    ) -> Result<AnnouncementDelivery, EventChangeError> {
        // The key is ours (a simple UUID); anything else names no batch.
        if announcement_id.is_empty() || !announcement_id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(EventChangeError::NotFound);
        }
        let target = self.announcement_target(slug).await?;
        // The payload is compact JSON written by `announce_to`.
        let needle = format!("%\"announcement\":\"{announcement_id}\"%");
        let rows: Vec<(String, i64)> = outbox_message::Entity::find()
            .select_only()
            .column(outbox_message::Column::Status)
            .column_as(Expr::col(outbox_message::Column::Id).count(), "count")
            .filter(outbox_message::Column::EventId.eq(target.event.id))
            .filter(outbox_message::Column::Kind.eq(MessageKind::Announcement.as_str()))
            .filter(outbox_message::Column::Payload.like(needle))
            .group_by(outbox_message::Column::Status)
            .into_tuple()
            .all(&self.db.read)
            .await?;
        let mut delivery = AnnouncementDelivery::default();
        for (status, count) in rows {
            let count = u64::try_from(count).unwrap_or(0);
            if status == DeliveryStatus::Sent.as_str() {
                delivery.sent += count;
            } else if status == DeliveryStatus::Failed.as_str() {
                delivery.failed += count;
            } else {
                delivery.pending += count;
            }
        }
        Ok(delivery)
    }
}

fn check_session(target: &AnnouncementTarget, audience: Audience) -> Result<(), EventChangeError> {
    match audience {
        Audience::Session(id) if !target.sessions.iter().any(|s| s.id == id) => {
            Err(invalid("audience", "choose one of this event's sessions"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::Audience;

    #[test]
    fn audiences_read_back_what_they_write() {
        for audience in [
            Audience::Confirmed,
            Audience::Waitlisted,
            Audience::Everyone,
            Audience::Session(42),
        ] {
            assert_eq!(Audience::parse(&audience.value()), Some(audience));
        }
        assert_eq!(Audience::parse("session:x"), None);
        assert_eq!(Audience::parse("cancelled"), None);
    }
}
