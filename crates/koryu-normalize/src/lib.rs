//! **koryu-normalize.** Canonical titles, blocking keys, similarity, matching
//! that keeps multiplicity, clustering and stable event ids, in parallel with
//! rayon. Output is identical for any thread count and input order. It never
//! reads files, prints or reads environment variables, and it does not depend
//! on koryu-parse.
