//! The export contract: schema.md's field names, order and types, written out
#![allow(clippy::unwrap_used)] // Test helpers: a panic is a failing test.
//! here by hand so a renamed or added field fails this test first.

use crate::cli::{koryu, sample_files, stderr};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::Path;

/// schema.md `mentions`, verbatim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Fields exist to be type-checked by serde.
struct Mention {
    mention_id: String,
    event_id: String,
    kind: String,
    category: String,
    title: String,
    title_raw: String,
    date: Option<String>,
    date_raw: Option<String>,
    date_precision: Option<String>,
    fiscal_year: Option<i32>,
    countries: Vec<String>,
    header_raw: Option<String>,
    mode: Option<String>,
    direction: Option<String>,
    location: Option<String>,
    jp_roles: Vec<String>,
    status: String,
    count: Option<i64>,
    count_detail: Option<String>,
    source_file: String,
    source_sha256: String,
    source_doc_kind: String,
    section: Option<String>,
    line: u32,
    column: u32,
    sheet: Option<String>,
}
const MENTION_FIELDS: &[&str] = &[
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

/// schema.md `events`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Event {
    event_id: String,
    category: String,
    title: String,
    date: Option<String>,
    date_precision: Option<String>,
    fiscal_year: Option<i32>,
    countries: Vec<String>,
    mode: Option<String>,
    direction: Option<String>,
    location: Option<String>,
    jp_roles: Vec<String>,
    status: String,
    mention_count: u32,
    source_count: u32,
    first_seen: String,
}
const EVENT_FIELDS: &[&str] = &[
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

/// schema.md `sources`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Source {
    source_sha256: String,
    source_file: String,
    source_doc_kind: String,
    bytes: u64,
    encoding: String,
    imported_at: String,
    mention_count: u32,
    warning_count: u32,
    error_count: u32,
    title: Option<String>,
    document_date: Option<String>,
    document_history: Vec<HistoryEntry>,
}

/// One `document_history` row: schema.md's example, verbatim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryEntry {
    action: String,
    number: Option<String>,
    date: Option<String>,
}
const HISTORY_FIELDS: &[&str] = &["action", "number", "date"];
const SOURCE_FIELDS: &[&str] = &[
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

/// schema.md `diagnostics`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Diagnostic {
    source_file: String,
    line: u32,
    column: u32,
    severity: String,
    code: String,
    message: String,
    excerpt: String,
}
const DIAGNOSTIC_FIELDS: &[&str] = &["source_file", "line", "column", "severity", "code", "message", "excerpt"];

/// The keys of a JSON object in the order they were written.
struct KeysInOrder(Vec<String>);

impl<'de> Deserialize<'de> for KeysInOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeysInOrder, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = KeysInOrder;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeysInOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(KeysInOrder(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// Checks one JSONL file against a field list and returns its row count.
type CheckFn = fn(&Path, &[&str]) -> usize;

/// Every line of `path` has exactly `fields`, in order, and parses as `T`.
fn check_jsonl<T: DeserializeOwned>(path: &Path, fields: &[&str]) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    for (idx, line) in text.lines().enumerate() {
        let keys: KeysInOrder = serde_json::from_str(line).unwrap();
        assert_eq!(keys.0, fields, "{}:{}", path.display(), idx + 1);
        if let Err(err) = serde_json::from_str::<T>(line) {
            panic!("{}:{}: {err}\n{line}", path.display(), idx + 1);
        }
    }
    text.lines().count()
}

/// The CSV has `fields` as its header and `n_rows` rows of that width.
fn check_csv(path: &Path, fields: &[&str], n_rows: usize) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, fields, "{}", path.display());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n_rows, "{}", path.display());
    assert!(rows.iter().all(|r| r.len() == fields.len()));
}

