//! `koryu import`: files → mentions → events → SQLite, one transaction.

use super::counts::DiagnosticCounts;
use super::interrupt;
use super::policy::{Policy, PolicyArgs};
use super::progress::Progress;
use super::Outcome;
use crate::cli::KindArg;
use crate::render;
use crate::source_files::{collect_inputs, Input};
use crate::store::{EventRows, ImportTx, LineCounts, OldSource, Store};
use anyhow::Context as _;
use koryu_model::{Code, Diagnostic, Mention, Severity, Source};
use koryu_parse::coverage::LineStatus;
use koryu_parse::{Extracted, SourceMeta};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Hex characters kept of a mention id's sha256 (64 bits; ids only need to
/// be unique within one store).
const MENTION_ID_HEX_LEN: usize = 16;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files or directories to import, or `-` for stdin (with --name).
    /// Directories are walked in name order, skipping hidden entries and
    /// files that are not .txt, .text, .csv, .tsv, .xlsx, .xlsm, .xlsb, .xls
    /// or .ods; a directory with none of them is an error (exit 2).
    #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
    /// The name stored as `source_file` for stdin (`-`); required with `-`.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The SQLite store (created if missing); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
    /// Decode text and CSV with this encoding instead of detecting it
    /// (utf-8, utf-16le, utf-16be, shift_jis, euc-jp).
    #[arg(long, value_parser = super::policy::parse_encoding)]
    pub encoding: Option<String>,
    /// Refuse a file that has error diagnostics (not counting allowed
    /// ones); the store stays as it was for that file.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Read every text file as this kind of document instead of detecting it
    /// from the content; stored as `source_doc_kind`. CSV and sheets keep
    /// their format as kind.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    #[command(flatten)]
    pub table: crate::cli::TableArgs,
    /// Report what would be added and merged without writing the store (the
    /// import runs on a temporary copy, which is then deleted).
    #[arg(long)]
    pub dry_run: bool,
    /// How long to wait, in seconds, while another import holds the
    /// store's write lock before giving up (exit 2, nothing stored).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
    /// Keep an earlier source that this file would replace (same path, or
    /// same kind, title and document date, other bytes) as a current
    /// source beside it instead of superseding it.
    #[arg(long)]
    pub keep_both: bool,
    /// End with one JSON summary object on stdout (files, mentions, new
    /// events, merged, diagnostics by severity and by code, elapsed).
    #[arg(long)]
    pub json: bool,
    /// Threads for dedup (default: all cores); events and ids are the same
    /// for any count.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// How many file names the "files have error diagnostics" line lists.
const FILES_NAMED: usize = 5;

/// Counts for the summary line and object.
#[derive(Debug, Default)]
struct Summary {
    n_imported: usize,
    n_already: usize,
    n_failed: usize,
    n_refused: usize,
    n_mentions: usize,
    n_allowed: usize,
    counts: DiagnosticCounts,
    /// One detailed line per file already in the store, and its name.
    already: Vec<String>,
    already_names: Vec<String>,
    /// Files whose diagnostics fail the run under the policy, with how many.
    with_errors: Vec<(String, usize)>,
    /// Sources this run superseded: (new source's sha256, the old one).
    replaced: Vec<(String, OldSource)>,
    /// Files read and parsed so far, stored or not.
    n_parsed: usize,
    /// The events table before the first replacement of this run.
    events_before: Option<EventRows>,
    /// The events each replaced source's mentions were in.
    old_events: BTreeMap<String, BTreeSet<String>>,
}

/// The `--json` summary object (field order is the documented one).
#[derive(serde::Serialize)]
struct JsonSummary<'a> {
    files: JsonFiles,
    mentions: usize,
    new_events: usize,
    merged: usize,
    events_total: usize,
    by_severity: &'a BTreeMap<&'static str, usize>,
    by_code: &'a BTreeMap<&'static str, usize>,
    allowed: usize,
    files_with_errors: Vec<&'a str>,
    dry_run: bool,
    elapsed_ms: u128,
    exit_code: u8,
}

