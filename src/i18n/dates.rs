//! Dates as people read them, in pages and emails alike: in the event's
//! time zone, with day and month names in the reader's language.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::Language;

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

fn weekday(language: Language, index: usize) -> &'static str {
    let names = match language {
        Language::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
        Language::It => [
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
            "domenica",
        ],
    };
    names[index % 7]
}

fn month(language: Language, index0: usize) -> &'static str {
    let names = match language {
        Language::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        Language::It => [
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
        ],
    };
    names[index0 % 12]
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_day_reads_in_the_readers_language_and_the_events_zone() {
        let start = Utc.with_ymd_and_hms(2026, 12, 15, 8, 0, 0).unwrap();
        let end = start + chrono::Duration::hours(9);
        let tz = chrono_tz::Europe::Brussels;
        assert_eq!(
            span(Language::En, tz, start, end),
            "Tuesday 15 December 2026, 09:00–18:00"
        );
        assert_eq!(
            span(Language::It, tz, start, end),
            "martedì 15 dicembre 2026, 09:00–18:00"
        );
        assert_eq!(zone(tz, start), "Europe/Brussels (CET)");
    }
}
