//! When a registration was last sent its status email (confirmation,
//! waiting list or verification), so that a repeated submission re-sends it
//! at most every 15 minutes across instances and restarts, not per process;
//! and when it joined the waiting list, which is its place in line (a
//! registration confirmed by email days later joins the line then, not when
//! its form was sent).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(timestamp_with_time_zone_null(Registrations::LastEmailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(timestamp_with_time_zone_null(Registrations::WaitlistedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_registrations_waiting_line")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::Status)
                    .col(Registrations::WaitlistedAt)
                    .col(Registrations::Id)
                    .to_owned(),
            )
            .await?;
        // Every registration stored so far was emailed when it was made.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE registrations SET last_emailed_at = created_at, waitlisted_at = \
                 CASE WHEN status = 'waitlisted' THEN created_at END",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_registrations_waiting_line")
                    .table(Registrations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::WaitlistedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::LastEmailedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    EventId,
    Status,
    LastEmailedAt,
    WaitlistedAt,
}
