//! Tables read by the names in their header, in whatever order the columns
//! stand: a visits list that puts the date first (`年・月 | 訪問者 | 訪問国`,
//! as older editions set it, `六・八` in kanji) and a capacity-building list
//! (`対象国 | 期間 | 主な内容`). A row is one line of cells or, as a PDF
//! extraction gives a table, one cell per line under a header of one name
//! per line. One mention per (row, date, country).
//!
//! ```text
//! caption = TITLE                 (a table title naming 訪問/来日/交流実績/ハイレベル交流, or 能力構築支援)
//! header  = NAME NAME …           (cells of one line, or one NAME per line)
//! row     = CELL CELL …           (the header's count and order, on one line or one per line)
//! more    = COUNTRIES             (a line of countries only: the row above's, continued)
//! ```
//!
//! The table ends at a blank line (rows on one line), or at the first row
//! whose date does not resolve or whose country the gazetteer does not know.

use super::visits::{direction_of, grid_cells, mark, next_non_blank, table_title, title_eras};
use super::{Edition, Lines};
use crate::coverage::LineStatus;
use crate::date::{self, Context};
use crate::extract::sink::{draft_event, Sink};
use crate::gazetteer::{countries_in, nfkc_compact, roles_in, Abbreviations};
use koryu_model::{Category, CountryCode, Direction};
use std::ops::Range;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Country,
    Date,
    Role,
    Content,
    /// A column this reader does not read (`形式`, `備考`).
    Other,
}

/// What the table lists, from its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Visits,
    Projects,
}

/// Most columns a header may have: more is a list, not a header.
const MAX_COLUMNS: usize = 6;

/// Longest name, in characters, of a column the reader does not read.
const MAX_OTHER_NAME: usize = 6;

/// The column a header name stands for.
fn column(name: &str) -> Option<Column> {
    Some(match nfkc_compact(name).as_str() {
        "対象国" | "国名" | "相手国" | "国・地域" | "国・機関名" | "訪問国" | "訪問先" | "来訪国" | "国" => {
            Column::Country
        }
        "期間" | "時期" | "年月" | "年・月" | "年月日" | "訪問時期" | "実施時期" => Column::Date,
        "訪問者" | "来訪者" | "役職" => Column::Role,
        "主な内容" | "内容" | "概要" | "事業内容" | "分野" | "支援内容" => Column::Content,
        _ => return None,
    })
}

/// If such a table starts at line index `i`, extracts it and returns the
/// index of the first line after it; `None` when none starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let title = table_title(lines.get(i))?;
    let kind = if title.contains("能力構築支援") {
        Kind::Projects
    } else if ["訪問", "来日", "訪日", "交流実績", "ハイレベル交流"].iter().any(|w| title.contains(w))
    {
        Kind::Visits
    } else {
        return None;
    };
    let first = next_non_blank(lines, i + 1)?;
    let (columns, layout, body) = header(lines, first)?;
    let needed: &[Column] = match kind {
        Kind::Visits => &[Column::Country, Column::Date, Column::Role],
        Kind::Projects => &[Column::Country, Column::Date],
    };
    if !needed.iter().all(|c| columns.contains(c)) {
        return None;
    }
    let era = title_eras(title).first().copied();
    let ctx = Context {
        document_era: era,
        previous_era: era,
        era_month_shorthand: era.is_some(),
        publication_year: edition.year,
        ..Context::default()
    };
    let table = Table { kind, section: nfkc_compact(lines.get(i)), ctx, direction: direction_of(title) };
    let rows = match layout {
        Layout::Stacked => stacked_rows(lines, body, columns.len()),
        Layout::Cells(cut) => line_rows(lines, body, columns.len(), cut),
    };
    // A row that does not fit ends the table; the caption and header are
    // only a table when at least one row follows them.
    let mut read: Vec<Row> = Vec::new();
    for row in rows {
        let Some(fields) = table.fields(lines, &columns, &row) else { break };
        read.push(Row { fields, ..row });
    }
    if read.is_empty() {
        return None;
    }
    for k in i..body {
        mark(sink, lines, k, LineStatus::Structure);
    }
    let mut end = body;
    for row in &read {
        for &k in &row.lines {
            mark(sink, lines, k, LineStatus::Structure);
            end = end.max(k + 1);
        }
        table.mentions(sink, lines, row);
    }
    Some(end)
}

/// How a table's rows stand.
#[derive(Clone, Copy)]
enum Layout {
    /// One row per line, cut into cells by this function.
    Cells(fn(&str) -> Vec<Range<usize>>),
    /// One cell per line.
    Stacked,
}

