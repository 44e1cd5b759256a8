//! Where every extractor puts what it finds: mentions, diagnostics and line
//! coverage, all positioned through the cleaned text.

use crate::coverage::{Coverage, LineStatus};
use crate::extract::truncate;
use crate::text::MappedText;
use crate::SourceMeta;
use koryu_model::{Category, Code, Diagnostic, DocKind, Mention, MentionKind};
use std::ops::Range;

/// A mention while the extractor fills in what it decides; the sink fills
/// in the rest (position, source) when it takes it.
pub(crate) type Draft = Mention;

/// An `event` mention of `category` with every optional field empty.
pub(crate) fn draft_event(category: Category) -> Draft {
    // The sink sets the real doc kind, position and source in `mention`.
    Mention::new(MentionKind::Event, category, DocKind::EvaluationTable)
}

/// Collects one page's results.
pub(crate) struct Sink<'a> {
    pub meta: &'a SourceMeta,
    pub doc_kind: DocKind,
    pub sheet: Option<String>,
    /// The page's text before clean-up, for excerpts (`excerpt ==
    /// source[span]`).
    pub source: &'a str,
    pub mentions: Vec<Mention>,
    pub diagnostics: Vec<Diagnostic>,
    pub coverage: &'a mut Coverage,
    /// The page is a text file's whole text, so span bytes index `source`.
    pub text_file: bool,
}

/// Longest excerpt a diagnostic carries, in characters.
const MAX_EXCERPT_CHARS: usize = 200;

impl Sink<'_> {
    /// Adds a mention standing at `range` of `text`, and marks its lines.
    pub fn mention(&mut self, draft: Draft, text: &MappedText, range: Range<usize>) {
        let mut span = text.span(range.clone());
        span.sheet.clone_from(&self.sheet);
        self.mark(text, range, LineStatus::Mention);
        let mut mention = draft;
        mention.source_file.clone_from(&self.meta.source_file);
        mention.source_sha256.clone_from(&self.meta.source_sha256);
        mention.source_doc_kind = self.doc_kind;
        mention.line = span.line;
        mention.column = span.column;
        mention.sheet.clone_from(&self.sheet);
        mention.span = span;
        self.mentions.push(mention);
    }

    /// Adds a diagnostic about `range` of `text`; its excerpt is the text
    /// there as written.
    pub fn diagnostic(
        &mut self,
        code: Code,
        text: &MappedText,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let mut span = text.span(range.clone());
        span.sheet.clone_from(&self.sheet);
        // Byte offsets index the page text only for a text file; a CSV row
        // or a sheet cell gives offsets inside its cell, so its excerpt is
        // the cleaned text of the range.
        let raw = if self.sheet.is_none() && self.text_file {
            self.source.get(span.byte_start..span.byte_end)
        } else {
            text.as_str().get(range)
        };
        let excerpt = truncate(raw.unwrap_or(""), MAX_EXCERPT_CHARS);
        self.diagnostics.push(Diagnostic::new(code, span, message, excerpt));
        let last = self.diagnostics.len() - 1;
        // OK because an element was pushed on the line above.
        self.diagnostics.get_mut(last).expect("just pushed")
    }

    /// Marks every original line that `range` of `text` came from.
    pub fn mark(&mut self, text: &MappedText, range: Range<usize>, status: LineStatus) {
        for line in text.lines_of(range) {
            self.coverage.mark(line, status);
        }
    }
}
