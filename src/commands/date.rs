//! `koryu date`: resolve date expressions by hand, or from stdin.

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct DateArgs {
    /// Expressions to resolve; `-` reads one expression per line from stdin.
    #[arg(required = true)]
    pub exprs: Vec<String>,
}

pub fn run(args: &DateArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("date is not implemented yet")
}
