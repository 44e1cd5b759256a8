//! Mentions → events: scored candidate pairs, one-to-one between sources, union-find.

use crate::blocking::{BlockKey, MatchKey};
use crate::choose::most_common;
use crate::event_id::event_id;
use crate::features::Features;
use crate::score::{score, score_quiet, Score};
use crate::title::canonicalize_title;
use koryu_model::{CountryCode, Event, Mention};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Months a mention is filed under for candidate search: a span longer than
/// this (an open interval, a decade) is filed under its first months only, so
/// one vague mention cannot make a bucket hold everything.
const MAX_SPAN_MONTHS: i64 = 24;

/// One merge that made an event: the two mentions (indices into the slice
/// given to [`dedup_with_merges`]) and the score that joined them.
#[derive(Debug, Clone)]
pub struct Merge {
    pub a: usize,
    pub b: usize,
    /// `None` for an exact merge between two headers of one source.
    pub score: Option<Score>,
}

/// Groups `mentions` into events, sets each mention's `event_id`, and
/// returns the events in a stable order (date, countries, then key).
///
/// Two mentions of different sources merge when their pair score reaches
/// the threshold of `weights.json` (docs/dedup.md); pairs are taken best
/// first and an event never takes two mentions of one origin (source and
/// header), so matching is one-to-one between any two sources and
/// multiplicity survives (`電話会談(10月、10月)` is two calls in every
/// edition). Two headers of one source merge only on an identical key.
///
/// `import_order` maps a `source_sha256` to when it was imported (smaller is
/// earlier); it decides `first_seen` and breaks ties between field values.
///
/// The result depends only on the mentions, not on their order in the slice
/// or on the number of rayon threads.
pub fn dedup_mentions(mentions: &mut [Mention], import_order: &BTreeMap<String, u64>) -> Vec<Event> {
    let (events, _) = dedup_with_merges(mentions, import_order);
    events
}

/// [`dedup_mentions`], also returning every merge with its score (for
/// `koryu explain`).
pub fn dedup_with_merges(mentions: &mut [Mention], import_order: &BTreeMap<String, u64>) -> (Vec<Event>, Vec<Merge>) {
    let shared: &[Mention] = mentions;
    // One canonical title per mention serves both the features and the key.
    let (features, keys): (Vec<Features>, Vec<(BlockKey, MatchKey)>) = shared
        .par_iter()
        .map(|m| {
            let canonical = canonicalize_title(&m.title);
            let key = MatchKey::with_canonical_title(m, canonical.clone());
            (Features::with_canonical_title(m, canonical), (BlockKey::of(m), key))
        })
        .unzip();

    let mut edges = candidate_edges(&features, shared, &keys);
    drop_ambiguous_year_edges(&mut edges, &features);
    let ranks = position_ranks(shared);
    edges.par_sort_unstable_by(|x, y| compare_edges(x, y, &ranks));

    let mut clusters = UnionFind::new(shared);
    let mut merges = Vec::new();
    for edge in edges {
        if clusters.union(edge.a, edge.b) {
            merges.push(Merge { a: edge.a, b: edge.b, score: edge.score });
        }
    }
    let events = build_events(clusters.groups(), shared, &keys, import_order);

    let mut out = Vec::with_capacity(events.len());
    for (event, members) in events {
        for idx in members {
            if let Some(mention) = mentions.get_mut(idx) {
                mention.event_id.clone_from(&event.event_id);
            }
        }
        out.push(event);
    }
    (out, merges)
}

/// Why two mentions would or would not merge on their own (the pair score;
/// the one-to-one rule may still give one of them a better partner).
pub fn explain_pair(a: &Mention, b: &Mention) -> Score {
    score(&Features::of(a), &Features::of(b))
}

/// Where a mention is filed for candidate search (blocking, step 2).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Bucket {
    Month(i64, Option<CountryCode>),
    Undated(Option<i32>, Option<CountryCode>),
}

