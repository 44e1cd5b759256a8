//! Checks a workbook's zip archive before calamine opens it: entry count, declared and actually inflated sizes.
//!
//! calamine trusts the archive. A zip bomb (a few KB that inflate to
//! gigabytes), an entry that lies about its size, or an ODS sheet that
//! repeats one cell a billion times would take the process past its memory
//! budget inside calamine, where no limit of ours applies. So each entry is
//! first checked by its declared size and ratio, then really inflated
//! (to nowhere) through `take(limit + 1)`, so a lying header is caught after
//! at most `limit + 1` bytes. The cost is inflating the archive twice, a few
//! milliseconds for a real workbook.

use crate::read::limits::{
    MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, ZIP_RATIO_MIN_BYTES,
};
use crate::ReadError;
use std::io::{Cursor, Read};

/// Which workbook a zip archive holds, told by its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipWorkbook {
    /// `xl/workbook.xml`: .xlsx or .xlsm.
    Xlsx,
    /// `content.xml` with an OpenDocument spreadsheet mimetype: .ods.
    Ods,
}

/// Most cells calamine may lay out densely for one ODS document. calamine
/// expands `number-rows-repeated` × `number-columns-repeated` of non-empty
/// cells into a dense grid of 32-byte values; 5,000,000 of them are 160 MB.
pub const MAX_ODS_DENSE_CELLS: u64 = 5_000_000;

/// Checks the archive in `bytes` and tells which workbook it holds.
///
/// # Errors
/// [`ReadError::BrokenZip`] for a truncated or damaged archive,
/// [`ReadError::Limit`] for a zip bomb, [`ReadError::Workbook`] for a zip
/// that is no spreadsheet (a .docx, a plain archive).
pub fn check_zip(bytes: &[u8], source_file: &str) -> Result<ZipWorkbook, ReadError> {
    let broken = |err: &dyn std::fmt::Display| ReadError::BrokenZip {
        source_file: source_file.to_owned(),
        reason: err.to_string(),
    };
    let limit =
        |limit: &'static str, detail: String| ReadError::Limit { source_file: source_file.to_owned(), limit, detail };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(limit("zip-entries", format!("{} entries, at most {MAX_ZIP_ENTRIES}", archive.len())));
    }
    let mut names = Vec::with_capacity(archive.len());
    let mut declared_total = 0u64;
    let mut inflated_total = 0u64;
    let mut ods_content: Option<Vec<u8>> = None;
    let mut mimetype = Vec::new();
    for idx in 0..archive.len() {
        let mut entry = archive.by_index(idx).map_err(|e| broken(&e))?;
        let name = entry.name().map_err(|e| broken(&e))?.into_owned();
        let declared = entry.size();
        declared_total = declared_total.saturating_add(declared);
        if declared > MAX_ZIP_ENTRY_BYTES || declared_total > MAX_ZIP_TOTAL_BYTES {
            return Err(limit(
                "inflated-size",
                format!("entry {name} declares {declared} bytes, {declared_total} in all; at most {MAX_ZIP_ENTRY_BYTES} per entry and {MAX_ZIP_TOTAL_BYTES} in all"),
            ));
        }
        if declared > ZIP_RATIO_MIN_BYTES && declared / entry.compressed_size().max(1) > MAX_ZIP_RATIO {
            return Err(limit(
                "compression-ratio",
                format!(
                    "entry {name} inflates {} times, at most {MAX_ZIP_RATIO}",
                    declared / entry.compressed_size().max(1)
                ),
            ));
        }
        // Inflate for real: a header may lie. Keep content.xml and mimetype
        // (both bounded by the same take) for the ODS checks.
        let keep = name == "content.xml" || name == "mimetype";
        let mut kept = Vec::new();
        let mut limited = (&mut entry).take(MAX_ZIP_ENTRY_BYTES + 1);
        let inflated = if keep {
            limited.read_to_end(&mut kept).map_err(|e| broken(&e))? as u64
        } else {
            std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| broken(&e))?
        };
        inflated_total = inflated_total.saturating_add(inflated);
        if inflated > MAX_ZIP_ENTRY_BYTES || inflated_total > MAX_ZIP_TOTAL_BYTES || inflated > declared {
            return Err(limit(
                "inflated-size",
                format!("entry {name} inflates to more than its declared {declared} bytes or past {MAX_ZIP_ENTRY_BYTES} bytes"),
            ));
        }
        match name.as_str() {
            "content.xml" => ods_content = Some(kept),
            "mimetype" => mimetype = kept,
            _ => {}
        }
        names.push(name);
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return Ok(ZipWorkbook::Xlsx);
    }
    if names.iter().any(|n| n == "xl/workbook.bin") {
        return Err(ReadError::Workbook {
            source_file: source_file.to_owned(),
            reason: "binary .xlsb workbooks are not supported; save it as .xlsx".to_owned(),
        });
    }
    if let Some(content) = ods_content {
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") || mimetype.is_empty() {
            let dense = ods_dense_cells(&content);
            if dense > MAX_ODS_DENSE_CELLS {
                return Err(limit(
                    "sheet-cells",
                    format!("its sheets repeat cells into {dense} cells, at most {MAX_ODS_DENSE_CELLS}"),
                ));
            }
            return Ok(ZipWorkbook::Ods);
        }
    }
    Err(ReadError::Workbook {
        source_file: source_file.to_owned(),
        reason: "the zip archive holds no .xlsx or .ods workbook".to_owned(),
    })
}

