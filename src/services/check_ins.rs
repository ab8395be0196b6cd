//! The door: checking people in on the day, by name or by the signed code
//! of their confirmation email, and undoing a check-in. Every face (the
//! check-in screen, the card a scanned code opens, the offline queue a
//! phone sends when its connection returns) comes through here.
//!
//! A check-in counts for one day of the event, in its timezone
//! (`domain::check_in::EventDays`), so each day's entrance counts again.
//! Each is one transaction: the person's row locked (PostgreSQL), the
//! check-in stored unless one stands for that day already, the person's
//! first check-in (`registrations.checked_in_at`) kept, and the audit
//! entry written.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use super::Services;
use super::accounts::StaffMember;
use crate::domain::attendee_list::AttendeeQuery;
use crate::domain::check_in::{self, EventDays};
use crate::domain::{EventStatus, RegistrationStatus};
use crate::store::audit::{self, Actor};
use crate::store::check_ins::{self, CheckInRow};
use crate::store::entities::{check_in as check_in_row, event, registration, session};
use crate::store::{attendees, begin_write, now, queries};

/// At most this many people answer a search at the door: a phone screen's
/// worth; a longer name narrows it.
pub const SEARCH_LIMIT: u64 = 20;
/// The check-ins the screen lists as "just now", each with its undo.
const RECENT: u64 = 8;
/// The most check-ins one queued batch may carry.
pub const BATCH_LIMIT: usize = 200;

/// One check-in as the door sees it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CheckInView {
    pub id: String,
    pub registration_id: String,
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
    /// `09:12`, in the event's timezone.
    pub time: String,
    /// The name of the member of staff who checked them in.
    pub by: Option<String>,
    pub undone_at: Option<DateTime<Utc>>,
    pub undone_by: Option<String>,
}

impl CheckInView {
    fn of(row: CheckInRow, days: &EventDays) -> Self {
        let c = row.check_in;
        Self {
            day: c.day.parse().unwrap_or(days.first),
            time: c
                .checked_in_at
                .with_timezone(&days.timezone)
                .format("%H:%M")
                .to_string(),
            id: c.id,
            registration_id: c.registration_id,
            at: c.checked_in_at,
            by: row.checked_in_by,
            undone_at: c.undone_at,
            undone_by: row.undone_by,
        }
    }

    /// "already checked in at 09:12 by Ana Kovač"
    pub fn already_message(&self) -> String {
        match &self.by {
            Some(by) => format!("Already checked in at {} by {by}.", self.time),
            None => format!("Already checked in at {}.", self.time),
        }
    }
}

/// What became of a check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckedIn {
    /// Stored now.
    New(CheckInView),
    /// This very check-in (its id) was stored before: nothing changed.
    Replayed(CheckInView),
    /// The person was already checked in that day: nothing changed.
    Already(CheckInView),
}

