/// An event's name in its address (`/events/{slug}`): lowercase ASCII
/// letters and digits in words joined by single hyphens, as the demo
/// (`women-2027`) and `tests/api/helpers.rs` (`event-0191…`) make them.
/// Anything else in that path segment names no event, so it is answered 404
/// before it reaches the database or a header.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// Long enough for a title in words, short enough to fit a link in an email.
    pub const MAX_LEN: usize = 100;

    pub fn parse(input: &str) -> Option<Self> {
        let shape_ok = !input.is_empty()
            && input.len() <= Self::MAX_LEN
            && input
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--");
        shape_ok.then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads as the text it is, so that services taking `&str` take `&slug`.
impl std::ops::Deref for Slug {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todays_slugs_are_valid() {
        for slug in [
            "women-2027",
            "event-0191f3c2a4b87e2d9c0b5a1e3f4d6c7b",
            "a",
            "2027",
        ] {
            assert_eq!(Slug::parse(slug).map(|s| s.to_string()), Some(slug.into()));
        }
        assert!(Slug::parse(&"a".repeat(Slug::MAX_LEN)).is_some());
    }

    #[test]
    fn anything_else_is_no_slug() {
        for input in [
            "",
            "\0",
            "women\r\nSet-Cookie: x=1",
            "..",
            "../etc",
            "Women-2027",
            "café",
            "women 2027",
            "women_2027",
            "-women",
            "women-",
            "women--2027",
            "women/2027",
            "%00",
        ] {
            assert_eq!(Slug::parse(input), None, "{input:?}");
        }
        assert_eq!(Slug::parse(&"a".repeat(Slug::MAX_LEN + 1)), None);
    }
}
