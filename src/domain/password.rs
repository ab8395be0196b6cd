//! Passwords of staff accounts, how many wrong ones a login may take, and
//! how long a login lasts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// A password fit to be set on an account: long enough to resist guessing,
/// short enough that hashing it costs what it should. Never printed by
/// `Debug`, so it cannot leak into a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_BYTES: usize = 1024;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        if input.trim().is_empty() {
            return Err("a password is required");
        }
        if input.chars().count() < Self::MIN_CHARS {
            return Err("a password needs at least 12 characters");
        }
        if input.len() > Self::MAX_BYTES {
            return Err("a password may have at most 1024 bytes");
        }
        if input.chars().any(char::is_control) {
            return Err("a password may not contain control characters");
        }
        Ok(Self(input.to_owned()))
    }

    /// 144 random bits as 24 characters a person can copy without
    /// ambiguity problems (letters, digits, `-` and `_`).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 18];
        rand::rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// Wrong logins allowed within `WINDOW_MINUTES`, per account (by the
/// address typed, known or not) and per client address. The address limit
/// is higher because an office's staff often share one public address.
pub struct LoginLimits;

impl LoginLimits {
    pub const WINDOW_MINUTES: i64 = 15;
    pub const PER_ACCOUNT: u64 = 5;
    pub const PER_CLIENT: u64 = 20;
}

/// How long a dashboard login lasts: it ends after `IDLE_HOURS` without a
/// request, and `ABSOLUTE_DAYS` after the login whatever happens.
pub struct SessionLimits;

impl SessionLimits {
    pub const IDLE_HOURS: i64 = 8;
    pub const ABSOLUTE_DAYS: i64 = 7;
    /// A session is written back (moving its idle expiry on) at most this
    /// often, not on every request: the idle limit is then met to within
    /// these minutes, and a busy screen (the door's check-ins) does not
    /// write its session with every tap.
    pub const RENEW_MINUTES: i64 = 5;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_blank_and_control_passwords_are_refused() {
        assert!(NewPassword::parse("").is_err());
        assert!(NewPassword::parse("            ").is_err());
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("twelve chars\u{7}").is_err());
        assert!(NewPassword::parse("correct horse battery").is_ok());
    }

    #[test]
    fn generated_passwords_are_valid_and_differ() {
        let a = NewPassword::generate();
        let b = NewPassword::generate();
        assert!(NewPassword::parse(a.as_str()).is_ok());
        assert_ne!(a, b);
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}
