//! What the dashboard shows beside each event: the counters the writer
//! keeps on the event row (confirmed, waitlisted) and the two it does not
//! (pending opt-ins and check-ins), counted here.

use std::collections::HashMap;

use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entities::{event, registration};
use crate::domain::RegistrationStatus;

#[derive(Clone, Debug)]
pub struct EventWithCounts {
    pub event: event::Model,
    pub pending: i64,
    pub checked_in: i64,
}

/// Every event, by start, with its counts.
pub async fn all_events(db: &impl ConnectionTrait) -> Result<Vec<EventWithCounts>, DbErr> {
    let events = event::Entity::find()
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let counts = counts(db, None).await?;
    Ok(events
        .into_iter()
        .map(|event| {
            let (pending, checked_in) = counts.get(&event.id).copied().unwrap_or_default();
            EventWithCounts {
                event,
                pending,
                checked_in,
            }
        })
        .collect())
}

pub async fn one_event(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<EventWithCounts>, DbErr> {
    let Some(event) = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let (pending, checked_in) = counts(db, Some(event.id))
        .await?
        .get(&event.id)
        .copied()
        .unwrap_or_default();
    Ok(Some(EventWithCounts {
        event,
        pending,
        checked_in,
    }))
}

/// Pending and checked-in registrations per event. Only those rows are
/// read: most registrations are neither, so the confirmed majority of a
/// large event costs nothing here.
async fn counts(
    db: &impl ConnectionTrait,
    event_id: Option<i64>,
) -> Result<HashMap<i64, (i64, i64)>, DbErr> {
    let mut query = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::Status)
        .column_as(Expr::col(registration::Column::Id).count(), "registrations")
        .column_as(
            Expr::col(registration::Column::CheckedInAt).count(),
            "checked_in",
        )
        .filter(
            Condition::any()
                .add(registration::Column::Status.eq(RegistrationStatus::Pending))
                .add(registration::Column::CheckedInAt.is_not_null()),
        )
        .group_by(registration::Column::EventId)
        .group_by(registration::Column::Status);
    if let Some(id) = event_id {
        query = query.filter(registration::Column::EventId.eq(id));
    }
    let rows: Vec<(i64, RegistrationStatus, i64, i64)> = query.into_tuple().all(db).await?;
    let mut counts: HashMap<i64, (i64, i64)> = HashMap::new();
    for (event_id, status, registrations, checked_in) in rows {
        let entry = counts.entry(event_id).or_default();
        if status == RegistrationStatus::Pending {
            entry.0 += registrations;
        }
        // A cancelled registration keeps its check-in time, but it is not
        // someone in the room.
        if status != RegistrationStatus::Cancelled {
            entry.1 += checked_in;
        }
    }
    Ok(counts)
}
