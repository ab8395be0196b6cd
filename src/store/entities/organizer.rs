use sea_orm::entity::prelude::*;

use crate::domain::Role;

/// A member of staff who logs in to the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-cased.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// Argon2id, in the PHC string format.
    pub password_hash: String,
    pub role: Role,
    /// Login sessions begun before this moment no longer count.
    pub sessions_valid_from: DateTimeUtc,
    pub disabled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
