//! One integration test binary for the whole workspace.

// Test code may unwrap: a panic is the failure report (clippy.toml allows
// it in #[test] functions; this extends it to their helpers).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod colour;
mod contract;
mod corpus;
mod datapackage;
mod dates;
mod dedup;
mod events;
mod exit_codes;
mod explain;
mod export;
mod fuzz_replay;
mod hostile;
mod inference;
mod kinds;
mod notice;
mod parse;
mod progress;
mod read;
mod report;
mod scripting;
mod sheets;
mod shell;
mod stdio;
mod store;
mod structure;
mod support;
mod synth;
mod validate;
mod white_paper_narrative;
mod white_paper_tables;
