//! Country names in the reader's language, from CLDR through ICU4X, listed
//! as that language sorts them: Hungarian puts "Csehország" after every "C…",
//! Lithuanian "Čekija" after "C…". The codes, and which codes are valid,
//! stay in `src/domain/countries.rs`.

use std::collections::HashMap;
use std::sync::OnceLock;

use icu_collator::Collator;
use icu_collator::options::CollatorOptions;
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;

use crate::domain::Language;
use crate::domain::countries::COUNTRIES;

/// Every country as (ISO code, name), sorted by name in `language`.
pub fn countries(language: Language) -> &'static [(&'static str, String)] {
    tables().get(&language).map(Vec::as_slice).unwrap_or(&[])
}

/// The name of the country `code` in `language`; the code itself for one
/// that is not on the list (an old registration, a hand-edited row).
pub fn country_name(language: Language, code: &str) -> String {
    countries(language)
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| code.to_owned())
}

fn tables() -> &'static HashMap<Language, Vec<(&'static str, String)>> {
    static TABLES: OnceLock<HashMap<Language, Vec<(&'static str, String)>>> = OnceLock::new();
    TABLES.get_or_init(|| {
        Language::ALL
            .into_iter()
            .map(|language| (language, table(language)))
            .collect()
    })
}

fn table(language: Language) -> Vec<(&'static str, String)> {
    let locale = Locale::try_from_str(language.code()).unwrap_or(Locale::UNKNOWN);
    let names = RegionDisplayNames::try_new((&locale).into(), DisplayNamesOptions::default()).ok();
    let mut rows: Vec<(&'static str, String)> = COUNTRIES
        .iter()
        .map(|(code, english)| {
            let name = names
                .as_ref()
                .zip(Region::try_from_str(code).ok())
                .and_then(|(names, region)| names.of(region))
                .unwrap_or(*english);
            (*code, name.to_owned())
        })
        .collect();
    match Collator::try_new((&locale).into(), CollatorOptions::default()) {
        Ok(collator) => rows.sort_by(|a, b| collator.compare(&a.1, &b.1)),
        Err(_) => rows.sort_by(|a, b| a.1.cmp(&b.1)),
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(language: Language, code: &str) -> usize {
        countries(language)
            .iter()
            .position(|(c, _)| *c == code)
            .unwrap_or_else(|| panic!("{code} missing"))
    }

    #[test]
    fn names_are_in_the_readers_language_and_sorted_by_its_rules() {
        assert_eq!(country_name(Language::En, "DE"), "Germany");
        assert_eq!(country_name(Language::It, "DE"), "Germania");
        assert_eq!(country_name(Language::Hu, "BE"), "Belgium");
        assert_eq!(country_name(Language::Nl, "BE"), "België");
        assert_eq!(country_name(Language::Lt, "BE"), "Belgija");
        assert_eq!(country_name(Language::Pl, "ES"), "Hiszpania");
        assert_eq!(country_name(Language::Fr, "ZZ"), "ZZ");
        // English: Spain under S, not under E (its code).
        assert!(position(Language::En, "ES") > position(Language::En, "PL"));
        // Hungarian: "Cs" is a letter of its own, after every "C…"
        // (Csád after Curaçao); Lithuanian: "Č" is a letter between "C"
        // and "D" (Čekija before Danija), not after "Z" as its code point.
        assert!(position(Language::Hu, "TD") > position(Language::Hu, "CW"));
        assert!(position(Language::Lt, "CZ") < position(Language::Lt, "DK"));
        for language in Language::ALL {
            assert_eq!(countries(language).len(), COUNTRIES.len());
        }
    }
}
