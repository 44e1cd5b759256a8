//! Document → mentions: picks the extractor for the document's kind and
//! accounts for every line.

pub mod evaluation_table;
pub mod policy_notice;
pub(crate) mod sink;
pub mod white_paper;

use crate::coverage::{Coverage, LineStatus};
use crate::read::{Document, Format};
use crate::{Extracted, SourceMeta};
use koryu_model::{Code, Diagnostic, DocKind, DocumentInfo, SourceSpan};

/// The kind of a document, from its content: an evaluation table names the
/// 事前分析表 or has fiscal-year blocks of 【header】 items; a notice is a
/// 通達 with document numbers in its header; any other text is a white paper.
/// A CSV or sheet keeps its format as kind (schema.md `source_doc_kind`).
pub fn detect_kind(document: &Document) -> DocKind {
    if document.format != Format::Text {
        return document.default_doc_kind();
    }
    if evaluation_table::is_evaluation_table(&document.pages) {
        DocKind::EvaluationTable
    } else if policy_notice::is_policy_notice(&document.pages) {
        DocKind::PolicyNotice
    } else {
        DocKind::WhitePaper
    }
}

/// Runs the extractor that fits `document` (or `meta.kind`, when the user
/// named one) and reports every non-blank line that no extractor claimed as
/// `unparsed-text`.
pub fn extract_document(document: &Document, meta: &SourceMeta) -> Extracted {
    let mut diagnostics = document.diagnostics.clone();
    let mut coverage = Vec::new();
    for page in &document.pages {
        let mut page_coverage = Coverage::new(page.blank.iter().copied());
        page_coverage.sheet = page.sheet.clone();
        // A line the reader emptied (a per-line limit) was reported there.
        for line in &page.skipped {
            page_coverage.mark(*line, LineStatus::Unparsed);
        }
        coverage.push(page_coverage);
    }
    let mut mentions = Vec::new();
    let mut info = DocumentInfo::default();
    // `--kind` names a text document's kind; a CSV or sheet keeps its
    // format as kind (schema.md `source_doc_kind`).
    let doc_kind = match meta.kind {
        Some(kind) if document.format == Format::Text => kind,
        _ => detect_kind(document),
    };
    let tabular = matches!(doc_kind, DocKind::Spreadsheet | DocKind::Csv);
    if doc_kind == DocKind::EvaluationTable || (tabular && evaluation_table::is_evaluation_table(&document.pages)) {
        let era = evaluation_table::document_era(&document.pages, meta);
        info = evaluation_table::document_info(&document.pages, era);
        for (page, page_coverage) in document.pages.iter().zip(coverage.iter_mut()) {
            let (page_mentions, page_diagnostics) =
                evaluation_table::extract_page(page, meta, doc_kind, era, page_coverage);
            mentions.extend(page_mentions);
            diagnostics.extend(page_diagnostics);
        }
    } else if doc_kind == DocKind::PolicyNotice {
        let era = policy_notice::document_era(&document.pages);
        for (page, page_coverage) in document.pages.iter().zip(coverage.iter_mut()) {
            let (page_diagnostics, page_info) = policy_notice::extract_page(page, meta, era, page_coverage);
            diagnostics.extend(page_diagnostics);
            merge_info(&mut info, page_info);
        }
    } else if doc_kind == DocKind::WhitePaper {
        for (page, page_coverage) in document.pages.iter().zip(coverage.iter_mut()) {
            let (page_mentions, page_diagnostics, page_info) = white_paper::extract_page(page, meta, page_coverage);
            mentions.extend(page_mentions);
            diagnostics.extend(page_diagnostics);
            merge_info(&mut info, page_info);
        }
    }
    for (page, page_coverage) in document.pages.iter().zip(coverage.iter_mut()) {
        report_unparsed(page, page_coverage, &mut diagnostics);
    }
    for d in &mut diagnostics {
        d.source_file.clone_from(&meta.source_file);
    }
    Extracted {
        doc_kind,
        encoding: document.encoding.clone(),
        mentions,
        diagnostics,
        coverage,
        document: info,
        sections: Vec::new(),
    }
}

/// Keeps the first page's title and date; history rows accumulate.
fn merge_info(into: &mut DocumentInfo, page: DocumentInfo) {
    if into.title.is_none() {
        into.title = page.title;
    }
    if into.document_date.is_none() {
        into.document_date = page.document_date;
    }
    into.document_history.extend(page.document_history);
}

/// Turns every still-pending line of `page` into an `unparsed-text` diagnostic.
fn report_unparsed(page: &crate::read::Page, coverage: &mut Coverage, diagnostics: &mut Vec<Diagnostic>) {
    let text = page.text.as_str();
    let mut line_starts = vec![0usize];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    for line in coverage.pending() {
        let idx = line as usize - 1;
        let start = line_starts.get(idx).copied().unwrap_or(0);
        let end = line_starts.get(idx + 1).map_or(text.len(), |e| e - 1);
        // A CRLF line's `\r` is no part of it: the span ends where the excerpt does.
        let excerpt = text.get(start..end).unwrap_or("").trim_end_matches('\r');
        let end = start + excerpt.len();
        let span = SourceSpan { line, column: 1, byte_start: start, byte_end: end, sheet: page.sheet.clone() };
        diagnostics.push(Diagnostic::new(
            Code::UnparsedText,
            span,
            "this line holds no recognised event, heading or header; check it by hand or report the pattern",
            truncate(excerpt, 200),
        ));
        coverage.mark(line, LineStatus::Unparsed);
    }
}

/// At most `max` characters of `text`, so a 4 MB line does not become a
/// 4 MB excerpt.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &text[..idx]),
        None => text.to_owned(),
    }
}
