//! The 事前分析表 and its 別紙 (corpus file 002): the budget table, then six
//! measurement indicators per fiscal year, read into mentions
//! (docs/extraction.md).
//!
//! A page is first cleaned by [`crate::layout`]; then each line is split
//! into cells (`\t`, which markup also became) and segments (runs of two or
//! more spaces), and each segment is read according to the section it
//! stands in. Every segment ends up a mention, structure, or an
//! `unparsed-text` diagnostic.

mod budget;
mod education;
mod items;
mod research;

use crate::coverage::{Coverage, LineStatus};
use crate::date::{self, Context};
use crate::extract::sink::Sink;
use crate::gazetteer;
use crate::layout;
use crate::read::Page;
use crate::text::MappedText;
use crate::SourceMeta;
use items::{normalize_text, trim_range, ListContext};
use koryu_model::{Category, Code, CountryCode, Diagnostic, DocKind, DocumentInfo, Edtf, Era, Mention, PartialDate};
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Longest cleaned line the extractor reads, in bytes. The longest real
/// line (002's first 別紙 row) is about 12 KB; a line past this limit is
/// skipped with a `limit-exceeded` diagnostic so hostile input stays cheap.
pub const MAX_LINE_BYTES: usize = 512 * 1024;

/// One of the six measurement indicators of the 別紙.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// 防衛首脳などハイレベルの交流.
    HighLevel,
    /// 防衛当局間の定期協議など.
    WorkingLevel,
    /// 部隊間の交流行事.
    UnitExchange,
    /// 留学生の交換.
    Education,
    /// 研究交流.
    Research,
    /// 安全保障対話等.
    Multilateral,
}

impl Section {
    pub(crate) fn category(self) -> Category {
        match self {
            Section::HighLevel => Category::HighLevel,
            Section::WorkingLevel => Category::WorkingLevel,
            Section::UnitExchange => Category::UnitExchange,
            Section::Education => Category::Education,
            Section::Research => Category::Research,
            Section::Multilateral => Category::MultilateralDialogue,
        }
    }

    /// The indicator's short name, as the 別紙 headings write it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Section::HighLevel => "防衛首脳などハイレベルの交流",
            Section::WorkingLevel => "防衛当局間の定期協議など",
            Section::UnitExchange => "部隊間の交流行事",
            Section::Education => "留学生の交換",
            Section::Research => "研究交流",
            Section::Multilateral => "安全保障対話等",
        }
    }

    /// The section of an indicator category; `None` for a category that is
    /// no indicator of the 別紙 (`agreement`).
    pub(crate) fn from_category(category: Category) -> Option<Section> {
        Some(match category {
            Category::HighLevel => Section::HighLevel,
            Category::WorkingLevel => Section::WorkingLevel,
            Category::UnitExchange => Section::UnitExchange,
            Category::Education => Section::Education,
            Category::Research => Section::Research,
            Category::MultilateralDialogue => Section::Multilateral,
            _ => return None,
        })
    }

    /// The section a heading names (`二国間・多国間における研究交流`): a short
    /// line that opens with 二国間 or 多国間 and names an indicator of
    /// `data/table_columns.tsv` (the names a 区分 cell, sheet or file name
    /// use too).
    pub(crate) fn from_heading(text: &str) -> Option<Section> {
        let compact = gazetteer::nfkc_compact(text);
        if compact.chars().count() > 60
            || !(compact.starts_with("二国間") || compact.starts_with("多国間"))
            || compact.contains('【')
        {
            return None;
        }
        crate::read::columns::indicator_in(&compact).and_then(Section::from_category)
    }
}

/// The category of the indicator section a mention's `section` (its
/// heading, normalised) names: `二国間・多国間における研究交流` → research.
pub fn section_category(heading: &str) -> Option<Category> {
    Section::from_heading(heading).map(Section::category)
}

/// True when the document is an evaluation table: its text names the
/// 事前分析表, or it has fiscal-year blocks of 【header】 items.
pub fn is_evaluation_table(pages: &[Page]) -> bool {
    pages.iter().any(|p| {
        let text = p.text.as_str();
        text.contains("事前分析表") || (text.contains("年度においては") && text.contains('【'))
    })
}

