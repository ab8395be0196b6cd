/// Renders an event description written in Markdown to HTML that is safe to
/// put in a page: ammonia removes scripts, event handlers and
/// `javascript:` links, and links get `rel="noopener noreferrer"`.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::clean(&html)
}

/// Renders Markdown as the plain-text part of an email: emphasis markers
/// dropped, links as "text (url)", list items as "- item" (numbered lists
/// keep their numbers), paragraphs separated by a blank line. Raw HTML is
/// left out: a text reader would see it as noise.
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    let mut out = String::with_capacity(markdown.len());
    // One entry per open list: the next number, or `None` for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut quote_depth = 0usize;
    let end_block = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    let start_line = |out: &mut String, quote_depth: usize| {
        if quote_depth > 0 && (out.is_empty() || out.ends_with('\n')) {
            out.push_str(&"> ".repeat(quote_depth));
        }
    };
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::List(first)) => {
                if lists.is_empty() {
                    end_block(&mut out);
                }
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    end_block(&mut out);
                }
            }
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                start_line(&mut out, quote_depth);
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) => {}
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    // A bare link written as its own text needs no repeat.
                    if !out.ends_with(url.as_str()) {
                        out.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                end_block(&mut out);
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                end_block(&mut out);
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) => {
                if lists.is_empty() {
                    end_block(&mut out);
                }
                start_line(&mut out, quote_depth);
            }
            // Inside a list a paragraph stays on its item's line.
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock)
                if lists.is_empty() =>
            {
                end_block(&mut out);
            }
            Event::Text(text) | Event::Code(text) => {
                start_line(&mut out, quote_depth);
                out.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => {
                out.push('\n');
            }
            Event::Rule => {
                end_block(&mut out);
                out.push_str("----\n\n");
            }
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = super::to_safe_html(
            "**Hi** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>Hi</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("onerror"));
    }

    #[test]
    fn plain_text_drops_markers_and_keeps_links_and_lists() {
        let text = super::to_plain_text(
            "# Room change\n\nWe meet in **room 4** _upstairs_, see [the map](https://example.org/map).\n\n* coffee\n* badges\n\n1. first\n2. second\n",
        );
        assert!(!text.contains("**"), "{text}");
        assert!(!text.contains('_'), "{text}");
        assert!(!text.contains('#'), "{text}");
        assert!(text.contains("We meet in room 4 upstairs"), "{text}");
        assert!(text.contains("the map (https://example.org/map)"), "{text}");
        assert!(text.contains("\n- coffee\n- badges"), "{text}");
        assert!(text.contains("1. first\n2. second"), "{text}");
        assert!(text.starts_with("Room change\n\nWe meet"), "{text}");
    }

    #[test]
    fn plain_text_leaves_out_raw_html() {
        let text = super::to_plain_text("Hello <script>alert(1)</script> there");
        assert!(!text.contains("<script"), "{text}");
        assert!(text.contains("Hello"), "{text}");
    }
}
