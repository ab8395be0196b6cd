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
