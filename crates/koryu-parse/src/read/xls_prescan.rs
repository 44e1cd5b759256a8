//! A bounded pre-scan of a legacy `.xls` (OLE2 compound file, BIFF records): the sheet dimensions, sheet count and cell layout it declares, against our limits, before calamine sees the file.
//!
//! calamine's `Xls::new` trusts the records:
//!
//! - it reserves a sheet's cells from its `DIMENSIONS` record (`rows ×
//!   columns`) without a bound, and computes the row count as
//!   `last - first + 1` in `u32`, so a crafted record (`rwMic` 5, `rwMac` 1,
//!   or `rwMac` near 2³²) makes it reserve hundreds of gigabytes;
//! - it lays each sheet's cells out densely (`Range::from_sparse`: the box
//!   from the smallest to the largest row and column of any cell), and a
//!   cell record's row and column are any `u16`, so one label moved to
//!   (65535, 65530) next to a cell at A1 makes it allocate 137 GB;
//! - it walks each sheet from the stream position its `BOUNDSHEET` record
//!   gives, wherever that is.
//!
//! A failed allocation aborts the process (`catch_unwind` cannot catch it).
//! So the `Workbook` (or BIFF5 `Book`) stream is read through the `cfb`
//! crate (bounded by the file: a stream cannot outgrow the sectors the file
//! has) and walked as calamine walks it: the globals up to their `EOF`,
//! then every sheet from its own position, nested substreams skipped, each
//! cell record's position counted into the box calamine will allocate.

use crate::read::limits::{
    MAX_WORKBOOK_BYTES, MAX_WORKBOOK_CELL_ELEMENTS, MAX_WORKBOOK_SHEETS, MAX_XLS_DENSE_CELLS, MAX_XLS_RECORDS_WALKED,
};
use crate::ReadError;
use std::io::{Cursor, Read};

/// BIFF8's grid: 65,536 rows × 256 columns.
const BIFF8_ROWS: u64 = 65_536;
const BIFF8_COLUMNS: u64 = 256;
/// The most cells one sheet may declare: real tables are a few hundred;
/// this is the size of the ODS dense-layout limit, far above any of them.
pub const MAX_XLS_DECLARED_CELLS: u64 = 5_000_000;

// The record types calamine acts on (MS-XLS 2.4).
const DIMENSIONS: u16 = 0x0200;
const BOUND_SHEET: u16 = 0x0085;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOL_ERR: u16 = 0x0205;
const STRING: u16 = 0x0207;
const RK: u16 = 0x027E;
const LABEL_SST: u16 = 0x00FD;
const MUL_RK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// Checks `bytes`, an OLE2 file, before calamine reads it: a
/// [`ReadError::Limit`] naming the record and the limit, or a
/// [`ReadError::Workbook`] when the compound file or its workbook stream
/// cannot be read at all.
pub fn check_xls(bytes: &[u8], source_file: &str) -> Result<(), ReadError> {
    let workbook_error =
        |reason: String| ReadError::Workbook { source_file: source_file.to_owned(), reason: reason.replace('\n', " ") };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| workbook_error(format!("not a readable OLE2 compound file ({e})")))?;
    let stream = ["/Workbook", "/Book"].into_iter().find(|name| file.is_stream(name));
    let Some(stream) = stream else {
        return Err(workbook_error("the compound file has no Workbook stream".to_owned()));
    };
    let mut data = Vec::new();
    file.open_stream(stream)
        .map_err(|e| workbook_error(format!("cannot open its Workbook stream ({e})")))?
        .take(MAX_WORKBOOK_BYTES as u64 + 1)
        .read_to_end(&mut data)
        .map_err(|e| workbook_error(format!("cannot read its Workbook stream ({e})")))?;
    check_records(&data, source_file)
}

