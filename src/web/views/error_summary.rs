//! The error summary of a rejected form (the GOV.UK pattern): at the top of
//! the form, a heading and one link per error to the field it belongs to,
//! so a person using a screen reader or a small screen learns at once what
//! is wrong and gets to each field in one step. The page opens at it with
//! no script: forms that show it post to an address ending in
//! `#error-summary` ([`ANCHOR`]), and the browser scrolls the answer to that
//! fragment (and starts keyboard focus there, since it is focusable).

use maud::{Markup, html};

/// The summary's id, the fragment a form's `action` ends with.
pub const ID: &str = "error-summary";

/// What a form's `action` ends with, so the 422 answer opens at the summary.
pub const ANCHOR: &str = "#error-summary";

/// One error of the summary: the id of the control to jump to, the
/// field's name as its label says it (empty when the message names it
/// already), and what is wrong.
pub struct SummaryItem {
    pub target: String,
    pub label: String,
    /// The label's language, when it is not the page's (an event's own
    /// question, written in the event's language).
    pub label_lang: Option<String>,
    pub message: String,
}

/// The summary box; nothing when there are no errors. `intro` is an
/// optional sentence under the heading.
pub fn error_summary(title: &str, intro: Option<&str>, items: &[SummaryItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            div.error-summary #(ID) tabindex="-1" role="alert" aria-labelledby="error-summary-title" {
                h2 #error-summary-title { (title) }
                @if let Some(intro) = intro { p { (intro) } }
                ul {
                    @for item in items {
                        li {
                            a href={ "#" (item.target) } {
                                @if !item.label.is_empty() { span lang=[item.label_lang.as_deref()] { (item.label) } ": " }
                                (item.message)
                            }
                        }
                    }
                }
            }
        }
    }
}
