//! What an organizer asks of an event's attendee list: a search, filters,
//! a sort and a page, all read from a URL's query so that a list is a link
//! anyone on the staff can share, and the same list can be exported.

use super::registration::RegistrationStatus;

/// Rows on one page of the attendee table.
pub const PAGE_SIZE: u64 = 50;
/// The deepest page reachable by paging: past it, OFFSET would read and
/// throw away more rows than a page is worth; a search narrows instead.
pub const MAX_PAGE: u64 = 200;
/// The longest search kept; longer input is cut, not refused.
const MAX_SEARCH: usize = 100;

/// A column the list can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Email,
    Organization,
    Country,
    Status,
    #[default]
    RegisteredAt,
    CheckedIn,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Name,
        SortColumn::Email,
        SortColumn::Organization,
        SortColumn::Country,
        SortColumn::Status,
        SortColumn::RegisteredAt,
        SortColumn::CheckedIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Email => "email",
            SortColumn::Organization => "organization",
            SortColumn::Country => "country",
            SortColumn::Status => "status",
            SortColumn::RegisteredAt => "registered",
            SortColumn::CheckedIn => "checked_in",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortColumn::Name => "Name",
            SortColumn::Email => "Email",
            SortColumn::Organization => "Organization",
            SortColumn::Country => "Country",
            SortColumn::Status => "Status",
            SortColumn::RegisteredAt => "Registered at",
            SortColumn::CheckedIn => "Checked in",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// Whether the list shows people checked in, not checked in, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedInFilter {
    Yes,
    No,
}

/// One attendee list as asked. Unknown or malformed parameters fall back to
/// their default rather than failing: a stale bookmark still shows a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttendeeQuery {
    /// Lower-cased, trimmed; empty for no search.
    pub search: String,
    pub status: Option<RegistrationStatus>,
    pub session: Option<i64>,
    pub checked_in: Option<CheckedInFilter>,
    pub sort: SortColumn,
    pub descending: bool,
    /// From 1.
    pub page: u64,
}

impl AttendeeQuery {
    /// Reads the list from query parameters (`q`, `status`, `session`,
    /// `checked_in`, `sort`, `dir`, `page`).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = AttendeeQuery {
            page: 1,
            ..AttendeeQuery::default()
        };
        let mut dir = None;
        for (name, value) in pairs {
            let value = value.trim();
            match name {
                "q" => {
                    query.search = value
                        .chars()
                        .take(MAX_SEARCH)
                        .collect::<String>()
                        .to_lowercase()
                }
                "status" => query.status = RegistrationStatus::parse(value),
                "session" => query.session = value.parse().ok(),
                "checked_in" => {
                    query.checked_in = match value {
                        "yes" => Some(CheckedInFilter::Yes),
                        "no" => Some(CheckedInFilter::No),
                        _ => None,
                    }
                }
                "sort" => query.sort = SortColumn::parse(value).unwrap_or_default(),
                "dir" => dir = Some(value == "desc"),
                "page" => query.page = value.parse().unwrap_or(1),
                _ => {}
            }
        }
        // Newest first unless asked otherwise; other columns A to Z.
        query.descending = dir.unwrap_or(query.sort == SortColumn::RegisteredAt);
        query.page = query.page.clamp(1, MAX_PAGE);
        query
    }

    /// The query parameters of this list at `page`, for links.
    pub fn to_query_string(&self, page: u64) -> String {
        let session = self.session.map(|s| s.to_string()).unwrap_or_default();
        let mut out = form_pairs(&[
            ("q", self.search.as_str()),
            ("status", self.status.map_or("", |s| s.as_str())),
            ("session", session.as_str()),
            (
                "checked_in",
                match self.checked_in {
                    Some(CheckedInFilter::Yes) => "yes",
                    Some(CheckedInFilter::No) => "no",
                    None => "",
                },
            ),
            ("sort", self.sort.as_str()),
            ("dir", if self.descending { "desc" } else { "asc" }),
        ]);
        if page > 1 {
            out.push_str(&format!("&page={page}"));
        }
        out
    }

    /// The same list sorted by `column`: the other direction when it is
    /// already sorted by it.
    pub fn sorted_by(&self, column: SortColumn) -> AttendeeQuery {
        let descending = if self.sort == column {
            !self.descending
        } else {
            column == SortColumn::RegisteredAt
        };
        AttendeeQuery {
            sort: column,
            descending,
            page: 1,
            ..self.clone()
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * PAGE_SIZE
    }

    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || self.status.is_some()
            || self.session.is_some()
            || self.checked_in.is_some()
    }
}

fn form_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A cell of an export as a spreadsheet will read it: text that a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage
/// return first) gets a leading apostrophe, which spreadsheets show as text
/// and never run (OWASP "CSV injection").
pub fn neutralised_cell(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_survives_its_own_link() {
        let query = AttendeeQuery::from_pairs([
            ("q", " Ana Müller "),
            ("status", "waitlisted"),
            ("session", "7"),
            ("checked_in", "no"),
            ("sort", "country"),
            ("dir", "desc"),
            ("page", "3"),
        ]);
        assert_eq!(query.search, "ana müller");
        let link = query.to_query_string(query.page);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(link.as_bytes())
            .into_owned()
            .collect();
        let again = AttendeeQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(again, query);
    }

    #[test]
    fn nonsense_falls_back_to_the_default_list() {
        let query = AttendeeQuery::from_pairs([
            ("status", "nobody"),
            ("sort", "'; DROP TABLE"),
            ("page", "-4"),
            ("session", "x"),
        ]);
        assert_eq!(query.status, None);
        assert_eq!(query.sort, SortColumn::RegisteredAt);
        assert!(query.descending);
        assert_eq!(query.page, 1);
        assert_eq!(query.session, None);
        let deep = AttendeeQuery::from_pairs([("page", "999999")]);
        assert_eq!(deep.page, MAX_PAGE);
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert!(neutralised_cell(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralised_cell("Ελένη"), "Ελένη");
        assert_eq!(neutralised_cell(""), "");
    }
}