#[derive(serde::Serialize)]
struct JsonFiles {
    imported: usize,
    already_imported: usize,
    failed: usize,
    refused: usize,
}

/// One file read and parsed, not yet stored.
struct Parsed {
    source_file: String,
    sha256: String,
    n_bytes: u64,
    extracted: Extracted,
}

/// A temporary copy of the store for `--dry-run`, deleted on drop.
struct DryRunStore(PathBuf);

impl DryRunStore {
    fn new(db: &std::path::Path) -> anyhow::Result<DryRunStore> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!("koryu-dry-run-{}-{nanos}.sqlite", std::process::id()));
        if db.is_file() {
            std::fs::copy(db, &path)
                .with_context(|| format!("cannot copy the store {} for --dry-run", db.display()))?;
            // A store left by a killed import may hold committed pages in
            // its WAL: the copy needs them too.
            let wal = wal_of(db);
            if wal.is_file() {
                std::fs::copy(&wal, wal_of(&path))
                    .with_context(|| format!("cannot copy the store {} for --dry-run", db.display()))?;
            }
        }
        Ok(DryRunStore(path))
    }
}

/// `PATH-wal` (or another suffix) beside a store.
fn with_suffix(db: &std::path::Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn wal_of(db: &std::path::Path) -> PathBuf {
    with_suffix(db, "-wal")
}

impl Drop for DryRunStore {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&self.0, suffix));
        }
    }
}

pub fn run(args: &ImportArgs) -> anyhow::Result<Outcome> {
    run_on_store(args).map_err(|err| crate::store::name_store_failure(err, &args.db))
}

