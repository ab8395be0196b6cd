//! The outbox as organizers see it: how many emails are waiting, sent and
//! failed across all events, each message's story, and a second chance for
//! those that failed.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use super::Services;
use crate::domain::DeliveryStatus;
use crate::store::audit::{self, Actor};
use crate::store::entities::{event, outbox_message};
use crate::store::outbox::{self, OutboxFilter};
use crate::store::{begin_write, now};

/// Messages per page of the outbox screen.
pub const OUTBOX_PAGE_SIZE: u64 = 50;

/// The delivery statuses in the order the screen shows them.
pub const DELIVERY_STATUSES: [DeliveryStatus; 4] = [
    DeliveryStatus::Pending,
    DeliveryStatus::Sending,
    DeliveryStatus::Sent,
    DeliveryStatus::Failed,
];

pub fn parse_delivery_status(value: &str) -> Option<DeliveryStatus> {
    DELIVERY_STATUSES.into_iter().find(|s| s.as_str() == value)
}

/// One message and the event it belongs to.
#[derive(Clone, Debug)]
pub struct OutboxEntry {
    pub message: outbox_message::Model,
    pub event_title: String,
    pub event_slug: String,
}

/// What the outbox screen shows.
#[derive(Clone, Debug)]
pub struct OutboxPage {
    /// Every status with its count, in `DELIVERY_STATUSES` order.
    pub counts: Vec<(DeliveryStatus, u64)>,
    pub entries: Vec<OutboxEntry>,
    /// Messages matching the filter, over all pages.
    pub total: u64,
    /// Events to filter by: slug and title.
    pub events: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    /// No failed message with this id (sent, waiting, or unknown).
    #[error("no failed message with this id")]
    NotFailed,
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl Services {
    /// Messages by status name, for the metrics endpoint.
    pub async fn outbox_status_counts(&self) -> Result<Vec<(String, u64)>, DbErr> {
        outbox::count_by_status(&self.db.read).await
    }

    /// One page (from 1) of messages, newest first, with the counts per
    /// status and the events one may filter by. An unknown event slug
    /// matches nothing.
    pub async fn outbox_page(
        &self,
        status: Option<DeliveryStatus>,
        event_slug: Option<&str>,
        page: u64,
    ) -> Result<OutboxPage, DbErr> {
        let events = event::Entity::find()
            .order_by_desc(event::Column::StartsAt)
            .all(&self.db.read)
            .await?;
        let by_id: HashMap<i64, &event::Model> = events.iter().map(|e| (e.id, e)).collect();
        let event_id = event_slug.map(|slug| {
            events
                .iter()
                .find(|e| e.slug == slug)
                .map(|e| e.id)
                .unwrap_or(-1)
        });
        let counted: HashMap<String, u64> =
            self.outbox_status_counts().await?.into_iter().collect();
        let counts = DELIVERY_STATUSES
            .into_iter()
            .map(|s| (s, counted.get(s.as_str()).copied().unwrap_or(0)))
            .collect();
        let offset = page.saturating_sub(1).saturating_mul(OUTBOX_PAGE_SIZE);
        let (rows, total) = outbox::page(
            &self.db.read,
            OutboxFilter { status, event_id },
            offset,
            OUTBOX_PAGE_SIZE,
        )
        .await?;
        let entries = rows
            .into_iter()
            .map(|message| {
                let event = by_id.get(&message.event_id);
                OutboxEntry {
                    event_title: event.map(|e| e.title.clone()).unwrap_or_default(),
                    event_slug: event.map(|e| e.slug.clone()).unwrap_or_default(),
                    message,
                }
            })
            .collect();
        Ok(OutboxPage {
            counts,
            entries,
            total,
            events: events
                .iter()
                .map(|e| (e.slug.clone(), e.title.clone()))
                .collect(),
        })
    }

    /// Puts one failed message back in the queue, with its audit entry.
    pub async fn retry_message(&self, id: i64, actor: &Actor) -> Result<(), RetryError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let before = outbox::retry_one(&tx, id, clock)
            .await?
            .ok_or(RetryError::NotFailed)?;
        audit::record(
            &tx,
            actor,
            "retry",
            "outbox_message",
            &id.to_string(),
            json!({
                "recipient": before.recipient,
                "kind": before.kind.as_str(),
                "event_id": before.event_id,
                "before": { "status": before.status.as_str(), "last_error": before.last_error },
                "after": { "status": DeliveryStatus::Pending.as_str() },
            }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.outbox_ready.notify_one();
        Ok(())
    }

    /// Puts every failed message back in the queue. Returns how many.
    pub async fn retry_all_failed(&self, actor: &Actor) -> Result<u64, DbErr> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let ids: Vec<i64> = outbox_message::Entity::find()
            .filter(outbox_message::Column::Status.eq(DeliveryStatus::Failed.as_str()))
            .all(&tx)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let retried = outbox::retry_failed(&tx, clock).await?;
        if retried > 0 {
            audit::record(
                &tx,
                actor,
                "retry_all",
                "outbox",
                "failed",
                json!({
                    "messages": ids,
                    "before": { "status": DeliveryStatus::Failed.as_str() },
                    "after": { "status": DeliveryStatus::Pending.as_str() },
                }),
                clock,
            )
            .await?;
        }
        tx.commit().await?;
        self.outbox_ready.notify_one();
        Ok(retried)
    }
}
