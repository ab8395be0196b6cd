//! Answers rendered once and served many times: the public event pages, the
//! home page, the event calendars and the static assets. Each is kept with
//! its ETag and, once a client has asked for them, its gzip and brotli
//! bytes, so a request costs a lookup and a copy of a pointer — never a
//! render or a compression (measured in bench/run.sh, phase "pages").
//!
//! Personal answers (`/r/{token}`) and form re-renders with a person's
//! input never come here.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, OnceLock, RwLock};

use axum::body::{Body, Bytes};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::domain::{Language, WindowState};

/// How hard to compress: pages are re-rendered when their seats change, so
/// they take fast settings; assets are compressed once per process.
#[derive(Clone, Copy, Debug)]
pub enum Effort {
    Page,
    Asset,
}

impl Effort {
    fn gzip(self) -> flate2::Compression {
        match self {
            Effort::Page => flate2::Compression::new(6),
            Effort::Asset => flate2::Compression::best(),
        }
    }

    fn brotli(self) -> u32 {
        match self {
            Effort::Page => 5,
            Effort::Asset => 11,
        }
    }
}

/// A body in the codings a client may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

/// The coding to answer with for an `Accept-Encoding` header: the one with
/// the highest q-value among brotli and gzip (brotli on a tie), identity
/// when neither is acceptable.
pub fn negotiate(accept: Option<&str>) -> Coding {
    let Some(accept) = accept else {
        return Coding::Identity;
    };
    let (mut br, mut gzip, mut star) = (None::<f32>, None::<f32>, None::<f32>);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| {
                let (key, value) = p.split_once('=')?;
                (key.trim().eq_ignore_ascii_case("q")).then(|| value.trim().parse::<f32>().ok())?
            })
            .next()
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        match name.as_str() {
            "br" => br = Some(q),
            "gzip" | "x-gzip" => gzip = Some(q),
            "*" => star = Some(q),
            _ => {}
        }
    }
    let br = br.or(star).unwrap_or(0.0);
    let gzip = gzip.or(star).unwrap_or(0.0);
    if br > 0.0 && br >= gzip {
        Coding::Brotli
    } else if gzip > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// One rendered answer: its bytes, its ETag, and its compressed bytes made
/// on first demand and kept.
pub struct Rendered {
    body: Bytes,
    content_type: HeaderValue,
    effort: Effort,
    tag: String,
    etags: [HeaderValue; 3],
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl Rendered {
    pub fn new(body: impl Into<Bytes>, content_type: &'static str, effort: Effort) -> Self {
        let body = body.into();
        let digest = Sha256::digest(&body);
        let tag: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
        // Each coding is its own representation, so each has its own strong
        // tag; If-None-Match compares them by the content they share.
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{tag}{suffix}\"")).expect("hex is a valid header")
        };
        Self {
            content_type: HeaderValue::from_static(content_type),
            effort,
            etags: [etag(""), etag("-gz"), etag("-br")],
            tag,
            body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The hash of the content, as the ETag carries it (without quotes).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    pub fn body(&self) -> &Bytes {
        &self.body
    }

    fn coded(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Identity => self.body.clone(),
            Coding::Gzip => self
                .gzip
                .get_or_init(|| gzip(&self.body, self.effort))
                .clone(),
            Coding::Brotli => self
                .brotli
                .get_or_init(|| brotli(&self.body, self.effort))
                .clone(),
        }
    }

    /// The answer for a request with these headers: 304 when the client
    /// holds this content already, else the body in the coding it prefers.
    pub fn respond(&self, request: &HeaderMap, policy: &Policy) -> Response {
        let accept = request.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
        let coding = negotiate(accept);
        let (etag, encoding) = match coding {
            Coding::Identity => (&self.etags[0], None),
            Coding::Gzip => (&self.etags[1], Some("gzip")),
            Coding::Brotli => (&self.etags[2], Some("br")),
        };
        let not_modified = request
            .get_all(IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| matches_tag(v, &self.tag));
        let mut response = if not_modified {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
        } else {
            let mut response = Response::new(Body::from(self.coded(coding)));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, self.content_type.clone());
            if let Some(encoding) = encoding {
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            response
        };
        let headers = response.headers_mut();
        headers.insert(ETAG, etag.clone());
        headers.insert(VARY, HeaderValue::from_static(policy.vary));
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(policy.cache_control),
        );
        response
    }
}

