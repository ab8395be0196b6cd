//! The public site: event pages, the registration form, the attendee's page.

pub mod events;
pub mod form;
pub mod registrations;
pub mod site;
