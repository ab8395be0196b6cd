//! The audit log: who did what to which record, written in the transaction
//! of the change itself.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::entities::audit_entry;

/// Who asked for a change, for the audit log.
#[derive(Clone, Debug)]
pub enum Actor {
    Attendee,
    Organizer(String),
    ApiToken(String),
    System,
}

impl Actor {
    pub fn label(&self) -> String {
        match self {
            Actor::Attendee => "attendee".into(),
            Actor::Organizer(email) => format!("organizer:{email}"),
            Actor::ApiToken(name) => format!("token:{name}"),
            Actor::System => "system".into(),
        }
    }
}

pub async fn record(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    subject_type: &str,
    subject_id: &str,
    detail: serde_json::Value,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        actor: Set(actor.label()),
        action: Set(action.to_owned()),
        subject_type: Set(subject_type.to_owned()),
        subject_id: Set(subject_id.to_owned()),
        detail: Set(detail.to_string()),
        created_at: Set(clock),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(())
}
