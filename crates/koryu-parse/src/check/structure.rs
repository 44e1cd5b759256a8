//! Structural damage in an evaluation table: measures of the main table without a 別紙 section, fiscal-year rows that restart inside one section.
//!
//! A lost heading or a cut file leaves no malformed line behind: every
//! remaining line still reads, but under the wrong indicator or not at all.
//! What gives it away is the table's outline. The main table (事前分析表)
//! names its 測定指標 and the 別紙 must have a section for each; inside one
//! section the fiscal-year rows run forward (元, 2, 3 …). This module reads
//! that outline once per page with the extractor's own pieces
//! ([`layout::clean_page`], [`Section::from_heading`], [`layout::is_row_label`]),
//! so it sees the lines the way the extractor saw them.

use super::page_span;
use crate::date::{self, Context};
use crate::extract::evaluation_table::{split_segments, strip_p, Section};
use crate::gazetteer;
use crate::layout;
use crate::read::Page;
use koryu_model::{Code, Diagnostic, Era, SourceSpan};
use regex::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// `●令和3年度においては`, `●令和元年度は`: a row's introduction, which names its year.
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^●\s*((?:令和|平成|R|H)?\s*(?:元|[0-9０-９]{1,2})\s*年度)(?:において|は)").expect("valid regex")
});

/// A count of people (`92名`, `合計104名`): the 留学生 section's content.
static HEADCOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9０-９]+\s*名").expect("valid regex"));

/// `第9回日豪防衛当局間協議`: a numbered consultation, the 定期協議 section's content.
static NUMBERED_TALKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第[0-9０-９]+回[^、()（）【】]{0,40}協議").expect("valid regex"));

/// What one document's outline says, gathered over its pages.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// Measures the main table names, where it names them.
    measures: Vec<(Section, SourceSpan, String)>,
    /// The main table names the 別紙 (its 目標 column says `別紙`).
    refers_to_annex: bool,
    /// Sections of the 別紙, in order, with their heading.
    pub sections: Vec<(Section, SourceSpan, String)>,
    /// The last non-blank line of the document: where a cut file ends.
    last_line: Option<(SourceSpan, String)>,
    /// A row restarted after the last heading: the measures missing after
    /// it lost their headings, the file is not cut.
    restart_in_last_section: bool,
    /// The first fiscal-year row of the 別紙 before any heading: where a
    /// lost first heading stood.
    orphan_row: Option<(SourceSpan, String)>,
}

/// A fiscal-year row mark inside the 別紙: a label (`3年度`, `元 年 度` in
/// the first cell) or an introduction (`●令和3年度においては`).
#[derive(Debug)]
struct RowMark {
    fiscal_year: i32,
    span: SourceSpan,
    excerpt: String,
    /// The row's own text after the mark, to say which category it fits.
    content: String,
    /// The mark opens a row (a first-cell label or an introduction); a
    /// label alone on its line only names the year of the row it belongs to.
    opens_row: bool,
}

/// One step of a page's outline, in reading order.
#[derive(Debug)]
enum Step {
    Heading(Section),
    Row(RowMark),
}

/// Reads the outline of `pages`, reports `section-restart` into `found`,
/// and returns the outline for [`check_sections`].
pub(crate) fn read_outline(pages: &[Page], era: Option<Era>, found: &mut Vec<Diagnostic>) -> Outline {
    let mut outline = Outline::default();
    let ctx = Context { document_era: era, ..Context::default() };
    for page in pages {
        let steps = page_steps(page, &ctx, &mut outline);
        let restarted = check_rows(&steps, found);
        let before_heading = steps.iter().map_while(|(_, _, step)| match step {
            Step::Row(mark) => Some(mark),
            Step::Heading(_) => None,
        });
        if let (None, Some(mark)) = (&outline.orphan_row, before_heading.into_iter().next()) {
            outline.orphan_row = Some((mark.span.clone(), mark.excerpt.clone()));
        }
        if steps.iter().any(|(_, _, step)| matches!(step, Step::Heading(_))) {
            outline.restart_in_last_section = restarted;
        }
    }
    outline
}

