//! CSV export: RFC 4180, UTF-8, header row, arrays joined with `;`, and
//! formula-looking cells defused.

use anyhow::bail;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// Header rows (schema.md order). Every row is checked against its header,
/// so a renamed model field fails the export instead of shifting columns.
pub const MENTION_FIELDS: &[&str] = &[
    "mention_id",
    "event_id",
    "kind",
    "category",
    "title",
    "title_raw",
    "date",
    "date_raw",
    "date_precision",
    "fiscal_year",
    "countries",
    "header_raw",
    "mode",
    "direction",
    "location",
    "jp_roles",
    "status",
    "count",
    "count_detail",
    "source_file",
    "source_sha256",
    "source_doc_kind",
    "section",
    "line",
    "column",
    "sheet",
];
pub const EVENT_FIELDS: &[&str] = &[
    "event_id",
    "category",
    "title",
    "date",
    "date_precision",
    "fiscal_year",
    "countries",
    "mode",
    "direction",
    "location",
    "jp_roles",
    "status",
    "mention_count",
    "source_count",
    "first_seen",
];
pub const SOURCE_FIELDS: &[&str] = &[
    "source_sha256",
    "source_file",
    "source_doc_kind",
    "bytes",
    "encoding",
    "imported_at",
    "mention_count",
    "warning_count",
    "error_count",
    "title",
    "document_date",
    "document_history",
];
pub const DIAGNOSTIC_FIELDS: &[&str] = &["source_file", "line", "column", "severity", "code", "message", "excerpt"];

/// Columns written as JSON text rather than `;`-joined: arrays of records
/// (schema.md: `document_history` is JSON text in SQLite and CSV, so `[]`
/// stays `[]` and each row keeps its keys).
pub const JSON_FIELDS: &[&str] = &["document_history"];

/// Separator of array values inside one cell (`US;AU`). No country code or
/// role code contains it.
pub const ARRAY_SEPARATOR: &str = ";";

/// Writes `rows` to `path` as CSV with `header` as the first row.
///
/// # Errors
/// The file cannot be written, or a row's fields differ from `header`.
pub fn write_csv<T: Serialize>(path: &Path, rows: &[T], header: &[&str]) -> anyhow::Result<()> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_path(path)?;
    writer.write_record(header)?;
    for row in rows {
        // Round-trip through JSON text to keep the struct's field order
        // (serde_json's `Value` map would sort the keys).
        let ordered: OrderedRow = serde_json::from_str(&serde_json::to_string(row)?)?;
        let names: Vec<&str> = ordered.0.iter().map(|(name, _)| name.as_str()).collect();
        if names != header {
            bail!("internal error: record fields {names:?} differ from the CSV header {header:?}");
        }
        writer.write_record(ordered.0.iter().map(|(name, value)| {
            if JSON_FIELDS.contains(&name.as_str()) {
                defuse_formula(value.to_string())
            } else {
                cell(value)
            }
        }))?;
    }
    writer.flush()?;
    Ok(())
}

/// One CSV cell: null is empty, arrays are joined with `;`, and a cell that
/// a spreadsheet would run as a formula gets a leading `'` (schema.md).
pub fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(ARRAY_SEPARATOR),
        other => scalar_text(other),
    };
    defuse_formula(text)
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Prefixes `'` to a cell starting with `=`, `+`, `-`, `@`, tab or CR.
pub fn defuse_formula(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// A JSON object's fields in the order they were written.
struct OrderedRow(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for OrderedRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OrderedRow, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = OrderedRow;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedRow, A::Error> {
                let mut fields = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, Value>()? {
                    fields.push((name, value));
                }
                Ok(OrderedRow(fields))
            }
        }
        deserializer.deserialize_map(RowVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_cells_are_defused() {
        for risky in ["=SUM(A1)", "+81", "-1", "@cmd", "\tx", "\rx"] {
            assert_eq!(cell(&json!(risky)), format!("'{risky}"));
        }
        assert_eq!(cell(&json!("防衛相会談")), "防衛相会談");
        assert_eq!(cell(&json!("2019-10/2019-12")), "2019-10/2019-12");
    }

    #[test]
    fn arrays_nulls_and_numbers() {
        assert_eq!(cell(&json!(["US", "AU"])), "US;AU");
        assert_eq!(cell(&json!([])), "");
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!(2019)), "2019");
    }
}