fn run_on_store(args: &ImportArgs) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let policy = Policy::new(&args.policy, false)?;
    let mut summary = Summary::default();
    let (inputs, errors) = collect_inputs(&args.paths, args.name.as_deref())?;
    for err in errors {
        render::eprint_error(format_args!("{err:#}"));
        summary.n_failed += 1;
    }
    if inputs.is_empty() {
        // Nothing to read: do not create a store for it.
        render::note(format_args!(
            "files: 0 imported, 0 already imported, {} failed; nothing to import",
            summary.n_failed
        ));
        let outcome = Outcome::Failure;
        print_json(args, &summary, (0, 0), started, outcome)?;
        return Ok(outcome);
    }
    // stdin is read before the transaction starts, so Ctrl-C while it
    // waits for input simply exits.
    let mut stdin_bytes = None;
    if let Some(input) = inputs.iter().find(|i| matches!(i, Input::Stdin { .. })) {
        stdin_bytes = Some(input.read());
    }
    let dry_run = if args.dry_run { Some(DryRunStore::new(&args.db)?) } else { None };
    let db = dry_run.as_ref().map_or(args.db.as_path(), |copy| copy.0.as_path());
    let wait = std::time::Duration::from_secs(args.wait);
    let mut store = Store::open_for_import(db, wait).map_err(|err| {
        // The copy's name means nothing to the user: name the store.
        if dry_run.is_some() {
            anyhow::anyhow!("cannot open the store {} (--dry-run): {err:#}", args.db.display())
        } else {
            err
        }
    })?;
    let tx = store.begin_import(wait)?;
    let cooperative = interrupt::Cooperative::begin();
    let total_bytes: u64 = inputs
        .iter()
        .map(|input| match input {
            Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Stdin { .. } => stdin_bytes.as_ref().and_then(|b| b.as_ref().ok()).map_or(0, |b| b.len() as u64),
        })
        .sum();
    let mut progress = Progress::new(inputs.len(), total_bytes);
    // Two paths with the same bytes in one run: the second is a no-op too.
    let mut imported_now: BTreeMap<String, String> = BTreeMap::new();
    for input in &inputs {
        if interrupt::interrupted() {
            break;
        }
        let bytes = match input {
            Input::Stdin { .. } => stdin_bytes.take().unwrap_or_else(|| input.read()),
            Input::File(_) => input.read(),
        };
        let n_bytes = bytes.as_ref().map_or(0, |b| b.len() as u64);
        let file = FileCtx { args, policy: &policy, tx: &tx, progress: &progress };
        file.import(input, bytes, &mut imported_now, &mut summary)?;
        progress.file_done(n_bytes);
    }
    let interrupted_message = |n_parsed: usize| {
        format!(
            "interrupted: nothing from this run was stored ({n_parsed} file{} parsed)",
            if n_parsed == 1 { "" } else { "s" }
        )
    };
    if interrupt::interrupted() {
        // Dropping the transaction rolls it back: nothing of this run lands.
        drop(progress);
        drop(tx);
        render::eprint_error(interrupted_message(summary.n_parsed));
        return Ok(Outcome::Interrupted);
    }

    progress.phase("dedup");
    if let Some(n) = args.threads {
        // The global pool can be set once per process; a CLI run imports once.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(usize::from(n)).build_global();
    }
    let before = summary.events_before.take().unwrap_or_default();
    let (n_events, n_new_events) = if summary.n_imported > 0 {
        let recomputed = tx.recompute_events()?;
        (recomputed.n_events, recomputed.n_new_events)
    } else {
        (0, 0)
    };
    let replacements = if summary.replaced.is_empty() {
        Vec::new()
    } else {
        let after = tx.event_rows()?;
        let mut lines = Vec::new();
        for (new_sha, old) in &summary.replaced {
            let touched = summary.old_events.get(&old.source_sha256).cloned().unwrap_or_default();
            let now = tx.events_of(new_sha)?;
            lines.push(replacement_line("replaces", old, &event_change(&before, &after, &touched, &now)));
        }
        lines
    };
    if interrupt::interrupted() {
        drop(progress);
        drop(tx);
        render::eprint_error(interrupted_message(summary.n_parsed));
        return Ok(Outcome::Interrupted);
    }
    progress.phase("store");
    tx.commit()?;
    if dry_run.is_none() {
        store.checkpoint();
    }
    // Cleared only now: the terminal shows a phase until the summary.
    drop(progress);
    drop(cooperative);
    drop(store);
    drop(dry_run);
    for line in &replacements {
        render::note(line);
    }

    print_text(args, &summary, (n_events, n_new_events));
    let outcome = if summary.n_failed > 0 {
        Outcome::Failure
    } else if summary.n_refused > 0 || !summary.with_errors.is_empty() {
        Outcome::Errors
    } else {
        Outcome::Success
    };
    print_json(args, &summary, (n_events, n_new_events), started, outcome)?;
    Ok(outcome)
}

/// The summary on stderr: the files with error diagnostics (one line, or
/// one per file with `--verbose`), then the counts.
fn print_text(args: &ImportArgs, summary: &Summary, (n_events, n_new_events): (usize, usize)) {
    let would = if args.dry_run { "dry run, nothing written: " } else { "" };
    // One line for a single file or with --verbose; else one collected line
    // (a re-run over 300 files must not print 300 lines).
    if summary.already.len() == 1 || render::verbose() {
        for line in &summary.already {
            render::note(line);
        }
    } else if !summary.already.is_empty() {
        let n = summary.already_names.len();
        let shown: Vec<&str> = summary.already_names.iter().take(FILES_NAMED).map(String::as_str).collect();
        let more = if n > FILES_NAMED { format!(" and {} more", n - FILES_NAMED) } else { String::new() };
        render::note(format_args!(
            "already imported: {}{more} ({n} files whose sha256 is in the store; nothing added, --verbose names \
             where each was first imported)",
            shown.join(", ")
        ));
    }
    if !summary.with_errors.is_empty() {
        if render::verbose() {
            for (file, n) in &summary.with_errors {
                render::note(format_args!("{file}: {n} error diagnostic(s); run `koryu validate {file}` to see them"));
            }
        } else {
            let n = summary.with_errors.len();
            let shown: Vec<&str> = summary.with_errors.iter().take(FILES_NAMED).map(|(f, _)| f.as_str()).collect();
            let more = if n > FILES_NAMED { " …" } else { "" };
            render::note(format_args!(
                "{n} file{} {} error diagnostics: `koryu validate {}{more}` shows them",
                if n == 1 { "" } else { "s" },
                if n == 1 { "has" } else { "have" },
                shown.join(" ")
            ));
        }
    }
    let n_merged = summary.n_mentions.saturating_sub(n_new_events);
    render::note(format_args!(
        "{would}files: {} imported, {} already imported, {} failed{} · mentions: {} · new events: {} · merged: {} · \
         warnings: {} · errors: {}{} · unparsed-text: {}",
        summary.n_imported,
        summary.n_already,
        summary.n_failed,
        if args.strict { format!(", {} refused", summary.n_refused) } else { String::new() },
        summary.n_mentions,
        n_new_events,
        n_merged,
        summary.counts.severity(Severity::Warning),
        summary.counts.severity(Severity::Error),
        if summary.n_allowed > 0 { format!(" ({} allowed)", summary.n_allowed) } else { String::new() },
        summary.counts.code(Code::UnparsedText),
    ));
    if summary.n_imported > 0 {
        let verb = if args.dry_run { "dry run: {} would hold" } else { "stored: {} now holds" };
        render::note(format_args!("{} {n_events} events in total", verb.replace("{}", &args.db.display().to_string())));
    }
}