/// One BIFF record: its type and data (`None` at the end of the stream or
/// at a record cut short, where calamine stops with an error too).
fn record_at(data: &[u8], at: usize) -> Option<(u16, &[u8])> {
    let header = data.get(at..at.checked_add(4)?)?;
    let typ = u16::from_le_bytes([header[0], header[1]]);
    let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
    Some((typ, data.get(at + 4..at + 4 + len)?))
}

/// Walks a workbook stream as calamine's `Xls::parse_workbook` does: the
/// globals from the start to their `EOF`, collecting each `BOUNDSHEET`'s
/// stream position, then each sheet from that position (see [`walk_sheet`]).
fn check_records(data: &[u8], source_file: &str) -> Result<(), ReadError> {
    let limit =
        |limit: &'static str, detail: String| ReadError::Limit { source_file: source_file.to_owned(), limit, detail };
    let mut at = 0usize;
    let mut index = 0u64;
    let mut sheet_positions = Vec::new();
    while let Some((typ, body)) = record_at(data, at) {
        index += 1;
        match typ {
            DIMENSIONS => check_dimensions(body, &format!("DIMENSIONS record {index}"), source_file)?,
            BOUND_SHEET => {
                if sheet_positions.len() as u64 >= MAX_WORKBOOK_SHEETS {
                    return Err(limit("sheet-count", format!("more than {MAX_WORKBOOK_SHEETS} BOUNDSHEET records")));
                }
                // calamine reads `lbPlyPos`, the sheet's BOF in the stream.
                if let Some(pos) = body.get(..4) {
                    sheet_positions.push(u32::from_le_bytes([pos[0], pos[1], pos[2], pos[3]]) as usize);
                }
            }
            // calamine's globals end at the first EOF.
            EOF => break,
            _ => {}
        }
        at += 4 + body.len();
    }
    let mut budget = SheetBudget { records: 0, cells: 0, dense: 0 };
    for (sheet, &pos) in sheet_positions.iter().enumerate() {
        walk_sheet(data, pos, sheet + 1, &mut budget, source_file)?;
    }
    Ok(())
}

/// What calamine's sheet walks have cost so far, over all sheets.
struct SheetBudget {
    /// Records walked (calamine walks each sheet from its own position, so
    /// a crafted file can send every sheet over the same records).
    records: u64,
    /// Cell values collected before they are laid out.
    cells: u64,
    /// Cells of the dense grids laid out (values and formulas).
    dense: u64,
}

/// The smallest box holding some `(row, column)` positions, as calamine's
/// `Range::from_sparse` lays its cells out.
#[derive(Default)]
struct Bounds(Option<(u64, u64, u64, u64)>);

impl Bounds {
    fn add(&mut self, row: u64, column: u64) {
        self.0 = Some(match self.0 {
            None => (row, row, column, column),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(column), c1.max(column)),
        });
    }

    /// The cells of the dense grid, in `u64` (calamine's `usize` product
    /// saturates there, and allocates it).
    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| (r1 - r0 + 1).saturating_mul(c1 - c0 + 1))
    }
}

