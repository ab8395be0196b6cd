//! The outbox's own writes: claiming due messages and recording how each
//! delivery went. They run inside the registration writer's transactions
//! (see `writer::Writer::claim_outbox`), so on SQLite the mail worker never
//! holds the write lock that registrations wait for.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType},
};

use super::entities::outbox_message;
use super::writer::Claim;
use crate::domain::DeliveryStatus;

/// How one delivery attempt ended.
#[derive(Clone, Debug)]
pub enum Delivery {
    Sent,
    /// Try again at the given time (4xx, connection refused, timeout).
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    /// 5xx or a message that cannot be built: shown to organizers, not retried.
    Failed {
        error: String,
    },
    /// Not tried after all (the worker is stopping): back in the queue as it
    /// was before the claim, due when it was due, the attempt not counted.
    Released,
}

/// Marks up to `limit` due messages as being sent and returns them. Due:
/// pending and past their next attempt, including those whose sender's
/// lease expired (a worker died mid-send). On PostgreSQL, `SKIP LOCKED` lets instances claim
/// disjoint rows.
pub async fn claim_due(
    tx: &DatabaseTransaction,
    limit: u64,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    // A worker that died mid-send left its rows leased: back to the queue.
    // Few rows are ever `sending`, so this touches little.
    outbox_message::Entity::update_many()
        .filter(outbox_message::Column::Status.eq(DeliveryStatus::Sending.as_str()))
        .filter(outbox_message::Column::ClaimedUntil.lt(now))
        .col_expr(
            outbox_message::Column::Status,
            DeliveryStatus::Pending.as_str().into(),
        )
        .exec(tx)
        .await?;
    // Ordered by the (status, next_attempt_at) index itself: no sort of a
    // queue that a rush may have filled with tens of thousands of rows.
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .filter(outbox_message::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox_message::Column::NextAttemptAt)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(tx)
        .await?;
    if rows.is_empty() {
        return Ok(rows);
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let until = now + lease;
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::Status,
            DeliveryStatus::Sending.as_str().into(),
        )
        .col_expr(outbox_message::Column::ClaimedUntil, until.into())
        .col_expr(
            outbox_message::Column::Attempts,
            Expr::col(outbox_message::Column::Attempts).add(1),
        )
        .filter(outbox_message::Column::Id.is_in(ids))
        .exec(tx)
        .await?;
    Ok(rows
        .into_iter()
        .map(|mut row| {
            row.status = DeliveryStatus::Sending;
            row.claimed_until = Some(until);
            row.attempts += 1;
            row
        })
        .collect())
}

/// How one claimed message went, under the claim it was sent under.
#[derive(Clone, Debug)]
pub struct DeliveryReport {
    pub id: i64,
    /// The claim's lease end: it names the claim, so a report from a claim
    /// that expired (and was claimed again elsewhere) changes nothing.
    pub claimed_until: Option<DateTime<Utc>>,
    pub delivery: Delivery,
}