/// The era of the document's title (`令和5年度…事前分析表` → 令和), else the
/// first era named anywhere in its text, else in a sheet name, else in the
/// file name (`r6_定期協議.csv`, `H30実績.xlsx`: [`era_in_name`]), else
/// `--era`; `None` when nothing names one.
pub fn document_era(pages: &[Page], meta: &SourceMeta) -> Option<Era> {
    let title = pages.iter().flat_map(|p| p.text.as_str().lines()).find(|l| l.contains("事前分析表"));
    title
        .and_then(date::first_era_named)
        .or_else(|| pages.iter().find_map(|p| date::first_era_named(p.text.as_str())))
        .or_else(|| pages.iter().filter_map(|p| p.sheet.as_deref()).find_map(era_in_name))
        .or_else(|| era_in_name(meta.source_file.rsplit(['/', '\\']).next().unwrap_or("")))
        .or(meta.era)
}

/// The era a sheet or file name names: an era's kanji (`令和6年度`) or, after
/// NFKC, its letter S, H or R (either case) standing alone before a digit
/// (`r6_…`, `H30実績`, `実績R5`), not inside a word (`Sheet1`, `report2`).
pub fn era_in_name(name: &str) -> Option<Era> {
    if let Some(era) = date::first_era_named(name) {
        return Some(era);
    }
    let chars: Vec<char> = gazetteer::nfkc_compact(name).chars().collect();
    chars.iter().enumerate().find_map(|(idx, c)| {
        let letter = matches!(c.to_ascii_uppercase(), 'S' | 'H' | 'R');
        let alone = idx == 0 || chars.get(idx - 1).is_some_and(|p| !p.is_ascii_alphanumeric());
        let digit = chars.get(idx + 1).is_some_and(char::is_ascii_digit);
        (letter && alone && digit).then(|| Era::from_name(&c.to_string())).flatten()
    })
}

/// What the table says about itself: its `title` as printed and, as
/// `document_date`, the start year of the fiscal year the title names.
///
/// The title is the first cell that names the 事前分析表, as written, with
/// markup tags and surrounding space removed and without a trailing
/// `(別紙)`, which marks the annex's page rather than another document
/// (002: `令和5年度実施施策に係る政策評価の事前分析表`). It is not shortened to
/// `令和5年度 事前分析表`: the printed title is what a reader searches for.
/// `令和5年度` gives `2023`; a title without a fiscal year gives no date.
pub fn document_info(pages: &[Page], era: Option<Era>) -> DocumentInfo {
    let title = pages
        .iter()
        .flat_map(|p| p.text.as_str().lines())
        .flat_map(|line| line.split('\t'))
        .find(|cell| cell.contains("事前分析表"))
        .map(printed_title)
        .filter(|t| !t.is_empty());
    let ctx = Context { document_era: era, ..Context::default() };
    let fiscal_year = title
        .as_deref()
        .and_then(|t| date::scan(t, &ctx).into_iter().find_map(|found| found.result.ok().and_then(|r| r.fiscal_year)));
    let document_date = fiscal_year.and_then(|fy| PartialDate::year(i64::from(fy.0)).ok()).map(Edtf::date);
    DocumentInfo { title, document_date, document_history: Vec::new() }
}

/// A title cell without markup tags (`<p>`), surrounding space and a
/// trailing `(別紙)`.
fn printed_title(cell: &str) -> String {
    let mut text = String::with_capacity(cell.len());
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let trimmed = text.trim();
    let without_annex = ["(別紙)", "（別紙）"].iter().find_map(|s| trimmed.strip_suffix(s)).unwrap_or(trimmed);
    without_annex.trim_end().to_owned()
}

