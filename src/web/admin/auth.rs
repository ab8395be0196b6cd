//! Who is asking, and may they: the login session, the guard every
//! dashboard route passes through, and the CSRF defences.
//!
//! A login session lives in the database (src/store/login_sessions.rs), so
//! every instance on one database knows it. It holds the account's id, the
//! moment of the login and the session's CSRF token; the account itself is
//! read on every request, so a disabled account or a reset password ends
//! its sessions at once.
//!
//! CSRF: a request that changes something must come from our own pages
//! (`Origin` and `Sec-Fetch-Site`, where the browser sends them) and carry
//! the session's token, as the form field `csrf` or the `X-CSRF-Token`
//! header. The login form has no session yet: its token is a double-submit
//! cookie (`LOGIN_COOKIE`), so showing the login page stores nothing.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::Access;
use super::error::AdminError;
use crate::domain::password::SessionLimits;
use crate::services::LoginSessionStore;
use crate::services::Services;
use crate::services::accounts::StaffMember;
use crate::web::BODY_LIMIT;
use crate::web::rate_limit::client_of;

const SESSION_COOKIE: &str = "tessera_admin";
const SESSION_KEY: &str = "login";
pub const LOGIN_COOKIE: &str = "tessera_login_csrf";
pub const CSRF_FIELD: &str = "csrf";
const CSRF_HEADER: &str = "x-csrf-token";

/// What a login session holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Login {
    pub organizer_id: i64,
    pub logged_in_at: DateTime<Utc>,
    pub csrf: String,
    /// When the session was last written back (its idle expiry moved on).
    #[serde(default)]
    pub renewed_at: Option<DateTime<Utc>>,
}

impl Login {
    pub fn begin(member: &StaffMember) -> Self {
        let now = crate::services::now();
        Self {
            organizer_id: member.id,
            logged_in_at: now,
            csrf: random_token(),
            renewed_at: Some(now),
        }
    }

    /// Whether this request should write the session back, moving its idle
    /// expiry on (`SessionLimits::RENEW_MINUTES`).
    fn due_for_renewal(&self, now: DateTime<Utc>) -> bool {
        let last = self.renewed_at.unwrap_or(self.logged_in_at);
        now - last >= chrono::Duration::minutes(SessionLimits::RENEW_MINUTES)
    }
}

/// The logged-in member of staff, for the handlers behind the guard.
#[derive(Clone, Debug)]
pub struct Staff {
    pub member: StaffMember,
    /// The session's CSRF token, for the forms the page renders.
    pub csrf: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = AdminError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Staff>()
            .cloned()
            .ok_or_else(|| AdminError::internal("a staff page was reached without its guard"))
    }
}

pub fn session_layer(services: &Services) -> SessionManagerLayer<LoginSessionStore> {
    // Browsers drop a Secure cookie sent over plain http, so it is Secure
    // exactly when the service is reached over https.
    let secure = services.config.base_url().starts_with("https://");
    SessionManagerLayer::new(services.login_sessions())
        .with_name(SESSION_COOKIE)
        .with_path("/admin")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            SessionLimits::IDLE_HOURS,
        )))
        // The guard writes the session back every few minutes of use, which
        // moves the idle expiry on (in the database and the cookie).
        .with_always_save(false)
}

/// The rule of one route, with what checking it needs.
#[derive(Clone)]
pub struct Gate {
    services: Services,
    access: Access,
}

impl Gate {
    pub fn new(services: Services, access: Access) -> Self {
        Self { services, access }
    }
}

