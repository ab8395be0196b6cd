//! A rush: a batch of new registrations from the public form and nothing
//! else, what a registration rush is made of. It goes on a connection the
//! writer keeps to itself, with `BEGIN` sent along with the statement that
//! locks the counters, and on SQLite `COMMIT` along with the write: two
//! round trips to the database on SQLite where the general way
//! (`batch::apply`) takes four, three on PostgreSQL where it takes five
//! (four when the rush looks its addresses up, below). On
//! a busy machine each round trip costs a batch more in waiting for the
//! other side to be scheduled than in work (BENCHMARKS.md), and every
//! request of the batch waits for all of them.
//!
//! SQLite runs the statements of one query, with their parameters, in one
//! call to its worker thread. PostgreSQL runs several statements in one
//! message only in its simple protocol, which has no parameters: the lock,
//! prepared once per connection (`PREPARE`), goes with `BEGIN` with the
//! events' ids written out (`literal`); the lookup and the write, which
//! carry people's data, keep their parameters, so that no name or address
//! is ever part of a statement's text (which PostgreSQL logs when a
//! statement fails). Under READ COMMITTED the lookup takes its snapshot
//! after the lock, so it sees what another instance committed meanwhile.
//!
//! On PostgreSQL a rush is first decided without the lookup, as if none of
//! its addresses were registered yet, which is what a rush of new people
//! is. The write skips a registration whose address already has a live one
//! (the unique index `uq_registrations_live_email` says so, whatever is
//! committed, by this instance or another) and answers how many it wrote.
//! All of them: the decisions stand. Fewer: an address was already
//! registered, and the decisions made without knowing it are rolled back.
//! A rush in which someone was refused (a full event, a closed form) is
//! rolled back before writing too: had their address been registered, the
//! answer would have been their registration, with its email sent again
//! when due. Either way the rush goes again with the lookup, as do the
//! rushes of the next `LOOK_UP_FOR` (people sending the form twice come in
//! bunches, and an event stays full).
//!
//! Whatever is unusual goes the general way: a batch with any other job or
//! a registration staff add (audited), a batch in which an address on the
//! waiting list is owed its email again (the email states its place in
//! line, one more read), and any error — the lane's connection is then
//! closed, the lane rests a moment, and the general way, which retries a
//! failing batch job by job, takes the batch.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use sea_orm::sqlx::{self, AssertSqlSafe, Connection, PgConnection, SqliteConnection};
use sea_orm::{DatabaseConnection, DbBackend, DbErr, QueryResult, RuntimeErr};

use super::Job;
use super::batch::{
    Answer, Committed, Found, addresses_json, ids_json, read_counters, read_found, register,
    registrations_of,
};
use super::queue::Stats;
use super::rows::BatchWrites;
use super::sql::Sql;
use crate::domain::RegistrationStatus;
use crate::domain::batch::{Ledger, resend_due};
use crate::metrics::{self, COUNTERS};
use crate::store::now;

/// SQLite: the write lock, the counters and the addresses' live
/// registrations, in one call.
static SQLITE_OPEN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "BEGIN IMMEDIATE; {}",
        Sql::for_backend(DbBackend::Sqlite).lock_and_find_live
    )
});
/// SQLite: the batch's rows, then the commit.
static SQLITE_CLOSE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}; COMMIT",
        Sql::for_backend(DbBackend::Sqlite).write_batch
    )
});
/// PostgreSQL: the lock, prepared once per connection.
static POSTGRES_PREPARE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "PREPARE tessera_rush_lock(json) AS {}",
        Sql::for_backend(DbBackend::Postgres).lock
    )
});
/// How long the lane rests after an error: a database that refuses it
/// (say, a connection limit reached) is not asked for a new connection at
/// every batch.
const REST: Duration = Duration::from_secs(1);
/// How long the lane looks addresses up first, after a rush that had to
/// go again with the lookup.
const LOOK_UP_FOR: Duration = Duration::from_secs(1);

/// The writer's connection for rushes, opened on first use and closed
/// after any error.
pub(super) struct Lane {
    database: DatabaseConnection,
    stats: Arc<Stats>,
    pinned: Option<Pinned>,
    resting_until: Option<Instant>,
    /// PostgreSQL: until then, rushes look their addresses up before
    /// writing.
    looking_up_until: Option<Instant>,
}

enum Pinned {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl Lane {
    pub fn new(database: DatabaseConnection, stats: Arc<Stats>) -> Self {
        Self {
            database,
            stats,
            pinned: None,
            resting_until: None,
            looking_up_until: None,
        }
    }

