//! The attendance sheet of one day: A4 pages, each headed with the event's
//! title, the day, the venue and the funding line (beside room for a
//! logo), then a table of the day's participants with a column to sign —
//! or, filled in after the day, the time each checked in. The table's
//! header row repeats on every page and each page says "Page 3 of 7".
//!
//! Rows take the height their text needs (a long organization wraps
//! rather than overflows), so pages are laid out first and drawn second:
//! the page count is known before the first footer is written.

use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, Node, TableHeaderScope, Tag, TagGroup, TagTree};
use krilla::{Document, SerializeSettings};

use super::typeset::{self, A4_HEIGHT, A4_WIDTH, Fitted, LEADING, MM, Typeface, bold, regular};
use super::{DocumentError, metadata};

/// What the sheet is about.
#[derive(Clone, Debug)]
pub struct SheetHeading {
    pub title: String,
    /// The day, written out ("Tuesday 15 December 2026").
    pub day: String,
    pub venue: String,
    pub funding_line: String,
    /// The event's language (a BCP 47 code), for the document's metadata.
    pub language: String,
}

/// One participant's row, in the order the sheet lists them.
#[derive(Clone, Debug)]
pub struct SheetRow {
    pub last_name: String,
    pub first_name: String,
    pub organization: String,
    /// The country's name, in the event's language.
    pub country: String,
    /// The filled sheet's last column: the time of that day's check-in.
    pub checked_in: Option<String>,
}

/// To sign on the day, or filled in with the check-in times afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    ToSign,
    Filled,
}

const MARGIN: f32 = 14.0 * MM;
const TABLE_WIDTH: f32 = A4_WIDTH - 2.0 * MARGIN;
const LOGO_WIDTH: f32 = 50.0 * MM;
const LOGO_HEIGHT: f32 = 20.0 * MM;
const HEADER_ROW: f32 = 7.5 * MM;
/// Room to sign: a row is never lower than this.
const MIN_ROW: f32 = 9.0 * MM;
const CELL_PAD: f32 = 1.5 * MM;
const FOOTER: f32 = 10.0 * MM;
const TEXT_MAX: f32 = 9.0;
const TEXT_MIN: f32 = 7.0;

struct Column {
    title: &'static str,
    width: f32,
}

fn columns(kind: SheetKind) -> [Column; 6] {
    let last = match kind {
        SheetKind::ToSign => "Signature",
        SheetKind::Filled => "Checked in",
    };
    // Widths in mm, summing to the table's 182 mm.
    [
        ("No.", 10.0),
        ("Last name", 34.0),
        ("First name", 30.0),
        ("Organization", 45.0),
        ("Country", 25.0),
        (last, 38.0),
    ]
    .map(|(title, width)| Column {
        title,
        width: width * MM,
    })
}

/// A row laid out: each cell's text fitted to its column.
struct LaidRow {
    cells: Vec<Fitted>,
    height: f32,
}

/// The heading block, laid out once and drawn on every page.
struct LaidHeading {
    title: Fitted,
    lines: Vec<Fitted>,
    height: f32,
}

fn lay_heading(heading: &SheetHeading, kind: SheetKind, rows: &[SheetRow]) -> LaidHeading {
    let width = TABLE_WIDTH - LOGO_WIDTH - 5.0 * MM;
    let title = typeset::fit(
        bold(),
        &heading.title,
        width,
        3.0 * 15.0 * LEADING,
        15.0,
        10.0,
    );
    let what = match kind {
        SheetKind::ToSign => format!("Attendance sheet · {}", heading.day),
        SheetKind::Filled => format!("Attendance record · {}", heading.day),
    };
    let count = match kind {
        SheetKind::ToSign => format!("{} participants", rows.len()),
        SheetKind::Filled => format!(
            "{} participants, {} checked in",
            rows.len(),
            rows.iter().filter(|r| r.checked_in.is_some()).count()
        ),
    };
    let mut texts = vec![what, format!("Venue: {}", heading.venue)];
    if !heading.funding_line.trim().is_empty() {
        texts.push(heading.funding_line.trim().to_owned());
    }
    texts.push(count);
    let lines: Vec<Fitted> = texts
        .iter()
        .map(|t| typeset::fit(regular(), t, width, 2.0 * 10.0 * LEADING, 10.0, 7.0))
        .collect();
    let text_height = title.height() + 2.0 * MM + lines.iter().map(Fitted::height).sum::<f32>();
    LaidHeading {
        title,
        lines,
        height: text_height.max(LOGO_HEIGHT) + 5.0 * MM,
    }
}

