use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Uri};
use axum::response::Response;

use crate::domain::Language;

const COOKIE_NAME: &str = "lang";

/// The visitor's language: `?lang=xx` first, then the language they chose
/// before (the `lang` cookie), then `Accept-Language`, then English.
#[derive(Clone, Copy, Debug)]
pub struct Lang(pub Language);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang(of(&parts.uri, &parts.headers)))
    }
}

/// The visitor's language, as [`Lang`] finds it.
pub fn of(uri: &Uri, headers: &HeaderMap) -> Language {
    from_query(uri.query())
        .or_else(|| from_cookie(headers))
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language picked in the switcher (`?lang=`), if any.
pub fn chosen(uri: &Uri) -> Option<Language> {
    from_query(uri.query())
}

fn from_query(query: Option<&str>) -> Option<Language> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Language::parse)
}

fn from_cookie(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("lang="))
        .and_then(Language::parse)
}

/// A language picked in the switcher (`?lang=`) is remembered for the
/// visitor's next pages, so a link without `?lang=` keeps their choice. The
/// cookie holds a language code only, nothing about the person.
pub fn remember(response: &mut Response, chosen: Option<Language>) {
    if let Some(language) = chosen
        && let Ok(cookie) = HeaderValue::from_str(&format!(
            "{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            language.code()
        ))
    {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_cookie() {
        assert_eq!(from_query(Some("a=1&lang=hu")), Some(Language::Hu));
        assert_eq!(from_query(Some("lang=de")), None);
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("theme=dark; lang=lt"));
        assert_eq!(from_cookie(&headers), Some(Language::Lt));
    }
}
