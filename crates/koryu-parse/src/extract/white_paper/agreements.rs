//! Agreement status boxes such as 003's KEY WORD boxes (`2025年4月現在、…との
//! 間で締結、…との間で署名`): one `agreement_status` mention per (agreement,
//! counterpart).
//!
//! Three shapes are read:
//!
//! ```text
//! box   = "KEY WORD" | "解説" NAME
//!         NAME                                   (円滑化協定 (RAA))
//!         DEFINITION*                            (prose lines, structure)
//!         STATUS                                 (2025年4月現在、A、Bとの間で締結、Cとの間で署名されている。)
//! table = CAPTION                                (図表… 協定の締結状況（2024年3月現在）)
//!         HEADER                                 (協定名 | 締結国 | 署名国: tab or wide-space cells)
//!         ROW*                                   (NAME | A、B | C; － for none)
//! list  = CAPTION                                (図表… 協定の署名・発効状況)
//!         ("〈" NAME "〉" | "・" COUNTRY "：" (DATE VERB)、…)+   (dated events, not statuses)
//! ```
//!
//! A box's name may stand beside its marker (`KEY WORD　情報保護協定`); the
//! web edition's `解説　NAME` box is read the same way.
//!
//! A status sentence may wrap over lines until its `。`. A parenthetical
//! note `(※米国とは…)` names no pair. The mention stands at the country's
//! name; its date is the as-of date.

use super::visits::{caption_title, grid_cells, mark, next_non_blank, table_title};
use super::{Edition, Lines};
use crate::coverage::LineStatus;
use crate::date::{self, Context, Resolved};
use crate::extract::sink::Sink;
use crate::gazetteer::{countries_in, header_countries, nfkc_compact, Abbreviations};
use crate::text::MappedText;
use koryu_model::{Category, Code, DocKind, Era, Mention, MentionKind, Status};
use std::ops::Range;

/// If the table this module reads starts at line index `i`, extracts it
/// (mentions, structure, diagnostics through `sink`) and returns the index
/// of the first line after it; `None` when no such table starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let _ = edition;
    extract_box(sink, lines, i)
        .or_else(|| extract_table(sink, lines, i))
        .or_else(|| extract_date_table(sink, lines, i, edition))
        .or_else(|| extract_dated_list(sink, lines, i, edition))
}

/// `主な防衛関連協定の署名・発効状況　図表…` (or a plain title such as
/// `近年署名・発効した主な協定など`), then either `〈物品役務相互提供協定（ACSA）〉`
/// group lines and `・米国：16（平成28）年9月署名、17（同29）年4月発効` items, or
/// items that name the pair in the agreement's name (`・日独物品役務相互提供協定（ACSA）`
/// ⏎ `　2024年1月署名、同年7月発効`): one dated `event` mention per
/// (agreement, country, status date), the item's `同年` / `（同29）` leaning on
/// its own earlier date. `署名・発効` on one date is one mention, in force.
fn extract_dated_list(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let caption = lines.get(i);
    dated_agreements_title(caption)?;
    let first = next_non_blank(lines, i + 1)?;
    if group_name(lines.get(first)).is_none() && named_item(lines, first).is_none() {
        return None;
    }
    mark(sink, lines, i, LineStatus::Structure);
    let section = nfkc_compact(caption);
    let mut agreement: Option<Agreement> = None;
    let mut k = first;
    let mut end = first;
    while k < lines.len() {
        let line = lines.get(k);
        if line.trim().is_empty() {
            k += 1;
            continue;
        }
        let line_start = lines.ranges.get(k).map_or(0, |r| r.start);
        if let Some(name) = group_name(line) {
            mark(sink, lines, k, LineStatus::Structure);
            agreement =
                Some(Agreement { title: agreement_title(name), title_raw: name.to_owned(), section: section.clone() });
        } else if let (Some((name, value)), Some(agreement)) = (dated_item(line), agreement.as_ref()) {
            let written = line.get(name.clone()).unwrap_or("").trim();
            let item = Item { written, at: line_start + name.start };
            let dates = Dates { at: line_start + value.start, text: line.get(value).unwrap_or("") };
            let read = item_events(sink, lines.text, &item, &dates, agreement, edition);
            let status = if read { LineStatus::Mention } else { LineStatus::Structure };
            sink.mark(lines.text, line_start..line_start + line.len(), status);
        } else if let Some(named) = named_item(lines, k) {
            let written = line.get(named.name.clone()).unwrap_or("").trim();
            let own =
                Agreement { title: agreement_title(written), title_raw: written.to_owned(), section: section.clone() };
            let dates_line = lines.get(named.dates_line);
            let dates_start = lines.ranges.get(named.dates_line).map_or(0, |r| r.start);
            let dates = Dates { at: dates_start + named.dates.start, text: dates_line.get(named.dates).unwrap_or("") };
            // The mention stands at its date: the name holds the pair but the
            // date may be a line below it.
            let item = Item { written, at: dates.at };
            let read = item_events(sink, lines.text, &item, &dates, &own, edition);
            let status = if read { LineStatus::Mention } else { LineStatus::Structure };
            mark(sink, lines, k, LineStatus::Structure);
            mark(sink, lines, named.dates_line, status);
            k = named.dates_line;
        } else {
            break;
        }
        k += 1;
        end = k;
    }
    Some(end)
}

