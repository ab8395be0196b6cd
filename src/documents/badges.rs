//! Name badges: A4 sheets of eight 85 × 54 mm badges (two across, four
//! down, edge to edge) with cut marks in the margins. Each badge carries
//! the event's title, the name large, the organization, the country and
//! the check-in QR code — the same signed link as the confirmation email's.

use krilla::geom::Transform;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, Node, Tag, TagGroup, TagTree};
use krilla::{Document, SerializeSettings};

use super::typeset::{self, A4_HEIGHT, A4_WIDTH, LEADING, MM, Typeface, bold, regular};
use super::{DocumentError, metadata};

pub const BADGE_WIDTH: f32 = 85.0 * MM;
pub const BADGE_HEIGHT: f32 = 54.0 * MM;
pub const COLUMNS: usize = 2;
pub const ROWS: usize = 4;
pub const PER_SHEET: usize = COLUMNS * ROWS;

/// What one badge says.
#[derive(Clone, Debug)]
pub struct Badge {
    pub name: String,
    pub organization: String,
    /// The country's name, in the event's language.
    pub country: String,
    /// The signed check-in link the QR code carries.
    pub check_in_url: String,
}

const PADDING: f32 = 4.0 * MM;
/// The QR code's modules fill this square; its quiet zone falls in the
/// badge's padding and the gap to the text.
const QR_SIDE: f32 = 22.0 * MM;

/// Where the grid of badges starts: centred on the page.
fn origin() -> (f32, f32) {
    (
        (A4_WIDTH - COLUMNS as f32 * BADGE_WIDTH) / 2.0,
        (A4_HEIGHT - ROWS as f32 * BADGE_HEIGHT) / 2.0,
    )
}

/// The PDF of `badges` for the event `title`, eight to a sheet, in the
/// order given.
pub fn badge_sheets(
    title: &str,
    language: &str,
    badges: &[Badge],
) -> Result<Vec<u8>, DocumentError> {
    let mut document = Document::new_with(SerializeSettings::default());
    let mut tree = TagTree::new().with_lang(Some(language.to_owned()));
    let sheets = badges.chunks(PER_SHEET);
    // An empty list still prints one sheet of cut marks: a document with
    // no pages is not a PDF.
    let sheets: Vec<&[Badge]> = if badges.is_empty() {
        vec![&[]]
    } else {
        sheets.collect()
    };
    for sheet in sheets {
        let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT).ok_or(DocumentError::Layout)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        typeset::artifact(&mut surface, ArtifactType::Page, cut_marks);
        for (slot, badge) in sheet.iter().enumerate() {
            let (x0, y0) = origin();
            let x = x0 + (slot % COLUMNS) as f32 * BADGE_WIDTH;
            let y = y0 + (slot / COLUMNS) as f32 * BADGE_HEIGHT;
            tree.push(draw_badge(&mut surface, x, y, title, badge)?);
        }
        surface.finish();
        page.finish();
    }
    document.set_metadata(metadata(&format!("Badges — {title}"), language));
    document.set_tag_tree(tree);
    document.finish().map_err(DocumentError::pdf)
}

/// Short lines in the margins along every cut: the grid's outer edges and
/// the lines between badges.
fn cut_marks(surface: &mut Surface) {
    let (x0, y0) = origin();
    let (x1, y1) = (
        x0 + COLUMNS as f32 * BADGE_WIDTH,
        y0 + ROWS as f32 * BADGE_HEIGHT,
    );
    let (gap, length) = (3.0 * MM, 7.0 * MM);
    let mut segments = Vec::new();
    for column in 0..=COLUMNS {
        let x = x0 + column as f32 * BADGE_WIDTH;
        segments.push((x, y0 - gap - length, x, y0 - gap));
        segments.push((x, y1 + gap, x, y1 + gap + length));
    }
    for row in 0..=ROWS {
        let y = y0 + row as f32 * BADGE_HEIGHT;
        segments.push((x0 - gap - length, y, x0 - gap, y));
        segments.push((x1 + gap, y, x1 + gap + length, y));
    }
    typeset::lines(surface, &segments, 0.3, typeset::black());
}

/// Draws `lines` of `face` at `size` from the top `y` of their box.
fn text_block(surface: &mut Surface, face: &Typeface, x: f32, y: f32, fitted: &typeset::Fitted) {
    let mut baseline = y + fitted.size * face.ascent();
    for line in &fitted.lines {
        face.draw(surface, x, baseline, fitted.size, line);
        baseline += fitted.size * LEADING;
    }
}

/// A paragraph of the tag tree for text drawn by `text_block`.
fn paragraph(
    surface: &mut Surface,
    face: &Typeface,
    x: f32,
    y: f32,
    fitted: &typeset::Fitted,
) -> TagGroup {
    let id = typeset::span(surface, |s| {
        typeset::fill(s, typeset::black());
        text_block(s, face, x, y, fitted);
    });
    TagGroup::with_children(Tag::P, vec![Node::from(id)])
}

