//! The 達成手段 table at the top of the 事前分析表: initial and executed
//! amounts per measure and fiscal year, as `budget` mentions.

use super::items::{normalize_text, trim_range};
use crate::date::{self, Context};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer::{self, Abbreviations};
use crate::text::MappedText;
use koryu_model::{Category, CountDetail, Era, MentionKind};
use std::ops::Range;

/// Title of the table's total row (extraction.md).
pub(crate) const TOTAL_ROW: &str = "施策の予算額・執行額";

/// The fiscal years of the amount columns, when `cells` is the header row
/// (`令和2年度 3年度 4年度(※1)`): at least two cells, every non-empty
/// cell a fiscal year.
pub(crate) fn column_years(line: &str, cells: &[Range<usize>], era: Option<Era>) -> Option<Vec<i32>> {
    let ctx = Context { document_era: era, ..Context::default() };
    let mut years = Vec::new();
    for cell in cells {
        let text = line.get(cell.clone())?.trim();
        if text.is_empty() {
            continue;
        }
        // A footnote mark (`(※1)`) is not part of the year.
        let text = text.split(['(', '（']).next().unwrap_or(text).trim();
        let resolved = date::resolve(text, &ctx).ok()?;
        years.push(resolved.fiscal_year?.0);
    }
    (years.len() >= 2).then_some(years)
}

/// True when the line is a row of the 達成手段 table: `(1) name`, `(5)`, or
/// the total row.
pub(crate) fn is_budget_row(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with(TOTAL_ROW) || {
        let head: String = trimmed.chars().take(6).collect();
        let nfkc = normalize_text(&head);
        nfkc.starts_with('(')
            && nfkc.get(1..).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            && nfkc.contains(')')
    }
}

/// A number in a cell and its byte range there.
type Amount = (i64, Range<usize>);

/// One amount cell: `112 (89)` → (112, Some(89)); `141` → (141, None), with
/// the byte ranges of the two numbers.
fn amount(cell: &str) -> Option<(Amount, Option<Amount>)> {
    let number = |s: &str, from: usize| -> Option<(i64, Range<usize>)> {
        let rest = s.get(from..)?;
        let start = from + (rest.len() - rest.trim_start().len());
        let digits =
            s.get(start..)?.chars().take_while(|c| c.is_ascii_digit() || *c == ',').map(char::len_utf8).sum::<usize>();
        let value = s.get(start..start + digits)?.replace(',', "").parse().ok()?;
        Some((value, start..start + digits))
    };
    let (initial, first) = number(cell, 0)?;
    let rest = cell.get(first.end..)?.trim();
    if rest.is_empty() {
        return Some(((initial, first), None));
    }
    let open = cell.find(['(', '（'])?;
    let open_len = cell.get(open..)?.chars().next()?.len_utf8();
    let executed = number(cell, open + open_len)?;
    let close = cell.get(executed.1.end..)?.trim();
    (close == ")" || close == "）").then_some(((initial, first), Some(executed)))
}

/// Emits the budget mentions of one row; `line_range` is the row in `text`.
pub(crate) fn extract_row(sink: &mut Sink<'_>, text: &MappedText, line_range: Range<usize>, years: &[i32]) -> bool {
    let line = text.as_str().get(line_range.clone()).unwrap_or("");
    let cells = cell_ranges(line);
    let Some(first_amount) = cells.iter().position(|c| line.get(c.clone()).is_some_and(|t| amount(t).is_some())) else {
        return false;
    };
    let name_cells: Vec<Range<usize>> =
        cells.iter().take(first_amount).filter_map(|c| trim_range(line, c.clone())).collect();
    let (Some(name_start), Some(name_end)) = (name_cells.first().map(|r| r.start), name_cells.last().map(|r| r.end))
    else {
        return false;
    };
    let title_raw = line.get(name_start..name_end).unwrap_or("").to_owned();
    let title = budget_title(&title_raw);
    let countries = gazetteer::countries_in(&title, Abbreviations::InContext);
    let amounts =
        cells.iter().skip(first_amount).map_while(|c| line.get(c.clone()).and_then(amount).map(|a| (c.start, a)));
    for ((cell_start, (initial, executed)), year) in amounts.zip(years) {
        for (value, range, detail) in
            [Some((initial.0, initial.1, CountDetail::Initial)), executed.map(|e| (e.0, e.1, CountDetail::Executed))]
                .into_iter()
                .flatten()
        {
            let mut draft = draft_event(Category::Budget);
            draft.kind = MentionKind::Budget;
            draft.title.clone_from(&title);
            draft.title_raw.clone_from(&title_raw);
            draft.fiscal_year = Some(*year);
            draft.countries.clone_from(&countries);
            draft.count = Some(value);
            draft.count_detail = Some(detail);
            draft.section = Some("達成手段".to_owned());
            let start = line_range.start + cell_start + range.start;
            sink.mention(draft, text, start..start + range.len());
        }
    }
    true
}

/// `(1) 教育訓練履修給付金` → `教育訓練履修給付金`; `(5) 部隊レベル対話` likewise.
fn budget_title(raw: &str) -> String {
    let nfkc = normalize_text(raw);
    let without_number = match nfkc.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((number, rest)) if number.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => nfkc.as_str(),
    };
    without_number.trim().to_owned()
}

/// Byte ranges of the tab-separated cells of a line.
pub(crate) fn cell_ranges(line: &str) -> Vec<Range<usize>> {
    let mut cells = Vec::new();
    let mut start = 0;
    for (idx, _) in line.match_indices('\t') {
        cells.push(start..idx);
        start = idx + 1;
    }
    cells.push(start..line.len());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_initial_and_executed() {
        assert_eq!(amount("112 (89)").map(|(a, b)| (a.0, b.map(|b| b.0))), Some((112, Some(89))));
        assert_eq!(amount("141").map(|(a, b)| (a.0, b.map(|b| b.0))), Some((141, None)));
        assert!(amount("教育").is_none());
        assert!(amount("12 (x)").is_none());
        assert_eq!(budget_title("(1) 教育訓練履修給付金"), "教育訓練履修給付金");
        assert_eq!(budget_title("(5)\t部隊レベル対話"), "部隊レベル対話");
        assert!(is_budget_row("(2) ジブチ軍に対する支援\t66 (2)"));
        assert!(!is_budget_row("(防衛省05-①)"));
    }
}
