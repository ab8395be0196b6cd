use sea_orm::entity::prelude::*;

use crate::domain::{DeliveryStatus, MessageKind};

/// An email owed: written in the transaction of the change that owes it,
/// and telling its own story (attempts, next attempt, last error).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub registration_id: Option<String>,
    pub kind: MessageKind,
    pub recipient: String,
    /// A JSON object: what the message needs beyond the current rows.
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// For the last message to a person whose data was erased: their name
    /// (JSON), held with `recipient` only until the delivery ends
    /// (src/store/privacy.rs).
    pub erased_addressee: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
