//! One outbox row → one email, shaped as Outlook and Gmail recognise an
//! invite:
//! `multipart/mixed { multipart/alternative { text/plain, text/html (or
//! multipart/related { html, QR png }), text/calendar; method=… }, invite.ics }`
//! for the kinds that carry an invite, a plain alternative otherwise.

use std::collections::HashMap;

use chrono::Utc;
use chrono_tz::Tz;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use sea_orm::DbErr;
use serde_json::Value;

use super::Mailer;
use super::templates::{self, EmailContext, EventView, Person, SessionView};
use crate::domain::{Language, MessageKind, RegistrationStatus, check_in, invite};
use crate::store::Database;
use crate::store::entities::{event, outbox_message, registration};
use crate::store::queries::{self, EventRecord};

const QR_CID: &str = "check-in-code";
/// Side of the QR image in pixels (approximately: whole pixels per module).
const QR_SIZE: usize = 330;

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// Will never work (registration or event gone, bad address): fail it.
    #[error("{0}")]
    Permanent(String),
    /// The database did not answer: try again later.
    #[error("database: {0}")]
    Transient(#[from] DbErr),
}

fn permanent(error: impl std::fmt::Display) -> ComposeError {
    ComposeError::Permanent(error.to_string())
}

/// What a round of claimed messages needs from the database, read with a
/// few queries for the whole round rather than several per message: their
/// registrations, their events (with the agendas) and the sessions each
/// registration chose.
#[derive(Default)]
pub struct Facts {
    registrations: HashMap<String, registration::Model>,
    events: HashMap<i64, EventRecord>,
    chosen: HashMap<String, Vec<i64>>,
}

impl Facts {
    pub async fn read(db: &Database, rows: &[outbox_message::Model]) -> Result<Self, DbErr> {
        let mut ids: Vec<String> = rows
            .iter()
            .filter_map(|row| row.registration_id.clone())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let registrations = queries::registrations_by_ids(&db.read, &ids)
            .await?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        let chosen = queries::chosen_session_ids_of(&db.read, &ids).await?;
        let mut events = HashMap::new();
        for row in rows {
            if events.contains_key(&row.event_id) {
                continue;
            }
            if let Some(record) = queries::event_by_id(&db.read, row.event_id).await? {
                events.insert(row.event_id, record);
            }
        }
        Ok(Self {
            registrations,
            events,
            chosen,
        })
    }
}

