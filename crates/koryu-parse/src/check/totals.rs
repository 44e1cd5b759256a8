//! Stated totals against the sum of their parts (`total-mismatch`): student counts and the budget table.
//!
//! Students: a `合計N名` mention (title `合計`) against the per-country counts
//! of the same fiscal year, direction (`inbound`/`outbound`) and section.
//! Budget: the `施策の予算額・執行額` row (count_detail `initial_total` /
//! `executed_total`) against the 達成手段 rows of the same fiscal year and
//! amount kind (`initial` / `executed`). The budget table rounds each amount to
//! millions of yen, so a sum of n rows may drift by up to n/2 from the
//! rounded total; only a larger difference is a defect (in file 002, 599
//! against 600 for five rows is rounding, 145 against 613 is not).

use koryu_model::Code;
use koryu_model::{CountDetail, Diagnostic, Mention, MentionKind};
use std::collections::BTreeMap;

/// The title the extractor gives a stated student total.
pub const STUDENT_TOTAL_TITLE: &str = "合計";
/// The title of the budget table's total row.
pub const BUDGET_TOTAL_TITLE: &str = "施策の予算額・執行額";

/// Runs both total checks.
pub(super) fn check_totals(mentions: &[Mention], found: &mut Vec<Diagnostic>) {
    check_kind(mentions, MentionKind::StudentCount, STUDENT_TOTAL_TITLE, Tolerance::Exact, found);
    check_kind(mentions, MentionKind::Budget, BUDGET_TOTAL_TITLE, Tolerance::Rounding, found);
}

#[derive(Debug, Clone, Copy)]
enum Tolerance {
    Exact,
    /// Each part was rounded to a whole unit: allow half a unit per part.
    Rounding,
}

type TotalKey<'a> = (Option<&'a str>, Option<&'a str>, Option<i32>, Option<CountDetail>);

fn check_kind(
    mentions: &[Mention],
    kind: MentionKind,
    total_title: &str,
    tolerance: Tolerance,
    found: &mut Vec<Diagnostic>,
) {
    let mut groups: BTreeMap<TotalKey<'_>, Vec<&Mention>> = BTreeMap::new();
    for mention in mentions.iter().filter(|m| m.kind == kind && m.count.is_some()) {
        // A total stands in the group of the parts it adds up.
        let detail = mention.count_detail.map(CountDetail::of_parts);
        let key = (mention.span.sheet.as_deref(), mention.section.as_deref(), mention.fiscal_year, detail);
        groups.entry(key).or_default().push(mention);
    }
    for group in groups.values_mut() {
        group.sort_by_key(|m| (m.span.line, m.span.byte_start, m.occurrence));
        for (total, parts) in split_at_totals(group, total_title) {
            let Some(stated) = total.count else { continue };
            if parts.is_empty() {
                continue;
            }
            let sum: i64 = parts.iter().filter_map(|m| m.count).sum();
            let difference = (stated - sum).abs();
            let allowed_twice = match tolerance {
                Tolerance::Exact => 0,
                Tolerance::Rounding => i64::try_from(parts.len()).unwrap_or(i64::MAX),
            };
            if difference * 2 <= allowed_twice {
                continue;
            }
            found.push(mismatch(total, stated, sum, parts.len()));
        }
    }
}

/// Pairs each total with its parts: the parts after it up to the next total;
/// parts before the first total belong to the first.
fn split_at_totals<'a>(group: &[&'a Mention], total_title: &str) -> Vec<(&'a Mention, Vec<&'a Mention>)> {
    let mut pairs: Vec<(&Mention, Vec<&Mention>)> = Vec::new();
    let mut leading = Vec::new();
    for mention in group {
        if mention.title == total_title || mention.count_detail.is_some_and(CountDetail::is_total) {
            let parts = std::mem::take(&mut leading);
            pairs.push((mention, parts));
        } else if let Some((_, parts)) = pairs.last_mut() {
            parts.push(mention);
        } else {
            leading.push(mention);
        }
    }
    pairs
}

