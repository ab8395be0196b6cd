use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Stored as its text (`events.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum EventStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Draft => "draft",
            EventStatus::Published => "published",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "draft" => Some(EventStatus::Draft),
            "published" => Some(EventStatus::Published),
            "cancelled" => Some(EventStatus::Cancelled),
            _ => None,
        }
    }
}

/// When registration is possible: both ends optional, and only for a
/// published event that has not ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegistrationWindow {
    pub status: EventStatus,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub event_ends_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowState {
    Open,
    NotYetOpen,
    Closed,
    /// Draft or cancelled: not open to the public at all.
    Unavailable,
}

impl RegistrationWindow {
    pub fn state(&self, now: DateTime<Utc>) -> WindowState {
        if self.status != EventStatus::Published {
            return WindowState::Unavailable;
        }
        if self.opens_at.is_some_and(|opens| now < opens) {
            return WindowState::NotYetOpen;
        }
        let closes = self.closes_at.unwrap_or(self.event_ends_at);
        if now >= closes || now >= self.event_ends_at {
            return WindowState::Closed;
        }
        WindowState::Open
    }
}

/// A wall-clock time that names no single instant in its time zone.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    #[error("{local} does not exist in {zone}: the clocks move forward over it")]
    Skipped { local: NaiveDateTime, zone: Tz },
    #[error(
        "{local} happens twice in {zone} as the clocks go back: give the offset, {earlier} or {later}"
    )]
    Twice {
        local: NaiveDateTime,
        zone: Tz,
        earlier: String,
        later: String,
    },
}

/// The instant a wall-clock time in `zone` names, as an organizer reads it
/// off the event's programme.
pub fn local_time(zone: Tz, local: NaiveDateTime) -> Result<DateTime<Utc>, LocalTimeError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Skipped { local, zone }),
        LocalResult::Ambiguous(earlier, later) => Err(LocalTimeError::Twice {
            local,
            zone,
            earlier: earlier.fixed_offset().to_rfc3339(),
            later: later.fixed_offset().to_rfc3339(),
        }),
    }
}

#[cfg(test)]
mod local_time_tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::Brussels;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, 0))
            .expect("a date")
    }

    #[test]
    fn a_plain_time_is_read_in_the_zone() {
        let instant = local_time(Brussels, at(2027, 3, 8, 9, 0)).expect("one instant");
        assert_eq!(instant.to_rfc3339(), "2027-03-08T08:00:00+00:00");
        let summer = local_time(Brussels, at(2027, 7, 8, 9, 0)).expect("one instant");
        assert_eq!(summer.to_rfc3339(), "2027-07-08T07:00:00+00:00");
    }

    #[test]
    fn the_gap_and_the_overlap_are_refused_with_a_reason() {
        let gap = local_time(Brussels, at(2027, 3, 28, 2, 30)).unwrap_err();
        assert!(gap.to_string().contains("does not exist"), "{gap}");
        let twice = local_time(Brussels, at(2027, 10, 31, 2, 30)).unwrap_err();
        assert!(twice.to_string().contains("+02:00"), "{twice}");
        assert!(twice.to_string().contains("+01:00"), "{twice}");
    }
}
