//! `edition-drop` at import: a new evaluation table that repeats fiscal years already in the store, compared with the earlier edition.
//!
//! Next year's table repeats the earlier years. A fiscal year whose section
//! lost most of its items in the new edition (a row cut by the PDF
//! conversion, a copy-paste that stopped early) is a damage no line of the
//! new file shows; only the earlier edition does. The comparison is per
//! indicator section and fiscal year: the new file's event mentions
//! against the events the earlier edition's mentions are in.

use crate::store::{EditionCount, ImportTx};
use koryu_model::{Category, Code, Diagnostic, DocKind, Mention, MentionKind, Severity, SourceSpan};
use koryu_parse::extract::evaluation_table::section_category;
use std::collections::{BTreeMap, BTreeSet};

/// An earlier edition's count below this is too small to call a drop (2 → 0
/// is one cancelled meeting, not a lost row).
const MIN_EARLIER_EVENTS: usize = 4;

/// The `edition-drop` findings for the file `source_file` (`sha256`), with
/// its 別紙 `sections` and `mentions` ([`koryu_parse::Extracted`]), against the
/// current sources in the store.
///
/// # Errors
/// The store query fails.
pub fn check(
    tx: &ImportTx<'_>,
    (source_file, sha256): (&str, &str),
    sections: &[(Category, u32)],
    mentions: &[Mention],
) -> anyhow::Result<Vec<Diagnostic>> {
    if sections.is_empty() {
        return Ok(Vec::new());
    }
    // Only the fiscal years the new file repeats can drop; reading just
    // those keeps an import's cost independent of the store's size.
    let years = mentions.iter().filter(|m| m.kind == MentionKind::Event).filter_map(|m| m.fiscal_year);
    let (Some(first), Some(last)) = (years.clone().min(), years.max()) else {
        return Ok(Vec::new());
    };
    let earlier = tx.edition_counts(sha256, first..=last)?;
    Ok(compare(source_file, sections, mentions, &earlier))
}

/// The comparison itself, on counts already read from the store.
pub fn compare(
    source_file: &str,
    sections: &[(Category, u32)],
    mentions: &[Mention],
    earlier: &[EditionCount],
) -> Vec<Diagnostic> {
    // The new file: mentions per (section's category, fiscal year), and the
    // first line of each.
    let mut new_counts: BTreeMap<(Category, i32), (usize, u32)> = BTreeMap::new();
    let mut new_years: BTreeSet<i32> = BTreeSet::new();
    for m in mentions.iter().filter(|m| m.kind == MentionKind::Event) {
        let (Some(fy), Some(category)) = (m.fiscal_year, m.section.as_deref().and_then(section_category)) else {
            continue;
        };
        new_years.insert(fy);
        let entry = new_counts.entry((category, fy)).or_insert((0, m.span.line));
        entry.0 += 1;
    }
    let tabular = mentions.iter().any(|m| matches!(m.source_doc_kind, DocKind::Csv | DocKind::Spreadsheet));
    let heading_line = |category: Category| sections.iter().find(|(c, _)| *c == category).map(|(_, line)| *line);
    let mut found = Vec::new();
    // Categories the new file has no section for: one line per earlier
    // edition and category (file, heading, events, years).
    let mut absent: BTreeMap<(String, Category), Absent> = BTreeMap::new();
    for count in earlier {
        let Some(category) = section_category(&count.section) else { continue };
        if !new_years.contains(&count.fiscal_year) {
            continue;
        }
        let Some(line) = heading_line(category) else {
            // A CSV or workbook of one section (one file per indicator,
            // the others sent as their own files) drops nothing by design;
            // a text 別紙 of one section may have lost the others.
            if sections.len() < 2 && tabular {
                continue;
            }
            let entry = absent
                .entry((count.source_sha256.clone(), category))
                .or_insert_with(|| (count.source_file.clone(), count.section.clone(), 0, BTreeSet::new()));
            entry.2 += count.n_events;
            entry.3.insert(count.fiscal_year);
            continue;
        };
        let (n_new, at) = new_counts.get(&(category, count.fiscal_year)).copied().unwrap_or((0, line));
        if count.n_events >= MIN_EARLIER_EVENTS && n_new * 2 < count.n_events {
            let year = fiscal_year_label(count.fiscal_year);
            found.push(diagnostic(
                source_file,
                at,
                Severity::Warning,
                format!(
                    "{year} of {} has {n_new} item{} in {source_file} where the earlier edition {} gave {} events; \
                     a row of this edition may be lost",
                    count.section,
                    if n_new == 1 { "" } else { "s" },
                    count.source_file,
                    count.n_events
                ),
                year,
            ));
        }
    }
    for (earlier_file, section, n_events, years) in absent.into_values() {
        let first = years.iter().next().copied().unwrap_or(0);
        let last = years.iter().next_back().copied().unwrap_or(0);
        let line = sections.first().map_or(1, |(_, line)| *line);
        let years = if first == last {
            fiscal_year_label(first)
        } else {
            format!("{}–{}", fiscal_year_label(first), fiscal_year_label(last))
        };
        found.push(diagnostic(
            source_file,
            line,
            Severity::Info,
            format!(
                "{source_file} has no section {section}, for which the earlier edition {earlier_file} gave {n_events} \
                 events in {years}; the new edition dropped the category (check that this was meant)"
            ),
            section,
        ));
    }
    found
}

/// The line the import summary shows for a finding:
/// `r6.txt:174: warning: edition-drop: …`.
pub fn summary_line(d: &Diagnostic) -> String {
    format!("{}:{}: {}: {}: {}", d.source_file, d.line, d.severity.as_str(), d.code.as_str(), d.message)
}

/// An earlier edition's category the new file has no section for: its
/// file, heading, events and fiscal years.
type Absent = (String, String, usize, BTreeSet<i32>);

fn diagnostic(source_file: &str, line: u32, severity: Severity, message: String, excerpt: String) -> Diagnostic {
    let span = SourceSpan { line, column: 1, byte_start: 0, byte_end: 0, sheet: None };
    let mut d = Diagnostic::new(Code::EditionDrop, span, message, excerpt).with_severity(severity);
    d.source_file = source_file.to_owned();
    d
}

/// 令和3年度 for 2021.
fn fiscal_year_label(fiscal_year: i32) -> String {
    match koryu_model::Era::on(fiscal_year, 12, 31) {
        Some(era) => {
            let n = fiscal_year - era.first_year() + 1;
            if n == 1 {
                format!("{}元年度", era.name())
            } else {
                format!("{}{n}年度", era.name())
            }
        }
        None => format!("{fiscal_year}年度"),
    }
}
