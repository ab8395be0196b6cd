//! The printed documents of an event: badges for everyone confirmed (or
//! one person), and the attendance sheet of each day, to sign or filled in
//! with that day's check-in times. This gathers what they print; the
//! layout is `crate::documents`, run on a blocking thread (a sheet of a
//! thousand people is a moment of CPU the server's other requests should
//! not wait behind).

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use sea_orm::DbErr;

use super::Services;
use crate::documents::{self, Badge, DocumentError, SheetHeading, SheetKind, SheetRow};
use crate::domain::attendance::{self, Agenda};
use crate::domain::{Language, RegistrationStatus, check_in};
use crate::i18n::countries::country_name;
use crate::i18n::dates;
use crate::i18n::names::NameOrder;
use crate::store::attendance::{self as store, Participant};
use crate::store::check_ins;
use crate::store::entities::event;
use crate::store::queries::{self, EventRecord};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// Badges carry signed check-in codes; the command line has no key.
    #[error("no signing key: badges can only be printed by the running service")]
    NoSigningKey,
    #[error("the document task failed: {0}")]
    Task(String),
}

/// A finished PDF and the name to save it under.
pub struct Printed {
    pub file_name: String,
    pub pdf: Vec<u8>,
}

/// Where an event happens, in its own words, and its days.
pub struct EventCalendar {
    pub zone: Tz,
    pub language: Language,
    pub days: Vec<NaiveDate>,
}

impl EventCalendar {
    pub fn of(event: &event::Model) -> Self {
        let zone: Tz = event.timezone.parse().unwrap_or(Tz::UTC);
        Self {
            zone,
            language: Language::parse(&event.language).unwrap_or_default(),
            days: attendance::event_days(zone, event.starts_at, event.ends_at),
        }
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, DocumentError> + Send + 'static,
) -> Result<T, PrintError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| PrintError::Task(e.to_string()))?
        .map_err(PrintError::from)
}

impl Services {
    fn badge_of(&self, language: Language, person: &Participant) -> Result<Badge, PrintError> {
        let key = self.signing_key.as_ref().ok_or(PrintError::NoSigningKey)?;
        Ok(Badge {
            name: format!("{} {}", person.first_name.trim(), person.last_name.trim()),
            organization: person.organization.clone(),
            country: country_name(language, &person.country),
            check_in_url: check_in::link(&self.config.base_url(), key, &person.id),
        })
    }

    /// Badges for everyone confirmed, sorted by name, `BADGES_PER_PDF` at
    /// a time: `part` 1 is the first of them. `None` for no such event or
    /// a part beyond the list.
    pub async fn badges(&self, slug: &str, part: usize) -> Result<Option<Printed>, PrintError> {
        let Some(record) = queries::event_by_slug(&self.db.read, slug).await? else {
            return Ok(None);
        };
        let event = record.event;
        let calendar = EventCalendar::of(&event);
        let mut people = store::confirmed(&self.db.read, event.id).await?;
        let order = NameOrder::new(calendar.language);
        people.sort_by(|a, b| {
            order.people((&a.last_name, &a.first_name), (&b.last_name, &b.first_name))
        });
        let Some(range) = badge_part(people.len(), part) else {
            return Ok(None);
        };
        let badges = people[range]
            .iter()
            .map(|p| self.badge_of(calendar.language, p))
            .collect::<Result<Vec<_>, _>>()?;
        let (title, language) = (event.title.clone(), event.language.clone());
        let pdf = blocking(move || documents::badge_sheets(&title, &language, &badges)).await?;
        let file_name = if part == 1 {
            format!("{}-badges.pdf", event.slug)
        } else {
            format!("{}-badges-part-{part}.pdf", event.slug)
        };
        Ok(Some(Printed { file_name, pdf }))
    }

    /// The badge of one registration. Only a confirmed person has a seat
    /// and so a badge: anyone else is `Err(None)`-like `Ok(None)`.
    pub async fn badge(&self, registration_id: &str) -> Result<Option<Printed>, PrintError> {
        let Some(registration) =
            queries::registration_by_id(&self.db.read, registration_id).await?
        else {
            return Ok(None);
        };
        if registration.status != RegistrationStatus::Confirmed {
            return Ok(None);
        }
        let Some(record) = queries::event_by_id(&self.db.read, registration.event_id).await? else {
            return Ok(None);
        };
        let calendar = EventCalendar::of(&record.event);
        let person = Participant {
            id: registration.id.clone(),
            first_name: registration.first_name,
            last_name: registration.last_name,
            organization: registration.organization,
            country: registration.country,
        };
        let badge = self.badge_of(calendar.language, &person)?;
        let (title, language) = (record.event.title.clone(), record.event.language.clone());
        let pdf = blocking(move || documents::badge_sheets(&title, &language, &[badge])).await?;
        Ok(Some(Printed {
            file_name: format!("badge-{}.pdf", registration.id),
            pdf,
        }))
    }

    /// The days of an event, for the links to its sheets.
    pub async fn event_days(&self, slug: &str) -> Result<Option<Vec<NaiveDate>>, DbErr> {
        Ok(queries::event_by_slug(&self.db.read, slug)
            .await?
            .map(|record| EventCalendar::of(&record.event).days))
    }

