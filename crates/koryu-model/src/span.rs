//! Where a value stood in its source: line, column and byte range.

use serde::{Deserialize, Serialize};

/// A position in the original source file, before any clean-up.
///
/// `line` and `column` start at 1; `column` counts characters (Unicode scalar
/// values), not bytes, as schema.md asks. For spreadsheets `line` is the
/// 1-based row and `column` the 1-based column of the cell, and `sheet` names
/// the sheet. `byte_start..byte_end` is the half-open byte range of the value
/// in the decoded text of the source (0-based); for sheets it is the range
/// inside the cell's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct SourceSpan {
    pub line: u32,
    pub column: u32,
    pub byte_start: usize,
    pub byte_end: usize,
    pub sheet: Option<String>,
}
