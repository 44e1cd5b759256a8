//! Layout clean-up of a page: page-break labels, vertical labels, rules and
//! markup removed, items cut by a page break joined, original positions kept.
//!
//! The Ministry's tables reach us as text extracted from PDFs. Their row
//! labels (`元年度`, `3年度(続き)`) come out letter-spaced or one character
//! per line, sometimes in the middle of an item, and cells carry `<p>`,
//! `<li>` markup. Everything here works on a [`MappedText`], so a character
//! that survives still reports its original line and column.

use crate::text::MappedText;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The result of [`clean_page`].
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The cleaned text: same lines as the source, except that an item cut
    /// by a page break is joined into the line it started on, labels and
    /// rules are gone, and markup tags became `\t` cell separators.
    pub text: MappedText,
    /// Original 1-based lines that held only layout (labels, rules).
    pub layout_lines: Vec<u32>,
}

// The patterns below are constants: `expect` can only fire if one of them
// is edited into an invalid regex, which every test run would show at once.

/// A fiscal-year row label as written (`元年度`, `3 年 度`, `4年度(続き)`),
/// after whitespace is removed.
static ROW_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:元|[0-9０-９]{1,2})年度(?:[（(]続き[)）])?$").expect("valid regex"));

/// Markup the PDF conversion left in cells.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:p|ul|ol|li|br|div|span|table|tbody|tr|td|th)\b[^<>]{0,300}>").expect("valid regex")
});

/// Junk at the end of the line before a page break: whitespace, tags and a
/// trailing row label (`…電話会談</p> <p>2年度</p>`).
static TAIL_JUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[\s\u{3000}]+|<[^<>]{0,300}>|(?:元|[0-9０-９]{1,2})[ \u{3000}]*年[ \u{3000}]*度(?:[（(]続き[)）])?)$",
    )
    .expect("valid regex")
});

