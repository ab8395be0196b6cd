//! Erasure (privacy): when a registration's personal data was erased, and
//! the name an email still owed to an erased person is written with until
//! it is delivered.
//!
//! An erased registration keeps its row, so that statistics still count it
//! (country, status, check-ins, sessions, choice answers); `erased_at` says
//! its names, address, organization, written answers and manage token are
//! gone (`src/store/privacy.rs`).

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
                    .add_column(timestamp_with_time_zone_null(Registrations::ErasedAt))
                    .to_owned(),
            )
            .await?;
        // The last message to an erased person (the calendar CANCEL of a
        // deleted registration) keeps their name here and their address in
        // `recipient` only until its delivery ends, sent or failed; then
        // both are cleared in the statement that records the outcome.
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .add_column(text_null(OutboxMessages::ErasedAddressee))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .drop_column(OutboxMessages::ErasedAddressee)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::ErasedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    ErasedAt,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    ErasedAddressee,
}
