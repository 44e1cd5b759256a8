//! Picks an event's fields from its mentions: the most common value wins.

use std::collections::BTreeMap;

/// The most common value among `values`, which come in priority order
/// (earliest import first); a tie goes to the value seen first, so the
/// choice depends only on the mentions, never on thread count.
pub fn most_common<T: Ord + Clone>(values: impl IntoIterator<Item = T>) -> Option<T> {
    // value → (count, first position)
    let mut tally: BTreeMap<T, (usize, usize)> = BTreeMap::new();
    for (position, value) in values.into_iter().enumerate() {
        tally.entry(value).and_modify(|(count, _)| *count += 1).or_insert((1, position));
    }
    tally
        .into_iter()
        .max_by(|(_, (count_a, first_a)), (_, (count_b, first_b))| count_a.cmp(count_b).then(first_b.cmp(first_a)))
        .map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_then_first_seen() {
        assert_eq!(most_common(["b", "a", "a"]), Some("a"));
        assert_eq!(most_common(["b", "a"]), Some("b"));
        assert_eq!(most_common(["a", "b"]), Some("a"));
        assert_eq!(most_common(Vec::<u8>::new()), None);
    }
}
