//! When a registration was last sent its status email (confirmation,
//! waiting list or verification), so that a repeated submission re-sends it
//! at most every 15 minutes across instances and restarts, not per process.

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
        // Every registration stored so far was emailed when it was made.
        manager
            .get_connection()
            .execute_unprepared("UPDATE registrations SET last_emailed_at = created_at")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
    LastEmailedAt,
}
