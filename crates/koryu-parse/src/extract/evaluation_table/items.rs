//! Lists of items: split on `、` outside brackets, each item's brackets
//! classified (date, mode, role, status, place), one mention per listed month.

use super::Section;
use crate::date::{self, Context, DateError, Resolved};
use crate::extract::sink::{draft_event, Draft, Sink};
use crate::gazetteer::{self, Abbreviations};
use crate::text::MappedText;
use koryu_model::{Category, Code, CountryCode, Direction, Era, FiscalYear, Mode, Role, Status};
use std::ops::Range;

/// Deepest bracket nesting an item may have. Real items nest three deep
/// (`(シンガポール(第19回シャングリラ会合))`); deeper input is treated as
/// plain text with a `limit-exceeded` diagnostic, so hostile input cannot
/// make classification expensive.
pub(crate) const MAX_BRACKET_DEPTH: usize = 32;

/// Item separators (extraction.md: `、` or `,`, never inside brackets).
pub(crate) const ITEM_SEPARATORS: &[char] = &['、', ',', '，'];

/// What a list's items share: where they stand and what their header says.
#[derive(Debug, Clone)]
pub(crate) struct ListContext {
    /// The section whose rules read the items; for a CSV or sheet that
    /// names no indicator, the high-level rules (items under 【headers】)
    /// with `category_known` false.
    pub section: Section,
    /// Whether `section` is the items' indicator: false when nothing in the
    /// source named it, and the mentions get no category.
    pub category_known: bool,
    pub section_raw: Option<String>,
    pub fiscal_year: Option<i32>,
    pub era: Option<Era>,
    pub header_raw: Option<String>,
    /// The header's counterparts; `None` when each item names its own
    /// (【その他】, unit exchange, multilateral without an organisation).
    pub header_countries: Option<Vec<CountryCode>>,
    /// Read host cities as countries (`ソウル・ディフェンス・ダイアログ` → KR),
    /// for dialogues hosted by a national defence ministry.
    pub host_cities: bool,
}

impl ListContext {
    pub fn date_context(&self) -> Context {
        Context { fiscal_year: self.fiscal_year.map(FiscalYear), document_era: self.era, ..Context::default() }
    }
}

/// One top-level piece of an item: text, or a bracket group.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(Range<usize>),
    Bracket { outer: Range<usize>, inner: Range<usize> },
}

/// The top-level parts of `text`, plus where brackets did not balance.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parts {
    pub parts: Vec<Part>,
    pub unbalanced: Vec<Range<usize>>,
    pub too_deep: bool,
}

/// A date expression found in an item.
#[derive(Debug, Clone)]
pub(crate) struct DatePiece {
    /// Byte range in the list's text.
    pub range: Range<usize>,
    pub raw: String,
    pub result: Result<Resolved, DateError>,
}

/// An item read apart, before it becomes mentions.
#[derive(Debug, Clone)]
struct Item {
    range: Range<usize>,
    dates: Vec<DatePiece>,
    /// Title text as written: text parts and kept brackets.
    title_raw_parts: String,
    location: Option<String>,
    mode: Option<Mode>,
    roles: Vec<Role>,
    cancelled: bool,
    has_bracket: bool,
    /// The inner range of a bracket that holds a dated list of its own
    /// (`専門家会合(EWG)(対テロEWG(6月)、…)`).
    nested_list: Option<Range<usize>>,
    unbalanced: Vec<Range<usize>>,
    too_deep: bool,
    /// The date was taken from a later item (dates.md "Items that share…").
    shared: Option<SharedDate>,
    /// Why the date of the next item was not taken, when it was not.
    share_refused: Option<String>,
}

/// Where a borrowed date came from, for the `date-shared` diagnostic.
#[derive(Debug, Clone)]
struct SharedDate {
    /// Title of the item whose bracket holds the date.
    owner_title: String,
    /// The date expressions as written (`6月`, `6月、11月`).
    dates_raw: String,
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）')
}

/// Ranges of `text` between separators at bracket depth 0 (round brackets
/// and 「」『』), trimmed, empty pieces dropped.
pub(crate) fn split_top_level(text: &str, separators: &[char]) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut depth: usize = 0;
    let mut start = 0;
    for (idx, c) in text.char_indices() {
        if is_open(c) || matches!(c, '「' | '『') {
            depth += 1;
        } else if is_close(c) || matches!(c, '」' | '』') {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && separators.contains(&c) {
            pieces.push(start..idx);
            start = idx + c.len_utf8();
        }
    }
    pieces.push(start..text.len());
    pieces.into_iter().filter_map(|r| trim_range(text, r)).collect()
}

