//! clap definitions and help text for every subcommand.

use clap::{Parser, Subcommand};

/// koryu (交流): turns the Ministry of Defense's defence-exchange documents
/// into clean, deduplicated, auditable data in a SQLite store.
#[derive(Debug, Parser)]
#[command(name = "koryu", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read source files (text, CSV/TSV, Excel/ODS), extract mentions,
    /// deduplicate them into events and store everything in SQLite.
    Import(crate::commands::import::ImportArgs),
    /// Write the store's tables as CSV or JSON Lines, one file per table.
    Export(crate::commands::export::ExportArgs),
    /// Resolve Japanese date expressions to EDTF, one per line.
    Date(crate::commands::date::DateArgs),
    /// Report problems in source files like a compiler, without touching the store.
    Validate(crate::commands::validate::ValidateArgs),
}
