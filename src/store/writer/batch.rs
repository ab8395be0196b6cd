//! One transaction for a whole batch of jobs: lock the seat counters of the
//! events it touches, let `domain::batch` decide, write the rows, commit.
//! Cancellations, verifications and the mail worker's jobs go first (they
//! are rare, and freed seats go to the waiting list, which was there before
//! this batch's newcomers); then all registrations, set-based.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde_json::json;

use super::rows::{BatchWrites, NewRegistration, OutboxRow, status_payload};
use super::sql::Sql;
use super::{
    Actor, Cancelled, ChangeRefused, ChoicesChanged, Claim, Erased, Job, NotPromoted, Refusal,
    Registered, WriteError,
};
use crate::domain::batch::{
    Decision, Earlier, EventSeats, Hold, Ledger, Request, SessionClaim, SessionSeats, Stored,
    sequence, status_email,
};
use crate::domain::{
    Choices, EventStatus, ManageToken, MessageKind, RegistrationRequest, RegistrationStatus,
    RegistrationWindow,
};
use crate::store::entities::{outbox_message, registration, registration_session};
use crate::store::{audit, begin_write, json_time, now, outbox, privacy, queries};

/// How many waiting registrations a promotion reads at a time.
const WAITING_PAGE: u64 = 100;

/// The answer to one job, given once the batch has committed.
pub(super) enum Answer {
    Register(Result<Registered, Refusal>),
    Cancel(Result<Cancelled, WriteError>),
    Verify(Result<RegistrationStatus, Refusal>),
    Erase(Result<Erased, WriteError>),
    PromoteOne(Result<Result<(), NotPromoted>, WriteError>),
    Expired(usize),
    Changed(Result<Result<ChoicesChanged, ChangeRefused>, WriteError>),
    Claimed(Vec<outbox_message::Model>),
    Recorded,
    Renewed(Vec<Claim>),
}

/// What a committed batch leaves behind.
pub(super) struct Committed {
    /// One per job, in the batch's order.
    pub answers: Vec<Answer>,
    pub owes_email: bool,
    /// The counters as committed.
    pub ledger: Ledger,
    /// Pages of the waiting list read to promote people.
    pub waiting_pages_read: u64,
}

/// A live registration found for a request's address.
pub(super) struct Found {
    id: String,
    email: String,
    manage_token: String,
    pub(super) status: RegistrationStatus,
    pub(super) last_emailed_at: Option<DateTime<Utc>>,
    hold_until: Option<DateTime<Utc>>,
}

