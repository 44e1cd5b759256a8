//! Validation findings: a stable code, a severity, a place and one sentence.

use crate::span::SourceSpan;
use serde::{Deserialize, Serialize};

/// How bad a finding is (schema.md `severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Defines the diagnostic codes once: variant, kebab-case code, default severity.
macro_rules! codes {
    ($($(#[$vmeta:meta])* $variant:ident = $code:literal, $severity:ident;)+) => {
        /// A stable diagnostic code (schema.md); documented in docs/diagnostics.md.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Code {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)+
                }
            }

            pub fn from_code(code: &str) -> Option<Code> {
                match code {
                    $($code => Some(Code::$variant),)+
                    _ => None,
                }
            }

            /// The severity this code has unless a check says otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }
        }
    };
}

codes! {
    /// A non-blank line that is neither a mention nor recognised structure.
    UnparsedText = "unparsed-text", Warning;
    /// A 【header】 or name that is not in the country gazetteer.
    UnknownCountry = "unknown-country", Error;
    /// A role word that is not in the role gazetteer.
    UnknownRole = "unknown-role", Warning;
    /// A month, day or year that does not exist (13月, 2月30日, 元年 of no era).
    InvalidDate = "invalid-date", Error;
    /// A date outside the fiscal year of its section.
    MonthOutsideFiscalYear = "month-outside-fiscal-year", Warning;
    /// A range such as 3月～5月 that spans two fiscal years.
    RangeCrossesFiscalYear = "range-crosses-fiscal-year", Warning;
    /// A range whose end is before its start.
    RangeEndsBeforeStart = "range-ends-before-start", Error;
    /// A two-digit western year that disagrees with its era (14（平成27）年).
    EraWesternMismatch = "era-western-mismatch", Error;
    /// An era year after the era's last day (平成31年5月, 平成35年度).
    EraYearPastEnd = "era-year-past-end", Info;
    /// An era year before the era began or year 0, or past the end of an
    /// era before 明治 (大化7年).
    EraOutOfRange = "era-out-of-range", Error;
    /// A year of two figures with no era anywhere (`09年5月`), read by the
    /// two-digit rule of dates.md (2009).
    TwoDigitYear = "two-digit-year", Info;
    /// An opening bracket without its closing one, or the reverse.
    UnbalancedBracket = "unbalanced-bracket", Error;
    /// An item with no date where its siblings have one.
    MissingDate = "missing-date", Warning;
    /// The same item twice under one header in one fiscal year.
    DuplicateItem = "duplicate-item", Warning;
    /// A stated total that differs from the sum of its parts.
    TotalMismatch = "total-mismatch", Error;
    /// A year in a section's prose that contradicts the section's fiscal year.
    YearContradictsSection = "year-contradicts-section", Warning;
    /// A name one edit away from a known place or country (ブノンベン).
    LikelyTypo = "likely-typo", Warning;
    /// Text that decoded with replacement characters.
    DecodeReplacement = "decode-replacement", Warning;
    /// A limit on line length, nesting or size was hit; the rest was skipped.
    LimitExceeded = "limit-exceeded", Error;
    /// A notice header date in era shorthand (`1 9 . 4 . 1 3`) in a
    /// document that names no era anywhere, so its year is unknown.
    NoticeEraUnknown = "notice-era-unknown", Warning;
    /// A notice header's document number without a date row under it, or a
    /// date row without a number above it.
    NoticeHistoryIncomplete = "notice-history-incomplete", Warning;
    /// An item with no date of its own that takes the date bracket of the item after it.
    DateShared = "date-shared", Info;
    /// A white-paper sentence states a dated exchange but names no
    /// counterpart, and its section heading names none.
    NoCounterpart = "no-counterpart", Info;
    /// A measure the main table names has no section in the 別紙 (or a
    /// 別紙 section is one the main table does not name): a cut file or a
    /// lost heading.
    MissingSection = "missing-section", Warning;
    /// Inside one indicator section a fiscal-year row goes back to a year at
    /// or before the previous row's: a heading between them was probably lost.
    SectionRestart = "section-restart", Warning;
    /// An item's title names a counterpart (`日英…`) that its 【header】 does
    /// not include; the mention takes the title's counterpart.
    HeaderContradictsTitle = "header-contradicts-title", Warning;
    /// At import: a fiscal year already in the store for which the new
    /// edition gives less than half the earlier edition's events.
    EditionDrop = "edition-drop", Warning;
    /// A CSV or sheet names its indicator nowhere (no 区分 column, sheet
    /// name, title row, file name or `--category`): its rows are imported
    /// with `category` null, and this is said once per sheet or file.
    MissingCategory = "missing-category", Warning;
}

/// One finding about a source (schema.md `diagnostics`).
///
/// The serialised fields are exactly schema.md's; `span` and `help` are for
/// rendering and are not part of the export contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub source_file: String,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: Code,
    /// One sentence a person can act on.
    pub message: String,
    /// The raw source text the finding is about.
    pub excerpt: String,
    #[serde(skip)]
    pub span: SourceSpan,
    /// A likely fix, shown as `help:` by `koryu validate`.
    #[serde(skip)]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, span: SourceSpan, message: impl Into<String>, excerpt: impl Into<String>) -> Diagnostic {
        Diagnostic {
            source_file: String::new(),
            line: span.line,
            column: span.column,
            severity: code.default_severity(),
            code,
            message: message.into(),
            excerpt: excerpt.into(),
            span,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }
}
