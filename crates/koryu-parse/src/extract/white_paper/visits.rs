//! Visits tables such as 図表Ⅲ-3-1-1 ハイレベルの訪問実績: a country line, then
//! role lines with `26.5`-style dates (era from the table's title); one
//! `high_level` mention per (country, role, date).
//!
//! The grammar of a table, line by line after its caption:
//!
//! ```text
//! caption   = TITLE "図表" NUMBER | "図表" NUMBER SPACE TITLE   (TITLE names 訪問 or 来日)
//! part      = 【来日】 | 【訪問】 | 〈訪日〉 …                      (sets the direction)
//! country   = a name the gazetteer knows, alone on its line
//! role      = ROLE SPACE dates [SPACE country]                 (a country glued on by the PDF)
//!           | ROLE                                              (its dates on the next line)
//! dates     = DATE ("、" DATE)* ["、"]                          (a trailing 、 wraps onto a later line)
//! DATE      = 26.5 | ２６．５ | 2014.5
//! ```
//!
//! A line that is none of these (the next caption, a heading, prose) ends
//! the table and is left to the page walker.
//!
//! A lost country line leaves no malformed line: its roles run on under the
//! country above. [`Block`] sees it (a role after a blank line where blank
//! lines only come before countries, roles starting again, a table opening
//! with a role) and reports `section-restart`.

use super::{Edition, Lines};
use crate::coverage::LineStatus;
use crate::date::{self, Context};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer::{header_countries, nfkc_compact, roles_in};
use koryu_model::{Category, Code, CountryCode, Direction, Era, Role};
use std::ops::Range;

/// If the table this module reads starts at line index `i`, extracts it
/// (mentions, structure, diagnostics through `sink`) and returns the index
/// of the first line after it; `None` when no such table starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let _ = edition;
    let (caption, caption_end) = visits_caption(lines, i)?;
    let title = caption_title(&caption)?;
    // The caption alone is not the table (a 参照 list names it too): the
    // next non-blank lines must be a country (or a part) and a role row.
    // Or, a row per visit (`米国　　防衛大臣　　31.4`) under a column header.
    let mut first = next_non_blank(lines, caption_end + 1)?;
    if matches!(classify(lines.get(first)), Row::Part(_)) {
        first = next_non_blank(lines, first + 1)?;
    }
    if matches!(classify(lines.get(first)), Row::Header) {
        first = next_non_blank(lines, first + 1)?;
    }
    let first_row = classify(lines.get(first));
    let table_begins = match first_row {
        Row::Grid { .. } => true,
        Row::Country { .. } => next_non_blank(lines, first + 1)
            .is_some_and(|second| matches!(classify(lines.get(second)), Row::Role { .. })),
        // A dated role right under the caption: the table, with its first
        // country line lost (reported when the row is read).
        Row::Role { ref dates, .. } => !dates.is_empty(),
        _ => false,
    };
    if !table_begins {
        return None;
    }
    let eras = title_eras(title);
    let era = eras.first().copied();
    let mut table = Table {
        section: nfkc_compact(&caption),
        eras,
        period: title_period(title),
        ctx: Context { document_era: era, previous_era: era, era_month_shorthand: era.is_some(), ..Context::default() },
        direction: direction_of(title),
        role_line: None,
        country: None,
        role: None,
        block: Block::default(),
    };
    for n in i..=caption_end {
        mark(sink, lines, n, LineStatus::Structure);
    }
    let mut k = caption_end + 1;
    let mut end = k;
    // Whether a blank line came since the last row, and whether the last
    // row ended by naming the next country (glued): a role after a blank
    // line is then that country's.
    let mut after_blank = false;
    let mut country_glued = false;
    while k < lines.len() {
        let line_start = lines.ranges.get(k).map_or(0, |r| r.start);
        // A page break inside the table drops its header in.
        if super::projects::is_page_header(lines.get(k).trim()) {
            mark(sink, lines, k, LineStatus::Structure);
            k += 1;
            end = k;
            continue;
        }
        let row = classify(lines.get(k));
        let keeps_glue = matches!(row, Row::Role { .. } | Row::Dates { .. });
        match row {
            Row::Blank => {
                after_blank = true;
                k += 1;
                continue;
            }
            Row::Header => mark(sink, lines, k, LineStatus::Structure),
            Row::Grid { country, codes, role, dates } => {
                table.close_role(sink, lines);
                table.set_country(lines.get(k), country, codes);
                table.role = Some(lines.get(k).get(role.clone()).unwrap_or("").to_owned());
                table.role_line = Some((shift(&role, line_start), 0));
                mark(sink, lines, k, LineStatus::Structure);
                table.cells(sink, lines, line_start, &dates);
            }
            Row::Part(direction) => {
                table.close_role(sink, lines);
                table.direction = Some(direction);
                table.country = None;
                table.role = None;
                mark(sink, lines, k, LineStatus::Structure);
            }
            Row::Country { name, codes } => {
                if codes.is_none() {
                    // An unknown name only counts as a country when a role
                    // row follows it; otherwise the table has ended.
                    let follows_role = next_non_blank(lines, k + 1)
                        .is_some_and(|n| matches!(classify(lines.get(n)), Row::Role { .. }));
                    if !follows_role {
                        break;
                    }
                    sink.diagnostic(
                        Code::UnknownCountry,
                        lines.text,
                        shift(&name, line_start),
                        "this country of a visits table is not in the gazetteer, so its visits have no counterpart; correct the name or add it to the gazetteer",
                    );
                }
                table.close_role(sink, lines);
                table.set_country(lines.get(k), name, codes.unwrap_or_default());
                table.block.country_line();
                mark(sink, lines, k, LineStatus::Structure);
            }
            Row::Role { role, dates, glued } => {
                if table.country.is_none() {
                    if k != first {
                        break;
                    }
                    sink.diagnostic(
                        Code::SectionRestart,
                        lines.text,
                        shift(&role, line_start),
                        "this visits table starts with a role line, not a country: its first country line was probably lost, so the visits under it have no counterpart; restore the country line from the original",
                    );
                    table.country = Some((String::new(), Vec::new()));
                }
                table.close_role(sink, lines);
                let role_text = lines.get(k).get(role.clone()).unwrap_or("").to_owned();
                if let Some(why) = table.block.role_line(&role_text, after_blank && !country_glued) {
                    table.lost_country(sink, lines, shift(&role, line_start), why);
                }
                table.role = Some(role_text);
                table.role_line = Some((shift(&role, line_start), 0));
                mark(sink, lines, k, LineStatus::Structure);
                table.cells(sink, lines, line_start, &dates);
                country_glued = glued.is_some();
                if let Some((name, codes)) = glued {
                    table.set_country(lines.get(k), name, codes);
                    table.block.country_line();
                }
            }
            Row::Dates { dates, glued } => {
                if table.role.is_none() {
                    break;
                }
                mark(sink, lines, k, LineStatus::Structure);
                table.cells(sink, lines, line_start, &dates);
                country_glued = glued.is_some();
                if let Some((name, codes)) = glued {
                    table.close_role(sink, lines);
                    table.set_country(lines.get(k), name, codes);
                    table.block.country_line();
                }
            }
            Row::Other => break,
        }
        if !keeps_glue {
            country_glued = false;
        }
        after_blank = false;
        k += 1;
        end = k;
    }
    table.close_role(sink, lines);
    Some(end)
}