    /// Whether the lane takes the batch: a rush (registrations from the
    /// public form only), unless the lane is resting after an error.
    pub fn takes(&self, batch: &[Job]) -> bool {
        self.resting_until
            .is_none_or(|until| Instant::now() >= until)
            && !batch.is_empty()
            && batch.iter().all(Job::is_public_registration)
    }

    /// Commits a rush; `None` when it must go the general way (nothing was
    /// written). On an error nothing was written either, and the
    /// connection is closed.
    pub async fn apply(
        &mut self,
        batch: &[Job],
        hold: Option<chrono::Duration>,
    ) -> Result<Option<Committed>, DbErr> {
        let mut pinned = match self.pinned.take() {
            Some(pinned) => pinned,
            None => self.pin().await?,
        };
        let look_up = self
            .looking_up_until
            .is_some_and(|until| Instant::now() < until);
        let mut outcome = commit(&mut pinned, batch, hold, look_up).await;
        if let Ok(Rush::LookUpFirst) = outcome {
            metrics::bump(&COUNTERS.writer_rushes_looked_up_again);
            self.stats.looked_up_again.fetch_add(1, Ordering::Relaxed);
            self.looking_up_until = Some(Instant::now() + LOOK_UP_FOR);
            outcome = commit(&mut pinned, batch, hold, true).await;
        }
        match outcome {
            Ok(rush) => {
                self.pinned = Some(pinned);
                self.resting_until = None;
                Ok(match rush {
                    Rush::Committed(committed) => Some(committed),
                    Rush::GeneralWay | Rush::LookUpFirst => None,
                })
            }
            Err(error) => {
                self.resting_until = Some(Instant::now() + REST);
                // Closing rolls back whatever the failed call left open.
                let _ = match pinned {
                    Pinned::Sqlite(connection) => connection.close().await,
                    Pinned::Postgres(connection) => connection.close().await,
                };
                Err(error)
            }
        }
    }

