//! Email: templates from `emails/`, composition (with calendar invites and
//! check-in QR codes), the transport, and the worker that drains the outbox.
//!
//! The worker claims due outbox rows and records outcomes only through the
//! registration writer (`Writer::claim_outbox` / `record_deliveries`), so on
//! SQLite it never holds the write lock registrations wait for. A row is
//! leased while being sent; a worker that dies mid-send leaves it to be
//! claimed again when the lease expires.

pub mod compose;
pub mod templates;
pub mod transport;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::Utc;
use lettre::Address;
use lettre::message::Mailbox;
use rand::Rng;
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};

use crate::config::Config;
use crate::store::Database;
use crate::store::entities::outbox_message;
use crate::store::outbox::{Delivery, DeliveryReport};
use crate::store::writer::{Claim, Writer};
use compose::ComposeError;
use templates::Templates;
use transport::{SendError, Transport};

/// Rows claimed per round.
const BATCH: u64 = 32;
/// Messages sent at once.
const CONCURRENCY: usize = 8;
/// Longest sleep between rounds when nothing was notified: retries come due
/// without a notification.
const IDLE: Duration = Duration::from_secs(1);
/// A rush: more registrations than this committed per `CALM_PROBE`
/// (here 400/s).
const RUSH_PER_PROBE: u64 = 20;
const CALM_PROBE: Duration = Duration::from_millis(50);
/// Even in a rush, a round of emails goes out this often.
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
        let transport = match &config.smtp_url {
            Some(url) => Transport::smtp(url).context("TESSERA_SMTP_URL")?,
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
        })
    }

    /// Drains the outbox until `shutdown` turns true (or its sender goes).
    /// A round in progress finishes and is recorded; unclaimed rows stay in
    /// the outbox for the next start.
    pub fn spawn_worker(
        self: Arc<Self>,
        db: Database,
        writer: Writer,
        ready: Arc<Notify>,
        mut shutdown: watch::Receiver<bool>,
    ) -> JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if *shutdown.borrow() {
                    break;
                }
                wait_for_calm(&writer).await;
                if *shutdown.borrow() {
                    break;
                }
                let claimed = match writer.claim_outbox(BATCH, self.lease).await {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot claim outbox messages");
                        Vec::new()
                    }
                };
                if claimed.is_empty() {
                    tokio::select! {
                        _ = ready.notified() => {}
                        _ = tokio::time::sleep(IDLE) => {}
                        changed = shutdown.changed() => if changed.is_err() { break },
                    }
                    continue;
                }
                self.clone().deliver_all(&db, &writer, claimed).await;
            }
            tracing::info!("mail worker stopped");
        })
    }

    /// Sends a round of claimed messages, recording each result as soon as
    /// it is known (the writer groups the records of messages that finish
    /// together into one commit): a kill loses the record of at most the
    /// messages in flight, not of the whole round.
    async fn deliver_all(
        self: Arc<Self>,
        db: &Database,
        writer: &Writer,
        rows: Vec<outbox_message::Model>,
    ) {
        // Messages to one registrant go out in order (a confirmation before
        // its cancellation); different registrants' in parallel.
        let mut groups: Vec<Vec<outbox_message::Model>> = Vec::new();
        for row in rows {
            match groups.iter_mut().find(|g| {
                g[0].registration_id == row.registration_id && row.registration_id.is_some()
            }) {
                Some(group) => group.push(row),
                None => groups.push(vec![row]),
            }
        }
        let permits = Arc::new(Semaphore::new(CONCURRENCY));
        let mut tasks = JoinSet::new();
        for group in groups {
            let (mailer, db, writer, permits) =
                (self.clone(), db.clone(), writer.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                for row in group {
                    let Some(report) = mailer.deliver_under_claim(&db, &writer, &row).await else {
                        continue;
                    };
                    log(&row, &report.delivery);
                    if let Err(e) = writer.record_deliveries(vec![report]).await {
                        // The row stays claimed and is taken again when the
                        // claim ends: if it was sent, it may go out twice.
                        tracing::error!(id = row.id, error = %e, "cannot record an email delivery");
                    }
                }
            });
        }
        while let Some(joined) = tasks.join_next().await {
            if let Err(e) = joined {
                // Its row stays claimed and is retried after the claim.
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
        db: &Database,
        writer: &Writer,
        row: &outbox_message::Model,
    ) -> Option<DeliveryReport> {
        let mut claim = Claim {
            id: row.id,
            until: row.claimed_until?,
        };
        if claim.until - Utc::now() < self.send_margin() {
            claim = self.renew(writer, claim).await?;
        }
        let delivery = self.deliver(db, row);
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

    async fn deliver(&self, db: &Database, row: &outbox_message::Model) -> Delivery {
        let message = match compose::compose(self, db, row).await {
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
/// emails go out at a trickle (a round a second) and catch up when it calms;
/// they are safe in the outbox meanwhile.
async fn wait_for_calm(writer: &Writer) {
    let mut waited = Duration::ZERO;
    while waited < MAX_DEFER {
        let before = writer.registrations_committed();
        tokio::time::sleep(CALM_PROBE).await;
        waited += CALM_PROBE;
        if writer.registrations_committed() - before < RUSH_PER_PROBE {
            return;
        }
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
