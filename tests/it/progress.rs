//! Import's and export's progress bars, checked on a pseudo-terminal (util-linux `script`): each phase is drawn, nothing is left on the screen, and nothing at all is drawn on a pipe or with `--quiet`.

use crate::cli::{copy_in, sample_files, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

fn has_script() -> bool {
    let found = Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "`script` (util-linux) is needed for the terminal tests");
        eprintln!("note: skipping, no `script` to make a pseudo-terminal");
    }
    found
}

/// Runs `koryu ARGS` in `dir` on a pseudo-terminal and returns everything
/// it drew (stdout and stderr both go to the terminal).
fn on_terminal(dir: &Path, args: &[&str]) -> String {
    let line = std::iter::once(env!("CARGO_BIN_EXE_koryu"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let output = Command::new("script")
        .current_dir(dir)
        .args(["-qec", &line, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The screen a terminal shows after `raw`: `\r` returns to the line's
/// start, `ESC[2K` / `ESC[K` clear it, `\n` ends it; other escape
/// sequences (colours) draw nothing.
fn screen(raw: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => lines.push(std::mem::take(&mut current)),
            '\r' => {
                // A carriage return followed by text overwrites; the bar
                // always clears first, which is what the test relies on.
                if chars.peek() == Some(&'\n') {
                    continue;
                }
                if chars.peek() != Some(&'\u{1b}') {
                    current.clear();
                }
            }
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                let mut sequence = String::new();
                for c in chars.by_ref() {
                    sequence.push(c);
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
                if sequence == "2K" || sequence == "K" || sequence == "0K" {
                    current.clear();
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn inputs(dir: &Path) -> Vec<String> {
    let mut names = vec![copy_in(dir, &sample_files()[0], "a.txt"), copy_in(dir, &sample_files()[1], "b.txt")];
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/validate/unbalanced-bracket.txt");
    names.push(copy_in(dir, &fixture, "c.txt"));
    names
}

#[cfg(unix)]
#[test]
fn each_phase_is_drawn_and_nothing_is_left_behind() {
    if !has_script() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let names = inputs(dir);
    // missing.txt fails before parsing starts: the bar counts 3 files.
    let mut args = vec!["import"];
    args.extend(names.iter().map(String::as_str));
    args.push("missing.txt");
    let raw = on_terminal(dir, &args);
    for drawn in ["parse", "0/3 files", "3/3 files", "/s", "ETA", "dedup", "recomputing events", "store", "committing"]
    {
        assert!(raw.contains(drawn), "`{drawn}` was never drawn:\n{raw:?}");
    }
    // The phases come in order.
    let at = |text: &str| raw.find(text).unwrap();
    assert!(at("parse") < at("dedup") && at("dedup") < at("committing"), "{raw:?}");
    let screen = screen(&raw);
    let text = screen.join("\n");
    for line in &screen {
        let bar = ["parse ", "dedup ", "store "].iter().any(|p| line.starts_with(p))
            || line.contains("committing")
            || line.contains("ETA");
        assert!(!bar, "the bar is left on the screen: {line}\n{text}");
    }
    // What stays: the error, the collected notice and the summary, each
    // once, in this order.
    let error = screen.iter().position(|l| l.starts_with("error: cannot read missing.txt")).expect(&text);
    let notice = screen.iter().position(|l| l.starts_with("1 file has error diagnostics")).expect(&text);
    let summary = screen.iter().position(|l| l.starts_with("files: 3 imported")).expect(&text);
    assert!(error < notice && notice < summary, "{text}");
    assert_eq!(screen.iter().filter(|l| l.contains("koryu validate")).count(), 1, "{text}");
}

#[cfg(unix)]
#[test]
fn quiet_draws_nothing_and_a_pipe_gets_no_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let names = inputs(dir);
    let mut args = vec!["import", "--db", "piped.sqlite"];
    args.extend(names.iter().map(String::as_str));
    let output = Command::new(env!("CARGO_BIN_EXE_koryu")).current_dir(dir).args(&args).output().unwrap();
    let err = stderr(&output);
    assert!(!err.contains('\u{1b}') && !err.contains("ETA") && !err.contains('\r'), "{err:?}");
    if !has_script() {
        return;
    }
    let mut quiet = vec!["--quiet", "import", "--allow", "unbalanced-bracket"];
    quiet.extend(names.iter().map(String::as_str));
    let raw = on_terminal(dir, &quiet);
    assert_eq!(raw, "", "--quiet on a terminal draws nothing for a clean run");
}

#[cfg(unix)]
#[test]
fn export_draws_its_files_and_leaves_only_the_summary() {
    if !has_script() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let names = inputs(dir);
    let mut args = vec!["--quiet", "import", "--allow", "unbalanced-bracket"];
    args.extend(names.iter().map(String::as_str));
    assert_eq!(on_terminal(dir, &args), "");
    let raw = on_terminal(dir, &["export", "--format", "csv", "--out", "out"]);
    for drawn in ["read", "reading the store", "export", "mentions.csv", "diagnostics.csv", "/4 files"] {
        assert!(raw.contains(drawn), "`{drawn}` was never drawn:\n{raw:?}");
    }
    let at = |text: &str| raw.find(text).unwrap();
    assert!(at("reading the store") < at("mentions.csv"), "{raw:?}");
    let screen = screen(&raw);
    let text = screen.join("\n");
    assert!(screen.iter().all(|l| !l.contains("files ·") && !l.contains("reading the store")), "{text}");
    // What stays: one line per file written.
    assert_eq!(screen.iter().filter(|l| l.starts_with("wrote ")).count(), 4, "{text}");
    // On a pipe, no bar.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_koryu"))
        .current_dir(dir)
        .args(["export", "--format", "jsonl", "--out", "piped"])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(!err.contains('\u{1b}') && !err.contains('\r') && !err.contains("files ·"), "{err:?}");
}