/// Extracts one page of an evaluation table.
pub fn extract_page(
    page: &Page,
    meta: &SourceMeta,
    doc_kind: DocKind,
    era: Option<Era>,
    coverage: &mut Coverage,
) -> (Vec<Mention>, Vec<Diagnostic>) {
    let cleaned = layout::clean_page(&page.text);
    for line in &cleaned.layout_lines {
        coverage.mark(*line, LineStatus::Structure);
    }
    let mut sink = Sink {
        meta,
        doc_kind,
        sheet: page.sheet.clone(),
        source: page.text.as_str(),
        mentions: Vec::new(),
        diagnostics: Vec::new(),
        coverage,
        // Only a text file is the evaluation table kind (a sheet or CSV
        // keeps its format as kind), and only its spans index page bytes.
        text_file: doc_kind == DocKind::EvaluationTable,
    };
    let first_line = cleaned.text.as_str().lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut state = State {
        zone: if first_line.contains("事前分析表") && !first_line.contains("別紙") {
            Zone::Top
        } else {
            Zone::Annex
        },
        era,
        section: None,
        section_raw: None,
        fiscal_year: None,
        labelled_rows: false,
        budget_years: Vec::new(),
        heading_org: None,
        host_cities: false,
        tabular: matches!(doc_kind, DocKind::Csv | DocKind::Spreadsheet),
        no_indicator_reported: false,
    };
    let text = cleaned.text.as_str();
    let mut start = 0;
    for line_end in text.match_indices('\n').map(|(i, _)| i).chain(std::iter::once(text.len())) {
        let range = start..line_end;
        start = line_end + 1;
        let Some(line) = text.get(range.clone()) else { continue };
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > MAX_LINE_BYTES {
            sink.diagnostic(
                Code::LimitExceeded,
                &cleaned.text,
                range.start..range.start + 1,
                format!("this line is longer than {MAX_LINE_BYTES} bytes and was skipped; split it"),
            );
            sink.mark(&cleaned.text, range, LineStatus::Unparsed);
            continue;
        }
        let Some(line_text) = cleaned.text.slice(range) else { continue };
        state.line(&mut sink, line_text);
    }
    (sink.mentions, sink.diagnostics)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// The 事前分析表 proper: descriptive cells and the budget table.
    Top,
    /// The 別紙: indicator blocks.
    Annex,
}

/// Where the reader stands: zone, section, fiscal year, heading.
struct State {
    zone: Zone,
    era: Option<Era>,
    section: Option<Section>,
    section_raw: Option<String>,
    fiscal_year: Option<i32>,
    /// The current section labels its rows (`元 年 度 …`), so a row without
    /// a label is the next fiscal year.
    labelled_rows: bool,
    budget_years: Vec<i32>,
    /// The organisation of the current multilateral `●` heading.
    heading_org: Option<Vec<CountryCode>>,
    /// The current heading is `各国国防当局主催`: host cities name countries.
    host_cities: bool,
    /// The page is a CSV or sheet, whose rows without an indicator are
    /// reported once, not one by one.
    tabular: bool,
    /// That one report was made.
    no_indicator_reported: bool,
}

/// The `missing-category` message: how to name a table's indicator.
const NO_INDICATOR: &str = "this table names no indicator, so its rows were imported with no category; name it by \
    a 区分 column, the sheet name, a title row above the header or the file name (e.g. ハイレベル交流, 定期協議, \
    部隊間交流), or give --category CODE";

/// Words of the table's own frame (row and column titles), not content.
const FRAME_WORDS: &[&str] =
    &["施策名", "担当部局名", "測定指標", "政策評価", "施策の進捗状況", "達成すべき目標", "施策の概要"];

impl State {
    fn date_context(&self) -> Context {
        Context { document_era: self.era, ..Context::default() }
    }

    fn line(&mut self, sink: &mut Sink<'_>, line: MappedText) {
        let raw = line.as_str();
        let compact = gazetteer::nfkc_compact(raw);
        if compact.contains("事前分析表") {
            if compact.contains("別紙") {
                self.zone = Zone::Annex;
            }
            sink.mark(&line, 0..line.len(), LineStatus::Structure);
            return;
        }
        if self.zone == Zone::Top {
            // A heading alone on its line starts the 別紙 even without its
            // title; the same words inside the top table's cells do not.
            let switches = (!raw.contains('\t') && Section::from_heading(raw.trim()).is_some())
                || compact.contains("年度においては");
            if !switches {
                self.top_line(sink, &line);
                return;
            }
            self.zone = Zone::Annex;
        }
        self.annex_line(sink, line);
    }

    /// A line of the 事前分析表 proper: the budget table's header and rows,
    /// else descriptive cells (structure).
    fn top_line(&mut self, sink: &mut Sink<'_>, line: &MappedText) {
        let raw = line.as_str();
        let cells = budget::cell_ranges(raw);
        if let Some(years) = budget::column_years(raw, &cells, self.era) {
            self.budget_years = years;
        } else if budget::is_budget_row(raw)
            && !self.budget_years.is_empty()
            && budget::extract_row(sink, line, 0..raw.len(), &self.budget_years)
        {
            return;
        }
        sink.mark(line, 0..raw.len(), LineStatus::Structure);
    }