/// `--json`: the summary object on stdout.
fn print_json(
    args: &ImportArgs,
    summary: &Summary,
    (n_events, n_new_events): (usize, usize),
    started: std::time::Instant,
    outcome: Outcome,
) -> anyhow::Result<()> {
    if !args.json {
        return Ok(());
    }
    let object = JsonSummary {
        files: JsonFiles {
            imported: summary.n_imported,
            already_imported: summary.n_already,
            failed: summary.n_failed,
            refused: summary.n_refused,
        },
        mentions: summary.n_mentions,
        new_events: n_new_events,
        merged: summary.n_mentions.saturating_sub(n_new_events),
        events_total: n_events,
        by_severity: &summary.counts.by_severity,
        by_code: &summary.counts.by_code,
        allowed: summary.n_allowed,
        files_with_errors: summary.with_errors.iter().map(|(f, _)| f.as_str()).collect(),
        dry_run: args.dry_run,
        elapsed_ms: started.elapsed().as_millis(),
        exit_code: outcome.code(),
    };
    println!("{}", serde_json::to_string(&object)?);
    Ok(())
}

/// What storing one file needs from the run.
struct FileCtx<'a> {
    args: &'a ImportArgs,
    policy: &'a Policy,
    tx: &'a ImportTx<'a>,
    progress: &'a Progress,
}

