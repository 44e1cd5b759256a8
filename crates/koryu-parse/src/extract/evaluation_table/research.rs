//! 研究交流: one mention per numbered item (①②…), with the countries it
//! names and, where months are written, one per country and month.

use super::items::{self, date_pieces, normalize_text, parts_of, split_top_level, ListContext, Part, ITEM_SEPARATORS};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer::{self, Abbreviations};
use crate::text::MappedText;
use koryu_model::{CountryCode, Mode, Role};
use std::ops::Range;

/// Circled numbers that open a research item.
pub(crate) fn is_numbered(text: &str) -> bool {
    text.trim_start().starts_with(|c: char| ('①'..='⑳').contains(&c) || ('㉑'..='㉟').contains(&c))
}

/// Splits a text at each circled number, for cells holding several items
/// (`①…。 ②…。`).
pub(crate) fn numbered_ranges(text: &str) -> Vec<Range<usize>> {
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| ('①'..='⑳').contains(c) || ('㉑'..='㉟').contains(c))
        .map(|(idx, _)| idx)
        .collect();
    let mut ranges = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        if let Some(r) = items::trim_range(text, *start..end) {
            ranges.push(r);
        }
    }
    ranges
}

/// Emits the mentions of one numbered item at `range` of `text`.
pub(crate) fn extract_item(sink: &mut Sink<'_>, text: &MappedText, range: Range<usize>, ctx: &ListContext) {
    let item = text.as_str().get(range.clone()).unwrap_or("");
    let body = item.trim_start_matches(|c: char| ('①'..='⑳').contains(&c) || ('㉑'..='㉟').contains(&c)).trim();
    let title = normalize_text(body);
    let mut draft = draft_event(ctx.section.category());
    draft.title_raw = item.to_owned();
    draft.fiscal_year = ctx.fiscal_year;
    draft.section.clone_from(&ctx.section_raw);
    draft.countries = research_countries(&title);
    draft.mode = Some(if title.contains("オンライン") { Mode::Video } else { Mode::InPerson });
    draft.jp_roles = research_roles(&title);
    draft.title = title;
    // Months written per country (`駐日ルーマニア(4月)、英国(6月)…`): one
    // mention per country and month.
    let date_ctx = ctx.date_context();
    let mut occurrence = 0u32;
    for piece in split_top_level(item, ITEM_SEPARATORS) {
        let piece_text = item.get(piece.clone()).unwrap_or("");
        for part in parts_of(piece_text).parts {
            let Part::Bracket { inner, .. } = part else { continue };
            let inner_abs = range.start + piece.start + inner.start..range.start + piece.start + inner.end;
            let Some(dates) = date_pieces(text.as_str(), inner_abs, &date_ctx) else { continue };
            let countries = gazetteer::countries_in(&normalize_text(piece_text), Abbreviations::InLists);
            for date in dates {
                let mut one = draft.clone();
                if !countries.is_empty() {
                    one.countries.clone_from(&countries);
                }
                one.occurrence = occurrence;
                occurrence += 1;
                one.date_raw = Some(date.raw.trim().to_owned());
                items::apply_date(sink, text, &mut one, &date);
                sink.mention(one, text, range.clone());
            }
        }
    }
    if occurrence == 0 {
        sink.mention(draft, text, range);
    }
}

/// Countries an item names, leaving out the subject of a discussion
/// (`ロシア及び中国等を含む国際情勢について` names topics, not counterparts).
/// In a clause `XとYについて`, X is the counterpart and Y the topic, so the
/// part before the last `と` stays (`駐日カンボジア大使と地域情勢などに関して`).
fn research_countries(title: &str) -> Vec<CountryCode> {
    let kept: Vec<&str> = title
        .split(['、', '。'])
        .filter_map(|clause| match clause.find("について").or_else(|| clause.find("に関して")) {
            None => Some(clause),
            Some(topic) => clause.get(..topic).and_then(|before| before.rfind('と')).and_then(|t| clause.get(..t)),
        })
        .collect();
    gazetteer::countries_in(&kept.join("、"), Abbreviations::InLists)
}

/// Roles in a research item: the usual ones, plus `所長` standing alone for
/// the president of NIDS (taxonomy.md), not a visitor's `…研究所所長`.
fn research_roles(title: &str) -> Vec<Role> {
    let mut roles = gazetteer::roles_in(title);
    let standalone = title.match_indices("所長").any(|(idx, _)| {
        let prev = title.get(..idx).and_then(|t| t.chars().last());
        prev.is_none_or(|c| ('\u{3041}'..='\u{309F}').contains(&c) || "、,・。".contains(c))
    });
    if standalone && !roles.contains(&Role::NidsPresident) {
        roles.push(Role::NidsPresident);
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn research_countries_skip_topics() {
        let codes = research_countries(
            "ブルガリア共和国国防副大臣を受け入れ、ロシア及び中国等を含む国際情勢について意見交換を実施。",
        );
        assert_eq!(codes.iter().map(CountryCode::as_str).collect::<Vec<_>>(), ["BG"]);
        // The counterpart before `と…に関して` stays; the topic goes.
        let codes = research_countries("駐日タイ大使と地域情勢などに関して意見交換。駐日チリ大使の特別講義を実施。");
        assert_eq!(codes.iter().map(CountryCode::as_str).collect::<Vec<_>>(), ["TH", "CL"]);
        assert_eq!(research_roles("NATO国防大学等校長会議に所長・研究者が参加。"), [Role::NidsPresident]);
        assert!(research_roles("研究所(X)所長を受け入れ").is_empty());
        assert_eq!(numbered_ranges("①a。  ②b。").len(), 2);
    }
}
