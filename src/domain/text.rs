/// Checks a single-line text a person typed: trimmed, within `max`
/// characters, and free of control characters (a CR or LF in a name must
/// never reach a mail header or an invite).
pub fn single_line(input: &str, max: usize, required: bool) -> Result<String, &'static str> {
    let value = input.trim();
    if value.is_empty() && required {
        return Err("error.required");
    }
    if value.chars().count() > max {
        return Err("error.too_long");
    }
    if value.chars().any(char::is_control) {
        return Err("error.invalid_characters");
    }
    Ok(value.to_owned())
}

/// Like `single_line`, but line breaks and tabs are allowed.
pub fn multi_line(input: &str, max: usize, required: bool) -> Result<String, &'static str> {
    let value = input.trim();
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
