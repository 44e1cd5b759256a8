//! Exercise tables such as `自衛隊が参加した主な多国間共同訓練` with the columns
//! `訓練名 | 期間 | 場所 | 参加国`: one `exercise` mention per row, with the
//! participants its cell lists.
//!
//! ```text
//! caption = TITLE "図表" NUMBER | "図表" NUMBER SPACE TITLE | TITLE   (TITLE names 訓練 or 演習)
//! header  = 訓練名 期間 [場所] [参加国]                             (cells: a tab, two spaces or one full-width)
//! row     = NAME PERIOD [PLACE] [COUNTRIES]                         (2022年6月～8月; 米、豪、印など26か国)
//! ```
//!
//! The table ends at the first line whose cells do not fit the header.

use super::visits::{grid_cells, mark, next_non_blank, table_title};
use super::{Edition, Lines};
use crate::coverage::LineStatus;
use crate::date::{self, Context};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer::{countries_in, nfkc_compact, Abbreviations};
use koryu_model::{Category, Code, CountryCode};
use std::ops::Range;

/// What a column of an exercise table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Period,
    Place,
    Participants,
}

/// If an exercise table starts at line index `i`, extracts it and returns
/// the index of the first line after it; `None` when none starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let caption = lines.get(i);
    let title = table_title(caption)?;
    if !(title.contains("訓練") || title.contains("演習")) {
        return None;
    }
    let header_idx = next_non_blank(lines, i + 1)?;
    let header = lines.get(header_idx);
    let columns: Vec<Column> = grid_cells(header)
        .iter()
        .map(|c| match nfkc_compact(header.get(c.clone()).unwrap_or("")).as_str() {
            "訓練名" | "名称" | "訓練" | "演習名" => Some(Column::Name),
            "期間" | "時期" | "実施期間" | "年月" => Some(Column::Period),
            "場所" | "実施場所" | "場所等" => Some(Column::Place),
            "参加国" | "参加国等" | "主な参加国" | "参加国・機関" => Some(Column::Participants),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    if !(columns.contains(&Column::Name) && columns.contains(&Column::Period)) {
        return None;
    }
    mark(sink, lines, i, LineStatus::Structure);
    mark(sink, lines, header_idx, LineStatus::Structure);
    let ctx = Context { publication_year: edition.year, ..Context::default() };
    let section = nfkc_compact(caption);
    let mut k = header_idx + 1;
    let mut end = k;
    while k < lines.len() {
        let line = lines.get(k);
        if line.trim().is_empty() {
            k += 1;
            continue;
        }
        let row = grid_cells(line);
        if row.len() != columns.len() {
            break;
        }
        let cell =
            |want: Column| row.iter().zip(&columns).find(|(_, c)| **c == want).map(|(r, _)| r.clone()).unwrap_or(0..0);
        let period = cell(Column::Period);
        let period_text = line.get(period.clone()).unwrap_or("");
        // A row's period starts with a date; anything else ends the table.
        if date::scan(period_text, &ctx).first().is_none_or(|f| f.range.start != 0) {
            break;
        }
        let line_start = lines.ranges.get(k).map_or(0, |r| r.start);
        mark(sink, lines, k, LineStatus::Structure);
        row_mention(
            sink,
            lines,
            line_start,
            line,
            (cell(Column::Name), period, cell(Column::Place)),
            cell(Column::Participants),
            &ctx,
            &section,
        );
        k += 1;
        end = k;
    }
    Some(end)
}

/// The mention of one row.
#[allow(clippy::too_many_arguments)]
fn row_mention(
    sink: &mut Sink<'_>,
    lines: &Lines<'_>,
    line_start: usize,
    line: &str,
    (name, period, place): (Range<usize>, Range<usize>, Range<usize>),
    participants: Range<usize>,
    ctx: &Context,
    section: &str,
) {
    let shift = |r: &Range<usize>| line_start + r.start..line_start + r.end;
    let raw = line.get(period.clone()).unwrap_or("").trim();
    let Some(resolved) = date::resolve(raw, ctx).ok().filter(|r| r.date.is_some()) else {
        sink.diagnostic(
            Code::InvalidDate,
            lines.text,
            shift(&period),
            "this period of an exercise table is not a date the grammar reads; correct it from the original",
        );
        return;
    };
    // The participants the cell lists (`米、豪、加、韓、印など26か国`), else
    // the place's country (`タイ`), Japan aside.
    // (`印など26か国`: the last abbreviation ends where など begins.)
    let listed = line
        .get(participants)
        .map(|t| countries_in(&t.replace("など", "、").replace('等', "、"), Abbreviations::InLists))
        .unwrap_or_default();
    let countries: Vec<CountryCode> = if listed.is_empty() {
        line.get(place).map(|t| countries_in(t, Abbreviations::InContext)).unwrap_or_default()
    } else {
        listed
    };
    let countries: Vec<CountryCode> = countries.into_iter().filter(|c| c.as_str() != "JP").collect();
    let title = nfkc_compact(line.get(name.clone()).unwrap_or(""));
    if countries.is_empty() {
        sink.diagnostic(
            Code::NoCounterpart,
            lines.text,
            shift(&name),
            "this exercise names no participant or host the gazetteer knows; add the countries from the original",
        );
    }
    let mut draft = draft_event(Category::Exercise);
    draft.title = title;
    draft.title_raw = line.get(name).unwrap_or("").to_owned();
    draft.date = resolved.date;
    draft.date_raw = Some(raw.to_owned());
    draft.date_precision = Some(resolved.precision);
    draft.countries = countries;
    draft.section = Some(section.to_owned());
    sink.mention(draft, lines.text, shift(&period));
}
