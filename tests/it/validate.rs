//! `koryu validate`: one fixture per diagnostic code, human rendering, exit codes, and the diagnostics of corpus file 002.

use crate::support::corpus_file;
use koryu_model::{Code, Diagnostic, Severity};
use koryu_parse::{parse_source, SourceMeta};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Diagnostics of one file as `parse_source` gives them (import sees the same).
fn diagnostics_of(path: &Path) -> Vec<Diagnostic> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.strip_prefix(repo_root()).unwrap_or(path).display().to_string();
    let meta = SourceMeta { source_file: name, ..SourceMeta::default() };
    let mut diagnostics = parse_source(&bytes, &meta).unwrap().diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.column, d.code));
    diagnostics
}

/// The code a fixture is named after: `total-mismatch-budget.txt` → total-mismatch.
fn code_of_fixture(path: &Path) -> Code {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    Code::ALL
        .iter()
        .copied()
        .filter(|code| stem.starts_with(code.as_str()))
        .max_by_key(|code| code.as_str().len())
        .unwrap_or_else(|| panic!("fixture {stem} is not named after a diagnostic code"))
}

#[test]
fn each_fixture_reports_its_code() {
    insta::glob!("../../fixtures/validate", "*.{txt,csv}", |path| {
        let code = code_of_fixture(path);
        let relative = path.strip_prefix(repo_root()).unwrap().to_str().unwrap();
        let (_, stdout, stderr) = koryu(&["validate", "--format", "json", relative]);
        // unparsed-text has its own fixture; elsewhere it would only pin the
        // extractor's coverage, which other tests own.
        // Snapshots pin schema.md's fields: the extras validate adds for
        // tools (help, end_line, … ; tests/it/scripting.rs) and the summary
        // line are cut off.
        let shown: Vec<String> = stdout
            .lines()
            .filter(|line| !line.starts_with(r#"{"summary":"#))
            .filter(|line| code == Code::UnparsedText || !line.contains(r#""code":"unparsed-text""#))
            .map(|line| line.split_once(r#","help":"#).map_or(line.to_owned(), |(head, _)| format!("{head}}}")))
            .collect();
        insta::assert_snapshot!(shown.join("\n"));
        if code == Code::EditionDrop {
            // Import-only: it compares with the earlier edition in the store.
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("koryu.sqlite");
            let db = db.to_str().unwrap();
            let earlier = koryu(&["import", "--db", db, "fixtures/structure/edition-drop-earlier.txt"]);
            assert_eq!(earlier.0, 0, "{}", earlier.2);
            let (_, _, stderr) = koryu(&["import", "--db", db, relative]);
            assert!(stderr.contains("warning: edition-drop:"), "{relative} does not report edition-drop:\n{stderr}");
            return;
        }
        assert!(
            stdout.contains(&format!(r#""code":"{}""#, code.as_str())),
            "{relative} does not report {}:\n{stdout}{stderr}",
            code.as_str()
        );
    });
}

#[test]
fn every_code_has_a_fixture_and_a_doc_entry() {
    let docs = std::fs::read_to_string(repo_root().join("docs/diagnostics.md")).unwrap();
    for code in Code::ALL {
        assert!(docs.contains(&format!("## `{}`", code.as_str())), "docs/diagnostics.md lacks {}", code.as_str());
        // A code only a CSV or sheet can give has a .csv fixture.
        let fixture = ["txt", "csv"]
            .iter()
            .map(|ext| repo_root().join(format!("fixtures/validate/{}.{ext}", code.as_str())))
            .find(|path| path.exists());
        assert!(fixture.is_some(), "no fixture fixtures/validate/{}.txt or .csv", code.as_str());
    }
}

/// Runs the binary in the repository root with colours off.
fn koryu(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_koryu"))
        .args(args)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn cli_snapshot(args: &[&str]) -> String {
    let (code, stdout, stderr) = koryu(args);
    format!("exit_code: {code}\n----- stdout -----\n{stdout}----- stderr -----\n{stderr}")
}

#[test]
fn renders_like_a_compiler() {
    insta::assert_snapshot!("human_likely_typo", cli_snapshot(&["validate", "fixtures/validate/likely-typo.txt"]));
    insta::assert_snapshot!(
        "human_unbalanced_bracket",
        cli_snapshot(&["validate", "fixtures/validate/unbalanced-bracket.txt"])
    );
    insta::assert_snapshot!(
        "human_total_mismatch",
        cli_snapshot(&["validate", "fixtures/validate/total-mismatch-budget.txt"])
    );
}

#[test]
fn json_is_one_diagnostic_per_line_with_schema_fields() {
    let (code, stdout, stderr) = koryu(&["validate", "--format", "json", "fixtures/validate/likely-typo.txt"]);
    assert!(stderr.contains("coverage fixtures/validate/likely-typo.txt:"), "{stderr}");
    assert!(!stdout.is_empty());
    // Diagnostics, then one `{"summary": …}` line (tests/it/scripting.rs).
    let (summary, diagnostics) =
        stdout.trim_end().lines().collect::<Vec<_>>().split_last().map(|(s, d)| (*s, d.to_vec())).unwrap();
    assert!(summary.starts_with(r#"{"summary":"#), "{summary}");
    assert!(!diagnostics.is_empty());
    for line in diagnostics {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        // schema.md's fields, then what validate adds for tools.
        let mut expected = ["code", "column", "excerpt", "line", "message", "severity", "source_file"].to_vec();
        expected.extend(["help", "end_line", "end_column", "allowed"]);
        let mut sorted = expected.clone();
        sorted.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, sorted);
    }
    assert!(stdout.contains(r#""line":7,"column":18,"severity":"warning","code":"likely-typo""#), "{stdout}");
    assert!(stdout.contains(r#""help":"プノンペン","end_line":7,"end_column":23,"allowed":false}"#), "{stdout}");
    assert_eq!(code, 0, "likely-typo is a warning");
}

#[test]
fn exit_codes_follow_severity_strict_and_deny() {
    let warn_only = "fixtures/validate/likely-typo.txt";
    let error = "fixtures/validate/unbalanced-bracket.txt";
    let only_warnings_here = koryu(&["validate", "--format", "json", warn_only]);
    let has_error = only_warnings_here.1.lines().any(|l| l.contains(r#""severity":"error""#));
    assert_eq!(only_warnings_here.0, if has_error { 1 } else { 0 });
    assert_eq!(koryu(&["validate", error]).0, 1);
    assert_eq!(koryu(&["validate", "--strict", warn_only]).0, 1);
    let denied = koryu(&["validate", "--format", "json", "--deny", "likely-typo", warn_only]);
    assert_eq!(denied.0, 1);
    assert!(denied.1.contains(r#""severity":"error","code":"likely-typo""#), "{}", denied.1);
    let (code, _, stderr) = koryu(&["validate", "--deny", "no-such-code", warn_only]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = koryu(&["validate", "fixtures/validate/no-such-file.txt", warn_only]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
}

#[test]
fn directories_are_walked() {
    let (_, stdout, _) = koryu(&["validate", "fixtures/validate"]);
    let n_fixtures = std::fs::read_dir(repo_root().join("fixtures/validate"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "txt" || x == "csv"))
        .count();
    assert_eq!(
        stdout.matches("\ncoverage fixtures/validate/").count() + usize::from(stdout.starts_with("coverage ")),
        n_fixtures
    );
    assert!(stdout.contains(&format!("validated {n_fixtures} files:")), "{stdout}");
}

#[test]
fn corpus_002_diagnostics() {
    let Some(path) = corpus_file("002_50f43a119dd1936c.txt") else { return };
    let diagnostics = diagnostics_of(&path);
    let found: Vec<(Code, u32)> = diagnostics.iter().map(|d| (d.code, d.line)).collect();
    // What a careful reader finds wrong in 002, at its line.
    for expected in [
        (Code::TotalMismatch, 28),
        (Code::LikelyTypo, 248),
        (Code::UnbalancedBracket, 254),
        (Code::YearContradictsSection, 282),
    ] {
        assert!(found.contains(&expected), "002 lacks {expected:?}: {found:?}");
    }
    // The budget total: only 令和2年度 executed (613 against 145); 令和4年度
    // initial 600 against 599 is rounding.
    let totals: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == Code::TotalMismatch).collect();
    assert_eq!(totals.len(), 1, "{totals:#?}");
    assert!(totals[0].message.contains("613") && totals[0].message.contains("145"), "{}", totals[0].message);
    let year = diagnostics.iter().find(|d| d.code == Code::YearContradictsSection).unwrap();
    assert_eq!(year.excerpt, "令和元年度");
    let typo = diagnostics.iter().find(|d| d.code == Code::LikelyTypo).unwrap();
    assert_eq!((typo.column, typo.excerpt.as_str(), typo.help.as_deref()), (18, "ブノンベン", Some("プノンペン")));
    // No error on a correct line: the errors are exactly the two defects.
    let errors: Vec<(Code, u32)> =
        diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.code, d.line)).collect();
    assert_eq!(errors, vec![(Code::TotalMismatch, 28), (Code::UnbalancedBracket, 254)]);
    // Pin everything else by code and line.
    let pinned: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.code != Code::UnparsedText)
        .map(|d| {
            format!("{}:{} {} {}", d.line, d.column, d.code.as_str(), d.excerpt.chars().take(30).collect::<String>())
        })
        .collect();
    insta::assert_snapshot!(pinned.join("\n"));
}
