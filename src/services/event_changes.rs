//! Changes to a whole event that attendees must hear about: a new time or
//! place (an updated invite to every confirmed attendee), the event's
//! cancellation (a CANCEL to all), an organizer's announcement, and the
//! reminder before the start. Each is one transaction that writes the
//! change, its outbox rows and its audit entry together.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use serde_json::json;

use super::Services;
use crate::domain::event::EventStatus;
use crate::domain::text::{multi_line, single_line};
use crate::domain::{DeliveryStatus, Email, Language, MessageKind, RegistrationStatus};
use crate::store::audit::{self, Actor};
use crate::store::entities::{event, outbox_message, registration, registration_session};
use crate::store::writer::{WriteError, promote_after_capacity_change};
use crate::store::{begin_write, now};

/// What an organizer may change; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct EventChange {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    /// `Some(None)` removes the online link.
    pub online_url: Option<Option<String>>,
    /// `Some(None)` makes the seats unlimited.
    pub capacity: Option<Option<i32>>,
    pub language: Option<Language>,
    /// A new zone moves nothing: the instants stay, their wall-clock
    /// reading changes (give `starts_at`/`ends_at` read in the new zone).
    pub timezone: Option<chrono_tz::Tz>,
    pub waitlist_enabled: Option<bool>,
    /// `Some(None)` removes the limit.
    pub registration_opens_at: Option<Option<DateTime<Utc>>>,
    pub registration_closes_at: Option<Option<DateTime<Utc>>>,
    pub requires_verification: Option<bool>,
    pub contact_email: Option<String>,
    pub organizer_name: Option<String>,
    pub funding_line: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EventChangeError {
    #[error("no such event")]
    NotFound,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: &'static str,
    },
    #[error("the event is cancelled")]
    Cancelled,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn invalid(field: &'static str, message: &'static str) -> EventChangeError {
    EventChangeError::Invalid { field, message }
}

/// The result of an update: the event as it is now, and how many attendees
/// were sent the new invite.
#[derive(Debug)]
pub struct EventUpdated {
    pub event: event::Model,
    pub invites_resent: u64,
    pub promoted: usize,
}

