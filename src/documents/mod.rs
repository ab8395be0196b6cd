//! Printed documents: name badges and attendance sheets, as PDF.
//!
//! How a badge or a sheet is laid out is a rule of the product, not of a
//! face: the services gather the data (src/services/documents.rs) and call
//! these, and the dashboard only hands over the bytes. krilla writes the
//! PDF: tagged (headings, paragraphs, a table with its header cells, the
//! QR codes as figures with a text alternative), so a screen reader can
//! follow it, with real text in an embedded, subset font
//! (`typeset`), so poppler's `pdftotext` reads every name back.
//!
//! Nothing here does I/O; a document of a thousand people takes a moment of
//! CPU, so callers run it on a blocking thread.

pub mod attendance;
pub mod badges;
pub mod typeset;

pub use attendance::{SheetHeading, SheetKind, SheetRow, attendance_sheet};
pub use badges::{Badge, badge_sheets};

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the QR code could not be made: {0}")]
    Qr(String),
    #[error("a page could not be laid out")]
    Layout,
}

impl DocumentError {
    fn pdf(error: krilla::error::KrillaError) -> Self {
        DocumentError::Pdf(format!("{error:?}"))
    }
}

/// The document's title and language, which PDF readers show and read
/// aloud by.
fn metadata(title: &str, language: &str) -> krilla::metadata::Metadata {
    krilla::metadata::Metadata::new()
        .title(title.to_owned())
        .language(language.to_owned())
        .creator("Tessera".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: usize) -> Vec<(String, String, String, String)> {
        let names = [
            ("Ágnes", "Szőke", "Pécsi Kézműves Kft.", "Magyarország"),
            ("Łucja", "Wójcik", "Podkarpackie Smaki Sp. z o.o.", "Polska"),
            (
                "Ελένη",
                "Papadopoulou",
                "Θεσσαλονίκη Εξαγωγές Α.Ε.",
                "Ελλάδα",
            ),
            (
                "Lucía",
                "Fernández de la Peña Lombardi-Ferrè Kazlauskaitė-Šimkutė",
                "Cooperativa Sociale \"La Rete\" per lo Sviluppo delle Imprese Femminili del Mezzogiorno",
                "España",
            ),
        ];
        (0..n)
            .map(|i| {
                let (first, last, org, country) = names[i % names.len()];
                (first.into(), last.into(), org.into(), country.into())
            })
            .collect()
    }

    #[test]
    fn badges_print_eight_to_a_sheet() {
        let badges: Vec<Badge> = people(9)
            .into_iter()
            .map(|(first, last, org, country)| Badge {
                name: format!("{first} {last}"),
                organization: org,
                country,
                check_in_url: "https://events.example.eu/admin/check-in?code=0190e4a5-7b1c-7d2e-8f00-123456789abc.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg".into(),
            })
            .collect();
        let pdf = badge_sheets("Women 2027 — Entrepreneurship Days", "en", &badges).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        if let Ok(dir) = std::env::var("TESSERA_DOCUMENTS_OUT") {
            std::fs::write(format!("{dir}/badges.pdf"), &pdf).unwrap();
        }
        let empty = badge_sheets("Nobody yet", "en", &[]).unwrap();
        assert!(empty.starts_with(b"%PDF-"));
    }

    #[test]
    fn an_attendance_sheet_has_a_page_per_screenful_of_rows() {
        let rows: Vec<SheetRow> = people(70)
            .into_iter()
            .enumerate()
            .map(|(i, (first, last, org, country))| SheetRow {
                last_name: last,
                first_name: first,
                organization: org,
                country,
                checked_in: (i % 3 != 0).then(|| "09:12".to_owned()),
            })
            .collect();
        let heading = SheetHeading {
            title: "Women 2027 — Entrepreneurship Days".into(),
            day: "Tuesday, 15 December 2026".into(),
            venue: "Chamber of Commerce, Avenue Louise 500, 1050 Brussels".into(),
            funding_line: "Interreg Europe — INTER VENTURES".into(),
            language: "en".into(),
        };
        for kind in [SheetKind::ToSign, SheetKind::Filled] {
            let pdf = attendance_sheet(&heading, kind, &rows).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
            if let Ok(dir) = std::env::var("TESSERA_DOCUMENTS_OUT") {
                std::fs::write(format!("{dir}/sheet-{kind:?}.pdf"), &pdf).unwrap();
            }
        }
        let empty = attendance_sheet(&heading, SheetKind::ToSign, &[]).unwrap();
        assert!(empty.starts_with(b"%PDF-"));
    }
}
