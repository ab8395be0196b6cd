//! Creating events with their agenda and questions, and the dashboard's
//! changes to their setup: publish, duplicate, sessions and questions.
//! Changes attendees must hear about go through src/services/event_changes.rs.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;

use super::Services;
use crate::domain::event::EventStatus;
use crate::domain::event_form::EventFields;
use crate::domain::slug::Slug;
use crate::domain::text::single_line;
use crate::domain::{Language, QuestionKind};
use crate::store::audit::{self, Actor};
use crate::store::entities::{event, question, registration_session, session};
use crate::store::{Database, begin_write, now};

#[derive(Clone, Debug)]
pub struct EventDraft {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub language: String,
    pub timezone: chrono_tz::Tz,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub waitlist_enabled: bool,
    pub registration_opens_at: Option<DateTime<Utc>>,
    pub registration_closes_at: Option<DateTime<Utc>>,
    pub requires_verification: bool,
    /// Whether `anna+x@…` and `anna@…` count as one person.
    pub dedupe_plus_addressing: bool,
    pub contact_email: String,
    pub organizer_name: String,
    /// Printed on attendance sheets, e.g. "Interreg Europe — INTER VENTURES".
    pub funding_line: String,
    pub status: EventStatus,
    pub sessions: Vec<SessionDraft>,
    pub questions: Vec<QuestionDraft>,
}

#[derive(Clone, Debug)]
pub struct SessionDraft {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room: String,
    pub capacity: Option<i32>,
}

#[derive(Clone, Debug)]
pub struct QuestionDraft {
    pub label: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
}

