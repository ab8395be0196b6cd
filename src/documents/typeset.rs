//! What the printed documents share: the embedded typeface, text shaped
//! and measured before it is placed (so a long name can be made to fit),
//! and the few drawing steps a sheet needs.
//!
//! The font is DejaVu Sans (assets/fonts/, with its licence beside it): it
//! covers Latin Extended and Greek, so ő, ł, ą, ė, ñ, ç and Ελένη print as
//! themselves. krilla embeds only the glyphs a document uses.

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// An A4 page in points.
pub const A4_WIDTH: f32 = 210.0 * MM;
pub const A4_HEIGHT: f32 = 297.0 * MM;
/// Line height as a multiple of the font size.
pub const LEADING: f32 = 1.2;

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A font both for krilla (which embeds it) and for rustybuzz (which
/// shapes and measures), parsed once per process.
pub struct Typeface {
    font: Font,
    face: rustybuzz::Face<'static>,
}

fn load(data: &'static [u8]) -> Typeface {
    Typeface {
        // The files are compiled in and known to parse (a unit test below
        // loads both); nothing at run time can make these fail.
        font: Font::new(data.into(), 0).expect("the embedded font parses"),
        face: rustybuzz::Face::from_slice(data, 0).expect("the embedded font parses"),
    }
}

pub fn regular() -> &'static Typeface {
    static FACE: OnceLock<Typeface> = OnceLock::new();
    FACE.get_or_init(|| load(REGULAR_TTF))
}

pub fn bold() -> &'static Typeface {
    static FACE: OnceLock<Typeface> = OnceLock::new();
    FACE.get_or_init(|| load(BOLD_TTF))
}

/// Text shaped in one typeface: its glyphs and its width at size 1.
pub struct Shaped {
    glyphs: Vec<KrillaGlyph>,
    width: f32,
}

impl Shaped {
    pub fn width(&self, size: f32) -> f32 {
        self.width * size
    }
}

impl Typeface {
    pub fn shape(&self, text: &str) -> Shaped {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&self.face, &[], buffer);
        let per_em = self.face.units_per_em() as f32;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, position)) in infos.iter().zip(positions).enumerate() {
            // A cluster runs to the start of the next one (left to right:
            // names here are Latin or Greek).
            let start = info.cluster as usize;
            let end = infos[i + 1..]
                .iter()
                .find(|next| next.cluster != info.cluster)
                .map_or(text.len(), |next| next.cluster as usize);
            let advance = position.x_advance as f32 / per_em;
            width += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                position.x_offset as f32 / per_em,
                position.y_offset as f32 / per_em,
                position.y_advance as f32 / per_em,
                start.min(end)..end.max(start),
                None,
            ));
        }
        Shaped { glyphs, width }
    }

    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.shape(text).width(size)
    }

    /// Draws `text` with its baseline at `y`, starting at `x`.
    pub fn draw(&self, surface: &mut Surface, x: f32, y: f32, size: f32, text: &str) {
        let shaped = self.shape(text);
        self.draw_shaped(surface, x, y, size, text, &shaped);
    }

    pub fn draw_shaped(
        &self,
        surface: &mut Surface,
        x: f32,
        y: f32,
        size: f32,
        text: &str,
        shaped: &Shaped,
    ) {
        if text.is_empty() {
            return;
        }
        surface.draw_glyphs(
            Point::from_xy(x, y),
            &shaped.glyphs,
            self.font.clone(),
            text,
            size,
            false,
        );
    }

    /// Draws `text` ending at `right` (right-aligned).
    pub fn draw_right(&self, surface: &mut Surface, right: f32, y: f32, size: f32, text: &str) {
        let shaped = self.shape(text);
        let x = right - shaped.width(size);
        self.draw_shaped(surface, x, y, size, text, &shaped);
    }

    /// Draws `text` centred on `centre`.
    pub fn draw_centred(&self, surface: &mut Surface, centre: f32, y: f32, size: f32, text: &str) {
        let shaped = self.shape(text);
        let x = centre - shaped.width(size) / 2.0;
        self.draw_shaped(surface, x, y, size, text, &shaped);
    }

    /// The distance from the baseline to the top of capitals, at size 1.
    pub fn ascent(&self) -> f32 {
        f32::from(self.face.ascender()) / self.face.units_per_em() as f32
    }
}

/// Text broken into lines at one size.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
}

impl Fitted {
    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.size * LEADING
    }
}

