//! Why a source could not be read at all.

/// A source that could not be read at all. Content problems are never
/// errors: they are diagnostics. Each message is one sentence that names the
/// file, so the CLI can print it as is.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{source_file} is empty")]
    Empty { source_file: String },
    #[error("cannot decode {source_file}: not UTF-8, UTF-16, Shift_JIS/CP932 or EUC-JP")]
    UnknownEncoding { source_file: String },
    #[error("{source_file} looks like binary data, not text, CSV or a spreadsheet")]
    Binary { source_file: String },
    #[error("unknown encoding label {label:?} given for {source_file}")]
    BadEncodingLabel { source_file: String, label: String },
    #[error("cannot read workbook {source_file}: {reason}")]
    Workbook { source_file: String, reason: String },
    #[error("{source_file} exceeds the {limit} limit ({detail})")]
    Limit { source_file: String, limit: &'static str, detail: String },
    /// A `.xlsx`, `.xls` or `.ods` name on bytes that are no workbook.
    #[error(
        "{source_file} is named .{extension} but is not a workbook (it does not start with a zip or OLE2 signature)"
    )]
    NotAWorkbook { source_file: String, extension: String },
    /// Text that `--encoding` made mostly invalid or control characters.
    #[error(
        "cannot decode {source_file} as {label}: more than 1 in 20 characters are invalid; check the --encoding value"
    )]
    WrongEncoding { source_file: String, label: String },
    /// A CSV record the csv crate cannot read.
    #[error("cannot read CSV {source_file}: line {line}: {reason}")]
    Csv { source_file: String, line: u64, reason: String },
    /// A zip archive whose directory cannot be read (cut short or damaged).
    #[error("cannot read workbook {source_file}: the zip archive is truncated or damaged ({reason})")]
    BrokenZip { source_file: String, reason: String },
}
