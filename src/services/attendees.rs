//! An event's attendees as its organizers see them: the table, a person's
//! page, and what staff do to one registration (cancel, resend the status
//! email). Registration changes go through the writer, like the public
//! form's; each writes its audit entry in its own transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;

use super::Services;
use crate::domain::attendee_list::{AttendeeQuery, PAGE_SIZE};
use crate::domain::batch::status_email;
use crate::domain::{
    Answer, FieldErrors, FormRules, Language, MessageKind, QuestionRule, RawRegistration,
    RegistrationStatus,
};
use crate::store::audit::{self, Actor};
use crate::store::entities::{audit_entry, event, outbox_message, question, registration, session};
use crate::store::writer::{Cancelled, NotPromoted, Refusal, WriteError};
use crate::store::{attendees, begin_write, now, outbox, queries};

/// How many status emails staff may owe one person within `RESEND_WINDOW`:
/// a sanity limit against a double click or a stuck finger, nothing more.
const RESEND_LIMIT: u64 = 3;
const RESEND_WINDOW_MINUTES: i64 = 10;

/// One page of an event's attendee table.
pub struct AttendeeTable {
    pub event: event::Model,
    pub sessions: Vec<session::Model>,
    pub query: AttendeeQuery,
    pub rows: Vec<AttendeeRow>,
    /// Rows matching the query; with a search, counted only up to one past
    /// the page shown (enough to know there is a next page), and then
    /// `capped`.
    pub total: u64,
    pub capped: bool,
}

impl AttendeeTable {
    pub fn has_next(&self) -> bool {
        self.query.page * PAGE_SIZE < self.total
            && self.query.page < crate::domain::attendee_list::MAX_PAGE
    }
}

pub struct AttendeeRow {
    pub registration: registration::Model,
    pub session_ids: Vec<i64>,
}

/// A person's page.
pub struct RegistrationPage {
    pub registration: registration::Model,
    pub event: event::Model,
    /// Every answer, labelled by its question; answers to questions since
    /// removed keep a label that says so.
    pub answers: Vec<(String, String)>,
    pub sessions: Vec<session::Model>,
    pub history: Vec<audit_entry::Model>,
    pub emails: Vec<outbox_message::Model>,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffActionError {
    #[error("no such registration")]
    NotFound,
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// An answer as words in a table cell.
pub fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Checked(true) => "yes".into(),
        Answer::Checked(false) => "no".into(),
        Answer::Text(text) => text.clone(),
        Answer::Choices(choices) => choices.join("; "),
    }
}

/// The answers a registration stored, by question id.
pub fn stored_answers(registration: &registration::Model) -> BTreeMap<i64, Answer> {
    serde_json::from_str::<BTreeMap<String, Answer>>(&registration.answers)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(id, answer)| id.parse().ok().map(|id| (id, answer)))
        .collect()
}

/// Labels the answers by the event's questions, in the questions' order,
/// then those of removed questions.
fn labelled(
    questions: &[question::Model],
    registration: &registration::Model,
) -> Vec<(String, String)> {
    let mut answers = stored_answers(registration);
    let mut out = Vec::new();
    for question in questions {
        if let Some(answer) = answers.remove(&question.id) {
            out.push((question.label.clone(), answer_text(&answer)));
        }
    }
    for (id, answer) in answers {
        out.push((format!("Removed question #{id}"), answer_text(&answer)));
    }
    out
}

impl Services {
    /// An event with its sessions and questions, for the dashboard's forms.
    pub async fn event_record(&self, slug: &str) -> Result<Option<queries::EventRecord>, DbErr> {
        queries::event_by_slug(&self.db.read, slug).await
    }

    pub async fn attendee_table(
        &self,
        slug: &str,
        query: AttendeeQuery,
    ) -> Result<Option<AttendeeTable>, DbErr> {
        let Some(record) = queries::event_by_slug(&self.db.read, slug).await? else {
            return Ok(None);
        };
        let event_id = record.event.id;
        // A search's count stops one past this page: counting every match
        // would read all of the event's rows for a rare word.
        let cap = query.offset() + PAGE_SIZE;
        let total = attendees::count(&self.db.read, event_id, &query, cap).await?;
        let rows =
            attendees::page(&self.db.read, event_id, &query, query.offset(), PAGE_SIZE).await?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut chosen = attendees::sessions_of(&self.db.read, &ids).await?;
        let rows = rows
            .into_iter()
            .map(|registration| AttendeeRow {
                session_ids: chosen.remove(&registration.id).unwrap_or_default(),
                registration,
            })
            .collect();
        Ok(Some(AttendeeTable {
            capped: !query.search.is_empty() && total > cap,
            event: record.event,
            sessions: record.sessions,
            query,
            rows,
            total,
        }))
    }