/// The caption of a visits table at line `i`, and the index of its last
/// line: one line, or two when the PDF wrapped the title before its period
/// (`ハイレベルの訪問実績（14（平成26）年` ⏎ `1月～15（平成27）年5月）図表Ⅲ-3-1-1`).
fn visits_caption(lines: &Lines<'_>, i: usize) -> Option<(String, usize)> {
    // `ハイレベルの訪問実績`, `主なハイレベル交流（対面）の実績`: the rows
    // after the caption must still be countries and roles.
    let names_visits = |title: &str| {
        title.contains("訪問")
            || title.contains("来日")
            || title.contains("訪日")
            || title.contains("ハイレベル交流")
            || title.contains("交流実績")
    };
    let line = lines.get(i);
    if let Some(title) = caption_title(line) {
        return names_visits(title).then(|| (line.trim().to_owned(), i));
    }
    // A wrapped caption: this line is a short fragment with no sentence end
    // and the next one completes it; the next line alone must not already be
    // a visits caption (then it is the caption, and this line is not).
    let next = lines.get(i + 1);
    let next_title = caption_title(next)?;
    let fragment = line.trim();
    // The wrap falls inside the period's bracket, so the fragment leaves one open.
    let opens = fragment.chars().filter(|c| matches!(c, '（' | '(')).count();
    let closes = fragment.chars().filter(|c| matches!(c, '）' | ')')).count();
    if names_visits(next_title) || opens <= closes || fragment.contains('。') || fragment.chars().count() > 40 {
        return None;
    }
    let joined = format!("{fragment}{}", next.trim());
    let title = caption_title(&joined)?;
    names_visits(title).then(|| (joined.clone(), i + 1))
}