impl FileCtx<'_> {
    /// Parses and stores one input, or reports why not. Only a store
    /// failure is an `Err`: it aborts the whole import and rolls it back.
    fn import(
        &self,
        input: &Input,
        bytes: anyhow::Result<Vec<u8>>,
        imported_now: &mut BTreeMap<String, String>,
        summary: &mut Summary,
    ) -> anyhow::Result<()> {
        let (args, tx) = (self.args, self.tx);
        let say = |line: String| self.progress.suspend(|| render::note(&line));
        let fail = |err: anyhow::Error, summary: &mut Summary| {
            self.progress.suspend(|| crate::render::eprint_error(format_args!("{err:#}")));
            summary.n_failed += 1;
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                fail(err, summary);
                return Ok(());
            }
        };
        // Hash before parse: a file already in the store costs its read and
        // its sha256, nothing more (issue 12).
        let sha256 = hex(&Sha256::digest(&bytes));
        if let Some(earlier) = tx.imported_as(&sha256)?.or_else(|| imported_now.get(&sha256).cloned()) {
            let source_file = input.name();
            summary.already.push(format!(
                "already imported: {source_file} (sha256 {sha256}, first imported as {earlier}); nothing added"
            ));
            summary.already_names.push(source_file);
            summary.n_already += 1;
            return Ok(());
        }
        let parsed = match parse(&input.name(), &bytes, sha256, args.encoding.as_deref(), args.kind, &args.table) {
            Ok(parsed) => {
                summary.n_parsed += 1;
                parsed
            }
            Err(err) => {
                fail(err, summary);
                return Ok(());
            }
        };
        let Parsed { source_file, sha256, n_bytes, extracted } = parsed;
        let mut diagnostics: Vec<Diagnostic> = extracted
            .diagnostics
            .into_iter()
            .map(|mut d| {
                d.source_file.clone_from(&source_file);
                d
            })
            .collect();
        // edition-drop (issue 15): compared before an edition it replaces leaves the store.
        for drop in super::edition_drop::check(tx, (&source_file, &sha256), &extracted.sections, &extracted.mentions)? {
            say(super::edition_drop::summary_line(&drop));
            diagnostics.push(drop);
        }
        let counts = DiagnosticCounts::of(&diagnostics);
        let (n_errors, n_warnings) = (counts.severity(Severity::Error), counts.severity(Severity::Warning));
        let n_failing = diagnostics.iter().filter(|d| self.policy.fails(d)).count();
        let n_allowed =
            diagnostics.iter().filter(|d| self.policy.is_allowed(d) && d.severity == Severity::Error).count();
        if args.strict && n_failing > 0 {
            say(format!(
                "refused (--strict): {source_file} has {n_failing} error diagnostic(s); run `koryu validate {source_file}` to see them"
            ));
            summary.n_refused += 1;
            return Ok(());
        }
        let coverage = line_counts(&extracted.coverage);
        let mentions = with_ids(extracted.mentions, &source_file, &sha256);
        let source = Source {
            source_sha256: sha256.clone(),
            source_file: source_file.clone(),
            source_doc_kind: extracted.doc_kind,
            bytes: n_bytes,
            encoding: extracted.encoding,
            imported_at: rfc3339_now(),
            mention_count: u32::try_from(mentions.len()).unwrap_or(u32::MAX),
            warning_count: u32::try_from(n_warnings).unwrap_or(u32::MAX),
            error_count: u32::try_from(n_errors).unwrap_or(u32::MAX),
            title: extracted.document.title,
            document_date: extracted.document.document_date,
            document_history: extracted.document.document_history,
        };
        if !args.keep_both {
            for old in tx.superseded_by_new(&source)? {
                if summary.events_before.is_none() {
                    summary.events_before = Some(tx.event_rows()?);
                }
                summary.old_events.insert(old.source_sha256.clone(), tx.events_of(&old.source_sha256)?);
                tx.supersede(&old.source_sha256, &sha256, &source.imported_at)?;
                summary.replaced.push((sha256.clone(), old));
            }
        }
        tx.store_source(&source, &coverage, &mentions, &diagnostics)?;
        if render::verbose() {
            // "parsed", not "imported": nothing is stored until the commit.
            say(format!("parsed {source_file}: {} mentions", mentions.len()));
        }
        summary.n_imported += 1;
        summary.n_mentions += mentions.len();
        summary.n_allowed += n_allowed;
        summary.counts.merge(&counts);
        if n_failing > 0 {
            summary.with_errors.push((source_file.clone(), n_failing));
        }
        imported_now.insert(sha256, source_file);
        Ok(())
    }
}

/// How many events a replacement or removal changed (added ones included)
/// and removed: `touched` are the events the old source's mentions were
/// in, `now` those the new source's mentions are in.
pub(crate) fn event_change(
    before: &EventRows,
    after: &EventRows,
    touched: &BTreeSet<String>,
    now: &BTreeSet<String>,
) -> (usize, usize) {
    let n_removed = touched.iter().filter(|id| !after.contains_key(*id)).count();
    let n_changed =
        touched.union(now).filter(|id| after.get(*id).is_some_and(|row| before.get(*id) != Some(row))).count();
    (n_changed, n_removed)
}