impl Services {
    /// Changes an event. A new time or place raises the event's revision
    /// (the invites' SEQUENCE) and owes every confirmed attendee the updated
    /// invite; more seats fill from the waiting list.
    pub async fn update_event(
        &self,
        slug: &str,
        change: EventChange,
        actor: Actor,
    ) -> Result<EventUpdated, EventChangeError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let current = locked_event(&tx, slug).await?;
        if current.status == EventStatus::Cancelled {
            return Err(EventChangeError::Cancelled);
        }
        let mut next = current.clone();
        if let Some(title) = &change.title {
            next.title = single_line(title, 200, true).map_err(|m| invalid("title", m))?;
        }
        if let Some(summary) = &change.summary {
            next.summary = single_line(summary, 500, false).map_err(|m| invalid("summary", m))?;
        }
        if let Some(description) = &change.description {
            next.description =
                multi_line(description, 20_000, false).map_err(|m| invalid("description", m))?;
        }
        if let Some(starts_at) = change.starts_at {
            next.starts_at = starts_at;
        }
        if let Some(ends_at) = change.ends_at {
            next.ends_at = ends_at;
        }
        if next.ends_at <= next.starts_at {
            return Err(invalid("ends_at", "error.ends_before_start"));
        }
        if let Some(name) = &change.venue_name {
            next.venue_name =
                single_line(name, 200, false).map_err(|m| invalid("venue_name", m))?;
        }
        if let Some(address) = &change.venue_address {
            next.venue_address =
                single_line(address, 300, false).map_err(|m| invalid("venue_address", m))?;
        }
        if let Some(url) = &change.online_url {
            next.online_url = match url.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                    Some(single_line(url, 500, true).map_err(|m| invalid("online_url", m))?)
                }
                Some(_) => return Err(invalid("online_url", "error.url_invalid")),
            };
        }
        if let Some(capacity) = change.capacity {
            match capacity {
                Some(c) if c < 0 => return Err(invalid("capacity", "error.capacity_invalid")),
                // Seats already given stay given, and so do seats held
                // for people confirming their address (their confirmation
                // must not overbook).
                Some(c) if c < current.confirmed_count + current.held_count => {
                    return Err(invalid("capacity", "error.capacity_below_confirmed"));
                }
                _ => next.capacity = capacity,
            }
        }

        if let Some(language) = change.language {
            next.language = language.code().to_owned();
        }
        if let Some(zone) = change.timezone {
            next.timezone = zone.name().to_owned();
        }
        if let Some(waitlist) = change.waitlist_enabled {
            next.waitlist_enabled = waitlist;
        }
        if let Some(opens) = change.registration_opens_at {
            next.registration_opens_at = opens;
        }
        if let Some(closes) = change.registration_closes_at {
            next.registration_closes_at = closes;
        }
        if let (Some(opens), Some(closes)) =
            (next.registration_opens_at, next.registration_closes_at)
            && closes <= opens
        {
            return Err(invalid(
                "registration_closes_at",
                "registration must close after it opens",
            ));
        }
        if let Some(verification) = change.requires_verification {
            next.requires_verification = verification;
        }
        if let Some(email) = &change.contact_email {
            next.contact_email = Email::parse(email)
                .map_err(|m| invalid("contact_email", m))?
                .as_str()
                .to_owned();
        }
        if let Some(name) = &change.organizer_name {
            next.organizer_name =
                single_line(name, 200, false).map_err(|m| invalid("organizer_name", m))?;
        }
        if let Some(line) = &change.funding_line {
            next.funding_line =
                single_line(line, 300, false).map_err(|m| invalid("funding_line", m))?;
        }

        let moved = next.starts_at != current.starts_at
            || next.ends_at != current.ends_at
            || next.venue_name != current.venue_name
            || next.venue_address != current.venue_address
            || next.online_url != current.online_url;
        if moved {
            next.revision += 1;
        }
        next.updated_at = clock;
        let more_seats = match (current.capacity, next.capacity) {
            (Some(before), Some(after)) => after > before,
            (Some(_), None) => true,
            _ => false,
        };
        let mut row = next.clone().into_active_model();
        for column in [
            event::Column::Title,
            event::Column::Summary,
            event::Column::Description,
            event::Column::StartsAt,
            event::Column::EndsAt,
            event::Column::VenueName,
            event::Column::VenueAddress,
            event::Column::OnlineUrl,
            event::Column::Capacity,
            event::Column::Language,
            event::Column::Timezone,
            event::Column::WaitlistEnabled,
            event::Column::RegistrationOpensAt,
            event::Column::RegistrationClosesAt,
            event::Column::RequiresVerification,
            event::Column::ContactEmail,
            event::Column::OrganizerName,
            event::Column::FundingLine,
            event::Column::Revision,
            event::Column::UpdatedAt,
        ] {
            row.reset(column);
        }
        let event = row.update(&tx).await?;
        let (before, after) = changed_fields(&current, &event);
        let invites_resent = if moved {
            owe_to_registrations(
                &tx,
                &event,
                &[RegistrationStatus::Confirmed],
                MessageKind::EventUpdated,
                |_| json!({ "sequence": event.revision }),
                clock,
            )
            .await?
        } else {
            0
        };
        // More seats go to the waiting list in this same transaction (SPEC
        // invariant 4): nothing can fail between the change and the promotion.
        let promoted = if more_seats {
            promote_after_capacity_change(&tx, event.id, clock).await?
        } else {
            Vec::new()
        };
        audit::record(
            &tx,
            &actor,
            "update",
            "event",
            &event.id.to_string(),
            json!({
                "moved": moved,
                "revision": event.revision,
                "capacity": event.capacity,
                "promoted": promoted,
                "before": before,
                "after": after,
            }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        if !promoted.is_empty() {
            self.catalog.forget_seats(event.id);
        }
        self.outbox_ready.notify_one();
        Ok(EventUpdated {
            event,
            invites_resent,
            promoted: promoted.len(),
        })
    }

    /// Cancels a whole event: no more registrations, and every live
    /// registration is told — confirmed attendees with a CANCEL of their
    /// invite. Returns the number of attendees told.
    pub async fn cancel_event(&self, slug: &str, actor: Actor) -> Result<u64, EventChangeError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let current = locked_event(&tx, slug).await?;
        if current.status == EventStatus::Cancelled {
            return Ok(0);
        }
        let mut row = current.clone().into_active_model();
        row.status = Set(EventStatus::Cancelled);
        row.revision = Set(current.revision + 1);
        row.updated_at = Set(clock);
        let event = row.update(&tx).await?;
        let told = owe_to_registrations(
            &tx,
            &event,
            &[
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted,
                RegistrationStatus::Pending,
            ],
            MessageKind::EventCancelled,
            |status| json!({ "sequence": event.revision, "previous": status.as_str() }),
            clock,
        )
        .await?;
        audit::record(
            &tx,
            &actor,
            "cancel",
            "event",
            &event.id.to_string(),
            json!({ "told": told }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        self.outbox_ready.notify_one();
        Ok(told)
    }

    /// An organizer's message to every confirmed attendee of an event (the
    /// command line's `tessera event announce`); the dashboard chooses the
    /// audience through `announce_to` (src/services/announcements.rs).
    pub async fn announce(
        &self,
        slug: &str,
        subject: &str,
        body: &str,
        actor: Actor,
    ) -> Result<u64, EventChangeError> {
        let draft = super::announcements::AnnouncementDraft {
            subject: subject.to_owned(),
            body: body.to_owned(),
            audience: super::announcements::Audience::Confirmed,
        };
        Ok(self.announce_to(slug, &draft, actor).await?.recipients)
    }

    /// Owes a reminder to the confirmed attendees of every published event
    /// that starts within `hours`, once per event. The guarded update makes
    /// "once" hold across instances too.
    pub async fn queue_due_reminders(&self, hours: u32) -> Result<u64, DbErr> {
        if hours == 0 {
            return Ok(0);
        }
        let clock = now();
        let due = event::Entity::find()
            .filter(event::Column::Status.eq(EventStatus::Published))
            .filter(event::Column::ReminderSentAt.is_null())
            .filter(event::Column::StartsAt.gt(clock))
            .filter(event::Column::StartsAt.lte(clock + Duration::hours(i64::from(hours))))
            .all(&self.db.read)
            .await?;
        let mut queued = 0;
        for candidate in due {
            let tx = begin_write(&self.db.write).await?;
            let claimed = event::Entity::update_many()
                .col_expr(event::Column::ReminderSentAt, Expr::value(Some(clock)))
                .filter(event::Column::Id.eq(candidate.id))
                .filter(event::Column::ReminderSentAt.is_null())
                .exec(&tx)
                .await?
                .rows_affected;
            if claimed == 1 {
                queued += owe_to_registrations(
                    &tx,
                    &candidate,
                    &[RegistrationStatus::Confirmed],
                    MessageKind::Reminder,
                    |_| json!({ "sequence": candidate.revision }),
                    clock,
                )
                .await?;
            }
            tx.commit().await?;
        }
        if queued > 0 {
            self.outbox_ready.notify_one();
        }
        Ok(queued)
    }
}

/// The fields an update changed, as they were and as they are: what the
/// audit log (src/web/admin/audit.rs) shows as its before → after table.
fn changed_fields(
    before: &event::Model,
    after: &event::Model,
) -> (serde_json::Value, serde_json::Value) {
    let (was_all, is_all) = (event_fields_json(before), event_fields_json(after));
    let mut was = serde_json::Map::new();
    let mut is = serde_json::Map::new();
    if let (Some(b), Some(a)) = (was_all.as_object(), is_all.as_object()) {
        for (field, old) in b {
            let new = a.get(field).cloned().unwrap_or(serde_json::Value::Null);
            if *old != new {
                was.insert(field.clone(), old.clone());
                is.insert(field.clone(), new);
            }
        }
    }
    (was.into(), is.into())
}

fn event_fields_json(e: &event::Model) -> serde_json::Value {
    json!({
        "title": e.title,
        "summary": e.summary,
        "description": e.description,
        "language": e.language,
        "timezone": e.timezone,
        "starts_at": e.starts_at.to_rfc3339(),
        "ends_at": e.ends_at.to_rfc3339(),
        "venue_name": e.venue_name,
        "venue_address": e.venue_address,
        "online_url": e.online_url,
        "capacity": e.capacity,
        "waitlist_enabled": e.waitlist_enabled,
        "registration_opens_at": e.registration_opens_at.map(|t| t.to_rfc3339()),
        "registration_closes_at": e.registration_closes_at.map(|t| t.to_rfc3339()),
        "requires_verification": e.requires_verification,
        "contact_email": e.contact_email,
        "organizer_name": e.organizer_name,
        "funding_line": e.funding_line,
    })
}

/// The event row for its slug, locked for the transaction on PostgreSQL
/// (SQLite's write transaction already holds the database).
pub(crate) async fn locked_event(
    tx: &DatabaseTransaction,
    slug: &str,
) -> Result<event::Model, EventChangeError> {
    event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .lock_exclusive()
        .one(tx)
        .await?
        .ok_or(EventChangeError::NotFound)
}

/// Writes one outbox row of `kind` for every registration of the event in
/// one of `statuses`, with one statement per status whatever their number.
async fn owe_to_registrations(
    tx: &DatabaseTransaction,
    event: &event::Model,
    statuses: &[RegistrationStatus],
    kind: MessageKind,
    payload: impl Fn(RegistrationStatus) -> serde_json::Value,
    clock: DateTime<Utc>,
) -> Result<u64, DbErr> {
    owe_to_attendees(tx, event, None, statuses, kind, payload, clock).await
}

/// `owe_to_registrations`, narrowed to those who chose `session` when one
/// is given.
pub(super) async fn owe_to_attendees(
    tx: &DatabaseTransaction,
    event: &event::Model,
    session: Option<i64>,
    statuses: &[RegistrationStatus],
    kind: MessageKind,
    payload: impl Fn(RegistrationStatus) -> serde_json::Value,
    clock: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut owed = 0;
    for status in statuses {
        let mut select = Query::select();
        select
            .expr(Expr::value(event.id))
            .column(registration::Column::Id)
            .expr(Expr::value(kind.as_str()))
            .column(registration::Column::Email)
            .expr(Expr::value(payload(*status).to_string()))
            .expr(Expr::value(DeliveryStatus::Pending.as_str()))
            .expr(Expr::value(0))
            .expr(Expr::value(clock))
            .expr(Expr::value(clock))
            .from(registration::Entity)
            .and_where(registration::Column::EventId.eq(event.id))
            .and_where(registration::Column::Status.eq(*status))
            // An erased person has no address left to write to.
            .and_where(registration::Column::ErasedAt.is_null());
        if let Some(session) = session {
            select.and_where(
                registration::Column::Id.in_subquery(
                    Query::select()
                        .column(registration_session::Column::RegistrationId)
                        .from(registration_session::Entity)
                        .and_where(registration_session::Column::SessionId.eq(session))
                        .to_owned(),
                ),
            );
        }
        let mut insert = Query::insert();
        insert
            .into_table(outbox_message::Entity)
            .columns([
                outbox_message::Column::EventId,
                outbox_message::Column::RegistrationId,
                outbox_message::Column::Kind,
                outbox_message::Column::Recipient,
                outbox_message::Column::Payload,
                outbox_message::Column::Status,
                outbox_message::Column::Attempts,
                outbox_message::Column::NextAttemptAt,
                outbox_message::Column::CreatedAt,
            ])
            .select_from(select)
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        owed += tx.execute(&insert).await?.rows_affected();
    }
    Ok(owed)
}
