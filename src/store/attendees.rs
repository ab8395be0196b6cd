//! What the attendee table, a person's page and the exports read.
//!
//! What bounds the cost on an event of 100,000 registrations: every query
//! is scoped to one event and ordered by a column that has an index
//! starting with `event_id` (migrations/src/m20261130_000005_attendee_indexes.rs),
//! so a page walks the index and stops after its rows; OFFSET is capped by
//! `domain::attendee_list::MAX_PAGE` (at most 10,000 rows skipped). A
//! search has no index to use (it matches inside names): it filters the
//! event's rows as the index walk goes, stopping when a page is full, and
//! its count stops one match past the page asked for — so a search reads
//! what it takes to find a page of matches, at most one pass over the
//! event's rows, never over the whole table.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};

use super::entities::{audit_entry, outbox_message, registration, registration_session};
use crate::domain::attendee_list::{AttendeeQuery, CheckedInFilter, SortColumn};

/// The registrations of an event that `query` asks for, unsorted, unpaged.
fn filtered(event_id: i64, query: &AttendeeQuery) -> Select<registration::Entity> {
    use registration::Column;
    let mut select = registration::Entity::find().filter(Column::EventId.eq(event_id));
    if let Some(status) = query.status {
        select = select.filter(Column::Status.eq(status));
    }
    match query.checked_in {
        Some(CheckedInFilter::Yes) => select = select.filter(Column::CheckedInAt.is_not_null()),
        Some(CheckedInFilter::No) => select = select.filter(Column::CheckedInAt.is_null()),
        None => {}
    }
    if let Some(session) = query.session {
        select = select.filter(
            Column::Id.in_subquery(
                Query::select()
                    .column(registration_session::Column::RegistrationId)
                    .from(registration_session::Entity)
                    .and_where(registration_session::Column::SessionId.eq(session))
                    .to_owned(),
            ),
        );
    }
    // Every word must appear in one of the columns, so "ana müller" finds
    // Ana Müller; LOWER folds ASCII on SQLite and all letters on PostgreSQL.
    for word in query.search.split_whitespace() {
        let pattern = format!("%{}%", escape_like(word));
        let mut any = Condition::any();
        for column in [
            Column::FirstName,
            Column::LastName,
            Column::Email,
            Column::Organization,
        ] {
            any = any.add(
                Expr::expr(Func::lower(Expr::col(column)))
                    .like(LikeExpr::new(pattern.clone()).escape('\\')),
            );
        }
        select = select.filter(any);
    }
    select
}

fn escape_like(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn sorted(
    select: Select<registration::Entity>,
    query: &AttendeeQuery,
) -> Select<registration::Entity> {
    use registration::Column;
    let order = if query.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let select = match query.sort {
        SortColumn::Name => select
            .order_by(Column::LastName, order.clone())
            .order_by(Column::FirstName, order.clone()),
        SortColumn::Email => select.order_by(Column::EmailNormalized, order.clone()),
        SortColumn::Organization => select.order_by(Column::Organization, order.clone()),
        SortColumn::Country => select.order_by(Column::Country, order.clone()),
        SortColumn::Status => select.order_by(Column::Status, order.clone()),
        SortColumn::RegisteredAt => select.order_by(Column::CreatedAt, order.clone()),
        SortColumn::CheckedIn => select.order_by(Column::CheckedInAt, order.clone()),
    };
    // The id breaks ties, so a page boundary never repeats or skips a row.
    select.order_by(Column::Id, order)
}

/// One page of the list: `limit` rows after `offset`.
pub async fn page(
    db: &impl ConnectionTrait,
    event_id: i64,
    query: &AttendeeQuery,
    offset: u64,
    limit: u64,
) -> Result<Vec<registration::Model>, DbErr> {
    sorted(filtered(event_id, query), query)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await
}

/// How many rows the list has: exact without a search (an index-only count
/// over the event); with one, at most `cap + 1` (the page says "more than").
pub async fn count(
    db: &impl ConnectionTrait,
    event_id: i64,
    query: &AttendeeQuery,
    cap: u64,
) -> Result<u64, DbErr> {
    let select = filtered(event_id, query);
    if query.search.is_empty() {
        return select.count(db).await;
    }
    let capped = select
        .select_only()
        .column(registration::Column::Id)
        .limit(cap + 1)
        .into_tuple::<String>()
        .all(db)
        .await?;
    Ok(capped.len() as u64)
}

/// The sessions each of `ids` chose, in one query.
pub async fn sessions_of(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> Result<HashMap<String, Vec<i64>>, DbErr> {
    let mut chosen: HashMap<String, Vec<i64>> = HashMap::new();
    if ids.is_empty() {
        return Ok(chosen);
    }
    for row in registration_session::Entity::find()
        .filter(registration_session::Column::RegistrationId.is_in(ids.iter().map(String::as_str)))
        .all(db)
        .await?
    {
        chosen
            .entry(row.registration_id)
            .or_default()
            .push(row.session_id);
    }
    Ok(chosen)
}

/// Every email owed to a registration, oldest first.
pub async fn emails_of(
    db: &impl ConnectionTrait,
    registration_id: &str,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::RegistrationId.eq(registration_id))
        .order_by_asc(outbox_message::Column::Id)
        .all(db)
        .await
}

/// The audit entries about a registration, oldest first.
pub async fn history_of(
    db: &impl ConnectionTrait,
    registration_id: &str,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectType.eq("registration"))
        .filter(audit_entry::Column::SubjectId.eq(registration_id))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await
}

/// A page of the export: the rows `query` asks for after id `after`, in id
/// order (registration order: ids are UUIDv7), so every page is an index
/// range and a 100,000-row export reads each row once.
pub async fn export_page(
    db: &impl ConnectionTrait,
    event_id: i64,
    query: &AttendeeQuery,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<registration::Model>, DbErr> {
    let mut select = filtered(event_id, query);
    if let Some(after) = after {
        select = select.filter(registration::Column::Id.gt(after));
    }
    select
        .order_by_asc(registration::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
