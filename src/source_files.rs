//! Finding and reading source files on disk, shared by `import` and `validate`.

use anyhow::Context as _;
use koryu_parse::read::limits::{MAX_TEXT_BYTES, MAX_WORKBOOK_BYTES};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// File name endings a directory walk picks up; a file named on the command
/// line is always read.
const SOURCE_EXTENSIONS: &[&str] = &["txt", "text", "csv", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Adds `path` (a file) or the source files under it (a directory, walked in
/// name order, hidden entries skipped) to `files`.
///
/// # Errors
/// When `path` or a directory under it cannot be read.
pub fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let metadata = std::fs::metadata(path).with_context(|| format!("cannot read {}; skipped", path.display()))?;
    if !metadata.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("cannot list directory {}; skipped", path.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_files(&entry, files)?;
        } else if has_source_extension(&entry) {
            files.push(entry);
        }
    }
    Ok(())
}

fn has_source_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SOURCE_EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
}

/// Reads a regular file's bytes, at most one byte past the largest source
/// the parser accepts, so the parser can name the limit while a huge file
/// never fills memory.
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
    let limit = MAX_TEXT_BYTES.max(MAX_WORKBOOK_BYTES) as u64 + 1;
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).with_context(|| format!("cannot read {}; skipped", path.display()))?;
    Ok(bytes)
}