/// `range` without surrounding whitespace; `None` when nothing is left.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = text.get(range.clone())?;
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.end - (piece.len() - piece.trim_end().len());
    (start < end).then_some(start..end)
}

/// Splits `text` into top-level text and bracket parts.
pub(crate) fn parts_of(text: &str) -> Parts {
    let mut out = Parts::default();
    let mut depth: usize = 0;
    let mut text_start = 0;
    let mut bracket_start = 0;
    for (idx, c) in text.char_indices() {
        if is_open(c) {
            if depth == 0 {
                if idx > text_start {
                    out.parts.push(Part::Text(text_start..idx));
                }
                bracket_start = idx;
            }
            depth += 1;
            if depth > MAX_BRACKET_DEPTH {
                out.too_deep = true;
            }
        } else if is_close(c) {
            if depth == 0 {
                out.unbalanced.push(idx..idx + c.len_utf8());
                continue;
            }
            depth -= 1;
            if depth == 0 {
                let open_len = text.get(bracket_start..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
                out.parts.push(Part::Bracket {
                    outer: bracket_start..idx + c.len_utf8(),
                    inner: bracket_start + open_len..idx,
                });
                text_start = idx + c.len_utf8();
            }
        }
    }
    if depth > 0 {
        let open_len = text.get(bracket_start..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
        out.unbalanced.push(bracket_start..bracket_start + open_len);
        out.parts.push(Part::Text(bracket_start..text.len()));
    } else if text_start < text.len() {
        out.parts.push(Part::Text(text_start..text.len()));
    }
    out
}

/// The date pieces of a bracket's inner text (`6月、11月`), or `None` when
/// any piece is not a date at all.
pub(crate) fn date_pieces(text: &str, inner: Range<usize>, ctx: &Context) -> Option<Vec<DatePiece>> {
    let inner_text = text.get(inner.clone())?;
    let ranges = split_top_level(inner_text, ITEM_SEPARATORS);
    if ranges.is_empty() {
        return None;
    }
    let mut pieces = Vec::with_capacity(ranges.len());
    for range in ranges {
        let raw = inner_text.get(range.clone())?.to_owned();
        let result = date::resolve(&raw, ctx);
        if matches!(result, Err(DateError::NotADate(_))) {
            return None;
        }
        pieces.push(DatePiece { range: inner.start + range.start..inner.start + range.end, raw, result });
    }
    Some(pieces)
}

/// The mode a whole bracket names (`(VTC)`, `(電話)`).
fn mode_word(word: &str) -> Option<Mode> {
    match gazetteer::nfkc_compact(word).to_uppercase().as_str() {
        "VTC" | "テレビ会談" | "テレビ会議" | "テレビ懇談" | "オンライン" | "WEB" => {
            Some(Mode::Video)
        }
        "電話" | "電話会談" | "電話懇談" => Some(Mode::Phone),
        "ハイブリッド" => Some(Mode::Hybrid),
        _ => None,
    }
}

/// The mode an item's title implies (taxonomy.md).
pub(crate) fn mode_in(title: &str) -> Mode {
    if title.contains("ハイブリッド") {
        Mode::Hybrid
    } else if ["テレビ", "VTC", "オンライン"].iter().any(|w| title.contains(w)) {
        Mode::Video
    } else if title.contains("電話") {
        Mode::Phone
    } else {
        Mode::InPerson
    }
}

fn parse_item(text: &str, range: Range<usize>, ctx: &ListContext, date_ctx: &Context) -> Item {
    let item_text = text.get(range.clone()).unwrap_or("");
    let parsed = parts_of(item_text);
    let mut item = Item {
        range: range.clone(),
        dates: Vec::new(),
        title_raw_parts: String::new(),
        location: None,
        mode: None,
        roles: Vec::new(),
        cancelled: false,
        has_bracket: false,
        nested_list: None,
        unbalanced: parsed.unbalanced.iter().map(|r| range.start + r.start..range.start + r.end).collect(),
        too_deep: parsed.too_deep,
        shared: None,
        share_refused: None,
    };
    if parsed.too_deep {
        item.title_raw_parts = item_text.to_owned();
        return item;
    }
    // Index of the last text part that is real title text: brackets after it
    // are trailing (date, place); brackets before it are part of the title.
    let is_date_text = |r: &Range<usize>| {
        item_text.get(r.clone()).is_some_and(|t| !t.trim().is_empty() && date::resolve(t.trim(), date_ctx).is_ok())
    };
    let last_title_text = parsed.parts.iter().rposition(|p| match p {
        Part::Text(r) => item_text.get(r.clone()).is_some_and(|t| !t.trim().is_empty()) && !is_date_text(r),
        Part::Bracket { .. } => false,
    });
    let mut seen_bracket = false;
    for (idx, part) in parsed.parts.iter().enumerate() {
        match part {
            Part::Text(r) => {
                if seen_bracket && is_date_text(r) {
                    if let Some(piece) = trim_range(item_text, r.clone()) {
                        let raw = item_text.get(piece.clone()).unwrap_or("").to_owned();
                        let result = date::resolve(&raw, date_ctx);
                        item.dates.push(DatePiece {
                            range: range.start + piece.start..range.start + piece.end,
                            raw,
                            result,
                        });
                    }
                } else {
                    item.title_raw_parts.push_str(item_text.get(r.clone()).unwrap_or(""));
                }
            }
            Part::Bracket { outer, inner } => {
                seen_bracket = true;
                item.has_bracket = true;
                let inner_abs = range.start + inner.start..range.start + inner.end;
                let inner_text = item_text.get(inner.clone()).unwrap_or("");
                if let Some(pieces) = date_pieces(text, inner_abs.clone(), date_ctx) {
                    item.dates.extend(pieces);
                } else if let Some(mode) = mode_word(inner_text) {
                    item.mode = Some(mode);
                } else if let Some(role) = gazetteer::role_exact(inner_text) {
                    item.roles.push(role);
                } else if gazetteer::nfkc_compact(inner_text) == "中止" {
                    item.cancelled = true;
                } else if ctx.section == Section::Multilateral && holds_dated_list(inner_text, date_ctx) {
                    item.nested_list = Some(inner_abs);
                } else if inner_text.contains('「')
                    || ctx.section == Section::Multilateral
                    || last_title_text.is_some_and(|last| idx < last)
                    || item.location.is_some()
                {
                    item.title_raw_parts.push_str(item_text.get(outer.clone()).unwrap_or(""));
                } else {
                    item.location = Some(normalize_text(inner_text));
                }
            }
        }
    }
    item
}

/// True when a bracket's text is itself a list with dated items.
fn holds_dated_list(inner: &str, date_ctx: &Context) -> bool {
    split_top_level(inner, ITEM_SEPARATORS).iter().any(|r| {
        let piece = inner.get(r.clone()).unwrap_or("");
        parts_of(piece).parts.iter().any(|p| match p {
            Part::Bracket { inner, .. } => date_pieces(piece, inner.clone(), date_ctx).is_some(),
            Part::Text(_) => false,
        })
    })
}

/// NFKC, leading list marks dropped, whitespace removed except between two
/// ASCII letters or digits (`NATO 軍事委員長` → `NATO軍事委員長`).
pub(crate) fn normalize_text(raw: &str) -> String {
    let nfkc = crate::gazetteer::nfkc(raw);
    let trimmed = nfkc.trim().trim_start_matches(['・', '☆', '★', '●', '○']).trim();
    let chars: Vec<char> = trimmed.chars().collect();
    let mut out = String::with_capacity(trimmed.len());
    for (idx, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars.get(idx + 1..).and_then(|rest| rest.iter().find(|n| !n.is_whitespace()));
            if prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| n.is_ascii_alphanumeric())
                && !out.ends_with(' ')
            {
                out.push(' ');
            }
        } else {
            out.push(*c);
        }
    }
    // An item that was only a bracket (`(防衛医学)(令和3年3月)`) is titled by it.
    if out.starts_with('(') && out.ends_with(')') && out.matches('(').count() == 1 {
        out = out.trim_start_matches('(').trim_end_matches(')').to_owned();
    }
    out
}

