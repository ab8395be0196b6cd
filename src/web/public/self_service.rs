//! The attendee changes their own registration: `GET /r/{token}/details`
//! shows the answers, sessions and email language as a form, `POST` saves
//! them and answers `303` back to `/r/{token}`, or `422` with each error
//! beside its field and the values kept. No cookie and no CSRF token: the
//! manage token in the path is the credential, and a page elsewhere cannot
//! know it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::form::{FormValues, choice_fields};
use crate::domain::{Answer, FieldErrors, Language, QuestionKind};
use crate::i18n::countries::country_name;
use crate::i18n::t;
use crate::services::Services;
use crate::services::WriteError;
use crate::services::registrations::AttendeeView;
use crate::services::self_service::{ChangeError, ChoicesForm};
use crate::web::error::PageError;
use crate::web::lang::Lang;
use crate::web::views::layout::{Frame, page_with};

/// `?saved=…` on the attendee page after a change.
pub const SAVED: &str = "saved";
/// `?saved=invite`: the change owes an updated invite.
pub const SAVED_WITH_INVITE: &str = "invite";

/// `GET /r/{token}/details`
pub async fn edit(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let form = services
        .choices_form(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    if form.view.status == crate::domain::RegistrationStatus::Cancelled {
        return Err(cancelled(language, &token));
    }
    let values = current_values(&form.view);
    Ok(details_page(language, &token, &form, &values, &FieldErrors::default()).into_response())
}

/// `POST /r/{token}/details`
pub async fn save(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let values = FormValues::from_pairs(pairs);
    let errors = match services
        .change_choices(&token, values.to_choices(), language)
        .await
    {
        Ok(changed) => {
            let saved = if changed.invite_updated {
                SAVED_WITH_INVITE
            } else {
                "1"
            };
            return Ok(Redirect::to(&format!(
                "/r/{token}?lang={}&{SAVED}={saved}",
                language.code()
            ))
            .into_response());
        }
        Err(ChangeError::Invalid(errors)) => errors,
        Err(ChangeError::SessionFull { session_id, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add(format!("session_{session_id}"), "self-service-session-full");
            errors
        }
        Err(ChangeError::NotFound) => return Err(PageError::NotFound(language)),
        Err(ChangeError::Cancelled) => return Err(cancelled(language, &token)),
        Err(ChangeError::Write(WriteError::Busy | WriteError::Timeout)) => {
            return Err(PageError::Busy(language));
        }
        Err(other) => return Err(PageError::internal(language, other)),
    };
    let form = services
        .choices_form(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    let body = details_page(language, &token, &form, &values, &errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
}

fn cancelled(language: Language, token: &str) -> PageError {
    PageError::Conflict {
        language,
        title_key: "self-service-cancelled-title",
        text_key: "self-service-cancelled",
        back: Some(format!("/r/{token}?lang={}", language.code())),
    }
}

/// The form's values as the registration stands.
fn current_values(view: &AttendeeView) -> FormValues {
    let mut pairs = vec![("language".to_owned(), view.registration.language.clone())];
    pairs.extend(
        view.sessions
            .iter()
            .map(|s| ("session".to_owned(), s.id.to_string())),
    );
    for line in &view.answers {
        let name = format!("q_{}", line.question_id);
        match &line.answer {
            Some(Answer::Text(text)) => pairs.push((name, text.clone())),
            Some(Answer::Choices(choices)) => {
                pairs.extend(choices.iter().map(|c| (name.clone(), c.clone())));
            }
            Some(Answer::Checked(true)) => pairs.push((name, "yes".to_owned())),
            Some(Answer::Checked(false)) | None => {}
        }
    }
    FormValues::from_pairs(pairs)
}

fn details_page(
    language: Language,
    token: &str,
    form: &ChoicesForm,
    values: &FormValues,
    errors: &FieldErrors,
) -> Markup {
    let event = &form.view.event;
    let title = t(language, "self-service-title");
    let frame = Frame {
        organizer: Some(&event.organizer_name),
        noindex: true,
    };
    page_with(
        language,
        title,
        frame,
        html! {
            p.meta lang=(event.language) { (event.title) }
            h1 { (title) }
            section.card {
                form method="post" action={ "/r/" (token) "/details?lang=" (language.code()) } novalidate {
                    @if !errors.is_empty() {
                        div.notice.error role="alert" #form-errors tabindex="-1" {
                            strong { (t(language, "form.errors")) }
                        }
                    }
                    p.hint { (t(language, "self-service-intro")) }
                    (choice_fields(language, &form.event, values, errors))
                    div.actions {
                        button type="submit" { (t(language, "self-service-save")) }
                        a.button.plain href={ "/r/" (token) "?lang=" (language.code()) } { (t(language, "self-service-back")) }
                    }
                }
            }
        },
    )
}

/// The attendee's answers to the event's questions, on their page.
pub fn answers_list(language: Language, view: &AttendeeView) -> Markup {
    html! {
        @if !view.answers.is_empty() {
            h3 { (t(language, "self-service-answers")) }
            dl.facts {
                @for line in &view.answers {
                    dt lang=(view.event.language) { (line.label) }
                    dd { (answer_text(language, line.kind, line.answer.as_ref())) }
                }
            }
        }
    }
}

fn answer_text(language: Language, kind: QuestionKind, answer: Option<&Answer>) -> String {
    match answer {
        None | Some(Answer::Checked(false)) => "—".to_owned(),
        Some(Answer::Checked(true)) => "✓".to_owned(),
        Some(Answer::Text(code)) if kind == QuestionKind::Country => {
            country_name(language, code).to_string()
        }
        Some(Answer::Text(text)) => text.clone(),
        Some(Answer::Choices(choices)) => choices.join(", "),
    }
}
