use sea_orm::entity::prelude::*;

use crate::domain::RegistrationStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub event_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email_normalized: String,
    pub organization: String,
    pub country: String,
    pub language: String,
    /// A JSON object keyed by question id.
    pub answers: String,
    pub status: RegistrationStatus,
    pub checked_in_at: Option<DateTimeUtc>,
    pub consent_at: DateTimeUtc,
    pub privacy_notice_version: String,
    #[sea_orm(unique)]
    pub manage_token: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When its status email was last owed; a repeated submission re-sends
    /// it only when this is older than the resend interval.
    pub last_emailed_at: Option<DateTimeUtc>,
    /// When it joined the waiting list: its place in line.
    pub waitlisted_at: Option<DateTimeUtc>,
    /// When its personal data was erased (src/store/privacy.rs): names,
    /// address, organization and written answers are empty, the manage
    /// token is unusable; what statistics count is kept.
    pub erased_at: Option<DateTimeUtc>,
    /// A pending registration's seat is held until then (double opt-in);
    /// kept on a registration whose hold expired, so its link can say so.
    pub hold_until: Option<DateTimeUtc>,
    /// The attendee's own changes of their invite (sessions changed on
    /// their page), added to the event's revision in its SEQUENCE.
    pub invite_revision: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