/// A bracketless fragment that names a person, not an event (`統幕長と豪国防軍
/// 司令官`, before `、豪統合作戦司令官との会談(…)`): the `、` joins two
/// counterparts of one meeting.
fn is_person_fragment(title: &str) -> bool {
    title.contains('と') && title.ends_with(['官', '長', '監', '臣'])
}

/// Fragments naming only a person belong to the next item: a fragment and
/// the pieces after it are read again as one item, up to the first piece
/// that ends the run (one with a bracket, a date, or not ending in a person
/// title) or the last piece. The run is found first and read once, so a
/// line of thousands of fragments costs one pass, not one re-read per
/// fragment.
fn merge_person_fragments(items: Vec<Item>, text: &str, ctx: &ListContext, date_ctx: &Context) -> Vec<Item> {
    let is_fragment = |i: &Item| !i.has_bracket && i.dates.is_empty() && is_person_fragment(i.title_raw_parts.trim());
    // A piece after a fragment keeps the joined text a fragment when it has
    // no bracket or date and ends in a person title (`豪国防軍司令官`).
    let continues =
        |i: &Item| !i.has_bracket && i.dates.is_empty() && i.title_raw_parts.trim().ends_with(['官', '長', '監', '臣']);
    let n = items.len();
    let mut out = Vec::with_capacity(n);
    let mut idx = 0;
    while let Some(item) = items.get(idx) {
        if idx + 1 < n && is_fragment(item) {
            let mut end = idx + 1;
            while end + 1 < n && items.get(end).is_some_and(continues) {
                end += 1;
            }
            let merged = item.range.start..items.get(end).map_or(item.range.end, |i| i.range.end);
            out.push(parse_item(text, merged, ctx, date_ctx));
            idx = end + 1;
        } else {
            out.push(item.clone());
            idx += 1;
        }
    }
    out
}

