//! The rules of the organizer's event form: every field as typed (strings,
//! as a browser sends them) read into the values an event holds, or the
//! reason each field is refused. The dashboard's create and edit pages
//! (src/web/admin/event_form.rs) and the duplicate page share them.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::email::Email;
use super::event::{LocalTimeError, local_time};
use super::language::Language;
use super::registration::FieldErrors;
use super::slug::Slug;
use super::text::{multi_line, single_line};

/// The zones offered in the form's list; any other IANA name can be typed.
pub const COMMON_ZONES: &[&str] = &[
    "Europe/Brussels",
    "Europe/Rome",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Amsterdam",
    "Europe/Vienna",
    "Europe/Warsaw",
    "Europe/Budapest",
    "Europe/Prague",
    "Europe/Vilnius",
    "Europe/Riga",
    "Europe/Tallinn",
    "Europe/Helsinki",
    "Europe/Stockholm",
    "Europe/Athens",
    "Europe/Bucharest",
    "Europe/Sofia",
    "UTC",
];

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 500;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const VENUE_NAME_MAX: usize = 200;
pub const VENUE_ADDRESS_MAX: usize = 300;
pub const URL_MAX: usize = 500;
pub const FUNDING_LINE_MAX: usize = 300;
pub const ORGANIZER_NAME_MAX: usize = 200;
/// More seats than any venue has: a typo, not a plan.
pub const CAPACITY_MAX: i32 = 1_000_000;

/// The event form as a browser sends it.
#[derive(Clone, Debug, Default)]
pub struct RawEventForm {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub language: String,
    /// The zone chosen in the list…
    pub timezone: String,
    /// …or typed, which wins when given.
    pub timezone_other: String,
    /// `datetime-local` values, read in the event's zone.
    pub starts_at: String,
    pub ends_at: String,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: String,
    /// Empty means unlimited.
    pub capacity: String,
    pub waitlist_enabled: bool,
    pub registration_opens_at: String,
    pub registration_closes_at: String,
    pub requires_verification: bool,
    pub contact_email: String,
    pub organizer_name: String,
    pub funding_line: String,
}

/// An event's own fields, each valid.
#[derive(Clone, Debug, PartialEq)]
pub struct EventFields {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub language: Language,
    pub timezone: Tz,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub waitlist_enabled: bool,
    pub registration_opens_at: Option<DateTime<Utc>>,
    pub registration_closes_at: Option<DateTime<Utc>>,
    pub requires_verification: bool,
    pub contact_email: String,
    pub organizer_name: String,
    pub funding_line: String,
}

