//! Writing the store's tables as files: one file per table, schema.md's names.

pub mod atomic;
pub mod csv;
pub mod datapackage;
pub mod jsonl;
pub mod sqlite;

use crate::store::Tables;
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// The file formats of `koryu export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// RFC 4180 CSV, UTF-8, header row; arrays joined with `;`.
    Csv,
    /// JSON Lines: one object per line.
    Jsonl,
    /// Frictionless Data Package: the CSV files plus `datapackage.json`.
    Datapackage,
    /// `koryu.sqlite`, a copy of the store with analysts' views, plus
    /// Datasette's `metadata.json`.
    Sqlite,
}

/// One of the store's tables, for `export --table`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    Mentions,
    Events,
    Sources,
    Diagnostics,
}

impl Table {
    pub const ALL: [Table; 4] = [Table::Mentions, Table::Events, Table::Sources, Table::Diagnostics];

    pub fn name(self) -> &'static str {
        match self {
            Table::Mentions => "mentions",
            Table::Events => "events",
            Table::Sources => "sources",
            Table::Diagnostics => "diagnostics",
        }
    }
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv | ExportFormat::Datapackage => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Sqlite => "sqlite",
        }
    }
}

/// The UTF-8 byte-order mark `--excel` starts each CSV file with.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `DIR/{mentions,events,sources,diagnostics}.{csv,jsonl}` (only
/// `only`'s file when given, each CSV file after a byte-order mark when
/// `excel`) and returns each path with its row count.
/// `Datapackage` writes the CSV files and then `DIR/datapackage.json` (not
/// in the returned list: it has no rows) with `created` as its creation time
/// (RFC 3339). `on_file` hears each file's name before it is written (for
/// a progress bar).
///
/// # Errors
/// The directory cannot be created or a file cannot be written.
pub fn export_tables(
    tables: &Tables,
    format: ExportFormat,
    dir: &Path,
    only: Option<Table>,
    created: &str,
    excel: bool,
    on_file: &mut dyn FnMut(&str),
) -> anyhow::Result<Vec<(PathBuf, usize)>> {
    // The whole set is written beside `dir` and swapped in at the end
    // (atomic.rs): a failure or a kill leaves the previous set whole.
    let staging = atomic::Staging::begin(dir)?;
    let mut written = Vec::new();
    for table in Table::ALL {
        if only.is_some_and(|only| only != table) {
            continue;
        }
        let name = format!("{}.{}", table.name(), format.extension());
        on_file(&name);
        let (file, shown) = (staging.path(&name), staging.final_path(&name));
        let mut out = std::fs::File::create(&file).with_context(|| format!("cannot write {}", shown.display()))?;
        if excel {
            std::io::Write::write_all(&mut out, UTF8_BOM)
                .with_context(|| format!("cannot write {}", shown.display()))?;
        }
        // Both writers buffer and flush at the end, so a full disk is an
        // error here, not a short file.
        let n_rows =
            write_table(tables, format, table, out).with_context(|| format!("cannot write {}", shown.display()))?;
        written.push((shown, n_rows));
    }
    if format == ExportFormat::Datapackage {
        datapackage::write_descriptor(&staging.path(""), created)
            .with_context(|| format!("cannot write {}", staging.final_path(datapackage::DESCRIPTOR).display()))?;
    }
    staging.commit()?;
    Ok(written)
}

/// Writes `DIR/koryu.sqlite` (a copy of the store behind `store`, with
/// views) and `DIR/metadata.json`, swapped in like every export, and
/// returns the database's path.
///
/// # Errors
/// The copy or a file cannot be written.
pub fn export_database(store: &rusqlite::Connection, dir: &Path) -> anyhow::Result<PathBuf> {
    let staging = atomic::Staging::begin(dir)?;
    sqlite::write_database(store, &staging.path(""))?;
    let shown = staging.final_path(sqlite::DATABASE);
    staging.commit()?;
    Ok(shown)
}

/// Writes one table in `format` (CSV for `Datapackage`) into `out` and
/// returns its row count.
///
/// # Errors
/// The writer fails.
pub fn write_table(
    tables: &Tables,
    format: ExportFormat,
    table: Table,
    out: impl std::io::Write,
) -> anyhow::Result<usize> {
    macro_rules! rows {
        ($rows:expr, $fields:expr) => {{
            match format {
                ExportFormat::Csv | ExportFormat::Datapackage => csv::write_csv_to(out, $rows, $fields)?,
                ExportFormat::Jsonl => jsonl::write_jsonl_to(out, $rows)?,
                ExportFormat::Sqlite => anyhow::bail!("a SQLite export is one database, not a table per file"),
            }
            $rows.len()
        }};
    }
    Ok(match table {
        Table::Mentions => rows!(&tables.mentions, csv::MENTION_FIELDS),
        Table::Events => rows!(&tables.events, csv::EVENT_FIELDS),
        Table::Sources => rows!(&tables.sources, csv::SOURCE_FIELDS),
        Table::Diagnostics => rows!(&tables.diagnostics, csv::DIAGNOSTIC_FIELDS),
    })
}