/// What decides whether two neighbouring items are one occasion: the
/// Japanese roles they name and the mode their titles say.
struct Occasion {
    roles: Vec<Role>,
    mode: Mode,
    title: String,
}

fn occasion_of(item: &Item) -> Occasion {
    let title = normalize_text(&item.title_raw_parts);
    let mut roles = gazetteer::roles_in(&title);
    for role in &item.roles {
        if !roles.contains(role) {
            roles.push(*role);
        }
    }
    roles.sort_unstable();
    // The title's mode only: a mode bracket belongs to the item it follows
    // (dates.md: `…協議、…協議(VTC)(6月)` share the month).
    Occasion { roles, mode: mode_in(&title), title }
}

/// The item after the one being looked at, as far as sharing needs it.
struct NextItem {
    dates: Vec<DatePiece>,
    occasion: Occasion,
    /// Title of the item whose bracket holds `dates` (itself, or the item it
    /// took them from).
    owner_title: String,
}

/// An item with no bracket at all (not even an unclosed one) takes the date
/// of the item after it (extraction.md: `日印防衛相会談、第2回…(東京)(9月)`),
/// unless the two differ in Japanese role (both name one, and not the same)
/// or in the mode their titles say (`統幕長と…会談、海幕長と…テレビ会談(9月)`):
/// those are separate occasions, and the item stays undated. Each borrowed
/// date is recorded for its `date-shared` diagnostic. From the end
/// backwards, so a run of bracketless items before one bracket all take it.
fn share_dates(items: &mut [Item]) {
    let mut next: Option<NextItem> = None;
    for item in items.iter_mut().rev() {
        let occasion = occasion_of(item);
        if let Some(after) = next.as_ref().filter(|n| !n.dates.is_empty()) {
            if item.has_bracket || !item.dates.is_empty() {
                // The item has its own bracket: nothing to share.
            } else if !item.unbalanced.is_empty() {
                // `国防大臣訪日(7月」、…(6月)`: the item writes a bracket of its
                // own, only broken; its month is lost, not the next one's.
                item.share_refused = Some(format!(
                    "its own bracket is not closed, so it does not take the date after 「{}」",
                    short(&after.occasion.title)
                ));
            } else {
                let roles_differ = !occasion.roles.is_empty()
                    && !after.occasion.roles.is_empty()
                    && occasion.roles != after.occasion.roles;
                let modes_differ = occasion.mode != after.occasion.mode;
                if roles_differ || modes_differ {
                    let what = match (roles_differ, modes_differ) {
                        (true, true) => "Japanese role and mode",
                        (true, false) => "Japanese role",
                        _ => "mode",
                    };
                    item.share_refused = Some(format!(
                        "the date after 「{}」 was not shared with it, since the two items differ in {what}",
                        short(&after.occasion.title)
                    ));
                } else {
                    item.dates.clone_from(&after.dates);
                    let dates_raw = after.dates.iter().map(|d| d.raw.trim()).collect::<Vec<_>>().join("、");
                    item.shared = Some(SharedDate { owner_title: after.owner_title.clone(), dates_raw });
                }
            }
        }
        let owner_title = item.shared.as_ref().map_or_else(|| occasion.title.clone(), |s| s.owner_title.clone());
        next = Some(NextItem { dates: item.dates.clone(), occasion, owner_title });
    }
}

