//! Staff accounts as the dashboard needs them: disabled accounts, a moment
//! before which an account's login sessions no longer count (set by a
//! password reset), and the failed logins that the login rate limit
//! counts, kept in the database so that every instance sees the same.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Nothing wrote to `organizers` before this migration (it was laid
        // down with the schema, unused), so it is made again whole rather
        // than altered column by column: SQLite cannot add a NOT NULL
        // column without a constant default.
        manager
            .drop_table(Table::drop().table(Organizers::Table).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Organizers::Table)
                    .col(big_pk_auto(Organizers::Id))
                    // Lower-cased, so one person is one account.
                    .col(text_uniq(Organizers::Email))
                    .col(text(Organizers::Name))
                    .col(text(Organizers::PasswordHash))
                    .col(text(Organizers::Role))
                    .col(timestamp_with_time_zone(Organizers::SessionsValidFrom))
                    .col(timestamp_with_time_zone_null(Organizers::DisabledAt))
                    .col(timestamp_with_time_zone(Organizers::CreatedAt))
                    .col(timestamp_with_time_zone(Organizers::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(
                Index::create()
                    .name("login_sessions_expires_at")
                    .table(LoginSessions::Table)
                    .col(LoginSessions::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .col(big_pk_auto(LoginFailures::Id))
                    // `account:{email}` or `client:{address}`.
                    .col(text(LoginFailures::Key))
                    .col(timestamp_with_time_zone(LoginFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_failures_key_failed_at")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::Key)
                    .col(LoginFailures::FailedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginFailures::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("login_sessions_expires_at")
                    .table(LoginSessions::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizers {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    SessionsValidFrom,
    DisabledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginSessions {
    Table,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginFailures {
    Table,
    Id,
    Key,
    FailedAt,
}
