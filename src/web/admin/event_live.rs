//! The event page's live counts: a server-sent events stream that sends
//! the counts when they change. Seat figures come from memory every second
//! (`Services::refresh_seat_counts`, no query); the figures memory does not
//! hold (pending, cancelled, checked in) are re-read from the database
//! every `FULL_EVERY` ticks, so an open page costs the registration path
//! nothing and the database one small grouped query per ten seconds.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};

use super::error::AdminError;
use crate::services::Services;
use crate::services::dashboard::EventCountsNow;

const TICK: Duration = Duration::from_secs(1);
const FULL_EVERY: u32 = 10;
/// A stream ends after this many ticks, so a forgotten tab does not hold a
/// connection (or a graceful stop) for ever; the browser reconnects.
const MAX_TICKS: u32 = 300;

struct Live {
    services: Services,
    slug: String,
    tick: u32,
    counts: EventCountsNow,
    sent: Option<EventCountsNow>,
}

pub async fn stream_counts(
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AdminError> {
    let counts = services
        .event_counts(&slug)
        .await?
        .ok_or(AdminError::NotFound)?;
    let live = Live {
        services,
        slug,
        tick: 0,
        counts,
        sent: None,
    };
    let events = stream::unfold(live, |mut live| async move {
        loop {
            if live.sent.is_some() {
                if live.tick >= MAX_TICKS {
                    return None;
                }
                tokio::time::sleep(TICK).await;
                live.tick += 1;
                let refreshed = if live.tick % FULL_EVERY == 0 {
                    live.services
                        .event_counts(&live.slug)
                        .await
                        .map(|c| c.unwrap_or_default())
                } else {
                    live.services
                        .refresh_seat_counts(&live.slug, live.counts.clone())
                        .await
                };
                match refreshed {
                    Ok(counts) => live.counts = counts,
                    Err(error) => tracing::warn!(%error, "live counts: could not refresh"),
                }
            }
            if live.sent.as_ref() != Some(&live.counts) {
                let data = serde_json::to_string(&live.counts).unwrap_or_else(|_| "{}".into());
                live.sent = Some(live.counts.clone());
                let event = Event::default().event("counts").data(data);
                return Some((Ok(event), live));
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
