//! An event's numbers for its statistics page and its indicator report:
//! registrations as they arrived, by status, country and organization,
//! and attendance (check-ins) per day and per session.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::DbErr;

use super::Services;
use super::documents::EventCalendar;
use crate::domain::attendance::{self, Agenda, Attendee, Headcount, Present, count_organizations};
use crate::domain::{Language, RegistrationStatus};
use crate::i18n::countries::country_name;
use crate::store::attendance::{self as store, Participant};
use crate::store::check_ins;
use crate::store::event_tallies::{self, Tallies};
use crate::store::queries::{self, EventRecord};

/// Registrations that arrived on one day, and the running totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayOfRegistrations {
    pub day: NaiveDate,
    pub received: i64,
    /// Every registration received up to and including this day.
    pub cumulative: i64,
    /// Of those, how many are confirmed now.
    pub confirmed_cumulative: i64,
}

#[derive(Clone, Debug)]
pub struct EventStatistics {
    pub slug: String,
    pub title: String,
    pub capacity: Option<i64>,
    pub per_day: Vec<DayOfRegistrations>,
    pub by_status: Tallies,
    /// Confirmed people by country (named in English), most first.
    pub by_country: Vec<(String, i64)>,
    /// Confirmed people by organization, most first.
    pub by_organization: Vec<(String, i64)>,
    /// Each day of the event: expected against checked in.
    pub check_ins_per_day: Vec<(NaiveDate, Headcount)>,
    /// Each session: who chose it against who of them checked in that day.
    pub check_ins_per_session: Vec<SessionCheckIns>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionCheckIns {
    pub title: String,
    pub day: Option<NaiveDate>,
    pub count: Headcount,
}

/// Everything attendance is counted from: the confirmed people, the
/// sessions they chose, and who stood checked in on each day.
pub struct AttendanceBook {
    pub calendar: EventCalendar,
    pub agenda: Agenda,
    pub people: Vec<Participant>,
    pub chosen: HashMap<String, Vec<i64>>,
    pub present: Present,
}

impl AttendanceBook {
    pub fn attendees(&self) -> Vec<Attendee<'_>> {
        self.people
            .iter()
            .map(|p| Attendee {
                id: &p.id,
                chosen: self.chosen.get(&p.id).map(Vec::as_slice).unwrap_or(&[]),
            })
            .collect()
    }

    pub fn per_day(&self) -> Vec<(NaiveDate, Headcount)> {
        attendance::per_day(
            &self.calendar.days,
            &self.agenda,
            &self.attendees(),
            &self.present,
        )
    }
}

/// What a blank organization is listed as.
pub const NO_ORGANIZATION: &str = "(no organization given)";

impl Services {
    pub async fn event_statistics(&self, slug: &str) -> Result<Option<EventStatistics>, DbErr> {
        let Some(record) = queries::event_by_slug(&self.db.read, slug).await? else {
            return Ok(None);
        };
        let event = &record.event;
        let calendar = EventCalendar::of(event);
        let arrivals = store::arrivals(&self.db.read, event.id).await?;
        let mut days: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
        for (at, status) in &arrivals {
            let entry = days
                .entry(at.with_timezone(&calendar.zone).date_naive())
                .or_default();
            entry.0 += 1;
            if *status == RegistrationStatus::Confirmed {
                entry.1 += 1;
            }
        }
        let per_day = registrations_per_day(&days);

        let mut by_country: Vec<(String, i64)> =
            store::confirmed_by_country(&self.db.read, event.id)
                .await?
                .into_iter()
                .map(|(code, count)| (country_name(Language::En, &code), count))
                .collect();
        by_country.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let organizations = store::confirmed_by_organization(&self.db.read, event.id).await?;
        let by_organization = count_organizations(
            organizations.iter().map(|(name, n)| (name.as_str(), *n)),
            NO_ORGANIZATION,
        );

        let book = self.attendance_book(&record).await?;
        let session_ids: Vec<i64> = record.sessions.iter().map(|s| s.id).collect();
        let per_session =
            attendance::per_session(&session_ids, &book.agenda, &book.attendees(), &book.present);
        let check_ins_per_session = record
            .sessions
            .iter()
            .zip(per_session)
            .map(|(session, (_, count))| SessionCheckIns {
                title: session.title.clone(),
                day: book.agenda.day_of(session.id),
                count,
            })
            .collect();

        Ok(Some(EventStatistics {
            check_ins_per_day: book.per_day(),
            check_ins_per_session,
            slug: event.slug.clone(),
            title: event.title.clone(),
            capacity: event.capacity.map(i64::from),
            per_day,
            by_status: event_tallies::tallies(&self.db.read, event.id).await?,
            by_country,
            by_organization,
        }))
    }
}

impl Services {
    /// The confirmed people of an event, their sessions, and each day's
    /// standing check-ins (one query per day of the event).
    pub async fn attendance_book(&self, record: &EventRecord) -> Result<AttendanceBook, DbErr> {
        let event = &record.event;
        let calendar = EventCalendar::of(event);
        let agenda = Agenda::new(
            calendar.zone,
            record.sessions.iter().map(|s| (s.id, s.starts_at)),
        );
        let people = store::confirmed(&self.db.read, event.id).await?;
        let chosen = store::chosen_sessions(&self.db.read, event.id).await?;
        let mut present: Present = HashMap::new();
        for day in &calendar.days {
            let ids: HashSet<String> =
                check_ins::standing_on_day(&self.db.read, event.id, &day.to_string())
                    .await?
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
            present.insert(*day, ids);
        }
        Ok(AttendanceBook {
            calendar,
            agenda,
            people,
            chosen,
            present,
        })
    }
}

/// Every day from the first registration to the last (a day without any
/// still shows on the line), with running totals.
fn registrations_per_day(days: &BTreeMap<NaiveDate, (i64, i64)>) -> Vec<DayOfRegistrations> {
    let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) else {
        return Vec::new();
    };
    let (mut cumulative, mut confirmed) = (0, 0);
    first
        .iter_days()
        .take_while(|d| d <= last)
        .map(|day| {
            let (received, now_confirmed) = days.get(&day).copied().unwrap_or_default();
            cumulative += received;
            confirmed += now_confirmed;
            DayOfRegistrations {
                day,
                received,
                cumulative,
                confirmed_cumulative: confirmed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_without_registrations_keep_the_running_total() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let days = BTreeMap::from([(day(1), (3, 2)), (day(4), (2, 2))]);
        let per_day = registrations_per_day(&days);
        assert_eq!(per_day.len(), 4);
        assert_eq!(
            per_day.iter().map(|d| d.cumulative).collect::<Vec<_>>(),
            [3, 3, 3, 5]
        );
        assert_eq!(per_day[3].confirmed_cumulative, 4);
        assert_eq!(per_day[1].received, 0);
        assert!(registrations_per_day(&BTreeMap::new()).is_empty());
    }
}
