//! Messages of the pages, per language. A missing key falls back to English,
//! and a key missing there too shows itself, so a gap is visible, not fatal.

pub mod dates;
mod en;
mod it;

use crate::domain::Language;

pub fn t(language: Language, key: &str) -> &'static str {
    let table = match language {
        Language::En => en::MESSAGES,
        Language::It => it::MESSAGES,
    };
    lookup(table, key)
        .or_else(|| lookup(en::MESSAGES, key))
        .unwrap_or("…")
}

fn lookup(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_italian_key_exists_in_english_and_back() {
        for (key, _) in it::MESSAGES {
            assert!(lookup(en::MESSAGES, key).is_some(), "{key} only in Italian");
        }
        for (key, _) in en::MESSAGES {
            assert!(
                lookup(it::MESSAGES, key).is_some(),
                "{key} missing in Italian"
            );
        }
    }
}
