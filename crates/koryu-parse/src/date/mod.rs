//! The Japanese date grammar: one module every extractor shares.
//!
//! [`resolve`] reads one whole expression (`6月`, `令和2年1月`,
//! `11月～R5年1月`, `14（平成26）年`); [`scan`] finds every expression in a
//! longer text. Both normalize first (NFKC, one dash, letter-spacing
//! removed), parse with a bounded-lookahead grammar (`grammar.rs`) and then
//! apply the context rules of dates.md (`eval.rs`). Neither panics, and both
//! run in time linear in the input.
//!
//! With [`Context::era_month_shorthand`] on, `resolve` also reads a notice
//! header's date row: `1 9 . 4 . 1 3` (era.month.day) and the same after an
//! amendment word (`一部改正 2 6 . 7 . 2 5`), whose action it leaves to the
//! caller.

mod era_table;
mod eval;
mod grammar;
pub(crate) mod lunisolar;
mod normalize;

use grammar::{Options, Parser};
use koryu_model::{Code, DatePrecision, Edtf, Era, FiscalYear, PartialDate, Severity};

/// Longest expression [`resolve`] reads, in bytes; longer input is not a
/// date (a date expression is a few dozen characters at most).
pub const MAX_EXPR_BYTES: usize = 256;

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
    /// Accept the era.month shorthand `26.5` (era from `document_era`): only
    /// inside the visits table and notice headers, since `0.5` or
    /// `7.18メートル` elsewhere are not dates.
    pub era_month_shorthand: bool,
}

/// A note about a resolved expression: a warning or info, not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// 平成31年5月: resolved arithmetically past the era's last day.
    EraYearPastEnd,
    /// 令和元年4月, 平成元年1月7日: resolved arithmetically before the era's
    /// first day (2019-04, 1989-01-07). Documents and people often write
    /// 平成元年1月1日 or 令和元年4月 for the days just before an era;
    /// resolving arithmetically with a warning names the problem without
    /// losing the date, exactly like [`Note::EraYearPastEnd`]. Era year 0
    /// stays an error ([`DateError::EraOutOfRange`]).
    EraYearBeforeStart,
    /// An explicit date outside the section's fiscal year.
    MonthOutsideFiscalYear,
    /// 3月～5月 read as spanning two fiscal years.
    RangeCrossesFiscalYear,
    /// `09年5月` with no era in the context, read as 2009 by dates.md's
    /// two-digit rule.
    TwoDigitYear,
}

impl Note {
    /// The diagnostic code of this note. [`Note::EraYearBeforeStart`] shares
    /// `era-out-of-range` with era year 0, at a lower [`Note::severity`].
    pub fn code(self) -> Code {
        match self {
            Note::EraYearPastEnd => Code::EraYearPastEnd,
            Note::EraYearBeforeStart => Code::EraOutOfRange,
            Note::MonthOutsideFiscalYear => Code::MonthOutsideFiscalYear,
            Note::RangeCrossesFiscalYear => Code::RangeCrossesFiscalYear,
            Note::TwoDigitYear => Code::TwoDigitYear,
        }
    }

