//! The store as users live with it, over the real binary: replace and remove equal a clean import, concurrent
//! imports, readers during an import, kill -9 then export, interrupts, and stores koryu must refuse untouched.
//!
//! The kill test takes `KORYU_FAULT_SEED` and `KORYU_FAULT_ITERATIONS` (a
//! short sample by default; `just faults` runs many).

use crate::cli::{copy_in, export_jsonl, koryu, sample_files, stderr};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The sample table with one item moved to another month: the corrected
/// file of the replace tests.
fn corrected_table() -> String {
    let text = std::fs::read_to_string(&sample_files()[0]).unwrap();
    assert!(text.contains("統幕長豪州訪問(8月)"), "the sample table changed; pick another item to correct");
    text.replace("統幕長豪州訪問(8月)", "統幕長豪州訪問(9月)")
}

/// `n` different tables (the sample shifted by blank lines, each with its
/// own title so none supersedes another) in `dir/sub`, `tag` making each
/// set's bytes its own: enough work that an import takes a while in a test
/// build.
fn many_files(dir: &Path, sub: &str, n: usize, tag: &str) {
    let text = std::fs::read_to_string(&sample_files()[1]).unwrap();
    assert!(text.lines().next().unwrap().contains("(別紙)"), "the sample's title changed");
    std::fs::create_dir_all(dir.join(sub)).unwrap();
    for i in 1..=n {
        let titled = text.replacen("(別紙)", &format!("(別紙{tag}{i})"), 1);
        std::fs::write(dir.join(format!("{sub}/{tag}c{i:03}.txt")), format!("{}{titled}", "\n".repeat(i))).unwrap();
    }
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_koryu"))
        .current_dir(dir)
        .args(args)
        .env_remove("KORYU_DB")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn ok(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
}

/// Events and mentions as exported, and the sources without their import
/// time: what "equal to a clean import" compares.
fn data(dir: &Path, out: &str) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    let [mentions, events, mut sources, _] = export_jsonl(dir, out);
    for source in &mut sources {
        source.as_object_mut().unwrap().remove("imported_at");
    }
    (events, mentions, sources)
}

