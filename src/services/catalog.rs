//! The public face of events, kept in memory: an event page must not cost a
//! query (measured on this stack: ~25,000 pages/s with one, ~80,000 without). An
//! entry is reloaded after `FRESH_FOR`, and dropped at once when this
//! instance changes the event; other instances' changes show within that
//! time. Seats come from the `SeatBoard` the writer keeps.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::domain::event::EventStatus;
use crate::domain::{QuestionRule, RegistrationWindow, Seats, WindowState, markdown};
use crate::store::entities::{event, session};
use crate::store::queries::{self, EventRecord};
use crate::store::seats::{EventCounts, SeatBoard, SessionCounts};

const FRESH_FOR: Duration = Duration::from_secs(1);

/// Numbers what the public pages show of an event or of the upcoming list,
/// so that pages rendered from them are kept until it changes.
static VERSIONS: AtomicU64 = AtomicU64::new(1);

fn next_version() -> u64 {
    VERSIONS.fetch_add(1, Ordering::Relaxed)
}

/// An event as its public page shows it.
pub struct PublicEvent {
    /// Changes whenever what the page shows of the event changes (not its
    /// seat counts, which come from the `SeatBoard`): pages rendered from
    /// one version can be served until the next.
    pub version: u64,
    pub record: EventRecord,
    pub status: EventStatus,
    pub timezone: chrono_tz::Tz,
    pub description_html: String,
    pub questions: Vec<(QuestionRule, crate::store::entities::question::Model)>,
}

impl PublicEvent {
    pub fn id(&self) -> i64 {
        self.record.event.id
    }

    pub fn window(&self) -> RegistrationWindow {
        let event = &self.record.event;
        RegistrationWindow {
            status: self.status,
            opens_at: event.registration_opens_at,
            closes_at: event.registration_closes_at,
            event_ends_at: event.ends_at,
        }
    }

    pub fn window_state(&self) -> WindowState {
        self.window().state(chrono::Utc::now())
    }

    pub fn rules(&self) -> Vec<QuestionRule> {
        self.questions
            .iter()
            .map(|(rule, _)| rule.clone())
            .collect()
    }

    pub fn session_ids(&self) -> Vec<i64> {
        self.record.sessions.iter().map(|s| s.id).collect()
    }
}

/// Seats of an event and its sessions at this moment.
pub struct SeatsNow {
    /// Taken: confirmed and held for pending registrations (double
    /// opt-in), so "seats left" never counts a seat someone is confirming.
    pub event: Seats,
    pub confirmed: i64,
    pub held: i64,
    pub waitlisted: i64,
    /// Taken as for the event.
    pub sessions: HashMap<i64, Seats>,
    /// Confirmed seats of each session (without holds).
    pub session_confirmed: HashMap<i64, i64>,
}

struct Entry {
    event: Arc<PublicEvent>,
    loaded: Instant,
    reloading: AtomicBool,
}

/// Published events that have not ended, as the home page lists them.
pub struct Upcoming {
    /// Changes whenever the list (or anything the home page shows of its
    /// events) changes.
    pub version: u64,
    pub events: Vec<event::Model>,
    loaded: Instant,
    reloading: AtomicBool,
}

impl Upcoming {
    /// The events still to end at `now`; the list is reloaded every
    /// `FRESH_FOR`, and an event that ends meanwhile leaves it at once.
    pub fn at(&self, now: chrono::DateTime<chrono::Utc>) -> Vec<&event::Model> {
        self.events.iter().filter(|e| e.ends_at > now).collect()
    }
}

pub struct Catalog {
    db: DatabaseConnection,
    seats: Arc<SeatBoard>,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    upcoming: RwLock<Option<Arc<Upcoming>>>,
}

impl Catalog {
    pub fn new(db: DatabaseConnection, seats: Arc<SeatBoard>) -> Self {
        Self {
            db,
            seats,
            entries: RwLock::default(),
            upcoming: RwLock::default(),
        }
    }

