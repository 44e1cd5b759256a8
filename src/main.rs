//! The `koryu` command line: args → run() → exit code. The only place that
//! decides exit codes: 0 success, 1 diagnostics with errors (or a file that
//! failed while others imported), 2 usage or I/O failure.

mod cli;
mod commands;
mod export;
mod render;
mod source_files;
mod store;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
