//! clap definitions and help text for every subcommand.

use clap::{Parser, Subcommand};
use koryu_model::DocKind;

/// koryu (交流): turns the Ministry of Defense's defence-exchange documents
/// into clean, deduplicated, auditable data in a SQLite store.
#[derive(Debug, Parser)]
#[command(name = "koryu", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: auto colours a terminal unless NO_COLOR is set,
    /// CLICOLOR=0 or TERM=dumb (CLICOLOR_FORCE=1 colours even a pipe);
    /// always and never override the environment.
    #[arg(long, value_enum, global = true, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// Print errors only: no summaries, notes or progress on stderr (and
    /// validate shows only the diagnostics that fail the run).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// One line per file where a summary would count them (import: each
    /// file with error diagnostics).
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// `--color` as given on the command line, read before clap parses it so
    /// clap's own messages (usage errors, help) follow it too; the last one
    /// wins, as clap would decide. Anything unreadable is `Auto`: clap then
    /// reports it.
    pub fn from_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> ColorArg {
        let mut choice = ColorArg::Auto;
        let mut next_is_value = false;
        for arg in args {
            let Some(arg) = arg.to_str().map(str::to_owned) else { continue };
            if arg == "--" {
                break;
            }
            let value = if next_is_value {
                next_is_value = false;
                Some(arg.as_str())
            } else if arg == "--color" {
                next_is_value = true;
                None
            } else {
                arg.strip_prefix("--color=")
            };
            match value {
                Some("always") => choice = ColorArg::Always,
                Some("never") => choice = ColorArg::Never,
                Some("auto") => choice = ColorArg::Auto,
                _ => {}
            }
        }
        choice
    }

    /// The same choice for anstream (koryu's output) and clap.
    pub fn apply(self) -> clap::ColorChoice {
        let (ours, clap) = match self {
            ColorArg::Auto => (anstream::ColorChoice::Auto, clap::ColorChoice::Auto),
            ColorArg::Always => (anstream::ColorChoice::Always, clap::ColorChoice::Always),
            ColorArg::Never => (anstream::ColorChoice::Never, clap::ColorChoice::Never),
        };
        ours.write_global();
        clap
    }
}

/// The exit-code contract every command shares (README states the same).
pub const EXIT_CODES: &str = "Exit codes: 0 success (warnings and allowed diagnostics included); 1 the inputs \
have error diagnostics, or a --deny'd code; 2 usage, I/O or store error (a missing, unreadable, empty or binary \
input, no supported file found, a bad option value); 130 interrupted (Ctrl-C).";

const IMPORT_EXIT_CODES: &str = "Exit codes: 0 every file imported or already imported (warnings and allowed \
diagnostics included); 1 a file has error diagnostics not covered by --allow/--allow-from (it is stored all the \
same), a --deny'd code, or --strict refused a file; 2 usage error, an input missing, unreadable, empty, binary or \
not a source, a directory with no supported file (the other files are still imported), or the store cannot \
be opened or written, or another import held it past --wait (nothing is stored); 130 interrupted: nothing of the run \
is stored.";

const VALIDATE_EXIT_CODES: &str = "Exit codes: 0 no error diagnostics (warnings and allowed diagnostics \
included); 1 an error diagnostic not covered by --allow/--allow-from, a --deny'd code, or with --strict a \
warning; 2 usage error, or an input missing, unreadable, empty, binary or not a source, or a directory with no \
supported file (the other files are still checked); 130 interrupted.";

const EXPORT_EXIT_CODES: &str = "Exit codes: 0 written; 2 usage error, the store is missing, unreadable or not a \
koryu store, or a file cannot be written; 130 interrupted.";

const DATE_EXIT_CODES: &str =
    "Exit codes: 0 every expression resolved; 1 an expression cannot be resolved; 2 usage error (a bad --era, \
--fiscal-year or --previous); 130 interrupted.";

const COMPLETIONS_EXIT_CODES: &str = "Exit codes: 0 written; 2 usage error (an unknown shell).