    fn annex_line(&mut self, sink: &mut Sink<'_>, line: MappedText) {
        let line = without_stray_labels(&line);
        let raw = line.as_str();
        let cells = budget::cell_ranges(raw);
        let first_cell = cells.first().and_then(|c| raw.get(c.clone())).unwrap_or("").trim();
        let first_text =
            cells.iter().filter_map(|c| raw.get(c.clone())).map(str::trim).find(|t| !t.is_empty()).unwrap_or("");
        if FRAME_WORDS.iter().any(|w| gazetteer::nfkc_compact(first_text).starts_with(w))
            || first_text.starts_with("(防衛省")
        {
            sink.mark(&line, 0..raw.len(), LineStatus::Structure);
            return;
        }
        let mut cells = cells.into_iter().peekable();
        if cells.len() > 1 && layout::is_row_label(first_cell) {
            // A labelled row (`元 年 度 …`) starts a fiscal-year block.
            if let Some(cell) = cells.next() {
                let year = self.label_year(first_cell);
                if year.is_none() && self.era.is_none() && bare_fiscal_year(first_cell) {
                    // `3 年 度` in a document that names no era anywhere.
                    sink.diagnostic(Code::InvalidDate, &line, cell.clone(), NO_ERA);
                    self.fiscal_year = None;
                }
                self.fiscal_year = year.or(self.fiscal_year);
                self.labelled_rows = true;
                self.heading_org = None;
                sink.mark(&line, cell, LineStatus::Structure);
            }
        } else if cells.len() > 1 && first_cell.is_empty() && raw.starts_with('\t') && self.labelled_rows {
            // A row whose label the conversion spread over its cells
            // (`4 HA/DR-EWG…`, `平和維持 年度 活動EWG`): the next fiscal year.
            self.fiscal_year = self.fiscal_year.map(|fy| fy + 1);
            self.heading_org = None;
        }
        let mut segments: Vec<Range<usize>> = Vec::new();
        for cell in cells {
            segments.extend(split_segments(raw, cell));
        }
        // Cells before a section heading on the same row are the row's
        // number and target (`① ハイレベル交流のみならず…`).
        let heading_at =
            segments.iter().position(|s| raw.get(s.clone()).and_then(|t| Section::from_heading(strip_p(t))).is_some());
        for (idx, segment) in segments.into_iter().enumerate() {
            if heading_at.is_some_and(|h| idx < h) {
                sink.mark(&line, segment, LineStatus::Structure);
                continue;
            }
            self.segment(sink, &line, segment);
        }
    }

    fn label_year(&self, label: &str) -> Option<i32> {
        let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        let year_part = compact.split(['(', '（']).next().unwrap_or("");
        date::resolve(year_part, &self.date_context()).ok()?.fiscal_year.map(|fy| fy.0)
    }

    /// `●令和元年度においては…` → 2019.
    fn intro_year(&self, segment: &str) -> Option<i32> {
        let body = segment.trim_start().strip_prefix('●')?.trim_start();
        let end = body.find("年度")? + "年度".len();
        if end > 40 {
            return None;
        }
        date::resolve(body.get(..end)?, &self.date_context()).ok()?.fiscal_year.map(|fy| fy.0)
    }

    /// `●5年度においては…`: a fiscal-year opener whose year is a bare
    /// number, which only an era makes a year.
    fn era_less_intro(&self, segment: &str) -> bool {
        segment.trim_start().strip_prefix('●').is_some_and(bare_fiscal_year)
    }

    fn list_context(&self) -> ListContext {
        ListContext {
            section: self.section.unwrap_or(Section::HighLevel),
            category_known: self.section.is_some(),
            section_raw: self.section_raw.clone(),
            fiscal_year: self.fiscal_year,
            era: self.era,
            header_raw: None,
            header_countries: None,
            host_cities: false,
        }
    }

