//! Per-line accounting: every non-blank line is a mention, structure or unparsed.

/// What became of one original line (schema.md: nothing is dropped silently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineStatus {
    /// Only whitespace.
    Blank,
    /// Not yet accounted for; after extraction no non-blank line stays here.
    Pending,
    /// Recognised structure: a heading, a header, a layout label, boilerplate.
    Structure,
    /// Covered by at least one mention's span.
    Mention,
    /// Reported as an `unparsed-text` diagnostic.
    Unparsed,
}

/// Line statuses of one page (a text file, or one sheet by row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// The sheet these rows belong to; `None` for a text file.
    pub sheet: Option<String>,
    /// `lines[i]` is the status of line `i + 1`.
    pub lines: Vec<LineStatus>,
}

impl Coverage {
    /// A coverage for `n_lines` lines, all pending; `blank(i)` says which are blank.
    pub fn new(blank: impl Iterator<Item = bool>) -> Coverage {
        Coverage {
            sheet: None,
            lines: blank.map(|b| if b { LineStatus::Blank } else { LineStatus::Pending }).collect(),
        }
    }

    /// Raises the status of 1-based `line` to `status` (Mention beats
    /// Structure beats Unparsed beats Pending); blank lines stay blank.
    pub fn mark(&mut self, line: u32, status: LineStatus) {
        let Some(idx) = (line as usize).checked_sub(1) else { return };
        if let Some(slot) = self.lines.get_mut(idx) {
            if *slot != LineStatus::Blank && rank(status) > rank(*slot) {
                *slot = status;
            }
        }
    }

    pub fn count(&self, status: LineStatus) -> usize {
        self.lines.iter().filter(|s| **s == status).count()
    }

    /// Non-blank lines.
    pub fn non_blank(&self) -> usize {
        self.lines.len() - self.count(LineStatus::Blank)
    }

    /// 1-based numbers of the lines still pending.
    pub fn pending(&self) -> Vec<u32> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == LineStatus::Pending)
            .filter_map(|(i, _)| u32::try_from(i + 1).ok())
            .collect()
    }
}

fn rank(status: LineStatus) -> u8 {
    match status {
        LineStatus::Blank => 0,
        LineStatus::Pending => 1,
        LineStatus::Unparsed => 2,
        LineStatus::Structure => 3,
        LineStatus::Mention => 4,
    }
}
