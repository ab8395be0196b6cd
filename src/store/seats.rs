//! Seats taken, kept in memory so that every event page can show what is
//! left without a query. The registration writer records the counts it has
//! just committed; with several instances on one PostgreSQL database a
//! refresher reloads them from the database every `REFRESH` (so the figure
//! shown may lag other instances' commits by that long — never the decision,
//! which the writer takes from the locked database row).

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::Duration;

pub const REFRESH: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventCounts {
    pub confirmed: i64,
    pub waitlisted: i64,
    /// Seats held by pending registrations (double opt-in): not free.
    pub held: i64,
}

impl EventCounts {
    /// Seats no newcomer can have: confirmed and held.
    pub fn taken(&self) -> i64 {
        self.confirmed + self.held
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionCounts {
    pub confirmed: i64,
    pub held: i64,
}

impl SessionCounts {
    pub fn taken(&self) -> i64 {
        self.confirmed + self.held
    }
}

#[derive(Default)]
pub struct SeatBoard {
    events: RwLock<HashMap<i64, EventCounts>>,
    sessions: RwLock<HashMap<i64, SessionCounts>>,
}

impl SeatBoard {
    pub fn event(&self, event_id: i64) -> Option<EventCounts> {
        read(&self.events).get(&event_id).copied()
    }

    pub fn session(&self, session_id: i64) -> Option<SessionCounts> {
        read(&self.sessions).get(&session_id).copied()
    }

    pub fn record_event(&self, event_id: i64, counts: EventCounts) {
        write(&self.events).insert(event_id, counts);
    }

    pub fn record_sessions(&self, counts: impl IntoIterator<Item = (i64, SessionCounts)>) {
        write(&self.sessions).extend(counts);
    }

    pub fn forget_event(&self, event_id: i64) {
        write(&self.events).remove(&event_id);
    }
}

// A panic while holding these locks leaves plain counters behind, which are
// still valid: recover the guard rather than poison every later page.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
