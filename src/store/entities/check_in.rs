use sea_orm::entity::prelude::*;

/// A person let in at the door on one day of an event
/// (migrations/src/m20261130_000006_check_ins.rs).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "check_ins")]
pub struct Model {
    /// A UUID, chosen by the phone that queued it or by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub registration_id: String,
    pub event_id: i64,
    /// The local date `YYYY-MM-DD` in the event's timezone.
    pub day: String,
    pub checked_in_at: DateTimeUtc,
    /// The organizer (staff account) who checked them in.
    pub checked_in_by: Option<i64>,
    pub undone_at: Option<DateTimeUtc>,
    pub undone_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
