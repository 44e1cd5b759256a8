//! The exit-code contract over the real binary: every command × case, and the table of docs/cli.md built from the runs.
//!
//! `docs/cli.md` holds the table between two markers; this test runs every
//! case, builds the table from what the binary did and fails when the file
//! differs (`INSTA_UPDATE=always`, as `just bless` sets, rewrites it), so the
//! documented codes and messages cannot drift from the binary's.

use crate::cli::{copy_in, koryu, sample_files, stderr};
use crate::stdio::{spawn_piped, with_stdin};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const TABLE_START: &str = "<!-- exit-code-table:start (written by tests/it/exit_codes.rs) -->";
const TABLE_END: &str = "<!-- exit-code-table:end -->";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The message a user sees for a run: the `error:` line if there is one,
/// else import's `files:` summary, else the last line on stderr, else the
/// last line on stdout.
fn message(output: &Output) -> String {
    let err = stderr(output);
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    err.lines()
        .find(|l| l.starts_with("error"))
        .or_else(|| err.lines().find(|l| l.starts_with("files:")))
        .or_else(|| err.lines().rev().find(|l| !l.trim().is_empty()))
        .or_else(|| out.lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// Runs `koryu ARGS` in `dir`, holding stdin open (nothing written), sends
/// SIGINT once the process waits, and returns what it did.
#[cfg(unix)]
fn interrupted(dir: &Path, args: &[&str]) -> Output {
    let mut child = spawn_piped(dir, args);
    // The handler is installed first thing in main; give the process time
    // to get there and block on stdin.
    std::thread::sleep(Duration::from_millis(500));
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stdin = child.stdin.take();
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    output
}

/// The case names, in the table's order, with the exit code the contract
/// gives each.
const CASES: &[(&str, i32)] = &[
    ("success", 0),
    ("findings", 1),
    ("missing file", 2),
    ("unreadable", 2),
    ("empty", 2),
    ("binary", 2),
    ("no supported file", 2),
    ("bad flag", 2),
    ("bad encoding", 2),
    ("interrupt", 130),
];

/// One row: the command line as a user would type it, or why the case does
/// not apply, and what happened.
struct Row {
    command: &'static str,
    case: &'static str,
    line: String,
    /// How the run was done, when the command line does not say it.
    how: &'static str,
    result: Option<(i32, String)>,
}

/// The working directory every case runs in.
fn scene() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "table.txt");
    copy_in(dir, &repo_root().join("fixtures/validate/unbalanced-bracket.txt"), "findings.txt");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("binary.txt"), crate::hostile::inputs::binary_junk()).unwrap();
    std::fs::write(dir.join("empty.sqlite"), "").unwrap();
    std::fs::write(dir.join("binary.sqlite"), crate::hostile::inputs::binary_junk()).unwrap();
    std::fs::create_dir(dir.join("notes")).unwrap();
    std::fs::write(dir.join("notes/README.md"), "not a source").unwrap();
    std::fs::write(dir.join("notes/scan.pdf"), "%PDF-1.4").unwrap();
    #[cfg(unix)]
    {
        // Unreadable for every user, root included: a FIFO is not a regular
        // file (as non-root, a `chmod 000` file gives the same code).
        let made = Command::new("mkfifo").arg(dir.join("pipe.txt")).status().unwrap();
        assert!(made.success());
        std::fs::create_dir(dir.join("store-dir.sqlite")).unwrap();
    }
    let made = koryu(dir, &["import", "--db", "store.sqlite", "table.txt"]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    tmp
}

