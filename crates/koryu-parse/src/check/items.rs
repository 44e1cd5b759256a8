//! Checks over the items under one header in one fiscal year: duplicates, missing dates, dates outside the year.
//!
//! Items are grouped by (sheet, section, header_raw, fiscal_year). Several
//! mentions of one item (`電話会談(10月、10月、12月)`) share the item's
//! position; only mentions at different positions are different items.

use koryu_model::{Code, DatePoint, Diagnostic, DocKind, Edtf, FiscalYear, Mention, MentionKind, PartialDate, Status};
use std::collections::BTreeMap;

/// Runs the item checks over `mentions`.
pub(super) fn check_items(mentions: &[Mention], found: &mut Vec<Diagnostic>) {
    let mut groups: BTreeMap<GroupKey<'_>, Vec<&Mention>> = BTreeMap::new();
    for mention in mentions.iter().filter(|m| m.kind == MentionKind::Event) {
        let key = (
            mention.span.sheet.as_deref(),
            mention.section.as_deref(),
            mention.header_raw.as_deref(),
            mention.fiscal_year,
        );
        groups.entry(key).or_default().push(mention);
    }
    for group in groups.values() {
        // In a white paper's tables a date written twice (`26.9、26.9`) is
        // two visits, each with its own position: not a duplicate to report.
        if group.iter().all(|m| m.source_doc_kind != DocKind::WhitePaper) {
            check_duplicates(group, found);
        }
        check_missing_dates(group, found);
    }
    for mention in mentions.iter().filter(|m| m.kind == MentionKind::Event) {
        check_fiscal_year(mention, found);
    }
}

type GroupKey<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<i32>);

/// The same item (title, place, mode, status and date) written twice.
fn check_duplicates(group: &[&Mention], found: &mut Vec<Diagnostic>) {
    let mut first_seen: BTreeMap<String, &Mention> = BTreeMap::new();
    for mention in group {
        let key = format!(
            "{}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{}",
            mention.title,
            mention.location.as_deref().unwrap_or(""),
            mention.mode,
            mention.status,
            mention.date.map(|d| edtf_text(&d)).unwrap_or_default()
        );
        match first_seen.get(&key) {
            Some(first) if (first.span.line, first.span.column) != (mention.span.line, mention.span.column) => {
                let header = mention.header_raw.as_deref().unwrap_or("this section");
                let when = mention.date.map(|d| format!(" ({})", edtf_text(&d))).unwrap_or_default();
                found.push(
                    Diagnostic::new(
                        Code::DuplicateItem,
                        mention.span.clone(),
                        format!(
                            "`{}`{when} is listed twice under {header} in one fiscal year (first at line {}, column {}); remove one or correct its date",
                            mention.title, first.span.line, first.span.column
                        ),
                        mention.title_raw.clone(),
                    )
                    .with_help(format!("first listed at {}:{}", first.span.line, first.span.column)),
                );
            }
            Some(_) => {}
            None => {
                first_seen.insert(key, mention);
            }
        }
    }
}

/// An item with no date where its siblings under the same header have one.
fn check_missing_dates(group: &[&Mention], found: &mut Vec<Diagnostic>) {
    if group.iter().all(|m| m.date.is_none()) {
        return;
    }
    for mention in group.iter().filter(|m| m.date.is_none() && m.header_raw.is_some() && m.status != Status::Cancelled)
    {
        found.push(Diagnostic::new(
            Code::MissingDate,
            mention.span.clone(),
            format!("`{}` has no date while the other items under its header do; add the month", mention.title),
            mention.title_raw.clone(),
        ));
    }
}

