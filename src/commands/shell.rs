//! `koryu completions SHELL` (clap_complete) and `koryu man --out DIR`, behind `just man` (clap_mangen).

use super::Outcome;
use anyhow::Context as _;
use clap::CommandFactory as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for (to stdout).
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Directory for the pages: koryu.1 and one koryu-COMMAND.1 per command.
    #[arg(long, default_value = "docs/man", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
}

/// Writes the completion script: `koryu completions bash > ~/.local/share/bash-completion/completions/koryu`.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut command = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut command, "koryu", &mut std::io::stdout().lock());
    Ok(Outcome::Success)
}

/// Writes the man pages (the shipped ones in docs/man come from here, and
/// tests/it/shell.rs checks they are current).
pub fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    clap_mangen::generate_to(crate::cli::Cli::command(), &args.out)
        .with_context(|| format!("cannot write the man pages into {}", args.out.display()))?;
    crate::render::note(format_args!("wrote the man pages into {}", args.out.display()));
    Ok(Outcome::Success)
}
