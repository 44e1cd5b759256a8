//! `koryu eval --truth FILE`: the store's events against a labelled truth, as pairwise and B-cubed precision, recall and F1 (the figures splink's labelled-data reports give).
//!
//! The truth is JSON Lines, one object per mention: `source_file` (base
//! name), `line`, `column`, `date`, `event` (any label; mentions with the
//! same label are one real event). Mentions at the same position (two
//! items of one line sharing its first column, `(10月、10月)`) are listed
//! in source order and matched to the store's mentions at that position in
//! the same order. Only mentions named by the truth are scored; the others
//! of the same files are counted and reported, never silently dropped.

use super::Outcome;
use crate::store::Store;
use anyhow::Context as _;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The labelled truth: JSON Lines of {source_file, line, column, date, event}.
    #[arg(long, value_hint = clap::ValueHint::FilePath)]
    pub truth: PathBuf,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// One labelled mention of the truth.
#[derive(Debug, serde::Deserialize)]
struct TruthRow {
    source_file: String,
    line: u32,
    column: u32,
    event: serde_json::Value,
}

/// Precision, recall and F1 of one measure.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    fn new(precision: f64, recall: f64) -> Scores {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Scores { precision, recall, f1 }
    }
}

/// What `koryu eval` reports.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    /// Truth rows matched to a stored mention.
    pub matched: usize,
    /// Truth rows with no stored mention at their position.
    pub truth_unmatched: usize,
    /// Stored mentions of the truth's files that the truth does not name.
    pub store_unlabelled: usize,
    /// Pairs of mentions the store put in one event, and the truth did.
    pub predicted_pairs: u64,
    pub true_pairs: u64,
    pub correct_pairs: u64,
    pub pairwise: Scores,
    pub bcubed: Scores,
    /// Events the truth has / the store has, over the matched mentions.
    pub truth_events: usize,
    pub store_events: usize,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let truth = read_truth(&args.truth)?;
    anyhow::ensure!(!truth.is_empty(), "the truth {} holds no mentions", args.truth.display());
    let store = Store::open_existing(&args.db)?;
    let tables = store.read_tables()?;
    // Stored mentions by (base name, line, column), in stored order.
    let mut at: HashMap<(String, u32, u32), Vec<&str>> = HashMap::new();
    let mut per_file: HashMap<String, usize> = HashMap::new();
    for m in &tables.mentions {
        let base = base_name(&m.source_file);
        *per_file.entry(base.clone()).or_default() += 1;
        at.entry((base, m.line, m.column)).or_default().push(m.event_id.as_str());
    }
    let mut used: HashMap<(String, u32, u32), usize> = HashMap::new();
    let mut labels: Vec<(String, &str)> = Vec::with_capacity(truth.len());
    let mut truth_unmatched = 0;
    let mut truth_files: HashSet<String> = HashSet::new();
    for row in &truth {
        let key = (base_name(&row.source_file), row.line, row.column);
        truth_files.insert(key.0.clone());
        let taken = used.entry(key.clone()).or_default();
        match at.get(&key).and_then(|events| events.get(*taken)) {
            Some(event_id) => {
                *taken += 1;
                labels.push((row.event.to_string(), event_id));
            }
            None => truth_unmatched += 1,
        }
    }
    let in_truth_files: usize = truth_files.iter().filter_map(|f| per_file.get(f)).sum();
    let pairs: Vec<(&str, &str)> = labels.iter().map(|(t, p)| (t.as_str(), *p)).collect();
    let mut report = score(&pairs);
    report.truth_unmatched = truth_unmatched;
    report.store_unlabelled = in_truth_files.saturating_sub(report.matched);
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_report(&report);
    }
    if truth_unmatched > 0 {
        crate::render::note(format_args!(
            "{truth_unmatched} truth rows name no stored mention (check their line and column, and that their files are imported)"
        ));
    }
    Ok(Outcome::Success)
}

fn base_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

fn read_truth(path: &Path) -> anyhow::Result<Vec<TruthRow>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read the truth {}", path.display()))?;
    let mut rows = Vec::new();
    for (idx, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read the truth {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let row: TruthRow = serde_json::from_str(&line).with_context(|| {
            format!("{}:{}: not a truth row {{source_file, line, column, date, event}}", path.display(), idx + 1)
        })?;
        rows.push(row);
    }
    Ok(rows)
}

