//! A bounded pre-scan of a workbook's XML parts: what they declare and hold (shared strings, sheets, dimensions, rows, cells, ODS repeats) against our limits, before calamine sees the file.
//!
//! calamine believes what the XML says. `uniqueCount="4294967295"` in
//! `sharedStrings.xml` makes it reserve that many strings up front (an
//! allocation failure is an abort, which `catch_unwind` cannot catch);
//! an ODS cell repeated over thousands of columns and rows is laid out
//! densely, its text cloned into every copy; `<text:s text:c="1000000000"/>`
//! writes a billion spaces; and its ODS table reader loops for ever on a
//! `content.xml` that ends inside a table (the loop waits for
//! `</table:table>` and ignores the end of the input). So every zip entry is
//! streamed once through quick-xml (the same version and settings calamine
//! uses) while it is inflated, and counted:
//!
//! - any part: `<sst uniqueCount count>` and its `<si>` items against
//!   [`MAX_SHARED_STRINGS`]; `<sheet>` entries against
//!   [`MAX_WORKBOOK_SHEETS`]; `<dimension ref>`, `<row r>` and `<c r>`
//!   inside Excel's grid; `<row>` per part against [`MAX_SHEET_ROWS`];
//!   `<c>` elements of the workbook against [`MAX_WORKBOOK_CELL_ELEMENTS`].
//!   Elements are matched by local name, as calamine matches them, and in
//!   every part, because calamine finds its parts through relationships a
//!   crafted file can point anywhere.
//! - `content.xml` (ODS): well-formed with matching end tags and nothing
//!   left open at its end; no table inside a table; tables against
//!   [`MAX_WORKBOOK_SHEETS`]; the dense layout calamine would build (rows up
//!   to the last non-empty one × the widest row, repeats included) against
//!   [`MAX_ODS_DENSE_CELLS`], and the text those repeated cells clone
//!   against [`MAX_DOCUMENT_TEXT_BYTES`].
//!
//! Numbers are read saturating and, for a repeated attribute, the largest
//! occurrence counts: the scan may overestimate a crafted file, never
//! underestimate it. A part that is not XML at all (a thumbnail) ends its
//! scan at the first XML error, exactly where calamine would fail on it too.

use crate::read::limits::{
    MAX_DOCUMENT_TEXT_BYTES, MAX_ODS_DENSE_CELLS, MAX_SHARED_STRINGS, MAX_WORKBOOK_CELL_ELEMENTS, MAX_WORKBOOK_SHEETS,
};
use crate::read::sheet::{MAX_SHEET_COLUMNS, MAX_SHEET_ROWS};
use crate::ReadError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::BufRead;

/// Counts over the whole archive, fed one part at a time.
#[derive(Debug)]
pub struct Prescan<'a> {
    source_file: &'a str,
    /// `<c>` elements in all parts.
    cell_elements: u64,
    /// `<sheet>` entries of the workbook part.
    sheets: u64,
}

/// What one ODS table has laid out so far (see [`Prescan::scan_content`]).
#[derive(Debug, Default)]
struct OdsTable {
    /// Rows up to the last non-empty one, repeats included.
    rows_used: u64,
    /// Empty rows since the last non-empty one (they count only if a
    /// non-empty row follows, as calamine trims the rest).
    pending_rows: u64,
    /// Widest row up to its last non-empty cell.
    max_width: u64,
    /// Text bytes the repeated cells clone.
    text: u64,
}

/// The row and cell being read in an ODS table.
#[derive(Debug, Default)]
struct OdsRow {
    repeat: u64,
    width: u64,
    last_nonempty: u64,
    text: u64,
    /// The open cell: its column repeat, whether calamine finds a value in
    /// it, and its text bytes so far (attributes and content).
    cell: Option<(u64, bool, u64)>,
}

