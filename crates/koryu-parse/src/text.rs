//! Text whose every character remembers where it stood in the original file.
//!
//! Layout clean-up removes or rewrites parts of a page (vertical labels,
//! `<p>` tags, page-break labels) and joins lines an item was cut across.
//! Doing that on a [`MappedText`] keeps, for each surviving character, its
//! original line, column and byte, so a mention found in cleaned text still
//! reports where its first character stood in the file.

use koryu_model::SourceSpan;
use std::ops::Range;

/// Where one character of a [`MappedText`] came from.
///
/// `line` and `column` start at 1, `column` counts characters; `byte` is the
/// 0-based byte offset in the decoded original text (for a sheet: in the
/// cell's text, with `line`/`column` the cell's row and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Origin {
    pub line: u32,
    pub column: u32,
    pub byte: u32,
}

/// A string plus the [`Origin`] of each of its characters.
///
/// Invariant: `origins.len() == text.len()`; the entry at a char boundary is
/// that char's origin, entries inside a multi-byte char repeat it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappedText {
    text: String,
    origins: Vec<Origin>,
}

impl MappedText {
    /// Maps a whole decoded text file: lines split on `\n`, a `\r` before it
    /// is part of no line's columns (CRLF and LF give the same columns).
    pub fn from_source(text: &str) -> MappedText {
        let mut origins = Vec::with_capacity(text.len());
        let (mut line, mut column) = (1u32, 1u32);
        for (byte, ch) in text.char_indices() {
            let origin = Origin { line, column, byte: u32::try_from(byte).unwrap_or(u32::MAX) };
            origins.extend(std::iter::repeat_n(origin, ch.len_utf8()));
            if ch == '\n' {
                line = line.saturating_add(1);
                column = 1;
            } else {
                column = column.saturating_add(1);
            }
        }
        MappedText { text: text.to_owned(), origins }
    }

