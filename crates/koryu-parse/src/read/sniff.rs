//! Which reader a source needs: magic bytes first, the file name's extension second.

use crate::ReadError;

/// What the bytes are, as far as choosing a reader goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip archive (`PK\x03\x04`): .xlsx, .xlsm or .ods, told apart by its entries.
    Zip,
    /// An OLE2 compound file (`D0 CF 11 E0`): a legacy .xls workbook.
    Ole2,
    /// Delimited text: `.csv`, `.tsv`.
    Csv,
    /// Anything else is read as text.
    Text,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// An empty zip archive starts with its end-of-directory record.
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Extensions that promise a workbook; text behind one is an error, not text.
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Chooses the reader for `bytes` named `source_file`.
///
/// # Errors
/// [`ReadError::NotAWorkbook`] when the name promises a workbook but the
/// bytes carry no workbook signature.
pub fn sniff(bytes: &[u8], source_file: &str) -> Result<Sniffed, ReadError> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return Ok(Sniffed::Zip);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Ok(Sniffed::Ole2);
    }
    let extension = extension(source_file);
    if WORKBOOK_EXTENSIONS.contains(&extension.as_str()) {
        return Err(ReadError::NotAWorkbook { source_file: source_file.to_owned(), extension });
    }
    Ok(match extension.as_str() {
        "csv" | "tsv" => Sniffed::Csv,
        _ => Sniffed::Text,
    })
}

/// The lower-cased extension of `source_file`, without the dot; empty if none.
pub fn extension(source_file: &str) -> String {
    std::path::Path::new(source_file)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// True when decoded `text` is binary junk rather than text: more than 1 in
/// 20 characters are control characters (other than tab, CR, LF, form feed)
/// or replacement characters. Real text has none or a handful; the check
/// looks at the first 64 KiB only, which is enough to tell and keeps it cheap.
pub fn looks_binary(text: &str) -> bool {
    const SAMPLE_CHARS: usize = 64 * 1024;
    let (mut n_chars, mut n_bad) = (0usize, 0usize);
    for ch in text.chars().take(SAMPLE_CHARS) {
        n_chars += 1;
        let control = ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\u{0C}');
        if control || ch == '\u{FFFD}' {
            n_bad += 1;
        }
    }
    n_chars > 0 && n_bad * 20 > n_chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_wins_over_extension() {
        assert_eq!(sniff(b"PK\x03\x04rest", "a.csv").unwrap(), Sniffed::Zip);
        assert_eq!(sniff(OLE2_MAGIC, "a.txt").unwrap(), Sniffed::Ole2);
        assert_eq!(sniff(b"a,b\n", "dir/A.CSV").unwrap(), Sniffed::Csv);
        assert_eq!(sniff(b"a\tb\n", "a.tsv").unwrap(), Sniffed::Csv);
        assert_eq!(sniff(b"text", "a").unwrap(), Sniffed::Text);
    }

    #[test]
    fn text_named_xlsx_is_refused() {
        let err = sniff("年度,国名\n".as_bytes(), "next.xlsx").unwrap_err().to_string();
        assert_eq!(
            err,
            "next.xlsx is named .xlsx but is not a workbook (it does not start with a zip or OLE2 signature)"
        );
    }

    #[test]
    fn junk_is_binary_text_is_not() {
        assert!(looks_binary("\u{1}\u{2}\u{3}abc\u{FFFD}\u{FFFD}"));
        assert!(!looks_binary("【豪】防衛相会談(6月)\r\n\tx"));
    }
}