fn draw_badge(
    surface: &mut Surface,
    x: f32,
    y: f32,
    title: &str,
    badge: &Badge,
) -> Result<TagGroup, DocumentError> {
    let inner = BADGE_WIDTH - 2.0 * PADDING;
    let left = x + PADDING;
    let mut group = TagGroup::new(Tag::Div);

    let heading = typeset::fit(bold(), title, inner, 7.0 * MM, 8.0, 5.5);
    group.push(paragraph(surface, bold(), left, y + PADDING, &heading));
    typeset::artifact(surface, ArtifactType::Layout, |s| {
        let rule = y + 12.0 * MM;
        typeset::lines(
            s,
            &[(left, rule, left + inner, rule)],
            0.5,
            typeset::grey(90),
        );
    });

    // The name: as large as fits, centred in its band.
    let (name_top, name_height) = (y + 13.5 * MM, 13.0 * MM);
    let name = typeset::fit(bold(), &badge.name, inner, name_height, 20.0, 7.0);
    let name_y = name_top + (name_height - name.height()).max(0.0) / 2.0;
    group.push(paragraph(surface, bold(), left, name_y, &name));

    let qr_left = x + BADGE_WIDTH - PADDING - QR_SIDE;
    let qr_top = y + BADGE_HEIGHT - PADDING - QR_SIDE;
    let beside_qr = qr_left - left - 3.0 * MM;
    let organization = typeset::fit(
        regular(),
        &badge.organization,
        beside_qr,
        12.0 * MM,
        10.0,
        6.0,
    );
    group.push(paragraph(surface, regular(), left, qr_top, &organization));
    let country = typeset::fit(regular(), &badge.country, beside_qr, 7.0 * MM, 9.5, 6.0);
    let country_top = qr_top + QR_SIDE - country.height();
    group.push(paragraph(surface, regular(), left, country_top, &country));

    let modules = qr_modules(&badge.check_in_url)?;
    let qr = surface.start_tagged(krilla::tagging::ContentTag::Other);
    draw_qr(surface, qr_left, qr_top, QR_SIDE, &modules);
    surface.end_tagged();
    let alt = format!("QR code: the check-in link of {}", badge.name);
    group.push(TagGroup::with_children(
        Tag::Figure(Some(alt)),
        vec![Node::from(qr)],
    ));
    Ok(group)
}

/// The dark modules of `text`'s QR code, row by row.
struct Modules {
    width: usize,
    dark: Vec<bool>,
}

fn qr_modules(text: &str) -> Result<Modules, DocumentError> {
    let code =
        qrcode::QrCode::new(text.as_bytes()).map_err(|e| DocumentError::Qr(e.to_string()))?;
    Ok(Modules {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
    })
}

/// The dark modules as rectangles (column, row, width, height): runs of
/// dark modules in a row, each grown downwards while the rows below repeat
/// it exactly.
fn merged(modules: &Modules) -> Vec<(usize, usize, usize, usize)> {
    // (first column, end column, first row, rows) of the open rectangles.
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for (row, cells) in modules.dark.chunks(modules.width).enumerate() {
        let mut runs = Vec::new();
        let mut column = 0;
        while column < cells.len() {
            if !cells[column] {
                column += 1;
                continue;
            }
            let start = column;
            while column < cells.len() && cells[column] {
                column += 1;
            }
            runs.push((start, column));
        }
        let mut still_open = Vec::with_capacity(runs.len());
        for (start, end, first, rows) in open.drain(..) {
            if runs.contains(&(start, end)) {
                still_open.push((start, end, first, rows + 1));
            } else {
                done.push((start, first, end - start, rows));
            }
        }
        for (start, end) in runs {
            if !still_open.iter().any(|r| (r.0, r.1) == (start, end)) {
                still_open.push((start, end, row, 1));
            }
        }
        open = still_open;
    }
    done.extend(
        open.into_iter()
            .map(|(start, end, first, rows)| (start, first, end - start, rows)),
    );
    done
}

/// The QR code as filled rectangles, drawn in module units under a
/// transform: the content stream holds small integers (a third of the
/// bytes of page coordinates, and of the compressing).
fn draw_qr(surface: &mut Surface, x: f32, y: f32, side: f32, modules: &Modules) {
    let module = side / modules.width as f32;
    let rects: Vec<(f32, f32, f32, f32)> = merged(modules)
        .into_iter()
        .map(|(c, r, w, h)| (c as f32, r as f32, w as f32, h as f32))
        .collect();
    surface.push_transform(&Transform::from_row(module, 0.0, 0.0, module, x, y));
    typeset::rects(surface, &rects, typeset::black());
    surface.pop();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rectangles cover exactly the dark modules.
    #[test]
    fn the_qr_rectangles_cover_the_dark_modules_and_nothing_else() {
        let modules = qr_modules("https://events.example.eu/admin/check-in?code=x.y").unwrap();
        let mut document = Document::new();
        let mut page = document.start_page_with(PageSettings::from_wh(100.0, 100.0).unwrap());
        let mut surface = page.surface();
        draw_qr(&mut surface, 0.0, 0.0, 90.0, &modules);
        surface.finish();
        page.finish();
        assert!(document.finish().is_ok());
        let w = modules.width;
        let mut covered = vec![0u8; w * w];
        let rects = merged(&modules);
        for (x, y, rw, rh) in &rects {
            for r in *y..y + rh {
                for c in *x..x + rw {
                    covered[r * w + c] += 1;
                }
            }
        }
        for (i, dark) in modules.dark.iter().enumerate() {
            assert_eq!(covered[i], u8::from(*dark), "module {i}");
        }
        let runs: usize = modules
            .dark
            .chunks(w)
            .map(|row| row.windows(2).filter(|p| p[1] && !p[0]).count() + usize::from(row[0]))
            .sum();
        assert!(
            rects.len() < runs,
            "{} rectangles for {runs} runs",
            rects.len()
        );
    }
}
