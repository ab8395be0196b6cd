//! Indexes for the dashboard's attendee table and exports: one per sort
//! column, each led by `event_id`, so a page of one event's list is an
//! index range that stops after its rows (src/store/attendees.rs), however
//! many registrations the event has.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index name, columns after event_id). Sorting by status uses the
/// schema's `idx_registrations_event_status` (event_id, status, id).
///
/// There was an (event_id, status, created_at) index here too, and it cut
/// PostgreSQL registrations from ~3,000/s to ~950/s: on a table analysed
/// while nearly empty (as at every event's opening rush), PostgreSQL
/// planned the writer's duplicate lookup (`find_live` in
/// src/store/writer/sql.rs, a prepared statement whose plan stays for the
/// connection's life) through it instead of the unique (event_id,
/// email_normalized) index, reading all of the event's rows for every
/// registration (`pg_stat_user_indexes`; BENCHMARKS.md). Measure the
/// registration phase of `bench/run.sh` on PostgreSQL before adding an
/// index to this table.
const INDEXES: &[(&str, &[&str])] = &[
    (
        "idx_registrations_event_name",
        &["last_name", "first_name", "id"],
    ),
    ("idx_registrations_event_email", &["email_normalized", "id"]),
    ("idx_registrations_event_org", &["organization", "id"]),
    ("idx_registrations_event_country", &["country", "id"]),
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