    fn segment(&mut self, sink: &mut Sink<'_>, line: &MappedText, segment: Range<usize>) {
        let raw = line.as_str();
        let text = raw.get(segment.clone()).unwrap_or("");
        if let Some(section) = Section::from_heading(strip_p(text)) {
            self.section = Some(section);
            self.section_raw = Some(normalize_text(strip_p(text)));
            self.fiscal_year = None;
            self.labelled_rows = false;
            self.heading_org = None;
            sink.mark(line, segment, LineStatus::Structure);
            return;
        }
        if layout::is_row_label(text) || text.chars().all(|c| ('①'..='⑳').contains(&c)) {
            sink.mark(line, segment, LineStatus::Structure);
            return;
        }
        if self.era.is_none() && self.intro_year(text).is_none() && self.era_less_intro(text) {
            // `●5年度においては` in a document that names no era anywhere:
            // its items' months cannot be placed in a year.
            self.fiscal_year = None;
            self.heading_org = None;
            sink.diagnostic(Code::InvalidDate, line, segment.clone(), NO_ERA);
            sink.mark(line, segment, LineStatus::Structure);
            return;
        }
        if let Some(year) = self.intro_year(text) {
            self.fiscal_year = Some(year);
            self.heading_org = None;
            let counted = self.section == Some(Section::Education) && self.counts(sink, line, segment.clone());
            if !counted {
                sink.mark(line, segment, LineStatus::Structure);
            }
            return;
        }
        let claimed = match self.section {
            None if self.tabular && text.contains('【') => {
                // A CSV or sheet that names no indicator: its rows are read
                // with no category, and one warning for the page (at its
                // first such row) says how to name it.
                if !self.no_indicator_reported {
                    self.no_indicator_reported = true;
                    sink.diagnostic(Code::MissingCategory, line, segment.clone(), NO_INDICATOR);
                }
                self.header_groups(sink, line, segment.clone())
            }
            None => false,
            Some(Section::HighLevel | Section::WorkingLevel) => self.header_groups(sink, line, segment.clone()),
            Some(Section::UnitExchange) => {
                if text.contains('【') {
                    self.header_groups(sink, line, segment.clone())
                } else if text.starts_with(['・', '●']) {
                    // `・日インドネシア親善訓練(6月)`: the bullet marks the list
                    // entry; the item (and its column) starts after it.
                    let raw = line.as_str().get(segment.clone()).unwrap_or("");
                    let bullet = raw.len() - raw.trim_start_matches(['・', '●', ' ', '\u{3000}']).len();
                    sink.mark(line, segment.start..segment.start + bullet, LineStatus::Structure);
                    items::extract_list(sink, line, segment.start + bullet..segment.end, &self.list_context());
                    true
                } else {
                    false
                }
            }
            Some(Section::Education) => {
                if self.counts(sink, line, segment.clone()) {
                    true
                } else if text.starts_with('●') {
                    // Prose about the year's exchange, with no count.
                    sink.mark(line, segment.clone(), LineStatus::Structure);
                    true
                } else {
                    false
                }
            }
            Some(Section::Research) => self.research(sink, line, segment.clone()),
            Some(Section::Multilateral) => self.multilateral(sink, line, segment.clone()),
        };
        let claimed = claimed || self.headerless(sink, line, segment.clone());
        if !claimed && self.tabular && self.section.is_none() && self.fiscal_year.is_none() && !text.contains('【') {
            // A title row above a CSV's or sheet's header (`令和4年度 交流実績`):
            // the reader took the indicator and era it names, if any.
            sink.mark(line, segment, LineStatus::Structure);
            return;
        }
        if !claimed {
            // An item before any indicator heading has no category; say what
            // is missing rather than only that the line was not read.
            let message = if self.section.is_none() && text.contains('【') {
                "this item stands before any indicator heading, so its category is unknown; add the heading \
                 (二国間・多国間における…) above it, or a 区分 column naming the indicator to the table"
            } else {
                "this text is neither an item, a header nor a heading; check it by hand or report the pattern"
            };
            sink.diagnostic(Code::UnparsedText, line, segment.clone(), message);
            sink.mark(line, segment, LineStatus::Unparsed);
        }
    }