/// The headings and row marks of one page, in line order; measures and the
/// 別紙 reference go into `outline`.
fn page_steps(page: &Page, ctx: &Context, outline: &mut Outline) -> Vec<(u32, usize, Step)> {
    let cleaned = layout::clean_page(&page.text);
    let text = cleaned.text.as_str();
    let mut steps: Vec<(u32, usize, Step)> = Vec::new();
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // The extractor's zones: the main table until the 別紙's title (or a
    // heading alone on its line).
    let mut in_annex = !first_line.contains("事前分析表") || first_line.contains("別紙");
    let mut in_measures = false;
    for range in layout::line_ranges(text) {
        let Some(line) = text.get(range.clone()) else { continue };
        if line.trim().is_empty() {
            continue;
        }
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let excerpt: String = trimmed.chars().take(30).collect();
        let end = range.start + lead + excerpt.len();
        outline.last_line = Some((mapped_span(page, &cleaned.text, range.start + lead..end), excerpt));
        let compact = gazetteer::nfkc_compact(line);
        if compact.contains("事前分析表") {
            in_annex |= compact.contains("別紙");
            continue;
        }
        if !in_annex {
            let heading_alone = !line.contains('\t') && Section::from_heading(line.trim()).is_some();
            if !heading_alone && !compact.contains("年度においては") {
                top_line(page, &cleaned.text, line, range.start, &mut in_measures, outline);
                continue;
            }
            in_annex = true;
        }
        annex_line(page, &cleaned.text, line, range.start, ctx, outline, &mut steps);
    }
    // The excerpt of the last line as the source writes it (the cleaned
    // text has tabs for markup).
    if let Some((span, excerpt)) = outline.last_line.as_mut() {
        let source_lines = layout::line_ranges(page.text.as_str());
        let index = usize::try_from(span.line).unwrap_or(0).saturating_sub(1);
        if let Some(original) = source_lines.get(index).and_then(|r| page.text.as_str().get(r.clone())) {
            *excerpt = original.trim().chars().take(30).collect();
        }
    }
    // Labels alone on their lines (`3年度`, a vertical `4 年 度 （続き）`)
    // are layout to the cleaner; here they are row marks.
    let source = page.text.as_str();
    let source_lines = layout::line_ranges(source);
    let mut run: Vec<u32> = Vec::new();
    let layout_lines = cleaned.layout_lines.iter().copied().chain(std::iter::once(u32::MAX));
    for number in layout_lines {
        if run.last().is_some_and(|last| number == last.saturating_add(1)) {
            run.push(number);
            continue;
        }
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            let lines = source_lines.get((*first as usize).saturating_sub(1)..*last as usize).unwrap_or(&[]);
            let spelt: String = lines.iter().filter_map(|r| source.get(r.clone())).collect();
            if let (true, Some(start), Some(end)) = (layout::is_row_label(&spelt), lines.first(), lines.last()) {
                let span = page_span(page, start.start..end.end);
                if let Some(fiscal_year) = label_year(&spelt, ctx) {
                    let excerpt: String = spelt.chars().filter(|c| !c.is_whitespace()).collect();
                    let mark = RowMark { fiscal_year, span, excerpt, content: String::new(), opens_row: false };
                    steps.push((*first, 0, Step::Row(mark)));
                }
            }
        }
        run.clear();
        run.push(number);
    }
    // Stable: marks found on one line keep their order within it.
    steps.sort_by_key(|(line, column, _)| (*line, *column));
    steps
}

/// A line of the main table: measures after its `測定指標` row, until the
/// 達成手段 table starts.
fn top_line(
    page: &Page,
    text: &crate::text::MappedText,
    line: &str,
    offset: usize,
    in_measures: &mut bool,
    outline: &mut Outline,
) {
    let compact = gazetteer::nfkc_compact(line);
    if compact.starts_with("測定指標") {
        *in_measures = true;
    } else if compact.starts_with("達成手段") {
        *in_measures = false;
    }
    if !*in_measures {
        return;
    }
    let mut start = 0;
    for cell in line.split('\t') {
        let range = offset + start..offset + start + cell.len();
        start += cell.len() + 1;
        let cell = strip_p(cell);
        if gazetteer::nfkc_compact(cell) == "別紙" {
            outline.refers_to_annex = true;
        } else if let Some(section) = Section::from_heading(cell) {
            outline.measures.push((section, mapped_span(page, text, range), cell.to_owned()));
        }
    }
}

