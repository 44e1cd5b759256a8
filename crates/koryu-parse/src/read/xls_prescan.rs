//! A bounded pre-scan of a legacy `.xls` (OLE2 compound file, BIFF records): the sheet dimensions and sheet count it declares, against our limits, before calamine sees the file.
//!
//! calamine's `Xls::new` reserves a sheet's cells from its `DIMENSIONS`
//! record (`rows × columns`) without a bound, and computes the row count as
//! `last - first + 1` in `u32`, so a crafted record (`rwMic` 5, `rwMac` 1,
//! or `rwMac` near 2³²) makes it reserve hundreds of gigabytes: an
//! allocation failure, which aborts the process (`catch_unwind` cannot
//! catch it). So the `Workbook` (or BIFF5 `Book`) stream is read through
//! the `cfb` crate (bounded by the file: a stream cannot outgrow the sectors
//! the file has) and every record is walked once, as calamine walks them.

use crate::read::limits::{MAX_WORKBOOK_BYTES, MAX_WORKBOOK_SHEETS};
use crate::ReadError;
use std::io::{Cursor, Read};

/// BIFF8's grid: 65,536 rows × 256 columns.
const BIFF8_ROWS: u64 = 65_536;
const BIFF8_COLUMNS: u64 = 256;
/// The most cells one sheet may declare: real tables are a few hundred;
/// this is the size of the ODS dense-layout limit, far above any of them.
pub const MAX_XLS_DECLARED_CELLS: u64 = 5_000_000;

const DIMENSIONS: u16 = 0x0200;
const BOUND_SHEET: u16 = 0x0085;

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

/// Walks the BIFF records of a workbook stream: a 2-byte type, a 2-byte
/// length, then the data. A record cut short ends the walk (calamine
/// reports it).
fn check_records(data: &[u8], source_file: &str) -> Result<(), ReadError> {
    let limit =
        |limit: &'static str, detail: String| ReadError::Limit { source_file: source_file.to_owned(), limit, detail };
    let mut at = 0usize;
    let mut sheets = 0u64;
    let mut index = 0u64;
    while let Some(header) = data.get(at..at + 4) {
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let Some(body) = data.get(at + 4..at + 4 + len) else { break };
        index += 1;
        match typ {
            DIMENSIONS => {
                if let Some((rows, columns)) = declared_size(body) {
                    if rows > BIFF8_ROWS || columns > BIFF8_COLUMNS || rows * columns > MAX_XLS_DECLARED_CELLS {
                        return Err(limit(
                            "sheet-size",
                            format!(
                                "DIMENSIONS record {index} declares {rows} rows × {columns} columns; \
                                 at most {BIFF8_ROWS} × {BIFF8_COLUMNS} and {MAX_XLS_DECLARED_CELLS} cells"
                            ),
                        ));
                    }
                }
            }
            BOUND_SHEET => {
                sheets += 1;
                if sheets > MAX_WORKBOOK_SHEETS {
                    return Err(limit("sheet-count", format!("more than {MAX_WORKBOOK_SHEETS} BOUNDSHEET records")));
                }
            }
            _ => {}
        }
        at += 4 + len;
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