    /// A connection of the write pool, taken out of it for good: the pool
    /// opens another in its place for the general way and for staff.
    async fn pin(&self) -> Result<Pinned, DbErr> {
        Ok(match self.database.get_database_backend() {
            DbBackend::Postgres => {
                let pool = self.database.get_postgres_connection_pool();
                let mut connection = pool.acquire().await.map_err(query_error)?.detach();
                sqlx::raw_sql(AssertSqlSafe(POSTGRES_PREPARE.as_str()))
                    .execute(&mut connection)
                    .await
                    .map_err(query_error)?;
                Pinned::Postgres(connection)
            }
            _ => {
                let pool = self.database.get_sqlite_connection_pool();
                Pinned::Sqlite(pool.acquire().await.map_err(query_error)?.detach())
            }
        })
    }
}

/// How a rush went on the lane, when nothing failed.
enum Rush {
    Committed(Committed),
    /// Nothing written: the batch goes the general way.
    GeneralWay,
    /// Decided without the lookup, an address was found registered or
    /// someone was refused: nothing written, the rush goes again with the
    /// lookup.
    LookUpFirst,
}

/// Commits a rush. `look_up`: read the addresses' live registrations
/// before deciding (always on SQLite, where it costs no round trip).
async fn commit(
    pinned: &mut Pinned,
    batch: &[Job],
    hold: Option<chrono::Duration>,
    look_up: bool,
) -> Result<Rush, DbErr> {
    let registrations = registrations_of(batch);
    let event_ids: Vec<i64> = registrations
        .iter()
        .map(|(_, event_id, _)| *event_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let ids = ids_json(&event_ids);
    let addresses = addresses_json(&registrations);

    // SQLite reads the addresses with the lock, in the same call.
    let look_up = look_up || matches!(pinned, Pinned::Sqlite(_));
    let (mut ledger, found) = match pinned {
        Pinned::Sqlite(connection) => {
            let rows = sqlx::query(AssertSqlSafe(SQLITE_OPEN.as_str()))
                .bind(ids)
                .bind(addresses)
                .fetch_all(&mut *connection)
                .await
                .map_err(query_error)?;
            let rows = rows.into_iter().map(QueryResult::from).map(|row| {
                let kind: String = row.try_get("", "kind")?;
                Ok((kind == "r", row))
            });
            read_locked(rows.collect::<Result<_, DbErr>>()?)?
        }
        Pinned::Postgres(connection) => {
            let sql = format!("BEGIN; EXECUTE tessera_rush_lock({})", literal(&ids));
            let mut rows: Vec<(bool, QueryResult)> = sqlx::raw_sql(AssertSqlSafe(sql))
                .fetch_all(&mut *connection)
                .await
                .map_err(query_error)?
                .into_iter()
                .map(|row| (false, QueryResult::from(row)))
                .collect();
            if look_up {
                let found = sqlx::query(Sql::for_backend(DbBackend::Postgres).find_live)
                    .bind(addresses)
                    .fetch_all(&mut *connection)
                    .await
                    .map_err(query_error)?;
                rows.extend(found.into_iter().map(|row| (true, QueryResult::from(row))));
            }
            read_locked(rows)?
        }
    };

    let clock = now();
    if found
        .values()
        .any(|f| f.status == RegistrationStatus::Waitlisted && resend_due(f.last_emailed_at, clock))
    {
        rollback(pinned).await?;
        return Ok(Rush::GeneralWay);
    }
    ledger.hold = hold;
    let loaded = ledger.clone();
    let mut writes = BatchWrites::default();
    let decided = register(None, &mut ledger, &registrations, found, clock, &mut writes).await?;
    if !look_up && decided.iter().any(Result::is_err) {
        rollback(pinned).await?;
        return Ok(Rush::LookUpFirst);
    }
    writes.counters(&ledger, &loaded);
    let owes_email = writes.owes_email();
    let empty = writes.is_empty();
    match pinned {
        Pinned::Sqlite(connection) if empty => sqlx::raw_sql("COMMIT")
            .execute(&mut *connection)
            .await
            .map(drop),
        Pinned::Sqlite(connection) => {
            let mut query = sqlx::query(AssertSqlSafe(SQLITE_CLOSE.as_str()));
            for value in writes.into_texts(DbBackend::Sqlite) {
                query = query.bind(value);
            }
            query.execute(&mut *connection).await.map(drop)
        }
        Pinned::Postgres(connection) => {
            let sql = Sql::for_backend(DbBackend::Postgres);
            if !empty && look_up {
                let mut query = sqlx::query(sql.write_batch);
                for value in writes.into_texts(DbBackend::Postgres) {
                    query = query.bind(value);
                }
                query.execute(&mut *connection).await.map_err(query_error)?;
            } else if !empty {
                let new = i64::try_from(writes.new_registrations()).unwrap_or(i64::MAX);
                let mut query = sqlx::query_scalar::<_, i64>(sql.write_rush);
                for value in writes.into_texts(DbBackend::Postgres) {
                    query = query.bind(value);
                }
                let written = query
                    .fetch_one(&mut *connection)
                    .await
                    .map_err(query_error)?;
                if written != new {
                    rollback(pinned).await?;
                    return Ok(Rush::LookUpFirst);
                }
            }
            sqlx::raw_sql("COMMIT")
                .execute(&mut *connection)
                .await
                .map(drop)
        }
    }
    .map_err(query_error)?;

    Ok(Rush::Committed(Committed {
        answers: decided.into_iter().map(Answer::Register).collect(),
        owes_email,
        ledger,
        waiting_pages_read: 0,
    }))
}

/// The locked counters and the live registrations found, from the rows of
/// the first call, each marked true when it is a registration's.
fn read_locked(
    rows: Vec<(bool, QueryResult)>,
) -> Result<(Ledger, HashMap<(i64, String), Found>), DbErr> {
    let mut ledger = Ledger::default();
    let mut found = HashMap::new();
    for (is_registration, row) in &rows {
        if *is_registration {
            read_found(row, &mut found)?;
        } else {
            read_counters(row, &mut ledger)?;
        }
    }
    Ok((ledger, found))
}

async fn rollback(pinned: &mut Pinned) -> Result<(), DbErr> {
    match pinned {
        Pinned::Sqlite(connection) => sqlx::raw_sql("ROLLBACK")
            .execute(&mut *connection)
            .await
            .map(drop),
        Pinned::Postgres(connection) => sqlx::raw_sql("ROLLBACK")
            .execute(&mut *connection)
            .await
            .map(drop),
    }
    .map_err(query_error)
}

/// A text as a PostgreSQL string literal, whatever the server's
/// `standard_conforming_strings`: quotes doubled, and in the `E''` form
/// with backslashes doubled when it holds one (PostgreSQL's own
/// `quote_literal`). Used for the events' ids only (never for people's
/// data, see the top of this file); JSON text holds no NUL byte, the one
/// character a literal cannot carry.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    if text.contains('\\') {
        out.push('E');
    }
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn query_error(error: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(error)))
}

#[cfg(test)]
mod tests {
    use super::literal;

    #[test]
    fn literals_escape_quotes_and_backslashes() {
        assert_eq!(
            literal(r#"[{"m":"o'brien@x.ie"}]"#),
            r#"'[{"m":"o''brien@x.ie"}]'"#
        );
        assert_eq!(literal(r#"["a\"b\\c"]"#), r#"E'["a\\"b\\\\c"]'"#);
        assert_eq!(literal("Łódź 'Ελένη'"), "'Łódź ''Ελένη'''");
        assert_eq!(literal(""), "''");
    }
}
