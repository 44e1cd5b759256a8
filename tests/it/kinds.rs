//! Document kinds: each corpus file is detected as the kind it is, from its
//! content alone (file names say nothing), and `SourceMeta.kind` overrides.

use crate::support::corpus_file;
use koryu_model::DocKind;
use koryu_parse::{parse_source, SourceMeta};

fn kind_of(bytes: &[u8], kind: Option<DocKind>) -> DocKind {
    // A neutral name: detection must not lean on the file name.
    let meta = SourceMeta { source_file: "document.txt".to_owned(), kind, ..SourceMeta::default() };
    parse_source(bytes, &meta).expect("readable").doc_kind
}

#[test]
fn corpus_files_are_detected_as_their_kind() {
    let expected = [
        ("000_d1cd81f9bfc929b8.txt", DocKind::PolicyNotice),
        ("001_e90f0e29058cf51a.txt", DocKind::WhitePaper),
        ("002_50f43a119dd1936c.txt", DocKind::EvaluationTable),
        ("003_080ee2400643355f.txt", DocKind::WhitePaper),
        ("004_bcb9d895eae9fdfd.txt", DocKind::WhitePaper),
    ];
    for (name, kind) in expected {
        let Some(path) = corpus_file(name) else { return };
        let bytes = std::fs::read(&path).expect("corpus file is readable");
        assert_eq!(kind_of(&bytes, None), kind, "{name}");
    }
}

#[test]
fn a_named_kind_overrides_detection() {
    let notice = "防防国第1号\n平成19年4月13日\n\n防衛交流について（通達）\n\n本文である。\n";
    assert_eq!(kind_of(notice.as_bytes(), None), DocKind::PolicyNotice);
    assert_eq!(kind_of(notice.as_bytes(), Some(DocKind::WhitePaper)), DocKind::WhitePaper);
    let prose = "令和4年版 防衛白書\n\n2022年6月、日豪防衛相会談を行った。\n";
    assert_eq!(kind_of(prose.as_bytes(), None), DocKind::WhitePaper);
    assert_eq!(kind_of(prose.as_bytes(), Some(DocKind::PolicyNotice)), DocKind::PolicyNotice);
}

#[test]
fn a_table_is_detected_whatever_its_prose() {
    let table = "令和6年度 事前分析表\n\n二国間・多国間における防衛首脳などハイレベルの交流\n●令和5年度においては、以下のとおり交流を実施した。\n【豪】日豪防衛相会談(6月)\n";
    assert_eq!(kind_of(table.as_bytes(), None), DocKind::EvaluationTable);
}
