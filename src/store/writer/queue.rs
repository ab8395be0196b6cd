//! The writer task: takes whatever jobs are queued, commits them as one
//! batch (`batch::apply`), publishes the committed seat counts, and only then
//! answers each job. A failing batch is retried job by job, so one bad row
//! fails alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::{Notify, mpsc};

use super::batch::{self, Answer, Committed};
use super::rush::Lane;
use super::{Job, MAX_BATCH, WriteError};
use crate::domain::{RegistrationStatus, batch::Ledger};
use crate::metrics::{self, COUNTERS};
use crate::store::seats::{EventCounts, SeatBoard, SessionCounts};
use crate::store::wal::{Kept, WalBound};

impl Job {
    pub(super) fn event_id(&self) -> Option<i64> {
        match self {
            Job::Register { event_id, .. }
            | Job::Cancel { event_id, .. }
            | Job::Verify { event_id, .. }
            | Job::Erase { event_id, .. }
            | Job::PromoteOne { event_id, .. }
            | Job::ChangeChoices { event_id, .. } => Some(*event_id),
            Job::ClaimOutbox { .. }
            | Job::RecordDeliveries { .. }
            | Job::RenewClaims { .. }
            | Job::ExpireHolds { .. } => None,
        }
    }

    fn fail(self, error: impl Fn() -> WriteError) {
        // A requester that gave up (timeout, closed connection) no longer
        // listens; its result is in the database for its retry to find.
        match self {
            Job::Register { reply, .. } => drop(reply.send(Err(error()))),
            Job::Cancel { reply, .. } => drop(reply.send(Err(error()))),
            Job::Verify { reply, .. } => drop(reply.send(Err(error()))),
            Job::Erase { reply, .. } => drop(reply.send(Err(error()))),
            Job::PromoteOne { reply, .. } => drop(reply.send(Err(error()))),
            Job::ExpireHolds { reply, .. } => drop(reply.send(Err(error()))),
            Job::ChangeChoices { reply, .. } => drop(reply.send(Err(error()))),
            Job::ClaimOutbox { reply, .. } => drop(reply.send(Err(error()))),
            Job::RecordDeliveries { reply, .. } => drop(reply.send(Err(error()))),
            Job::RenewClaims { reply, .. } => drop(reply.send(Err(error()))),
        }
    }

    fn answer(self, answer: Answer) {
        match (self, answer) {
            (Job::Register { reply, .. }, Answer::Register(r)) => drop(reply.send(Ok(r))),
            (Job::Cancel { reply, .. }, Answer::Cancel(r)) => drop(reply.send(r)),
            (Job::Verify { reply, .. }, Answer::Verify(r)) => drop(reply.send(Ok(r))),
            (Job::Erase { reply, .. }, Answer::Erase(r)) => drop(reply.send(r)),
            (Job::PromoteOne { reply, .. }, Answer::PromoteOne(r)) => drop(reply.send(r)),
            (Job::ExpireHolds { reply, .. }, Answer::Expired(n)) => drop(reply.send(Ok(n))),
            (Job::ChangeChoices { reply, .. }, Answer::Changed(r)) => drop(reply.send(r)),
            (Job::ClaimOutbox { reply, .. }, Answer::Claimed(r)) => drop(reply.send(Ok(r))),
            (Job::RecordDeliveries { reply, .. }, Answer::Recorded) => drop(reply.send(Ok(()))),
            (Job::RenewClaims { reply, .. }, Answer::Renewed(r)) => drop(reply.send(Ok(r))),
            (job, _) => job.fail(|| WriteError::Database(DbErr::Custom("answer mismatch".into()))),
        }
    }
}

pub(super) struct BatchWriter {
    connection: DatabaseConnection,
    seats: Arc<SeatBoard>,
    outbox_ready: Arc<Notify>,
    /// How long a new pending registration holds its seat.
    hold: Option<chrono::Duration>,
    stats: Arc<Stats>,
    wal: Option<WalBound>,
    /// Rushes go in fewer round trips on a connection of their own.
    lane: Lane,
}

/// What the writer has done since start, for the services and for tests.
#[derive(Default)]
pub(super) struct Stats {
    pub registrations: AtomicU64,
    pub waiting_pages_read: AtomicU64,
    /// Batches committed on the rush lane.
    pub rushes: AtomicU64,
    /// Rushes that failed on the lane and went the general way.
    pub rush_fallbacks: AtomicU64,
    /// Rushes that went again with the lookup (`rush.rs`).
    pub looked_up_again: AtomicU64,
    /// Batches that failed and were retried job by job.
    pub failed_batches: AtomicU64,
}

impl BatchWriter {
    pub fn new(
        connection: DatabaseConnection,
        seats: Arc<SeatBoard>,
        outbox_ready: Arc<Notify>,
        hold: Option<chrono::Duration>,
        stats: Arc<Stats>,
        wal: Option<WalBound>,
    ) -> Self {
        Self {
            lane: Lane::new(connection.clone(), stats.clone()),
            connection,
            seats,
            outbox_ready,
            hold,
            stats,
            wal,
        }
    }

