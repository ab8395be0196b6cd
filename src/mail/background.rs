//! Rendering the QR codes of emails (choosing a QR code's mask is the one
//! heavy piece of composing), on threads of its own that yield the CPU to
//! everything else.
//!
//! Why: while registrations pour in, the mail worker still sends a trickle
//! of confirmations (`wait_for_calm` in `mail/mod.rs`). On tokio's blocking
//! pool each claim of a few dozen became as many threads rendering at once,
//! and on a two-core machine the writer and the requests of a rush then
//! waited for a CPU behind them: the registrations' p99 was 14–20 ms with
//! the trickle and 7 ms without it (`bench/ab.sh`, BENCHMARKS.md). Here one
//! thread per core renders, each at a nice value `NICE` above the
//! server's, so the scheduler runs them when the writer and the requests
//! leave a CPU idle; when the machine is calm they have all of it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};

use tokio::sync::oneshot;

/// How much lower the threads' priority is than the server's: at +10 a
/// thread gets about a tenth of the CPU share of one at the server's when
/// both want it (Linux; elsewhere the threads keep the server's).
const NICE: i32 = 10;

type Work = Box<dyn FnOnce() + Send>;

/// The threads' queue; `None` if not one of them could be started.
static POOL: LazyLock<Option<Sender<Work>>> = LazyLock::new(|| {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (sender, receiver) = channel::<Work>();
    let receiver = Arc::new(Mutex::new(receiver));
    let mut started = 0;
    for i in 0..threads {
        let receiver = receiver.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("tessera-qr-{i}"))
            .spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while waiting for work; a
                    // thread that panicked holding it cannot exist (work
                    // runs after the guard is dropped, under catch_unwind).
                    let work = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    match work {
                        Ok(work) => work(),
                        // The sender is a static: never dropped.
                        Err(_) => return,
                    }
                }
            });
        match spawned {
            Ok(_) => started += 1,
            Err(error) => tracing::error!(%error, "cannot start a QR code thread"),
        }
    }
    (started > 0).then_some(sender)
});

/// Runs `work` on a rendering thread; on tokio's blocking pool if none
/// could be started. `None` if it panicked.
pub async fn render<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let Some(pool) = POOL.as_ref() else {
        return tokio::task::spawn_blocking(work).await.ok();
    };
    let (reply, answer) = oneshot::channel();
    let job: Work = Box::new(move || {
        if let Ok(value) = catch_unwind(AssertUnwindSafe(work)) {
            let _ = reply.send(value);
        }
    });
    pool.send(job).ok()?;
    answer.await.ok()
}

/// Lowers the calling thread's CPU priority by `NICE`. On Linux a nice
/// value is the thread's own; elsewhere it is the whole process's, which
/// must not change. Raising it back would take a privilege: these threads
/// never run anything else.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: getpriority and setpriority with PRIO_PROCESS and 0 read and
    // change the calling thread's nice value; they touch no memory of ours.
    // A nice value of -1 is also getpriority's error value: taken as is.
    let result = unsafe {
        let current = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, (current + NICE).min(19))
    };
    if result != 0 {
        tracing::warn!(
            error = %std::io::Error::last_os_error(),
            "cannot lower the QR code threads' priority"
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn nice() -> i32 {
        // SAFETY: reads the calling thread's nice value.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    /// The work runs at the lower priority and its value comes back; the
    /// caller keeps its own priority; work that panics on every thread
    /// leaves them all working.
    #[tokio::test]
    async fn work_runs_at_a_lower_priority_and_survives_panics() {
        let here = nice();
        assert_eq!(render(nice).await, Some((here + NICE).min(19)));
        assert_eq!(nice(), here, "the caller's own priority is untouched");
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        for _ in 0..threads {
            assert_eq!(render(|| -> u8 { panic!("a bad message") }).await, None);
        }
        for _ in 0..2 * threads {
            assert_eq!(render(|| 6 * 7).await, Some(42));
        }
    }
}
