//! Dashboard login sessions in the database: tower-sessions' store over
//! sea-orm, so that several instances on one database share them (the
//! published sqlx and sea-orm stores pull older versions of both).
//!
//! Each operation is one statement in autocommit mode, on the pool that
//! pages read from: a login must not queue behind the registration
//! writer's connections.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::entities::login_session;

#[derive(Clone, Debug)]
pub struct LoginSessionStore {
    db: DatabaseConnection,
}

impl LoginSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend(error: DbErr) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn expiry(record: &Record) -> Result<DateTime<Utc>, session_store::Error> {
    DateTime::from_timestamp(
        record.expiry_date.unix_timestamp(),
        record.expiry_date.nanosecond(),
    )
    .ok_or_else(|| session_store::Error::Encode("expiry out of range".into()))
}

fn row(record: &Record) -> Result<login_session::ActiveModel, session_store::Error> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok(login_session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at: Set(expiry(record)?),
    })
}

#[async_trait::async_trait]
impl SessionStore for LoginSessionStore {
    /// Inserts under a fresh id; on the (2⁻¹²⁸-unlikely) collision with an
    /// existing session, draws another rather than overwrite it.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            match login_session::Entity::insert(row(record)?)
                .exec(&self.db)
                .await
            {
                Ok(_) => return Ok(()),
                Err(error)
                    if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
                {
                    record.id = Id::default();
                }
                Err(error) => return Err(backend(error)),
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        login_session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(login_session::Column::Id)
                    .update_columns([
                        login_session::Column::Data,
                        login_session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(found) = login_session::Entity::find_by_id(id.to_string())
            .filter(login_session::Column::ExpiresAt.gt(crate::store::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&found.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp_nanos(
            i128::from(found.expires_at.timestamp_micros()) * 1000,
        )
        .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        login_session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Drops sessions past their expiry (they are already refused on load).
pub async fn delete_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    login_session::Entity::delete_many()
        .filter(login_session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(())
}
