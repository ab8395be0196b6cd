//! Keeps SQLite's write-ahead log under a bound.
//!
//! Why: the passive checkpoint that runs every second (`Database::checkpoint`)
//! copies pages back into the database file, but the log restarts from its
//! beginning only when no reader still reads from it. Under steady reading
//! and writing that moment never comes (checkpoint starvation) and the log
//! grows without limit — 1.5 GB after 226,000 registrations, measured here.
//!
//! How: the writer, the only writer of registrations, calls `WalBound::keep`
//! between batches. When the log file is over half the bound it runs a
//! `RESTART` checkpoint, which copies everything back and waits for the
//! readers that still read old log frames to finish, so that the writer's
//! next commit starts the log again from its beginning; the connections
//! keep `journal_size_limit` at half the bound (`Database::connect_keeping`),
//! so that commit also trims the file to that size. The file's size is thus
//! what the log has held since it last restarted. Not `TRUNCATE`: a file cut
//! to nothing is grown again page by page by the next commits, each growth
//! paid in the file system's allocation and journal (a rush's p99 was 48–53
//! ms with `TRUNCATE`, 33–38 with `RESTART`, BENCHMARKS.md). Half the bound,
//! because readers may hold a checkpoint off for a while: the other half is
//! the margin the log grows in meanwhile.
//! The checkpoint runs on a connection of its own whose busy timeout is short: a reader
//! that holds on makes the checkpoint give up rather than hold the write lock
//! (and every registration behind it) for long; it is tried again a moment
//! later, and readers that start after the copy read from the database file,
//! so the next try finds fewer of them. Each try that gives up doubles the
//! next one's patience, and the further the log is past its bound the longer
//! a try waits (100 ms for each multiple of the bound), up to 5 s: on a busy
//! machine, where readers take longer, the bound still holds, at the price of
//! a rare longer pause of registrations. A restart that succeeds leaves the
//! next one three quarters of its patience, not the first 100 ms: where
//! readers always take longer than that, every restart would otherwise
//! give up first, and a fast writer fills the margin while it waits to try
//! again (a log of 107–172 MiB for a bound of 64, measured here). Past
//! three quarters of the bound a try that gave up is tried again after
//! the next batch, not a moment later: the bound holds, and registrations
//! wait for the readers instead. Busy readers come and go, so a try copies
//! more of the log back than the one before; a reader that stays (a
//! `sqlite3` shell left in a transaction, a long export) holds the copy at
//! its snapshot while the log grows past it. Two tries in a row that end
//! so (up to 5 s each, when earlier readers were slow) are the sign: then
//! waiting would stop registrations for nothing, so the bound stands aside
//! with a warning, the copy-back goes on, and a try of 100 ms every
//! `PINNED_RETRY` restarts the log once that reader has gone. With two
//! readers that always hold a snapshot, tries of up to 5 s gave up now and
//! then, each having copied more than the last; no try gave up with none.
//! While the log is past its bound the passive checkpoint stands aside (`Database::wal_over_bound`): only one
//! checkpoint runs at a time, and a passive one over a long log would make
//! every restarting try give up at once.
//!
//! The restart holds registrations while it runs, and what it costs is the
//! copy: every page the log holds that the database file does not. So once
//! the log file has passed a quarter of the bound, a task beside the writer
//! copies the log back after the writer's batches, at most every
//! `COPY_BACK_EVERY` (a passive checkpoint: it writes the database file
//! while the writer goes on, without its lock), and the restart then has
//! only the last few batches to copy. After the first restart the file
//! keeps `kept_bytes`, past that quarter, so the copy-back follows every
//! busy moment from then on. It runs on the restart's connection, so never
//! at the same time: a restart that finds it running is tried at the next
//! batch rather than waited for, and while the log is past its bound the
//! copy-back stands aside. Under `wrk -c64` on the registration form a
//! restart held the writer 9–10 ms without it and 2–3 ms with it, about
//! five times a second (BENCHMARKS.md).

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DbErr, Statement};
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

