//! Stable event ids: a fixed hash of the matching key and occurrence index.

use sha2::{Digest, Sha256};

/// Hex characters kept from the sha256: 64 bits, so a collision among the
/// thousands of events a store holds is far below one in a billion.
const ID_HEX_LEN: usize = 16;

/// The id of the `occurrence`-th event with matching key `key_parts`.
///
/// The parts are joined with a unit separator (U+001F), which no title
/// holds, so (`ab`, `c`) and (`a`, `bc`) differ. Never `DefaultHasher`: its
/// output may change between Rust releases, and ids must not.
pub fn event_id(key_parts: &[&str], occurrence: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"koryu-event-v1");
    for part in key_parts {
        hasher.update([0x1f]);
        hasher.update(part.as_bytes());
    }
    hasher.update([0x1f]);
    hasher.update(occurrence.to_string().as_bytes());
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(ID_HEX_LEN);
    for byte in digest.iter().take(ID_HEX_LEN / 2) {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fixed_and_separate_parts() {
        let id = event_id(&["event", "high_level", "2019-06", "AU", "防衛相会談"], 0);
        assert_eq!(id.len(), 16);
        assert_eq!(id, event_id(&["event", "high_level", "2019-06", "AU", "防衛相会談"], 0));
        assert_ne!(id, event_id(&["event", "high_level", "2019-06", "AU", "防衛相会談"], 1));
        assert_ne!(event_id(&["ab", "c"], 0), event_id(&["a", "bc"], 0));
    }
}
