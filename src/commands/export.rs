//! `koryu export`: the store's tables as CSV or JSON Lines.

use super::Outcome;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format: one file per table (mentions, events, sources, diagnostics).
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Directory to write the files into (created if missing).
    #[arg(long, default_value = "export")]
    pub out: PathBuf,
    /// The SQLite store.
    #[arg(long, default_value = "koryu.sqlite")]
    pub db: PathBuf,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("export is not implemented yet")
}