/// How long the restarting checkpoint waits for readers before giving up,
/// the first time and per multiple of the bound the log has reached;
/// doubled after each try that gave up; never more than `MAX_WAIT`.
const READER_WAIT: Duration = Duration::from_millis(100);
const MAX_WAIT: Duration = Duration::from_secs(5);
/// Two tries in a row that gave up at the same place in a growing log mean
/// a reader holds it for good (a `sqlite3` shell left in a transaction, a
/// `.dump`): the bound cannot hold until it ends, and waiting for it would
/// stop registrations. Until a try copies more, a try of `READER_WAIT`
/// every `PINNED_RETRY`; the log grows past its bound meanwhile.
const PINNED_RETRY: Duration = Duration::from_secs(2);
/// How long after a checkpoint that gave up the next one is tried: the log
/// grows meanwhile, by ~10 MiB at the fastest rate measured here.
const RETRY_AFTER: Duration = Duration::from_millis(100);
/// The copy-back beside the writer runs at most this often.
const COPY_BACK_EVERY: Duration = Duration::from_millis(20);

/// What one call of `keep` did, for the writer's metrics and for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// The log is within its bound (or it is too early to try again).
    WithinBound,
    /// The log was over half its bound and starts again at the next commit.
    Restarted,
    /// The log is over half its bound and the copy-back is running: the
    /// restart is tried after the next batch.
    CopyingBack,
    /// The log is over half its bound and a reader held on; tried again
    /// soon.
    ReadersHeldOn,
    /// A reader holds the log where the last try left it: tried again
    /// briefly every `PINNED_RETRY`, registrations going on meanwhile.
    ReaderPinned,
}

/// The answer of a `RESTART` checkpoint that gave up, in frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct GaveUp {
    /// Frames in the log.
    log: i64,
    /// Frames copied back to the database file since the log last
    /// started: no further than the oldest snapshot a reader holds.
    copied: i64,
}

pub struct WalBound {
    url: String,
    log: PathBuf,
    limit_bytes: u64,
    /// The checkpoints' connection, shared by the restart and the
    /// copy-back: one checkpoint at a time.
    connection: Checkpointer,
    /// The copy-back task, started when the log first passes a quarter of
    /// the bound, and how to wake it.
    copy_back: Option<(Arc<Notify>, JoinHandle<()>)>,
    next_try: Instant,
    /// How long the next checkpoint waits for readers.
    patience: Duration,
    /// Shared with `Database::checkpoint`, which stands aside while set.
    over_bound: Arc<AtomicBool>,
    /// The file's size when the log last restarted: the file shrinks only
    /// at the writer's next commit, so until its size changes the log is
    /// known to be short.
    restarted_at: Option<u64>,
    /// Where the last try that gave up left the log: a try that gives up
    /// at the same place in a longer log finds a reader pinned there.
    gave_up_at: Option<GaveUp>,
    /// A reader holds the log; tried briefly every `PINNED_RETRY`.
    pinned: bool,
}

