//! Who is expected on which day of an event, and how attendance is
//! counted for the sheets, the statistics and the indicator report.
//!
//! A registration is for the whole event; the sessions a person chose say
//! which days they come. So a confirmed person belongs on a day's sheet
//! when that day has no sessions (a plenary day: everyone), when they chose
//! no sessions at all (they come to the event, not to a session), or when
//! they chose one of that day's sessions.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::check_in::EventDays;

/// The longest event whose days are listed one by one (a year); an event
/// running longer is an error of data entry, not a programme.
pub const MAX_DAYS: i64 = 366;

/// The calendar days of an event in its timezone, first to last
/// (`check_in::EventDays`: the days a check-in can count for).
pub fn event_days(zone: Tz, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Vec<NaiveDate> {
    let days = EventDays::of(zone, starts_at, ends_at);
    days.first
        .iter_days()
        .take_while(|d| *d <= days.last)
        .take(MAX_DAYS as usize)
        .collect()
}

/// Noon of `day` in `zone`: a moment surely on that date, whatever a
/// daylight-saving change does to its night.
pub fn noon(zone: Tz, day: NaiveDate) -> DateTime<Tz> {
    use chrono::TimeZone;
    let at = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&at)
        .earliest()
        .unwrap_or_else(|| zone.from_utc_datetime(&at))
}

/// A day as written in addresses and files: `YYYY-MM-DD`, nothing else.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    if raw.len() != 10 || !raw.is_ascii() {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// An event's sessions by the day (event's timezone) they start on.
#[derive(Clone, Debug, Default)]
pub struct Agenda {
    day_of_session: HashMap<i64, NaiveDate>,
    days_with_sessions: HashSet<NaiveDate>,
}

impl Agenda {
    pub fn new(zone: Tz, sessions: impl IntoIterator<Item = (i64, DateTime<Utc>)>) -> Self {
        let mut agenda = Agenda::default();
        for (id, starts_at) in sessions {
            let day = starts_at.with_timezone(&zone).date_naive();
            agenda.day_of_session.insert(id, day);
            agenda.days_with_sessions.insert(day);
        }
        agenda
    }

    /// Whether someone who chose the sessions `chosen` is expected on `day`.
    pub fn expects(&self, day: NaiveDate, chosen: &[i64]) -> bool {
        !self.days_with_sessions.contains(&day)
            || chosen.is_empty()
            || chosen
                .iter()
                .any(|id| self.day_of_session.get(id) == Some(&day))
    }

    /// The day session `id` starts on.
    pub fn day_of(&self, session: i64) -> Option<NaiveDate> {
        self.day_of_session.get(&session).copied()
    }
}

/// How an organization's name is compared when counting: case, spacing
/// and surrounding punctuation aside, "Müller & Töchter GmbH" and
/// "müller &  töchter gmbh " are one organization.
pub fn organization_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '&')
        .to_lowercase()
}

/// Counts by organization: one row per organization (named as most of its
/// people wrote it), largest first, ties by name; blank names as `blank`.
/// Each item is a name, how many people wrote it so, and what they count.
pub fn group_organizations<'a, T>(
    items: impl IntoIterator<Item = (&'a str, i64, T)>,
    blank: &str,
) -> Vec<(String, T)>
where
    T: Copy + Default + Ord + std::ops::AddAssign,
{
    // key → (total, spelling → people)
    let mut groups: HashMap<String, (T, HashMap<String, i64>)> = HashMap::new();
    for (name, people, count) in items {
        let key = organization_key(name);
        let shown = if key.is_empty() {
            blank.to_owned()
        } else {
            name.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let group = groups.entry(key).or_default();
        group.0 += count;
        *group.1.entry(shown).or_default() += people;
    }
    let mut rows: Vec<(String, T)> = groups
        .into_values()
        .map(|(total, spellings)| {
            let name = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(name, _)| name)
                .unwrap_or_default();
            (name, total)
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// People counted by organization (see `group_organizations`).
pub fn count_organizations<'a>(
    names: impl IntoIterator<Item = (&'a str, i64)>,
    blank: &str,
) -> Vec<(String, i64)> {
    group_organizations(names.into_iter().map(|(name, n)| (name, n, n)), blank)
}

/// The rows beyond the top ones, summed: how many rows, and their total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rest {
    pub rows: usize,
    pub total: i64,
}

/// The first `n` rows, and the rest summed.
pub fn top_and_rest(rows: &[(String, i64)], n: usize) -> (&[(String, i64)], Option<Rest>) {
    if rows.len() <= n {
        return (rows, None);
    }
    let rest = &rows[n..];
    let total = rest.iter().map(|r| r.1).sum();
    (
        &rows[..n],
        Some(Rest {
            rows: rest.len(),
            total,
        }),
    )
}

/// A confirmed person as attendance counts them: their id and the
/// sessions they chose.
pub struct Attendee<'a> {
    pub id: &'a str,
    pub chosen: &'a [i64],
}

/// Who stood checked in on each day (registration ids).
pub type Present = HashMap<NaiveDate, HashSet<String>>;

/// Registered against attended: the indicator report's two numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Headcount {
    /// Confirmed: expected, no-shows included.
    pub registered: i64,
    /// Checked in: no-shows left out.
    pub attended: i64,
}

