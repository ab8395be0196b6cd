//! maud layout and the pieces pages share.

pub mod assets;
pub mod layout;
