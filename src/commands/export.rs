//! `koryu export`: the store's tables as CSV, JSON Lines or a Frictionless
//! Data Package, one file per table.

use super::Outcome;
use crate::export::{export_tables, ExportFormat};
use crate::store::Store;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format. csv: RFC 4180, UTF-8, header row, arrays such as
    /// countries joined with `;`, formula-looking cells prefixed with `'`.
    /// jsonl: one JSON object per line, arrays as JSON arrays.
    /// datapackage: the csv files plus `datapackage.json`, a Frictionless
    /// Data Package descriptor (Table Schema types, enum codes, keys).
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Directory to write mentions, events, sources and diagnostics into
    /// (created if missing; existing files of the same names are replaced).
    #[arg(long, default_value = "export")]
    pub out: PathBuf,
    /// The SQLite store to read (must exist).
    #[arg(long, default_value = "koryu.sqlite")]
    pub db: PathBuf,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    anyhow::ensure!(
        !args.db.is_dir(),
        "cannot read the store {}: it is a directory, not a store file",
        args.db.display()
    );
    let store = Store::open_existing(&args.db)?;
    let tables = store.read_tables()?;
    let created = super::import::rfc3339_now();
    for (path, n_rows) in export_tables(&tables, args.format, &args.out, &created)? {
        eprintln!("wrote {} ({n_rows} rows)", path.display());
    }
    if args.format == ExportFormat::Datapackage {
        eprintln!("wrote {}", args.out.join(crate::export::datapackage::DESCRIPTOR).display());
    }
    Ok(Outcome::Success)
}