/// Runs before every dashboard handler: the same-origin check and the CSRF
/// token for requests that change something, then the route's rule.
/// Nobody logged in: a page redirects to the login (with the way back),
/// anything else is refused. Logged in without the role: refused.
pub async fn guard(
    State(gate): State<Gate>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let mut response = match check(&gate, &session, request).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal,
    };
    // Dashboard pages show attendees' data: never kept by a shared cache
    // or the browser's back button after logout.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn check(gate: &Gate, session: &Session, request: Request) -> Result<Request, Response> {
    let changes_something = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes_something && !same_origin(request.headers(), &gate.services.config.base_url()) {
        return Err(
            AdminError::Forbidden("This request did not come from Tessera's own pages.")
                .into_response(),
        );
    }
    let roles = match gate.access {
        Access::Public => {
            if changes_something {
                let expected = cookie(request.headers(), LOGIN_COOKIE).unwrap_or_default();
                return with_token(request, &expected).await;
            }
            return Ok(request);
        }
        Access::Staff(roles) => roles,
    };
    let login: Option<Login> = session
        .get(SESSION_KEY)
        .await
        .map_err(|e| AdminError::internal(e).into_response())?;
    let member = match &login {
        Some(login) => gate
            .services
            .staff_member(login.organizer_id, login.logged_in_at)
            .await
            .map_err(|e| AdminError::internal(e).into_response())?,
        None => None,
    };
    let (Some(login), Some(member)) = (login, member) else {
        if session
            .get::<Login>(SESSION_KEY)
            .await
            .ok()
            .flatten()
            .is_some()
        {
            // The account was disabled or its password reset, or the login
            // is too old: the session ends here, on the server too.
            let _ = session.flush().await;
        }
        if changes_something {
            return Err(AdminError::Forbidden("Please log in first.").into_response());
        }
        return Err(to_login(request.uri()).into_response());
    };
    let mut request = if changes_something {
        with_token(request, &login.csrf).await?
    } else {
        request
    };
    if !roles.contains(&member.role) {
        return Err(
            AdminError::Forbidden("Your role does not give access to this page.").into_response(),
        );
    }
    let now = crate::services::now();
    if login.due_for_renewal(now) {
        let renewed = Login {
            renewed_at: Some(now),
            ..login.clone()
        };
        session
            .insert(SESSION_KEY, renewed)
            .await
            .map_err(|e| AdminError::internal(e).into_response())?;
    }
    request.extensions_mut().insert(Staff {
        member,
        csrf: login.csrf,
    });
    Ok(request)
}

/// The login page, with the way back to `uri`.
fn to_login(uri: &axum::http::Uri) -> Redirect {
    let back = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/admin");
    let encoded: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
    Redirect::to(&format!("/admin/login?next={encoded}"))
}

/// Reads the submitted CSRF token (header, or form field in a URL-encoded
/// body, which is then handed on untouched) and compares it with
/// `expected`.
async fn with_token(request: Request, expected: &str) -> Result<Request, Response> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let from_header = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let submitted = from_header.or_else(|| {
        is_form
            .then(|| {
                form_urlencoded::parse(&bytes)
                    .find(|(key, _)| key == CSRF_FIELD)
                    .map(|(_, value)| value.into_owned())
            })
            .flatten()
    });
    match submitted {
        Some(token) if !expected.is_empty() && same_bytes(token.as_bytes(), expected.as_bytes()) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(AdminError::Forbidden(
            "The form had expired or did not come from this page. Please go back, reload the page and try again.",
        )
        .into_response()),
    }
}

/// False when the browser says the request comes from another site.
/// Clients that send neither header (scripts, older browsers) still need
/// the token.
fn same_origin(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let origin = origin.trim_end_matches('/');
    if origin == origin_of(base_url) {
        return true;
    }
    // Reached by another name than the configured base URL (a LAN address):
    // the origin must then name the host the request was sent to.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares in time independent of where the first difference is.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client's address, as the public rate limit takes it: the peer, or
/// the client a trusted proxy names (`domain::client`).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<Services> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        services: &Services,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientAddress(client_of(
            peer,
            &parts.headers,
            &services.config.trusted_proxies,
        )))
    }
}

/// Starts a login session for `member`: a new session id (whatever id the
/// browser came with is dropped, so a planted one is useless) and a new
/// CSRF token.
pub async fn begin(session: &Session, member: &StaffMember) -> Result<(), AdminError> {
    session.cycle_id().await.map_err(AdminError::internal)?;
    session
        .insert(SESSION_KEY, Login::begin(member))
        .await
        .map_err(AdminError::internal)
}

/// Ends the login session, in the database and in the browser.
pub async fn end(session: &Session) -> Result<(), AdminError> {
    session.flush().await.map_err(AdminError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn cross_site_requests_are_refused() {
        let base = "https://events.example.org";
        assert!(same_origin(&headers(&[]), base));
        assert!(same_origin(
            &headers(&[
                ("origin", "https://events.example.org"),
                ("sec-fetch-site", "same-origin")
            ]),
            base
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            base
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            base
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example.com")]),
            base
        ));
        assert!(!same_origin(&headers(&[("origin", "null")]), base));
        assert!(same_origin(
            &headers(&[
                ("origin", "http://10.0.0.5:8080"),
                ("host", "10.0.0.5:8080")
            ]),
            base
        ));
    }
}
