//! Email: templates from `emails/`, composition (with calendar invites and
//! check-in QR codes), the transport, and the worker that drains the outbox.
//!
//! The worker claims due outbox rows and records outcomes only through the
//! registration writer (`Writer::claim_outbox` / `record_deliveries`), so on
//! SQLite it never holds the write lock registrations wait for. A row is
//! leased while being sent; a worker that dies mid-send leaves it to be
//! claimed again when the lease expires.
//!
//! The flow is continuous: the next claim is made while earlier messages
//! are still being sent, bounded by how many rows one worker holds claimed
//! and how many messages it sends at once (`TESSERA_SMTP_CONNECTIONS`), so a slow
//! message holds up no other. A claim's rows are read for composing with a
//! few queries for all of them (`compose::Facts`), and deliveries are
//! recorded in groups: whatever finished while the previous record was
//! being committed goes in the next commit.

mod background;
pub mod compose;
pub mod templates;
pub mod transport;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::Utc;
use lettre::Address;
use lettre::message::Mailbox;
use rand::Rng;
use tokio::sync::oneshot::error::TryRecvError;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc, oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};

use crate::config::Config;
use crate::store::Database;
use crate::store::entities::outbox_message;
use crate::store::outbox::{Delivery, DeliveryReport};
use crate::store::writer::{Claim, Writer};
use compose::{ComposeError, Facts};
use templates::Templates;
use transport::{SendError, Transport};

/// Rows claimed at a time during a registration rush (a claim a second,
/// see `wait_for_calm`).
const TRICKLE: u32 = 32;
/// The most rows one worker holds claimed and not yet recorded, per
/// message it sends at once (`TESSERA_SMTP_CONNECTIONS`). When the queue is
/// calm, a claim waits until half of them are free and takes as many as
/// there is room for: a backlog goes in claims of a hundred or more, and
/// the other half keeps the senders busy meanwhile. A few hundred messages
/// are a second or two of sending, far within a claim's lease.
const HELD_PER_SENDER: u32 = 8;
/// The most delivery records written in one commit.
const RECORD_MAX: usize = 512;
/// Longest sleep between claims when nothing was notified: retries come due
/// without a notification.
const IDLE: Duration = Duration::from_secs(1);
/// A rush: more registrations than this committed per `CALM_PROBE`
/// (here 400/s).
const RUSH_PER_PROBE: u64 = 20;
const CALM_PROBE: Duration = Duration::from_millis(50);
/// Probes a calm is judged over (200 ms).
const CALM_WINDOW: usize = 4;
/// Even in a rush, a claim of emails goes out this often.
const MAX_DEFER: Duration = Duration::from_secs(1);
const RETRY_CAP: Duration = Duration::from_secs(3600);

pub struct Mailer {
    templates: Templates,
    transport: Transport,
    base_url: String,
    /// The sending address: `From` and the invites' ORGANIZER.
    from: Address,
    secret: Vec<u8>,
    retry_base: Duration,
    /// How long a claim on a message lasts (`TESSERA_MAIL_LEASE_SECONDS`).
    lease: chrono::Duration,
    /// Messages sent at once (`TESSERA_SMTP_CONNECTIONS`).
    sending: u32,
}

impl Mailer {
    /// Loads and checks every template and builds the transport. Fails on a
    /// broken template, a bad sending address or a bad SMTP URL.
    pub fn new(config: &Config, secret: Vec<u8>) -> anyhow::Result<Self> {
        let templates = Templates::load(config.emails_dir.clone())?;
        let from = config
            .mail_from
            .parse::<Mailbox>()
            .with_context(|| format!("TESSERA_MAIL_FROM {:?}", config.mail_from))?
            .email;
        let sending = config.smtp_connections.max(1);
        let transport = match &config.smtp_url {
            Some(url) => Transport::smtp(url, sending).context("TESSERA_SMTP_URL")?,
            None => Transport::files(config.outbox_dir.clone())
                .with_context(|| format!("TESSERA_OUTBOX_DIR {}", config.outbox_dir.display()))?,
        };
        let retry_base = Duration::from_millis(config.mail_retry_base_ms.max(1));
        let lease = chrono::Duration::seconds(i64::from(config.mail_lease_seconds.max(2)));
        Ok(Self {
            templates,
            transport,
            base_url: config.base_url(),
            from,
            secret,
            retry_base,
            lease,
            sending,
        })
    }

