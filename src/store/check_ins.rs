//! Check-ins at the door (`check_ins`): what stands per event and day, and
//! the statements the check-in service runs inside its transactions.
//!
//! A check-in "stands" until it is undone. The partial unique index
//! `uq_check_ins_standing` (registration, day) WHERE undone_at IS NULL
//! keeps one standing check-in per person and day; `insert` leans on it
//! (and on the primary key, the client's id) with `ON CONFLICT DO
//! NOTHING`, so of two phones checking in the same person at once one
//! insert wins and the other learns it inserted nothing, never an error.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};

use super::entities::{check_in, organizer, registration};
use crate::domain::RegistrationStatus;

/// For an event and a day (`YYYY-MM-DD`, the event's timezone): the
/// registration ids checked in and when, for check-ins that stand (not
/// undone), earliest first. What the attendance sheets and statistics read.
pub async fn standing_on_day(
    db: &impl ConnectionTrait,
    event_id: i64,
    day: &str,
) -> Result<Vec<(String, DateTime<Utc>)>, DbErr> {
    check_in::Entity::find()
        .select_only()
        .column(check_in::Column::RegistrationId)
        .column(check_in::Column::CheckedInAt)
        .filter(check_in::Column::EventId.eq(event_id))
        .filter(check_in::Column::Day.eq(day))
        .filter(check_in::Column::UndoneAt.is_null())
        .order_by_asc(check_in::Column::CheckedInAt)
        .order_by_asc(check_in::Column::RegistrationId)
        .into_tuple()
        .all(db)
        .await
}

/// Every day of an event that has standing check-ins, with how many, in
/// date order.
pub async fn standing_per_day(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Vec<(String, i64)>, DbErr> {
    check_in::Entity::find()
        .select_only()
        .column(check_in::Column::Day)
        .column_as(Expr::col(check_in::Column::Id).count(), "check_ins")
        .filter(check_in::Column::EventId.eq(event_id))
        .filter(check_in::Column::UndoneAt.is_null())
        .group_by(check_in::Column::Day)
        .order_by_asc(check_in::Column::Day)
        .into_tuple()
        .all(db)
        .await
}

/// A check-in with the name of who made it (and who undid it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInRow {
    pub check_in: check_in::Model,
    pub checked_in_by: Option<String>,
    pub undone_by: Option<String>,
}

pub async fn by_id(db: &impl ConnectionTrait, id: &str) -> Result<Option<CheckInRow>, DbErr> {
    match check_in::Entity::find_by_id(id).one(db).await? {
        Some(row) => Ok(Some(named(db, vec![row]).await?.remove(0))),
        None => Ok(None),
    }
}

/// The standing check-in of one person on one day, if any.
pub async fn standing_of(
    db: &impl ConnectionTrait,
    registration_id: &str,
    day: &str,
) -> Result<Option<CheckInRow>, DbErr> {
    let row = check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .filter(check_in::Column::Day.eq(day))
        .filter(check_in::Column::UndoneAt.is_null())
        .one(db)
        .await?;
    match row {
        Some(row) => Ok(Some(named(db, vec![row]).await?.remove(0))),
        None => Ok(None),
    }
}

/// The standing check-ins of one person on every day, earliest first.
pub async fn standing_of_registration(
    db: &impl ConnectionTrait,
    registration_id: &str,
) -> Result<Vec<CheckInRow>, DbErr> {
    let rows = check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .filter(check_in::Column::UndoneAt.is_null())
        .order_by_asc(check_in::Column::CheckedInAt)
        .all(db)
        .await?;
    named(db, rows).await
}

/// The standing check-ins of an event on a day, by registration id.
pub async fn standing_by_registration(
    db: &impl ConnectionTrait,
    event_id: i64,
    day: &str,
) -> Result<HashMap<String, CheckInRow>, DbErr> {
    let rows = check_in::Entity::find()
        .filter(check_in::Column::EventId.eq(event_id))
        .filter(check_in::Column::Day.eq(day))
        .filter(check_in::Column::UndoneAt.is_null())
        .all(db)
        .await?;
    Ok(named(db, rows)
        .await?
        .into_iter()
        .map(|row| (row.check_in.registration_id.clone(), row))
        .collect())
}

