//! clap definitions and help text for every subcommand.

use clap::{Parser, Subcommand};
use koryu_model::DocKind;

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

/// A text document's kind, for `--kind` on `import` and `validate`: it
/// overrides what koryu detects from the content and is stored as
/// `source_doc_kind`. CSV and sheets keep their format as kind, so only the
/// text kinds are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// A 事前分析表 (evaluation table) with fiscal-year blocks of items.
    #[value(name = "evaluation_table")]
    EvaluationTable,
    /// Defense White Paper text (防衛白書).
    #[value(name = "white_paper")]
    WhitePaper,
    /// A notice (通達) such as the basic policy on defence exchanges.
    #[value(name = "policy_notice")]
    PolicyNotice,
}

impl KindArg {
    /// The model's kind.
    pub fn doc_kind(self) -> DocKind {
        match self {
            KindArg::EvaluationTable => DocKind::EvaluationTable,
            KindArg::WhitePaper => DocKind::WhitePaper,
            KindArg::PolicyNotice => DocKind::PolicyNotice,
        }
    }
}
