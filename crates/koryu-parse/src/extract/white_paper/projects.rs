//! Project tables such as 図表Ⅲ-3-1-6 能力構築支援事業の活動状況: numbered
//! projects with 期間, 対象 and 派遣要員; one `capacity_building` mention per
//! project and period.
//!
//! The grammar of a table, line by line after its caption:
//!
//! ```text
//! project = NUMBER SPACE TITLE           (１　…, 10　…; full- or half-width)
//!           TITLE-CONTINUATION*          (人材育成, （現地調査）)
//!           "期間：" PERIOD ("、" PERIOD)*  (2012.12 ～ 2013.3, 2014.10 ～ 11, 2015.3)
//!           "対象：" TARGET TARGET-CONTINUATION*
//!           "派遣要員：" STAFF ["（…×N）"]  (structure: no count field is invented)
//! legend  = 【凡例】 then short `X：…` lines
//! labels  = map labels: country names, or a number or range (19～21) alone
//! ```
//!
//! Blank lines and page headers (`285 平成27年版 防衛白書`, `第Ⅲ部 …`) may fall
//! anywhere. Any other line (the next heading, prose, another caption) ends
//! the table.

use super::visits::{caption_title, mark, next_non_blank};
use super::{Edition, Lines};
use crate::coverage::LineStatus;
use crate::date::{self, Context};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer::{countries_in, header_countries, nfkc_compact, Abbreviations};
use koryu_model::{Category, Code, Direction};
use std::ops::Range;

/// If the table this module reads starts at line index `i`, extracts it
/// (mentions, structure, diagnostics through `sink`) and returns the index
/// of the first line after it; `None` when no such table starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let _ = edition;
    let caption = lines.get(i);
    // `図表Ⅲ-3-1-6 …`, or a list's own title without a figure number
    // (`能力構築支援事業の実施状況（令和6年度）`).
    if caption_title(caption).is_none() && !is_list_title(caption) {
        return None;
    }
    // The caption must be followed by a numbered project whose 期間 comes
    // within a few lines (a 参照 line or another figure is not this table).
    let first = next_non_blank(lines, i + 1)?;
    project_start(lines.get(first))?;
    let has_period =
        (first + 1..lines.len().min(first + 8)).any(|k| field(lines.get(k)).is_some_and(|(f, _)| f == Field::Period));
    if !has_period {
        return None;
    }
    let section = nfkc_compact(caption);
    mark(sink, lines, i, LineStatus::Structure);
    let mut project: Option<Project> = None;
    let mut state = State::Projects;
    let mut k = i + 1;
    let mut end = i + 1;
    while k < lines.len() {
        let line = lines.get(k);
        let line_start = lines.ranges.get(k).map_or(0, |r| r.start);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            k += 1;
            continue;
        }
        // A box or the next figure after the table ends it (the last
        // project's text would otherwise run on into them).
        let compact = nfkc_compact(trimmed).replace('*', "");
        if matches!(compact.as_str(), "KEYWORD" | "キーワード") || caption_title(line).is_some() {
            break;
        }
        let claimed = if is_page_header(trimmed) {
            true
        } else if let Some(title) = project_start(line) {
            // `2　多国間の安全保障協力` then prose: the next heading, not a project.
            if state != State::Projects || !fields_follow(lines, k) {
                break;
            }
            if let Some(done) = project.take() {
                done.emit(sink, lines, &section);
            }
            let number_at = line_start + (line.len() - line.trim_start().len());
            project = Some(Project { start: number_at, title: vec![shift(&title, line_start)], ..Project::default() });
            true
        } else if let Some((name, value)) = field(line) {
            match project.as_mut() {
                Some(p) if state == State::Projects => {
                    let value = shift(&value, line_start);
                    match name {
                        Field::Period => p.periods.push(value),
                        Field::Target => p.target.push(value),
                        Field::Staff => {}
                    }
                    p.last = Some(name);
                    true
                }
                _ => false,
            }
        } else if trimmed == "【凡例】" || trimmed == "凡例" {
            state = State::Legend;
            true
        } else if state == State::Legend && is_legend_entry(trimmed) {
            true
        } else if project.is_some() && is_map_label(line) {
            state = State::Labels;
            true
        } else if let Some(p) = project.as_mut().filter(|_| state == State::Projects) {
            p.continuation(trimmed, line, line_start)
        } else {
            false
        };
        if !claimed {
            break;
        }
        mark(sink, lines, k, LineStatus::Structure);
        k += 1;
        end = k;
    }
    if let Some(done) = project.take() {
        done.emit(sink, lines, &section);
    }
    Some(end)
}