pub async fn compose(
    mailer: &Mailer,
    facts: &Facts,
    row: &outbox_message::Model,
) -> Result<Message, ComposeError> {
    let registration_id = row
        .registration_id
        .as_deref()
        .ok_or_else(|| permanent("the message has no registration"))?;
    let registration = facts
        .registrations
        .get(registration_id)
        .ok_or_else(|| permanent("the registration no longer exists"))?;
    let record = facts
        .events
        .get(&row.event_id)
        .ok_or_else(|| permanent("the event no longer exists"))?;
    let no_sessions = Vec::new();
    let chosen = facts.chosen.get(registration_id).unwrap_or(&no_sessions);
    let payload: Value = serde_json::from_str(&row.payload).unwrap_or(Value::Null);
    let event = &record.event;
    let language = Language::parse(&registration.language)
        .or_else(|| Language::parse(&event.language))
        .unwrap_or_default();

    let method = invite_method(row.kind, &payload, registration);
    let base_url = &mailer.base_url;
    let host = invite::host(base_url).to_owned();
    // A person who had their data erased is owed at most the last word
    // (the cancellation): their name rides in the outbox row until it is
    // delivered (src/store/privacy.rs), and there is no page to link.
    let erased = registration.erased_at.is_some();
    let (first_name, last_name) = if erased {
        let held: Value = row
            .erased_addressee
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .ok_or_else(|| permanent("the person's data was erased"))?;
        let name = |key: &str| {
            held.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        (name("first_name"), name("last_name"))
    } else {
        (
            registration.first_name.clone(),
            registration.last_name.clone(),
        )
    };
    let manage_url = if erased {
        String::new()
    } else {
        format!("{base_url}/r/{}", registration.manage_token)
    };
    let with_qr = method == Some(invite::InviteMethod::Request)
        && matches!(row.kind, MessageKind::Confirmation | MessageKind::Promoted);
    let check_in_url = (method == Some(invite::InviteMethod::Request))
        .then(|| check_in::link(base_url, &mailer.secret, &registration.id));

    let zone: Tz = event.timezone.parse().unwrap_or(Tz::UTC);
    let sessions = record
        .sessions
        .iter()
        .filter(|s| chosen.contains(&s.id))
        .map(|s| {
            let mut line = format!(
                "{}: {}",
                crate::i18n::dates::span(language, zone, s.starts_at, s.ends_at),
                s.title
            );
            if !s.room.trim().is_empty() {
                line.push_str(&format!(" ({})", s.room.trim()));
            }
            SessionView {
                title: s.title.clone(),
                line,
            }
        })
        .collect();
    let text_field = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
    let context = EmailContext {
        lang: language.code(),
        kind: row.kind.as_str().to_owned(),
        person: Person {
            first_name: clean_name(&first_name),
            last_name: clean_name(&last_name),
            email: row.recipient.clone(),
        },
        event: event_view(language, event, base_url),
        sessions,
        manage_url: manage_url.clone(),
        invite_url: format!("{manage_url}/invite.ics"),
        // Only the mailbox learns this link: opening it proves the address.
        verify_url: format!(
            "{base_url}/v/{}",
            check_in::sign_address(&mailer.secret, &registration.id)
        ),
        // The place in line when the message was owed, 1 for the first.
        position: payload.get("position").and_then(Value::as_u64),
        previous: text_field("previous"),
        message_subject: text_field("subject"),
        // An announcement's text part is its Markdown made readable; its
        // HTML part the Markdown rendered at announce time, cleaned again
        // here so that nothing in the outbox row can add a script.
        message_body: text_field("body_text").or_else(|| text_field("body")),
        message_html: text_field("body_html").map(|html| ammonia::clean(&html)),
        has_invite: method.is_some(),
        qr_cid: with_qr.then(|| QR_CID.to_owned()),
        check_in_url: check_in_url.clone(),
        erased,
    };
    let rendered = mailer
        .templates
        .render(language, row.kind.as_str(), &context)
        .map_err(|e| permanent(format!("template {}/{}: {e:#}", language.code(), row.kind)))?;

    let person_name = clean_name(&format!("{first_name} {last_name}"));
    let to = Mailbox::new(
        (!person_name.is_empty()).then_some(person_name.clone()),
        row.recipient
            .parse()
            .map_err(|e| permanent(format!("recipient: {e}")))?,
    );
    let from_name = clean_name(&event.organizer_name);
    let from = Mailbox::new(
        Some(from_name.clone()).filter(|n| !n.is_empty()),
        mailer.from.clone(),
    );
    let mut builder = Message::builder().from(from);
    if let Some(plain) = plain_mailbox("From", &from_name, &mailer.from) {
        builder = builder.raw_header(plain);
    }
    let mut builder = builder
        .to(to)
        .subject(rendered.subject)
        .message_id(Some(format!(
            "<outbox-{}.{}@{host}>",
            row.id, registration.id
        )));
    if let Ok(contact) = event.contact_email.trim().parse() {
        builder = builder.reply_to(Mailbox::new(None, contact));
    }

    let alternative = MultiPart::alternative().singlepart(SinglePart::plain(rendered.text));
    let alternative = if with_qr {
        // Choosing the QR mask is real CPU work: off the async threads that
        // answer registrations, and behind them (`background.rs`).
        let url = check_in_url.clone().unwrap_or_default();
        let png = super::background::render(move || qr_png(&url))
            .await
            .ok_or_else(|| permanent("QR code: its rendering panicked"))?
            .map_err(permanent)?;
        alternative.multipart(
            MultiPart::related()
                .singlepart(SinglePart::html(rendered.html))
                .singlepart(Attachment::new_inline(QR_CID.to_owned()).body(png, image_png())),
        )
    } else {
        alternative.singlepart(SinglePart::html(rendered.html))
    };

    let message = match method {
        None => builder.multipart(alternative),
        Some(method) => {
            let named = registration::Model {
                first_name: first_name.clone(),
                last_name: last_name.clone(),
                ..registration.clone()
            };
            let ics = registration_invite(
                method,
                &mailer.base_url,
                &mailer.from,
                event,
                &named,
                &row.recipient,
                // The event's revision when the message was owed, plus the
                // attendee's own changes so far (sessions changed on their
                // page): both only grow, so a later invite always outranks.
                payload.get("sequence").and_then(Value::as_i64).unwrap_or(0)
                    + i64::from(registration.invite_revision),
            );
            let name = match method {
                invite::InviteMethod::Request => "REQUEST",
                invite::InviteMethod::Cancel => "CANCEL",
            };
            let calendar_type =
                ContentType::parse(&format!("text/calendar; charset=UTF-8; method={name}"))
                    .map_err(permanent)?;
            let calendar_part = SinglePart::builder().header(calendar_type).body(
                Body::new_with_encoding(ics.clone(), ContentTransferEncoding::Base64)
                    .map_err(|_| permanent("calendar encoding"))?,
            );
            let attachment = Attachment::new("invite.ics".to_owned()).body(
                Body::new_with_encoding(ics, ContentTransferEncoding::Base64)
                    .map_err(|_| permanent("calendar encoding"))?,
                ContentType::parse("application/ics").map_err(permanent)?,
            );
            builder.multipart(
                MultiPart::mixed()
                    .multipart(alternative.singlepart(calendar_part))
                    .singlepart(attachment),
            )
        }
    };
    message.map_err(permanent)
}

/// Every invite a registration gets, attached to an email or downloaded
/// from its page: the ORGANIZER is the parsed sending address (a bare
/// `local@domain`, never a display name), named by the event's organizer.
pub fn registration_invite(
    method: invite::InviteMethod,
    base_url: &str,
    sending_address: &Address,
    event: &event::Model,
    registration: &registration::Model,
    recipient: &str,
    sequence: i64,
) -> String {
    let facts = invite::InviteFacts {
        uid: invite::uid(&registration.id, base_url),
        sequence,
        stamp: Utc::now(),
        event: event_facts(base_url, event),
        organizer_email: sending_address.to_string(),
        organizer_name: event.organizer_name.clone(),
        attendee_email: recipient.to_owned(),
        attendee_name: format!("{} {}", registration.first_name, registration.last_name),
    };
    invite::build(method, &facts)
}

/// What every calendar entry of an event shows: in invites and in the
/// public calendar file alike.
pub fn event_facts(base_url: &str, event: &event::Model) -> invite::EventFacts {
    invite::EventFacts {
        title: event.title.clone(),
        summary: event.summary.clone(),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        online_url: event.online_url.clone().filter(|u| !u.trim().is_empty()),
        url: format!("{base_url}/events/{}", event.slug),
    }
}

/// Which invite, if any, a message carries. Confirmations and promotions
/// always do; updates and reminders only for a confirmed registration;
/// cancellations only for one that had an invite.
fn invite_method(
    kind: MessageKind,
    payload: &Value,
    registration: &registration::Model,
) -> Option<invite::InviteMethod> {
    let confirmed = registration.status == RegistrationStatus::Confirmed;
    let previous = payload.get("previous").and_then(Value::as_str);
    match kind {
        MessageKind::Confirmation | MessageKind::Promoted => Some(invite::InviteMethod::Request),
        MessageKind::EventUpdated | MessageKind::Reminder | MessageKind::SessionsChanged
            if confirmed =>
        {
            Some(invite::InviteMethod::Request)
        }
        MessageKind::Cancellation if previous == Some("confirmed") => {
            Some(invite::InviteMethod::Cancel)
        }
        MessageKind::EventCancelled if previous.map_or(confirmed, |p| p == "confirmed") => {
            Some(invite::InviteMethod::Cancel)
        }
        _ => None,
    }
}

fn event_view(language: Language, event: &event::Model, base_url: &str) -> EventView {
    let venue = [event.venue_name.trim(), event.venue_address.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    EventView {
        title: event.title.clone(),
        summary: event.summary.clone(),
        when: templates::when(language, &event.timezone, event.starts_at, event.ends_at),
        timezone: event.timezone.clone(),
        venue,
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        online_url: event.online_url.clone().filter(|u| !u.trim().is_empty()),
        url: format!("{base_url}/events/{}", event.slug),
        organizer_name: event.organizer_name.clone(),
        contact_email: event.contact_email.clone(),
    }
}

/// A display name safe for a header: control characters (CR, LF…) become
/// spaces, runs of whitespace one space. lettre then encodes the rest.
pub fn clean_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A mailbox header with a printable-ASCII display name written as an
/// RFC 5322 quoted string. lettre encodes any name holding a comma, an
/// apostrophe or an ampersand ("Women 2027 team, Chamber of Commerce") in
/// base64, which spam filters score as needless (SpamAssassin's
/// FROM_EXCESS_BASE64). `None` when lettre's encoding is needed (non-ASCII)
/// or there is no name. Long names fold between words.
fn plain_mailbox(header: &'static str, name: &str, address: &Address) -> Option<HeaderValue> {
    if name.is_empty() || !name.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return None;
    }
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    let value = format!("\"{escaped}\" <{address}>");
    // Fold at spaces so no line passes 78 octets (RFC 5322 §2.1.1); a fold
    // inside a quoted string unfolds to the same single space.
    let mut encoded = String::with_capacity(value.len() + 8);
    let mut line = header.len() + 2;
    for (i, word) in value.split(' ').enumerate() {
        if i > 0 {
            if line + 1 + word.len() > 78 {
                encoded.push_str("\r\n ");
                line = 1;
            } else {
                encoded.push(' ');
                line += 1;
            }
        }
        encoded.push_str(word);
        line += word.len();
    }
    let readable = Mailbox::new(Some(name.to_owned()), address.clone()).to_string();
    Some(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str(header),
        readable,
        encoded,
    ))
}