impl<'a> Prescan<'a> {
    pub fn new(source_file: &'a str) -> Prescan<'a> {
        Prescan { source_file, cell_elements: 0, sheets: 0 }
    }

    fn limit(&self, limit: &'static str, detail: String) -> ReadError {
        ReadError::Limit { source_file: self.source_file.to_owned(), limit, detail }
    }

    fn damaged(&self, part: &str, reason: &str) -> ReadError {
        ReadError::Workbook { source_file: self.source_file.to_owned(), reason: format!("{part} {reason}") }
    }

    /// Scans the zip entry `part` as calamine would read it.
    ///
    /// # Errors
    /// [`ReadError::Limit`] naming the part and the limit it passes,
    /// [`ReadError::Workbook`] for an ODS `content.xml` that is not
    /// well-formed or ends inside an element.
    pub fn scan_part(&mut self, part: &str, input: impl BufRead) -> Result<(), ReadError> {
        if part == "content.xml" {
            self.scan_content(part, input)
        } else {
            self.scan_xlsx_part(part, input)
        }
    }

    /// The SpreadsheetML checks (module doc, first list item).
    fn scan_xlsx_part(&mut self, part: &str, input: impl BufRead) -> Result<(), ReadError> {
        let mut reader = calamine_reader(input);
        reader.config_mut().check_end_names = false;
        let mut buf = Vec::with_capacity(1024);
        let (mut rows, mut strings) = (0u64, 0u64);
        loop {
            buf.clear();
            let start = match reader.read_event_into(&mut buf) {
                Ok(Event::Start(start)) => start,
                // Not XML (or damaged XML): calamine stops at the same error.
                Ok(Event::Eof) | Err(_) => return Ok(()),
                Ok(_) => continue,
            };
            let raw = start.attributes_raw().as_bytes();
            match start.local_name().as_ref() {
                "sst" => {
                    for attr in ["uniqueCount", "count"] {
                        let declared = attr_number(raw, attr.as_bytes()).unwrap_or(0);
                        if declared > MAX_SHARED_STRINGS {
                            return Err(self.limit(
                                "shared-strings",
                                format!("{part} declares {attr}=\"{declared}\", at most {MAX_SHARED_STRINGS}"),
                            ));
                        }
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_SHARED_STRINGS {
                        return Err(self
                            .limit("shared-strings", format!("{part} holds more than {MAX_SHARED_STRINGS} strings")));
                    }
                }
                "sheet" => {
                    self.sheets += 1;
                    if self.sheets > MAX_WORKBOOK_SHEETS {
                        return Err(
                            self.limit("sheet-count", format!("{part} lists more than {MAX_WORKBOOK_SHEETS} sheets"))
                        );
                    }
                }
                "dimension" => {
                    let reference = attr_text(raw, b"ref").unwrap_or_default();
                    for corner in reference.split(|b| *b == b':') {
                        self.check_reference(part, "dimension", corner)?;
                    }
                }
                "row" => {
                    rows += 1;
                    if rows > u64::from(MAX_SHEET_ROWS) {
                        return Err(self.limit("sheet-size", format!("{part} has more than {MAX_SHEET_ROWS} rows")));
                    }
                    if let Some(row) = attr_number(raw, b"r") {
                        if row > u64::from(MAX_SHEET_ROWS) {
                            return Err(self.limit(
                                "sheet-size",
                                format!("{part} has a row {row}, past Excel's {MAX_SHEET_ROWS} rows"),
                            ));
                        }
                    }
                }
                "c" => {
                    self.cell_elements += 1;
                    if self.cell_elements > MAX_WORKBOOK_CELL_ELEMENTS {
                        return Err(self.limit(
                            "sheet-cells",
                            format!("{part} brings the workbook past {MAX_WORKBOOK_CELL_ELEMENTS} cells"),
                        ));
                    }
                    if let Some(reference) = attr_text(raw, b"r") {
                        self.check_reference(part, "cell", reference)?;
                    }
                }
                _ => {}
            }
        }
    }

    /// An `A1` reference must lie inside Excel's grid; one that does not
    /// parse is left to calamine, which refuses it.
    fn check_reference(&self, part: &str, what: &str, reference: &[u8]) -> Result<(), ReadError> {
        let Some((row, column)) = parse_a1(reference) else { return Ok(()) };
        if row > u64::from(MAX_SHEET_ROWS) || column > u64::from(MAX_SHEET_COLUMNS) {
            return Err(self.limit(
                "sheet-size",
                format!(
                    "{part} has a {what} reference {} outside Excel's {MAX_SHEET_ROWS} rows and {MAX_SHEET_COLUMNS} columns",
                    String::from_utf8_lossy(reference.get(..reference.len().min(40)).unwrap_or_default())
                ),
            ));
        }
        Ok(())
    }

    /// The ODS checks (module doc, second list item).
    fn scan_content(&mut self, part: &str, input: impl BufRead) -> Result<(), ReadError> {
        let mut reader = calamine_reader(input);
        // Matching end tags: calamine's loops wait for their own end tag, so
        // a mismatched one would hide it from them.
        reader.config_mut().check_end_names = true;
        let mut buf = Vec::with_capacity(1024);
        let mut depth = 0usize;
        let mut table: Option<OdsTable> = None;
        let mut row = OdsRow::default();
        let (mut tables, mut dense, mut text) = (0u64, 0u64, 0u64);
        loop {
            buf.clear();
            let event = match reader.read_event_into(&mut buf) {
                Ok(event) => event,
                Err(quick_xml::Error::Io(err)) => {
                    let err = one_line(&err.to_string());
                    return Err(self.damaged(part, &format!("cannot be inflated ({err})")));
                }
                Err(err) => {
                    let at = reader.error_position();
                    let err = one_line(&err.to_string());
                    return Err(self.damaged(part, &format!("is not well-formed XML at byte {at} ({err})")));
                }
            };
            match event {
                Event::Start(start) => {
                    depth += 1;
                    self.ods_start(part, &start, &mut table, &mut row, &mut tables)?;
                }
                Event::Empty(_) => {
                    // expand_empty_elements is on: never reached.
                }
                Event::End(end) => {
                    depth = depth.saturating_sub(1);
                    match end.name().as_ref() {
                        "table:table-cell" | "table:covered-table-cell" => finish_cell(&mut row),
                        "table:table-row" => {
                            if let Some(table) = table.as_mut() {
                                finish_row(table, &row);
                            }
                            row = OdsRow::default();
                        }
                        "table:table" => {
                            if let Some(done) = table.take() {
                                dense = dense.saturating_add(done.rows_used.saturating_mul(done.max_width));
                                text = text.saturating_add(done.text);
                            }
                        }
                        _ => {}
                    }
                    if dense > MAX_ODS_DENSE_CELLS {
                        return Err(self.limit(
                            "sheet-cells",
                            format!(
                                "{part}: its sheets repeat cells into {dense} cells, at most {MAX_ODS_DENSE_CELLS}"
                            ),
                        ));
                    }
                    if text > MAX_DOCUMENT_TEXT_BYTES as u64 {
                        return Err(self.limit(
                            "document-text",
                            format!(
                                "{part}: its repeated cells make {text} bytes of text, at most {MAX_DOCUMENT_TEXT_BYTES}"
                            ),
                        ));
                    }
                }
                Event::Text(chunk) => add_text(&mut row, chunk.len() as u64),
                Event::CData(chunk) => add_text(&mut row, chunk.len() as u64),
                Event::GeneralRef(chunk) => add_text(&mut row, chunk.len() as u64 + 2),
                Event::Eof => break,
                _ => {}
            }
        }
        if depth > 0 {
            return Err(self.damaged(part, "ends inside an element (the file is truncated)"));
        }
        Ok(())
    }

    fn ods_start(
        &self,
        part: &str,
        start: &BytesStart<'_>,
        table: &mut Option<OdsTable>,
        row: &mut OdsRow,
        tables: &mut u64,
    ) -> Result<(), ReadError> {
        let raw = start.attributes_raw().as_bytes();
        match start.name().as_ref() {
            "table:table" => {
                if table.is_some() {
                    return Err(self.damaged(part, "has a table inside a table, which no spreadsheet writes"));
                }
                *tables += 1;
                if *tables > MAX_WORKBOOK_SHEETS {
                    return Err(self.limit("sheet-count", format!("{part} has more than {MAX_WORKBOOK_SHEETS} tables")));
                }
                *table = Some(OdsTable::default());
            }
            "table:table-row" => {
                *row = OdsRow {
                    repeat: attr_number(raw, b"table:number-rows-repeated").unwrap_or(1),
                    ..OdsRow::default()
                };
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeat = attr_number(raw, b"table:number-columns-repeated").unwrap_or(1);
                // calamine takes a value from these attributes (`office:value`
                // also finds `office:value-type`) and clones it, attribute
                // text included, into every repeat; styled empty cells have
                // none of them and stay empty.
                let valued = [
                    &b"office:value"[..],
                    b"office:string-value",
                    b"office:date-value",
                    b"office:time-value",
                    b"office:boolean-value",
                    b"table:formula",
                    b"calcext:value-type",
                ]
                .iter()
                .any(|name| find(raw, name).is_some());
                row.cell = Some((repeat, valued, raw.len() as u64));
            }
            "text:s" => add_text(row, attr_number(raw, b"text:c").unwrap_or(1)),
            "text:tab" | "text:line-break" | "text:p" => add_text(row, 1),
            _ => {}
        }
        Ok(())
    }
}

/// Longest piece of a third-party error message we quote, in characters.
pub const MAX_QUOTED_CHARS: usize = 160;

/// `text` (an error that may quote the file) as one short line: control
/// characters escaped, cut after [`MAX_QUOTED_CHARS`] characters, so a
/// crafted tag name cannot spread the message over lines or megabytes.
pub fn one_line(text: &str) -> String {
    let mut out = String::new();
    for (idx, ch) in text.chars().enumerate() {
        if idx == MAX_QUOTED_CHARS {
            out.push('…');
            break;
        }
        if ch.is_control() {
            out.extend(ch.escape_default());
        } else {
            out.push(ch);
        }
    }
    out
}

/// A quick-xml reader set up as calamine sets up its own.
fn calamine_reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// Text inside the open cell (text outside cells is nobody's value).
fn add_text(row: &mut OdsRow, bytes: u64) {
    if let Some((_, _, text)) = row.cell.as_mut() {
        *text = text.saturating_add(bytes);
    }
}

fn finish_cell(row: &mut OdsRow) {
    let Some((repeat, valued, text)) = row.cell.take() else { return };
    row.width = row.width.saturating_add(repeat);
    if valued {
        row.last_nonempty = row.width;
        row.text = row.text.saturating_add(text.saturating_mul(repeat));
    }
}

fn finish_row(table: &mut OdsTable, row: &OdsRow) {
    if row.last_nonempty > 0 {
        table.rows_used = table.rows_used.saturating_add(table.pending_rows).saturating_add(row.repeat);
        table.pending_rows = 0;
        table.max_width = table.max_width.max(row.last_nonempty);
        table.text = table.text.saturating_add(row.text.saturating_mul(row.repeat));
    } else {
        table.pending_rows = table.pending_rows.saturating_add(row.repeat);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The values of every `name="…"` (or `name = '…'`) in a tag's raw
/// attributes. A substring search, so it also sees a name that a stricter
/// parser would reject.
fn attr_values<'t>(raw: &'t [u8], name: &'t [u8]) -> impl Iterator<Item = &'t [u8]> + 't {
    let mut pos = 0usize;
    std::iter::from_fn(move || loop {
        let rest = raw.get(pos..)?;
        let at = find(rest, name)?;
        pos += at + name.len().max(1);
        // The name must start the attribute, not end another one (`r` in `attr`).
        let before = pos.checked_sub(name.len() + 1).and_then(|i| raw.get(i)).copied();
        if before.is_some_and(|b| !b.is_ascii_whitespace()) {
            continue;
        }
        let tail = raw.get(pos..)?;
        let tail = trim_start(tail);
        let Some(tail) = tail.strip_prefix(b"=") else { continue };
        let tail = trim_start(tail);
        let Some((&quote, value)) = tail.split_first() else { continue };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let end = value.iter().position(|b| *b == quote).unwrap_or(value.len());
        return value.get(..end);
    })
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(skip..).unwrap_or_default()
}

/// The first value of attribute `name`.
fn attr_text<'t>(raw: &'t [u8], name: &'t [u8]) -> Option<&'t [u8]> {
    attr_values(raw, name).next()
}

/// The largest number among the values of attribute `name`: its leading
/// digits after blanks and a sign, saturating at `u64::MAX`.
fn attr_number(raw: &[u8], name: &[u8]) -> Option<u64> {
    attr_values(raw, name).filter_map(leading_number).max()
}

fn leading_number(value: &[u8]) -> Option<u64> {
    let value = trim_start(value);
    let value = value.strip_prefix(b"+").unwrap_or(value);
    let digits: Vec<u8> = value.iter().take_while(|b| b.is_ascii_digit()).copied().collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0'))))
}

/// `(row, column)`, both 1-based, of an `A1` reference (`$` allowed),
/// saturating; `None` if it is not one.
fn parse_a1(reference: &[u8]) -> Option<(u64, u64)> {
    let reference: Vec<u8> = reference.iter().copied().filter(|b| *b != b'$').collect();
    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column, row) = reference.split_at_checked(letters)?;
    if column.is_empty() || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = column
        .iter()
        .fold(0u64, |n, b| n.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1));
    Some((leading_number(row)?, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(part: &str, xml: &str) -> Result<(), String> {
        Prescan::new("t.xlsx").scan_part(part, xml.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn quoted_errors_stay_one_short_line() {
        assert_eq!(one_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(one_line(&"x".repeat(500)).chars().count(), MAX_QUOTED_CHARS + 1);
    }

    #[test]
    fn attributes_are_read_conservatively() {
        assert_eq!(attr_number(br#"a="1" table:x = '0042' table:x="7""#, b"table:x"), Some(42));
        assert_eq!(attr_number(br#"uniqueCount="+4294967295""#, b"uniqueCount"), Some(4_294_967_295));
        assert_eq!(attr_number(br#"xr="5" r="9""#, b"r"), Some(9));
        assert_eq!(attr_number(br#"n="99999999999999999999999""#, b"n"), Some(u64::MAX));
        assert_eq!(parse_a1(b"$XFD$1048576"), Some((1_048_576, 16_384)));
        assert_eq!(parse_a1(b"A0x"), None);
    }

    #[test]
    fn declared_shared_strings_are_checked() {
        let err = scan("xl/sharedStrings.xml", r#"<sst count="2" uniqueCount="4294967295"><si><t>a</t></si></sst>"#)
            .unwrap_err();
        assert_eq!(err, "t.xlsx exceeds the shared-strings limit (xl/sharedStrings.xml declares uniqueCount=\"4294967295\", at most 1000000)");
        assert!(scan("xl/sharedStrings.xml", r#"<sst count="2" uniqueCount="1"><si><t>a</t></si></sst>"#).is_ok());
    }

    #[test]
    fn references_outside_the_grid_are_refused() {
        let err = scan("xl/worksheets/sheet1.xml", r#"<worksheet><dimension ref="A1:XFE1"/></worksheet>"#).unwrap_err();
        assert!(
            err.contains("sheet-size limit (xl/worksheets/sheet1.xml has a dimension reference XFE1 outside"),
            "{err}"
        );
        assert!(scan("xl/worksheets/sheet1.xml", r#"<worksheet><dimension ref="A1:XFD1048576"/></worksheet>"#).is_ok());
        let err = scan("s.xml", r#"<sheetData><row r="1"><c r="A1048577"/></row></sheetData>"#).unwrap_err();
        assert!(err.contains("cell reference A1048577"), "{err}");
    }

    #[test]
    fn ods_repeats_and_text_are_counted() {
        let normal = r#"<table:table><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        assert!(scan("content.xml", normal).is_ok());
        let bomb = r#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(
            scan("content.xml", bomb).unwrap_err(),
            "t.xlsx exceeds the sheet-cells limit (content.xml: its sheets repeat cells into 1000000000 cells, at most 5000000)"
        );
        let spaces = r#"<table:table><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(scan("content.xml", spaces).unwrap_err().contains("document-text limit"));
        let wide_text = format!(
            r#"<table:table><table:table-row table:number-rows-repeated="100"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row></table:table>"#,
            "x".repeat(100)
        );
        assert!(scan("content.xml", &wide_text).unwrap_err().contains("document-text limit"));
    }

    #[test]
    fn ods_truncated_or_mismatched_tables_are_refused() {
        let err = scan("content.xml", "<a><table:table><table:table-row></table:table-row>").unwrap_err();
        assert_eq!(err, "cannot read workbook t.xlsx: content.xml ends inside an element (the file is truncated)");
        let err = scan("content.xml", "<a><table:table></table:tablex></a>").unwrap_err();
        assert!(err.starts_with("cannot read workbook t.xlsx: content.xml is not well-formed XML at byte"), "{err}");
        let err = scan("content.xml", "<a><table:table><table:table></table:table></table:table></a>").unwrap_err();
        assert!(err.contains("a table inside a table"), "{err}");
    }
}
