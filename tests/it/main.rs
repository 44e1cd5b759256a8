//! One integration test binary for the whole workspace.
mod dates;
mod corpus;
