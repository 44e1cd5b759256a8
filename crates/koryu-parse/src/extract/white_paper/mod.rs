//! The Defense White Paper (防衛白書, corpus files 001, 003, 004) and text of
//! other editions in the same style: tables of visits and projects,
//! agreement boxes and the narrative, read into mentions.
//!
//! Before the walk, the page is copied without what would hide its text:
//! Markdown markup (`markdown`), a chronology's yearless `M.D` entries given
//! their year (`chronology`), full-width letters as ASCII.
//!
//! A page is walked line by line. At each line the table readers are asked
//! first (`visits`, `projects`, `agreements`, `exercises`, `columns`); each claims the lines of its
//! table and returns where it ended. `structure` says what any other line
//! is: headings (which close a section), captions, references, page
//! headers, footnotes, glosses, side labels are recognised structure; prose
//! joins the text of the current section, which `narrative` cuts into
//! sentences and reads with `exchange` (a hard-wrapped edition cuts
//! sentences and dates across lines and a table may interrupt one, so lines
//! are joined before cutting). `edition` finds the title and edition year
//! first, since 本年 may come before the page header that names it.

mod agreements;
mod chronology;
mod columns;
mod edition;
mod exchange;
mod exercises;
mod markdown;
mod narrative;
mod projects;
mod structure;
mod visits;

use crate::coverage::{Coverage, LineStatus};
use crate::extract::sink::Sink;
use crate::read::Page;
use crate::text::MappedText;
use crate::SourceMeta;
use koryu_model::{Diagnostic, DocKind, DocumentInfo, Edtf, Mention, PartialDate};
use std::ops::Range;
use structure::{Layout, LineKind};

/// Most lines a cross-reference's open bracket may run over
/// (`資料54（…（アジア太平洋` ⏎ `地域・最近5年間））`).
const MAX_REFERENCE_LINES: usize = 3;

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

/// Reads the prose `reader` holds, as a chronology's entry or as prose.
fn flush(reader: &mut narrative::Reader, sink: &mut Sink<'_>, entry: bool) {
    if entry {
        reader.flush_entry(sink);
    } else {
        reader.flush(sink);
    }
}

