//! Dates as people read them, in pages and emails alike: in the event's
//! time zone, with day and month names in the reader's language.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMDE;
use icu_datetime::input::Date;
use icu_locale_core::Locale;

use super::{t, tf};
use crate::domain::Language;

/// The day in the reader's language, as CLDR writes a long date with its
/// weekday there: "Tuesday, 15 December 2026", "wtorek, 15 grudnia 2026",
/// "2026. december 15., kedd". Which CLDR locale a language uses is the
/// `date-locale` message of its `pages.ftl` (English is written en-GB).
pub fn date(language: Language, time: DateTime<Tz>) -> String {
    let day = u8::try_from(time.day())
        .ok()
        .zip(u8::try_from(time.month()).ok())
        .and_then(|(day, month)| Date::try_new_iso(time.year(), month, day).ok());
    match (formatter(language), day) {
        (Some(formatter), Some(day)) => formatter.format(&day).to_string(),
        _ => time.format("%Y-%m-%d").to_string(),
    }
}

/// Formatters are built once per language: loading CLDR patterns is the
/// costly part, formatting is cheap.
fn formatter(language: Language) -> Option<&'static DateTimeFormatter<YMDE>> {
    static FORMATTERS: OnceLock<HashMap<Language, DateTimeFormatter<YMDE>>> = OnceLock::new();
    FORMATTERS
        .get_or_init(|| {
            Language::ALL
                .into_iter()
                .filter_map(|language| {
                    let locale = Locale::try_from_str(t(language, "date-locale")).ok()?;
                    let formatter =
                        DateTimeFormatter::try_new((&locale).into(), YMDE::long()).ok()?;
                    Some((language, formatter))
                })
                .collect()
        })
        .get(&language)
}

/// 24-hour clock, as all of Tessera's languages write times for events.
pub fn clock(time: DateTime<Tz>) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "Tuesday, 15 December 2026, 09:00–17:30", or both dates when it spans
/// days; how date and times join is the language's (`date-span`).
pub fn span(language: Language, tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (start, end) = (start.with_timezone(&tz), end.with_timezone(&tz));
    let mut args = vec![
        ("date", date(language, start).into()),
        ("start", clock(start).into()),
        ("end", clock(end).into()),
    ];
    if start.date_naive() == end.date_naive() {
        tf(language, "date-span", &args)
    } else {
        args.push(("end_date", date(language, end).into()));
        tf(language, "date-span-days", &args)
    }
}

/// "Europe/Brussels (CET)": the zone by name and by its abbreviation then.
pub fn zone(tz: Tz, at: DateTime<Utc>) -> String {
    format!("{} ({})", tz.name(), at.with_timezone(&tz).format("%Z"))
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
            "Tuesday, 15 December 2026, 09:00–18:00"
        );
        assert_eq!(
            span(Language::It, tz, start, end),
            "martedì 15 dicembre 2026, 09:00–18:00"
        );
        assert_eq!(zone(tz, start), "Europe/Brussels (CET)");
        for (language, expected) in [
            (Language::Pl, "wtorek, 15 grudnia 2026, 09:00–18:00"),
            (Language::Hu, "2026. december 15., kedd 09:00–18:00"),
            (
                Language::Lt,
                "2026 m. gruodžio 15 d., antradienis, 09:00–18:00",
            ),
            (
                Language::Es,
                "martes, 15 de diciembre de 2026, de 09:00 a 18:00",
            ),
        ] {
            assert_eq!(span(language, tz, start, end), expected);
        }
        let two_days = end + chrono::Duration::days(1);
        assert_eq!(
            span(Language::En, tz, start, two_days),
            "Tuesday, 15 December 2026, 09:00 – Wednesday, 16 December 2026, 18:00"
        );
    }
}