impl RawEventForm {
    /// The slug asked for, or one made from the title when left empty.
    pub fn slug(&self) -> Result<Slug, &'static str> {
        let typed = self.slug.trim();
        let wanted = if typed.is_empty() {
            propose_slug(&self.title)
        } else {
            typed.to_owned()
        };
        // `/admin/events/new` is the dashboard's form for a new event.
        if wanted == "new" {
            return Err("this address is reserved: choose another");
        }
        Slug::parse(&wanted).ok_or(
            "use lowercase letters, digits and single hyphens (at most 100), e.g. women-2027",
        )
    }

    /// The zone typed or chosen.
    pub fn zone_name(&self) -> &str {
        let typed = self.timezone_other.trim();
        if typed.is_empty() {
            self.timezone.trim()
        } else {
            typed
        }
    }

    pub fn parse(&self) -> Result<EventFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut text = |field: &'static str, result: Result<String, &'static str>| {
            result.unwrap_or_else(|message| {
                errors.add(field, message);
                String::new()
            })
        };
        let title = text("title", single_line(&self.title, TITLE_MAX, true));
        let summary = text("summary", single_line(&self.summary, SUMMARY_MAX, false));
        let description = text(
            "description",
            multi_line(&self.description, DESCRIPTION_MAX, false),
        );
        let venue_name = text(
            "venue_name",
            single_line(&self.venue_name, VENUE_NAME_MAX, false),
        );
        let venue_address = text(
            "venue_address",
            single_line(&self.venue_address, VENUE_ADDRESS_MAX, false),
        );
        let organizer_name = text(
            "organizer_name",
            single_line(&self.organizer_name, ORGANIZER_NAME_MAX, false),
        );
        let funding_line = text(
            "funding_line",
            single_line(&self.funding_line, FUNDING_LINE_MAX, false),
        );
        let online_url = match parse_url(&self.online_url) {
            Ok(url) => url,
            Err(message) => {
                errors.add("online_url", message);
                None
            }
        };
        let contact_email = match Email::parse(&self.contact_email) {
            Ok(email) => email.as_str().to_owned(),
            Err(message) => {
                errors.add("contact_email", message);
                String::new()
            }
        };
        let language = Language::parse(&self.language).unwrap_or_else(|| {
            errors.add("language", "choose the event's language");
            Language::En
        });
        let capacity = parse_capacity(&self.capacity).unwrap_or_else(|message| {
            errors.add("capacity", message);
            None
        });
        let timezone = parse_zone(self.zone_name()).unwrap_or_else(|message| {
            errors.add("timezone", message);
            chrono_tz::UTC
        });
        // Times are read only in a known zone: in a wrong one they would be
        // refused or misread for a reason that is not theirs.
        let zone_ok = errors.get("timezone").is_none();
        let mut instant = |field: &'static str, raw: &str, required: bool| {
            if !zone_ok {
                return None;
            }
            match parse_local(timezone, raw, required) {
                Ok(at) => at,
                Err(message) => {
                    errors.add(field, message);
                    None
                }
            }
        };
        let starts_at = instant("starts_at", &self.starts_at, true);
        let ends_at = instant("ends_at", &self.ends_at, true);
        let opens_at = instant("registration_opens_at", &self.registration_opens_at, false);
        let closes_at = instant(
            "registration_closes_at",
            &self.registration_closes_at,
            false,
        );
        if let (Some(starts), Some(ends)) = (starts_at, ends_at)
            && ends <= starts
        {
            errors.add("ends_at", "the end must be after the start");
        }
        if let (Some(opens), Some(closes)) = (opens_at, closes_at)
            && closes <= opens
        {
            errors.add(
                "registration_closes_at",
                "registration must close after it opens",
            );
        }
        match (starts_at, ends_at) {
            (Some(starts_at), Some(ends_at)) if errors.is_empty() => Ok(EventFields {
                title,
                summary,
                description,
                language,
                timezone,
                starts_at,
                ends_at,
                venue_name,
                venue_address,
                online_url,
                capacity,
                waitlist_enabled: self.waitlist_enabled,
                registration_opens_at: opens_at,
                registration_closes_at: closes_at,
                requires_verification: self.requires_verification,
                contact_email,
                organizer_name,
                funding_line,
            }),
            _ => Err(errors),
        }
    }
}

/// A slug made from a title: ASCII letters and digits, accents dropped,
/// words joined by hyphens.
pub fn propose_slug(title: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            if slug.len() < Slug::MAX_LEN {
                slug.push(c.to_ascii_lowercase());
            }
        } else {
            gap = true;
        }
    }
    slug.truncate(Slug::MAX_LEN);
    slug.trim_end_matches('-').to_owned()
}

fn fold_accent(c: char) -> Option<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ė' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'į' | 'Ì' | 'Í' | 'Î' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'Ñ' | 'Ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ő' | 'Ò' | 'Ó' | 'Ö' | 'Ő' => 'o',
        'ś' | 'š' | 'Ś' | 'Š' => 's',
        'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ų' | 'ū' | 'Ù' | 'Ú' | 'Ü' | 'Ű' => 'u',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        c => c,
    };
    Some(plain)
}

pub fn parse_zone(name: &str) -> Result<Tz, &'static str> {
    if name.is_empty() {
        return Err("choose a time zone");
    }
    name.parse::<Tz>()
        .map_err(|_| "not a time zone: give an IANA name such as Europe/Brussels")
}

fn parse_capacity(raw: &str) -> Result<Option<i32>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i32>() {
        Ok(n) if (0..=CAPACITY_MAX).contains(&n) => Ok(Some(n)),
        _ => Err("give a whole number of seats, or leave empty for unlimited"),
    }
}

/// A session's or event's seat count as typed: empty is unlimited.
pub fn parse_seats(raw: &str) -> Result<Option<i32>, &'static str> {
    parse_capacity(raw)
}

fn parse_url(raw: &str) -> Result<Option<String>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if !(raw.starts_with("https://") || raw.starts_with("http://")) || raw.len() <= 8 {
        return Err("give a web address starting with https://");
    }
    single_line(raw, URL_MAX, true)
        .map(Some)
        .map_err(|_| "give a web address on one line, at most 500 characters")
}

