//! Erasure and the data an attendee may download, in the database.
//!
//! Erasing keeps the registration's row, so that statistics still count it,
//! and empties everything that names the person (`domain::erasure` says
//! what stays). It runs inside a transaction that also writes its audit
//! entry: the writer's, when a live registration is cancelled first
//! (`writer::Writer::erase`), or one of its own for the retention job and
//! `tessera anonymize --ended-before` (`erase_ended`).
//!
//! Emails still owed to the person: the ones that tell them their
//! registration is over (a cancellation, the calendar CANCEL) still go out.
//! Their row keeps the address in `recipient` and the name in
//! `erased_addressee` only until the delivery ends, and the statement that
//! records the outcome (`outbox::record`) clears both. Any other email not
//! yet sent is withdrawn at once: marked failed, with no address left.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;

use super::audit::{self, Actor};
use super::entities::{
    audit_entry, check_in, event, outbox_message, question, registration, registration_session,
    setting,
};
use super::{begin_write, now};
use crate::domain::erasure::{erased_marker, kept_answers, scrub_detail, written_answers};
use crate::domain::{Answer, DeliveryStatus, MessageKind, QuestionKind};

/// Registrations erased per transaction by the retention job: short
/// transactions, so registrations never wait long behind it.
const CHUNK: u64 = 100;

/// What `last_error` says of an email withdrawn by an erasure.
pub const WITHDRAWN: &str = "withdrawn: the person's data was erased before it was sent";

/// The answers of a registration as stored (keys are question ids).
fn answers_of(registration: &registration::Model) -> BTreeMap<i64, Answer> {
    serde_json::from_str::<BTreeMap<String, Answer>>(&registration.answers)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(id, answer)| id.parse().ok().map(|id| (id, answer)))
        .collect()
}

/// The kind of every question an event ever had, retired ones included.
async fn question_kinds(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<HashMap<i64, QuestionKind>, DbErr> {
    Ok(question::Entity::find()
        .filter(question::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q.kind))
        .collect())
}

/// Erases one registration's personal data inside `tx`, with an audit entry
/// that names what was erased but holds none of it. Returns false when it
/// was erased already (by another instance, or a second click).
pub async fn erase_in(
    tx: &DatabaseTransaction,
    registration: &registration::Model,
    actor: &Actor,
    clock: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let kinds = question_kinds(tx, registration.event_id).await?;
    erase_with(tx, registration, &kinds, actor, clock).await
}

