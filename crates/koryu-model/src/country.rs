//! Counterpart codes: ISO 3166-1 alpha-2 or an organisation code.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A counterpart of an exchange (taxonomy.md): an ISO 3166-1 alpha-2 code such
/// as `AU`, or one of the organisation codes `NATO`, `EU`, `ASEAN`, `UN`,
/// `ADMM+`, `ARF`. Japan (`JP`) is never a counterpart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CountryCode(String);

/// Organisation codes that stand where a country code would (schema.md).
pub const ORGANISATION_CODES: [&str; 6] = ["NATO", "EU", "ASEAN", "UN", "ADMM+", "ARF"];

impl CountryCode {
    /// Accepts two ASCII upper-case letters other than `JP`, or an
    /// organisation code; anything else is `None`.
    pub fn new(code: &str) -> Option<CountryCode> {
        let is_iso = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) && code != "JP";
        if is_iso || ORGANISATION_CODES.contains(&code) {
            Some(CountryCode(code.to_owned()))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `NATO`, `EU`, … rather than a state.
    pub fn is_organisation(&self) -> bool {
        ORGANISATION_CODES.contains(&self.0.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japan_is_never_a_counterpart() {
        assert!(CountryCode::new("JP").is_none());
        assert!(CountryCode::new("AU").is_some());
        assert!(CountryCode::new("ADMM+").is_some());
        assert!(CountryCode::new("au").is_none());
    }
}
