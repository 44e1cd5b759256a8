//! Post-extraction checks: findings that need a whole line, a whole document or several mentions at once.
//!
//! The extractor reports what it meets while reading one item (an unknown
//! header, an item without a date, a date that cannot exist). The checks here
//! run afterwards over the [`Extracted`] mentions plus the document's original
//! text: brackets on each original line, names one edit away from a known
//! place, totals against their parts, duplicates, years in prose. A check
//! never reports what the extractor already reported (same code, same place),
//! so both may cover one rule without the user seeing it twice.

mod brackets;
mod dates;
mod items;
mod names;
mod roles;
mod structure;
mod totals;

use crate::read::{Document, Page};
use crate::{Extracted, SourceMeta};
use koryu_model::{Code, Diagnostic, DocKind, Era, Severity, SourceSpan};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

pub use names::{closest_known_name, is_likely_typo};

/// Runs every check over `extracted` and appends what they find to
/// `extracted.diagnostics`; also adds a `help:` to unknown-country findings
/// that lack one.
pub fn check_extracted(document: &Document, meta: &SourceMeta, extracted: &mut Extracted) {
    let mut found = Vec::new();
    for page in &document.pages {
        let lines = page_lines(page);
        let carry_lines = match extracted.doc_kind {
            DocKind::EvaluationTable | DocKind::Spreadsheet | DocKind::Csv => brackets::TABLE_CARRY_LINES,
            DocKind::WhitePaper | DocKind::PolicyNotice => brackets::PROSE_CARRY_LINES,
        };
        brackets::check_brackets(page, &lines, carry_lines, &mut found);
        names::check_names(page, &lines, &mut found);
        roles::check_roles(page, &lines, &mut found);
        dates::check_prose_dates(page, &lines, &extracted.mentions, &mut found);
    }
    if matches!(extracted.doc_kind, DocKind::EvaluationTable | DocKind::Spreadsheet | DocKind::Csv) {
        let era = crate::extract::evaluation_table::document_era(&document.pages, meta);
        let outline = structure::read_outline(&document.pages, era, &mut found);
        structure::check_sections(&outline, &mut found);
        extracted.sections = outline.sections.iter().map(|(s, span, _)| (s.category(), span.line)).collect();
    }
    items::check_items(&extracted.mentions, &mut found);
    totals::check_totals(&extracted.mentions, &mut found);
    names::add_country_help(&mut extracted.diagnostics);

    // One bracket defect, one finding: where this check read a line's
    // brackets, its findings (errors, naming the pair) replace the
    // extractor's for that line.
    let bracket_lines: HashSet<(Option<&str>, u32)> =
        found.iter().filter(|d| d.code == Code::UnbalancedBracket).map(|d| (d.span.sheet.as_deref(), d.line)).collect();
    extracted
        .diagnostics
        .retain(|d| d.code != Code::UnbalancedBracket || !bracket_lines.contains(&(d.span.sheet.as_deref(), d.line)));
    // An item whose date could not be read is reported for that date, not
    // as an item without one.
    let unreadable_dates = SpansByLine::new(extracted.diagnostics.iter().filter(|d| is_unreadable_date(d)));
    found.retain(|d| d.code != Code::MissingDate || !unreadable_dates.any_within(&d.span));

    let mut merged = FindingIndex::default();
    for (idx, diagnostic) in extracted.diagnostics.iter().enumerate() {
        merged.insert(diagnostic, idx);
    }
    for mut diagnostic in found {
        if let Some(existing) = merged.first_same(&diagnostic).and_then(|idx| extracted.diagnostics.get_mut(idx)) {
            // Keep the extractor's finding, with the fix this check knows.
            if existing.help.is_none() {
                existing.help = diagnostic.help;
            }
            continue;
        }
        diagnostic.source_file.clone_from(&meta.source_file);
        merged.insert(&diagnostic, extracted.diagnostics.len());
        extracted.diagnostics.push(diagnostic);
    }
}

/// Page and line of a span: findings are only ever compared within one.
type LineKey = (Option<String>, u32);

/// Spans grouped by line and sorted by start, with the smallest end from
/// each position on: "does a span lie within this one" is a binary search,
/// not a scan of every span (a table can have thousands of date errors).
struct SpansByLine {
    lines: BTreeMap<LineKey, LineSpans>,
}

/// One line's (byte_start, byte_end) pairs, sorted, and the suffix minima of their ends.
type LineSpans = (Vec<(usize, usize)>, Vec<usize>);

