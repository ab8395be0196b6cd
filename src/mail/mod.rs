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
use crate::store::writer::Writer;
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
/// A message is sent only while this much of its claim is left: more than
/// one SMTP exchange can take (15 s a command).
const LEASE_MARGIN: chrono::Duration = chrono::Duration::seconds(45);
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
        Ok(Self {
            templates,
            transport,
            base_url: config.base_url(),
            from,
            secret,
            retry_base,
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
                let claimed = match writer.claim_outbox(BATCH).await {
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
                let results = self.clone().deliver_all(&db, claimed).await;
                if let Err(e) = writer.record_deliveries(results).await {
                    // The rows stay leased and are claimed again when the
                    // lease ends: sent ones may then go out twice.
                    tracing::error!(error = %e, "cannot record email deliveries");
                }
            }
            tracing::info!("mail worker stopped");
        })
    }

    async fn deliver_all(
        self: Arc<Self>,
        db: &Database,
        rows: Vec<outbox_message::Model>,
    ) -> Vec<DeliveryReport> {
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
            let (mailer, db, permits) = (self.clone(), db.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let mut results = Vec::with_capacity(group.len());
                for row in group {
                    // Send only well within the claim: past it, another
                    // worker may already have taken the message.
                    let lease_left = row
                        .claimed_until
                        .is_some_and(|until| Utc::now() + LEASE_MARGIN < until);
                    let delivery = if lease_left {
                        mailer.deliver(&db, &row).await
                    } else {
                        Delivery::Retry {
                            at: Utc::now(),
                            error: "its claim ran out before it could be sent".into(),
                        }
                    };
                    log(&row, &delivery);
                    results.push(DeliveryReport {
                        id: row.id,
                        claimed_until: row.claimed_until,
                        delivery,
                    });
                }
                results
            });
        }
        let mut results = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(group) => results.extend(group),
                // Its row stays leased and is retried after the lease.
                Err(e) => tracing::error!(error = %e, "email task panicked"),
            }
        }
        results
    }

    async fn deliver(&self, db: &Database, row: &outbox_message::Model) -> Delivery {
        let message = match compose::compose(self, db, row).await {
            Ok(message) => message,
            Err(ComposeError::Permanent(error)) => return Delivery::Failed { error },
            Err(e @ ComposeError::Transient(_)) => return self.retry(row, e.to_string()),
        };
        let name = format!(
            "{}-{}",
            row.id,
            row.kind
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        );
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
