//! Colour under `--color` and each variable of the anstream conventions, for koryu's output and clap's, on pipes and a pseudo-terminal.

use std::path::PathBuf;
use std::process::{Command, Output};

const ESC: &str = "\u{1b}[";

fn fixture() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/validate/likely-typo.txt").display().to_string()
}

/// Runs koryu with stdout and stderr piped, only `vars` of the colour
/// variables set (the test's own environment may hold any of them).
fn piped(args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_koryu"));
    command.args(args);
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"] {
        command.env_remove(var);
    }
    command.envs(vars.iter().copied()).output().unwrap()
}

fn coloured(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).contains(ESC)
}

/// `CLICOLOR_FORCE=1 koryu validate FILE | cat` is coloured; `NO_COLOR`
/// and `--color never` are not, even with CLICOLOR_FORCE.
#[test]
fn validate_on_a_pipe() {
    let file = fixture();
    let plain = piped(&["validate", &file], &[]);
    assert!(!coloured(&plain.stdout), "a pipe is not coloured by default");
    assert!(plain.stdout.starts_with(b"warning[likely-typo]"), "{}", String::from_utf8_lossy(&plain.stdout));
    let forced = piped(&["validate", &file], &[("CLICOLOR_FORCE", "1")]);
    assert!(coloured(&forced.stdout), "CLICOLOR_FORCE=1 colours a pipe");
    // Same text once the colour is taken out.
    let stripped = String::from_utf8_lossy(&forced.stdout).into_owned();
    let stripped: String = strip_ansi(&stripped);
    assert_eq!(stripped, String::from_utf8_lossy(&plain.stdout));
    for (args, vars) in [
        (&["validate", file.as_str()][..], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")][..]),
        (&["--color", "never", "validate", file.as_str()][..], &[("CLICOLOR_FORCE", "1")][..]),
        (&["validate", "--color=never", file.as_str()][..], &[("CLICOLOR_FORCE", "1")][..]),
        (&["validate", file.as_str()][..], &[("CLICOLOR", "0")][..]),
    ] {
        let output = piped(args, vars);
        assert!(!coloured(&output.stdout), "{args:?} {vars:?}");
    }
    assert!(coloured(&piped(&["validate", "--color", "always", &file], &[]).stdout));
    assert!(
        coloured(&piped(&["validate", "--color", "always", &file], &[("NO_COLOR", "1")]).stdout),
        "--color always wins"
    );
}

/// Removes CSI sequences (`ESC [ … letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// clap's usage errors and koryu's own `error:` follow the same rules.
#[test]
fn usage_errors_and_koryu_errors_on_stderr() {
    for args in [&["import", "--no-such-flag"][..], &["import", "missing.txt"][..]] {
        assert!(!coloured(&piped(args, &[]).stderr), "{args:?}");
        assert!(coloured(&piped(args, &[("CLICOLOR_FORCE", "1")]).stderr), "{args:?}");
        assert!(!coloured(&piped(args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).stderr), "{args:?}");
        let mut never = vec!["--color", "never"];
        never.extend_from_slice(args);
        assert!(!coloured(&piped(&never, &[("CLICOLOR_FORCE", "1")]).stderr), "{never:?}");
        let mut always = vec!["--color", "always"];
        always.extend_from_slice(args);
        assert!(coloured(&piped(&always, &[]).stderr), "{always:?}");
    }
    // An unknown --color value is itself a usage error.
    let bad = piped(&["--color", "sometimes", "validate", "x"], &[]);
    assert_eq!(bad.status.code(), Some(2));
}

/// On a terminal (a pseudo-terminal from util-linux `script`): coloured by
/// default, not with `TERM=dumb`, `CLICOLOR=0`, `NO_COLOR` or `--color never`.
#[cfg(unix)]
#[test]
fn validate_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "`script` (util-linux) is needed for the terminal tests");
        eprintln!("note: skipping, no `script` to make a pseudo-terminal");
        return;
    }
    let line = format!("'{}' validate '{}'", env!("CARGO_BIN_EXE_koryu"), fixture());
    let on_tty = |extra: &str, vars: &[(&str, &str)]| {
        let mut command = Command::new("script");
        command.args(["-qec", &format!("{line} {extra}"), "/dev/null"]);
        for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI"] {
            command.env_remove(var);
        }
        command.env("TERM", "xterm-256color").envs(vars.iter().copied());
        let output = command.output().unwrap();
        assert!(String::from_utf8_lossy(&output.stdout).contains("likely-typo"), "{output:?}");
        coloured(&output.stdout)
    };
    assert!(on_tty("", &[]), "a terminal is coloured");
    assert!(!on_tty("", &[("TERM", "dumb")]), "TERM=dumb");
    assert!(!on_tty("", &[("CLICOLOR", "0")]), "CLICOLOR=0");
    assert!(!on_tty("", &[("NO_COLOR", "1")]), "NO_COLOR");
    assert!(!on_tty("--color never", &[]), "--color never");
}
