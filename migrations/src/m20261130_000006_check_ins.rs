//! Check-ins at the door, one row per person and day: a multi-day event
//! counts each day's entrance, and the attendance sheets and statistics
//! read attendance per day from here. The id is chosen by the client (a
//! phone queueing check-ins while offline) or by the server, so sending
//! the same check-in twice stores it once. An undone check-in keeps its
//! row, marked `undone_at`, for the audit trail.
//!
//! `registrations.checked_in_at` stays what the attendee table and the
//! exports show: the first check-in on any day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CheckIns::Table)
                    .col(text(CheckIns::Id).primary_key())
                    .col(text(CheckIns::RegistrationId))
                    .col(big_integer(CheckIns::EventId))
                    // The local date (`YYYY-MM-DD`) in the event's timezone.
                    .col(text(CheckIns::Day))
                    .col(timestamp_with_time_zone(CheckIns::CheckedInAt))
                    .col(big_integer_null(CheckIns::CheckedInBy))
                    .col(timestamp_with_time_zone_null(CheckIns::UndoneAt))
                    .col(big_integer_null(CheckIns::UndoneBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckIns::Table, CheckIns::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckIns::Table, CheckIns::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckIns::Table, CheckIns::CheckedInBy)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckIns::Table, CheckIns::UndoneBy)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // At most one standing check-in per person and day, whatever the
        // number of phones at the door: of two at the same moment, one
        // insert wins and the other finds it.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_check_ins_standing ON check_ins \
                 (registration_id, day) WHERE undone_at IS NULL",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_check_ins_event_day")
                    .table(CheckIns::Table)
                    .col(CheckIns::EventId)
                    .col(CheckIns::Day)
                    .to_owned(),
            )
            .await?;
        // A person's check-ins, for recomputing their first check-in on undo.
        manager
            .create_index(
                Index::create()
                    .name("idx_check_ins_registration")
                    .table(CheckIns::Table)
                    .col(CheckIns::RegistrationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CheckIns::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum CheckIns {
    Table,
    Id,
    RegistrationId,
    EventId,
    Day,
    CheckedInAt,
    CheckedInBy,
    UndoneAt,
    UndoneBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registrations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizers {
    Table,
    Id,
}
