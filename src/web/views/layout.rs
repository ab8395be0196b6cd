use maud::{DOCTYPE, Markup, html};

use crate::domain::Language;
use crate::i18n::t;

/// The shell of every public page: skip link, header with the language
/// switch, main content, footer. Works without JavaScript; none is used.
pub fn page(language: Language, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(language.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t(language, "site.name")) }
                link rel="stylesheet" href=(super::assets::stylesheet_url());
            }
            body {
                a.skip href="#main" { (t(language, "site.skip")) }
                header.site {
                    div.bar {
                        a.brand href={ "/?lang=" (language.code()) } {
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
                    p { "Tessera" }
                }
            }
        }
    }
}
