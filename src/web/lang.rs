use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::domain::Language;

/// The visitor's language: `?lang=xx` first, then `Accept-Language`, then
/// English.
#[derive(Clone, Copy, Debug)]
pub struct Lang(pub Language);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let from_query = parts.uri.query().and_then(|query| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("lang="))
                .and_then(Language::parse)
        });
        let from_header = || {
            parts
                .headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::from_accept_language)
        };
        Ok(Lang(from_query.or_else(from_header).unwrap_or_default()))
    }
}
