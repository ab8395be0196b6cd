//! The indicator report an EU-funded project files after its event:
//! participants per day, by country and by organization, each counted
//! twice — registered (confirmed, no-shows included) and attended
//! (checked in, no-shows left out). As a page, and as CSV and XLSX with the
//! same protection against formulas as the attendee exports.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::DbErr;

use super::Services;
use super::exports::{ExportError, csv_lines};
use super::statistics::NO_ORGANIZATION;
use crate::domain::Language;
use crate::domain::attendance::{Headcount, attended_any_day, group_organizations};
use crate::i18n::countries::country_name;
use crate::store::queries;

#[derive(Clone, Debug)]
pub struct IndicatorReport {
    pub slug: String,
    pub title: String,
    pub funding_line: String,
    /// Everyone confirmed, and how many of them came on at least one day.
    pub total: Headcount,
    pub per_day: Vec<(NaiveDate, Headcount)>,
    /// Countries named in English, most registered first.
    pub by_country: Vec<(String, Headcount)>,
    pub by_organization: Vec<(String, Headcount)>,
}

pub const HEADER: [&str; 5] = [
    "Breakdown",
    "Group",
    "Registered (confirmed)",
    "Attended (checked in)",
    "No-shows",
];

/// One row of the report's file: its breakdown, its group, the counts.
pub struct ReportRow<'a> {
    pub breakdown: &'static str,
    pub group: String,
    pub count: &'a Headcount,
}

impl IndicatorReport {
    /// The rows of the CSV and XLSX files: a long table, one breakdown
    /// after the other, so that a spreadsheet can filter and pivot it.
    pub fn rows(&self) -> Vec<ReportRow<'_>> {
        let mut rows = vec![ReportRow {
            breakdown: "Total",
            group: "All participants".to_owned(),
            count: &self.total,
        }];
        rows.extend(self.per_day.iter().map(|(day, count)| ReportRow {
            breakdown: "Day",
            group: day.to_string(),
            count,
        }));
        rows.extend(self.by_country.iter().map(|(country, count)| ReportRow {
            breakdown: "Country",
            group: country.clone(),
            count,
        }));
        rows.extend(self.by_organization.iter().map(|(name, count)| ReportRow {
            breakdown: "Organization",
            group: name.clone(),
            count,
        }));
        rows
    }

    fn cells(row: &ReportRow) -> Vec<String> {
        vec![
            row.breakdown.to_owned(),
            row.group.clone(),
            row.count.registered.to_string(),
            row.count.attended.to_string(),
            row.count.no_shows().to_string(),
        ]
    }

    pub fn file_name(&self, extension: &str) -> String {
        format!("{}-indicators.{extension}", self.slug)
    }

    /// The report as CSV: UTF-8 with a byte order mark (Excel reads the
    /// diacritics), every cell neutralised as the exports do.
    pub fn csv(&self) -> Vec<u8> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        let header = HEADER.iter().map(|h| (*h).to_owned()).collect();
        out.extend(csv_lines(
            std::iter::once(header).chain(self.rows().iter().map(Self::cells)),
        ));
        out
    }

    /// The report as XLSX: names as string cells (never a formula),
    /// counts as numbers.
    pub fn xlsx(&self) -> Result<Vec<u8>, ExportError> {
        let error = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Indicators").map_err(error)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (col, title) in HEADER.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *title, &bold)
                .map_err(error)?;
        }
        for (i, row) in self.rows().iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, row.breakdown).map_err(error)?;
            sheet.write_string(r, 1, &row.group).map_err(error)?;
            sheet
                .write_number(r, 2, row.count.registered as f64)
                .map_err(error)?;
            sheet
                .write_number(r, 3, row.count.attended as f64)
                .map_err(error)?;
            sheet
                .write_number(r, 4, row.count.no_shows() as f64)
                .map_err(error)?;
        }
        sheet.set_column_width(1, 40).map_err(error)?;
        for col in 2..5 {
            sheet.set_column_width(col, 22).map_err(error)?;
        }
        workbook.save_to_buffer().map_err(error)
    }
}

impl Services {
    pub async fn indicator_report(&self, slug: &str) -> Result<Option<IndicatorReport>, DbErr> {
        let Some(record) = queries::event_by_slug(&self.db.read, slug).await? else {
            return Ok(None);
        };
        let book = self.attendance_book(&record).await?;
        let mut total = Headcount::default();
        let mut countries: HashMap<String, Headcount> = HashMap::new();
        let mut organizations: Vec<(&str, Headcount)> = Vec::with_capacity(book.people.len());
        for person in &book.people {
            let count = Headcount {
                registered: 1,
                attended: i64::from(attended_any_day(&book.present, &person.id)),
            };
            total += count;
            *countries
                .entry(country_name(Language::En, &person.country))
                .or_default() += count;
            organizations.push((&person.organization, count));
        }
        let mut by_country: Vec<(String, Headcount)> = countries.into_iter().collect();
        by_country.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let by_organization = group_organizations(
            organizations
                .into_iter()
                .map(|(name, count)| (name, 1, count)),
            NO_ORGANIZATION,
        );
        let event = record.event;
        Ok(Some(IndicatorReport {
            per_day: book.per_day(),
            slug: event.slug,
            title: event.title,
            funding_line: event.funding_line,
            total,
            by_country,
            by_organization,
        }))
    }
}
