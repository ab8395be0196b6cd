use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// The secret in an attendee's own link (`/r/{token}`): 43 characters, the
/// moment it was made (milliseconds since 1970, 12 lowercase hex digits)
/// then 186 random bits (31 base64url characters), unrelated to the
/// registration's id, so it cannot be guessed from it.
///
/// Why the time first: the tokens are a unique index of `registrations`.
/// Random tokens put each new registration's entry on a random page of that
/// index, so every registration of a batch rewrote a page of its own: a
/// third of all the log the writer wrote (BENCHMARKS.md). Tokens that start
/// with their time go to the end of the index, a page or two per batch.
/// Hex digits sort in time order under every collation (SQLite's bytes,
/// PostgreSQL's C or a language's). Tokens made before this (43 random
/// base64url characters) keep working: a token is looked up whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManageToken(String);

/// Hex digits of the time prefix: 48 bits of milliseconds.
const TIME_DIGITS: usize = 12;
/// Random bytes whose base64url text fills the rest of the 43 characters.
const RANDOM_BYTES: usize = 24;

impl ManageToken {
    pub fn generate() -> Self {
        Self::made_at(chrono::Utc::now().timestamp_millis())
    }

    fn made_at(unix_millis: i64) -> Self {
        let mut bytes = [0u8; RANDOM_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        let millis = u64::try_from(unix_millis).unwrap_or(0) & ((1 << (4 * TIME_DIGITS)) - 1);
        let mut token = format!("{millis:0width$x}", width = TIME_DIGITS);
        token.push_str(&URL_SAFE_NO_PAD.encode(bytes));
        // 24 bytes are 32 characters; one is dropped to keep the 43 of the
        // tokens already sent (186 random bits stay).
        token.truncate(43);
        Self(token)
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

    #[test]
    fn later_tokens_sort_after_earlier_ones() {
        // Byte order is SQLite's and PostgreSQL's C collation; hex digits
        // also sort this way under a language's collation.
        let times = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000];
        let tokens: Vec<String> = times
            .iter()
            .map(|&t| ManageToken::made_at(t).into_string())
            .collect();
        assert!(tokens.windows(2).all(|w| w[0] < w[1]), "{tokens:?}");
        assert!(tokens.iter().all(|t| ManageToken::parse(t).is_some()));
        assert!(tokens[0].starts_with("018bcfe56800"));
    }

    #[test]
    fn tokens_of_one_moment_differ_in_their_random_part() {
        let a = ManageToken::made_at(1_700_000_000_000).into_string();
        let b = ManageToken::made_at(1_700_000_000_000).into_string();
        assert_eq!(a[..12], b[..12]);
        assert_ne!(a[12..], b[12..]);
    }

    #[test]
    fn a_token_made_before_the_time_prefix_still_parses() {
        let old = "Zq3_x-9AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        assert_eq!(old.len(), 43);
        assert_eq!(
            ManageToken::parse(old).map(|t| t.into_string()),
            Some(old.to_owned())
        );
    }
}
