//! Document → mentions: picks the extractor for the document's kind and
//! accounts for every line.

pub mod evaluation_table;

use crate::coverage::{Coverage, LineStatus};
use crate::read::{Document, Format};
use crate::{Extracted, SourceMeta};
use koryu_model::{Code, Diagnostic, DocKind, SourceSpan};

/// Runs the extractor that fits `document` and reports every non-blank line
/// that no extractor claimed as `unparsed-text`.
pub fn extract_document(document: &Document, meta: &SourceMeta) -> Extracted {
    let mut diagnostics = document.diagnostics.clone();
    let mut coverage = Vec::new();
    for page in &document.pages {
        let mut page_coverage = Coverage::new(page.blank.iter().copied());
        page_coverage.sheet = page.sheet.clone();
        coverage.push(page_coverage);
    }
    let mut mentions = Vec::new();
    let mut doc_kind = document.default_doc_kind();
    if evaluation_table::is_evaluation_table(&document.pages) {
        // A text file is the evaluation table itself; a sheet or CSV keeps
        // its format as the kind (schema.md `source_doc_kind`).
        if document.format == Format::Text {
            doc_kind = DocKind::EvaluationTable;
        }
        let era = evaluation_table::document_era(&document.pages);
        for (page, page_coverage) in document.pages.iter().zip(coverage.iter_mut()) {
            let (page_mentions, page_diagnostics) =
                evaluation_table::extract_page(page, meta, doc_kind, era, page_coverage);
            mentions.extend(page_mentions);
            diagnostics.extend(page_diagnostics);
        }
    }
    for (page, page_coverage) in document.pages.iter().zip(coverage.iter_mut()) {
        report_unparsed(page, page_coverage, &mut diagnostics);
    }
    for d in &mut diagnostics {
        d.source_file.clone_from(&meta.source_file);
    }
    Extracted { doc_kind, encoding: document.encoding.clone(), mentions, diagnostics, coverage }
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
        let excerpt = text.get(start..end).unwrap_or("").trim_end_matches('\r');
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