/// A title cut to 40 characters for a message.
fn short(title: &str) -> String {
    match title.char_indices().nth(40) {
        Some((idx, _)) => format!("{}…", title.get(..idx).unwrap_or(title)),
        None => title.to_owned(),
    }
}

/// Turns one list (the text after a header, a `・` line) into mentions.
pub(crate) fn extract_list(sink: &mut Sink<'_>, text: &MappedText, range: Range<usize>, ctx: &ListContext) {
    let date_ctx = ctx.date_context();
    let list_text = text.as_str().get(range.clone()).unwrap_or("");
    let items: Vec<Item> = split_top_level(list_text, ITEM_SEPARATORS)
        .into_iter()
        .map(|r| parse_item(text.as_str(), range.start + r.start..range.start + r.end, ctx, &date_ctx))
        .collect();
    let mut items = merge_person_fragments(items, text.as_str(), ctx, &date_ctx);
    share_dates(&mut items);
    for item in items {
        if let Some(nested) = item.nested_list.clone() {
            extract_list(sink, text, nested, ctx);
            continue;
        }
        emit_item(sink, text, &item, ctx);
    }
}

fn emit_item(sink: &mut Sink<'_>, text: &MappedText, item: &Item, ctx: &ListContext) {
    if item.too_deep {
        sink.diagnostic(
            Code::LimitExceeded,
            text,
            item.range.clone(),
            format!("brackets nest deeper than {MAX_BRACKET_DEPTH} levels; the item was read as plain text"),
        );
    }
    for bracket in &item.unbalanced {
        sink.diagnostic(
            Code::UnbalancedBracket,
            text,
            bracket.clone(),
            "this bracket has no partner; check the item's brackets",
        )
        .severity = koryu_model::Severity::Warning;
    }
    let title_raw = text.as_str().get(item.range.clone()).unwrap_or("").to_owned();
    let title = normalize_text(&item.title_raw_parts);
    if title.is_empty() && item.dates.is_empty() {
        return;
    }
    let mut draft = draft_event(Category::HighLevel);
    draft.category = category_of(ctx, &title);
    draft.title_raw = title_raw;
    draft.fiscal_year = ctx.fiscal_year;
    draft.countries = countries_of(&title, &normalize_text(&draft.title_raw), ctx);
    if let Some(named) = title_counterpart(&title, ctx) {
        // The title is the more specific evidence: a header lost above this
        // item leaves it under the previous country's header.
        let header = ctx.header_raw.as_deref().unwrap_or("its header");
        let codes: Vec<&str> = named.iter().map(CountryCode::as_str).collect();
        sink.diagnostic(
            Code::HeaderContradictsTitle,
            text,
            item.range.clone(),
            format!(
                "「{}」 names {} as its counterpart, which {header} does not include; the mention takes {} from the \
                 title (a country header above it may be lost)",
                short(&title),
                codes.join(", "),
                codes.join(", ")
            ),
        )
        .help = Some("restore the 【country】 header before this item, or correct the title".to_owned());
        let leading = gazetteer::leading_compound(strip_ordinal(&title));
        if leading.is_empty() || leading.iter().any(|c| !named.contains(c)) {
            for code in named {
                if !draft.countries.contains(&code) {
                    draft.countries.push(code);
                }
            }
        } else {
            draft.countries = named;
        }
    }
    draft.header_raw.clone_from(&ctx.header_raw);
    draft.section.clone_from(&ctx.section_raw);
    draft.mode = Some(item.mode.unwrap_or_else(|| mode_in(&title)));
    draft.location.clone_from(&item.location);
    draft.direction = direction_of(&title, item.location.as_deref(), &draft.countries);
    draft.jp_roles = gazetteer::roles_in(&title);
    for role in &item.roles {
        if !draft.jp_roles.contains(role) {
            draft.jp_roles.push(*role);
        }
    }
    draft.status = if item.cancelled {
        Status::Cancelled
    } else if title.contains("発効") {
        Status::InForce
    } else if title.contains("署名") {
        Status::Signed
    } else {
        Status::Held
    };
    if let Some(shared) = &item.shared {
        sink.diagnostic(
            Code::DateShared,
            text,
            item.range.clone(),
            format!(
                "「{}」 has no date of its own and takes 「{}」 from 「{}」 after it; check that they were one occasion",
                short(&title),
                shared.dates_raw,
                short(&shared.owner_title)
            ),
        );
    }
    draft.title = title;
    if item.dates.is_empty() {
        // Every other event of a block has a month, so one without is worth
        // a look (a cancelled one needs none).
        if !item.cancelled {
            let message = match &item.share_refused {
                Some(why) => format!("this item gives no month; {why}; add the month or check the source"),
                None => "this item gives no month while the items around it do; add the month or check the source"
                    .to_owned(),
            };
            sink.diagnostic(Code::MissingDate, text, item.range.clone(), message);
        }
        sink.mention(draft, text, item.range.clone());
        return;
    }
    for (occurrence, piece) in item.dates.iter().enumerate() {
        let mut one = draft.clone();
        one.occurrence = u32::try_from(occurrence).unwrap_or(u32::MAX);
        one.date_raw = Some(piece.raw.trim().to_owned());
        apply_date(sink, text, &mut one, piece);
        sink.mention(one, text, item.range.clone());
    }
}

