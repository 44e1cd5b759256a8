//! `koryu validate`: diagnostics like a compiler, without touching the store.
//!
//! Diagnostics are validate's data and go to stdout (human or JSON Lines);
//! a file that cannot be read at all is a failure and goes to stderr. In
//! JSON mode the coverage summaries also go to stderr, so stdout stays one
//! diagnostic per line.

use super::counts::DiagnosticCounts;
use super::policy::{Policy, PolicyArgs};
use super::Outcome;
use crate::cli::KindArg;
use crate::render::{self, Colour};
use crate::source_files::{collect_inputs, Input};
use anyhow::Context as _;
use koryu_model::{Code, Diagnostic, Severity, SourceSpan};
use koryu_parse::{ReadError, SourceMeta};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
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
    /// Files or directories to check, or `-` for stdin (with --name).
    /// Directories are walked in name order, skipping hidden entries and
    /// files that are not .txt, .text, .csv, .tsv, .xlsx, .xlsm, .xlsb, .xls
    /// or .ods; a directory with none of them is an error (exit 2).
    #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
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
    #[command(flatten)]
    pub table: crate::cli::TableArgs,
}

/// What validating one file found.
struct FileReport {
    diagnostics: Vec<Diagnostic>,
    /// The decoded text of a text file, for showing source lines and
    /// finding where a span ends.
    source: Option<String>,
    summary: String,
    n_mentions: usize,
}

/// The note under an allowed diagnostic.
const ALLOWED_NOTE: &str = "allowed (--allow or --allow-from): not counted for the exit code";

/// Counts across the run, for the total line and the JSON summary.
#[derive(Debug, Default)]
struct Totals {
    n_validated: usize,
    n_failed: usize,
    n_mentions: usize,
    n_allowed: usize,
    counts: DiagnosticCounts,
}

/// The last line of `--format json`.
#[derive(serde::Serialize)]
struct JsonSummary<'a> {
    files: usize,
    failed: usize,
    mentions: usize,
    by_severity: &'a BTreeMap<&'static str, usize>,
    by_code: &'a BTreeMap<&'static str, usize>,
    allowed: usize,
    elapsed_ms: u128,
    exit_code: u8,
}

/// The summary line is `{"summary": {…}}`, so a reader tells it from the
/// diagnostics by its one key.
#[derive(serde::Serialize)]
struct JsonSummaryLine<'a> {
    summary: JsonSummary<'a>,
}

/// A diagnostic's JSON line past schema.md's fields.
#[derive(serde::Serialize)]
struct JsonExtra<'a> {
    help: Option<&'a str>,
    end_line: u32,
    end_column: u32,
    allowed: bool,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let policy = Policy::new(&args.policy, args.strict)?;
    let colour = Colour::for_stdout();
    let (inputs, errors) = collect_inputs(&args.paths, args.name.as_deref())?;
    let mut totals = Totals { n_failed: errors.len(), ..Totals::default() };
    for err in errors {
        render::eprint_error(format_args!("{err:#}"));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut fails_check = false;
    for input in &inputs {
        let report = match validate_input(input, args, &policy) {
            Ok(report) => report,
            Err(err) => {
                render::eprint_error(format_args!("{err:#}"));
                totals.n_failed += 1;
                continue;
            }
        };
        totals.n_validated += 1;
        totals.n_mentions += report.n_mentions;
        // Line starts found once per file, not once per diagnostic.
        let source = report.source.as_deref().map(render::SourceText::new);
        for diagnostic in &report.diagnostics {
            totals.counts.add(diagnostic);
            let allowed = policy.is_allowed(diagnostic);
            let fails = policy.fails(diagnostic);
            totals.n_allowed += usize::from(allowed);
            fails_check |= fails;
            match args.format {
                Format::Json => {
                    // The schema's fields in their order, then the extras
                    // (a Value would sort the keys).
                    let (end_line, end_column) = span_end(diagnostic, report.source.as_deref());
                    let extra = JsonExtra { help: diagnostic.help.as_deref(), end_line, end_column, allowed };
                    let mut line = serde_json::to_string(diagnostic)?;
                    let extra = serde_json::to_string(&extra)?;
                    if let (Some(head), Some(tail)) = (line.strip_suffix('}'), extra.strip_prefix('{')) {
                        line = format!("{head},{tail}");
                    }
                    writeln!(out, "{line}")?;
                }
                // --quiet: only what fails the run.
                Format::Human if render::quiet() && !fails => {}
                Format::Human => {
                    let note = allowed.then_some(ALLOWED_NOTE);
                    let text = render::render_diagnostic(diagnostic, source.as_ref(), colour, note);
                    writeln!(out, "{text}\n")?;
                }
            }
        }
        match args.format {
            Format::Json => render::note(&report.summary),
            Format::Human if render::quiet() => {}
            Format::Human => writeln!(out, "{}", report.summary)?,
        }
    }
    let outcome = if totals.n_failed > 0 {
        Outcome::Failure
    } else if fails_check {
        Outcome::Errors
    } else {
        Outcome::Success
    };
    match args.format {
        Format::Human if totals.n_validated > 0 && !render::quiet() => {
            let (n_errors, n_warnings) =
                (totals.counts.severity(Severity::Error), totals.counts.severity(Severity::Warning));
            writeln!(
                out,
                "validated {} file{}: {n_errors} error{}, {n_warnings} warning{}, {} info{}",
                totals.n_validated,
                plural(totals.n_validated),
                plural(n_errors),
                plural(n_warnings),
                totals.counts.severity(Severity::Info),
                if totals.n_allowed > 0 { format!(" ({} allowed)", totals.n_allowed) } else { String::new() }
            )?;
        }
        Format::Human => {}
        Format::Json => {
            let summary = JsonSummary {
                files: totals.n_validated,
                failed: totals.n_failed,
                mentions: totals.n_mentions,
                by_severity: &totals.counts.by_severity,
                by_code: &totals.counts.by_code,
                allowed: totals.n_allowed,
                elapsed_ms: started.elapsed().as_millis(),
                exit_code: outcome.code(),
            };
            writeln!(out, "{}", serde_json::to_string(&JsonSummaryLine { summary })?)?;
        }
    }
    out.flush()?;
    Ok(outcome)
}