impl WalBound {
    /// The bound for an SQLite file database; `None` for PostgreSQL and for
    /// an in-memory database, which have no log file to bound.
    pub fn for_database(url: &str, limit_bytes: u64, over_bound: Arc<AtomicBool>) -> Option<Self> {
        if !url.starts_with("sqlite:") {
            return None;
        }
        let options = SqliteConnectOptions::from_str(url).ok()?;
        let file = options.get_filename();
        if file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:") {
            return None;
        }
        let mut log = file.as_os_str().to_owned();
        log.push("-wal");
        Some(Self {
            url: url.to_owned(),
            log: PathBuf::from(log),
            limit_bytes,
            connection: Arc::default(),
            copy_back: None,
            next_try: Instant::now(),
            patience: READER_WAIT,
            over_bound,
            restarted_at: None,
            gave_up_at: None,
            pinned: false,
        })
    }

    pub fn limit_bytes(&self) -> u64 {
        self.limit_bytes
    }

    /// Restarts the log if it is over half its bound. Cheap when it is
    /// not: one `stat` of the log file.
    pub async fn keep(&mut self) -> Result<Kept, DbErr> {
        let size = std::fs::metadata(&self.log).map(|m| m.len()).unwrap_or(0);
        let trigger = kept_bytes(self.limit_bytes);
        if size > trigger / 2 {
            self.wake_copy_back();
        }
        if Instant::now() < self.next_try {
            return Ok(Kept::WithinBound);
        }
        if size <= trigger || self.restarted_at == Some(size) {
            // The log may have started again since a try gave up (the
            // writer's commit restarts a log copied back whole): its
            // frames count from the beginning.
            self.gave_up_at = None;
            self.pinned = false;
            self.over_bound.store(false, Ordering::Relaxed);
            return Ok(Kept::WithinBound);
        }
        self.over_bound.store(true, Ordering::Relaxed);
        let Ok(mut connection) = self.connection.clone().try_lock_owned() else {
            return Ok(Kept::CopyingBack);
        };
        let tried = self.restart(&mut connection, size).await;
        if tried.is_err() {
            // A fresh connection next time, a moment later; meanwhile the
            // passive copy-back is not kept waiting for a restart that
            // cannot run.
            *connection = None;
            self.gave_up_at = None;
            self.over_bound.store(false, Ordering::Relaxed);
            self.next_try = Instant::now() + RETRY_AFTER;
        }
        tried
    }

    /// One `RESTART` checkpoint, waiting for readers as long as the
    /// patience says; what it found decides when the next one runs.
    async fn restart(
        &mut self,
        connection: &mut Option<DatabaseConnection>,
        size: u64,
    ) -> Result<Kept, DbErr> {
        let connection = match connection {
            Some(connection) => connection,
            None => connection.insert(connect(&self.url).await?),
        };
        let backend = connection.get_database_backend();
        let multiples = u32::try_from(size / self.limit_bytes.max(1)).unwrap_or(u32::MAX);
        let patience = if self.pinned {
            // However long the log has grown behind the pinned reader.
            READER_WAIT
        } else {
            self.patience
                .max(READER_WAIT.saturating_mul(multiples))
                .min(MAX_WAIT)
        };
        connection
            .execute_raw(Statement::from_string(
                backend,
                format!("PRAGMA busy_timeout = {}", patience.as_millis()),
            ))
            .await?;
        let row = connection
            .query_one_raw(Statement::from_string(
                backend,
                "PRAGMA wal_checkpoint(RESTART)",
            ))
            .await?;
        // One row: busy (1 when it could not finish), log frames, frames
        // copied back.
        let (busy, log, copied): (i32, i64, i64) = match row {
            Some(row) => (
                row.try_get_by_index(0)?,
                row.try_get_by_index(1)?,
                row.try_get_by_index(2)?,
            ),
            None => (1, -1, -1),
        };
        if busy != 0 && copied < 0 {
            // Another connection was checkpointing (a backup tool): the
            // readers were not asked; a moment later.
            self.next_try = Instant::now() + RETRY_AFTER;
            return Ok(Kept::ReadersHeldOn);
        }
        let last = self.gave_up_at.take();
        let moved_on = last.is_none_or(|last| copied != last.copied);
        let pinned_here = last.is_some_and(|last| !moved_on && log > last.log && copied < log);
        if busy == 0 {
            self.pinned = false;
            self.patience = (patience * 3 / 4).max(READER_WAIT);
            self.restarted_at = Some(size);
            self.over_bound.store(false, Ordering::Relaxed);
            Ok(Kept::Restarted)
        } else if pinned_here || (self.pinned && !moved_on) {
            self.gave_up_at = Some(GaveUp { log, copied });
            if !self.pinned {
                tracing::warn!(
                    log_bytes = size,
                    "a reader holds SQLite's write-ahead log: it grows past its bound until that \
                     reader ends its transaction"
                );
            }
            self.pinned = true;
            self.patience = READER_WAIT;
            self.next_try = Instant::now() + PINNED_RETRY;
            // The copy-back goes on meanwhile: it costs the reader nothing,
            // and the restart after it has gone has little left to copy.
            self.over_bound.store(false, Ordering::Relaxed);
            Ok(Kept::ReaderPinned)
        } else {
            // The readers move on: wait for them.
            self.gave_up_at = Some(GaveUp { log, copied });
            self.pinned = false;
            self.patience = (patience * 2).min(MAX_WAIT);
            // Past three quarters of the bound the margin is nearly spent:
            // the next batch's end tries again, so the log grows by one
            // batch at most between tries, whatever the readers do.
            let pause = if size > self.limit_bytes / 4 * 3 {
                Duration::ZERO
            } else {
                RETRY_AFTER
            };
            self.next_try = Instant::now() + pause;
            Ok(Kept::ReadersHeldOn)
        }
    }
}

