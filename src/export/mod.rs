//! Writing the store's tables as files: one file per table, schema.md's names.

pub mod csv;
pub mod datapackage;
pub mod jsonl;

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
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv | ExportFormat::Datapackage => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }
}

/// Writes `DIR/{mentions,events,sources,diagnostics}.{csv,jsonl}` and returns
/// each path with its row count. `Datapackage` writes the CSV files and then
/// `DIR/datapackage.json` (not in the returned list: it has no rows) with
/// `created` as its creation time (RFC 3339).
///
/// # Errors
/// The directory cannot be created or a file cannot be written.
pub fn export_tables(
    tables: &Tables,
    format: ExportFormat,
    dir: &Path,
    created: &str,
) -> anyhow::Result<Vec<(PathBuf, usize)>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the output directory {}", dir.display()))?;
    let path = |table: &str| dir.join(format!("{table}.{}", format.extension()));
    let mut written = Vec::new();
    macro_rules! table {
        ($name:literal, $rows:expr, $fields:expr) => {{
            let file = path($name);
            match format {
                ExportFormat::Csv | ExportFormat::Datapackage => csv::write_csv(&file, $rows, $fields),
                ExportFormat::Jsonl => jsonl::write_jsonl(&file, $rows),
            }
            .with_context(|| format!("cannot write {}", file.display()))?;
            written.push((file, $rows.len()));
        }};
    }
    table!("mentions", &tables.mentions, csv::MENTION_FIELDS);
    table!("events", &tables.events, csv::EVENT_FIELDS);
    table!("sources", &tables.sources, csv::SOURCE_FIELDS);
    table!("diagnostics", &tables.diagnostics, csv::DIAGNOSTIC_FIELDS);
    if format == ExportFormat::Datapackage {
        datapackage::write_descriptor(dir, created)?;
    }
    Ok(written)
}
