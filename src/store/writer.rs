//! The registration writer: one task per database through which every
//! registration, cancellation, verification and promotion passes.
//!
//! Why one writer: a durable commit costs an fsync (SQLite) or a WAL flush
//! (PostgreSQL), and every registration of an event contends for the same
//! seat counter. The writer takes whatever is queued, decides the whole batch
//! against the counters it has locked, writes it with a fixed number of
//! set-based statements, commits once, and only then answers each request.
//! That is group commit: ~10× one transaction per request (PERFORMANCE.md),
//! with the same durability.
//!
//! Why it is exact: every decision is taken inside the transaction from the
//! database's own counters — on SQLite under `BEGIN IMMEDIATE`, on
//! PostgreSQL under `SELECT … FOR UPDATE` of the event and session rows — so
//! several instances sharing one PostgreSQL database serialise per event,
//! and the partial unique index on (event, normalised email) backs up the
//! one-live-registration rule whatever happens.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde_json::json;
use tokio::sync::{Notify, mpsc, oneshot};

use super::audit;
pub use super::audit::Actor;
use super::entities::{outbox_message, registration, registration_session};
use super::outbox::{self, DeliveryReport};
use super::seats::{EventCounts, SeatBoard};
use super::{json_time, now};
use crate::domain::capacity::place;
use crate::domain::{
    EventStatus, ManageToken, Placement, RegistrationRequest, RegistrationStatus,
    RegistrationWindow, Seats, WindowState,
};
use crate::metrics::{self, COUNTERS};

/// How long a request waits for its batch before it is answered 503. The
/// registration may still commit after that: a retry then finds it.
const REPLY_TIMEOUT: Duration = Duration::from_secs(10);
/// The most jobs one transaction takes.
const MAX_BATCH: usize = 256;
/// A PostgreSQL message over ~16 KB stalls 40 ms or more on TCP, as sqlx
/// sets no TCP_NODELAY (PERFORMANCE.md): over TCP, a batch's write
/// statement stays below this size.
pub const TCP_BATCH_BYTES: usize = 11_000;
/// A repeated registration re-sends its email at most this often.
const RESEND_INTERVAL: Duration = Duration::from_secs(15 * 60);

#[derive(Clone, Debug)]
pub struct Registered {
    pub id: String,
    pub manage_token: String,
    pub status: RegistrationStatus,
    /// True when the email already had a live registration for the event.
    pub existing: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoSuchEvent,
    /// Full, and the event has no waiting list.
    Full,
    Window(WindowState),
}

#[derive(Clone, Debug)]
pub struct Cancelled {
    pub previous: RegistrationStatus,
    /// Waitlisted registrations that took the freed seats.
    pub promoted: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("too many registrations are waiting; try again in a moment")]
    Busy,
    #[error("the registration did not complete in time")]
    Timeout,
    #[error("the registration writer has stopped")]
    Stopped,
    #[error("registration not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

enum Job {
    Register {
        event_id: i64,
        request: Box<RegistrationRequest>,
        reply: oneshot::Sender<Result<Result<Registered, Refusal>, WriteError>>,
    },
    Cancel {
        registration_id: String,
        event_id: i64,
        actor: Actor,
        reply: oneshot::Sender<Result<Cancelled, WriteError>>,
    },
    Verify {
        registration_id: String,
        event_id: i64,
        reply: oneshot::Sender<Result<Result<RegistrationStatus, Refusal>, WriteError>>,
    },
    Promote {
        event_id: i64,
        actor: Actor,
        reply: oneshot::Sender<Result<Vec<String>, WriteError>>,
    },
    ClaimOutbox {
        limit: u64,
        reply: oneshot::Sender<Result<Vec<outbox_message::Model>, WriteError>>,
    },
    RecordDeliveries {
        results: Vec<DeliveryReport>,
        reply: oneshot::Sender<Result<(), WriteError>>,
    },
}

impl Job {
    /// Roughly what the job adds to the batch's write statement.
    fn approximate_bytes(&self) -> usize {
        match self {
            Job::Register { request, .. } => {
                let r = request.as_ref();
                300 + r.first_name.len()
                    + r.last_name.len()
                    + 2 * r.email.as_str().len()
                    + r.organization.len()
                    + r.answers.len() * 40
                    + r.sessions.len() * 60
            }
            _ => 300,
        }
    }

    fn event_id(&self) -> Option<i64> {
        match self {
            Job::Register { event_id, .. }
            | Job::Cancel { event_id, .. }
            | Job::Verify { event_id, .. }
            | Job::Promote { event_id, .. } => Some(*event_id),
            Job::ClaimOutbox { .. } | Job::RecordDeliveries { .. } => None,
        }
    }

    fn fail(self, error: impl Fn() -> WriteError) {
        // A requester that gave up (timeout, closed connection) no longer
        // listens; its result is in the database for its retry to find.
        match self {
            Job::Register { reply, .. } => drop(reply.send(Err(error()))),
            Job::Cancel { reply, .. } => drop(reply.send(Err(error()))),
            Job::Verify { reply, .. } => drop(reply.send(Err(error()))),
            Job::Promote { reply, .. } => drop(reply.send(Err(error()))),
            Job::ClaimOutbox { reply, .. } => drop(reply.send(Err(error()))),
            Job::RecordDeliveries { reply, .. } => drop(reply.send(Err(error()))),
        }
    }
}

/// The handle the services hold; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
    committed: Arc<std::sync::atomic::AtomicU64>,
}

impl Writer {
    /// Starts the writer task on its own connection. `outbox_ready` is
    /// notified after every commit that owes emails.
    pub fn start(
        connection: DatabaseConnection,
        seats: Arc<SeatBoard>,
        outbox_ready: Arc<Notify>,
        queue_len: usize,
        batch_bytes: usize,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let (queue, jobs) = mpsc::channel(queue_len.max(1));
        let committed = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let backend = connection.get_database_backend();
        let task = BatchWriter {
            connection,
            sql: Sql::for_backend(backend),
            backend,
            seats,
            outbox_ready,
            recently_resent: HashMap::new(),
            batch_bytes,
            committed: committed.clone(),
        };
        let handle = tokio::spawn(task.run(jobs));
        (Self { queue, committed }, handle)
    }

