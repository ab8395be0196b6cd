use axum::http::header;
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("site.css");

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

const EVENT_LIVE_SCRIPT: &str = include_str!("event-live.js");

/// The dashboard's live counts script (src/web/admin/event_live.rs): an
/// external file, as the content security policy allows no inline script.
pub async fn event_live_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        EVENT_LIVE_SCRIPT,
    )
}

const CHECK_IN_SCRIPT: &str = include_str!("check-in.js");

/// The check-in screen's script (src/web/admin/check_in.rs): results as
/// you type and the offline queue. Short-lived in caches, as the service
/// worker keeps its own copy for offline use.
pub async fn check_in_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        CHECK_IN_SCRIPT,
    )
}
