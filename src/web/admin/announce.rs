//! Writing to an event's attendees: the form, a preview of the email (the
//! confirmation step: nothing is sent before it), and then how many of the
//! announcement's emails have left.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::auth::Staff;
use super::error::AdminError;
use super::layout::{admin_page, csrf_field};
use crate::domain::{FieldErrors, Language};
use crate::i18n::t;
use crate::services::announcements::{
    AnnouncementDraft, AnnouncementPreview, AnnouncementTarget, Audience,
};
use crate::services::event_changes::EventChangeError;
use crate::services::{Actor, Services};

#[derive(Debug, Default, Deserialize)]
pub struct AnnouncementFields {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    audience: String,
    /// `preview` or `send`: which button was pressed.
    #[serde(default)]
    action: String,
}

fn say(message: &str) -> &str {
    if message.starts_with("error.") {
        t(Language::En, message)
    } else {
        message
    }
}

fn refusal(error: EventChangeError) -> AdminError {
    match error {
        EventChangeError::NotFound => AdminError::NotFound,
        error => AdminError::internal(error),
    }
}

fn audience_label(target: &AnnouncementTarget, audience: Audience) -> String {
    match audience {
        Audience::Confirmed => "Confirmed attendees".into(),
        Audience::Waitlisted => "The waiting list".into(),
        Audience::Everyone => {
            "Everyone registered: confirmed, waiting list, and not yet confirmed".into()
        }
        Audience::Session(id) => {
            let title = target
                .sessions
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.title.as_str())
                .unwrap_or("?");
            format!("Confirmed attendees of the session “{title}”")
        }
    }
}

fn audiences(target: &AnnouncementTarget) -> Vec<Audience> {
    let mut all = vec![
        Audience::Confirmed,
        Audience::Waitlisted,
        Audience::Everyone,
    ];
    all.extend(target.sessions.iter().map(|s| Audience::Session(s.id)));
    all
}

fn announce_page(
    staff: &Staff,
    target: &AnnouncementTarget,
    fields: &AnnouncementFields,
    errors: &FieldErrors,
    preview: Option<&AnnouncementPreview>,
) -> Markup {
    let event = &target.event;
    let action = format!("/admin/events/{}/announce", event.slug);
    let chosen = Audience::parse(&fields.audience).unwrap_or(Audience::Confirmed);
    let error = |field: &str| errors.get(field).map(say);
    let described = |field: &str, id: &'static str| error(field).map(|_| id);
    html! {
        h1 { "Write to the attendees" }
        p { "Event: " a href={ "/admin/events/" (event.slug) } { (event.title) } }
        @if let Some(preview) = preview {
            section.card.announce-preview aria-labelledby="preview-heading" {
                h2 #preview-heading { "Preview" }
                p { "To: " strong { (audience_label(target, chosen)) } " — "
                    strong { (preview.recipients) } @if preview.recipients == 1 { " person" } @else { " people" } }
                p { "Subject: " strong { (preview.subject) " – " (event.title) } }
                h3 { "As an HTML email" }
                div.announce-html { (PreEscaped(&preview.body_html)) }
                h3 { "As plain text" }
                pre.announce-text { (preview.body_text) }
                p.hint { "Each email also greets the attendee by name and ends with the event's details." }
            }
        }
        form method="post" action=(action) novalidate {
            (csrf_field(&staff.csrf))
            div.field {
                label for="audience" { "Who receives it" }
                @if let Some(message) = error("audience") {
                    span.error-text #audience-error { (message) }
                }
                select #audience name="audience"
                    aria-invalid=[error("audience").map(|_| "true")]
                    aria-describedby=[described("audience", "audience-error")] {
                    @for audience in audiences(target) {
                        option value=(audience.value()) selected[audience == chosen] { (audience_label(target, audience)) }
                    }
                }
            }
            div.field {
                label for="subject" { "Subject" }
                @if let Some(message) = error("subject") {
                    span.error-text #subject-error { (message) }
                }
                input #subject type="text" name="subject" value=(fields.subject) maxlength="200"
                    aria-invalid=[error("subject").map(|_| "true")]
                    aria-describedby=[described("subject", "subject-error")];
            }
            div.field {
                label for="body" { "Message" }
                span.hint #body-hint { "Markdown: **bold**, _italic_, [a link](https://…), lists with “- ”." }
                @if let Some(message) = error("body") {
                    span.error-text #body-error { (message) }
                }
                textarea #body name="body" rows="12"
                    aria-invalid=[error("body").map(|_| "true")]
                    aria-describedby=(if error("body").is_some() { "body-hint body-error" } else { "body-hint" }) { (fields.body) }
            }
            div.announce-actions {
                button type="submit" name="action" value="preview" { "Preview" }
                @if let Some(preview) = preview {
                    " "
                    button type="submit" name="action" value="send" {
                        "Send to " (preview.recipients) @if preview.recipients == 1 { " person" } @else { " people" }
                    }
                }
            }
            @if preview.is_none() {
                p.hint { "You see the email before anything is sent." }
            }
        }
    }
}