    pub async fn registration_page(&self, id: &str) -> Result<Option<RegistrationPage>, DbErr> {
        let Some(registration) = queries::registration_by_id(&self.db.read, id).await? else {
            return Ok(None);
        };
        let Some(record) = queries::event_by_id(&self.db.read, registration.event_id).await? else {
            return Ok(None);
        };
        let chosen = queries::chosen_session_ids(&self.db.read, id).await?;
        let history = attendees::history_of(&self.db.read, id).await?;
        let emails = attendees::emails_of(&self.db.read, id).await?;
        Ok(Some(RegistrationPage {
            answers: labelled(&record.questions, &registration),
            sessions: record
                .sessions
                .into_iter()
                .filter(|s| chosen.contains(&s.id))
                .collect(),
            registration,
            event: record.event,
            history,
            emails,
        }))
    }

    /// Cancels one registration for staff; the writer owes the cancellation
    /// email, writes the audit entry and promotes the waiting list in the
    /// same transaction.
    pub async fn cancel_registration(
        &self,
        id: &str,
        actor: Actor,
    ) -> Result<Cancelled, StaffActionError> {
        let registration = queries::registration_by_id(&self.db.read, id)
            .await?
            .ok_or(StaffActionError::NotFound)?;
        let cancelled = self
            .writer
            .cancel(registration.event_id, registration.id, actor)
            .await?;
        Ok(cancelled)
    }

    /// Gives one waitlisted person a seat now, if the event and their
    /// sessions have room; the writer decides under its lock.
    pub async fn promote_registration(
        &self,
        id: &str,
        actor: Actor,
    ) -> Result<(), StaffActionError> {
        let registration = queries::registration_by_id(&self.db.read, id)
            .await?
            .ok_or(StaffActionError::NotFound)?;
        match self
            .writer
            .promote_one(registration.event_id, registration.id, actor)
            .await?
        {
            Ok(()) => Ok(()),
            Err(NotPromoted::NotWaiting(status)) => Err(StaffActionError::Refused(format!(
                "Only someone on the waiting list can be promoted; this registration is {}.",
                status.as_str()
            ))),
            Err(NotPromoted::NoRoom) => Err(StaffActionError::Refused(
                "There is no free seat for them: the event, or one of the sessions they chose, is full. \
                 Raise the capacity or cancel someone first."
                    .into(),
            )),
        }
    }

    /// Owes a registration its status email again (confirmation, waiting
    /// list or verification), through the outbox.
    pub async fn resend_status_email(
        &self,
        id: &str,
        actor: Actor,
    ) -> Result<MessageKind, StaffActionError> {
        let tx = begin_write(&self.db.write).await?;
        let registration = queries::registration_by_id(&tx, id)
            .await?
            .ok_or(StaffActionError::NotFound)?;
        if registration.erased_at.is_some() {
            return Err(StaffActionError::Refused(
                "This person's data was erased: there is no address to write to.".into(),
            ));
        }
        let Some(kind) = status_email(registration.status) else {
            return Err(StaffActionError::Refused(
                "This registration is cancelled: there is no confirmation to send again.".into(),
            ));
        };
        let clock = now();
        let since: DateTime<Utc> = clock - chrono::Duration::minutes(RESEND_WINDOW_MINUTES);
        let recent = outbox_message::Entity::find()
            .filter(outbox_message::Column::RegistrationId.eq(id))
            .filter(outbox_message::Column::CreatedAt.gt(since))
            .count(&tx)
            .await?;
        if recent >= RESEND_LIMIT {
            return Err(StaffActionError::Refused(format!(
                "{recent} emails were already owed to this person in the last \
                 {RESEND_WINDOW_MINUTES} minutes; wait a little before sending another."
            )));
        }
        let event = event::Entity::find_by_id(registration.event_id)
            .one(&tx)
            .await?
            .ok_or(StaffActionError::NotFound)?;
        outbox::owe_status_email_again(&tx, &event, &registration, kind, clock).await?;
        audit::record(
            &tx,
            &actor,
            "resend",
            "registration",
            id,
            json!({ "kind": kind.as_str(), "status": registration.status.as_str() }),
            clock,
        )
        .await?;
        tx.commit().await?;
        self.outbox_ready.notify_one();
        Ok(kind)
    }
}