fn mismatch(total: &Mention, stated: i64, sum: i64, n_parts: usize) -> Diagnostic {
    let what = match (total.kind, total.count_detail) {
        (MentionKind::Budget, Some(CountDetail::Executed | CountDetail::ExecutedTotal)) => "executed amount",
        (MentionKind::Budget, Some(CountDetail::Initial | CountDetail::InitialTotal)) => "initial budget",
        (MentionKind::Budget, _) => "amount",
        (_, Some(CountDetail::Inbound)) => "total of students received",
        (_, Some(CountDetail::Outbound)) => "total of students sent abroad",
        _ => "total",
    };
    let year = total.fiscal_year.map(|fy| format!("{} ", super::fiscal_year_label(fy))).unwrap_or_default();
    let unit = if total.kind == MentionKind::Budget { " (million yen)" } else { "" };
    Diagnostic::new(
        Code::TotalMismatch,
        total.span.clone(),
        format!("the {year}{what} is {stated}{unit} but its {n_parts} parts add up to {sum}; correct the total or the parts"),
        total.title_raw.clone(),
    )
    .with_help(format!("the parts add up to {sum}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::items::tests::event;

    fn count(kind: MentionKind, line: u32, column: u32, fy: i32, detail: CountDetail, title: &str, n: i64) -> Mention {
        let mut mention = event(line, column, "", fy, title, None);
        mention.kind = kind;
        mention.header_raw = None;
        mention.count = Some(n);
        mention.count_detail = Some(detail);
        mention
    }

    fn findings(mentions: &[Mention]) -> Vec<(u32, u32, String)> {
        let mut found = Vec::new();
        check_totals(mentions, &mut found);
        found.into_iter().map(|d| (d.line, d.column, d.message)).collect()
    }

    #[test]
    fn student_totals_must_add_up_exactly() {
        let s = MentionKind::StudentCount;
        let mentions = vec![
            count(s, 4, 10, 2020, CountDetail::Inbound, "合計", 12),
            count(s, 4, 30, 2020, CountDetail::Inbound, "タイ", 10),
            count(s, 4, 40, 2020, CountDetail::Inbound, "米国", 2),
            count(s, 4, 60, 2020, CountDetail::Outbound, "合計", 9),
            count(s, 4, 70, 2020, CountDetail::Outbound, "米国", 7),
            count(s, 4, 80, 2020, CountDetail::Outbound, "英国", 1),
        ];
        let found = findings(&mentions);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (4, 60));
        assert!(found[0].2.contains("is 9 but its 2 parts add up to 8"), "{}", found[0].2);
    }

    #[test]
    fn budget_totals_allow_rounding_of_each_row() {
        let b = MentionKind::Budget;
        let mut mentions = Vec::new();
        for (line, initial, executed) in [(2, 112, 89), (3, 66, 2), (4, 276, 34), (5, 108, 13), (6, 51, 7)] {
            mentions.push(count(b, line, 5, 2020, CountDetail::Initial, "row", initial));
            mentions.push(count(b, line, 5, 2020, CountDetail::Executed, "row", executed));
            mentions.push(count(b, line, 9, 2022, CountDetail::Initial, "row", initial + 1));
        }
        mentions.push(count(b, 7, 5, 2020, CountDetail::InitialTotal, BUDGET_TOTAL_TITLE, 613));
        mentions.push(count(b, 7, 5, 2020, CountDetail::ExecutedTotal, BUDGET_TOTAL_TITLE, 613));
        // Five rows of 614 sum to 618 against 620: within 2.5.
        mentions.push(count(b, 7, 9, 2022, CountDetail::InitialTotal, BUDGET_TOTAL_TITLE, 620));
        let found = findings(&mentions);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].2.contains("令和2年度 executed amount is 613 (million yen) but its 5 parts add up to 145"),
            "{}",
            found[0].2
        );
    }
}