#[test]
fn exports_match_schema_md() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut args = vec!["import".to_owned()];
    args.extend(sample_files().iter().map(|p| p.display().to_string()));
    // An unparsed line so the diagnostics table is not empty.
    std::fs::write(dir.join("note.txt"), "ただのメモ\n").unwrap();
    args.push("note.txt".to_owned());
    // A notice, so document_history has rows to check.
    args.push(notice_fixture().display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = koryu(dir, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for format in ["jsonl", "csv"] {
        let output = koryu(dir, &["export", "--format", format, "--out", format]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let tables: [(&str, &[&str], CheckFn); 4] = [
        ("mentions", MENTION_FIELDS, check_jsonl::<Mention>),
        ("events", EVENT_FIELDS, check_jsonl::<Event>),
        ("sources", SOURCE_FIELDS, check_jsonl::<Source>),
        ("diagnostics", DIAGNOSTIC_FIELDS, check_jsonl::<Diagnostic>),
    ];
    for (table, fields, check) in tables {
        let n_rows = check(&dir.join(format!("jsonl/{table}.jsonl")), fields);
        assert!(n_rows > 0, "{table} is empty, so the contract is untested");
        check_csv(&dir.join(format!("csv/{table}.csv")), fields, n_rows);
    }
    check_document_fields(dir);
}

/// The letter-spaced notice fixture (two header rows).
pub(crate) fn notice_fixture() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/ok/notice-letter-spaced.txt")
}

/// `title`, `document_date` and `document_history` of the sources: JSON
/// Lines holds a JSON array, CSV the same array as JSON text (`[]` for a
/// source without a history), both with schema.md's keys in its order.
fn check_document_fields(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("jsonl/sources.jsonl")).unwrap();
    let jsonl: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut reader = csv::Reader::from_path(dir.join("csv/sources.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), jsonl.len());
    let mut n_history_rows = 0;
    for (row, json) in rows.iter().zip(&jsonl) {
        let history = json["document_history"].as_array().expect("document_history is a JSON array in JSON Lines");
        let cell = &row[col("document_history")];
        let from_csv: serde_json::Value = serde_json::from_str(cell).expect("document_history is JSON text in CSV");
        assert_eq!(&from_csv, &json["document_history"], "CSV and JSON Lines differ: {cell}");
        for entry in history {
            let entry = serde_json::from_value::<HistoryEntry>(entry.clone()).unwrap();
            // The taxonomy's two actions, a number as printed, an EDTF day.
            assert!(matches!(entry.action.as_str(), "issued" | "amended"), "{entry:?}");
            assert!(entry.number.as_deref().is_none_or(|n| !n.contains(' ')), "{entry:?}");
            assert!(entry.date.as_deref().is_none_or(|d| d.len() == 10), "{entry:?}");
            n_history_rows += 1;
        }
        assert_eq!(row[col("title")], *json["title"].as_str().unwrap_or(""));
        assert_eq!(row[col("document_date")], *json["document_date"].as_str().unwrap_or(""));
    }
    let by_kind = |kind: &str| jsonl.iter().find(|s| s["source_doc_kind"] == kind).unwrap();
    let notice = by_kind("policy_notice");
    assert_eq!(notice["title"], "留学生の受入れに関する実施要領について（通達）");
    assert_eq!(notice["document_date"], "2012-06-01");
    assert_eq!(
        notice["document_history"],
        serde_json::json!([
            {"action": "issued", "number": "防人育第521号", "date": "2008-03-31"},
            {"action": "amended", "number": "防人育第88号", "date": "2012-06-01"},
        ])
    );
    assert_eq!(n_history_rows, 2, "only the notice has a history");
    // Keys in schema.md's order, in both formats (serde_json's `Value`
    // sorts keys, so the order is checked on the text).
    let ordered = r#"[{"action":"issued","number":"防人育第521号","date":"2008-03-31"},{"action":"amended","number":"防人育第88号","date":"2012-06-01"}]"#;
    assert!(HISTORY_FIELDS.iter().all(|f| ordered.contains(&format!("\"{f}\""))));
    assert!(text.contains(&format!("\"document_history\":{ordered}")), "{text}");
    let notice_row = rows.iter().find(|r| &r[col("source_doc_kind")] == "policy_notice").unwrap();
    assert_eq!(&notice_row[col("document_history")], ordered);
    let table = by_kind("evaluation_table");
    assert_eq!(table["document_date"], "2024", "the first sample is 令和6年度's");
    assert!(table["title"].as_str().unwrap().ends_with("事前分析表"));
    let note = by_kind("white_paper");
    assert_eq!((&note["title"], &note["document_date"]), (&serde_json::Value::Null, &serde_json::Value::Null));
    assert_eq!(note["document_history"], serde_json::json!([]));
    let note_row = rows.iter().find(|r| &r[col("source_doc_kind")] == "white_paper").unwrap();
    assert_eq!(&note_row[col("document_history")], "[]");
}