impl SpansByLine {
    fn new<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Self {
        let mut lines: BTreeMap<LineKey, LineSpans> = BTreeMap::new();
        for d in diagnostics {
            lines.entry((d.span.sheet.clone(), d.span.line)).or_default().0.push((d.span.byte_start, d.span.byte_end));
        }
        for (spans, min_end) in lines.values_mut() {
            spans.sort_unstable();
            *min_end = spans
                .iter()
                .rev()
                .scan(usize::MAX, |m, (_, end)| {
                    *m = (*m).min(*end);
                    Some(*m)
                })
                .collect();
            min_end.reverse();
        }
        SpansByLine { lines }
    }

    /// True when one of the spans lies within `outer` (the tests' `lies_within`):
    /// it starts at or after `outer`'s start and ends at or before its end.
    fn any_within(&self, outer: &SourceSpan) -> bool {
        let Some((spans, min_end)) = self.lines.get(&(outer.sheet.clone(), outer.line)) else { return false };
        let first = spans.partition_point(|(start, _)| *start < outer.byte_start);
        min_end.get(first).is_some_and(|end| *end <= outer.byte_end)
    }
}

/// The diagnostics merged so far, keyed by code, page and line, so finding
/// a check's finding among them (the tests' `same_finding`) looks at its line only:
/// by position within the line, the ones at the same column and the ones
/// whose bytes may overlap.
#[derive(Default)]
struct FindingIndex {
    lines: HashMap<(Code, Option<String>, u32), LineFindings>,
}

#[derive(Default)]
struct LineFindings {
    /// Column → first diagnostic index there.
    by_column: HashMap<u32, usize>,
    /// byte_start → diagnostic indices (in order) with their overlap end.
    by_start: BTreeMap<usize, Vec<(usize, usize)>>,
    /// The longest overlap length on this line: a span starting further
    /// back than this before a candidate cannot reach it.
    longest: usize,
}

impl FindingIndex {
    fn insert(&mut self, d: &Diagnostic, idx: usize) {
        let line = self.lines.entry((d.code, d.span.sheet.clone(), d.line)).or_default();
        line.by_column.entry(d.column).or_insert(idx);
        let end = d.span.byte_end.max(d.span.byte_start + 1);
        line.by_start.entry(d.span.byte_start).or_default().push((idx, end));
        line.longest = line.longest.max(end - d.span.byte_start);
    }

    /// The first merged diagnostic that is the finding `candidate`.
    fn first_same(&self, candidate: &Diagnostic) -> Option<usize> {
        let line = self.lines.get(&(candidate.code, candidate.span.sheet.clone(), candidate.line))?;
        let at_column = line.by_column.get(&candidate.column).copied();
        let start = candidate.span.byte_start;
        let end = candidate.span.byte_end.max(start + 1);
        // Overlap: d.start < end && start < d.end, where d.end ≤ d.start + longest.
        let overlapping = line
            .by_start
            .range(start.saturating_sub(line.longest)..end)
            .flat_map(|(_, entries)| entries)
            .filter(|(_, d_end)| start < *d_end)
            .map(|(idx, _)| *idx)
            .min();
        match (at_column, overlapping) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// One original line of a text page (or one cell of a sheet): its byte range
/// in the page text, without the line break.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub range: Range<usize>,
    /// 1-based line (text) or row (sheet).
    pub number: u32,
}

impl Line {
    pub fn text<'a>(&self, page: &'a Page) -> &'a str {
        page.text.as_str().get(self.range.clone()).unwrap_or("")
    }
}

/// The original lines of `page`: split at `\n` (a `\r` before it is not part
/// of the line), and for sheets also where the cell changes, so a check that
/// works "per line" works per cell there.
pub(crate) fn page_lines(page: &Page) -> Vec<Line> {
    let text = page.text.as_str();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut current = page.text.origin(0);
    let push = |range: Range<usize>, lines: &mut Vec<Line>| {
        let trimmed_end =
            if text.get(range.clone()).is_some_and(|t| t.ends_with('\r')) { range.end - 1 } else { range.end };
        let number = page.text.origin(range.start).line;
        lines.push(Line { range: range.start..trimmed_end, number });
    };
    for (idx, ch) in text.char_indices() {
        if ch == '\n' || (page.sheet.is_some() && ch == '\t') {
            push(start..idx, &mut lines);
            start = idx + ch.len_utf8();
            current = page.text.origin(start);
            continue;
        }
        let origin = page.text.origin(idx);
        if page.sheet.is_some() && (origin.line, origin.column) != (current.line, current.column) {
            if idx > start {
                push(start..idx, &mut lines);
            }
            start = idx;
            current = origin;
        }
    }
    push(start..text.len(), &mut lines);
    lines
}

/// The source span of page bytes `range`, with the page's sheet.
pub(crate) fn page_span(page: &Page, range: Range<usize>) -> SourceSpan {
    let mut span = page.text.span(range);
    span.sheet.clone_from(&page.sheet);
    span
}

