//! What the badges, the attendance sheets, the statistics and the
//! indicator report read: an event's confirmed people with only the
//! columns a document prints, the sessions they chose, and registrations
//! counted by day, status, country and organization.
//!
//! Every query is scoped to one event through an index that starts with
//! `event_id`; the counts are grouped in the database, so a page of
//! statistics reads a few rows per country, not every registration.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::entities::{registration, registration_session, session};
use crate::domain::RegistrationStatus;

/// A confirmed person as the documents print them.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct Participant {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub organization: String,
    pub country: String,
}

/// Everyone confirmed for the event, in registration order.
pub async fn confirmed(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<Participant>, DbErr> {
    use registration::Column;
    registration::Entity::find()
        .select_only()
        .columns([
            Column::Id,
            Column::FirstName,
            Column::LastName,
            Column::Organization,
            Column::Country,
        ])
        .filter(Column::EventId.eq(event_id))
        .filter(Column::Status.eq(RegistrationStatus::Confirmed))
        .order_by_asc(Column::Id)
        .into_model::<Participant>()
        .all(db)
        .await
}

/// The sessions each registration of the event chose, by registration id.
pub async fn chosen_sessions(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<HashMap<String, Vec<i64>>, DbErr> {
    let sessions: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::EventId.eq(event_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut chosen: HashMap<String, Vec<i64>> = HashMap::new();
    if sessions.is_empty() {
        return Ok(chosen);
    }
    let rows: Vec<(String, i64)> = registration_session::Entity::find()
        .select_only()
        .column(registration_session::Column::RegistrationId)
        .column(registration_session::Column::SessionId)
        .filter(registration_session::Column::SessionId.is_in(sessions))
        .into_tuple()
        .all(db)
        .await?;
    for (registration_id, session_id) in rows {
        chosen.entry(registration_id).or_default().push(session_id);
    }
    Ok(chosen)
}

/// When each registration of the event arrived, and its status now.
pub async fn arrivals(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(DateTime<Utc>, RegistrationStatus)>, DbErr> {
    registration::Entity::find()
        .select_only()
        .column(registration::Column::CreatedAt)
        .column(registration::Column::Status)
        .filter(registration::Column::EventId.eq(event_id))
        .order_by_asc(registration::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await
}

/// Confirmed people counted by `column` (country or organization), as
/// stored.
async fn confirmed_by(
    db: &impl ConnectionTrait,
    event_id: i64,
    column: registration::Column,
) -> Result<Vec<(String, i64)>, DbErr> {
    registration::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::col(registration::Column::Id).count(), "people")
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .group_by(column)
        .into_tuple()
        .all(db)
        .await
}

pub async fn confirmed_by_country(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(String, i64)>, DbErr> {
    confirmed_by(db, event_id, registration::Column::Country).await
}

pub async fn confirmed_by_organization(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(String, i64)>, DbErr> {
    confirmed_by(db, event_id, registration::Column::Organization).await
}
