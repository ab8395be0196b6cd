/// The languages Tessera speaks. Pages and emails exist in each; adding one
/// is a variant here and its folder of messages in `i18n/` (see README.md,
/// "Languages").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Language {
    #[default]
    En,
    Es,
    Fr,
    Hu,
    It,
    Lt,
    Nl,
    Pl,
}

impl Language {
    /// In the order of their codes, as a switcher lists them.
    pub const ALL: [Language; 8] = [
        Language::En,
        Language::Es,
        Language::Fr,
        Language::Hu,
        Language::It,
        Language::Lt,
        Language::Nl,
        Language::Pl,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr",
            Language::Hu => "hu",
            Language::It => "it",
            Language::Lt => "lt",
            Language::Nl => "nl",
            Language::Pl => "pl",
        }
    }

    /// The language's own name, as shown in a language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Es => "Español",
            Language::Fr => "Français",
            Language::Hu => "Magyar",
            Language::It => "Italiano",
            Language::Lt => "Lietuvių",
            Language::Nl => "Nederlands",
            Language::Pl => "Polski",
        }
    }

    /// Accepts "it", "IT", "it-IT" and "it_CH".
    pub fn parse(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first supported language of an `Accept-Language` header, by
    /// quality then order.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut choices: Vec<(f32, usize, Language)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let language = Language::parse(pieces.next()?)?;
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0).then_some((quality, i, language))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        choices.first().map(|c| c.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(
            Language::from_accept_language("de-DE,it;q=0.8,en;q=0.5"),
            Some(Language::It)
        );
        assert_eq!(
            Language::from_accept_language("fr-BE,nl;q=0.9"),
            Some(Language::Fr)
        );
        assert_eq!(
            Language::from_accept_language("de,lt-LT;q=0.3"),
            Some(Language::Lt)
        );
        assert_eq!(Language::from_accept_language("de,ro"), None);
        assert_eq!(Language::from_accept_language("en-GB"), Some(Language::En));
    }
}
