//! `export --format sqlite`: `DIR/koryu.sqlite`, a copy of the store (its
//! tables as they are, history included) with the views analysts ask for,
//! and `DIR/metadata.json`, Datasette's titles, descriptions and facets.
//!
//! The views need no JSON functions downstream: `events_by_country` has one
//! row per (event, country), so `GROUP BY country` works in any client.
//! DuckDB's sqlite extension re-plans a view with DuckDB's own functions, where
//! json_each's `value` is a JSON value (`"AU"` with its quotes), so `country`
//! is taken with `->>` (extract as text in SQLite 3.38+ and in DuckDB alike).

use super::csv::{DIAGNOSTIC_FIELDS, EVENT_FIELDS, MENTION_FIELDS, SOURCE_FIELDS};
use super::datapackage::description;
use anyhow::Context as _;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The database file and the Datasette metadata an export writes.
pub const DATABASE: &str = "koryu.sqlite";
pub const METADATA: &str = "metadata.json";

/// The views added to the copy, each with what it holds.
const VIEWS: &[(&str, &str, &str)] = &[
    (
        "events_by_country",
        "One row per (event, country): every column of events plus `country`, one of the event's counterparts \
         (an event with no counterpart has no row).",
        "CREATE VIEW events_by_country AS SELECT e.event_id, e.category, e.title, e.date, e.date_precision, \
         e.fiscal_year, e.countries, e.mode, e.direction, e.location, e.jp_roles, e.status, e.mention_count, \
         e.source_count, e.first_seen, e.countries ->> ('$[' || c.key || ']') AS country \
         FROM events e, json_each(e.countries) c",
    ),
    (
        "events_by_fiscal_year",
        "How many events each fiscal year (April to March) holds per category; fiscal_year is empty for events \
         without one.",
        "CREATE VIEW events_by_fiscal_year AS SELECT fiscal_year, category, COUNT(*) AS events FROM events \
         GROUP BY fiscal_year, category",
    ),
    (
        "mention_sources",
        "Each mention with its event and where it stands: source file, line, column, sheet, and the source's \
         kind and title (current sources only).",
        "CREATE VIEW mention_sources AS SELECT m.mention_id, m.event_id, m.source_file, m.line, m.\"column\", \
         m.sheet, s.source_doc_kind, s.title AS source_title, s.document_date FROM mentions m \
         JOIN sources s ON s.source_sha256 = m.source_sha256 WHERE s.superseded_by IS NULL",
    ),
];

/// Copies the store behind `from` into `dir/koryu.sqlite` (SQLite's online
/// backup: a consistent snapshot even while an import runs), makes the copy
/// a plain rollback-journal file, adds the views, and writes
/// `dir/metadata.json`.
///
/// # Errors
/// The copy or the metadata cannot be written.
pub fn write_database(from: &rusqlite::Connection, dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(DATABASE);
    let shown = path.display();
    let mut to = rusqlite::Connection::open(&path).with_context(|| format!("cannot create {shown}"))?;
    {
        let backup =
            rusqlite::backup::Backup::new(from, &mut to).with_context(|| format!("cannot copy into {shown}"))?;
        backup
            .run_to_completion(1024, std::time::Duration::ZERO, None)
            .with_context(|| format!("cannot copy the store into {shown}"))?;
    }
    // One file that any client opens, even read-only from a read-only place.
    to.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))
        .with_context(|| format!("cannot set the journal mode of {shown}"))?;
    to.pragma_update(None, "query_only", false).with_context(|| format!("cannot write {shown}"))?;
    for (name, _, sql) in VIEWS {
        to.execute_batch(&format!("DROP VIEW IF EXISTS {name}; {sql};"))
            .with_context(|| format!("cannot create the view {name} in {shown}"))?;
    }
    to.close().map_err(|(_, err)| err).with_context(|| format!("cannot close {shown}"))?;
    let metadata = metadata();
    let mut text = serde_json::to_string_pretty(&metadata)?;
    text.push('\n');
    let meta_path = dir.join(METADATA);
    std::fs::write(&meta_path, text).with_context(|| format!("cannot write {}", meta_path.display()))
}

/// Datasette's `metadata.json` for the copy: database and table titles,
/// every schema column described, facets on category, countries (an array
/// facet) and fiscal year.
pub fn metadata() -> Value {
    let columns = |table: &str, fields: &[&str]| -> Value {
        let mut map = Map::new();
        for name in fields {
            if let Some(text) = description(table, name) {
                map.insert((*name).to_owned(), Value::String(text));
            }
        }
        Value::Object(map)
    };
    let mut tables = Map::new();
    tables.insert(
        "events".to_owned(),
        json!({
            "title": "Events",
            "description": "Deduplicated defence exchanges: one row per meeting, visit, exercise, agreement …, \
                            chosen from its best-supported mention.",
            "columns": columns("events", EVENT_FIELDS),
            "facets": ["category", {"array": "countries"}, "fiscal_year"],
            // No default `sort`: Datasette 0.65 pages a sort on `date` (mostly
            // NULL, many ties) by a keyset that skips and repeats rows (1404 of
            // 1407 corpus events came back, clients/check.py); by the primary
            // key, every row comes back once.
        }),
    );
    tables.insert(
        "mentions".to_owned(),
        json!({
            "title": "Mentions",
            "description": "Every mention of an exchange as the source states it, with its file, line and column.",
            "columns": columns("mentions", MENTION_FIELDS),
            "facets": ["category", {"array": "countries"}, "fiscal_year", "source_file"],
        }),
    );
    tables.insert(
        "sources".to_owned(),
        json!({
            "title": "Sources",
            "description": "The imported files (replaced ones keep their row, with superseded_by set).",
            "columns": columns("sources", SOURCE_FIELDS),
        }),
    );
    tables.insert(
        "diagnostics".to_owned(),
        json!({
            "title": "Diagnostics",
            "description": "What validation found in each source: code, severity, place and excerpt.",
            "columns": columns("diagnostics", DIAGNOSTIC_FIELDS),
            "facets": ["code", "severity", "source_file"],
        }),
    );
    for (name, text, _) in VIEWS {
        let mut view = json!({ "description": text });
        if *name == "events_by_country" {
            view["facets"] = json!(["country", "category", "fiscal_year"]);
        }
        tables.insert((*name).to_owned(), view);
    }
    json!({
        "title": "koryu: Japan's defence exchanges",
        "description": "Defence-exchange events and their mentions, parsed from Ministry of Defense documents by koryu.",
        "databases": { "koryu": { "title": "koryu store", "tables": Value::Object(tables) } },
    })
}