fn lay_row(number: usize, row: &SheetRow, columns: &[Column; 6], kind: SheetKind) -> LaidRow {
    let last = match kind {
        SheetKind::ToSign => String::new(),
        SheetKind::Filled => row.checked_in.clone().unwrap_or_else(|| "—".to_owned()),
    };
    let texts = [
        number.to_string(),
        row.last_name.clone(),
        row.first_name.clone(),
        row.organization.clone(),
        row.country.clone(),
        last,
    ];
    let cells: Vec<Fitted> = texts
        .iter()
        .zip(columns)
        .map(|(text, column)| {
            let width = column.width - 2.0 * CELL_PAD;
            // Two lines at the full size before any text gets smaller, so
            // most rows read alike.
            let two_lines = 2.0 * TEXT_MAX * LEADING;
            let fitted = typeset::fit(regular(), text, width, two_lines, TEXT_MAX, TEXT_MIN);
            if fitted.lines.last().is_some_and(|l| l.ends_with('…')) {
                // More than two lines even at the smallest size: let the
                // row grow instead of cutting the text.
                Fitted {
                    size: TEXT_MIN,
                    lines: typeset::wrap(regular(), text, width, TEXT_MIN),
                }
            } else {
                fitted
            }
        })
        .collect();
    let text = cells.iter().map(Fitted::height).fold(0.0, f32::max);
    LaidRow {
        height: (text + 2.0 * CELL_PAD).max(MIN_ROW),
        cells,
    }
}

/// The attendance sheet as a PDF.
pub fn attendance_sheet(
    heading: &SheetHeading,
    kind: SheetKind,
    rows: &[SheetRow],
) -> Result<Vec<u8>, DocumentError> {
    let columns = columns(kind);
    let laid_heading = lay_heading(heading, kind, rows);
    let laid: Vec<LaidRow> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| lay_row(i + 1, row, &columns, kind))
        .collect();

    // Pages: as many rows as fit between the header row and the footer.
    let table_top = MARGIN + laid_heading.height;
    let room = A4_HEIGHT - MARGIN - FOOTER - table_top - HEADER_ROW;
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (i, row) in laid.iter().enumerate() {
        if used + row.height > room && i > start {
            pages.push(start..i);
            start = i;
            used = 0.0;
        }
        used += row.height;
    }
    pages.push(start..laid.len());
    let total = pages.len();
    let footer_line = heading.footer_line();

    let mut document = Document::new_with(SerializeSettings::default());
    let mut tree = TagTree::new().with_lang(Some(heading.language.clone()));
    let mut table = TagGroup::new(Tag::Table);
    let mut body = TagGroup::new(Tag::TBody);
    for (index, range) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT).ok_or(DocumentError::Layout)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();

        // The heading and the table's header row are content on the first
        // page, and a repeated page header on the others.
        if index == 0 {
            for group in draw_heading(&mut surface, &laid_heading, true) {
                tree.push(group);
            }
            let header = draw_header_row(&mut surface, &columns, table_top, true);
            table.push(TagGroup::with_children(
                Tag::THead,
                vec![Node::from(header)],
            ));
        } else {
            typeset::artifact(&mut surface, ArtifactType::Header, |s| {
                draw_heading(s, &laid_heading, false);
                draw_header_row(s, &columns, table_top, false);
            });
        }

        let mut y = table_top + HEADER_ROW;
        let mut bottoms = Vec::new();
        for row in &laid[range] {
            body.push(draw_row(&mut surface, &columns, y, row));
            y += row.height;
            bottoms.push(y);
        }
        typeset::artifact(&mut surface, ArtifactType::Layout, |s| {
            grid(s, &columns, table_top, &bottoms);
        });
        typeset::artifact(&mut surface, ArtifactType::Footer, |s| {
            typeset::fill(s, typeset::black());
            let baseline = A4_HEIGHT - MARGIN;
            regular().draw(s, MARGIN, baseline, 8.0, &footer_line);
            regular().draw_right(
                s,
                A4_WIDTH - MARGIN,
                baseline,
                9.0,
                &format!("Page {} of {total}", index + 1),
            );
        });
        surface.finish();
        page.finish();
    }
    table.push(body);
    tree.push(table);
    let name = match kind {
        SheetKind::ToSign => "Attendance sheet",
        SheetKind::Filled => "Attendance record",
    };
    document.set_metadata(metadata(
        &format!("{name} — {} — {}", heading.title, heading.day),
        &heading.language,
    ));
    document.set_tag_tree(tree);
    document.finish().map_err(DocumentError::pdf)
}

