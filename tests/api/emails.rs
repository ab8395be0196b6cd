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

use crate::helpers::Db;
use crate::smtp::{MAIL_FROM, SmtpServer, app_with_smtp, field, form, register_ok};

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
    let server = SmtpServer::start();
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
    let server = SmtpServer::start();
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

#[tokio::test]
async fn a_line_break_in_a_name_never_becomes_a_header() {
    let server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let form = form(
        &app,
        4,
        &[
            ("first_name", "Eve\r\nBcc: intruder@example.org"),
            ("last_name", "Smith\nX-Injected: yes"),
        ],
    )
    .await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.register(&pairs).await;
    let status = response.status();
    if status.is_client_error() {
        // Refusing the name is as good: nothing is sent.
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(server.received().is_empty());
        return;
    }
    assert!(status.is_success() || status.is_redirection(), "{status}");

    let received = server.wait_for(1, WAIT).await;
    assert_eq!(
        received[0].recipients,
        vec![field(&form, "email").to_owned()]
    );
    let message = received[0].parse();
    assert!(message.bcc().is_none());
    assert!(
        !message
            .headers()
            .iter()
            .any(|h| h.name().eq_ignore_ascii_case("X-Injected"))
    );
    let raw = String::from_utf8_lossy(&received[0].raw);
    for line in raw.lines() {
        assert!(
            !line.starts_with("Bcc:") && !line.starts_with("X-Injected:"),
            "{line}"
        );
    }
    let to = message.to().and_then(|a| a.first()).expect("To");
    assert_eq!(to.address(), Some(field(&form, "email")));
    assert!(to.name().is_some_and(|n| n.starts_with("Eve")));
}