pub async fn form(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
) -> Result<Markup, AdminError> {
    let target = services.announcement_target(&slug).await.map_err(refusal)?;
    let body = announce_page(
        &staff,
        &target,
        &AnnouncementFields::default(),
        &FieldErrors::default(),
        None,
    );
    Ok(admin_page(&staff, "Write to the attendees", body))
}

pub async fn submit(
    staff: Staff,
    State(services): State<Services>,
    Path(slug): Path<String>,
    Form(fields): Form<AnnouncementFields>,
) -> Result<Response, AdminError> {
    let target = services.announcement_target(&slug).await.map_err(refusal)?;
    let mut errors = FieldErrors::default();
    let audience = Audience::parse(&fields.audience);
    if audience.is_none() {
        errors.add("audience", "choose who receives the message");
    }
    let draft = AnnouncementDraft {
        subject: fields.subject.clone(),
        body: fields.body.clone(),
        audience: audience.unwrap_or(Audience::Confirmed),
    };
    let outcome = if errors.is_empty() {
        if fields.action == "send" {
            match services
                .announce_to(&slug, &draft, Actor::Organizer(staff.member.email.clone()))
                .await
            {
                Ok(sent) => {
                    return Ok(Redirect::to(&format!(
                        "/admin/events/{slug}/announcements/{}",
                        sent.announcement_id
                    ))
                    .into_response());
                }
                Err(error) => Err(error),
            }
        } else {
            services.preview_announcement(&slug, &draft).await.map(Some)
        }
    } else {
        Ok(None)
    };
    let preview = match outcome {
        Ok(preview) => preview,
        Err(EventChangeError::Invalid { field, message }) => {
            errors.add(field, message);
            None
        }
        Err(error) => return Err(refusal(error)),
    };
    let body = announce_page(&staff, &target, &fields, &errors, preview.as_ref());
    let page = admin_page(&staff, "Write to the attendees", body);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page).into_response())
}

/// How one announcement's emails are doing. Reload to follow them.
pub async fn status(
    staff: Staff,
    State(services): State<Services>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Markup, AdminError> {
    let target = services.announcement_target(&slug).await.map_err(refusal)?;
    let delivery = services
        .announcement_delivery(&slug, &id)
        .await
        .map_err(refusal)?;
    if delivery.total() == 0 {
        // No such batch, or one written to nobody: say so rather than 404,
        // since an announcement to an empty audience was still made.
        return Ok(admin_page(
            &staff,
            "Announcement",
            html! {
                h1 { "Announcement" }
                p { "No email belongs to this announcement: its audience was empty." }
                p { a href={ "/admin/events/" (slug) "/announce" } { "Write another message" } }
            },
        ));
    }
    Ok(admin_page(
        &staff,
        "Announcement",
        html! {
            h1 { "Announcement" }
            p { "Event: " a href={ "/admin/events/" (slug) } { (target.event.title) } }
            div.notice.ok role="status" {
                p { "The announcement is on its way to " (delivery.total()) " people." }
            }
            div.table-wrap {
                table.counts.announce-counts {
                    thead { tr { th scope="col" { "Emails" } th.num scope="col" { "Count" } } }
                    tbody {
                        tr { th scope="row" { "Sent" } td.num #sent { (delivery.sent) } }
                        tr { th scope="row" { "Waiting to be sent" } td.num #pending { (delivery.pending) } }
                        tr { th scope="row" { "Failed" } td.num #failed { (delivery.failed) } }
                    }
                }
            }
            p { "Reload the page to see the counts move. "
                @if delivery.failed > 0 {
                    "Failed emails are listed in the " a href={ "/admin/outbox?status=failed&event=" (slug) } { "outbox" } ", where you can send them again."
                }
            }
            p { a href={ "/admin/events/" (slug) "/announce" } { "Write another message" } }
        },
    ))
}