/// The title of a table: its caption's (see [`caption_title`]), or a title
/// line of its own that is no 図表 caption (`近年署名・発効した主な協定など`):
/// short, not a sentence, not an item or a bracketed heading.
pub(super) fn table_title(line: &str) -> Option<&str> {
    caption_title(line).or_else(|| {
        let t = line.trim();
        let item = t.starts_with(['・', '･', '●', '○', '-', '〈', '＜', '【', '（', '(']);
        (!item && !t.contains('。') && t.chars().count() <= 40).then_some(t)
    })
}

/// The title of a table caption: `TITLE図表Ⅲ-3-1-1` (the PDF puts the
/// number after the title) or `図表Ⅲ-3-1-1　TITLE`. A reference
/// `図表Ⅲ-3-1-1（TITLE…` (a 参照 list) is not a caption.
pub(super) fn caption_title(line: &str) -> Option<&str> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("図表") {
        let number_len = figure_number_len(rest);
        if number_len == 0 {
            return None;
        }
        let after = rest.get(number_len..)?;
        let title = after.trim_start();
        // A space separates the number from the title; a bracket is a reference.
        (title.len() < after.len() && !title.is_empty()).then_some(title)
    } else {
        let at = line.rfind("図表")?;
        let rest = line.get(at + "図表".len()..)?;
        let number_len = figure_number_len(rest);
        (number_len > 0 && number_len == rest.len() && at > 0).then(|| line.get(..at).unwrap_or("").trim_end())
    }
}

/// The length in bytes of a figure number (`Ⅲ-3-1-1`, `III-3-1-1`, `3-1`) at
/// the start of `text`; 0 when there is none.
fn figure_number_len(text: &str) -> usize {
    let mut len = 0;
    let mut digits = 0;
    for c in text.chars() {
        let roman = ('\u{2160}'..='\u{217F}').contains(&c);
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            digits += 1;
        } else if !(roman || matches!(c, '-' | '－' | '‐' | '−' | 'I' | 'V' | 'X')) {
            break;
        }
        len += c.len_utf8();
    }
    if digits == 0 {
        0
    } else {
        len
    }
}

/// The index of the first non-blank line at or after `k`, if any.
pub(super) fn next_non_blank(lines: &Lines<'_>, k: usize) -> Option<usize> {
    (k..lines.len()).find(|&n| !lines.get(n).trim().is_empty())
}

/// Marks line index `k` with `status`.
pub(super) fn mark(sink: &mut Sink<'_>, lines: &Lines<'_>, k: usize, status: LineStatus) {
    if let Some(range) = lines.ranges.get(k) {
        sink.mark(lines.text, range.clone(), status);
    }
}

/// `range` moved by `by` bytes.
pub(super) fn shift(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// What one line of a visits table is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    Blank,
    /// A part of a two-part table: visits to Japan or from Japan.
    Part(Direction),
    /// A country alone on its line; `codes` is `None` for a name the
    /// gazetteer does not know. Ranges are bytes of the line.
    Country {
        name: Range<usize>,
        codes: Option<Vec<CountryCode>>,
    },
    /// A role, its dates (maybe none: they follow on the next line) and a
    /// country glued to the end of the line.
    Role {
        role: Range<usize>,
        dates: Vec<Range<usize>>,
        glued: Option<(Range<usize>, Vec<CountryCode>)>,
    },
    /// Dates only: more dates of the role above.
    Dates {
        dates: Vec<Range<usize>>,
        glued: Option<(Range<usize>, Vec<CountryCode>)>,
    },
    /// The column header of a row-per-visit table (`国・機関名　訪問者　時期`).
    Header,
    /// One visit per row: country, role and dates in cells.
    Grid {
        country: Range<usize>,
        codes: Vec<CountryCode>,
        role: Range<usize>,
        dates: Vec<Range<usize>>,
    },
    Other,
}

/// Column names of a row-per-visit table's header.
const HEADER_WORDS: &[&str] = &["国名", "国・機関名", "国・地域", "相手国", "訪問者", "来訪者", "役職", "時期", "年月"];

