//! The invite facts of a registration or an event, built in one place for
//! the emails, the attendee's `invite.ics` and the public calendar file.

use chrono::Utc;

use super::Services;
use super::catalog::PublicEvent;
use super::registrations::AttendeeView;
use crate::domain::RegistrationStatus;
use crate::domain::event::EventStatus;
use crate::domain::invite::{self, PublicEventFacts};
use crate::mail::compose::{event_facts, invite_facts};
use crate::store::entities::{event, registration};

/// The SEQUENCE an attendee's invite has now: the event's revision, one
/// more once the registration or the event is cancelled (as in the
/// cancellation email).
pub fn current_sequence(registration: &registration::Model, event: &event::Model) -> i64 {
    let cancelled = registration.status == RegistrationStatus::Cancelled
        && event.status != EventStatus::Cancelled;
    i64::from(event.revision) + i64::from(cancelled)
}

impl Services {
    /// The attendee's invite as it stands: REQUEST while the seat is theirs,
    /// CANCEL once it is not.
    pub fn attendee_invite(&self, view: &AttendeeView) -> (&'static str, String) {
        let sequence = current_sequence(&view.registration, &view.event);
        let facts = invite_facts(
            &self.config.base_url(),
            &self.config.mail_from,
            &view.event,
            &view.registration,
            &view.registration.email,
            sequence,
        );
        let event_cancelled = view.event.status == EventStatus::Cancelled;
        if view.status == RegistrationStatus::Cancelled || event_cancelled {
            ("CANCEL", invite::cancel(&facts))
        } else {
            ("REQUEST", invite::request(&facts))
        }
    }

    pub fn public_calendar(&self, event: &PublicEvent) -> String {
        let record = &event.record.event;
        invite::publish(&PublicEventFacts {
            uid: format!(
                "event-{}@{}",
                record.id,
                invite::host(&self.config.base_url())
            ),
            sequence: i64::from(record.revision),
            stamp: Utc::now(),
            event: event_facts(&self.config.base_url(), record),
            cancelled: event.status == EventStatus::Cancelled,
        })
    }
}