    /// The severity of a diagnostic made from this note: never an error,
    /// since the expression resolved. Set it with
    /// [`Diagnostic::with_severity`](koryu_model::Diagnostic::with_severity),
    /// because `era-out-of-range` is an error by default (era year 0).
    pub fn severity(self) -> Severity {
        match self {
            Note::EraYearPastEnd | Note::TwoDigitYear => Severity::Info,
            Note::EraYearBeforeStart | Note::MonthOutsideFiscalYear | Note::RangeCrossesFiscalYear => Severity::Warning,
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
    /// The last fiscal year of a fiscal-year range (平成31年度～平成35年度 → 2023).
    pub fiscal_year_end: Option<FiscalYear>,
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
    /// A date that leans on context the caller did not give (`6月` without a
    /// fiscal year or previous date, `同年` without a previous date).
    #[error("{expr:?} needs {what}")]
    NeedsContext { expr: String, what: &'static str },
}

impl DateError {
    /// The diagnostic code of this error; `None` for "not a date".
    pub fn code(&self) -> Option<Code> {
        match self {
            DateError::NotADate(_) | DateError::NeedsContext { .. } => None,
            DateError::Invalid { .. } => Some(Code::InvalidDate),
            DateError::EraWesternMismatch { .. } => Some(Code::EraWesternMismatch),
            DateError::RangeEndsBeforeStart { .. } => Some(Code::RangeEndsBeforeStart),
            DateError::EraOutOfRange { .. } => Some(Code::EraOutOfRange),
        }
    }

    /// A short code for every variant: the diagnostic code, or `not-a-date`
    /// and `needs-context` for the two that have none.
    pub fn code_str(&self) -> &'static str {
        match self {
            DateError::NotADate(_) => "not-a-date",
            DateError::NeedsContext { .. } => "needs-context",
            other => other.code().map_or("invalid-date", Code::as_str),
        }
    }
}

/// Resolves one whole date expression (`6月`, `令和2年1月`, `11月～R5年1月`).
///
/// # Errors
/// [`DateError::NotADate`] when `expr` is not a date at all; the other
/// variants when it is one that cannot exist.
pub fn resolve(expr: &str, ctx: &Context) -> Result<Resolved, DateError> {
    let not_a_date = || DateError::NotADate(expr.to_owned());
    if expr.len() > MAX_EXPR_BYTES {
        return Err(not_a_date());
    }
    // Fast refusal of words (`VTC`, `東京`, `統幕長`) before any allocation:
    // every date has a digit (any width), a kanji numeral, 元, 年/月/日 or
    // a squared era sign (㍻).
    if !expr.chars().any(|c| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || grammar::is_kanji_numeral(c)
            || matches!(c, '元' | '年' | '月' | '日' | '\u{32FF}' | '\u{3300}'..='\u{33FF}')
    }) {
        return Err(not_a_date());
    }
    let norm = normalize::normalize(expr, false);
    let chars = trim(&norm.chars);
    // A notice header writes an amendment as `一部改正 2 6 . 7 . 2 5`
    // (dates.md); the action word is the extractor's to read, the rest is
    // the date. Only where the shorthand is on (notice headers, visits
    // tables), so nowhere else does `改正` pass for part of a date.
    let chars = if ctx.era_month_shorthand { trim(strip_amendment(chars)) } else { chars };
    let opts = Options { shorthand: ctx.era_month_shorthand, prose: false };
    // `紀元前5年`, `-5年`: negative years are dates that cannot be.
    const NEGATIVE: [&[char]; 2] = [&['紀', '元', '前'], &['-']];
    for prefix in NEGATIVE {
        if let Some(rest) = chars.strip_prefix(prefix) {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit() || grammar::is_kanji_numeral(**c)).count();
            if digits > 0 && (rest.get(digits) == Some(&'年') || parse_whole(rest, opts).is_some()) {
                return Err(DateError::Invalid { expr: expr.to_owned(), reason: "negative year".to_owned() });
            }
        }
    }
    let shape = parse_whole(chars, opts)
        .or_else(|| {
            // `(R4年1月)`: an expression wrapped in brackets.
            let inner = chars.strip_prefix(&['('])?.strip_suffix(&[')'])?;
            parse_whole(trim(inner), opts)
        })
        .ok_or_else(not_a_date)?;
    eval::evaluate(&shape, ctx, expr)
}

/// The words before a notice header's amendment date: 一部改正 (partial
/// amendment), 全部改正 (full amendment), 改正.
const AMENDMENT_WORDS: [&[char]; 3] = [&['一', '部', '改', '正'], &['全', '部', '改', '正'], &['改', '正']];