pub(super) async fn apply(
    connection: &DatabaseConnection,
    batch: &[Job],
    hold: Option<chrono::Duration>,
) -> Result<Committed, DbErr> {
    let tx = begin_write(connection).await?;
    let clock = now();
    let mut event_ids: HashSet<i64> = batch.iter().filter_map(Job::event_id).collect();
    if batch.iter().any(|j| matches!(j, Job::ExpireHolds { .. })) {
        // Expiry does not know its events before it looks: the events with
        // a hold due are locked with the others, and the holds read again
        // under that lock (a verification may have just taken one).
        event_ids.extend(events_with_due_holds(&tx, clock).await?);
    }
    let event_ids: Vec<i64> = event_ids.into_iter().collect();
    let registrations = registrations_of(batch);
    // A rush (public-form registrations alone) rarely comes this way: it
    // has a lane of its own (`rush.rs`), which also reads the addresses'
    // registrations with the lock on SQLite. Here the registrations are
    // read after the other jobs, which may cancel one of them first.
    let mut ledger = lock(&tx, &event_ids).await?;
    ledger.hold = hold;
    let loaded = ledger.clone();
    let mut writes = BatchWrites::default();
    let mut waiting_pages_read = 0;
    let mut answers: Vec<Option<Answer>> = batch.iter().map(|_| None).collect();
    // Erasures wait for the batch's rows (a cancellation they owe) to be
    // written, so that the erasure finds and holds that email too.
    let mut to_erase = Vec::new();

    for (slot, job) in batch.iter().enumerate() {
        let answer = match job {
            Job::Register { .. } => continue,
            Job::Erase {
                registration_id,
                event_id,
                actor,
                ..
            } => match cancel_to_erase(
                &tx,
                &mut ledger,
                *event_id,
                registration_id,
                actor,
                clock,
                &mut writes,
                &mut waiting_pages_read,
            )
            .await?
            {
                Ok((found, cancelled)) => {
                    to_erase.push((slot, found, actor, cancelled));
                    continue;
                }
                Err(error) => Answer::Erase(Err(error)),
            },
            Job::Cancel {
                registration_id,
                event_id,
                actor,
                ..
            } => Answer::Cancel(
                cancel(
                    &tx,
                    &mut ledger,
                    *event_id,
                    registration_id,
                    actor,
                    clock,
                    &mut writes,
                    &mut waiting_pages_read,
                )
                .await?,
            ),
            Job::Verify {
                registration_id,
                event_id,
                ..
            } => Answer::Verify(
                verify(
                    &tx,
                    &mut ledger,
                    *event_id,
                    registration_id,
                    clock,
                    &mut writes,
                )
                .await?,
            ),
            Job::PromoteOne {
                registration_id,
                event_id,
                actor,
                ..
            } => Answer::PromoteOne(
                promote_one(
                    &tx,
                    &mut ledger,
                    *event_id,
                    registration_id,
                    actor,
                    clock,
                    &mut writes,
                )
                .await?,
            ),
            Job::ChangeChoices {
                registration_id,
                event_id,
                choices,
                actor,
                ..
            } => Answer::Changed(
                change_choices(
                    &tx,
                    &mut ledger,
                    *event_id,
                    registration_id,
                    choices,
                    actor,
                    clock,
                    &mut writes,
                    &mut waiting_pages_read,
                )
                .await?,
            ),
            Job::ExpireHolds { limit, .. } => Answer::Expired(
                expire_holds(
                    &tx,
                    &mut ledger,
                    *limit,
                    clock,
                    &mut writes,
                    &mut waiting_pages_read,
                )
                .await?,
            ),
            // A worker that gave up waiting would never send what it
            // claimed: leave the rows for its next claim.
            Job::ClaimOutbox { reply, .. } if reply.is_closed() => Answer::Claimed(Vec::new()),
            Job::ClaimOutbox { limit, lease, .. } => {
                Answer::Claimed(outbox::claim_due(&tx, *limit, clock, *lease).await?)
            }
            Job::RecordDeliveries { results, .. } => {
                outbox::record(&tx, results, clock).await?;
                Answer::Recorded
            }
            Job::RenewClaims { claims, until, .. } => {
                Answer::Renewed(outbox::renew(&tx, claims, *until, clock).await?)
            }
        };
        answers[slot] = Some(answer);
    }

    let mut staff_added = Vec::new();
    if !registrations.is_empty() {
        let found = find_live(&tx, &registrations).await?;
        let decided = register(
            Some(&tx),
            &mut ledger,
            &registrations,
            found,
            clock,
            &mut writes,
        )
        .await?;
        for ((slot, _, _), answer) in registrations.iter().zip(decided) {
            if let (
                Job::Register {
                    actor: Some(actor), ..
                },
                Ok(registered),
            ) = (&batch[*slot], &answer)
                && !registered.existing
            {
                staff_added.push((actor, registered.id.clone(), registered.status));
            }
            answers[*slot] = Some(Answer::Register(answer));
        }
    }

    writes.counters(&ledger, &loaded);
    let owes_email = writes.owes_email();
    write(&tx, writes).await?;
    for (slot, found, actor, cancelled) in to_erase {
        let erased = privacy::erase_in(&tx, &found, actor, clock).await?;
        answers[slot] = Some(Answer::Erase(Ok(Erased { cancelled, erased })));
    }
    // Registrations staff added by hand: audited in the transaction that
    // writes them.
    for (actor, id, status) in staff_added {
        audit::record(
            &tx,
            actor,
            "add",
            "registration",
            &id,
            json!({ "before": null, "after": { "status": status.as_str() } }),
            clock,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Committed {
        answers: answers
            .into_iter()
            .map(|a| a.expect("every job of the batch has an answer"))
            .collect(),
        owes_email,
        ledger,
        waiting_pages_read,
    })
}

/// Fills free seats of one event from its waiting list, inside a
/// transaction that changed its capacity.
pub(super) async fn promote_in(
    tx: &DatabaseTransaction,
    event_id: i64,
    clock: DateTime<Utc>,
) -> Result<Vec<String>, DbErr> {
    let mut ledger = lock(tx, &[event_id]).await?;
    let loaded = ledger.clone();
    let mut writes = BatchWrites::default();
    let promoted = promote(tx, &mut ledger, event_id, clock, &mut writes, &mut 0).await?;
    writes.counters(&ledger, &loaded);
    write(tx, writes).await?;
    Ok(promoted)
}

/// Every write of the batch in one statement: one round trip to the
/// database, whatever the batch's size.
async fn write(tx: &DatabaseTransaction, writes: BatchWrites) -> Result<(), DbErr> {
    if writes.is_empty() {
        return Ok(());
    }
    let backend = tx.get_database_backend();
    tx.execute_raw(Statement::from_sql_and_values(
        backend,
        Sql::for_backend(backend).write_batch,
        writes.into_values(backend),
    ))
    .await?;
    Ok(())
}

/// The seat counters of the events (and their sessions), locked for the
/// transaction: by `BEGIN IMMEDIATE` on SQLite, `FOR UPDATE` on PostgreSQL.
/// One statement for both: each round trip to the database costs a batch
/// more in waiting for the other side to be scheduled than in work
/// (BENCHMARKS.md).
async fn lock(tx: &DatabaseTransaction, event_ids: &[i64]) -> Result<Ledger, DbErr> {
    if event_ids.is_empty() {
        return Ok(Ledger::default());
    }
    let backend = tx.get_database_backend();
    let rows = tx
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            Sql::for_backend(backend).lock,
            [ids_parameter(event_ids)],
        ))
        .await?;
    let mut ledger = Ledger::default();
    for row in &rows {
        read_counters(row, &mut ledger)?;
    }
    Ok(ledger)
}