/// Most lines a project's title may wrap over before its first field.
const MAX_TITLE_LINES: usize = 3;

/// Whether a field (`期間：`, `対象：`, `派遣要員：`) follows the project
/// title at line index `k` within its few title lines, before any prose.
fn fields_follow(lines: &Lines<'_>, k: usize) -> bool {
    (k + 1..lines.len())
        .map(|n| lines.get(n))
        .filter(|l| !l.trim().is_empty())
        .take(MAX_TITLE_LINES)
        .take_while(|l| field(l).is_some() || !l.contains(['、', '。']))
        .any(|l| field(l).is_some())
}

/// A page header or footer that a page break drops into a table:
/// `285 平成27年版 防衛白書`, `第Ⅲ部 国民の生命・…`, `第3章 …`.
pub(super) fn is_page_header(trimmed: &str) -> bool {
    let compact = nfkc_compact(trimmed);
    let edition_line = compact.ends_with("防衛白書")
        && compact.contains("年版")
        && compact.chars().count() <= 24
        && !compact.contains('。');
    let part_line = compact.starts_with('第')
        // NFKC turns Ⅲ into III.
        && compact.chars().nth(1).is_some_and(|c| matches!(c, 'I' | 'V' | 'X') || c.is_ascii_digit())
        && (compact.contains('部') || compact.contains('章'))
        && !compact.contains('。');
    edition_line || part_line
}

/// Where the reader is in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Projects,
    Legend,
    Labels,
}

/// The three labelled fields of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// 期間.
    Period,
    /// 対象.
    Target,
    /// 派遣要員.
    Staff,
}

/// One project while its lines are read: byte ranges of the page text.
#[derive(Debug, Default)]
struct Project {
    /// Where the project's number starts: its mentions stand here (the
    /// item's first character, as in the evaluation tables).
    start: usize,
    title: Vec<Range<usize>>,
    periods: Vec<Range<usize>>,
    target: Vec<Range<usize>>,
    /// The field read last, so a wrapped line continues it.
    last: Option<Field>,
}

impl Project {
    /// Takes a line that continues the title (before any field), the target
    /// (after 対象) or the staff (`（海上保安官×1）`); `false` when it is none.
    fn continuation(&mut self, trimmed: &str, line: &str, line_start: usize) -> bool {
        let lead = line.len() - line.trim_start().len();
        let range = line_start + lead..line_start + lead + trimmed.len();
        let short = trimmed.chars().count() <= 30 && !trimmed.contains('。');
        match self.last {
            None if short => self.title.push(range),
            Some(Field::Target) if short => self.target.push(range),
            Some(Field::Staff) if trimmed.contains('×') && short => {}
            _ => return false,
        }
        true
    }

