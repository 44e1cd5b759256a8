//! JSON Lines export: one object per line, fields in schema.md's order.

use serde::Serialize;
use std::io::Write as _;
use std::path::Path;

/// Writes `rows` to `path`, one JSON object per line, through the records'
/// own serde (so the field names are the model's, which are schema.md's).
///
/// # Errors
/// The file cannot be created or written.
pub fn write_jsonl<T: Serialize>(path: &Path, rows: &[T]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for row in rows {
        serde_json::to_writer(&mut out, row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