/// A line of the 別紙: headings, labelled rows, row introductions.
fn annex_line(
    page: &Page,
    text: &crate::text::MappedText,
    line: &str,
    offset: usize,
    ctx: &Context,
    outline: &mut Outline,
    steps: &mut Vec<(u32, usize, Step)>,
) {
    let mut cell_start = 0;
    let mut first_cell = true;
    for cell in line.split('\t') {
        let cell_range = cell_start..cell_start + cell.len();
        cell_start += cell.len() + 1;
        let is_first = std::mem::replace(&mut first_cell, false);
        if is_first && line.contains('\t') && layout::is_row_label(cell) {
            if let Some(fiscal_year) = label_year(cell, ctx) {
                let span = mapped_span(page, text, offset + cell_range.start..offset + cell_range.end);
                let content = capped(line.get(cell_range.end..).unwrap_or(""));
                let excerpt = cell.trim().to_owned();
                steps.push((
                    span.line,
                    span.column as usize,
                    Step::Row(RowMark { fiscal_year, span, excerpt, content, opens_row: true }),
                ));
            }
            continue;
        }
        for segment in split_segments(line, cell_range) {
            let Some(raw) = line.get(segment.clone()) else { continue };
            let seg_text = strip_p(raw);
            let span = mapped_span(page, text, offset + segment.start..offset + segment.end);
            if let Some(section) = Section::from_heading(seg_text) {
                outline.sections.push((section, span.clone(), seg_text.to_owned()));
                steps.push((span.line, span.column as usize, Step::Heading(section)));
            } else if let Some(intro) = INTRO.captures(seg_text) {
                let year = intro.get(1).and_then(|m| label_year(m.as_str(), ctx));
                if let Some(fiscal_year) = year {
                    let content = capped(line.get(segment.start..).unwrap_or(""));
                    let excerpt = intro.get(0).map_or("", |m| m.as_str()).to_owned();
                    steps.push((
                        span.line,
                        span.column as usize,
                        Step::Row(RowMark { fiscal_year, span, excerpt, content, opens_row: true }),
                    ));
                }
            }
        }
    }
}

/// The source span of cleaned-text bytes `range`, with the page's sheet.
fn mapped_span(page: &Page, text: &crate::text::MappedText, range: Range<usize>) -> SourceSpan {
    let mut span = text.span(range);
    span.sheet.clone_from(&page.sheet);
    span
}

/// The fiscal year of a label (`3 年 度`, `2年度(続き)`, `令和元年度`).
fn label_year(label: &str, ctx: &Context) -> Option<i32> {
    let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let year_part = compact.split(['(', '（']).next().unwrap_or("");
    date::resolve(year_part, ctx).ok()?.fiscal_year.map(|fy| fy.0)
}

/// `section-restart`: a row whose year is before the previous row's in
/// the same section, or a second row opened for a year that already has
/// one (an introduction `●令和4年度においては` twice). A label and the
/// introduction on its line are one row, and a label alone on its line
/// (`3年度`, `4年度(続き)`) only names the year of the row around it.
/// True when a row restarted after the page's last heading.
fn check_rows(steps: &[(u32, usize, Step)], found: &mut Vec<Diagnostic>) -> bool {
    let mut section: Option<Section> = None;
    let mut previous: Option<(i32, u32)> = None;
    // Rows opened in this section: year → line of the first (a map, so a
    // line of many marks of one year stays one entry).
    let mut opened: BTreeMap<i32, u32> = BTreeMap::new();
    let mut restarted = false;
    for (_, _, step) in steps {
        match step {
            Step::Heading(s) => {
                section = Some(*s);
                previous = None;
                opened.clear();
                restarted = false;
            }
            Step::Row(mark) => {
                let line = mark.span.line;
                let repeated = opened
                    .get(&mark.fiscal_year)
                    .filter(|at| mark.opens_row && **at != line)
                    .map(|at| (mark.fiscal_year, *at));
                let back = previous.filter(|(year, _)| mark.fiscal_year < *year);
                if let Some(current) = section {
                    if let Some((year, at)) = back.or(repeated) {
                        found.push(restart(current, mark, year, at));
                        restarted = true;
                        // The rows after it belong to the lost section.
                        opened.clear();
                    }
                }
                if mark.opens_row {
                    opened.entry(mark.fiscal_year).or_insert(line);
                }
                previous = Some((mark.fiscal_year, line));
            }
        }
    }
    restarted
}

fn restart(section: Section, mark: &RowMark, previous_year: i32, previous_line: u32) -> Diagnostic {
    let fits = better_fit(section, &mark.content)
        .map(|other| format!("; its items read like {} rather than {}", other.name(), section.name()))
        .unwrap_or_default();
    Diagnostic::new(
        Code::SectionRestart,
        mark.span.clone(),
        format!(
            "this {} row {} the {} row at line {previous_line} inside the section {}{fits}; \
             an indicator heading above it was probably lost, so its items are filed under the wrong category",
            super::fiscal_year_label(mark.fiscal_year),
            if mark.fiscal_year == previous_year { "repeats" } else { "comes after" },
            super::fiscal_year_label(previous_year),
            section.name(),
        ),
        mark.excerpt.clone(),
    )
    .with_help("restore the heading (二国間・多国間における…) above this row")
}

