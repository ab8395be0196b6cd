use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::events::event_page;
use super::form::FormValues;
use super::self_service;
use crate::domain::event::EventStatus;
use crate::domain::slug::Slug;
use crate::domain::{Language, RegistrationStatus};
use crate::i18n::countries::country_name;
use crate::i18n::dates as format;
use crate::i18n::{t, tf};
use crate::services::Services;
use crate::services::invites::CalendarLinks;
use crate::services::registrations::{AttendeeView, NextPage, RegisterError, Verified};
use crate::services::{Refusal, WriteError};
use crate::web::error::PageError;
use crate::web::lang::Lang;
use crate::web::views::layout::{Frame, page, page_with};

/// `POST /events/{slug}/register`
pub async fn create(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let values = FormValues::from_pairs(pairs);
    if values.is_bot() {
        // Answer as a registration would, and store nothing.
        return Ok(see_other(&format!(
            "/events/{slug}/registered?lang={}",
            language.code()
        )));
    }
    match services.register(&slug, values.to_raw(), language).await {
        // Whoever knows an address must not get that person's manage link,
        // nor learn whether it is registered: see `NextPage`.
        Ok(NextPage::CheckEmail) => Ok(see_other(&format!(
            "/events/{slug}/registered?lang={}",
            language.code()
        ))),
        Ok(NextPage::Attendee { manage_token }) => Ok(see_other(&format!("/r/{manage_token}"))),
        Err(RegisterError::Invalid(errors)) => {
            let event = services
                .catalog
                .by_slug(&slug)
                .await
                .map_err(|e| PageError::internal(language, e))?
                .ok_or(PageError::NotFound(language))?;
            let seats = services.catalog.seats(&event);
            let body = event_page(language, &event, &seats, &values, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(error) => Err(register_error(language, &slug, error)),
    }
}

fn register_error(language: Language, slug: &str, error: RegisterError) -> PageError {
    let back = Some(format!("/events/{slug}?lang={}", language.code()));
    match error {
        RegisterError::NotFound | RegisterError::Refused(Refusal::NoSuchEvent) => {
            PageError::NotFound(language)
        }
        RegisterError::Refused(Refusal::Full) => PageError::Conflict {
            language,
            title_key: "error.full",
            text_key: "event.full_closed",
            back,
        },
        RegisterError::Refused(Refusal::Window(_)) => PageError::Conflict {
            language,
            title_key: "error.closed",
            text_key: "event.closed",
            back,
        },
        RegisterError::Write(WriteError::Busy | WriteError::Timeout) => PageError::Busy(language),
        other => PageError::internal(language, other),
    }
}

/// 303 See Other: the browser then GETs the page.
fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}

/// `GET /events/{slug}/registered`: the neutral "check your email" page,
/// the same for a new and a repeated address (and for bots). On an event
/// with verification it asks to open the email's link; elsewhere it
/// answers a repeated address without saying that it is registered.
pub async fn registered(
    State(services): State<Services>,
    Lang(language): Lang,
    slug: Slug,
) -> Result<Markup, PageError> {
    let event = super::published(&services, language, &slug).await?;
    let title = t(language, "registered.title");
    let text = match services.verify_hold_minutes() {
        // The same words whether a seat was free or not: the page must not
        // tell whether the address is registered.
        Some(minutes) if event.record.event.requires_verification => tf(
            language,
            "hold-registered-text",
            &[("minutes", minutes.into())],
        ),
        None if event.record.event.requires_verification => {
            t(language, "registered.verify_text").to_owned()
        }
        _ => t(language, "registered.text").to_owned(),
    };
    Ok(page(
        language,
        title,
        html! {
            h1 { (title) }
            p.notice.ok { (text) }
            p { a href={ "/events/" (event.record.event.slug) "?lang=" (language.code()) } { (event.record.event.title) } }
        },
    ))
}

/// `GET /r/{token}`: the attendee's own page (after a change of their
/// details, `?saved=` says it was saved).
pub async fn show(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Markup, PageError> {
    let view = services
        .attendee(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    let links = services.calendar_links(&view.event);
    let saved = query
        .iter()
        .find(|(k, _)| k == self_service::SAVED)
        .map(|(_, v)| match v.as_str() {
            self_service::SAVED_WITH_INVITE => "self-service-saved-invite",
            _ => "self-service-saved",
        });
    Ok(attendee_page(language, &token, &view, &links, saved))
}

/// `GET /r/{token}/cancel`: what cancelling will do, and a button that
/// does it (POST). Nothing changes here: a link opened by a mail scanner or
/// a stray click cancels nothing. A registration that cannot be cancelled
/// any more sends the visitor back to its page.
pub async fn confirm_cancel(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let view = services
        .attendee(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    if !cancellable(&view) {
        return Ok(see_other(&format!("/r/{token}?lang={}", language.code())));
    }
    Ok(cancel_page(language, &token, &view).into_response())
}

/// Whether the attendee may still cancel: a live registration of an event
/// that has not ended.
fn cancellable(view: &AttendeeView) -> bool {
    view.status != RegistrationStatus::Cancelled
        && view.event.status != EventStatus::Cancelled
        && view.event.ends_at > chrono::Utc::now()
}

fn cancel_page(language: Language, token: &str, view: &AttendeeView) -> Markup {
    let event = &view.event;
    let tz: chrono_tz::Tz = event
        .timezone
        .parse()
        .unwrap_or(chrono_tz::Europe::Brussels);
    let waitlisted = view.status == RegistrationStatus::Waitlisted;
    let consequence = match view.status {
        RegistrationStatus::Waitlisted => "cancel.waitlist",
        RegistrationStatus::Pending => "cancel.pending",
        _ if event.waitlist_enabled => "cancel.seat_to_waitlist",
        _ => "cancel.seat_free",
    };
    let title = if waitlisted {
        t(language, "cancel.title_waitlist")
    } else {
        t(language, "cancel.title")
    };
    page_with(
        language,
        title,
        attendee_frame(&event.organizer_name),
        html! {
            p.meta lang=(event.language) { (event.title) " · " (format::span(language, tz, event.starts_at, event.ends_at)) }
            h1 { (title) }
            section.card {
                ul {
                    li { (t(language, consequence)) }
                    @if view.status != RegistrationStatus::Pending { li { (t(language, "cancel.email")) } }
                    li { (t(language, "cancel.again")) }
                }
                form.actions method="post" action={ "/r/" (token) "/cancel?lang=" (language.code()) } {
                    button.secondary type="submit" {
                        @if waitlisted { (t(language, "cancel.confirm_waitlist")) } @else { (t(language, "cancel.confirm")) }
                    }
                    a.button.plain href={ "/r/" (token) "?lang=" (language.code()) } { (t(language, "cancel.keep")) }
                }
            }
        },
    )
}

/// `POST /r/{token}/cancel`
pub async fn cancel(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    match services.cancel_by_token(&token).await {
        Ok(Some(_)) => Ok(see_other(&format!("/r/{token}?lang={}", language.code()))),
        Ok(None) | Err(WriteError::NotFound) => Err(PageError::NotFound(language)),
        Err(WriteError::Busy | WriteError::Timeout) => Err(PageError::Busy(language)),
        Err(other) => Err(PageError::internal(language, other)),
    }
}

/// `GET /v/{secret}`: the link of the double opt-in email. It only shows
/// the registration and a button: mail systems open links to scan them,
/// and a scanner must confirm nothing.
pub async fn verification(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(secret): Path<String>,
) -> Result<Markup, PageError> {
    let view = services
        .to_verify(&secret)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    if view.hold_expired() {
        return Ok(hold_expired_page(language, &view.event.slug));
    }
    Ok(verification_page(language, &secret, &view))
}

/// A verification link opened after its seat hold ran out: nothing is
/// registered any more, and the way back is registering again.
fn hold_expired_page(language: Language, event_slug: &str) -> Markup {
    let title = t(language, "hold-expired-title");
    let frame = Frame {
        organizer: None,
        noindex: true,
    };
    page_with(
        language,
        title,
        frame,
        html! {
            h1 { (title) }
            p.notice.error { (t(language, "hold-expired-text")) }
            p { a.button href={ "/events/" (event_slug) "?lang=" (language.code()) } { (t(language, "hold-register-again")) } }
        },
    )
}

/// `POST /v/{secret}`: confirms the address, then shows the registration.
pub async fn verify(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    match services.verify_address(&secret).await {
        Ok(Some(Verified {
            manage_token,
            outcome: Ok(_),
            ..
        })) => Ok(see_other(&format!(
            "/r/{manage_token}?lang={}",
            language.code()
        ))),
        Ok(Some(Verified {
            outcome: Err(Refusal::HoldExpired),
            event_slug,
            ..
        })) => Ok((
            StatusCode::CONFLICT,
            hold_expired_page(language, &event_slug),
        )
            .into_response()),
        Ok(Some(Verified {
            outcome: Err(Refusal::Full),
            ..
        })) => Err(PageError::Conflict {
            language,
            title_key: "error.full",
            text_key: "attendee.verify_full",
            back: None,
        }),
        Ok(Some(Verified {
            outcome: Err(Refusal::Window(_)),
            ..
        })) => Err(PageError::Conflict {
            language,
            title_key: "error.closed",
            text_key: "attendee.verify_closed",
            back: None,
        }),
        Ok(None)
        | Ok(Some(Verified {
            outcome: Err(Refusal::NoSuchEvent),
            ..
        }))
        | Err(WriteError::NotFound) => Err(PageError::NotFound(language)),
        Err(WriteError::Busy | WriteError::Timeout) => Err(PageError::Busy(language)),
        Err(other) => Err(PageError::internal(language, other)),
    }
}

fn verification_page(language: Language, secret: &str, view: &AttendeeView) -> Markup {
    let event = &view.event;
    let r = &view.registration;
    let tz: chrono_tz::Tz = event
        .timezone
        .parse()
        .unwrap_or(chrono_tz::Europe::Brussels);
    let title = t(language, "attendee.verify_title");
    html! {
        (page_with(language, title, attendee_frame(&event.organizer_name), html! {
            p.meta { (title) }
            h1 lang=(event.language) { (event.title) }
            section.card {
                dl.facts {
                    dt { (t(language, "attendee.name")) } dd { (r.first_name) " " (r.last_name) }
                    dt { (t(language, "form.email")) } dd { (r.email) }
                    dt { (t(language, "event.when")) } dd { (format::span(language, tz, event.starts_at, event.ends_at)) }
                    dt { (t(language, "attendee.status")) } dd { (t(language, status_key(view.status))) }
                }
                @if view.status == RegistrationStatus::Pending {
                    p { (t(language, "attendee.verify_text")) }
                    @if let Some(until) = view.held_until() {
                        p.notice.ok { (tf(language, "hold-until", &[("time", format!("{} ({})", format::clock(until.with_timezone(&tz)), format::zone(tz, until)).into())])) }
                    }
                    form method="post" action={ "/v/" (secret) "?lang=" (language.code()) } {
                        button type="submit" { (t(language, "attendee.verify_button")) }
                    }
                } @else {
                    p { a href={ "/r/" (r.manage_token) "?lang=" (language.code()) } { (t(language, "attendee.open")) } }
                }
            }
        }))
    }
}

/// An attendee's pages (`/r/…`, `/v/…`): the event's organizer in the
/// footer, and no search engine may index them.
fn attendee_frame(organizer: &str) -> Frame<'_> {
    Frame {
        organizer: Some(organizer),
        noindex: true,
    }
}

fn status_key(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => "status.confirmed",
        RegistrationStatus::Waitlisted => "status.waitlisted",
        RegistrationStatus::Pending => "status.pending",
        RegistrationStatus::Cancelled => "status.cancelled",
    }
}

/// `GET /r/{token}/invite.ics`: the invite of a confirmed registration;
/// anyone else has none (404).
pub async fn invite(
    State(services): State<Services>,
    Lang(language): Lang,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let view = services
        .attendee(&token)
        .await
        .map_err(|e| PageError::internal(language, e))?
        .ok_or(PageError::NotFound(language))?;
    let body = services
        .attendee_invite(&view)
        .ok_or(PageError::NotFound(language))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8; method=REQUEST".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"invite.ics\"".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}

fn attendee_page(
    language: Language,
    token: &str,
    view: &AttendeeView,
    links: &CalendarLinks,
    saved: Option<&'static str>,
) -> Markup {
    let event = &view.event;
    let tz: chrono_tz::Tz = event
        .timezone
        .parse()
        .unwrap_or(chrono_tz::Europe::Brussels);
    let r = &view.registration;
    let (badge_class, status_key, text_key) = match view.status {
        RegistrationStatus::Confirmed => ("ok", "status.confirmed", "attendee.confirmed_text"),
        RegistrationStatus::Waitlisted => ("warn", "status.waitlisted", "attendee.waitlisted_text"),
        RegistrationStatus::Pending => ("warn", "status.pending", "attendee.pending_text"),
        RegistrationStatus::Cancelled => ("off", "status.cancelled", "attendee.cancelled_text"),
    };
    let event_cancelled = event.status == EventStatus::Cancelled;
    html! {
        (page_with(language, t(language, "attendee.title"), attendee_frame(&event.organizer_name), html! {
            p.meta { (t(language, "attendee.title")) }
            h1 lang=(event.language) { (event.title) }
            @if event_cancelled {
                p.notice.error { (t(language, "event.cancelled")) }
            }
            @if let Some(saved) = saved {
                p.notice.ok role="status" { (t(language, saved)) }
            }
            section.card {
                p { strong { (t(language, "attendee.status")) ": " } span.badge.(badge_class) { (t(language, status_key)) } }
                p { (t(language, text_key)) }
                @if let Some(position) = view.waitlist_position {
                    p.seats { (t(language, "attendee.position")) ": " (position) }
                }
                dl.facts {
                    dt { (t(language, "event.when")) }
                    dd { (format::span(language, tz, event.starts_at, event.ends_at)) br; span.meta { (t(language, "event.time_zone")) " " (format::zone(tz, event.starts_at)) } }
                    dt { (t(language, "event.where")) }
                    dd {
                        @if !event.venue_name.is_empty() { (event.venue_name) br; (event.venue_address) }
                        @if let Some(url) = &event.online_url { br; a href=(url) rel="noopener noreferrer" { (t(language, "event.join_online")) } }
                    }
                }
            }
            section.card {
                h2 { (t(language, "attendee.details")) }
                dl.facts {
                    dt { (t(language, "attendee.name")) } dd { (r.first_name) " " (r.last_name) }
                    dt { (t(language, "form.email")) } dd { (r.email) }
                    @if !r.organization.is_empty() { dt { (t(language, "form.organization")) } dd { (r.organization) } }
                    dt { (t(language, "form.country")) } dd { (country_name(language, &r.country)) }
                }
                @if !view.sessions.is_empty() {
                    h3 { (t(language, "attendee.sessions")) }
                    ul { @for s in &view.sessions { li { (s.title) " — " (format::span(language, tz, s.starts_at, s.ends_at)) } } }
                }
                (self_service::answers_list(language, view))
                @if view.status != RegistrationStatus::Cancelled {
                    p { a href={ "/r/" (token) "/details?lang=" (language.code()) } { (t(language, "self-service-link")) } }
                }
            }
            @if view.status == RegistrationStatus::Confirmed && !event_cancelled {
                section.card {
                    h2 { (t(language, "attendee.calendar")) }
                    ul.links {
                        li { a href=(links.google) rel="noopener noreferrer" { (t(language, "attendee.google")) } }
                        li { a href=(links.outlook) rel="noopener noreferrer" { (t(language, "attendee.outlook")) } }
                        li { a href={ "/r/" (token) "/invite.ics" } { (t(language, "attendee.ics")) } }
                    }
                }
            }
            @if cancellable(view) {
                section.card {
                    h2 { (t(language, "attendee.cancel")) }
                    p { (t(language, "attendee.cancel_text")) }
                    p {
                        a.button.danger href={ "/r/" (token) "/cancel?lang=" (language.code()) } {
                            @if view.status == RegistrationStatus::Waitlisted { (t(language, "attendee.cancel_waitlist")) } @else { (t(language, "attendee.cancel")) }
                        }
                    }
                }
            }
            (super::privacy_rights::card(language, token))
            p.meta { (t(language, "attendee.keep_link")) }
            p { a href={ "/events/" (event.slug) "?lang=" (language.code()) } { (t(language, "attendee.event_page")) } }
        }))
    }
}
