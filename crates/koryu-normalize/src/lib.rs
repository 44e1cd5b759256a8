//! **koryu-normalize.** Canonical titles, matching features, blocking,
//! scored matching that keeps multiplicity, clustering and stable event ids,
//! in parallel with rayon. Output is identical for any thread count and input
//! order. It never reads files, prints or reads environment variables, and it
//! does not depend on koryu-parse. Weights live in `weights.json`
//! (docs/dedup.md).
//!
//! Entry points: [`canonicalize_title`], [`dedup_mentions`],
//! [`dedup_with_merges`] and [`explain_pair`].

mod blocking;
mod choose;
mod dedup;
mod event_id;
mod features;
mod score;
mod title;

pub use blocking::{BlockKey, MatchKey};
pub use dedup::{dedup_mentions, dedup_with_merges, explain_pair, Merge};
pub use event_id::event_id;
pub use features::{Features, TitleMode};
pub use score::{weights, Reason, Score, Weights};
pub use title::canonicalize_title;

#[cfg(test)]
mod tests;
