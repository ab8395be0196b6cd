//! Calendar invites (iCalendar, RFC 5545) as real mail and calendar clients
//! accept them (Outlook, Gmail, Apple Mail and Thunderbird each tried): one
//! UID per registration, a SEQUENCE that only grows, the registrant as the
//! one ATTENDEE with PARTSTAT=ACCEPTED and RSVP=FALSE, the sending address as
//! ORGANIZER. Times are written in UTC (`…Z`), which every client reads the
//! same way; the emails carry the local time for people.
//!
//! No invite and no add-to-calendar link carries the attendee's manage link
//! (`/r/{token}`): a forwarded invite or a shared calendar would hand anyone
//! the power to cancel the registration. They carry the event's page and
//! its online link; the manage link lives in the emails and on `/r/…` only.

use chrono::{DateTime, Utc};
use ics::components::Parameter;
use ics::properties::{
    Attendee, CalScale, Description, DtEnd, DtStart, Location, Method, Organizer, Sequence, Status,
    Summary, Transp, URL,
};
use ics::{Event, ICalendar, escape_text};

const PRODID: &str = "-//Tessera//Event registration//EN";
/// RFC 5545 §3.1: lines longer than this many octets are folded.
const LINE_LIMIT: usize = 75;

/// What one registrant's invite says.
#[derive(Clone, Debug)]
pub struct InviteFacts {
    /// Stable for the life of the registration: see [`uid`].
    pub uid: String,
    pub sequence: i64,
    pub stamp: DateTime<Utc>,
    pub event: EventFacts,
    /// The service's sending address (SPEC invariant 5), without `mailto:`.
    pub organizer_email: String,
    pub organizer_name: String,
    /// Exactly as the registrant typed it: the address the email goes to.
    pub attendee_email: String,
    pub attendee_name: String,
}

/// The public calendar file of an event.
#[derive(Clone, Debug)]
pub struct PublicEventFacts {
    pub uid: String,
    pub sequence: i64,
    pub stamp: DateTime<Utc>,
    pub event: EventFacts,
    pub cancelled: bool,
}

/// What every calendar entry of an event shows.
#[derive(Clone, Debug)]
pub struct EventFacts {
    pub title: String,
    pub summary: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: Option<String>,
    /// The event's public page.
    pub url: String,
}

/// What an invite asks of the attendee's calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteMethod {
    /// Add or update the entry: the seat is theirs.
    Request,
    /// Remove the entry.
    Cancel,
}

/// The SEQUENCE an attendee's invite carries (SPEC invariant 5): the
/// event's revision, and one more for the CANCEL of a registration
/// cancelled on its own, so that it outranks every REQUEST sent at that
/// revision. When the whole event is cancelled, the cancellation itself
/// raised the revision, so nothing is added.
pub fn sequence(event_revision: i32, registration_cancelled: bool, event_cancelled: bool) -> i64 {
    i64::from(event_revision) + i64::from(registration_cancelled && !event_cancelled)
}

/// The invite text for `method`.
pub fn build(method: InviteMethod, facts: &InviteFacts) -> String {
    match method {
        InviteMethod::Request => request(facts),
        InviteMethod::Cancel => cancel(facts),
    }
}

/// A registration's invite UID: `{registration_id}@{host of base_url}`.
pub fn uid(registration_id: &str, base_url: &str) -> String {
    format!("{registration_id}@{}", host(base_url))
}

/// The host of a URL, without scheme, credentials, port or path.
pub fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if authority.starts_with('[') {
        // An IPv6 literal keeps its brackets; only a port after them goes.
        return authority
            .split_once(']')
            .map_or(authority, |(h, _)| &authority[..h.len() + 1]);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// `METHOD:REQUEST`: the invite and every update of it.
pub fn request(facts: &InviteFacts) -> String {
    scheduling(facts, "REQUEST", Status::confirmed())
}

/// `METHOD:CANCEL`: removes the registrant's entry (same UID, higher SEQUENCE).
pub fn cancel(facts: &InviteFacts) -> String {
    scheduling(facts, "CANCEL", Status::cancelled())
}

/// `METHOD:PUBLISH`, no ORGANIZER or ATTENDEE: a file to import, for the
/// event page's "add to calendar" link.
pub fn publish(facts: &PublicEventFacts) -> String {
    let mut calendar = calendar("PUBLISH");
    let mut event = event(&facts.uid, facts.sequence, facts.stamp, &facts.event);
    event.push(if facts.cancelled {
        Status::cancelled()
    } else {
        Status::confirmed()
    });
    calendar.add_event(event);
    fold(&calendar.to_string())
}

fn scheduling(facts: &InviteFacts, method: &str, status: Status<'static>) -> String {
    let mut calendar = calendar(method);
    let mut event = event(&facts.uid, facts.sequence, facts.stamp, &facts.event);
    event.push(status);

    let mut organizer = Organizer::new(format!("mailto:{}", facts.organizer_email));
    organizer.add(Parameter::new("CN", quoted(&facts.organizer_name)));
    event.push(organizer);

    let mut attendee = Attendee::new(format!("mailto:{}", facts.attendee_email));
    attendee.add(Parameter::new("CUTYPE", "INDIVIDUAL"));
    attendee.add(Parameter::new("ROLE", "REQ-PARTICIPANT"));
    attendee.add(Parameter::new("PARTSTAT", "ACCEPTED"));
    attendee.add(Parameter::new("RSVP", "FALSE"));
    attendee.add(Parameter::new("CN", quoted(&facts.attendee_name)));
    event.push(attendee);

    calendar.add_event(event);
    fold(&calendar.to_string())
}

fn calendar(method: &str) -> ICalendar<'static> {
    let mut calendar = ICalendar::new("2.0", PRODID);
    calendar.push(CalScale::new("GREGORIAN"));
    calendar.push(Method::new(method.to_owned()));
    calendar
}