/// Breaks `text` into lines no wider than `width` at `size`, between words,
/// and inside a word only where the word alone is wider than a line.
pub fn wrap(face: &Typeface, text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if face.width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if face.width(word, size) <= width {
            line = word.to_owned();
            continue;
        }
        // A word longer than a line: cut it where it overflows.
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && face.width(&longer, size) > width {
                lines.push(std::mem::replace(&mut line, c.to_string()));
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Sets `text` in a box `width` × `height`: the largest size from `max`
/// down to `min` (in half points) at which it wraps between words into
/// the lines the box holds; failing that, cut inside words at the size
/// where it fits; failing even that (a text far beyond any name's length),
/// at `min` with the last line ending in "…".
pub fn fit(face: &Typeface, text: &str, width: f32, height: f32, max: f32, min: f32) -> Fitted {
    let text = text.trim();
    let sizes = || {
        let steps = ((max - min) * 2.0).max(0.0) as usize;
        (0..=steps).map(move |i| max - i as f32 * 0.5)
    };
    let room = |size: f32| ((height / (size * LEADING)).floor() as usize).max(1);
    let word_count = text.split_whitespace().count();
    for size in sizes() {
        let lines = wrap(face, text, width, size);
        let whole_words = lines
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>()
            == word_count;
        if lines.len() <= room(size) && whole_words {
            return Fitted { size, lines };
        }
    }
    for size in sizes() {
        let lines = wrap(face, text, width, size);
        if lines.len() <= room(size) {
            return Fitted { size, lines };
        }
    }
    let mut lines = wrap(face, text, width, min);
    lines.truncate(room(min));
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && face.width(&format!("{last}…"), min) > width {
            last.pop();
        }
        last.push('…');
    }
    Fitted { size: min, lines }
}

pub fn black() -> rgb::Color {
    rgb::Color::new(0, 0, 0)
}

pub fn grey(level: u8) -> rgb::Color {
    rgb::Color::new(level, level, level)
}

pub fn fill(surface: &mut Surface, color: rgb::Color) {
    surface.set_fill(Some(Fill {
        paint: color.into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

/// Strokes lines from `segments` (x1, y1, x2, y2) in `color`, `width` thick.
pub fn lines(
    surface: &mut Surface,
    segments: &[(f32, f32, f32, f32)],
    width: f32,
    color: rgb::Color,
) {
    let mut path = PathBuilder::new();
    for &(x1, y1, x2, y2) in segments {
        path.move_to(x1, y1);
        path.line_to(x2, y2);
    }
    let Some(path) = path.finish() else {
        return;
    };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: color.into(),
        width,
        ..Default::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// Fills the rectangles `rects` (x, y, w, h) in `color`.
pub fn rects(surface: &mut Surface, rects: &[(f32, f32, f32, f32)], color: rgb::Color) {
    let mut path = PathBuilder::new();
    for &(x, y, w, h) in rects {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            path.push_rect(rect);
        }
    }
    let Some(path) = path.finish() else {
        return;
    };
    surface.set_stroke(None);
    fill(surface, color);
    surface.draw_path(&path);
}

/// Content drawn by `draw` as one tagged span (a leaf of the tag tree).
pub fn span(surface: &mut Surface, draw: impl FnOnce(&mut Surface)) -> Identifier {
    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
    draw(surface);
    surface.end_tagged();
    id
}

/// Content drawn by `draw`: a tagged span when `tagged`, plain otherwise
/// (inside an artifact, where nothing may be tagged).
pub fn content(
    surface: &mut Surface,
    tagged: bool,
    draw: impl FnOnce(&mut Surface),
) -> Option<Identifier> {
    if tagged {
        Some(span(surface, draw))
    } else {
        draw(surface);
        None
    }
}

/// Content drawn by `draw` marked as an artifact of `kind` (cut marks,
/// rules, page numbers): outside the document's structure.
pub fn artifact(
    surface: &mut Surface,
    kind: krilla::tagging::ArtifactType,
    draw: impl FnOnce(&mut Surface),
) {
    surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
        kind,
    )));
    draw(surface);
    surface.end_tagged();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_embedded_fonts_load_and_cover_greek_and_latin_extended() {
        for face in [regular(), bold()] {
            for c in "őłąėñçΕλένηŽ".chars() {
                assert!(face.face.glyph_index(c).is_some(), "{c} has a glyph");
            }
        }
    }

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let face = regular();
        let text = "Lucía Fernández de la Peña Θεσσαλονίκη Εξαγωγές";
        let lines = wrap(face, text, 100.0, 10.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(face.width(line, 10.0) <= 100.0, "{line}");
        }
    }

    #[test]
    fn a_long_name_shrinks_and_wraps_to_fit_its_box() {
        let face = bold();
        let short = fit(face, "Ana Horvat", 200.0, 50.0, 20.0, 8.0);
        assert_eq!(short.size, 20.0);
        assert_eq!(short.lines, ["Ana Horvat"]);
        let long = "Maria Grazia Esposito Lombardi-Ferrè Fernández de la Peña Kazlauskaitė";
        let fitted = fit(face, long, 200.0, 50.0, 20.0, 8.0);
        assert!(fitted.size < 20.0);
        assert!(fitted.height() <= 50.0);
        assert_eq!(fitted.lines.join(" "), long);
        for line in &fitted.lines {
            assert!(face.width(line, fitted.size) <= 200.0);
        }
        // One word longer than the box: cut inside it rather than overflow.
        let word = "Ε".repeat(60);
        let cut = fit(face, &word, 100.0, 40.0, 12.0, 6.0);
        assert_eq!(cut.lines.concat(), word);
        for line in &cut.lines {
            assert!(face.width(line, cut.size) <= 100.0);
        }
        // Far beyond any name: the box still holds it, ending in "…".
        let huge = "Wójcik ".repeat(200);
        let clipped = fit(face, &huge, 100.0, 20.0, 12.0, 6.0);
        assert!(clipped.height() <= 20.0);
        assert!(clipped.lines.last().unwrap().ends_with('…'));
    }
}
