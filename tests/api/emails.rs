//! What a registrant receives, read back from a real SMTP server with
//! independent parsers (mail-parser, icalendar): the MIME shape real clients
//! need (INVITES.md §1), the invite's identity and people (SPEC invariant 5),
//! the language, and headers no name can forge.

use std::time::Duration;

use icalendar::parser::{self, Component, Property};
use mail_parser::{Message, MessagePart, MimeHeaders, PartType};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::store::entities::registration;
use tessera::store::queries;

use crate::helpers::{Db, EventSpec};
use crate::smtp::{MAIL_FROM, Received, SmtpServer, app_with_smtp, field, form, register_ok};

const WAIT: Duration = Duration::from_secs(20);

pub(crate) fn content_type(part: &MessagePart<'_>) -> String {
    let ct = part.content_type().expect("a Content-Type");
    format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_lowercase()
}

pub(crate) fn children<'a>(
    message: &'a Message<'a>,
    part: &MessagePart<'_>,
) -> Vec<&'a MessagePart<'a>> {
    match &part.body {
        PartType::Multipart(ids) => ids.iter().map(|id| &message.parts[*id as usize]).collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn text_of(part: &MessagePart<'_>) -> String {
    match &part.body {
        PartType::Text(text) | PartType::Html(text) => text.to_string(),
        PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
            String::from_utf8(bytes.to_vec()).expect("UTF-8")
        }
        _ => panic!("not a leaf part"),
    }
}

pub(crate) fn vevent<'a>(calendar: &'a parser::Calendar<'a>) -> &'a Component<'a> {
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), 1, "one VEVENT");
    events[0]
}