async fn erase_with(
    tx: &DatabaseTransaction,
    r: &registration::Model,
    kinds: &HashMap<i64, QuestionKind>,
    actor: &Actor,
    clock: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let answers = answers_of(r);
    let mut personal = vec![
        r.first_name.clone(),
        r.last_name.clone(),
        format!("{} {}", r.first_name, r.last_name),
        r.email.clone(),
        r.email_normalized.clone(),
        r.organization.clone(),
    ];
    personal.extend(written_answers(&answers, kinds));
    let kept: BTreeMap<String, Answer> = kept_answers(answers, kinds)
        .into_iter()
        .map(|(id, answer)| (id.to_string(), answer))
        .collect();
    let marker = erased_marker(&r.id);
    // The guard: only a registration not erased yet is changed, so two
    // erasures at once (two instances, a double click) erase it once.
    let changed = registration::Entity::update_many()
        .col_expr(registration::Column::FirstName, Expr::value(""))
        .col_expr(registration::Column::LastName, Expr::value(""))
        .col_expr(registration::Column::Email, Expr::value(""))
        .col_expr(registration::Column::EmailNormalized, Expr::value(&marker))
        .col_expr(registration::Column::Organization, Expr::value(""))
        .col_expr(
            registration::Column::Answers,
            Expr::value(serde_json::to_string(&kept).unwrap_or_else(|_| "{}".into())),
        )
        .col_expr(registration::Column::ManageToken, Expr::value(&marker))
        .col_expr(registration::Column::ErasedAt, Expr::value(Some(clock)))
        .col_expr(registration::Column::UpdatedAt, Expr::value(clock))
        .filter(registration::Column::Id.eq(r.id.as_str()))
        .filter(registration::Column::ErasedAt.is_null())
        .exec(tx)
        .await?
        .rows_affected;
    if changed == 0 {
        return Ok(false);
    }

    let messages = outbox_message::Entity::find()
        .filter(outbox_message::Column::RegistrationId.eq(r.id.as_str()))
        .all(tx)
        .await?;
    let addressee = json!({ "first_name": r.first_name, "last_name": r.last_name }).to_string();
    let mut withdrawn = 0;
    for message in &messages {
        let tells_it_is_over = matches!(
            message.kind,
            MessageKind::Cancellation | MessageKind::EventCancelled
        );
        let update =
            outbox_message::Entity::update_many().filter(outbox_message::Column::Id.eq(message.id));
        let update = match message.status {
            // Being sent right now, or the last word they are owed: held
            // until delivered, then cleared by `outbox::record`.
            DeliveryStatus::Sending => update.col_expr(
                outbox_message::Column::ErasedAddressee,
                Expr::value(Some(addressee.clone())),
            ),
            DeliveryStatus::Pending if tells_it_is_over => update.col_expr(
                outbox_message::Column::ErasedAddressee,
                Expr::value(Some(addressee.clone())),
            ),
            DeliveryStatus::Pending => {
                withdrawn += 1;
                update
                    .col_expr(
                        outbox_message::Column::Status,
                        Expr::value(DeliveryStatus::Failed.as_str()),
                    )
                    .col_expr(outbox_message::Column::Recipient, Expr::value(""))
                    .col_expr(outbox_message::Column::LastError, Expr::value(WITHDRAWN))
                    .col_expr(
                        outbox_message::Column::ErasedAddressee,
                        Expr::value(Option::<String>::None),
                    )
            }
            // Delivered or failed for good: the address (and an SMTP
            // error, which often quotes it) goes now.
            DeliveryStatus::Sent | DeliveryStatus::Failed => update
                .col_expr(outbox_message::Column::Recipient, Expr::value(""))
                .col_expr(
                    outbox_message::Column::LastError,
                    Expr::value(message.last_error.as_ref().map(|error| {
                        if error.starts_with("withdrawn") {
                            error.clone()
                        } else {
                            "failed for good (the details named the erased address)".to_owned()
                        }
                    })),
                )
                .col_expr(
                    outbox_message::Column::ErasedAddressee,
                    Expr::value(Option::<String>::None),
                ),
        };
        update.exec(tx).await?;
    }

    // The audit log keeps what happened, not to whom: entries about the
    // registration or its messages lose every personal value.
    let message_ids: Vec<String> = messages.iter().map(|m| m.id.to_string()).collect();
    let entries = audit_entry::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(
                    sea_orm::Condition::all()
                        .add(audit_entry::Column::SubjectType.eq("registration"))
                        .add(audit_entry::Column::SubjectId.eq(r.id.as_str())),
                )
                .add(
                    sea_orm::Condition::all()
                        .add(audit_entry::Column::SubjectType.eq("outbox_message"))
                        .add(audit_entry::Column::SubjectId.is_in(message_ids)),
                ),
        )
        .all(tx)
        .await?;
    for entry in entries {
        let Ok(detail) = serde_json::from_str::<serde_json::Value>(&entry.detail) else {
            continue;
        };
        let scrubbed = scrub_detail(&detail, &personal);
        if scrubbed != detail {
            audit_entry::Entity::update_many()
                .col_expr(
                    audit_entry::Column::Detail,
                    Expr::value(scrubbed.to_string()),
                )
                .filter(audit_entry::Column::Id.eq(entry.id))
                .exec(tx)
                .await?;
        }
    }
    audit::record(
        tx,
        actor,
        "erase",
        "registration",
        &r.id,
        json!({
            "erased": ["first_name", "last_name", "email", "organization", "written_answers", "manage_token"],
            "kept": ["country", "language", "status", "check_ins", "sessions", "choice_answers"],
            "status": r.status.as_str(),
            "emails_withdrawn": withdrawn,
        }),
        clock,
    )
    .await?;
    Ok(true)
}