fn run_rows(dir: &Path) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut run = |command: &'static str, case: &'static str, args: &[&str]| {
        let output = koryu(dir, args);
        let code = output.status.code().unwrap_or(-1);
        rows.push(Row {
            command,
            case,
            line: format!("koryu {}", args.join(" ")),
            how: "",
            result: Some((code, message(&output))),
        });
    };
    for command in ["import", "validate"] {
        run(command, "success", &[command, "table.txt"]);
        run(command, "findings", &[command, "findings.txt"]);
        run(command, "missing file", &[command, "missing.txt"]);
        #[cfg(unix)]
        run(command, "unreadable", &[command, "pipe.txt"]);
        run(command, "empty", &[command, "empty.txt"]);
        run(command, "binary", &[command, "binary.txt"]);
        run(command, "no supported file", &[command, "notes"]);
        run(command, "bad flag", &[command, "--no-such-flag", "table.txt"]);
        run(command, "bad encoding", &[command, "--encoding", "klingon", "table.txt", "findings.txt"]);
    }
    run("export", "success", &["export", "--db", "store.sqlite", "--out", "out"]);
    run("export", "missing file", &["export", "--db", "missing.sqlite", "--out", "out"]);
    #[cfg(unix)]
    run("export", "unreadable", &["export", "--db", "store-dir.sqlite", "--out", "out"]);
    run("export", "empty", &["export", "--db", "empty.sqlite", "--out", "out"]);
    run("export", "binary", &["export", "--db", "binary.sqlite", "--out", "out"]);
    run("export", "bad flag", &["export", "--no-such-flag"]);
    run("export", "bad encoding", &["export", "--encoding", "klingon"]);
    run("date", "success", &["date", "令和2年1月"]);
    run("date", "findings", &["date", "13月"]);
    run("date", "bad flag", &["date", "--no-such-flag", "令和2年1月"]);
    run("date", "bad encoding", &["date", "--encoding", "klingon", "令和2年1月"]);
    for (command, case, args, input) in [
        ("date", "empty", &["date", "-"][..], &b""[..]),
        ("date", "binary", &["date", "-"][..], &crate::hostile::inputs::binary_junk()[..]),
    ] {
        let output = with_stdin(dir, args, input);
        let code = output.status.code().unwrap_or(-1);
        let line = format!("koryu {} < {}", args.join(" "), if input.is_empty() { "/dev/null" } else { "binary.txt" });
        rows.push(Row { command, case, line, how: "", result: Some((code, message(&output))) });
    }
    #[cfg(unix)]
    for (command, args) in [
        ("import", &["import", "-", "--name", "stdin.txt"][..]),
        ("validate", &["validate", "-", "--name", "stdin.txt"][..]),
        ("date", &["date", "-"][..]),
    ] {
        let output = interrupted(dir, args);
        let line = format!("koryu {}", args.join(" "));
        let how = " (SIGINT while it waits on stdin)";
        rows.push(Row {
            command,
            case: "interrupt",
            line,
            how,
            result: Some((output.status.code().unwrap_or(-1), message(&output))),
        });
    }
    let not_applicable = [
        ("export", "findings", "export has no diagnostics: it writes the store as it is"),
        ("export", "no supported file", "export reads the store, not source files"),
        ("export", "interrupt", "the same handler exits 130; export is too quick to catch reliably here"),
        ("date", "missing file", "date resolves expressions, not files (`-` reads stdin)"),
        ("date", "unreadable", "date resolves expressions, not files (`-` reads stdin)"),
        ("date", "no supported file", "date resolves expressions, not files"),
    ];
    for (command, case, why) in not_applicable {
        rows.push(Row { command, case, line: format!("n/a: {why}"), how: "", result: None });
    }
    let order = |row: &Row| {
        let command = ["import", "validate", "export", "date"].iter().position(|c| *c == row.command);
        let case = CASES.iter().position(|(c, _)| *c == row.case);
        (command, case)
    };
    rows.sort_by_key(order);
    rows
}

/// A table cell in a code span: `|` escaped, tabs shown as `\t`, and
/// double backticks so the messages' own backticks stay inside.
fn code_cell(text: &str) -> String {
    format!("`` {} ``", text.replace('|', "\\|").replace('\t', "\\t"))
}

fn table(rows: &[Row]) -> String {
    let mut text = String::from("| command | case | run | exit | message |\n|---|---|---|---|---|\n");
    for row in rows {
        let (code, message) = match &row.result {
            Some((code, message)) => (code.to_string(), code_cell(message)),
            None => ("—".to_owned(), String::new()),
        };
        let run = if row.result.is_some() { format!("{}{}", code_cell(&row.line), row.how) } else { row.line.clone() };
        text.push_str(&format!("| {} | {} | {run} | {code} | {message} |\n", row.command, row.case));
    }
    text
}

