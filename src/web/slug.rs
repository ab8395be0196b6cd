//! The `{slug}` of a route, parsed at the edge: a path segment that is not a
//! valid [`Slug`] is answered 404 before a handler, the database or a
//! `Location` header sees it.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::error::PageError;
use super::lang::Lang;
use crate::domain::slug::Slug;

impl<S: Send + Sync> FromRequestParts<S> for Slug {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Ok(Lang(language)) = Lang::from_request_parts(parts, state).await;
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| PageError::NotFound(language))?;
        Slug::parse(&raw).ok_or(PageError::NotFound(language))
    }
}

/// Whether `path` carries a `%XX` escape of a C0 control or DEL (NUL, CR,
/// LF, ...). Such a path is answered with the 404 page before any route
/// (src/web/front.rs): no route has one, and PostgreSQL refuses NUL in
/// text, so a dashboard handler that looks up a `{id}` would otherwise
/// answer 500 instead of "not found".
pub fn has_encoded_control(path: &str) -> bool {
    path.as_bytes().windows(3).any(|w| {
        w[0] == b'%'
            && std::str::from_utf8(&w[1..])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .is_some_and(|byte| byte < 0x20 || byte == 0x7f)
    })
}

#[cfg(test)]
mod tests {
    use super::has_encoded_control;

    #[test]
    fn encoded_controls_are_found_and_ordinary_escapes_are_not() {
        for path in ["/admin/registrations/%00", "/x/%0d%0a", "/a%7F", "/a/%1f"] {
            assert!(has_encoded_control(path), "{path}");
        }
        for path in [
            "/events/women-2027",
            "/e/caf%C3%A9",
            "/a%20b",
            "/%",
            "/%0",
            "/%zz",
        ] {
            assert!(!has_encoded_control(path), "{path}");
        }
    }
}
