//! The whole domain of SPEC.md from the start: events and their agenda and
//! questions, registrations, the outbox, organizers and their login sessions,
//! API tokens, the audit log and the service's own settings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(big_pk_auto(Events::Id))
                    .col(text_uniq(Events::Slug))
                    .col(text(Events::Title))
                    .col(text(Events::Summary))
                    .col(text(Events::Description))
                    .col(text(Events::Language))
                    .col(text(Events::Timezone))
                    .col(timestamp_with_time_zone(Events::StartsAt))
                    .col(timestamp_with_time_zone(Events::EndsAt))
                    .col(text(Events::VenueName))
                    .col(text(Events::VenueAddress))
                    .col(text_null(Events::OnlineUrl))
                    // Empty capacity means unlimited seats.
                    .col(integer_null(Events::Capacity))
                    .col(boolean(Events::WaitlistEnabled))
                    .col(timestamp_with_time_zone_null(Events::RegistrationOpensAt))
                    .col(timestamp_with_time_zone_null(Events::RegistrationClosesAt))
                    .col(boolean(Events::RequiresVerification))
                    .col(text(Events::ContactEmail))
                    .col(text(Events::OrganizerName))
                    .col(text(Events::Status))
                    // Raised by every change of time or place: the invites' SEQUENCE.
                    .col(integer(Events::Revision).default(0))
                    // Kept by the registration writer in the same transaction as
                    // the rows it counts; the database row is the truth that
                    // several instances share.
                    .col(integer(Events::ConfirmedCount).default(0))
                    .col(integer(Events::WaitlistedCount).default(0))
                    // Set by the one instance that queued the reminders.
                    .col(timestamp_with_time_zone_null(Events::ReminderSentAt))
                    .col(timestamp_with_time_zone(Events::CreatedAt))
                    .col(timestamp_with_time_zone(Events::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(big_integer(Sessions::EventId))
                    .col(text(Sessions::Title))
                    .col(timestamp_with_time_zone(Sessions::StartsAt))
                    .col(timestamp_with_time_zone(Sessions::EndsAt))
                    .col(text(Sessions::Room))
                    .col(integer_null(Sessions::Capacity))
                    .col(integer(Sessions::ConfirmedCount).default(0))
                    .col(integer(Sessions::Position).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sessions_event",
            Sessions::Table,
            &[Sessions::EventId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Questions::Table)
                    .col(big_pk_auto(Questions::Id))
                    .col(big_integer(Questions::EventId))
                    .col(text(Questions::Label))
                    .col(text(Questions::Kind))
                    // A JSON array of the choices of a select or multiselect.
                    .col(text(Questions::Options))
                    .col(boolean(Questions::Required))
                    .col(integer(Questions::Position).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Questions::Table, Questions::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_questions_event",
            Questions::Table,
            &[Questions::EventId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Registrations::Table)
                    // A UUIDv7 as text: made by the writer before the insert (so a
                    // batch needs no RETURNING) and ordered by arrival, which is the
                    // waiting list's order.
                    .col(text(Registrations::Id).primary_key())
                    .col(big_integer(Registrations::EventId))
                    .col(text(Registrations::FirstName))
                    .col(text(Registrations::LastName))
                    .col(text(Registrations::Email))
                    .col(text(Registrations::EmailNormalized))
                    .col(text(Registrations::Organization))
                    .col(text(Registrations::Country))
                    .col(text(Registrations::Language))
                    // A JSON object keyed by question id.
                    .col(text(Registrations::Answers))
                    .col(text(Registrations::Status))
                    .col(timestamp_with_time_zone_null(Registrations::CheckedInAt))
                    .col(timestamp_with_time_zone(Registrations::ConsentAt))
                    .col(text(Registrations::PrivacyNoticeVersion))
                    .col(text_uniq(Registrations::ManageToken))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .col(timestamp_with_time_zone(Registrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Registrations::Table, Registrations::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Invariant 2 in the schema itself: one live registration per event
        // and normalised email, whatever the number of writers.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_registrations_live_email ON registrations \
                 (event_id, email_normalized) WHERE status <> 'cancelled'",
            )
            .await?;
        index(
            manager,
            "idx_registrations_event_status",
            Registrations::Table,
            &[
                Registrations::EventId,
                Registrations::Status,
                Registrations::Id,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(RegistrationSessions::Table)
                    .col(text(RegistrationSessions::RegistrationId))
                    .col(big_integer(RegistrationSessions::SessionId))
                    .primary_key(
                        Index::create()
                            .col(RegistrationSessions::RegistrationId)
                            .col(RegistrationSessions::SessionId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RegistrationSessions::Table,
                                RegistrationSessions::RegistrationId,
                            )
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RegistrationSessions::Table, RegistrationSessions::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_registration_sessions_session",
            RegistrationSessions::Table,
            &[RegistrationSessions::SessionId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(OutboxMessages::Table)
                    .col(big_pk_auto(OutboxMessages::Id))
                    .col(big_integer(OutboxMessages::EventId))
                    .col(text_null(OutboxMessages::RegistrationId))
                    .col(text(OutboxMessages::Kind))
                    .col(text(OutboxMessages::Recipient))
                    // What the message needs beyond the current rows, fixed when it
                    // was owed: the invite's SEQUENCE, a waiting-list position, an
                    // announcement's text.
                    .col(text(OutboxMessages::Payload))
                    .col(text(OutboxMessages::Status))
                    .col(integer(OutboxMessages::Attempts).default(0))
                    .col(timestamp_with_time_zone(OutboxMessages::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(OutboxMessages::ClaimedUntil))
                    .col(text_null(OutboxMessages::LastError))
                    .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_outbox_due",
            OutboxMessages::Table,
            &[OutboxMessages::Status, OutboxMessages::NextAttemptAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Organizers::Table)
                    .col(big_pk_auto(Organizers::Id))
                    .col(text_uniq(Organizers::Email))
                    .col(text(Organizers::Name))
                    .col(text(Organizers::PasswordHash))
                    .col(text(Organizers::Role))
                    .col(timestamp_with_time_zone(Organizers::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginSessions::Table)
                    .col(text(LoginSessions::Id).primary_key())
                    .col(text(LoginSessions::Data))
                    .col(timestamp_with_time_zone(LoginSessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(big_pk_auto(ApiTokens::Id))
                    .col(text(ApiTokens::Name))
                    .col(text_uniq(ApiTokens::SecretHash))
                    .col(text(ApiTokens::Role))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEntries::Table)
                    .col(big_pk_auto(AuditEntries::Id))
                    .col(text(AuditEntries::Actor))
                    .col(text(AuditEntries::Action))
                    .col(text(AuditEntries::SubjectType))
                    .col(text(AuditEntries::SubjectId))
                    .col(text(AuditEntries::Detail))
                    .col(timestamp_with_time_zone(AuditEntries::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(text(Settings::Key).primary_key())
                    .col(text(Settings::Value))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "settings",
            "audit_entries",
            "api_tokens",
            "login_sessions",
            "organizers",
            "outbox_messages",
            "registration_sessions",
            "registrations",
            "questions",
            "sessions",
            "events",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn index<T: Iden + Copy + 'static, C: Iden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Description,
    Language,
    Timezone,
    StartsAt,
    EndsAt,
    VenueName,
    VenueAddress,
    OnlineUrl,
    Capacity,
    WaitlistEnabled,
    RegistrationOpensAt,
    RegistrationClosesAt,
    RequiresVerification,
    ContactEmail,
    OrganizerName,
    Status,
    Revision,
    ConfirmedCount,
    WaitlistedCount,
    ReminderSentAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    EventId,
    Title,
    StartsAt,
    EndsAt,
    Room,
    Capacity,
    ConfirmedCount,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum Questions {
    Table,
    Id,
    EventId,
    Label,
    Kind,
    Options,
    Required,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registrations {
    Table,
    Id,
    EventId,
    FirstName,
    LastName,
    Email,
    EmailNormalized,
    Organization,
    Country,
    Language,
    Answers,
    Status,
    CheckedInAt,
    ConsentAt,
    PrivacyNoticeVersion,
    ManageToken,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RegistrationSessions {
    Table,
    RegistrationId,
    SessionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutboxMessages {
    Table,
    Id,
    EventId,
    RegistrationId,
    Kind,
    Recipient,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizers {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginSessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiTokens {
    Table,
    Id,
    Name,
    SecretHash,
    Role,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEntries {
    Table,
    Id,
    Actor,
    Action,
    SubjectType,
    SubjectId,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Settings {
    Table,
    Key,
    Value,
}
