//! What documents say about themselves (`sources` title, document_date,
//! document_history): the basic policy notice (corpus 000), the evaluation
//! table's title and fiscal year (002), and the same through import and export.

use crate::cli::{copy_in, export_jsonl, koryu, stderr};
use crate::support::corpus_file;
use koryu_model::{Code, DocKind, HistoryAction};
use koryu_parse::{parse_source, Extracted, SourceMeta};
use serde_json::json;

fn parse(bytes: &[u8], name: &str) -> Extracted {
    let meta = SourceMeta { source_file: name.to_owned(), ..SourceMeta::default() };
    parse_source(bytes, &meta).unwrap()
}

/// (action, number, date) of each history row, as text.
fn history(extracted: &Extracted) -> Vec<(HistoryAction, String, String)> {
    extracted
        .document
        .document_history
        .iter()
        .map(|e| (e.action, e.number.clone().unwrap_or_default(), e.date.map(|d| d.to_string()).unwrap_or_default()))
        .collect()
}

/// 000's header: three rows of number over letter-spaced date (lines 3–8),
/// checked by hand against the file; the era is 平成, named first at line 76.
#[test]
fn corpus_000_header_rows_become_the_document_history() {
    let Some(path) = corpus_file("000_d1cd81f9bfc929b8.txt") else { return };
    let extracted = parse(&std::fs::read(&path).unwrap(), "000.txt");
    assert_eq!(extracted.doc_kind, DocKind::PolicyNotice);
    assert_eq!(
        history(&extracted),
        [
            (HistoryAction::Issued, "防防国第3923号".to_owned(), "2007-04-13".to_owned()),
            (HistoryAction::Amended, "防防国第11291号".to_owned(), "2014-07-25".to_owned()),
            (HistoryAction::Amended, "防防国第18号".to_owned(), "2015-10-01".to_owned()),
        ]
    );
    assert_eq!(extracted.document.title.as_deref(), Some("防衛交流の基本方針について（通達）"));
    assert_eq!(extracted.document.document_date.map(|d| d.to_string()).as_deref(), Some("2015-10-01"));
    assert!(extracted.mentions.is_empty(), "the notice's prose gives no event: {:?}", extracted.mentions.first());
    let unparsed = extracted.diagnostics.iter().filter(|d| d.code == Code::UnparsedText).count();
    assert_eq!(unparsed, 0);
    assert!(extracted.diagnostics.is_empty(), "{:?}", extracted.diagnostics);
    // Every one of its 155 non-blank lines is structure.
    let n_structure: usize = extracted
        .coverage
        .iter()
        .map(|c| c.lines.iter().filter(|s| **s == koryu_parse::LineStatus::Structure).count())
        .sum();
    assert_eq!(n_structure, 155);
}

#[test]
fn corpus_002_title_and_fiscal_year() {
    let Some(path) = corpus_file("002_50f43a119dd1936c.txt") else { return };
    let extracted = parse(&std::fs::read(&path).unwrap(), "002.txt");
    assert_eq!(extracted.doc_kind, DocKind::EvaluationTable);
    assert_eq!(extracted.document.title.as_deref(), Some("令和5年度実施施策に係る政策評価の事前分析表"));
    assert_eq!(extracted.document.document_date.map(|d| d.to_string()).as_deref(), Some("2023"));
    assert!(extracted.document.document_history.is_empty());
}

/// No era anywhere: the letter-spaced dates are not guessed.
#[test]
fn a_notice_without_an_era_gets_no_dates_and_says_why() {
    let text = "防 防 国 第 7 号\n2 0 . 3 . 3 1\n防 防 国 第 9 号\n一 部 改 正 2 1 . 4 . 1\n\n各 幕 僚 長 殿\n\n\
                交流の実施について（通達）\n\n別紙のとおり定める。\n";
    let extracted = parse(text.as_bytes(), "no-era.txt");
    assert_eq!(
        history(&extracted),
        [
            (HistoryAction::Issued, "防防国第7号".to_owned(), String::new()),
            (HistoryAction::Amended, "防防国第9号".to_owned(), String::new()),
        ]
    );
    assert_eq!(extracted.document.document_date, None);
    let codes: Vec<(u32, Code)> = extracted.diagnostics.iter().map(|d| (d.line, d.code)).collect();
    assert_eq!(codes, [(2, Code::NoticeEraUnknown), (4, Code::NoticeEraUnknown)]);
}

