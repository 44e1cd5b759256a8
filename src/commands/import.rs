//! `koryu import`: files → mentions → events → SQLite, one transaction.

use super::Outcome;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files or directories to import (directories are walked).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The SQLite store.
    #[arg(long, default_value = "koryu.sqlite")]
    pub db: PathBuf,
    /// Decode text and CSV with this encoding instead of detecting it
    /// (utf-8, utf-16le, utf-16be, shift_jis, euc-jp).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Refuse a file that has error diagnostics; the store stays as it was.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("import is not implemented yet")
}
