//! Double opt-in that holds the seat (issue 14): a pending registration
//! keeps its seat (event and chosen sessions) until `hold_until`, so that
//! confirming the address never meets a full event. The writer keeps the
//! held seats in `held_count` beside `confirmed_count`, on the event and on
//! each session, and decides from both under the same lock.
//!
//! `invite_revision` counts an attendee's own changes of their invite
//! (chosen sessions changed on their page): it is added to the event's
//! revision in the invite's SEQUENCE, so the updated invite outranks the
//! ones sent before it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Only live holds are in it, so finding the expired ones reads no more
/// than the holds there are. Both databases accept this partial index.
const HOLD_INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_registrations_holds \
    ON registrations (hold_until) WHERE status = 'pending' AND hold_until IS NOT NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(timestamp_with_time_zone_null(Registrations::HoldUntil))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(integer(Registrations::InviteRevision).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .add_column(integer(Events::HeldCount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(integer(Sessions::HeldCount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(HOLD_INDEX)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS idx_registrations_holds")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Sessions::HeldCount)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .drop_column(Events::HeldCount)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::InviteRevision)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::HoldUntil)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    HoldUntil,
    InviteRevision,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    HeldCount,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    HeldCount,
}