/// The batch's registrations: (slot in the batch, event, request).
pub(super) fn registrations_of(batch: &[Job]) -> Vec<(usize, i64, &RegistrationRequest)> {
    batch
        .iter()
        .enumerate()
        .filter_map(|(slot, job)| match job {
            Job::Register {
                event_id, request, ..
            } => Some((slot, *event_id, request.as_ref())),
            _ => None,
        })
        .collect()
}

fn ids_parameter(event_ids: &[i64]) -> sea_orm::Value {
    ids_json(event_ids).into()
}

/// The events' ids, as the JSON array the lock statements read.
pub(super) fn ids_json(event_ids: &[i64]) -> String {
    json!(event_ids).to_string()
}

fn addresses_parameter(registrations: &[(usize, i64, &RegistrationRequest)]) -> sea_orm::Value {
    addresses_json(registrations).into()
}

/// The batch's (event, normalised address) pairs, as the JSON array the
/// lookups of live registrations read.
pub(super) fn addresses_json(registrations: &[(usize, i64, &RegistrationRequest)]) -> String {
    let keys: Vec<_> = registrations
        .iter()
        .map(|(_, event_id, r)| json!({ "e": event_id, "m": r.email.normalized() }))
        .collect();
    json!(keys).to_string()
}

/// An event's (kind `e`) or a session's (kind `s`) row of `Sql::lock`.
pub(super) fn read_counters(row: &sea_orm::QueryResult, ledger: &mut Ledger) -> Result<(), DbErr> {
    let kind: String = row.try_get("", "kind")?;
    let capacity: Option<i32> = row.try_get("", "capacity")?;
    let confirmed: i32 = row.try_get("", "confirmed_count")?;
    let held: i32 = row.try_get("", "held_count")?;
    if kind == "s" {
        ledger.sessions.insert(
            row.try_get("", "id")?,
            SessionSeats {
                capacity: capacity.map(i64::from),
                confirmed: i64::from(confirmed),
                held: i64::from(held),
            },
        );
        return Ok(());
    }
    let status: String = row.try_get("", "status")?;
    let waitlisted: i32 = row.try_get("", "waitlisted_count")?;
    ledger.events.insert(
        row.try_get("", "id")?,
        EventSeats {
            window: RegistrationWindow {
                status: EventStatus::parse(&status).unwrap_or(EventStatus::Draft),
                opens_at: row.try_get("", "registration_opens_at")?,
                closes_at: row.try_get("", "registration_closes_at")?,
                event_ends_at: row.try_get("", "ends_at")?,
            },
            capacity: capacity.map(i64::from),
            waitlist_enabled: row.try_get("", "waitlist_enabled")?,
            requires_verification: row.try_get("", "requires_verification")?,
            revision: row.try_get("", "revision")?,
            confirmed: i64::from(confirmed),
            waitlisted: i64::from(waitlisted),
            held: i64::from(held),
        },
    );
    Ok(())
}

