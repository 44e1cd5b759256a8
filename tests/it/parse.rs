//! Fixture tests of the evaluation-table extractor: every file under
//! `fixtures/parse/{ok,err}/` is extracted, checked (spans inside the file,
//! excerpts equal to the source, every line accounted for, CRLF and
//! Shift_JIS give the same result) and snapshotted one line per mention and
//! diagnostic.

use koryu_model::{Diagnostic, Mention, Severity, SourceSpan};
use koryu_parse::{parse_source, Extracted, LineStatus, SourceMeta};
use std::fmt::Write as _;
use std::path::Path;

fn extract(bytes: &[u8], name: &str) -> Extracted {
    let meta =
        SourceMeta { source_file: name.to_owned(), source_sha256: "fixture".to_owned(), ..SourceMeta::default() };
    parse_source(bytes, &meta).expect("fixture is readable")
}

/// 1-based line and column of byte `offset` in `source` (columns count
/// characters, a `\r` before `\n` counts for nothing).
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().filter(|c| *c != '\r').count() + 1;
    (line, column)
}

fn span_text(source: &str, span: &SourceSpan) -> String {
    let (end_line, end_col) = line_col(source, span.byte_end);
    format!("{}:{}..{}:{}", span.line, span.column, end_line, end_col)
}

fn render_mention(source: &str, m: &Mention) -> String {
    let countries: Vec<&str> = m.countries.iter().map(|c| c.as_str()).collect();
    let roles: Vec<&str> = m.jp_roles.iter().map(|r| r.as_str()).collect();
    let mut line = format!(
        "{}  {} {}  「{}」 title=「{}」 date={} raw=「{}」 fy={} countries=[{}]",
        span_text(source, &m.span),
        m.kind,
        m.category.map_or("null".to_owned(), |c| c.to_string()),
        m.title_raw,
        m.title,
        m.date.map_or("null".to_owned(), |d| d.to_string()),
        m.date_raw.as_deref().unwrap_or(""),
        m.fiscal_year.map_or("-".to_owned(), |y| y.to_string()),
        countries.join(","),
    );
    for (name, value) in [
        ("header", m.header_raw.clone()),
        ("mode", m.mode.map(|x| x.as_str().to_owned())),
        ("dir", m.direction.map(|x| x.as_str().to_owned())),
        ("loc", m.location.clone()),
        ("count", m.count.map(|c| c.to_string())),
        ("detail", m.count_detail.map(|x| x.as_str().to_owned())),
    ] {
        if let Some(value) = value {
            let _ = write!(line, " {name}={value}");
        }
    }
    if !roles.is_empty() {
        let _ = write!(line, " roles=[{}]", roles.join(","));
    }
    if m.status != koryu_model::Status::Held {
        let _ = write!(line, " status={}", m.status);
    }
    if m.occurrence > 0 {
        let _ = write!(line, " occurrence={}", m.occurrence);
    }
    line
}

fn render_diagnostic(source: &str, d: &Diagnostic) -> String {
    let help = d.help.as_deref().map(|h| format!(" help: {h}")).unwrap_or_default();
    format!(
        "{}  {} {} 「{}」 {}{}",
        span_text(source, &d.span),
        d.severity.as_str(),
        d.code.as_str(),
        d.excerpt,
        d.message,
        help
    )
}

/// What the document says about itself (`sources` title, document_date,
/// document_history), one line each; nothing when it says nothing.
fn render_document(extracted: &Extracted) -> String {
    let info = &extracted.document;
    let mut out = String::new();
    if let Some(title) = &info.title {
        let _ = writeln!(out, "document title=「{title}」");
    }
    if let Some(date) = &info.document_date {
        let _ = writeln!(out, "document date={date}");
    }
    for entry in &info.document_history {
        let _ = writeln!(
            out,
            "document history {} number={} date={}",
            entry.action,
            entry.number.as_deref().unwrap_or("null"),
            entry.date.map_or("null".to_owned(), |d| d.to_string())
        );
    }
    out
}

fn render(source: &str, extracted: &Extracted) -> String {
    let mut out = render_document(extracted);
    for m in &extracted.mentions {
        out.push_str(&render_mention(source, m));
        out.push('\n');
    }
    for d in &extracted.diagnostics {
        out.push_str(&render_diagnostic(source, d));
        out.push('\n');
    }
    out
}