impl SheetHeading {
    /// The footer's reminder of what a loose page belongs to, on one line.
    fn footer_line(&self) -> String {
        let line = format!("{} · {}", self.title, self.day);
        let width = TABLE_WIDTH - 30.0 * MM;
        if regular().width(&line, 8.0) <= width {
            return line;
        }
        let mut short: String = line.clone();
        while !short.is_empty() && regular().width(&format!("{short}…"), 8.0) > width {
            short.pop();
        }
        format!("{}…", short.trim_end())
    }
}

fn draw_lines(surface: &mut Surface, face: &Typeface, x: f32, top: f32, fitted: &Fitted) {
    let mut baseline = top + fitted.size * face.ascent();
    for line in &fitted.lines {
        face.draw(surface, x, baseline, fitted.size, line);
        baseline += fitted.size * LEADING;
    }
}

/// Draws the heading block; when `tagged`, returns its parts for the tag
/// tree (a repeated heading is an artifact, drawn untagged).
fn draw_heading(surface: &mut Surface, heading: &LaidHeading, tagged: bool) -> Vec<TagGroup> {
    let mut groups = Vec::new();
    let mut y = MARGIN;
    let title = &heading.title;
    let id = typeset::content(surface, tagged, |s| {
        typeset::fill(s, typeset::black());
        draw_lines(s, bold(), MARGIN, y, title);
    });
    if let Some(id) = id {
        let text = title.lines.join(" ");
        groups.push(TagGroup::with_children(
            Tag::Hn(std::num::NonZeroU16::MIN, Some(text)),
            vec![Node::from(id)],
        ));
    }
    y += title.height() + 2.0 * MM;
    for line in &heading.lines {
        let id = typeset::content(surface, tagged, |s| {
            typeset::fill(s, typeset::black());
            draw_lines(s, regular(), MARGIN, y, line);
        });
        if let Some(id) = id {
            groups.push(TagGroup::with_children(Tag::P, vec![Node::from(id)]));
        }
        y += line.height();
    }
    groups
}

fn draw_header_row(
    surface: &mut Surface,
    columns: &[Column; 6],
    top: f32,
    tagged: bool,
) -> TagGroup {
    let mut row = TagGroup::new(Tag::TR);
    let shade = |s: &mut Surface| {
        typeset::rects(
            s,
            &[(MARGIN, top, TABLE_WIDTH, HEADER_ROW)],
            typeset::grey(225),
        );
    };
    if tagged {
        typeset::artifact(surface, ArtifactType::Layout, shade);
    } else {
        shade(surface);
    }
    let mut x = MARGIN;
    let size = 8.5;
    for column in columns {
        let id = typeset::content(surface, tagged, |s| {
            typeset::fill(s, typeset::black());
            let baseline = top + HEADER_ROW / 2.0 + size * 0.35;
            bold().draw(s, x + CELL_PAD, baseline, size, column.title);
        });
        if let Some(id) = id {
            row.push(TagGroup::with_children(
                Tag::TH(TableHeaderScope::Column),
                vec![Node::from(id)],
            ));
        }
        x += column.width;
    }
    row
}

fn draw_row(surface: &mut Surface, columns: &[Column; 6], top: f32, row: &LaidRow) -> TagGroup {
    let mut group = TagGroup::new(Tag::TR);
    let mut x = MARGIN;
    for (column, cell) in columns.iter().zip(&row.cells) {
        let mut td = TagGroup::new(Tag::TD);
        if !cell.lines.is_empty() {
            let id = typeset::span(surface, |s| {
                typeset::fill(s, typeset::black());
                // Vertically centred in the row.
                let text_top = top + (row.height - cell.height()) / 2.0;
                draw_lines(s, regular(), x + CELL_PAD, text_top, cell);
            });
            td.push(Node::from(id));
        }
        // The signature cell has nothing in it to tag; krilla leaves an
        // empty group out of the structure.
        group.push(td);
        x += column.width;
    }
    group
}

/// The table's rules: the header row's box, a line under each row, and
/// the column lines from the header row to the last row.
fn grid(surface: &mut Surface, columns: &[Column; 6], top: f32, bottoms: &[f32]) {
    let right = MARGIN + TABLE_WIDTH;
    let header_bottom = top + HEADER_ROW;
    let bottom = bottoms.last().copied().unwrap_or(header_bottom);
    let mut light = Vec::new();
    let mut strong = vec![
        (MARGIN, top, right, top),
        (MARGIN, header_bottom, right, header_bottom),
        (MARGIN, bottom, right, bottom),
    ];
    for &y in bottoms {
        light.push((MARGIN, y, right, y));
    }
    let mut x = MARGIN;
    strong.push((x, top, x, bottom));
    for column in columns {
        x += column.width;
        strong.push((x, top, x, bottom));
    }
    typeset::lines(surface, &light, 0.4, typeset::grey(110));
    typeset::lines(surface, &strong, 0.7, typeset::grey(40));
}
