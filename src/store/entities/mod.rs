//! sea-orm entities, one per table of `migrations/`.

pub mod audit_entry;
pub mod check_in;
pub mod event;
pub mod login_failure;
pub mod login_session;
pub mod organizer;
pub mod outbox_message;
pub mod question;
pub mod registration;
pub mod registration_session;
pub mod session;
pub mod setting;