    /// Drains the outbox until `shutdown` turns true (or its sender goes).
    /// Messages being sent finish and are recorded; claimed ones not yet
    /// begun go back to the queue; unclaimed rows stay in the outbox for the
    /// next start.
    pub fn spawn_worker(
        self: Arc<Self>,
        db: Database,
        writer: Writer,
        ready: Arc<Notify>,
        shutdown: watch::Receiver<bool>,
    ) -> JoinHandle<()> {
        tokio::spawn(async move {
            let (reports, records) = mpsc::unbounded_channel();
            // One task: aborting the worker aborts its recorder too.
            tokio::join!(
                self.claim_and_send(db, writer.clone(), ready, shutdown, reports),
                record_reports(writer, records),
            );
            tracing::info!("mail worker stopped");
        })
    }

    /// Claims due messages and hands them to senders, claiming again as
    /// soon as there is room rather than when a whole claim is done.
    async fn claim_and_send(
        self: Arc<Self>,
        db: Database,
        writer: Writer,
        ready: Arc<Notify>,
        mut shutdown: watch::Receiver<bool>,
        reports: mpsc::UnboundedSender<Recorded>,
    ) {
        let most_held = self
            .sending
            .saturating_mul(HELD_PER_SENDER)
            .max(2 * TRICKLE);
        let held = Arc::new(Semaphore::new(most_held as usize));
        let sending = Arc::new(Semaphore::new(self.sending as usize));
        // Messages to one registrant go out in the order they were claimed
        // (a confirmation before its cancellation), also across claims: each
        // waits for the one before it. Different registrants' in parallel.
        let mut last_to: HashMap<String, oneshot::Receiver<()>> = HashMap::new();
        let mut senders = JoinSet::new();
        loop {
            reap(&mut senders);
            if *shutdown.borrow() {
                break;
            }
            let calm = wait_for_calm(&writer).await;
            if *shutdown.borrow() {
                break;
            }
            let least = if calm { most_held / 2 } else { TRICKLE };
            let mut room = tokio::select! {
                room = held.clone().acquire_many_owned(least) => match room {
                    Ok(room) => room,
                    Err(_) => break,
                },
                changed = shutdown.changed() => if changed.is_err() { break } else { continue },
            };
            if calm {
                let more = held.available_permits() as u32;
                if let Ok(more) = held.clone().try_acquire_many_owned(more) {
                    room.merge(more);
                }
            }
            let wanted = room.num_permits();
            let claimed = match writer.claim_outbox(wanted as u64, self.lease).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim outbox messages");
                    Vec::new()
                }
            };
            // Room not used is free again.
            drop(room.split(wanted - claimed.len()));
            let queue_emptied = claimed.len() < wanted;
            if !claimed.is_empty() {
                let facts = match Facts::read(&db, &claimed).await {
                    Ok(facts) => Ok(facts),
                    Err(e) => Err(format!("database: {e}")),
                };
                let facts = Arc::new(facts);
                last_to.retain(|_, earlier| matches!(earlier.try_recv(), Err(TryRecvError::Empty)));
                for group in by_registrant(claimed) {
                    let earlier = group[0]
                        .registration_id
                        .as_ref()
                        .and_then(|id| last_to.remove(id));
                    let (done, done_signal) = oneshot::channel::<()>();
                    if let Some(id) = &group[0].registration_id {
                        last_to.insert(id.clone(), done_signal);
                    }
                    let sender = Sender {
                        mailer: self.clone(),
                        writer: writer.clone(),
                        facts: facts.clone(),
                        sending: sending.clone(),
                        shutdown: shutdown.clone(),
                        reports: reports.clone(),
                    };
                    let held = room.split(group.len());
                    senders.spawn(async move {
                        if let Some(earlier) = earlier {
                            // Sent, failed or dropped: either way its turn is over.
                            let _ = earlier.await;
                        }
                        sender.send_in_order(group, held).await;
                        drop(done);
                    });
                }
            }
            if queue_emptied {
                // Nothing more is due: wait for a commit that owes email,
                // or for retries to come due.
                tokio::select! {
                    _ = ready.notified() => {}
                    _ = tokio::time::sleep(IDLE) => {}
                    changed = shutdown.changed() => if changed.is_err() { break },
                }
            }
        }
        while let Some(joined) = senders.join_next().await {
            if let Err(e) = joined {
                // Its rows stay claimed and are retried after the claim.
                tracing::error!(error = %e, "email task panicked");
            }
        }
    }

    /// Sends one claimed message while its claim holds. A send starts only
    /// when the claim has room for a whole SMTP conversation (renewed first
    /// if not), and the claim is renewed while a slow conversation goes on,
    /// so that no other worker takes the message meanwhile. None: the claim
    /// was lost (another worker has the message); nothing was sent.
    async fn deliver_under_claim(
        &self,
        writer: &Writer,
        facts: &Result<Facts, String>,
        row: &outbox_message::Model,
    ) -> Option<DeliveryReport> {
        let mut claim = Claim {
            id: row.id,
            until: row.claimed_until?,
        };
        if claim.until - Utc::now() < self.send_margin() {
            claim = self.renew(writer, claim).await?;
        }
        let delivery = self.deliver(facts, row);
        tokio::pin!(delivery);
        let every = (self.lease / 4).to_std().unwrap_or(Duration::from_secs(30));
        let mut renewal = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let delivery = loop {
            tokio::select! {
                delivery = &mut delivery => break delivery,
                _ = renewal.tick() => {
                    match self.renew(writer, claim).await {
                        Some(renewed) => claim = renewed,
                        // The send is under way and cannot be taken back;
                        // its report will not match the lost claim.
                        None => tracing::warn!(id = row.id, "lost the claim on an email being sent"),
                    }
                }
            }
        };
        Some(DeliveryReport {
            id: row.id,
            claimed_until: Some(claim.until),
            delivery,
        })
    }

    /// What must be left of a claim to start a send: more than one SMTP
    /// conversation can take (lettre waits up to 15 s a command).
    fn send_margin(&self) -> chrono::Duration {
        self.lease * 3 / 8
    }

    async fn renew(&self, writer: &Writer, claim: Claim) -> Option<Claim> {
        match writer
            .renew_claims(vec![claim], Utc::now() + self.lease)
            .await
        {
            Ok(renewed) => renewed.into_iter().next(),
            Err(e) => {
                tracing::warn!(id = claim.id, error = %e, "cannot renew the claim on an email");
                None
            }
        }
    }

    async fn deliver(
        &self,
        facts: &Result<Facts, String>,
        row: &outbox_message::Model,
    ) -> Delivery {
        let facts = match facts {
            Ok(facts) => facts,
            Err(error) => return self.retry(row, error.clone()),
        };
        let message = match compose::compose(self, facts, row).await {
            Ok(message) => message,
            Err(ComposeError::Permanent(error)) => return Delivery::Failed { error },
            Err(e @ ComposeError::Transient(_)) => return self.retry(row, e.to_string()),
        };
        let name = format!("{}-{}", row.id, row.kind.as_str());
        match self.transport.send(&name, message).await {
            Ok(()) => Delivery::Sent,
            Err(SendError::Permanent(error)) => Delivery::Failed { error },
            Err(SendError::Transient(error)) => self.retry(row, error),
        }
    }

    fn retry(&self, row: &outbox_message::Model, error: String) -> Delivery {
        let delay = backoff(
            self.retry_base,
            row.attempts,
            rand::rng().random_range(0.8..1.2),
        );
        let delay = chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
        Delivery::Retry {
            at: Utc::now() + delay,
            error,
        }
    }
}