    /// Maps the text of one spreadsheet cell: every character reports the
    /// cell's row and column, and its byte offset inside the cell.
    pub fn from_cell(text: &str, row: u32, column: u32) -> MappedText {
        let mut origins = Vec::with_capacity(text.len());
        for (byte, ch) in text.char_indices() {
            let origin = Origin { line: row, column, byte: u32::try_from(byte).unwrap_or(u32::MAX) };
            origins.extend(std::iter::repeat_n(origin, ch.len_utf8()));
        }
        MappedText { text: text.to_owned(), origins }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Origin of the character at byte `idx` of the cleaned text; past the end,
    /// the origin of the last character.
    pub fn origin(&self, idx: usize) -> Origin {
        self.origins.get(idx).or_else(|| self.origins.last()).copied().unwrap_or_default()
    }

    /// Appends `other` (used to join pages, cells and cut lines).
    pub fn push_mapped(&mut self, other: &MappedText) {
        self.text.push_str(&other.text);
        self.origins.extend_from_slice(&other.origins);
    }

    /// Appends text that was not in the source (a separator), mapped to
    /// `origin`.
    pub fn push_synthetic(&mut self, text: &str, origin: Origin) {
        self.text.push_str(text);
        self.origins.extend(std::iter::repeat_n(origin, text.len()));
    }

    /// Appends `range` of `other` (as [`MappedText::slice`] then
    /// [`MappedText::push_mapped`] would, without the intermediate copy);
    /// nothing when the range is not a valid slice.
    fn push_range_of(&mut self, other: &MappedText, range: Range<usize>) {
        if let (Some(text), Some(origins)) = (other.text.get(range.clone()), other.origins.get(range)) {
            self.text.push_str(text);
            self.origins.extend_from_slice(origins);
        }
    }

    /// The sub-text in `range` (byte offsets of the cleaned text), or `None`
    /// when the range is out of bounds or not on char boundaries.
    pub fn slice(&self, range: Range<usize>) -> Option<MappedText> {
        let text = self.text.get(range.clone())?;
        let origins = self.origins.get(range)?;
        Some(MappedText { text: text.to_owned(), origins: origins.to_vec() })
    }

    /// A copy without the byte ranges in `cuts` (sorted or not, may
    /// overlap); ranges not on char boundaries are ignored.
    pub fn without(&self, cuts: &[Range<usize>]) -> MappedText {
        let mut cuts: Vec<Range<usize>> = cuts
            .iter()
            .filter(|r| {
                r.start < r.end
                    && self.text.is_char_boundary(r.start)
                    && self.text.is_char_boundary(r.end.min(self.text.len()))
            })
            .cloned()
            .collect();
        cuts.sort_by_key(|r| r.start);
        let mut out =
            MappedText { text: String::with_capacity(self.text.len()), origins: Vec::with_capacity(self.text.len()) };
        let mut pos = 0;
        for cut in cuts {
            if cut.start > pos {
                out.push_range_of(self, pos..cut.start);
            }
            pos = pos.max(cut.end.min(self.text.len()));
        }
        out.push_range_of(self, pos..self.text.len());
        out
    }

    /// A copy where each `(range, replacement)` is replaced; the replacement
    /// maps to the origin of the range's first character. Non-boundary or
    /// overlapping ranges are skipped.
    pub fn replaced(&self, edits: &[(Range<usize>, &str)]) -> MappedText {
        let mut edits: Vec<&(Range<usize>, &str)> = edits.iter().collect();
        edits.sort_by_key(|(r, _)| r.start);
        // Sized once: a page is copied here whole, and growing a buffer of
        // 13 bytes per text byte by doubling was a visible share of the run.
        let mut out =
            MappedText { text: String::with_capacity(self.text.len()), origins: Vec::with_capacity(self.text.len()) };
        let mut pos = 0;
        for (range, replacement) in edits {
            if range.start < pos || !self.text.is_char_boundary(range.start) || self.text.get(range.clone()).is_none() {
                continue;
            }
            out.push_range_of(self, pos..range.start);
            out.push_synthetic(replacement, self.origin(range.start));
            pos = range.end;
        }
        out.push_range_of(self, pos..self.text.len());
        out
    }

    /// The span in the original source of cleaned bytes `range`: line and
    /// column of its first character, original bytes from its first
    /// character to the end of its last.
    pub fn span(&self, range: Range<usize>) -> SourceSpan {
        let first = self.origin(range.start);
        let mut last_idx = range.end.saturating_sub(1).max(range.start);
        while last_idx > range.start && !self.text.is_char_boundary(last_idx) {
            last_idx -= 1;
        }
        let last = self.origin(last_idx);
        let last_len = self.text.get(last_idx..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
        SourceSpan {
            line: first.line,
            column: first.column,
            byte_start: first.byte as usize,
            byte_end: (last.byte as usize + last_len).max(first.byte as usize),
            sheet: None,
        }
    }

    /// Lines (1-based) that the cleaned bytes `range` came from.
    pub fn lines_of(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        let origins = self.origins.get(range).unwrap_or(&[]);
        let mut last = 0;
        origins.iter().filter_map(move |o| {
            if o.line != last {
                last = o.line;
                Some(o.line)
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_keep_original_positions() {
        let mapped = MappedText::from_source("<p>日豪会談(6月)</p>\r\n【豪】x");
        let cleaned = mapped.without(&[0..3, 21..25]);
        assert_eq!(cleaned.as_str(), "日豪会談(6月)\r\n【豪】x");
        let idx = cleaned.as_str().find("(6").unwrap();
        assert_eq!(cleaned.origin(idx), Origin { line: 1, column: 8, byte: 15 });
        let idx = cleaned.as_str().find('【').unwrap();
        assert_eq!(cleaned.origin(idx).line, 2);
        assert_eq!(cleaned.origin(idx).column, 1);
    }

    #[test]
    fn span_covers_first_to_last_character() {
        let mapped = MappedText::from_source("ab\n日豪");
        let span = mapped.span(3..9);
        assert_eq!((span.line, span.column, span.byte_start, span.byte_end), (2, 1, 3, 9));
    }
}
