//! The reader's size limits, each with why it is what it is, and the checks on decoded text.
//!
//! Every limit keeps one hostile file within the budget the CLI promises:
//! at most 10 seconds and 1 GiB of memory. A yearly evaluation table is
//! about 100 KB of text or a 50 KB workbook, so each limit leaves room of
//! at least ten times the largest real source while staying far below the
//! budget.
//!
//! Two kinds of limit. A **whole-file** limit (file size, inflated size,
//! cells of a workbook, page text) refuses the file
//! ([`crate::ReadError::Limit`]): nothing of it can be read within the
//! budget. A **per-line** limit (line length, bracket nesting, items per
//! line; [`line_over_limit`]) costs only that line: the reader empties it,
//! reports a `limit-exceeded` error at its position and keeps every other
//! line, so one bad line does not cost the table; the line counts as
//! unparsed, so nothing is dropped silently.

use koryu_model::{Code, Diagnostic, SourceSpan};

/// Largest text or CSV source, in bytes. Every byte of decoded text carries a
/// 12-byte [`crate::Origin`] and the extractor makes a few mapped copies, so
/// 8 MiB of text costs a few hundred MiB at worst; the largest real source
/// (the white paper) is under 300 KB.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Largest page text built from CSV records or sheets, all pages of one
/// source together, in bytes ([`super::table::Grid::estimated_text_bytes`]).
/// Headed rows grow by their synthetic `●…年度においては` and `【】`, and sheets
/// can put cells far apart; twice the text limit keeps the mapped copies
/// within the memory budget.
pub const MAX_DOCUMENT_TEXT_BYTES: usize = 2 * MAX_TEXT_BYTES;

/// Longest line, in characters. The longest real line (a whole fiscal-year
/// block of 002 on one line) has about 7,000; line-wise regexes and excerpts
/// stay fast below this. A 4 MB line is refused, not half-read.
pub const MAX_LINE_CHARS: usize = 100_000;

/// Deepest bracket nesting on one line. Real tables nest three deep at most
/// (`(（シンガポール（第19回…）))`); 10,000 nested brackets would only make
/// recursive or quadratic matching slow.
pub const MAX_BRACKET_DEPTH: usize = 64;

/// Largest workbook file (.xlsx, .xlsm, .ods, .xls), in bytes. Real ones are
/// under 1 MB; .xls is read whole into memory by calamine.
pub const MAX_WORKBOOK_BYTES: usize = 64 * 1024 * 1024;

/// Most entries in a workbook's zip archive. A real .xlsx has about 10–30.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Largest inflated size of one zip entry (a sheet's XML), in bytes. The sheet
/// XML of a 100,000-cell sheet is about 10 MiB.
pub const MAX_ZIP_ENTRY_BYTES: u64 = 100 * 1024 * 1024;

/// Largest inflated size of all zip entries together, in bytes. calamine
/// keeps shared strings and cells in memory, several times their XML size;
/// 200 MiB of XML keeps that under 1 GiB.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 200 * 1024 * 1024;

/// Largest compression ratio of an entry bigger than [`ZIP_RATIO_MIN_BYTES`].
/// Sheet XML compresses 5–30×, LibreOffice's repeated empty cells up to a few
/// hundred; a zip bomb is 1,000× and more.
pub const MAX_ZIP_RATIO: u64 = 1_000;

/// Entries smaller than this are not ratio-checked: a tiny file of spaces
/// compresses 1,000× without being any danger.
pub const ZIP_RATIO_MIN_BYTES: u64 = 1024 * 1024;

/// Most non-empty cells in one workbook. A yearly table has about 2,000; each
/// cell becomes mapped text and a few small allocations.
pub const MAX_WORKBOOK_CELLS: usize = 1_000_000;

/// Most cells one merged region may copy its value into. A fiscal-year label
/// spans tens of rows; a region over a whole sheet is not worth copying.
pub const MAX_MERGED_CELLS: u64 = 100_000;

/// Most items one line may list: separators (`、`, `,`, `，`) on one line.
/// The fullest real line (002 line 42, a whole fiscal year of one
/// indicator) has about 100; a line of thousands of items is not a table
/// row, and every item costs a parse and a mention.
pub const MAX_ITEMS_PER_LINE: usize = 5_000;

