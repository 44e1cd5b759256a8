//! `koryu validate`: diagnostics like a compiler, without touching the store.

use super::Outcome;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("validate is not implemented yet")
}
