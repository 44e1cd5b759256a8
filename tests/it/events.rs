//! `koryu events`: the filters against the SQL of the SQLite export's `events_by_country` view, and stdout holding only data off a terminal.
#![allow(clippy::unwrap_used)] // Test helpers: a panic is a failing test.

use crate::cli::{all_sample_files, koryu, stderr};
use std::path::Path;

fn import_samples(dir: &Path) {
    let mut args = vec!["import".to_owned(), "--quiet".to_owned()];
    args.extend(all_sample_files().iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = koryu(dir, &refs);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The ids `koryu events ARGS --format jsonl` prints, in order.
fn event_ids(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["events", "--format", "jsonl"];
    all.extend_from_slice(args);
    let output = koryu(dir, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event_id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn country_and_fiscal_year_match_the_events_by_country_view() {
    let dir = tempfile::tempdir().unwrap();
    import_samples(dir.path());
    let output = koryu(dir.path(), &["export", "--format", "sqlite", "--out", "sq"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let conn = rusqlite::Connection::open(dir.path().join("sq/koryu.sqlite")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT v.event_id FROM events_by_country v JOIN events e USING (event_id) \
             WHERE v.country = 'AU' AND v.fiscal_year = 2022 ORDER BY e.ord",
        )
        .unwrap();
    let expected: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    // Counted by hand in fixtures/samples: the AU events of 令和4年度.
    assert_eq!(expected.len(), 6, "{expected:?}");
    assert_eq!(event_ids(dir.path(), &["--country", "AU", "--fiscal-year", "2022"]), expected);
    // Lower case is the same code; a date range narrows it down.
    assert_eq!(event_ids(dir.path(), &["--country", "au", "--fiscal-year", "2022"]), expected);
    let in_may = event_ids(dir.path(), &["--country", "AU", "--from", "2022-05", "--to", "2022-05"]);
    assert_eq!(in_may.len(), 2, "{in_may:?}");
    let meetings = event_ids(dir.path(), &["--country", "AU", "--fiscal-year", "2022", "--text", "会談"]);
    assert!(!meetings.is_empty() && meetings.len() < expected.len(), "{meetings:?}");
}

#[test]
fn unknown_codes_exit_2_with_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    import_samples(dir.path());
    let output = koryu(dir.path(), &["events", "--role", "general"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("chief_joint_staff"), "{}", stderr(&output));
    let output = koryu(dir.path(), &["events", "--country", "Australia"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn csv_on_a_pipe_is_pure_csv_and_stderr_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    import_samples(dir.path());
    let output = koryu(dir.path(), &["events", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header.first().map(String::as_str), Some("event_id"));
    assert_eq!(header.len(), 15);
    let rows = reader.records().map(Result::unwrap).count();
    assert!(rows > 10, "{rows}");
    // Off a terminal the default is the same CSV.
    let default = koryu(dir.path(), &["events"]);
    assert_eq!(default.stdout, output.stdout);
}

#[test]
fn stats_counts_add_up_to_the_events() {
    let dir = tempfile::tempdir().unwrap();
    import_samples(dir.path());
    let n_events = event_ids(dir.path(), &[]).len();
    let output = koryu(dir.path(), &["stats", "--format", "jsonl", "--top", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let by_category: i64 =
        rows.iter().filter(|r| r["table"] == "by_category").map(|r| r["count"].as_i64().unwrap()).sum();
    assert_eq!(usize::try_from(by_category).unwrap(), n_events);
    let top: Vec<&serde_json::Value> = rows.iter().filter(|r| r["table"] == "top_counterparts").collect();
    assert_eq!(top.len(), 3);
    assert!(top.windows(2).all(|w| w[0]["count"].as_i64() >= w[1]["count"].as_i64()));
    // Each counterpart with its name, as the gazetteer writes it.
    let names: Vec<(&str, &str)> =
        top.iter().map(|r| (r["key"].as_str().unwrap(), r["name"].as_str().unwrap())).collect();
    for (code, name) in &names {
        let want = koryu_parse::gazetteer::name_of(code).unwrap_or("");
        assert_eq!(name, &want, "{names:?}");
        assert!(!name.is_empty(), "{names:?}");
    }
    assert!(rows.iter().filter(|r| r["table"] == "by_category").all(|r| r["name"].is_null()));
}
