//! Which diagnostics count for the exit code: `--allow`, `--allow-from`, `--deny` (and validate's `--strict`).
//!
//! The policy never hides a finding: an allowed diagnostic is still stored
//! and printed with its own severity, it only stops counting toward exit 1
//! (a source's known defects, which its user cannot fix, must not fail every
//! scripted run). An allow is more specific than a deny, so it wins.

use anyhow::Context as _;
use koryu_model::{Code, Diagnostic, Severity};
use koryu_parse::ReadError;
use std::path::{Path, PathBuf};

/// At most this many entries in one `--allow-from` file (a file of known
/// defects is short; this bounds a wrong file given by mistake).
const MAX_ALLOW_ENTRIES: usize = 100_000;

/// The options shared by `import` and `validate`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PolicyArgs {
    /// Do not count diagnostics of this code toward exit code 1 (repeatable,
    /// or comma-separated); they are still stored and printed.
    #[arg(long = "allow", value_name = "CODE", value_delimiter = ',', value_parser = parse_code)]
    pub allow: Vec<Code>,
    /// Read allowed diagnostics from FILE: one `code[:file[:line]]` per line
    /// (`#` starts a comment), for a source's known defects. `file` matches
    /// the source's path or its trailing components.
    #[arg(long = "allow-from", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub allow_from: Vec<PathBuf>,
    /// Count diagnostics of this code as errors (repeatable, or
    /// comma-separated), e.g. `--deny likely-typo`.
    #[arg(long = "deny", value_name = "CODE", value_delimiter = ',', value_parser = parse_code)]
    pub deny: Vec<Code>,
}

/// clap's parser for a diagnostic code: an unknown code is a usage error
/// that lists the known ones.
pub fn parse_code(code: &str) -> Result<Code, String> {
    Code::from_code(code.trim()).ok_or_else(|| {
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        format!("unknown diagnostic code `{code}`; known codes: {}", known.join(", "))
    })
}

/// clap's parser for `--encoding`: a label the decoder does not know is a
/// usage error, reported once before any file is read.
pub fn parse_encoding(label: &str) -> Result<String, String> {
    match koryu_parse::read::decode::decode_text(b"x", Some(label), "--encoding") {
        Err(ReadError::BadEncodingLabel { .. }) => Err(format!(
            "unknown encoding `{label}`; use utf-8, utf-16le, utf-16be, shift_jis (cp932) or euc-jp, or leave it \
             out to detect the encoding"
        )),
        _ => Ok(label.to_owned()),
    }
}

/// One `--allow-from` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AllowEntry {
    code: Code,
    file: Option<PathBuf>,
    line: Option<u32>,
}

/// The decided policy of one run.
#[derive(Debug, Default)]
pub struct Policy {
    allow: Vec<Code>,
    allow_at: Vec<AllowEntry>,
    deny: Vec<Code>,
    /// validate's `--strict`: warnings count too.
    strict_warnings: bool,
}

impl Policy {
    /// Builds the policy, reading each `--allow-from` file.
    ///
    /// # Errors
    /// An `--allow-from` file that cannot be read or has a bad line (the
    /// message names the file and line): a usage error.
    pub fn new(args: &PolicyArgs, strict_warnings: bool) -> anyhow::Result<Policy> {
        let mut allow_at = Vec::new();
        for path in &args.allow_from {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the --allow-from file {}", path.display()))?;
            parse_allow_file(&text, path, &mut allow_at)?;
        }
        Ok(Policy { allow: args.allow.clone(), allow_at, deny: args.deny.clone(), strict_warnings })
    }

    /// Whether `--allow` or an `--allow-from` entry covers this diagnostic.
    pub fn is_allowed(&self, diagnostic: &Diagnostic) -> bool {
        self.allow.contains(&diagnostic.code)
            || self.allow_at.iter().any(|entry| {
                entry.code == diagnostic.code
                    && entry.file.as_deref().is_none_or(|file| path_matches(&diagnostic.source_file, file))
                    && entry.line.is_none_or(|line| line == diagnostic.line)
            })
    }

    /// The severity to show: a denied code is shown as an error.
    pub fn shown_severity(&self, diagnostic: &Diagnostic) -> Severity {
        if self.deny.contains(&diagnostic.code) {
            Severity::Error
        } else {
            diagnostic.severity
        }
    }

    /// Whether this diagnostic makes the run exit 1.
    pub fn fails(&self, diagnostic: &Diagnostic) -> bool {
        let severity = self.shown_severity(diagnostic);
        let counts = severity == Severity::Error || (self.strict_warnings && severity == Severity::Warning);
        counts && !self.is_allowed(diagnostic)
    }
}

