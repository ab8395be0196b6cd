//! Staff accounts: one's own, and (for administrators) everyone's —
//! create, change role, disable, reset password.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use crate::domain::{FieldErrors, Language, Role};
use crate::i18n::t;
use crate::services::Actor;
use crate::services::Services;
use crate::services::accounts::{Account, AccountError, AccountForm};
use crate::web::views::error_summary::{self, error_summary};

#[derive(Debug, Default, Deserialize)]
pub struct NewAccountFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct RoleField {
    #[serde(default)]
    role: String,
}

fn actor(staff: &Staff) -> Actor {
    Actor::Organizer(staff.member.email.clone())
}

/// A domain message in words: the shared checks return i18n keys.
fn say(message: &str) -> &str {
    if message.starts_with("error.") {
        t(Language::En, message)
    } else {
        message
    }
}

/// An account id from the path; anything else is a page that does not
/// exist.
fn account_id(raw: &str) -> Result<i64, AdminError> {
    raw.parse().map_err(|_| AdminError::NotFound)
}

pub async fn own(staff: Staff) -> Markup {
    let member = &staff.member;
    admin_page(
        &staff,
        "Your account",
        html! {
            h1 { "Your account" }
            dl.facts.card {
                dt { "Name" } dd { (member.name) }
                dt { "Email" } dd { (member.email) }
                dt { "Role" } dd { (member.role.label()) }
            }
            @if member.role == Role::CheckIn {
                p { "Your role gives access to the check-in screen on the day of an event." }
            }
        },
    )
}

/// What the accounts page shows besides the list: the create form as typed
/// and its errors, and an error beside one account's role.
#[derive(Default)]
struct PageState {
    form: NewAccountFields,
    form_errors: FieldErrors,
    role_error: Option<(i64, String)>,
    notice: Option<Markup>,
}

async fn accounts_page(
    staff: &Staff,
    services: &Services,
    state: PageState,
) -> Result<Markup, AdminError> {
    let accounts = services.accounts().await?;
    let error = |field: &str| state.form_errors.get(field).map(say);
    Ok(admin_page(
        staff,
        "Accounts",
        html! {
            h1 { "Accounts" }
            @if let Some(notice) = &state.notice { (notice) }
            div.table-wrap {
                table {
                    thead {
                        tr {
                            th scope="col" { "Name" }
                            th scope="col" { "Email" }
                            th scope="col" { "Role" }
                            th scope="col" { "Actions" }
                        }
                    }
                    tbody {
                        @for account in &accounts {
                            (account_row(staff, account, state.role_error.as_ref()))
                        }
                    }
                }
            }
            section.card #new-account {
                h2 { "New account" }
                p { "A password is generated and shown once, for you to pass on." }
                // A rejected form's answer opens at its error summary.
                form method="post" action={ "/admin/accounts" (error_summary::ANCHOR) } novalidate {
                    (error_summary(
                        "There is a problem",
                        None,
                        &super::event_form::summary_items_of(
                            &state.form_errors,
                            &[("email", "Email"), ("name", "Name"), ("role", "Role")],
                        ),
                    ))
                    (csrf_field(&staff.csrf))
                    (text_field("email", "Email", "email", &state.form.email, error("email")))
                    (text_field("name", "Name", "text", &state.form.name, error("name")))
                    div.field {
                        label for="role" { "Role" }
                        @if let Some(message) = error("role") {
                            span.error-text #role-error { (message) }
                        }
                        (role_select("role", "role", Role::parse(&state.form.role), error("role").is_some()))
                    }
                    button type="submit" { "Create the account" }
                }
            }
        },
    ))
}

fn text_field(id: &str, label: &str, kind: &str, value: &str, error: Option<&str>) -> Markup {
    let error_id = format!("{id}-error");
    html! {
        div.field {
            label for=(id) { (label) }
            @if let Some(message) = error {
                span.error-text id=(error_id) { (message) }
            }
            input id=(id) type=(kind) name=(id) value=(value)
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| error_id.as_str())];
        }
    }
}

fn role_select(id: &str, name: &str, chosen: Option<Role>, invalid: bool) -> Markup {
    html! {
        select id=(id) name=(name) aria-invalid=[invalid.then_some("true")]
            aria-describedby=[invalid.then(|| format!("{id}-error"))] {
            @if chosen.is_none() {
                option value="" selected { "Choose a role" }
            }
            @for role in Role::ALL {
                option value=(role.as_str()) selected[chosen == Some(role)] { (role.label()) }
            }
        }
    }
}

fn account_row(staff: &Staff, account: &Account, role_error: Option<&(i64, String)>) -> Markup {
    let select_id = format!("role-{}", account.id);
    let error = role_error
        .filter(|(id, _)| *id == account.id)
        .map(|(_, m)| m);
    html! {
        tr {
            td {
                (account.name)
                @if account.id == staff.member.id { " (you)" }
            }
            td { (account.email) }
            td {
                @if account.disabled_at.is_some() {
                    span.badge.off { "disabled" } " "
                }
                form.inline method="post" action={ "/admin/accounts/" (account.id) "/role" } {
                    (csrf_field(&staff.csrf))
                    label.visually-hidden for=(select_id) { "Role of " (account.email) }
                    @if let Some(message) = error {
                        span.error-text id={ (select_id) "-error" } { (message) }
                    }
                    (role_select(&select_id, "role", Some(account.role), error.is_some()))
                    button.small type="submit" { "Change role" }
                }
            }
            td {
                ul.links {
                    li { a href={ "/admin/accounts/" (account.id) "/password" } { "Reset password" } }
                    @if account.disabled_at.is_none() {
                        li { a href={ "/admin/accounts/" (account.id) "/disable" } { "Disable" } }
                    }
                }
            }
        }
    }
}

