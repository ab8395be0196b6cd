//! What the organizer dashboard reads about events: each event's phase
//! and its counts.

use chrono::Utc;
use sea_orm::DbErr;

use super::Services;
use crate::domain::EventStatus;
use crate::store::event_counts::{self, EventWithCounts};

/// Where an event stands for its organizers, in the order the dashboard
/// lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventPhase {
    /// Published and not yet over.
    Upcoming,
    /// Over, or cancelled.
    Past,
    Draft,
}

#[derive(Clone, Debug)]
pub struct EventSummary {
    pub slug: String,
    pub title: String,
    pub status: EventStatus,
    pub phase: EventPhase,
    pub starts_at: chrono::DateTime<Utc>,
    pub ends_at: chrono::DateTime<Utc>,
    pub timezone: chrono_tz::Tz,
    pub venue_name: String,
    pub capacity: Option<i32>,
    pub confirmed: i64,
    pub waitlisted: i64,
    pub pending: i64,
    pub checked_in: i64,
}

impl From<EventWithCounts> for EventSummary {
    fn from(row: EventWithCounts) -> Self {
        let event = row.event;
        let status = event.status;
        let phase = match status {
            EventStatus::Draft => EventPhase::Draft,
            EventStatus::Published if event.ends_at > Utc::now() => EventPhase::Upcoming,
            EventStatus::Published | EventStatus::Cancelled => EventPhase::Past,
        };
        Self {
            timezone: event
                .timezone
                .parse()
                .unwrap_or(chrono_tz::Europe::Brussels),
            slug: event.slug,
            title: event.title,
            status,
            phase,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            venue_name: event.venue_name,
            capacity: event.capacity,
            confirmed: i64::from(event.confirmed_count),
            waitlisted: i64::from(event.waitlisted_count),
            pending: row.pending,
            checked_in: row.checked_in,
        }
    }
}

impl Services {
    /// Every event: upcoming ones soonest first, then past ones latest
    /// first, then drafts soonest first.
    pub async fn event_summaries(&self) -> Result<Vec<EventSummary>, DbErr> {
        let mut events: Vec<EventSummary> = event_counts::all_events(&self.db.read)
            .await?
            .into_iter()
            .map(EventSummary::from)
            .collect();
        events.sort_by(|a, b| {
            a.phase.cmp(&b.phase).then_with(|| match a.phase {
                EventPhase::Past => b.starts_at.cmp(&a.starts_at),
                _ => a.starts_at.cmp(&b.starts_at),
            })
        });
        Ok(events)
    }

    pub async fn event_summary(&self, slug: &str) -> Result<Option<EventSummary>, DbErr> {
        Ok(event_counts::one_event(&self.db.read, slug)
            .await?
            .map(EventSummary::from))
    }
}
