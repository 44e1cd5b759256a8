//! `koryu export --format datapackage`: the descriptor agrees with the CSV files it describes.
#![allow(clippy::unwrap_used)] // Test helpers: a panic is a failing test.

use crate::cli::{koryu, sample_files, stderr};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A CSV file as (header, rows).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// The values of column `name`, empty cells (nulls) left out.
fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let idx = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[idx].as_str()).filter(|v| !v.is_empty()).collect()
}

/// The samples plus one unparsed line (so diagnostics is not empty),
/// exported as a data package into `dir/dp`.
fn export_package(dir: &Path) -> Value {
    std::fs::write(dir.join("note.txt"), "ただのメモ\n").unwrap();
    let mut args = vec!["import".to_owned()];
    args.extend(sample_files().iter().map(|p| p.display().to_string()));
    args.push("note.txt".to_owned());
    // A notice, so `document_history` holds rows, not only `[]`.
    args.push(crate::contract::notice_fixture().display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = koryu(dir, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = koryu(dir, &["export", "--format", "datapackage", "--out", "dp"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&std::fs::read_to_string(dir.join("dp/datapackage.json")).unwrap()).unwrap()
}

#[test]
fn datapackage_describes_its_csv_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let package = export_package(dir);

    assert_eq!(package["name"], "koryu");
    assert_eq!(package["profile"], "tabular-data-package");
    let created = package["created"].as_str().unwrap();
    assert!(created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T', "{created}");

    let resources = package["resources"].as_array().unwrap();
    let names: Vec<&str> = resources.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["mentions", "events", "sources", "diagnostics"]);

    let mut tables = BTreeMap::new();
    let mut n_enum_values = 0;
    let mut n_array_values = 0;
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        assert_eq!(resource["path"], format!("{name}.csv"));
        assert_eq!(resource["profile"], "tabular-data-resource");
        assert_eq!(resource["format"], "csv");
        assert_eq!(resource["mediatype"], "text/csv");
        assert_eq!(resource["encoding"], "utf-8");
        let (header, rows) = read_csv(&dir.join("dp").join(resource["path"].as_str().unwrap()));
        assert!(!rows.is_empty(), "{name}.csv is empty, so the descriptor is untested");

        let fields = resource["schema"]["fields"].as_array().unwrap();
        let field_names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(field_names, header, "{name}: schema fields differ from the CSV header");

        for field in fields {
            let field_name = field["name"].as_str().unwrap();
            assert!(!field["description"].as_str().unwrap().is_empty(), "{name}.{field_name}");
            let values = column(&header, &rows, field_name);
            match field["type"].as_str().unwrap() {
                "integer" => {
                    for v in &values {
                        assert!(v.parse::<i64>().is_ok(), "{name}.{field_name}: {v} is not an integer");
                    }
                }
                "array" => {
                    for v in &values {
                        let parsed: Value = serde_json::from_str(v).unwrap_or(Value::Null);
                        assert!(parsed.is_array(), "{name}.{field_name}: {v} is not a JSON array");
                        n_array_values += usize::from(parsed.as_array().is_some_and(|a| !a.is_empty()));
                    }
                }
                "string" | "datetime" => {}
                other => panic!("{name}.{field_name}: unexpected type {other}"),
            }
            if let Some(allowed) = field["constraints"]["enum"].as_array() {
                let allowed: BTreeSet<&str> = allowed.iter().map(|v| v.as_str().unwrap()).collect();
                for v in &values {
                    assert!(allowed.contains(v), "{name}.{field_name}: {v} not in {allowed:?}");
                    n_enum_values += 1;
                }
            }
        }

        if let Some(key) = resource["schema"]["primaryKey"].as_str() {
            let keys = column(&header, &rows, key);
            assert_eq!(keys.len(), rows.len(), "{name}.{key}: empty primary key");
            assert_eq!(keys.iter().collect::<BTreeSet<_>>().len(), keys.len(), "{name}.{key} is not unique");
        }
        tables.insert(name.to_owned(), (header, rows));
    }
    assert!(n_enum_values > 50, "only {n_enum_values} enum cells checked");
    assert_eq!(n_array_values, 1, "the notice's document_history is the one non-empty array cell");
    let sources = &resources[2]["schema"]["fields"];
    let type_of =
        |name: &str| sources.as_array().unwrap().iter().find(|f| f["name"] == name).map(|f| f["type"].clone()).unwrap();
    assert_eq!(
        [type_of("title"), type_of("document_date"), type_of("document_history")],
        ["string", "string", "array"]
    );

    // Primary keys as the task names them; foreign keys resolve.
    let key_of = |i: usize| resources[i]["schema"]["primaryKey"].clone();
    assert_eq!([key_of(0), key_of(1), key_of(2)], ["mention_id", "event_id", "source_sha256"].map(Value::from));
    assert!(resources[3]["schema"].get("primaryKey").is_none());
    let foreign_keys = resources[0]["schema"]["foreignKeys"].as_array().unwrap();
    assert_eq!(foreign_keys.len(), 2);
    for fk in foreign_keys {
        let (from, to_table, to) = (
            fk["fields"].as_str().unwrap(),
            fk["reference"]["resource"].as_str().unwrap(),
            fk["reference"]["fields"].as_str().unwrap(),
        );
        let (header, rows) = &tables["mentions"];
        let (to_header, to_rows) = &tables[to_table];
        let targets: BTreeSet<&str> = column(to_header, to_rows, to).into_iter().collect();
        let refs = column(header, rows, from);
        assert_eq!(refs.len(), rows.len(), "mentions.{from} has empty cells");
        for r in refs {
            assert!(targets.contains(r), "mentions.{from} {r} not in {to_table}.{to}");
        }
    }
}

#[test]
fn datapackage_csv_files_equal_the_csv_export() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    export_package(dir);
    let output = koryu(dir, &["export", "--format", "csv", "--out", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for table in ["mentions", "events", "sources", "diagnostics"] {
        let package = std::fs::read(dir.join(format!("dp/{table}.csv"))).unwrap();
        let csv = std::fs::read(dir.join(format!("csv/{table}.csv"))).unwrap();
        assert!(!csv.is_empty());
        assert_eq!(package, csv, "{table}.csv differs between the two exports");
    }
}
