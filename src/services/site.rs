//! What every public page says about the site itself: who runs it (the
//! footer), the privacy notice and the accessibility statement's contact.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use lettre::message::Mailbox;
use sha2::{Digest, Sha256};

use super::Services;
use crate::domain::Language;
use crate::domain::markdown::to_safe_html;
use crate::i18n::{FluentValue, t, tf};

/// The built-in notice, for operators who have not written their own, in
/// every shipped language. `{organization}` and `{contact}` stand for the
/// configured values, in the built-in notice and in an operator's files
/// alike; a first line `version: …` names the notice's version.
fn built_in_notice(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../../privacy/privacy.en.md"),
        Language::It => include_str!("../../privacy/privacy.it.md"),
        Language::Fr => include_str!("../../privacy/privacy.fr.md"),
        Language::Nl => include_str!("../../privacy/privacy.nl.md"),
        Language::Hu => include_str!("../../privacy/privacy.hu.md"),
        Language::Pl => include_str!("../../privacy/privacy.pl.md"),
        Language::Es => include_str!("../../privacy/privacy.es.md"),
        Language::Lt => include_str!("../../privacy/privacy.lt.md"),
    }
}

/// A notice's version and its text without the version line: the first
/// line's `version: …` when it has one, else a short hash of the whole file,
/// so that an operator who replaces the text records a new version with
/// every consent given after, whether or not they thought of it.
pub fn notice_version(markdown: &str) -> (String, &str) {
    let trimmed = markdown.trim_start_matches('\u{feff}');
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    if let Some((key, value)) = first.split_once(':')
        && key.trim().eq_ignore_ascii_case("version")
        && !value.trim().is_empty()
    {
        return (value.trim().to_owned(), rest);
    }
    let digest = Sha256::digest(markdown.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    (hex, markdown)
}

/// Who runs the site: the footer of pages that belong to no event, and the
/// address for questions about data and accessibility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFacts {
    pub organization: String,
    pub contact_email: String,
    /// Where the site is reached (TESSERA_BASE_URL, no trailing slash): the
    /// absolute addresses of canonical links, sharing tags and the sitemap.
    pub base_url: String,
    /// The organization's own website (TESSERA_ORGANIZATION_URL), or the
    /// site's address.
    pub organization_url: String,
}

/// The privacy notice as a page shows it.
#[derive(Clone, Debug)]
pub struct PrivacyNotice {
    /// Rendered from Markdown and cleaned (scripts and handlers removed).
    pub html: String,
    /// The language the text is written in: the visitor's, or English.
    pub language: Language,
    /// What a registration records with its consent.
    pub version: String,
}

impl Services {
    pub fn site_facts(&self) -> SiteFacts {
        let contact = self
            .config
            .contact_email
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| match self.config.mail_from.parse::<Mailbox>() {
                Ok(mailbox) => mailbox.email.to_string(),
                Err(_) => self.config.mail_from.clone(),
            });
        let base_url = self.config.base_url();
        let organization_url = self
            .config
            .organization_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| base_url.clone());
        SiteFacts {
            organization: self.config.organization.trim().to_owned(),
            contact_email: contact,
            base_url,
            organization_url,
        }
    }

    /// The notice in `language`: the operator's `privacy.{lang}.md` in
    /// `TESSERA_PRIVACY_NOTICE`, else their `privacy.en.md`, else the
    /// built-in one in `language`.
    pub async fn privacy_notice(&self, language: Language) -> PrivacyNotice {
        let (markdown, written_in) = self.notice_source(language);
        let (version, text) = notice_version(&markdown);
        let site = self.site_facts();
        let retention = match self.config.retention_days {
            Some(days) => tf(
                written_in,
                "privacy-retention-days",
                &[("days", FluentValue::from(days))],
            ),
            None => t(written_in, "privacy-retention-manual").to_owned(),
        };
        let text = text
            .replace("{organization}", &site.organization)
            .replace("{contact}", &site.contact_email)
            .replace("{retention}", &retention);
        PrivacyNotice {
            html: to_safe_html(&text),
            language: written_in,
            version,
        }
    }

    /// The version of the notice a visitor reading in `language` is shown:
    /// what their consent records.
    pub fn privacy_notice_version(&self, language: Language) -> String {
        notice_version(&self.notice_source(language).0).0
    }

    fn notice_source(&self, language: Language) -> (Arc<str>, Language) {
        match &self.config.privacy_notice {
            Some(dir) => operator_notice(dir, language),
            None => None,
        }
        .unwrap_or_else(|| (Arc::from(built_in_notice(language)), language))
    }
}

/// An operator's notice file as last read, known by its modification time
/// and size: a registration asks for the version, and reads the file again
/// only when it changed.
type NoticeCache = HashMap<PathBuf, (Option<SystemTime>, u64, Arc<str>)>;

fn operator_notice(dir: &Path, language: Language) -> Option<(Arc<str>, Language)> {
    static CACHE: OnceLock<Mutex<NoticeCache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    for candidate in [language, Language::En] {
        let path = dir.join(format!("privacy.{}.md", candidate.code()));
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "privacy notice unreadable");
                continue;
            }
        };
        let stamp = (metadata.modified().ok(), metadata.len());
        if let Ok(cache) = cache.lock()
            && let Some((modified, len, text)) = cache.get(&path)
            && (*modified, *len) == stamp
        {
            if text.trim().is_empty() {
                continue;
            }
            return Some((text.clone(), candidate));
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                if let Ok(mut cache) = cache.lock() {
                    cache.insert(path, (stamp.0, stamp.1, text.clone()));
                }
                if !text.trim().is_empty() {
                    return Some((text, candidate));
                }
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "privacy notice unreadable")
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_versioned_by_its_first_line_or_by_its_content() {
        let (version, text) = notice_version("version: 2027-01\n## Who\n\nUs.\n");
        assert_eq!(version, "2027-01");
        assert_eq!(text, "## Who\n\nUs.\n");
        let (a, text) = notice_version("## Who\n\nUs.\n");
        assert_eq!(text, "## Who\n\nUs.\n");
        assert_eq!(a.len(), 12);
        let (b, _) = notice_version("## Who\n\nUs, changed.\n");
        assert_ne!(a, b, "another text is another version");
    }

    #[test]
    fn every_language_has_a_built_in_notice_of_the_same_version() {
        let english = notice_version(built_in_notice(Language::En)).0;
        for language in Language::ALL {
            let (version, text) = notice_version(built_in_notice(language));
            assert_eq!(version, english, "{}", language.code());
            assert!(text.contains("{organization}") && text.contains("{contact}"));
        }
    }
}