/// Records the results of claimed messages. Only rows still `sending` under
/// the same claim are touched, so a late report cannot undo a newer outcome.
pub async fn record(
    tx: &DatabaseTransaction,
    results: &[DeliveryReport],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for DeliveryReport {
        id,
        claimed_until,
        delivery,
    } in results
    {
        let update = outbox_message::Entity::update_many()
            .filter(outbox_message::Column::Id.eq(*id))
            .filter(outbox_message::Column::Status.eq(DeliveryStatus::Sending.as_str()))
            .filter(outbox_message::Column::ClaimedUntil.eq(*claimed_until))
            .col_expr(
                outbox_message::Column::ClaimedUntil,
                Option::<DateTime<Utc>>::None.into(),
            );
        // A message to a person whose data was erased held their address
        // and name only for this delivery: cleared in the same statement
        // that records it (src/store/privacy.rs).
        let held = || Expr::col(outbox_message::Column::ErasedAddressee).is_not_null();
        let forget = |update: sea_orm::UpdateMany<outbox_message::Entity>| {
            update
                .col_expr(
                    outbox_message::Column::Recipient,
                    Expr::case(held(), "")
                        .finally(Expr::col(outbox_message::Column::Recipient))
                        .into(),
                )
                .col_expr(
                    outbox_message::Column::ErasedAddressee,
                    Option::<String>::None.into(),
                )
        };
        let update = match delivery {
            Delivery::Sent => forget(update)
                .col_expr(
                    outbox_message::Column::Status,
                    DeliveryStatus::Sent.as_str().into(),
                )
                .col_expr(outbox_message::Column::SentAt, Some(now).into())
                .col_expr(
                    outbox_message::Column::LastError,
                    Option::<String>::None.into(),
                ),
            Delivery::Retry { at, error } => update
                .col_expr(
                    outbox_message::Column::Status,
                    DeliveryStatus::Pending.as_str().into(),
                )
                .col_expr(outbox_message::Column::NextAttemptAt, (*at).into())
                .col_expr(
                    outbox_message::Column::LastError,
                    Some(error.clone()).into(),
                ),
            Delivery::Failed { error } => forget(update)
                .col_expr(
                    outbox_message::Column::Status,
                    DeliveryStatus::Failed.as_str().into(),
                )
                .col_expr(
                    outbox_message::Column::LastError,
                    // An SMTP refusal often quotes the address.
                    Expr::case(
                        held(),
                        "failed for good (the details named the erased address)",
                    )
                    .finally(Expr::value(Some(error.clone())))
                    .into(),
                ),
            Delivery::Released => update
                .col_expr(
                    outbox_message::Column::Status,
                    DeliveryStatus::Pending.as_str().into(),
                )
                .col_expr(
                    outbox_message::Column::Attempts,
                    Expr::col(outbox_message::Column::Attempts).sub(1),
                ),
        };
        update.exec(tx).await?;
    }
    Ok(())
}

/// Extends the claims of messages still being sent under them to `until`
/// (never shortens one, never revives one that expired: another worker may
/// have it). Returns the claims that now hold.
pub async fn renew(
    tx: &DatabaseTransaction,
    claims: &[Claim],
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Claim>, DbErr> {
    let mut renewed = Vec::with_capacity(claims.len());
    for claim in claims {
        let held = outbox_message::Entity::update_many()
            .filter(outbox_message::Column::Id.eq(claim.id))
            .filter(outbox_message::Column::Status.eq(DeliveryStatus::Sending.as_str()))
            .filter(outbox_message::Column::ClaimedUntil.eq(claim.until))
            .filter(outbox_message::Column::ClaimedUntil.gt(now))
            .col_expr(outbox_message::Column::ClaimedUntil, until.into())
            .exec(tx)
            .await?
            .rows_affected
            == 1;
        if held {
            renewed.push(Claim {
                id: claim.id,
                until,
            });
        }
    }
    Ok(renewed)
}

/// Puts failed messages back in the queue (an organizer's "retry").
pub async fn retry_failed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = outbox_message::Entity::update_many()
        .filter(outbox_message::Column::Status.eq(DeliveryStatus::Failed.as_str()))
        .col_expr(
            outbox_message::Column::Status,
            DeliveryStatus::Pending.as_str().into(),
        )
        .col_expr(outbox_message::Column::NextAttemptAt, now.into())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

#[derive(sea_orm::FromQueryResult)]
struct StatusCount {
    status: String,
    count: i64,
}

/// Messages by status, for operators.
pub async fn count_by_status(db: &impl ConnectionTrait) -> Result<Vec<(String, u64)>, DbErr> {
    Ok(outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Status)
        .column_as(Expr::col(outbox_message::Column::Id).count(), "count")
        .group_by(outbox_message::Column::Status)
        .into_model::<StatusCount>()
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.status, u64::try_from(row.count).unwrap_or(0)))
        .collect())
}

