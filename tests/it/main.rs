//! One integration test binary for the whole workspace.

// Test code may unwrap: a panic is the failure report (clippy.toml allows
// it in #[test] functions; this extends it to their helpers).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod contract;
mod corpus;
mod datapackage;
mod dates;
mod dedup;
mod fuzz_replay;
mod hostile;
mod kinds;
mod notice;
mod parse;
mod read;
mod support;
mod validate;