/// Walks one sheet's records from `pos` as calamine does (nested
/// substreams skipped, the first `EOF` outside them ends it), checking its
/// `DIMENSIONS` and the grid its cells will be laid out in: calamine's
/// `Range::from_sparse` allocates rows × columns of the box around every
/// cell, and a cell's row and column are any `u16` (BIFF8's grid is not
/// checked), so two cells at A1 and (65535, 65530) made it allocate 137 GB.
fn walk_sheet(
    data: &[u8],
    pos: usize,
    sheet: usize,
    budget: &mut SheetBudget,
    source_file: &str,
) -> Result<(), ReadError> {
    let limit =
        |limit: &'static str, detail: String| ReadError::Limit { source_file: source_file.to_owned(), limit, detail };
    let u16_at = |r: &[u8], i: usize| r.get(i..i + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
    let (mut values, mut formulas) = (Bounds::default(), Bounds::default());
    let mut formula_pos = (0u64, 0u64);
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut at = pos;
    let mut index = 0u64;
    while let Some((typ, body)) = record_at(data, at) {
        at += 4 + body.len();
        index += 1;
        budget.records += 1;
        if budget.records > MAX_XLS_RECORDS_WALKED {
            return Err(limit(
                "sheet-records",
                format!(
                    "the Workbook stream's BOUNDSHEET records send the reader over more than {MAX_XLS_RECORDS_WALKED} records"
                ),
            ));
        }
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        // The cells calamine collects from this record: the first at
        // (row, first column), `n` of them along the row.
        let (mut cell, mut n) = (None, 1u64);
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                check_dimensions(
                    body,
                    &format!("sheet {sheet}'s DIMENSIONS record (record {index} of the sheet)"),
                    source_file,
                )?;
            }
            NUMBER | LABEL | RSTRING | BOOL_ERR | RK | LABEL_SST => cell = u16_at(body, 0).zip(u16_at(body, 2)),
            MUL_RK if body.len() >= 6 => {
                cell = u16_at(body, 0).zip(u16_at(body, 2));
                n = (body.len() as u64 - 6).div_ceil(6);
            }
            STRING => cell = Some(formula_pos),
            FORMULA => {
                if let Some(position) = u16_at(body, 0).zip(u16_at(body, 2)) {
                    formula_pos = position;
                    formulas.add(position.0, position.1);
                    budget.cells += 1;
                    cell = Some(position);
                }
            }
            _ => {}
        }
        if let Some((row, column)) = cell.filter(|_| n > 0) {
            values.add(row, column);
            values.add(row, column + n - 1);
            budget.cells = budget.cells.saturating_add(n);
            if budget.cells > MAX_WORKBOOK_CELL_ELEMENTS {
                return Err(limit(
                    "sheet-cells",
                    format!("the Workbook stream's sheets hold more than {MAX_WORKBOOK_CELL_ELEMENTS} cell records"),
                ));
            }
        }
    }
    budget.dense = budget.dense.saturating_add(values.cells()).saturating_add(formulas.cells());
    if budget.dense > MAX_XLS_DENSE_CELLS {
        let (r0, r1, c0, c1) = values.0.or(formulas.0).unwrap_or_default();
        return Err(limit(
            "sheet-cells",
            format!(
                "sheet {sheet} of the Workbook stream has cells from row {r0} to {r1} and column {c0} to {c1}, \
                 {} cells laid out with the sheets before it; at most {MAX_XLS_DENSE_CELLS}",
                budget.dense
            ),
        ));
    }
    Ok(())
}

/// Refuses a `DIMENSIONS` record (`what`: which one) whose reservation
/// passes BIFF8's grid or [`MAX_XLS_DECLARED_CELLS`].
fn check_dimensions(body: &[u8], what: &str, source_file: &str) -> Result<(), ReadError> {
    let Some((rows, columns)) = declared_size(body) else { return Ok(()) };
    if rows > BIFF8_ROWS || columns > BIFF8_COLUMNS || rows * columns > MAX_XLS_DECLARED_CELLS {
        return Err(ReadError::Limit {
            source_file: source_file.to_owned(),
            limit: "sheet-size",
            detail: format!(
                "{what} declares {rows} rows × {columns} columns; \
                 at most {BIFF8_ROWS} × {BIFF8_COLUMNS} and {MAX_XLS_DECLARED_CELLS} cells"
            ),
        });
    }
    Ok(())
}

