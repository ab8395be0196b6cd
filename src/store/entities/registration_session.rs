use sea_orm::entity::prelude::*;

/// A session an attendee chose.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub registration_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