/// The title of a table or list of dated agreements: it names 協定 and 署名
/// or 発効 (`主な防衛関連協定の署名・発効状況`).
fn dated_agreements_title(caption: &str) -> Option<&str> {
    table_title(caption).filter(|t| t.contains("協定") && (t.contains("発効") || t.contains("署名")))
}

/// `〈物品役務相互提供協定（ACSA）〉`, `【防衛装備品・技術移転協定】`: the name inside.
fn group_name(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = ["〈〉", "＜＞", "<>", "【】", "《》"].iter().find_map(|pair| {
        let mut cs = pair.chars();
        let (open, close) = (cs.next()?, cs.next()?);
        t.strip_prefix(open)?.strip_suffix(close)
    })?;
    is_agreement_name(inner).then_some(inner)
}

/// Where a named item's parts are: the name in its line, the dates in theirs.
struct NamedItem {
    name: Range<usize>,
    dates_line: usize,
    dates: Range<usize>,
}

/// `・日独物品役務相互提供協定（ACSA）` ⏎ `　2024年1月署名、…` or the same on
/// one line (`・日独ACSA　2024年1月署名`): a bulleted agreement name followed
/// by its dates; `None` for anything else.
fn named_item(lines: &Lines<'_>, k: usize) -> Option<NamedItem> {
    let line = lines.get(k);
    let body = line.trim_start();
    let bullet = ['・', '･', '●', '○'].iter().find_map(|b| body.strip_prefix(*b))?;
    let start = line.len() - bullet.len();
    let first_date = date::scan(bullet, &Context::default()).into_iter().next().map(|f| f.range.start);
    if let Some(at) = first_date.filter(|&at| at > 0) {
        let name = bullet.get(..at)?;
        return (is_agreement_name(name) && !name.contains(['：', ':'])).then(|| NamedItem {
            name: start..start + name.trim_end().len(),
            dates_line: k,
            dates: start + at..line.trim_end().len(),
        });
    }
    if first_date.is_some() || !is_agreement_name(bullet) || bullet.contains(['：', ':']) {
        return None;
    }
    // The dates: the very next line, indented or not, starting with a date.
    let next = lines.get(k + 1);
    let lead = next.len() - next.trim_start().len();
    let dates = next.trim();
    let at_start = date::scan(dates, &Context::default()).first().is_some_and(|f| f.range.start == 0);
    at_start.then(|| NamedItem {
        name: start..line.trim_end().len(),
        dates_line: k + 1,
        dates: lead..lead + dates.len(),
    })
}

/// `・米国：…`: the byte ranges (in the line) of the country and of the
/// dates after the colon.
fn dated_item(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    let lead = line.len() - line.trim_start().len();
    let body = line.get(lead..)?;
    let bullet = ['・', '･', '●', '○', '-'].iter().find_map(|b| body.strip_prefix(*b))?;
    let start = line.len() - bullet.len();
    let colon = bullet.find(['：', ':'])?;
    let sep = bullet.get(colon..)?.chars().next()?.len_utf8();
    let name = start..start + colon;
    let value = start + colon + sep..line.trim_end().len();
    (!value.is_empty()).then_some((name, value))
}

/// The counterpart of one dated item as written, and where (in the page
/// text) its mentions start.
struct Item<'a> {
    written: &'a str,
    at: usize,
}

/// The dates of one item and where (in the page text) they start.
struct Dates<'a> {
    at: usize,
    text: &'a str,
}

