//! The operations every face calls — public pages, the JSON API, the
//! dashboard and the command line. Each is one transaction (through the
//! registration writer, or its own) with the outbox rows it owes.

pub mod accounts;
pub mod announcements;
pub mod attendees;
pub mod audit;
pub mod catalog;
pub mod check_ins;
pub mod dashboard;
pub mod demo;
pub mod documents;
pub mod event_changes;
pub mod events;
pub mod exports;
pub mod invites;
pub mod lost_links;
pub mod outbox;
pub mod privacy;
pub mod registrations;
pub mod report;
pub mod self_service;
pub mod site;
pub mod statistics;

use std::sync::Arc;

use crate::config::Config;
use crate::store::Database;
use crate::store::writer::Writer;

/// Who asked for a change, and the writer's refusals, which the faces turn
/// into answers (409, 503 …) without reaching into the store.
pub use crate::store::audit::Actor;
/// The dashboard's login sessions live in the database beside everything
/// else (src/store/login_sessions.rs); the clock is the one the store uses.
pub use crate::store::login_sessions::LoginSessionStore;
pub use crate::store::now;
/// An event with its sessions and questions, as the pages show it.
pub use crate::store::queries::EventRecord;
pub use crate::store::writer::{Refusal, WriteError};
pub use catalog::Catalog;

#[derive(Clone)]
pub struct Services {
    pub config: Arc<Config>,
    pub db: Database,
    pub writer: Writer,
    pub catalog: Arc<Catalog>,
    /// Woken after a commit that owes emails, so they leave at once.
    pub outbox_ready: Arc<tokio::sync::Notify>,
    /// The key that signs check-in codes and verification links (src/app.rs
    /// loads it); `None` in the command line, which verifies nothing, so
    /// every verification link is then refused.
    pub signing_key: Option<Arc<[u8]>>,
    /// On SQLite, check-ins take turns here rather than in SQLite's busy
    /// handler, whose sleeps (up to 100 ms each) made a busy door's p99
    /// (src/services/check_ins.rs, BENCHMARKS.md).
    pub door_turn: Arc<tokio::sync::Mutex<()>>,
}
