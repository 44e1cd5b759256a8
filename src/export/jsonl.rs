//! JSON Lines export: one object per line, fields in schema.md's order.

use serde::Serialize;
use std::io::Write as _;

/// Writes `rows` one JSON object per line, through the records' own serde
/// (so the field names are the model's, which are schema.md's), into a file
/// or stdout (`export --out -`).
///
/// # Errors
/// The writer fails.
pub fn write_jsonl_to<T: Serialize>(out: impl std::io::Write, rows: &[T]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    for row in rows {
        serde_json::to_writer(&mut out, row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