/// Every case gives the contract's code, and docs/cli.md shows exactly
/// these runs.
#[test]
fn every_command_and_case_follows_the_contract_and_docs_show_it() {
    let tmp = scene();
    let rows = run_rows(tmp.path());
    for row in &rows {
        let Some((code, message)) = &row.result else { continue };
        let expected = CASES.iter().find(|(c, _)| *c == row.case).map(|(_, code)| *code).unwrap();
        assert_eq!(*code, expected, "{} {}: `{}` → {message}", row.command, row.case, row.line);
        assert!(!message.is_empty(), "{} {} says nothing", row.command, row.case);
        assert!(!message.contains(&tmp.path().display().to_string()), "messages name paths as given: {message}");
    }
    // Each usage error is reported once, not once per file.
    let bad_encoding = rows.iter().find(|r| r.command == "validate" && r.case == "bad encoding").unwrap();
    assert!(bad_encoding.result.as_ref().unwrap().1.contains("klingon"));
    let output = koryu(tmp.path(), &["validate", "--encoding", "klingon", "table.txt", "findings.txt"]);
    assert_eq!(stderr(&output).lines().filter(|l| l.contains("klingon")).count(), 1, "{}", stderr(&output));
    // "no supported file" names what was skipped.
    let skipped = rows.iter().find(|r| r.command == "import" && r.case == "no supported file").unwrap();
    let message = &skipped.result.as_ref().unwrap().1;
    assert!(message.contains("notes/README.md") && message.contains("notes/scan.pdf"), "{message}");

    let table = table(&rows);
    let path = repo_root().join("docs/cli.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(start), Some(end)) = (doc.find(TABLE_START), doc.find(TABLE_END)) else {
        panic!("docs/cli.md lacks the table markers {TABLE_START} … {TABLE_END}");
    };
    let current = doc.get(start + TABLE_START.len()..end).unwrap().trim();
    if current != table.trim() {
        if std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always") {
            let updated = format!("{}{TABLE_START}\n{table}{}", doc.get(..start).unwrap(), doc.get(end..).unwrap());
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!("docs/cli.md's exit-code table differs from the binary; rerun with INSTA_UPDATE=always and read the diff.\nnew table:\n{table}");
        }
    }
}

/// The real table 002 has two errors its user cannot fix: `--allow` for
/// their codes (or `--allow-from` for their places) makes import exit 0,
/// and they are still stored.
#[test]
fn corpus_002_imports_with_its_known_defects_allowed() {
    let Some(original) = crate::support::corpus_file("002_50f43a119dd1936c.txt") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = original.display().to_string();
    let plain = koryu(dir, &["import", "--db", "plain.sqlite", &file]);
    assert_eq!(plain.status.code(), Some(1), "{}", stderr(&plain));
    assert!(stderr(&plain).contains("errors: 2 ·"), "{}", stderr(&plain));

    let allowed =
        koryu(dir, &["import", "--db", "allowed.sqlite", "--allow", "total-mismatch,unbalanced-bracket", &file]);
    let err = stderr(&allowed);
    assert_eq!(allowed.status.code(), Some(0), "{err}");
    assert!(err.contains("errors: 2 (2 allowed)"), "{err}");
    let export = koryu(dir, &["export", "--db", "allowed.sqlite", "--format", "jsonl", "--out", "out"]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let diagnostics = crate::cli::read_jsonl(&dir.join("out/diagnostics.jsonl"));
    let mut errors: Vec<(&str, u64)> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    errors.sort_unstable();
    assert_eq!(errors, [("total-mismatch", 28), ("unbalanced-bracket", 254)], "allowed errors are still stored");

    // Only one of the two allowed: still 1.
    let half = koryu(dir, &["import", "--db", "half.sqlite", "--allow", "total-mismatch", &file]);
    assert_eq!(half.status.code(), Some(1), "{}", stderr(&half));

    // By place: the file's name and line, as a list kept next to the data.
    std::fs::write(
        dir.join("known-defects.txt"),
        "# 002: the Ministry's own errors\ntotal-mismatch:002_50f43a119dd1936c.txt:28\nunbalanced-bracket:002_50f43a119dd1936c.txt:254\n",
    )
    .unwrap();
    let from = koryu(dir, &["import", "--db", "from.sqlite", "--allow-from", "known-defects.txt", &file]);
    assert_eq!(from.status.code(), Some(0), "{}", stderr(&from));
    // A line that moved is not allowed any more.
    std::fs::write(dir.join("moved.txt"), "total-mismatch:002_50f43a119dd1936c.txt:29\nunbalanced-bracket\n").unwrap();
    let moved = koryu(dir, &["validate", "--allow-from", "moved.txt", &file]);
    assert_eq!(moved.status.code(), Some(1));
    let out = String::from_utf8_lossy(&moved.stdout);
    assert_eq!(out.matches("note: allowed").count(), 1, "only the bracket is allowed:\n{out}");
    assert!(out.contains("(1 allowed)"), "{out}");
}

/// `--allow-from` lines are checked before anything runs: a bad one is a
/// usage error that names its file and line.
#[test]
fn a_bad_allow_from_file_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &sample_files()[0], "table.txt");
    std::fs::write(dir.join("allow.txt"), "likely-typo\nlikely_typo:table.txt\n").unwrap();
    for command in ["import", "validate"] {
        let output = koryu(dir, &[command, "--allow-from", "allow.txt", "table.txt"]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("allow.txt:2: unknown diagnostic code `likely_typo`"), "{}", stderr(&output));
        let output = koryu(dir, &[command, "--allow-from", "nope.txt", "table.txt"]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("cannot read the --allow-from file nope.txt"), "{}", stderr(&output));
    }
    assert!(!dir.join("koryu.sqlite").exists(), "a usage error touches no store");
}