pub(crate) fn value(component: &Component<'_>, name: &str) -> String {
    component
        .find_prop(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .val
        .as_str()
        .to_owned()
}

pub(crate) fn param(property: &Property<'_>, key: &str) -> Option<String> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim_matches('"').to_owned())
}

fn utc(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

#[tokio::test]
async fn a_confirmation_is_an_invite_real_clients_accept() {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let form = form(&app, 3, &[("email", "Ada.Lovelace@Example.ORG")]).await;
    register_ok(&app, &form).await;

    let received = server.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].recipients,
        vec!["Ada.Lovelace@Example.ORG".to_owned()]
    );
    let message = received[0].parse();
    let record = queries::event_by_slug(&app.db.read, &app.event_slug)
        .await
        .unwrap()
        .expect("event");
    let event = &record.event;
    let person = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("registration");

    // Headers.
    let from = message.from().and_then(|a| a.first()).expect("From");
    assert_eq!(from.address(), Some(MAIL_FROM));
    assert_eq!(from.name(), Some(event.organizer_name.as_str()));
    let reply_to = message
        .reply_to()
        .and_then(|a| a.first())
        .expect("Reply-To");
    assert_eq!(reply_to.address(), Some(event.contact_email.as_str()));
    let to = message.to().and_then(|a| a.first()).expect("To");
    assert_eq!(to.address(), Some("Ada.Lovelace@Example.ORG"));
    assert_eq!(
        to.name(),
        Some(
            format!(
                "{} {}",
                field(&form, "first_name"),
                field(&form, "last_name")
            )
            .as_str()
        )
    );
    let message_id = message.message_id().expect("Message-ID");
    assert!(message_id.contains(&person.id), "{message_id}");
    assert!(message.subject().is_some_and(|s| s.contains(&event.title)));

    // MIME: mixed { alternative { plain, related { html, png }, calendar }, invite.ics }.
    let root = message.root_part();
    assert_eq!(content_type(root), "multipart/mixed");
    let mixed = children(&message, root);
    assert_eq!(mixed.len(), 2);
    assert_eq!(content_type(mixed[0]), "multipart/alternative");
    let alternative = children(&message, mixed[0]);
    let kinds: Vec<String> = alternative.iter().map(|p| content_type(p)).collect();
    assert_eq!(kinds, ["text/plain", "multipart/related", "text/calendar"]);
    let related = children(&message, alternative[1]);
    assert_eq!(content_type(related[0]), "text/html");
    assert_eq!(content_type(related[1]), "image/png");
    let cid = related[1]
        .content_id()
        .expect("Content-ID")
        .trim_matches(['<', '>']);
    let html = text_of(related[0]);
    assert!(
        html.contains(&format!("cid:{cid}")),
        "the HTML shows the QR code"
    );
    assert!(related[1].contents().starts_with(b"\x89PNG"));

    let calendar_type = alternative[2].content_type().unwrap();
    assert_eq!(calendar_type.attribute("method"), Some("REQUEST"));
    assert!(
        calendar_type
            .attribute("charset")
            .is_some_and(|c| c.eq_ignore_ascii_case("utf-8"))
    );
    let attachment = mixed[1];
    assert_eq!(attachment.attachment_name(), Some("invite.ics"));
    let inline_ics = text_of(alternative[2]);
    let attached_ics = String::from_utf8(attachment.contents().to_vec()).unwrap();
    assert_eq!(inline_ics, attached_ics, "both copies say the same");

    // The text body repeats the essentials.
    let text = text_of(alternative[0]);
    assert!(
        text.contains(&format!("/r/{}", person.manage_token)),
        "manage link"
    );
    assert!(text.contains(&event.timezone), "the zone is named");

    // The invite.
    assert!(inline_ics.contains("\r\n"), "CRLF lines");
    for line in inline_ics.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line}");
    }
    let unfolded = parser::unfold(&inline_ics);
    let calendar = parser::read_calendar(&unfolded).expect("a valid iCalendar");
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "METHOD")
        .unwrap();
    assert_eq!(method.val.as_str(), "REQUEST");
    let vevent = vevent(&calendar);
    assert!(value(vevent, "UID").starts_with(&format!("{}@", person.id)));
    assert!(value(vevent, "SEQUENCE").parse::<u32>().is_ok());
    assert_eq!(value(vevent, "DTSTART"), utc(event.starts_at));
    assert_eq!(value(vevent, "DTEND"), utc(event.ends_at));
    assert_eq!(value(vevent, "STATUS"), "CONFIRMED");
    let summary = vevent
        .find_prop("SUMMARY")
        .unwrap()
        .val
        .clone()
        .unescape_text();
    assert_eq!(summary.as_str(), event.title);
    let organizer = vevent.find_prop("ORGANIZER").unwrap();
    assert_eq!(organizer.val.as_str(), format!("mailto:{MAIL_FROM}"));
    assert_eq!(
        param(organizer, "CN").as_deref(),
        Some(event.organizer_name.as_str())
    );
    let attendees: Vec<_> = vevent
        .properties
        .iter()
        .filter(|p| p.name.as_str() == "ATTENDEE")
        .collect();
    assert_eq!(attendees.len(), 1, "exactly one ATTENDEE");
    assert_eq!(attendees[0].val.as_str(), "mailto:Ada.Lovelace@Example.ORG");
    assert_eq!(param(attendees[0], "PARTSTAT").as_deref(), Some("ACCEPTED"));
    assert_eq!(param(attendees[0], "RSVP").as_deref(), Some("FALSE"));
    assert_eq!(
        param(attendees[0], "ROLE").as_deref(),
        Some("REQ-PARTICIPANT")
    );
}

#[tokio::test]
async fn an_italian_registrant_gets_an_italian_email() {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    register_ok(&app, &form(&app, 0, &[("language", "it")]).await).await;

    let received = server.wait_for(1, WAIT).await;
    let message = received[0].parse();
    let event = queries::event_by_slug(&app.db.read, &app.event_slug)
        .await
        .unwrap()
        .expect("event")
        .event;
    assert!(
        message
            .subject()
            .is_some_and(|s| s.starts_with("Iscrizione confermata")),
        "{:?}",
        message.subject()
    );
    let text = message.body_text(0).expect("text").to_string();
    assert!(text.contains("Gentile"));
    assert!(text.contains("Quando:"));
    let months = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let zone: chrono_tz::Tz = event.timezone.parse().unwrap();
    let local = event.starts_at.with_timezone(&zone);
    use chrono::Datelike;
    let month = months[local.month0() as usize];
    assert!(
        text.contains(&format!("{} {month} {}", local.day(), local.year())),
        "{text}"
    );
    assert!(
        text.contains(&local.format("%H:%M").to_string()),
        "local start time"
    );
    let html = message.body_html(0).expect("html").to_string();
    assert!(html.contains("Gestisci la tua iscrizione"));
}

