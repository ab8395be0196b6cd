//! Creating events with their agenda and questions.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DbErr, Set, TransactionTrait};

use super::Services;
use crate::domain::QuestionKind;
use crate::domain::event::EventStatus;
use crate::store::entities::{event, question, session};
use crate::store::{Database, now};

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
    pub contact_email: String,
    pub organizer_name: String,
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
        contact_email: Set(draft.contact_email),
        organizer_name: Set(draft.organizer_name),
        status: Set(draft.status),
        revision: Set(0),
        confirmed_count: Set(0),
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
