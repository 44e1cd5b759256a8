//! Finding and reading source inputs (files, directories, `-` for stdin), shared by `import` and `validate`.

use anyhow::Context as _;
use koryu_parse::read::limits::{MAX_TEXT_BYTES, MAX_WORKBOOK_BYTES};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// File name endings a directory walk picks up; a file named on the command
/// line is always read.
pub const SOURCE_EXTENSIONS: &[&str] = &["txt", "text", "csv", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// How many skipped names a "no supported file" message lists before `…`.
const SKIPPED_NAMES_SHOWN: usize = 5;

/// One source to read: a file on disk, or stdin under the name `--name` gave.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Stdin { name: String },
}

impl Input {
    /// The name stored as `source_file` and printed in messages.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin { name } => name.clone(),
        }
    }

    /// The input's bytes, at most one byte past the largest source the
    /// parser accepts (so the parser can name the limit while a huge input
    /// never fills memory).
    ///
    /// # Errors
    /// When the file cannot be opened or read or is not a regular file, or
    /// stdin cannot be read.
    pub fn read(&self) -> anyhow::Result<Vec<u8>> {
        match self {
            Input::File(path) => read_source(path),
            Input::Stdin { name } => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(read_limit())
                    .read_to_end(&mut bytes)
                    .with_context(|| format!("cannot read stdin (--name {name}); skipped"))?;
                Ok(bytes)
            }
        }
    }
}

/// The inputs named on the command line: files as given, directories walked,
/// `-` as stdin named `name`. Returns the inputs and one error per path that
/// gave none (missing, unreadable, or a directory without a supported file).
///
/// # Errors
/// A usage error: `-` without `--name`, `--name` without `-`, or `-` twice.
pub fn collect_inputs(paths: &[PathBuf], name: Option<&str>) -> anyhow::Result<(Vec<Input>, Vec<anyhow::Error>)> {
    let n_stdin = paths.iter().filter(|p| p.as_os_str() == "-").count();
    match (n_stdin, name) {
        (0, Some(name)) => anyhow::bail!("--name {name} names stdin, but no `-` is among the paths"),
        (1, None) => anyhow::bail!("reading stdin (`-`) needs --name NAME, the name stored as its source_file"),
        (2.., _) => anyhow::bail!("`-` (stdin) can be given only once"),
        _ => {}
    }
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin { name: name.unwrap_or("-").to_owned() });
            continue;
        }
        let mut files = Vec::new();
        match collect_files(path, &mut files) {
            Ok(()) => inputs.extend(files.into_iter().map(Input::File)),
            Err(err) => errors.push(err),
        }
    }
    Ok((inputs, errors))
}

/// Names a directory walk passed over, for the "no supported file" message.
#[derive(Debug, Default)]
struct Skipped {
    names: Vec<String>,
    n_hidden: usize,
}

/// Adds `path` (a file) or the source files under it (a directory, walked in
/// name order, hidden entries skipped) to `files`.
///
/// # Errors
/// When `path` or a directory under it cannot be read, or a directory holds
/// no supported file (the message names what was skipped).
pub fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let metadata = std::fs::metadata(path).with_context(|| format!("cannot read {}; skipped", path.display()))?;
    if !metadata.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let n_before = files.len();
    let mut skipped = Skipped::default();
    walk(path, files, &mut skipped)?;
    if files.len() == n_before {
        let mut parts = Vec::new();
        if !skipped.names.is_empty() {
            let shown: Vec<&str> = skipped.names.iter().take(SKIPPED_NAMES_SHOWN).map(String::as_str).collect();
            let more = skipped.names.len().saturating_sub(SKIPPED_NAMES_SHOWN);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            parts.push(format!("skipped {}{tail}", shown.join(", ")));
        }
        if skipped.n_hidden > 0 {
            parts.push(format!(
                "{} hidden entr{} skipped",
                skipped.n_hidden,
                if skipped.n_hidden == 1 { "y" } else { "ies" }
            ));
        }
        if parts.is_empty() {
            parts.push("the directory is empty".to_owned());
        }
        let endings: Vec<String> = SOURCE_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
        anyhow::bail!(
            "no supported file found in {} ({}); a directory walk reads {}, name a file to read it anyway",
            path.display(),
            parts.join("; "),
            endings.join(" ")
        );
    }
    Ok(())
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Skipped) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list directory {}; skipped", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            skipped.n_hidden += 1;
        } else if entry.is_dir() {
            walk(&entry, files, skipped)?;
        } else if has_source_extension(&entry) {
            files.push(entry);
        } else {
            skipped.names.push(entry.display().to_string());
        }
    }
    Ok(())
}

fn has_source_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SOURCE_EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
}

fn read_limit() -> u64 {
    MAX_TEXT_BYTES.max(MAX_WORKBOOK_BYTES) as u64 + 1
}

/// Reads a regular file's bytes, at most one byte past the largest source
/// the parser accepts.
///
/// # Errors
/// When the file cannot be opened or read, or is not a regular file: a FIFO
/// or a device would block `read` forever or never end.
pub fn read_source(path: &Path) -> anyhow::Result<Vec<u8>> {
    // Ask before opening: opening a FIFO for reading already blocks.
    let metadata = std::fs::metadata(path).with_context(|| format!("cannot read {}; skipped", path.display()))?;
    if !metadata.is_file() {
        anyhow::bail!("cannot read {}: not a regular file; skipped", path.display());
    }
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}; skipped", path.display()))?;
    let mut bytes = Vec::new();
    file.take(read_limit())
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}; skipped", path.display()))?;
    Ok(bytes)
}
