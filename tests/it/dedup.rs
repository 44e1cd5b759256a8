//! Dedup through the store: stable ids across stores and import orders,
#![allow(clippy::unwrap_used)] // Test helpers: a panic is a failing test.
//! multiplicity kept through re-imports.

use crate::cli::{copy_in, export_jsonl, koryu, sample_files, stderr};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn ids(rows: &[Value], field: &str) -> BTreeSet<String> {
    rows.iter().map(|r| r[field].as_str().unwrap().to_owned()).collect()
}

fn import(dir: &Path, files: &[&str]) {
    // Copies of one table are the point here: keep them both current
    // rather than let the later supersede the earlier.
    let mut args = vec!["import", "--keep-both"];
    args.extend_from_slice(files);
    let output = koryu(dir, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn ids_do_not_depend_on_import_order_or_store() {
    let [r6, r7] = [&sample_files()[0], &sample_files()[1]];
    let forward = tempfile::tempdir().unwrap();
    let backward = tempfile::tempdir().unwrap();
    for dir in [forward.path(), backward.path()] {
        copy_in(dir, r6, "r6.txt");
        copy_in(dir, r7, "r7.txt");
    }
    import(forward.path(), &["r6.txt", "r7.txt"]);
    import(backward.path(), &["r7.txt"]);
    import(backward.path(), &["r6.txt"]);
    let [m_fwd, e_fwd, _, _] = export_jsonl(forward.path(), "out");
    let [m_bwd, e_bwd, _, _] = export_jsonl(backward.path(), "out");
    assert!(!e_fwd.is_empty());
    assert_eq!(ids(&e_fwd, "event_id"), ids(&e_bwd, "event_id"));
    assert_eq!(ids(&m_fwd, "mention_id"), ids(&m_bwd, "mention_id"));
    // Which file was first differs, and first_seen says so.
    let first_seen =
        |events: &[Value], id: &str| events.iter().find(|e| e["event_id"] == id).unwrap()["first_seen"].clone();
    let shared = e_fwd.iter().find(|e| e["source_count"] == 2).expect("the repeated year merges");
    let id = shared["event_id"].as_str().unwrap();
    assert_eq!(first_seen(&e_fwd, id), "r6.txt");
    assert_eq!(first_seen(&e_bwd, id), "r7.txt");
}

#[test]
fn a_month_listed_twice_stays_two_events_through_a_reimport() {
    // r6's 防衛相電話会談(5月、5月、令和5年2月): two May calls.
    let tmp = tempfile::tempdir().unwrap();
    copy_in(tmp.path(), &sample_files()[0], "r6.txt");
    let text = std::fs::read_to_string(tmp.path().join("r6.txt")).unwrap();
    std::fs::write(tmp.path().join("r6-copy.txt"), format!("{text}\n")).unwrap();
    import(tmp.path(), &["r6.txt", "r6-copy.txt"]);
    let [mentions, events, _, _] = export_jsonl(tmp.path(), "out");
    let may_calls: Vec<&Value> =
        events.iter().filter(|e| e["date"] == "2022-05" && e["countries"] == serde_json::json!(["AU"])).collect();
    assert_eq!(may_calls.len(), 2, "{may_calls:?}");
    assert!(may_calls.iter().all(|e| e["mention_count"] == 2 && e["source_count"] == 2));
    // Each May event holds one mention of each file.
    for event in may_calls {
        let files: BTreeSet<&str> = mentions
            .iter()
            .filter(|m| m["event_id"] == event["event_id"])
            .map(|m| m["source_file"].as_str().unwrap())
            .collect();
        assert_eq!(files, BTreeSet::from(["r6.txt", "r6-copy.txt"]));
    }
}

/// Corpus file 002 (read at run time, never copied): importing it twice adds
/// nothing, and a copy with one blank line added merges every event.
#[test]
fn corpus_002_reimport_and_blank_line_copy_merge_every_event() {
    let Some(original) = crate::support::corpus_file("002_50f43a119dd1936c.txt") else { return };
    let text = std::fs::read_to_string(&original).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("002.txt"), &text).unwrap();
    std::fs::write(tmp.path().join("002-copy.txt"), format!("\n{text}")).unwrap();
    // 002 has error diagnostics, so import exits 1; the data still lands.
    let first = koryu(tmp.path(), &["import", "002.txt"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let [mentions, events, _, _] = export_jsonl(tmp.path(), "first");
    assert!(mentions.len() > 500, "002 holds about a thousand mentions, got {}", mentions.len());

    let again = koryu(tmp.path(), &["import", "002.txt"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stderr(&again).contains("already imported: 002.txt"));
    let [mentions_again, events_again, _, _] = export_jsonl(tmp.path(), "again");
    assert_eq!((mentions_again.len(), events_again.len()), (mentions.len(), events.len()));

    koryu(tmp.path(), &["import", "--keep-both", "002-copy.txt"]);
    let [mentions_after, events_after, _, _] = export_jsonl(tmp.path(), "after");
    assert_eq!(mentions_after.len(), 2 * mentions.len());
    assert_eq!(ids(&events_after, "event_id"), ids(&events, "event_id"), "no new event");
    for event in &events_after {
        assert_eq!((&event["mention_count"], &event["source_count"]), (&Value::from(2), &Value::from(2)), "{event}");
    }
}

#[test]
fn thread_count_does_not_change_events() {
    let [r6, r7] = [&sample_files()[0], &sample_files()[1]];
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    for dir in [one.path(), two.path()] {
        copy_in(dir, r6, "r6.txt");
        copy_in(dir, r7, "r7.txt");
    }
    import(one.path(), &["--threads", "1", "r6.txt", "r7.txt"]);
    import(two.path(), &["--threads", "2", "r7.txt", "r6.txt"]);
    let [m_one, e_one, _, _] = export_jsonl(one.path(), "out");
    let [m_two, e_two, _, _] = export_jsonl(two.path(), "out");
    assert!(!e_one.is_empty());
    assert_eq!(ids(&e_one, "event_id"), ids(&e_two, "event_id"));
    let assigned = |ms: &[Value]| -> BTreeSet<(String, String)> {
        ms.iter().map(|m| (m["mention_id"].to_string(), m["event_id"].to_string())).collect()
    };
    assert_eq!(assigned(&m_one), assigned(&m_two));
}
