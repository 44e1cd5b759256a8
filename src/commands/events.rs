//! `koryu events`: the store's events matching filters, as an aligned table on a terminal, CSV or JSON Lines otherwise.
//!
//! Filters on codes, fiscal year and title are SQL with bound values on the
//! `events` table (mentions are never read); the date range is checked on
//! the selected rows, because an EDTF interval's bounds (seasons, open ends)
//! are not SQL.

use super::Outcome;
use crate::store::Store;
use koryu_model::{Category, DatePoint, Edtf, Event, Role};
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// Output formats of `events` and `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// Columns aligned by display width (CJK characters count two).
    Table,
    /// The export's CSV (schema order, `;`-joined lists, formulas defused).
    Csv,
    /// One JSON object per line, schema field names.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Events with this counterpart (ISO 3166-1 alpha-2 such as AU, or NATO,
    /// EU, ASEAN, UN, ADMM+, ARF); repeat for any of several.
    #[arg(long, value_name = "CODE", value_parser = parse_country)]
    pub country: Vec<String>,
    /// Events whose date interval ends on or after this (YYYY, YYYY-MM or
    /// YYYY-MM-DD); undated events are left out when a date filter is given.
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<(i32, u8, u8)>,
    /// Events whose date interval starts on or before this (YYYY, YYYY-MM or
    /// YYYY-MM-DD); undated events are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<(i32, u8, u8)>,
    /// Events of this Japanese fiscal year (April start, western year: 2022).
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<i32>,
    /// Events of this category code (taxonomy.md).
    #[arg(long, value_name = "CODE", value_parser = parse_category)]
    pub category: Option<Category>,
    /// Events with this Japanese role code (taxonomy.md jp_roles).
    #[arg(long, value_name = "CODE", value_parser = parse_role)]
    pub role: Option<Role>,
    /// Events whose title contains this text (after NFKC).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// table on a terminal, csv otherwise.
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
    /// Print at most N events.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
}

fn parse_country(value: &str) -> Result<String, String> {
    let code = value.trim().to_ascii_uppercase();
    koryu_model::CountryCode::new(&code).map(|c| c.as_str().to_owned()).ok_or_else(|| {
        format!(
            "`{value}` is not a counterpart code; use an ISO 3166-1 alpha-2 code other than JP (AU, US, …) or one of {}",
            "NATO, EU, ASEAN, UN, ADMM+, ARF"
        )
    })
}

fn parse_category(value: &str) -> Result<Category, String> {
    Category::from_code(value).ok_or_else(|| {
        let codes: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        format!("`{value}` is not a category code; use one of {}", codes.join(", "))
    })
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::from_code(value).ok_or_else(|| {
        let codes: Vec<&str> = Role::ALL.iter().map(|c| c.as_str()).collect();
        format!("`{value}` is not a jp_roles code; use one of {}", codes.join(", "))
    })
}

/// A YYYY, YYYY-MM or YYYY-MM-DD as the first and last day it covers.
fn parse_bounds(value: &str) -> Result<(Day, Day), String> {
    match Edtf::parse(value.trim()) {
        Some(Edtf::Point(DatePoint::Date { date, approximate: false })) => Ok(date.bounds()),
        _ => Err(format!("`{value}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (2019, 2019-04, 2019-04-01)")),
    }
}

fn parse_from(value: &str) -> Result<(i32, u8, u8), String> {
    parse_bounds(value).map(|(first, _)| first)
}

fn parse_to(value: &str) -> Result<(i32, u8, u8), String> {
    parse_bounds(value).map(|(_, last)| last)
}

type Day = (i32, u8, u8);

/// The first and last day a point covers (seasons as their three months,
/// winter running into the next year; decades and centuries as their years).
fn point_bounds(point: &DatePoint) -> (Day, Day) {
    match point {
        DatePoint::Date { date, .. } => date.bounds(),
        DatePoint::Season { year, season, .. } => {
            let (start, len) = season.months();
            let end_month = (start + len - 2) % 12 + 1;
            let end_year = if end_month < start { year + 1 } else { *year };
            ((*year, start, 1), (end_year, end_month, koryu_model::days_in_month(end_year, end_month)))
        }
        DatePoint::Decade { decade, .. } => ((decade * 10, 1, 1), (decade * 10 + 9, 12, 31)),
        DatePoint::Century { century, .. } => {
            let first = century.saturating_mul(100);
            ((first, 1, 1), (first.saturating_add(99), 12, 31))
        }
    }
}

/// The days an event's date covers; open ends reach as far as they can.
fn interval(date: &Edtf) -> (Day, Day) {
    const EARLIEST: Day = (i32::MIN, 1, 1);
    const LATEST: Day = (i32::MAX, 12, 31);
    match date {
        Edtf::Point(p) => point_bounds(p),
        Edtf::Interval { start, end } => {
            (start.map_or(EARLIEST, |p| point_bounds(&p).0), end.map_or(LATEST, |p| point_bounds(&p).1))
        }
    }
}

