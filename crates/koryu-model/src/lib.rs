//! **koryu-model.** The vocabulary every stage shares: [`Mention`], [`Event`],
//! [`Source`], [`PartialDate`] and [`Edtf`], [`FiscalYear`], [`Era`],
//! [`CountryCode`], [`Category`], [`Role`], [`Diagnostic`], [`SourceSpan`], with
//! their invariants (a line is ≥ 1; a `PartialDate` never holds a day the source
//! did not state) and the serde shape of `schema.md`. It knows nothing of
//! parsing, matching or storage: no I/O, no regex, and no dependency besides
//! serde.

mod country;
mod date;
mod diagnostic;
mod era;
mod fiscal_year;
mod record;
mod span;
mod taxonomy;

pub use country::CountryCode;
pub use date::{days_in_month, is_leap_year, DateError, DatePoint, DatePrecision, Edtf, PartialDate, Season};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use era::{Era, EraDef, ERAS};
pub use fiscal_year::FiscalYear;
pub use record::{DocumentInfo, Event, HistoryEntry, Mention, Source};
pub use span::SourceSpan;
pub use taxonomy::{Category, CountDetail, Direction, DocKind, HistoryAction, MentionKind, Mode, Role, Status};
