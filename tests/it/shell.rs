//! Shell integration: completion scripts for every shell (syntax-checked where the shell is installed), the shipped man pages current and rendered by `man -l`, and README's command table against each command's `--help`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn koryu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koryu")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn completions_for_every_shell() {
    let tmp = tempfile::tempdir().unwrap();
    // The shell's own syntax check, where the shell is installed.
    for (shell, check) in [
        ("bash", Some(("bash", "-n"))),
        ("zsh", Some(("zsh", "-n"))),
        ("fish", Some(("fish", "-n"))),
        ("powershell", None),
        ("elvish", None),
    ] {
        let output = koryu(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}: {}", text(&output.stderr));
        let script = text(&output.stdout);
        for word in ["koryu", "import", "validate", "export", "completions", "allow-from"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        let Some((program, flag)) = check else { continue };
        if !installed(program) {
            eprintln!("note: {program} is not installed; its completion script is not syntax-checked");
            continue;
        }
        let path = tmp.path().join(format!("koryu.{shell}"));
        std::fs::write(&path, &script).unwrap();
        let checked = Command::new(program).arg(flag).arg(&path).output().unwrap();
        assert!(checked.status.success(), "{program} {flag}: {}", text(&checked.stderr));
    }
    let bad = koryu(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        text(&bad.stderr)
    );
}

/// Bash completes subcommands and an option of `import` from the script.
#[test]
fn bash_completion_completes() {
    if !installed("bash") {
        return;
    }
    let script = text(&koryu(&["completions", "bash"]).stdout);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("koryu.bash");
    std::fs::write(&path, script).unwrap();
    let complete = |line: &str| {
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}; _koryu koryu; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display(),
            words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
            words.len() - 1,
            line.len()
        );
        text(&Command::new("bash").args(["-c", &program]).output().unwrap().stdout)
    };
    let top = complete("koryu ");
    for word in ["import", "export", "validate", "date", "completions", "man"] {
        assert!(top.lines().any(|l| l == word), "{word} not offered: {top}");
    }
    let options = complete("koryu import --al");
    assert!(options.lines().any(|l| l == "--allow-from"), "{options}");
}

/// docs/man is what `just man` writes now, and `man -l` renders it.
#[test]
fn shipped_man_pages_are_current_and_render() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("man");
    let output = koryu(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let names = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    };
    let shipped = repo_root().join("docs/man");
    // One page per command (whatever commands the binary has), the main ones among them.
    let expected = names(&out);
    for page in ["koryu.1", "koryu-import.1", "koryu-export.1", "koryu-validate.1", "koryu-date.1", "koryu-man.1"] {
        assert!(expected.contains(page), "koryu man wrote no {page}: {expected:?}");
    }
    assert_eq!(names(&shipped), expected, "docs/man holds exactly the generated pages");
    for name in &expected {
        let generated = std::fs::read_to_string(out.join(name)).unwrap();
        let current = std::fs::read_to_string(shipped.join(name)).unwrap();
        assert!(generated == current, "docs/man/{name} is stale: run `just man` (cargo run -- man --out docs/man)");
    }
    if !installed("man") {
        assert!(std::env::var_os("CI").is_none() || !Path::new("/usr/bin/man").exists());
        eprintln!("note: no `man`; the pages are not rendered");
        return;
    }
    for name in &expected {
        let rendered = Command::new("man")
            .arg("-l")
            .arg(shipped.join(name))
            .env("MANWIDTH", "100")
            .env("MAN_KEEP_FORMATTING", "0")
            .output()
            .unwrap();
        assert!(rendered.status.success(), "man -l {name}: {}", text(&rendered.stderr));
        let page = without_overstrike(&text(&rendered.stdout));
        for heading in ["NAME", "SYNOPSIS", "OPTIONS"] {
            assert!(page.contains(heading), "{name} lacks {heading}:\n{page}");
        }
        // man justifies lines, so compare with whitespace runs collapsed.
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Exit codes: 0"), "{name} states the exit codes");
    }
}

/// `man` without a terminal still draws bold as `N\bN`: keep the last of
/// each overstruck pair.
fn without_overstrike(page: &str) -> String {
    let mut out = String::new();
    for c in page.chars() {
        if c == '\u{8}' {
            out.pop();
        } else {
            out.push(c);
        }
    }
    out
}

/// Long options in `text`, as `--name` without the dashes.
fn long_options(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i + 2 < bytes.len() {
        let starts = bytes.get(i) == Some(&'-')
            && bytes.get(i + 1) == Some(&'-')
            && bytes.get(i + 2).is_some_and(char::is_ascii_lowercase)
            && (i == 0 || bytes.get(i - 1).is_some_and(|c| !c.is_alphanumeric() && *c != '-'));
        if starts {
            let name: String = bytes[i + 2..].iter().take_while(|c| c.is_ascii_lowercase() || **c == '-').collect();
            i += 2 + name.len();
            found.insert(name);
        } else {
            i += 1;
        }
    }
    found
}

/// The options a command's `--help` lists (the lines of its Options
/// section), without the global ones.
fn help_options(command: &str) -> BTreeSet<String> {
    let help = text(&koryu(&[command, "--help"]).stdout);
    let options = help.split("\nOptions:\n").nth(1).unwrap_or_default();
    let mut found = BTreeSet::new();
    for line in options.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // An option line is indented two (`-q, --quiet`) or six (`--db`) spaces.
        if indent > 6 || !trimmed.starts_with('-') {
            continue;
        }
        let head = trimmed.split("  ").next().unwrap_or_default();
        found.extend(long_options(head));
    }
    for global in ["color", "quiet", "verbose", "help", "version"] {
        found.remove(global);
    }
    found
}

/// README's "All commands" table lists every command with exactly the
/// options its `--help` lists, and the top-level help lists exactly those
/// commands.
#[test]
fn readme_command_table_matches_help() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = readme.split("## All commands").nth(1).unwrap().split("\n## ").next().unwrap();
    let mut rows = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `koryu ")) {
        let synopsis = line.trim_start_matches("| `").split('`').next().unwrap();
        let command = synopsis.split_whitespace().nth(1).unwrap().to_owned();
        rows.push((command, long_options(synopsis)));
    }
    let help = text(&koryu(&["--help"]).stdout);
    let commands: Vec<String> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    let mut in_readme: Vec<String> = rows.iter().map(|(c, _)| c.clone()).collect();
    let mut in_help = commands.clone();
    in_readme.sort();
    in_help.sort();
    assert_eq!(in_readme, in_help, "README's command table and `koryu --help` list different commands");
    for (command, options) in &rows {
        assert_eq!(
            options,
            &help_options(command),
            "README's `koryu {command}` row and `koryu {command} --help` differ"
        );
    }
    for global in ["--color", "--quiet", "--verbose", "KORYU_DB", "NO_COLOR", "CLICOLOR_FORCE"] {
        assert!(readme.contains(global), "README does not mention {global}");
    }
    // Every help states the exit codes and what it reads.
    for command in &commands {
        let help = text(&koryu(&[command, "--help"]).stdout);
        assert!(help.contains("Exit codes: 0"), "{command} --help lacks the exit codes");
    }
    let import = text(&koryu(&["import", "--help"]).stdout);
    for ending in [".txt", ".text", ".csv", ".tsv", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"] {
        assert!(import.contains(ending), "import --help lacks {ending}");
    }
    let export = text(&koryu(&["export", "--help"]).stdout);
    for format in ["csv", "jsonl", "datapackage"] {
        assert!(export.contains(format), "export --help lacks {format}");
    }
    assert!(help.contains("Frictionless Data Package"), "the top-level help names every export format");
}
