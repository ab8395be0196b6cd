//! What every public page says about the site itself: who runs it (the
//! footer), the privacy notice and the accessibility statement's contact.

use std::path::Path;

use lettre::message::Mailbox;

use super::Services;
use crate::domain::Language;
use crate::domain::markdown::to_safe_html;
use crate::domain::registration::PRIVACY_NOTICE_VERSION;

/// The built-in notice, for operators who have not written their own.
/// `{organization}` and `{contact}` stand for the configured values, in
/// the built-in notice and in an operator's files alike.
const BUILT_IN_NOTICE_EN: &str = include_str!("../../privacy/privacy.en.md");

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
    pub version: &'static str,
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
    /// built-in one.
    pub async fn privacy_notice(&self, language: Language) -> PrivacyNotice {
        let (markdown, written_in) = match &self.config.privacy_notice {
            Some(dir) => operator_notice(dir, language).await,
            None => None,
        }
        .unwrap_or_else(|| (BUILT_IN_NOTICE_EN.to_owned(), Language::En));
        let site = self.site_facts();
        let markdown = markdown
            .replace("{organization}", &site.organization)
            .replace("{contact}", &site.contact_email);
        PrivacyNotice {
            html: to_safe_html(&markdown),
            language: written_in,
            version: PRIVACY_NOTICE_VERSION,
        }
    }
}

async fn operator_notice(dir: &Path, language: Language) -> Option<(String, Language)> {
    for candidate in [language, Language::En] {
        let path = dir.join(format!("privacy.{}.md", candidate.code()));
        match tokio::fs::read_to_string(&path).await {
            Ok(text) if !text.trim().is_empty() => return Some((text, candidate)),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "privacy notice unreadable")
            }
        }
    }
    None
}
