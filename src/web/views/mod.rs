//! maud layout and the pieces pages share.

pub mod assets;
pub mod error_summary;
pub mod layout;