Install, for example: koryu completions bash > ~/.local/share/bash-completion/completions/koryu; \
koryu completions zsh > ~/.zfunc/_koryu; koryu completions fish > ~/.config/fish/completions/koryu.fish.";

const MAN_EXIT_CODES: &str = "Exit codes: 0 written; 2 usage error, or the directory cannot be written.

Read one with: man -l docs/man/koryu-import.1; or install: koryu man --out ~/.local/share/man/man1.";

const EVAL_EXIT_CODES: &str = "Exit codes: 0 scored; 2 usage error, the truth or the store is missing or \
unreadable, or a truth line is not a truth row; 130 interrupted.";

const SYNTH_EXIT_CODES: &str = "Exit codes: 0 written; 2 usage error, or the directory cannot be written; 130 \
interrupted.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read source files (.txt/.text, .csv/.tsv, .xlsx/.xlsm/.xlsb/.xls/.ods)
    /// or stdin, extract mentions, deduplicate them into events and store
    /// everything in SQLite.
    #[command(after_help = IMPORT_EXIT_CODES)]
    Import(crate::commands::import::ImportArgs),
    /// Write the store's tables as CSV, JSON Lines or a Frictionless Data
    /// Package, one file per table.
    #[command(after_help = EXPORT_EXIT_CODES)]
    Export(crate::commands::export::ExportArgs),
    /// Resolve Japanese date expressions to EDTF, one per line.
    #[command(after_help = DATE_EXIT_CODES)]
    Date(crate::commands::date::DateArgs),
    /// Report problems in source files like a compiler, without touching the store.
    #[command(after_help = VALIDATE_EXIT_CODES)]
    Validate(crate::commands::validate::ValidateArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    /// to stdout.
    #[command(after_help = COMPLETIONS_EXIT_CODES)]
    Completions(crate::commands::shell::CompletionsArgs),
    /// Write the man pages, koryu.1 and one per command, into a directory
    /// (`just man` writes the shipped ones in docs/man).
    #[command(after_help = MAN_EXIT_CODES)]
    Man(crate::commands::shell::ManArgs),
    /// Score the store's events against a labelled truth (JSON Lines of
    /// source_file, line, column, date, event): pairwise and B-cubed
    /// precision, recall and F1.
    #[command(after_help = EVAL_EXIT_CODES)]
    Eval(crate::commands::eval::EvalArgs),
    /// Write realistic evaluation-table editions with drift, and their
    /// truth.jsonl for `koryu eval`, to measure deduplication at any size.
    #[command(after_help = SYNTH_EXIT_CODES)]
    Synth(crate::commands::synth::SynthArgs),
    /// List the store's current sources with their counts (--history: also
    /// the replaced and removed ones), tab-separated on stdout.
    #[command(after_help = SOURCES_EXIT_CODES)]
    Sources(crate::commands::sources::SourcesArgs),
    /// Take sources out of the store (by path or sha256 prefix) and
    /// recompute the events, as if they had never been imported.
    #[command(after_help = REMOVE_EXIT_CODES)]
    Remove(crate::commands::remove::RemoveArgs),
    /// Show why an event holds its mentions (each with its source line, each
    /// merge with its score and reasons), or with --pair why two mentions
    /// were or were not merged.
    #[command(after_help = EXPLAIN_EXIT_CODES)]
    Explain(crate::commands::explain::ExplainArgs),
    /// Print the events matching filters (country, date range, fiscal year,
    /// category, role, title text): an aligned table on a terminal, CSV
    /// otherwise.
    #[command(after_help = EVENTS_EXIT_CODES)]
    Events(crate::commands::events::EventsArgs),
    /// Count events per fiscal year and category, and the top counterparts
    /// overall and per fiscal year.
    #[command(after_help = STATS_EXIT_CODES)]
    Stats(crate::commands::stats::StatsArgs),
    /// Write one self-contained HTML report of the store (charts and tables:
    /// events per fiscal year and category, top counterparts, a per-country
    /// timeline, per-source line coverage, mentions and diagnostics).
    #[command(after_help = REPORT_EXIT_CODES)]
    Report(crate::commands::report::ReportArgs),
}

