use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// The secret in an attendee's own link (`/r/{token}`): 256 random bits,
/// unrelated to the registration's id, so it cannot be guessed from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManageToken(String);

impl ManageToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Accepts only the shape `generate` makes, so a path segment that is
    /// not a token never reaches the database.
    pub fn parse(input: &str) -> Option<Self> {
        let shape_ok = input.len() == 43
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        shape_ok.then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_parse_back() {
        let a = ManageToken::generate();
        let b = ManageToken::generate();
        assert_ne!(a, b);
        assert_eq!(ManageToken::parse(a.as_str()), Some(a));
        assert_eq!(ManageToken::parse("short"), None);
        assert_eq!(ManageToken::parse(&"%".repeat(43)), None);
    }
}
