//! `koryu import` and `koryu export` end to end: the real binary in a temp dir.
#![allow(clippy::unwrap_used)] // Test helpers: a panic is a failing test.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples")
}

/// Every sample file, in name order (as the shell's `*` gives them): the
/// README's sample import (two tables and a white-paper excerpt).
pub(crate) fn all_sample_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(samples_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 3, "README's sample import expects two sample tables and a white-paper excerpt");
    files
}

/// The two sample tables (令和6年度, 令和7年度), in name order.
pub(crate) fn sample_files() -> Vec<PathBuf> {
    let tables: Vec<PathBuf> = all_sample_files()
        .into_iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("jizen")))
        .collect();
    assert_eq!(tables.len(), 2, "README's sample import expects two sample tables");
    tables
}

/// Runs `koryu ARGS` with `dir` as the working directory.
pub(crate) fn koryu(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koryu")).current_dir(dir).args(args).output().unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies `from` into `dir` under `name` and returns the name.
pub(crate) fn copy_in(dir: &Path, from: &Path, name: &str) -> String {
    std::fs::copy(from, dir.join(name)).unwrap();
    name.to_owned()
}

/// Exports the default store of `dir` as JSONL into `dir/<out>` and returns
/// (mentions, events, sources, diagnostics).
pub(crate) fn export_jsonl(dir: &Path, out: &str) -> [Vec<Value>; 4] {
    let output = koryu(dir, &["export", "--format", "jsonl", "--out", out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    ["mentions", "events", "sources", "diagnostics"]
        .map(|table| read_jsonl(&dir.join(out).join(format!("{table}.jsonl"))))
}

pub(crate) fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// Everything in the store except `imported_at`, for "unchanged" checks.
fn snapshot_of_store(dir: &Path) -> String {
    let tables = export_jsonl(dir, "snapshot");
    let mut text = String::new();
    for table in tables {
        for mut row in table {
            if let Some(obj) = row.as_object_mut() {
                obj.remove("imported_at");
            }
            text.push_str(&row.to_string());
            text.push('\n');
        }
        text.push_str("--\n");
    }
    text
}

fn import_samples(dir: &Path) -> Output {
    let files: Vec<String> = all_sample_files().iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    koryu(dir, &args)
}

#[test]
fn sample_import_builds_the_store_and_merges_the_repeated_year() {
    let tmp = tempfile::tempdir().unwrap();
    let output = import_samples(tmp.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(tmp.path().join("koryu.sqlite").is_file(), "the default store is ./koryu.sqlite");
    assert!(err.contains("files: 3 imported, 0 already imported, 0 failed"), "{err}");
    assert!(err.contains("unparsed-text: 0"), "the samples read whole: {err}");

    let [mentions, events, sources, _] = export_jsonl(tmp.path(), "out");
    assert_eq!(sources.len(), 3);
    let kinds: Vec<&str> = sources.iter().map(|s| s["source_doc_kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["evaluation_table", "evaluation_table", "white_paper"]);
    assert!(!events.is_empty(), "the samples must give events");
    let total: u64 = events.iter().map(|e| e["mention_count"].as_u64().unwrap()).sum();
    assert_eq!(total, mentions.len() as u64, "every mention is in exactly one event");
    // Fiscal year 2023 (令和5年度) is in both tables: each of its events is
    // mentioned by each table; the other years only by one.
    for event in events.iter().filter(|e| e["fiscal_year"].is_i64()) {
        let tables = if event["fiscal_year"] == 2023 { 2 } else { 1 };
        let sources = event["source_count"].as_u64().unwrap();
        assert!(sources == tables || sources == tables + 1, "{event}");
    }
    // The white paper retells the London meeting of 2023-12 that both
    // tables list: one event, three sources.
    let london: Vec<_> = events.iter().filter(|e| e["date"] == "2023-12" && e["title"] == "日英防衛相会談").collect();
    assert_eq!(london.len(), 1, "{london:?}");
    assert_eq!(london[0]["source_count"], 3);
    assert!(events.iter().any(|e| e["fiscal_year"] == 2023), "the repeated year must be present");
    // The summary's new events are the store's events on a first import.
    assert!(err.contains(&format!("new events: {}", events.len())), "{err}");
    // Every mention points at an existing event.
    for mention in &mentions {
        assert!(events.iter().any(|e| e["event_id"] == mention["event_id"]), "{mention}");
    }
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let name = copy_in(tmp.path(), &sample_files()[0], "table.txt");
    assert_eq!(koryu(tmp.path(), &["import", &name]).status.code(), Some(0));
    let before = snapshot_of_store(tmp.path());

    let again = koryu(tmp.path(), &["import", &name]);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(0), "{err}");
    assert!(err.contains("already imported: table.txt (sha256 "), "{err}");
    assert!(err.contains("files: 0 imported, 1 already imported"), "{err}");
    assert_eq!(snapshot_of_store(tmp.path()), before);
}

#[test]
fn a_copy_with_one_blank_line_added_merges_every_event() {
    let tmp = tempfile::tempdir().unwrap();
    let name = copy_in(tmp.path(), &sample_files()[0], "table.txt");
    assert_eq!(koryu(tmp.path(), &["import", &name]).status.code(), Some(0));
    let [_, events_before, _, _] = export_jsonl(tmp.path(), "before");

    // A blank line at the top shifts every line number: a different file
    // (new sha256, new mention ids) with the same events.
    let text = std::fs::read_to_string(tmp.path().join(&name)).unwrap();
    std::fs::write(tmp.path().join("copy.txt"), format!("\n{text}")).unwrap();
    // --keep-both: same title and date, so it would otherwise replace table.txt.
    let output = koryu(tmp.path(), &["import", "--keep-both", "copy.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("new events: 0"), "{err}");

    let [mentions, events, _, _] = export_jsonl(tmp.path(), "after");
    assert_eq!(mentions.len(), 2 * events.len());
    let ids = |events: &[Value]| events.iter().map(|e| e["event_id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&events), ids(&events_before), "no event appears or disappears");
    for event in &events {
        assert_eq!(event["mention_count"], 2, "{event}");
        assert_eq!(event["source_count"], 2, "{event}");
        assert_eq!(event["first_seen"], "table.txt", "{event}");
    }
}

#[test]
fn a_failed_file_leaves_the_store_unchanged_and_others_still_import() {
    let tmp = tempfile::tempdir().unwrap();
    let first = copy_in(tmp.path(), &sample_files()[0], "first.txt");
    assert_eq!(koryu(tmp.path(), &["import", &first]).status.code(), Some(0));
    let before = snapshot_of_store(tmp.path());

    std::fs::write(tmp.path().join("empty.txt"), "").unwrap();
    let failed = koryu(tmp.path(), &["import", "empty.txt", "missing.txt"]);
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(2), "{err}");
    assert!(err.contains("empty.txt"), "the message names the file: {err}");
    assert!(err.contains("cannot read missing.txt"), "{err}");
    assert_eq!(snapshot_of_store(tmp.path()), before);

    // A good file next to a bad one still imports, and the run exits 2
    // (an input that cannot be read is an I/O error under every command).
    let second = copy_in(tmp.path(), &sample_files()[1], "second.txt");
    let mixed = koryu(tmp.path(), &["import", "empty.txt", &second]);
    assert_eq!(mixed.status.code(), Some(2), "{}", stderr(&mixed));
    let [_, _, sources, _] = export_jsonl(tmp.path(), "mixed");
    let files: Vec<&str> = sources.iter().map(|s| s["source_file"].as_str().unwrap()).collect();
    assert_eq!(files, ["first.txt", "second.txt"]);
}

#[test]
fn strict_refuses_a_file_with_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&sample_files()[0]).unwrap();
    // A header naming no known country is an error diagnostic (unknown-country).
    let broken = text.replace("【英国】", "【ナルニア】");
    assert_ne!(broken, text);
    std::fs::write(tmp.path().join("broken.txt"), broken).unwrap();
    let strict = koryu(tmp.path(), &["import", "--strict", "broken.txt"]);
    let err = stderr(&strict);
    assert_eq!(strict.status.code(), Some(1), "{err}");
    assert!(err.contains("refused (--strict): broken.txt"), "{err}");
    let [mentions, _, sources, _] = export_jsonl(tmp.path(), "out");
    assert!(sources.is_empty() && mentions.is_empty());

    // Without --strict it imports, and still exits 1 for the error.
    let lenient = koryu(tmp.path(), &["import", "broken.txt"]);
    assert_eq!(lenient.status.code(), Some(1), "{}", stderr(&lenient));
    let [_, _, sources, diagnostics] = export_jsonl(tmp.path(), "out2");
    assert_eq!(sources.len(), 1);
    assert!(diagnostics.iter().any(|d| d["severity"] == "error"));
}

#[test]
fn directories_are_walked_in_order_skipping_hidden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tables");
    std::fs::create_dir(&dir).unwrap();
    copy_in(&dir, &sample_files()[1], "b.txt");
    copy_in(&dir, &sample_files()[0], "a.txt");
    std::fs::write(dir.join(".hidden.txt"), "not a table").unwrap();
    std::fs::write(dir.join("notes.md"), "not a source").unwrap();
    let output = koryu(tmp.path(), &["import", "tables"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let [_, _, sources, _] = export_jsonl(tmp.path(), "out");
    let files: Vec<&str> = sources.iter().map(|s| s["source_file"].as_str().unwrap()).collect();
    assert_eq!(files, ["tables/a.txt", "tables/b.txt"]);
}

#[test]
fn exit_codes_for_usage_and_whole_run_failures() {
    let tmp = tempfile::tempdir().unwrap();
    // Usage error (clap): no subcommand, unknown flag.
    assert_eq!(koryu(tmp.path(), &[]).status.code(), Some(2));
    assert_eq!(koryu(tmp.path(), &["import", "--no-such-flag", "x"]).status.code(), Some(2));
    // Exporting a store that does not exist.
    let missing = koryu(tmp.path(), &["export", "--db", "nope.sqlite", "--out", "out"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no store at nope.sqlite"), "{}", stderr(&missing));
    assert!(!tmp.path().join("nope.sqlite").exists(), "export must not create a store");
    // A store that cannot be opened: its directory does not exist.
    let sample = sample_files()[0].display().to_string();
    let bad_db = koryu(tmp.path(), &["import", "--db", "no/such/dir/k.sqlite", &sample]);
    assert_eq!(bad_db.status.code(), Some(2), "{}", stderr(&bad_db));
    // A file that is not a koryu store.
    std::fs::write(tmp.path().join("junk.sqlite"), "this is not sqlite").unwrap();
    let junk = koryu(tmp.path(), &["import", "--db", "junk.sqlite", &sample]);
    assert_eq!(junk.status.code(), Some(2), "{}", stderr(&junk));
}

#[test]
fn csv_export_defuses_formulas_and_joins_arrays() {
    let tmp = tempfile::tempdir().unwrap();
    // Lines no extractor recognises become unparsed-text diagnostics whose
    // excerpt is the raw line: a spreadsheet would run these as formulas.
    std::fs::write(tmp.path().join("formula.txt"), "=HYPERLINK(\"http://x\")\n@SUM(1)\n+81\n-1\n").unwrap();
    let sample = sample_files()[0].display().to_string();
    let output = koryu(tmp.path(), &["import", "formula.txt", &sample]);
    assert!(output.status.code() == Some(0) || output.status.code() == Some(1), "{}", stderr(&output));
    let export = koryu(tmp.path(), &["export", "--format", "csv", "--out", "csv"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));

    let mut reader = csv::Reader::from_path(tmp.path().join("csv/diagnostics.csv")).unwrap();
    let excerpt_idx = reader.headers().unwrap().iter().position(|h| h == "excerpt").unwrap();
    let excerpts: Vec<String> = reader.records().map(|r| r.unwrap()[excerpt_idx].to_owned()).collect();
    for expected in ["'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'+81", "'-1"] {
        assert!(excerpts.iter().any(|e| e == expected), "{expected} not in {excerpts:?}");
    }

    // The 日米豪 item has two counterparts: one cell `US;AU` in CSV.
    let mut events = csv::Reader::from_path(tmp.path().join("csv/events.csv")).unwrap();
    let countries_idx = events.headers().unwrap().iter().position(|h| h == "countries").unwrap();
    let cells: Vec<String> = events.records().map(|r| r.unwrap()[countries_idx].to_owned()).collect();
    assert!(cells.iter().any(|c| c == "US;AU"), "{cells:?}");
}

/// `--kind` overrides detection and is what `source_doc_kind` stores; an
/// unknown kind is a usage error.
#[test]
fn kind_overrides_the_detected_source_doc_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/ok");
    let detected = copy_in(dir, &fixtures.join("notice-plain.txt"), "notice.txt");
    // The same notice with one more blank line, so it is a different file.
    let text = std::fs::read_to_string(fixtures.join("notice-plain.txt")).unwrap();
    std::fs::write(dir.join("as-white-paper.txt"), format!("{text}\n")).unwrap();

    let output = koryu(dir, &["import", &detected]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = koryu(dir, &["import", "--kind", "white_paper", "as-white-paper.txt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let [mentions, _, sources, _] = export_jsonl(dir, "out");
    let kinds: Vec<(&str, &str)> =
        sources.iter().map(|s| (s["source_file"].as_str().unwrap(), s["source_doc_kind"].as_str().unwrap())).collect();
    assert_eq!(kinds, [("notice.txt", "policy_notice"), ("as-white-paper.txt", "white_paper")]);
    assert!(mentions.iter().all(|m| m["source_doc_kind"] != "policy_notice"));
    // Read as a white paper, the notice's header is not document history.
    let forced = sources.iter().find(|s| s["source_file"] == "as-white-paper.txt").unwrap();
    assert_eq!(forced["document_history"], serde_json::json!([]));

    // validate takes the same option: as an evaluation table, the notice's
    // lines are not placed, so the coverage line shows unparsed lines.
    let output = koryu(dir, &["validate", "--kind", "policy_notice", &detected]);
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(out.contains(" 0 unparsed"), "{out}");
    let output = koryu(dir, &["validate", "--kind", "evaluation_table", &detected]);
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(out.contains("unparsed-text") && !out.contains(" 0 unparsed"), "{out}");

    let output = koryu(dir, &["import", "--kind", "memo", &detected]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("policy_notice"), "the error lists the kinds: {}", stderr(&output));
}
