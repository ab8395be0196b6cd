//! Dates as people read them: in the event's time zone, named.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::Language;
use crate::i18n::{month, weekday};

pub fn date(language: Language, time: DateTime<Tz>) -> String {
    let day = weekday(language, time.weekday().num_days_from_monday() as usize);
    let month = month(language, time.month0() as usize);
    format!("{day} {} {month} {}", time.day(), time.year())
}

pub fn clock(time: DateTime<Tz>) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "Tuesday 15 December 2026, 09:00–17:30", or both dates when it spans days.
pub fn span(language: Language, tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (start, end) = (start.with_timezone(&tz), end.with_timezone(&tz));
    if start.date_naive() == end.date_naive() {
        format!("{}, {}–{}", date(language, start), clock(start), clock(end))
    } else {
        format!(
            "{}, {} – {}, {}",
            date(language, start),
            clock(start),
            date(language, end),
            clock(end)
        )
    }
}

/// "Europe/Brussels (CET)": the zone by name and by its abbreviation then.
pub fn zone(tz: Tz, at: DateTime<Utc>) -> String {
    format!("{} ({})", tz.name(), at.with_timezone(&tz).format("%Z"))
}