/// The mentions of one item: each date and the verb after it. Returns
/// whether any was read (else the item is reported).
fn item_events(
    sink: &mut Sink<'_>,
    text: &MappedText,
    item: &Item<'_>,
    dates: &Dates<'_>,
    agreement: &Agreement,
    edition: &Edition,
) -> bool {
    let Some(countries) = item_countries(item.written) else {
        // A named item's pair is in its name (`日独…協定`); a country item's
        // is the name before its colon.
        let (span, message) = if item.written == agreement.title_raw {
            (
                dates.at..dates.at + dates.text.len(),
                "this agreement's name names no counterpart (such as 日独 or 日・モンゴル); add it from the original",
            )
        } else {
            (
                item.at..item.at + item.written.len(),
                "this counterpart of an agreement is not in the gazetteer; correct the name or add it to the gazetteer",
            )
        };
        sink.diagnostic(Code::UnknownCountry, text, span, message);
        return false;
    };
    let shift = |r: &Range<usize>| dates.at + r.start..dates.at + r.end;
    let mut context = Context { publication_year: edition.year, ..Context::default() };
    let found = date::scan(dates.text, &context);
    let mut any = false;
    for (n, f) in found.iter().enumerate() {
        let until = found.get(n + 1).map_or(dates.text.len(), |next| next.range.start);
        // `署名（未発効）`: signed, not in force.
        let verb = dates.text.get(f.range.end..until).unwrap_or("").replace("未発効", "");
        let status = if verb.contains("発効") || verb.contains("締結") {
            Status::InForce
        } else if verb.contains("署名") {
            Status::Signed
        } else {
            continue;
        };
        // 同年 and （同29） lean on the item's earlier date, resolved again
        // now that it is known (the scan saw none).
        let raw = dates.text.get(f.range.clone()).unwrap_or("");
        let resolved = match date::resolve(raw, &context) {
            Ok(r) if r.date.is_some() => r,
            Ok(_) | Err(_) => {
                sink.diagnostic(
                    Code::InvalidDate,
                    text,
                    shift(&f.range),
                    "this date of an agreement is not one the grammar reads; correct it from the original",
                );
                continue;
            }
        };
        context.previous_date = resolved.date.as_ref().and_then(koryu_model::Edtf::first_date);
        if resolved.era.is_some() {
            context.previous_era = resolved.era;
        }
        let mut draft = agreement.draft(MentionKind::Event, status, raw, &resolved, countries.clone(), item.written);
        if agreement.title_raw != item.written {
            draft.title_raw = format!("{}：{}", agreement.title_raw, item.written);
        }
        // The mention stands at the country's name, as in a status box.
        sink.mention(draft, text, item.at..dates.at + f.range.end);
        any = true;
    }
    if !any {
        sink.diagnostic(
            Code::MissingDate,
            text,
            dates.at..dates.at + dates.text.len(),
            "this agreement item states no dated 署名 or 発効; check it by hand",
        );
    }
    any
}

/// Lines a KEY WORD box may hold between its name and its status sentence.
const MAX_DEFINITION_LINES: usize = 8;
/// Lines a status sentence may wrap over.
const MAX_STATUS_LINES: usize = 4;

/// A KEY WORD box whose status sentence follows its definition.
fn extract_box(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize) -> Option<usize> {
    let marker = nfkc_compact(lines.get(i)).replace('*', "");
    // The name on its own line after the marker, or beside it
    // (`KEY WORD　情報保護協定`).
    // The web edition's explanatory box (`解説　物品役務相互提供協定（ACSA）`) is
    // one too, its name always beside the marker.
    let beside =
        ["KEYWORD", "キーワード", "解説"].iter().find_map(|m| marker.strip_prefix(m)).filter(|rest| !rest.is_empty());
    let (name_idx, name_line) = match beside {
        Some(rest) => (i, rest),
        None if matches!(marker.as_str(), "KEYWORD" | "キーワード") => {
            let idx = next_non_blank(lines, i + 1)?;
            (idx, lines.get(idx).trim())
        }
        None => return None,
    };
    if !is_agreement_name(name_line) {
        return None;
    }
    // The status sentence: the first line after the name with 現在; it runs
    // to the line that ends it with 。 and must name a clause (との間で).
    // (A definition may say 現在 too: the first such sentence with a clause wins.)
    // Or the labelled form, one line per status (`2022年3月現在、締結：米国、…`
    // ⏎ `インドネシア、ベトナム` ⏎ `2022年3月現在、署名のみ：…`), no clause, no 。.
    let (status_idx, last_idx, labelled) = (name_idx + 1..lines.len().min(name_idx + 1 + MAX_DEFINITION_LINES))
        .filter(|&k| lines.get(k).contains("現在"))
        .find_map(|k| {
            if STATUS_LABEL.is_match(lines.get(k)) && !lines.get(k).contains("との間で") {
                let mut last = k;
                while last + 1 < lines.len().min(k + MAX_STATUS_LINES) && continues_labelled(lines.get(last + 1)) {
                    last += 1;
                }
                return Some((k, last, true));
            }
            let last = (k..lines.len().min(k + MAX_STATUS_LINES)).find(|&n| lines.get(n).contains('。')).unwrap_or(k);
            (k..=last).any(|n| lines.get(n).contains("との間で")).then_some((k, last, false))
        })?;
    for k in i..=last_idx {
        mark(sink, lines, k, LineStatus::Structure);
    }
    let agreement = Agreement {
        title: agreement_title(name_line),
        title_raw: name_line.to_owned(),
        section: "KEY WORD".to_owned(),
    };
    // Each status line with the country lines it wraps onto is read alone:
    // its own as-of date, its own labels.
    let mut k = status_idx;
    while k <= last_idx {
        let mut end = k;
        while labelled && end < last_idx && !lines.get(end + 1).contains("現在") {
            end += 1;
        }
        if !labelled {
            end = last_idx;
        }
        let mut sentence = MappedText::default();
        for n in k..=end {
            if let Some(part) = lines.ranges.get(n).and_then(|r| lines.text.slice(r.clone())) {
                sentence.push_mapped(&part);
            }
        }
        if labelled {
            labelled_status(sink, &sentence, &agreement);
        } else {
            status_sentence(sink, &sentence, &agreement);
        }
        k = end + 1;
    }
    Some(last_idx + 1)
}