fn pairs_of(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pairwise and B-cubed scores of `(truth label, predicted label)` per
/// mention, in one pass over counts (no pair is enumerated).
pub fn score(labels: &[(&str, &str)]) -> Report {
    // Ordered maps: the float sums below then add in one order, so the
    // same store gives the same digits.
    let mut truth: BTreeMap<&str, u64> = BTreeMap::new();
    let mut predicted: BTreeMap<&str, u64> = BTreeMap::new();
    let mut both: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for &(t, p) in labels {
        *truth.entry(t).or_default() += 1;
        *predicted.entry(p).or_default() += 1;
        *both.entry((t, p)).or_default() += 1;
    }
    let true_pairs: u64 = truth.values().map(|&n| pairs_of(n)).sum();
    let predicted_pairs: u64 = predicted.values().map(|&n| pairs_of(n)).sum();
    let correct_pairs: u64 = both.values().map(|&n| pairs_of(n)).sum();
    // No pair on a side: nothing to get wrong there.
    let ratio = |num: u64, den: u64| if den == 0 { 1.0 } else { num as f64 / den as f64 };
    // B-cubed: per mention, |its predicted ∩ its true cluster| over each;
    // summed per (true, predicted) cell, n mentions each contributing n/size.
    let (mut b_precision, mut b_recall) = (0.0, 0.0);
    for (&(t, p), &n) in &both {
        let n = n as f64;
        b_precision += n * n / predicted.get(p).copied().unwrap_or(1) as f64;
        b_recall += n * n / truth.get(t).copied().unwrap_or(1) as f64;
    }
    let total = labels.len().max(1) as f64;
    Report {
        matched: labels.len(),
        truth_unmatched: 0,
        store_unlabelled: 0,
        predicted_pairs,
        true_pairs,
        correct_pairs,
        pairwise: Scores::new(ratio(correct_pairs, predicted_pairs), ratio(correct_pairs, true_pairs)),
        bcubed: Scores::new(b_precision / total, b_recall / total),
        truth_events: truth.len(),
        store_events: predicted.len(),
    }
}

fn print_report(r: &Report) {
    println!(
        "mentions scored: {} ({} truth rows unmatched, {} stored mentions unlabelled)",
        r.matched, r.truth_unmatched, r.store_unlabelled
    );
    println!("events: truth {}, store {}", r.truth_events, r.store_events);
    println!("{:<10} {:>9} {:>9} {:>9}", "measure", "precision", "recall", "F1");
    for (name, s) in [("pairwise", r.pairwise), ("b-cubed", r.bcubed)] {
        println!("{name:<10} {:>9.4} {:>9.4} {:>9.4}", s.precision, s.recall, s.f1);
    }
    println!("pairs: {} correct of {} predicted, {} true", r.correct_pairs, r.predicted_pairs, r.true_pairs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clustering_scores_one() {
        let r = score(&[("a", "x"), ("a", "x"), ("b", "y")]);
        assert_eq!((r.pairwise.precision, r.pairwise.recall), (1.0, 1.0));
        assert_eq!((r.bcubed.precision, r.bcubed.recall), (1.0, 1.0));
    }

    #[test]
    fn a_collapsed_multiplicity_costs_precision() {
        // Two true events (two phone calls) merged into one: 1 wrong pair.
        let r = score(&[("a", "x"), ("b", "x")]);
        assert_eq!((r.predicted_pairs, r.correct_pairs, r.true_pairs), (1, 0, 0));
        assert_eq!(r.pairwise.precision, 0.0);
        assert_eq!(r.pairwise.recall, 1.0);
        assert!((r.bcubed.precision - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_missed_merge_costs_recall() {
        // a1 a2 a3 one event; the store splits a3 off: 1 of 3 pairs found.
        let r = score(&[("a", "x"), ("a", "x"), ("a", "y")]);
        assert_eq!((r.predicted_pairs, r.correct_pairs, r.true_pairs), (1, 1, 3));
        assert!((r.pairwise.recall - 1.0 / 3.0).abs() < 1e-9);
        // B-cubed recall: (2/3 + 2/3 + 1/3) / 3.
        assert!((r.bcubed.recall - 5.0 / 9.0).abs() < 1e-9);
    }
}
