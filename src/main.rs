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

use clap::{CommandFactory as _, FromArgMatches as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    commands::interrupt::install();
    let colour = cli::ColorArg::from_args(std::env::args_os()).apply();
    // clap exits with 2 on a usage error and 0 for --help and --version.
    let matches = cli::Cli::command().color(colour).get_matches();
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    render::set_verbosity(cli.quiet, cli.verbose);
    match commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        // `koryu export --out - | head`: the reader left, which is not an
        // error of ours (Rust ignores SIGPIPE, so the write reports it).
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            render::eprint_error(format_args!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