fn image_png() -> ContentType {
    ContentType::parse("image/png").unwrap_or(ContentType::TEXT_PLAIN)
}

/// A QR code as a grey-scale PNG with the standard four-module quiet zone.
fn qr_png(text: &str) -> Result<Vec<u8>, String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| format!("QR code: {e}"))?;
    let modules = code.width();
    let colors = code.to_colors();
    let side_modules = modules + 8;
    let scale = (QR_SIZE / side_modules).max(1);
    let side = side_modules * scale;
    // One bit a pixel (1 = white), rows padded to whole bytes: an eighth of
    // the bytes to compress, and a PNG of a few kilobytes.
    let row_bytes = side.div_ceil(8);
    let mut pixels = vec![0xFFu8; row_bytes * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i % modules + 4, i / modules + 4);
        for y in my * scale..(my + 1) * scale {
            for x in mx * scale..(mx + 1) * scale {
                pixels[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    // Default, not Best: on a one-bit image it is as small, at a fraction
    // of the CPU (Best cost a fifth of a registration rush).
    encoder.set_compression(png::Compression::Default);
    let mut writer = encoder.write_header().map_err(|e| format!("PNG: {e}"))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| format!("PNG: {e}"))?;
    writer.finish().map_err(|e| format!("PNG: {e}"))?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_line_breaks() {
        assert_eq!(clean_name("Ada\r\nBcc: x@y.z"), "Ada Bcc: x@y.z");
        assert_eq!(clean_name("  Anna   Maria "), "Anna Maria");
    }

    #[test]
    fn an_ascii_sender_name_is_a_quoted_string_not_base64() {
        let address: Address = "events@tessera.example.org".parse().unwrap();
        let message = Message::builder()
            .from(Mailbox::new(Some("x".into()), address.clone()))
            .raw_header(
                plain_mailbox(
                    "From",
                    "Women 2027 team, Chamber of Commerce \"Brussels\" & D'Angelo",
                    &address,
                )
                .unwrap(),
            )
            .to("anna@example.org".parse().unwrap())
            .subject("Hello")
            .body(String::from("Hello"))
            .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        let headers = text.split("\r\n\r\n").next().unwrap();
        let from = headers
            .split("\r\n")
            .skip_while(|l| !l.starts_with("From: "))
            .take_while(|l| l.starts_with("From: ") || l.starts_with(' '))
            .collect::<Vec<_>>();
        assert!(from.iter().all(|l| l.len() <= 78), "{from:?}");
        assert_eq!(
            from.join("\r\n").replace("\r\n ", " "),
            "From: \"Women 2027 team, Chamber of Commerce \\\"Brussels\\\" & D'Angelo\" \
             <events@tessera.example.org>"
        );
        assert!(!headers.contains("=?utf-8?b?"), "{headers}");
        // The envelope's sender is read back from the header.
        assert_eq!(
            message
                .envelope()
                .from()
                .map(ToString::to_string)
                .as_deref(),
            Some("events@tessera.example.org")
        );
        assert!(plain_mailbox("From", "Žydrūnė", &address).is_none());
        assert!(plain_mailbox("From", "", &address).is_none());
    }

    #[test]
    fn qr_png_is_small_and_square() {
        let png = qr_png("https://events.example.org/admin/check-in?code=0190e4a5-7b1c-7d2e-8f00-123456789abc.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert!(png.len() < 6000, "{} bytes", png.len());
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!(width, height);
        assert!((250..=340).contains(&width), "{width}");
    }
}