/// Every bucket a mention is filed under, sorted: one per (month,
/// counterpart), or (undated fiscal year, counterpart).
fn buckets_of(f: &Features) -> Vec<Bucket> {
    let countries: Vec<Option<CountryCode>> =
        if f.countries.is_empty() { vec![None] } else { f.countries.iter().cloned().map(Some).collect() };
    let mut out = Vec::new();
    for country in countries {
        match f.span {
            Some((start, end)) => {
                let end = end.min(start + MAX_SPAN_MONTHS - 1);
                for month in start..=end {
                    out.push(Bucket::Month(month, country.clone()));
                }
            }
            None => out.push(Bucket::Undated(f.undated_fiscal_year, country)),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The accepted edges between candidates: mentions filed under a common
/// bucket. Each bucket holds the mentions of one month and country, so the
/// work is near-linear in the number of mentions. Buckets are scored in
/// parallel and stream their edges: no set of all candidate pairs is ever
/// held (at 1M mentions it would not fit in memory). A pair that shares
/// several buckets is scored only in the first of them.
fn candidate_edges(features: &[Features], mentions: &[Mention], keys: &[(BlockKey, MatchKey)]) -> Vec<Edge> {
    let filed: Vec<Vec<Bucket>> = features.par_iter().map(buckets_of).collect();
    let mut buckets: BTreeMap<&Bucket, Vec<usize>> = BTreeMap::new();
    for (idx, list) in filed.iter().enumerate() {
        for bucket in list {
            buckets.entry(bucket).or_default().push(idx);
        }
    }
    let first_common = |a: usize, b: usize| -> Option<&Bucket> {
        let (la, lb) = (filed.get(a)?, filed.get(b)?);
        // Both lists are sorted: a merge walk, bounded by their lengths.
        let (mut i, mut j) = (0, 0);
        while let (Some(x), Some(y)) = (la.get(i), lb.get(j)) {
            match x.cmp(y) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => return Some(x),
            }
        }
        None
    };
    let groups: Vec<(&Bucket, Vec<usize>)> = buckets.into_iter().collect();
    groups
        .par_iter()
        .flat_map_iter(|(bucket, members)| {
            let mut out = Vec::new();
            for (i, &a) in members.iter().enumerate() {
                for &b in members.get(i + 1..).unwrap_or(&[]) {
                    let single =
                        filed.get(a).is_some_and(|l| l.len() == 1) && filed.get(b).is_some_and(|l| l.len() == 1);
                    if a == b || (!single && first_common(a, b) != Some(*bucket)) {
                        continue;
                    }
                    if let Some(e) = edge(a.min(b), a.max(b), mentions, features, keys) {
                        out.push(e);
                    }
                }
            }
            out
        })
        .collect()
}

struct Edge {
    a: usize,
    b: usize,
    score: Option<Score>,
    /// The ranking value: exact merges first, then by score.
    rank: f64,
}

/// The accepted edge between two candidates, if any.
fn edge(
    a: usize,
    b: usize,
    mentions: &[Mention],
    features: &[Features],
    keys: &[(BlockKey, MatchKey)],
) -> Option<Edge> {
    let (ma, mb) = (mentions.get(a)?, mentions.get(b)?);
    let exact = keys.get(a)? == keys.get(b)?;
    if ma.source_sha256 == mb.source_sha256 {
        // One source: two headers listing one meeting (日米豪 under 【米】
        // and 【豪】) merge on an identical key only; one header never.
        if exact && ma.header_raw != mb.header_raw {
            return Some(Edge { a, b, score: None, rank: f64::INFINITY });
        }
        return None;
    }
    let (fa, fb) = (features.get(a)?, features.get(b)?);
    if !score_quiet(fa, fb).merges() {
        return None;
    }
    // Only a merging pair gets its reasons written out.
    let s = score(fa, fb);
    // An identical key outranks any fuzzy pair, so a re-listed item finds
    // its twin before a drifted neighbour can take it.
    let rank = if exact { f64::MAX } else { s.total };
    Some(Edge { a, b, score: Some(s), rank })
}

/// A year-precision mention merges into a month-precision one only when
/// exactly one month-precision candidate of that source fits (step 4).
fn drop_ambiguous_year_edges(edges: &mut Vec<Edge>, features: &[Features]) {
    let year = |i: usize| features.get(i).is_some_and(|f| f.year_precision);
    // (year mention, other) edges where other is finer.
    let mut fits: BTreeMap<usize, usize> = BTreeMap::new();
    for e in edges.iter() {
        match (year(e.a), year(e.b)) {
            (true, false) => *fits.entry(e.a).or_default() += 1,
            (false, true) => *fits.entry(e.b).or_default() += 1,
            _ => {}
        }
    }
    edges.retain(|e| match (year(e.a), year(e.b)) {
        (true, false) => fits.get(&e.a) == Some(&1),
        (false, true) => fits.get(&e.b) == Some(&1),
        _ => true,
    });
}

/// Best edge first; ties by the mentions' positions in their sources
/// (`ranks`, from [`position_ranks`]), never by slice index.
fn compare_edges(x: &Edge, y: &Edge, ranks: &[usize]) -> Ordering {
    y.rank.total_cmp(&x.rank).then_with(|| edge_key(x, ranks).cmp(&edge_key(y, ranks)))
}

/// Each mention's rank in the order of [`position`]: the edge sort compares
/// these integers instead of the positions' strings (at 200k mentions the
/// string comparisons were a third of dedup's time). Positions end with the
/// mention id, so no two mentions share a rank.
fn position_ranks(mentions: &[Mention]) -> Vec<usize> {
    let mut by_position: Vec<usize> = (0..mentions.len()).collect();
    by_position.par_sort_unstable_by(|&a, &b| mentions.get(a).map(position).cmp(&mentions.get(b).map(position)));
    let mut ranks = vec![0; mentions.len()];
    for (rank, idx) in by_position.into_iter().enumerate() {
        if let Some(slot) = ranks.get_mut(idx) {
            *slot = rank;
        }
    }
    ranks
}

type Position<'a> = (&'a str, Option<&'a str>, u32, u32, u32, &'a str);

fn position(mention: &Mention) -> Position<'_> {
    (
        &mention.source_sha256,
        mention.sheet.as_deref(),
        mention.line,
        mention.column,
        mention.occurrence,
        &mention.mention_id,
    )
}