/// Registrations first: composing an email (its QR code above all) costs
/// more CPU than registering, and on a small machine a rush must not wait for
/// the confirmations of the people before it. While registrations pour in,
/// emails go out at a trickle (a small claim a second) and catch up when it
/// calms; they are safe in the outbox meanwhile. True when calm, false when
/// the rush goes on and it is time for the trickle.
async fn wait_for_calm(writer: &Writer) -> bool {
    // Judged over a window of several probes, not one: the writer commits
    // registrations in batches, and a probe that falls between two commits
    // of a rush would see none.
    let mut seen = std::collections::VecDeque::with_capacity(CALM_WINDOW + 1);
    seen.push_back(writer.registrations_committed());
    let mut waited = Duration::ZERO;
    loop {
        tokio::time::sleep(CALM_PROBE).await;
        waited += CALM_PROBE;
        seen.push_back(writer.registrations_committed());
        if seen.len() > CALM_WINDOW + 1 {
            seen.pop_front();
        }
        let (first, last) = (seen[0], seen[seen.len() - 1]);
        if seen.len() == CALM_WINDOW + 1 && last - first < RUSH_PER_PROBE * CALM_WINDOW as u64 {
            return true;
        }
        if waited >= MAX_DEFER {
            return false;
        }
    }
}

/// A claim's rows by registrant, in claim order.
fn by_registrant(rows: Vec<outbox_message::Model>) -> Vec<Vec<outbox_message::Model>> {
    let mut groups: Vec<Vec<outbox_message::Model>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let Some(id) = row.registration_id.clone() else {
            groups.push(vec![row]);
            continue;
        };
        match index.get(&id) {
            Some(&at) => groups[at].push(row),
            None => {
                index.insert(id, groups.len());
                groups.push(vec![row]);
            }
        }
    }
    groups
}

