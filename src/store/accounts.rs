//! Staff accounts and the failed logins counted against them. The changes
//! that need an audit entry take the caller's transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use super::entities::{login_failure, organizer};
use crate::domain::Role;

pub struct NewOrganizer {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewOrganizer,
    clock: DateTime<Utc>,
) -> Result<organizer::Model, DbErr> {
    organizer::ActiveModel {
        email: Set(new.email),
        name: Set(new.name),
        password_hash: Set(new.password_hash),
        role: Set(new.role),
        sessions_valid_from: Set(clock),
        disabled_at: Set(None),
        created_at: Set(clock),
        updated_at: Set(clock),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<organizer::Model>, DbErr> {
    organizer::Entity::find()
        .filter(organizer::Column::Email.eq(email))
        .one(db)
        .await
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<organizer::Model>, DbErr> {
    organizer::Entity::find_by_id(id).one(db).await
}

/// Active accounts first, each group by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<organizer::Model>, DbErr> {
    let mut accounts = organizer::Entity::find()
        .order_by_asc(organizer::Column::Name)
        .order_by_asc(organizer::Column::Email)
        .all(db)
        .await?;
    accounts.sort_by_key(|a| a.disabled_at.is_some());
    Ok(accounts)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    organizer::Entity::find().count(db).await
}

pub async fn count_active_with_role(db: &impl ConnectionTrait, role: Role) -> Result<u64, DbErr> {
    organizer::Entity::find()
        .filter(organizer::Column::Role.eq(role))
        .filter(organizer::Column::DisabledAt.is_null())
        .count(db)
        .await
}

pub async fn set_role(
    db: &impl ConnectionTrait,
    id: i64,
    role: Role,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    organizer::Entity::update_many()
        .col_expr(organizer::Column::Role, Expr::value(role.as_str()))
        .col_expr(organizer::Column::UpdatedAt, Expr::value(clock))
        .filter(organizer::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Disables an account; its login sessions end with it.
pub async fn disable(
    db: &impl ConnectionTrait,
    id: i64,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    organizer::Entity::update_many()
        .col_expr(organizer::Column::DisabledAt, Expr::value(clock))
        .col_expr(organizer::Column::SessionsValidFrom, Expr::value(clock))
        .col_expr(organizer::Column::UpdatedAt, Expr::value(clock))
        .filter(organizer::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets a new password hash and ends every login session begun before.
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: i64,
    password_hash: &str,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    organizer::Entity::update_many()
        .col_expr(organizer::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(organizer::Column::SessionsValidFrom, Expr::value(clock))
        .col_expr(organizer::Column::UpdatedAt, Expr::value(clock))
        .filter(organizer::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn failures_since(
    db: &impl ConnectionTrait,
    key: &str,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    login_failure::Entity::find()
        .filter(login_failure::Column::Key.eq(key))
        .filter(login_failure::Column::FailedAt.gt(since))
        .count(db)
        .await
}

pub async fn record_failures(
    db: &impl ConnectionTrait,
    keys: &[&str],
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = keys.iter().map(|key| login_failure::ActiveModel {
        key: Set((*key).to_owned()),
        failed_at: Set(clock),
        ..Default::default()
    });
    login_failure::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// A successful login forgets the account's failures (not the client's:
/// one right guess must not reset a spray across many accounts).
pub async fn forget_failures(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Drops failures too old to count.
pub async fn prune_failures(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<(), DbErr> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::FailedAt.lte(before))
        .exec(db)
        .await?;
    Ok(())
}
