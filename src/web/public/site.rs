//! The pages about the site itself: the privacy notice and the
//! accessibility statement, both linked from every page's footer.

use axum::extract::State;
use maud::{Markup, PreEscaped, html};

use crate::i18n::{t, tf};
use crate::services::Services;
use crate::web::lang::Lang;
use crate::web::views::layout::page;

/// `GET /privacy`: the notice the registration form's consent refers to,
/// with the version a registration records.
pub async fn privacy(State(services): State<Services>, Lang(language): Lang) -> Markup {
    let notice = services.privacy_notice(language).await;
    let title = t(language, "privacy.title");
    page(
        language,
        title,
        html! {
            h1 { (title) }
            p.meta { (tf(language, "privacy.version", &[("version", notice.version.as_str().into())])) }
            @if notice.language != language {
                p.notice { (t(language, "privacy.other_language")) }
            }
            div.notice-text lang=(notice.language.code()) { (PreEscaped(&notice.html)) }
        },
    )
}

/// `GET /accessibility`: the accessibility statement public bodies in the
/// EU publish (Directive (EU) 2016/2102): the standard aimed at, and how
/// to report a barrier.
pub async fn accessibility(State(services): State<Services>, Lang(language): Lang) -> Markup {
    let site = services.site_facts();
    let title = t(language, "accessibility.title");
    let organization = || site.organization.as_str().into();
    page(
        language,
        title,
        html! {
            h1 { (title) }
            section.card {
                p { (tf(language, "accessibility.intro", &[("organization", organization())])) }
                p { (t(language, "accessibility.standard")) }
                p { (t(language, "accessibility.features")) }
            }
            section.card {
                h2 { (t(language, "accessibility.report_title")) }
                p { (t(language, "accessibility.report")) " " a href={ "mailto:" (site.contact_email) } { (site.contact_email) } }
                p { (t(language, "accessibility.report_include")) }
                p { (t(language, "accessibility.enforcement")) }
            }
        },
    )
}
