//! The invite facts of a registration or an event, built in one place for
//! the emails, the attendee's `invite.ics` and the public calendar file.

use chrono::Utc;
use lettre::message::Mailbox;

use super::Services;
use super::catalog::PublicEvent;
use super::registrations::AttendeeView;
use crate::domain::RegistrationStatus;
use crate::domain::event::EventStatus;
use crate::domain::invite::{self, PublicEventFacts};
use crate::mail::compose::{event_facts, registration_invite};
use crate::store::entities::event;

/// Where an attendee can add the event to their calendar.
#[derive(Clone, Debug)]
pub struct CalendarLinks {
    pub google: String,
    pub outlook: String,
}

impl Services {
    /// The attendee's invite to download: a REQUEST while the seat is
    /// theirs. A pending, waitlisted or cancelled registration, or one of a
    /// cancelled event, has none (a REQUEST would claim a seat they do not
    /// hold; the cancellation email carries the CANCEL).
    pub fn attendee_invite(&self, view: &AttendeeView) -> Option<String> {
        let event_cancelled = view.event.status == EventStatus::Cancelled;
        if view.status != RegistrationStatus::Confirmed || event_cancelled {
            return None;
        }
        // The mailer refuses to start with an unparsable TESSERA_MAIL_FROM
        // (src/mail/mod.rs), so this fails only where no mail is sent.
        let from = self.config.mail_from.parse::<Mailbox>().ok()?.email;
        Some(registration_invite(
            invite::InviteMethod::Request,
            &self.config.base_url(),
            &from,
            &view.event,
            &view.registration,
            &view.registration.email,
            invite::sequence(view.event.revision, false, event_cancelled)
                + i64::from(view.registration.invite_revision),
        ))
    }

    /// The attendee page's "add to calendar" links (Google, Outlook): the
    /// event's page and online link, never the manage link, which would
    /// reach Google or Microsoft and anyone the entry is shared with.
    pub fn calendar_links(&self, event: &event::Model) -> CalendarLinks {
        let facts = event_facts(&self.config.base_url(), event);
        CalendarLinks {
            google: invite::google_link(&facts),
            outlook: invite::outlook_link(&facts),
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
