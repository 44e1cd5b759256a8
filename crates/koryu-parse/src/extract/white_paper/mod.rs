//! The Defense White Paper (防衛白書, corpus files 001, 003, 004) and text of
//! other editions in the same style: tables of visits and projects,
//! agreement boxes and the narrative, read into mentions.
//!
//! A page is walked line by line. At each line the table readers are asked
//! first ([`visits`], [`projects`], [`agreements`]); each claims the lines of
//! its table and returns where it ended. Headings, captions, page headers
//! and footnotes are recognised structure. Every other line joins the
//! narrative stream of the current section, which [`narrative`] splits into
//! sentences (a hard-wrapped edition cuts sentences and dates across lines
//! and a table may interrupt one, so lines are joined before splitting).

mod agreements;
mod narrative;
mod projects;
mod visits;

use crate::coverage::Coverage;
use crate::extract::sink::Sink;
use crate::read::Page;
use crate::text::MappedText;
use crate::SourceMeta;
use koryu_model::{Diagnostic, DocKind, DocumentInfo, Mention};
use std::ops::Range;

/// What the whole document tells every reader: the edition and its year.
#[derive(Debug, Clone, Default)]
pub(crate) struct Edition {
    /// The title as printed (`平成27年版 防衛白書`), if the text has it.
    pub title: Option<String>,
    /// The edition year (`平成21年版` → 2009): 本年 is this year, 昨年 the one before.
    pub year: Option<i32>,
}

/// The lines of a page: byte ranges into the page text, without the `\n`
/// (and without a `\r` before it).
pub(crate) struct Lines<'a> {
    pub text: &'a MappedText,
    pub ranges: Vec<Range<usize>>,
}

impl Lines<'_> {
    /// The text of line index `i` (0-based), or `""` past the end.
    pub fn get(&self, i: usize) -> &str {
        self.ranges.get(i).and_then(|r| self.text.as_str().get(r.clone())).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }
}

/// Extracts one page of a white paper; also returns what the page says
/// about the document (title, edition year).
pub fn extract_page(page: &Page, meta: &SourceMeta, coverage: &mut Coverage) -> (Vec<Mention>, Vec<Diagnostic>, DocumentInfo) {
    let text = &page.text;
    let mut sink = Sink {
        meta,
        doc_kind: DocKind::WhitePaper,
        sheet: page.sheet.clone(),
        source: text.as_str(),
        mentions: Vec::new(),
        diagnostics: Vec::new(),
        coverage,
        text_file: page.sheet.is_none(),
    };
    let lines = Lines { text, ranges: line_ranges(text.as_str()) };
    let edition = Edition::default();
    let mut i = 0;
    while i < lines.len() {
        if let Some(next) = visits::extract(&mut sink, &lines, i, &edition)
            .or_else(|| projects::extract(&mut sink, &lines, i, &edition))
            .or_else(|| agreements::extract(&mut sink, &lines, i, &edition))
        {
            // A reader always claims at least its first line.
            i = next.max(i + 1);
            continue;
        }
        // TODO(narrative): headings, captions, page headers, footnotes,
        // and the narrative stream of each section.
        i += 1;
    }
    let _ = narrative::MODULE;
    let info = DocumentInfo { title: edition.title.clone(), document_date: None, document_history: Vec::new() };
    (sink.mentions, sink.diagnostics, info)
}

/// Byte ranges of the lines of `text`, without `\n` and a `\r` before it.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in text.match_indices('\n').map(|(i, _)| i).chain(std::iter::once(text.len())) {
        let trimmed = if text.get(start..end).is_some_and(|l| l.ends_with('\r')) { end - 1 } else { end };
        ranges.push(start..trimmed);
        start = end + 1;
    }
    ranges
}
