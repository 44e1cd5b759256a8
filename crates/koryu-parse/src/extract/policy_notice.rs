//! The basic policy notice (防衛交流の基本方針について（通達）, corpus 000): its
//! header of document numbers and letter-spaced dates becomes
//! [`DocumentInfo`]; its prose is structure and gives no event mentions.
//!
//! A notice opens with its header: rows of a document number
//! (`防 防 国 第 3 9 2 3 号`) each over a date row (`1 9 . 4 . 1 3`, or
//! `一 部 改 正 2 6 . 7 . 2 5` for an amendment), then the addressees
//! (`各幕僚長`, `情報本部長殿`), the issuer (`事務次官`) and the title line
//! ending in （通達）. The dates are era.month.day in the document's era,
//! which is the first era the document names anywhere (000 names 平成 only
//! in its prose). Lines before the title that are none of these are left
//! for `unparsed-text`; the title and everything after it (the body, the
//! annex, its headings) are structure, since a notice states policy, not
//! exchanges.

use crate::coverage::{Coverage, LineStatus};
use crate::date::{self, Context, DateError};
use crate::extract::sink::Sink;
use crate::gazetteer::nfkc_compact;
use crate::read::Page;
use crate::text::MappedText;
use crate::SourceMeta;
use koryu_model::{Code, Diagnostic, DocKind, DocumentInfo, Edtf, Era, HistoryAction, HistoryEntry};
use std::ops::Range;

/// How far down a notice's title may stand, in lines: the header above it
/// is a few rows of numbers, addressees and the issuer.
const MAX_HEADER_LINES: usize = 60;

/// Longest line (characters, spaces removed) read as an addressee or the
/// issuer: office titles are short (`各地方防衛局長`); a longer line is prose.
const MAX_ADDRESSEE_CHARS: usize = 20;

/// True when the text is a notice: it calls itself a 通達 near its top, or
/// it opens with a document number row over a date row.
pub fn is_policy_notice(pages: &[Page]) -> bool {
    pages.iter().any(|p| {
        let mut head = p.text.as_str().lines().filter(|l| !l.trim().is_empty()).take(MAX_HEADER_LINES);
        let opens_with_history = {
            let mut first_two = p.text.as_str().lines().filter(|l| !l.trim().is_empty()).take(2);
            let number = first_two.next().and_then(document_number).is_some();
            // Any era answers whether the line is a date row; the date
            // itself is not used here.
            number && first_two.next().is_some_and(|l| date_row(l, Some(Era::Heisei)).is_some())
        };
        opens_with_history || head.any(is_title_line)
    })
}

/// The era the notice's header dates are in: the first era the document
/// names (`平成17年度` in 000's prose), or `None`.
pub fn document_era(pages: &[Page]) -> Option<Era> {
    pages.iter().find_map(|p| date::first_era_named(p.text.as_str()))
}

/// Reads one page of a notice: the header into [`DocumentInfo`], every other
/// non-blank line it can place marked as structure.
pub fn extract_page(
    page: &Page,
    meta: &SourceMeta,
    era: Option<Era>,
    coverage: &mut Coverage,
) -> (Vec<Diagnostic>, DocumentInfo) {
    let mut sink = Sink {
        meta,
        doc_kind: DocKind::PolicyNotice,
        sheet: page.sheet.clone(),
        source: page.text.as_str(),
        mentions: Vec::new(),
        diagnostics: Vec::new(),
        coverage,
        text_file: page.sheet.is_none(),
    };
    let text = &page.text;
    let lines = non_blank_lines(text.as_str());
    let title_idx =
        lines.iter().take(MAX_HEADER_LINES).position(|r| text.as_str().get(r.clone()).is_some_and(is_title_line));
    let mut header = Header { era, pending: None, info: DocumentInfo::default() };
    let mut in_body = false;
    for (idx, range) in lines.iter().enumerate() {
        let Some(line) = text.as_str().get(range.clone()) else { continue };
        if in_body {
            sink.mark(text, range.clone(), LineStatus::Structure);
            continue;
        }
        if Some(idx) == title_idx {
            header.info.title = Some(line.trim().to_owned());
            sink.mark(text, range.clone(), LineStatus::Structure);
            in_body = true;
            continue;
        }
        let placed = header.line(&mut sink, text, range.clone(), line);
        // Without a title line, the header ends at the first line it cannot
        // place, and the rest is the body.
        if !placed && title_idx.is_none() {
            header.finish(&mut sink, text);
            sink.mark(text, range.clone(), LineStatus::Structure);
            in_body = true;
        }
    }
    header.finish(&mut sink, text);
    let mut info = header.info;
    info.document_date = info.document_history.iter().filter_map(|e| e.date).max_by_key(|d| d.first_date());
    (sink.diagnostics, info)
}