/// Extracts one page of a white paper; also returns what the page says
/// about the document (title, edition year).
pub fn extract_page(
    page: &Page,
    meta: &SourceMeta,
    coverage: &mut Coverage,
) -> (Vec<Mention>, Vec<Diagnostic>, DocumentInfo) {
    // Markdown copied from the web edition is read without its markup.
    let ranges = crate::layout::line_ranges(page.text.as_str());
    let plain = markdown::plain_edits(page.text.as_str(), &ranges);
    let unmarked = plain.as_ref().map(|p| page.text.replaced(&p.edits));
    let text = unmarked.as_ref().unwrap_or(&page.text);
    // A chronology that writes its year once, on a row, gets it written
    // into each `M.D` entry.
    // (The page's line ranges serve when no Markdown was removed.)
    let unmarked_ranges;
    let text_ranges: &[Range<usize>] = match unmarked {
        Some(_) => {
            unmarked_ranges = crate::layout::line_ranges(text.as_str());
            &unmarked_ranges
        }
        None => &ranges,
    };
    let chronology = chronology::dated_entries(text.as_str(), text_ranges);
    let dated = chronology.as_ref().map(|c| {
        let edits: Vec<(std::ops::Range<usize>, &str)> = c.edits.iter().map(|(r, w)| (r.clone(), w.as_str())).collect();
        text.replaced(&edits)
    });
    let year_rows: Vec<(std::ops::Range<usize>, &MappedText)> =
        chronology.iter().flat_map(|c| c.year_rows.iter().chain(&c.headers).map(|r| (r.clone(), text))).collect();
    let text = dated.as_ref().unwrap_or(text);
    // So are full-width letters: `ＡＲＦ` is read as `ARF`.
    let widths = structure::full_width_edits(text.as_str());
    let narrow = (!widths.is_empty()).then(|| text.replaced(&widths));
    let text = narrow.as_ref().unwrap_or(text);
    let mut sink = Sink {
        meta,
        doc_kind: DocKind::WhitePaper,
        sheet: page.sheet.clone(),
        // Excerpts are cut from the page as read, whatever the clean-up.
        source: page.text.as_str(),
        mentions: Vec::new(),
        diagnostics: Vec::new(),
        coverage,
        text_file: page.sheet.is_none(),
    };
    // The year rows and column headers of a chronology are structure.
    for (range, text) in year_rows {
        sink.mark(text, range, LineStatus::Structure);
    }
    // Table rules and footnote definitions of the Markdown are structure.
    for range in plain.as_ref().map_or(&[][..], |p| p.markup_only.as_slice()) {
        sink.mark(&page.text, range.clone(), LineStatus::Structure);
    }
    let lines = Lines { text, ranges: crate::layout::line_ranges(text.as_str()) };
    // Tables a PDF letter-spaced (`豪　州　　防 衛 大 臣　　2 3 . 9`) are read
    // with the single spaces between their characters removed; no line is
    // removed, so a line index means the same line in both.
    // So are the frames of a box drawn with bars (`┃KEY WORD　…`).
    let mut cuts = structure::letter_spacing(&lines);
    cuts.extend(structure::box_frames(&lines));
    let despaced = (!cuts.is_empty()).then(|| text.without(&cuts));
    let despaced_lines = despaced.as_ref().map(|t| Lines { text: t, ranges: crate::layout::line_ranges(t.as_str()) });
    let tables = despaced_lines.as_ref().unwrap_or(&lines);
    let edition = edition::find_edition(&lines);
    let layout = Layout::measure(&lines);
    let mut reader = narrative::Reader::new(&edition);
    // A footnote runs to the next blank line; a reference while its
    // bracket is open.
    let mut in_footnote = false;
    // Whether the prose not yet read began with a chronology's entry.
    let mut entry_open = false;
    let mut reference_lines = 0usize;
    let mut reference_depth = 0i32;
    let mut i = 0;
    while i < lines.len() {
        if let Some(next) = visits::extract(&mut sink, tables, i, &edition)
            .or_else(|| projects::extract(&mut sink, tables, i, &edition))
            .or_else(|| agreements::extract(&mut sink, tables, i, &edition))
            .or_else(|| exercises::extract(&mut sink, tables, i, &edition))
            .or_else(|| columns::extract(&mut sink, tables, i, &edition))
        {
            // A reader always claims at least its first line.
            i = next.max(i + 1);
            continue;
        }
        let line = lines.get(i);
        let range = lines.ranges.get(i).cloned().unwrap_or(0..0);
        i += 1;
        if line.trim().is_empty() {
            in_footnote = false;
            continue;
        }
        // A footnote runs to the next blank line or heading (`13	 脚注8参照`
        // ⏎ `	4	 日中…`).
        // A narrow line indented by one space resumes the column after it.
        let resumed = structure::resumes_column(line) && structure::display_width(line) <= layout.wide;
        if in_footnote && !resumed && !matches!(structure::classify(&lines, i - 1, layout), LineKind::Heading { .. }) {
            sink.mark(text, range, LineStatus::Structure);
            continue;
        }
        in_footnote = false;
        if reference_depth > 0 && reference_lines < MAX_REFERENCE_LINES {
            reference_depth += structure::bracket_balance(line);
            reference_lines += 1;
            sink.mark(text, range, LineStatus::Structure);
            continue;
        }
        reference_depth = 0;
        match structure::classify(&lines, i - 1, layout) {
            // `第Ⅲ部 …` after the text has begun is the running page header
            // of a part, not a new section.
            LineKind::Heading { level: 0 } if reader.has_headings() => sink.mark(text, range, LineStatus::Structure),
            // `264` ⏎ `第3章　安全保障協力・対話の推進` inside a sentence: the
            // running header of a page break, not a new chapter.
            LineKind::Heading { level: 1 | 2 } if layout.wrapped && reader.mid_sentence() => {
                sink.mark(text, range, LineStatus::Structure);
            }
            LineKind::Heading { level } => {
                sink.mark(text, range, LineStatus::Structure);
                reader.heading(&mut sink, level, line);
            }
            LineKind::Footnote => {
                sink.mark(text, range, LineStatus::Structure);
                in_footnote = layout.wrapped;
            }
            LineKind::Reference => {
                sink.mark(text, range, LineStatus::Structure);
                if layout.wrapped {
                    reference_depth = structure::bracket_balance(line);
                    reference_lines = 0;
                }
            }
            // A row of a table no reader knows (`豪州　　情報保護協定　　24.5.17`)
            // looks like figure text: one that holds a date is reported, not
            // lost as structure.
            // (A row never ends in a full stop, nor is it a list label.)
            LineKind::Figure
                if !line.trim_end().ends_with('。')
                    && !structure::is_list_label(line)
                    && structure::holds_date(tables.get(i - 1)) => {}
            LineKind::Figure => {
                sink.mark(text, range, LineStatus::Structure);
                if structure::is_list_label(line) {
                    reader.label(&mut sink, line);
                }
            }
            LineKind::Other => {
                sink.mark(text, range, LineStatus::Structure);
                if structure::is_list_label(line) {
                    reader.label(&mut sink, line);
                }
            }
            LineKind::Unknown => {}
            LineKind::Narrative => {
                // The reader marks the lines of each complete sentence as
                // structure (a mention raises its date's line to Mention).
                // A bulleted item starts a sentence: the item before it
                // ended without a full stop.
                // So does a chronology's entry.
                // (An entry wrapped onto an indented line is still an entry
                // when its last line is read.)
                let item = structure::is_item(line);
                if item {
                    flush(&mut reader, &mut sink, entry_open);
                    entry_open = false;
                }
                entry_open |= structure::is_chronology_item(line);
                reader.push(&prose(text, range));
                if (!layout.wrapped || item) && !structure::runs_on(&lines, i - 1) {
                    // One paragraph per line: the line ends its sentences
                    // (unless one runs on into the next line).
                    flush(&mut reader, &mut sink, entry_open);
                    entry_open = false;
                }
            }
        }
    }
    reader.flush(&mut sink);
    let document_date = edition.year.and_then(|y| PartialDate::year(i64::from(y)).ok()).map(Edtf::date);
    let info = DocumentInfo { title: edition.title.clone(), document_date, document_history: Vec::new() };
    (sink.mentions, sink.diagnostics, info)
}

/// The prose of one line without the spaces a PDF extraction letter-spaces
/// Japanese with (`同 年7月 に は 東 京 で`): a space next to a non-ASCII
/// character goes; spaces between Latin words stay.
fn prose(text: &MappedText, range: Range<usize>) -> MappedText {
    let line = text.as_str().get(range.clone()).unwrap_or("");
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut cuts = Vec::new();
    for (k, (idx, ch)) in chars.iter().enumerate() {
        if !(ch.is_whitespace()) {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|(_, c)| *c);
        let next = chars.get(k + 1).map(|(_, c)| *c);
        let keep = prev.is_some_and(|c| c.is_ascii_alphanumeric()) && next.is_some_and(|c| c.is_ascii_alphanumeric());
        if !keep {
            cuts.push(range.start + idx..range.start + idx + ch.len_utf8());
        }
    }
    text.slice(range.clone()).map_or_else(MappedText::default, |slice| {
        let local: Vec<Range<usize>> = cuts.iter().map(|c| c.start - range.start..c.end - range.start).collect();
        slice.without(&local)
    })
}
