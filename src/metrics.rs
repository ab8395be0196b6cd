//! Counters for `/metrics`, in the Prometheus text format. A handful of
//! atomics is all Tessera needs; no recorder crate.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub struct Counters {
    pub registrations_confirmed: AtomicU64,
    pub registrations_waitlisted: AtomicU64,
    pub registrations_pending: AtomicU64,
    pub registrations_existing: AtomicU64,
    pub registrations_refused: AtomicU64,
    pub writer_batches: AtomicU64,
    pub writer_jobs: AtomicU64,
    pub writer_failed_batches: AtomicU64,
    pub writer_rush_fallbacks: AtomicU64,
    pub writer_rushes_looked_up_again: AtomicU64,
    pub emails_sent: AtomicU64,
    pub emails_retried: AtomicU64,
    pub emails_failed: AtomicU64,
    pub wal_restarts: AtomicU64,
    pub wal_restarts_deferred: AtomicU64,
}

pub static COUNTERS: Counters = Counters {
    registrations_confirmed: AtomicU64::new(0),
    registrations_waitlisted: AtomicU64::new(0),
    registrations_pending: AtomicU64::new(0),
    registrations_existing: AtomicU64::new(0),
    registrations_refused: AtomicU64::new(0),
    writer_batches: AtomicU64::new(0),
    writer_jobs: AtomicU64::new(0),
    writer_failed_batches: AtomicU64::new(0),
    writer_rush_fallbacks: AtomicU64::new(0),
    writer_rushes_looked_up_again: AtomicU64::new(0),
    emails_sent: AtomicU64::new(0),
    emails_retried: AtomicU64::new(0),
    emails_failed: AtomicU64::new(0),
    wal_restarts: AtomicU64::new(0),
    wal_restarts_deferred: AtomicU64::new(0),
};

pub fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

pub fn render(outbox: &[(String, u64)]) -> String {
    let c = &COUNTERS;
    let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# HELP tessera_registrations_total Registration requests by outcome."
    );
    let _ = writeln!(out, "# TYPE tessera_registrations_total counter");
    for (outcome, counter) in [
        ("confirmed", &c.registrations_confirmed),
        ("waitlisted", &c.registrations_waitlisted),
        ("pending", &c.registrations_pending),
        ("existing", &c.registrations_existing),
        ("refused", &c.registrations_refused),
    ] {
        let _ = writeln!(
            out,
            "tessera_registrations_total{{outcome=\"{outcome}\"}} {}",
            get(counter)
        );
    }
    let _ = writeln!(
        out,
        "# HELP tessera_writer_batches_total Transactions committed by the registration writer."
    );
    let _ = writeln!(out, "# TYPE tessera_writer_batches_total counter");
    let _ = writeln!(
        out,
        "tessera_writer_batches_total {}",
        get(&c.writer_batches)
    );
    let _ = writeln!(
        out,
        "# HELP tessera_writer_jobs_total Jobs (registrations, cancellations, outbox claims) the writer committed."
    );
    let _ = writeln!(out, "# TYPE tessera_writer_jobs_total counter");
    let _ = writeln!(out, "tessera_writer_jobs_total {}", get(&c.writer_jobs));
    let _ = writeln!(
        out,
        "# HELP tessera_writer_failed_batches_total Batches that failed and were retried row by row."
    );
    let _ = writeln!(out, "# TYPE tessera_writer_failed_batches_total counter");
    let _ = writeln!(
        out,
        "tessera_writer_failed_batches_total {}",
        get(&c.writer_failed_batches)
    );
    let _ = writeln!(
        out,
        "# HELP tessera_writer_rush_fallbacks_total Rushes that failed on the writer's own \
         connection and went the general way (a few are normal when the database restarts)."
    );
    let _ = writeln!(out, "# TYPE tessera_writer_rush_fallbacks_total counter");
    let _ = writeln!(
        out,
        "tessera_writer_rush_fallbacks_total {}",
        get(&c.writer_rush_fallbacks)
    );
    let _ = writeln!(
        out,
        "# HELP tessera_writer_rushes_looked_up_again_total PostgreSQL: rushes decided \
         without looking their addresses up that went again with the lookup (an address \
         already registered, or someone refused)."
    );
    let _ = writeln!(
        out,
        "# TYPE tessera_writer_rushes_looked_up_again_total counter"
    );
    let _ = writeln!(
        out,
        "tessera_writer_rushes_looked_up_again_total {}",
        get(&c.writer_rushes_looked_up_again)
    );
    let _ = writeln!(
        out,
        "# HELP tessera_emails_total Delivery attempts by result."
    );
    let _ = writeln!(out, "# TYPE tessera_emails_total counter");
    for (result, counter) in [
        ("sent", &c.emails_sent),
        ("retry", &c.emails_retried),
        ("failed", &c.emails_failed),
    ] {
        let _ = writeln!(
            out,
            "tessera_emails_total{{result=\"{result}\"}} {}",
            get(counter)
        );
    }
    let _ = writeln!(
        out,
        "# HELP tessera_sqlite_wal_restarts_total Checkpoints that let SQLite's write-ahead log start again past half its bound (done), or gave up because a reader held on (deferred)."
    );
    let _ = writeln!(out, "# TYPE tessera_sqlite_wal_restarts_total counter");
    for (result, counter) in [
        ("done", &c.wal_restarts),
        ("deferred", &c.wal_restarts_deferred),
    ] {
        let _ = writeln!(
            out,
            "tessera_sqlite_wal_restarts_total{{result=\"{result}\"}} {}",
            get(counter)
        );
    }
    let _ = writeln!(
        out,
        "# HELP tessera_outbox_messages Outbox messages by status."
    );
    let _ = writeln!(out, "# TYPE tessera_outbox_messages gauge");
    for (status, count) in outbox {
        let _ = writeln!(
            out,
            "tessera_outbox_messages{{status=\"{status}\"}} {count}"
        );
    }
    out
}