    pub async fn register(
        &self,
        event_id: i64,
        request: RegistrationRequest,
    ) -> Result<Result<Registered, Refusal>, WriteError> {
        self.submit(|reply| Job::Register {
            event_id,
            request: Box::new(request),
            reply,
        })
        .await?
    }

    pub async fn cancel(
        &self,
        event_id: i64,
        registration_id: String,
        actor: Actor,
    ) -> Result<Cancelled, WriteError> {
        self.submit(|reply| Job::Cancel {
            registration_id,
            event_id,
            actor,
            reply,
        })
        .await?
    }

    pub async fn verify(
        &self,
        event_id: i64,
        registration_id: String,
    ) -> Result<Result<RegistrationStatus, Refusal>, WriteError> {
        self.submit(|reply| Job::Verify {
            registration_id,
            event_id,
            reply,
        })
        .await?
    }

    /// Fills free seats from the waiting list, e.g. after capacity grew.
    pub async fn promote(&self, event_id: i64, actor: Actor) -> Result<Vec<String>, WriteError> {
        self.submit(|reply| Job::Promote {
            event_id,
            actor,
            reply,
        })
        .await?
    }

    /// Claims due outbox messages for the mail worker. Through the writer,
    /// so that on SQLite the worker never holds the lock registrations need.
    pub async fn claim_outbox(&self, limit: u64) -> Result<Vec<outbox_message::Model>, WriteError> {
        self.submit_waiting(|reply| Job::ClaimOutbox { limit, reply })
            .await?
    }

    /// Records how deliveries went, in the writer's next commit.
    pub async fn record_deliveries(&self, results: Vec<DeliveryReport>) -> Result<(), WriteError> {
        self.submit_waiting(|reply| Job::RecordDeliveries { results, reply })
            .await?
    }

    /// Registrations committed since start: how busy registration is.
    pub fn registrations_committed(&self) -> u64 {
        self.committed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Like `submit`, but waits for room in the queue: the mail worker's
    /// jobs must not be refused in a rush (a result not recorded would have
    /// its email sent again).
    async fn submit_waiting<T>(
        &self,
        job: impl FnOnce(oneshot::Sender<T>) -> Job,
    ) -> Result<T, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(job(reply))
            .await
            .map_err(|_| WriteError::Stopped)?;
        answer.await.map_err(|_| WriteError::Stopped)
    }

    async fn submit<T>(
        &self,
        job: impl FnOnce(oneshot::Sender<T>) -> Job,
    ) -> Result<T, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.queue.try_send(job(reply)).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => WriteError::Busy,
            mpsc::error::TrySendError::Closed(_) => WriteError::Stopped,
        })?;
        match tokio::time::timeout(REPLY_TIMEOUT, answer).await {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(_)) => Err(WriteError::Stopped),
            Err(_) => Err(WriteError::Timeout),
        }
    }
}

struct BatchWriter {
    connection: DatabaseConnection,
    sql: Sql,
    backend: DbBackend,
    seats: Arc<SeatBoard>,
    outbox_ready: Arc<Notify>,
    recently_resent: HashMap<String, Instant>,
    committed: Arc<std::sync::atomic::AtomicU64>,
    batch_bytes: usize,
}

/// The decisions of a batch, kept until the commit succeeds.
struct Outcomes {
    replies: Vec<Reply>,
    owes_email: bool,
    events: HashMap<i64, EventRow>,
    sessions: HashMap<i64, SessionRow>,
    resent: Vec<String>,
}

enum Reply {
    Register(Result<Registered, Refusal>),
    Cancel(Result<Cancelled, WriteError>),
    Verify(Result<RegistrationStatus, Refusal>),
    Promote(Vec<String>),
    Claimed(Vec<outbox_message::Model>),
    Recorded,
}

impl BatchWriter {
    async fn run(mut self, mut jobs: mpsc::Receiver<Job>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Some(first) = jobs.recv().await {
            let mut bytes = first.approximate_bytes();
            batch.push(first);
            while batch.len() < MAX_BATCH && bytes < self.batch_bytes {
                match jobs.try_recv() {
                    Ok(job) => {
                        bytes += job.approximate_bytes();
                        batch.push(job);
                    }
                    Err(_) => break,
                }
            }
            self.commit_batch(std::mem::take(&mut batch)).await;
        }
        tracing::debug!("registration writer stopped");
    }

