//! 留学生の交換: student counts per country (`タイ10名`), in and out, and the
//! stated totals (`合計104名`), as `student_count` mentions.

use super::items::{normalize_text, parts_of, split_top_level, Part, ITEM_SEPARATORS};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer;
use crate::text::MappedText;
use koryu_model::{Category, Code, CountDetail, MentionKind};
use std::ops::Range;

/// What the block's section and year are, for every count.
pub(crate) struct CountContext<'a> {
    pub fiscal_year: Option<i32>,
    pub section_raw: Option<&'a str>,
}

/// Reads one `●留学生の受け入れ：…合計N名…(国N名、…)` paragraph. Returns
/// false when the paragraph holds no count (an introduction).
pub(crate) fn extract_counts(
    sink: &mut Sink<'_>,
    text: &MappedText,
    range: Range<usize>,
    ctx: &CountContext<'_>,
) -> bool {
    let paragraph = text.as_str().get(range.clone()).unwrap_or("");
    let detail = if paragraph.contains("受け入れ") || paragraph.contains("受入") {
        CountDetail::Inbound
    } else if paragraph.contains("留学") || paragraph.contains("派遣") {
        CountDetail::Outbound
    } else {
        return false;
    };
    let total = find_total(paragraph);
    // The breakdown is the last top-level bracket whose pieces are counts.
    let breakdown = parts_of(paragraph).parts.into_iter().rev().find_map(|part| match part {
        Part::Bracket { inner, .. } => {
            let pieces = split_top_level(paragraph.get(inner.clone()).unwrap_or(""), ITEM_SEPARATORS);
            let counts: Vec<_> = pieces
                .into_iter()
                .filter_map(|p| {
                    count_piece(paragraph.get(inner.start + p.start..inner.start + p.end)?)
                        .map(|c| (inner.start + p.start..inner.start + p.end, c))
                })
                .collect();
            (!counts.is_empty()).then_some(counts)
        }
        Part::Text(_) => None,
    });
    if total.is_none() && breakdown.is_none() {
        return false;
    }
    let base = |title: String, title_raw: &str, count: i64| {
        let mut draft = draft_event(Category::Education);
        draft.kind = MentionKind::StudentCount;
        draft.title = title;
        draft.title_raw = title_raw.to_owned();
        draft.fiscal_year = ctx.fiscal_year;
        draft.count = Some(count);
        draft.count_detail = Some(detail);
        draft.section = ctx.section_raw.map(str::to_owned);
        draft
    };
    let mut sum = 0i64;
    for (piece_range, (name, count)) in breakdown.iter().flatten() {
        let piece_raw = paragraph.get(piece_range.clone()).unwrap_or("");
        let abs = range.start + piece_range.start..range.start + piece_range.end;
        let mut draft = base(normalize_text(name), piece_raw, *count);
        match gazetteer::header_countries(name) {
            Some(codes) => draft.countries = codes,
            None => {
                let diagnostic = sink.diagnostic(
                    Code::UnknownCountry,
                    text,
                    abs.clone(),
                    format!("「{name}」 is not a known country; add it to the gazetteer or fix the name"),
                );
                if let Some(known) = gazetteer::suggest_header(name) {
                    diagnostic.help = Some(format!("did you mean 「{known}」?"));
                }
            }
        }
        sum += count;
        sink.mention(draft, text, abs);
    }
    if let Some((total_range, total_count)) = total {
        let abs = range.start + total_range.start..range.start + total_range.end;
        let raw = paragraph.get(total_range).unwrap_or("");
        sink.mention(base("合計".to_owned(), raw, total_count), text, abs.clone());
        if breakdown.is_some() && sum != total_count {
            sink.diagnostic(
                Code::TotalMismatch,
                text,
                abs,
                format!("the stated total is {total_count} but the listed counts add up to {sum}; check the figures"),
            );
        }
    }
    true
}

/// `合計104名` in a paragraph: its byte range and the number.
fn find_total(paragraph: &str) -> Option<(Range<usize>, i64)> {
    let start = paragraph.find("合計")?;
    let after = paragraph.get(start + "合計".len()..)?;
    let digits: usize = after.chars().take_while(char::is_ascii_digit).map(char::len_utf8).sum();
    let count = after.get(..digits)?.parse().ok()?;
    let rest = after.get(digits..)?;
    rest.starts_with('名').then(|| (start..start + "合計".len() + digits + '名'.len_utf8(), count))
}

/// `タイ10名` → (`タイ`, 10).
fn count_piece(piece: &str) -> Option<(&str, i64)> {
    let body = piece.trim().strip_suffix('名')?;
    let digits_start = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let name = body.get(..digits_start)?.trim();
    let count = body.get(digits_start..)?.parse().ok()?;
    (!name.is_empty()).then_some((name, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_totals() {
        assert_eq!(count_piece("タイ10名"), Some(("タイ", 10)));
        assert_eq!(count_piece("東ティモール 3名"), Some(("東ティモール", 3)));
        assert_eq!(count_piece("10名"), None);
        assert_eq!(find_total("計で合計65名の留学生").map(|(_, n)| n), Some(65));
    }
}
