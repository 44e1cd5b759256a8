//! One integration test binary for the whole workspace.
mod validate;
mod dates;
mod corpus;
mod cli;
mod contract;
mod dedup;
mod read;
mod hostile;
mod parse;
