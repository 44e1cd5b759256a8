//! `koryu stats`: events per fiscal year × category, and the top counterparts overall and per fiscal year (code and gazetteer name), counted in SQL on the `events` table.

use super::events::{write_table, QueryFormat};
use super::Outcome;
use crate::store::Store;
use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// table on a terminal, csv otherwise (csv and jsonl: one row per
    /// count, `table,fiscal_year,key,count,name`; `name` is a counterpart's).
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
    /// How many counterparts to list, overall and per fiscal year.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
}

/// One count: which table it belongs to, its fiscal year (None: overall
/// or undated), its key (category or counterpart code) and the number.
struct Count {
    table: &'static str,
    fiscal_year: Option<i64>,
    key: String,
    count: i64,
}

pub fn run(args: &StatsArgs) -> anyhow::Result<Outcome> {
    let store = Store::open_existing(&args.db)?;
    let conn = store.connection();
    let mut counts = Vec::new();
    let mut query = |table: &'static str, sql: &str, limit: Option<usize>| -> anyhow::Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        let mut per_year: BTreeMap<Option<i64>, usize> = BTreeMap::new();
        for row in rows {
            let (fiscal_year, key, count) = row?;
            let seen = per_year.entry(fiscal_year).or_insert(0);
            if limit.is_none_or(|n| *seen < n) {
                counts.push(Count { table, fiscal_year, key, count });
            }
            *seen += 1;
        }
        Ok(())
    };
    // An event without a category (a table that named no indicator) counts
    // under the empty key, shown as `(none)` in the table.
    query(
        "by_category",
        "SELECT fiscal_year, COALESCE(category, ''), COUNT(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2",
        None,
    )?;
    query(
        "top_counterparts",
        "SELECT NULL, c.value, COUNT(*) FROM events, json_each(events.countries) c GROUP BY 2 ORDER BY 3 DESC, 2",
        Some(args.top),
    )?;
    query(
        "top_counterparts_by_year",
        "SELECT fiscal_year, c.value, COUNT(*) FROM events, json_each(events.countries) c GROUP BY 1, 2 \
         ORDER BY 1, 3 DESC, 2",
        Some(args.top),
    )?;
    let format =
        args.format.unwrap_or(if std::io::stdout().is_terminal() { QueryFormat::Table } else { QueryFormat::Csv });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let year = |y: Option<i64>| y.map(|y| y.to_string()).unwrap_or_default();
    match format {
        QueryFormat::Csv => {
            let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
            writer.write_record(["table", "fiscal_year", "key", "count", "name"])?;
            for c in &counts {
                let key = crate::export::csv::defuse_formula(c.key.clone());
                writer.write_record([c.table, &year(c.fiscal_year), &key, &c.count.to_string(), name(c)])?;
            }
            writer.flush()?;
        }
        QueryFormat::Jsonl => {
            for c in &counts {
                let row = serde_json::json!({"table": c.table, "fiscal_year": c.fiscal_year, "key": c.key, "count": c.count, "name": (c.table != "by_category").then(|| name(c))});
                writeln!(out, "{row}")?;
            }
        }
        QueryFormat::Table => write_tables(&mut out, &counts)?,
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// Fiscal years as rows and categories as columns with totals, then the
/// top counterparts overall and per fiscal year.
fn write_tables(out: &mut impl std::io::Write, counts: &[Count]) -> anyhow::Result<()> {
    let by_category: Vec<&Count> = counts.iter().filter(|c| c.table == "by_category").collect();
    let categories: Vec<String> =
        by_category.iter().map(|c| c.key.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let mut grid: BTreeMap<Option<i64>, BTreeMap<&str, i64>> = BTreeMap::new();
    for c in &by_category {
        *grid.entry(c.fiscal_year).or_default().entry(c.key.as_str()).or_insert(0) += c.count;
    }
    let mut header: Vec<&str> = vec!["fiscal_year"];
    header.extend(categories.iter().map(|c| if c.is_empty() { "(none)" } else { c.as_str() }));
    header.push("total");
    let mut rows = Vec::new();
    let mut column_totals = vec![0i64; categories.len() + 1];
    for (fy, cells) in &grid {
        let mut row = vec![fy.map_or_else(|| "(none)".to_owned(), |y| y.to_string())];
        let mut total = 0;
        for (i, cat) in categories.iter().enumerate() {
            let n = cells.get(cat.as_str()).copied().unwrap_or(0);
            total += n;
            if let Some(t) = column_totals.get_mut(i) {
                *t += n;
            }
            row.push(n.to_string());
        }
        if let Some(t) = column_totals.last_mut() {
            *t += total;
        }
        row.push(total.to_string());
        rows.push(row);
    }
    let mut totals = vec!["total".to_owned()];
    totals.extend(column_totals.iter().map(i64::to_string));
    rows.push(totals);
    write_table(out, &header, &rows, usize::MAX)?;
    writeln!(out)?;
    let top: Vec<Vec<String>> = counts
        .iter()
        .filter(|c| c.table != "by_category")
        .map(|c| {
            let scope = if c.table == "top_counterparts" { "all".to_owned() } else { year(c.fiscal_year) };
            vec![scope, c.key.clone(), name(c).to_owned(), c.count.to_string()]
        })
        .collect();
    write_table(out, &["fiscal_year", "counterpart", "name", "events"], &top, usize::MAX)?;
    Ok(())
}

/// A counterpart's name from the gazetteer (empty for a category row or a
/// code without one), so `AU` reads as オーストラリア.
fn name(c: &Count) -> &'static str {
    if c.table == "by_category" {
        return "";
    }
    koryu_parse::gazetteer::name_of(&c.key).unwrap_or("")
}

fn year(y: Option<i64>) -> String {
    y.map_or_else(|| "(none)".to_owned(), |y| y.to_string())
}
