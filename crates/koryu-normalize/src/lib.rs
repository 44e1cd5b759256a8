//! **koryu-normalize.** Canonical titles, blocking keys, similarity, matching
//! that keeps multiplicity, clustering and stable event ids, in parallel with
//! rayon. Output is identical for any thread count and input order. It never
//! reads files, prints or reads environment variables, and it does not depend
//! on koryu-parse.
//!
//! Entry points: [`canonicalize_title`] and [`dedup_mentions`].

mod blocking;
mod choose;
mod dedup;
mod event_id;
mod title;

pub use blocking::{BlockKey, MatchKey};
pub use dedup::dedup_mentions;
pub use event_id::event_id;
pub use title::canonicalize_title;

#[cfg(test)]
mod tests;
