//! The fuzz smoke on stable: the seed corpus and `fixtures/hostile/` replayed through the fuzz harness bodies (`fuzz/src/lib.rs`), then a deterministic mutation loop over the same seeds.
#![allow(clippy::unwrap_used)] // Test code: a panic is a failing test.
//!
//! The libFuzzer targets in `fuzz/` need nightly; this runs the same
//! harness functions as an ordinary test so `.ci/run` catches a regression
//! on stable. `KORYU_FUZZ_SEEDS=dir` writes the seed corpus to
//! `dir/<target>/` instead (what `just fuzz-seed` does).
//! `KORYU_FUZZ_MUTATIONS=n` sets the mutations per seed of the loop (the
//! default keeps CI under a minute).

#[path = "../../fuzz/src/lib.rs"]
pub mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// The CLI's promise per file; a debug-ish test build is slower than
/// release, so staying under it here leaves a wide margin there.
const BUDGET: Duration = Duration::from_secs(10);

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target_fn(name: &str) -> harness::Target {
    harness::TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f).unwrap()
}

/// Runs one case; `Err` names what broke (a panic message or the clock).
fn run_case(target: &str, input: &[u8]) -> Result<Duration, String> {
    let run = target_fn(target);
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| run(input)));
    let took = start.elapsed();
    if let Err(panic) = outcome {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        return Err(format!("panicked: {message}"));
    }
    if took > BUDGET {
        return Err(format!("took {took:?}"));
    }
    Ok(took)
}

/// Quiets the default panic hook while cases run (the panics are collected
/// and reported once), restoring it afterwards.
fn quietly<T>(body: impl FnOnce() -> T) -> T {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = body();
    std::panic::set_hook(hook);
    out
}

#[test]
fn seed_corpus_and_hostile_fixtures_replay_cleanly() {
    let seeds = harness::seeds(repo_root());
    if let Some(dir) = std::env::var_os("KORYU_FUZZ_SEEDS") {
        for (idx, (target, name, bytes)) in seeds.iter().enumerate() {
            let dir = Path::new(&dir).join(target);
            std::fs::create_dir_all(&dir).unwrap();
            let file: String =
                name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
            std::fs::write(dir.join(format!("{idx:04}-{file}")), bytes).unwrap();
        }
        eprintln!("wrote {} seeds to {}", seeds.len(), Path::new(&dir).display());
    }
    // Every target has seeds, and the hostile fixtures are among them.
    for (target, _) in harness::TARGETS {
        assert!(seeds.iter().filter(|(t, _, _)| *t == target).count() >= 2, "target {target} has fewer than 2 seeds");
    }
    assert!(seeds.iter().filter(|(_, name, _)| name.starts_with("fixtures/hostile/")).count() >= 6);
    let failures: Vec<String> = quietly(|| {
        seeds
            .iter()
            .filter_map(|(target, name, bytes)| run_case(target, bytes).err().map(|e| format!("{target} {name}: {e}")))
            .collect()
    });
    assert!(failures.is_empty(), "{} of {} seeds failed:\n{}", failures.len(), seeds.len(), failures.join("\n"));
}

/// A small deterministic generator (xorshift64*), so a failing case is
/// reproduced by its seed name and mutation number alone.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Numbers that have broken parsers: sizes that overflow 32 bits, repeat
/// counts past Excel's grid, zero and negatives.
const HOSTILE_NUMBERS: [&str; 8] =
    ["4294967295", "18446744073709551615", "1048577", "16385", "0", "-1", "99999999999999999999", "2147483648"];

/// One mutation of `input`, the kind chosen by `rng`: the ones a byte
/// fuzzer finds (flips, inserts, deletes, truncation) and the ones that
/// found real bugs (a digit run made huge, a block duplicated many times,
/// a tag's end cut off).
fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    let len = out.len();
    match rng.below(8) {
        0 if len > 0 => {
            let at = rng.below(len);
            out[at] ^= 1 << rng.below(8);
        }
        1 => {
            let at = rng.below(len + 1);
            let byte = [b'<', b'>', b'"', b'/', b'\n', b'\t', b',', 0xE3, 0x00, b'('][rng.below(10)];
            out.insert(at, byte);
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let n = rng.below((len - at).min(64)) + 1;
            out.drain(at..at + n);
        }
        3 => out.truncate(rng.below(len + 1)),
        4 => {
            // Replace the digits around a random digit with a hostile number.
            let digits: Vec<usize> = (0..len).filter(|i| out[*i].is_ascii_digit()).collect();
            if let Some(&at) = digits.get(rng.below(digits.len())) {
                let start = (0..=at).rev().take_while(|i| out[*i].is_ascii_digit()).last().unwrap_or(at);
                let end = (at..len).take_while(|i| out[*i].is_ascii_digit()).last().unwrap_or(at) + 1;
                let number = HOSTILE_NUMBERS[rng.below(HOSTILE_NUMBERS.len())];
                out.splice(start..end, number.bytes());
            }
        }
        5 if len > 0 => {
            // Duplicate a block of lines many times (a table repeated).
            let at = rng.below(len);
            let n = rng.below((len - at).min(2048)) + 1;
            let block = out[at..at + n].to_vec();
            let times = 1 + rng.below(200);
            let tail = out.split_off(at + n);
            for _ in 0..times {
                out.extend_from_slice(&block);
            }
            out.extend_from_slice(&tail);
        }
        6 => {
            // Cut just after a random `>`: a truncated element.
            let ends: Vec<usize> = (0..len).filter(|i| out[*i] == b'>').collect();
            if let Some(&at) = ends.get(rng.below(ends.len())) {
                out.truncate(at + 1);
            }
        }
        _ => {
            // Remove one end tag, or any 8 bytes if there is none.
            let ends: Vec<usize> =
                (0..len.saturating_sub(1)).filter(|i| out[*i] == b'<' && out[*i + 1] == b'/').collect();
            if let Some(&at) = ends.get(rng.below(ends.len())) {
                let close = (at..len).find(|i| out[*i] == b'>').unwrap_or(len - 1);
                out.drain(at..=close);
            } else if len > 8 {
                let at = rng.below(len - 8);
                out.drain(at..at + 8);
            }
        }
    }
    out
}

#[test]
fn mutated_seeds_keep_every_promise() {
    let per_seed: usize = std::env::var("KORYU_FUZZ_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let seeds = harness::seeds(repo_root());
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut cases = 0usize;
    quietly(|| {
        for (idx, (target, name, bytes)) in seeds.iter().enumerate() {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (idx as u64 + 1));
            // The dates seeds are many and tiny: fewer mutations each.
            let rounds = if *target == "dates" { per_seed.div_ceil(3) } else { per_seed };
            for round in 0..rounds {
                // Up to three stacked mutations per case.
                let mut input = mutate(bytes, &mut rng);
                for _ in 0..rng.below(3) {
                    input = mutate(&input, &mut rng);
                }
                cases += 1;
                match run_case(target, &input) {
                    Ok(took) if took > slowest.0 => slowest = (took, format!("{target} {name} #{round}")),
                    Ok(_) => {}
                    Err(e) => failures.push(format!("{target} {name} mutation #{round}: {e}")),
                }
            }
        }
    });
    eprintln!("{cases} mutated cases; slowest {:?} ({})", slowest.0, slowest.1);
    assert!(cases > 500, "only {cases} cases ran");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}