/// Why staff could not add or change a registration.
#[derive(Debug, thiserror::Error)]
pub enum StaffFormError {
    #[error("no such event or registration")]
    NotFound,
    #[error("the form has errors")]
    Invalid(FieldErrors),
    /// Another live registration of the event has this address (409).
    #[error("the address is taken")]
    EmailTaken,
    #[error("registration is not possible: {0:?}")]
    Refused(Refusal),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// The form rules of an event: its questions and sessions.
fn form_rules(record: &queries::EventRecord) -> FormRules {
    FormRules {
        questions: record
            .questions
            .iter()
            .map(|q| QuestionRule {
                id: q.id,
                kind: q.kind,
                required: q.required,
                options: serde_json::from_str(&q.options).unwrap_or_default(),
            })
            .collect(),
        session_ids: record.sessions.iter().map(|s| s.id).collect(),
        dedupe_plus_addressing: record.event.dedupe_plus_addressing,
    }
}

impl Services {
    /// Adds someone by hand: the public form's rules (questions, sessions,
    /// one live registration per address) and the same writer, so capacity
    /// and the waiting list hold exactly as for everyone. The registration
    /// window holds too: staff change the window on the event to take late
    /// registrations, so that its pages never disagree with who is in. No
    /// captcha, no honeypot, no verification email: staff vouch for the
    /// address (a pending status is still possible on an event with
    /// double opt-in, as the writer decides).
    pub async fn add_registration(
        &self,
        slug: &str,
        mut raw: RawRegistration,
        actor: Actor,
    ) -> Result<crate::store::writer::Registered, StaffFormError> {
        let record = queries::event_by_slug(&self.db.read, slug)
            .await?
            .ok_or(StaffFormError::NotFound)?;
        // Staff record the person's consent on their behalf (they asked).
        raw.consent = true;
        let mut request = raw
            .parse(&form_rules(&record), Language::En)
            .map_err(StaffFormError::Invalid)?;
        request.privacy_notice_version = self.privacy_notice_version(request.language);
        match self
            .writer
            .register_as(record.event.id, request, actor)
            .await?
        {
            Ok(registered) if registered.existing => Err(StaffFormError::EmailTaken),
            Ok(registered) => Ok(registered),
            Err(refusal) => Err(StaffFormError::Refused(refusal)),
        }
    }

    /// Changes a person's details and answers. Sessions and status change
    /// only through the writer (cancel, promote), as they move seats.
    pub async fn edit_registration(
        &self,
        id: &str,
        mut raw: RawRegistration,
        actor: Actor,
    ) -> Result<registration::Model, StaffFormError> {
        let before = queries::registration_by_id(&self.db.read, id)
            .await?
            // Erased data is not written back by hand.
            .filter(|r| r.erased_at.is_none())
            .ok_or(StaffFormError::NotFound)?;
        let record = queries::event_by_id(&self.db.read, before.event_id)
            .await?
            .ok_or(StaffFormError::NotFound)?;
        raw.consent = true;
        raw.sessions = queries::chosen_session_ids(&self.db.read, id)
            .await?
            .into_iter()
            .map(|s| s.to_string())
            .collect();
        let fallback = Language::parse(&before.language).unwrap_or(Language::En);
        let request = raw
            .parse(&form_rules(&record), fallback)
            .map_err(StaffFormError::Invalid)?;
        let normalized = request.email.normalized().to_owned();
        let tx = begin_write(&self.db.write).await?;
        let taken = registration::Entity::find()
            .filter(registration::Column::EventId.eq(before.event_id))
            .filter(registration::Column::EmailNormalized.eq(normalized.as_str()))
            .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
            .filter(registration::Column::Id.ne(id))
            .count(&tx)
            .await?;
        if taken > 0 && before.status != RegistrationStatus::Cancelled {
            return Err(StaffFormError::EmailTaken);
        }
        // Answers to questions since removed are kept: the form no longer
        // shows them, and staff did not mean to erase them.
        let mut answers = stored_answers(&before);
        let current: Vec<i64> = record.questions.iter().map(|q| q.id).collect();
        answers.retain(|id, _| !current.contains(id));
        answers.extend(request.answers.clone());
        let answers: BTreeMap<String, Answer> = answers
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let clock = now();
        let mut row: registration::ActiveModel = before.clone().into();
        row.first_name = Set(request.first_name.clone());
        row.last_name = Set(request.last_name.clone());
        row.email = Set(request.email.as_str().to_owned());
        row.email_normalized = Set(normalized);
        row.organization = Set(request.organization.clone());
        row.country = Set(request.country.clone());
        row.language = Set(request.language.code().to_owned());
        row.answers = Set(serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into()));
        row.updated_at = Set(clock);
        let after = row.update(&tx).await?;
        let view = |r: &registration::Model| {
            json!({
                "first_name": r.first_name,
                "last_name": r.last_name,
                "email": r.email,
                "organization": r.organization,
                "country": r.country,
                "language": r.language,
                "answers": serde_json::from_str::<serde_json::Value>(&r.answers).unwrap_or_default(),
            })
        };
        audit::record(
            &tx,
            &actor,
            "edit",
            "registration",
            id,
            json!({ "before": view(&before), "after": view(&after) }),
            clock,
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}