/// Where a diagnostic's span ends (line, column just past its last
/// character), from the source text when it is at hand, else from the
/// excerpt's length on the start line.
fn span_end(diagnostic: &Diagnostic, source: Option<&str>) -> (u32, u32) {
    let span = &diagnostic.span;
    let in_text = source
        .filter(|_| span.sheet.is_none() && span.byte_end > span.byte_start)
        .and_then(|text| text.get(span.byte_start..span.byte_end));
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match in_text {
        Some(spanned) => match spanned.rfind('\n') {
            Some(last_break) => (
                diagnostic.line.saturating_add(count(spanned.matches('\n').count())),
                count(spanned.get(last_break + 1..).unwrap_or_default().chars().count()).saturating_add(1),
            ),
            None => (diagnostic.line, diagnostic.column.saturating_add(count(spanned.chars().count()))),
        },
        None => {
            let first_line = diagnostic.excerpt.lines().next().unwrap_or_default();
            (diagnostic.line, diagnostic.column.saturating_add(count(first_line.chars().count())))
        }
    }
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
        category: args.table.category.map(crate::cli::CategoryArg::category),
        era: args.table.era,
    };
    let extracted = match koryu_parse::parse_source(&bytes, &meta) {
        Ok(extracted) => extracted,
        // A limit is a finding about the content (style.md: hitting a limit
        // is a diagnostic), not a failure to read the disk.
        Err(err @ ReadError::Limit { .. }) => {
            let diagnostic = limit_diagnostic(&err, &source_file);
            let summary = format!("coverage {source_file}: not read ({err})");
            return Ok(FileReport {
                diagnostics: apply_deny(vec![diagnostic], policy),
                source: None,
                summary,
                n_mentions: 0,
            });
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
    // Source lines (human) and span ends (json) need the decoded text,
    // which the reader gives us again (decoding is cheap next to extraction).
    // Only a text file's spans are offsets into that text: a CSV row's are
    // offsets inside its cell, so its findings show their excerpt instead.
    let source = koryu_parse::read::read_document(&bytes, &meta)
        .ok()
        .filter(|document| document.format == koryu_parse::read::Format::Text)
        .and_then(|document| match document.pages.as_slice() {
            [page] if page.sheet.is_none() => Some(page.text.as_str().to_owned()),
            _ => None,
        });
    let n_mentions = extracted.mentions.len();
    let summary = render::coverage_summary(&source_file, &extracted.coverage, n_mentions);
    Ok(FileReport { diagnostics, source, summary, n_mentions })
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