/// Erases every registration of the events that ended before `cutoff`, a
/// chunk per transaction. Returns how many were erased.
pub async fn erase_ended(
    db: &DatabaseConnection,
    cutoff: DateTime<Utc>,
    actor: &Actor,
) -> Result<u64, DbErr> {
    let mut erased = 0;
    let mut kinds: HashMap<i64, HashMap<i64, QuestionKind>> = HashMap::new();
    loop {
        let tx = begin_write(db).await?;
        // Only events really over, whatever date was asked for.
        let ended = sea_orm::QueryTrait::into_query(
            event::Entity::find()
                .select_only()
                .column(event::Column::Id)
                .filter(event::Column::EndsAt.lt(cutoff.min(now()))),
        );
        let chunk = registration::Entity::find()
            .filter(registration::Column::ErasedAt.is_null())
            .filter(registration::Column::EventId.in_subquery(ended))
            .order_by_asc(registration::Column::Id)
            .limit(CHUNK)
            .all(&tx)
            .await?;
        if chunk.is_empty() {
            tx.commit().await?;
            return Ok(erased);
        }
        let clock = now();
        for r in &chunk {
            let event_kinds = match kinds.entry(r.event_id) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(question_kinds(&tx, r.event_id).await?)
                }
            };
            if erase_with(&tx, r, event_kinds, actor, clock).await? {
                erased += 1;
            }
        }
        tx.commit().await?;
    }
}

/// The registrations of an address in every event, by its normalised
/// forms (`keys`), not erased yet.
pub async fn registrations_of_address(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> Result<Vec<registration::Model>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::ErasedAt.is_null())
        .filter(registration::Column::EmailNormalized.is_in(keys.iter().map(String::as_str)))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await
}

/// Claims today's retention run for this instance: of several instances
/// sharing one database, the first to ask on a day gets it (a conditional
/// update of one settings row, which PostgreSQL and SQLite both serialise).
pub async fn claim_daily_run(db: &DatabaseConnection, day: &str) -> Result<bool, DbErr> {
    const KEY: &str = "retention_last_run";
    setting::Entity::insert(setting::ActiveModel {
        key: sea_orm::Set(KEY.into()),
        value: sea_orm::Set(String::new()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let claimed = setting::Entity::update_many()
        .col_expr(setting::Column::Value, Expr::value(day))
        .filter(setting::Column::Key.eq(KEY))
        .filter(setting::Column::Value.lt(day))
        .exec(db)
        .await?
        .rows_affected;
    Ok(claimed == 1)
}

/// Everything held about one registration, for the attendee's download.
pub struct HeldData {
    pub registration: registration::Model,
    pub event: event::Model,
    pub questions: Vec<question::Model>,
    pub session_ids: Vec<i64>,
    pub check_ins: Vec<check_in::Model>,
    pub emails: Vec<outbox_message::Model>,
    pub audit: Vec<audit_entry::Model>,
}

pub async fn held_data(
    db: &impl ConnectionTrait,
    registration: registration::Model,
) -> Result<Option<HeldData>, DbErr> {
    let Some(event) = event::Entity::find_by_id(registration.event_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let questions = question::Entity::find()
        .filter(question::Column::EventId.eq(event.id))
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .all(db)
        .await?;
    let session_ids = registration_session::Entity::find()
        .filter(registration_session::Column::RegistrationId.eq(registration.id.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.session_id)
        .collect();
    let check_ins = check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration.id.as_str()))
        .order_by_asc(check_in::Column::CheckedInAt)
        .all(db)
        .await?;
    let emails = outbox_message::Entity::find()
        .filter(outbox_message::Column::RegistrationId.eq(registration.id.as_str()))
        .order_by_asc(outbox_message::Column::Id)
        .all(db)
        .await?;
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectType.eq("registration"))
        .filter(audit_entry::Column::SubjectId.eq(registration.id.as_str()))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?;
    Ok(Some(HeldData {
        registration,
        event,
        questions,
        session_ids,
        check_ins,
        emails,
        audit,
    }))
}
