use sea_orm::entity::prelude::*;

use crate::domain::EventStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub language: String,
    pub timezone: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub waitlist_enabled: bool,
    pub registration_opens_at: Option<DateTimeUtc>,
    pub registration_closes_at: Option<DateTimeUtc>,
    pub requires_verification: bool,
    /// `anna+x@…` and `anna@…` are one person (src/domain/email.rs).
    pub dedupe_plus_addressing: bool,
    pub contact_email: String,
    pub organizer_name: String,
    /// Printed on attendance sheets: who funds the event.
    pub funding_line: String,
    pub status: EventStatus,
    pub revision: i32,
    pub confirmed_count: i32,
    pub waitlisted_count: i32,
    /// Seats held by pending registrations until their address is
    /// confirmed or their hold expires; taken like confirmed ones.
    pub held_count: i32,
    pub reminder_sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
