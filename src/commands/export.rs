//! `koryu export`: the store's tables as CSV, JSON Lines or a Frictionless
//! Data Package, one file per table, or one table to stdout (`--out -`).

use super::progress::Progress;
use super::Outcome;
use crate::export::{export_tables, write_table, ExportFormat, Table};
use crate::store::Store;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format. csv: RFC 4180, UTF-8, header row, arrays such as
    /// countries joined with `;`, formula-looking cells (also full-width
    /// ＝＋－＠) prefixed with `'`.
    /// jsonl: one JSON object per line, arrays as JSON arrays.
    /// datapackage: the csv files plus `datapackage.json`, a Frictionless
    /// Data Package descriptor (Table Schema types, enum codes, keys).
    /// sqlite: `koryu.sqlite`, a copy of the store with the views
    /// events_by_country, events_by_fiscal_year and mention_sources, plus
    /// Datasette's `metadata.json`.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Directory to write mentions, events, sources and diagnostics into
    /// (created if missing; the new set is written beside it and swapped in
    /// whole, so a failed export leaves the previous one; other files in it
    /// are kept), or `-` to write the one table named by --table to stdout.
    #[arg(long, default_value = "export", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
    /// For a Japanese Excel: CSV with a UTF-8 byte-order mark (rows end in
    /// CRLF, as every CSV export does), so Excel opens it as UTF-8 instead
    /// of Shift_JIS. Only with --format csv.
    #[arg(long)]
    pub excel: bool,
    /// Write only this table (required with `--out -`).
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<Table>,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout {
        anyhow::ensure!(
            args.format != ExportFormat::Datapackage,
            "a data package is a folder of files; --out - writes one table: use --format csv or jsonl"
        );
    }
    anyhow::ensure!(
        !args.excel || args.format == ExportFormat::Csv,
        "--excel marks CSV files for Excel; use it with --format csv (a data package stays plain UTF-8 for its tools)"
    );
    if args.format == ExportFormat::Sqlite {
        anyhow::ensure!(
            !to_stdout && args.table.is_none(),
            "a SQLite export is one database file holding every table; give --out a folder and leave out --table"
        );
    }
    if args.format == ExportFormat::Datapackage && args.table.is_some() {
        anyhow::bail!("a data package holds every table; leave out --table or use --format csv");
    }
    let table = match (to_stdout, args.table) {
        (true, None) => anyhow::bail!(
            "--out - writes one table to stdout; name it with --table mentions|events|sources|diagnostics"
        ),
        (_, table) => table,
    };
    anyhow::ensure!(
        !args.db.is_dir(),
        "cannot read the store {}: it is a directory, not a store file",
        args.db.display()
    );
    let store = Store::open_existing(&args.db)?;
    if args.format == ExportFormat::Sqlite {
        let path = crate::export::export_database(store.connection(), &args.out)?;
        crate::render::note(format_args!("wrote {} and its {}", path.display(), crate::export::sqlite::METADATA));
        return Ok(Outcome::Success);
    }
    // On a terminal, a bar while the store is read and each file written
    // (the descriptor of a data package is the last step).
    let n_files = table.map_or(crate::export::Table::ALL.len(), |_| 1);
    let mut progress = (!to_stdout).then(|| Progress::export(n_files));
    let tables = store.read_tables()?;
    if let (true, Some(table)) = (to_stdout, table) {
        let mut out = std::io::stdout().lock();
        if args.excel {
            std::io::Write::write_all(&mut out, crate::export::UTF8_BOM)?;
        }
        let n_rows = write_table(&tables, args.format, table, out)?;
        crate::render::note(format_args!("wrote {} to stdout ({n_rows} rows)", table.name()));
        return Ok(Outcome::Success);
    }
    let created = super::import::rfc3339_now();
    let mut on_file = |name: &str| {
        if let Some(p) = progress.as_mut() {
            p.writing(name);
        }
    };
    let written = export_tables(&tables, args.format, &args.out, table, &created, args.excel, &mut on_file)?;
    // Cleared before the summary lines, so none is drawn over.
    drop(progress);
    for (path, n_rows) in written {
        crate::render::note(format_args!("wrote {} ({n_rows} rows)", path.display()));
    }
    if args.format == ExportFormat::Datapackage {
        crate::render::note(format_args!("wrote {}", args.out.join(crate::export::datapackage::DESCRIPTOR).display()));
    }
    Ok(Outcome::Success)
}