/// How much of a row's text [`better_fit`] reads: enough for its first
/// items, and a line of many marks costs no more than its length.
const CONTENT_BYTES: usize = 2000;

/// The start of a row's text, at most [`CONTENT_BYTES`].
fn capped(text: &str) -> String {
    text.get(..floor_boundary(text, CONTENT_BYTES)).unwrap_or("").to_owned()
}

/// The category a row's text fits better than `section`, if it clearly does.
fn better_fit(section: Section, content: &str) -> Option<Section> {
    if section != Section::Education && HEADCOUNT.is_match(content) && content.contains("留学") {
        Some(Section::Education)
    } else if section == Section::HighLevel && NUMBERED_TALKS.is_match(content) {
        Some(Section::WorkingLevel)
    } else if !matches!(section, Section::UnitExchange) && content.contains("親善訓練") {
        Some(Section::UnitExchange)
    } else {
        None
    }
}

fn floor_boundary(text: &str, mut idx: usize) -> usize {
    idx = idx.min(text.len());
    while idx > 0 && !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

/// `missing-section`: each measure of the main table without a section in
/// the 別紙, and each 別紙 section the main table does not name. Only a
/// file with both parts has anything to cross-check.
pub(crate) fn check_sections(outline: &Outline, found: &mut Vec<Diagnostic>) {
    let has_annex = outline.refers_to_annex || !outline.sections.is_empty();
    if outline.measures.is_empty() || !has_annex {
        return;
    }
    let last_section = outline.sections.last().map(|(s, span, _)| (s.name(), span.line));
    for (section, span, raw) in &outline.measures {
        if outline.sections.iter().any(|(s, _, _)| s == section) {
            continue;
        }
        let after = match last_section {
            Some((name, line)) => format!(" (the last section the 別紙 has is {name}, at line {line})"),
            None => " (the file has no 別紙 section at all)".to_owned(),
        };
        found.push(
            Diagnostic::new(
                Code::MissingSection,
                span.clone(),
                format!(
                    "the main table names the measure {} but the 別紙 has no section for it{after}; \
                     the file may be cut or its heading lost",
                    section.name()
                ),
                raw.clone(),
            )
            .with_help("check the file is complete and that the 別紙 has this heading"),
        );
    }
    cut_tail(outline, found);
    lost_first_heading(outline, found);
    let mut reported: Vec<Section> = Vec::new();
    for (section, span, raw) in &outline.sections {
        if outline.measures.iter().any(|(s, _, _)| s == section) || reported.contains(section) {
            continue;
        }
        reported.push(*section);
        found.push(Diagnostic::new(
            Code::MissingSection,
            span.clone(),
            format!(
                "the 別紙 has a section {} that the main table does not name among its 測定指標; \
                 a row of the main table may be lost",
                section.name()
            ),
            raw.clone(),
        ));
    }
}

/// A file cut after a section: the measures without a section are exactly
/// the ones the main table names after the 別紙's last section. Said once
/// more where the file ends, since that is where the damage is.
fn cut_tail(outline: &Outline, found: &mut Vec<Diagnostic>) {
    let Some((span, excerpt)) = &outline.last_line else { return };
    let present = |s: &Section| outline.sections.iter().any(|(p, _, _)| p == s);
    let last_present = outline.measures.iter().rposition(|(s, _, _)| present(s));
    let missing: Vec<&str> =
        outline.measures.iter().filter(|(s, _, _)| !present(s)).map(|(s, _, _)| s.name()).collect();
    let tail_only = match last_present {
        Some(idx) => outline.measures.iter().take(idx).all(|(s, _, _)| present(s)),
        None => true,
    };
    if missing.is_empty() || !tail_only || outline.restart_in_last_section {
        return;
    }
    let section = outline.sections.last().map_or("the main table", |(s, _, _)| s.name());
    found.push(
        Diagnostic::new(
            Code::MissingSection,
            span.clone(),
            format!(
                "the file ends in {section} while the main table names {} more measure{} after it ({}); \
                 the file is probably cut here",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                missing.join("、")
            ),
            excerpt.clone(),
        )
        .with_help("take the complete file from the source"),
    );
}

/// Rows before the 別紙's first heading while the main table's first
/// measure has no section: that heading was lost above these rows. Said
/// there as well, since that is where it belongs.
fn lost_first_heading(outline: &Outline, found: &mut Vec<Diagnostic>) {
    let (Some((span, excerpt)), Some((first, _, _))) = (&outline.orphan_row, outline.measures.first()) else { return };
    if outline.sections.iter().any(|(s, _, _)| s == first) {
        return;
    }
    found.push(
        Diagnostic::new(
            Code::MissingSection,
            span.clone(),
            format!(
                "this row stands before any indicator heading and the main table's first measure {} has no section; \
                 its heading was probably lost above this row",
                first.name()
            ),
            excerpt.clone(),
        )
        .with_help("restore the heading (二国間・多国間における…) above this row"),
    );
}

#[cfg(test)]
mod tests {
    use crate::{parse_source, SourceMeta};
    use koryu_model::{Category, Code, CountryCode};
    use proptest::prelude::*;

    /// Fixture tables with a main table, several sections and labelled rows.
    const TABLES: [&str; 4] = [
        include_str!("../../../../fixtures/structure/quiet-lookalikes.txt"),
        include_str!("../../../../fixtures/structure/annex-alone.txt"),
        include_str!("../../../../fixtures/validate/missing-section.txt"),
        include_str!("../../../../fixtures/structure/edition-drop-earlier.txt"),
    ];

    const STRUCTURAL: [Code; 3] = [Code::MissingSection, Code::SectionRestart, Code::HeaderContradictsTitle];

    /// Title → (category, countries) of each event mention, in order.
    fn read(text: &str) -> (Vec<(String, Category, Vec<CountryCode>)>, usize) {
        let extracted = parse_source(text.as_bytes(), &SourceMeta::default()).unwrap_or_else(|e| panic!("{e}"));
        let structural = extracted.diagnostics.iter().filter(|d| STRUCTURAL.contains(&d.code)).count();
        let mentions = extracted
            .mentions
            .into_iter()
            .map(|m| (m.title, m.category.expect("a text table names its sections"), m.countries))
            .collect::<Vec<_>>();
        (mentions, structural)
    }

    /// Lines that are headings: indicator headings (alone or in a cell), row
    /// labels alone on their line, and lines that start with a 【header】.
    fn heading_lines(text: &str) -> Vec<usize> {
        text.lines()
            .enumerate()
            .filter(|(_, line)| {
                let trimmed = line.trim();
                trimmed.starts_with('【')
                    || crate::layout::is_row_label(trimmed)
                    || line.split('\t').any(|cell| super::Section::from_heading(super::strip_p(cell)).is_some())
            })
            .map(|(idx, _)| idx)
            .collect()
    }

    #[test]
    fn the_fixtures_are_quiet_and_have_headings() {
        for table in &TABLES[..2] {
            assert_eq!(read(table).1, 0);
        }
        for table in TABLES {
            assert!(heading_lines(table).len() >= 3);
        }
    }

    /// The property below, for every heading line of every table.
    #[test]
    fn deleting_each_heading_is_seen_or_harmless() {
        let mut n_seen = 0;
        for text in TABLES {
            let (before, before_structural) = read(text);
            for deleted in heading_lines(text) {
                let (after, after_structural) = read(&without_line(text, deleted));
                if after_structural > before_structural {
                    n_seen += 1;
                    continue;
                }
                let mut expected = before.clone();
                for mention in &after {
                    let found = expected.iter().position(|m| m == mention);
                    assert!(found.is_some(), "line {} deleted: {mention:?} changed silently", deleted + 1);
                    if let Some(idx) = found {
                        expected.remove(idx);
                    }
                }
            }
        }
        // Some deletions are seen (an indicator heading), others harmless (a
        // label before its introduction).
        assert!(n_seen >= 4, "{n_seen}");
    }

    fn without_line(text: &str, deleted: usize) -> String {
        text.lines().enumerate().filter(|(idx, _)| *idx != deleted).map(|(_, l)| format!("{l}\n")).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Deleting any one heading line yields a structural diagnostic, or
        /// leaves every remaining mention's category and countries unchanged.
        #[test]
        fn deleting_a_heading_is_seen_or_harmless(table in 0..TABLES.len(), pick in 0usize..64) {
            let text = TABLES[table];
            let headings = heading_lines(text);
            let deleted = headings[pick % headings.len()];
            let damaged = without_line(text, deleted);
            let (before, before_structural) = read(text);
            let (after, after_structural) = read(&damaged);
            if after_structural <= before_structural {
                // Quiet: every mention still there reads as before.
                let mut expected = before.clone();
                for mention in &after {
                    let found = expected.iter().position(|m| m == mention);
                    prop_assert!(found.is_some(), "line {} deleted: {:?} changed silently", deleted + 1, mention);
                    if let Some(idx) = found {
                        expected.remove(idx);
                    }
                }
            }
        }
    }
}