const STATS_EXIT_CODES: &str = "Exit codes: 0 printed; 2 usage error, or the store is missing, unreadable or \
not a koryu store; 130 interrupted.";

const EVENTS_EXIT_CODES: &str = "Exit codes: 0 printed (no match included); 2 usage error (an unknown country, \
category or role code, a bad date), or the store is missing, unreadable or not a koryu store; 130 interrupted.";

const REPORT_EXIT_CODES: &str = "Exit codes: 0 written; 2 usage error, --out is a directory or cannot be \
written, or the store is missing, unreadable or not a koryu store; 130 interrupted.";

const SOURCES_EXIT_CODES: &str = "Exit codes: 0 listed; 2 usage error, or the store is missing, unreadable or \
not a koryu store; 130 interrupted.";

const REMOVE_EXIT_CODES: &str = "Exit codes: 0 removed; 2 nothing removed; 130 interrupted, nothing removed.

Exit 2 comes with a usage error, a SOURCE that names no current source or several, another import holding the \
store longer than --wait, or a store that is missing, read-only or not a koryu store.";

const EXPLAIN_EXIT_CODES: &str = "Exit codes: 0 explained; 2 usage error, no event or mention with that id \
(or a prefix naming several), or the store is missing, unreadable or not a koryu store; 130 interrupted.";

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

/// `--category` and `--era` on `import` and `validate`: what a CSV or
/// sheet does not say about itself.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TableArgs {
    /// The indicator of a CSV or sheet whose 区分 column, sheet name, title
    /// row and file name name none (they win when they do); without one,
    /// such rows are reported once and not read.
    #[arg(long, value_enum, value_name = "CODE")]
    pub category: Option<CategoryArg>,
    /// The era of fiscal years written without one (`5年度`) when the title,
    /// text, sheet and file names name none: reiwa, heisei, showa, or R, H,
    /// S, 令和, 平成, 昭和.
    #[arg(long, value_name = "ERA", value_parser = parse_era)]
    pub era: Option<koryu_model::Era>,
}

/// An indicator's category code, for `--category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CategoryArg {
    /// 防衛首脳などハイレベルの交流.
    #[value(name = "high_level")]
    HighLevel,
    /// 防衛当局間の定期協議など.
    #[value(name = "working_level")]
    WorkingLevel,
    /// 部隊間の交流行事.
    #[value(name = "unit_exchange")]
    UnitExchange,
    /// 留学生の交換.
    #[value(name = "education")]
    Education,
    /// 研究交流.
    #[value(name = "research")]
    Research,
    /// 多国間における安全保障対話等.
    #[value(name = "multilateral_dialogue")]
    MultilateralDialogue,
}

impl CategoryArg {
    /// The model's category.
    pub fn category(self) -> koryu_model::Category {
        use koryu_model::Category;
        match self {
            CategoryArg::HighLevel => Category::HighLevel,
            CategoryArg::WorkingLevel => Category::WorkingLevel,
            CategoryArg::UnitExchange => Category::UnitExchange,
            CategoryArg::Education => Category::Education,
            CategoryArg::Research => Category::Research,
            CategoryArg::MultilateralDialogue => Category::MultilateralDialogue,
        }
    }
}

/// `--era`: a romanised name (reiwa, heisei, showa, taisho, meiji), a
/// letter or the kanji.
fn parse_era(value: &str) -> Result<koryu_model::Era, String> {
    let value = value.trim();
    let romanised = match value.to_ascii_lowercase().as_str() {
        "meiji" => "明治",
        "taisho" => "大正",
        "showa" => "昭和",
        "heisei" => "平成",
        "reiwa" => "令和",
        _ => value,
    };
    koryu_model::Era::from_name(romanised)
        .ok_or_else(|| format!("`{value}` is not an era; use reiwa, heisei or showa (R, H, S, 令和, 平成, 昭和)"))
}
