//! The public site: event pages, the registration form, the attendee's page.

pub mod events;
pub mod form;
pub mod lost_link;
pub mod privacy_rights;
pub mod registrations;
pub mod self_service;
pub mod sharing;
pub mod site;

use std::sync::Arc;

use crate::domain::Language;
use crate::domain::event::EventStatus;
use crate::services::Services;
use crate::services::catalog::PublicEvent;
use crate::web::admin::Verb;
use crate::web::error::PageError;

/// The published (or cancelled, or past) event at `slug`, as the public
/// pages show it; a draft or an unknown slug is the 404 page.
pub async fn published(
    services: &Services,
    language: Language,
    slug: &str,
) -> Result<Arc<PublicEvent>, PageError> {
    services
        .catalog
        .by_slug(slug)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .filter(|e| e.status != EventStatus::Draft)
        .ok_or(PageError::NotFound(language))
}

/// Every route outside the dashboard (whose routes are `admin::ROUTES`), as
/// `router` in src/web/mod.rs serves them: the tests walk this table (for
/// the headers every answer must carry), and a unit test below fails when
/// the router gains a route this table lacks.
pub const ROUTES: &[(Verb, &str)] = &[
    (Verb::Get, "/"),
    (Verb::Get, "/events/{slug}"),
    (Verb::Get, "/events/{slug}/calendar.ics"),
    (Verb::Get, "/events/{slug}/registered"),
    (Verb::Post, "/events/{slug}/register"),
    (Verb::Get, "/events/{slug}/lost-link"),
    (Verb::Post, "/events/{slug}/lost-link"),
    (Verb::Get, "/sitemap.xml"),
    (Verb::Get, "/r/{token}"),
    (Verb::Get, "/r/{token}/invite.ics"),
    (Verb::Get, "/r/{token}/cancel"),
    (Verb::Post, "/r/{token}/cancel"),
    (Verb::Get, "/r/{token}/data.json"),
    (Verb::Get, "/r/{token}/delete"),
    (Verb::Post, "/r/{token}/delete"),
    (Verb::Get, "/events/{slug}/deleted"),
    (Verb::Get, "/r/{token}/details"),
    (Verb::Post, "/r/{token}/details"),
    (Verb::Get, "/v/{secret}"),
    (Verb::Post, "/v/{secret}"),
    (Verb::Get, "/privacy"),
    (Verb::Get, "/accessibility"),
    (Verb::Get, "/assets/{name}"),
    (Verb::Get, "/healthz"),
    (Verb::Get, "/readyz"),
    (Verb::Get, "/metrics"),
];

#[cfg(test)]
mod tests {
    /// The paths `router` (src/web/mod.rs) routes, read from its source.
    fn routed_paths() -> std::collections::BTreeSet<String> {
        let source = include_str!("../mod.rs");
        source
            .split(".route(")
            .skip(1)
            .filter_map(|rest| {
                let rest = rest.trim_start();
                let rest = rest.strip_prefix('"')?;
                Some(rest.split('"').next()?.to_owned())
            })
            .collect()
    }

    #[test]
    fn the_table_lists_every_route_of_the_router() {
        let table: std::collections::BTreeSet<String> =
            super::ROUTES.iter().map(|(_, p)| (*p).to_owned()).collect();
        let routed = routed_paths();
        assert!(
            routed.len() > 10,
            "the router's routes were read: {routed:?}"
        );
        assert_eq!(table, routed, "public::ROUTES and the router differ");
    }
}