impl Headcount {
    pub fn no_shows(&self) -> i64 {
        self.registered - self.attended
    }
}

impl std::ops::AddAssign for Headcount {
    fn add_assign(&mut self, other: Self) {
        self.registered += other.registered;
        self.attended += other.attended;
    }
}

/// Per day: who was expected (or came anyway) against who checked in.
pub fn per_day(
    days: &[NaiveDate],
    agenda: &Agenda,
    attendees: &[Attendee],
    present: &Present,
) -> Vec<(NaiveDate, Headcount)> {
    let nobody = HashSet::new();
    days.iter()
        .map(|day| {
            let here = present.get(day).unwrap_or(&nobody);
            let mut count = Headcount::default();
            for person in attendees {
                let came = here.contains(person.id);
                if came || agenda.expects(*day, person.chosen) {
                    count.registered += 1;
                }
                if came {
                    count.attended += 1;
                }
            }
            (*day, count)
        })
        .collect()
}

/// Per session: the people who chose it, against those of them checked in
/// on its day (a check-in is for the day, not the room).
pub fn per_session(
    sessions: &[i64],
    agenda: &Agenda,
    attendees: &[Attendee],
    present: &Present,
) -> Vec<(i64, Headcount)> {
    let nobody = HashSet::new();
    sessions
        .iter()
        .map(|session| {
            let here = agenda
                .day_of(*session)
                .and_then(|day| present.get(&day))
                .unwrap_or(&nobody);
            let mut count = Headcount::default();
            for person in attendees.iter().filter(|p| p.chosen.contains(session)) {
                count.registered += 1;
                if here.contains(person.id) {
                    count.attended += 1;
                }
            }
            (*session, count)
        })
        .collect()
}