/// What an answer depends on and how long others may keep it.
pub struct Policy {
    pub vary: &'static str,
    pub cache_control: &'static str,
}

/// Public pages: in the visitor's language (query, cookie or header), and
/// checked again on every visit since seats change.
pub const PAGE: Policy = Policy {
    vary: "Accept-Encoding, Accept-Language, Cookie",
    cache_control: "no-cache",
};

/// Files whose address changes with their content.
pub const IMMUTABLE: Policy = Policy {
    vary: "Accept-Encoding",
    cache_control: "public, max-age=31536000, immutable",
};

/// Files kept under a fixed address: checked again after an hour.
pub const HOURLY: Policy = Policy {
    vary: "Accept-Encoding",
    cache_control: "public, max-age=3600",
};

/// Files checked again on every use (the event calendar, the check-in
/// script the service worker keeps).
pub const REVALIDATE: Policy = Policy {
    vary: "Accept-Encoding",
    cache_control: "no-cache",
};

/// Whether an `If-None-Match` value names this content, in any coding (the
/// weak comparison RFC 9110 prescribes for it).
fn matches_tag(header: &str, tag: &str) -> bool {
    header.split(',').any(|candidate| {
        let candidate = candidate.trim();
        if candidate == "*" {
            return true;
        }
        let candidate = candidate.strip_prefix("W/").unwrap_or(candidate);
        let Some(inner) = candidate
            .strip_prefix('"')
            .and_then(|c| c.strip_suffix('"'))
        else {
            return false;
        };
        let inner = inner
            .strip_suffix("-gz")
            .or_else(|| inner.strip_suffix("-br"))
            .unwrap_or(inner);
        inner == tag
    })
}

fn gzip(body: &[u8], effort: Effort) -> Bytes {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3 + 64), effort.gzip());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    Bytes::from(encoder.finish().unwrap_or_default())
}

fn brotli(body: &[u8], effort: Effort) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 3 + 64);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, effort.brotli(), 22);
        let _ = writer.write_all(body);
        let _ = writer.flush();
    }
    Bytes::from(out)
}

/// What an event page shows, apart from its seat figures: the event as
/// loaded (its `version`), the language, whether registration is open, and
/// whether it is full (which changes the form, not just a figure).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventShape {
    pub version: u64,
    pub window: WindowState,
    pub full: bool,
}

/// An event page rendered with markers where its seat badges go.
pub struct Template {
    pub shape: EventShape,
    pub parts: Vec<Part>,
}

pub enum Part {
    Text(String),
    /// The badge of the event (`None`) or of a session.
    Seats(Option<i64>),
    /// The event's availability in its structured data (schema.org's
    /// `InStock`, `LimitedAvailability`, `SoldOut`), a JSON string.
    Availability,
}

/// The latest event page of one language: its template and the answer
/// spliced from it for the seat figures it shows.
pub struct EventPage {
    pub template: Arc<Template>,
    pub figures: Vec<Option<i64>>,
    pub rendered: Arc<Rendered>,
}

pub struct HomePage {
    pub key: (u64, usize),
    pub rendered: Arc<Rendered>,
}

pub struct Calendar {
    pub version: u64,
    pub rendered: Arc<Rendered>,
}

/// The kept answers of one service instance. Bounded by the events that
/// exist times the languages: each key keeps its latest answer only.
#[derive(Default)]
pub struct PageCache {
    pub events: RwLock<HashMap<(i64, Language), Arc<EventPage>>>,
    pub homes: RwLock<HashMap<Language, Arc<HomePage>>>,
    pub calendars: RwLock<HashMap<i64, Arc<Calendar>>>,
}

impl PageCache {
    pub fn get<K: Eq + std::hash::Hash, V>(
        map: &RwLock<HashMap<K, Arc<V>>>,
        key: &K,
    ) -> Option<Arc<V>> {
        map.read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    pub fn put<K: Eq + std::hash::Hash, V>(
        map: &RwLock<HashMap<K, Arc<V>>>,
        key: K,
        value: Arc<V>,
    ) {
        map.write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, value);
    }
}

