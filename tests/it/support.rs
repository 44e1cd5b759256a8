//! What several test modules share: where the real corpus is.

use std::path::PathBuf;

/// A file of the real corpus: `$KORYU_CORPUS/NAME`, else
/// `../shared/corpus/NAME` beside the repository. `None` (with a note) when
/// it is missing outside CI; under CI a missing corpus fails the test, so a
/// misconfigured runner cannot pass by testing nothing.
pub fn corpus_file(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("KORYU_CORPUS")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from);
    let path = dir.join(name);
    if path.is_file() {
        // Absolute, because tests run the binary from a temporary directory
        // and `KORYU_CORPUS` may be relative (`.ci/run`'s default is).
        return Some(std::path::absolute(&path).unwrap_or(path));
    }
    assert!(std::env::var_os("CI").is_none(), "corpus file {} is missing under CI (set KORYU_CORPUS)", path.display());
    eprintln!("note: skipping, corpus file {} not found", path.display());
    None
}