fn event(uid: &str, sequence: i64, stamp: DateTime<Utc>, facts: &EventFacts) -> Event<'static> {
    let mut event = Event::new(uid.to_owned(), utc(stamp));
    event.push(Sequence::new(sequence.to_string()));
    event.push(DtStart::new(utc(facts.starts_at)));
    event.push(DtEnd::new(utc(facts.ends_at)));
    event.push(Summary::new(escape_text(facts.title.clone())));
    let location = location(facts);
    if !location.is_empty() {
        event.push(Location::new(escape_text(location)));
    }
    event.push(Description::new(escape_text(description(facts))));
    event.push(URL::new(facts.url.clone()));
    event.push(Transp::new("OPAQUE"));
    event
}

/// Venue name and address, or the online link when there is no venue.
pub fn location(facts: &EventFacts) -> String {
    let venue: Vec<&str> = [facts.venue_name.trim(), facts.venue_address.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    if venue.is_empty() {
        facts.online_url.clone().unwrap_or_default()
    } else {
        venue.join(", ")
    }
}

/// What a calendar entry says about the event: its summary, the online
/// link and the event's page (never a registration's manage link).
pub fn description(facts: &EventFacts) -> String {
    let mut text = String::new();
    if !facts.summary.trim().is_empty() {
        text.push_str(facts.summary.trim());
        text.push_str("\n\n");
    }
    if let Some(online) = &facts.online_url {
        text.push_str(&format!("Online: {online}\n"));
    }
    text.push_str(&format!("Event: {}\n", facts.url));
    text.trim_end().to_owned()
}

/// An "add to Google Calendar" link: the event's title, times, place and
/// [`description`].
pub fn google_link(facts: &EventFacts) -> String {
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}",
        encode(&facts.title),
        utc(facts.starts_at),
        utc(facts.ends_at),
        encode(&description(facts)),
        encode(&location(facts))
    )
}

