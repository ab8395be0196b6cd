//! The stylesheet and scripts, built into the binary. Each is served under
//! an address with its content's hash (`/assets/site.3f…9a.css`), kept by
//! browsers for a year, and under its plain address for the pages and the
//! check-in service worker that name it so. Compressed once per process.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::web::cached::{self, Effort, Policy, Rendered};
use crate::web::error::PageError;
use crate::web::lang::Lang;

struct Asset {
    /// e.g. `site.css`.
    name: &'static str,
    rendered: Rendered,
    hashed: String,
    /// For the plain address.
    plain: &'static Policy,
}

impl Asset {
    fn new(
        name: &'static str,
        content: &'static str,
        content_type: &'static str,
        plain: &'static Policy,
    ) -> Self {
        let rendered = Rendered::new(content, content_type, Effort::Asset);
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        let hashed = format!("{stem}.{}.{extension}", &rendered.tag()[..12]);
        Self {
            name,
            rendered,
            hashed,
            plain,
        }
    }
}

static ASSETS: LazyLock<[Asset; 3]> = LazyLock::new(|| {
    [
        Asset::new(
            "site.css",
            include_str!("site.css"),
            "text/css; charset=utf-8",
            &cached::HOURLY,
        ),
        // The dashboard's live counts (src/web/admin/event_live.rs): an
        // external file, as the content security policy allows no inline
        // script.
        Asset::new(
            "event-live.js",
            include_str!("event-live.js"),
            "text/javascript; charset=utf-8",
            &cached::HOURLY,
        ),
        // The check-in screen's script (src/web/admin/check_in.rs): under
        // its plain address short-lived in caches, as the service worker
        // keeps its own copy for offline use.
        Asset::new(
            "check-in.js",
            include_str!("check-in.js"),
            "text/javascript; charset=utf-8",
            &cached::REVALIDATE,
        ),
    ]
});

fn url_of(name: &str) -> &'static str {
    static URLS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
        ASSETS
            .iter()
            .map(|a| (a.name, format!("/assets/{}", a.hashed)))
            .collect()
    });
    URLS.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, url)| url.as_str())
        .unwrap_or("/assets/missing")
}

/// The stylesheet's address, with its content hash.
pub fn stylesheet_url() -> &'static str {
    url_of("site.css")
}

/// The dashboard's live counts script's address, with its content hash.
pub fn event_live_url() -> &'static str {
    url_of("event-live.js")
}

/// `GET /assets/{name}`: an asset by its hashed or its plain name.
pub async fn asset(Path(name): Path<String>, Lang(language): Lang, headers: HeaderMap) -> Response {
    for asset in ASSETS.iter() {
        if name == asset.hashed {
            return asset.rendered.respond(&headers, &cached::IMMUTABLE);
        }
        if name == asset.name {
            return asset.rendered.respond(&headers, asset.plain);
        }
    }
    PageError::NotFound(language).into_response()
}