/// 令和2年度 for fiscal year 2020: how the Ministry names a fiscal year.
pub(crate) fn fiscal_year_label(fiscal_year: i32) -> String {
    // The era in force at the end of December names the fiscal year that
    // starts in April of that year (FY 2019 is 令和元年度, not 平成31年度).
    match Era::on(fiscal_year, 12, 31) {
        Some(era) => {
            let era_year = fiscal_year - era.first_year() + 1;
            if era_year == 1 {
                format!("{}元年度", era.name())
            } else {
                format!("{}{era_year}年度", era.name())
            }
        }
        None => format!("{fiscal_year}年度"),
    }
}

/// A date error: the date could not be read. `era-out-of-range` is one
/// only as an error (era year 0); as a warning (before the era's first day)
/// the date was read arithmetically.
fn is_unreadable_date(d: &Diagnostic) -> bool {
    d.severity == Severity::Error
        && matches!(
            d.code,
            Code::InvalidDate | Code::RangeEndsBeforeStart | Code::EraWesternMismatch | Code::EraOutOfRange
        )
}

/// True when `inner` lies inside `outer` (same page and line): the rule
/// [`SpansByLine::any_within`] answers by binary search; the tests check
/// one against the other.
#[cfg(test)]
fn lies_within(inner: &SourceSpan, outer: &SourceSpan) -> bool {
    inner.sheet == outer.sheet
        && inner.line == outer.line
        && outer.byte_start <= inner.byte_start
        && inner.byte_end <= outer.byte_end
}

/// True when `d` (from the extractor or an earlier check) is the finding `candidate`:
/// same code, same page, and the same position or overlapping bytes on the
/// same line. [`FindingIndex::first_same`] answers this by key; the tests
/// check one against the other.
#[cfg(test)]
fn same_finding(d: &Diagnostic, candidate: &Diagnostic) -> bool {
    d.code == candidate.code
        && d.span.sheet == candidate.span.sheet
        && d.line == candidate.line
        && (d.column == candidate.column
            || (d.span.byte_start < candidate.span.byte_end.max(candidate.span.byte_start + 1)
                && candidate.span.byte_start < d.span.byte_end.max(d.span.byte_start + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fiscal_years_by_era() {
        assert_eq!(fiscal_year_label(2019), "令和元年度");
        assert_eq!(fiscal_year_label(2020), "令和2年度");
        assert_eq!(fiscal_year_label(2018), "平成30年度");
    }

    fn diagnostic(code: Code, line: u32, column: u32, bytes: Range<usize>) -> Diagnostic {
        let span = SourceSpan { line, column, byte_start: bytes.start, byte_end: bytes.end, sheet: None };
        Diagnostic::new(code, span, "m", "x")
    }

    /// Small pseudo-random diagnostics on few lines, so that columns and
    /// byte ranges collide often (a fixed LCG: no test dependency on time).
    fn crowded(n: usize, seed: u64) -> Vec<Diagnostic> {
        let mut state = seed;
        let mut next = |m: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            usize::try_from((state >> 33) % m).unwrap_or(0)
        };
        (0..n)
            .map(|_| {
                let code = if next(2) == 0 { Code::MissingDate } else { Code::LikelyTypo };
                let start = next(40);
                let len = next(6);
                let line = u32::try_from(next(3)).unwrap_or(0) + 1;
                let column = u32::try_from(next(20)).unwrap_or(0);
                diagnostic(code, line, column, start..start + len)
            })
            .collect()
    }

    #[test]
    fn the_finding_index_agrees_with_the_pairwise_rule() {
        for seed in 0..50 {
            let merged = crowded(60, seed);
            let mut index = FindingIndex::default();
            for (idx, d) in merged.iter().enumerate() {
                index.insert(d, idx);
            }
            for candidate in crowded(60, seed + 1000) {
                let expected = merged.iter().position(|d| same_finding(d, &candidate));
                assert_eq!(index.first_same(&candidate), expected, "seed {seed}: {candidate:?}");
            }
        }
    }

    #[test]
    fn spans_by_line_agree_with_lies_within() {
        for seed in 0..50 {
            let inner = crowded(40, seed);
            let spans = SpansByLine::new(inner.iter());
            for outer in crowded(60, seed + 500) {
                let expected = inner.iter().any(|d| lies_within(&d.span, &outer.span));
                assert_eq!(spans.any_within(&outer.span), expected, "seed {seed}: {outer:?}");
            }
        }
    }

    #[test]
    fn splits_text_pages_into_original_lines() {
        let page = Page::from_text("ab\r\n\ncd");
        let lines = page_lines(&page);
        let texts: Vec<(&str, u32)> = lines.iter().map(|l| (l.text(&page), l.number)).collect();
        assert_eq!(texts, vec![("ab", 1), ("", 2), ("cd", 3)]);
    }
}
