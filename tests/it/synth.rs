//! `koryu synth` and `koryu eval` end to end: the generator is deterministic, its truth names every mention it writes, and `eval`'s figures equal a pair-by-pair count done here independently.
#![allow(clippy::unwrap_used)] // Tests: a panic is a failing test.

use crate::cli::{koryu, read_jsonl, stderr};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

fn synth(dir: &Path, out: &str, mentions: &str, seed: &str) {
    let run = koryu(dir, &["synth", "--mentions", mentions, "--years", "3", "--seed", seed, "--out", out]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

fn editions(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with("-synth.txt"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_same_arguments_write_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    synth(tmp.path(), "a", "800", "7");
    synth(tmp.path(), "b", "800", "7");
    synth(tmp.path(), "c", "800", "8");
    let read = |d: &str, f: &str| std::fs::read(tmp.path().join(d).join(f)).unwrap();
    for f in ["r06-synth.txt", "r07-synth.txt", "r08-synth.txt", "truth.jsonl"] {
        assert_eq!(read("a", f), read("b", f), "{f}");
    }
    assert_ne!(read("a", "truth.jsonl"), read("c", "truth.jsonl"), "the seed changes the editions");
}

/// Pairwise precision and recall counted pair by pair (quadratic, fine for a
/// test): the independent check of `koryu eval`'s counting.
fn brute_force(labels: &[(String, String)]) -> (f64, f64) {
    let (mut predicted, mut truth, mut both) = (0u64, 0u64, 0u64);
    for (i, a) in labels.iter().enumerate() {
        for b in labels.iter().skip(i + 1) {
            let same_truth = a.0 == b.0;
            let same_store = a.1 == b.1;
            truth += u64::from(same_truth);
            predicted += u64::from(same_store);
            both += u64::from(same_truth && same_store);
        }
    }
    let ratio = |n: u64, d: u64| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    (ratio(both, predicted), ratio(both, truth))
}

#[test]
fn eval_agrees_with_a_pair_by_pair_count_and_every_truth_row_is_a_mention() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth(dir, "s", "1500", "3");
    let files = editions(&dir.join("s"));
    assert_eq!(files.len(), 3);
    let mut args = vec!["import", "--db", "k.sqlite"];
    args.extend(files.iter().map(String::as_str));
    let import = koryu(dir, &args);
    // The generator writes clean tables: nothing to report.
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(stderr(&import).contains("warnings: 0 · errors: 0 · unparsed-text: 0"), "{}", stderr(&import));
    let eval = koryu(dir, &["eval", "--db", "k.sqlite", "--truth", "s/truth.jsonl", "--json"]);
    assert_eq!(eval.status.code(), Some(0), "{}", stderr(&eval));
    let report: Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(report["truth_unmatched"], 0, "every truth row names a stored mention");
    assert_eq!(report["store_unlabelled"], 0, "every stored mention is in the truth");

    // The independent count: export the mentions, join them to the truth
    // by (file, line, column, occurrence in order), count pairs.
    let export = koryu(dir, &["export", "--db", "k.sqlite", "--format", "jsonl", "--out", "x"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let mentions = read_jsonl(&dir.join("x/mentions.jsonl"));
    let mut at: HashMap<(String, u64, u64), Vec<String>> = HashMap::new();
    for m in &mentions {
        let base = Path::new(m["source_file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        let key = (base, m["line"].as_u64().unwrap(), m["column"].as_u64().unwrap());
        at.entry(key).or_default().push(m["event_id"].as_str().unwrap().to_owned());
    }
    let mut labels = Vec::new();
    let mut taken: HashMap<(String, u64, u64), usize> = HashMap::new();
    for t in read_jsonl(&dir.join("s/truth.jsonl")) {
        let key =
            (t["source_file"].as_str().unwrap().to_owned(), t["line"].as_u64().unwrap(), t["column"].as_u64().unwrap());
        let k = taken.entry(key.clone()).or_default();
        let event = at[&key][*k].clone();
        *k += 1;
        labels.push((t["event"].as_str().unwrap().to_owned(), event));
    }
    let (precision, recall) = brute_force(&labels);
    let close = |a: f64, b: &Value| (a - b.as_f64().unwrap()).abs() < 1e-9;
    assert!(close(precision, &report["pairwise"]["precision"]), "{precision} vs {report}");
    assert!(close(recall, &report["pairwise"]["recall"]), "{recall} vs {report}");
    assert_eq!(report["matched"].as_u64().unwrap() as usize, labels.len());
}
