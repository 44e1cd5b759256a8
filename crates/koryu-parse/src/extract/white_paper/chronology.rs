//! A chronology (資料編 `防衛協力・交流の主な動き`) that writes its year once, on
//! a row of its own, and each entry's date as `M.D`: the entries are given
//! their year before the page is read, so each is a dated entry like
//! `2015年4月8日　…` (positions kept: the written date maps to the `M.D`).
//!
//! ```text
//! year  = 15（平成27）年 | 平成27年 | 2015年           (alone on its line: cut, structure)
//! entry = M.D[～D | ～M.D]　TEXT                     (4.8　…, 5.29～31　…, 12.28～1.5　…)
//! ditto = 〃　TEXT                                   (the entry before's date)
//! head  = 年月日　　事　　項                           (the column header: structure)
//! ```
//!
//! Only a page with a year row followed by at least [`MIN_ENTRIES`] entries
//! is touched; entries before the first year row are left as they are.

use crate::date::{self, Context};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Fewest `M.D` entries under year rows that make a page a chronology.
const MIN_ENTRIES: usize = 3;

/// How to read a chronology page.
pub(crate) struct Dated {
    /// Byte ranges of the page and what replaces each.
    pub edits: Vec<(Range<usize>, String)>,
    /// The year rows, cut from the text: structure.
    pub year_rows: Vec<Range<usize>>,
    /// The column headers (`年月日　　事　　項`): structure.
    pub headers: Vec<Range<usize>>,
}

static YEAR_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{3000}]*((?:[0-9]{2,4}[（(](?:昭和|平成|令和)(?:[0-9]{1,2}|元)[）)]|(?:昭和|平成|令和)(?:[0-9]{1,2}|元)|[0-9]{4})年)[ \t\u{3000}]*$")
        .expect("valid regex")
});

static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{3000}]*(([0-9]{1,2})\.([0-9]{1,2})(?:[～~〜]([0-9]{1,2})(?:\.([0-9]{1,2}))?)?)[ \t\u{3000}]\S")
        .expect("valid regex")
});

/// The column header a chronology repeats on each page (`年月日　　事　　項`).
static COLUMN_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{3000}]*年月日?[ \t\u{3000}]+事[ \t\u{3000}]*項[ \t\u{3000}]*$").expect("valid regex")
});

static DITTO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t\u{3000}]*(〃)[ \t\u{3000}]\S").expect("valid regex"));

/// The edits that date the entries of `text` (lines at `lines`); `None`
/// when `text` is no such chronology.
pub(crate) fn dated_entries(text: &str, lines: &[Range<usize>]) -> Option<Dated> {
    let mut dated = Dated { edits: Vec::new(), year_rows: Vec::new(), headers: Vec::new() };
    let mut year: Option<i32> = None;
    let mut last: Option<String> = None;
    for range in lines {
        let line = text.get(range.clone()).unwrap_or("");
        // Cheap first look: every shape this module reads starts with a
        // digit, 〃 or an era after at most a few spaces.
        let head = line.trim_start_matches([' ', '\t', '\u{3000}']);
        if head.starts_with('年') && COLUMN_HEADER.is_match(line) {
            dated.headers.push(range.clone());
            continue;
        }
        if !head.starts_with(|c: char| c.is_ascii_digit() || c == '〃' || c == '昭' || c == '平' || c == '令') {
            continue;
        }
        if let Some(m) = YEAR_ROW.captures(line).and_then(|c| c.get(1)) {
            year = resolved_year(m.as_str());
            if year.is_some() {
                dated.year_rows.push(range.start + m.start()..range.start + m.end());
                last = None;
            }
            continue;
        }
        let Some(y) = year else { continue };
        if let Some(caps) = ENTRY.captures(line) {
            let (Some(all), Some(month), Some(day)) = (caps.get(1), caps.get(2), caps.get(3)) else { continue };
            let number = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u32>().ok());
            let (Some(month), Some(day)) = (number(Some(month)), number(Some(day))) else { continue };
            let mut written = format!("{y}年{month}月{day}日");
            match (number(caps.get(4)), number(caps.get(5))) {
                // `12.28～1.5`: the end is in the next year.
                (Some(end_month), Some(end_day)) if end_month < month => {
                    written.push_str(&format!("～{}年{end_month}月{end_day}日", y + 1));
                }
                (Some(end_month), Some(end_day)) => written.push_str(&format!("～{end_month}月{end_day}日")),
                (Some(end_day), None) => written.push_str(&format!("～{end_day}日")),
                _ => {}
            }
            last = Some(written.clone());
            // The space after it makes the entry's gap a chronology's two.
            written.push('\u{3000}');
            dated.edits.push((range.start + all.start()..range.start + all.end(), written));
        } else if let (Some(m), Some(previous)) = (DITTO.captures(line).and_then(|c| c.get(1)), last.as_ref()) {
            dated.edits.push((range.start + m.start()..range.start + m.end(), format!("{previous}\u{3000}")));
        }
    }
    let entries = dated.edits.len();
    for row in &dated.year_rows {
        dated.edits.push((row.clone(), String::new()));
    }
    (entries >= MIN_ENTRIES).then_some(dated)
}

/// The western year a year row names (`15（平成27）年` → 2015).
fn resolved_year(row: &str) -> Option<i32> {
    let resolved = date::resolve(row, &Context::default()).ok()?;
    Some(resolved.date?.first_date()?.get_year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> Option<String> {
        let lines = crate::layout::line_ranges(text);
        let dated = dated_entries(text, &lines)?;
        let mut edits = dated.edits;
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::new();
        let mut pos = 0;
        for (range, with) in edits {
            out.push_str(text.get(pos..range.start)?);
            out.push_str(&with);
            pos = range.end;
        }
        out.push_str(text.get(pos..)?);
        Some(out)
    }

    #[test]
    fn entries_get_the_year_of_the_row_above() {
        let text = "15（平成27）年\n4.8　来日\n5.29～31　会議\n〃　会談\n12.28～1.5　訓練\n";
        assert_eq!(
            apply(text).as_deref(),
            Some("\n2015年4月8日　　来日\n2015年5月29日～31日　　会議\n2015年5月29日～31日　　会談\n2015年12月28日～2016年1月5日　　訓練\n")
        );
    }

    #[test]
    fn a_numbered_list_without_a_year_row_is_left_alone() {
        assert_eq!(apply("1.2　項目\n3.4　項目\n5.6　項目\n"), None);
        // Too few entries to be a chronology.
        assert_eq!(apply("2015年\n4.8　来日\n"), None);
    }
}
