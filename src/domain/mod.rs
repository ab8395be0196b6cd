//! Pure types and rules of Tessera: no I/O, nothing of ours imported.
//! A value of these types is valid by construction (parse, don't validate),
//! so nothing downstream checks it again.

pub mod attendance;
pub mod attendee_list;
pub mod batch;
pub mod capacity;
pub mod check_in;
pub mod client;
pub mod countries;
pub mod email;
pub mod erasure;
pub mod event;
pub mod event_form;
pub mod invite;
pub mod language;
pub mod markdown;
pub mod message;
pub mod password;
pub mod registration;
pub mod role;
pub mod slug;
pub mod text;
pub mod token;

pub use capacity::{Availability, Placement, Seats};
pub use email::Email;
pub use event::{EventStatus, RegistrationWindow, WindowState};
pub use language::Language;
pub use message::{DeliveryStatus, MessageKind};
pub use password::NewPassword;
pub use registration::{
    Answer, Choices, FieldErrors, FormRules, QuestionKind, QuestionRule, RawChoices,
    RawRegistration, RegistrationRequest, RegistrationStatus,
};
pub use role::Role;
pub use token::ManageToken;
