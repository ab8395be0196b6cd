//! The emails Tessera owes people, and where each one is on its way.

/// What an outbox message is about; each kind has its templates under
/// `emails/{language}/{kind}.*`. Stored as its text (`outbox_messages.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum MessageKind {
    /// A seat is confirmed: carries the invite and the check-in code.
    #[sea_orm(string_value = "confirmation")]
    Confirmation,
    /// On the waiting list, with the place in line.
    #[sea_orm(string_value = "waitlisted")]
    Waitlisted,
    /// The double opt-in link.
    #[sea_orm(string_value = "verification")]
    Verification,
    /// From the waiting list to a seat: carries the invite.
    #[sea_orm(string_value = "promoted")]
    Promoted,
    /// The registration was cancelled: a CANCEL of the invite.
    #[sea_orm(string_value = "cancellation")]
    Cancellation,
    /// New time or place: the updated invite.
    #[sea_orm(string_value = "event_updated")]
    EventUpdated,
    /// The whole event is off.
    #[sea_orm(string_value = "event_cancelled")]
    EventCancelled,
    /// An organizer's message to the attendees.
    #[sea_orm(string_value = "announcement")]
    Announcement,
    /// Shortly before the start.
    #[sea_orm(string_value = "reminder")]
    Reminder,
    /// A pending registration's seat hold ran out before the address was
    /// confirmed: the registration is cancelled, the seat freed.
    #[sea_orm(string_value = "hold_expired")]
    HoldExpired,
    /// The attendee changed their sessions: the updated invite.
    #[sea_orm(string_value = "sessions_changed")]
    SessionsChanged,
}

impl MessageKind {
    pub const ALL: [MessageKind; 11] = [
        MessageKind::Confirmation,
        MessageKind::Waitlisted,
        MessageKind::Verification,
        MessageKind::Promoted,
        MessageKind::Cancellation,
        MessageKind::EventUpdated,
        MessageKind::EventCancelled,
        MessageKind::Announcement,
        MessageKind::Reminder,
        MessageKind::HoldExpired,
        MessageKind::SessionsChanged,
    ];

    /// The name of its templates, and of its column value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Confirmation => "confirmation",
            MessageKind::Waitlisted => "waitlisted",
            MessageKind::Verification => "verification",
            MessageKind::Promoted => "promoted",
            MessageKind::Cancellation => "cancellation",
            MessageKind::EventUpdated => "event_updated",
            MessageKind::EventCancelled => "event_cancelled",
            MessageKind::Announcement => "announcement",
            MessageKind::Reminder => "reminder",
            MessageKind::HoldExpired => "hold_expired",
            MessageKind::SessionsChanged => "sessions_changed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

impl std::fmt::Display for MessageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an outbox message is. Stored as its text (`outbox_messages.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Claimed by a mail worker until `claimed_until`.
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Refused for good (5xx, or a message that cannot be built).
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }
    }
}

impl std::fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in MessageKind::ALL {
            assert_eq!(MessageKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(MessageKind::parse("nonsense"), None);
    }
}