    /// Reads the seat counters of every cached event from the database: how
    /// one instance learns of the registrations other instances committed.
    pub async fn refresh_counts(&self) {
        let ids: Vec<i64> = self.read().values().map(|e| e.event.id()).collect();
        if ids.is_empty() {
            return;
        }
        let events = event::Entity::find()
            .filter(event::Column::Id.is_in(ids.clone()))
            .all(&self.db)
            .await;
        let sessions = session::Entity::find()
            .filter(session::Column::EventId.is_in(ids))
            .all(&self.db)
            .await;
        match (events, sessions) {
            (Ok(events), Ok(sessions)) => {
                for event in events {
                    self.seats.record_event(event.id, counts_of(&event));
                }
                self.seats
                    .record_sessions(sessions.iter().map(|s| (s.id, session_counts_of(s))));
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "could not refresh seat counts");
            }
        }
    }

    /// The event for its slug, drafts included (the caller decides what a
    /// visitor may see).
    pub async fn by_slug(&self, slug: &str) -> Result<Option<Arc<PublicEvent>>, DbErr> {
        let cached = self.read().get(slug).cloned();
        if let Some(entry) = cached {
            let stale = entry.loaded.elapsed() > FRESH_FOR;
            // One request reloads a stale entry; the others serve it meanwhile.
            if !stale || entry.reloading.swap(true, Ordering::AcqRel) {
                return Ok(Some(entry.event.clone()));
            }
            let result = self.load(slug).await;
            entry.reloading.store(false, Ordering::Release);
            return result;
        }
        self.load(slug).await
    }

    async fn load(&self, slug: &str) -> Result<Option<Arc<PublicEvent>>, DbErr> {
        let Some(record) = queries::event_by_slug(&self.db, slug).await? else {
            self.write().remove(slug);
            return Ok(None);
        };
        let event = &record.event;
        if self.seats.event(event.id).is_none() {
            self.seats.record_event(event.id, counts_of(event));
            self.seats
                .record_sessions(record.sessions.iter().map(|s| (s.id, session_counts_of(s))));
        }
        // The same content keeps its version, so the pages rendered from it
        // survive the reload every `FRESH_FOR`.
        let previous = self.read().get(slug).map(|e| e.event.clone());
        let version = match previous {
            Some(previous) if same_face(&previous.record, &record) => previous.version,
            _ => next_version(),
        };
        let public = Arc::new(PublicEvent {
            version,
            status: event.status,
            timezone: event
                .timezone
                .parse()
                .unwrap_or(chrono_tz::Europe::Brussels),
            description_html: markdown::to_safe_html(&event.description),
            questions: record
                .questions
                .iter()
                .map(|q| {
                    let rule = QuestionRule {
                        id: q.id,
                        kind: q.kind,
                        options: serde_json::from_str(&q.options).unwrap_or_default(),
                        required: q.required,
                    };
                    (rule, q.clone())
                })
                .collect(),
            record,
        });
        self.write().insert(
            slug.to_owned(),
            Arc::new(Entry {
                event: public.clone(),
                loaded: Instant::now(),
                reloading: AtomicBool::new(false),
            }),
        );
        Ok(Some(public))
    }

    /// Drops an event this instance changed, so its next page (and the
    /// next home page) is fresh.
    pub fn forget(&self, slug: &str) {
        self.write().remove(slug);
        *self.upcoming.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The upcoming published events, from memory: reloaded after
    /// `FRESH_FOR` (one request reloads, the others serve the kept list),
    /// and at once after this instance changes an event.
    pub async fn upcoming(&self) -> Result<Arc<Upcoming>, DbErr> {
        let kept = self
            .upcoming
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(kept) = &kept
            && (kept.loaded.elapsed() <= FRESH_FOR || kept.reloading.swap(true, Ordering::AcqRel))
        {
            return Ok(kept.clone());
        }
        let loaded = queries::upcoming_events(&self.db, crate::store::now()).await;
        if let Some(kept) = &kept {
            kept.reloading.store(false, Ordering::Release);
        }
        let events = loaded?;
        let version = match &kept {
            Some(kept) if same_list(&kept.events, &events) => kept.version,
            _ => next_version(),
        };
        let fresh = Arc::new(Upcoming {
            version,
            events,
            loaded: Instant::now(),
            reloading: AtomicBool::new(false),
        });
        *self.upcoming.write().unwrap_or_else(|p| p.into_inner()) = Some(fresh.clone());
        Ok(fresh)
    }

    /// Drops an event's seat counts after a change made outside the
    /// registration writer (a capacity change that promoted people), so the
    /// next load reads them from the database.
    pub fn forget_seats(&self, event_id: i64) {
        self.seats.forget_event(event_id);
    }

    pub fn seats(&self, event: &PublicEvent) -> SeatsNow {
        let counts = self.seats.event(event.id()).unwrap_or_default();
        let sessions: Vec<(i64, Option<i32>, SessionCounts)> = event
            .record
            .sessions
            .iter()
            .map(|s| {
                let counts = self
                    .seats
                    .session(s.id)
                    .unwrap_or_else(|| session_counts_of(s));
                (s.id, s.capacity, counts)
            })
            .collect();
        SeatsNow {
            event: Seats {
                capacity: event.record.event.capacity.map(i64::from),
                taken: counts.taken(),
            },
            confirmed: counts.confirmed,
            held: counts.held,
            waitlisted: counts.waitlisted,
            sessions: sessions
                .iter()
                .map(|(id, capacity, counts)| {
                    (
                        *id,
                        Seats {
                            capacity: capacity.map(i64::from),
                            taken: counts.taken(),
                        },
                    )
                })
                .collect(),
            session_confirmed: sessions
                .iter()
                .map(|(id, _, counts)| (*id, counts.confirmed))
                .collect(),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<Entry>>> {
        self.entries.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<Entry>>> {
        self.entries.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// An event row without what registrations change (its counts), which the
/// pages do not take from it.
fn face_of(event: &event::Model) -> event::Model {
    event::Model {
        confirmed_count: 0,
        waitlisted_count: 0,
        held_count: 0,
        updated_at: chrono::DateTime::UNIX_EPOCH,
        ..event.clone()
    }
}

fn same_face(a: &EventRecord, b: &EventRecord) -> bool {
    face_of(&a.event) == face_of(&b.event)
        && a.questions == b.questions
        && a.sessions.len() == b.sessions.len()
        && a.sessions.iter().zip(&b.sessions).all(|(x, y)| {
            session::Model {
                confirmed_count: 0,
                held_count: 0,
                ..x.clone()
            } == session::Model {
                confirmed_count: 0,
                held_count: 0,
                ..y.clone()
            }
        })
}

fn same_list(a: &[event::Model], b: &[event::Model]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| face_of(x) == face_of(y))
}

fn counts_of(event: &event::Model) -> EventCounts {
    EventCounts {
        confirmed: event.confirmed_count as i64,
        waitlisted: event.waitlisted_count as i64,
        held: event.held_count as i64,
    }
}

fn session_counts_of(session: &session::Model) -> SessionCounts {
    SessionCounts {
        confirmed: session.confirmed_count as i64,
        held: session.held_count as i64,
    }
}

impl super::Services {
    /// Published events that have not ended, soonest first: the public
    /// home page, from memory.
    pub async fn upcoming_events(&self) -> Result<Arc<Upcoming>, DbErr> {
        self.catalog.upcoming().await
    }

    /// Every published event, past ones too: the sitemap's list.
    pub async fn published_events(&self) -> Result<Vec<event::Model>, DbErr> {
        queries::published_events(&self.db.read).await
    }
}