impl CheckedIn {
    pub fn view(&self) -> &CheckInView {
        match self {
            CheckedIn::New(v) | CheckedIn::Replayed(v) | CheckedIn::Already(v) => v,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CheckInError {
    /// No such registration (at this event).
    #[error("no such registration")]
    NotFound,
    /// Waitlisted, pending or cancelled: nothing is stored.
    #[error("not admitted: {}", .0.as_str())]
    NotAdmitted(RegistrationStatus),
    /// The event itself is cancelled: nobody is checked in.
    #[error("This event is cancelled: nobody is checked in.")]
    EventCancelled,
    /// The time is in the future or not on one of the event's days (422).
    #[error("{0}")]
    Time(String),
    /// The id is not a UUID, or belongs to another person's check-in (422).
    #[error("{0}")]
    InvalidId(&'static str),
    /// A scanned code that was changed, cut short or signed by another
    /// Tessera.
    #[error("not a genuine check-in code")]
    InvalidCode,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What to check in: a registration, with the client's id for the
/// check-in (so a retry is recognised) and, for a check-in queued offline,
/// the time it was made.
#[derive(Clone, Debug, Default)]
pub struct CheckInRequest {
    pub id: Option<String>,
    pub registration_id: String,
    pub claimed_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undone {
    Now(CheckInView),
    /// It was undone before: nothing changed.
    Before(CheckInView),
}

#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    #[error("no such check-in")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// A person at the door, as their scanned code shows them.
pub struct Card {
    pub registration: registration::Model,
    pub event: event::Model,
    pub days: EventDays,
    pub today: NaiveDate,
    pub sessions: Vec<session::Model>,
    /// Their standing check-in today, if any.
    pub today_check_in: Option<CheckInView>,
    /// Their standing check-ins on every day, earliest first.
    pub check_ins: Vec<CheckInView>,
    /// The code the card was opened with.
    pub code: String,
}

impl Card {
    pub fn admitted(&self) -> bool {
        check_in::admitted(self.registration.status)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// Changed, cut short, or signed by another Tessera: not one of ours.
    #[error("not a genuine check-in code")]
    Invalid,
    /// Genuine, but the registration no longer exists.
    #[error("no such registration")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// "checked in today" over "confirmed".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DoorCounts {
    pub checked_in: u64,
    pub confirmed: u64,
}

/// A person as a search at the door finds them.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DoorPerson {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub organization: String,
    #[serde(serialize_with = "status_text")]
    pub status: RegistrationStatus,
    pub admitted: bool,
    /// Their standing check-in today.
    pub check_in: Option<CheckInView>,
}

fn status_text<S: serde::Serializer>(
    status: &RegistrationStatus,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(status.as_str())
}

impl DoorPerson {
    fn of(r: &registration::Model, check_in: Option<CheckInView>) -> Self {
        Self {
            id: r.id.clone(),
            first_name: r.first_name.clone(),
            last_name: r.last_name.clone(),
            organization: r.organization.clone(),
            status: r.status,
            admitted: check_in::admitted(r.status),
            check_in,
        }
    }
}

/// The check-in screen of an event.
pub struct DoorScreen {
    pub event: event::Model,
    pub days: EventDays,
    pub today: NaiveDate,
    pub search: String,
    pub results: Vec<DoorPerson>,
    /// More people match than `results` holds.
    pub more: bool,
    /// Today's latest check-ins, newest first, with who they are.
    pub recent: Vec<(CheckInView, String)>,
    pub counts: DoorCounts,
}

impl DoorScreen {
    pub fn is_event_day(&self) -> bool {
        self.days.contains(self.today)
    }
}

/// An event's confirmed people as a phone keeps them for working offline.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Roster {
    pub event: RosterEvent,
    pub today: NaiveDate,
    pub counts: DoorCounts,
    pub people: Vec<RosterPerson>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RosterEvent {
    pub slug: String,
    pub title: String,
    pub timezone: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RosterPerson {
    pub id: String,
    /// The signed code the person's QR code carries.
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub organization: String,
    pub check_in: Option<CheckInView>,
}

/// One entry of a queue a phone sends when its connection returns.
#[derive(Clone, Debug)]
pub enum QueuedAction {
    CheckIn(CheckInRequest),
    Undo { id: String },
}

/// What became of one queued entry.
#[derive(Debug)]
pub enum QueuedOutcome {
    CheckedIn(Result<CheckedIn, CheckInError>),
    Undone(Result<Undone, UndoError>),
}

/// An event an account may check people in for.
pub struct DoorEvent {
    pub slug: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub timezone: chrono_tz::Tz,
    pub venue_name: String,
    pub today: bool,
}

fn days_of(event: &event::Model) -> EventDays {
    let timezone = event
        .timezone
        .parse()
        .unwrap_or(chrono_tz::Europe::Brussels);
    EventDays::of(timezone, event.starts_at, event.ends_at)
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn actor(staff: &StaffMember) -> Actor {
    Actor::Organizer(staff.email.clone())
}

impl Services {
    /// Events that have not ended (published ones), soonest first, and
    /// whether today is one of their days.
    pub async fn door_events(&self) -> Result<Vec<DoorEvent>, DbErr> {
        let clock = now();
        let events = queries::upcoming_events(&self.db.read, clock).await?;
        Ok(events
            .into_iter()
            .map(|e| {
                let days = days_of(&e);
                DoorEvent {
                    today: days.contains(days.day_of(clock)),
                    slug: e.slug,
                    title: e.title,
                    starts_at: e.starts_at,
                    ends_at: e.ends_at,
                    timezone: days.timezone,
                    venue_name: e.venue_name,
                }
            })
            .collect())
    }

    /// The check-in screen: a search (by name, email or organization, any
    /// status, so that people who are not admitted are shown as such),
    /// today's latest check-ins and the counts.
    pub async fn door_screen(&self, slug: &str, search: &str) -> Result<Option<DoorScreen>, DbErr> {
        let Some(event) = self.event_row(slug).await? else {
            return Ok(None);
        };
        let days = days_of(&event);
        let today = days.day_of(now());
        let key = day_key(today);
        let query = AttendeeQuery::from_pairs([("q", search), ("sort", "name")]);
        let (results, more) = if query.search.is_empty() {
            (Vec::new(), false)
        } else {
            let mut rows =
                attendees::page(&self.db.read, event.id, &query, 0, SEARCH_LIMIT + 1).await?;
            let more = rows.len() as u64 > SEARCH_LIMIT;
            rows.truncate(SEARCH_LIMIT as usize);
            let mut standing =
                check_ins::standing_by_registration(&self.db.read, event.id, &key).await?;
            let results = rows
                .iter()
                .map(|r| {
                    let check_in = standing.remove(&r.id).map(|c| CheckInView::of(c, &days));
                    DoorPerson::of(r, check_in)
                })
                .collect();
            (results, more)
        };
        let latest = check_ins::latest_on_day(&self.db.read, event.id, &key, RECENT).await?;
        let ids: Vec<String> = latest
            .iter()
            .map(|c| c.check_in.registration_id.clone())
            .collect();
        let names = names_of(self, &ids).await?;
        let recent = latest
            .into_iter()
            .map(|row| {
                let name = names
                    .get(&row.check_in.registration_id)
                    .cloned()
                    .unwrap_or_default();
                (CheckInView::of(row, &days), name)
            })
            .collect();
        let counts = self.door_counts_of(&event, &key).await?;
        Ok(Some(DoorScreen {
            search: query.search,
            event,
            days,
            today,
            results,
            more,
            recent,
            counts,
        }))
    }

    /// Today's counts of an event's door.
    pub async fn door_counts(&self, slug: &str) -> Result<Option<DoorCounts>, DbErr> {
        let Some(event) = self.event_row(slug).await? else {
            return Ok(None);
        };
        let key = day_key(days_of(&event).day_of(now()));
        self.door_counts_of(&event, &key).await.map(Some)
    }

    async fn door_counts_of(&self, event: &event::Model, day: &str) -> Result<DoorCounts, DbErr> {
        let checked_in = check_ins::confirmed_checked_in(&self.db.read, event.id, day).await?;
        let confirmed =
            queries::count_by_status(&self.db.read, event.id, RegistrationStatus::Confirmed)
                .await?;
        Ok(DoorCounts {
            checked_in,
            confirmed,
        })
    }

    /// SQLite lets one transaction write at a time: check-ins wait for
    /// their turn here, in order, instead of sleeping in SQLite's busy
    /// handler. PostgreSQL's row locks let them run side by side.
    async fn sqlite_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.db.backend() {
            sea_orm::DbBackend::Sqlite => Some(self.door_turn.lock().await),
            _ => None,
        }
    }

    async fn event_row(&self, slug: &str) -> Result<Option<event::Model>, DbErr> {
        event::Entity::find()
            .filter(event::Column::Slug.eq(slug))
            .one(&self.db.read)
            .await
    }

    /// The confirmed people of an event with the codes their QR codes
    /// carry and today's check-ins: what a phone keeps to work offline.
    pub async fn door_roster(&self, slug: &str) -> Result<Option<Roster>, DbErr> {
        let Some(event) = self.event_row(slug).await? else {
            return Ok(None);
        };
        let Some(key) = self.signing_key.clone() else {
            return Err(DbErr::Custom("no signing key for check-in codes".into()));
        };
        let days = days_of(&event);
        let today = days.day_of(now());
        let day = day_key(today);
        let rows: Vec<(String, String, String, String)> = registration::Entity::find()
            .select_only()
            .column(registration::Column::Id)
            .column(registration::Column::FirstName)
            .column(registration::Column::LastName)
            .column(registration::Column::Organization)
            .filter(registration::Column::EventId.eq(event.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .order_by_asc(registration::Column::LastName)
            .order_by_asc(registration::Column::FirstName)
            .order_by_asc(registration::Column::Id)
            .into_tuple()
            .all(&self.db.read)
            .await?;
        let mut standing =
            check_ins::standing_by_registration(&self.db.read, event.id, &day).await?;
        let people: Vec<RosterPerson> = rows
            .into_iter()
            .map(|(id, first_name, last_name, organization)| RosterPerson {
                code: check_in::sign(&key, &id),
                check_in: standing.remove(&id).map(|c| CheckInView::of(c, &days)),
                id,
                first_name,
                last_name,
                organization,
            })
            .collect();
        let counts = DoorCounts {
            checked_in: people.iter().filter(|p| p.check_in.is_some()).count() as u64,
            confirmed: people.len() as u64,
        };
        Ok(Some(Roster {
            event: RosterEvent {
                slug: event.slug.clone(),
                title: event.title.clone(),
                timezone: days.timezone.name().to_owned(),
                first_day: days.first,
                last_day: days.last,
            },
            today,
            counts,
            people,
        }))
    }

    /// The person a scanned code names, for their card. A code that was
    /// changed, cut short or signed by another Tessera is refused.
    pub async fn check_in_card(&self, code: &str) -> Result<Card, CardError> {
        let code = check_in::code_of(code);
        let key = self.signing_key.clone().ok_or(CardError::Invalid)?;
        let id = check_in::verify(&key, &code).ok_or(CardError::Invalid)?;
        let registration = queries::registration_by_id(&self.db.read, &id)
            .await?
            .ok_or(CardError::NotFound)?;
        let record = queries::event_by_id(&self.db.read, registration.event_id)
            .await?
            .ok_or(CardError::NotFound)?;
        let days = days_of(&record.event);
        let today = days.day_of(now());
        let chosen = queries::chosen_session_ids(&self.db.read, &id).await?;
        let check_ins_of: Vec<CheckInView> =
            check_ins::standing_of_registration(&self.db.read, &id)
                .await?
                .into_iter()
                .map(|row| CheckInView::of(row, &days))
                .collect();
        Ok(Card {
            today_check_in: check_ins_of.iter().find(|c| c.day == today).cloned(),
            check_ins: check_ins_of,
            sessions: record
                .sessions
                .into_iter()
                .filter(|s| chosen.contains(&s.id))
                .collect(),
            registration,
            event: record.event,
            days,
            today,
            code,
        })
    }

    /// Checks in the person a code names (the card's button).
    pub async fn check_in_by_code(
        &self,
        code: &str,
        id: Option<String>,
        staff: &StaffMember,
    ) -> Result<CheckedIn, CheckInError> {
        let code = check_in::code_of(code);
        let key = self.signing_key.clone().ok_or(CheckInError::InvalidCode)?;
        let registration_id = check_in::verify(&key, &code).ok_or(CheckInError::InvalidCode)?;
        let request = CheckInRequest {
            id,
            registration_id,
            claimed_at: None,
        };
        self.check_in(None, request, staff).await
    }

    /// Checks someone in at an event's door (the screen, a queued batch).
    /// `None` when there is no such event.
    pub async fn check_in_at(
        &self,
        slug: &str,
        request: CheckInRequest,
        staff: &StaffMember,
    ) -> Result<Option<CheckedIn>, CheckInError> {
        let Some(event) = self.event_row(slug).await? else {
            return Ok(None);
        };
        self.check_in(Some(event.id), request, staff)
            .await
            .map(Some)
    }

    /// The check-in itself, in one transaction. `event_id` when the face
    /// names the event, so a registration of another event is not found.
    pub async fn check_in(
        &self,
        event_id: Option<i64>,
        request: CheckInRequest,
        staff: &StaffMember,
    ) -> Result<CheckedIn, CheckInError> {
        let id = match &request.id {
            Some(raw) => check_in::parse_id(raw)
                .ok_or(CheckInError::InvalidId("The check-in's id is not a UUID."))?,
            None => check_in::new_id(),
        };
        if request.registration_id.is_empty() || request.registration_id.len() > 64 {
            return Err(CheckInError::NotFound);
        }
        let _turn = self.sqlite_turn().await;
        let tx = begin_write(&self.db.write).await?;
        // A retry of a check-in already stored, whatever happened since.
        if let Some(existing) = check_ins::by_id(&tx, &id).await? {
            return replayed(&tx, existing, &request.registration_id).await;
        }
        // Locked (PostgreSQL) so that two phones, or a cancellation by the
        // writer, take turns on this person.
        let registration = registration::Entity::find_by_id(request.registration_id.as_str())
            .lock_exclusive()
            .one(&tx)
            .await?
            .filter(|r| event_id.is_none_or(|e| r.event_id == e))
            .ok_or(CheckInError::NotFound)?;
        let event = event::Entity::find_by_id(registration.event_id)
            .one(&tx)
            .await?
            .ok_or(CheckInError::NotFound)?;
        if event.status == EventStatus::Cancelled {
            return Err(CheckInError::EventCancelled);
        }
        if !check_in::admitted(registration.status) {
            return Err(CheckInError::NotAdmitted(registration.status));
        }
        let days = days_of(&event);
        let clock = now();
        let (at, day) = check_in::moment(&days, request.claimed_at, clock)
            .map_err(|refusal| CheckInError::Time(refusal.message(&days)))?;
        let key = day_key(day);
        if let Some(standing) = check_ins::standing_of(&tx, &registration.id, &key).await? {
            let view = CheckInView::of(standing, &days);
            return Ok(if view.id == id {
                CheckedIn::Replayed(view)
            } else {
                CheckedIn::Already(view)
            });
        }
        let row = check_in_row::Model {
            id: id.clone(),
            registration_id: registration.id.clone(),
            event_id: event.id,
            day: key.clone(),
            checked_in_at: at,
            checked_in_by: Some(staff.id),
            undone_at: None,
            undone_by: None,
        };
        if !check_ins::insert(&tx, &row).await? {
            // Another check-in won the race for this id or this day.
            if let Some(existing) = check_ins::by_id(&tx, &id).await? {
                return replayed(&tx, existing, &registration.id).await;
            }
            if let Some(standing) = check_ins::standing_of(&tx, &registration.id, &key).await? {
                return Ok(CheckedIn::Already(CheckInView::of(standing, &days)));
            }
            return Err(CheckInError::Database(DbErr::Custom(
                "a check-in was neither stored nor found".into(),
            )));
        }
        if registration.checked_in_at.is_none_or(|first| at < first) {
            check_ins::refresh_first_check_in(&tx, &registration.id).await?;
        }
        audit::record(
            &tx,
            &actor(staff),
            "check_in",
            "registration",
            &registration.id,
            json!({
                "check_in": id,
                "day": key,
                "at": crate::store::json_time(at),
                "queued": request.claimed_at.is_some(),
            }),
            clock,
        )
        .await?;
        let stored = check_ins::by_id(&tx, &id)
            .await?
            .ok_or_else(|| DbErr::Custom("the check-in just stored is gone".into()))?;
        tx.commit().await?;
        Ok(CheckedIn::New(CheckInView::of(stored, &days)))
    }

    /// Undoes a check-in of an event (a mistaken tap); the person's first
    /// check-in is recomputed from the others that stand.
    pub async fn undo_check_in(
        &self,
        slug: &str,
        id: &str,
        staff: &StaffMember,
    ) -> Result<Undone, UndoError> {
        let id = check_in::parse_id(id).ok_or(UndoError::NotFound)?;
        let event = self.event_row(slug).await?.ok_or(UndoError::NotFound)?;
        let days = days_of(&event);
        let _turn = self.sqlite_turn().await;
        let tx = begin_write(&self.db.write).await?;
        let existing = check_ins::by_id(&tx, &id)
            .await?
            .filter(|c| c.check_in.event_id == event.id)
            .ok_or(UndoError::NotFound)?;
        let registration_id = existing.check_in.registration_id.clone();
        registration::Entity::find_by_id(registration_id.as_str())
            .lock_exclusive()
            .one(&tx)
            .await?;
        if existing.check_in.undone_at.is_some() {
            return Ok(Undone::Before(CheckInView::of(existing, &days)));
        }
        let clock = now();
        check_ins::undo(&tx, &id, staff.id, clock).await?;
        check_ins::refresh_first_check_in(&tx, &registration_id).await?;
        audit::record(
            &tx,
            &actor(staff),
            "undo_check_in",
            "registration",
            &registration_id,
            json!({
                "check_in": id,
                "day": existing.check_in.day,
                "checked_in_at": crate::store::json_time(existing.check_in.checked_in_at),
            }),
            clock,
        )
        .await?;
        let after = check_ins::by_id(&tx, &id)
            .await?
            .ok_or_else(|| DbErr::Custom("the check-in just undone is gone".into()))?;
        tx.commit().await?;
        Ok(Undone::Now(CheckInView::of(after, &days)))
    }

    /// A queue of check-ins and undos a phone made (offline, or before its
    /// answers came back), in its order; each entry on its own, so one
    /// refusal does not hold back the rest. `None` for no such event.
    pub async fn check_in_queue(
        &self,
        slug: &str,
        queue: Vec<QueuedAction>,
        staff: &StaffMember,
    ) -> Result<Option<Vec<QueuedOutcome>>, DbErr> {
        let Some(event) = self.event_row(slug).await? else {
            return Ok(None);
        };
        let mut outcomes = Vec::with_capacity(queue.len());
        for action in queue {
            outcomes.push(match action {
                QueuedAction::CheckIn(request) => {
                    QueuedOutcome::CheckedIn(self.check_in(Some(event.id), request, staff).await)
                }
                QueuedAction::Undo { id } => {
                    QueuedOutcome::Undone(self.undo_check_in(slug, &id, staff).await)
                }
            });
        }
        Ok(Some(outcomes))
    }
}

/// The answer to a check-in whose id is stored already: the same check-in
/// again (whatever became of it), or a refusal if the id is another
/// person's.
async fn replayed(
    db: &impl sea_orm::ConnectionTrait,
    existing: CheckInRow,
    registration_id: &str,
) -> Result<CheckedIn, CheckInError> {
    if existing.check_in.registration_id != registration_id {
        return Err(CheckInError::InvalidId(
            "This check-in id was already used for someone else.",
        ));
    }
    let event = event::Entity::find_by_id(existing.check_in.event_id)
        .one(db)
        .await?
        .ok_or(CheckInError::NotFound)?;
    Ok(CheckedIn::Replayed(CheckInView::of(
        existing,
        &days_of(&event),
    )))
}

/// "First Last" of each registration id.
async fn names_of(services: &Services, ids: &[String]) -> Result<HashMap<String, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, String, String)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::FirstName)
        .column(registration::Column::LastName)
        .filter(registration::Column::Id.is_in(ids.iter().map(String::as_str)))
        .into_tuple()
        .all(&services.db.read)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last)| (id, format!("{first} {last}")))
        .collect())
}
