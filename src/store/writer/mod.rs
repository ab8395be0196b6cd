//! The registration writer: one task per database through which every
//! registration, cancellation, verification and promotion passes, and the
//! mail worker's claims and reports too.
//!
//! Why one writer: a durable commit costs an fsync (SQLite) or a WAL flush
//! (PostgreSQL), and every registration of an event contends for the same
//! seat counter. The writer takes whatever is queued, decides the whole batch
//! against the counters it has locked, writes it with a fixed number of
//! set-based statements, commits once, and only then answers each request.
//! That is group commit: ~10× one transaction per request (BENCHMARKS.md),
//! with the same durability.
//!
//! Why it is exact: every decision is taken inside the transaction from the
//! database's own counters — on SQLite under `BEGIN IMMEDIATE`, on
//! PostgreSQL under `SELECT … FOR UPDATE` of the event and session rows — so
//! several instances sharing one PostgreSQL database serialise per event,
//! and the partial unique index on (event, normalised email) backs up the
//! one-live-registration rule whatever happens.
//!
//! The house: this file is the handle the services hold; `queue.rs` batches
//! the jobs and answers them after the commit; `batch.rs` is the
//! transaction, which asks `domain::batch` for the decisions; `rows.rs`
//! turns decisions into the rows of `sql.rs`'s statements, one text per
//! database.

mod batch;
mod queue;
mod rows;
mod rush;
mod sql;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};
use tokio::sync::{Notify, mpsc, oneshot};

pub use super::audit::Actor;
use super::entities::outbox_message;
use super::outbox::DeliveryReport;
use super::seats::SeatBoard;
use super::wal::WalBound;
pub use crate::domain::batch::Refusal;
use crate::domain::{Choices, RegistrationRequest, RegistrationStatus};

/// How long a request waits for its batch before it is answered 503. The
/// registration may still commit after that: a retry then finds it.
const REPLY_TIMEOUT: Duration = Duration::from_secs(10);
/// The most jobs one transaction takes.
const MAX_BATCH: usize = 256;

#[derive(Clone, Debug)]
pub struct Registered {
    pub id: String,
    pub manage_token: String,
    pub status: RegistrationStatus,
    /// True when the email already had a live registration for the event.
    pub existing: bool,
}

#[derive(Clone, Debug)]
pub struct Cancelled {
    pub previous: RegistrationStatus,
    /// Waitlisted registrations that took the freed seats.
    pub promoted: Vec<String>,
}

/// What erasing a registration did.
#[derive(Clone, Debug)]
pub struct Erased {
    /// Set when it was live and its event had not ended: cancelled first,
    /// in the same transaction (its seat to the waiting list, the calendar
    /// CANCEL owed).
    pub cancelled: Option<Cancelled>,
    /// False when its data had been erased already.
    pub erased: bool,
}

/// Why one waitlisted person could not be given a seat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotPromoted {
    /// They are not on the waiting list (any more).
    NotWaiting(RegistrationStatus),
    /// The event, or one of their sessions, has no free seat.
    NoRoom,
}

/// What an attendee's change of their choices did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChoicesChanged {
    pub sessions_changed: bool,
    /// A confirmed attendee's sessions changed: an updated invite is owed.
    pub invite_updated: bool,
}

/// Why an attendee's change of their choices was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// A cancelled registration changes no more.
    Cancelled,
    /// This added session has no seat left.
    SessionFull(i64),
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

/// A claim an outbox message is sent under, extended while a slow SMTP
/// conversation goes on (see `mail::Mailer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    pub until: DateTime<Utc>,
}

type Reply<T> = oneshot::Sender<Result<T, WriteError>>;