/// The latest messages that failed for good, newest first.
pub async fn recent_failures(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.eq(DeliveryStatus::Failed.as_str()))
        .order_by_desc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Returns messages claimed by a previous run of this process to the queue.
/// Only for SQLite, where one process owns the database: a message that was
/// being sent when the process died is sent again at once, rather than when
/// its lease ends. (It may then arrive twice; one recorded as sent never is
/// sent again.) On PostgreSQL other instances may hold claims: leases decide.
pub async fn release_claims(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let result = outbox_message::Entity::update_many()
        .filter(outbox_message::Column::Status.eq(DeliveryStatus::Sending.as_str()))
        .col_expr(
            outbox_message::Column::Status,
            DeliveryStatus::Pending.as_str().into(),
        )
        .col_expr(
            outbox_message::Column::ClaimedUntil,
            Option::<DateTime<Utc>>::None.into(),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Which messages the dashboard's outbox lists.
#[derive(Clone, Copy, Debug, Default)]
pub struct OutboxFilter {
    pub status: Option<DeliveryStatus>,
    pub event_id: Option<i64>,
}

/// One page of messages, newest first, and how many match in all.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: OutboxFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<outbox_message::Model>, u64), DbErr> {
    use sea_orm::PaginatorTrait;

    let mut query = outbox_message::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(outbox_message::Column::Status.eq(status.as_str()));
    }
    if let Some(event_id) = filter.event_id {
        query = query.filter(outbox_message::Column::EventId.eq(event_id));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(outbox_message::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Puts one failed message back in the queue. Returns the message as it
/// was, or `None` when there is no failed message with this id (a message
/// being sent or already sent is left alone).
pub async fn retry_one(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<outbox_message::Model>, DbErr> {
    let Some(before) = outbox_message::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let changed = outbox_message::Entity::update_many()
        .filter(outbox_message::Column::Id.eq(id))
        .filter(outbox_message::Column::Status.eq(DeliveryStatus::Failed.as_str()))
        .col_expr(
            outbox_message::Column::Status,
            DeliveryStatus::Pending.as_str().into(),
        )
        .col_expr(outbox_message::Column::NextAttemptAt, now.into())
        .exec(db)
        .await?
        .rows_affected;
    Ok((changed == 1).then_some(before))
}

/// Owes a registration's status email (`kind`: its confirmation, waiting-list
/// or verification email) to its registrant once more, in `tx`, and notes the
/// time on the registration: the clock of the 15-minute resend limit
/// (`domain::batch::RESEND_INTERVAL`). For staff resending it and for the
/// lost-link form.
pub async fn owe_status_email_again(
    tx: &DatabaseTransaction,
    event: &crate::store::entities::event::Model,
    registration: &crate::store::entities::registration::Model,
    kind: crate::domain::MessageKind,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    use crate::domain::RegistrationStatus;
    use crate::store::entities::registration as reg;
    let mut payload =
        serde_json::json!({ "sequence": crate::domain::batch::sequence(kind, event.revision) });
    if registration.status == RegistrationStatus::Waitlisted {
        payload["position"] =
            crate::store::queries::waitlist_position(tx, event.id, &registration.id)
                .await?
                .into();
    }
    outbox_message::ActiveModel {
        event_id: Set(event.id),
        registration_id: Set(Some(registration.id.clone())),
        kind: Set(kind),
        recipient: Set(registration.email.clone()),
        payload: Set(payload.to_string()),
        status: Set(DeliveryStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(clock),
        created_at: Set(clock),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    reg::Entity::update_many()
        .col_expr(
            reg::Column::LastEmailedAt,
            sea_orm::sea_query::Expr::value(Some(clock)),
        )
        .filter(reg::Column::Id.eq(&registration.id))
        .exec(tx)
        .await?;
    Ok(())
}