/// Whether an event's date overlaps `[from, to]`; an undated one never does.
fn overlaps(date: Option<&Edtf>, from: Option<Day>, to: Option<Day>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(date) = date else { return false };
    let (first, last) = interval(date);
    from.is_none_or(|from| last >= from) && to.is_none_or(|to| first <= to)
}

/// The SQL condition and its values for the code, year and text filters.
fn condition(args: &EventsArgs) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut parts: Vec<String> = vec!["1".to_owned()];
    let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if !args.country.is_empty() {
        let marks = vec!["?"; args.country.len()].join(", ");
        parts.push(format!("EXISTS (SELECT 1 FROM json_each(events.countries) c WHERE c.value IN ({marks}))"));
        values.extend(args.country.iter().map(|c| Box::new(c.clone()) as Box<dyn rusqlite::ToSql>));
    }
    if let Some(year) = args.fiscal_year {
        parts.push("fiscal_year = ?".to_owned());
        values.push(Box::new(year));
    }
    if let Some(category) = args.category {
        parts.push("category = ?".to_owned());
        values.push(Box::new(category.as_str()));
    }
    if let Some(role) = args.role {
        parts.push("EXISTS (SELECT 1 FROM json_each(events.jp_roles) r WHERE r.value = ?)".to_owned());
        values.push(Box::new(role.as_str()));
    }
    if let Some(text) = &args.text {
        // Titles are stored NFKC-normalised (schema.md `title`), so the
        // needle is too; instr is a plain substring test (LIKE would read
        // `%` and `_` in the needle).
        parts.push("instr(title, ?) > 0".to_owned());
        values.push(Box::new(koryu_parse::gazetteer::nfkc(text)));
    }
    (parts.join(" AND "), values)
}

pub fn run(args: &EventsArgs) -> anyhow::Result<Outcome> {
    let store = Store::open_existing(&args.db)?;
    let (sql, values) = condition(args);
    let refs: Vec<&dyn rusqlite::ToSql> = values.iter().map(|v| v.as_ref()).collect();
    let mut events: Vec<Event> = store
        .query_events(&sql, &refs)?
        .into_iter()
        .filter(|e| overlaps(e.date.as_ref(), args.from, args.to))
        .collect();
    if let Some(limit) = args.limit {
        events.truncate(limit);
    }
    let format =
        args.format.unwrap_or(if std::io::stdout().is_terminal() { QueryFormat::Table } else { QueryFormat::Csv });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        QueryFormat::Csv => crate::export::csv::write_csv_to(&mut out, &events, crate::export::csv::EVENT_FIELDS)?,
        QueryFormat::Jsonl => crate::export::jsonl::write_jsonl_to(&mut out, &events)?,
        QueryFormat::Table => {
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|e| {
                    vec![
                        e.date.map(|d| d.to_string()).unwrap_or_default(),
                        e.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
                        e.category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
                        e.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(";"),
                        e.title.clone(),
                    ]
                })
                .collect();
            write_table(&mut out, &["date", "fy", "category", "countries", "title"], &rows, title_width())?;
        }
    }
    out.flush()?;
    if std::io::stderr().is_terminal() {
        crate::render::note(format_args!("{} event{}", events.len(), if events.len() == 1 { "" } else { "s" }));
    }
    Ok(Outcome::Success)
}

/// The widest the last column may be: `$COLUMNS` less what the other
/// columns take is decided by [`write_table`]; this is its cap.
fn title_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok()).unwrap_or(0).max(60)
}

/// `text` cut to at most `width` display columns, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Writes `rows` under `header`, columns padded to their widest cell by
/// display width; the last column is cut to `last_width` columns.
pub fn write_table(
    out: &mut impl std::io::Write,
    header: &[&str],
    rows: &[Vec<String>],
    last_width: usize,
) -> std::io::Result<()> {
    let n = header.len();
    let cut = |i: usize, cell: &str| if i + 1 == n { truncate(cell, last_width) } else { cell.to_owned() };
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cut(i, cell).width());
            }
        }
    }
    let line = |out: &mut dyn std::io::Write, cells: Vec<String>| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(cell.width());
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, header.iter().map(|h| (*h).to_owned()).collect())?;
    for row in rows {
        line(out, row.iter().enumerate().map(|(i, c)| cut(i, c)).collect())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_are_cut_by_display_width() {
        assert_eq!(truncate("日豪防衛相会談", 7), "日豪防…");
        assert_eq!(truncate("日豪", 4), "日豪");
    }

    #[test]
    fn an_interval_overlapping_the_range_matches() {
        let date = Edtf::parse("2019-10/2020-02");
        assert!(overlaps(date.as_ref(), Some((2020, 1, 1)), None));
        assert!(!overlaps(date.as_ref(), Some((2020, 3, 1)), None));
        assert!(!overlaps(None, Some((2020, 3, 1)), None));
        assert!(overlaps(None, None, None));
    }
}
