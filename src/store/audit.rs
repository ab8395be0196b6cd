//! The audit log: who did what to which record, written in the transaction
//! of the change itself.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::entities::audit_entry;

/// Who asked for a change, for the audit log.
#[derive(Clone, Debug)]
pub enum Actor {
    Attendee,
    Organizer(String),
    ApiToken(String),
    System,
}

impl Actor {
    pub fn label(&self) -> String {
        match self {
            Actor::Attendee => "attendee".into(),
            Actor::Organizer(email) => format!("organizer:{email}"),
            Actor::ApiToken(name) => format!("token:{name}"),
            Actor::System => "system".into(),
        }
    }
}

pub async fn record(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    subject_type: &str,
    subject_id: &str,
    detail: serde_json::Value,
    clock: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        actor: Set(actor.label()),
        action: Set(action.to_owned()),
        subject_type: Set(subject_type.to_owned()),
        subject_id: Set(subject_id.to_owned()),
        detail: Set(detail.to_string()),
        created_at: Set(clock),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(())
}

/// Which entries the dashboard's audit log lists.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Changes to this event and to its registrations.
    pub event_id: Option<i64>,
    /// An address or an id: entries made by this person, about this record,
    /// or about a registration of this address.
    pub person: Option<String>,
}

/// One page of entries, newest first, and how many match in all.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<audit_entry::Model>, u64), DbErr> {
    use sea_orm::sea_query::{Condition, Query};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

    use super::entities::registration;

    let registrations_where = |column: registration::Column, value: sea_orm::Value| {
        Query::select()
            .column(registration::Column::Id)
            .from(registration::Entity)
            .and_where(column.eq(value))
            .to_owned()
    };
    let mut query = audit_entry::Entity::find();
    if let Some(event_id) = filter.event_id {
        query = query.filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(audit_entry::Column::SubjectType.eq("event"))
                        .add(audit_entry::Column::SubjectId.eq(event_id.to_string())),
                )
                .add(
                    Condition::all()
                        .add(audit_entry::Column::SubjectType.eq("registration"))
                        .add(
                            audit_entry::Column::SubjectId.in_subquery(registrations_where(
                                registration::Column::EventId,
                                event_id.into(),
                            )),
                        ),
                ),
        );
    }
    if let Some(person) = filter
        .person
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        query = query.filter(
            Condition::any()
                .add(audit_entry::Column::Actor.contains(person))
                .add(audit_entry::Column::SubjectId.eq(person))
                .add(
                    Condition::all()
                        .add(audit_entry::Column::SubjectType.eq("registration"))
                        .add(
                            audit_entry::Column::SubjectId.in_subquery(registrations_where(
                                registration::Column::Email,
                                person.to_lowercase().into(),
                            )),
                        ),
                ),
        );
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_entry::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}