    /// One mention per period; a project without one is a mention without
    /// a date and a `missing-date` warning.
    fn emit(self, sink: &mut Sink<'_>, lines: &Lines<'_>, section: &str) {
        let text = lines.text.as_str();
        let join = |ranges: &[Range<usize>]| -> String {
            ranges.iter().filter_map(|r| text.get(r.clone())).collect::<Vec<_>>().concat()
        };
        let title_raw = join(&self.title);
        let target_raw = join(&self.target);
        let countries = countries_in(&nfkc_compact(&target_raw), Abbreviations::InContext);
        let base = {
            let mut draft = draft_event(Category::CapacityBuilding);
            draft.title = nfkc_compact(&title_raw);
            draft.title_raw.clone_from(&title_raw);
            draft.countries.clone_from(&countries);
            draft.header_raw = (!target_raw.is_empty()).then(|| target_raw.clone());
            // The table lists personnel sent (派遣) to the counterpart.
            draft.direction = Some(Direction::Outbound);
            draft.section = Some(section.to_owned());
            draft
        };
        if countries.is_empty() {
            let at = self.target.first().or(self.title.first()).cloned().unwrap_or(0..0);
            sink.diagnostic(
                Code::UnknownCountry,
                lines.text,
                at,
                "the 対象 of this project names no country the gazetteer knows; correct the name or add it to the gazetteer",
            );
        }
        let mut pieces = Vec::new();
        for period in &self.periods {
            pieces.extend(split_periods(text, period.clone()));
        }
        if pieces.is_empty() {
            let at = self.title.first().map_or(self.start..self.start, |t| self.start..t.end);
            sink.diagnostic(
                Code::MissingDate,
                lines.text,
                at.clone(),
                "this project has no 期間; add it from the original",
            );
            sink.mention(base, lines.text, at);
            return;
        }
        for piece in pieces {
            let raw = text.get(piece.clone()).unwrap_or("");
            match date::resolve(raw, &Context::default()) {
                Ok(resolved) if resolved.date.is_some() => {
                    let mut draft = base.clone();
                    draft.date = resolved.date;
                    draft.date_raw = Some(raw.to_owned());
                    draft.date_precision = Some(resolved.precision);
                    sink.mention(draft, lines.text, self.start..piece.end);
                }
                // `期間：調整中`: a project listed before its dates are set is
                // planned, and its date is missing, not wrong.
                Ok(_) | Err(_) if NOT_YET_SET.iter().any(|w| raw.contains(w)) => {
                    sink.diagnostic(
                        Code::MissingDate,
                        lines.text,
                        piece.clone(),
                        "this project's 期間 is not set yet; it is kept as planned with no date",
                    );
                    let mut draft = base.clone();
                    draft.status = koryu_model::Status::Planned;
                    sink.mention(draft, lines.text, self.start..piece.end);
                }
                Ok(_) | Err(_) => {
                    sink.diagnostic(
                        Code::InvalidDate,
                        lines.text,
                        piece.clone(),
                        "this 期間 is not a year.month or a range of them; correct it from the original",
                    );
                    sink.mention(base.clone(), lines.text, self.start..piece.end);
                }
            }
        }
    }
}

/// A short line, not a sentence, that names capacity building: the title of
/// a project list printed without a figure number.
fn is_list_title(line: &str) -> bool {
    let t = line.trim();
    t.contains("能力構築支援") && !t.contains('。') && t.chars().count() <= 40
}

/// A 期間 that says the dates are still being arranged.
const NOT_YET_SET: &[&str] = &["調整中", "未定", "検討中"];