/// Values with line breaks where the public form cannot put them: the
/// event's own fields, which organizers (and later the dashboard and the
/// API) set, and which reach the Subject, the From name, the Reply-To and
/// the invite.
const INTRUDER: &str = "intruder@example.org";

fn hostile_event() -> EventSpec {
    EventSpec {
        title: format!("Open day\r\nBcc: {INTRUDER}\r\nX-Injected: title"),
        organizer_name: format!(
            "Chamber \"Brussels\"; ROLE=CHAIR:mailto:{INTRUDER}\r\nBcc: {INTRUDER}\nX-Injected: from"
        ),
        venue_name: "Hall\r\nX-Injected: venue".into(),
        venue_address: format!("Main St 1\r\nATTENDEE:mailto:{INTRUDER}"),
        contact_email: format!("office@chamber.example.be\r\nBcc: {INTRUDER}"),
        ..EventSpec::default()
    }
}

/// The header section of a raw message, continuation lines joined.
fn header_lines(raw: &str) -> Vec<String> {
    let head = raw.split("\r\n\r\n").next().expect("a header section");
    let mut lines: Vec<String> = Vec::new();
    for line in head.split("\r\n") {
        match lines.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
            _ => lines.push(line.to_owned()),
        }
    }
    lines
}

fn count_headers(lines: &[String], name: &str) -> usize {
    lines
        .iter()
        .filter(|l| {
            l.split_once(':')
                .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        })
        .count()
}

/// One message to `email` alone, from [`MAIL_FROM`], each header once and
/// none injected: not in the message's headers, not in any part's.
fn assert_headers_hold(received: &Received, email: &str) {
    assert_eq!(received.recipients, vec![email.to_owned()], "no one else");
    let raw = String::from_utf8_lossy(&received.raw).into_owned();
    let headers = header_lines(&raw);
    for name in ["From", "To", "Subject", "Message-ID"] {
        assert_eq!(count_headers(&headers, name), 1, "one {name}: {headers:#?}");
    }
    assert!(count_headers(&headers, "Reply-To") <= 1, "{headers:#?}");
    for name in ["Bcc", "Cc", "X-Injected"] {
        assert_eq!(count_headers(&headers, name), 0, "no {name}: {headers:#?}");
    }
    let message = received.parse();
    // Not in a MIME part's headers either (a body may say anything).
    for part in &message.parts {
        for header in part.headers() {
            let name = header.name();
            assert!(
                !name.eq_ignore_ascii_case("Bcc") && !name.eq_ignore_ascii_case("X-Injected"),
                "an injected {name} header in a part"
            );
        }
    }
    assert!(message.bcc().is_none() && message.cc().is_none());
    let from = message.from().expect("From");
    assert_eq!(from.iter().count(), 1, "one sender");
    let from = from.first().expect("From");
    assert_eq!(from.address(), Some(MAIL_FROM), "the sending address");
    assert!(
        !from.name().unwrap_or_default().contains(['\r', '\n']),
        "{:?}",
        from.name()
    );
    let to = message.to().expect("To");
    assert_eq!(to.iter().count(), 1);
    assert_eq!(to.first().and_then(|a| a.address()), Some(email));
    if let Some(reply_to) = message.reply_to() {
        assert_eq!(reply_to.iter().count(), 1, "one Reply-To address");
        let address = reply_to
            .first()
            .and_then(|a| a.address())
            .unwrap_or_default();
        assert!(!address.contains(INTRUDER), "Reply-To: {address}");
    }
}

