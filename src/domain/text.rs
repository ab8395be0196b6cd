/// Characters that take no room on screen: zero-width space and joiners,
/// word joiner and invisible operators, the byte-order mark, the soft
/// hyphen, the Mongolian vowel separator. Around a value they only hide
/// that it is empty (a "name" of zero-width spaces passed `required`).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Bidirectional controls: embeddings and overrides (U+202A–U+202E),
/// isolates (U+2066–U+2069), the left-to-right and right-to-left marks
/// (U+200E, U+200F) and the Arabic letter mark (U+061C). In a name they
/// reorder what a badge, a list or a mail header shows ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Trims whitespace and invisible characters from both ends.
fn trim(input: &str) -> &str {
    input.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Checks a single-line text a person typed: trimmed (of invisible
/// characters too), within `max` characters, and free of control
/// characters (a CR or LF in a name must never reach a mail header or an
/// invite) and of bidirectional controls. A value with no visible
/// character is empty.
pub fn single_line(input: &str, max: usize, required: bool) -> Result<String, &'static str> {
    let value = trim(input);
    if value.is_empty() && required {
        return Err("error.required");
    }
    if value.chars().count() > max {
        return Err("error.too_long");
    }
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err("error.invalid_characters");
    }
    Ok(value.to_owned())
}

/// Like `single_line`, but line breaks and tabs are allowed, and so are
/// the bidirectional marks a right-to-left paragraph legitimately holds.
pub fn multi_line(input: &str, max: usize, required: bool) -> Result<String, &'static str> {
    let value = trim(input);
    if value.is_empty() && required {
        return Err("error.required");
    }
    if value.chars().count() > max {
        return Err("error.too_long");
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("error.invalid_characters");
    }
    Ok(value.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_invisible_characters_is_missing() {
        for blank in [
            "\u{200B}\u{200B}",
            " \u{FEFF} ",
            "\u{00AD}",
            "\u{200D}\u{2060} \u{200C}",
        ] {
            assert_eq!(
                single_line(blank, 100, true),
                Err("error.required"),
                "{blank:?}"
            );
            assert_eq!(
                single_line(blank, 100, false).as_deref(),
                Ok(""),
                "{blank:?}"
            );
        }
    }

    #[test]
    fn invisible_characters_around_a_value_go_and_inside_stay() {
        assert_eq!(
            single_line("\u{200B} Anna \u{FEFF}", 100, true).as_deref(),
            Ok("Anna")
        );
        // A zero-width non-joiner is part of how some names are spelled.
        assert_eq!(
            single_line("می\u{200C}خواهم", 100, true).as_deref(),
            Ok("می\u{200C}خواهم")
        );
    }

    #[test]
    fn bidirectional_controls_are_refused_in_a_line() {
        for hostile in [
            "Anna\u{202E}gnp.exe",
            "\u{2066}Anna\u{2069}",
            "Anna\u{200F}",
            "\u{202A}Anna",
        ] {
            assert_eq!(
                single_line(hostile, 100, true),
                Err("error.invalid_characters"),
                "{hostile:?}"
            );
        }
        assert_eq!(
            single_line("Žydrūnė Kazlauskaitė", 100, true).as_deref(),
            Ok("Žydrūnė Kazlauskaitė")
        );
    }
}
