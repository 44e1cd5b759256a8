//! Bytes → [`Document`]: format sniffing, decoding, one page per text file or sheet.
//!
//! - [`sniff`]: magic bytes first (zip → .xlsx/.ods, OLE2 → .xls), the
//!   extension second (`.csv`, `.tsv`); text behind a workbook name is refused.
//! - [`decode`]: `--encoding`, BOM, strict UTF-8, UTF-16 by NUL parity,
//!   then Shift_JIS (CP932) or EUC-JP by fewest errors.
//! - [`csv`] and [`sheet`] make rows of cells; [`table`] turns them into one
//!   page per file or sheet (tab-joined rows, or evaluation-table items when
//!   a header row of known Japanese column names is found, [`columns`]).
//! - [`limits`], [`zip_guard`] and [`prescan`]: every hostile file ends in a
//!   [`ReadError`] within the time and memory budget (the archive's sizes,
//!   then what its XML declares and holds, before calamine reads it).

pub mod columns;
pub mod csv;
pub mod decode;
pub mod limits;
pub mod prescan;
pub mod sheet;
pub mod sniff;
pub mod table;
pub mod xls_prescan;
pub mod zip_guard;

use crate::text::MappedText;
use crate::{ReadError, SourceMeta};
use koryu_model::{Diagnostic, DocKind};
use limits::{MAX_DOCUMENT_TEXT_BYTES, MAX_TEXT_BYTES, MAX_WORKBOOK_BYTES};
use sheet::WorkbookKind;
use sniff::Sniffed;

/// The format a source arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A text file: one page, lines as in the file.
    Text,
    /// A CSV/TSV file: one page, one line per physical line, cells joined by
    /// `\t` (or rewritten as table items under a known header row, see
    /// [`table`]); `column` of each character is its field's 1-based index.
    Csv,
    /// A workbook: one page per sheet, one line per row, laid out like CSV;
    /// `column` is the cell's 1-based column.
    Spreadsheet,
}

/// One page of a source: the whole text of a text file, or one sheet.
#[derive(Debug, Clone)]
pub struct Page {
    /// Sheet name for spreadsheets, `None` for text.
    pub sheet: Option<String>,
    /// The decoded text, every character mapped to its original line/column
    /// (row/column for sheets).
    pub text: MappedText,
    /// Number of original lines (rows for a sheet), for coverage accounting.
    pub n_lines: u32,
    /// `blank[i]`: original line `i + 1` holds only whitespace.
    pub blank: Vec<bool>,
    /// 1-based lines the reader emptied because they broke a per-line limit
    /// ([`limits::line_over_limit`]); each has a `limit-exceeded` error and
    /// counts as unparsed, not blank.
    pub skipped: Vec<u32>,
}

/// A decoded source, ready for an extractor.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// The encoding used to decode the bytes (`UTF-8`, `Shift_JIS`, …).
    pub encoding: String,
    pub pages: Vec<Page>,
    /// Findings of the reader itself (replacement characters, limits).
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// The doc kind a source of this format is, before the extractor looks
    /// at its content (an evaluation table overrides this).
    pub fn default_doc_kind(&self) -> DocKind {
        match self.format {
            Format::Text => DocKind::WhitePaper,
            Format::Csv => DocKind::Csv,
            Format::Spreadsheet => DocKind::Spreadsheet,
        }
    }
}

/// The lines of `text`, split at `\n`: a final line break ends the last
/// line, it does not start another (so coverage counts what `wc -l` does).
pub(crate) fn lines(text: &str) -> std::str::Split<'_, char> {
    text.strip_suffix('\n').unwrap_or(text).split('\n')
}

impl Page {
    /// A page of a whole decoded text file.
    pub fn from_text(text: &str) -> Page {
        let blank: Vec<bool> = lines(text).map(|l| l.trim().is_empty()).collect();
        Page {
            sheet: None,
            text: MappedText::from_source(text),
            n_lines: u32::try_from(blank.len()).unwrap_or(u32::MAX),
            blank,
            skipped: Vec::new(),
        }
    }