    /// Dated items without a 【country】 header in a section where every
    /// item has one (a header lost at the start of its line or cell): read
    /// with the counterparts their titles name, and reported as
    /// `header-contradicts-title` so the loss is seen.
    fn headerless(&self, sink: &mut Sink<'_>, line: &MappedText, segment: Range<usize>) -> bool {
        let text = line.as_str().get(segment.clone()).unwrap_or("");
        let headed = matches!(self.section, Some(Section::HighLevel | Section::WorkingLevel));
        if !headed || text.contains('【') || text.starts_with(['・', '●']) || !has_date(text, &self.date_context())
        {
            return false;
        }
        let before = sink.mentions.len();
        items::extract_list(sink, line, segment.clone(), &self.list_context());
        let mut named: Vec<String> = Vec::new();
        for code in sink.mentions.get(before..).unwrap_or(&[]).iter().flat_map(|m| &m.countries) {
            if !named.iter().any(|n| n == code.as_str()) {
                named.push(code.as_str().to_owned());
            }
        }
        let counterparts = if named.is_empty() { "none".to_owned() } else { named.join(", ") };
        let start = segment.start;
        // The excerpt: the first item, at most 40 characters.
        let first_item = text.find(['、', ',']).unwrap_or(text.len());
        let end = text.char_indices().nth(40).map_or(text.len(), |(i, _)| i).min(first_item);
        sink.diagnostic(
            Code::HeaderContradictsTitle,
            line,
            start..start + end,
            format!(
                "these dated items have no 【country】 header before them (a header was probably lost here); \
                 each takes the counterpart its title names ({counterparts})"
            ),
        )
        .help = Some("restore the 【country】 header at the start of these items".to_owned());
        true
    }

    fn counts(&self, sink: &mut Sink<'_>, line: &MappedText, segment: Range<usize>) -> bool {
        let ctx = education::CountContext { fiscal_year: self.fiscal_year, section_raw: self.section_raw.as_deref() };
        education::extract_counts(sink, line, segment, &ctx)
    }

    /// `【header】items 【header】items`: each header's items as one list.
    fn header_groups(&self, sink: &mut Sink<'_>, line: &MappedText, segment: Range<usize>) -> bool {
        let raw = line.as_str();
        let text = raw.get(segment.clone()).unwrap_or("");
        let opens: Vec<usize> = text.match_indices('【').map(|(i, _)| segment.start + i).collect();
        let Some(first) = opens.first().copied() else { return false };
        if let Some(before) = trim_range(raw, segment.start..first) {
            sink.diagnostic(
                Code::UnparsedText,
                line,
                before.clone(),
                "text before the first 【header】 belongs to no country; check it by hand",
            );
            sink.mark(line, before, LineStatus::Unparsed);
        }
        for (n, open) in opens.iter().enumerate() {
            let group_end = opens.get(n + 1).copied().unwrap_or(segment.end);
            let Some(close) = raw.get(*open..group_end).and_then(|g| g.find('】')).map(|c| open + c) else {
                sink.diagnostic(
                    Code::UnbalancedBracket,
                    line,
                    *open..*open + '【'.len_utf8(),
                    "this 【 has no closing 】; the header and its items were skipped",
                );
                continue;
            };
            let header_raw = raw.get(*open..close + '】'.len_utf8()).unwrap_or("").to_owned();
            let header = raw.get(*open + '【'.len_utf8()..close).unwrap_or("");
            sink.mark(line, *open..close + '】'.len_utf8(), LineStatus::Structure);
            let header_countries = if gazetteer::is_other_header(header) {
                None
            } else if let Some(codes) = gazetteer::header_countries(header) {
                Some(codes)
            } else {
                let diagnostic = sink.diagnostic(
                    Code::UnknownCountry,
                    line,
                    *open..close + '】'.len_utf8(),
                    format!("「{header}」 is not a known country or organisation; its items get no countries until it is added to the gazetteer"),
                );
                if let Some(known) = gazetteer::suggest_header(header) {
                    diagnostic.help = Some(format!("did you mean 【{known}】?"));
                }
                Some(Vec::new())
            };
            let mut ctx = self.list_context();
            ctx.header_raw = Some(header_raw);
            ctx.header_countries = header_countries;
            let items_start = close + '】'.len_utf8();
            if let Some(items_range) = trim_range(raw, items_start..group_end) {
                items::extract_list(sink, line, items_range, &ctx);
            }
        }
        true
    }

