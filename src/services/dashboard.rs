//! What the organizer dashboard reads about events: each event's phase
//! and its counts.

use chrono::Utc;
use sea_orm::DbErr;

use super::Services;
use crate::domain::EventStatus;
use crate::store::event_counts::{self, EventWithCounts};
use crate::store::event_tallies::{self, Tallies};

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

/// An event's counts as its dashboard page and its live stream show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct EventCountsNow {
    pub capacity: Option<i64>,
    /// Seats held for pending registrations until they confirm their
    /// address (double opt-in): not confirmed, and not free either.
    pub held: i64,
    #[serde(flatten)]
    pub tallies: Tallies,
    pub sessions: Vec<SessionCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SessionCount {
    pub id: i64,
    pub title: String,
    pub confirmed: i64,
    pub capacity: Option<i64>,
}

impl Services {
    /// Every count of one event, read from the database: the page, and
    /// the live stream's occasional full refresh.
    pub async fn event_counts(&self, slug: &str) -> Result<Option<EventCountsNow>, DbErr> {
        let Some(setup) = self.event_setup(slug).await? else {
            return Ok(None);
        };
        let tallies = event_tallies::tallies(&self.db.read, setup.event.id).await?;
        Ok(Some(EventCountsNow {
            capacity: setup.event.capacity.map(i64::from),
            held: i64::from(setup.event.held_count),
            tallies,
            sessions: setup
                .sessions
                .iter()
                .map(|s| SessionCount {
                    id: s.id,
                    title: s.title.clone(),
                    confirmed: i64::from(s.confirmed_count),
                    capacity: s.capacity.map(i64::from),
                })
                .collect(),
        }))
    }

    /// `counts` with the seat figures the registration writer keeps in
    /// memory (src/store/seats.rs): no query, so a live stream can ask
    /// every second without touching the database or the writer. The
    /// catalog's own reload (at most once a second, shared by every
    /// reader) is the only read.
    pub async fn refresh_seat_counts(
        &self,
        slug: &str,
        mut counts: EventCountsNow,
    ) -> Result<EventCountsNow, DbErr> {
        let Some(event) = self.catalog.by_slug(slug).await? else {
            return Ok(counts);
        };
        let seats = self.catalog.seats(&event);
        counts.capacity = seats.event.capacity;
        counts.tallies.confirmed = seats.confirmed;
        counts.held = seats.held;
        counts.tallies.waitlisted = seats.waitlisted;
        for session in &mut counts.sessions {
            if let (Some(now), Some(confirmed)) = (
                seats.sessions.get(&session.id),
                seats.session_confirmed.get(&session.id),
            ) {
                session.confirmed = *confirmed;
                session.capacity = now.capacity;
            }
        }
        Ok(counts)
    }
}