/// Writes an event, its sessions and its questions in one transaction.
pub async fn create_event(db: &Database, draft: EventDraft) -> Result<event::Model, DbErr> {
    let clock = now();
    let tx = db.write.begin().await?;
    let event = event::ActiveModel {
        slug: Set(draft.slug),
        title: Set(draft.title),
        summary: Set(draft.summary),
        description: Set(draft.description),
        language: Set(draft.language),
        timezone: Set(draft.timezone.name().to_owned()),
        starts_at: Set(draft.starts_at),
        ends_at: Set(draft.ends_at),
        venue_name: Set(draft.venue_name),
        venue_address: Set(draft.venue_address),
        online_url: Set(draft.online_url),
        capacity: Set(draft.capacity),
        waitlist_enabled: Set(draft.waitlist_enabled),
        registration_opens_at: Set(draft.registration_opens_at),
        registration_closes_at: Set(draft.registration_closes_at),
        requires_verification: Set(draft.requires_verification),
        dedupe_plus_addressing: Set(draft.dedupe_plus_addressing),
        contact_email: Set(draft.contact_email),
        organizer_name: Set(draft.organizer_name),
        funding_line: Set(draft.funding_line),
        status: Set(draft.status),
        revision: Set(0),
        confirmed_count: Set(0),
        held_count: Set(0),
        waitlisted_count: Set(0),
        reminder_sent_at: Set(None),
        created_at: Set(clock),
        updated_at: Set(clock),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    for (position, s) in draft.sessions.into_iter().enumerate() {
        session::ActiveModel {
            event_id: Set(event.id),
            title: Set(s.title),
            starts_at: Set(s.starts_at),
            ends_at: Set(s.ends_at),
            room: Set(s.room),
            capacity: Set(s.capacity),
            confirmed_count: Set(0),
            held_count: Set(0),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    for (position, q) in draft.questions.into_iter().enumerate() {
        question::ActiveModel {
            event_id: Set(event.id),
            label: Set(q.label),
            kind: Set(q.kind),
            options: Set(serde_json::to_string(&q.options).unwrap_or_else(|_| "[]".into())),
            required: Set(q.required),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(event)
}

impl Services {
    pub async fn create_event(&self, draft: EventDraft) -> Result<event::Model, DbErr> {
        let slug = draft.slug.clone();
        let event = create_event(&self.db, draft).await?;
        self.catalog.forget(&slug);
        Ok(event)
    }
}

/// Why the dashboard's change to an event's setup was refused.
#[derive(Debug, thiserror::Error)]
pub enum EventSetupError {
    #[error("no such event")]
    NotFound,
    #[error("the address is already used by another event")]
    SlugTaken,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: &'static str,
    },
    #[error("the event is cancelled")]
    Cancelled,
    #[error(transparent)]
    Database(#[from] DbErr),
}

fn refuse(field: &'static str, message: &'static str) -> EventSetupError {
    EventSetupError::Invalid { field, message }
}

/// An event with its agenda and questions, as the dashboard edits them.
#[derive(Clone, Debug)]
pub struct EventSetup {
    pub event: event::Model,
    pub fields: EventFields,
    pub sessions: Vec<session::Model>,
    /// Questions still asked, in order (retired ones are not listed).
    pub questions: Vec<question::Model>,
}

/// The event's own fields as the form edits them.
pub fn fields_of(event: &event::Model) -> EventFields {
    EventFields {
        title: event.title.clone(),
        summary: event.summary.clone(),
        description: event.description.clone(),
        language: Language::parse(&event.language).unwrap_or_default(),
        timezone: event
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Europe::Brussels),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        online_url: event.online_url.clone(),
        capacity: event.capacity,
        waitlist_enabled: event.waitlist_enabled,
        registration_opens_at: event.registration_opens_at,
        registration_closes_at: event.registration_closes_at,
        requires_verification: event.requires_verification,
        contact_email: event.contact_email.clone(),
        organizer_name: event.organizer_name.clone(),
        funding_line: event.funding_line.clone(),
    }
}

/// A new session as the form sends it, each field valid.
#[derive(Clone, Debug)]
pub struct SessionForm {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room: String,
    pub capacity: Option<i32>,
}

/// Up or down in an event's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

impl Move {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "up" => Some(Move::Up),
            "down" => Some(Move::Down),
            _ => None,
        }
    }
}

async fn event_in(tx: &DatabaseTransaction, slug: &str) -> Result<event::Model, EventSetupError> {
    event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .lock_exclusive()
        .one(tx)
        .await?
        .ok_or(EventSetupError::NotFound)
}

async fn slug_free(tx: &DatabaseTransaction, slug: &str) -> Result<(), EventSetupError> {
    let taken = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .count(tx)
        .await?;
    if taken > 0 {
        return Err(EventSetupError::SlugTaken);
    }
    Ok(())
}

/// A unique-index refusal from either database: the slug was taken between
/// the check and the insert.
fn slug_race(error: DbErr) -> EventSetupError {
    let text = error.to_string().to_ascii_lowercase();
    if text.contains("unique") || text.contains("duplicate") {
        EventSetupError::SlugTaken
    } else {
        EventSetupError::Database(error)
    }
}

impl Services {
    /// An event and what the dashboard edits of it.
    pub async fn event_setup(&self, slug: &str) -> Result<Option<EventSetup>, DbErr> {
        let Some(event) = event::Entity::find()
            .filter(event::Column::Slug.eq(slug))
            .one(&self.db.read)
            .await?
        else {
            return Ok(None);
        };
        let sessions = session::Entity::find()
            .filter(session::Column::EventId.eq(event.id))
            .order_by_asc(session::Column::Position)
            .order_by_asc(session::Column::Id)
            .all(&self.db.read)
            .await?;
        let questions = question::Entity::find()
            .filter(question::Column::EventId.eq(event.id))
            .filter(question::Column::Position.gte(0))
            .order_by_asc(question::Column::Position)
            .order_by_asc(question::Column::Id)
            .all(&self.db.read)
            .await?;
        Ok(Some(EventSetup {
            fields: fields_of(&event),
            event,
            sessions,
            questions,
        }))
    }

    /// A new event from the dashboard, as a draft, with its audit entry.
    pub async fn create_event_draft(
        &self,
        slug: &Slug,
        fields: EventFields,
        actor: &Actor,
    ) -> Result<event::Model, EventSetupError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        slug_free(&tx, slug).await?;
        let event = insert_event(&tx, slug, &fields, EventStatus::Draft, clock)
            .await
            .map_err(slug_race)?;
        audit::record(
            &tx,
            actor,
            "event.created",
            "event",
            &event.id.to_string(),
            json!({ "slug": event.slug, "title": event.title, "status": "draft" }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(event)
    }

    /// Publishes a draft, or takes a published event back to draft.
    pub async fn set_event_published(
        &self,
        slug: &str,
        published: bool,
        actor: &Actor,
    ) -> Result<event::Model, EventSetupError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let current = event_in(&tx, slug).await?;
        if current.status == EventStatus::Cancelled {
            return Err(EventSetupError::Cancelled);
        }
        let status = if published {
            EventStatus::Published
        } else {
            EventStatus::Draft
        };
        let mut row = current.clone().into_active_model();
        row.status = Set(status);
        row.updated_at = Set(clock);
        let event = row.update(&tx).await?;
        audit::record(
            &tx,
            actor,
            if published {
                "event.published"
            } else {
                "event.unpublished"
            },
            "event",
            &event.id.to_string(),
            json!({ "status": { "before": current.status.as_str(), "after": status.as_str() } }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(event)
    }

    /// A copy of an event as a draft under a new slug, its dates (and its
    /// sessions' and registration window's) shifted by `days`, its agenda
    /// and questions copied, and no registrations.
    pub async fn duplicate_event(
        &self,
        slug: &str,
        new_slug: &Slug,
        days: i64,
        actor: &Actor,
    ) -> Result<event::Model, EventSetupError> {
        if !(-3650..=3650).contains(&days) {
            return Err(refuse("days", "shift by at most ten years"));
        }
        let shift = chrono::Duration::days(days);
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let source = event_in(&tx, slug).await?;
        slug_free(&tx, new_slug).await?;
        let mut fields = fields_of(&source);
        // Whole days in the event's zone, so 09:00 stays 09:00 across a
        // change of summer time.
        let zone = fields.timezone;
        let move_by = |at: DateTime<Utc>| shift_local(zone, at, days).unwrap_or(at + shift);
        fields.starts_at = move_by(fields.starts_at);
        fields.ends_at = move_by(fields.ends_at);
        fields.registration_opens_at = fields.registration_opens_at.map(move_by);
        fields.registration_closes_at = fields.registration_closes_at.map(move_by);
        let copy = insert_event(&tx, new_slug, &fields, EventStatus::Draft, clock)
            .await
            .map_err(slug_race)?;
        let sessions = session::Entity::find()
            .filter(session::Column::EventId.eq(source.id))
            .all(&tx)
            .await?;
        for s in sessions {
            session::ActiveModel {
                event_id: Set(copy.id),
                title: Set(s.title),
                starts_at: Set(move_by(s.starts_at)),
                ends_at: Set(move_by(s.ends_at)),
                room: Set(s.room),
                capacity: Set(s.capacity),
                confirmed_count: Set(0),
                held_count: Set(0),
                position: Set(s.position),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
        }
        let questions = question::Entity::find()
            .filter(question::Column::EventId.eq(source.id))
            .filter(question::Column::Position.gte(0))
            .all(&tx)
            .await?;
        for q in questions {
            question::ActiveModel {
                event_id: Set(copy.id),
                label: Set(q.label),
                kind: Set(q.kind),
                options: Set(q.options),
                required: Set(q.required),
                position: Set(q.position),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "event.duplicated",
            "event",
            &copy.id.to_string(),
            json!({ "from": source.slug, "slug": copy.slug, "days": days }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(new_slug);
        Ok(copy)
    }

    /// Adds a session at the end of the agenda.
    pub async fn add_session(
        &self,
        slug: &str,
        form: SessionForm,
        actor: &Actor,
    ) -> Result<session::Model, EventSetupError> {
        let title = single_line(&form.title, 200, true).map_err(|m| refuse("session_title", m))?;
        let room = single_line(&form.room, 200, false).map_err(|m| refuse("session_room", m))?;
        if form.ends_at <= form.starts_at {
            return Err(refuse("session_ends_at", "the end must be after the start"));
        }
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = event_in(&tx, slug).await?;
        let last = session::Entity::find()
            .filter(session::Column::EventId.eq(event.id))
            .order_by_desc(session::Column::Position)
            .one(&tx)
            .await?
            .map(|s| s.position + 1)
            .unwrap_or(0);
        let session = session::ActiveModel {
            event_id: Set(event.id),
            title: Set(title),
            starts_at: Set(form.starts_at),
            ends_at: Set(form.ends_at),
            room: Set(room),
            capacity: Set(form.capacity),
            confirmed_count: Set(0),
            held_count: Set(0),
            position: Set(last),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        audit::record(
            &tx,
            actor,
            "session.added",
            "event",
            &event.id.to_string(),
            json!({ "session": session.id, "title": session.title, "capacity": session.capacity }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(session)
    }

    /// Changes a session's seats: never below the seats already given.
    pub async fn set_session_capacity(
        &self,
        slug: &str,
        session_id: i64,
        capacity: Option<i32>,
        actor: &Actor,
    ) -> Result<(), EventSetupError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = event_in(&tx, slug).await?;
        let session = session::Entity::find_by_id(session_id)
            .filter(session::Column::EventId.eq(event.id))
            .one(&tx)
            .await?
            .ok_or(EventSetupError::NotFound)?;
        // Held seats (double opt-in) count: their confirmation must not
        // overbook the session.
        if let Some(c) = capacity
            && c < session.confirmed_count + session.held_count
        {
            return Err(refuse(
                "session_capacity",
                "fewer seats than people already confirmed (or holding a seat) for this session",
            ));
        }
        let before = session.capacity;
        let mut row = session.into_active_model();
        row.capacity = Set(capacity);
        row.update(&tx).await?;
        audit::record(
            &tx,
            actor,
            "session.capacity_changed",
            "event",
            &event.id.to_string(),
            json!({ "session": session_id, "capacity": { "before": before, "after": capacity } }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(())
    }

    /// Removes a session nobody has chosen; one with registrations stays
    /// (their choice is part of what they registered for).
    pub async fn remove_session(
        &self,
        slug: &str,
        session_id: i64,
        actor: &Actor,
    ) -> Result<(), EventSetupError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = event_in(&tx, slug).await?;
        let session = session::Entity::find_by_id(session_id)
            .filter(session::Column::EventId.eq(event.id))
            .one(&tx)
            .await?
            .ok_or(EventSetupError::NotFound)?;
        let chosen = registration_session::Entity::find()
            .filter(registration_session::Column::SessionId.eq(session_id))
            .count(&tx)
            .await?;
        if chosen > 0 {
            return Err(refuse(
                "session",
                "people have registered for this session: it cannot be removed",
            ));
        }
        session::Entity::delete_by_id(session_id).exec(&tx).await?;
        audit::record(
            &tx,
            actor,
            "session.removed",
            "event",
            &event.id.to_string(),
            json!({ "session": session_id, "title": session.title }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(())
    }

    /// Adds a question at the end of the form.
    pub async fn add_question(
        &self,
        slug: &str,
        question: QuestionDraft,
        actor: &Actor,
    ) -> Result<question::Model, EventSetupError> {
        let label =
            single_line(&question.label, 300, true).map_err(|m| refuse("question_label", m))?;
        let options: Vec<String> = question
            .options
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        let needs_options = matches!(
            question.kind,
            QuestionKind::Select | QuestionKind::Multiselect
        );
        if needs_options && options.is_empty() {
            return Err(refuse("question_options", "give the choices, one per line"));
        }
        if options.iter().any(|o| single_line(o, 200, true).is_err()) {
            return Err(refuse(
                "question_options",
                "each choice on one line, at most 200 characters",
            ));
        }
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = event_in(&tx, slug).await?;
        let last = question::Entity::find()
            .filter(question::Column::EventId.eq(event.id))
            .order_by_desc(question::Column::Position)
            .one(&tx)
            .await?
            .map(|q| q.position.max(-1) + 1)
            .unwrap_or(0);
        let saved = question::ActiveModel {
            event_id: Set(event.id),
            label: Set(label),
            kind: Set(question.kind),
            options: Set(serde_json::to_string(&options).unwrap_or_else(|_| "[]".into())),
            required: Set(question.required),
            position: Set(last),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        audit::record(
            &tx,
            actor,
            "question.added",
            "event",
            &event.id.to_string(),
            json!({ "question": saved.id, "label": saved.label, "kind": saved.kind.as_str(), "required": saved.required }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(saved)
    }

    /// Removes a question from the form. The row stays, retired with a
    /// negative position, so answers already given (stored by question id
    /// on each registration) keep their label on the person page and in
    /// exports; the public form and the rules read only positions ≥ 0.
    pub async fn remove_question(
        &self,
        slug: &str,
        question_id: i64,
        actor: &Actor,
    ) -> Result<(), EventSetupError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = event_in(&tx, slug).await?;
        let question = question::Entity::find_by_id(question_id)
            .filter(question::Column::EventId.eq(event.id))
            .filter(question::Column::Position.gte(0))
            .one(&tx)
            .await?
            .ok_or(EventSetupError::NotFound)?;
        let label = question.label.clone();
        let mut row = question.into_active_model();
        row.position = Set(-1);
        row.required = Set(false);
        row.update(&tx).await?;
        audit::record(
            &tx,
            actor,
            "question.removed",
            "event",
            &event.id.to_string(),
            json!({ "question": question_id, "label": label }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(())
    }

    /// Moves a session (`sessions == true`) or a question one place up or
    /// down, by swapping positions with its neighbour.
    pub async fn move_item(
        &self,
        slug: &str,
        sessions: bool,
        id: i64,
        direction: Move,
        actor: &Actor,
    ) -> Result<(), EventSetupError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let event = event_in(&tx, slug).await?;
        // (id, position) in display order.
        let order: Vec<(i64, i32)> = if sessions {
            session::Entity::find()
                .filter(session::Column::EventId.eq(event.id))
                .order_by_asc(session::Column::Position)
                .order_by_asc(session::Column::Id)
                .all(&tx)
                .await?
                .into_iter()
                .map(|s| (s.id, s.position))
                .collect()
        } else {
            question::Entity::find()
                .filter(question::Column::EventId.eq(event.id))
                .filter(question::Column::Position.gte(0))
                .order_by_asc(question::Column::Position)
                .order_by_asc(question::Column::Id)
                .all(&tx)
                .await?
                .into_iter()
                .map(|q| (q.id, q.position))
                .collect()
        };
        let at = order
            .iter()
            .position(|(i, _)| *i == id)
            .ok_or(EventSetupError::NotFound)?;
        let other = match direction {
            Move::Up => at.checked_sub(1),
            Move::Down => (at + 1 < order.len()).then_some(at + 1),
        };
        let Some(other) = other else {
            return Ok(());
        };
        // Renumber the whole list so equal positions (older rows) cannot
        // make a swap a no-op.
        let mut ids: Vec<i64> = order.iter().map(|(i, _)| *i).collect();
        ids.swap(at, other);
        for (position, item) in ids.iter().enumerate() {
            if sessions {
                session::Entity::update_many()
                    .col_expr(session::Column::Position, Expr::value(position as i32))
                    .filter(session::Column::Id.eq(*item))
                    .exec(&tx)
                    .await?;
            } else {
                question::Entity::update_many()
                    .col_expr(question::Column::Position, Expr::value(position as i32))
                    .filter(question::Column::Id.eq(*item))
                    .exec(&tx)
                    .await?;
            }
        }
        audit::record(
            &tx,
            actor,
            if sessions { "session.moved" } else { "question.moved" },
            "event",
            &event.id.to_string(),
            json!({ "item": id, "order": { "before": order.iter().map(|(i, _)| i).collect::<Vec<_>>(), "after": ids } }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.catalog.forget(slug);
        Ok(())
    }
}

/// The same wall-clock time `days` later in `zone`; `None` when that time
/// does not exist there.
fn shift_local(zone: chrono_tz::Tz, at: DateTime<Utc>, days: i64) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let local = at.with_timezone(&zone).naive_local() + chrono::Duration::days(days);
    zone.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

async fn insert_event(
    tx: &DatabaseTransaction,
    slug: &Slug,
    fields: &EventFields,
    status: EventStatus,
    clock: DateTime<Utc>,
) -> Result<event::Model, DbErr> {
    event::ActiveModel {
        slug: Set(slug.as_str().to_owned()),
        title: Set(fields.title.clone()),
        summary: Set(fields.summary.clone()),
        description: Set(fields.description.clone()),
        language: Set(fields.language.code().to_owned()),
        timezone: Set(fields.timezone.name().to_owned()),
        starts_at: Set(fields.starts_at),
        ends_at: Set(fields.ends_at),
        venue_name: Set(fields.venue_name.clone()),
        venue_address: Set(fields.venue_address.clone()),
        online_url: Set(fields.online_url.clone()),
        capacity: Set(fields.capacity),
        waitlist_enabled: Set(fields.waitlist_enabled),
        registration_opens_at: Set(fields.registration_opens_at),
        registration_closes_at: Set(fields.registration_closes_at),
        requires_verification: Set(fields.requires_verification),
        dedupe_plus_addressing: Set(true),
        contact_email: Set(fields.contact_email.clone()),
        organizer_name: Set(fields.organizer_name.clone()),
        funding_line: Set(fields.funding_line.clone()),
        status: Set(status),
        revision: Set(0),
        confirmed_count: Set(0),
        held_count: Set(0),
        waitlisted_count: Set(0),
        reminder_sent_at: Set(None),
        created_at: Set(clock),
        updated_at: Set(clock),
        ..Default::default()
    }
    .insert(tx)
    .await
}