    fn research(&self, sink: &mut Sink<'_>, line: &MappedText, segment: Range<usize>) -> bool {
        let raw = line.as_str();
        let text = raw.get(segment.clone()).unwrap_or("");
        if research::is_numbered(text) {
            for item in research::numbered_ranges(text) {
                research::extract_item(
                    sink,
                    line,
                    segment.start + item.start..segment.start + item.end,
                    &self.list_context(),
                );
            }
            return true;
        }
        if text.starts_with('●') {
            // An introduction to the numbered list that follows.
            sink.mark(line, segment, LineStatus::Structure);
            return true;
        }
        false
    }

    fn multilateral(&mut self, sink: &mut Sink<'_>, line: &MappedText, segment: Range<usize>) -> bool {
        let raw = line.as_str();
        let text = raw.get(segment.clone()).unwrap_or("");
        let date_ctx = Context {
            fiscal_year: self.fiscal_year.map(koryu_model::FiscalYear),
            document_era: self.era,
            ..Context::default()
        };
        if let Some(body) = text.strip_prefix('●') {
            let body_start = segment.start + '●'.len_utf8();
            if let Some(pos) = body.find("主催") {
                // `●民間機関主催  ・…`, `●防衛省主催・日ASEAN…(R5年3月)`.
                let mut heading_end = pos + "主催".len();
                if body.get(heading_end..).is_some_and(|r| r.starts_with('等')) {
                    heading_end += '等'.len_utf8();
                }
                self.host_cities = body.get(..heading_end).is_some_and(|h| h.contains("各国"));
                self.heading_org = None;
                sink.mark(line, segment.start..body_start + heading_end, LineStatus::Structure);
                let rest = body.get(heading_end..).unwrap_or("");
                let skip = rest.len() - rest.trim_start_matches(['・', ':', '：', ' ', '\u{3000}']).len();
                if let Some(items_range) = trim_range(raw, body_start + heading_end + skip..segment.end) {
                    items::extract_list(sink, line, items_range, &self.multilateral_context());
                }
                return true;
            }
            if has_date(body, &date_ctx) {
                // A `●` line that is itself a meeting (`●…国防当局間会合(5月)`).
                let mut ctx = self.list_context();
                ctx.header_countries = None;
                items::extract_list(sink, line, body_start..segment.end, &ctx);
                return true;
            }
            let orgs = gazetteer::countries_in(&normalize_text(body), gazetteer::Abbreviations::InContext);
            self.heading_org = (!orgs.is_empty()).then_some(orgs);
            self.host_cities = false;
            sink.mark(line, segment, LineStatus::Structure);
            return true;
        }
        // A lone undated entry (`・専門家会合(EWG)`) heads the list after it.
        let pieces = items::split_top_level(text, items::ITEM_SEPARATORS);
        if pieces.len() == 1 && !has_date(text, &date_ctx) {
            sink.mark(line, segment, LineStatus::Structure);
            return true;
        }
        items::extract_list(sink, line, segment, &self.multilateral_context());
        true
    }

    fn multilateral_context(&self) -> ListContext {
        let mut ctx = self.list_context();
        ctx.header_countries.clone_from(&self.heading_org);
        ctx.host_cities = self.host_cities;
        ctx
    }
}

/// `5年度`, `3 年 度(続き)`, `元年度`: a fiscal year that is a bare number
/// (or 元), which only an era makes a year.
fn bare_fiscal_year(text: &str) -> bool {
    let compact: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let Some(end) = compact.find("年度") else { return false };
    let year = compact.get(..end).unwrap_or("");
    !year.is_empty() && year.chars().count() <= 2 && (year == "元" || year.chars().all(|c| c.is_ascii_digit()))
}

/// The error for a fiscal year without era in a source that names none.
const NO_ERA: &str = "this fiscal year names no era, and neither do the title, text, sheet or file name; give one \
                      with --era reiwa (or heisei, showa; R, H, S), or write it in full (令和5年度)";

/// True when any bracket in `text` (at any depth) holds a date.
fn has_date(text: &str, ctx: &Context) -> bool {
    let mut stack: Vec<usize> = Vec::new();
    for (idx, c) in text.char_indices() {
        if matches!(c, '(' | '（') {
            stack.push(idx + c.len_utf8());
        } else if matches!(c, ')' | '）') {
            if let Some(start) = stack.pop() {
                if items::date_pieces(text, start..idx, ctx).is_some() {
                    return true;
                }
            }
        }
        if stack.len() > items::MAX_BRACKET_DEPTH {
            return false;
        }
    }
    // `…会合))6月`: a date after the last bracket.
    let tail = text.rsplit([')', '）']).next().unwrap_or("").trim();
    !tail.is_empty() && tail.len() < text.len() && date::resolve(tail, ctx).is_ok()
}

