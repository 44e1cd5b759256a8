//! The white-paper table readers (visits, projects, agreement status) on
//! fixtures written for them and on corpus files 001 and 003.

use crate::support::corpus_file;
use koryu_model::{Category, Code, Mention, MentionKind};
use koryu_parse::{parse_source, Extracted, LineStatus, SourceMeta};

fn extract_bytes(bytes: &[u8], name: &str) -> Extracted {
    let meta =
        SourceMeta { source_file: name.to_owned(), source_sha256: "test".to_owned(), encoding: None, kind: None };
    parse_source(bytes, &meta).expect("readable")
}

fn extract_corpus(name: &str) -> Option<Extracted> {
    let path = corpus_file(name)?;
    Some(extract_bytes(&std::fs::read(path).expect("corpus file is readable"), name))
}

#[test]
fn dump_for_dev() {
    let Some(e) = extract_corpus(std::env::var("DUMP").as_deref().unwrap_or("001_e90f0e29058cf51a.txt")) else {
        return;
    };
    for m in &e.mentions {
        let c: Vec<&str> = m.countries.iter().map(|c| c.as_str()).collect();
        let r: Vec<&str> = m.jp_roles.iter().map(|c| c.as_str()).collect();
        eprintln!(
            "{}:{} {} {} 「{}」 raw=「{}」 {} {:?} {:?} {} [{}] [{}] {:?}",
            m.line,
            m.column,
            m.kind,
            m.category,
            m.title,
            m.title_raw,
            m.date.map(|d| d.to_string()).unwrap_or_default(),
            m.date_raw,
            m.header_raw,
            m.status,
            c.join(","),
            r.join(","),
            m.direction
        );
    }
    for d in &e.diagnostics {
        if d.code != Code::UnparsedText {
            eprintln!("D {}:{} {} {}", d.line, d.column, d.code.as_str(), d.excerpt);
        }
    }
    let _ = (Category::HighLevel, MentionKind::Event, LineStatus::Blank, std::marker::PhantomData::<Mention>);
}
