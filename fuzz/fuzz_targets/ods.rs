//! libFuzzer target `ods`: the body is [`koryu_fuzz::ods`] (fuzz/src/lib.rs), shared with the stable replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| koryu_fuzz::ods(data));
