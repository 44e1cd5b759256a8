//! **koryu-parse.** Turns the bytes of one source into a [`Document`] and then
//! into mentions plus diagnostics: encoding detection, layout clean-up that
//! keeps spans mapped to the original bytes, the date grammar, the country and
//! role gazetteers, one extractor module per document kind. Content never
//! makes it fail; what it cannot read becomes a diagnostic. It knows nothing
//! of dedup, storage or export formats, and it takes bytes plus a
//! [`SourceMeta`] (the binary opens files).
//!
//! Data flow: `read::read_document` (bytes → [`Document`]) →
//! `extract::extract_document` (Document → [`Extracted`]).

pub mod check;
pub mod coverage;
pub mod date;
mod error;
pub mod extract;
pub mod gazetteer;
pub mod layout;
pub mod read;
pub mod text;

pub use coverage::{Coverage, LineStatus};
pub use error::ReadError;
pub use read::{Document, Page};
pub use text::{MappedText, Origin};

use koryu_model::{Category, Diagnostic, DocKind, DocumentInfo, Era, Mention};

/// What the caller knows about a source besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct SourceMeta {
    /// The path as given on the command line (schema.md `source_file`).
    pub source_file: String,
    /// Hex sha256 of the bytes (schema.md `source_sha256`).
    pub source_sha256: String,
    /// An encoding label that overrides detection (`--encoding`), e.g. `shift_jis`.
    pub encoding: Option<String>,
    /// A document kind that overrides detection (`--kind`).
    pub kind: Option<DocKind>,
    /// The indicator of a CSV or sheet whose 区分 column, sheet name, title
    /// row and file name name none (`--category`).
    pub category: Option<Category>,
    /// The era of a table whose fiscal years (`5年度`) name none, when its
    /// title, text, sheet and file names do not either (`--era`).
    pub era: Option<Era>,
}

/// Everything one source yielded. Problems in the content are diagnostics;
/// only "could not read at all" is a [`ReadError`].
#[derive(Debug, Clone)]
pub struct Extracted {
    pub doc_kind: DocKind,
    /// The encoding that was used to decode the bytes (`UTF-8`, `Shift_JIS`, …).
    pub encoding: String,
    pub mentions: Vec<Mention>,
    pub diagnostics: Vec<Diagnostic>,
    /// Per-line accounting, one per page: mention, structure or unparsed
    /// (schema.md rule).
    pub coverage: Vec<Coverage>,
    /// What the document says about itself (schema.md `sources`: `title`,
    /// `document_date`, `document_history`).
    pub document: DocumentInfo,
    /// The indicator sections an evaluation table's 別紙 has, as categories
    /// with the line of their heading, in order (empty for other kinds):
    /// what `edition-drop` compares.
    pub sections: Vec<(Category, u32)>,
}

/// Reads and extracts one source.
///
/// # Errors
/// [`ReadError`] when the bytes cannot be read as any supported format
/// (empty, binary junk, a broken or oversized workbook).
pub fn parse_source(bytes: &[u8], meta: &SourceMeta) -> Result<Extracted, ReadError> {
    let document = read::read_document(bytes, meta)?;
    let mut extracted = extract::extract_document(&document, meta);
    check::check_extracted(&document, meta, &mut extracted);
    Ok(extracted)
}