fn source_files(dir: &Path) -> Vec<String> {
    let [_, _, sources, _] = export_jsonl(dir, "files-out");
    sources.iter().map(|s| s["source_file"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_corrected_file_replaces_the_one_it_corrects_as_a_clean_import_would() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    copy_in(dir, &sample_files()[1], "r7.txt");
    ok(&koryu(dir, &["import", "r6.txt", "r7.txt"]));
    let before = data(dir, "before");
    std::fs::write(dir.join("r6.txt"), corrected_table()).unwrap();
    let output = koryu(dir, &["import", "r6.txt"]);
    ok(&output);
    let err = stderr(&output);
    // Changed: the new September event, and the 4 events r6 shares with r7,
    // whose first_seen is now r7.txt (imported before the corrected r6).
    // Removed: the August event.
    assert!(err.contains("replaces r6.txt (imported 20") && err.contains("): 5 events changed, 1 removed"), "{err}");
    let replaced = data(dir, "after");
    assert_ne!(replaced.0, before.0, "the correction changed an event");

    // The clean import: the current sources alone, in their import order.
    let clean = tempfile::tempdir().unwrap();
    copy_in(clean.path(), &sample_files()[1], "r7.txt");
    std::fs::write(clean.path().join("r6.txt"), corrected_table()).unwrap();
    ok(&koryu(clean.path(), &["import", "r7.txt", "r6.txt"]));
    let expected = data(clean.path(), "out");
    assert_eq!(replaced.0, expected.0, "events and their ids");
    assert_eq!(replaced.1, expected.1, "mentions");
    assert_eq!(replaced.2, expected.2, "current sources");

    // History keeps the old row.
    let history = koryu(dir, &["sources", "--history"]);
    ok(&history);
    let listing = String::from_utf8_lossy(&history.stdout).into_owned();
    assert_eq!(listing.lines().count(), 4, "header, two current, one replaced: {listing}");
    assert_eq!(listing.matches("replaced by").count(), 1, "{listing}");
    let current = String::from_utf8_lossy(&koryu(dir, &["sources"]).stdout).into_owned();
    assert_eq!(current.lines().count(), 3, "{current}");
}

#[test]
fn keep_both_keeps_the_earlier_source_current() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    std::fs::write(dir.join("r6.txt"), corrected_table()).unwrap();
    let output = koryu(dir, &["import", "--keep-both", "r6.txt"]);
    ok(&output);
    assert!(!stderr(&output).contains("replaces"), "{}", stderr(&output));
    assert_eq!(source_files(dir), ["r6.txt", "r6.txt"]);

    // Without --keep-both, alone in the store: the one corrected item.
    let alone = tempfile::tempdir().unwrap();
    copy_in(alone.path(), &sample_files()[0], "r6.txt");
    ok(&koryu(alone.path(), &["import", "r6.txt"]));
    std::fs::write(alone.path().join("r6.txt"), corrected_table()).unwrap();
    let output = koryu(alone.path(), &["import", "r6.txt"]);
    assert!(stderr(&output).contains("): 1 event changed, 1 removed"), "{}", stderr(&output));
}

#[test]
fn remove_gives_a_clean_import_of_what_remains() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    copy_in(dir, &sample_files()[1], "r7.txt");
    copy_in(dir, &crate::cli::all_sample_files()[2], "wp.txt");
    ok(&koryu(dir, &["import", "r6.txt", "wp.txt", "r7.txt"]));

    let unknown = koryu(dir, &["remove", "nothing.txt"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no current source nothing.txt"), "{}", stderr(&unknown));

    // By sha256 prefix, as `koryu sources` shows it, and by path.
    let listing = String::from_utf8_lossy(&koryu(dir, &["sources"]).stdout).into_owned();
    let wp_sha = listing.lines().find(|l| l.ends_with("\twp.txt")).unwrap().split('\t').next().unwrap().to_owned();
    let output = koryu(dir, &["remove", &wp_sha[..8], "r6.txt"]);
    ok(&output);
    let err = stderr(&output);
    assert!(err.contains("removed wp.txt (imported") && err.contains("removed r6.txt (imported"), "{err}");
    let removed = data(dir, "after");

    let clean = tempfile::tempdir().unwrap();
    copy_in(clean.path(), &sample_files()[1], "r7.txt");
    ok(&koryu(clean.path(), &["import", "r7.txt"]));
    assert_eq!(removed, data(clean.path(), "out"));

    // A removed file imported again is current again.
    ok(&koryu(dir, &["import", "r6.txt"]));
    assert_eq!(source_files(dir), ["r7.txt", "r6.txt"]);
}

#[test]
fn two_imports_at_once_both_succeed_and_equal_running_them_in_turn() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    many_files(dir, "a", 800, "a");
    many_files(dir, "b", 800, "b");
    let first = spawn(dir, &["import", "a"]);
    let second = spawn(dir, &["import", "b"]);
    let (first, second) = (first.wait_with_output().unwrap(), second.wait_with_output().unwrap());
    ok(&first);
    ok(&second);
    let waited = [&first, &second].iter().any(|o| stderr(o).contains("waiting for another import of koryu.sqlite"));
    if !waited {
        eprintln!("note: the imports did not overlap; the wait was not tested");
    }
    let files = source_files(dir);
    assert_eq!(files.len(), 1600);
    // Whichever committed first: the same result as running them in that order.
    let order: Vec<&str> = if files.first().unwrap().starts_with("a/") { vec!["a", "b"] } else { vec!["b", "a"] };
    let together = data(dir, "together");
    let turn = tempfile::tempdir().unwrap();
    many_files(turn.path(), "a", 800, "a");
    many_files(turn.path(), "b", 800, "b");
    for sub in order {
        ok(&koryu(turn.path(), &["import", sub]));
    }
    assert_eq!(together, data(turn.path(), "out"));
}

#[test]
fn an_import_waits_for_the_write_lock_then_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    let holder = rusqlite::Connection::open(dir.join("koryu.sqlite")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // An import holding the lock leaves its pid beside the store; this
    // test process stands in for it (it is alive, so the pid is named).
    let pid = std::process::id();
    std::fs::write(dir.join("koryu.sqlite-writer"), pid.to_string()).unwrap();
    copy_in(dir, &sample_files()[1], "r7.txt");
    let output = koryu(dir, &["import", "--wait", "1", "r7.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("waiting for another import of koryu.sqlite (pid {pid})…")), "{err}");
    assert!(err.contains("write lock on koryu.sqlite after 1 s"), "{err}");
    // A reader is not held up by the writer.
    assert_eq!(source_files(dir), ["r6.txt"]);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    ok(&koryu(dir, &["import", "r7.txt"]));
}

#[cfg(unix)]
#[test]
fn an_export_during_an_import_reads_the_earlier_state() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    many_files(dir, "many", 3000, "");
    let mut child = spawn(dir, &["import", "many"]);
    std::thread::sleep(Duration::from_millis(300));
    let files = source_files(dir);
    let still_running = child.try_wait().unwrap().is_none();
    ok(&child.wait_with_output().unwrap());
    if still_running {
        assert_eq!(files, ["r6.txt"], "the export saw the last committed state");
    } else {
        eprintln!("note: the import ended before the export; the overlap was not tested");
    }
    assert_eq!(source_files(dir).len(), 3001);
}

/// A small deterministic generator (the seed makes a failure replayable).
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[cfg(unix)]
#[test]
fn kill_9_during_an_import_then_an_export_at_once_succeeds() {
    let seed = env_u64("KORYU_FAULT_SEED", 16);
    let iterations = env_u64("KORYU_FAULT_ITERATIONS", 3);
    let mut state = seed;
    let mut outcomes = [0_u32; 2];
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    many_files(dir, "many", 2000, "");
    for iteration in 0..iterations {
        let _ = std::fs::remove_file(dir.join("koryu.sqlite"));
        ok(&koryu(dir, &["import", "r6.txt"]));
        let delay = next(&mut state) % 2500;
        let mut child = spawn(dir, &["import", "many"]);
        std::thread::sleep(Duration::from_millis(delay));
        let killed = Command::new("kill").args(["-KILL", &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let _ = child.wait();
        let export = koryu(dir, &["export", "--format", "jsonl", "--out", "out"]);
        let context = format!("seed {seed}, iteration {iteration}, kill after {delay} ms");
        assert_eq!(export.status.code(), Some(0), "{context}: {}", stderr(&export));
        let n = source_files(dir).len();
        assert!(n == 1 || n == 2001, "{context}: {n} sources, neither before nor after");
        if let Some(slot) = outcomes.get_mut(usize::from(n != 1)) {
            *slot += 1;
        }
    }
    eprintln!("seed {seed}: {iterations} kills, store as before {} times, as after {}", outcomes[0], outcomes[1]);
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_say_nothing_was_stored() {
    for signal in ["-INT", "-TERM"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        copy_in(dir, &sample_files()[0], "r6.txt");
        ok(&koryu(dir, &["import", "r6.txt"]));
        many_files(dir, "many", 3000, "");
        let child = spawn(dir, &["import", "--verbose", "many"]);
        std::thread::sleep(Duration::from_millis(500));
        assert!(Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap().success());
        let output = child.wait_with_output().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(130), "{signal}: {err}");
        let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            last.contains("interrupted: nothing from this run was stored (") && last.ends_with("parsed)"),
            "{last}"
        );
        assert!(err.contains("parsed many/"), "per-file lines say parsed: {err}");
        assert!(!err.contains("stored:"), "{err}");
        assert_eq!(source_files(dir), ["r6.txt"]);
    }
}

/// Every command that opens `store` fails with exit 2, one sentence
/// containing `says`, and leaves its bytes as they were.
fn refused_untouched(dir: &Path, store: &str, says: &str) {
    let bytes = std::fs::read(dir.join(store)).unwrap();
    copy_in(dir, &sample_files()[0], "r6.txt");
    for args in [
        vec!["import", "--db", store, "r6.txt"],
        vec!["export", "--db", store, "--out", "out"],
        vec!["sources", "--db", store],
        vec!["remove", "--db", store, "r6.txt"],
    ] {
        let output = koryu(dir, &args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says) && err.contains(store), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one sentence: {err}");
        assert_eq!(std::fs::read(dir.join(store)).unwrap(), bytes, "{args:?} left the file as it was");
        assert!(!dir.join(format!("{store}-wal")).exists(), "{args:?}");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.sqlite"), "these are my notes, not a database\n".repeat(40)).unwrap();
    refused_untouched(tmp.path(), "notes.sqlite", "is not a SQLite database");
}

#[test]
fn a_corrupted_store_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    let mut bytes = std::fs::read(dir.join("koryu.sqlite")).unwrap();
    // The header's magic string: SQLite no longer recognises the file.
    bytes.get_mut(..16).unwrap().copy_from_slice(b"not-sqlite-now!\0");
    std::fs::write(dir.join("koryu.sqlite"), &bytes).unwrap();
    refused_untouched(dir, "koryu.sqlite", "is not a SQLite database");
}

#[test]
fn a_foreign_database_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(tmp.path().join("other.sqlite")).unwrap();
    conn.execute_batch("CREATE TABLE sources (id INTEGER); PRAGMA user_version = 3;").unwrap();
    drop(conn);
    refused_untouched(tmp.path(), "other.sqlite", "not a koryu store");
}

#[test]
fn a_store_of_a_future_schema_version_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    let conn = rusqlite::Connection::open(dir.join("koryu.sqlite")).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;").unwrap();
    drop(conn);
    refused_untouched(dir, "koryu.sqlite", "schema version 99");
}

#[test]
fn a_store_in_a_missing_directory_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    let output = koryu(dir, &["import", "--db", "nowhere/koryu.sqlite", "r6.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("the directory nowhere does not exist"), "{err}");
    assert!(!dir.join("nowhere").exists());
}

/// A store written by an older koryu (rollback journal, schema version 2)
/// is upgraded by the first command that opens it and keeps its data.
#[test]
fn an_older_store_is_upgraded_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    let before = data(dir, "before");
    // Back to what version 2 had: no supersession columns, no export or
    // fiscal-year indexes.
    let conn = rusqlite::Connection::open(dir.join("koryu.sqlite")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; ALTER TABLE sources DROP COLUMN superseded_by; \
         ALTER TABLE sources DROP COLUMN superseded_at; DROP INDEX mentions_order; DROP INDEX mentions_source; \
         DROP INDEX diagnostics_order; DROP INDEX diagnostics_source; DROP INDEX mentions_fiscal_year; \
         ALTER TABLE sources DROP COLUMN coverage; PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    assert_eq!(data(dir, "after"), before);
    let conn = rusqlite::Connection::open(dir.join("koryu.sqlite")).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(version, 6);
    // The old source's line coverage is not known; the report says so.
    let unknown: i64 = conn.query_row("SELECT count(*) FROM sources WHERE coverage IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(unknown, 1);
    drop(conn);
    ok(&koryu(dir, &["report", "--out", "r.html"]));
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    assert!(html.contains("<td class=\"n\">—</td>"), "{html}");
    std::fs::write(dir.join("r6.txt"), corrected_table()).unwrap();
    let output = koryu(dir, &["import", "r6.txt"]);
    ok(&output);
    assert!(stderr(&output).contains("replaces r6.txt"), "{}", stderr(&output));
    let conn = rusqlite::Connection::open(dir.join("koryu.sqlite")).unwrap();
    let known: String =
        conn.query_row("SELECT coverage FROM sources WHERE superseded_by IS NULL", [], |r| r.get(0)).unwrap();
    assert!(known.contains("\"structure\""), "{known}");
}

/// An idle store is one file: the WAL is folded back after an import.
#[test]
fn an_idle_store_is_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "r6.txt");
    ok(&koryu(dir, &["import", "r6.txt"]));
    assert!(!dir.join("koryu.sqlite-wal").exists() && !dir.join("koryu.sqlite-shm").exists());
}
