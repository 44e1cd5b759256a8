//! One module per subcommand; each returns an [`Outcome`] and `main` maps it
//! to an exit code.

pub mod date;
pub mod export;
pub mod import;
pub mod validate;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// How a command ended when it could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything fine (warnings allowed).
    Success,
    /// The job ran, but a diagnostic with severity error was found, or some
    /// files failed while others succeeded.
    Errors,
    /// Usage or I/O failure that the command reported itself.
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Errors => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
        }
    }
}

/// Runs the chosen subcommand.
///
/// # Errors
/// Usage or I/O failures; `main` prints them and exits with 2.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Import(args) => import::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Date(args) => date::run(&args),
        Command::Validate(args) => validate::run(&args),
    }
}