fn edge_key(e: &Edge, ranks: &[usize]) -> (Option<usize>, Option<usize>) {
    let (pa, pb) = (ranks.get(e.a).copied(), ranks.get(e.b).copied());
    if pa <= pb {
        (pa, pb)
    } else {
        (pb, pa)
    }
}

/// Union-find whose sets never hold two mentions of one origin (source and
/// header): that rule is what keeps matching one-to-one between sources.
struct UnionFind<'a> {
    parent: Vec<usize>,
    /// Each root's origins, sorted: a set is a handful of sources, so a
    /// sorted `Vec` (one small allocation per mention) beats a `BTreeSet`
    /// (a node each; at 1M mentions the allocations dominated).
    origins: Vec<Vec<Origin<'a>>>,
}

type Origin<'a> = (&'a str, Option<&'a str>);

/// Whether two sorted lists share an element: a merge walk.
fn sorted_disjoint(a: &[Origin<'_>], b: &[Origin<'_>]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => return false,
        }
    }
    true
}

impl<'a> UnionFind<'a> {
    fn new(mentions: &'a [Mention]) -> UnionFind<'a> {
        UnionFind {
            parent: (0..mentions.len()).collect(),
            origins: mentions.iter().map(|m| vec![(m.source_sha256.as_str(), m.header_raw.as_deref())]).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        // Path halving; bounded by the number of mentions.
        for _ in 0..self.parent.len() {
            let Some(&p) = self.parent.get(i) else { return i };
            if p == i {
                return i;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    /// Joins the sets of `a` and `b` unless they share an origin.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (Some(oa), Some(ob)) = (self.origins.get(ra), self.origins.get(rb)) else { return false };
        if !sorted_disjoint(oa, ob) {
            return false;
        }
        // The smaller index becomes the root only for bookkeeping; the
        // resulting sets do not depend on it.
        let (root, child) = if oa.len() >= ob.len() { (ra, rb) } else { (rb, ra) };
        let moved = self.origins.get_mut(child).map(std::mem::take).unwrap_or_default();
        if let Some(target) = self.origins.get_mut(root) {
            // Disjoint (checked above), so sorting the joined list keeps it a set.
            target.extend(moved);
            target.sort_unstable();
        }
        if let Some(slot) = self.parent.get_mut(child) {
            *slot = root;
        }
        true
    }

    fn groups(mut self) -> Vec<Vec<usize>> {
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.parent.len() {
            let root = self.find(i);
            by_root.entry(root).or_default().push(i);
        }
        by_root.into_values().collect()
    }
}

/// Events from clusters, with ids that depend only on the mentions: the
/// id hashes the smallest exact key among the members, plus the cluster's
/// rank among clusters with that key (ordered by their members' positions).
fn build_events(
    groups: Vec<Vec<usize>>,
    mentions: &[Mention],
    keys: &[(BlockKey, MatchKey)],
    import_order: &BTreeMap<String, u64>,
) -> Vec<(Event, Vec<usize>)> {
    struct Cluster<'a> {
        block: &'a BlockKey,
        parts: Vec<String>,
        first: Option<Position<'a>>,
        members: Vec<usize>,
    }
    let mut clusters: Vec<Cluster> = groups
        .into_par_iter()
        .filter_map(|members| {
            // Each member's id parts once: the smallest names the event,
            // the earliest member holding it orders twins.
            let mut candidates: Vec<(Vec<String>, &BlockKey, Option<Position<'_>>)> = members
                .iter()
                .filter_map(|&i| {
                    keys.get(i).map(|(block, key)| (key.id_parts(block), block, mentions.get(i).map(position)))
                })
                .collect();
            candidates.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| x.2.cmp(&y.2)));
            let (parts, block, first) = candidates.into_iter().next()?;
            Some(Cluster { block, parts, first, members })
        })
        .collect();
    clusters.sort_by(|x, y| x.parts.cmp(&y.parts).then_with(|| x.first.cmp(&y.first)));

    let mut out: Vec<(Event, Vec<usize>, &BlockKey)> = Vec::with_capacity(clusters.len());
    let mut previous: Option<&[String]> = None;
    let mut occurrence = 0;
    for cluster in &clusters {
        occurrence = if previous == Some(cluster.parts.as_slice()) { occurrence + 1 } else { 0 };
        previous = Some(cluster.parts.as_slice());
        let parts: Vec<&str> = cluster.parts.iter().map(String::as_str).collect();
        if let Some(event) = build_event(event_id(&parts, occurrence), &cluster.members, mentions, import_order) {
            out.push((event, cluster.members.clone(), cluster.block));
        }
    }
    out.sort_by(|x, y| x.2.cmp(y.2).then_with(|| x.0.event_id.cmp(&y.0.event_id)));
    out.into_iter().map(|(event, members, _)| (event, members)).collect()
}

/// One event from its members: each field is the most common value, ties
/// going to the earliest import.
fn build_event(
    event_id: String,
    members: &[usize],
    mentions: &[Mention],
    import_order: &BTreeMap<String, u64>,
) -> Option<Event> {
    let mut ranked: Vec<&Mention> = members.iter().filter_map(|&idx| mentions.get(idx)).collect();
    ranked.sort_by(|a, b| {
        let rank = |m: &Mention| import_order.get(&m.source_sha256).copied().unwrap_or(u64::MAX);
        rank(a).cmp(&rank(b)).then_with(|| position(a).cmp(&position(b)))
    });
    let earliest = ranked.first()?;
    let n_sources = ranked.iter().map(|m| m.source_sha256.as_str()).collect::<BTreeSet<_>>().len();
    // The finest date wins over a year-precision one that merged in.
    let finest =
        ranked.iter().filter(|m| m.date_precision.is_some()).min_by_key(|m| m.date_precision.map(precision_rank));
    let date_of = finest.copied().unwrap_or(earliest);
    Some(Event {
        event_id,
        // The earliest known category: a member from a table that named
        // no indicator does not blank it.
        category: ranked.iter().find_map(|m| m.category),
        title: most_common(ranked.iter().map(|m| m.title.clone()))?,
        date: date_of.date,
        date_precision: date_of.date_precision,
        fiscal_year: most_common(ranked.iter().map(|m| m.fiscal_year))?,
        countries: most_common(ranked.iter().map(|m| m.countries.clone()))?,
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

/// Finer precision ranks lower (day < month < year).
fn precision_rank(p: koryu_model::DatePrecision) -> u8 {
    match p {
        koryu_model::DatePrecision::Day => 0,
        koryu_model::DatePrecision::Month => 1,
        _ => 2,
    }
}