    pub async fn run(mut self, mut jobs: mpsc::Receiver<Job>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Some(first) = jobs.recv().await {
            batch.push(first);
            while batch.len() < MAX_BATCH {
                match jobs.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            self.commit_batch(std::mem::take(&mut batch)).await;
            self.keep_log_bounded().await;
        }
        tracing::debug!("registration writer stopped");
    }

    /// Commits a batch. The mail worker's bookkeeping that arrived in the
    /// middle of a rush does not take the rush off its lane: the
    /// registrations are committed and answered first, the bookkeeping
    /// after, in a transaction of its own.
    async fn commit_batch(&mut self, batch: Vec<Job>) {
        match split_off_mail(batch) {
            (rush, Some(mail)) if self.lane.takes(&rush) => {
                self.commit(rush).await;
                self.commit(mail).await;
            }
            (rush, Some(mut mail)) => {
                // The lane rests: one transaction the general way.
                mail.extend(rush);
                self.commit(mail).await;
            }
            (batch, None) => self.commit(batch).await,
        }
    }

    async fn commit(&mut self, batch: Vec<Job>) {
        if self.lane.takes(&batch) {
            match self.lane.apply(&batch, self.hold).await {
                Ok(Some(committed)) => {
                    self.stats.rushes.fetch_add(1, Ordering::Relaxed);
                    return self.answer(batch, committed);
                }
                Ok(None) => {}
                Err(error) => {
                    metrics::bump(&COUNTERS.writer_rush_fallbacks);
                    self.stats.rush_fallbacks.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(%error, size = batch.len(), "rush failed; trying the general way");
                }
            }
        }
        match batch::apply(&self.connection, &batch, self.hold).await {
            Ok(committed) => self.answer(batch, committed),
            Err(error) if batch.len() > 1 => {
                metrics::bump(&COUNTERS.writer_failed_batches);
                self.stats.failed_batches.fetch_add(1, Ordering::Relaxed);
                // One bad row must not fail its neighbours: retry each alone.
                tracing::warn!(%error, size = batch.len(), "batch failed; retrying one by one");
                for job in batch {
                    let single = [job];
                    match batch::apply(&self.connection, &single, self.hold).await {
                        Ok(committed) => self.answer(Vec::from(single), committed),
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

    /// Between batches, when no transaction of ours is open: the only
    /// moment a restarting checkpoint cannot wait on the writer itself.
    async fn keep_log_bounded(&mut self) {
        let Some(wal) = self.wal.as_mut() else {
            return;
        };
        match wal.keep().await {
            Ok(Kept::WithinBound | Kept::CopyingBack) => {}
            Ok(Kept::Restarted) => metrics::bump(&COUNTERS.wal_restarts),
            Ok(Kept::ReadersHeldOn | Kept::ReaderPinned) => {
                metrics::bump(&COUNTERS.wal_restarts_deferred)
            }
            Err(error) => tracing::warn!(%error, "write-ahead log checkpoint failed"),
        }
    }

    fn answer(&self, batch: Vec<Job>, committed: Committed) {
        count(&batch, &committed.answers);
        let registrations = batch
            .iter()
            .filter(|j| matches!(j, Job::Register { .. }))
            .count();
        self.stats
            .registrations
            .fetch_add(registrations as u64, Ordering::Relaxed);
        self.stats
            .waiting_pages_read
            .fetch_add(committed.waiting_pages_read, Ordering::Relaxed);
        publish(&self.seats, &committed.ledger);
        if committed.owes_email {
            self.outbox_ready.notify_one();
        }
        for (job, answer) in batch.into_iter().zip(committed.answers) {
            job.answer(answer);
        }
    }
}

/// Seats left on the pages come from these counts, as just committed.
fn publish(seats: &SeatBoard, ledger: &Ledger) {
    for (event_id, event) in &ledger.events {
        seats.record_event(
            *event_id,
            EventCounts {
                confirmed: event.confirmed,
                waitlisted: event.waitlisted,
                held: event.held,
            },
        );
    }
    seats.record_sessions(ledger.sessions.iter().map(|(id, s)| {
        (
            *id,
            SessionCounts {
                confirmed: s.confirmed,
                held: s.held,
            },
        )
    }));
}

fn count(batch: &[Job], answers: &[Answer]) {
    metrics::bump(&COUNTERS.writer_batches);
    COUNTERS
        .writer_jobs
        .fetch_add(batch.len() as u64, Ordering::Relaxed);
    for answer in answers {
        if let Answer::Register(result) = answer {
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

/// A batch of public registrations and mail bookkeeping, split in two:
/// `(registrations, Some(bookkeeping))`. Any other batch comes back whole,
/// with `None`: a job that touches seats or registrations keeps its place
/// among them.
fn split_off_mail(batch: Vec<Job>) -> (Vec<Job>, Option<Vec<Job>>) {
    let mixed = batch.iter().any(Job::is_public_registration)
        && batch.iter().any(Job::is_mail_bookkeeping)
        && batch
            .iter()
            .all(|job| job.is_public_registration() || job.is_mail_bookkeeping());
    if !mixed {
        return (batch, None);
    }
    let (rush, mail) = batch.into_iter().partition(Job::is_public_registration);
    (rush, Some(mail))
}
