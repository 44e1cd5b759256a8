//! `koryu sources`: the store's current sources (or all, `--history`) with their counts.

use super::Outcome;
use crate::store::Store;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct SourcesArgs {
    /// Also list sources replaced by a later file or removed, with what
    /// superseded them and when.
    #[arg(long)]
    pub history: bool,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
}

/// One line per source on stdout, tab-separated under a header row, so
/// `cut` and spreadsheets read it: sha256 (12 hex), imported_at, kind,
/// mentions, events, warnings, errors, source_file, and with `--history`
/// status (`current`, `replaced by SHA at TIME`, `removed at TIME`).
pub fn run(args: &SourcesArgs) -> anyhow::Result<Outcome> {
    let store = Store::open_existing(&args.db)?;
    let rows = store.source_rows(args.history)?;
    let mut out = std::io::stdout().lock();
    let mut header = "sha256\timported_at\tkind\tmentions\tevents\twarnings\terrors\tsource_file".to_owned();
    if args.history {
        header.push_str("\tstatus");
    }
    writeln!(out, "{header}")?;
    for row in &rows {
        let sha = row.source_sha256.get(..12).unwrap_or(&row.source_sha256);
        write!(
            out,
            "{sha}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            row.imported_at,
            row.source_doc_kind,
            row.mention_count,
            row.event_count,
            row.warning_count,
            row.error_count,
            row.source_file
        )?;
        if args.history {
            let at = row.superseded_at.as_deref().unwrap_or("?");
            let status = match row.superseded_by.as_deref() {
                None => "current".to_owned(),
                Some("removed") => format!("removed at {at}"),
                Some(by) => format!("replaced by {} at {at}", by.get(..12).unwrap_or(by)),
            };
            write!(out, "\t{status}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    let n_current = rows.iter().filter(|r| r.superseded_by.is_none()).count();
    crate::render::note(format_args!(
        "{n_current} current source{}{}",
        if n_current == 1 { "" } else { "s" },
        if args.history { format!(", {} superseded", rows.len() - n_current) } else { String::new() }
    ));
    Ok(Outcome::Success)
}
