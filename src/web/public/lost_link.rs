//! "Lost your link?": a one-field form on the event page (and on a page of
//! its own, which also shows a rejected address) that emails a registrant
//! their manage link again. The answer never says whether the address is
//! registered: known or not, it is the same page with the same status.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use crate::domain::Language;
use crate::domain::slug::Slug;
use crate::i18n::t;
use crate::services::Services;
use crate::services::catalog::PublicEvent;
use crate::services::lost_links::LostLinkError;
use crate::web::error::PageError;
use crate::web::lang::Lang;
use crate::web::views::error_summary::{self, SummaryItem, error_summary};
use crate::web::views::layout::{Frame, page_with};

/// The form, as the event page and the form's own page show it: with the
/// address typed and its error after a rejected one.
pub fn lost_link_section(
    language: Language,
    slug: &str,
    typed: &str,
    error: Option<&'static str>,
) -> Markup {
    let summary: Vec<SummaryItem> = error
        .map(|message| SummaryItem {
            target: "lost-link-email".into(),
            label: t(language, "form.email").to_owned(),
            label_lang: None,
            message: t(language, message).to_owned(),
        })
        .into_iter()
        .collect();
    let described = match error {
        Some(_) => "lost-link-email-error lost-link-intro",
        None => "lost-link-intro",
    };
    html! {
        section.card.lost-link aria-labelledby="lost-link-title" {
            h2 #lost-link-title { (t(language, "lost_link.title")) }
            p #lost-link-intro { (t(language, "lost_link.intro")) }
            form method="post" action={ "/events/" (slug) "/lost-link?lang=" (language.code()) (error_summary::ANCHOR) } novalidate {
                (error_summary(t(language, "summary.title"), None, &summary))
                div.field {
                    label for="lost-link-email" { (t(language, "form.email")) }
                    @if let Some(message) = error {
                        span.error-text #lost-link-email-error { (t(language, message)) }
                    }
                    input #lost-link-email type="email" name="email" value=(typed) maxlength="254"
                        autocomplete="email" required aria-invalid=[error.map(|_| "true")]
                        aria-describedby=(described);
                }
                button type="submit" { (t(language, "lost_link.submit")) }
            }
        }
    }
}

/// `GET /events/{slug}/lost-link`: the form on a page of its own. Shows;
/// changes nothing.
pub async fn form(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
) -> Result<Markup, PageError> {
    let event = super::published(&services, language, &slug).await?;
    Ok(form_page(language, &event, "", None))
}

/// `POST /events/{slug}/lost-link`: `email`. The same page and status (200)
/// for every well-formed address; 422 with the field named for one that is
/// not an address.
pub async fn send(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let typed = pairs
        .iter()
        .find(|(name, _)| name == "email")
        .map(|(_, value)| value.as_str())
        .unwrap_or("");
    match services.send_lost_link(&slug, typed).await {
        Ok(outcome) => {
            tracing::debug!(?outcome, "lost link asked for");
            let event = super::published(&services, language, &slug).await?;
            Ok(sent_page(language, &event).into_response())
        }
        Err(LostLinkError::Invalid(message)) => {
            let event = super::published(&services, language, &slug).await?;
            let page = form_page(language, &event, typed, Some(message));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(LostLinkError::NotFound) => Err(PageError::NotFound(language)),
        Err(LostLinkError::Database(e)) => Err(PageError::internal(language, e)),
    }
}

fn frame(event: &PublicEvent) -> Frame<'_> {
    Frame {
        organizer: Some(&event.record.event.organizer_name),
        noindex: true,
    }
}

fn form_page(
    language: Language,
    event: &PublicEvent,
    typed: &str,
    error: Option<&'static str>,
) -> Markup {
    let record = &event.record.event;
    page_with(
        language,
        t(language, "lost_link.title"),
        frame(event),
        html! {
            h1 lang=(record.language) { a href={ "/events/" (record.slug) "?lang=" (language.code()) } { (record.title) } }
            (lost_link_section(language, &record.slug, typed, error))
        },
    )
}

/// The neutral answer: nothing in it depends on the address.
fn sent_page(language: Language, event: &PublicEvent) -> Markup {
    let record = &event.record.event;
    let title = t(language, "lost_link.sent_title");
    page_with(
        language,
        title,
        frame(event),
        html! {
            h1 { (title) }
            p.notice.ok { (t(language, "lost_link.sent_text")) }
            p { a href={ "/events/" (record.slug) "?lang=" (language.code()) } lang=(record.language) { (record.title) } }
        },
    )
}
