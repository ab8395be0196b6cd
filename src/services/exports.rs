//! The attendee list as a spreadsheet: CSV and XLSX, with the table's
//! filters, each session and each question's answer as a column.
//!
//! Neither export holds the list in memory. Rows are read `EXPORT_PAGE` at
//! a time in registration order (ids are time-ordered UUIDv7), keyset by
//! id, so each page is an index range whatever its depth. CSV goes out as
//! it is written, through a channel of a few chunks; XLSX is written by
//! rust_xlsxwriter in constant-memory mode (one row in memory, the sheet in
//! a temporary file) on a blocking thread, and only the finished, zipped
//! file is held for the answer — a few MB for 100,000 rows.

use axum::body::Bytes;
use sea_orm::DbErr;
use tokio::sync::mpsc;

use super::Services;
use super::attendees::{answer_text, stored_answers};
use crate::domain::attendee_list::{AttendeeQuery, neutralised_cell};
use crate::store::entities::{event, question, registration, session};
use crate::store::{attendees, queries};

/// Rows read from the database at a time.
const EXPORT_PAGE: u64 = 1_000;

/// What an export needs to know before its first row.
#[derive(Clone)]
pub struct ExportPlan {
    pub event: event::Model,
    pub sessions: Vec<session::Model>,
    pub questions: Vec<question::Model>,
    pub query: AttendeeQuery,
}

impl ExportPlan {
    pub fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = [
            "First name",
            "Last name",
            "Email",
            "Organization",
            "Country",
            "Language",
            "Status",
            "Registered at",
            "Checked in at",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        header.extend(
            self.sessions
                .iter()
                .map(|s| format!("Session: {}", s.title)),
        );
        header.extend(self.questions.iter().map(|q| q.label.clone()));
        header
    }

    /// The cells of one row, raw (each format neutralises in its own way).
    pub fn cells(&self, registration: &registration::Model, session_ids: &[i64]) -> Vec<String> {
        let mut cells = vec![
            registration.first_name.clone(),
            registration.last_name.clone(),
            registration.email.clone(),
            registration.organization.clone(),
            registration.country.clone(),
            registration.language.clone(),
            registration.status.as_str().to_owned(),
            registration
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            registration
                .checked_in_at
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
        ];
        cells.extend(self.sessions.iter().map(|s| {
            (if session_ids.contains(&s.id) {
                "yes"
            } else {
                ""
            })
            .to_owned()
        }));
        let answers = stored_answers(registration);
        cells.extend(
            self.questions
                .iter()
                .map(|q| answers.get(&q.id).map(answer_text).unwrap_or_default()),
        );
        cells
    }

    /// A file name for the download: the event's slug.
    pub fn file_name(&self, extension: &str) -> String {
        format!("{}-attendees.{extension}", self.event.slug)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
}

impl Services {
    pub async fn export_plan(
        &self,
        slug: &str,
        query: AttendeeQuery,
    ) -> Result<Option<ExportPlan>, DbErr> {
        Ok(queries::event_by_slug(&self.db.read, slug)
            .await?
            .map(|record| ExportPlan {
                event: record.event,
                sessions: record.sessions,
                questions: record.questions,
                query,
            }))
    }

    /// Feeds `send` with pages of cell rows until the list ends or the
    /// receiver goes away (a download that was abandoned).
    async fn export_rows(
        &self,
        plan: &ExportPlan,
        send: &mpsc::Sender<Vec<Vec<String>>>,
    ) -> Result<(), DbErr> {
        let mut after: Option<String> = None;
        loop {
            let page = attendees::export_page(
                &self.db.read,
                plan.event.id,
                &plan.query,
                after.as_deref(),
                EXPORT_PAGE,
            )
            .await?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = Some(last.id.clone());
            let ids: Vec<String> = page.iter().map(|r| r.id.clone()).collect();
            let chosen = attendees::sessions_of(&self.db.read, &ids).await?;
            let empty = Vec::new();
            let rows = page
                .iter()
                .map(|r| plan.cells(r, chosen.get(&r.id).unwrap_or(&empty)))
                .collect();
            if send.send(rows).await.is_err() || (page.len() as u64) < EXPORT_PAGE {
                return Ok(());
            }
        }
    }

    /// The CSV export as a stream of chunks: UTF-8 with a byte order mark,
    /// so that Excel reads diacritics and Greek right.
    pub fn export_csv(&self, plan: ExportPlan) -> mpsc::Receiver<Result<Bytes, std::io::Error>> {
        let (chunks, receiver) = mpsc::channel(4);
        let services = self.clone();
        tokio::spawn(async move {
            let (rows_in, mut rows_out) = mpsc::channel(2);
            let producer = {
                let plan = plan.clone();
                let services = services.clone();
                tokio::spawn(async move { services.export_rows(&plan, &rows_in).await })
            };
            let mut first = b"\xEF\xBB\xBF".to_vec();
            first.extend(csv_lines(std::iter::once(plan.header())));
            if chunks.send(Ok(Bytes::from(first))).await.is_err() {
                return;
            }
            while let Some(rows) = rows_out.recv().await {
                if chunks.send(Ok(Bytes::from(csv_lines(rows)))).await.is_err() {
                    return;
                }
            }
            // A failure midway ends the body with an error, so the client
            // sees a broken download rather than a short list.
            match producer.await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    tracing::error!(%error, "CSV export failed");
                    let _ = chunks.send(Err(std::io::Error::other(error))).await;
                }
                Err(error) => {
                    let _ = chunks.send(Err(std::io::Error::other(error))).await;
                }
            }
        });
        receiver
    }

    /// The XLSX export, finished: every cell a string cell, so nothing in it
    /// is ever a formula.
    pub async fn export_xlsx(&self, plan: ExportPlan) -> Result<Vec<u8>, ExportError> {
        let (rows_in, mut rows_out) = mpsc::channel::<Vec<Vec<String>>>(2);
        let header = plan.header();
        let writer = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(|e| e.to_string())?;
            sheet.set_name("Attendees").map_err(|e| e.to_string())?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (col, title) in header.iter().enumerate() {
                sheet
                    .write_string_with_format(0, col as u16, title, &bold)
                    .map_err(|e| e.to_string())?;
            }
            let mut row_number: u32 = 1;
            while let Some(rows) = rows_out.blocking_recv() {
                for row in rows {
                    for (col, cell) in row.iter().enumerate() {
                        if !cell.is_empty() {
                            sheet
                                .write_string(row_number, col as u16, cell)
                                .map_err(|e| e.to_string())?;
                        }
                    }
                    row_number += 1;
                }
            }
            workbook.save_to_buffer().map_err(|e| e.to_string())
        });
        let read = self.export_rows(&plan, &rows_in).await;
        drop(rows_in);
        let written = writer.await.map_err(|e| ExportError::Xlsx(e.to_string()))?;
        read?;
        written.map_err(ExportError::Xlsx)
    }
}

/// CSV lines of `rows`, each cell neutralised against formulas (the
/// indicator report writes its file with this too).
pub(crate) fn csv_lines(rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = out.write_record(row.iter().map(|c| neutralised_cell(c).into_owned()));
    }
    out.into_inner().unwrap_or_default()
}