/// A `datetime-local` value read in `zone`. Times that do not exist there
/// (the spring gap) or happen twice (the autumn overlap) are refused with
/// the reason: guessing would move the event by an hour.
pub fn parse_local(
    zone: Tz,
    raw: &str,
    required: bool,
) -> Result<Option<DateTime<Utc>>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return if required {
            Err("give a date and time")
        } else {
            Ok(None)
        };
    }
    let local = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .map_err(|_| "give a date and time as YYYY-MM-DDTHH:MM")?;
    match local_time(zone, local) {
        Ok(at) => Ok(Some(at)),
        Err(LocalTimeError::Skipped { .. }) => Err(
            "this time does not exist in the event's time zone: the clocks move forward over it",
        ),
        Err(LocalTimeError::Twice { .. }) => Err(
            "this time happens twice in the event's time zone as the clocks go back: choose another",
        ),
    }
}

/// An instant as a `datetime-local` input shows it, in `zone`.
pub fn local_input(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

impl RawEventForm {
    /// The form filled with an event's fields, as the edit page shows it.
    pub fn from_fields(slug: &str, fields: &EventFields) -> Self {
        let zone = fields.timezone;
        let local =
            |at: Option<DateTime<Utc>>| at.map(|at| local_input(zone, at)).unwrap_or_default();
        let name = zone.name().to_owned();
        let listed = COMMON_ZONES.contains(&name.as_str());
        Self {
            slug: slug.to_owned(),
            title: fields.title.clone(),
            summary: fields.summary.clone(),
            description: fields.description.clone(),
            language: fields.language.code().to_owned(),
            timezone: if listed { name.clone() } else { String::new() },
            timezone_other: if listed { String::new() } else { name },
            starts_at: local(Some(fields.starts_at)),
            ends_at: local(Some(fields.ends_at)),
            venue_name: fields.venue_name.clone(),
            venue_address: fields.venue_address.clone(),
            online_url: fields.online_url.clone().unwrap_or_default(),
            capacity: fields.capacity.map(|c| c.to_string()).unwrap_or_default(),
            waitlist_enabled: fields.waitlist_enabled,
            registration_opens_at: local(fields.registration_opens_at),
            registration_closes_at: local(fields.registration_closes_at),
            requires_verification: fields.requires_verification,
            contact_email: fields.contact_email.clone(),
            organizer_name: fields.organizer_name.clone(),
            funding_line: fields.funding_line.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RawEventForm {
        RawEventForm {
            title: "Women 2027 — Entrepreneurship Days".into(),
            language: "en".into(),
            timezone: "Europe/Brussels".into(),
            starts_at: "2027-03-08T09:00".into(),
            ends_at: "2027-03-10T17:30".into(),
            contact_email: "women2027@chamber.example.be".into(),
            capacity: "120".into(),
            ..RawEventForm::default()
        }
    }

    #[test]
    fn a_complete_form_reads_its_times_in_the_zone() {
        let fields = good().parse().expect("valid");
        assert_eq!(fields.starts_at.to_rfc3339(), "2027-03-08T08:00:00+00:00");
        assert_eq!(fields.capacity, Some(120));
        assert_eq!(
            good().slug().unwrap().as_str(),
            "women-2027-entrepreneurship-days"
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut form = good();
        form.ends_at = "2027-03-08T08:00".into();
        assert!(form.parse().unwrap_err().get("ends_at").is_some());
        let mut form = good();
        form.timezone_other = "Europe/Atlantis".into();
        assert!(form.parse().unwrap_err().get("timezone").is_some());
        let mut form = good();
        form.starts_at = "2027-03-28T02:30".into();
        form.ends_at = "2027-03-28T09:00".into();
        let errors = form.parse().unwrap_err();
        assert!(errors.get("starts_at").unwrap().contains("does not exist"));
        let mut form = good();
        form.capacity = "-3".into();
        assert!(form.parse().unwrap_err().get("capacity").is_some());
        let mut form = good();
        form.slug = "Not A Slug".into();
        assert!(form.slug().is_err());
    }

    #[test]
    fn slugs_are_proposed_in_plain_ascii() {
        assert_eq!(
            propose_slug("Città & Impresa: Łódź 2027!"),
            "citta-impresa-lodz-2027"
        );
        assert_eq!(propose_slug("  --  "), "");
    }
}