/// Which per-line limit a line broke, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOverLimit {
    /// `line-length`, `bracket-nesting` or `items-per-line`.
    pub limit: &'static str,
    /// 0-based character index of the first character past the limit, so
    /// the diagnostic's caret points at it.
    pub char_index: usize,
    /// The same place as a byte offset into the line, for the span.
    pub byte_index: usize,
    /// What was found, as a clause (`nests brackets 10000 deep, at most 64 are read`).
    pub detail: String,
}

/// The first per-line limit `line` breaks, or `None`: more than
/// [`MAX_LINE_CHARS`] characters, brackets nested deeper than
/// [`MAX_BRACKET_DEPTH`], or more than [`MAX_ITEMS_PER_LINE`] items.
///
/// One pass over the line, whatever it holds.
pub fn line_over_limit(line: &str) -> Option<LineOverLimit> {
    let mut n_chars = 0usize;
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    // (character index, byte offset) of each limit's first character past it.
    let mut long_at = None;
    let mut deep_at = None;
    let mut n_separators = 0usize;
    let mut many_at = None;
    for (byte, ch) in line.char_indices() {
        if n_chars == MAX_LINE_CHARS {
            long_at = Some((n_chars, byte));
        }
        if is_opener(ch) {
            depth += 1;
            if depth > max_depth {
                max_depth = depth;
                if depth == MAX_BRACKET_DEPTH + 1 {
                    deep_at = Some((n_chars, byte));
                }
            }
        } else if is_closer(ch) {
            depth = depth.saturating_sub(1);
        } else if matches!(ch, '、' | ',' | '，') {
            n_separators += 1;
            if n_separators == MAX_ITEMS_PER_LINE {
                many_at = Some((n_chars, byte));
            }
        }
        n_chars += 1;
    }
    if let Some((char_index, byte_index)) = long_at {
        return Some(LineOverLimit {
            limit: "line-length",
            char_index,
            byte_index,
            detail: format!("has {n_chars} characters, at most {MAX_LINE_CHARS} are read"),
        });
    }
    if let Some((char_index, byte_index)) = deep_at {
        return Some(LineOverLimit {
            limit: "bracket-nesting",
            char_index,
            byte_index,
            detail: format!("nests brackets {max_depth} deep, at most {MAX_BRACKET_DEPTH} are read"),
        });
    }
    many_at.map(|(char_index, byte_index)| LineOverLimit {
        limit: "items-per-line",
        char_index,
        byte_index,
        detail: format!("lists {} items, at most {MAX_ITEMS_PER_LINE} are read", n_separators + 1),
    })
}

/// The `limit-exceeded` error for a line skipped because of `over`:
/// `line` is its 1-based number, `byte_start..byte_end` its bytes in the
/// decoded text (for a sheet or CSV row, in its first cell).
pub fn skipped_line_diagnostic(
    over: &LineOverLimit,
    line: u32,
    byte_start: usize,
    byte_end: usize,
    sheet: Option<String>,
    excerpt: &str,
) -> Diagnostic {
    let column = u32::try_from(over.char_index + 1).unwrap_or(u32::MAX);
    let what = if sheet.is_some() { "row" } else { "line" };
    // The span starts at the first character past the limit, as the column
    // says, so the rendered caret points where the JSON column does.
    let byte_start = byte_start.saturating_add(over.byte_index).min(byte_end);
    let span = SourceSpan { line, column, byte_start, byte_end, sheet };
    Diagnostic::new(
        Code::LimitExceeded,
        span,
        format!(
            "{what} {line} {} ({} limit); the {what} was skipped and the rest of the file read, split or repair it",
            over.detail, over.limit
        ),
        crate::extract::truncate(excerpt.trim_end_matches('\r'), 200),
    )
}

/// Byte ranges (start of the line, end before its `\n`) and numbers of the
/// lines of `text` that break a per-line limit, each with its finding.
pub fn lines_over_limit(text: &str) -> Vec<(u32, std::ops::Range<usize>, LineOverLimit)> {
    let mut found = Vec::new();
    let mut start = 0usize;
    for (idx, line) in text.split('\n').enumerate() {
        let range = start..start + line.len();
        start = range.end + 1;
        if let Some(over) = line_over_limit(line) {
            found.push((u32::try_from(idx + 1).unwrap_or(u32::MAX), range, over));
        }
    }
    found
}

