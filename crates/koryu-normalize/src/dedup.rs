//! Mentions → events: matching that keeps multiplicity, in parallel over blocks.

use crate::blocking::{BlockKey, MatchKey};
use crate::choose::most_common;
use crate::event_id::event_id;
use koryu_model::{Event, Mention};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Groups `mentions` into events, sets each mention's `event_id`, and
/// returns the events in a stable order (date, countries, then key).
///
/// Mentions with equal [`BlockKey`] and [`MatchKey`] are one event when they
/// come from different sources or different headers. Within one source and
/// header they are distinct events (`電話会談(10月、10月)` is two calls), so
/// the k-th such mention of each (source, header) joins the k-th event.
///
/// `import_order` maps a `source_sha256` to when it was imported (smaller is
/// earlier); it decides `first_seen` and breaks ties between field values.
/// A source missing from it counts as imported last.
///
/// The result depends only on the mentions, not on their order in the slice
/// or on the number of rayon threads.
pub fn dedup_mentions(mentions: &mut [Mention], import_order: &BTreeMap<String, u64>) -> Vec<Event> {
    let shared: &[Mention] = mentions;
    let mut keyed: Vec<Keyed> = shared
        .par_iter()
        .enumerate()
        .map(|(idx, mention)| Keyed { idx, block: BlockKey::of(mention), key: MatchKey::of(mention) })
        .collect();
    keyed.par_sort_unstable_by(|a, b| compare_keyed(a, b, shared));

    let blocks: Vec<&[Keyed]> = keyed.chunk_by(|a, b| a.block == b.block).collect();
    let grouped: Vec<(Event, Vec<usize>)> =
        blocks.par_iter().flat_map_iter(|block| match_block(block, shared, import_order)).collect();

    let mut events = Vec::with_capacity(grouped.len());
    for (event, members) in grouped {
        for idx in members {
            if let Some(mention) = mentions.get_mut(idx) {
                mention.event_id.clone_from(&event.event_id);
            }
        }
        events.push(event);
    }
    events
}

/// A mention's index with its keys, computed once.
struct Keyed {
    idx: usize,
    block: BlockKey,
    key: MatchKey,
}

/// Total order: block, key, origin, then position in the source. The
/// mention id comes last so even identical positions sort the same way on
/// every run.
fn compare_keyed(a: &Keyed, b: &Keyed, mentions: &[Mention]) -> Ordering {
    a.block.cmp(&b.block).then_with(|| a.key.cmp(&b.key)).then_with(|| {
        match (mentions.get(a.idx), mentions.get(b.idx)) {
            (Some(ma), Some(mb)) => origin(ma).cmp(&origin(mb)).then_with(|| position(ma).cmp(&position(mb))),
            _ => a.idx.cmp(&b.idx),
        }
    })
}

/// Where a mention comes from: mentions of one origin never merge.
fn origin(mention: &Mention) -> (&str, Option<&str>) {
    (&mention.source_sha256, mention.header_raw.as_deref())
}

fn position(mention: &Mention) -> (Option<&str>, u32, u32, u32, &str) {
    (mention.sheet.as_deref(), mention.line, mention.column, mention.occurrence, &mention.mention_id)
}

/// The events of one sorted block.
fn match_block(
    block: &[Keyed],
    mentions: &[Mention],
    import_order: &BTreeMap<String, u64>,
) -> Vec<(Event, Vec<usize>)> {
    let mut out = Vec::new();
    for group in block.chunk_by(|a, b| a.key == b.key) {
        // occurrence k → the k-th mention of every origin in this group.
        let mut by_occurrence: Vec<Vec<usize>> = Vec::new();
        for run in group.chunk_by(|a, b| same_origin(a, b, mentions)) {
            for (k, keyed) in run.iter().enumerate() {
                if by_occurrence.len() <= k {
                    by_occurrence.push(Vec::new());
                }
                if let Some(slot) = by_occurrence.get_mut(k) {
                    slot.push(keyed.idx);
                }
            }
        }
        let Some(first) = group.first() else { continue };
        let id_parts = first.key.id_parts(&first.block);
        let id_parts: Vec<&str> = id_parts.iter().map(String::as_str).collect();
        for (k, members) in by_occurrence.into_iter().enumerate() {
            if let Some(event) = build_event(event_id(&id_parts, k), &first.block, &members, mentions, import_order) {
                out.push((event, members));
            }
        }
    }
    out
}

fn same_origin(a: &Keyed, b: &Keyed, mentions: &[Mention]) -> bool {
    match (mentions.get(a.idx), mentions.get(b.idx)) {
        (Some(ma), Some(mb)) => origin(ma) == origin(mb),
        _ => false,
    }
}

/// One event from its members: each field is the most common value, ties
/// going to the earliest import.
fn build_event(
    event_id: String,
    block: &BlockKey,
    members: &[usize],
    mentions: &[Mention],
    import_order: &BTreeMap<String, u64>,
) -> Option<Event> {
    let mut ranked: Vec<&Mention> = members.iter().filter_map(|&idx| mentions.get(idx)).collect();
    ranked.sort_by(|a, b| {
        let rank = |m: &Mention| import_order.get(&m.source_sha256).copied().unwrap_or(u64::MAX);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.source_sha256.cmp(&b.source_sha256))
            .then_with(|| position(a).cmp(&position(b)))
    });
    let earliest = ranked.first()?;
    let n_sources = ranked.iter().map(|m| m.source_sha256.as_str()).collect::<BTreeSet<_>>().len();
    Some(Event {
        event_id,
        category: earliest.category,
        title: most_common(ranked.iter().map(|m| m.title.clone()))?,
        date: block.date,
        date_precision: most_common(ranked.iter().map(|m| m.date_precision))?,
        fiscal_year: most_common(ranked.iter().map(|m| m.fiscal_year))?,
        countries: block.countries.clone(),
        mode: most_common(ranked.iter().map(|m| m.mode))?,
        direction: most_common(ranked.iter().map(|m| m.direction))?,
        location: most_common(ranked.iter().map(|m| m.location.clone()))?,
        jp_roles: most_common(ranked.iter().map(|m| m.jp_roles.clone()))?,
        status: most_common(ranked.iter().map(|m| m.status))?,
        mention_count: u32::try_from(ranked.len()).unwrap_or(u32::MAX),
        source_count: u32::try_from(n_sources).unwrap_or(u32::MAX),
        first_seen: earliest.source_file.clone(),
    })
}
