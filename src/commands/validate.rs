//! `koryu validate`: diagnostics like a compiler, without touching the store.
//!
//! Diagnostics are validate's data and go to stdout (human or JSON Lines);
//! a file that cannot be read at all is a failure and goes to stderr. In
//! JSON mode the coverage summaries also go to stderr, so stdout stays one
//! diagnostic per line.

use super::policy::{Policy, PolicyArgs};
use super::Outcome;
use crate::cli::KindArg;
use crate::render::{self, Colour};
use crate::source_files::{collect_inputs, Input};
use anyhow::Context as _;
use koryu_model::{Code, Diagnostic, Severity, SourceSpan};
use koryu_parse::{ReadError, SourceMeta};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style snippets with a caret under each finding.
    Human,
    /// One JSON object per line with schema.md's diagnostic fields.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or directories to check (directories are walked; see `import
    /// --help` for the endings read), or `-` for stdin (with --name).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The name shown for stdin (`-`); required with `-`.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 on warnings too (allowed ones excepted).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Decode text and CSV with this encoding instead of detecting it
    /// (utf-8, utf-16le, utf-16be, shift_jis, euc-jp).
    #[arg(long, value_parser = super::policy::parse_encoding)]
    pub encoding: Option<String>,
    /// Read every text file as this kind of document instead of detecting it
    /// from the content (evaluation_table, white_paper, policy_notice).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
}

/// What validating one file found.
struct FileReport {
    diagnostics: Vec<Diagnostic>,
    /// The decoded text of a text file, for showing source lines.
    source: Option<String>,
    summary: String,
}

/// The note under an allowed diagnostic.
const ALLOWED_NOTE: &str = "allowed (--allow or --allow-from): not counted for the exit code";

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let policy = Policy::new(&args.policy, args.strict)?;
    let colour = Colour::for_stdout();
    let (inputs, errors) = collect_inputs(&args.paths, args.name.as_deref())?;
    let mut failed = !errors.is_empty();
    for err in errors {
        crate::render::eprint_error(format_args!("{err:#}"));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut n_errors, mut n_warnings, mut n_infos, mut n_allowed) = (0usize, 0usize, 0usize, 0usize);
    let mut fails_check = false;
    let mut n_validated = 0usize;
    for input in &inputs {
        let report = match validate_input(input, args, &policy) {
            Ok(report) => report,
            Err(err) => {
                crate::render::eprint_error(format_args!("{err:#}"));
                failed = true;
                continue;
            }
        };
        n_validated += 1;
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => n_errors += 1,
                Severity::Warning => n_warnings += 1,
                Severity::Info => n_infos += 1,
            }
            let allowed = policy.is_allowed(diagnostic);
            n_allowed += usize::from(allowed);
            fails_check |= policy.fails(diagnostic);
            match args.format {
                Format::Json => {
                    // The schema's fields in their order, then `allowed`
                    // last (a Value would sort the keys).
                    let mut line = serde_json::to_string(diagnostic)?;
                    if allowed && line.ends_with('}') {
                        line.pop();
                        line.push_str(",\"allowed\":true}");
                    }
                    writeln!(out, "{line}")?;
                }
                Format::Human => {
                    let note = allowed.then_some(ALLOWED_NOTE);
                    let text = render::render_diagnostic(diagnostic, report.source.as_deref(), colour, note);
                    writeln!(out, "{text}\n")?;
                }
            }
        }
        match args.format {
            Format::Json => eprintln!("{}", report.summary),
            Format::Human => writeln!(out, "{}", report.summary)?,
        }
    }
    if args.format == Format::Human && n_validated > 0 {
        writeln!(
            out,
            "validated {n_validated} file{}: {n_errors} error{}, {n_warnings} warning{}, {n_infos} info{}",
            plural(n_validated),
            plural(n_errors),
            plural(n_warnings),
            if n_allowed > 0 { format!(" ({n_allowed} allowed)") } else { String::new() }
        )?;
    }
    out.flush()?;
    Ok(if failed {
        Outcome::Failure
    } else if fails_check {
        Outcome::Errors
    } else {
        Outcome::Success
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Parses one file and returns its diagnostics sorted by place, with denied
/// codes raised to errors.
fn validate_input(input: &Input, args: &ValidateArgs, policy: &Policy) -> anyhow::Result<FileReport> {
    let bytes = input.read()?;
    let source_file = input.name();
    let meta = SourceMeta {
        source_file: source_file.clone(),
        source_sha256: format!("{:x}", Sha256::digest(&bytes)),
        encoding: args.encoding.clone(),
        kind: args.kind.map(KindArg::doc_kind),
    };
    let extracted = match koryu_parse::parse_source(&bytes, &meta) {
        Ok(extracted) => extracted,
        // A limit is a finding about the content (style.md: hitting a limit
        // is a diagnostic), not a failure to read the disk.
        Err(err @ ReadError::Limit { .. }) => {
            let diagnostic = limit_diagnostic(&err, &source_file);
            let summary = format!("coverage {source_file}: not read ({err})");
            return Ok(FileReport { diagnostics: apply_deny(vec![diagnostic], policy), source: None, summary });
        }
        Err(err) => return Err(err).with_context(|| format!("cannot validate {source_file}")),
    };
    let mut diagnostics = extracted.diagnostics;
    for diagnostic in &mut diagnostics {
        if diagnostic.source_file.is_empty() {
            diagnostic.source_file.clone_from(&source_file);
        }
    }
    let mut diagnostics = apply_deny(diagnostics, policy);
    diagnostics
        .sort_by(|a, b| (&a.span.sheet, a.line, a.column, a.code).cmp(&(&b.span.sheet, b.line, b.column, b.code)));
    // The human format shows source lines; it needs the decoded text, which
    // the reader gives us again (decoding is cheap next to extraction).
    let source = match args.format {
        Format::Human => {
            koryu_parse::read::read_document(&bytes, &meta).ok().and_then(|document| match document.pages.as_slice() {
                [page] if page.sheet.is_none() => Some(page.text.as_str().to_owned()),
                _ => None,
            })
        }
        Format::Json => None,
    };
    let summary = render::coverage_summary(&source_file, &extracted.coverage, extracted.mentions.len());
    Ok(FileReport { diagnostics, source, summary })
}

/// Shows denied codes as errors.
fn apply_deny(mut diagnostics: Vec<Diagnostic>, policy: &Policy) -> Vec<Diagnostic> {
    for diagnostic in &mut diagnostics {
        diagnostic.severity = policy.shown_severity(diagnostic);
    }
    diagnostics
}

/// A `limit-exceeded` error for a file the reader refused, at the line its
/// message names (`line 7 nests brackets 100 deep`), else line 1.
fn limit_diagnostic(err: &ReadError, source_file: &str) -> Diagnostic {
    let text = err.to_string();
    let line = text
        .split("line ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<u32>().ok())
        .unwrap_or(1);
    let span = SourceSpan { line, column: 1, ..SourceSpan::default() };
    let mut diagnostic =
        Diagnostic::new(Code::LimitExceeded, span, format!("{text}; the file was not read, split or repair it"), "");
    diagnostic.source_file = source_file.to_owned();
    diagnostic
}