/// `<p>` left at a segment's edge by a split tag (already tabs, but a
/// literal `<p>` inside text stays): ignored for heading checks.
pub(crate) fn strip_p(text: &str) -> &str {
    text.trim().trim_start_matches("<p>").trim_end_matches("</p>").trim()
}

/// Segments of a cell: runs of two or more spaces (ASCII or ideographic)
/// separate them; trimmed, empty ones dropped.
pub(crate) fn split_segments(line: &str, cell: Range<usize>) -> Vec<Range<usize>> {
    let Some(text) = line.get(cell.clone()) else { return Vec::new() };
    let mut segments = Vec::new();
    let mut start = 0;
    let mut run_start = None;
    let mut run_len = 0;
    for (idx, c) in text.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            if run_start.is_none() {
                run_start = Some(idx);
            }
            run_len += 1;
        } else {
            if let Some(rs) = run_start {
                if run_len >= 2 {
                    segments.push(start..rs);
                    start = idx;
                }
            }
            run_start = None;
            run_len = 0;
        }
    }
    segments.push(start..text.len());
    segments.into_iter().filter_map(|r| trim_range(line, cell.start + r.start..cell.start + r.end)).collect()
}

/// The line without stray label pieces: ` 年度 ` inside text, and a number
/// glued before an item (`21.4 日ニュージーランド…`, `4 HA/DR-EWG`) at the
/// start of a cell or right after a 【header】.
fn without_stray_labels(line: &MappedText) -> MappedText {
    let raw = line.as_str();
    let mut cuts = layout::stray_year_pieces(raw);
    let starts = raw.match_indices(['\t', '】']).map(|(i, s)| i + s.len()).chain(std::iter::once(0));
    for start in starts {
        let Some(rest) = raw.get(start..) else { continue };
        let skip = rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len();
        if let Some((len, _)) = rest.get(skip..).and_then(layout::stray_prefix) {
            cuts.push(start + skip..start + skip + len);
        }
    }
    line.without(&cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_as_printed_and_fiscal_year() {
        assert_eq!(
            printed_title(" <p>令和6年度実施施策に係る政策評価の事前分析表(別紙)</p> "),
            "令和6年度実施施策に係る政策評価の事前分析表"
        );
        assert_eq!(printed_title("令和5年度 事前分析表（別紙）"), "令和5年度 事前分析表");
        let pages = [Page::from_text("\n施策名\t令和元年度実施施策に係る事前分析表\n")];
        let info = document_info(&pages, document_era(&pages, &SourceMeta::default()));
        assert_eq!(info.title.as_deref(), Some("令和元年度実施施策に係る事前分析表"));
        assert_eq!(info.document_date.map(|d| d.to_string()).as_deref(), Some("2019"));
        let untitled = [Page::from_text("●令和4年度においては、\n【米国】会談(5月)\n")];
        assert_eq!(document_info(&untitled, Some(Era::Reiwa)), DocumentInfo::default());
    }

    #[test]
    fn eras_in_sheet_and_file_names() {
        assert_eq!(era_in_name("r6_定期協議.csv"), Some(Era::Reiwa));
        assert_eq!(era_in_name("H30実績"), Some(Era::Heisei));
        assert_eq!(era_in_name("実績_Ｒ５"), Some(Era::Reiwa));
        assert_eq!(era_in_name("令和6年度交流"), Some(Era::Reiwa));
        assert_eq!(era_in_name("Sheet1"), None);
        assert_eq!(era_in_name("report2023.csv"), None);
        assert_eq!(era_in_name("plain.csv"), None);
        let page = Page::from_text("●5年度においては\n");
        let meta = SourceMeta { source_file: "dir.r5/plain.csv".into(), ..SourceMeta::default() };
        assert_eq!(document_era(std::slice::from_ref(&page), &meta), None);
        let meta = SourceMeta { era: Some(Era::Heisei), ..meta };
        assert_eq!(document_era(std::slice::from_ref(&page), &meta), Some(Era::Heisei));
    }
}
