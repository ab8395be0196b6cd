//! The schema of Tessera. The same migrations run on SQLite and PostgreSQL:
//! tables are written with sea-query's builder, and the few things the
//! builder cannot say (partial unique indexes) as SQL both databases accept.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_schema;
mod m20261130_000001_last_emailed;
mod m20261130_000002_dedupe_plus;
mod m20261130_000003_accounts;
mod m20261130_000004_funding_line;
mod m20261130_000005_attendee_indexes;
mod m20261130_000006_check_ins;
mod m20261201_000001_erasure;
mod m20261201_000010_seat_holds;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_schema::Migration),
            Box::new(m20261130_000001_last_emailed::Migration),
            Box::new(m20261130_000002_dedupe_plus::Migration),
            Box::new(m20261130_000003_accounts::Migration),
            Box::new(m20261130_000004_funding_line::Migration),
            Box::new(m20261130_000005_attendee_indexes::Migration),
            Box::new(m20261130_000006_check_ins::Migration),
            Box::new(m20261201_000001_erasure::Migration),
            Box::new(m20261201_000010_seat_holds::Migration),
        ]
    }
}