    /// The attendance sheet of `day` (one of the event's days, else
    /// `None`).
    pub async fn attendance_sheet(
        &self,
        slug: &str,
        day: NaiveDate,
        kind: SheetKind,
    ) -> Result<Option<Printed>, PrintError> {
        let Some(record) = queries::event_by_slug(&self.db.read, slug).await? else {
            return Ok(None);
        };
        let calendar = EventCalendar::of(&record.event);
        if !calendar.days.contains(&day) {
            return Ok(None);
        }
        let rows = self.sheet_rows(&record, &calendar, day, kind).await?;
        let event = &record.event;
        let heading = SheetHeading {
            title: event.title.clone(),
            day: dates::date(Language::En, attendance::noon(calendar.zone, day)),
            venue: venue(event),
            funding_line: event.funding_line.clone(),
            language: event.language.clone(),
        };
        let pdf = blocking(move || documents::attendance_sheet(&heading, kind, &rows)).await?;
        let suffix = match kind {
            SheetKind::ToSign => "",
            SheetKind::Filled => "-filled",
        };
        Ok(Some(Printed {
            file_name: format!("{}-attendance-{day}{suffix}.pdf", event.slug),
            pdf,
        }))
    }

    /// The day's participants, sorted by name as the event's language
    /// sorts: everyone confirmed and expected that day (see
    /// `domain::attendance`) or checked in on it, with their check-in time
    /// on the filled sheet.
    async fn sheet_rows(
        &self,
        record: &EventRecord,
        calendar: &EventCalendar,
        day: NaiveDate,
        kind: SheetKind,
    ) -> Result<Vec<SheetRow>, DbErr> {
        let event_id = record.event.id;
        let people = store::confirmed(&self.db.read, event_id).await?;
        let chosen = store::chosen_sessions(&self.db.read, event_id).await?;
        let agenda = Agenda::new(
            calendar.zone,
            record.sessions.iter().map(|s| (s.id, s.starts_at)),
        );
        // Who checked in that day is on the sheet even if their sessions
        // were on other days: they were in the room. The filled sheet shows
        // the time.
        let checked_in: HashMap<String, String> =
            check_ins::standing_on_day(&self.db.read, event_id, &day.to_string())
                .await?
                .into_iter()
                .map(|(id, at)| {
                    let local = at.with_timezone(&calendar.zone);
                    (id, local.format("%H:%M").to_string())
                })
                .collect();
        let none = Vec::new();
        let order = NameOrder::new(calendar.language);
        let mut people: Vec<Participant> = people
            .into_iter()
            .filter(|p| {
                agenda.expects(day, chosen.get(&p.id).unwrap_or(&none))
                    || checked_in.contains_key(&p.id)
            })
            .collect();
        people.sort_by(|a, b| {
            order.people((&a.last_name, &a.first_name), (&b.last_name, &b.first_name))
        });
        Ok(people
            .into_iter()
            .map(|p| SheetRow {
                checked_in: match kind {
                    SheetKind::ToSign => None,
                    SheetKind::Filled => checked_in.get(&p.id).cloned(),
                },
                country: country_name(calendar.language, &p.country),
                last_name: p.last_name,
                first_name: p.first_name,
                organization: p.organization,
            })
            .collect())
    }
}

/// Badges in one PDF at most: 250 sheets, a few seconds of one core and
/// some 20 MB (BENCHMARKS.md). A larger event prints its badges in parts,
/// so no click can tie up the server for minutes.
pub const BADGES_PER_PDF: usize = 2_000;

/// Which of `people` (sorted) part `part` (from 1) prints; part 1 always
/// exists, even for nobody (a sheet of cut marks).
pub fn badge_part(people: usize, part: usize) -> Option<std::ops::Range<usize>> {
    let start = part.checked_sub(1)?.checked_mul(BADGES_PER_PDF)?;
    (part == 1 || start < people).then(|| start.min(people)..(start + BADGES_PER_PDF).min(people))
}

/// How many parts the badges of `people` take.
pub fn badge_parts(people: usize) -> usize {
    people.div_ceil(BADGES_PER_PDF).max(1)
}

/// The venue as one line: its name and address.
fn venue(event: &event::Model) -> String {
    let parts: Vec<&str> = [event.venue_name.trim(), event.venue_address.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        event.online_url.clone().unwrap_or_default()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_of_a_large_event_come_in_parts() {
        assert_eq!(badge_part(0, 1), Some(0..0));
        assert_eq!(badge_part(31, 1), Some(0..31));
        assert_eq!(badge_part(31, 2), None);
        assert_eq!(badge_part(4_500, 2), Some(2_000..4_000));
        assert_eq!(badge_part(4_500, 3), Some(4_000..4_500));
        assert_eq!(badge_part(4_500, 4), None);
        assert_eq!(badge_part(4_500, 0), None);
        assert_eq!(badge_part(10, usize::MAX), None);
        assert_eq!(badge_parts(0), 1);
        assert_eq!(badge_parts(2_000), 1);
        assert_eq!(badge_parts(4_500), 3);
    }
}
