//! Logging in and out.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tower_sessions::Session;

use super::auth::{self, ClientAddress, LOGIN_COOKIE, Staff};
use super::error::AdminError;
use super::layout::{bare_page, csrf_field};
use crate::domain::password::LoginLimits;
use crate::services::Services;
use crate::services::accounts::LoginError;

#[derive(Debug, Default, Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct Credentials {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// A way back that stays inside the dashboard, or nothing.
fn safe_next(next: &str) -> Option<&str> {
    let inside = next == "/admin" || next.starts_with("/admin/") || next.starts_with("/admin?");
    let odd = next.contains("//") || next.contains('\\') || next.chars().any(char::is_control);
    (inside && !odd && !next.starts_with("/admin/login")).then_some(next)
}

pub async fn form(
    State(services): State<Services>,
    headers: HeaderMap,
    Query(next): Query<Next>,
) -> Response {
    login_page(&services, &headers, "", &next.next, None, StatusCode::OK)
}

/// The login form. Its CSRF token is the login cookie's value, set here
/// when the browser has none yet.
fn login_page(
    services: &Services,
    headers: &HeaderMap,
    email: &str,
    next: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let existing = auth::cookie(headers, LOGIN_COOKIE).filter(|t| t.len() == 43);
    let token = existing.clone().unwrap_or_else(auth::random_token);
    let body = bare_page("Log in", login_form(email, next, error, &token));
    let mut response = (status, body).into_response();
    if existing.is_none() {
        let secure = if services.config.base_url().starts_with("https://") {
            "; Secure"
        } else {
            ""
        };
        let cookie =
            format!("{LOGIN_COOKIE}={token}; Path=/admin/login; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn login_form(email: &str, next: &str, error: Option<&str>, token: &str) -> Markup {
    html! {
        section.card.narrow {
            h1 { "Log in" }
            p.lead { "The organizer dashboard of Tessera." }
            @if let Some(error) = error {
                div.notice.error role="alert" { p { (error) } }
            }
            form method="post" action="/admin/login" {
                (csrf_field(token))
                @if safe_next(next).is_some() {
                    input type="hidden" name="next" value=(next);
                }
                div.field {
                    label for="email" { "Email" }
                    input #email type="email" name="email" value=(email) autocomplete="username" required autofocus[email.is_empty()];
                }
                div.field {
                    label for="password" { "Password" }
                    input #password type="password" name="password" autocomplete="current-password" required autofocus[!email.is_empty()];
                }
                button type="submit" { "Log in" }
            }
        }
    }
}

pub async fn submit(
    State(services): State<Services>,
    session: Session,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Form(credentials): Form<Credentials>,
) -> Result<Response, AdminError> {
    let headers = &headers;
    let refuse = |message: &str, status: StatusCode| {
        login_page(
            &services,
            headers,
            credentials.email.trim(),
            &credentials.next,
            Some(message),
            status,
        )
    };
    match services
        .authenticate(&credentials.email, &credentials.password, client)
        .await
    {
        Ok(member) => {
            auth::begin(&session, &member).await?;
            let to = safe_next(&credentials.next).unwrap_or(super::home(member.role));
            Ok(Redirect::to(to).into_response())
        }
        Err(LoginError::Refused) => Ok(refuse(
            "The email or the password is not right.",
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(LoginError::Throttled) => {
            let mut response = refuse(
                "Too many failed logins. Please wait a quarter of an hour and try again.",
                StatusCode::TOO_MANY_REQUESTS,
            );
            let wait = (LoginLimits::WINDOW_MINUTES * 60).to_string();
            if let Ok(value) = HeaderValue::from_str(&wait) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(error) => Err(AdminError::internal(error)),
    }
}

pub async fn logout(_staff: Staff, session: Session) -> Result<Redirect, AdminError> {
    auth::end(&session).await?;
    Ok(Redirect::to("/admin/login"))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn the_way_back_stays_inside_the_dashboard() {
        assert_eq!(
            safe_next("/admin/events/x?y=1"),
            Some("/admin/events/x?y=1")
        );
        assert_eq!(safe_next("/admin"), Some("/admin"));
        for outside in [
            "https://evil.example",
            "//evil.example",
            "/admin//evil",
            "/administrator",
            "/admin/login",
            "/\\evil",
        ] {
            assert_eq!(safe_next(outside), None, "{outside}");
        }
    }
}