/// `range` moved by `by` bytes.
fn shift(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// The title of a numbered project line (`１　車両整備技術に関する`), as a
/// byte range of the line; `None` for any other line.
fn project_start(line: &str) -> Option<Range<usize>> {
    let lead = line.len() - line.trim_start().len();
    let body = line.get(lead..)?;
    let digits: usize =
        body.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).map(char::len_utf8).sum();
    if digits == 0 || body.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count() > 3 {
        return None;
    }
    let after = body.get(digits..)?;
    let gap = after.len() - after.trim_start().len();
    let title = after.trim();
    // A space between number and title; the title is text, not a date,
    // a range label (`19～21`) or a field.
    let starts_textually = title
        .chars()
        .next()
        .is_some_and(|c| !(c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．' | '～' | '~')));
    if gap == 0 || !starts_textually || title.contains('：') || title.contains('。') || after.contains('\t') {
        return None;
    }
    let start = lead + digits + gap;
    Some(start..start + title.len())
}

/// A labelled field line: which field, and the byte range of its value.
fn field(line: &str) -> Option<(Field, Range<usize>)> {
    let lead = line.len() - line.trim_start().len();
    let body = line.get(lead..)?;
    for (label, name) in [("期間", Field::Period), ("対象", Field::Target), ("派遣要員", Field::Staff)] {
        let Some(rest) = body.strip_prefix(label) else { continue };
        let sep = rest.chars().next().filter(|c| matches!(c, '：' | ':'))?;
        let value = rest.get(sep.len_utf8()..)?;
        let gap = value.len() - value.trim_start().len();
        let start = lead + label.len() + sep.len_utf8() + gap;
        return Some((name, start..start + value.trim().len()));
    }
    None
}

/// The periods of a 期間 value, split at `、`.
fn split_periods(text: &str, value: Range<usize>) -> Vec<Range<usize>> {
    let Some(s) = text.get(value.clone()) else { return Vec::new() };
    let mut out = Vec::new();
    let mut start = 0;
    for (idx, c) in s.char_indices().chain(std::iter::once((s.len(), '、'))) {
        if matches!(c, '、' | ',') {
            let piece = s.get(start..idx).unwrap_or("");
            let lead = piece.len() - piece.trim_start().len();
            if !piece.trim().is_empty() {
                out.push(value.start + start + lead..value.start + start + lead + piece.trim().len());
            }
            start = idx + c.len_utf8();
        }
    }
    out
}

/// A legend entry: `陸：陸上自衛官`, `　　　：長期派遣事業`.
fn is_legend_entry(trimmed: &str) -> bool {
    let n = trimmed.chars().count();
    (trimmed.contains('：') || trimmed.contains(':')) && n <= 20 && !trimmed.contains('。')
}

/// A map label: a number or range alone (`25`, `19～21`), or country names
/// separated by spaces (`東ティモール パプアニューギニア`).
fn is_map_label(line: &str) -> bool {
    if line.contains('\t') {
        return false;
    }
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let is_number = |t: &str| {
        let parts: Vec<&str> = t.split(['～', '~', '-']).collect();
        parts.len() <= 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
    };
    match tokens.as_slice() {
        [] => false,
        [one] if is_number(one) => true,
        many => many.iter().all(|t| header_countries(t).is_some_and(|c| !c.is_empty())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_lines() {
        assert!(project_start("１　車両整備技術に関する").is_some());
        assert!(project_start("10　施設分野に関する人材育成").is_some());
        assert!(project_start("19～21").is_none());
        assert!(project_start(" \t3\t 多国間共同訓練").is_none());
        assert!(project_start("25").is_none());
        assert_eq!(field("期間：2014.10 ～ 11").map(|(f, _)| f), Some(Field::Period));
        assert!(field("派遣要員：陸×2、内×1").is_some());
        assert!(is_map_label("東ティモール パプアニューギニア"));
        assert!(is_map_label("8～11"));
        assert!(!is_map_label(" \t3\t 多国間共同訓練"));
        assert!(is_page_header("285 平成27年版 防衛白書"));
        assert!(is_page_header("第Ⅲ部 国民の生命・財産と領土・領海・領空を守り抜くための取組"));
        assert!(!is_page_header("第5回日豪防衛相会談を行った。"));
    }

    #[test]
    fn periods_resolve() {
        for (raw, edtf) in
            [("2012.12 ～ 2013.3", "2012-12/2013-03"), ("2014.10 ～ 11", "2014-10/2014-11"), ("2015.3", "2015-03")]
        {
            let r = date::resolve(raw, &Context::default()).unwrap();
            assert_eq!(r.date.unwrap().to_string(), edtf, "{raw}");
        }
    }
}
