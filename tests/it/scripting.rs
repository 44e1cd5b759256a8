//! For scripts: `KORYU_DB`, `--quiet`, `--verbose`, `import --json` and `validate --format json` summaries parsed back, `import --dry-run`.

use crate::cli::{copy_in, export_jsonl, sample_files, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn koryu_env(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koryu"))
        .current_dir(dir)
        .args(args)
        .env_remove("KORYU_DB")
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .output()
        .unwrap()
}

fn koryu(dir: &Path, args: &[&str]) -> Output {
    koryu_env(dir, args, &[])
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/validate").join(name)
}

#[test]
fn koryu_db_names_the_store_for_import_and_export() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let name = copy_in(dir, &sample_files()[0], "table.txt");
    let vars = [("KORYU_DB", "env.sqlite")];
    let output = koryu_env(dir, &["import", &name], &vars);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("env.sqlite").is_file() && !dir.join("koryu.sqlite").exists());
    let output = koryu_env(dir, &["export", "--table", "sources", "--out", "-"], &vars);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"source_file\":\"table.txt\""));
    // --db wins over the variable.
    let output = koryu_env(dir, &["import", "--db", "flag.sqlite", &name], &vars);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("flag.sqlite").is_file());
    // Without it, export looks for ./koryu.sqlite and says so.
    let output = koryu(dir, &["export", "--out", "-", "--table", "events"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no store at koryu.sqlite"), "{}", stderr(&output));
    // The help names the variable.
    let help = koryu(dir, &["import", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("KORYU_DB"));
}

#[test]
fn quiet_prints_errors_only_and_verbose_one_line_per_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good = copy_in(dir, &sample_files()[0], "good.txt");
    let bad = copy_in(dir, &fixture("unbalanced-bracket.txt"), "bad.txt");
    let bad2 = copy_in(dir, &fixture("total-mismatch-budget.txt"), "bad2.txt");
    let output = koryu(dir, &["--quiet", "import", &good]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty() && output.stdout.is_empty(), "{}", stderr(&output));
    let output = koryu(dir, &["import", "-q", "missing.txt", &bad]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        "error: cannot read missing.txt; skipped: No such file or directory (os error 2)"
    );

    // Without --verbose the files with errors are one line; with it, one each.
    let output = koryu(dir, &["import", "--db", "b.sqlite", &bad, &bad2]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("2 files have error diagnostics: `koryu validate bad.txt bad2.txt` shows them"),
        "{}",
        stderr(&output)
    );
    let output = koryu(dir, &["import", "--db", "c.sqlite", "--verbose", &bad, &bad2]);
    let err = stderr(&output);
    assert!(err.contains("bad.txt: 2 error diagnostic(s)") && err.contains("bad2.txt: "), "{err}");
    assert!(!err.contains("2 files have"), "{err}");

    // validate --quiet: only what fails the run, no coverage or total.
    let output = koryu(dir, &["validate", "--quiet", &bad, &good]);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(out.matches("error[unbalanced-bracket]").count(), 2, "{out}");
    assert!(!out.contains("coverage") && !out.contains("validated"), "{out}");
    let output = koryu(dir, &["export", "-q", "--db", "b.sqlite", "--out", "out"]);
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn import_json_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let files: Vec<String> = sample_files().iter().map(|p| p.display().to_string()).collect();
    let bad = copy_in(dir, &fixture("unbalanced-bracket.txt"), "bad.txt");
    let mut args = vec!["import", "--json"];
    args.extend(files.iter().map(String::as_str));
    args.push(&bad);
    let output = koryu(dir, &args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "one object: {stdout}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    let [mentions, events, _, diagnostics] = export_jsonl(dir, "out");
    assert_eq!(summary["files"], serde_json::json!({"imported": 3, "already_imported": 0, "failed": 0, "refused": 0}));
    assert_eq!(summary["mentions"], mentions.len());
    assert_eq!(summary["new_events"], events.len());
    assert_eq!(summary["events_total"], events.len());
    assert_eq!(summary["merged"], mentions.len() - events.len());
    assert_eq!(summary["by_severity"]["error"], 2);
    assert_eq!(summary["by_code"]["unbalanced-bracket"], 2);
    let n_by_code: u64 = summary["by_code"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(n_by_code, diagnostics.len() as u64, "by_code counts every stored diagnostic");
    assert_eq!(summary["files_with_errors"], serde_json::json!(["bad.txt"]));
    assert_eq!((summary["dry_run"].clone(), summary["exit_code"].clone()), (Value::from(false), Value::from(1)));
    assert!(summary["elapsed_ms"].is_u64());

    // Allowed: the same counts, exit 0.
    let again = koryu(dir, &["import", "--json", "--db", "allowed.sqlite", "--allow", "unbalanced-bracket", &bad]);
    let summary: Value = serde_json::from_str(&String::from_utf8_lossy(&again.stdout)).unwrap();
    assert_eq!((summary["allowed"].clone(), summary["exit_code"].clone()), (Value::from(2), Value::from(0)));
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn validate_json_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let bad = copy_in(dir, &fixture("unbalanced-bracket.txt"), "bad.txt");
    let typo = copy_in(dir, &fixture("likely-typo.txt"), "typo.txt");
    let output = koryu(dir, &["validate", "--format", "json", "--allow", "likely-typo", &bad, &typo, "missing.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (summary, diagnostics) = lines.split_last().unwrap();
    let summary = &summary["summary"];
    assert_eq!(summary["files"], 2);
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["exit_code"], 2);
    assert_eq!(summary["allowed"], 1);
    let n_by_code: u64 = summary["by_code"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(n_by_code, diagnostics.len() as u64);
    assert_eq!(summary["by_severity"]["error"], 2);
    let typo = diagnostics.iter().find(|d| d["code"] == "likely-typo").unwrap();
    // ブノンベン: five characters from column 18.
    assert_eq!(
        (typo["help"].as_str(), &typo["end_line"], &typo["end_column"]),
        (Some("プノンペン"), &Value::from(7), &Value::from(23))
    );
    assert_eq!(typo["allowed"], true);
    assert!(diagnostics.iter().filter(|d| d["code"] == "unbalanced-bracket").all(|d| d["allowed"] == false));
}

#[test]
fn dry_run_reports_without_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let first = copy_in(dir, &sample_files()[0], "first.txt");
    let second = copy_in(dir, &sample_files()[1], "second.txt");
    // No store yet: none is created.
    let output = koryu(dir, &["import", "--dry-run", "--json", &first]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!dir.join("koryu.sqlite").exists(), "a dry run creates no store");
    assert!(stderr(&output).starts_with("dry run, nothing written: files: 1 imported"), "{}", stderr(&output));

    assert_eq!(koryu(dir, &["import", &first]).status.code(), Some(0));
    let before = std::fs::read(dir.join("koryu.sqlite")).unwrap();
    let dry = koryu(dir, &["import", "--dry-run", "--json", &first, &second]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert_eq!(std::fs::read(dir.join("koryu.sqlite")).unwrap(), before, "the store is byte for byte unchanged");
    let dry: Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["files"]["already_imported"], 1);
    // The real run then does what the dry run said.
    let real = koryu(dir, &["import", "--json", &first, &second]);
    let real: Value = serde_json::from_slice(&real.stdout).unwrap();
    for key in ["files", "mentions", "new_events", "merged", "events_total", "by_code"] {
        assert_eq!(dry[key], real[key], "{key}");
    }
    assert!(real["merged"].as_u64().unwrap() > 0, "fiscal year 2023 is in both samples");
}

/// A re-run over many files says "already imported" once, naming a few;
/// `--verbose` gives each file's line.
#[test]
fn already_imported_files_are_collected_into_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = std::fs::read_to_string(&sample_files()[0]).unwrap();
    let names: Vec<String> = (1..=7)
        .map(|copy| {
            let name = format!("c{copy}.txt");
            std::fs::write(dir.join(&name), format!("{}{text}", "\n".repeat(copy))).unwrap();
            name
        })
        .collect();
    let mut args = vec!["import", "--keep-both"];
    args.extend(names.iter().map(String::as_str));
    assert_eq!(koryu(dir, &args).status.code(), Some(0));
    let again = koryu(dir, &args);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(0), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("already imported")).count(), 1, "{err}");
    assert!(err.contains("already imported: c1.txt, c2.txt, c3.txt, c4.txt, c5.txt and 2 more (7 files"), "{err}");
    args.insert(1, "--verbose");
    let verbose = koryu(dir, &args);
    let err = stderr(&verbose);
    assert_eq!(err.lines().filter(|l| l.starts_with("already imported: c")).count(), 7, "{err}");
    assert!(err.contains("already imported: c7.txt (sha256 "), "{err}");
}
