//! What the pages read. Nothing here writes: changes go through `writer`
//! (registrations) or the services' own transactions (events).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};

use super::entities::{event, question, registration, registration_session, session};
use crate::domain::{EventStatus, RegistrationStatus};

/// An event with its agenda and its questions, in display order.
#[derive(Clone, Debug)]
pub struct EventRecord {
    pub event: event::Model,
    pub sessions: Vec<session::Model>,
    pub questions: Vec<question::Model>,
}

pub async fn event_by_slug(
    db: &DatabaseConnection,
    slug: &str,
) -> Result<Option<EventRecord>, DbErr> {
    let Some(event) = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    with_details(db, event).await.map(Some)
}

pub async fn event_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<EventRecord>, DbErr> {
    match event::Entity::find_by_id(id).one(db).await? {
        Some(event) => with_details(db, event).await.map(Some),
        None => Ok(None),
    }
}

async fn with_details(
    db: &impl ConnectionTrait,
    event: event::Model,
) -> Result<EventRecord, DbErr> {
    let sessions = session::Entity::find()
        .filter(session::Column::EventId.eq(event.id))
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Position)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let questions = question::Entity::find()
        .filter(question::Column::EventId.eq(event.id))
        // A negative position is a retired question, kept for the answers
        // already given (src/services/events.rs, `remove_question`).
        .filter(question::Column::Position.gte(0))
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .all(db)
        .await?;
    Ok(EventRecord {
        event,
        sessions,
        questions,
    })
}

/// Published events that have not ended, soonest first.
pub async fn upcoming_events(
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::Status.eq(EventStatus::Published))
        .filter(event::Column::EndsAt.gt(now))
        .order_by_asc(event::Column::StartsAt)
        .all(db)
        .await
}

/// Every published event, past ones included (their pages stay up): what
/// the sitemap lists. Drafts and cancelled events are not published.
pub async fn published_events(db: &DatabaseConnection) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::Status.eq(EventStatus::Published))
        .order_by_asc(event::Column::StartsAt)
        .all(db)
        .await
}

pub async fn registration_by_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<registration::Model>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::ManageToken.eq(token))
        .one(db)
        .await
}

pub async fn registration_by_id(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<registration::Model>, DbErr> {
    registration::Entity::find_by_id(id.to_owned())
        .one(db)
        .await
}

pub async fn chosen_session_ids(
    db: &impl ConnectionTrait,
    registration_id: &str,
) -> Result<Vec<i64>, DbErr> {
    Ok(registration_session::Entity::find()
        .filter(registration_session::Column::RegistrationId.eq(registration_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.session_id)
        .collect())
}

/// How many ids one `IN (…)` list takes: well under every database's limit
/// on bound parameters.
const IN_LIST: usize = 500;

/// Registrations by id, for composing a round of emails with one read.
pub async fn registrations_by_ids(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> Result<Vec<registration::Model>, DbErr> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IN_LIST) {
        found.extend(
            registration::Entity::find()
                .filter(registration::Column::Id.is_in(chunk.iter().cloned()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

/// The sessions each of these registrations chose, by registration id
/// (absent: none chosen).
pub async fn chosen_session_ids_of(
    db: &impl ConnectionTrait,
    registration_ids: &[String],
) -> Result<HashMap<String, Vec<i64>>, DbErr> {
    let mut chosen: HashMap<String, Vec<i64>> = HashMap::new();
    for chunk in registration_ids.chunks(IN_LIST) {
        for row in registration_session::Entity::find()
            .filter(registration_session::Column::RegistrationId.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            chosen
                .entry(row.registration_id)
                .or_default()
                .push(row.session_id);
        }
    }
    Ok(chosen)
}

/// 1 for the first in line. The line is ordered by when each joined it,
/// then by id (UUIDv7: arrival order) among those who joined together.
pub async fn waitlist_position(
    db: &impl ConnectionTrait,
    event_id: i64,
    registration_id: &str,
) -> Result<u64, DbErr> {
    let Some(me) = registration_by_id(db, registration_id).await? else {
        return Ok(1);
    };
    let ahead = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        .filter(behind_in_line(me.waitlisted_at, &me.id).not())
        .filter(registration::Column::Id.ne(me.id.as_str()))
        .count(db)
        .await?;
    Ok(ahead + 1)
}

/// The waiting registrations behind one that joined the line at `at` with
/// `id`: later, or at the same moment with a larger id. (Rows stored before
/// `waitlisted_at` existed were given their creation time.)
pub fn behind_in_line(at: Option<DateTime<Utc>>, id: &str) -> Condition {
    let later = registration::Column::WaitlistedAt.gt(at);
    let same_moment_after = Condition::all()
        .add(registration::Column::WaitlistedAt.eq(at))
        .add(registration::Column::Id.gt(id));
    Condition::any().add(later).add(same_moment_after)
}

/// Counts of registrations by status for one event: the truth the seat
/// counters must agree with.
pub async fn count_by_status(
    db: &impl ConnectionTrait,
    event_id: i64,
    status: RegistrationStatus,
) -> Result<u64, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(status))
        .count(db)
        .await
}