/// A header line that is neither number, date nor addressee stays
/// `unparsed-text`; a number without a date row is kept, with a warning.
#[test]
fn header_lines_it_cannot_place_are_reported() {
    let text = "防防国第１２号\n平成２０年３月３１日\n防防国第３４号\n記録用の写し（旧様式）に基づく\n\n各幕僚長殿\n\n\
                交流の実施について（通達）\n\n本文。\n";
    let extracted = parse(text.as_bytes(), "odd-header.txt");
    assert_eq!(
        history(&extracted),
        [
            (HistoryAction::Issued, "防防国第12号".to_owned(), "2008-03-31".to_owned()),
            (HistoryAction::Amended, "防防国第34号".to_owned(), String::new()),
        ]
    );
    assert_eq!(extracted.document.document_date.map(|d| d.to_string()).as_deref(), Some("2008-03-31"));
    let mut codes: Vec<(u32, Code)> = extracted.diagnostics.iter().map(|d| (d.line, d.code)).collect();
    codes.sort();
    assert_eq!(codes, [(3, Code::NoticeHistoryIncomplete), (4, Code::UnparsedText)]);
}

/// `koryu import` stores the three fields and `koryu export` writes them:
/// JSON Lines as an array, CSV as JSON text.
#[test]
fn import_stores_and_export_writes_the_document_fields() {
    let (Some(notice), Some(table)) =
        (corpus_file("000_d1cd81f9bfc929b8.txt"), corpus_file("002_50f43a119dd1936c.txt"))
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let notice = copy_in(dir, &notice, "000.txt");
    let table = copy_in(dir, &table, "002.txt");
    let output = koryu(dir, &["import", &notice, &table]);
    assert!(stderr(&output).contains("files: 2 imported"), "{}", stderr(&output));
    let [mentions, _, sources, _] = export_jsonl(dir, "out");
    assert!(mentions.iter().all(|m| m["source_file"] != "000.txt"), "the notice gives no mentions");
    let notice_row = sources.iter().find(|s| s["source_file"] == "000.txt").unwrap();
    assert_eq!(notice_row["source_doc_kind"], "policy_notice");
    assert_eq!(notice_row["title"], "防衛交流の基本方針について（通達）");
    assert_eq!(notice_row["document_date"], "2015-10-01");
    assert_eq!(
        notice_row["document_history"],
        json!([
            {"action": "issued", "number": "防防国第3923号", "date": "2007-04-13"},
            {"action": "amended", "number": "防防国第11291号", "date": "2014-07-25"},
            {"action": "amended", "number": "防防国第18号", "date": "2015-10-01"},
        ])
    );
    let table_row = sources.iter().find(|s| s["source_file"] == "002.txt").unwrap();
    assert_eq!(table_row["title"], "令和5年度実施施策に係る政策評価の事前分析表");
    assert_eq!(table_row["document_date"], "2023");
    assert_eq!(table_row["document_history"], json!([]));

    let output = koryu(dir, &["export", "--format", "csv", "--out", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut reader = csv::Reader::from_path(dir.join("csv/sources.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let notice_csv = rows.iter().find(|r| &r[col("source_file")] == "000.txt").unwrap();
    assert_eq!(&notice_csv[col("document_date")], "2015-10-01");
    let from_csv: serde_json::Value = serde_json::from_str(&notice_csv[col("document_history")]).unwrap();
    assert_eq!(from_csv, notice_row["document_history"]);
    let table_csv = rows.iter().find(|r| &r[col("source_file")] == "002.txt").unwrap();
    assert_eq!((&table_csv[col("document_date")], &table_csv[col("document_history")]), ("2023", "[]"));
}
