//! libFuzzer target `xls`: the body is [`koryu_fuzz::xls`] (fuzz/src/lib.rs), shared with the stable replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| koryu_fuzz::xls(data));
