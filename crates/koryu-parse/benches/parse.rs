//! Parse throughput (MB/s) of `parse_source` with every check on, on 002-like text and on the shapes that once made it quadratic (`cargo bench -p koryu-parse --bench parse`).
//!
//! The corpus edition is read from `$KORYU_CORPUS` (default
//! `/work/shared/corpus`) when it is there; otherwise the sample table in
//! `fixtures/samples` repeated to the same size stands in, so the bench runs
//! anywhere. The adversarial shapes are written here, in the table's format,
//! not copied from any source. docs/performance.md records the figures.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use koryu_parse::{parse_source, SourceMeta};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// The size of corpus edition 002, for the stand-in.
const EDITION_BYTES: usize = 74_507;

/// The opening of an evaluation table (title, bureau, measure, the
/// high-level section and its fiscal-year lead), so what follows is read
/// as items of that section.
const PREAMBLE: &str = "令和6年度実施施策に係る政策評価の事前分析表(別紙)\n\n(防衛省06-①)\n\n施策名\tハイレベル交流・政策対話等の推進\n\n測定指標\t目標\t施策の進捗状況\n①\t防衛協力・交流の多層的な推進\t二国間・多国間における防衛首脳などハイレベルの交流\n\n●令和5年度においては、以下のとおり交流を実施した。\n\n";

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Corpus 002 if present, else the sample table repeated to its size.
fn edition() -> (String, Vec<u8>) {
    let corpus = std::env::var_os("KORYU_CORPUS").map_or_else(|| PathBuf::from("/work/shared/corpus"), PathBuf::from);
    if let Ok(bytes) = std::fs::read(corpus.join("002_50f43a119dd1936c.txt")) {
        return ("002".to_owned(), bytes);
    }
    let sample = std::fs::read(workspace_root().join("fixtures/samples/r6-jizen-bunseki.txt")).unwrap_or_default();
    let copies = EDITION_BYTES / sample.len().max(1) + 1;
    ("sample-as-002".to_owned(), sample.repeat(copies))
}

/// `items` lines of one header and one item each.
fn one_item_lines(items: usize) -> Vec<u8> {
    let mut text = String::from(PREAMBLE);
    let months = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "R6年1月", "R6年2月", "R6年3月"];
    for n in 0..items {
        let month = months.get(n % months.len()).copied().unwrap_or("6月");
        text.push_str(&format!("【オーストラリア】日豪防衛相会談(第{n}回)({month})\n"));
    }
    text.into_bytes()
}

/// `lines` lines that each carry several findings: an unknown header with a
/// near miss, a katakana slip, a month that does not exist, an open bracket.
fn many_diagnostics(lines: usize) -> Vec<u8> {
    let mut text = String::from(PREAMBLE);
    for n in 0..lines {
        text.push_str(&format!("【オーストラリヤ】ブノンベン訪問(第{n}回)(13月)、日豪会談(6月\n"));
    }
    text.into_bytes()
}

/// Lines of `per_line` headers with one item each.
fn many_headers(lines: usize, per_line: usize) -> Vec<u8> {
    let headers = ["オーストラリア", "インド", "英国", "フィリピン", "日米豪", "カナダ", "フランス", "ドイツ"];
    let mut text = String::from(PREAMBLE);
    for line in 0..lines {
        for n in 0..per_line {
            let header = headers.get((line + n) % headers.len()).copied().unwrap_or("インド");
            text.push_str(&format!("【{header}】防衛相会談({}月)", n % 12 + 1));
        }
        text.push('\n');
    }
    text.into_bytes()
}

/// One line just under the line limit: one header and thousands of items.
fn huge_line(items: usize) -> Vec<u8> {
    let mut text = String::from(PREAMBLE);
    text.push_str("【インド】");
    for n in 0..items {
        text.push_str(&format!("陸幕長訪印({}月)、", n % 12 + 1));
    }
    text.push('\n');
    text.into_bytes()
}

fn bench_parse(c: &mut Criterion) {
    let (edition_name, edition) = edition();
    let shapes: Vec<(String, Vec<u8>)> = vec![
        (edition_name.clone(), edition.clone()),
        (format!("{edition_name}x100"), edition.repeat(100)),
        ("50000-one-item-lines".to_owned(), one_item_lines(50_000)),
        ("5000-lines-of-diagnostics".to_owned(), many_diagnostics(5_000)),
        ("5000-headers".to_owned(), many_headers(50, 100)),
        ("one-huge-line".to_owned(), huge_line(4_500)),
    ];
    let mut group = c.benchmark_group("parse_source");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    for (name, bytes) in &shapes {
        let meta = SourceMeta { source_file: format!("{name}.txt"), ..SourceMeta::default() };
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| parse_source(black_box(bytes), &meta).map(|e| e.mentions.len()).unwrap_or(0));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