/// The header rows read so far.
struct Header {
    era: Option<Era>,
    /// A document number waiting for its date row, with where it stood.
    pending: Option<(String, Range<usize>)>,
    info: DocumentInfo,
}

impl Header {
    /// Reads one line before the title; `false` when it is none of a
    /// number row, a date row, an addressee or the issuer (the line stays
    /// pending, so it becomes `unparsed-text`).
    fn line(&mut self, sink: &mut Sink<'_>, text: &MappedText, range: Range<usize>, line: &str) -> bool {
        if let Some(number) = document_number(line) {
            self.finish(sink, text);
            self.pending = Some((number, range.clone()));
            sink.mark(text, range, LineStatus::Structure);
            return true;
        }
        if let Some((action, result)) = date_row(line, self.era) {
            let number = self.pending.take().map(|(number, _)| number);
            let date = match result {
                Ok(date) => Some(date),
                Err(DateRowError::NoEra) => {
                    sink.diagnostic(
                        Code::NoticeEraUnknown,
                        text,
                        range.clone(),
                        "this header date gives no era and the document names none; write the era (平成19年4月13日) or check the file",
                    );
                    None
                }
                Err(DateRowError::Date(err)) => {
                    let code = err.code().unwrap_or(Code::InvalidDate);
                    sink.diagnostic(code, text, range.clone(), format!("{err}; correct the header date"));
                    None
                }
            };
            if number.is_none() {
                sink.diagnostic(
                    Code::NoticeHistoryIncomplete,
                    text,
                    range.clone(),
                    "this header date has no document number row above it; the history row is stored without a number",
                );
            }
            self.info.document_history.push(HistoryEntry { action, number, date });
            sink.mark(text, range, LineStatus::Structure);
            return true;
        }
        if is_addressee(line) {
            self.finish(sink, text);
            sink.mark(text, range, LineStatus::Structure);
            return true;
        }
        false
    }

    /// Stores a document number still waiting for its date, as a row
    /// without a date and with a diagnostic.
    fn finish(&mut self, sink: &mut Sink<'_>, text: &MappedText) {
        if let Some((number, range)) = self.pending.take() {
            sink.diagnostic(
                Code::NoticeHistoryIncomplete,
                text,
                range,
                "this document number has no date row under it; the history row is stored without a date",
            );
            let action =
                if self.info.document_history.is_empty() { HistoryAction::Issued } else { HistoryAction::Amended };
            self.info.document_history.push(HistoryEntry { action, number: Some(number), date: None });
        }
    }
}

/// Why a date row gave no date.
enum DateRowError {
    /// The row is era shorthand and the document names no era.
    NoEra,
    /// The row names a date that cannot be (`2 6 . 2 . 3 0`).
    Date(DateError),
}

/// The title line: it ends with （通達） (NFKC `(通達)`).
fn is_title_line(line: &str) -> bool {
    nfkc_compact(line).ends_with("(通達)")
}

/// The document number of a number row (`防 防 国 第 3 9 2 3 号` →
/// `防防国第3923号`, NFKC so full-width digits become ASCII), or `None`.
fn document_number(line: &str) -> Option<String> {
    let compact = nfkc_compact(line);
    let body = compact.strip_suffix('号')?;
    let (prefix, digits) = body.rsplit_once('第')?;
    // Issuing-office codes are kanji (防防国, 防人育): `…の第2号` is prose.
    let prefix_ok = !prefix.is_empty() && prefix.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let digits_ok = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    (prefix_ok && digits_ok).then_some(compact)
}