/// The checks every fixture must pass before its snapshot means anything.
fn validate(source: &str, extracted: &Extracted) {
    let spans = extracted.mentions.iter().map(|m| &m.span).chain(extracted.diagnostics.iter().map(|d| &d.span));
    for span in spans {
        assert!(span.byte_start <= span.byte_end && span.byte_end <= source.len(), "span {span:?} outside the file");
        assert!(source.get(span.byte_start..span.byte_end).is_some(), "span {span:?} not on char boundaries");
        assert_eq!(
            line_col(source, span.byte_start),
            (span.line as usize, span.column as usize),
            "span start {span:?}"
        );
    }
    for d in &extracted.diagnostics {
        let raw = source.get(d.span.byte_start..d.span.byte_end).unwrap_or("");
        match d.excerpt.strip_suffix('…') {
            Some(prefix) => assert!(raw.starts_with(prefix), "excerpt of {d:?}"),
            None => assert_eq!(d.excerpt, raw, "excerpt of {}:{} {}", d.line, d.column, d.code.as_str()),
        }
    }
    for coverage in &extracted.coverage {
        assert!(
            coverage.lines.iter().all(|s| *s != LineStatus::Pending),
            "a line was neither mention, structure nor unparsed"
        );
    }
}

fn check_fixture(path: &Path, expect_errors: bool) {
    let bytes = std::fs::read(path).expect("fixture");
    let source = String::from_utf8(bytes.clone()).expect("fixtures are UTF-8");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
    let extracted = extract(&bytes, name);
    validate(&source, &extracted);
    let has_errors = extracted.diagnostics.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(
        has_errors,
        expect_errors,
        "{name}: error diagnostics {}expected",
        if expect_errors { "" } else { "not " }
    );
    let rendered = render(&source, &extracted);
    // The same file with CRLF line endings gives the same lines and columns.
    let crlf = source.replace('\n', "\r\n");
    let extracted_crlf = extract(crlf.as_bytes(), name);
    validate(&crlf, &extracted_crlf);
    assert_eq!(render(&crlf, &extracted_crlf), rendered, "{name}: CRLF changed the result");
    // The same file in Shift_JIS (what Japanese government CSVs and many
    // older text exports use) is detected, decoded to the same text and gives
    // the same result; spans are positions in the decoded text.
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&source);
    assert!(!unmappable, "{name}: fixtures are written in characters Shift_JIS can hold");
    let extracted_sjis = extract(&sjis, name);
    assert_eq!(extracted_sjis.encoding, "Shift_JIS", "{name}: encoding not detected");
    assert_eq!(render(&source, &extracted_sjis), rendered, "{name}: Shift_JIS changed the result");
    insta::assert_snapshot!(rendered);
}

#[test]
fn parse_ok_fixtures() {
    insta::glob!("../../fixtures/parse/ok", "*.txt", |path| check_fixture(path, false));
}

#[test]
fn parse_err_fixtures() {
    insta::glob!("../../fixtures/parse/err", "*.txt", |path| check_fixture(path, true));
}

/// Extracts `text` without the reader's own size checks, as the extractor's
/// limits must hold on their own.
fn extract_unchecked(text: &str) -> Extracted {
    let document = koryu_parse::Document {
        format: koryu_parse::read::Format::Text,
        encoding: "UTF-8".to_owned(),
        pages: vec![koryu_parse::Page::from_text(text)],
        diagnostics: Vec::new(),
    };
    let meta =
        SourceMeta { source_file: "hostile.txt".to_owned(), source_sha256: String::new(), ..SourceMeta::default() };
    koryu_parse::extract::extract_document(&document, &meta)
}

/// 10,000 nested brackets and a 4 MB line (both past the reader's limits,
/// so handed to the extractor directly) finish fast with a diagnostic.
#[test]
fn parse_hostile_input_is_bounded() {
    let head = "令和5年度実施施策に係る政策評価の事前分析表(別紙)\n二国間・多国間における防衛首脳などハイレベルの交流\n●令和4年度においては、\n";
    let deep = format!("{head}【タイ】{}{}(5月)\n", "(".repeat(10_000), ")".repeat(10_000));
    let extracted = extract_unchecked(&deep);
    assert!(extracted.diagnostics.iter().any(|d| d.code.as_str() == "limit-exceeded"));
    assert_eq!(extracted.mentions.len(), 1);

    let long = format!("{head}【米国】{}\n", "会談(5月)、".repeat(450_000));
    let extracted = extract_unchecked(&long);
    let codes: Vec<&str> = extracted.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"limit-exceeded"), "{codes:?}");
    assert!(extracted.mentions.is_empty());
}