/// `締結：`, `署名のみ：`: a status label of the labelled box form.
static STATUS_LABEL: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(締結|発効|署名のみ|署名)\s*[:：]").expect("valid regex"));

/// Whether `line` goes on with a labelled status: another label line with
/// its own as-of date, or the rest of a country list (every item a country).
fn continues_labelled(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.contains('。') {
        return false;
    }
    if t.contains("現在") {
        return STATUS_LABEL.is_match(t);
    }
    // Each item a country's name by itself (`インドネシア`, `英国（※）`), not
    // a note that names one (`※米国とは…を締結`).
    let named = |item: &str| {
        let compact = nfkc_compact(item);
        let name = compact.split('(').next().unwrap_or("");
        header_countries(name).is_some_and(|c| !c.is_empty())
    };
    let items = split_list(t, 0..t.len());
    !t.starts_with('※') && !items.is_empty() && items.iter().all(|r| t.get(r.clone()).is_some_and(named))
}

/// `2022年3月現在、締結：米国、英国、署名のみ：フィリピン`: one mention per
/// country after each label, up to the next label or a note `（※…）`.
fn labelled_status(sink: &mut Sink<'_>, sentence: &MappedText, agreement: &Agreement) {
    let s = sentence.as_str();
    let Some((date_raw, resolved)) = as_of_date(s) else {
        sink.diagnostic(
            Code::MissingDate,
            sentence,
            0..s.len(),
            "this agreement status names no as-of date (…年…月現在) the grammar can read; its pairs are left out",
        );
        return;
    };
    // `米国（※）` marks an item for a note below; `（※米国とは…）` is the note.
    let stop = ["(※", "（※", "。"]
        .iter()
        .filter_map(|m| {
            s.match_indices(m)
                .map(|(at, _)| at)
                .find(|&at| !s.get(at + m.len()..).is_some_and(|rest| rest.starts_with([')', '）'])))
        })
        .min()
        .unwrap_or(s.len());
    let labels: Vec<(Range<usize>, Status)> = STATUS_LABEL
        .find_iter(s.get(..stop).unwrap_or(""))
        .map(|m| {
            let status = if m.as_str().starts_with("署名") { Status::Signed } else { Status::InForce };
            (m.range(), status)
        })
        .collect();
    for (n, (label, status)) in labels.iter().enumerate() {
        let end = labels.get(n + 1).map_or(stop, |(next, _)| next.start);
        let list = label.end..end;
        // A trailing `、` or `／` before the next label is no item.
        let trimmed = s.get(list.clone()).unwrap_or("").trim_end_matches(['、', '／', '/', ' ', '　']).len();
        country_list(sink, sentence, list.start..list.start + trimmed, *status, agreement, &date_raw, &resolved);
    }
}