/// An "add to Outlook.com" link, saying what [`google_link`] says.
pub fn outlook_link(facts: &EventFacts) -> String {
    let iso = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}&location={}",
        encode(&facts.title),
        encode(&iso(facts.starts_at)),
        encode(&iso(facts.ends_at)),
        encode(&description(facts)),
        encode(&location(facts))
    )
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn utc(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A parameter value in double quotes. A quote cannot be escaped inside one
/// (RFC 5545 §3.2), and control characters would break the line: both go.
fn quoted(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"')
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "\"{}\"",
        clean.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// Re-folds the `ics` crate's output so that no line, continuation lines
/// included, exceeds 75 octets, cutting only between characters.
fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 40);
    for line in unfolded.split("\r\n").filter(|line| !line.is_empty()) {
        let mut rest = line;
        let mut limit = LINE_LIMIT;
        loop {
            if rest.len() <= limit {
                out.push_str(rest);
                break;
            }
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            // The leading space counts towards the continuation's 75 octets.
            limit = LINE_LIMIT - 1;
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn facts() -> InviteFacts {
        InviteFacts {
            uid: uid(
                "0190e4a5-7b1c-7d2e-8f00-123456789abc",
                "https://events.example.org:8443/x",
            ),
            sequence: 2,
            stamp: Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap(),
            event: EventFacts {
                title: "Export, tariffs; and \\ you".into(),
                summary: "A day on exports.\nBring questions.".into(),
                starts_at: Utc.with_ymd_and_hms(2026, 12, 15, 8, 0, 0).unwrap(),
                ends_at: Utc.with_ymd_and_hms(2026, 12, 15, 16, 30, 0).unwrap(),
                venue_name: "Palazzo dei Congressi".into(),
                venue_address: "Via Roma 1, Firenze".into(),
                online_url: Some("https://meet.example.org/abc".into()),
                url: "https://events.example.org/events/export-day".into(),
            },
            organizer_email: "events@example.org".into(),
            organizer_name: "Camera di Commercio \"Firenze\"".into(),
            attendee_email: "Chiara.LF@Example.it".into(),
            attendee_name: "Chiara \"K\" Lombardi-Ferrè\r\nBcc: x@y.z".into(),
        }
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn request_carries_the_scheduling_properties() {
        let ics = request(&facts());
        let text = unfold(&ics);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("\r\nMETHOD:REQUEST\r\n"));
        assert!(
            text.contains("\r\nUID:0190e4a5-7b1c-7d2e-8f00-123456789abc@events.example.org\r\n")
        );
        assert!(text.contains("\r\nSEQUENCE:2\r\n"));
        assert!(text.contains("\r\nDTSTAMP:20261101T080000Z\r\n"));
        assert!(text.contains("\r\nDTSTART:20261215T080000Z\r\n"));
        assert!(text.contains("\r\nDTEND:20261215T163000Z\r\n"));
        assert!(text.contains("\r\nSTATUS:CONFIRMED\r\n"));
        assert!(text.contains("\r\nSUMMARY:Export\\, tariffs\\; and \\\\ you\r\n"));
        assert!(text.contains("\r\nLOCATION:Palazzo dei Congressi\\, Via Roma 1\\, Firenze\r\n"));
        assert!(text.contains("https://meet.example.org/abc"));
        assert!(text.contains("https://events.example.org/events/export-day"));
        assert!(!text.contains("/r/"), "no manage link");
        assert!(text.contains(
            "\r\nORGANIZER;CN=\"Camera di Commercio Firenze\":mailto:events@example.org\r\n"
        ));
        assert_eq!(text.matches("\r\nATTENDEE").count(), 1);
        let attendee = text
            .split("\r\n")
            .find(|l| l.starts_with("ATTENDEE"))
            .unwrap();
        assert!(
            attendee.ends_with(":mailto:Chiara.LF@Example.it"),
            "{attendee}"
        );
        for part in [
            "PARTSTAT=ACCEPTED",
            "RSVP=FALSE",
            "ROLE=REQ-PARTICIPANT",
            "CN=\"Chiara K Lombardi-Ferrè Bcc: x@y.z\"",
        ] {
            assert!(attendee.contains(part), "{attendee} lacks {part}");
        }
    }

    #[test]
    fn cancel_keeps_the_uid_and_says_cancelled() {
        let mut f = facts();
        f.sequence = 3;
        let text = unfold(&cancel(&f));
        assert!(text.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(text.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(text.contains("\r\nSEQUENCE:3\r\n"));
        assert!(text.contains("UID:0190e4a5-7b1c-7d2e-8f00-123456789abc@events.example.org"));
    }

    #[test]
    fn publish_has_no_people() {
        let f = facts();
        let text = unfold(&publish(&PublicEventFacts {
            uid: "event-7@events.example.org".into(),
            sequence: 1,
            stamp: f.stamp,
            event: f.event,
            cancelled: false,
        }));
        assert!(text.contains("\r\nMETHOD:PUBLISH\r\n"));
        assert!(!text.contains("ATTENDEE"));
        assert!(!text.contains("ORGANIZER"));
        assert!(!text.contains("/r/"));
    }

    #[test]
    fn calendar_links_carry_the_event_page_and_the_online_link() {
        let f = facts();
        for link in [google_link(&f.event), outlook_link(&f.event)] {
            assert!(
                link.contains("events.example.org%2Fevents%2Fexport-day"),
                "{link}"
            );
            assert!(link.contains("meet.example.org%2Fabc"), "{link}");
            assert!(!link.contains("%2Fr%2F"), "{link}");
        }
    }

    #[test]
    fn online_only_events_are_located_at_their_link() {
        let mut f = facts();
        f.event.venue_name.clear();
        f.event.venue_address.clear();
        let text = unfold(&request(&f));
        assert!(text.contains("\r\nLOCATION:https://meet.example.org/abc\r\n"));
    }

    #[test]
    fn lines_are_crlf_and_at_most_75_octets_on_character_boundaries() {
        let mut f = facts();
        f.event.title = "Ünternehmertag für Ελληνικά και Magyar ősz — ".repeat(8);
        f.event.summary = "老虎".repeat(100);
        let ics = request(&f);
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(!ics.replace("\r\n", "").contains('\r'));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Folding never split a character: the text survives unfolding.
        assert!(unfold(&ics).contains(&"老虎".repeat(100)));
        assert!(!ics.contains("\r\n\r\n"));
    }

    #[test]
    fn a_cancellation_outranks_the_requests_of_its_revision() {
        assert_eq!(sequence(3, false, false), 3);
        assert_eq!(sequence(3, true, false), 4);
        assert_eq!(
            sequence(3, true, true),
            3,
            "the event's cancellation raised it"
        );
        assert_eq!(sequence(3, false, true), 3);
    }

    #[test]
    fn host_is_taken_from_the_base_url() {
        assert_eq!(host("https://events.example.org"), "events.example.org");
        assert_eq!(host("http://127.0.0.1:8080/"), "127.0.0.1");
        assert_eq!(host("http://[::1]:80/a"), "[::1]");
    }
}