/// Decides the batch's registrations and adds their rows to `writes`.
/// `tx` reads a waitlisted registrant's place in line for an email re-sent
/// to them; without it (`rush`, which leaves such batches to the general
/// way), such a batch fails.
pub(super) async fn register(
    tx: Option<&DatabaseTransaction>,
    ledger: &mut Ledger,
    registrations: &[(usize, i64, &RegistrationRequest)],
    found: HashMap<(i64, String), Found>,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
) -> Result<Vec<Result<Registered, Refusal>>, DbErr> {
    let clock_text = json_time(clock);
    let stored: HashMap<(i64, String), Stored> = found
        .iter()
        .map(|(key, f)| {
            (
                key.clone(),
                Stored {
                    status: f.status,
                    last_emailed_at: f.last_emailed_at,
                    hold: Hold::of(f.hold_until),
                },
            )
        })
        .collect();
    let requests: Vec<Request<'_>> = registrations
        .iter()
        .map(|(_, event_id, r)| Request {
            event_id: *event_id,
            key: r.email.normalized(),
            sessions: &r.sessions,
        })
        .collect();
    let decisions = ledger.decide(&requests, &stored, clock);

    let mut made: Vec<Option<Registered>> = vec![None; registrations.len()];
    let mut answers = Vec::with_capacity(registrations.len());
    for (index, decision) in decisions.into_iter().enumerate() {
        let (_, event_id, request) = registrations[index];
        let revision = ledger.events.get(&event_id).map_or(0, |e| e.revision);
        let answer = match decision {
            Decision::Refused(refusal) => Err(refusal),
            Decision::New {
                status,
                position,
                hold,
                email,
            } => {
                let new = NewRegistration {
                    id: uuid::Uuid::now_v7().to_string(),
                    token: ManageToken::generate().into_string(),
                    event_id,
                    status,
                    hold_until: hold.until().map(json_time),
                    request,
                    email: email.map(|kind| (kind, status_payload(kind, revision, position))),
                };
                writes.new_registration(&new, &clock_text);
                let registered = Registered {
                    id: new.id,
                    manage_token: new.token,
                    status,
                    existing: false,
                };
                made[index] = Some(registered.clone());
                Ok(registered)
            }
            Decision::Repeat {
                earlier,
                answer,
                resend,
            } => {
                let earlier = match earlier {
                    Earlier::Stored => found
                        .get(&(event_id, request.email.normalized().to_owned()))
                        .map(|f| (f.id.clone(), f.manage_token.clone(), f.status, &*f.email)),
                    Earlier::InBatch(at) => made[at].as_ref().map(|r| {
                        (
                            r.id.clone(),
                            r.manage_token.clone(),
                            r.status,
                            request.email.as_str(),
                        )
                    }),
                };
                let Some((id, manage_token, status, recipient)) = earlier else {
                    return Err(DbErr::Custom("a repeat without its registration".into()));
                };
                if let Some(kind) = resend {
                    let position = match status {
                        RegistrationStatus::Waitlisted => {
                            let Some(tx) = tx else {
                                return Err(DbErr::Custom(
                                    "a waitlisted registrant's place in line is read in a transaction"
                                        .into(),
                                ));
                            };
                            Some(queries::waitlist_position(tx, event_id, &id).await? as i64)
                        }
                        _ => None,
                    };
                    writes.email(
                        &OutboxRow {
                            event_id,
                            registration_id: id.clone(),
                            kind,
                            recipient: recipient.to_owned(),
                            payload: status_payload(kind, revision, position),
                        },
                        &clock_text,
                    );
                    writes.emailed_again(&id, &clock_text);
                }
                answer.map(|status| Registered {
                    id,
                    manage_token,
                    status,
                    existing: true,
                })
            }
        };
        answers.push(answer);
    }
    Ok(answers)
}

/// The live registrations already stored for the batch's (event, address)
/// pairs, in one statement.
async fn find_live(
    tx: &DatabaseTransaction,
    registrations: &[(usize, i64, &RegistrationRequest)],
) -> Result<HashMap<(i64, String), Found>, DbErr> {
    let backend = tx.get_database_backend();
    let rows = tx
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            Sql::for_backend(backend).find_live,
            [addresses_parameter(registrations)],
        ))
        .await?;
    let mut found = HashMap::new();
    for row in &rows {
        read_found(row, &mut found)?;
    }
    Ok(found)
}