/// Copies a resolved date into a draft, and its notes and errors into
/// diagnostics.
pub(crate) fn apply_date(sink: &mut Sink<'_>, text: &MappedText, draft: &mut Draft, piece: &DatePiece) {
    match &piece.result {
        Ok(resolved) => {
            draft.date = resolved.date;
            draft.date_precision = resolved.date.and_then(|d| d.precision()).or(Some(resolved.precision));
            for note in &resolved.notes {
                let message = match note {
                    date::Note::MonthOutsideFiscalYear => {
                        "this date lies outside the fiscal year of its block; check the year"
                    }
                    date::Note::RangeCrossesFiscalYear => {
                        "this range spans two fiscal years; check which year each end belongs to"
                    }
                    date::Note::EraYearPastEnd => "this era year is past the era's end and was resolved arithmetically",
                    date::Note::EraYearBeforeStart => {
                        "this date lies before the era's first day and was resolved arithmetically; check the era"
                    }
                    date::Note::TwoDigitYear => {
                        "this year of two figures names no era and none is known; it was read as a western year \
                         (50–99 → 19xx, 00–49 → 20xx): check it, or give the era with --era"
                    }
                };
                // `era-out-of-range` is an error for era year 0 but only a
                // warning as a note, so the note sets the severity.
                sink.diagnostic(note.code(), text, piece.range.clone(), message).severity = note.severity();
            }
        }
        Err(error) => {
            if let Some(code) = error.code() {
                sink.diagnostic(code, text, piece.range.clone(), format!("{error}; correct the date in the source"));
            }
        }
    }
}

/// The item's category: what its title says it is (an agreement, capacity
/// building), else its section's indicator, else none.
fn category_of(ctx: &ListContext, title: &str) -> Option<Category> {
    let agreement_word = ["協定", "覚書", "取決め"].iter().any(|w| title.contains(w));
    if agreement_word && (title.contains("署名") || title.contains("発効") || title.ends_with(['定', '書', 'め']))
    {
        return Some(Category::Agreement);
    }
    if title.contains("能力強化支援") || title.contains("能力構築支援") {
        return Some(Category::CapacityBuilding);
    }
    ctx.category_known.then(|| ctx.section.category())
}

