//! People in the order a reader of a language expects a list of names:
//! by last name, then first name, with that language's collation (CLDR
//! through ICU4X), so "Šimkutė" sorts with the S in Lithuanian and "Ó"
//! beside "O" everywhere, never after "Z" as its code point would.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;

use crate::domain::Language;

/// Compares names as `language` sorts them.
pub struct NameOrder(Option<CollatorBorrowed<'static>>);

impl NameOrder {
    pub fn new(language: Language) -> Self {
        let locale = Locale::try_from_str(language.code()).unwrap_or(Locale::UNKNOWN);
        Self(Collator::try_new((&locale).into(), CollatorOptions::default()).ok())
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.0 {
            Some(collator) => collator.compare(a, b),
            None => a.cmp(b),
        }
    }

    /// By last name, then first name.
    pub fn people(&self, a: (&str, &str), b: (&str, &str)) -> Ordering {
        self.compare(a.0.trim(), b.0.trim())
            .then_with(|| self.compare(a.1.trim(), b.1.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_last_then_first_name_as_the_language_sorts() {
        let order = NameOrder::new(Language::En);
        let mut people = [
            ("Żółkiewska", "Agnieszka"),
            ("Ní Bhriain", "Siobhán"),
            ("Ibáñez", "Begoña"),
            ("Ó Súilleabháin", "Seán"),
            ("Oakes", "Zoe"),
            ("Ibáñez", "Ana"),
            ("Papadopoulou", "Ελένη"),
        ];
        people.sort_by(|a, b| order.people(*a, *b));
        let last: Vec<&str> = people.iter().map(|p| p.0).collect();
        // "Ó" sorts as "O" (and the space before "S" before any letter),
        // "Ż" as "Z": not after every Latin letter as their code points.
        assert_eq!(
            last,
            [
                "Ibáñez",
                "Ibáñez",
                "Ní Bhriain",
                "Ó Súilleabháin",
                "Oakes",
                "Papadopoulou",
                "Żółkiewska"
            ]
        );
        assert_eq!(people[0].1, "Ana");
        // Lithuanian: Š is a letter after S, before T.
        let lithuanian = NameOrder::new(Language::Lt);
        assert_eq!(lithuanian.compare("Šimkutė", "Sabonis"), Ordering::Greater);
        assert_eq!(lithuanian.compare("Šimkutė", "Tamošiūnas"), Ordering::Less);
    }
}
