//! The audit log as organizers read it: who changed what and when, with the
//! values before and after, newest first.

use sea_orm::{DbErr, EntityTrait, QueryOrder};

use super::Services;
use crate::store::audit::{self, AuditFilter};
use crate::store::entities::{audit_entry, event};

/// Entries per page of the audit screen.
pub const AUDIT_PAGE_SIZE: u64 = 50;

/// What the audit screen shows.
#[derive(Clone, Debug)]
pub struct AuditPage {
    pub entries: Vec<audit_entry::Model>,
    /// Entries matching the filter, over all pages.
    pub total: u64,
    /// Events to filter by: slug and title.
    pub events: Vec<(String, String)>,
}

impl Services {
    /// One page (from 1) of the audit log, filtered by event (slug) and by
    /// person (an address or a record id). An unknown slug matches nothing.
    pub async fn audit_page(
        &self,
        event_slug: Option<&str>,
        person: Option<&str>,
        page: u64,
    ) -> Result<AuditPage, DbErr> {
        let events = event::Entity::find()
            .order_by_desc(event::Column::StartsAt)
            .all(&self.db.read)
            .await?;
        let event_id = event_slug.map(|slug| {
            events
                .iter()
                .find(|e| e.slug == slug)
                .map(|e| e.id)
                .unwrap_or(-1)
        });
        let filter = AuditFilter {
            event_id,
            person: person.map(str::to_owned),
        };
        let offset = page.saturating_sub(1).saturating_mul(AUDIT_PAGE_SIZE);
        let (entries, total) = audit::page(&self.db.read, &filter, offset, AUDIT_PAGE_SIZE).await?;
        Ok(AuditPage {
            entries,
            total,
            events: events
                .iter()
                .map(|e| (e.slug.clone(), e.title.clone()))
                .collect(),
        })
    }
}