/// The characters a vertical label is spelt with, one per line.
const VERTICAL_CHARS: &[char] =
    &['元', '年', '度', '（', '）', '(', ')', '続', 'き', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/// How far back from a line's end [`TAIL_JUNK`] looks, so the cost per page
/// break stays constant however long the line is.
const TAIL_WINDOW: usize = 400;

/// True when `text` (one segment, whitespace anywhere) is a fiscal-year row
/// label such as `元 年 度` or `4年度(続き)`.
pub fn is_row_label(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ROW_LABEL.is_match(&compact)
}

/// Removes page-break labels, vertical labels and rules, joins items cut by
/// a page break, and turns markup into `\t` separators.
pub fn clean_page(page: &MappedText) -> Cleaned {
    let text = page.as_str();
    let lines = line_ranges(text);
    let kinds: Vec<LineKind> = lines.iter().map(|r| classify(text.get(r.clone()).unwrap_or(""))).collect();
    let labels = find_labels(text, &lines, &kinds);

    let mut edits: Vec<(Range<usize>, &str)> = Vec::new();
    let mut layout_lines = Vec::new();
    let mut is_layout = vec![false; lines.len()];
    for label in &labels {
        for idx in label.lines.clone() {
            if let Some(slot) = is_layout.get_mut(idx) {
                *slot = true;
            }
        }
    }
    for (idx, kind) in kinds.iter().enumerate() {
        if *kind == LineKind::Rule {
            if let Some(slot) = is_layout.get_mut(idx) {
                *slot = true;
            }
        }
    }
    for label in &labels {
        if label.continued {
            if let Some(edit) = join_across(text, &lines, &kinds, &is_layout, label) {
                edits.push(edit);
                continue;
            }
        }
        if let (Some(first), Some(last)) = (lines.get(label.lines.start), lines.get(label.lines.end - 1)) {
            edits.push((first.start..(last.end + 1).min(text.len()), ""));
        }
    }
    for (idx, kind) in kinds.iter().enumerate() {
        if *kind == LineKind::Rule {
            if let Some(line) = lines.get(idx) {
                edits.push((line.start..(line.end + 1).min(text.len()), ""));
            }
        }
    }
    for (idx, layout) in is_layout.iter().enumerate() {
        if *layout {
            layout_lines.push(u32::try_from(idx + 1).unwrap_or(u32::MAX));
        }
    }
    // Drop edits that overlap an earlier one (a join already removed its label).
    edits.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<(Range<usize>, &str)> = Vec::new();
    for edit in edits {
        if kept.last().is_none_or(|(last, _)| edit.0.start >= last.end) {
            kept.push(edit);
        }
    }
    let joined = page.replaced(&kept);
    let tags: Vec<(Range<usize>, &str)> = TAG.find_iter(joined.as_str()).map(|m| (m.range(), "\t")).collect();
    Cleaned { text: joined.replaced(&tags), layout_lines }
}

/// A stray label glued to the start of an item: `21.4 ` in
/// `21.4 日ニュージーランド…`, `4 ` in `4 HA/DR-EWG(…`. Returns its byte
/// length and the number it holds (the fiscal year of a vertical label).
pub fn stray_prefix(item: &str) -> Option<(usize, u32)> {
    let digits_end = item.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(item.len());
    if digits_end == 0 {
        return None;
    }
    let rest = item.get(digits_end..)?;
    let spaces = rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len();
    let after = rest.get(spaces..)?.chars().next()?;
    // `5 回`, `2 + 2`, `10 名` are text, not labels.
    if spaces == 0 || after.is_ascii_digit() || "年月回名カ+＋.".contains(after) {
        return None;
    }
    let number = item.get(..digits_end)?.rsplit('.').next()?.parse().ok()?;
    Some((digits_end + spaces, number))
}

/// Byte ranges of stray ` 年度 ` label pieces inside a text
/// (`平和維持 年度 活動EWG`): a vertical label that the conversion spread
/// over a cell.
pub fn stray_year_pieces(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (idx, _) in text.match_indices("年度") {
        let before = text.get(..idx).and_then(|t| t.chars().last());
        let after = text.get(idx + "年度".len()..).and_then(|t| t.chars().next());
        if before.is_some_and(|c| c == ' ' || c == '\u{3000}') && after.is_some_and(|c| c == ' ' || c == '\u{3000}') {
            let start = idx - before.map_or(0, char::len_utf8);
            let end = idx + "年度".len() + after.map_or(0, char::len_utf8);
            found.push(start..end);
        }
    }
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// A whole row label on one line (`3年度`, `2年度(続き)`).
    Label {
        continued: bool,
    },
    /// One character of a vertical label (`年  `).
    Vertical,
    /// `----- ---`.
    Rule,
    Content,
}

#[derive(Debug, Clone)]
struct Label {
    /// Indices into the line list.
    lines: Range<usize>,
    continued: bool,
}

/// Byte ranges of the lines of `text`, without `\n` and a trailing `\r`.
pub(crate) fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (idx, _) in text.match_indices('\n') {
        let end = if text.get(..idx).is_some_and(|t| t.ends_with('\r')) { idx - 1 } else { idx };
        ranges.push(start..end);
        start = idx + 1;
    }
    ranges.push(start..text.len());
    ranges
}

fn classify(line: &str) -> LineKind {
    let trimmed = line.trim_matches(|c: char| c.is_whitespace());
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    let mut chars = trimmed.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if VERTICAL_CHARS.contains(&c) {
            return LineKind::Vertical;
        }
    }
    if trimmed.chars().count() <= 20 && is_row_label(trimmed) {
        return LineKind::Label { continued: trimmed.contains('続') };
    }
    if trimmed.contains("--") && trimmed.chars().all(|c| c == '-' || c == '－' || c.is_whitespace()) {
        return LineKind::Rule;
    }
    LineKind::Content
}

/// Whole-line labels and runs of vertical characters that spell a label.
fn find_labels(text: &str, lines: &[Range<usize>], kinds: &[LineKind]) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut idx = 0;
    while idx < kinds.len() {
        match kinds.get(idx) {
            Some(LineKind::Label { continued }) => {
                labels.push(Label { lines: idx..idx + 1, continued: *continued });
                idx += 1;
            }
            Some(LineKind::Vertical) => {
                let start = idx;
                while kinds.get(idx) == Some(&LineKind::Vertical) {
                    idx += 1;
                }
                let spelt: String = lines
                    .get(start..idx)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|r| text.get(r.clone()))
                    .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
                    .collect();
                if idx - start >= 2 && is_row_label(&spelt) {
                    labels.push(Label { lines: start..idx, continued: spelt.contains('続') });
                }
            }
            _ => idx += 1,
        }
    }
    labels
}

