//! The reader's size limits, each with why it is what it is, and the checks on decoded text.
//!
//! Every limit keeps one hostile file within the budget the CLI promises:
//! at most 10 seconds and 1 GiB of memory. A yearly evaluation table is
//! about 100 KB of text or a 50 KB workbook, so each limit leaves room of
//! at least ten times the largest real source while staying far below the
//! budget. Hitting a limit refuses the whole file ([`ReadError::Limit`]):
//! half a table would import silently wrong data.

use crate::ReadError;

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

/// Refuses text with a line over [`MAX_LINE_CHARS`] characters or a line whose
/// brackets nest deeper than [`MAX_BRACKET_DEPTH`].
///
/// # Errors
/// [`ReadError::Limit`] naming the first offending line.
pub fn check_text_limits(text: &str, source_file: &str) -> Result<(), ReadError> {
    for (idx, line) in text.split('\n').enumerate() {
        let line_no = idx + 1;
        let mut n_chars = 0usize;
        let mut depth = 0usize;
        let mut max_depth = 0usize;
        for ch in line.chars() {
            n_chars += 1;
            if is_opener(ch) {
                depth += 1;
                max_depth = max_depth.max(depth);
            } else if is_closer(ch) {
                depth = depth.saturating_sub(1);
            }
        }
        if n_chars > MAX_LINE_CHARS {
            return Err(ReadError::Limit {
                source_file: source_file.to_owned(),
                limit: "line-length",
                detail: format!("line {line_no} has {n_chars} characters, at most {MAX_LINE_CHARS} are read"),
            });
        }
        if max_depth > MAX_BRACKET_DEPTH {
            return Err(ReadError::Limit {
                source_file: source_file.to_owned(),
                limit: "bracket-nesting",
                detail: format!("line {line_no} nests brackets {max_depth} deep, at most {MAX_BRACKET_DEPTH} are read"),
            });
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_line_is_refused_with_its_number() {
        let text = format!("ok\n{}", "あ".repeat(MAX_LINE_CHARS + 1));
        let err = check_text_limits(&text, "x.txt").unwrap_err().to_string();
        assert!(err.contains("line 2 has 100001 characters"), "{err}");
    }

    #[test]
    fn deep_brackets_are_refused_shallow_ones_pass() {
        assert!(check_text_limits("会談（シンガポール（第19回）)(6月)", "x.txt").is_ok());
        let deep = "(".repeat(10_000);
        let err = check_text_limits(&deep, "x.txt").unwrap_err().to_string();
        assert!(err.contains("nests brackets 10000 deep"), "{err}");
    }
}
