//! libFuzzer target `xlsx`: the body is [`koryu_fuzz::xlsx`] (fuzz/src/lib.rs), shared with the stable replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| koryu_fuzz::xlsx(data));