#[tokio::test]
async fn a_line_break_in_the_sending_addresss_name_never_becomes_a_header() {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let mut app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    // Only the instances below send: their sending address is the hostile one.
    app.stop().await;
    let hostile = [
        // The control: a display name without line breaks must send.
        format!("Events Office <{MAIL_FROM}>"),
        format!("Events Office\r\nBcc: {INTRUDER} <{MAIL_FROM}>"),
        format!("\"Events\r\nBcc: {INTRUDER}\" <{MAIL_FROM}>"),
        format!("\"Events\r\n Office\" <{MAIL_FROM}>"),
        format!("Events <{MAIL_FROM}>\r\nBcc: {INTRUDER}"),
        format!("{MAIL_FROM}\r\nBcc: {INTRUDER}"),
    ];
    let mut sent = 0;
    for (i, from) in hostile.iter().enumerate() {
        let instance = match app
            .another_instance_with(|c| c.mail_from = from.clone())
            .await
        {
            Ok(instance) => instance,
            // Refusing to start over a bad TESSERA_MAIL_FROM is as good.
            Err(e) => {
                assert!(i > 0, "a plain display name must start: {e:#}");
                assert!(format!("{e:#}").contains("TESSERA_MAIL_FROM"), "{e:#}");
                continue;
            }
        };
        let form = form(&instance, 20 + i, &[]).await;
        let email = field(&form, "email").to_owned();
        register_ok(&instance, &form).await;
        sent += 1;
        let received = server.wait_for(sent, WAIT).await;
        let message = received
            .iter()
            .find(|r| r.recipients.iter().any(|a| a == &email))
            .unwrap_or_else(|| panic!("no message to {email} with From {from:?}"));
        assert_headers_hold(message, &email);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(server.received().len(), sent, "nothing sent to anyone else");
}

#[tokio::test]
async fn a_line_break_in_a_name_never_becomes_a_header() {
    let Some(server) = SmtpServer::try_start() else {
        return;
    };
    let mut app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    app.event_slug = app.seed_event(hostile_event()).await;
    let form = form(&app, 4, &[]).await;
    let email = field(&form, "email").to_owned();
    register_ok(&app, &form).await;

    let received = server.wait_for(1, WAIT).await;
    // Anything injected as a recipient would arrive as a message of its own.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = if server.received().len() > received.len() {
        server.received()
    } else {
        received
    };
    assert_eq!(received.len(), 1, "one message");
    assert_eq!(received[0].recipients, vec![email.clone()], "no one else");

    let message = received[0].parse();
    assert_headers_hold(&received[0], &email);
    let subject = message.subject().expect("a Subject");
    assert!(
        subject.contains("Open day") && !subject.contains(['\r', '\n']),
        "the title stays inside one Subject: {subject:?}"
    );
    let from = message.from().and_then(|a| a.first()).expect("From");
    assert!(
        from.name().is_some_and(|n| n.contains("Chamber")),
        "{:?}",
        from.name()
    );

    // The invite: each field stays one property, the people are unchanged.
    let calendar_part = message
        .parts
        .iter()
        .find(|p| content_type(p) == "text/calendar")
        .expect("an invite");
    let ics = text_of(calendar_part);
    let unfolded = parser::unfold(&ics);
    for line in unfolded.lines() {
        let upper = line.to_ascii_uppercase();
        assert!(
            !upper.starts_with("BCC") && !upper.starts_with("X-INJECTED"),
            "an injected line in the invite: {line}"
        );
    }
    let calendar = parser::read_calendar(&unfolded).expect("a valid iCalendar");
    let event = vevent(&calendar);
    let summary = event
        .find_prop("SUMMARY")
        .expect("SUMMARY")
        .val
        .clone()
        .unescape_text();
    assert!(summary.as_str().starts_with("Open day"), "{summary:?}");
    assert!(
        summary.as_str().contains("X-Injected: title"),
        "kept as text"
    );
    let location = event
        .find_prop("LOCATION")
        .expect("LOCATION")
        .val
        .clone()
        .unescape_text();
    assert!(
        location.as_str().contains("ATTENDEE:mailto"),
        "kept as text"
    );
    let props = |name: &str| -> Vec<&Property<'_>> {
        event
            .properties
            .iter()
            .filter(|p| p.name.as_str() == name)
            .collect()
    };
    let attendees = props("ATTENDEE");
    assert_eq!(attendees.len(), 1, "exactly one ATTENDEE");
    assert_eq!(attendees[0].val.as_str(), format!("mailto:{email}"));
    let organizers = props("ORGANIZER");
    assert_eq!(organizers.len(), 1, "exactly one ORGANIZER");
    assert_eq!(organizers[0].val.as_str(), format!("mailto:{MAIL_FROM}"));
    let cn = param(organizers[0], "CN").expect("the organizer's name");
    assert!(cn.starts_with("Chamber"), "{cn:?}");
    assert!(
        param(organizers[0], "ROLE").is_none(),
        "no parameter injected"
    );
}