/// A small table of agreements and the countries they are in force with or
/// signed by.
fn extract_table(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize) -> Option<usize> {
    let caption = lines.get(i);
    let title = caption_title(caption)?;
    if !(title.contains("協定") && (title.contains("締結") || title.contains("署名"))) {
        return None;
    }
    let header_idx = next_non_blank(lines, i + 1)?;
    let header = lines.get(header_idx);
    let columns: Vec<Option<Status>> = cells(header)
        .iter()
        .map(|c| {
            let cell = header.get(c.clone()).unwrap_or("");
            if cell.contains("署名") && !cell.contains("締結") {
                Some(Status::Signed)
            } else if cell.contains("締結") || cell.contains("発効") {
                Some(Status::InForce)
            } else {
                None
            }
        })
        .collect();
    let name_column = header.get(cells(header).first()?.clone())?;
    if columns.len() < 2 || !name_column.contains("協定") || columns.iter().skip(1).any(Option::is_none) {
        return None;
    }
    let as_of = as_of_date(title);
    mark(sink, lines, i, LineStatus::Structure);
    mark(sink, lines, header_idx, LineStatus::Structure);
    let Some((date_raw, resolved)) = as_of else {
        if let Some(range) = lines.ranges.get(i) {
            sink.diagnostic(
                Code::MissingDate,
                lines.text,
                range.clone(),
                "this table of agreements states no as-of date (…年…月現在); its pairs are undated",
            );
        }
        return Some(header_idx + 1);
    };
    let section = nfkc_compact(caption);
    let mut k = header_idx + 1;
    let mut end = k;
    while k < lines.len() {
        let line = lines.get(k);
        if line.trim().is_empty() {
            k += 1;
            continue;
        }
        let row = cells(line);
        let Some(name) = row.first().and_then(|c| line.get(c.clone())) else { break };
        if row.len() < 2 || row.len() > columns.len() || !is_agreement_name(name) {
            break;
        }
        mark(sink, lines, k, LineStatus::Structure);
        let line_start = lines.ranges.get(k).map_or(0, |r| r.start);
        let agreement =
            Agreement { title: agreement_title(name), title_raw: name.to_owned(), section: section.clone() };
        for (cell, status) in row.iter().zip(columns.iter()).skip(1) {
            let Some(status) = *status else { continue };
            let range = cell.start + line_start..cell.end + line_start;
            country_list(sink, lines.text, range, status, &agreement, &date_raw, &resolved);
        }
        k += 1;
        end = k;
    }
    Some(end)
}

/// What a column of a dated agreements table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateColumn {
    Country,
    Name,
    Status(Status),
}

/// Most lines between a dated table's last row and its note (`（注）年月日は平成による。`).
const MAX_NOTE_GAP: usize = 2;

/// `主な協定などの署名・発効の状況　図表…`, a header `国名 | 協定など | 署名 | 発効`
/// and one row per (country, agreement) whose status cells are dates
/// (`22.5.19`; `―` or `（署名のみ）` for none): one dated `event` mention per
/// status date, at its cell. 署名 and 発効 on one date are one mention, in
/// force. The era of `22.5.19` is the note's (`年月日は平成による`), else the
/// caption's, else the edition title's.
fn extract_date_table(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let caption = lines.get(i);
    let title = dated_agreements_title(caption)?;
    let header_idx = next_non_blank(lines, i + 1)?;
    let header = lines.get(header_idx);
    // A full-width space is a gap between cells (`フランス　情報保護協定`).
    let columns: Vec<DateColumn> = grid_cells(header)
        .iter()
        .map(|c| {
            let cell = nfkc_compact(header.get(c.clone()).unwrap_or(""));
            match cell.as_str() {
                "国名" | "相手国" | "相手国名" | "国・機関名" | "国・地域" | "締結相手国" => {
                    Some(DateColumn::Country)
                }
                "署名" | "署名日" | "署名年月日" => Some(DateColumn::Status(Status::Signed)),
                "発効" | "発効日" | "発効年月日" => Some(DateColumn::Status(Status::InForce)),
                _ if cell.contains("協定") || cell == "名称" => Some(DateColumn::Name),
                _ => None,
            }
        })
        .collect::<Option<Vec<_>>>()?;
    let has = |col: DateColumn| columns.contains(&col);
    let any_status = columns.iter().any(|c| matches!(c, DateColumn::Status(_)));
    if !(has(DateColumn::Country) && has(DateColumn::Name) && any_status) {
        return None;
    }
    mark(sink, lines, i, LineStatus::Structure);
    mark(sink, lines, header_idx, LineStatus::Structure);
    let section = nfkc_compact(caption);
    // The rows first: the note that gives their era comes after them.
    let mut rows = Vec::new();
    let mut k = header_idx + 1;
    while k < lines.len() {
        let line = lines.get(k);
        if line.trim().is_empty() {
            k += 1;
            continue;
        }
        let row = grid_cells(line);
        let name_ok = row
            .iter()
            .zip(&columns)
            .any(|(c, col)| *col == DateColumn::Name && line.get(c.clone()).is_some_and(is_agreement_name));
        if row.len() != columns.len() || !name_ok {
            break;
        }
        rows.push((k, row));
        k += 1;
    }
    let note_era = (k..lines.len().min(k + MAX_NOTE_GAP + 1)).find_map(|n| era_note(lines.get(n)));
    let edition_era = edition.title.as_deref().map(super::visits::title_eras).and_then(|e| e.first().copied());
    let era = note_era.or_else(|| super::visits::title_eras(title).first().copied()).or(edition_era);
    let ctx =
        Context { document_era: era, previous_era: era, era_month_shorthand: era.is_some(), ..Context::default() };
    for (k, row) in &rows {
        mark(sink, lines, *k, LineStatus::Structure);
        date_table_row(sink, lines, *k, row, &columns, &section, &ctx);
    }
    Some(rows.last().map_or(header_idx + 1, |(k, _)| k + 1))
}