/// The latest check-ins of an event on a day, standing or undone, newest
/// first: the check-in screen's "just now" list, where undo is one tap.
pub async fn latest_on_day(
    db: &impl ConnectionTrait,
    event_id: i64,
    day: &str,
    limit: u64,
) -> Result<Vec<CheckInRow>, DbErr> {
    let rows = check_in::Entity::find()
        .filter(check_in::Column::EventId.eq(event_id))
        .filter(check_in::Column::Day.eq(day))
        .order_by_desc(check_in::Column::CheckedInAt)
        .order_by_desc(check_in::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    named(db, rows).await
}

/// How many confirmed people of an event have a standing check-in on a
/// day: the screen's "checked in" over "confirmed".
pub async fn confirmed_checked_in(
    db: &impl ConnectionTrait,
    event_id: i64,
    day: &str,
) -> Result<u64, DbErr> {
    check_in::Entity::find()
        .filter(check_in::Column::EventId.eq(event_id))
        .filter(check_in::Column::Day.eq(day))
        .filter(check_in::Column::UndoneAt.is_null())
        .filter(
            check_in::Column::RegistrationId.in_subquery(
                Query::select()
                    .column(registration::Column::Id)
                    .from(registration::Entity)
                    .and_where(registration::Column::EventId.eq(event_id))
                    .and_where(registration::Column::Status.eq(RegistrationStatus::Confirmed))
                    .to_owned(),
            ),
        )
        .count(db)
        .await
}

/// Adds the staff names to check-in rows (one query for all of them).
async fn named(
    db: &impl ConnectionTrait,
    rows: Vec<check_in::Model>,
) -> Result<Vec<CheckInRow>, DbErr> {
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.checked_in_by, r.undone_by])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i64, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        organizer::Entity::find()
            .select_only()
            .column(organizer::Column::Id)
            .column(organizer::Column::Name)
            .filter(organizer::Column::Id.is_in(ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let name = |id: Option<i64>| id.and_then(|id| names.get(&id).cloned());
    Ok(rows
        .into_iter()
        .map(|row| CheckInRow {
            checked_in_by: name(row.checked_in_by),
            undone_by: name(row.undone_by),
            check_in: row,
        })
        .collect())
}

/// Stores a check-in unless its id is taken or the person already has a
/// standing check-in that day; true when the row was written.
pub async fn insert(db: &impl ConnectionTrait, row: &check_in::Model) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO check_ins (id, registration_id, event_id, day, checked_in_at, \
             checked_in_by, undone_at, undone_by) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL) \
             ON CONFLICT DO NOTHING"
        }
        _ => {
            "INSERT INTO check_ins (id, registration_id, event_id, day, checked_in_at, \
             checked_in_by, undone_at, undone_by) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL) \
             ON CONFLICT DO NOTHING"
        }
    };
    let result = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                row.id.clone().into(),
                row.registration_id.clone().into(),
                row.event_id.into(),
                row.day.clone().into(),
                row.checked_in_at.into(),
                row.checked_in_by.into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Marks a standing check-in undone; false when it was not standing.
pub async fn undo(
    db: &impl ConnectionTrait,
    id: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = check_in::Entity::update_many()
        .col_expr(check_in::Column::UndoneAt, Expr::value(Some(at)))
        .col_expr(check_in::Column::UndoneBy, Expr::value(Some(by)))
        .filter(check_in::Column::Id.eq(id))
        .filter(check_in::Column::UndoneAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The first standing check-in of a person on any day: what
/// `registrations.checked_in_at` shows.
pub async fn first_standing(
    db: &impl ConnectionTrait,
    registration_id: &str,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .filter(check_in::Column::UndoneAt.is_null())
        .order_by_asc(check_in::Column::CheckedInAt)
        .one(db)
        .await?
        .map(|row| row.checked_in_at))
}

/// Sets `registrations.checked_in_at` to the person's first standing
/// check-in (or none).
pub async fn refresh_first_check_in(
    db: &impl ConnectionTrait,
    registration_id: &str,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let first = first_standing(db, registration_id).await?;
    registration::Entity::update_many()
        .col_expr(registration::Column::CheckedInAt, Expr::value(first))
        .filter(registration::Column::Id.eq(registration_id))
        .exec(db)
        .await?;
    Ok(first)
}