/// Starts the comment that stands for a seat badge in an event page's
/// template. A random part per process: no event text can forge one (maud
/// escapes `<` in text, and descriptions are sanitised anyway).
pub fn seat_marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| format!("<!--seats:{:016x}:", rand::random::<u64>()))
}

/// The marker of the event's availability in its structured data.
pub fn availability_marker() -> String {
    format!("{}a-->", seat_marker())
}

/// Cuts a page rendered with seat markers into its text and its slots.
pub fn split_template(html: &str) -> Vec<Part> {
    let marker = seat_marker();
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        let Some(end) = after.find("-->") else { break };
        parts.push(Part::Text(rest[..at].to_owned()));
        parts.push(match &after[..end] {
            "a" => Part::Availability,
            slot => Part::Seats(slot.parse().ok()),
        });
        rest = &after[end + 3..];
    }
    parts.push(Part::Text(rest.to_owned()));
    parts
}

/// A person's own pages (`/r/{token}`, `/v/{secret}` and what hangs from
/// them, like the invite) are kept by no cache, shared or private: they
/// carry a name, an address and the link that manages the registration. So
/// they are compressed per answer (they are rare next to the event page),
/// never kept.
pub async fn personal(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let personal = {
        let path = request.uri().path();
        path.starts_with("/r/") || path.starts_with("/v/")
    };
    if !personal {
        return next.run(request).await;
    }
    let coding = negotiate(
        request
            .headers()
            .get(ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok()),
    );
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    let textual = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("text/calendar"));
    // Only whole bodies of a known, small size: these pages are strings.
    let small = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .is_some_and(|n| n <= 1 << 20);
    if coding == Coding::Identity
        || !textual
        || !small
        || response.headers().contains_key(CONTENT_ENCODING)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        // Cannot happen for a body of an exact size under the limit.
        return Response::from_parts(parts, Body::empty());
    };
    let (coded, name) = match coding {
        Coding::Brotli => (brotli(&bytes, Effort::Page), "br"),
        _ => (gzip(&bytes, Effort::Page), "gzip"),
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts
        .headers
        .insert(CONTENT_ENCODING, HeaderValue::from_static(name));
    parts
        .headers
        .append(VARY, HeaderValue::from_static("Accept-Encoding"));
    Response::from_parts(parts, Body::from(coded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_follows_q_values() {
        assert_eq!(negotiate(None), Coding::Identity);
        assert_eq!(negotiate(Some("gzip, deflate, br")), Coding::Brotli);
        assert_eq!(negotiate(Some("gzip")), Coding::Gzip);
        assert_eq!(negotiate(Some("br;q=0.5, gzip;q=0.9")), Coding::Gzip);
        assert_eq!(negotiate(Some("br;q=0, gzip;q=0")), Coding::Identity);
        assert_eq!(negotiate(Some("identity")), Coding::Identity);
        assert_eq!(negotiate(Some("*")), Coding::Brotli);
        assert_eq!(negotiate(Some("*;q=0.2, br;q=0")), Coding::Gzip);
        assert_eq!(negotiate(Some("BR ; Q=1")), Coding::Brotli);
        assert_eq!(negotiate(Some("br;q=nonsense")), Coding::Brotli);
    }

    #[test]
    fn if_none_match_compares_content_in_any_coding() {
        assert!(matches_tag("\"abc\"", "abc"));
        assert!(matches_tag("W/\"abc-gz\"", "abc"));
        assert!(matches_tag("\"x\", \"abc-br\"", "abc"));
        assert!(matches_tag("*", "abc"));
        assert!(!matches_tag("\"abcd\"", "abc"));
        assert!(!matches_tag("abc", "abc"));
    }

    #[test]
    fn a_template_splits_at_its_seat_markers_only() {
        let marker = seat_marker();
        let html = format!(
            "<p>a</p>{marker}e--><td>{marker}42--></td><!--seats:forged:7-->{}",
            availability_marker()
        );
        let parts = split_template(&html);
        let shape: Vec<String> = parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Seats(slot) => format!("[{slot:?}]"),
                Part::Availability => "[availability]".into(),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "<p>a</p>",
                "[None]",
                "<td>",
                "[Some(42)]",
                "</td><!--seats:forged:7-->",
                "[availability]",
                ""
            ]
        );
    }
}
