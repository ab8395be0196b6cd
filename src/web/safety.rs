//! Safe by default: the headers every answer carries, set in this one
//! place (issue 14), on the way out of src/web/front.rs.
//!
//! - `Content-Security-Policy`: scripts, styles and everything else from
//!   this site only, no inline script (the pages have none: scripts are
//!   files under /assets/), no framing (`frame-ancestors 'none'`).
//!   Images may also come over https, as an event's Markdown description
//!   may show one.
//! - `X-Content-Type-Options: nosniff`, and
//!   `Referrer-Policy: strict-origin-when-cross-origin`.
//! - An attendee's pages (`/r/…`, `/v/…`) hold a secret in their address:
//!   `Referrer-Policy: no-referrer` (so following an add-to-calendar link
//!   tells Google or Microsoft nothing), `Cache-Control: no-store` (no
//!   shared cache keeps them) and `X-Robots-Tag: noindex`.

use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};

pub const CONTENT_SECURITY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: https:; connect-src 'self'; worker-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Whether `path` is one of an attendee's own pages, whose address is
/// their key.
pub fn is_attendee_path(path: &str) -> bool {
    path.starts_with("/r/") || path.starts_with("/v/")
}

/// Sets the headers on an answer to `path` (every answer passes here:
/// src/web/front.rs).
pub fn set_headers(headers: &mut HeaderMap, attendee: bool) {
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if attendee {
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    } else {
        headers.insert(
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_attendee_addresses_are_attendee_pages() {
        assert!(is_attendee_path("/r/abc"));
        assert!(is_attendee_path("/r/abc/cancel"));
        assert!(is_attendee_path("/v/xyz"));
        assert!(!is_attendee_path("/events/r"));
        assert!(!is_attendee_path("/"));
        assert!(!is_attendee_path("/rss"));
    }

    #[test]
    fn the_policy_allows_no_inline_script_and_no_framing() {
        let script = CONTENT_SECURITY
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(script, "script-src 'self'");
        assert!(!CONTENT_SECURITY.contains("unsafe"));
        assert!(CONTENT_SECURITY.contains("frame-ancestors 'none'"));
    }
}