impl WalBound {
    fn wake_copy_back(&mut self) {
        let (wake, _) = self.copy_back.get_or_insert_with(|| {
            let wake = Arc::new(Notify::new());
            let task = tokio::spawn(copy_back(
                self.connection.clone(),
                self.url.clone(),
                wake.clone(),
                self.over_bound.clone(),
            ));
            (wake, task)
        });
        wake.notify_one();
    }
}

impl Drop for WalBound {
    fn drop(&mut self) {
        if let Some((_, task)) = &self.copy_back {
            task.abort();
        }
    }
}

type Checkpointer = Arc<Mutex<Option<DatabaseConnection>>>;

/// Copies the log back into the database file each time the writer wakes
/// it, at most every `COPY_BACK_EVERY`, unless the log is past its bound
/// (the restart's turn). A passive checkpoint copies what no reader still
/// needs and never waits; what it cannot copy the next one or the restart
/// does.
async fn copy_back(
    checkpointer: Checkpointer,
    url: String,
    wake: Arc<Notify>,
    over_bound: Arc<AtomicBool>,
) {
    loop {
        wake.notified().await;
        if !over_bound.load(Ordering::Relaxed) {
            copy_back_once(&checkpointer, &url).await;
        }
        tokio::time::sleep(COPY_BACK_EVERY).await;
    }
}

async fn copy_back_once(checkpointer: &Checkpointer, url: &str) {
    let mut connection = checkpointer.lock().await;
    let connection = match &mut *connection {
        Some(connection) => connection,
        None => match connect(url).await {
            Ok(opened) => connection.insert(opened),
            Err(error) => {
                tracing::warn!(%error, "cannot open the checkpoint connection");
                return;
            }
        },
    };
    if let Err(error) = connection
        .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
        .await
    {
        tracing::warn!(%error, "copying the write-ahead log back failed");
    }
}

/// How much log the file keeps: half the bound. The checkpoint starts past
/// it, and every connection's `journal_size_limit` trims the file to it.
pub fn kept_bytes(limit_bytes: u64) -> u64 {
    limit_bytes / 2
}