/// Cells of a row: separated by a tab or a run of two or more spaces (a
/// full-width space counts as two).
pub(super) fn grid_cells(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0usize;
    let mut gap = 0usize;
    for (idx, c) in line.char_indices() {
        if c == '\t' || c == '\u{3000}' || c == ' ' {
            gap += if c == ' ' { 1 } else { 2 };
            continue;
        }
        if gap >= 2 {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        }
        gap = 0;
        if start.is_none() {
            start = Some(idx);
        }
        end = idx + c.len_utf8();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// A row of a row-per-visit table: `COUNTRY  ROLE  DATES`, or its header.
fn grid_row(line: &str) -> Option<Row> {
    let cells = grid_cells(line);
    if cells.len() == 3 || cells.len() == 2 {
        let words: Vec<&str> = cells.iter().filter_map(|c| line.get(c.clone())).collect();
        if words.iter().all(|w| HEADER_WORDS.iter().any(|h| nfkc_compact(w) == nfkc_compact(h))) && words.len() == 3 {
            return Some(Row::Header);
        }
    }
    let (country, role, date) = match cells.as_slice() {
        [country, role, date] => (country.clone(), role.clone(), date.clone()),
        // `シンガポール統幕長　　24.2`: the single space between the country
        // and the role went with the letter-spacing.
        [glued, date] => {
            let (country, role) = country_then_role(line, glued)?;
            (country, role, date.clone())
        }
        _ => return None,
    };
    let codes = known_country(line.get(country.clone())?)?;
    if !is_role(line.get(role.clone())?) {
        return None;
    }
    let (dates, rest) = date_list(line, date.start)?;
    line.get(rest..).is_some_and(|t| t.trim().is_empty()).then_some(Row::Grid { country, codes, role, dates })
}

/// A cell that is a known country followed by a role with no space
/// between (`シンガポール統幕長`): the two ranges, the longest country first.
fn country_then_role(line: &str, cell: &Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let text = line.get(cell.clone())?;
    let cuts: Vec<usize> = text.char_indices().skip(1).map(|(idx, _)| idx).collect();
    cuts.into_iter().rev().find_map(|idx| {
        let (name, role) = (text.get(..idx)?, text.get(idx..)?);
        // A Japanese role only: `インド太平洋軍司令官` is a title, not `インド`.
        (known_country(name).is_some() && is_role(role) && !roles_in(role).is_empty())
            .then(|| (cell.start..cell.start + idx, cell.start + idx..cell.end))
    })
}

fn classify(line: &str) -> Row {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Row::Blank;
    }
    let lead = line.len() - line.trim_start().len();
    let body = lead..lead + trimmed.len();
    if let Some(direction) = part_marker(trimmed) {
        return Row::Part(direction);
    }
    if let Some(row) = grid_row(line) {
        return row;
    }
    if let Some((dates, rest)) = date_list(line, lead) {
        let tail = line.get(rest..).unwrap_or("");
        if tail.trim().is_empty() {
            return Row::Dates { dates, glued: None };
        }
        if let Some(glued) = glued_country(tail, rest) {
            return Row::Dates { dates, glued: Some(glued) };
        }
    }
    // `２　フィリピン`: a numbered heading after the table ends it; a country
    // row is the bare name.
    let numbered = trimmed.chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && trimmed.chars().nth(1).is_some_and(char::is_whitespace);
    if numbered {
        return Row::Other;
    }
    if let Some(codes) = known_country(trimmed) {
        return Row::Country { name: body, codes: Some(codes) };
    }
    // The role runs to the first space or digit.
    let role_len = trimmed
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_ascii_digit() || ('０'..='９').contains(c))
        .map_or(trimmed.len(), |(idx, _)| idx);
    let role_text = trimmed.get(..role_len).unwrap_or("");
    if is_role(role_text) {
        let role = lead..lead + role_len;
        let after_role = lead + role_len;
        let gap = line.get(after_role..).map_or(0, |r| r.len() - r.trim_start().len());
        if after_role + gap >= lead + trimmed.len() {
            return Row::Role { role, dates: Vec::new(), glued: None };
        }
        let Some((dates, rest)) = date_list(line, after_role + gap) else { return Row::Other };
        let tail = line.get(rest..).unwrap_or("");
        if tail.trim().is_empty() {
            return Row::Role { role, dates, glued: None };
        }
        return match glued_country(tail, rest) {
            Some(glued) => Row::Role { role, dates, glued: Some(glued) },
            None => Row::Other,
        };
    }
    if could_be_country(trimmed) {
        return Row::Country { name: body, codes: None };
    }
    Row::Other
}

/// `海幕長　　26.4 インドネシア`: the next country's name glued after the
/// dates (`tail` starts at byte `at` of the line): its range and codes.
fn glued_country(tail: &str, at: usize) -> Option<(Range<usize>, Vec<CountryCode>)> {
    let trimmed = tail.trim();
    let start = at + (tail.len() - tail.trim_start().len());
    known_country(trimmed).map(|codes| (start..start + trimmed.len(), codes))
}

