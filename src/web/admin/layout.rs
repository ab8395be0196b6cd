//! The dashboard's page shell: the public pages' look (src/web/views/
//! site.css) with a header that names who is logged in, their role, the
//! sections their role may open, and a logout button.

use maud::{DOCTYPE, Markup, html};

use super::auth::{CSRF_FIELD, Staff};
use super::{Verb, may};

/// The hidden field that carries the session's CSRF token in a form.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// A dashboard page for a logged-in member of staff.
pub fn admin_page(staff: &Staff, title: &str, content: Markup) -> Markup {
    let role = staff.member.role;
    let sections = [
        ("/admin", "Events"),
        ("/admin/check-in", "Check-in"),
        ("/admin/outbox", "Outbox"),
        ("/admin/audit", "Audit log"),
        ("/admin/accounts", "Accounts"),
        ("/admin/account", "Your account"),
    ];
    shell(
        title,
        super::home(role),
        html! {
            nav.admin-nav aria-label="Dashboard" {
                ul {
                    @for (path, label) in sections {
                        @if may(role, Verb::Get, path) {
                            li { a href=(path) { (label) } }
                        }
                    }
                }
            }
            div.who {
                span { (staff.member.name) " " span.badge.off { (role.label()) } }
                form method="post" action="/admin/logout" {
                    (csrf_field(&staff.csrf))
                    button.link-button type="submit" { "Log out" }
                }
            }
        },
        content,
    )
}

/// A dashboard page without anyone logged in: the login page and errors.
pub fn bare_page(title: &str, content: Markup) -> Markup {
    shell(title, "/admin", html! {}, content)
}

/// `home`: where the brand in the header leads (the first page the
/// person's role may open).
fn shell(title: &str, home: &str, header_extra: Markup, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · Tessera dashboard" }
                link rel="stylesheet" href=(crate::web::views::assets::stylesheet_url());
            }
            body.admin {
                a.skip href="#main" { "Skip to the content" }
                header.site {
                    div.bar {
                        a.brand href=(home) {
                            span.mark aria-hidden="true" { "◆" }
                            "Tessera"
                            span.tagline { "Dashboard" }
                        }
                        (header_extra)
                    }
                }
                main #main { (content) }
            }
        }
    }
}
