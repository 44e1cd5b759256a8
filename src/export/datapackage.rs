//! `datapackage.json`: the Frictionless Data Package descriptor of a CSV export.
//!
//! The CSV files themselves are written by [`super::csv`]; this module only
//! describes them (Data Package, Tabular Data Resource and Table Schema v1).
//! Field lists come from the CSV headers, so the descriptor cannot drift from
//! the files; types, descriptions and enum codes come from schema.md and the
//! model's enums.

use super::csv::{DIAGNOSTIC_FIELDS, EVENT_FIELDS, MENTION_FIELDS, SOURCE_FIELDS};
use anyhow::Context as _;
use koryu_model::{
    Category, Code, CountDetail, DatePrecision, Direction, DocKind, MentionKind, Mode, Role, Severity, Status,
};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The descriptor's file name inside the export directory (the spec's).
pub const DESCRIPTOR: &str = "datapackage.json";

/// The four tables in schema.md's order, with their CSV headers.
const TABLES: [(&str, &[&str]); 4] = [
    ("mentions", MENTION_FIELDS),
    ("events", EVENT_FIELDS),
    ("sources", SOURCE_FIELDS),
    ("diagnostics", DIAGNOSTIC_FIELDS),
];

/// Writes `DIR/datapackage.json` describing the CSV files of `dir`.
///
/// # Errors
/// A CSV column has no description here (a field was added to the model
/// without one), or the file cannot be written.
pub fn write_descriptor(dir: &Path, created: &str) -> anyhow::Result<()> {
    let descriptor = descriptor(created)?;
    let path = dir.join(DESCRIPTOR);
    let mut text = serde_json::to_string_pretty(&descriptor)?;
    text.push('\n');
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The whole descriptor as JSON.
///
/// # Errors
/// A CSV column has no entry in [`field`].
pub fn descriptor(created: &str) -> anyhow::Result<Value> {
    let resources = TABLES.iter().map(|(table, header)| resource(table, header)).collect::<anyhow::Result<Vec<_>>>()?;
    Ok(json!({
        "profile": "tabular-data-package",
        "name": "koryu",
        "title": "koryu: Japan Ministry of Defense defence exchanges",
        "description": "Defence-exchange mentions parsed from Ministry of Defense documents, the events they were \
                        deduplicated into, the imported sources and validation diagnostics.",
        "created": created,
        "resources": resources,
    }))
}

fn resource(table: &str, header: &[&str]) -> anyhow::Result<Value> {
    let fields = header
        .iter()
        .map(|name| field(table, name).with_context(|| format!("internal error: no description for {table}.{name}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut schema = Map::new();
    schema.insert("fields".to_owned(), Value::Array(fields));
    match table {
        "mentions" => {
            schema.insert("primaryKey".to_owned(), json!("mention_id"));
            schema.insert(
                "foreignKeys".to_owned(),
                json!([
                    { "fields": "event_id", "reference": { "resource": "events", "fields": "event_id" } },
                    { "fields": "source_sha256", "reference": { "resource": "sources", "fields": "source_sha256" } },
                ]),
            );
        }
        "events" => {
            schema.insert("primaryKey".to_owned(), json!("event_id"));
        }
        "sources" => {
            schema.insert("primaryKey".to_owned(), json!("source_sha256"));
        }
        _ => {}
    }
    Ok(json!({
        "name": table,
        "path": format!("{table}.csv"),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }))
}

/// The one-phrase description of column `name` of `table` (schema.md), as
/// the data package and Datasette's metadata give it.
pub(crate) fn description(table: &str, name: &str) -> Option<String> {
    field(table, name)?.get("description")?.as_str().map(str::to_owned)
}

/// A Table Schema field: type, one-phrase description (schema.md) and, for
/// enums, the model's codes. `None` for a column this module does not know.
fn field(table: &str, name: &str) -> Option<Value> {
    let string = |description: &str| json!({ "name": name, "type": "string", "description": description });
    let integer = |description: &str| json!({ "name": name, "type": "integer", "description": description });
    let edtf = |description: &str| string(&format!("{description} (EDTF, ISO 8601-2; kept as a string)"));
    let list = |description: &str| string(&format!("{description}; several values joined with `;`"));
    let codes = |description: &str, codes: Vec<&'static str>| json!({ "name": name, "type": "string", "description": description, "constraints": { "enum": codes } });
    Some(match (table, name) {
        ("mentions", "mention_id") => string("Stable hash of source sha256, line, column and occurrence index"),
        ("mentions", "event_id") => string("The deduplicated event this mention was merged into"),
        ("events", "event_id") => string("Stable event id: same inputs give the same id"),
        (_, "kind") => codes("What the mention records", all(MentionKind::ALL, |k| k.as_str())),
        (_, "category") => codes("Exchange category (taxonomy.md); empty when a table named no indicator", all(Category::ALL, |c| c.as_str())),
        ("sources", "title") => string("The document's own title as printed, if it gives one"),
        ("sources", "document_date") => {
            edtf("The latest date the document gives for itself (a notice's last issue or amendment, an edition year, a fiscal year's start year)")
        }
        ("sources", "document_history") => json!({
            "name": name,
            "type": "array",
            "description": "A notice's header rows in order, as a JSON array of objects with `action` (issued, amended), \
                            `number` and `date` (EDTF); `[]` for other kinds",
        }),
        (_, "title") => string("Normalised event text without date and location brackets"),
        (_, "title_raw") => string("The item text exactly as in the source"),
        (_, "date") => edtf("Date, month, year or interval of the event"),
        (_, "date_raw") => string("The date expression as written in the source"),
        (_, "date_precision") => codes("How precise the date is", all(&DATE_PRECISIONS, |p| p.as_str())),
        (_, "fiscal_year") => integer("Japanese fiscal year (April start) as the western year it starts in"),
        (_, "countries") => list("Counterparts, Japan excluded: ISO 3166-1 alpha-2 or organisation codes"),
        (_, "header_raw") => string("The country header the item stood under, as written"),
        (_, "mode") => codes("How the participants met", all(Mode::ALL, |m| m.as_str())),
        (_, "direction") => codes("Which way the visit went", all(Direction::ALL, |d| d.as_str())),
        (_, "location") => string("Place or forum as written, normalised"),
        (_, "jp_roles") => list(&format!(
            "Japanese participants' roles, codes of taxonomy.md ({})",
            all(Role::ALL, |r| r.as_str()).join(", ")
        )),
        (_, "status") => codes("What happened to the event", all(Status::ALL, |s| s.as_str())),
        (_, "count") => integer("Students: number of people; budget: millions of yen"),
        (_, "count_detail") => codes("What count counts", all(CountDetail::ALL, |c| c.as_str())),
        ("diagnostics", "source_file") => string("Path of the file the finding is about, as given"),
        (_, "source_file") => string("Path as given on the command line"),
        (_, "source_sha256") => string("SHA-256 of the source file's bytes"),
        (_, "source_doc_kind") => codes("Kind of source document", all(DocKind::ALL, |d| d.as_str())),
        (_, "section") => string("The section heading the item stood in"),
        (_, "line") => integer("1-based line (text) or row (sheet)"),
        (_, "column") => integer("1-based character column (text) or column (sheet)"),
        (_, "sheet") => string("Sheet name for spreadsheets, else empty"),
        ("events", "mention_count") => integer("How many mentions were merged"),
        (_, "source_count") => integer("How many distinct source files mention it"),
        (_, "first_seen") => string("source_file of the earliest import that contained it"),
        (_, "bytes") => integer("File size in bytes"),
        (_, "encoding") => string("Detected text encoding"),
        (_, "imported_at") => {
            json!({ "name": name, "type": "datetime", "description": "When the file was imported (RFC 3339, UTC)" })
        }
        ("sources", "mention_count") => integer("Mentions found in the file"),
        (_, "warning_count") => integer("Warning diagnostics for the file"),
        (_, "error_count") => integer("Error diagnostics for the file"),
        (_, "severity") => codes("How bad the finding is", all(&SEVERITIES, |s| s.as_str())),
        (_, "code") => codes("Stable kebab-case diagnostic code", all(Code::ALL, |c| c.as_str())),
        (_, "message") => string("One sentence a person can act on"),
        (_, "excerpt") => string("The raw source text the finding is about"),
        _ => return None,
    })
}

/// `DatePrecision` and `Severity` have no `ALL`; the matches below fail to
/// compile when a variant is added, so these lists cannot fall behind.
const DATE_PRECISIONS: [DatePrecision; 4] =
    [DatePrecision::Year, DatePrecision::Month, DatePrecision::Day, DatePrecision::FiscalYear];
const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];
const _: () = {
    const fn covered(p: DatePrecision, s: Severity) {
        match p {
            DatePrecision::Year | DatePrecision::Month | DatePrecision::Day | DatePrecision::FiscalYear => {}
        }
        match s {
            Severity::Info | Severity::Warning | Severity::Error => {}
        }
    }
    covered(DatePrecision::Year, Severity::Info);
};

fn all<T: Copy>(values: &[T], code: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    values.iter().map(|&v| code(v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_csv_column_is_described() {
        let descriptor = descriptor("2025-04-01T00:00:00Z").unwrap();
        let resources = descriptor["resources"].as_array().unwrap();
        assert_eq!(resources.len(), 4);
        for ((table, header), resource) in TABLES.iter().zip(resources) {
            assert_eq!(resource["name"], *table);
            let names: Vec<&str> =
                resource["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
            assert_eq!(names, *header);
        }
    }

    #[test]
    fn enums_carry_the_model_codes() {
        let descriptor = descriptor("2025-04-01T00:00:00Z").unwrap();
        let mentions = &descriptor["resources"][0]["schema"]["fields"];
        let category = mentions.as_array().unwrap().iter().find(|f| f["name"] == "category").unwrap();
        assert_eq!(category["constraints"]["enum"].as_array().unwrap().len(), Category::ALL.len());
        assert_eq!(category["constraints"]["enum"][0], "high_level");
        let precision = mentions.as_array().unwrap().iter().find(|f| f["name"] == "date_precision").unwrap();
        assert_eq!(precision["constraints"]["enum"], json!(["year", "month", "day", "fiscal_year"]));
    }
}
