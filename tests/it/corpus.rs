//! Corpus tests: the real evaluation table (corpus file 002), read at run
//! time from `../shared/corpus` (or `$KORYU_CORPUS`), never copied here.

use koryu_model::{Code, Mention};
use koryu_parse::{parse_source, Extracted, SourceMeta};
use std::path::PathBuf;

const EVALUATION_TABLE: &str = "002_50f43a119dd1936c.txt";

fn corpus_dir() -> PathBuf {
    std::env::var_os("KORYU_CORPUS").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from)
}

/// The extraction of 002, or `None` (with a note) when the corpus is not
/// there outside CI. Under CI a missing corpus fails the test.
fn extract_002() -> Option<Extracted> {
    let path = corpus_dir().join(EVALUATION_TABLE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            assert!(std::env::var_os("CI").is_none(), "corpus file {} is missing under CI: {error}", path.display());
            eprintln!("note: skipping corpus test, {} not found ({error})", path.display());
            return None;
        }
    };
    let meta = SourceMeta { source_file: EVALUATION_TABLE.to_owned(), source_sha256: "test".to_owned(), encoding: None };
    Some(parse_source(&bytes, &meta).expect("002 is readable"))
}

fn render(m: &Mention) -> String {
    let countries: Vec<&str> = m.countries.iter().map(|c| c.as_str()).collect();
    format!(
        "{}:{} {} {} 「{}」 title=「{}」 date={} raw={} fy={} countries=[{}] header={} mode={} dir={} loc={} roles={:?} status={} count={:?} {}",
        m.line,
        m.column,
        m.category,
        m.kind,
        m.title_raw,
        m.title,
        m.date.map(|d| d.to_string()).unwrap_or_else(|| "null".into()),
        m.date_raw.as_deref().unwrap_or("-"),
        m.fiscal_year.map(|y| y.to_string()).unwrap_or_else(|| "-".into()),
        countries.join(","),
        m.header_raw.as_deref().unwrap_or("-"),
        m.mode.map(|x| x.as_str()).unwrap_or("-"),
        m.direction.map(|x| x.as_str()).unwrap_or("-"),
        m.location.as_deref().unwrap_or("-"),
        m.jp_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        m.status,
        m.count,
        m.count_detail.map(|x| x.as_str()).unwrap_or(""),
    )
}

/// Prints every mention and diagnostic of 002 when `KORYU_DUMP` is set (a
/// debugging aid; asserts nothing else).
#[test]
fn corpus_dump_when_asked() {
    if std::env::var_os("KORYU_DUMP").is_none() {
        return;
    }
    let Some(extracted) = extract_002() else { return };
    for m in &extracted.mentions {
        println!("{}", render(m));
    }
    for d in &extracted.diagnostics {
        println!("DIAG {}:{} {} {} 「{}」", d.line, d.column, d.code.as_str(), d.message, d.excerpt);
    }
    let _ = Code::UnparsedText;
}
