//! `koryu remove`: takes sources out of the current data (schema.md: `superseded_by` = `removed`).

use super::import::{event_change, replacement_line, rfc3339_now};
use super::Outcome;
use crate::store::Store;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// Sources to remove: a `source_file` as `koryu sources` lists it, or a
    /// sha256 prefix of at least 4 hex digits that names one source.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The SQLite store (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
    /// How long to wait, in seconds, while an import holds the store's
    /// write lock before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// Every named source is found first; one that matches nothing or several
/// sources stops the run before anything changes (exit 2). Then all go in
/// one transaction and events are recomputed, so the result equals a clean
/// import of the sources that remain.
pub fn run(args: &RemoveArgs) -> anyhow::Result<Outcome> {
    remove(args).map_err(|err| crate::store::name_store_failure(err, &args.db))
}

fn remove(args: &RemoveArgs) -> anyhow::Result<Outcome> {
    if !args.db.is_file() {
        anyhow::bail!("no store at {}; nothing to remove", args.db.display());
    }
    let wait = std::time::Duration::from_secs(args.wait);
    let mut store = Store::open_for_import(&args.db, wait)?;
    let tx = store.begin_remove(wait)?;
    let mut chosen = Vec::new();
    for name in &args.sources {
        let found = tx.find_current(name)?;
        match found.as_slice() {
            [] => anyhow::bail!(
                "no current source {name} in {}; nothing was removed (`koryu sources` lists them)",
                args.db.display()
            ),
            [one] => {
                if !chosen.iter().any(|c: &crate::store::OldSource| c.source_sha256 == one.source_sha256) {
                    chosen.push(one.clone());
                }
            }
            several => anyhow::bail!(
                "{name} names {} sources in {} ({}); nothing was removed (give more of the sha256)",
                several.len(),
                args.db.display(),
                several.iter().map(|s| s.source_file.as_str()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
    let before = tx.event_rows()?;
    let mut touched = Vec::new();
    let at = rfc3339_now();
    for old in &chosen {
        touched.push(tx.events_of(&old.source_sha256)?);
        tx.supersede(&old.source_sha256, "removed", &at)?;
    }
    let recomputed = tx.recompute_events()?;
    let after = tx.event_rows()?;
    let none = std::collections::BTreeSet::new();
    let lines: Vec<String> = chosen
        .iter()
        .zip(&touched)
        .map(|(old, events)| replacement_line("removed", old, &event_change(&before, &after, events, &none)))
        .collect();
    if super::interrupt::interrupted() {
        return Ok(Outcome::Interrupted);
    }
    tx.commit()?;
    store.checkpoint();
    for line in &lines {
        crate::render::note(line);
    }
    crate::render::note(format_args!(
        "stored: {} now holds {} events in total",
        args.db.display(),
        recomputed.n_events
    ));
    Ok(Outcome::Success)
}