    async fn commit_batch(&mut self, batch: Vec<Job>) {
        match self.apply(&batch).await {
            Ok(outcomes) => self.answer(batch, outcomes),
            Err(error) if batch.len() > 1 => {
                metrics::bump(&COUNTERS.writer_failed_batches);
                // One bad row must not fail its neighbours: retry each alone.
                tracing::warn!(%error, size = batch.len(), "batch failed; retrying one by one");
                for job in batch {
                    let single = [job];
                    match self.apply(&single).await {
                        Ok(outcomes) => self.answer(Vec::from(single), outcomes),
                        Err(error) => {
                            tracing::error!(%error, "registration write failed");
                            let [job] = single;
                            let message = error.to_string();
                            job.fail(|| WriteError::Database(DbErr::Custom(message.clone())));
                        }
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, "registration write failed");
                let message = error.to_string();
                for job in batch {
                    job.fail(|| WriteError::Database(DbErr::Custom(message.clone())));
                }
            }
        }
    }

    fn answer(&mut self, batch: Vec<Job>, outcomes: Outcomes) {
        count(&batch, &outcomes.replies);
        let registrations = batch
            .iter()
            .filter(|j| matches!(j, Job::Register { .. }))
            .count();
        self.committed
            .fetch_add(registrations as u64, std::sync::atomic::Ordering::Relaxed);
        for (event_id, event) in &outcomes.events {
            self.seats.record_event(
                *event_id,
                EventCounts {
                    confirmed: event.confirmed as i64,
                    waitlisted: event.waitlisted as i64,
                },
            );
        }
        self.seats.record_sessions(
            outcomes
                .sessions
                .iter()
                .map(|(id, s)| (*id, s.confirmed as i64)),
        );
        let moment = Instant::now();
        for id in outcomes.resent {
            self.recently_resent.insert(id, moment);
        }
        if self.recently_resent.len() > 10_000 {
            self.recently_resent
                .retain(|_, at| at.elapsed() < RESEND_INTERVAL);
        }
        if outcomes.owes_email {
            self.outbox_ready.notify_one();
        }
        for (job, outcome) in batch.into_iter().zip(outcomes.replies) {
            match (job, outcome) {
                (Job::Register { reply, .. }, Reply::Register(r)) => drop(reply.send(Ok(r))),
                (Job::Cancel { reply, .. }, Reply::Cancel(r)) => drop(reply.send(r)),
                (Job::Verify { reply, .. }, Reply::Verify(r)) => drop(reply.send(Ok(r))),
                (Job::Promote { reply, .. }, Reply::Promote(r)) => drop(reply.send(Ok(r))),
                (Job::ClaimOutbox { reply, .. }, Reply::Claimed(r)) => drop(reply.send(Ok(r))),
                (Job::RecordDeliveries { reply, .. }, Reply::Recorded) => drop(reply.send(Ok(()))),
                (job, _) => {
                    job.fail(|| WriteError::Database(DbErr::Custom("reply mismatch".into())))
                }
            }
        }
    }

    /// One transaction for the whole batch. Cancellations, verifications
    /// and promotions go first (they are rare and free seats that the
    /// waiting list, which was there first, should get); then all
    /// registrations, set-based.
    async fn apply(&self, batch: &[Job]) -> Result<Outcomes, DbErr> {
        let tx = super::begin_write(&self.connection).await?;
        let event_ids: Vec<i64> = batch
            .iter()
            .filter_map(Job::event_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut events = self.lock_events(&tx, &event_ids).await?;
        let mut sessions = self.lock_sessions(&tx, &event_ids).await?;
        let clock = now();
        let clock_text = json_time(clock);
        let mut outbox = Vec::new();
        let mut writes = BatchWrites::default();
        let mut new_owe_email = false;
        let mut replies: Vec<Option<Reply>> = batch.iter().map(|_| None).collect();

        for (slot, job) in batch.iter().enumerate() {
            let reply = match job {
                Job::Register { .. } => continue,
                Job::Cancel {
                    registration_id,
                    event_id,
                    actor,
                    ..
                } => Reply::Cancel(
                    cancel(
                        &tx,
                        &mut events,
                        &mut sessions,
                        *event_id,
                        registration_id,
                        actor,
                        clock,
                        &mut outbox,
                    )
                    .await?,
                ),
                Job::Verify {
                    registration_id,
                    event_id,
                    ..
                } => Reply::Verify(
                    verify(
                        &tx,
                        &mut events,
                        &mut sessions,
                        *event_id,
                        registration_id,
                        clock,
                        &mut outbox,
                    )
                    .await?,
                ),
                Job::Promote {
                    event_id, actor, ..
                } => {
                    let promoted = promote(
                        &tx,
                        &mut events,
                        &mut sessions,
                        *event_id,
                        clock,
                        &mut outbox,
                    )
                    .await?;
                    if !promoted.is_empty() {
                        audit::record(
                            &tx,
                            actor,
                            "promote",
                            "event",
                            &event_id.to_string(),
                            json!({ "promoted": promoted }),
                            clock,
                        )
                        .await?;
                    }
                    Reply::Promote(promoted)
                }
                // A worker that gave up waiting would never send what it
                // claimed: leave the rows for its next claim.
                Job::ClaimOutbox { reply, .. } if reply.is_closed() => Reply::Claimed(Vec::new()),
                Job::ClaimOutbox { limit, .. } => {
                    Reply::Claimed(outbox::claim_due(&tx, *limit, clock).await?)
                }
                Job::RecordDeliveries { results, .. } => {
                    outbox::record(&tx, results, clock).await?;
                    Reply::Recorded
                }
            };
            replies[slot] = Some(reply);
        }

        // The waiting list was there first: seats that are free (capacity
        // grew, or an earlier promotion could not run) go to it before any
        // newcomer of this batch.
        let waiting_with_room: Vec<i64> = events
            .iter()
            .filter(|(_, e)| e.waitlisted > 0 && e.seats().has_room())
            .map(|(id, _)| *id)
            .collect();
        for event_id in waiting_with_room {
            promote(
                &tx,
                &mut events,
                &mut sessions,
                event_id,
                clock,
                &mut outbox,
            )
            .await?;
        }

        let registrations: Vec<(usize, i64, &RegistrationRequest)> = batch
            .iter()
            .enumerate()
            .filter_map(|(slot, job)| match job {
                Job::Register {
                    event_id, request, ..
                } => Some((slot, *event_id, request.as_ref())),
                _ => None,
            })
            .collect();
        let mut resent = Vec::new();
        if !registrations.is_empty() {
            let existing = self.find_live(&tx, &registrations).await?;
            let decided = decide(&registrations, &existing, &mut events, &mut sessions, clock);
            let mut rows = Vec::new();
            let mut chosen_sessions = Vec::new();
            for (slot, decision) in decided {
                let reply = match decision {
                    Decision::Refused(refusal) => Err(refusal),
                    Decision::Existing(found) => {
                        let throttled = self
                            .recently_resent
                            .get(&found.id)
                            .is_some_and(|at| at.elapsed() < RESEND_INTERVAL)
                            || resent.contains(&found.id);
                        if !throttled && let Some(kind) = status_email(found.status) {
                            let event = &events[&found.event_id];
                            let mut payload = json!({ "sequence": event.revision, "resent": true });
                            if found.status == RegistrationStatus::Waitlisted {
                                payload["position"] =
                                    json!(place_in_line(&tx, found.event_id, &found.id).await?);
                            }
                            outbox.push(OutboxRow::to_registration(
                                found.event_id,
                                &found.id,
                                kind,
                                &found.email,
                                payload,
                            ));
                            resent.push(found.id.clone());
                        }
                        Ok(Registered {
                            id: found.id,
                            manage_token: found.manage_token,
                            status: found.status,
                            existing: true,
                        })
                    }
                    Decision::New(new) => {
                        let event = &events[&new.event_id];
                        let payload = match new.status {
                            RegistrationStatus::Waitlisted => {
                                json!({ "sequence": event.revision, "position": new.waitlist_position })
                            }
                            _ => json!({ "sequence": event.revision }),
                        };
                        // The email it owes travels in its own row (see
                        // `write_batch`), not as a second copy of its data.
                        let email =
                            status_email(new.status).map(|kind| (kind, payload.to_string()));
                        new_owe_email |= email.is_some();
                        for session_id in &new.request.sessions {
                            chosen_sessions
                                .push(format!(r#"{{"r":"{}","s":{session_id}}}"#, new.id));
                        }
                        let registered = Registered {
                            id: new.id.clone(),
                            manage_token: new.token.clone(),
                            status: new.status,
                            existing: false,
                        };
                        rows.push(new.row(&clock_text, email));
                        Ok(registered)
                    }
                };
                replies[slot] = Some(Reply::Register(reply));
            }
            writes.registrations = rows;
            writes.chosen_sessions = chosen_sessions;
        }

        let owes_email = new_owe_email || !outbox.is_empty();
        writes.outbox = outbox.iter().map(|row| row.json(&clock_text)).collect();
        writes.events = events
            .iter()
            .filter(|(_, e)| e.changed())
            .map(|(id, e)| format!(r#"{{"id":{id},"c":{},"w":{}}}"#, e.confirmed, e.waitlisted))
            .collect();
        writes.sessions = sessions
            .iter()
            .filter(|(_, s)| s.confirmed != s.loaded_confirmed)
            .map(|(id, s)| format!(r#"{{"id":{id},"c":{}}}"#, s.confirmed))
            .collect();
        if !writes.is_empty() {
            // Every write of the batch in one statement: one round trip to
            // the database, whatever the batch's size.
            tx.execute_raw(Statement::from_sql_and_values(
                self.backend,
                self.sql.write_batch,
                writes.into_values(self.backend),
            ))
            .await?;
        }
        tx.commit().await?;

        Ok(Outcomes {
            replies: replies
                .into_iter()
                .map(|r| r.expect("every job of the batch has a reply"))
                .collect(),
            owes_email,
            events,
            sessions,
            resent,
        })
    }

    async fn lock_events(
        &self,
        tx: &DatabaseTransaction,
        ids: &[i64],
    ) -> Result<HashMap<i64, EventRow>, DbErr> {
        let rows = tx
            .query_all_raw(Statement::from_sql_and_values(
                self.backend,
                self.sql.lock_events,
                [json!(ids).to_string().into()],
            ))
            .await?;
        let mut events = HashMap::new();
        for row in rows {
            let confirmed: i32 = row.try_get("", "confirmed_count")?;
            let waitlisted: i32 = row.try_get("", "waitlisted_count")?;
            let status: String = row.try_get("", "status")?;
            events.insert(
                row.try_get("", "id")?,
                EventRow {
                    window: RegistrationWindow {
                        status: EventStatus::parse(&status).unwrap_or(EventStatus::Draft),
                        opens_at: row.try_get("", "registration_opens_at")?,
                        closes_at: row.try_get("", "registration_closes_at")?,
                        event_ends_at: row.try_get("", "ends_at")?,
                    },
                    capacity: row.try_get("", "capacity")?,
                    waitlist_enabled: row.try_get("", "waitlist_enabled")?,
                    requires_verification: row.try_get("", "requires_verification")?,
                    revision: row.try_get("", "revision")?,
                    confirmed,
                    waitlisted,
                    loaded: (confirmed, waitlisted),
                },
            );
        }
        Ok(events)
    }

    async fn lock_sessions(
        &self,
        tx: &DatabaseTransaction,
        event_ids: &[i64],
    ) -> Result<HashMap<i64, SessionRow>, DbErr> {
        let rows = tx
            .query_all_raw(Statement::from_sql_and_values(
                self.backend,
                self.sql.lock_sessions,
                [json!(event_ids).to_string().into()],
            ))
            .await?;
        let mut sessions = HashMap::new();
        for row in rows {
            let confirmed: i32 = row.try_get("", "confirmed_count")?;
            sessions.insert(
                row.try_get("", "id")?,
                SessionRow {
                    capacity: row.try_get("", "capacity")?,
                    confirmed,
                    loaded_confirmed: confirmed,
                },
            );
        }
        Ok(sessions)
    }

    /// The live registrations already stored for the batch's (event, email)
    /// pairs, in one statement.
    async fn find_live(
        &self,
        tx: &DatabaseTransaction,
        registrations: &[(usize, i64, &RegistrationRequest)],
    ) -> Result<HashMap<(i64, String), Found>, DbErr> {
        let keys: Vec<_> = registrations
            .iter()
            .map(|(_, event_id, r)| json!({ "e": event_id, "m": r.email.normalized() }))
            .collect();
        let rows = tx
            .query_all_raw(Statement::from_sql_and_values(
                self.backend,
                self.sql.find_live,
                [json!(keys).to_string().into()],
            ))
            .await?;
        let mut found = HashMap::new();
        for row in rows {
            let status: String = row.try_get("", "status")?;
            let event_id: i64 = row.try_get("", "event_id")?;
            let normalized: String = row.try_get("", "email_normalized")?;
            found.insert(
                (event_id, normalized),
                Found {
                    id: row.try_get("", "id")?,
                    event_id,
                    email: row.try_get("", "email")?,
                    manage_token: row.try_get("", "manage_token")?,
                    status: RegistrationStatus::parse(&status)
                        .unwrap_or(RegistrationStatus::Pending),
                },
            );
        }
        Ok(found)
    }
}

fn count(batch: &[Job], replies: &[Reply]) {
    metrics::bump(&COUNTERS.writer_batches);
    COUNTERS
        .writer_jobs
        .fetch_add(batch.len() as u64, std::sync::atomic::Ordering::Relaxed);
    for reply in replies {
        if let Reply::Register(result) = reply {
            metrics::bump(match result {
                Ok(r) if r.existing => &COUNTERS.registrations_existing,
                Ok(r) => match r.status {
                    RegistrationStatus::Confirmed => &COUNTERS.registrations_confirmed,
                    RegistrationStatus::Waitlisted => &COUNTERS.registrations_waitlisted,
                    _ => &COUNTERS.registrations_pending,
                },
                Err(_) => &COUNTERS.registrations_refused,
            });
        }
    }
}

/// The rows a batch writes, each set one JSON parameter of `write_batch`.
/// Each row is already a JSON object; a set is joined into an array.
#[derive(Default)]
struct BatchWrites {
    registrations: Vec<String>,
    chosen_sessions: Vec<String>,
    outbox: Vec<String>,
    events: Vec<String>,
    sessions: Vec<String>,
}

impl BatchWrites {
    fn is_empty(&self) -> bool {
        self.registrations.is_empty()
            && self.chosen_sessions.is_empty()
            && self.outbox.is_empty()
            && self.events.is_empty()
            && self.sessions.is_empty()
    }

    /// The parameters of `Sql::write_batch`, in its order. SQLite's takes
    /// them by position, statement after statement (sqlx binds numbered
    /// parameters wrongly across statements), so the registrations come twice.
    fn into_values(self, backend: DbBackend) -> Vec<sea_orm::Value> {
        let text = |rows: &[String]| sea_orm::Value::from(format!("[{}]", rows.join(",")));
        let registrations = text(&self.registrations);
        let mut values = vec![registrations.clone()];
        if backend != DbBackend::Postgres {
            values.push(registrations);
        }
        values.extend([
            text(&self.chosen_sessions),
            text(&self.outbox),
            text(&self.events),
            text(&self.sessions),
        ]);
        values
    }
}

struct EventRow {
    window: RegistrationWindow,
    capacity: Option<i32>,
    waitlist_enabled: bool,
    requires_verification: bool,
    revision: i32,
    confirmed: i32,
    waitlisted: i32,
    loaded: (i32, i32),
}

impl EventRow {
    fn seats(&self) -> Seats {
        Seats {
            capacity: self.capacity.map(i64::from),
            taken: self.confirmed as i64,
        }
    }

    fn changed(&self) -> bool {
        (self.confirmed, self.waitlisted) != self.loaded
    }
}

struct SessionRow {
    capacity: Option<i32>,
    confirmed: i32,
    loaded_confirmed: i32,
}

impl SessionRow {
    fn seats(&self) -> Seats {
        Seats {
            capacity: self.capacity.map(i64::from),
            taken: self.confirmed as i64,
        }
    }
}

#[derive(Clone)]
struct Found {
    id: String,
    event_id: i64,
    email: String,
    manage_token: String,
    status: RegistrationStatus,
}

struct NewRegistration<'a> {
    id: String,
    token: String,
    event_id: i64,
    status: RegistrationStatus,
    waitlist_position: Option<i32>,
    request: &'a RegistrationRequest,
}

impl NewRegistration<'_> {
    /// The row as one JSON object of `write_batch`'s first parameter.
    fn row(&self, clock: &str, email: Option<(&str, String)>) -> String {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            id: &'a str,
            event_id: i64,
            first_name: &'a str,
            last_name: &'a str,
            email: &'a str,
            email_normalized: &'a str,
            organization: &'a str,
            country: &'a str,
            language: &'a str,
            answers: String,
            status: &'a str,
            consent_at: &'a str,
            privacy_notice_version: &'a str,
            manage_token: &'a str,
            created_at: &'a str,
            /// The outbox message this registration owes, if any.
            kind: Option<&'a str>,
            payload: Option<String>,
        }
        let r = self.request;
        let (kind, payload) = email.unzip();
        json_row(&Row {
            id: &self.id,
            event_id: self.event_id,
            first_name: &r.first_name,
            last_name: &r.last_name,
            email: r.email.as_str(),
            email_normalized: r.email.normalized(),
            organization: &r.organization,
            country: &r.country,
            language: r.language.code(),
            answers: serde_json::to_string(&r.answers).unwrap_or_else(|_| "{}".into()),
            status: self.status.as_str(),
            consent_at: clock,
            privacy_notice_version: PRIVACY_NOTICE_VERSION,
            manage_token: &self.token,
            created_at: clock,
            kind,
            payload,
        })
    }
}

/// One row of a batch parameter. Serialising plain structs cannot fail.
fn json_row(row: &impl serde::Serialize) -> String {
    serde_json::to_string(row).unwrap_or_default()
}

/// The version of the privacy notice a registrant consents to; raise it when
/// the notice's text changes.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-11";

enum Decision<'a> {
    New(NewRegistration<'a>),
    Existing(Found),
    Refused(Refusal),
}

/// Decides a batch of registrations in arrival order against the locked
/// counters: duplicates (stored, or earlier in the same batch) fold into one
/// registration, closed events refuse, and the capacity rule places the rest.
fn decide<'a>(
    registrations: &[(usize, i64, &'a RegistrationRequest)],
    existing: &HashMap<(i64, String), Found>,
    events: &mut HashMap<i64, EventRow>,
    sessions: &mut HashMap<i64, SessionRow>,
    clock: DateTime<Utc>,
) -> Vec<(usize, Decision<'a>)> {
    let mut in_batch: HashMap<(i64, String), Found> = HashMap::new();
    let mut decisions = Vec::with_capacity(registrations.len());
    for &(slot, event_id, request) in registrations {
        let key = (event_id, request.email.normalized().to_owned());
        if let Some(found) = existing.get(&key).or_else(|| in_batch.get(&key)) {
            decisions.push((slot, Decision::Existing(found.clone())));
            continue;
        }
        let Some(event) = events.get_mut(&event_id) else {
            decisions.push((slot, Decision::Refused(Refusal::NoSuchEvent)));
            continue;
        };
        match event.window.state(clock) {
            WindowState::Open => {}
            state => {
                decisions.push((slot, Decision::Refused(Refusal::Window(state))));
                continue;
            }
        }
        let (status, waitlist_position) = if event.requires_verification {
            // A pending registration holds no seat, but a full event without
            // a waiting list refuses at once rather than after the email.
            if !event.waitlist_enabled && !event.seats().has_room() {
                decisions.push((slot, Decision::Refused(Refusal::Full)));
                continue;
            }
            (RegistrationStatus::Pending, None)
        } else {
            match place_one(event, sessions, &request.sessions) {
                Placement::Confirmed => (RegistrationStatus::Confirmed, None),
                // `place_one` counted this one in: its place in line, from 1.
                Placement::Waitlisted => (RegistrationStatus::Waitlisted, Some(event.waitlisted)),
                Placement::Full => {
                    decisions.push((slot, Decision::Refused(Refusal::Full)));
                    continue;
                }
            }
        };
        let new = NewRegistration {
            id: uuid::Uuid::now_v7().to_string(),
            token: ManageToken::generate().into_string(),
            event_id,
            status,
            waitlist_position,
            request,
        };
        in_batch.insert(
            key,
            Found {
                id: new.id.clone(),
                event_id,
                email: request.email.as_str().to_owned(),
                manage_token: new.token.clone(),
                status,
            },
        );
        decisions.push((slot, Decision::New(new)));
    }
    decisions
}

/// Applies the capacity rule to one registration and updates the counters.
fn place_one(
    event: &mut EventRow,
    sessions: &mut HashMap<i64, SessionRow>,
    chosen: &[i64],
) -> Placement {
    let mut event_seats = event.seats();
    let mut session_seats: Vec<Seats> = chosen
        .iter()
        .filter_map(|id| sessions.get(id).map(SessionRow::seats))
        .collect();
    let mut refs: Vec<&mut Seats> = session_seats.iter_mut().collect();
    let placement = place(&mut event_seats, &mut refs, event.waitlist_enabled);
    match placement {
        Placement::Confirmed => {
            event.confirmed += 1;
            for id in chosen {
                if let Some(session) = sessions.get_mut(id) {
                    session.confirmed += 1;
                }
            }
        }
        Placement::Waitlisted => event.waitlisted += 1,
        Placement::Full => {}
    }
    placement
}

fn status_email(status: RegistrationStatus) -> Option<&'static str> {
    match status {
        RegistrationStatus::Confirmed => Some("confirmation"),
        RegistrationStatus::Waitlisted => Some("waitlisted"),
        RegistrationStatus::Pending => Some("verification"),
        RegistrationStatus::Cancelled => None,
    }
}

struct OutboxRow {
    event_id: i64,
    registration_id: Option<String>,
    kind: &'static str,
    recipient: String,
    payload: serde_json::Value,
}

impl OutboxRow {
    fn to_registration(
        event_id: i64,
        registration_id: &str,
        kind: &'static str,
        recipient: &str,
        payload: serde_json::Value,
    ) -> Self {
        Self {
            event_id,
            registration_id: Some(registration_id.to_owned()),
            kind,
            recipient: recipient.to_owned(),
            payload,
        }
    }

    fn json(&self, clock: &str) -> String {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            event_id: i64,
            registration_id: Option<&'a str>,
            kind: &'a str,
            recipient: &'a str,
            payload: String,
            created_at: &'a str,
        }
        json_row(&Row {
            event_id: self.event_id,
            registration_id: self.registration_id.as_deref(),
            kind: self.kind,
            recipient: &self.recipient,
            payload: self.payload.to_string(),
            created_at: clock,
        })
    }
}

/// 1 for the first in line (ids are UUIDv7: their order is arrival).
async fn place_in_line(
    tx: &DatabaseTransaction,
    event_id: i64,
    registration_id: &str,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .filter(registration::Column::Id.lte(registration_id))
        .count(tx)
        .await
}

async fn load_registration(
    tx: &DatabaseTransaction,
    registration_id: &str,
) -> Result<Option<registration::Model>, DbErr> {
    registration::Entity::find_by_id(registration_id.to_owned())
        .one(tx)
        .await
}

async fn chosen_sessions(
    tx: &DatabaseTransaction,
    registration_id: &str,
) -> Result<Vec<i64>, DbErr> {
    Ok(registration_session::Entity::find()
        .filter(registration_session::Column::RegistrationId.eq(registration_id))
        .all(tx)
        .await?
        .into_iter()
        .map(|row| row.session_id)
        .collect())
}

async fn set_status(
    tx: &DatabaseTransaction,
    registration_id: &str,
    status: RegistrationStatus,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    registration::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(registration_id.to_owned()),
        status: Set(status.as_str().to_owned()),
        updated_at: Set(clock),
        ..Default::default()
    }
    .update(tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn cancel(
    tx: &DatabaseTransaction,
    events: &mut HashMap<i64, EventRow>,
    sessions: &mut HashMap<i64, SessionRow>,
    event_id: i64,
    registration_id: &str,
    actor: &Actor,
    clock: DateTime<Utc>,
    outbox: &mut Vec<OutboxRow>,
) -> Result<Result<Cancelled, WriteError>, DbErr> {
    let Some(found) = load_registration(tx, registration_id).await? else {
        return Ok(Err(WriteError::NotFound));
    };
    let Some(event) = events
        .get_mut(&event_id)
        .filter(|_| found.event_id == event_id)
    else {
        return Ok(Err(WriteError::NotFound));
    };
    let previous = RegistrationStatus::parse(&found.status).unwrap_or(RegistrationStatus::Pending);
    if previous == RegistrationStatus::Cancelled {
        return Ok(Ok(Cancelled {
            previous,
            promoted: Vec::new(),
        }));
    }
    set_status(tx, registration_id, RegistrationStatus::Cancelled, clock).await?;
    match previous {
        RegistrationStatus::Confirmed => {
            event.confirmed -= 1;
            for id in chosen_sessions(tx, registration_id).await? {
                if let Some(session) = sessions.get_mut(&id) {
                    session.confirmed -= 1;
                }
            }
        }
        RegistrationStatus::Waitlisted => event.waitlisted -= 1,
        _ => {}
    }
    // A cancelled invite outranks every request sent before it.
    outbox.push(OutboxRow::to_registration(
        event_id,
        registration_id,
        "cancellation",
        &found.email,
        json!({ "sequence": event.revision + 1, "previous": previous.as_str(), "by": actor.label() }),
    ));
    audit::record(
        tx,
        actor,
        "cancel",
        "registration",
        registration_id,
        json!({ "previous": previous.as_str() }),
        clock,
    )
    .await?;
    let promoted = promote(tx, events, sessions, event_id, clock, outbox).await?;
    Ok(Ok(Cancelled { previous, promoted }))
}

async fn verify(
    tx: &DatabaseTransaction,
    events: &mut HashMap<i64, EventRow>,
    sessions: &mut HashMap<i64, SessionRow>,
    event_id: i64,
    registration_id: &str,
    clock: DateTime<Utc>,
    outbox: &mut Vec<OutboxRow>,
) -> Result<Result<RegistrationStatus, Refusal>, DbErr> {
    let Some(found) = load_registration(tx, registration_id).await? else {
        return Ok(Err(Refusal::NoSuchEvent));
    };
    let Some(event) = events
        .get_mut(&event_id)
        .filter(|_| found.event_id == event_id)
    else {
        return Ok(Err(Refusal::NoSuchEvent));
    };
    let current = RegistrationStatus::parse(&found.status).unwrap_or(RegistrationStatus::Pending);
    if current != RegistrationStatus::Pending {
        return Ok(Ok(current));
    }
    match event.window.state(clock) {
        WindowState::Open => {}
        state => return Ok(Err(Refusal::Window(state))),
    }
    let chosen = chosen_sessions(tx, registration_id).await?;
    let (status, payload) = match place_one(event, sessions, &chosen) {
        Placement::Confirmed => (
            RegistrationStatus::Confirmed,
            json!({ "sequence": event.revision }),
        ),
        Placement::Waitlisted => (
            RegistrationStatus::Waitlisted,
            json!({ "sequence": event.revision, "position": event.waitlisted }),
        ),
        Placement::Full => return Ok(Err(Refusal::Full)),
    };
    set_status(tx, registration_id, status, clock).await?;
    if let Some(kind) = status_email(status) {
        outbox.push(OutboxRow::to_registration(
            event_id,
            registration_id,
            kind,
            &found.email,
            payload,
        ));
    }
    Ok(Ok(status))
}

/// Gives free seats to the earliest waitlisted registrations whose chosen
/// sessions also have room, and owes each a "promoted" email.
async fn promote(
    tx: &DatabaseTransaction,
    events: &mut HashMap<i64, EventRow>,
    sessions: &mut HashMap<i64, SessionRow>,
    event_id: i64,
    clock: DateTime<Utc>,
    outbox: &mut Vec<OutboxRow>,
) -> Result<Vec<String>, DbErr> {
    let mut promoted = Vec::new();
    let Some(event) = events.get_mut(&event_id) else {
        return Ok(promoted);
    };
    if event.waitlisted <= 0 || event.window.status == EventStatus::Cancelled {
        return Ok(promoted);
    }
    let mut after: Option<String> = None;
    while event.seats().has_room() {
        let mut query = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
            .order_by_asc(registration::Column::Id)
            .limit(100);
        if let Some(last) = &after {
            query = query.filter(registration::Column::Id.gt(last.clone()));
        }
        let waiting = query.all(tx).await?;
        let Some(last) = waiting.last() else { break };
        after = Some(last.id.clone());
        for candidate in waiting {
            if !event.seats().has_room() {
                break;
            }
            let chosen = chosen_sessions(tx, &candidate.id).await?;
            let fits = chosen
                .iter()
                .all(|id| sessions.get(id).is_none_or(|s| s.seats().has_room()));
            if !fits {
                continue;
            }
            event.confirmed += 1;
            event.waitlisted -= 1;
            for id in &chosen {
                if let Some(session) = sessions.get_mut(id) {
                    session.confirmed += 1;
                }
            }
            set_status(tx, &candidate.id, RegistrationStatus::Confirmed, clock).await?;
            outbox.push(OutboxRow::to_registration(
                event_id,
                &candidate.id,
                "promoted",
                &candidate.email,
                json!({ "sequence": event.revision }),
            ));
            promoted.push(candidate.id);
        }
    }
    Ok(promoted)
}

/// The batch statements, one text per database. Each takes its rows as JSON
/// parameters, so a batch of any size is the same few prepared statements:
/// three reads (events, sessions, existing registrations) and one write.
struct Sql {
    lock_events: &'static str,
    lock_sessions: &'static str,
    find_live: &'static str,
    /// Registrations, their chosen sessions, outbox rows, event counters and
    /// session counters, in that order of parameters. SQLite runs it as five
    /// statements in one call; PostgreSQL as one statement of
    /// data-modifying CTEs (foreign keys are checked at its end).
    write_batch: &'static str,
}

/// The event columns the writer decides by.
macro_rules! select_events {
    ($rest:literal $(,)?) => {
        concat!(
            "SELECT id, status, capacity, waitlist_enabled, registration_opens_at, \
             registration_closes_at, ends_at, requires_verification, revision, \
             confirmed_count, waitlisted_count ",
            $rest
        )
    };
}

impl Sql {
    fn for_backend(backend: DbBackend) -> Self {
        match backend {
            DbBackend::Postgres => Self::POSTGRES,
            _ => Self::SQLITE,
        }
    }

    const SQLITE: Sql = Sql {
        lock_events: select_events!("FROM events WHERE id IN (SELECT value FROM json_each(?))"),
        lock_sessions: "SELECT id, event_id, capacity, confirmed_count FROM sessions \
            WHERE event_id IN (SELECT value FROM json_each(?))",
        find_live: "SELECT r.id, r.event_id, r.email, r.email_normalized, r.status, r.manage_token \
            FROM json_each(?) AS k \
            JOIN registrations AS r ON r.event_id = k.value ->> 'e' \
             AND r.email_normalized = k.value ->> 'm' \
            WHERE r.status <> 'cancelled'",
        write_batch: "INSERT INTO registrations (id, event_id, first_name, last_name, \
            email, email_normalized, organization, country, language, answers, status, \
            checked_in_at, consent_at, privacy_notice_version, manage_token, created_at, updated_at) \
            SELECT value ->> 'id', value ->> 'event_id', value ->> 'first_name', \
            value ->> 'last_name', value ->> 'email', value ->> 'email_normalized', \
            value ->> 'organization', value ->> 'country', value ->> 'language', \
            value ->> 'answers', value ->> 'status', NULL, value ->> 'consent_at', \
            value ->> 'privacy_notice_version', value ->> 'manage_token', \
            value ->> 'created_at', value ->> 'created_at' FROM json_each(?); \
            INSERT INTO outbox_messages (event_id, registration_id, kind, recipient, \
            payload, status, attempts, next_attempt_at, created_at) \
            SELECT value ->> 'event_id', value ->> 'id', value ->> 'kind', value ->> 'email', \
            value ->> 'payload', 'pending', 0, value ->> 'created_at', value ->> 'created_at' \
            FROM json_each(?) WHERE value ->> 'kind' IS NOT NULL; \
            INSERT INTO registration_sessions (registration_id, session_id) \
            SELECT value ->> 'r', value ->> 's' FROM json_each(?); \
            INSERT INTO outbox_messages (event_id, registration_id, kind, recipient, \
            payload, status, attempts, next_attempt_at, created_at) \
            SELECT value ->> 'event_id', value ->> 'registration_id', value ->> 'kind', \
            value ->> 'recipient', value ->> 'payload', 'pending', 0, value ->> 'created_at', \
            value ->> 'created_at' FROM json_each(?); \
            UPDATE events SET confirmed_count = k.value ->> 'c', waitlisted_count = k.value ->> 'w' \
            FROM json_each(?) AS k WHERE events.id = k.value ->> 'id'; \
            UPDATE sessions SET confirmed_count = k.value ->> 'c' \
            FROM json_each(?) AS k WHERE sessions.id = k.value ->> 'id'",
    };

    const POSTGRES: Sql = Sql {
        lock_events: select_events!(
            "FROM events WHERE id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) \
             ORDER BY id FOR UPDATE"
        ),
        lock_sessions: "SELECT id, event_id, capacity, confirmed_count FROM sessions \
            WHERE event_id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) \
            ORDER BY id FOR UPDATE",
        // A lookup per key through the unique index, whatever the planner
        // believes of the table's size: a hash join over the whole table
        // would grow with every registration.
        find_live: "SELECT r.id, r.event_id, r.email, r.email_normalized, r.status, r.manage_token \
            FROM jsonb_to_recordset($1::jsonb) AS k(e bigint, m text) \
            CROSS JOIN LATERAL (SELECT * FROM registrations AS r WHERE r.event_id = k.e \
            AND r.email_normalized = k.m AND r.status <> 'cancelled' LIMIT 1) AS r",
        write_batch: "WITH new_registrations AS (INSERT INTO registrations (id, event_id, \
            first_name, last_name, email, email_normalized, organization, country, language, \
            answers, status, checked_in_at, consent_at, privacy_notice_version, manage_token, \
            created_at, updated_at) \
            SELECT id, event_id, first_name, last_name, email, email_normalized, organization, \
            country, language, answers, status, NULL, consent_at, privacy_notice_version, \
            manage_token, created_at, created_at \
            FROM jsonb_to_recordset($1::jsonb) AS x(id text, event_id bigint, first_name text, \
            last_name text, email text, email_normalized text, organization text, country text, \
            language text, answers text, status text, consent_at timestamptz, \
            privacy_notice_version text, manage_token text, created_at timestamptz)), \
            owed_by_new AS (INSERT INTO outbox_messages (event_id, registration_id, kind, \
            recipient, payload, status, attempts, next_attempt_at, created_at) \
            SELECT event_id, id, kind, email, payload, 'pending', 0, created_at, created_at \
            FROM jsonb_to_recordset($1::jsonb) AS x(id text, event_id bigint, email text, \
            kind text, payload text, created_at timestamptz) WHERE kind IS NOT NULL), \
            chosen AS (INSERT INTO registration_sessions (registration_id, session_id) \
            SELECT r, s FROM jsonb_to_recordset($2::jsonb) AS x(r text, s bigint)), \
            owed AS (INSERT INTO outbox_messages (event_id, registration_id, kind, recipient, \
            payload, status, attempts, next_attempt_at, created_at) \
            SELECT event_id, registration_id, kind, recipient, payload, 'pending', 0, created_at, \
            created_at FROM jsonb_to_recordset($3::jsonb) AS x(event_id bigint, \
            registration_id text, kind text, recipient text, payload text, created_at timestamptz)), \
            counted AS (UPDATE events AS e SET confirmed_count = k.c, waitlisted_count = k.w \
            FROM jsonb_to_recordset($4::jsonb) AS k(id bigint, c int, w int) WHERE e.id = k.id) \
            UPDATE sessions AS s SET confirmed_count = k.c \
            FROM jsonb_to_recordset($5::jsonb) AS k(id bigint, c int) WHERE s.id = k.id",
    };
}