/// A row of `Sql::find_live` (or kind `r` of `Sql::lock_and_find_live`).
pub(super) fn read_found(
    row: &sea_orm::QueryResult,
    found: &mut HashMap<(i64, String), Found>,
) -> Result<(), DbErr> {
    let status: String = row.try_get("", "registration_status")?;
    found.insert(
        (
            row.try_get("", "event_id")?,
            row.try_get("", "email_normalized")?,
        ),
        Found {
            id: row.try_get("", "registration_id")?,
            email: row.try_get("", "email")?,
            manage_token: row.try_get("", "manage_token")?,
            status: RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Pending),
            last_emailed_at: row.try_get("", "last_emailed_at")?,
            hold_until: row.try_get("", "hold_until")?,
        },
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one per fact of the job and of the batch
async fn cancel(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    event_id: i64,
    registration_id: &str,
    actor: &Actor,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
    waiting_pages_read: &mut u64,
) -> Result<Result<Cancelled, WriteError>, DbErr> {
    let Some(found) = queries::registration_by_id(tx, registration_id).await? else {
        return Ok(Err(WriteError::NotFound));
    };
    let Some(revision) = ledger
        .events
        .get(&event_id)
        .filter(|_| found.event_id == event_id)
        .map(|e| e.revision)
    else {
        return Ok(Err(WriteError::NotFound));
    };
    let previous = found.status;
    if previous == RegistrationStatus::Cancelled {
        return Ok(Ok(Cancelled {
            previous,
            promoted: Vec::new(),
        }));
    }
    set_status(
        tx,
        std::slice::from_ref(&found.id),
        RegistrationStatus::Cancelled,
        clock,
        true,
    )
    .await?;
    let chosen = queries::chosen_session_ids(tx, registration_id).await?;
    let hold = Hold::of(found.hold_until);
    ledger.release(event_id, previous, hold, &chosen);
    if hold != Hold::None {
        // Cancelled, not expired: its verification link must not say the
        // hold ran out.
        clear_hold(tx, &found.id).await?;
    }
    let kind = MessageKind::Cancellation;
    writes.email(
        &OutboxRow {
            event_id,
            registration_id: found.id.clone(),
            kind,
            recipient: found.email.clone(),
            payload: json!({
                "sequence": sequence(kind, revision),
                "previous": previous.as_str(),
                "by": actor.label(),
            }),
        },
        &json_time(clock),
    );
    audit::record(
        tx,
        actor,
        "cancel",
        "registration",
        registration_id,
        json!({ "previous": previous.as_str() }),
        clock,
    )
    .await?;
    let promoted = promote(tx, ledger, event_id, clock, writes, waiting_pages_read).await?;
    Ok(Ok(Cancelled { previous, promoted }))
}

/// The first half of an erasure: a live registration of an event that has
/// not ended is cancelled like any other (SPEC invariant 4: its seat goes
/// to the waiting list in this transaction, and the calendar CANCEL is
/// owed). Returns the registration as it was, for the erasure to follow.
#[allow(clippy::too_many_arguments)] // as `cancel`
async fn cancel_to_erase(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    event_id: i64,
    registration_id: &str,
    actor: &Actor,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
    waiting_pages_read: &mut u64,
) -> Result<Result<(registration::Model, Option<Cancelled>), WriteError>, DbErr> {
    let Some(found) = queries::registration_by_id(tx, registration_id)
        .await?
        .filter(|r| r.event_id == event_id)
    else {
        return Ok(Err(WriteError::NotFound));
    };
    let Some(ends_at) = ledger.events.get(&event_id).map(|e| e.window.event_ends_at) else {
        return Ok(Err(WriteError::NotFound));
    };
    let live = found.status != RegistrationStatus::Cancelled && found.erased_at.is_none();
    if !live || ends_at <= clock {
        return Ok(Ok((found, None)));
    }
    match cancel(
        tx,
        ledger,
        event_id,
        registration_id,
        actor,
        clock,
        writes,
        waiting_pages_read,
    )
    .await?
    {
        Ok(cancelled) => Ok(Ok((found, Some(cancelled)))),
        Err(error) => Ok(Err(error)),
    }
}

async fn verify(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    event_id: i64,
    registration_id: &str,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
) -> Result<Result<RegistrationStatus, Refusal>, DbErr> {
    let Some(found) = queries::registration_by_id(tx, registration_id)
        .await?
        .filter(|r| r.event_id == event_id)
    else {
        return Ok(Err(Refusal::NoSuchEvent));
    };
    let hold = Hold::of(found.hold_until);
    if found.status == RegistrationStatus::Cancelled && hold != Hold::None {
        // Its hold ran out and the expiry cancelled it.
        return Ok(Err(Refusal::HoldExpired));
    }
    if found.status != RegistrationStatus::Pending {
        return Ok(Ok(found.status));
    }
    let chosen = queries::chosen_session_ids(tx, registration_id).await?;
    let (status, position) = match ledger.verify(event_id, &chosen, hold, clock) {
        Ok(placed) => placed,
        Err(refusal) => return Ok(Err(refusal)),
    };
    set_status(tx, std::slice::from_ref(&found.id), status, clock, true).await?;
    if hold != Hold::None {
        clear_hold(tx, &found.id).await?;
    }
    if let Some(kind) = status_email(status) {
        let revision = ledger.events.get(&event_id).map_or(0, |e| e.revision);
        writes.email(
            &OutboxRow {
                event_id,
                registration_id: found.id,
                kind,
                recipient: found.email,
                payload: status_payload(kind, revision, position),
            },
            &json_time(clock),
        );
    }
    Ok(Ok(status))
}

/// The events that have a seat hold run out by `clock`.
async fn events_with_due_holds(
    tx: &DatabaseTransaction,
    clock: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    due_holds()
        .filter(registration::Column::HoldUntil.lte(clock))
        .select_only()
        .column(registration::Column::EventId)
        .distinct()
        .into_tuple()
        .all(tx)
        .await
}

/// Pending registrations with a seat hold: what the partial index
/// `idx_registrations_holds` holds.
fn due_holds() -> sea_orm::Select<registration::Entity> {
    registration::Entity::find()
        .filter(registration::Column::Status.eq(RegistrationStatus::Pending))
        .filter(registration::Column::HoldUntil.is_not_null())
}

/// Ends the seat holds that have run out (at most `limit`, earliest
/// first): each registration is cancelled, its seats are freed and go to
/// the waiting list (SPEC invariant 4), and the registrant is told — all in
/// this transaction. Read under the events' locks, so a verification that
/// won the race is not expired. Returns how many holds ended.
async fn expire_holds(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    limit: u64,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
    waiting_pages_read: &mut u64,
) -> Result<usize, DbErr> {
    let locked: Vec<i64> = ledger.events.keys().copied().collect();
    let due = due_holds()
        .filter(registration::Column::HoldUntil.lte(clock))
        .filter(registration::Column::EventId.is_in(locked))
        .order_by_asc(registration::Column::HoldUntil)
        .order_by_asc(registration::Column::Id)
        .limit(limit)
        .all(tx)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let chosen = chosen_sessions_of(tx, &due).await?;
    let ids: Vec<String> = due.iter().map(|r| r.id.clone()).collect();
    set_status(tx, &ids, RegistrationStatus::Cancelled, clock, true).await?;
    let clock_text = json_time(clock);
    let mut freed = Vec::new();
    for registration in &due {
        let sessions = chosen
            .get(&registration.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        ledger.release(
            registration.event_id,
            RegistrationStatus::Pending,
            Hold::of(registration.hold_until),
            sessions,
        );
        writes.email(
            &OutboxRow {
                event_id: registration.event_id,
                registration_id: registration.id.clone(),
                kind: MessageKind::HoldExpired,
                recipient: registration.email.clone(),
                payload: json!({ "hold_until": registration.hold_until.map(json_time) }),
            },
            &clock_text,
        );
        audit::record(
            tx,
            &Actor::System,
            "hold_expired",
            "registration",
            &registration.id,
            json!({ "before": { "status": "pending" }, "after": { "status": "cancelled" } }),
            clock,
        )
        .await?;
        if !freed.contains(&registration.event_id) {
            freed.push(registration.event_id);
        }
    }
    for event_id in freed {
        promote(tx, ledger, event_id, clock, writes, waiting_pages_read).await?;
    }
    Ok(due.len())
}

/// An attendee changes their answers, sessions and email language.
#[allow(clippy::too_many_arguments)] // one per fact of the job and of the batch
async fn change_choices(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    event_id: i64,
    registration_id: &str,
    choices: &Choices,
    actor: &Actor,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
    waiting_pages_read: &mut u64,
) -> Result<Result<Result<ChoicesChanged, ChangeRefused>, WriteError>, DbErr> {
    let Some(found) = queries::registration_by_id(tx, registration_id)
        .await?
        .filter(|r| r.event_id == event_id && ledger.events.contains_key(&event_id))
    else {
        return Ok(Err(WriteError::NotFound));
    };
    if found.status == RegistrationStatus::Cancelled {
        return Ok(Ok(Err(ChangeRefused::Cancelled)));
    }
    let before = queries::chosen_session_ids(tx, registration_id).await?;
    let claim = SessionClaim::of(found.status, Hold::of(found.hold_until));
    if let Err(full) = ledger.change_sessions(&before, &choices.sessions, claim) {
        return Ok(Ok(Err(ChangeRefused::SessionFull(full))));
    }
    let added: Vec<i64> = choices
        .sessions
        .iter()
        .copied()
        .filter(|id| !before.contains(id))
        .collect();
    let removed: Vec<i64> = before
        .iter()
        .copied()
        .filter(|id| !choices.sessions.contains(id))
        .collect();
    let sessions_changed = !added.is_empty() || !removed.is_empty();
    let invite_updated = sessions_changed && found.status == RegistrationStatus::Confirmed;
    if !removed.is_empty() {
        registration_session::Entity::delete_many()
            .filter(registration_session::Column::RegistrationId.eq(registration_id))
            .filter(registration_session::Column::SessionId.is_in(removed.clone()))
            .exec(tx)
            .await?;
    }
    if !added.is_empty() {
        registration_session::Entity::insert_many(added.iter().map(|id| {
            registration_session::ActiveModel {
                registration_id: sea_orm::Set(registration_id.to_owned()),
                session_id: sea_orm::Set(*id),
            }
        }))
        .exec(tx)
        .await?;
    }
    let answers = serde_json::to_string(&choices.answers).unwrap_or_else(|_| "{}".into());
    registration::Entity::update_many()
        .col_expr(registration::Column::Answers, Expr::value(answers.clone()))
        .col_expr(
            registration::Column::Language,
            Expr::value(choices.language.code()),
        )
        .col_expr(
            registration::Column::InviteRevision,
            Expr::value(found.invite_revision + i32::from(invite_updated)),
        )
        .col_expr(registration::Column::UpdatedAt, Expr::value(clock))
        .filter(registration::Column::Id.eq(registration_id))
        .exec(tx)
        .await?;
    if invite_updated {
        // The same UID, and a SEQUENCE above every invite sent before: the
        // mail adds the registration's own revision to the event's.
        let revision = ledger.events.get(&event_id).map_or(0, |e| e.revision);
        let kind = MessageKind::SessionsChanged;
        writes.email(
            &OutboxRow {
                event_id,
                registration_id: found.id.clone(),
                kind,
                recipient: found.email.clone(),
                payload: status_payload(kind, revision, None),
            },
            &json_time(clock),
        );
    }
    let mut changed = Vec::new();
    if answers != found.answers {
        changed.push("answers");
    }
    if sessions_changed {
        changed.push("sessions");
    }
    if choices.language.code() != found.language {
        changed.push("language");
    }
    // What changed, without the answers' text: the audit log is no place
    // for what people wrote about themselves.
    audit::record(
        tx,
        actor,
        "change",
        "registration",
        registration_id,
        json!({
            "changed": changed,
            "before": { "sessions": before, "language": found.language },
            "after": { "sessions": choices.sessions, "language": choices.language.code() },
        }),
        clock,
    )
    .await?;
    if !removed.is_empty() && ledger.can_promote(event_id) {
        // A freed session seat may be what someone waiting needed.
        promote(tx, ledger, event_id, clock, writes, waiting_pages_read).await?;
    }
    Ok(Ok(Ok(ChoicesChanged {
        sessions_changed,
        invite_updated,
    })))
}

/// A hold confirmed or cancelled is no longer a hold.
async fn clear_hold(tx: &DatabaseTransaction, registration_id: &str) -> Result<(), DbErr> {
    registration::Entity::update_many()
        .col_expr(
            registration::Column::HoldUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(registration::Column::Id.eq(registration_id))
        .exec(tx)
        .await?;
    Ok(())
}

/// Gives one waitlisted registration a seat if the counters allow it.
async fn promote_one(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    event_id: i64,
    registration_id: &str,
    actor: &Actor,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
) -> Result<Result<Result<(), NotPromoted>, WriteError>, DbErr> {
    let Some(found) = queries::registration_by_id(tx, registration_id)
        .await?
        .filter(|r| r.event_id == event_id)
    else {
        return Ok(Err(WriteError::NotFound));
    };
    if found.status != RegistrationStatus::Waitlisted {
        return Ok(Ok(Err(NotPromoted::NotWaiting(found.status))));
    }
    let chosen = queries::chosen_session_ids(tx, registration_id).await?;
    if ledger.promote(event_id, [chosen.as_slice()]).is_empty() {
        return Ok(Ok(Err(NotPromoted::NoRoom)));
    }
    set_status(
        tx,
        std::slice::from_ref(&found.id),
        RegistrationStatus::Confirmed,
        clock,
        true,
    )
    .await?;
    let revision = ledger.events.get(&event_id).map_or(0, |e| e.revision);
    let kind = MessageKind::Promoted;
    writes.email(
        &OutboxRow {
            event_id,
            registration_id: found.id.clone(),
            kind,
            recipient: found.email.clone(),
            payload: status_payload(kind, revision, None),
        },
        &json_time(clock),
    );
    audit::record(
        tx,
        actor,
        "promote",
        "registration",
        registration_id,
        json!({ "before": { "status": "waitlisted" }, "after": { "status": "confirmed" } }),
        clock,
    )
    .await?;
    Ok(Ok(Ok(())))
}

/// Gives free seats to the earliest waitlisted registrations whose chosen
/// sessions also have room, and owes each a "promoted" email. Runs only
/// where seats were freed, and reads the waiting list a page at a time only
/// while the counters say a seat is free.
async fn promote(
    tx: &DatabaseTransaction,
    ledger: &mut Ledger,
    event_id: i64,
    clock: DateTime<Utc>,
    writes: &mut BatchWrites,
    pages_read: &mut u64,
) -> Result<Vec<String>, DbErr> {
    let mut promoted = Vec::new();
    let mut after: Option<(Option<DateTime<Utc>>, String)> = None;
    let clock_text = json_time(clock);
    while ledger.can_promote(event_id) {
        let mut query = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
            .order_by_asc(registration::Column::WaitlistedAt)
            .order_by_asc(registration::Column::Id)
            .limit(WAITING_PAGE);
        if let Some((at, id)) = &after {
            query = query.filter(queries::behind_in_line(*at, id));
        }
        let page = query.all(tx).await?;
        *pages_read += 1;
        let Some(last) = page.last() else { break };
        after = Some((last.waitlisted_at, last.id.clone()));
        let chosen = chosen_sessions_of(tx, &page).await?;
        let empty = Vec::new();
        let picked = ledger.promote(
            event_id,
            page.iter()
                .map(|r| chosen.get(&r.id).unwrap_or(&empty).as_slice()),
        );
        let ids: Vec<String> = picked.iter().map(|&i| page[i].id.clone()).collect();
        if !ids.is_empty() {
            set_status(tx, &ids, RegistrationStatus::Confirmed, clock, true).await?;
            let revision = ledger.events.get(&event_id).map_or(0, |e| e.revision);
            for &i in &picked {
                let kind = MessageKind::Promoted;
                writes.email(
                    &OutboxRow {
                        event_id,
                        registration_id: page[i].id.clone(),
                        kind,
                        recipient: page[i].email.clone(),
                        payload: status_payload(kind, revision, None),
                    },
                    &clock_text,
                );
            }
            promoted.extend(ids);
        }
        if (page.len() as u64) < WAITING_PAGE {
            break;
        }
    }
    Ok(promoted)
}

/// The sessions each registration of `page` chose, in one query.
async fn chosen_sessions_of(
    tx: &DatabaseTransaction,
    page: &[registration::Model],
) -> Result<HashMap<String, Vec<i64>>, DbErr> {
    let ids: Vec<&str> = page.iter().map(|r| r.id.as_str()).collect();
    let mut chosen: HashMap<String, Vec<i64>> = HashMap::new();
    for row in registration_session::Entity::find()
        .filter(registration_session::Column::RegistrationId.is_in(ids))
        .all(tx)
        .await?
    {
        chosen
            .entry(row.registration_id)
            .or_default()
            .push(row.session_id);
    }
    Ok(chosen)
}

/// Sets the status of registrations; `emailed` when the change owes them an
/// email (so a repeated submission does not owe it again at once).
async fn set_status(
    tx: &DatabaseTransaction,
    ids: &[String],
    status: RegistrationStatus,
    clock: DateTime<Utc>,
    emailed: bool,
) -> Result<(), DbErr> {
    let mut update = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(status.as_str()))
        .col_expr(registration::Column::UpdatedAt, Expr::value(clock))
        .filter(registration::Column::Id.is_in(ids.iter().map(String::as_str)));
    if status == RegistrationStatus::Waitlisted {
        // Its place in line starts now (a registration confirmed by email
        // days after its form joins the line behind those who came since).
        update = update.col_expr(registration::Column::WaitlistedAt, Expr::value(Some(clock)));
    }
    if emailed {
        update = update.col_expr(
            registration::Column::LastEmailedAt,
            Expr::value(Some(clock)),
        );
    }
    update.exec(tx).await?;
    Ok(())
}