/// A date row's action and date: `一部改正 …` is an amendment, a bare date
/// the issue. `None` when the line is not a date row at all.
fn date_row(line: &str, era: Option<Era>) -> Option<(HistoryAction, Result<Edtf, DateRowError>)> {
    let compact = nfkc_compact(line);
    let action = if compact.contains("改正") { HistoryAction::Amended } else { HistoryAction::Issued };
    let resolve = |era: Option<Era>| {
        let ctx = Context { document_era: era, era_month_shorthand: true, ..Context::default() };
        date::resolve(line.trim(), &ctx)
    };
    let result = match resolve(era) {
        Ok(resolved) => Ok(resolved.date?),
        Err(DateError::NotADate(_)) if era.is_none() => {
            // Era shorthand reads as "not a date" without an era. Whether
            // the row is one is asked with any era; its value is never
            // used, so nothing is guessed.
            resolve(Some(Era::Heisei)).ok()?;
            Err(DateRowError::NoEra)
        }
        Err(DateError::NotADate(_) | DateError::NeedsContext { .. }) => return None,
        Err(err) => Err(DateRowError::Date(err)),
    };
    Some((action, result))
}

/// An addressee or the issuer: a short office title (`各幕僚長`,
/// `情報本部長殿`, `事務次官`, `防衛監察監`), no sentence punctuation.
fn is_addressee(line: &str) -> bool {
    let compact = nfkc_compact(line);
    let n_chars = compact.chars().count();
    (1..=MAX_ADDRESSEE_CHARS).contains(&n_chars)
        && !compact.contains(['。', '、'])
        && compact.chars().all(is_cjk)
        && ['長', '殿', '官', '監'].iter().any(|end| compact.ends_with(*end))
}

/// Kanji, kana or the iteration mark: what office titles and number
/// prefixes are written in.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3005}' | '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Byte ranges of the non-blank lines of `text`, without their line breaks.
fn non_blank_lines(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in text.match_indices('\n').map(|(i, _)| i).chain(std::iter::once(text.len())) {
        let line = text.get(start..end).unwrap_or("");
        let trimmed_end = start + line.trim_end_matches('\r').len();
        if !line.trim().is_empty() {
            lines.push(start..trimmed_end);
        }
        start = end + 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers() {
        assert_eq!(document_number("防 防 国 第 3 9 2 3 号  ").as_deref(), Some("防防国第3923号"));
        assert_eq!(document_number("防防国第１２３号").as_deref(), Some("防防国第123号"));
        assert_eq!(document_number("第3号"), None);
        assert_eq!(document_number("防衛交流の第2号"), None);
        assert_eq!(document_number("防防国第号"), None);
        assert_eq!(document_number("防防国第12a号"), None);
    }

    #[test]
    fn date_rows() {
        let heisei = Some(Era::Heisei);
        let (action, date) = date_row("1 9 . 4 . 1 3  ", heisei).unwrap();
        assert_eq!((action, date.ok().map(|d| d.to_string())), (HistoryAction::Issued, Some("2007-04-13".to_owned())));
        let (action, date) = date_row("一 部 改 正 2 7 . 1 0 . 1", heisei).unwrap();
        assert_eq!((action, date.ok().map(|d| d.to_string())), (HistoryAction::Amended, Some("2015-10-01".to_owned())));
        let (_, date) = date_row("平成19年4月13日", None).unwrap();
        assert_eq!(date.ok().map(|d| d.to_string()), Some("2007-04-13".to_owned()));
        assert!(matches!(date_row("1 9 . 4 . 1 3", None), Some((_, Err(DateRowError::NoEra)))));
        assert!(date_row("各幕僚長", heisei).is_none());
        assert!(date_row("事務次官", None).is_none());
    }

    #[test]
    fn addressees() {
        for line in ["大 臣 官 房 長  ", "情 報 本 部 長 殿  ", "事 務 次 官", "防 衛 監 察 監  ", "施設等機関の長"]
        {
            assert!(is_addressee(line), "{line}");
        }
        for line in ["防衛交流の基本方針について（通達）", "標記について、通達する。", "添付書類：防衛交流の基本方針"]
        {
            assert!(!is_addressee(line), "{line}");
        }
    }
}