/// The edit that joins the content before a `(続き)` label to the content
/// after it: everything between is removed, or replaced by `、` when the
/// first part ended a complete item and the second starts a new one.
fn join_across(
    text: &str,
    lines: &[Range<usize>],
    kinds: &[LineKind],
    is_layout: &[bool],
    label: &Label,
) -> Option<(Range<usize>, &'static str)> {
    let is_content =
        |idx: usize| kinds.get(idx) == Some(&LineKind::Content) && !is_layout.get(idx).copied().unwrap_or(true);
    let before = (0..label.lines.start).rev().find(|&i| is_content(i))?;
    let after = (label.lines.end..kinds.len()).find(|&i| is_content(i))?;
    let before_line = lines.get(before)?;
    let after_line = lines.get(after)?;
    let mut tail = before_line.end;
    loop {
        let window_start = floor_char_boundary(text, tail.saturating_sub(TAIL_WINDOW).max(before_line.start));
        let window = text.get(window_start..tail)?;
        match TAIL_JUNK.find(window) {
            Some(m) if !m.as_str().is_empty() => {
                // A label counts only as a whole cell (`<p>2年度</p>`), not
                // as the end of a word such as `令和2年度`.
                let is_label =
                    m.as_str().starts_with(|c: char| c == '元' || c.is_ascii_digit() || ('０'..='９').contains(&c));
                let prev = window.get(..m.start()).and_then(|t| t.chars().last());
                if is_label && prev.is_some_and(|c| c != '>' && !c.is_whitespace()) {
                    break;
                }
                tail = window_start + m.start();
            }
            _ => break,
        }
    }
    let head_text = text.get(after_line.clone())?;
    let head = after_line.start + (head_text.len() - head_text.trim_start().len());
    let ended_item = text.get(..tail)?.ends_with([')', '）']);
    let starts_new = text.get(head..)?.chars().next().is_some_and(|c| !"、,，)）(（".contains(c));
    Some((tail..head, if ended_item && starts_new { "、" } else { "" }))
}

fn floor_char_boundary(text: &str, mut idx: usize) -> usize {
    while idx > 0 && !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> Cleaned {
        clean_page(&MappedText::from_source(text))
    }

    #[test]
    fn vertical_label_cutting_a_token_is_joined() {
        let cleaned =
            clean("【豪】防衛相会談（R\n\n4  \n年  \n度  \n（  \n続  \nき  \n）\n\n5年2月）、統幕長豪訪問（5月）\n");
        assert_eq!(cleaned.text.as_str(), "【豪】防衛相会談（R5年2月）、統幕長豪訪問（5月）\n");
        let idx = cleaned.text.as_str().find('5').unwrap();
        assert_eq!(cleaned.text.origin(idx).line, 11);
        assert_eq!(cleaned.layout_lines, vec![3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn complete_item_before_a_break_gets_a_separator() {
        let cleaned = clean("【加】会談(12月)\n\n3  \n年  \n度  \n（  \n続  \nき  \n）\n\n官との会談(11月)\n");
        assert_eq!(cleaned.text.as_str(), "【加】会談(12月)、官との会談(11月)\n");
    }

    #[test]
    fn one_line_continuation_label_and_trailing_cell_label() {
        let cleaned = clean("x<p>【印】電話会談</p> <p>2年度</p>\n\n2年度(続き)\n\n(11月)、会談(9月)\n【英】y\n");
        assert_eq!(cleaned.text.as_str(), "x\t【印】電話会談(11月)、会談(9月)\n【英】y\n");
    }

    #[test]
    fn labels_without_continuation_and_rules_are_removed() {
        let cleaned = clean("a\n3年度\nb\n4  \n年  \n度\nc\n-----\t---\nd");
        assert_eq!(cleaned.text.as_str(), "a\nb\nc\nd");
        assert_eq!(cleaned.layout_lines, vec![2, 4, 5, 6, 8]);
    }

    #[test]
    fn stray_labels() {
        assert_eq!(stray_prefix("21.4 日ニュージーランド"), Some((5, 4)));
        assert_eq!(stray_prefix("4 HA/DR-EWG(5月)"), Some((2, 4)));
        assert_eq!(stray_prefix("5 回日加"), None);
        assert_eq!(stray_prefix("日加"), None);
        let text = "平和維持 年度 活動EWG";
        let cuts = stray_year_pieces(text);
        assert_eq!(cuts.len(), 1);
        assert_eq!(MappedText::from_source(text).without(&cuts).as_str(), "平和維持活動EWG");
    }
}