/// Cells parted by any run of spaces (`ベトナム 2022.10 ～ 11 サイバーセキュリティ
/// 招へい`, as a PDF copy with single spaces gives a table); a range mark with
/// spaces around it stays inside its cell.
fn space_cells(line: &str) -> Vec<Range<usize>> {
    let mut tokens: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        let space = c == ' ' || c == '\u{3000}' || c == '\t';
        match (space, start) {
            (true, Some(s)) => {
                tokens.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    let is_mark = |r: &Range<usize>| matches!(line.get(r.clone()), Some("～" | "~" | "〜" | "－" | "-"));
    let mut cells: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    for token in tokens {
        match cells.last_mut() {
            Some(last) if join_next || is_mark(&token) => {
                last.end = token.end;
                join_next = is_mark(&token);
            }
            _ => {
                join_next = false;
                cells.push(token);
            }
        }
    }
    cells
}

/// The columns the header at line index `k` names, how its rows stand, and
/// the index of the first line after it.
fn header(lines: &Lines<'_>, k: usize) -> Option<(Vec<Column>, Layout, usize)> {
    let line = lines.get(k);
    if let Some(columns) = named_columns(line, grid_cells) {
        return Some((columns, Layout::Cells(grid_cells), k + 1));
    }
    if let Some(columns) = named_columns(line, space_cells) {
        return Some((columns, Layout::Cells(space_cells), k + 1));
    }
    // One name per line, up to the first line that names no column.
    let mut columns = Vec::new();
    let mut n = k;
    while columns.len() < MAX_COLUMNS {
        let Some(c) = column(lines.get(n).trim()) else { break };
        if columns.contains(&c) {
            break;
        }
        columns.push(c);
        n += 1;
    }
    (columns.len() >= 2).then_some((columns, Layout::Stacked, n))
}

/// The columns `line` names when `cut` parts it into column names.
fn named_columns(line: &str, cut: fn(&str) -> Vec<Range<usize>>) -> Option<Vec<Column>> {
    let cells = cut(line);
    if cells.len() >= 2 {
        // Two names it knows, and any other a short word (`形式`, `備考`): a
        // row of data is never all short words with two of these names.
        let columns: Vec<Column> = cells
            .iter()
            .map(|c| {
                let name = line.get(c.clone())?;
                column(name).or_else(|| (is_other_name(name)).then_some(Column::Other))
            })
            .collect::<Option<Vec<_>>>()?;
        let known = columns.iter().filter(|c| **c != Column::Other).count();
        return (known >= 2 && columns.len() <= MAX_COLUMNS).then_some(columns);
    }
    None
}

/// A column name this reader does not read: a short word with no digit.
fn is_other_name(name: &str) -> bool {
    let name = nfkc_compact(name);
    let n = name.chars().count();
    (1..=MAX_OTHER_NAME).contains(&n) && !name.chars().any(|c| c.is_ascii_digit() || "、。（）()".contains(c))
}

/// A row: the lines it stands on and, for each column, its cell as a byte
/// range of the page text (the first line's for a row on one line).
struct Row {
    lines: Vec<usize>,
    cells: Vec<Range<usize>>,
    /// The countries that continue on the lines after it.
    more: Vec<Range<usize>>,
    fields: Fields,
}

/// What a row says, read against the header.
#[derive(Default)]
struct Fields {
    countries: Vec<CountryCode>,
    /// Each date of the date cell (`26.5、27.2`), with its range in the page.
    dates: Vec<(Range<usize>, date::Resolved)>,
    role: String,
    content: String,
    country_written: String,
}

/// Rows of one line each: the header's count of cells; a line of fewer
/// cells under one continues the countries of the row above.
fn line_rows(lines: &Lines<'_>, from: usize, width: usize, cut: fn(&str) -> Vec<Range<usize>>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for k in from..lines.len() {
        let line = lines.get(k);
        if line.trim().is_empty() {
            break;
        }
        let start = lines.ranges.get(k).map_or(0, |r| r.start);
        let cells: Vec<Range<usize>> = cut(line).iter().map(|c| start + c.start..start + c.end).collect();
        if cells.len() == width {
            rows.push(Row { lines: vec![k], cells, more: Vec::new(), fields: Fields::default() });
        } else if let (Some(row), [one]) = (rows.last_mut(), cells.as_slice()) {
            let text = lines.text.as_str().get(one.clone()).unwrap_or("");
            if countries_in(text, Abbreviations::InLists).is_empty() {
                break;
            }
            row.lines.push(k);
            row.more.push(one.clone());
        } else {
            break;
        }
    }
    rows
}

/// Rows of one cell per line, `width` lines each, up to a blank line.
fn stacked_rows(lines: &Lines<'_>, from: usize, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut k = from;
    while k + width <= lines.len() {
        let group: Vec<usize> = (k..k + width).collect();
        if group.iter().any(|&n| lines.get(n).trim().is_empty()) {
            break;
        }
        let cells = group
            .iter()
            .map(|&n| {
                let range = lines.ranges.get(n).cloned().unwrap_or(0..0);
                let line = lines.get(n);
                let lead = line.len() - line.trim_start().len();
                range.start + lead..range.start + lead + line.trim().len()
            })
            .collect();
        rows.push(Row { lines: group, cells, more: Vec::new(), fields: Fields::default() });
        k += width;
    }
    rows
}

/// How the table's rows are read.
struct Table {
    kind: Kind,
    section: String,
    ctx: Context,
    direction: Option<Direction>,
}

impl Table {
    /// What `row` says; `None` when it is no row of this table (no date the
    /// table's era resolves, no country the gazetteer knows).
    fn fields(&self, lines: &Lines<'_>, columns: &[Column], row: &Row) -> Option<Fields> {
        let text = |r: &Range<usize>| lines.text.as_str().get(r.clone()).unwrap_or("").trim();
        let cell = |want: Column| columns.iter().position(|c| *c == want).and_then(|at| row.cells.get(at));
        let country_cell = cell(Column::Country)?;
        let mut written = text(country_cell).to_owned();
        for more in &row.more {
            written.push_str(text(more));
        }
        let countries = countries_in(&written, Abbreviations::InLists);
        if countries.is_empty() {
            return None;
        }
        let date_cell = cell(Column::Date)?;
        let mut dates = Vec::new();
        let mut at = date_cell.start;
        for part in text(date_cell).split('、') {
            // (Looked for inside the cell only: a scan per cell stays within it.)
            let start =
                lines.text.as_str().get(at..date_cell.end).and_then(|rest| rest.find(part)).map_or(at, |o| at + o);
            let range = start..start + part.len();
            at = range.end;
            if part.trim().is_empty() {
                continue;
            }
            let resolved = date::resolve(part.trim(), &self.ctx).ok().filter(|r| r.date.is_some())?;
            dates.push((range, resolved));
        }
        if dates.is_empty() {
            return None;
        }
        Some(Fields {
            countries,
            dates,
            role: cell(Column::Role).map(|r| text(r).to_owned()).unwrap_or_default(),
            content: cell(Column::Content).map(|r| nfkc_compact(text(r))).unwrap_or_default(),
            country_written: written.trim_end_matches('、').to_owned(),
        })
    }

    /// One mention per (date, country) of `row`: a trip to several
    /// countries is a visit to each, support to several a project each.
    fn mentions(&self, sink: &mut Sink<'_>, lines: &Lines<'_>, row: &Row) {
        let f = &row.fields;
        for (range, resolved) in &f.dates {
            let mut draft = match self.kind {
                Kind::Visits => {
                    let mut d = draft_event(Category::HighLevel);
                    d.title = nfkc_compact(&if self.direction == Some(Direction::Inbound) {
                        format!("{}{}来日", f.country_written, f.role)
                    } else {
                        format!("{}{}訪問", f.role, f.country_written)
                    });
                    d.title_raw.clone_from(&f.role);
                    d.direction = self.direction;
                    if self.direction != Some(Direction::Inbound) {
                        d.jp_roles = roles_in(&f.role);
                    }
                    d
                }
                Kind::Projects => {
                    let mut d = draft_event(Category::CapacityBuilding);
                    d.title.clone_from(&f.content);
                    d.title_raw.clone_from(&f.content);
                    d
                }
            };
            draft.date = resolved.date;
            draft.date_raw = lines.text.as_str().get(range.clone()).map(|r| r.trim().to_owned());
            draft.date_precision = Some(resolved.precision);
            draft.header_raw = Some(f.country_written.clone());
            draft.section = Some(self.section.clone());
            for (j, code) in f.countries.iter().enumerate() {
                let mut one = draft.clone();
                one.countries = vec![code.clone()];
                one.occurrence = u32::try_from(1000 * j).unwrap_or(u32::MAX);
                sink.mention(one, lines.text, range.clone());
            }
        }
    }
}