async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.busy_timeout(READER_WAIT));
    sea_orm::Database::connect(options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh SQLite file with one table `t`, its connections keeping the
    /// log as the service's do for `limit`. Returns its directory (removed
    /// by the caller), its URL and the database.
    async fn scratch(limit: u64) -> (PathBuf, String, crate::store::Database) {
        let dir = std::env::temp_dir().join(format!("tessera-wal-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.join("t.db").display());
        let db = crate::store::Database::connect_keeping(&url, Some(kept_bytes(limit)))
            .await
            .unwrap();
        db.write
            .execute_unprepared("CREATE TABLE t (x TEXT)")
            .await
            .unwrap();
        (dir, url, db)
    }

    /// Writes `rows` rows of 4,000 bytes in one commit: about that many
    /// kilobytes of log.
    async fn fill(db: &crate::store::Database, rows: u32) {
        db.write
            .execute_unprepared(&format!(
                "INSERT INTO t SELECT hex(randomblob(2000)) FROM (WITH RECURSIVE n(i) AS \
                 (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) SELECT i FROM n)"
            ))
            .await
            .unwrap();
    }

    /// A restarted log keeps its file's size until the writer's next
    /// commit trims it: a second look before that commit must not
    /// checkpoint again.
    #[tokio::test]
    async fn a_log_restarts_once_until_the_next_commit() {
        let limit = 64 * 1024;
        let (dir, url, db) = scratch(limit).await;
        fill(&db, 100).await;
        let mut bound =
            WalBound::for_database(&url, limit, db.wal_over_bound.clone()).expect("a file");
        restart(&mut bound).await;
        assert_eq!(bound.keep().await.unwrap(), Kept::WithinBound);
        // The next commit starts the log again and trims the file to half
        // the bound; growing past it again calls for another restart.
        fill(&db, 100).await;
        restart(&mut bound).await;
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A reader that never ends its transaction (a `sqlite3` shell left
    /// open) cannot stop registrations: after two tries that got no
    /// further the bound stands aside, tries again briefly every `PINNED_RETRY`,
    /// and restarts the log as soon as the reader has gone.
    #[tokio::test]
    async fn a_pinned_reader_does_not_stop_the_writer() {
        // About 400 KB of log for a bound of 64 KiB: tries of 600 ms and
        // 1.2 s.
        let limit = 64 * 1024;
        let (dir, url, db) = scratch(limit).await;
        fill(&db, 100).await;
        let reader = sea_orm::Database::connect(url.as_str()).await.unwrap();
        let snapshot = sea_orm::TransactionTrait::begin(&reader).await.unwrap();
        snapshot
            .query_one_raw(Statement::from_string(
                snapshot.get_database_backend(),
                "SELECT count(*) FROM t",
            ))
            .await
            .unwrap();
        let mut bound =
            WalBound::for_database(&url, limit, db.wal_over_bound.clone()).expect("a file");
        let mut kept = Kept::CopyingBack;
        for _ in 0..20 {
            kept = bound.keep().await.unwrap();
            if kept != Kept::CopyingBack {
                break;
            }
            tokio::time::sleep(COPY_BACK_EVERY).await;
        }
        assert_eq!(kept, Kept::ReadersHeldOn, "the first try waits");
        // Registrations go on: the log grows past the reader's snapshot,
        // and the next try can copy no further than it.
        db.write
            .execute_unprepared("INSERT INTO t SELECT x FROM t LIMIT 10")
            .await
            .unwrap();
        assert_eq!(
            bound.keep().await.unwrap(),
            Kept::ReaderPinned,
            "a second try that copies nothing more stands aside"
        );
        assert_eq!(
            bound.keep().await.unwrap(),
            Kept::WithinBound,
            "the next batch does not wait for the pinned reader"
        );
        assert!(
            !db.wal_over_bound.load(Ordering::Relaxed),
            "the copy-back goes on while the reader holds the log"
        );
        // The log grows to some 25 times its bound behind the reader; the
        // next try still waits for it no longer than the first 100 ms.
        fill(&db, 300).await;
        tokio::time::sleep(PINNED_RETRY).await;
        let started = Instant::now();
        let mut kept = Kept::CopyingBack;
        while kept == Kept::CopyingBack {
            kept = bound.keep().await.unwrap();
            if kept == Kept::CopyingBack {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        assert_eq!(kept, Kept::ReaderPinned);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "a try while the reader holds on is short, not {:?}",
            started.elapsed()
        );
        snapshot.commit().await.unwrap();
        reader.close().await.unwrap();
        tokio::time::sleep(PINNED_RETRY).await;
        restart(&mut bound).await;
        assert!(!bound.pinned, "a restart ends the standing aside");
        drop(bound);
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Restarts the log, after the copy-back's round if one is running.
    async fn restart(bound: &mut WalBound) {
        for _ in 0..100 {
            match bound.keep().await.unwrap() {
                Kept::Restarted => return,
                Kept::CopyingBack => tokio::time::sleep(COPY_BACK_EVERY).await,
                other => panic!("the log past its bound: {other:?}"),
            }
        }
        panic!("the copy-back never let the restart run");
    }

    /// Past a quarter of the bound the log is copied back into the
    /// database file beside the writer, before any restart: the file holds
    /// the rows though nobody ran a checkpoint (the connections never do it
    /// themselves, `wal_autocheckpoint` is 0).
    #[tokio::test]
    async fn the_log_is_copied_back_beside_the_writer() {
        // Restarts past 512 KiB; the copy-back starts past 256 KiB.
        let limit = 1024 * 1024;
        let (dir, url, db) = scratch(limit).await;
        let file = dir.join("t.db");
        let mut idle =
            WalBound::for_database(&url, limit, db.wal_over_bound.clone()).expect("a file");
        assert_eq!(idle.keep().await.unwrap(), Kept::WithinBound);
        assert!(
            idle.copy_back.is_none(),
            "a short log is left to the writer"
        );
        drop(idle);
        // About 400 KB of rows: past the quarter, within half the bound.
        fill(&db, 100).await;
        let file_size = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        assert!(file_size() < 100_000, "nothing copied back yet");
        let mut bound =
            WalBound::for_database(&url, limit, db.wal_over_bound.clone()).expect("a file");
        assert_eq!(bound.keep().await.unwrap(), Kept::WithinBound);
        assert!(
            bound.copy_back.is_some(),
            "past a quarter, the copy-back started"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while file_size() < 400_000 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            file_size() >= 400_000,
            "the rows reached the database file: {} bytes",
            file_size()
        );
        drop(bound);
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
