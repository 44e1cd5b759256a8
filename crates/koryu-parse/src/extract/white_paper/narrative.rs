//! The narrative of a white paper: sentences that state a dated exchange
//! between Japan and a counterpart, one mention per (exchange, date).

/// Placeholder until the narrative reader lands.
pub(crate) const MODULE: () = ();