pub async fn index(staff: Staff, State(services): State<Services>) -> Result<Markup, AdminError> {
    accounts_page(&staff, &services, PageState::default()).await
}

pub async fn create(
    staff: Staff,
    State(services): State<Services>,
    Form(fields): Form<NewAccountFields>,
) -> Result<Response, AdminError> {
    let form = AccountForm {
        email: fields.email.clone(),
        name: fields.name.clone(),
        role: fields.role.clone(),
    };
    let refused = |errors: FieldErrors| PageState {
        form: fields,
        form_errors: errors,
        ..PageState::default()
    };
    let state = match services.create_account(&form, None, &actor(&staff)).await {
        Ok((member, password)) => {
            let password = password.map(|p| p.as_str().to_owned()).unwrap_or_default();
            let notice = html! {
                div.notice.ok role="status" {
                    p { "The account of " strong { (member.email) } " is ready, with the role " (member.role.label()) "." }
                    p { "Its password, shown only this once: " code.secret { (password) } }
                }
            };
            let page = accounts_page(
                &staff,
                &services,
                PageState {
                    notice: Some(notice),
                    ..PageState::default()
                },
            )
            .await?;
            return Ok((StatusCode::CREATED, page).into_response());
        }
        Err(AccountError::Invalid(errors)) => refused(errors),
        Err(AccountError::EmailTaken) => {
            let mut errors = FieldErrors::default();
            errors.add("email", "there is already an account for this email");
            refused(errors)
        }
        Err(error) => return Err(AdminError::internal(error)),
    };
    let page = accounts_page(&staff, &services, state).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn change_role(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
    Form(field): Form<RoleField>,
) -> Result<Response, AdminError> {
    let id = account_id(&id)?;
    match services.change_role(id, &field.role, &actor(&staff)).await {
        Ok(_) => Ok(Redirect::to("/admin/accounts").into_response()),
        Err(AccountError::Invalid(errors)) => {
            let message = errors.get("role").map(say).unwrap_or("choose a role");
            let state = PageState {
                role_error: Some((id, message.to_owned())),
                ..PageState::default()
            };
            let page = accounts_page(&staff, &services, state).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => Err(refusal(error)),
    }
}

fn refusal(error: AccountError) -> AdminError {
    match error {
        AccountError::NotFound => AdminError::NotFound,
        AccountError::LastAdmin => AdminError::Conflict(
            "At least one active administrator must remain: give another account the administrator role first.".into(),
        ),
        error => AdminError::internal(error),
    }
}

/// A confirmation page for a change that cannot be undone.
fn confirmation(staff: &Staff, title: &str, text: Markup, action: &str, button: &str) -> Markup {
    admin_page(
        staff,
        title,
        html! {
            h1 { (title) }
            (text)
            form method="post" action=(action) {
                (csrf_field(&staff.csrf))
                button.secondary type="submit" { (button) }
                " "
                a href="/admin/accounts" { "Cancel" }
            }
        },
    )
}

pub async fn confirm_disable(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let account = services
        .account(account_id(&id)?)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok(confirmation(
        &staff,
        "Disable an account",
        html! {
            p { "Disable the account of " strong { (account.name) " (" (account.email) ")" } "?" }
            p { "They are logged out at once and can no longer log in." }
        },
        &format!("/admin/accounts/{}/disable", account.id),
        "Disable the account",
    ))
}

pub async fn disable(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Redirect, AdminError> {
    services
        .disable_account(account_id(&id)?, &actor(&staff))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/admin/accounts"))
}

pub async fn confirm_reset(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let account = services
        .account(account_id(&id)?)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok(confirmation(
        &staff,
        "Reset a password",
        html! {
            p { "Give " strong { (account.name) " (" (account.email) ")" } " a new password?" }
            p { "The old password stops working and they are logged out. The new one is shown to you once." }
        },
        &format!("/admin/accounts/{}/password", account.id),
        "Reset the password",
    ))
}

pub async fn reset_password(
    staff: Staff,
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Markup, AdminError> {
    let (account, password) = services
        .reset_password(account_id(&id)?, None, &actor(&staff))
        .await
        .map_err(refusal)?;
    let password = password.map(|p| p.as_str().to_owned()).unwrap_or_default();
    Ok(admin_page(
        &staff,
        "New password",
        html! {
            h1 { "New password" }
            div.notice.ok role="status" {
                p { "The new password of " strong { (account.email) } ", shown only this once:" }
                p { code.secret { (password) } }
            }
            @if account.id == staff.member.id {
                p { "This was your own account: log in again with the new password." }
            }
            p { a href="/admin/accounts" { "Back to the accounts" } }
        },
    ))
}