/// The counterparts of an item (extraction.md "Countries"); `item_text` is
/// the whole item, brackets included.
fn countries_of(title: &str, item_text: &str, ctx: &ListContext) -> Vec<CountryCode> {
    let body = strip_ordinal(title);
    match &ctx.header_countries {
        Some(header) => {
            let compound = gazetteer::leading_compound(body);
            if compound.len() >= 2 || (header.is_empty() && !compound.is_empty()) {
                return compound;
            }
            // A compound later in the item (`陸幕長と…の懇談(日米比陸軍種…会合)`
            // under 【フィリピン】) names its counterparts too (taxonomy.md:
            // `日米豪` under any header means US, AU); the header's country
            // stays one of them.
            let mut inner = inner_compounds(item_text);
            if inner.is_empty() {
                return header.clone();
            }
            for code in header {
                if !inner.contains(code) {
                    inner.push(code.clone());
                }
            }
            inner
        }
        None => {
            let mut found = gazetteer::countries_in(body, Abbreviations::InContext);
            if found.is_empty() && ctx.host_cities {
                found = gazetteer::PLACES
                    .iter()
                    .filter(|(place, code)| *code != "JP" && body.contains(place))
                    .filter_map(|(_, code)| CountryCode::new(code))
                    .take(1)
                    .collect();
            }
            found
        }
    }
}

/// The countries of every `日XY…` compound of two or more counterparts in
/// `text`, in written order without duplicates. `日` after a digit or in
/// `訪日`, `来日`, `駐日`, `毎日`, `本日`, `同日` is Japan or a day, not a
/// compound's start; a lone `日米` is the bilateral the header already says.
fn inner_compounds(text: &str) -> Vec<CountryCode> {
    let mut found: Vec<CountryCode> = Vec::new();
    let mut prev: Option<char> = None;
    for (idx, c) in text.char_indices() {
        let starts = c == '日'
            && !prev.is_some_and(|p| p.is_ascii_digit() || matches!(p, '訪' | '来' | '駐' | '毎' | '本' | '同' | '月'));
        prev = Some(c);
        if !starts {
            continue;
        }
        let compound = text.get(idx..).map(gazetteer::leading_compound).unwrap_or_default();
        if compound.len() >= 2 {
            for code in compound {
                if !found.contains(&code) {
                    found.push(code);
                }
            }
        }
    }
    found
}

/// The counterparts a title names that its 【header】 does not include:
/// a `日X…` compound (`日英…`, `第22回日フランス…`, also one inside the title,
/// where a lost header left two items run together) or the foreign side of
/// `…とX…との` (`統幕長とインドネシア陸軍参謀長との会談`). Read before the
/// first bracket so a place (`（シンガポール）`) never counts. `None` when
/// each compound shares a country with the header (`日米豪…` under
/// 【オーストラリア】), the header is 【その他】 or an organisation (【NATO】
/// with its own officials), or the title names only organisations
/// (`日ASEAN…`).
fn title_counterpart(title: &str, ctx: &ListContext) -> Option<Vec<CountryCode>> {
    let header = ctx.header_countries.as_ref().filter(|h| !h.is_empty())?;
    // Only items under a 【header】: a multilateral heading's organisations are no header.
    ctx.header_raw.as_ref()?;
    let organisation = header.iter().any(CountryCode::is_organisation);
    let body = strip_ordinal(title);
    let body = body.get(..body.find(['(', '（', '[', '［']).unwrap_or(body.len())).unwrap_or(body);
    let mut named: Vec<CountryCode> = Vec::new();
    let contradicts = |named: &mut Vec<CountryCode>, codes: Vec<CountryCode>| {
        // `日NATO…` under another country's header contradicts it as `日英…`
        // does; a forum of the region (`日ASEAN…` under 【インドネシア】) has
        // the header's country among its members, so it never does.
        let codes: Vec<CountryCode> = codes
            .into_iter()
            .filter(|c| c.as_str() != "JP" && (!c.is_organisation() || matches!(c.as_str(), "NATO" | "EU")))
            .collect();
        if !codes.is_empty() && codes.iter().all(|c| !header.contains(c)) {
            for code in codes {
                if !named.contains(&code) {
                    named.push(code);
                }
            }
        }
    };
    let mut prev: Option<char> = None;
    for (idx, c) in body.char_indices() {
        let starts = c == '日'
            && !prev.is_some_and(|p| {
                p.is_ascii_digit()
                    || matches!(p, '訪' | '来' | '駐' | '毎' | '本' | '同' | '月' | '在' | '離' | '帰' | '対' | '滞')
            });
        prev = Some(c);
        if starts {
            contradicts(&mut named, body.get(idx..).map(gazetteer::leading_compound).unwrap_or_default());
        }
    }
    // `…第4回バーレーン安保対話`: an ordinal starts an item's name, and a
    // country right after it is that item's counterpart.
    for (idx, _) in body.match_indices('第') {
        let Some(rest) = body.get(idx..) else { continue };
        let after = strip_ordinal(rest);
        if after.len() == rest.len() || after.starts_with('日') {
            continue;
        }
        let name_end = after.char_indices().nth(12).map_or(after.len(), |(i, _)| i);
        let head = after.get(..name_end).unwrap_or("");
        let found = gazetteer::countries_in(head, Abbreviations::InContext);
        if found.first().is_some_and(|c| {
            gazetteer::header_countries(head.get(..first_name_len(head)).unwrap_or("")).is_some_and(|h| h.contains(c))
        }) {
            contradicts(&mut named, found.into_iter().take(1).collect());
        }
    }
    if named.is_empty() && !organisation && !body.starts_with('日') {
        // `AとBとの会談`: B is the counterpart.
        if let Some((other, _)) = body.split_once('と').and_then(|(_, rest)| rest.split_once("との")) {
            contradicts(&mut named, gazetteer::countries_in(other, Abbreviations::InContext));
        }
    }
    (!named.is_empty()).then_some(named)
}

