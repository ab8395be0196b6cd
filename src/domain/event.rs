use chrono::{DateTime, Utc};

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
