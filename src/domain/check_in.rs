//! Check-in codes: the registration id signed with the service's secret, so
//! a code shown at the door (as a QR code in the confirmation email) can be
//! trusted without being guessable from the id alone. The address
//! verification link (`/v/{code}`, double opt-in) is signed the same way
//! under a purpose of its own, so neither code ever passes for the other.
//!
//! And the rules of the door: who is admitted, which day a check-in counts
//! for (the event's own calendar days, in its timezone), and which times a
//! phone may claim for a check-in it queued while offline.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::RegistrationStatus;

type HmacSha256 = Hmac<Sha256>;

/// `{registration_id}.{base64url(HMAC-SHA256(secret, registration_id))}`
pub fn sign(secret: &[u8], registration_id: &str) -> String {
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, registration_id).finalize().into_bytes());
    format!("{registration_id}.{signature}")
}

/// The registration id of a genuine code; `None` for anything else. The
/// signature is compared in constant time.
pub fn verify(secret: &[u8], code: &str) -> Option<String> {
    let (id, signature) = code.trim().rsplit_once('.')?;
    if id.is_empty() {
        return None;
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    mac(secret, id).verify_slice(&signature).ok()?;
    Some(id.to_owned())
}

/// The check-in link a QR code carries, on the confirmation email and on
/// the badge alike: the check-in screen with the signed code.
pub fn link(base_url: &str, secret: &[u8], registration_id: &str) -> String {
    format!(
        "{}/admin/check-in?code={}",
        base_url.trim_end_matches('/'),
        sign(secret, registration_id)
    )
}

/// The secret of a verification link: only the registrant's mailbox gets
/// it, so opening it proves the address (unlike the manage token, which the
/// form's sender sees). `{registration_id}.{base64url(HMAC)}`.
pub fn sign_address(secret: &[u8], registration_id: &str) -> String {
    let signature =
        URL_SAFE_NO_PAD.encode(address_mac(secret, registration_id).finalize().into_bytes());
    format!("{registration_id}.{signature}")
}

/// The registration id of a genuine verification secret; `None` for
/// anything else, a check-in code included.
pub fn verify_address(secret: &[u8], code: &str) -> Option<String> {
    let (id, signature) = code.trim().rsplit_once('.')?;
    if id.is_empty() {
        return None;
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    address_mac(secret, id).verify_slice(&signature).ok()?;
    Some(id.to_owned())
}

fn mac(secret: &[u8], registration_id: &str) -> HmacSha256 {
    // HMAC takes keys of any length; this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(registration_id.as_bytes());
    mac
}

/// Check-in codes sign the bare id (codes already sent stay valid); the
/// verification purpose is prefixed, and ids never hold a NUL.
fn address_mac(secret: &[u8], registration_id: &str) -> HmacSha256 {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(b"verify-address\0");
    mac.update(registration_id.as_bytes());
    mac
}

/// How far ahead of the server's clock a phone's clock may run: a time a
/// little in the future is taken as now, one further ahead is refused.
pub const CLOCK_SKEW_MINUTES: i64 = 5;

/// The calendar days of an event in its own timezone: a check-in counts
/// for one of them, and each day's entrance counts again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventDays {
    pub timezone: Tz,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl EventDays {
    /// The days from the start's date to the end's. An event that ends at
    /// midnight does not spill into the next day.
    pub fn of(timezone: Tz, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Self {
        let first = starts_at.with_timezone(&timezone).date_naive();
        let last = (ends_at - Duration::seconds(1))
            .with_timezone(&timezone)
            .date_naive()
            .max(first);
        Self {
            timezone,
            first,
            last,
        }
    }

    /// The local date of a moment, in the event's timezone.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.timezone).date_naive()
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// Which day of the event `day` is, from 1; `None` outside it.
    pub fn number(&self, day: NaiveDate) -> Option<i64> {
        self.contains(day)
            .then(|| (day - self.first).num_days() + 1)
    }

    pub fn count(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

/// Why a check-in's time is refused (422).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeRefusal {
    /// Further ahead of the server's clock than a phone's clock may be.
    InTheFuture,
    /// A day outside the event's days, in its timezone.
    NotAnEventDay(NaiveDate),
}

impl TimeRefusal {
    pub fn message(&self, days: &EventDays) -> String {
        match self {
            TimeRefusal::InTheFuture => {
                "The check-in's time is in the future: check the phone's clock.".into()
            }
            TimeRefusal::NotAnEventDay(day) => format!(
                "Check-in is for the event's days ({} to {}); {} is not one of them.",
                days.first, days.last, day
            ),
        }
    }
}

/// The moment a check-in is recorded at, and the day it counts for: now,
/// or the time a phone says it was made (offline, queued), if that is not
/// in the future and falls on one of the event's days.
pub fn moment(
    days: &EventDays,
    claimed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, NaiveDate), TimeRefusal> {
    let at = claimed.unwrap_or(now);
    if at > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
        return Err(TimeRefusal::InTheFuture);
    }
    let at = at.min(now);
    let day = days.day_of(at);
    if !days.contains(day) {
        return Err(TimeRefusal::NotAnEventDay(day));
    }
    Ok((at, day))
}

/// Only a confirmed registration holds a seat; the others are shown at the
/// door as not admitted.
pub fn admitted(status: RegistrationStatus) -> bool {
    status == RegistrationStatus::Confirmed
}

/// Why someone is not let in, in the words the door staff read.
pub fn not_admitted_reason(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => "Confirmed.",
        RegistrationStatus::Waitlisted => {
            "On the waiting list: no seat was given to this person. Not admitted."
        }
        RegistrationStatus::Pending => {
            "Pending: this person never confirmed their email address. Not admitted."
        }
        RegistrationStatus::Cancelled => "This registration was cancelled. Not admitted.",
    }
}

/// A check-in's id as a client sends it: a UUID, in its usual lower-case
/// hyphenated form; anything else is refused.
pub fn parse_id(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.len() > 36 {
        return None;
    }
    uuid::Uuid::try_parse(raw)
        .ok()
        .filter(|id| !id.is_nil())
        .map(|id| id.hyphenated().to_string())
}

/// A new check-in id, for a check-in made on the server.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().hyphenated().to_string()
}

/// The code a check-in link or a scan carries: the `code` parameter of a
/// pasted `/admin/check-in?code=…` address, or the code itself.
pub fn code_of(input: &str) -> String {
    let input = input.trim();
    match input.split_once("code=") {
        Some((_, rest)) => {
            let raw = rest.split('&').next().unwrap_or_default();
            form_urlencoded::parse(format!("c={raw}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        }
        None => input.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0190e4a5-7b1c-7d2e-8f00-123456789abc";

    #[test]
    fn a_signed_code_verifies_to_its_id() {
        let code = sign(b"secret", ID);
        assert!(code.starts_with(&format!("{ID}.")));
        assert!(!code.contains(['+', '/', '=']));
        assert_eq!(verify(b"secret", &code).as_deref(), Some(ID));
    }

    #[test]
    fn forged_or_damaged_codes_are_refused() {
        let code = sign(b"secret", ID);
        assert_eq!(verify(b"other secret", &code), None);
        let other_id = code.replacen("0190", "0191", 1);
        assert_eq!(verify(b"secret", &other_id), None);
        let mut truncated = code.clone();
        truncated.pop();
        assert_eq!(verify(b"secret", &truncated), None);
        assert_eq!(verify(b"secret", ID), None);
        assert_eq!(verify(b"secret", ""), None);
        assert_eq!(verify(b"secret", ".abc"), None);
        assert_eq!(verify(b"secret", &format!("{ID}.!!!")), None);
    }

    #[test]
    fn a_verification_secret_is_not_a_check_in_code() {
        let secret = sign_address(b"secret", ID);
        assert_eq!(verify_address(b"secret", &secret).as_deref(), Some(ID));
        assert_eq!(verify(b"secret", &secret), None);
        assert_eq!(verify_address(b"secret", &sign(b"secret", ID)), None);
        assert_eq!(verify_address(b"other secret", &secret), None);
        let other_id = secret.replacen("0190", "0191", 1);
        assert_eq!(verify_address(b"secret", &other_id), None);
        assert_eq!(verify_address(b"secret", ID), None);
    }

    fn days(start: &str, end: &str) -> EventDays {
        let tz: Tz = "Europe/Brussels".parse().unwrap();
        EventDays::of(
            tz,
            DateTime::parse_from_rfc3339(start).unwrap().to_utc(),
            DateTime::parse_from_rfc3339(end).unwrap().to_utc(),
        )
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn a_check_in_counts_for_the_local_day_of_the_event() {
        // 3 to 4 December in Brussels (UTC+1).
        let d = days("2026-12-03T08:00:00Z", "2026-12-04T17:00:00Z");
        assert_eq!(d.count(), 2);
        let now = utc("2026-12-04T12:00:00Z");
        // 23:30 UTC on the 3rd is already the 4th in Brussels.
        let (_, day) = moment(&d, Some(utc("2026-12-03T23:30:00Z")), now).unwrap();
        assert_eq!(day.to_string(), "2026-12-04");
        assert_eq!(d.number(day), Some(2));
        let (at, day) = moment(&d, None, now).unwrap();
        assert_eq!((at, day.to_string().as_str()), (now, "2026-12-04"));
        assert_eq!(
            moment(&d, Some(utc("2026-12-02T22:59:00Z")), now),
            Err(TimeRefusal::NotAnEventDay("2026-12-02".parse().unwrap())),
            "the evening before, local time"
        );
        assert_eq!(
            moment(&d, None, utc("2026-12-05T09:00:00Z")).map(|(_, d)| d),
            Err(TimeRefusal::NotAnEventDay("2026-12-05".parse().unwrap()))
        );
    }

    #[test]
    fn a_phone_cannot_claim_a_time_in_the_future() {
        let d = days("2026-12-03T08:00:00Z", "2026-12-04T17:00:00Z");
        let now = utc("2026-12-03T09:00:00Z");
        let slightly_ahead = now + Duration::minutes(2);
        assert_eq!(moment(&d, Some(slightly_ahead), now), Ok((now, d.first)));
        assert_eq!(
            moment(
                &d,
                Some(now + Duration::minutes(CLOCK_SKEW_MINUTES + 1)),
                now
            ),
            Err(TimeRefusal::InTheFuture)
        );
    }

    #[test]
    fn an_event_ending_at_midnight_has_no_extra_day() {
        let d = days("2026-12-03T08:00:00Z", "2026-12-03T23:00:00Z");
        assert_eq!((d.first, d.last, d.count()), (d.first, d.first, 1));
    }

    #[test]
    fn only_confirmed_people_are_admitted() {
        assert!(admitted(RegistrationStatus::Confirmed));
        for status in [
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Pending,
            RegistrationStatus::Cancelled,
        ] {
            assert!(!admitted(status));
            assert!(not_admitted_reason(status).contains("Not admitted"));
        }
    }

    #[test]
    fn check_in_ids_are_uuids() {
        let id = "5F0C2B1E-8D4A-4C3B-9E2F-1A2B3C4D5E6F";
        assert_eq!(
            parse_id(id).as_deref(),
            Some("5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f")
        );
        assert_eq!(parse_id("not-a-uuid"), None);
        assert_eq!(parse_id("00000000-0000-0000-0000-000000000000"), None);
        assert_eq!(parse_id(&"a".repeat(100)), None);
        assert!(parse_id(&new_id()).is_some());
    }

    #[test]
    fn a_pasted_link_gives_its_code() {
        let code = sign(b"secret", ID);
        let link = format!("https://events.example.org/admin/check-in?code={code}");
        assert_eq!(code_of(&link), code);
        assert_eq!(code_of(&format!("  {code} ")), code);
        assert_eq!(code_of("https://x.eu/admin/check-in?code=a%2Eb&x=1"), "a.b");
    }
}