/// `（注）年月日は平成による。`: the era a table's short dates are in.
fn era_note(line: &str) -> Option<Era> {
    let compact = nfkc_compact(line);
    [("昭和による", Era::Showa), ("平成による", Era::Heisei), ("令和による", Era::Reiwa)]
        .iter()
        .find(|(w, _)| compact.contains(w))
        .map(|(_, era)| *era)
}

/// The mentions of one row of a dated agreements table.
fn date_table_row(
    sink: &mut Sink<'_>,
    lines: &Lines<'_>,
    k: usize,
    row: &[Range<usize>],
    columns: &[DateColumn],
    section: &str,
    ctx: &Context,
) {
    let line = lines.get(k);
    let line_start = lines.ranges.get(k).map_or(0, |r| r.start);
    let cell_of = |want: DateColumn| {
        row.iter().zip(columns).find(|(_, col)| **col == want).map(|(c, _)| c.clone()).unwrap_or(0..0)
    };
    let country_cell = cell_of(DateColumn::Country);
    let written = line.get(country_cell.clone()).unwrap_or("");
    let name = line.get(cell_of(DateColumn::Name)).unwrap_or("");
    let Some(countries) = item_countries(written) else {
        sink.diagnostic(
            Code::UnknownCountry,
            lines.text,
            line_start + country_cell.start..line_start + country_cell.end,
            "this counterpart of an agreement is not in the gazetteer; correct the name or add it to the gazetteer",
        );
        return;
    };
    let agreement = Agreement { title: agreement_title(name), title_raw: name.to_owned(), section: section.to_owned() };
    // Each status cell: its date, or none (`―`, `（署名のみ）`).
    let mut dated: Vec<(Status, Range<usize>, Resolved)> = Vec::new();
    for (cell, col) in row.iter().zip(columns) {
        let DateColumn::Status(status) = *col else { continue };
        let raw = line.get(cell.clone()).unwrap_or("");
        let compact = nfkc_compact(raw);
        let none = compact.chars().all(|c| matches!(c, '―' | '－' | '-' | '—' | '‐' | 'ー'))
            || compact.contains("のみ")
            || compact.contains("未発効");
        if none {
            continue;
        }
        match date::resolve(raw, ctx) {
            Ok(r) if r.date.is_some() => dated.push((status, cell.clone(), r)),
            Ok(_) | Err(_) => {
                sink.diagnostic(
                    Code::InvalidDate,
                    lines.text,
                    line_start + cell.start..line_start + cell.end,
                    "this status cell of an agreements table is neither a date the grammar reads nor ―; correct it from the original",
                );
            }
        }
    }
    // 署名 and 発効 on one date: one mention, in force.
    let same_day = matches!(dated.as_slice(), [(_, _, a), (_, _, b)] if a.date == b.date);
    if same_day {
        dated.retain(|(status, _, _)| *status == Status::InForce);
    }
    if dated.is_empty() {
        sink.diagnostic(
            Code::MissingDate,
            lines.text,
            line_start..line_start + line.trim_end().len(),
            "this agreement row states no dated 署名 or 発効; check it by hand",
        );
    }
    for (status, cell, resolved) in dated {
        let raw = line.get(cell.clone()).unwrap_or("");
        let mut draft = agreement.draft(MentionKind::Event, status, raw, &resolved, countries.clone(), written.trim());
        draft.title_raw = format!("{}：{}", agreement.title_raw, written.trim());
        sink.mention(draft, lines.text, line_start + cell.start..line_start + cell.end);
    }
}

/// What every pair of one agreement shares.
struct Agreement {
    /// The normalised name: the abbreviation in brackets (`RAA`, `ACSA`),
    /// else the name without brackets (`防衛装備品・技術移転協定`).
    title: String,
    title_raw: String,
    section: String,
}

