//! The Japanese date grammar: one module every extractor shares.
//!
//! (Stub: the full grammar is issue 3.)

use koryu_model::{Code, DatePrecision, Edtf, Era, FiscalYear, PartialDate};

/// What the resolver knows from around an expression (dates.md "Context").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The fiscal year of the section the expression stands in.
    pub fiscal_year: Option<FiscalYear>,
    /// The document's era (from its title), for 元年度, 2年度 and `26.5`.
    pub document_era: Option<Era>,
    /// The era last named, for 同 (（同27）年).
    pub previous_era: Option<Era>,
    /// The previous resolved date in the same paragraph, for 同年, 同月.
    pub previous_date: Option<PartialDate>,
    /// The publication year, for 本年, 昨年.
    pub publication_year: Option<i32>,
}

/// A note about a resolved expression: a warning or info, not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// 平成31年5月: resolved arithmetically past the era's last day.
    EraYearPastEnd,
    /// An explicit date outside the section's fiscal year.
    MonthOutsideFiscalYear,
    /// 3月～5月 read as spanning two fiscal years.
    RangeCrossesFiscalYear,
}

impl Note {
    pub fn code(self) -> Code {
        match self {
            Note::EraYearPastEnd => Code::EraYearPastEnd,
            Note::MonthOutsideFiscalYear => Code::MonthOutsideFiscalYear,
            Note::RangeCrossesFiscalYear => Code::RangeCrossesFiscalYear,
        }
    }
}

/// A successfully resolved expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The EDTF value; `None` when the expression is only a fiscal year.
    pub date: Option<Edtf>,
    pub precision: DatePrecision,
    /// Set when the expression names a fiscal year (令和元年度 → 2019).
    pub fiscal_year: Option<FiscalYear>,
    pub notes: Vec<Note>,
    /// The era the expression named, for the next 同.
    pub era: Option<Era>,
}

/// Why an expression is not a usable date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date expression")]
    NotADate(String),
    #[error("{expr:?} names a date that does not exist ({reason})")]
    Invalid { expr: String, reason: String },
    #[error("{expr:?}: the western year and the era year disagree")]
    EraWesternMismatch { expr: String },
    #[error("{expr:?}: the range ends before it starts")]
    RangeEndsBeforeStart { expr: String },
    #[error("{expr:?}: era year {year} is outside the era")]
    EraOutOfRange { expr: String, year: i64 },
}

impl DateError {
    /// The diagnostic code of this error; `None` for "not a date".
    pub fn code(&self) -> Option<Code> {
        match self {
            DateError::NotADate(_) => None,
            DateError::Invalid { .. } => Some(Code::InvalidDate),
            DateError::EraWesternMismatch { .. } => Some(Code::EraWesternMismatch),
            DateError::RangeEndsBeforeStart { .. } => Some(Code::RangeEndsBeforeStart),
            DateError::EraOutOfRange { .. } => Some(Code::EraOutOfRange),
        }
    }
}

/// Resolves one whole date expression (`6月`, `令和2年1月`, `11月～R5年1月`).
///
/// # Errors
/// [`DateError::NotADate`] when `expr` is not a date at all; the other
/// variants when it is one that cannot exist.
pub fn resolve(expr: &str, ctx: &Context) -> Result<Resolved, DateError> {
    let _ = ctx;
    Err(DateError::NotADate(expr.to_owned()))
}

/// A date expression found inside a longer text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the expression in the scanned text.
    pub range: std::ops::Range<usize>,
    pub result: Result<Resolved, DateError>,
}

/// Finds every date expression in `text` (prose, titles), left to right,
/// threading 同年/同月 through `ctx`.
pub fn scan(text: &str, ctx: &Context) -> Vec<Found> {
    let _ = (text, ctx);
    Vec::new()
}
