//! Checks a workbook's zip archive before calamine opens it: entry count, declared and actually inflated sizes.
//!
//! calamine trusts the archive. A zip bomb (a few KB that inflate to
//! gigabytes), an entry that lies about its size, or an ODS sheet that
//! repeats one cell a billion times would take the process past its memory
//! budget inside calamine, where no limit of ours applies. So each entry is
//! first checked by its declared size and ratio, then really inflated
//! (to nowhere) through `take(limit + 1)`, so a lying header is caught after
//! at most `limit + 1` bytes. While it inflates, each entry streams through
//! [`super::prescan`], which checks what its XML declares and holds (shared
//! strings, dimensions, rows, cells, ODS repeats). The cost is inflating the
//! archive twice, a few milliseconds for a real workbook.

use crate::read::limits::{
    MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, ZIP_RATIO_MIN_BYTES,
};
use crate::read::prescan::{one_line, Prescan};
use crate::ReadError;
use std::io::{BufReader, Cursor, Read};

/// Which workbook a zip archive holds, told by its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipWorkbook {
    /// `xl/workbook.xml`: .xlsx or .xlsm.
    Xlsx,
    /// `content.xml` with an OpenDocument spreadsheet mimetype: .ods.
    Ods,
}

/// Checks the archive in `bytes` and tells which workbook it holds.
///
/// # Errors
/// [`ReadError::BrokenZip`] for a truncated or damaged archive,
/// [`ReadError::Limit`] for a zip bomb, [`ReadError::Workbook`] for a zip
/// that is no spreadsheet (a .docx, a plain archive).
pub fn check_zip(bytes: &[u8], source_file: &str) -> Result<ZipWorkbook, ReadError> {
    let broken = |err: &dyn std::fmt::Display| ReadError::BrokenZip {
        source_file: source_file.to_owned(),
        reason: one_line(&err.to_string()),
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
    let mut has_content = false;
    let mut mimetype = Vec::new();
    let mut prescan = Prescan::new(source_file);
    for idx in 0..archive.len() {
        let mut entry = archive.by_index(idx).map_err(|e| broken(&e))?;
        let name = entry.name().map_err(|e| broken(&e))?.into_owned();
        // The name as our messages quote it (a crafted one may hold newlines).
        let shown = one_line(&name);
        let declared = entry.size();
        declared_total = declared_total.saturating_add(declared);
        if declared > MAX_ZIP_ENTRY_BYTES || declared_total > MAX_ZIP_TOTAL_BYTES {
            return Err(limit(
                "inflated-size",
                format!("entry {shown} declares {declared} bytes, {declared_total} in all; at most {MAX_ZIP_ENTRY_BYTES} per entry and {MAX_ZIP_TOTAL_BYTES} in all"),
            ));
        }
        if declared > ZIP_RATIO_MIN_BYTES && declared / entry.compressed_size().max(1) > MAX_ZIP_RATIO {
            return Err(limit(
                "compression-ratio",
                format!(
                    "entry {shown} inflates {} times, at most {MAX_ZIP_RATIO}",
                    declared / entry.compressed_size().max(1)
                ),
            ));
        }
        // Inflate for real (a header may lie), through the pre-scan. Keep
        // mimetype (bounded by the same take) to tell an ODS.
        let mut counted = Counted { inner: (&mut entry).take(MAX_ZIP_ENTRY_BYTES + 1), n: 0 };
        if name == "mimetype" {
            (&mut counted).take(256).read_to_end(&mut mimetype).map_err(|e| broken(&e))?;
        } else {
            prescan.scan_part(&shown, BufReader::new(&mut counted))?;
        }
        std::io::copy(&mut counted, &mut std::io::sink()).map_err(|e| broken(&e))?;
        let inflated = counted.n;
        inflated_total = inflated_total.saturating_add(inflated);
        if inflated > MAX_ZIP_ENTRY_BYTES || inflated_total > MAX_ZIP_TOTAL_BYTES || inflated > declared {
            return Err(limit(
                "inflated-size",
                format!("entry {shown} inflates to more than its declared {declared} bytes or past {MAX_ZIP_ENTRY_BYTES} bytes"),
            ));
        }
        has_content |= name == "content.xml";
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
    if has_content && (mimetype.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") || mimetype.is_empty()) {
        return Ok(ZipWorkbook::Ods);
    }
    Err(ReadError::Workbook {
        source_file: source_file.to_owned(),
        reason: "the zip archive holds no .xlsx or .ods workbook".to_owned(),
    })
}

/// Counts the bytes read through it: the inflated size of an entry.
struct Counted<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.n = self.n.saturating_add(read as u64);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn every_entry_is_prescanned_wherever_it_lies() {
        // calamine finds its parts through relationships: shared strings
        // need not sit at xl/sharedStrings.xml, nor have an .xml name.
        let bytes = zip_of(&[
            ("xl/workbook.xml", "<workbook/>"),
            ("elsewhere/strings.bin", r#"<sst uniqueCount="99999999999"><si><t>a</t></si></sst>"#),
        ]);
        let err = check_zip(&bytes, "t.xlsx").unwrap_err().to_string();
        assert!(err.starts_with("t.xlsx exceeds the shared-strings limit (elsewhere/strings.bin declares"), "{err}");
        let ok = zip_of(&[("xl/workbook.xml", "<workbook/>"), ("docProps/thumbnail.jpeg", "\u{0}\u{1}<<binary")]);
        assert_eq!(check_zip(&ok, "t.xlsx").unwrap(), ZipWorkbook::Xlsx);
    }

    #[test]
    fn a_crafted_entry_name_is_quoted_on_one_line() {
        let bytes = zip_of(&[("xl/workbook.xml", "<workbook/>"), ("a\nb", r#"<sst count="99999999999"/>"#)]);
        let err = check_zip(&bytes, "t.xlsx").unwrap_err().to_string();
        assert!(err.contains("(a\\nb declares count=") && !err.contains('\n'), "{err}");
    }

    #[test]
    fn garbage_after_the_signature_is_a_broken_zip() {
        let err = check_zip(b"PK\x03\x04 not really", "t.xlsx").unwrap_err().to_string();
        assert!(err.starts_with("cannot read workbook t.xlsx: the zip archive is truncated or damaged"), "{err}");
    }
}
