//! The database: connections, entities, the queries that read, and the one
//! writer through which every registration change passes.
//!
//! Two connections (pools) per database. `read` serves pages and lookups;
//! `write` serves the registration writer and the few other transactions that
//! change things (event changes, accounts, login sessions). On SQLite each
//! takes the file's write lock at BEGIN (`begin_write`), and the writer holds
//! it only for the moment of one batch, so it commits many registrations
//! together.

pub mod accounts;
pub mod attendance;
pub mod attendees;
pub mod audit;
pub mod check_ins;
pub mod entities;
pub mod event_counts;
pub mod event_tallies;
pub mod login_sessions;
pub mod outbox;
pub mod privacy;
pub mod queries;
pub mod seats;
pub mod wal;
pub mod writer;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

#[derive(Clone)]
pub struct Database {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
    /// Set while SQLite's write-ahead log is past half its bound and the
    /// writer wants to restart it (`wal::WalBound`): the passive checkpoint then
    /// stands aside, since two checkpoints cannot run at once and a passive
    /// one over a long log holds the checkpoint lock for seconds.
    pub wal_over_bound: Arc<AtomicBool>,
}

impl Database {
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        Self::connect_keeping(url, None).await
    }

    /// Connects; on SQLite every connection trims the write-ahead log file
    /// to `log_bytes` when the log starts again (`wal::WalBound`). The
    /// server connects so (`app::prepare_database`); `connect` is for
    /// tools and tests that only read beside it: a connection without the
    /// limit that wrote would leave the file at its largest.
    pub async fn connect_keeping(url: &str, log_bytes: Option<u64>) -> Result<Self, DbErr> {
        let is_sqlite = url.starts_with("sqlite:");
        let read = sea_orm::Database::connect(options(
            url,
            if is_sqlite { 4 } else { 8 },
            false,
            log_bytes,
        ))
        .await?;
        // Two, though one task writes: sqlx pings a connection on its way
        // back to the pool, and the writer's next batch should not wait for
        // that. SQLite's BEGIN IMMEDIATE still lets one write at a time. The
        // writer's rushes take one more out of the pool for good
        // (store/writer/rush.rs), which opens another in its place.
        let write = sea_orm::Database::connect(options(
            url,
            if is_sqlite { 2 } else { 3 },
            true,
            log_bytes,
        ))
        .await?;
        Ok(Self {
            read,
            write,
            wal_over_bound: Arc::default(),
        })
    }

    pub fn backend(&self) -> DbBackend {
        self.read.get_database_backend()
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.write, None).await?;
        // Fresh tables have no statistics; without them PostgreSQL plans the
        // writer's batch lookups for empty tables (BENCHMARKS.md).
        if self.backend() == DbBackend::Postgres {
            self.write.execute_unprepared("ANALYZE").await?;
        }
        Ok(())
    }

    /// Copies the SQLite write-ahead log back into the database file. A
    /// passive checkpoint never blocks the writer; run every second, it keeps
    /// the log short without a registration's commit paying for it.
    pub async fn checkpoint(&self) -> Result<(), DbErr> {
        if self.backend() == DbBackend::Sqlite && !self.wal_over_bound.load(Ordering::Relaxed) {
            self.read
                .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
                .await?;
        }
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.read.ping().await
    }

    pub async fn close(self) {
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}

fn options(url: &str, connections: u32, writer: bool, log_bytes: Option<u64>) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        // A ping before every acquire is a round trip per transaction on the
        // writer's hot path; a dead connection fails its statement instead,
        // and the writer retries the batch.
        .test_before_acquire(false)
        .sqlx_logging(false)
        // One closure: a second `map_sqlx_sqlite_opts` would replace it.
        .map_sqlx_sqlite_opts(move |o| {
            // WAL lets pages read while the writer commits; FULL makes every
            // acknowledged registration survive a power cut.
            let o = match log_bytes {
                Some(bytes) => o.pragma("journal_size_limit", bytes.to_string()),
                None => o,
            };
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // Checkpoints run beside the writer (`checkpoint`), not
                // inside whichever commit crosses the threshold.
                .pragma("wal_autocheckpoint", "0")
        });
    if writer {
        // Every statement of the writer finds its rows by key. On a young
        // database the planner's statistics say "empty" and it picks
        // sequential scans, whose cost then grows with every registration
        // (BENCHMARKS.md): steer it to the indexes whatever the statistics.
        options.map_sqlx_postgres_opts(|o| o.options([("enable_seqscan", "off")]));
    }
    options
}

/// Begins a transaction that writes. On SQLite it takes the write lock at
/// BEGIN: a deferred transaction that upgrades later cannot wait on the
/// busy timeout and fails with "database is locked".
pub async fn begin_write(connection: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    connection
        .begin_with_options(TransactionOptions {
            isolation_level: None,
            access_mode: None,
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        })
        .await
}

/// Now, to the microsecond: what both databases store, so a time read back
/// equals the time written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A time as it goes inside a JSON parameter of a batch statement: the text
/// sqlx itself writes to SQLite, which PostgreSQL also reads as timestamptz.
pub fn json_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}
