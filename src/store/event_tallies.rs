//! One event's registrations counted by status, and its check-ins: what
//! the event's dashboard page shows in full. One grouped query over the
//! event's rows (`idx` on `registrations.event_id`).

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::entities::registration;
use crate::domain::RegistrationStatus;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tallies {
    pub confirmed: i64,
    pub waitlisted: i64,
    pub pending: i64,
    pub cancelled: i64,
    pub checked_in: i64,
}

pub async fn tallies(db: &impl ConnectionTrait, event_id: i64) -> Result<Tallies, DbErr> {
    let rows: Vec<(String, i64, i64)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Status)
        .column_as(Expr::col(registration::Column::Id).count(), "registrations")
        .column_as(
            Expr::col(registration::Column::CheckedInAt).count(),
            "checked_in",
        )
        .filter(registration::Column::EventId.eq(event_id))
        .group_by(registration::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut tallies = Tallies::default();
    for (status, registrations, checked_in) in rows {
        match RegistrationStatus::parse(&status) {
            Some(RegistrationStatus::Confirmed) => tallies.confirmed += registrations,
            Some(RegistrationStatus::Waitlisted) => tallies.waitlisted += registrations,
            Some(RegistrationStatus::Pending) => tallies.pending += registrations,
            Some(RegistrationStatus::Cancelled) => tallies.cancelled += registrations,
            _ => {}
        }
        // A cancelled registration keeps its check-in time, but it is not
        // someone in the room.
        if status != RegistrationStatus::Cancelled.as_str() {
            tallies.checked_in += checked_in;
        }
    }
    Ok(tallies)
}