/// `--deny` raises a warning to exit 1 under import too; `--allow` of the
/// same code wins.
#[test]
fn deny_raises_and_allow_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_in(dir, &repo_root().join("fixtures/validate/likely-typo.txt"), "typo.txt");
    let output = koryu(dir, &["import", "--db", "a.sqlite", "typo.txt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = koryu(dir, &["import", "--db", "b.sqlite", "--deny", "likely-typo", "typo.txt"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = koryu(dir, &["validate", "--deny", "likely-typo", "--allow", "likely-typo", "typo.txt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A missing file is 2 under every command that reads one.
#[test]
fn a_missing_file_is_2_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for args in [
        &["import", "missing.txt"][..],
        &["validate", "missing.txt"][..],
        &["export", "--db", "missing.sqlite"][..],
        &["import", "--allow-from", "missing.txt", "missing.txt"][..],
    ] {
        let output = koryu(dir, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("missing."), "{args:?}: {}", stderr(&output));
    }
}

/// Ctrl-C in the middle of an import's files: the run stops at the next
/// file, exits 130 and stores nothing of itself (the transaction is rolled
/// back), while what an earlier run stored stays.
#[cfg(unix)]
#[test]
fn an_interrupted_import_stores_nothing_of_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let earlier = copy_in(dir, &sample_files()[1], "earlier.txt");
    assert_eq!(koryu(dir, &["import", &earlier]).status.code(), Some(0));
    // 600 different files (a table shifted by blank lines, ten copies of it
    // each: one copy took under 400 ms once the parser got faster) take
    // seconds in a debug build; the signal comes after a fraction of that.
    let text = std::fs::read_to_string(&sample_files()[0]).unwrap().repeat(10);
    std::fs::create_dir(dir.join("many")).unwrap();
    for copy in 1..=600 {
        std::fs::write(dir.join(format!("many/c{copy:03}.txt")), format!("{}{text}", "\n".repeat(copy))).unwrap();
    }
    let child = spawn_piped(dir, &["import", "many"]);
    let started = std::time::Instant::now();
    std::thread::sleep(Duration::from_millis(400));
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(130), "after {:?}: {err}", started.elapsed());
    assert!(err.contains("interrupted: nothing from this run was stored"), "{err}");
    let [mentions, _, sources, _] = crate::cli::export_jsonl(dir, "out");
    let files: Vec<&str> = sources.iter().map(|s| s["source_file"].as_str().unwrap()).collect();
    assert_eq!(files, ["earlier.txt"], "only the earlier run's source");
    assert!(mentions.iter().all(|m| m["source_file"] == "earlier.txt"));
}
