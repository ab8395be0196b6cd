//! Indexes for the dashboard's attendee table and exports: one per sort
//! column, each led by `event_id`, so a page of one event's list is an
//! index range that stops after its rows (src/store/attendees.rs), however
//! many registrations the event has.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index name, columns after event_id)
const INDEXES: &[(&str, &[&str])] = &[
    (
        "idx_registrations_event_name",
        &["last_name", "first_name", "id"],
    ),
    ("idx_registrations_event_email", &["email_normalized", "id"]),
    ("idx_registrations_event_org", &["organization", "id"]),
    ("idx_registrations_event_country", &["country", "id"]),
    (
        "idx_registrations_event_status_created",
        &["status", "created_at"],
    ),
    ("idx_registrations_event_created", &["created_at", "id"]),
    (
        "idx_registrations_event_checked_in",
        &["checked_in_at", "id"],
    ),
    ("idx_registrations_event_id", &["id"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns) in INDEXES {
            let mut index = Index::create();
            index
                .name(*name)
                .table(Alias::new("registrations"))
                .col(Alias::new("event_id"))
                .if_not_exists();
            for column in *columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*name)
                        .table(Alias::new("registrations"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