impl Agreement {
    /// A mention of this agreement with `countries` (written `written`),
    /// at the date `date_raw` resolves to.
    fn draft(
        &self,
        kind: MentionKind,
        status: Status,
        date_raw: &str,
        resolved: &Resolved,
        countries: Vec<koryu_model::CountryCode>,
        written: &str,
    ) -> Mention {
        let mut draft = Mention::new(kind, Category::Agreement, DocKind::WhitePaper);
        draft.title.clone_from(&self.title);
        draft.title_raw.clone_from(&self.title_raw);
        draft.date = resolved.date;
        draft.date_raw = Some(date_raw.to_owned());
        draft.date_precision = Some(resolved.precision);
        draft.countries = countries;
        draft.header_raw = Some(written.to_owned());
        draft.status = status;
        draft.section = Some(self.section.clone());
        draft
    }
}

/// A line that names an agreement: 協定, 取極 or 覚書, short, not a sentence.
fn is_agreement_name(text: &str) -> bool {
    let t = text.trim();
    (t.contains("協定") || t.contains("取極") || t.contains("覚書") || t.contains("ACSA") || t.contains("RAA"))
        && t.chars().count() <= 40
        && !t.contains('。')
}

/// `円滑化協定 (RAA)` → `RAA`; `防衛装備品・技術移転協定` → itself.
fn agreement_title(name: &str) -> String {
    let compact = nfkc_compact(name).replace('*', "");
    if let (Some(open), Some(close)) = (compact.find('('), compact.rfind(')')) {
        let inner = compact.get(open + 1..close).unwrap_or("");
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return inner.to_owned();
        }
        let mut without = compact.get(..open).unwrap_or("").to_owned();
        without.push_str(compact.get(close + 1..).unwrap_or(""));
        return without;
    }
    compact
}

/// The as-of date of `text`: the date expression just before `現在`.
fn as_of_date(text: &str) -> Option<(String, Resolved)> {
    let at = text.find("現在")?;
    let before = text.get(..at)?;
    let found = date::scan(before, &Context::default()).into_iter().last()?;
    // The expression must end right before 現在, or its 末 (`6月末現在`): a
    // date earlier in the text is not the as-of date.
    if before.get(found.range.end..).is_some_and(|gap| !matches!(gap.trim(), "" | "末")) {
        return None;
    }
    let raw = before.get(found.range.clone())?.to_owned();
    let resolved = found.result.ok().filter(|r| r.date.is_some())?;
    Some((raw, resolved))
}

/// `2025年4月現在、A、Bとの間で締結、Cとの間で署名されている。`: one mention
/// per country of each clause.
fn status_sentence(sink: &mut Sink<'_>, sentence: &MappedText, agreement: &Agreement) {
    let s = sentence.as_str();
    let Some((date_raw, resolved)) = as_of_date(s) else {
        sink.diagnostic(
            Code::MissingDate,
            sentence,
            0..s.len(),
            "this agreement status names no as-of date (…年…月現在) the grammar can read; its pairs are left out",
        );
        return;
    };
    let Some(after) = s.find("現在").map(|at| at + "現在".len()) else { return };
    // The clauses end at the sentence's 。 or at a note `(※…)`.
    let stop =
        ["(※", "（※", "。"].iter().filter_map(|m| s.get(after..)?.find(m).map(|p| p + after)).min().unwrap_or(s.len());
    let mut pos = after;
    const WITH: &str = "との間で";
    while let Some(found) = s.get(pos..stop).and_then(|r| r.find(WITH)) {
        let list_end = pos + found;
        let verb_at = list_end + WITH.len();
        let verb = s.get(verb_at..stop).unwrap_or("");
        let list = skip_separators(s, pos)..list_end;
        let status = if verb.starts_with("締結") || verb.starts_with("発効") {
            Some(Status::InForce)
        } else if verb.starts_with("署名") {
            Some(Status::Signed)
        } else {
            None
        };
        match status {
            Some(status) => country_list(sink, sentence, list, status, agreement, &date_raw, &resolved),
            None => {
                sink.diagnostic(
                    Code::UnparsedText,
                    sentence,
                    list.start..verb_at,
                    "this clause of an agreement status is neither 締結 nor 署名; check it by hand",
                );
            }
        }
        // The next clause starts after the 、 that ends this verb.
        let Some(next) = s.get(verb_at..stop).and_then(|r| r.find('、')) else { break };
        pos = verb_at + next + '、'.len_utf8();
    }
}

/// Skips `、`, commas and spaces from `pos`.
fn skip_separators(s: &str, pos: usize) -> usize {
    let rest = s.get(pos..).unwrap_or("");
    let skipped: usize =
        rest.chars().take_while(|c| matches!(c, '、' | ',' | '，') || c.is_whitespace()).map(char::len_utf8).sum();
    pos + skipped
}

