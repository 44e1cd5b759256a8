//! One timed dedup of N synthetic mentions on T threads, for peak memory
//! under `/usr/bin/time -v` and quick scaling figures (docs/performance.md):
//! `cargo run --release -p koryu-normalize --example dedup_scale -- 1000000 2`
//! (yearly editions, about six mentions a bucket), or `… 100000 2 dense`
//! (two sources, buckets that grow with N: the worst case).
#![allow(clippy::expect_used)] // A measuring tool: a bad argument should stop it.

use koryu_normalize::dedup_mentions;
use std::collections::BTreeMap;

include!("../benches/common/synthetic.rs");

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let dense = args.next().as_deref() == Some("dense");
    let (mut mentions, n_events, order) = if dense {
        let (mentions, n_events) = synthetic(n);
        let order: BTreeMap<String, u64> = [("a".to_owned(), 0), ("b".to_owned(), 1)].into_iter().collect();
        (mentions, n_events, order)
    } else {
        realistic(n)
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
    let start = std::time::Instant::now();
    let events = pool.install(|| dedup_mentions(&mut mentions, &order));
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(events.len(), n_events);
    println!(
        "{n} mentions, {threads} threads: {secs:.3} s, {:.0} mentions/s, {} events",
        n as f64 / secs,
        events.len()
    );
}
