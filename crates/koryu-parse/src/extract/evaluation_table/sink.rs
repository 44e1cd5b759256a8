//! Where the evaluation-table extractor puts what it finds: mentions,
//! diagnostics and line coverage, all positioned through the cleaned text.

use crate::coverage::{Coverage, LineStatus};
use crate::extract::truncate;
use crate::text::MappedText;
use crate::SourceMeta;
use koryu_model::{
    Category, Code, CountDetail, CountryCode, DatePrecision, Diagnostic, Direction, DocKind, Edtf, Mention,
    MentionKind, Mode, Role, Status,
};
use std::ops::Range;

/// The fields of a mention the extractor decides; the rest (position,
/// source) the sink fills in.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub kind: MentionKind,
    pub category: Category,
    pub title: String,
    pub title_raw: String,
    pub date: Option<Edtf>,
    pub date_raw: Option<String>,
    pub date_precision: Option<DatePrecision>,
    pub fiscal_year: Option<i32>,
    pub countries: Vec<CountryCode>,
    pub header_raw: Option<String>,
    pub mode: Option<Mode>,
    pub direction: Option<Direction>,
    pub location: Option<String>,
    pub jp_roles: Vec<Role>,
    pub status: Status,
    pub count: Option<i64>,
    pub count_detail: Option<CountDetail>,
    pub section: Option<String>,
    pub occurrence: u32,
}

impl Draft {
    /// An `event` mention of `category` with every optional field empty.
    pub fn event(category: Category) -> Draft {
        Draft {
            kind: MentionKind::Event,
            category,
            title: String::new(),
            title_raw: String::new(),
            date: None,
            date_raw: None,
            date_precision: None,
            fiscal_year: None,
            countries: Vec::new(),
            header_raw: None,
            mode: None,
            direction: None,
            location: None,
            jp_roles: Vec::new(),
            status: Status::Held,
            count: None,
            count_detail: None,
            section: None,
            occurrence: 0,
        }
    }
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
}

/// Longest excerpt a diagnostic carries, in characters.
const MAX_EXCERPT_CHARS: usize = 200;

impl Sink<'_> {
    /// Adds a mention standing at `range` of `text`, and marks its lines.
    pub fn mention(&mut self, draft: Draft, text: &MappedText, range: Range<usize>) {
        let mut span = text.span(range.clone());
        span.sheet.clone_from(&self.sheet);
        self.mark(text, range, LineStatus::Mention);
        self.mentions.push(Mention {
            mention_id: String::new(),
            event_id: String::new(),
            kind: draft.kind,
            category: draft.category,
            title: draft.title,
            title_raw: draft.title_raw,
            date: draft.date,
            date_raw: draft.date_raw,
            date_precision: draft.date_precision,
            fiscal_year: draft.fiscal_year,
            countries: draft.countries,
            header_raw: draft.header_raw,
            mode: draft.mode,
            direction: draft.direction,
            location: draft.location,
            jp_roles: draft.jp_roles,
            status: draft.status,
            count: draft.count,
            count_detail: draft.count_detail,
            source_file: self.meta.source_file.clone(),
            source_sha256: self.meta.source_sha256.clone(),
            source_doc_kind: self.doc_kind,
            section: draft.section,
            line: span.line,
            column: span.column,
            sheet: self.sheet.clone(),
            span,
            occurrence: draft.occurrence,
        });
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
        let raw = if self.doc_kind == DocKind::EvaluationTable {
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
