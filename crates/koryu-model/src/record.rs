//! The three exported records of schema.md: mentions, events and sources.

use crate::country::CountryCode;
use crate::date::{DatePrecision, Edtf};
use crate::span::SourceSpan;
use crate::taxonomy::{Category, CountDetail, Direction, DocKind, HistoryAction, MentionKind, Mode, Role, Status};
use serde::{Deserialize, Serialize};

/// One thing the parser found in one source, before dedup (schema.md
/// `mentions`). Field names and order are schema.md's, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Hash of (source sha256, line, column, occurrence index).
    pub mention_id: String,
    /// Filled by dedup; empty until then.
    pub event_id: String,
    pub kind: MentionKind,
    /// `None` when nothing in the source names the indicator (a CSV or
    /// sheet without a 区分 column, sheet name, title row or `--category`).
    pub category: Option<Category>,
    /// Normalised event text without date and location brackets.
    pub title: String,
    /// The item text exactly as in the source.
    pub title_raw: String,
    pub date: Option<Edtf>,
    /// The date expression as written (`令和2年1月`).
    pub date_raw: Option<String>,
    pub date_precision: Option<DatePrecision>,
    /// Western year the section's fiscal year starts in (令和元年度 → 2019).
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
    pub source_file: String,
    pub source_sha256: String,
    pub source_doc_kind: DocKind,
    pub section: Option<String>,
    /// 1-based line (text) or row (sheet) of the item's first character.
    pub line: u32,
    /// 1-based character column (text) or column (sheet).
    pub column: u32,
    pub sheet: Option<String>,
    /// Where the item stands in the source; not exported.
    #[serde(skip)]
    pub span: SourceSpan,
    /// Which mention of the same item this is (two for 10月、10月); not exported.
    #[serde(skip)]
    pub occurrence: u32,
}

impl Mention {
    /// A mention of `kind` and `category` from a `source_doc_kind` source,
    /// every other field empty (status `held`): callers fill in what they
    /// know with struct update syntax, `Mention { title, ..Mention::new(…) }`.
    pub fn new(kind: MentionKind, category: Category, source_doc_kind: DocKind) -> Mention {
        Mention {
            mention_id: String::new(),
            event_id: String::new(),
            kind,
            category: Some(category),
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
            source_file: String::new(),
            source_sha256: String::new(),
            source_doc_kind,
            section: None,
            line: 1,
            column: 1,
            sheet: None,
            span: SourceSpan::default(),
            occurrence: 0,
        }
    }
}

/// One real-world event after dedup (schema.md `events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub event_id: String,
    pub category: Option<Category>,
    pub title: String,
    pub date: Option<Edtf>,
    pub date_precision: Option<DatePrecision>,
    pub fiscal_year: Option<i32>,
    pub countries: Vec<CountryCode>,
    pub mode: Option<Mode>,
    pub direction: Option<Direction>,
    pub location: Option<String>,
    pub jp_roles: Vec<Role>,
    pub status: Status,
    pub mention_count: u32,
    pub source_count: u32,
    /// source_file of the earliest import that contained it.
    pub first_seen: String,
}

/// One imported file (schema.md `sources`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub source_sha256: String,
    pub source_file: String,
    pub source_doc_kind: DocKind,
    pub bytes: u64,
    /// The encoding the reader detected or was told (`UTF-8`, `Shift_JIS`).
    pub encoding: String,
    /// RFC 3339.
    pub imported_at: String,
    pub mention_count: u32,
    pub warning_count: u32,
    pub error_count: u32,
    /// The document's own title as printed, or `None` (from [`DocumentInfo`]).
    pub title: Option<String>,
    /// EDTF of the latest date the document gives for itself.
    pub document_date: Option<Edtf>,
    /// A notice's header rows in order; empty for other kinds.
    pub document_history: Vec<HistoryEntry>,
}

/// What a document says about itself: the `title`, `document_date` and
/// `document_history` fields of schema.md `sources`. Extractors fill it
/// from the document's own text; every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The title as printed (`防衛交流の基本方針について（通達）`,
    /// `平成27年版 防衛白書`, `令和5年度 事前分析表`).
    pub title: Option<String>,
    /// The latest date the document gives for itself: a notice's last issue
    /// or amendment, a white paper's edition year, an evaluation table's
    /// fiscal-year start year.
    pub document_date: Option<Edtf>,
    /// A notice's header rows in order; empty for other kinds.
    pub document_history: Vec<HistoryEntry>,
}

/// One row of a notice's header: `防防国第3923号` over `19.4.13`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub action: HistoryAction,
    /// The document number without its letter-spacing (`防防国第3923号`).
    pub number: Option<String>,
    pub date: Option<Edtf>,
}