/// `【来日】`, `〈訪問〉`, `■来日`: the part of a two-part table.
fn part_marker(trimmed: &str) -> Option<Direction> {
    // `【来日】（外国要人の来日）`: the marker's own bracket names the part.
    let compact = nfkc_compact(trimmed);
    if let Some(inner) = compact.strip_prefix('【').and_then(|r| r.split_once('】')).map(|(inner, _)| inner) {
        if let Some(direction) = part_marker(inner) {
            return Some(direction);
        }
    }
    let inner: String = compact
        .chars()
        .filter(|c| !matches!(c, '【' | '】' | '〈' | '〉' | '<' | '>' | '(' | ')' | '■' | '●' | '[' | ']'))
        .collect();
    match inner.as_str() {
        "来日" | "訪日" | "来訪" | "諸外国から日本への訪問" | "外国要人の来日" => {
            Some(Direction::Inbound)
        }
        "訪問" | "海外訪問" | "日本から諸外国への訪問" | "防衛省・自衛隊からの訪問" => {
            Some(Direction::Outbound)
        }
        // `【各国から日本への訪問】`, `【日本から各国への訪問】`: who went where.
        _ if inner.chars().count() <= 20 && trimmed.starts_with(['【', '〈', '<', '■', '●', '[']) => {
            let to_japan = ["から日本", "からわが国", "から我が国", "日本への", "わが国への", "我が国への"];
            let from_japan = ["日本から", "わが国から", "我が国から", "防衛省から", "自衛隊から"];
            if to_japan.iter().any(|w| inner.contains(w)) {
                Some(Direction::Inbound)
            } else if from_japan.iter().any(|w| inner.contains(w)) {
                Some(Direction::Outbound)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The counterparts of a whole country line, when the gazetteer knows it.
fn known_country(name: &str) -> Option<Vec<CountryCode>> {
    header_countries(name).filter(|codes| !codes.is_empty())
}

/// A role cell: a Japanese role word (taxonomy.md), or a counterpart's title
/// in an inbound part (`国防大臣`, `参謀総長`).
fn is_role(text: &str) -> bool {
    let n = text.chars().count();
    (1..=12).contains(&n)
        && (!roles_in(text).is_empty()
            || [
                "大臣",
                "長官",
                "次官",
                "次長",
                "総長",
                "司令官",
                "参謀長",
                "審議官",
                "議長",
                "委員長",
                "総監",
                "本部長",
                "部長",
                "局長",
                "国防相",
                "防衛相",
            ]
            .iter()
            .any(|s| text.ends_with(s)))
}

/// A short name that may be a country the gazetteer lacks: letters only,
/// no digits or punctuation.
fn could_be_country(text: &str) -> bool {
    let n = text.chars().count();
    (2..=12).contains(&n)
        && text.chars().all(|c| {
            ('\u{30A0}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_ascii_uppercase()
        })
}

/// A list of dates starting at byte `from` of `line` (`26.10、26.12、`):
/// the byte range of each date, and where the list ended. `None` when no
/// date starts there.
fn date_list(line: &str, from: usize) -> Option<(Vec<Range<usize>>, usize)> {
    let mut dates = Vec::new();
    let mut at = from;
    loop {
        let rest = line.get(at..)?;
        let len = date_token_len(rest);
        if len == 0 {
            break;
        }
        dates.push(at..at + len);
        at += len;
        let after = line.get(at..).unwrap_or("");
        match after.chars().next() {
            Some(c @ ('、' | ',' | '，')) => {
                at += c.len_utf8();
                // Spaces after a separator, then maybe the next date.
                let more = line.get(at..).unwrap_or("");
                let gap = more.len() - more.trim_start().len();
                if date_token_len(more.get(gap..).unwrap_or("")) == 0 {
                    break;
                }
                at += gap;
            }
            _ => break,
        }
    }
    (!dates.is_empty()).then_some((dates, at))
}

/// A cell date written out with its era (`平成9年6月`, `令和元年12月`).
static WRITTEN_CELL_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:昭和|平成|令和)(?:[0-9０-９]{1,2}|元)年[0-9０-９]{1,2}月").expect("valid regex")
});

/// The length of a `26.5` / `２６．５` / `2014.5` token at the start of
/// `text`, or 0.
fn date_token_len(text: &str) -> usize {
    // `平成9年6月`: a cell that writes its date out.
    if let Some(m) = WRITTEN_CELL_DATE.find(text) {
        return m.end();
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = text.char_indices().peekable();
    let mut len = 0;
    let mut year_digits = 0;
    // `元.7`: the first year of the era, as the Reiwa tables write it.
    if let Some(&(_, '元')) = chars.peek() {
        year_digits = 1;
        len = '元'.len_utf8();
        chars.next();
    }
    while let Some(&(idx, c)) = chars.peek() {
        if !is_digit(c) {
            break;
        }
        year_digits += 1;
        len = idx + c.len_utf8();
        chars.next();
    }
    if !(1..=4).contains(&year_digits) {
        return 0;
    }
    match chars.next() {
        Some((_, '.' | '．')) => {}
        _ => return 0,
    }
    let mut month_digits = 0;
    for (idx, c) in chars {
        if !is_digit(c) {
            break;
        }
        month_digits += 1;
        len = idx + c.len_utf8();
    }
    if (1..=2).contains(&month_digits) {
        len
    } else {
        0
    }
}

/// The era the title names (`（14（平成26）年1月～15（平成27）年5月）` → 平成).
/// The eras a title's period names, in order (`平成31年4月～令和2年3月`:
/// Heisei, then Reiwa).
pub(super) fn title_eras(title: &str) -> Vec<Era> {
    let mut eras = Vec::new();
    for era in date::scan(title, &Context::default()).into_iter().filter_map(|f| f.result.ok().and_then(|r| r.era)) {
        if !eras.contains(&era) {
            eras.push(era);
        }
    }
    // A range across an era change resolves to its last era; the one before
    // it is a candidate too (the period decides which a cell is in).
    let written = [("昭和", Era::Showa), ("平成", Era::Heisei), ("令和", Era::Reiwa)];
    for (name, era) in written {
        if title.contains(name) && !eras.contains(&era) {
            eras.push(era);
        }
    }
    eras
}

/// The first and last (year, month) a title's period names.
fn title_period(title: &str) -> Option<((i32, u8), (i32, u8))> {
    let found = date::scan(title, &Context::default());
    let points: Vec<(i32, u8)> = found
        .iter()
        .filter_map(|f| f.result.as_ref().ok()?.date)
        .flat_map(|d| match d {
            koryu_model::Edtf::Interval { start, end } => vec![start, end],
            koryu_model::Edtf::Point(p) => vec![Some(p)],
        })
        .flatten()
        .filter_map(|p| p.date())
        .map(|d| (d.get_year(), d.get_month().unwrap_or(1)))
        .collect();
    Some((*points.first()?, *points.last()?))
}

/// The direction a title states: 来日/訪日 (visits to Japan) or 訪問 (from Japan).
/// A title that names both (`訪問・来日実績`) says nothing until a part does.
pub(super) fn direction_of(title: &str) -> Option<Direction> {
    let inbound = title.contains("来日") || title.contains("訪日");
    let outbound = title.contains("訪問");
    match (inbound, outbound) {
        (true, false) => Some(Direction::Inbound),
        (false, true) => Some(Direction::Outbound),
        _ => None,
    }
}

/// The order roles run in under one country of an outbound table
/// (大臣, 副大臣, 政務官, 事務次官, 防衛審議官, 統幕長, 陸・海・空幕長).
const ROLE_ORDER: &[Role] = &[
    Role::Minister,
    Role::StateMinister,
    Role::ParliamentaryViceMinister,
    Role::AdministrativeViceMinister,
    Role::ViceMinisterInternational,
    Role::ChiefJointStaff,
    Role::ChiefGroundStaff,
    Role::ChiefMaritimeStaff,
    Role::ChiefAirStaff,
];

/// What the role lines under the current country have shown, to see a
/// country line the PDF or an edit lost: the rows after it then run on
/// under the country above, and no line is malformed.
#[derive(Default)]
struct Block {
    /// Roles under the current country, as written (compacted).
    roles: Vec<String>,
    /// The highest [`ROLE_ORDER`] rank so far under the current country.
    rank: Option<usize>,
    /// Whether this table's blank lines come only before a country:
    /// learnt from the first role line after a country line (right after
    /// it, or after a blank line in a double-spaced table).
    blank_separates: Option<bool>,
    /// Whether a country line began the current block (not a lost one).
    named: bool,
}

/// Why a role line looks like the first of a country whose line was lost.
enum LostCountry {
    /// A blank line before it, in a table whose blank lines separate countries.
    BlankLine,
    /// Its role comes again, or before one already under this country.
    RolesRestart(String),
}

impl Block {
    fn country_line(&mut self) {
        self.roles.clear();
        self.rank = None;
        self.named = true;
    }

    /// Takes a role line (`after_blank`: a blank line came before it and
    /// the previous row did not name the next country); `Some` when a
    /// country line before it was probably lost. The block then starts
    /// afresh, so one lost line is one finding.
    fn role_line(&mut self, role: &str, after_blank: bool) -> Option<LostCountry> {
        let written = nfkc_compact(role);
        let rank = roles_in(role).first().and_then(|r| ROLE_ORDER.iter().position(|o| o == r));
        let first_of_block = self.roles.is_empty();
        if first_of_block && self.named && self.blank_separates.is_none() {
            self.blank_separates = Some(!after_blank);
        }
        let why = if first_of_block {
            None
        } else if after_blank && self.blank_separates == Some(true) {
            Some(LostCountry::BlankLine)
        } else if self.roles.contains(&written) || rank.zip(self.rank).is_some_and(|(now, before)| now <= before) {
            Some(LostCountry::RolesRestart(self.roles.last().cloned().unwrap_or_default()))
        } else {
            None
        };
        if why.is_some() {
            self.roles.clear();
            self.rank = None;
        }
        self.roles.push(written);
        self.rank = rank.or(self.rank);
        why
    }
}

/// The state of a table while its rows are read.
struct Table {
    section: String,
    /// The eras of the title's period; a cell's year is read in the one
    /// that puts it inside the period (`31.4` Heisei, `元.8` Reiwa).
    eras: Vec<Era>,
    period: Option<((i32, u8), (i32, u8))>,
    ctx: Context,
    /// `None` while a two-part table's title names both directions and no
    /// part has begun.
    direction: Option<Direction>,
    /// The current role's text in the page and how many dates it has had,
    /// so a role whose dates never come is reported.
    role_line: Option<(Range<usize>, usize)>,
    /// The current country as written and its counterparts.
    country: Option<(String, Vec<CountryCode>)>,
    /// The current role as written.
    role: Option<String>,
    block: Block,
}

impl Table {
    fn set_country(&mut self, line: &str, name: Range<usize>, codes: Vec<CountryCode>) {
        let written = line.get(name).unwrap_or("").to_owned();
        self.country = Some((written, codes));
        self.role = None;
    }

    /// Reports a role line that looks like the first of a lost country.
    fn lost_country(&self, sink: &mut Sink<'_>, lines: &Lines<'_>, range: Range<usize>, why: LostCountry) {
        let country = self.country.as_ref().map_or("", |(written, _)| written.as_str());
        let seen = match why {
            LostCountry::BlankLine => {
                "this role line follows a blank line, and in this table a blank line comes only before a country".to_owned()
            }
            LostCountry::RolesRestart(previous) => format!(
                "this role comes after {previous} under {country}, and the roles under one country run in the table's order (大臣 … 空幕長) without repeating"
            ),
        };
        sink.diagnostic(
            Code::SectionRestart,
            lines.text,
            range,
            format!("{seen}: a country line above it was probably lost, so its visits are filed under {country}; restore the country line from the original"),
        );
    }

    /// Reports the current role if none of its dates came, and forgets it.
    fn close_role(&mut self, sink: &mut Sink<'_>, lines: &Lines<'_>) {
        if let Some((range, 0)) = self.role_line.take() {
            sink.diagnostic(
                Code::MissingDate,
                lines.text,
                range,
                "this role of a visits table has no date after it; add the dates from the original",
            );
        }
    }

    /// One mention per date cell of the current (country, role).
    fn cells(&mut self, sink: &mut Sink<'_>, lines: &Lines<'_>, line_start: usize, dates: &[Range<usize>]) {
        let (Some((country, codes)), Some(role)) = (&self.country, &self.role) else { return };
        if let Some((_, n_dates)) = self.role_line.as_mut() {
            *n_dates += dates.len();
        }
        for date_range in dates {
            let range = shift(date_range, line_start);
            let raw = lines.text.as_str().get(range.clone()).unwrap_or("");
            // `元.7` is year 1 of the table's era.
            let year_one = raw.strip_prefix('元').map(|rest| format!("1{rest}"));
            let cell = year_one.as_deref().unwrap_or(raw);
            let in_period = |r: &date::Resolved| {
                let first = r.date.as_ref().and_then(koryu_model::Edtf::first_date);
                match (first, self.period) {
                    (Some(d), Some((from, to))) => {
                        let ym = (d.get_year(), d.get_month().unwrap_or(1));
                        from <= ym && ym <= to
                    }
                    _ => false,
                }
            };
            let in_era = |era: Era| {
                let ctx = Context { document_era: Some(era), previous_era: Some(era), ..self.ctx.clone() };
                date::resolve(cell, &ctx).ok()
            };
            // Outside the period in every era (a title whose start is
            // wrong, `30（平成30）年4月～元（令和元）年6月`, already reported):
            // the era that puts the cell nearest the period, not 2048.
            let months = |(y, m): (i32, u8)| i64::from(y) * 12 + i64::from(m);
            let distance = |r: &date::Resolved| {
                let first = r.date.as_ref().and_then(koryu_model::Edtf::first_date);
                match (first, self.period) {
                    (Some(d), Some((from, to))) => {
                        let ym = months((d.get_year(), d.get_month().unwrap_or(1)));
                        (months(from) - ym).max(ym - months(to)).max(0)
                    }
                    _ => i64::MAX,
                }
            };
            let fitting = if self.eras.len() > 1 {
                let candidates: Vec<date::Resolved> =
                    self.eras.iter().filter_map(|&era| in_era(era)).filter(|r| r.date.is_some()).collect();
                candidates
                    .iter()
                    .find(|r| in_period(r))
                    .cloned()
                    .or_else(|| self.period.and_then(|_| candidates.iter().min_by_key(|r| distance(r)).cloned()))
            } else {
                None
            };
            let resolved = match fitting.map_or_else(|| date::resolve(cell, &self.ctx), Ok) {
                Ok(resolved) if resolved.date.is_some() => resolved,
                _ => {
                    sink.diagnostic(
                        Code::InvalidDate,
                        lines.text,
                        range,
                        "this date of a visits table is not a year.month the table's era can resolve; correct it from the original",
                    );
                    continue;
                }
            };
            // Titles as the evaluation tables write visits: `統幕長タイ訪問`
            // for a Japanese visitor, `英国防大臣来日` for a counterpart.
            let title = if self.direction == Some(Direction::Inbound) {
                format!("{country}{role}来日")
            } else {
                format!("{role}{country}訪問")
            };
            let mut draft = draft_event(Category::HighLevel);
            draft.title = nfkc_compact(&title);
            draft.title_raw = role.clone();
            draft.date = resolved.date;
            draft.date_raw = Some(raw.to_owned());
            draft.date_precision = Some(resolved.precision);
            draft.countries.clone_from(codes);
            draft.header_raw = Some(country.clone()).filter(|written| !written.is_empty());
            draft.direction = self.direction;
            draft.jp_roles = if self.direction == Some(Direction::Inbound) { Vec::new() } else { roles_in(role) };
            draft.section = Some(self.section.clone());
            // `越・柬　防衛副大臣　19.9`: one trip to two countries is a visit
            // to each, as a trip in prose is.
            let each = codes.len() >= 2 && !codes.iter().any(CountryCode::is_organisation);
            if each {
                for (j, code) in codes.iter().enumerate() {
                    let mut one = draft.clone();
                    one.countries = vec![code.clone()];
                    one.occurrence = u32::try_from(1000 * j).unwrap_or(u32::MAX);
                    sink.mention(one, lines.text, range.clone());
                }
            } else {
                sink.mention(draft, lines.text, range);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_and_references() {
        assert_eq!(
            caption_title("ハイレベルの訪問実績（14（平成26）年1月～15（平成27）年5月）図表Ⅲ-3-1-1"),
            Some("ハイレベルの訪問実績（14（平成26）年1月～15（平成27）年5月）")
        );
        assert_eq!(caption_title("図表Ⅲ-3-1-1　ハイレベルの訪問実績"), Some("ハイレベルの訪問実績"));
        assert_eq!(caption_title("図表Ⅲ-3-1-1（ハイレベル訪問の実績（14（平成26）年"), None);
        assert_eq!(caption_title("相会談を行い、防衛協力・交流に関する意図表明"), None);
    }

    #[test]
    fn rows() {
        assert!(matches!(classify("韓国"), Row::Country { codes: Some(_), .. }));
        assert!(matches!(classify("　　　　　　27.2"), Row::Dates { ref dates, glued: None } if dates.len() == 1));
        assert!(matches!(classify("　　　27.2 ラオス"), Row::Dates { glued: Some(_), .. }));
        assert!(matches!(classify("防衛審議官　26.10、26.12、"), Row::Role { ref dates, .. } if dates.len() == 2));
        assert!(matches!(classify("海幕長　　26.4 インドネシア"), Row::Role { glued: Some(_), .. }));
        assert!(matches!(classify("防衛審議官"), Row::Role { ref dates, .. } if dates.is_empty()));
        assert!(matches!(classify("防衛大臣　２６．５、２７．５"), Row::Role { ref dates, .. } if dates.len() == 2));
        assert_eq!(classify(" \t3\t 多国間共同訓練"), Row::Other);
        assert_eq!(classify("安全保障対話・防衛交流図表Ⅲ-3-1-2"), Row::Other);
        assert_eq!(classify("【来日】"), Row::Part(Direction::Inbound));
    }
}