/// The rows × columns calamine will reserve for a `DIMENSIONS` record,
/// computed as calamine computes them (its `parse_dimensions` and the
/// `end - start + 1` after it), in `u64` so that what wraps in calamine's
/// `u32` shows here as the huge number it becomes. `None` for a record
/// calamine refuses (a length other than 10, 14 or 16).
fn declared_size(r: &[u8]) -> Option<(u64, u64)> {
    let u16_at = |i: usize| r.get(i..i + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
    let u32_at = |i: usize| r.get(i..i + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
    let (first_row, last_row, mut first_col, last_col) = match r.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    let (end_row, end_col) =
        if last_row >= 1 && last_col >= 1 { (last_row - 1, last_col - 1) } else { (first_row, first_col) };
    // calamine: `(end.0 - start.0 + 1) as usize` in u32, wrapping in a
    // release build.
    let rows = (end_row.wrapping_sub(first_row) & 0xFFFF_FFFF) + 1;
    let columns = (end_col.wrapping_sub(first_col) & 0xFFFF_FFFF) + 1;
    Some((rows, columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend_from_slice(&DIMENSIONS.to_le_bytes());
        r.extend_from_slice(&14u16.to_le_bytes());
        r.extend_from_slice(&first_row.to_le_bytes());
        r.extend_from_slice(&last_row.to_le_bytes());
        r.extend_from_slice(&first_col.to_le_bytes());
        r.extend_from_slice(&last_col.to_le_bytes());
        r.extend_from_slice(&0u16.to_le_bytes());
        r
    }

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let len = u16::try_from(body.len()).unwrap();
        [&typ.to_le_bytes()[..], &len.to_le_bytes(), body].concat()
    }

    /// A cell record of `typ` at `(row, col)`, the rest of its data zero.
    fn cell(typ: u16, row: u16, col: u16, len: usize) -> Vec<u8> {
        let mut body = vec![0u8; len];
        body[..2].copy_from_slice(&row.to_le_bytes());
        body[2..4].copy_from_slice(&col.to_le_bytes());
        record(typ, &body)
    }

    /// A workbook stream: globals (BOF, a BOUNDSHEET per position, EOF),
    /// then `sheets` (each its records between BOF and EOF). `positions`
    /// picks the sheet each BOUNDSHEET points at.
    fn workbook(sheets: &[Vec<u8>], positions: &[usize]) -> Vec<u8> {
        let bof = record(BOF, &[0u8; 16]);
        let globals_len = bof.len() + positions.len() * (4 + 8) + 4;
        let mut starts = Vec::new();
        let mut at = globals_len;
        let mut bodies = Vec::new();
        for sheet in sheets {
            starts.push(at);
            let sheet = [bof.clone(), sheet.clone(), record(EOF, &[])].concat();
            at += sheet.len();
            bodies.extend(sheet);
        }
        let mut out = bof.clone();
        for &idx in positions {
            let mut body = vec![0u8; 8];
            body[..4].copy_from_slice(&u32::try_from(starts[idx]).unwrap().to_le_bytes());
            out.extend(record(BOUND_SHEET, &body));
        }
        out.extend(record(EOF, &[]));
        assert_eq!(out.len(), globals_len);
        out.extend(bodies);
        out
    }

    #[test]
    fn cells_far_apart_are_refused_by_the_box_calamine_lays_out() {
        let near = [cell(LABEL_SST, 0, 0, 10), cell(NUMBER, 6, 5, 14)].concat();
        assert!(check_records(&workbook(&[near], &[0]), "t.xls").is_ok());
        // The fuzz finding: a label moved to (65535, 65530), a cell at A1.
        let far = [cell(LABEL_SST, 0, 0, 10), cell(LABEL_SST, 0xFFFF, 0xFFFA, 10)].concat();
        let err = check_records(&workbook(&[far], &[0]), "t.xls").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.xls exceeds the sheet-cells limit (sheet 1 of the Workbook stream has cells from row 0 to 65535 \
             and column 0 to 65530, 4294639616 cells laid out with the sheets before it; at most 5000000)"
        );
    }

    #[test]
    fn every_cell_record_and_multiple_rk_spans_count() {
        // A MULRK of 100 values from A1, and a number 60,000 rows down:
        // 60,001 × 100 cells.
        let mut mul_rk = vec![0u8; 6 + 6 * 100];
        let last = mul_rk.len() - 2;
        mul_rk[last..].copy_from_slice(&99u16.to_le_bytes());
        let sheet = [record(MUL_RK, &mul_rk), cell(RK, 60_000, 0, 10)].concat();
        let err = check_records(&workbook(&[sheet], &[0]), "t.xls").unwrap_err().to_string();
        assert!(err.contains("from row 0 to 60000 and column 0 to 99, 6000100 cells"), "{err}");
        for (typ, len) in [(NUMBER, 14), (LABEL, 8), (RSTRING, 8), (BOOL_ERR, 8), (RK, 10), (FORMULA, 20)] {
            let sheet = [cell(typ, 0, 0, len), cell(typ, 19_999, 255, len)].concat();
            let err = check_records(&workbook(&[sheet], &[0]), "t.xls").unwrap_err().to_string();
            assert!(err.contains("sheet-cells limit"), "{typ:#x}: {err}");
        }
    }

    #[test]
    fn sheets_sharing_records_are_walked_each_time() {
        // 2,000 × 2,000 cells per walk: one walk passes, two (both
        // BOUNDSHEET records at the same sheet) exceed the total.
        let sheet = [cell(NUMBER, 0, 0, 14), cell(NUMBER, 1_999, 1_999, 14)].concat();
        assert!(check_records(&workbook(std::slice::from_ref(&sheet), &[0]), "t.xls").is_ok());
        let err = check_records(&workbook(&[sheet], &[0, 0]), "t.xls").unwrap_err().to_string();
        assert!(err.contains("sheet 2 of the Workbook stream") && err.contains(" 8000000 cells"), "{err}");
    }

    #[test]
    fn nested_substreams_are_skipped_as_calamine_skips_them() {
        // An embedded chart's records (between its own BOF and EOF) are not
        // the sheet's cells.
        let chart = [record(BOF, &[0u8; 16]), cell(NUMBER, 65_535, 65_535, 14), record(EOF, &[])].concat();
        let sheet = [cell(NUMBER, 0, 0, 14), chart, cell(NUMBER, 2, 2, 14)].concat();
        assert!(check_records(&workbook(&[sheet], &[0]), "t.xls").is_ok());
    }

    #[test]
    fn a_wrapping_dimension_inside_a_sheet_names_the_sheet() {
        let err = check_records(&workbook(&[dimensions(5, 1, 0, 2)], &[0]), "t.xls").unwrap_err().to_string();
        assert!(
            err.contains("sheet-size limit (sheet 1's DIMENSIONS record (record 2 of the sheet) declares"),
            "{err}"
        );
    }

    #[test]
    fn a_real_dimension_passes() {
        assert_eq!(declared_size(&dimensions(0, 2, 0, 4)[4..]), Some((2, 4)));
        assert!(check_records(&dimensions(0, 200, 0, 6), "t.xls").is_ok());
    }

    #[test]
    fn rows_that_wrap_or_overflow_are_refused() {
        // first row after the last: calamine's u32 subtraction wraps.
        let err = check_records(&dimensions(5, 1, 0, 2), "t.xls").unwrap_err().to_string();
        assert!(err.contains("sheet-size limit") && err.contains("DIMENSIONS record 1"), "{err}");
        let err = check_records(&dimensions(0, 0xFFFF_FFF0, 0, 0xFFFF), "t.xls").unwrap_err().to_string();
        assert!(err.contains("sheet-size limit"), "{err}");
    }

    #[test]
    fn a_cut_record_ends_the_walk() {
        let mut data = dimensions(0, 2, 0, 4);
        data.extend_from_slice(&[0x00, 0x02, 0x0E]);
        assert!(check_records(&data, "t.xls").is_ok());
    }

    #[test]
    fn not_a_compound_file_is_a_workbook_error() {
        let err = check_xls(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really", "t.xls").unwrap_err().to_string();
        assert!(err.starts_with("cannot read workbook t.xls"), "{err}");
    }
}