    /// A page of a decoded text file without its lines that break a
    /// per-line limit: their text is cut (every other character keeps its
    /// position) and each gets a `limit-exceeded` error in `diagnostics`.
    pub fn from_text_within_limits(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Page {
        let mut page = Page::from_text(text);
        let over = limits::lines_over_limit(text);
        if over.is_empty() {
            return page;
        }
        let mut cuts = Vec::with_capacity(over.len());
        for (line, range, finding) in over {
            let excerpt = text.get(range.clone()).unwrap_or("");
            diagnostics.push(limits::skipped_line_diagnostic(&finding, line, range.start, range.end, None, excerpt));
            page.skipped.push(line);
            cuts.push(range);
        }
        page.text = page.text.without(&cuts);
        page
    }

    /// Marks `lines` as skipped by the reader (see [`Page::skipped`]): an
    /// emptied line is not blank.
    fn mark_skipped(&mut self, lines: Vec<u32>) {
        for line in &lines {
            if let Some(slot) = (*line as usize).checked_sub(1).and_then(|idx| self.blank.get_mut(idx)) {
                *slot = false;
            }
        }
        self.skipped = lines;
    }
}

/// Reads a source's bytes into a [`Document`].
///
/// # Errors
/// [`ReadError`] when the bytes are empty, binary junk, a broken or
/// oversized workbook, text past a [`limits`] limit, or cannot be decoded.
pub fn read_document(bytes: &[u8], meta: &SourceMeta) -> Result<Document, ReadError> {
    let source_file = meta.source_file.as_str();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { source_file: source_file.to_owned() });
    }
    let document = match sniff::sniff(bytes, source_file)? {
        Sniffed::Zip => {
            check_size(bytes, MAX_WORKBOOK_BYTES, "workbook-size", source_file)?;
            let kind = zip_guard::check_zip(bytes, source_file)?;
            read_sheets(bytes, kind.into(), "UTF-8", meta)?
        }
        Sniffed::Ole2 => {
            check_size(bytes, MAX_WORKBOOK_BYTES, "workbook-size", source_file)?;
            xls_prescan::check_xls(bytes, source_file)?;
            read_sheets(bytes, WorkbookKind::Xls, "BIFF8", meta)?
        }
        sniffed @ (Sniffed::Csv | Sniffed::Text) => {
            check_size(bytes, MAX_TEXT_BYTES, "text-size", source_file)?;
            let decoded = decode::decode_text(bytes, meta.encoding.as_deref(), source_file)?;
            if decoded.text.trim().is_empty() {
                return Err(ReadError::Empty { source_file: source_file.to_owned() });
            }
            let mut diagnostics = decoded.diagnostics;
            let (format, page) = if sniffed == Sniffed::Csv {
                let mut grid = csv::read_csv(&decoded.text, &sniff::extension(source_file), source_file)?;
                check_estimate(grid.estimated_text_bytes(), source_file)?;
                let skipped = skip_rows_over_limit(&mut grid, None, &mut diagnostics);
                let mut page = table::page_from_grid(&grid, None, &table::Hints::of(meta));
                page.mark_skipped(skipped);
                (Format::Csv, page)
            } else {
                (Format::Text, Page::from_text_within_limits(&decoded.text, &mut diagnostics))
            };
            Document { format, encoding: decoded.encoding.to_owned(), pages: vec![page], diagnostics }
        }
    };
    Ok(document)
}

fn read_sheets(bytes: &[u8], kind: WorkbookKind, encoding: &str, meta: &SourceMeta) -> Result<Document, ReadError> {
    let source_file = meta.source_file.as_str();
    let hints = table::Hints::of(meta);
    let sheets = sheet::read_workbook(bytes, kind, source_file)?;
    if sheets.iter().all(|(_, grid)| grid.rows.is_empty()) {
        return Err(ReadError::Empty { source_file: source_file.to_owned() });
    }
    let estimate = sheets.iter().fold(0usize, |sum, (_, grid)| sum.saturating_add(grid.estimated_text_bytes()));
    check_estimate(estimate, source_file)?;
    let mut diagnostics = Vec::new();
    let pages = sheets
        .into_iter()
        .map(|(name, mut grid)| {
            let skipped = skip_rows_over_limit(&mut grid, Some(&name), &mut diagnostics);
            let mut page = table::page_from_grid(&grid, Some(name), &hints);
            page.mark_skipped(skipped);
            page
        })
        .collect();
    Ok(Document { format: Format::Spreadsheet, encoding: encoding.to_owned(), pages, diagnostics })
}

/// Empties the rows of `grid` that break a per-line limit (their cells
/// joined by tabs, as the page will hold them), with a `limit-exceeded`
/// error each; returns their lines. A CSV's physical lines are not checked
/// before the csv crate reads them: emptying one inside a quoted field would
/// change how every later record is split.
fn skip_rows_over_limit(grid: &mut table::Grid, sheet: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> Vec<u32> {
    let mut skipped = Vec::new();
    for row in &mut grid.rows {
        let joined = row.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
        let Some(over) = limits::line_over_limit(&joined) else { continue };
        // Cells are mapped one by one, so the caret goes to the row's first
        // cell rather than to a character index across cells.
        let first_column = row.cells.first().map_or(1, |c| c.column);
        let mut diagnostic =
            limits::skipped_line_diagnostic(&over, row.line, 0, joined.len(), sheet.map(str::to_owned), &joined);
        diagnostic.column = first_column;
        diagnostic.span.column = first_column;
        diagnostic.span.byte_start = 0;
        diagnostics.push(diagnostic);
        row.cells.clear();
        skipped.push(row.line);
    }
    skipped
}

fn check_size(bytes: &[u8], max: usize, limit: &'static str, source_file: &str) -> Result<(), ReadError> {
    if bytes.len() > max {
        return Err(ReadError::Limit {
            source_file: source_file.to_owned(),
            limit,
            detail: format!("{} bytes, at most {max}", bytes.len()),
        });
    }
    Ok(())
}

fn check_estimate(estimate: usize, source_file: &str) -> Result<(), ReadError> {
    if estimate > MAX_DOCUMENT_TEXT_BYTES {
        return Err(ReadError::Limit {
            source_file: source_file.to_owned(),
            limit: "document-text",
            detail: format!("its cells make about {estimate} bytes of text, at most {MAX_DOCUMENT_TEXT_BYTES}"),
        });
    }
    Ok(())
}
