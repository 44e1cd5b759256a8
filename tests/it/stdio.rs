//! stdin and stdout over the real binary: `import -` and `validate -` with `--name`, `export --table T --out -`.

use crate::cli::{copy_in, export_jsonl, koryu, sample_files, stderr};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// `koryu ARGS` started in `dir` with stdin, stdout and stderr piped.
pub(crate) fn spawn_piped(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_koryu"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs `koryu ARGS` in `dir` with `input` on stdin.
pub(crate) fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = spawn_piped(dir, args);
    let mut stdin = child.stdin.take().unwrap();
    // A run refused before it reads stdin (a usage error) closes the pipe
    // first; what the test checks is the exit code and message, not the write.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn import_reads_stdin_under_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let bytes = std::fs::read(&sample_files()[0]).unwrap();
    let output = with_stdin(dir, &["import", "-", "--name", "r6.txt"], &bytes);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("files: 1 imported"), "{}", stderr(&output));
    let [mentions, _, sources, _] = export_jsonl(dir, "out");
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["source_file"], "r6.txt");
    assert!(!mentions.is_empty() && mentions.iter().all(|m| m["source_file"] == "r6.txt"));
    // The same bytes from disk are the same source (keyed by sha256).
    let name = copy_in(dir, &sample_files()[0], "on-disk.txt");
    let again = koryu(dir, &["import", &name]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("already imported: on-disk.txt") && stderr(&again).contains("first imported as r6.txt")
    );
    // Empty stdin is an empty input: 2, nothing stored.
    let empty = with_stdin(dir, &["import", "-", "--name", "void.txt"], b"");
    assert_eq!(empty.status.code(), Some(2), "{}", stderr(&empty));
    assert!(stderr(&empty).contains("void.txt is empty"), "{}", stderr(&empty));
}

#[test]
fn stdin_needs_a_name_and_a_name_needs_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for command in ["import", "validate"] {
        let output = with_stdin(dir, &[command, "-"], b"x");
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("reading stdin (`-`) needs --name NAME"), "{}", stderr(&output));
        let output = koryu(dir, &[command, "--name", "x.txt", "missing.txt"]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("--name x.txt names stdin, but no `-` is among the paths"),
            "{}",
            stderr(&output)
        );
        let output = with_stdin(dir, &[command, "-", "-", "--name", "x.txt"], b"x");
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("only once"), "{}", stderr(&output));
    }
    assert!(!dir.join("koryu.sqlite").exists(), "a usage error creates no store");
}

#[test]
fn validate_reads_stdin_under_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/validate/likely-typo.txt");
    let bytes = std::fs::read(fixture).unwrap();
    let output = with_stdin(tmp.path(), &["validate", "-", "--name", "typo.txt"], &bytes);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.contains("--> typo.txt:7:18"), "{out}");
    assert!(out.contains("coverage typo.txt:"), "{out}");
    let json = with_stdin(tmp.path(), &["validate", "-", "--name", "typo.txt", "--format", "json"], &bytes);
    assert!(stdout(&json).contains(r#""source_file":"typo.txt","line":7"#), "{}", stdout(&json));
}

#[test]
fn export_writes_one_table_to_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let name = copy_in(dir, &sample_files()[0], "table.txt");
    assert_eq!(koryu(dir, &["import", &name]).status.code(), Some(0));
    let [_, events, _, _] = export_jsonl(dir, "files");

    let output = koryu(dir, &["export", "--table", "events", "--out", "-"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines, events, "stdout holds the same rows as events.jsonl");
    assert!(
        stderr(&output).contains(&format!("wrote events to stdout ({} rows)", events.len())),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("-").exists(), "no folder named -");

    let csv = koryu(dir, &["export", "--format", "csv", "--table", "sources", "--out", "-"]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let text = stdout(&csv);
    assert!(text.starts_with("source_sha256,source_file,"), "{text}");
    assert_eq!(text.lines().count(), 2, "header and one source: {text}");

    // --table with a folder writes that table only.
    let one = koryu(dir, &["export", "--table", "sources", "--out", "only"]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let names: Vec<String> = std::fs::read_dir(dir.join("only"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["sources.jsonl"]);

    for (args, message) in [
        (&["export", "--out", "-"][..], "name it with --table"),
        (&["export", "--format", "datapackage", "--table", "events", "--out", "-"][..], "--out - writes one table"),
        (&["export", "--format", "datapackage", "--table", "events"][..], "a data package holds every table"),
        (&["export", "--table", "nope", "--out", "-"][..], "possible values: mentions, events, sources, diagnostics"),
    ] {
        let output = koryu(dir, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
    }
    assert!(!dir.join("-").exists());
}

/// A reader that stops early (`| head`) is not an error.
#[cfg(unix)]
#[test]
fn a_closed_stdout_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // More than a pipe's buffer (64 KiB) of mentions, so the writer meets
    // the closed pipe: copies of one table, each shifted by blank lines.
    let text = std::fs::read_to_string(&sample_files()[0]).unwrap();
    let mut args = vec!["import".to_owned(), "--keep-both".to_owned()];
    for copy in 1..=40 {
        let name = format!("copy{copy}.txt");
        std::fs::write(dir.join(&name), format!("{}{text}", "\n".repeat(copy))).unwrap();
        args.push(name);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(koryu(dir, &args).status.code(), Some(0));
    let full = koryu(dir, &["export", "--table", "mentions", "--out", "-"]);
    assert!(full.stdout.len() > 128 * 1024, "only {} bytes", full.stdout.len());
    let script = format!(
        "'{}' export --table mentions --out - | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_koryu")
    );
    let output = Command::new("bash").current_dir(dir).args(["-c", &script]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("error"), "{}", stderr(&output));
}