/// One mention per country in the `、` list at `range` of `text`; an unknown
/// name is an `unknown-country` diagnostic.
fn country_list(
    sink: &mut Sink<'_>,
    text: &MappedText,
    range: Range<usize>,
    status: Status,
    agreement: &Agreement,
    date_raw: &str,
    resolved: &Resolved,
) {
    let s = text.as_str();
    for item in split_list(s, range) {
        let written = s.get(item.clone()).unwrap_or("");
        if matches!(nfkc_compact(written).as_str(), "-" | "－" | "―" | "ー" | "—" | "なし" | "") {
            continue;
        }
        let Some(countries) = item_countries(written) else {
            sink.diagnostic(
                Code::UnknownCountry,
                text,
                item,
                "this counterpart of an agreement is not in the gazetteer; correct the name or add it to the gazetteer",
            );
            continue;
        };
        let draft = agreement.draft(MentionKind::AgreementStatus, status, date_raw, resolved, countries, written);
        sink.mention(draft, text, item);
    }
}

/// The counterparts one list item names: `英国`, `アラブ首長国連邦 (UAE)`.
fn item_countries(written: &str) -> Option<Vec<koryu_model::CountryCode>> {
    let compact = nfkc_compact(written);
    let known = |name: &str| header_countries(name).filter(|c| !c.is_empty());
    if let Some(codes) = known(&compact) {
        return Some(codes);
    }
    if let Some(open) = compact.find('(') {
        let name = compact.get(..open).unwrap_or("");
        let inner = compact.get(open + 1..).unwrap_or("").trim_end_matches(')');
        if let Some(codes) = known(name).or_else(|| known(inner)) {
            return Some(codes);
        }
    }
    // Words around the name (`わが国は米国`): the names in the item.
    let named = countries_in(&compact, Abbreviations::InContext);
    (!named.is_empty()).then_some(named)
}

/// The `、`-separated items of `range` in `s`, brackets kept whole, each
/// trimmed of spaces.
fn split_list(s: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(list) = s.get(range.clone()) else { return Vec::new() };
    let mut out = Vec::new();
    let mut depth = 0u32;
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let piece = list.get(from..to).unwrap_or("");
        let lead = piece.len() - piece.trim_start().len();
        let len = piece.trim().len();
        if len > 0 {
            out.push(range.start + from + lead..range.start + from + lead + len);
        }
    };
    for (idx, c) in list.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            '、' | ',' | '，' if depth == 0 => {
                push(start, idx, &mut out);
                start = idx + c.len_utf8();
            }
            _ => {}
        }
    }
    push(start, list.len(), &mut out);
    out
}

/// Cells of a table row: separated by a tab or a run of two or more spaces.
fn cells(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut spaces = 0usize;
    let mut last_text_end = 0usize;
    for (idx, c) in line.char_indices() {
        let is_space = c.is_whitespace();
        if c == '\t' || (is_space && spaces >= 1) {
            if let Some(s) = start.take() {
                out.push(s..last_text_end);
            }
            spaces += 1;
            continue;
        }
        if is_space {
            spaces += 1;
            continue;
        }
        spaces = 0;
        if start.is_none() {
            start = Some(idx);
        }
        last_text_end = idx + c.len_utf8();
    }
    if let Some(s) = start {
        out.push(s..last_text_end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_cells() {
        assert_eq!(agreement_title("円滑化協定 (RAA)"), "RAA");
        assert_eq!(agreement_title("物品役務相互提供協定（ACSA）"), "ACSA");
        assert_eq!(agreement_title("防衛装備品・技術移転協定"), "防衛装備品・技術移転協定");
        let row = "円滑化協定（RAA）\tオーストラリア、英国　　フィリピン";
        let got: Vec<&str> = cells(row).into_iter().map(|r| &row[r]).collect();
        assert_eq!(got, ["円滑化協定（RAA）", "オーストラリア、英国", "フィリピン"]);
        let spaced = "協定名  締結国 署名国";
        let got: Vec<&str> = cells(spaced).into_iter().map(|r| &spaced[r]).collect();
        assert_eq!(got, ["協定名", "締結国 署名国"]);
        assert_eq!(item_countries("アラブ首長国連邦 (UAE)").unwrap()[0].as_str(), "AE");
        assert!(as_of_date("2025年4月現在、米国").is_some());
        assert_eq!(item_countries("わが国は米国").unwrap()[0].as_str(), "US");
        assert!(item_countries("ルリタニア").is_none());
    }
}
