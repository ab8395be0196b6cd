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