/// How many cells calamine would lay out for the tables of an ODS
/// `content.xml`: per table, the rows up to the last non-empty one (with
/// their `number-rows-repeated`) times the widest row up to its last
/// non-empty cell (with `number-columns-repeated`). Saturating, so a
/// billion-fold repeat counts as huge instead of wrapping.
fn ods_dense_cells(xml: &[u8]) -> u64 {
    let mut total = 0u64;
    let (mut rows_used, mut pending_rows, mut max_width) = (0u64, 0u64, 0u64);
    let (mut row_repeat, mut width, mut last_nonempty) = (1u64, 0u64, 0u64);
    let mut pos = 0usize;
    while let Some(tag) = next_tag(xml, &mut pos) {
        let (name, self_closing) = tag_name(tag);
        match name {
            b"table:table-row" => {
                row_repeat = attr_number(tag, b"table:number-rows-repeated").unwrap_or(1);
                width = 0;
                last_nonempty = 0;
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                width = width.saturating_add(attr_number(tag, b"table:number-columns-repeated").unwrap_or(1));
                if !self_closing || find(tag, b"office:value-type").is_some() {
                    last_nonempty = width;
                }
            }
            b"/table:table-row" => {
                if last_nonempty > 0 {
                    rows_used = rows_used.saturating_add(pending_rows).saturating_add(row_repeat);
                    pending_rows = 0;
                    max_width = max_width.max(last_nonempty);
                } else {
                    pending_rows = pending_rows.saturating_add(row_repeat);
                }
            }
            b"/table:table" => {
                total = total.saturating_add(rows_used.saturating_mul(max_width));
                (rows_used, pending_rows, max_width) = (0, 0, 0);
            }
            _ => {}
        }
    }
    total.saturating_add(rows_used.saturating_mul(max_width))
}

/// The next `<…>` tag from `pos`, skipping `>` inside quoted attribute values.
fn next_tag<'a>(xml: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    let start = *pos + xml.get(*pos..)?.iter().position(|b| *b == b'<')?;
    let mut quote: Option<u8> = None;
    for (offset, byte) in xml.get(start..)?.iter().enumerate() {
        match (quote, *byte) {
            (Some(q), b) if b == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(*byte),
            (None, b'>') => {
                *pos = start + offset + 1;
                return xml.get(start + 1..start + offset);
            }
            _ => {}
        }
    }
    *pos = xml.len();
    None
}

/// The element name of a tag body (`/name` for an end tag) and whether it closes itself.
fn tag_name(tag: &[u8]) -> (&[u8], bool) {
    let end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/' && tag.first() != Some(&b'/'))
        .unwrap_or(tag.len());
    (tag.get(..end).unwrap_or_default(), tag.ends_with(b"/"))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The number in `name="123"` inside a tag, saturating at `u64::MAX`.
fn attr_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = find(tag, name)? + name.len();
    let rest = tag.get(at..)?;
    let rest = rest.strip_prefix(b"=\"").or_else(|| rest.strip_prefix(b"='"))?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit());
    Some(digits.fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_repeats_are_counted() {
        let normal = br#"<table:table><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        assert_eq!(ods_dense_cells(normal), 1);
        let bomb = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(ods_dense_cells(bomb), 1_000_000_000);
    }

    #[test]
    fn quoted_gt_does_not_hide_an_attribute() {
        let xml = br#"<table:table><table:table-row a=">" table:number-rows-repeated="7"><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row></table:table>"#;
        assert_eq!(ods_dense_cells(xml), 7);
    }

    #[test]
    fn garbage_after_the_signature_is_a_broken_zip() {
        let err = check_zip(b"PK\x03\x04 not really", "t.xlsx").unwrap_err().to_string();
        assert!(err.starts_with("cannot read workbook t.xlsx: the zip archive is truncated or damaged"), "{err}");
    }
}
