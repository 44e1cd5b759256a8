//! Resolutions per second of the date grammar on a mix of real expressions (`cargo bench -p koryu-parse --bench dates`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use koryu_model::{Era, FiscalYear, PartialDate};
use koryu_parse::date::{resolve, scan, Context};
use std::hint::black_box;

/// Expressions of the kinds the corpus holds, in rough proportion: month
/// items of evaluation tables dominate, then era dates and ranges.
const MIX: &[&str] = &[
    "6月",
    "11月",
    "1月",
    "10月～12月",
    "令和2年1月",
    "R4年1月",
    "R5年3月",
    "11月～R5年1月",
    "3月～5月",
    "令和元年度",
    "元年度",
    "2年度",
    "平成13年",
    "平成31年5月",
    "14（平成26）年1月",
    "（同27）年5月",
    "15（同27）年1月21日",
    "同年9月",
    "同月25日",
    "15(平成27)年11月",
    "平成28年(2016年)",
    "昭和60(1985)年度",
    "26.5",
    "2014.10 ～ 11",
    "2025年4月現在",
    "令和五年十二月",
    "２０２２年６月",
    "2021/7/18",
    "2021年7月18日(日)",
    "12月",
];

/// Words that only stand near dates: most bracket contents are not dates.
const NOT_DATES: &[&str] = &["VTC", "東京", "「2+2」", "統幕長", "ドバイ", "オタワ"];

fn context() -> Context {
    Context {
        fiscal_year: Some(FiscalYear(2019)),
        document_era: Some(Era::Heisei),
        previous_era: Some(Era::Heisei),
        previous_date: PartialDate::year_month(2017, 4).ok(),
        publication_year: Some(2019),
        era_month_shorthand: true,
    }
}

fn bench(c: &mut Criterion) {
    let ctx = context();
    let ok = MIX.iter().filter(|e| resolve(e, &ctx).is_ok()).count();
    // Every expression of the mix resolves; a broken path must not look fast.
    assert_eq!(ok, MIX.len(), "some benchmark expressions no longer resolve");

    let mut group = c.benchmark_group("dates");
    group.throughput(Throughput::Elements(MIX.len() as u64));
    group.bench_function("resolve_mix", |b| {
        b.iter(|| {
            let n = MIX.iter().filter(|e| resolve(black_box(e), black_box(&ctx)).is_ok()).count();
            assert_eq!(n, MIX.len());
            n
        });
    });
    group.throughput(Throughput::Elements(NOT_DATES.len() as u64));
    group.bench_function("refuse_words", |b| {
        b.iter(|| {
            let n = NOT_DATES.iter().filter(|e| resolve(black_box(e), black_box(&ctx)).is_err()).count();
            assert_eq!(n, NOT_DATES.len());
            n
        });
    });
    let prose =
        "●令和元年度においては、第8回日パキスタン防衛当局間協議(VTC)(6月)、防衛相会談(10月、10月、12月)を実施し、"
            .repeat(20);
    group.throughput(Throughput::Bytes(prose.len() as u64));
    group.bench_function("scan_prose", |b| {
        b.iter(|| {
            let n = scan(black_box(&prose), black_box(&ctx)).len();
            assert_eq!(n, 100);
            n
        });
    });
    // Texts built to provoke re-reading (long digit and numeral runs,
    // repeated openings) at 2k and 20k repetitions: the per-byte time of
    // the two sizes should match, which is what linear means (the unit test
    // checks the finds, not the clock).
    let shorthand = Context { era_month_shorthand: true, document_era: Some(Era::Heisei), ..Context::default() };
    for p in ["1", "一", "(平成", "26.", "同年同月"] {
        for n in [2_000usize, 20_000] {
            let text = p.repeat(n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("scan_hostile/{p}/{n}"), |b| {
                b.iter(|| scan(black_box(&text), &shorthand).len())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
