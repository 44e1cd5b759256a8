//! One module per subcommand; each returns an [`Outcome`] and `main` maps it
//! to the exit code of the one contract every command shares.

pub mod counts;
pub mod date;
pub mod edition_drop;
pub mod eval;
pub mod events;
pub mod explain;
pub mod export;
pub mod import;
pub mod interrupt;
pub mod policy;
pub mod progress;
pub mod remove;
pub mod report;
pub mod shell;
pub mod sources;
pub mod stats;
pub mod synth;
pub mod validate;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// How a command ended. Ordered from best to worst: a run that meets
/// several ends with the worst (a missing file next to a file with errors
/// exits 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything fine (warnings and allowed diagnostics included).
    Success,
    /// The job ran, but a diagnostic counted as an error was found.
    Errors,
    /// An input could not be read (missing, unreadable, empty, binary, no
    /// supported file): reported by the command itself, the other inputs
    /// were still handled.
    Failure,
    /// Ctrl-C stopped the run; nothing of it was committed.
    Interrupted,
}

impl Outcome {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Errors => 1,
            Outcome::Failure => 2,
            Outcome::Interrupted => interrupt::EXIT_INTERRUPTED,
        }
    }

    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

/// Runs the chosen subcommand.
///
/// # Errors
/// Usage, I/O or store failures of the whole run; `main` prints them and
/// exits with 2.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Import(args) => import::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Date(args) => date::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Sources(args) => sources::run(&args),
        Command::Remove(args) => remove::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Events(args) => events::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Report(args) => report::run(&args),
    }
}
