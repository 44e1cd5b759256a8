//! The `koryu` command line: args → run() → exit code. The only place that
//! decides exit codes, one contract for every command (`cli::EXIT_CODES`):
//! 0 success, 1 error diagnostics (or a denied code), 2 usage, I/O or store
//! failure, 130 interrupted.

mod cli;
mod commands;
mod export;
mod render;
mod source_files;
mod store;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    commands::interrupt::install();
    // clap exits with 2 on a usage error and 0 for --help and --version.
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
