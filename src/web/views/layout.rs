use std::sync::Arc;

use maud::{DOCTYPE, Markup, html};

use crate::domain::Language;
use crate::i18n::t;
use crate::services::site::SiteFacts;

tokio::task_local! {
    /// Who runs the site, for the footer of every page rendered while a
    /// request is answered (error pages included, which have no services).
    static SITE: Arc<SiteFacts>;
}

/// Makes the site's facts (TESSERA_ORGANIZATION …) known to the pages
/// rendered while `answer` runs (src/web/front.rs).
pub async fn with_site<F: Future>(site: Arc<SiteFacts>, answer: F) -> F::Output {
    SITE.scope(site, answer).await
}

/// How a page differs from the plain frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct Frame<'a> {
    /// The event's organizer, named in the footer of the event's pages;
    /// other pages name the configured organization.
    pub organizer: Option<&'a str>,
    /// An attendee's own page: kept out of search engines.
    pub noindex: bool,
}

/// The site's facts for the request being answered (see [`with_site`]);
/// None outside one.
pub fn site_facts() -> Option<Arc<SiteFacts>> {
    SITE.try_with(Arc::clone).ok()
}

/// The shell of every public page: skip link, header with the language
/// switch, main content, footer. Works without JavaScript; none is used.
pub fn page(language: Language, title: &str, content: Markup) -> Markup {
    page_with(language, title, Frame::default(), content)
}

pub fn page_with(language: Language, title: &str, frame: Frame<'_>, content: Markup) -> Markup {
    page_with_head(language, title, frame, None, content)
}

/// A page with more in its head: an event page's canonical link, sharing
/// tags and structured data (src/web/public/sharing.rs).
pub fn page_with_head(
    language: Language,
    title: &str,
    frame: Frame<'_>,
    head: Option<Markup>,
    content: Markup,
) -> Markup {
    let configured = SITE.try_with(|site| site.organization.clone()).ok();
    let organizer = frame
        .organizer
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .or(configured)
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| t(language, "site.name").to_owned());
    let code = language.code();
    html! {
        (DOCTYPE)
        html lang=(code) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if frame.noindex {
                    meta name="robots" content="noindex";
                }
                title { (title) " · " (t(language, "site.name")) }
                link rel="stylesheet" href=(super::assets::stylesheet_url());
                @if let Some(head) = head { (head) }
            }
            body {
                a.skip href="#main" { (t(language, "site.skip")) }
                header.site {
                    div.bar {
                        a.brand href={ "/?lang=" (code) } {
                            span.mark aria-hidden="true" { "◆" }
                            (t(language, "site.name"))
                            span.tagline { (t(language, "site.tagline")) }
                        }
                        nav.languages aria-label=(t(language, "site.language")) {
                            ul {
                                @for other in Language::ALL {
                                    li {
                                        @if other == language {
                                            span aria-current="true" lang=(other.code()) { (other.native_name()) }
                                        } @else {
                                            a href={ "?lang=" (other.code()) } lang=(other.code()) hreflang=(other.code()) { (other.native_name()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main { (content) }
                footer.site {
                    div.bar {
                        p.organizer { (t(language, "footer.organized_by")) " " strong { (organizer) } }
                        nav aria-label=(t(language, "footer.label")) {
                            ul.links {
                                li { a href={ "/privacy?lang=" (code) } { (t(language, "footer.privacy")) } }
                                li { a href={ "/accessibility?lang=" (code) } { (t(language, "footer.accessibility")) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