/// `chars` without a leading amendment word.
fn strip_amendment(chars: &[char]) -> &[char] {
    AMENDMENT_WORDS.iter().find_map(|word| chars.strip_prefix(*word)).unwrap_or(chars)
}

/// The era `text` names first (`令和5年度…` → 令和), by position: for a
/// document whose bare `5年度` or `19.4.13` leans on the era it names.
pub fn first_era_named(text: &str) -> Option<Era> {
    koryu_model::ERAS
        .iter()
        .filter_map(|def| text.find(def.name).map(|pos| (pos, def.era)))
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, era)| era)
}

/// Drops whitespace and trailing punctuation around an expression.
fn trim(chars: &[char]) -> &[char] {
    let is_pad = |c: &char| matches!(c, ' ' | '\n');
    let mut s = chars;
    while let Some((first, rest)) = s.split_first() {
        if !is_pad(first) {
            break;
        }
        s = rest;
    }
    while let Some((last, rest)) = s.split_last() {
        if !(is_pad(last) || matches!(last, '、' | '。' | ',' | ';' | ':')) {
            break;
        }
        s = rest;
    }
    s
}

/// Parses `chars` as one whole expression, or `None`.
fn parse_whole(chars: &[char], opts: Options) -> Option<grammar::Shape> {
    let mut p = Parser::new(chars, 0, opts);
    let shape = p.expr()?;
    p.at_end().then_some(shape)
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
    let norm = normalize::normalize(text, true);
    let s = norm.chars.as_slice();
    let opts = Options { shorthand: ctx.era_month_shorthand, prose: true };
    let mut ctx = ctx.clone();
    let mut found = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !could_start(s, i) {
            i += 1;
            continue;
        }
        let mut p = Parser::new(s, i, opts);
        let Some(shape) = p.expr() else {
            i += 1;
            continue;
        };
        let end = p.i;
        if end <= i || !ends_cleanly(s, end) {
            i += 1;
            continue;
        }
        let start_byte = norm.origins.get(i).copied().unwrap_or(text.len());
        let end_byte = norm.origins.get(end).copied().unwrap_or(text.len());
        let range = start_byte..end_byte.max(start_byte);
        let expr = text.get(range.clone()).unwrap_or_default();
        let result = eval::evaluate(&shape, &ctx, expr);
        if matches!(result, Err(DateError::NotADate(_))) {
            i += 1;
            continue;
        }
        if let Ok(r) = &result {
            if let Some(d) = r.date.as_ref().and_then(Edtf::first_date) {
                ctx.previous_date = Some(d);
            }
            if r.era.is_some() {
                ctx.previous_era = r.era;
            }
        }
        found.push(Found { range, result });
        i = end;
    }
    found
}

/// Whether a date expression may start at `s[i]`: not inside a word or number.
fn could_start(s: &[char], i: usize) -> bool {
    let Some(&c) = s.get(i) else { return false };
    let prev = i.checked_sub(1).and_then(|k| s.get(k)).copied();
    if c.is_ascii_digit() {
        return !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '/');
    }
    if c.is_ascii_alphabetic() {
        return matches!(c.to_ascii_uppercase(), 'M' | 'T' | 'S' | 'H' | 'R')
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric());
    }
    if grammar::is_kanji_numeral(c) {
        return !prev.is_some_and(grammar::is_kanji_numeral);
    }
    c == '(' || !(c.is_ascii() || c == ' ' || c == '\n')
}

/// Whether a match ending before `s[end]` is a whole expression: `7.18メートル`
/// and `26.5万人` are quantities, not dates.
fn ends_cleanly(s: &[char], end: usize) -> bool {
    let last = end.checked_sub(1).and_then(|k| s.get(k)).copied();
    let Some(next) = s.get(end).copied() else { return true };
    if !last.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    !grammar::is_quantity_unit(next)
}

#[cfg(test)]
mod tests;