/// Collects the senders' panics as they end, so the set does not grow.
fn reap(senders: &mut JoinSet<()>) {
    while let Some(joined) = senders.try_join_next() {
        if let Err(e) = joined {
            tracing::error!(error = %e, "email task panicked");
        }
    }
}

/// What one sender task needs.
struct Sender {
    mailer: Arc<Mailer>,
    writer: Writer,
    facts: Arc<Result<Facts, String>>,
    sending: Arc<Semaphore>,
    shutdown: watch::Receiver<bool>,
    reports: mpsc::UnboundedSender<Recorded>,
}

impl Sender {
    /// Sends one registrant's messages of a claim, one after the other, each
    /// reported as soon as it is known. Once the worker is stopping, those
    /// not yet begun are released.
    async fn send_in_order(
        self,
        group: Vec<outbox_message::Model>,
        mut held: Option<OwnedSemaphorePermit>,
    ) {
        for row in group {
            let held = held.as_mut().and_then(|h| h.split(1));
            let permit = self.sending.acquire().await;
            let report = if *self.shutdown.borrow() || permit.is_err() {
                Some(DeliveryReport {
                    id: row.id,
                    claimed_until: row.claimed_until,
                    delivery: Delivery::Released,
                })
            } else {
                self.mailer
                    .deliver_under_claim(&self.writer, &self.facts, &row)
                    .await
            };
            drop(permit);
            // None: the claim was lost and nothing was sent.
            let Some(report) = report else { continue };
            log(&row, &report.delivery);
            // The recorder outlives the senders; if it has gone, the process
            // is ending and the rows stay claimed.
            let _ = self.reports.send(Recorded {
                report,
                _held: held,
            });
        }
    }
}

/// A delivery to record, with its row's place among those held.
struct Recorded {
    report: DeliveryReport,
    /// Freed once the record is committed: until then the row counts as
    /// held, so a worker whose records lag behind claims less.
    _held: Option<OwnedSemaphorePermit>,
}

/// Records deliveries through the writer, each commit taking everything
/// reported while the previous one was written: a kill loses the records of
/// at most the messages finished meanwhile, not of a whole claim.
async fn record_reports(writer: Writer, mut records: mpsc::UnboundedReceiver<Recorded>) {
    let mut batch = Vec::with_capacity(RECORD_MAX);
    while records.recv_many(&mut batch, RECORD_MAX).await > 0 {
        let mut held = Vec::with_capacity(batch.len());
        let reports: Vec<DeliveryReport> = batch
            .drain(..)
            .map(|r| {
                held.push(r._held);
                r.report
            })
            .collect();
        let count = reports.len();
        if let Err(e) = writer.record_deliveries(reports).await {
            // The rows stay claimed and are taken again when the claim
            // ends: if they were sent, they may go out twice.
            tracing::error!(count, error = %e, "cannot record email deliveries");
        }
        drop(held);
    }
}

fn log(row: &outbox_message::Model, delivery: &Delivery) {
    use crate::metrics::{COUNTERS, bump};
    match delivery {
        Delivery::Sent => {
            bump(&COUNTERS.emails_sent);
            tracing::debug!(id = row.id, kind = %row.kind, "email sent")
        }
        Delivery::Retry { at, error } => {
            bump(&COUNTERS.emails_retried);
            tracing::warn!(id = row.id, kind = %row.kind, %at, %error, "email will be retried")
        }
        Delivery::Failed { error } => {
            bump(&COUNTERS.emails_failed);
            tracing::error!(id = row.id, kind = %row.kind, %error, "email failed")
        }
        Delivery::Released => {
            tracing::debug!(id = row.id, kind = %row.kind, "email left for later: stopping")
        }
    }
}

/// `base · 2^(attempts-1)`, capped at an hour, times `jitter`.
fn backoff(base: Duration, attempts: i32, jitter: f64) -> Duration {
    let exponent = attempts.saturating_sub(1).clamp(0, 20) as u32;
    let delay = base
        .saturating_mul(2u32.saturating_pow(exponent))
        .min(RETRY_CAP);
    delay.mul_f64(jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1, 1.0), Duration::from_secs(5));
        assert_eq!(backoff(base, 2, 1.0), Duration::from_secs(10));
        assert_eq!(backoff(base, 4, 1.0), Duration::from_secs(40));
        assert_eq!(backoff(base, 40, 1.0), RETRY_CAP);
        assert_eq!(backoff(base, 3, 0.8), Duration::from_secs(16));
    }
}