enum Job {
    Register {
        event_id: i64,
        request: Box<RegistrationRequest>,
        /// Staff adding someone by hand: the new registration gets an audit
        /// entry in the batch's transaction. `None` for the public form.
        actor: Option<Actor>,
        reply: Reply<Result<Registered, Refusal>>,
    },
    Cancel {
        registration_id: String,
        event_id: i64,
        actor: Actor,
        reply: Reply<Cancelled>,
    },
    Verify {
        registration_id: String,
        event_id: i64,
        reply: Reply<Result<RegistrationStatus, Refusal>>,
    },
    /// Erases a person's data (src/store/privacy.rs), cancelling a live
    /// registration of an event that has not ended first.
    Erase {
        registration_id: String,
        event_id: i64,
        actor: Actor,
        reply: Reply<Erased>,
    },
    PromoteOne {
        registration_id: String,
        event_id: i64,
        actor: Actor,
        reply: Reply<Result<(), NotPromoted>>,
    },
    ChangeChoices {
        registration_id: String,
        event_id: i64,
        choices: Box<Choices>,
        actor: Actor,
        reply: Reply<Result<ChoicesChanged, ChangeRefused>>,
    },
    /// Ends seat holds that have run out (at most `limit`): see
    /// `batch::expire_holds`.
    ExpireHolds { limit: u64, reply: Reply<usize> },
    ClaimOutbox {
        limit: u64,
        /// How long the claim holds before another worker may take the rows.
        lease: chrono::Duration,
        reply: Reply<Vec<outbox_message::Model>>,
    },
    RecordDeliveries {
        results: Vec<DeliveryReport>,
        reply: Reply<()>,
    },
    RenewClaims {
        claims: Vec<Claim>,
        until: DateTime<Utc>,
        reply: Reply<Vec<Claim>>,
    },
}

impl Job {
    /// A registration from the public form: what a rush is made of.
    fn is_public_registration(&self) -> bool {
        matches!(self, Job::Register { actor: None, .. })
    }

    /// The mail worker's bookkeeping: outbox rows only, never a seat or a
    /// registration, so it may be written before or after the
    /// registrations it arrived with.
    fn is_mail_bookkeeping(&self) -> bool {
        matches!(
            self,
            Job::ClaimOutbox { .. } | Job::RecordDeliveries { .. } | Job::RenewClaims { .. }
        )
    }
}

/// A writer's batches by how they went (`Writer::batches`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub rushes: u64,
    pub rush_fallbacks: u64,
    /// PostgreSQL: rushes decided without the lookup that went again with
    /// it (`rush.rs`).
    pub looked_up_again: u64,
    pub failed: u64,
}

/// The handle the services hold; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
    stats: Arc<queue::Stats>,
}

impl Writer {
    /// Starts the writer task on its own connection. `outbox_ready` is
    /// notified after every commit that owes emails. `hold`: how long a
    /// new pending registration (double opt-in) holds its seat; `None`
    /// holds none. `wal` bounds SQLite's write-ahead log between batches.
    pub fn start(
        connection: DatabaseConnection,
        seats: Arc<SeatBoard>,
        outbox_ready: Arc<Notify>,
        queue_len: usize,
        hold: Option<chrono::Duration>,
        wal: Option<WalBound>,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let (queue, jobs) = mpsc::channel(queue_len.max(1));
        let stats = Arc::new(queue::Stats::default());
        let task =
            queue::BatchWriter::new(connection, seats, outbox_ready, hold, stats.clone(), wal);
        let handle = tokio::spawn(task.run(jobs));
        (Self { queue, stats }, handle)
    }

    pub async fn register(
        &self,
        event_id: i64,
        request: RegistrationRequest,
    ) -> Result<Result<Registered, Refusal>, WriteError> {
        self.submit(|reply| Job::Register {
            event_id,
            request: Box::new(request),
            actor: None,
            reply,
        })
        .await
    }

    /// Registers someone on behalf of staff: the same rules and seats as
    /// the public form, and an audit entry naming `actor` in the same
    /// transaction.
    pub async fn register_as(
        &self,
        event_id: i64,
        request: RegistrationRequest,
        actor: Actor,
    ) -> Result<Result<Registered, Refusal>, WriteError> {
        self.submit(|reply| Job::Register {
            event_id,
            request: Box::new(request),
            actor: Some(actor),
            reply,
        })
        .await
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
        .await
    }

    /// Erases a registration's personal data in one transaction: a live
    /// registration of an event not over yet is cancelled first (seat to
    /// the waiting list, promotion, the calendar CANCEL owed), then its
    /// data is erased and the audit entry written.
    pub async fn erase(
        &self,
        event_id: i64,
        registration_id: String,
        actor: Actor,
    ) -> Result<Erased, WriteError> {
        self.submit(|reply| Job::Erase {
            registration_id,
            event_id,
            actor,
            reply,
        })
        .await
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
        .await
    }

    /// Gives one named waitlisted person a seat, if the event and their
    /// sessions have room (`domain::batch::Ledger`'s rules), whatever their
    /// place in line: staff decide who, the counters decide whether.
    pub async fn promote_one(
        &self,
        event_id: i64,
        registration_id: String,
        actor: Actor,
    ) -> Result<Result<(), NotPromoted>, WriteError> {
        self.submit(|reply| Job::PromoteOne {
            registration_id,
            event_id,
            actor,
            reply,
        })
        .await
    }