/// Whether `id` checked in on any day.
pub fn attended_any_day(present: &Present, id: &str) -> bool {
    present.values().any(|ids| ids.contains(id))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(zone: Tz, y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        zone.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(raw: &str) -> NaiveDate {
        parse_day(raw).unwrap()
    }

    #[test]
    fn the_days_of_an_event_are_its_local_dates() {
        let zone = chrono_tz::Europe::Brussels;
        // 23:30 UTC on the 14th is already the 15th in Brussels.
        let starts = Utc.with_ymd_and_hms(2026, 12, 14, 23, 30, 0).unwrap();
        let ends = at(zone, 2026, 12, 17, 0);
        assert_eq!(
            event_days(zone, starts, ends),
            [day("2026-12-15"), day("2026-12-16")],
            "ending at midnight does not add the 17th"
        );
        let one = at(zone, 2026, 12, 15, 9);
        assert_eq!(
            event_days(zone, one, one + Duration::hours(8)),
            [day("2026-12-15")]
        );
        assert_eq!(
            event_days(zone, one, one + Duration::days(5000)).len(),
            MAX_DAYS as usize
        );
    }

    #[test]
    fn only_a_plain_date_is_a_day() {
        assert_eq!(
            parse_day("2026-12-15"),
            NaiveDate::from_ymd_opt(2026, 12, 15)
        );
        for bad in [
            "2026-12-15.pdf",
            "2026-2-5",
            "2026-13-01",
            "15-12-2026",
            "",
            "２０２６-12-15",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_person_is_expected_on_the_days_of_their_sessions() {
        let zone = chrono_tz::Europe::Brussels;
        let agenda = Agenda::new(
            zone,
            [
                (1, at(zone, 2026, 12, 15, 9)),
                (2, at(zone, 2026, 12, 15, 14)),
                (3, at(zone, 2026, 12, 16, 9)),
            ],
        );
        let (first, second, third) = (day("2026-12-15"), day("2026-12-16"), day("2026-12-17"));
        assert!(agenda.expects(first, &[1]));
        assert!(!agenda.expects(second, &[1, 2]), "no session of theirs");
        assert!(agenda.expects(second, &[2, 3]));
        assert!(
            agenda.expects(first, &[]) && agenda.expects(second, &[]),
            "chose none: every day"
        );
        assert!(
            agenda.expects(third, &[1]),
            "a day without sessions: everyone"
        );
        assert_eq!(agenda.day_of(3), Some(second));
    }

    #[test]
    fn organizations_are_counted_as_one_whatever_their_spelling() {
        let rows = count_organizations(
            [
                ("Müller & Töchter GmbH", 1),
                ("müller &  töchter gmbh ", 1),
                ("Müller & Töchter GmbH", 1),
                ("Θεσσαλονίκη Εξαγωγές Α.Ε.", 2),
                ("", 1),
                ("  ", 1),
            ],
            "(none given)",
        );
        assert_eq!(
            rows,
            [
                ("Müller & Töchter GmbH".to_owned(), 3),
                ("(none given)".to_owned(), 2),
                ("Θεσσαλονίκη Εξαγωγές Α.Ε.".to_owned(), 2),
            ]
        );
        let (top, rest) = top_and_rest(&rows, 1);
        assert_eq!(top.len(), 1);
        assert_eq!(rest, Some(Rest { rows: 2, total: 4 }));
        assert_eq!(top_and_rest(&rows, 10).1, None);
    }

    #[test]
    fn attendance_counts_who_was_expected_and_who_came_each_day() {
        let zone = chrono_tz::Europe::Brussels;
        let (first, second) = (day("2026-12-15"), day("2026-12-16"));
        let agenda = Agenda::new(
            zone,
            [
                (1, at(zone, 2026, 12, 15, 9)),
                (2, at(zone, 2026, 12, 16, 9)),
            ],
        );
        let (only_first, only_second, both, none) = (vec![1], vec![2], vec![1, 2], vec![]);
        let attendees = [
            Attendee {
                id: "a",
                chosen: &only_first,
            },
            Attendee {
                id: "b",
                chosen: &only_second,
            },
            Attendee {
                id: "c",
                chosen: &both,
            },
            Attendee {
                id: "d",
                chosen: &none,
            },
        ];
        let present: Present = HashMap::from([
            (
                first,
                HashSet::from(["a".to_owned(), "c".to_owned(), "b".to_owned()]),
            ),
            (second, HashSet::from(["c".to_owned()])),
        ]);
        let days = per_day(&[first, second], &agenda, &attendees, &present);
        // Day one: a, c, d expected, b came anyway; a, b, c came.
        assert_eq!(
            days[0].1,
            Headcount {
                registered: 4,
                attended: 3
            }
        );
        // Day two: b, c, d expected; only c came.
        assert_eq!(
            days[1].1,
            Headcount {
                registered: 3,
                attended: 1
            }
        );
        assert_eq!(days[1].1.no_shows(), 2);
        let sessions = per_session(&[1, 2], &agenda, &attendees, &present);
        assert_eq!(
            sessions[0].1,
            Headcount {
                registered: 2,
                attended: 2
            }
        );
        assert_eq!(
            sessions[1].1,
            Headcount {
                registered: 2,
                attended: 1
            }
        );
        assert!(attended_any_day(&present, "b"));
        assert!(!attended_any_day(&present, "d"));
    }
}
