//! Bytes → [`Document`]: format sniffing, decoding, one page per text file or sheet.

use crate::text::MappedText;
use crate::{ReadError, SourceMeta};
use koryu_model::{Diagnostic, DocKind};

/// The format a source arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
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

impl Page {
    /// A page of a whole decoded text file.
    pub fn from_text(text: &str) -> Page {
        let blank: Vec<bool> = text.split('\n').map(|l| l.trim().is_empty()).collect();
        Page {
            sheet: None,
            text: MappedText::from_source(text),
            n_lines: u32::try_from(blank.len()).unwrap_or(u32::MAX),
            blank,
        }
    }
}

/// Reads a source's bytes into a [`Document`].
///
/// # Errors
/// [`ReadError`] when the bytes are empty or cannot be decoded.
pub fn read_document(bytes: &[u8], meta: &SourceMeta) -> Result<Document, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty { source_file: meta.source_file.clone() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::UnknownEncoding { source_file: meta.source_file.clone() })?;
    Ok(Document {
        format: Format::Text,
        encoding: "UTF-8".to_owned(),
        pages: vec![Page::from_text(text)],
        diagnostics: Vec::new(),
    })
}