    /// Changes a registration's answers, sessions and email language (the
    /// attendee on their own page): session seats are decided from the
    /// locked counters, and a confirmed attendee whose sessions changed is
    /// owed an updated invite in the same transaction, with its audit entry.
    pub async fn change_choices(
        &self,
        event_id: i64,
        registration_id: String,
        choices: Choices,
        actor: Actor,
    ) -> Result<Result<ChoicesChanged, ChangeRefused>, WriteError> {
        self.submit(|reply| Job::ChangeChoices {
            registration_id,
            event_id,
            choices: Box::new(choices),
            actor,
            reply,
        })
        .await
    }

    /// Ends the seat holds that have run out by now (at most `limit` in one
    /// transaction): each registration is cancelled, its seats go to the
    /// waiting list, and its registrant is emailed. Safe to run on several
    /// instances at once: the holds are read under the events' locks.
    /// Returns how many ended.
    pub async fn expire_holds(&self, limit: u64) -> Result<usize, WriteError> {
        self.submit_waiting(|reply| Job::ExpireHolds { limit, reply })
            .await
    }

    /// Claims due outbox messages for the mail worker. Through the writer,
    /// so that on SQLite the worker never holds the lock registrations need.
    pub async fn claim_outbox(
        &self,
        limit: u64,
        lease: chrono::Duration,
    ) -> Result<Vec<outbox_message::Model>, WriteError> {
        self.submit_waiting(|reply| Job::ClaimOutbox {
            limit,
            lease,
            reply,
        })
        .await
    }

    /// Records how deliveries went, in the writer's next commit (grouped
    /// with whatever else is queued then).
    pub async fn record_deliveries(&self, results: Vec<DeliveryReport>) -> Result<(), WriteError> {
        self.submit_waiting(|reply| Job::RecordDeliveries { results, reply })
            .await
    }

    /// Extends claims still held to `until`; returns the claims as they now
    /// stand (a claim lost to another worker is left out).
    pub async fn renew_claims(
        &self,
        claims: Vec<Claim>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Claim>, WriteError> {
        self.submit_waiting(|reply| Job::RenewClaims {
            claims,
            until,
            reply,
        })
        .await
    }

    /// Registrations committed since start: how busy registration is.
    pub fn registrations_committed(&self) -> u64 {
        self.stats.registrations.load(Ordering::Relaxed)
    }

    /// Pages of waiting lists read to promote people since start: promotion
    /// reads the waiting list only where seats were freed.
    pub fn waiting_list_pages_read(&self) -> u64 {
        self.stats.waiting_pages_read.load(Ordering::Relaxed)
    }

    /// This writer's batches since start: committed on the rush lane,
    /// failed on it and sent the general way, gone again with the lookup
    /// (`rush.rs`); failed and
    /// retried job by job. Process-wide sums are in `/metrics`.
    pub fn batches(&self) -> BatchCounts {
        BatchCounts {
            rushes: self.stats.rushes.load(Ordering::Relaxed),
            rush_fallbacks: self.stats.rush_fallbacks.load(Ordering::Relaxed),
            looked_up_again: self.stats.looked_up_again.load(Ordering::Relaxed),
            failed: self.stats.failed_batches.load(Ordering::Relaxed),
        }
    }

    /// False once the writer task has ended: nothing would be written.
    pub fn is_running(&self) -> bool {
        !self.queue.is_closed()
    }

    /// Like `submit`, but waits for room in the queue: the mail worker's
    /// jobs must not be refused in a rush (a result not recorded would have
    /// its email sent again).
    async fn submit_waiting<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(job(reply))
            .await
            .map_err(|_| WriteError::Stopped)?;
        answer.await.map_err(|_| WriteError::Stopped)?
    }

    async fn submit<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.queue.try_send(job(reply)).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => WriteError::Busy,
            mpsc::error::TrySendError::Closed(_) => WriteError::Stopped,
        })?;
        match tokio::time::timeout(REPLY_TIMEOUT, answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(WriteError::Stopped),
            Err(_) => Err(WriteError::Timeout),
        }
    }
}

/// Fills free seats of an event from its waiting list inside a transaction
/// that changed its capacity (SPEC invariant 4: in the same transaction).
/// Returns the promoted registrations' ids; their emails are owed in `tx`.
pub async fn promote_after_capacity_change(
    tx: &DatabaseTransaction,
    event_id: i64,
    clock: DateTime<Utc>,
) -> Result<Vec<String>, DbErr> {
    batch::promote_in(tx, event_id, clock).await
}
