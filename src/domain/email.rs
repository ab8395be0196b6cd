use std::fmt;

use unicode_normalization::UnicodeNormalization;

use super::text::{is_bidi_control, is_invisible};

/// An email address the mailer can send to, with the form used to compare
/// it for the one-registration-per-person rule, so "Anna@Example.de " and
/// "anna@example.de" are one registrant.
///
/// What is accepted is what the configured transport can deliver:
/// - the address passes lettre's own `Address` rules (the mailer in
///   `src/mail/` parses it again), so `a..b@x.org`, `.a@x.org` or
///   `a:b@x.org` never take a seat and then fail for good;
/// - the local part is ASCII. A UTF-8 local part needs SMTPUTF8 end to end;
///   lettre uses it only when the relay offers it and otherwise refuses the
///   message, and the relay is configuration we cannot see from here, so
///   `jürgen@example.de` is refused at the form rather than lost later;
/// - an internationalised domain (`anna@münchen.de`) is accepted and kept
///   in its ASCII form (`anna@xn--mnchen-3ya.de`), which every server
///   delivers without SMTPUTF8.
///
/// Compatibility forms are folded first (Unicode NFKC), so full-width
/// letters typed with an input method (`ＡＮＮＡ@example.org`) are the
/// ASCII letters they look like, for sending and for comparing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    as_typed: String,
    normalized: String,
}

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Accepts what the mailer can send, and nothing that could break a
    /// mail header: no whitespace, control characters, quotes, angle
    /// brackets or commas anywhere.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        // ASCII is its own NFKC form: the common case skips the tables.
        let folded: String = if input.is_ascii() {
            input.to_owned()
        } else {
            input.nfkc().collect()
        };
        let trimmed = folded.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        if trimmed.is_empty() {
            return Err("error.required");
        }
        if trimmed.len() > Self::MAX_LEN {
            return Err("error.too_long");
        }
        let forbidden = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || is_invisible(c)
                || is_bidi_control(c)
                || "<>\",;()[]\\".contains(c)
        };
        if trimmed.chars().any(forbidden) {
            return Err("error.email_invalid");
        }
        let Some((local, domain)) = trimmed.rsplit_once('@') else {
            return Err("error.email_invalid");
        };
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return Err("error.email_invalid");
        }
        if !local.is_ascii() {
            return Err("error.email_not_ascii");
        }
        let domain = if domain.is_ascii() {
            domain.to_owned()
        } else {
            idna::domain_to_ascii(domain).map_err(|_| "error.email_invalid")?
        };
        let domain_ok = domain.len() >= 3
            && domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && !domain.contains('@');
        if !domain_ok {
            return Err("error.email_invalid");
        }
        let address = format!("{local}@{domain}");
        if address.len() > Self::MAX_LEN {
            return Err("error.too_long");
        }
        if address.parse::<lettre::Address>().is_err() {
            return Err("error.email_invalid");
        }
        Ok(Self {
            normalized: address.to_lowercase(),
            as_typed: address,
        })
    }

    /// The same address, compared without its `+tag`: `anna+x@example.org`
    /// and `anna@example.org` are one person. Sending still uses what was
    /// typed, since the tag is how some people sort their mail.
    pub fn folding_plus_tag(mut self) -> Self {
        if let Some((local, domain)) = self.normalized.rsplit_once('@')
            && let Some((base, _tag)) = local.split_once('+')
            && !base.is_empty()
        {
            self.normalized = format!("{base}@{domain}");
        }
        self
    }

    /// The address to send to.
    pub fn as_str(&self) -> &str {
        &self.as_typed
    }

    /// The key of the one-registration-per-person rule.
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

    #[test]
    fn refuses_what_the_mailer_would_refuse() {
        for bad in [
            "a..b@x.org",
            ".a@x.org",
            "a.@x.org",
            "a:b@x.org",
            "a/b:c@x.org",
        ] {
            assert_eq!(Email::parse(bad), Err("error.email_invalid"), "{bad:?}");
            assert!(
                bad.parse::<lettre::Address>().is_err(),
                "lettre takes {bad:?}"
            );
        }
    }

    #[test]
    fn a_utf8_local_part_is_refused_and_an_idn_domain_is_sent_as_ascii() {
        assert_eq!(
            Email::parse("jürgen@example.de"),
            Err("error.email_not_ascii")
        );
        let idn = Email::parse("Anna@München.de").unwrap();
        assert_eq!(idn.as_str(), "Anna@xn--mnchen-3ya.de");
        assert_eq!(idn.normalized(), "anna@xn--mnchen-3ya.de");
        assert!(idn.as_str().is_ascii());
    }

    #[test]
    fn full_width_and_invisible_variants_are_one_address() {
        let plain = Email::parse("anna@example.org").unwrap();
        let wide = Email::parse("ＡＮＮＡ@ｅｘａｍｐｌｅ.org").unwrap();
        assert_eq!(wide.as_str(), "ANNA@example.org");
        assert_eq!(wide.normalized(), plain.normalized());
        let hidden = Email::parse("\u{200B}anna@example.org\u{FEFF}").unwrap();
        assert_eq!(hidden.normalized(), plain.normalized());
        assert_eq!(
            Email::parse("an\u{200B}na@example.org"),
            Err("error.email_invalid")
        );
        assert_eq!(
            Email::parse("anna\u{202E}@example.org"),
            Err("error.email_invalid")
        );
    }

    #[test]
    fn a_plus_tag_is_folded_only_when_asked() {
        let tagged = Email::parse("Anna+Events@Example.org").unwrap();
        assert_eq!(tagged.normalized(), "anna+events@example.org");
        let folded = tagged.folding_plus_tag();
        assert_eq!(folded.normalized(), "anna@example.org");
        assert_eq!(folded.as_str(), "Anna+Events@Example.org", "sent as typed");
        // Only the first `+` starts the tag; a local part that is all tag stays.
        assert_eq!(
            Email::parse("a+b+c@x.org")
                .unwrap()
                .folding_plus_tag()
                .normalized(),
            "a@x.org"
        );
        assert_eq!(
            Email::parse("+x@x.org")
                .unwrap()
                .folding_plus_tag()
                .normalized(),
            "+x@x.org"
        );
    }
}
