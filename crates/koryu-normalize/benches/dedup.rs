//! Dedup throughput over 10k, 100k and 1M synthetic mentions (yearly
//! editions; the dense two-source set at 10k and 100k); growth should be
//! near-linear. Each iteration asserts the event count, so a broken fast
//! path cannot look fast.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use koryu_normalize::dedup_mentions;
use std::collections::BTreeMap;
use std::hint::black_box;

include!("common/synthetic.rs");

fn bench_dedup(c: &mut Criterion) {
    let dense_order: BTreeMap<String, u64> = [("a".to_owned(), 0), ("b".to_owned(), 1)].into_iter().collect();
    let mut group = c.benchmark_group("dedup_mentions");
    group.sample_size(10);
    // Yearly editions (about six mentions a bucket) at every size, and the
    // dense two-source set (buckets that grow with n) as the worst case.
    let sets = [10_000usize, 100_000, 1_000_000]
        .into_iter()
        .map(|n| (format!("editions-{n}"), n))
        .chain([10_000usize, 100_000].into_iter().map(|n| (format!("dense-{n}"), n)));
    for (name, n) in sets {
        let (mentions, n_events, order) = if name.starts_with("dense") {
            let (mentions, n_events) = synthetic(n);
            (mentions, n_events, dense_order.clone())
        } else {
            realistic(n)
        };
        group.throughput(Throughput::Elements(n as u64));
        // 1 versus 2 threads: a pool of each size, the same work.
        for threads in [1usize, 2] {
            let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else { continue };
            let id = BenchmarkId::new(format!("{threads}-thread"), &name);
            group.bench_with_input(id, &mentions, |b, mentions| {
                b.iter_batched(
                    || mentions.clone(),
                    |mut batch| {
                        let events = pool.install(|| dedup_mentions(&mut batch, &order));
                        assert_eq!(events.len(), n_events);
                        black_box(events)
                    },
                    criterion::BatchSize::LargeInput,
                );
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_dedup);
criterion_main!(benches);
