//! CSV export: RFC 4180, UTF-8, header row, arrays joined with `;`, and
//! formula-looking cells defused.

use anyhow::bail;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

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

/// Writes `rows` as CSV with `header` as the first row, into a file or
/// stdout (`export --out -`).
///
/// # Errors
/// The writer fails, or a row's fields differ from `header`.
pub fn write_csv_to<T: Serialize>(out: impl std::io::Write, rows: &[T], header: &[&str]) -> anyhow::Result<()> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        // Round-trip through JSON text to keep the struct's field order
        // (serde_json's `Value` map would sort the keys).
        let ordered: OrderedRow = serde_json::from_str(&serde_json::to_string(row)?)?;
        let names: Vec<&str> = ordered.0.iter().map(|(name, _)| name.as_str()).collect();
        if names != header {
            bail!("internal error: record fields {names:?} differ from the CSV header {header:?}");
        }
        writer.write_record(ordered.0.iter().map(|(_, value)| match value {
            Field::Value(value) => cell(value),
            Field::Json(text) => defuse_formula(text.0.clone()),
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

/// Prefixes `'` to a cell starting with `=`, `+`, `-`, `@`, tab or CR, or
/// with the full-width `＝`, `＋`, `－`, `＠` that a Japanese spreadsheet
/// also reads as the start of a formula.
pub fn defuse_formula(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        format!("'{text}")
    } else {
        text
    }
}

/// A JSON object's fields in the order they were written.
struct OrderedRow(Vec<(String, Field)>);

/// One field of a row: a value for [`cell`], or for a [`JSON_FIELDS`]
/// column its JSON text with keys in written order (`Value` would sort
/// them, and schema.md's order is `action`, `number`, `date`).
enum Field {
    Value(Value),
    Json(JsonText),
}

/// Compact JSON text of any value, keys in the order they were written.
struct JsonText(String);

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JsonText, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = JsonText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<JsonText, E> {
                Ok(JsonText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<JsonText, E> {
                Ok(JsonText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<JsonText, E> {
                Ok(JsonText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<JsonText, E> {
                Ok(JsonText(Value::from(v).to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonText, E> {
                Ok(JsonText(Value::from(v).to_string()))
            }
            fn visit_unit<E>(self) -> Result<JsonText, E> {
                Ok(JsonText("null".to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonText, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<JsonText>()? {
                    items.push(item.0);
                }
                Ok(JsonText(format!("[{}]", items.join(","))))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonText, A::Error> {
                let mut fields = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, JsonText>()? {
                    fields.push(format!("{}:{}", Value::from(key), value.0));
                }
                Ok(JsonText(format!("{{{}}}", fields.join(","))))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

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
                while let Some(name) = map.next_key::<String>()? {
                    let field = if JSON_FIELDS.contains(&name.as_str()) {
                        Field::Json(map.next_value::<JsonText>()?)
                    } else {
                        Field::Value(map.next_value::<Value>()?)
                    };
                    fields.push((name, field));
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
        for risky in ["=SUM(A1)", "+81", "-1", "@cmd", "\tx", "\rx", "＝SUM(A1)", "＋81", "－1", "＠cmd"] {
            assert_eq!(cell(&json!(risky)), format!("'{risky}"));
        }
        assert_eq!(cell(&json!("防衛相会談")), "防衛相会談");
        assert_eq!(cell(&json!("2019-10/2019-12")), "2019-10/2019-12");
    }

    #[test]
    fn json_fields_keep_their_key_order() {
        let text = r#"[{"action":"issued","number":"防防国第1号","date":"2007-04-13"},{"z":null,"a":[1,2.5,true]}]"#;
        let parsed: JsonText = serde_json::from_str(text).unwrap();
        assert_eq!(parsed.0, text);
        let empty: JsonText = serde_json::from_str("[]").unwrap();
        assert_eq!(empty.0, "[]");
    }

    #[test]
    fn arrays_nulls_and_numbers() {
        assert_eq!(cell(&json!(["US", "AU"])), "US;AU");
        assert_eq!(cell(&json!([])), "");
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!(2019)), "2019");
    }
}
