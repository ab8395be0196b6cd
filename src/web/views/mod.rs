//! maud layout and the pieces pages share.

pub mod assets;
pub mod format;
pub mod layout;