/// The byte length of the longest known country name at the start of
/// `text` (0 when none starts there).
fn first_name_len(text: &str) -> usize {
    text.char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .rfind(|end| text.get(..*end).and_then(gazetteer::header_countries).is_some())
        .unwrap_or(0)
}

/// `第9回日豪…` → `日豪…`: the ordinal before a compound.
fn strip_ordinal(title: &str) -> &str {
    let Some(rest) = title.strip_prefix('第') else { return title };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match rest.get(digits..).and_then(|r| r.strip_prefix('回')) {
        Some(after) if digits > 0 => after,
        _ => title,
    }
}

fn direction_of(title: &str, location: Option<&str>, countries: &[CountryCode]) -> Option<Direction> {
    if ["訪日", "来日", "来省", "来訪"].iter().any(|w| title.contains(w)) {
        return Some(Direction::Inbound);
    }
    let visits_abroad = title.contains("訪問")
        || title.char_indices().any(|(idx, c)| {
            c == '訪'
                && title.get(idx + c.len_utf8()..).is_some_and(|rest| {
                    !gazetteer::countries_in(
                        &format!("訪{}", rest.chars().next().unwrap_or(' ')),
                        Abbreviations::InContext,
                    )
                    .is_empty()
                })
        });
    if visits_abroad {
        return Some(Direction::Outbound);
    }
    let place = first_place(location?);
    match gazetteer::place_country(&place) {
        Some("JP") => Some(Direction::Inbound),
        Some(code) if countries.iter().any(|c| c.as_str() == code) => Some(Direction::Outbound),
        _ => Some(Direction::Venue),
    }
}

/// The first place name of a location (`(ニューポート・米国)国際…` → `ニューポート`).
fn first_place(location: &str) -> String {
    location.split(['(', ')', '・', ' ']).find(|p| !p.is_empty()).unwrap_or("").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_brackets_only() {
        let text = "防衛相会談(6月、11月)、「A、B」署名(5月), 会談(VTC)(7月)、  ";
        let pieces: Vec<&str> = split_top_level(text, ITEM_SEPARATORS).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces, ["防衛相会談(6月、11月)", "「A、B」署名(5月)", "会談(VTC)(7月)"]);
    }

    #[test]
    fn parts_survive_unbalanced_and_nested_brackets() {
        let parts = parts_of("会談（シドニー・豪州）IP22）（5月）");
        assert_eq!(parts.unbalanced.len(), 1);
        assert_eq!(parts.parts.iter().filter(|p| matches!(p, Part::Bracket { .. })).count(), 2);
        let deep = format!("x{}y{}", "(".repeat(100), ")".repeat(100));
        assert!(parts_of(&deep).too_deep);
        assert_eq!(parts_of("a(b").unbalanced.len(), 1);
    }

    #[test]
    fn titles_are_normalized() {
        assert_eq!(normalize_text("・NATO 軍事委員長との会談"), "NATO軍事委員長との会談");
        assert_eq!(normalize_text("第5 回日加次官級「2 + 2」対話"), "第5回日加次官級「2+2」対話");
        assert_eq!(normalize_text("（防衛医学）"), "防衛医学");
        assert_eq!(strip_ordinal("第9回日豪外務"), "日豪外務");
    }
}