/// A date outside the fiscal year of the item's section.
fn check_fiscal_year(mention: &Mention, found: &mut Vec<Diagnostic>) {
    let (Some(fiscal_year), Some(date)) = (mention.fiscal_year, mention.date) else { return };
    let points: Vec<PartialDate> = match date {
        Edtf::Point(point) => point.date().into_iter().collect(),
        // A range that only starts or ends outside is range-crosses-fiscal-year.
        Edtf::Interval { start, end } => {
            let inside =
                |p: Option<DatePoint>| p.and_then(|p| p.date()).is_some_and(|d| FiscalYear(fiscal_year).contains(&d));
            if inside(start) || inside(end) {
                return;
            }
            start.and_then(|p| p.date()).into_iter().collect()
        }
    };
    if let Some(outside) = points.iter().find(|d| !FiscalYear(fiscal_year).contains(d)) {
        found.push(Diagnostic::new(
            Code::MonthOutsideFiscalYear,
            mention.span.clone(),
            format!(
                "`{}` is dated {outside}, outside {} (April {} to March {}); check the year or the section",
                mention.title,
                super::fiscal_year_label(fiscal_year),
                fiscal_year,
                fiscal_year + 1
            ),
            mention.title_raw.clone(),
        ));
    }
}

fn edtf_text(date: &Edtf) -> String {
    match date {
        Edtf::Point(point) => point.to_string(),
        Edtf::Interval { start, end } => format!(
            "{}/{}",
            start.map_or_else(|| "..".to_owned(), |p| p.to_string()),
            end.map_or_else(|| "..".to_owned(), |p| p.to_string())
        ),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use koryu_model::{Category, DocKind, SourceSpan};

    /// A hand-made event mention under `header` in fiscal year `fy`.
    pub(crate) fn event(line: u32, column: u32, header: &str, fy: i32, title: &str, date: Option<Edtf>) -> Mention {
        Mention {
            title: title.to_owned(),
            title_raw: title.to_owned(),
            date,
            fiscal_year: Some(fy),
            header_raw: Some(header.to_owned()),
            section: Some("high_level".to_owned()),
            line,
            column,
            span: SourceSpan { line, column, byte_start: column as usize, byte_end: column as usize + 3, sheet: None },
            ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
        }
    }

    pub(crate) fn ym(year: i64, month: u32) -> Option<Edtf> {
        Some(Edtf::date(PartialDate::year_month(year, month).unwrap()))
    }

    fn codes(mentions: &[Mention]) -> Vec<(Code, u32, u32)> {
        let mut found = Vec::new();
        check_items(mentions, &mut found);
        found.iter().map(|d| (d.code, d.line, d.column)).collect()
    }

    #[test]
    fn one_item_listing_a_month_twice_is_not_a_duplicate() {
        let mut second = event(1, 5, "【豪】", 2019, "防衛相電話会談", ym(2019, 10));
        second.occurrence = 1;
        let mentions = vec![event(1, 5, "【豪】", 2019, "防衛相電話会談", ym(2019, 10)), second];
        assert!(codes(&mentions).is_empty());
    }

    #[test]
    fn two_identical_items_are_a_duplicate() {
        let mentions = vec![
            event(1, 5, "【豪】", 2019, "防衛相会談", ym(2019, 6)),
            event(1, 20, "【豪】", 2019, "防衛相会談", ym(2019, 6)),
            event(1, 40, "【豪】", 2019, "防衛相会談", ym(2019, 11)),
            event(3, 5, "【豪】", 2020, "防衛相会談", ym(2020, 6)),
        ];
        assert_eq!(codes(&mentions), vec![(Code::DuplicateItem, 1, 20)]);
    }

    #[test]
    fn undated_item_among_dated_siblings() {
        let mentions = vec![
            event(1, 5, "【印】", 2020, "防衛相電話会談", ym(2020, 5)),
            event(1, 25, "【印】", 2020, "日印ACSA署名", None),
            event(2, 5, "【英】", 2020, "協議", None),
        ];
        assert_eq!(codes(&mentions), vec![(Code::MissingDate, 1, 25)]);
    }

    #[test]
    fn explicit_year_outside_the_fiscal_year() {
        let mentions = vec![
            event(1, 5, "【印】", 2019, "防衛相会談", ym(2020, 1)),
            event(1, 25, "【印】", 2019, "防衛相会談", ym(2020, 5)),
        ];
        assert_eq!(codes(&mentions), vec![(Code::MonthOutsideFiscalYear, 1, 25)]);
    }
}