/// `source_file` is `file`, or ends with `file`'s components
/// (`/data/002.txt` matches `002.txt`, not `02.txt`).
fn path_matches(source_file: &str, file: &Path) -> bool {
    Path::new(source_file) == file || Path::new(source_file).ends_with(file)
}

fn parse_allow_file(text: &str, path: &Path, entries: &mut Vec<AllowEntry>) -> anyhow::Result<()> {
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        if entries.len() >= MAX_ALLOW_ENTRIES {
            anyhow::bail!("{}: more than {MAX_ALLOW_ENTRIES} entries; is this the right file?", path.display());
        }
        let entry = parse_allow_line(line)
            .map_err(|why| anyhow::anyhow!("{}:{}: {why} (expected `code[:file[:line]]`)", path.display(), idx + 1))?;
        entries.push(entry);
    }
    Ok(())
}

/// `code`, `code:file` or `code:file:line`; a file name may itself hold
/// colons, so the line number is only what follows the last one.
fn parse_allow_line(line: &str) -> Result<AllowEntry, String> {
    let (code, rest) = match line.split_once(':') {
        Some((code, rest)) => (code, Some(rest.trim())),
        None => (line, None),
    };
    let code = parse_code(code)?;
    let Some(rest) = rest.filter(|r| !r.is_empty()) else {
        return Ok(AllowEntry { code, file: None, line: None });
    };
    let (file, number) = match rest.rsplit_once(':') {
        Some((file, tail)) if !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit()) => {
            let number = tail.parse::<u32>().map_err(|_| format!("line number `{tail}` is too large"))?;
            (file, Some(number))
        }
        _ => (rest, None),
    };
    if file.is_empty() {
        return Err("the file is empty".to_owned());
    }
    Ok(AllowEntry { code, file: Some(PathBuf::from(file)), line: number })
}

#[cfg(test)]
mod tests {
    use super::*;
    use koryu_model::SourceSpan;

    fn diagnostic(code: Code, file: &str, line: u32) -> Diagnostic {
        let mut d = Diagnostic::new(code, SourceSpan { line, column: 1, ..SourceSpan::default() }, "m", "");
        d.source_file = file.to_owned();
        d
    }

    #[test]
    fn allow_lines_parse() {
        let entry = parse_allow_line("total-mismatch:corpus/002.txt:28").unwrap();
        assert_eq!(entry.line, Some(28));
        assert_eq!(entry.file.as_deref(), Some(Path::new("corpus/002.txt")));
        assert_eq!(parse_allow_line("unbalanced-bracket").unwrap().file, None);
        let colon = parse_allow_line("likely-typo:C:dir/x.txt").unwrap();
        assert_eq!((colon.file.as_deref(), colon.line), (Some(Path::new("C:dir/x.txt")), None));
        assert!(parse_allow_line("no-such-code:x").unwrap_err().contains("unknown diagnostic code"));
        assert!(parse_allow_line("likely-typo::3").is_err());
    }

    #[test]
    fn allow_from_matches_file_suffix_and_line() {
        let mut allow_at = Vec::new();
        parse_allow_file(
            "# known defects\ntotal-mismatch:002.txt:28\n\nunbalanced-bracket:002.txt\n",
            Path::new("a"),
            &mut allow_at,
        )
        .unwrap();
        let policy = Policy { allow_at, ..Policy::default() };
        assert!(policy.is_allowed(&diagnostic(Code::TotalMismatch, "/data/002.txt", 28)));
        assert!(!policy.is_allowed(&diagnostic(Code::TotalMismatch, "/data/002.txt", 29)));
        assert!(!policy.is_allowed(&diagnostic(Code::TotalMismatch, "/data/1002.txt", 28)));
        assert!(policy.is_allowed(&diagnostic(Code::UnbalancedBracket, "002.txt", 254)));
        let err = parse_allow_file("likely-typo\nbogus\n", Path::new("allow.txt"), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().starts_with("allow.txt:2: unknown diagnostic code `bogus`"), "{err}");
    }

    #[test]
    fn allow_wins_over_deny_and_strict() {
        let warning = diagnostic(Code::LikelyTypo, "x.txt", 1);
        let deny = Policy { deny: vec![Code::LikelyTypo], ..Policy::default() };
        assert!(deny.fails(&warning) && deny.shown_severity(&warning) == Severity::Error);
        let strict = Policy { strict_warnings: true, ..Policy::default() };
        assert!(strict.fails(&warning));
        assert!(!Policy::default().fails(&warning));
        let both = Policy { deny: vec![Code::LikelyTypo], allow: vec![Code::LikelyTypo], ..Policy::default() };
        assert!(!both.fails(&warning));
    }
}
