use std::fmt;

/// An email address as the registrant typed it, with the form used to
/// compare it (trimmed and lower-cased), so "Anna@Example.de " and
/// "anna@example.de" are one registrant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    as_typed: String,
    normalized: String,
}

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Accepts what mail servers accept in practice, and nothing that could
    /// break a mail header: no whitespace, control characters, quotes, angle
    /// brackets or commas anywhere.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("error.required");
        }
        if trimmed.len() > Self::MAX_LEN {
            return Err("error.too_long");
        }
        let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>\",;()[]\\".contains(c);
        if trimmed.chars().any(forbidden) {
            return Err("error.email_invalid");
        }
        let Some((local, domain)) = trimmed.rsplit_once('@') else {
            return Err("error.email_invalid");
        };
        let domain_ok = domain.len() >= 3
            && domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err("error.email_invalid");
        }
        Ok(Self {
            as_typed: trimmed.to_owned(),
            normalized: trimmed.to_lowercase(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.as_typed
    }

    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_typed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_was_typed_and_compares_lower_case() {
        let email = Email::parse("  Agnes.Szoke@Example.HU ").unwrap();
        assert_eq!(email.as_str(), "Agnes.Szoke@Example.HU");
        assert_eq!(email.normalized(), "agnes.szoke@example.hu");
    }

    #[test]
    fn refuses_what_could_break_a_header() {
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "x@example.com\r\nBcc: y@example.com",
            "\"quoted\"@example.com",
            "two@@example.com",
            "a@.example.com",
            "a b@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