fn is_opener(ch: char) -> bool {
    matches!(ch, '(' | '（' | '[' | '［' | '{' | '｛' | '「' | '｢' | '『' | '【' | '〈' | '《' | '〔')
}

fn is_closer(ch: char) -> bool {
    matches!(ch, ')' | '）' | ']' | '］' | '}' | '｝' | '」' | '｣' | '』' | '】' | '〉' | '》' | '〕')
}

/// Most shared strings a workbook may declare (`<sst uniqueCount count>`) or
/// hold (`<si>`). calamine reserves the declared number up front, 24 bytes
/// each, and an allocation it cannot get aborts the process; a yearly table
/// has a few hundred, and a million fit in 24 MB.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// Most sheets (`<sheet>` entries, ODS tables) in one workbook. Real ones
/// have one to ten; each sheet is opened and read separately.
pub const MAX_WORKBOOK_SHEETS: u64 = 1_000;

/// Most `<c>` elements in all sheets of an .xlsx, empty styled ones
/// included (real sheets write them for bordered blank cells), so four times
/// [`MAX_WORKBOOK_CELLS`]: past it the file is refused before calamine
/// parses millions of cells only for us to refuse them one by one.
pub const MAX_WORKBOOK_CELL_ELEMENTS: u64 = 4 * MAX_WORKBOOK_CELLS as u64;

/// Most cells calamine may lay out densely for one ODS document. calamine
/// expands `number-rows-repeated` × `number-columns-repeated` of non-empty
/// cells into a dense grid of 32-byte values (and a second one of formula
/// strings); 5,000,000 of them are 160 MB.
pub const MAX_ODS_DENSE_CELLS: u64 = 5_000_000;

/// Most cells calamine may lay out densely for the sheets of one `.xls`.
/// calamine's `Range::from_sparse` allocates the box around a sheet's cells
/// (rows × columns, 32 bytes each, and again for formulas), and a cell
/// record may sit at any `u16` row and column, past BIFF8's 256 columns:
/// the same 5,000,000 cells (160 MB) as [`MAX_ODS_DENSE_CELLS`].
pub const MAX_XLS_DENSE_CELLS: u64 = MAX_ODS_DENSE_CELLS;

/// Most BIFF records calamine may walk over the sheets of one `.xls`. It
/// walks each sheet from the position its `BOUNDSHEET` record gives, so a
/// crafted file can send a thousand sheets over the same records; twice
/// the records the largest accepted stream can hold (4 bytes each) lets
/// every real file through and keeps the walk under a second.
pub const MAX_XLS_RECORDS_WALKED: u64 = 2 * (MAX_WORKBOOK_BYTES as u64 / 4);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_line_is_found_with_its_number() {
        let text = format!("ok\n{}\nok", "あ".repeat(MAX_LINE_CHARS + 1));
        let found = lines_over_limit(&text);
        assert_eq!(found.len(), 1);
        let (line, range, over) = &found[0];
        assert_eq!((*line, range.clone(), over.limit), (2, 3..3 + 3 * (MAX_LINE_CHARS + 1), "line-length"));
        assert_eq!(over.detail, "has 100001 characters, at most 100000 are read");
    }

    #[test]
    fn deep_brackets_are_found_shallow_ones_pass() {
        assert_eq!(line_over_limit("会談（シンガポール（第19回）)(6月)"), None);
        assert_eq!(line_over_limit(&"(".repeat(MAX_BRACKET_DEPTH)), None);
        let deep = format!("会談{}", "(".repeat(10_000));
        let over = line_over_limit(&deep).unwrap();
        assert_eq!(over.limit, "bracket-nesting");
        assert_eq!(over.detail, "nests brackets 10000 deep, at most 64 are read");
        // The caret stands on the 65th opening bracket.
        assert_eq!(over.char_index, 2 + MAX_BRACKET_DEPTH);
    }

    #[test]
    fn too_many_items_are_found() {
        assert_eq!(line_over_limit(&"会談(6月)、".repeat(MAX_ITEMS_PER_LINE - 1)), None);
        let over = line_over_limit(&"会談、".repeat(MAX_ITEMS_PER_LINE)).unwrap();
        assert_eq!(over.limit, "items-per-line");
        assert_eq!(over.char_index, 3 * MAX_ITEMS_PER_LINE - 1);
    }
}
