//! The rows a batch writes, each one JSON object of a `sql::Sql::write_batch`
//! parameter, so that a batch of any size is one statement.

use sea_orm::DbBackend;

use crate::domain::batch::{EventSeats, Ledger, SessionSeats};
use crate::domain::{MessageKind, RegistrationRequest, RegistrationStatus};

/// One row of a batch parameter. Serialising plain structs cannot fail.
fn json_row(row: &impl serde::Serialize) -> String {
    serde_json::to_string(row).unwrap_or_default()
}

/// Every write of one batch, one set per parameter.
#[derive(Default)]
pub(super) struct BatchWrites {
    registrations: Vec<String>,
    chosen_sessions: Vec<String>,
    outbox: Vec<String>,
    events: Vec<String>,
    sessions: Vec<String>,
    /// Registrations whose email was owed again (`last_emailed_at`).
    emailed: Vec<String>,
    owes_email: bool,
}

impl BatchWrites {
    pub fn is_empty(&self) -> bool {
        self.registrations.is_empty()
            && self.chosen_sessions.is_empty()
            && self.outbox.is_empty()
            && self.events.is_empty()
            && self.sessions.is_empty()
            && self.emailed.is_empty()
    }

    /// How many new registrations the batch writes.
    pub fn new_registrations(&self) -> usize {
        self.registrations.len()
    }

    pub fn owes_email(&self) -> bool {
        self.owes_email
    }

    /// A new registration, with the email it owes riding in its own row
    /// rather than as a second copy of its data.
    pub fn new_registration(&mut self, new: &NewRegistration<'_>, clock: &str) {
        for session_id in &new.request.sessions {
            self.chosen_sessions
                .push(format!(r#"{{"r":"{}","s":{session_id}}}"#, new.id));
        }
        self.owes_email |= new.email.is_some();
        self.registrations.push(new.row(clock));
    }

    pub fn email(&mut self, row: &OutboxRow, clock: &str) {
        self.owes_email = true;
        self.outbox.push(row.json(clock));
    }

    pub fn emailed_again(&mut self, registration_id: &str, clock: &str) {
        self.emailed.push(json_row(
            &serde_json::json!({ "id": registration_id, "t": clock }),
        ));
    }

    /// The counters that the batch changed.
    pub fn counters(&mut self, ledger: &Ledger, loaded: &Ledger) {
        let changed_event = |id: &i64, e: &EventSeats| {
            loaded.events.get(id).is_none_or(|l| {
                (l.confirmed, l.waitlisted, l.held) != (e.confirmed, e.waitlisted, e.held)
            })
        };
        self.events = ledger
            .events
            .iter()
            .filter(|(id, e)| changed_event(id, e))
            .map(|(id, e)| {
                format!(
                    r#"{{"id":{id},"c":{},"w":{},"h":{}}}"#,
                    e.confirmed, e.waitlisted, e.held
                )
            })
            .collect();
        let changed_session = |id: &i64, s: &SessionSeats| {
            loaded
                .sessions
                .get(id)
                .is_none_or(|l| (l.confirmed, l.held) != (s.confirmed, s.held))
        };
        self.sessions = ledger
            .sessions
            .iter()
            .filter(|(id, s)| changed_session(id, s))
            .map(|(id, s)| format!(r#"{{"id":{id},"c":{},"h":{}}}"#, s.confirmed, s.held))
            .collect();
    }

    /// The parameters of `Sql::write_batch`, in its order. SQLite's takes
    /// them by position, statement after statement (sqlx binds numbered
    /// parameters wrongly across statements), so the registrations come twice.
    pub fn into_values(self, backend: DbBackend) -> Vec<sea_orm::Value> {
        self.into_texts(backend)
            .into_iter()
            .map(sea_orm::Value::from)
            .collect()
    }

    /// The parameters of `write_batch`, each a JSON array.
    pub fn into_texts(self, backend: DbBackend) -> Vec<String> {
        let text = |rows: &[String]| format!("[{}]", rows.join(","));
        let registrations = text(&self.registrations);
        let mut values = vec![registrations.clone()];
        if backend != DbBackend::Postgres {
            values.push(registrations);
        }
        values.extend([
            text(&self.chosen_sessions),
            text(&self.outbox),
            text(&self.events),
            text(&self.sessions),
            text(&self.emailed),
        ]);
        values
    }
}

/// A registration the batch makes.
pub(super) struct NewRegistration<'a> {
    pub id: String,
    pub token: String,
    pub event_id: i64,
    pub status: RegistrationStatus,
    /// A pending registration's seat hold ends then (JSON time).
    pub hold_until: Option<String>,
    pub request: &'a RegistrationRequest,
    /// The email it owes, with its payload.
    pub email: Option<(MessageKind, serde_json::Value)>,
}

impl NewRegistration<'_> {
    fn row(&self, clock: &str) -> String {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            id: &'a str,
            event_id: i64,
            first_name: &'a str,
            last_name: &'a str,
            email: &'a str,
            email_normalized: &'a str,
            organization: &'a str,
            country: &'a str,
            language: &'a str,
            answers: String,
            status: &'a str,
            consent_at: &'a str,
            privacy_notice_version: &'a str,
            manage_token: &'a str,
            created_at: &'a str,
            last_emailed_at: Option<&'a str>,
            waitlisted_at: Option<&'a str>,
            hold_until: Option<&'a str>,
            /// The outbox message this registration owes, if any.
            kind: Option<&'a str>,
            payload: Option<String>,
        }
        let r = self.request;
        let (kind, payload) = self
            .email
            .as_ref()
            .map(|(kind, payload)| (kind.as_str(), payload.to_string()))
            .unzip();
        json_row(&Row {
            id: &self.id,
            event_id: self.event_id,
            first_name: &r.first_name,
            last_name: &r.last_name,
            email: r.email.as_str(),
            email_normalized: r.email.normalized(),
            organization: &r.organization,
            country: &r.country,
            language: r.language.code(),
            answers: serde_json::to_string(&r.answers).unwrap_or_else(|_| "{}".into()),
            status: self.status.as_str(),
            consent_at: clock,
            privacy_notice_version: &r.privacy_notice_version,
            manage_token: &self.token,
            created_at: clock,
            last_emailed_at: kind.is_some().then_some(clock),
            waitlisted_at: (self.status == RegistrationStatus::Waitlisted).then_some(clock),
            hold_until: self.hold_until.as_deref(),
            kind,
            payload,
        })
    }
}

/// An email owed to a registration that already exists.
pub(super) struct OutboxRow {
    pub event_id: i64,
    pub registration_id: String,
    pub kind: MessageKind,
    pub recipient: String,
    pub payload: serde_json::Value,
}

impl OutboxRow {
    fn json(&self, clock: &str) -> String {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            event_id: i64,
            registration_id: &'a str,
            kind: &'a str,
            recipient: &'a str,
            payload: String,
            created_at: &'a str,
        }
        json_row(&Row {
            event_id: self.event_id,
            registration_id: &self.registration_id,
            kind: self.kind.as_str(),
            recipient: &self.recipient,
            payload: self.payload.to_string(),
            created_at: clock,
        })
    }
}

/// The payload of a registration's status email: the invite's SEQUENCE, and
/// the place in line for the waiting list.
pub(super) fn status_payload(
    kind: MessageKind,
    revision: i32,
    position: Option<i64>,
) -> serde_json::Value {
    let mut payload =
        serde_json::json!({ "sequence": crate::domain::batch::sequence(kind, revision) });
    if let Some(position) = position {
        payload["position"] = position.into();
    }
    payload
}
