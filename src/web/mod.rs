//! The HTTP faces. Every route is listed here; a handler parses its input,
//! calls one service, and renders.

pub mod admin;
pub mod body;
pub mod cached;
pub mod error;
pub mod front;
pub mod lang;
pub mod ops;
pub mod public;
pub mod rate_limit;
pub mod safety;
pub mod slug;
pub mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tower::Layer;

use crate::services::Services;

/// Forms are small; anything larger is refused with 413 before parsing.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn router(
    services: Services,
    limiter: Arc<rate_limit::RateLimiter>,
    readiness: Arc<ops::Readiness>,
) -> Router {
    let config = services.config.clone();
    // Counters are for operators: served here only behind a token, and not
    // at all when they have a listener of their own.
    let public_metrics = config.metrics_token().is_some() && config.metrics_bind.is_none();
    let body_timeout = Duration::from_secs(config.body_timeout_secs);
    let public_posts = Router::new()
        .route(
            "/events/{slug}/register",
            post(public::registrations::create),
        )
        .route("/events/{slug}/lost-link", post(public::lost_link::send))
        .route("/r/{token}/cancel", post(public::registrations::cancel))
        .route("/r/{token}/delete", post(public::privacy_rights::delete))
        .route("/r/{token}/details", post(public::self_service::save))
        .route("/v/{secret}", post(public::registrations::verify))
        .route_layer(axum::middleware::from_fn_with_state(
            limiter.clone(),
            rate_limit::limit,
        ));

    let routes = Router::new()
        .route("/", get(public::events::index))
        .route("/events/{slug}", get(public::events::show))
        .route("/events/{slug}/calendar.ics", get(public::events::calendar))
        .route(
            "/events/{slug}/registered",
            get(public::registrations::registered),
        )
        .route("/r/{token}", get(public::registrations::show))
        .route("/v/{secret}", get(public::registrations::verification))
        .route("/r/{token}/invite.ics", get(public::registrations::invite))
        .route("/r/{token}/details", get(public::self_service::edit))
        .route(
            "/r/{token}/cancel",
            get(public::registrations::confirm_cancel),
        )
        // The attendee's data: download, delete (src/web/public/privacy_rights.rs).
        .route(
            "/r/{token}/data.json",
            get(public::privacy_rights::download),
        )
        .route(
            "/r/{token}/delete",
            get(public::privacy_rights::confirm_delete),
        )
        .route(
            "/events/{slug}/deleted",
            get(public::privacy_rights::deleted),
        )
        .route("/events/{slug}/lost-link", get(public::lost_link::form))
        .route("/sitemap.xml", get(public::sharing::sitemap))
        .route("/privacy", get(public::site::privacy))
        .route("/accessibility", get(public::site::accessibility))
        .route("/assets/{name}", get(views::assets::asset))
        .merge(public_posts)
        .merge(ops_routes(services.clone(), readiness, public_metrics))
        .merge(admin::router(&services, limiter))
        .fallback(error::not_found)
        .with_state(services.clone());
    // Around the whole router, once per request (src/web/front.rs).
    let front = Arc::new(front::Front {
        body_timeout,
        site: Arc::new(services.site_facts()),
        pages: Arc::new(cached::PageCache::default()),
    });
    let every_request = axum::middleware::from_fn_with_state(front, front::every_request);
    let routes = DefaultBodyLimit::max(BODY_LIMIT).layer(routes);
    Router::new().fallback_service(every_request.layer(routes))
}

/// What `TESSERA_METRICS_BIND` serves: /metrics (and /healthz), nothing else.
pub fn metrics_router(services: Services, readiness: Arc<ops::Readiness>) -> Router {
    ops_routes(services, readiness, true)
}

fn ops_routes<S>(services: Services, readiness: Arc<ops::Readiness>, metrics: bool) -> Router<S> {
    let routes = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz));
    let routes = if metrics {
        routes.route("/metrics", get(ops::metrics))
    } else {
        routes
    };
    routes.with_state(ops::OpsState {
        services,
        readiness,
    })
}
