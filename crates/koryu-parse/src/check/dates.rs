//! Dates in the running text: impossible dates the extractor did not meet, and years in prose that contradict their section (`year-contradicts-section`).
//!
//! The section's fiscal year at a place in a line is read off the mentions
//! around it on the same line (the nearest before and after, budget rows
//! excluded because their columns are fiscal years, not sections). Where
//! those disagree the place is a block boundary (`…(12月)</p> <p>●令和2年度
//! においては…`) and nothing is reported; where there is no mention on the
//! line the fiscal year is unknown and nothing is reported either.

use super::{page_span, Line};
use crate::date::{self, Context, DateError, Note};
use crate::read::Page;
use koryu_model::{Code, Diagnostic, FiscalYear, Mention, MentionKind};
use std::collections::BTreeMap;

/// Scans every line of `page` for date expressions.
pub(super) fn check_prose_dates(page: &Page, lines: &[Line], mentions: &[Mention], found: &mut Vec<Diagnostic>) {
    let mut fiscal_years_by_line: BTreeMap<u32, Vec<(usize, i32)>> = BTreeMap::new();
    for mention in mentions {
        if mention.span.sheet != page.sheet || mention.kind == MentionKind::Budget {
            continue;
        }
        if let Some(fiscal_year) = mention.fiscal_year {
            fiscal_years_by_line.entry(mention.span.line).or_default().push((mention.span.byte_start, fiscal_year));
        }
    }
    for neighbours in fiscal_years_by_line.values_mut() {
        neighbours.sort_unstable();
    }
    let context = Context { document_era: document_era(page, lines), ..Context::default() };
    for line in lines {
        let text = line.text(page);
        if text.trim().is_empty() {
            continue;
        }
        let neighbours = fiscal_years_by_line.get(&line.number).map_or(&[][..], Vec::as_slice);
        for found_date in date::scan(text, &context) {
            let start = line.range.start + found_date.range.start;
            let end = line.range.start + found_date.range.end;
            let expr = text.get(found_date.range.clone()).unwrap_or("");
            let span = page_span(page, start..end);
            let section = section_fiscal_year(neighbours, start);
            // A month-only expression (`11月～R5年1月`) needs the section's
            // fiscal year: resolve it again with it where it is known, and
            // do not judge a range without it.
            let result = match section {
                Some(fiscal_year) => {
                    let context = Context { fiscal_year: Some(FiscalYear(fiscal_year)), ..context.clone() };
                    date::resolve(expr, &context).or(found_date.result)
                }
                None => found_date.result,
            };
            match result {
                Err(DateError::RangeEndsBeforeStart { .. }) if section.is_none() => {}
                Err(error) => {
                    if let Some(code) = error.code() {
                        found.push(Diagnostic::new(code, span, format!("{error}; correct the date"), expr));
                    }
                }
                Ok(resolved) => {
                    // The era notes only: the fiscal-year ones need the
                    // section, which the extractor's items already judged.
                    for note in &resolved.notes {
                        let message = match note {
                            Note::EraYearPastEnd => {
                                format!("`{expr}` is past the last day of its era; it is read arithmetically, check that this was meant")
                            }
                            Note::EraYearBeforeStart => format!(
                                "`{expr}` is before the first day of its era; it is read arithmetically, check the era"
                            ),
                            Note::TwoDigitYear => format!(
                                "`{expr}` names a year of two figures and no era; it is read as a western year, check it"
                            ),
                            Note::MonthOutsideFiscalYear | Note::RangeCrossesFiscalYear => continue,
                        };
                        found.push(
                            Diagnostic::new(note.code(), span.clone(), message, expr).with_severity(note.severity()),
                        );
                    }
                    let Some(named) = resolved.fiscal_year else { continue };
                    if resolved.date.is_some() {
                        continue;
                    }
                    let Some(section) = section else { continue };
                    if named.0 != section {
                        found.push(
                            Diagnostic::new(
                                Code::YearContradictsSection,
                                span,
                                format!(
                                    "`{expr}` names {} but this paragraph stands in the {} section; correct the year or move the paragraph",
                                    super::fiscal_year_label(named.0),
                                    super::fiscal_year_label(section)
                                ),
                                expr,
                            )
                            .with_help(format!("the section's fiscal year is {}", super::fiscal_year_label(section))),
                        );
                    }
                }
            }
        }
    }
}

/// The fiscal year of the mentions around byte `at` on one line, when the
/// nearest before and the nearest after (those that exist) agree.
fn section_fiscal_year(neighbours: &[(usize, i32)], at: usize) -> Option<i32> {
    let before = neighbours.iter().rev().find(|(byte, _)| *byte < at).map(|(_, fy)| *fy);
    let after = neighbours.iter().find(|(byte, _)| *byte > at).map(|(_, fy)| *fy);
    match (before, after) {
        (Some(a), Some(b)) if a == b => Some(a),
        (Some(a), None) | (None, Some(a)) => Some(a),
        _ => None,
    }
}

/// The era of the first explicit era date in the document (its title:
/// 令和5年度…), for `2年度` and `元年度` in the body.
fn document_era(page: &Page, lines: &[Line]) -> Option<koryu_model::Era> {
    lines
        .iter()
        .take(50)
        .flat_map(|line| date::scan(line.text(page), &Context::default()))
        .find_map(|found| found.result.ok().and_then(|resolved| resolved.era))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_of_a_place_needs_agreeing_neighbours() {
        let neighbours = [(10, 2019), (50, 2019), (90, 2020)];
        assert_eq!(section_fiscal_year(&neighbours, 5), Some(2019));
        assert_eq!(section_fiscal_year(&neighbours, 30), Some(2019));
        assert_eq!(section_fiscal_year(&neighbours, 70), None);
        assert_eq!(section_fiscal_year(&neighbours, 95), Some(2020));
        assert_eq!(section_fiscal_year(&[], 95), None);
    }
}