/// `replaces r5.txt (imported 2026-…, sha256 1a2b…): 1 event changed, 1 removed`.
pub(crate) fn replacement_line(verb: &str, old: &OldSource, (n_changed, n_removed): &(usize, usize)) -> String {
    format!(
        "{verb} {} (imported {}, sha256 {}): {n_changed} event{} changed, {n_removed} removed",
        old.source_file,
        old.imported_at,
        old.source_sha256.get(..12).unwrap_or(&old.source_sha256),
        if *n_changed == 1 { "" } else { "s" }
    )
}

/// Hashes an input's bytes and runs the parser.
fn parse(
    source_file: &str,
    bytes: &[u8],
    sha256: String,
    encoding: Option<&str>,
    kind: Option<KindArg>,
    table: &crate::cli::TableArgs,
) -> anyhow::Result<Parsed> {
    let source_file = source_file.to_owned();
    let meta = SourceMeta {
        source_file: source_file.clone(),
        source_sha256: sha256.clone(),
        encoding: encoding.map(str::to_owned),
        kind: kind.map(KindArg::doc_kind),
        category: table.category.map(crate::cli::CategoryArg::category),
        era: table.era,
    };
    // A panic in the parser must not lose the other files (style.md §5):
    // it becomes this file's failure, as a last defence only.
    let extracted = std::panic::catch_unwind(|| koryu_parse::parse_source(bytes, &meta))
        .map_err(|_| {
            anyhow::anyhow!("the parser crashed on {source_file}; skipped (this is a bug in koryu, please report it)")
        })?
        .with_context(|| format!("cannot import {source_file}; skipped"))?;
    Ok(Parsed { source_file, sha256, n_bytes: u64::try_from(bytes.len()).unwrap_or(u64::MAX), extracted })
}

/// Gives each mention its source and a stable `mention_id`: a hash of the
/// source's sha256, sheet, line, column, kind, count detail and the index
/// among mentions at that same place (so `(10月、10月)` and a budget's
/// initial and executed amounts in one cell all get different ids).
fn with_ids(mentions: Vec<Mention>, source_file: &str, sha256: &str) -> Vec<Mention> {
    let mut seen: BTreeMap<(Option<String>, u32, u32, &'static str, &'static str), u32> = BTreeMap::new();
    mentions
        .into_iter()
        .map(|mut m| {
            let place = (m.sheet.clone(), m.line, m.column, m.kind.as_str(), m.count_detail.map_or("", |d| d.as_str()));
            let slot = seen.entry(place).or_insert(0);
            let occurrence_idx = *slot;
            *slot += 1;
            let mut hasher = Sha256::new();
            for part in [
                "koryu-mention-v1",
                sha256,
                m.sheet.as_deref().unwrap_or(""),
                &m.line.to_string(),
                &m.column.to_string(),
                m.kind.as_str(),
                m.count_detail.map_or("", |d| d.as_str()),
                &occurrence_idx.to_string(),
            ] {
                hasher.update(part.as_bytes());
                hasher.update([0x1f]);
            }
            let mut id = hex(&hasher.finalize());
            id.truncate(MENTION_ID_HEX_LEN);
            m.mention_id = id;
            m.event_id = String::new();
            m.source_file = source_file.to_owned();
            m.source_sha256 = sha256.to_owned();
            m
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Now as RFC 3339 in UTC, second precision (`2025-04-01T09:30:00Z`).
pub(crate) fn rfc3339_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1), u32::try_from(day).unwrap_or(1))
}

/// How the lines of every sheet of a source were read, summed.
fn line_counts(coverage: &[koryu_parse::coverage::Coverage]) -> LineCounts {
    let count = |status: LineStatus| coverage.iter().map(|c| c.count(status) as u64).sum::<u64>();
    LineCounts {
        non_blank: coverage.iter().map(|c| c.non_blank() as u64).sum(),
        mention: count(LineStatus::Mention),
        structure: count(LineStatus::Structure),
        unparsed: count(LineStatus::Unparsed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_322), (2020, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
