//! `koryu explain EVENT_ID` and `koryu explain --pair A B`: why the store's events are what they are.
//!
//! The store keeps every mention but not the merges, so explain re-runs
//! [`koryu_normalize::dedup_with_merges`] over the stored mentions (the
//! result depends only on them, so it is the import's) and reads each
//! mention's source line from its file when that file is still at its
//! stored path with the same sha256.

use super::Outcome;
use crate::store::Store;
use koryu_model::{Event, Mention, Source};
use koryu_normalize::{dedup_with_merges, explain_pair, weights, Features, Merge, Score};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["event_id", "pair"])))]
pub struct ExplainArgs {
    /// The event to explain (its id, or a prefix naming one event).
    pub event_id: Option<String>,
    /// Two mention ids (or prefixes): say why they were or were not merged.
    #[arg(long, num_args = 2, value_names = ["MENTION_A", "MENTION_B"], conflicts_with = "event_id")]
    pub pair: Option<Vec<String>>,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// One mention as explain shows it.
#[derive(Debug, Serialize)]
struct MentionView {
    mention_id: String,
    source_file: String,
    line: u32,
    column: u32,
    sheet: Option<String>,
    header_raw: Option<String>,
    title_raw: String,
    date: Option<String>,
    /// The whole source line, when the file is still there unchanged.
    source_line: Option<String>,
}

/// One merge inside an event.
#[derive(Debug, Serialize)]
struct MergeView {
    a: String,
    b: String,
    /// `None`: an identical key under two headers of one source.
    score: Option<Score>,
}

#[derive(Debug, Serialize)]
struct EventReport {
    event: Event,
    threshold: f64,
    mentions: Vec<MentionView>,
    merges: Vec<MergeView>,
}

/// The verdict on a pair.
#[derive(Debug, Serialize)]
struct PairReport {
    a: MentionView,
    b: MentionView,
    merged: bool,
    /// `same_event`, `same_source`, `blocked`, `below_threshold`,
    /// `one_to_one` or `ambiguous_year`.
    verdict: &'static str,
    reason: String,
    threshold: f64,
    score: Score,
    event_a: String,
    event_b: String,
}

pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let store = Store::open_existing(&args.db)?;
    let tables = store.read_tables()?;
    let import_order: BTreeMap<String, u64> =
        tables.sources.iter().enumerate().map(|(i, s)| (s.source_sha256.clone(), i as u64)).collect();
    let mut lines = SourceLines::new(&tables.sources);
    match (&args.event_id, &args.pair) {
        (Some(id), _) => explain_event(id, &tables.mentions, &tables.events, &import_order, &mut lines, args.json),
        (None, Some(pair)) => {
            let (Some(a), Some(b)) = (pair.first(), pair.get(1)) else {
                anyhow::bail!("--pair takes two mention ids");
            };
            explain_mentions(a, b, &tables.mentions, &mut lines, args.json)
        }
        (None, None) => anyhow::bail!("give an EVENT_ID or --pair MENTION_A MENTION_B"),
    }
}

fn explain_event(
    id: &str,
    mentions: &[Mention],
    events: &[Event],
    import_order: &BTreeMap<String, u64>,
    lines: &mut SourceLines,
    json: bool,
) -> anyhow::Result<Outcome> {
    let matching: Vec<&Event> = events.iter().filter(|e| e.event_id.starts_with(id)).collect();
    let event = match matching.as_slice() {
        [one] => (*one).clone(),
        [] => anyhow::bail!("no event {id} in the store (koryu export lists the events)"),
        _ => anyhow::bail!("{} events start with {id}: give more of the id", matching.len()),
    };
    let mut recomputed = mentions.to_vec();
    let (_, merges) = dedup_with_merges(&mut recomputed, import_order);
    // Members by the stored id; the merges by the recomputed one, which is
    // the same whenever the store is consistent.
    let members: Vec<usize> =
        mentions.iter().enumerate().filter(|(_, m)| m.event_id == event.event_id).map(|(i, _)| i).collect();
    let in_event = |i: usize| recomputed.get(i).is_some_and(|m| m.event_id == event.event_id);
    let merges: Vec<&Merge> = merges.iter().filter(|m| in_event(m.a) && in_event(m.b)).collect();
    let id_of = |i: usize| mentions.get(i).map(|m| m.mention_id.clone()).unwrap_or_default();
    let report = EventReport {
        threshold: weights().threshold,
        mentions: members.iter().filter_map(|&i| mentions.get(i)).map(|m| view(m, lines)).collect(),
        merges: merges.iter().map(|m| MergeView { a: id_of(m.a), b: id_of(m.b), score: m.score.clone() }).collect(),
        event,
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_event(&report);
    }
    Ok(Outcome::Success)
}

fn print_event(r: &EventReport) {
    let e = &r.event;
    let countries: Vec<&str> = e.countries.iter().map(koryu_model::CountryCode::as_str).collect();
    println!(
        "event {}  {}  {}  [{}]  {}",
        e.event_id,
        e.category.map_or("(no category)", |c| c.as_str()),
        e.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".to_owned()),
        countries.join(";"),
        e.title
    );
    println!("  {} mentions from {} sources, first seen in {}", e.mention_count, e.source_count, e.first_seen);
    println!("mentions:");
    for m in &r.mentions {
        print_mention(m);
    }
    if r.merges.is_empty() {
        println!("merges: none (a single mention)");
    } else {
        println!("merges (best first; a pair merges at score >= {:.2}):", r.threshold);
    }
    for m in &r.merges {
        match &m.score {
            None => println!("  {} + {}: identical key under two headers of one source", m.a, m.b),
            Some(s) => {
                println!("  {} + {}: score {:.3}", m.a, m.b, s.total);
                print_reasons(s);
            }
        }
    }
}

fn print_mention(m: &MentionView) {
    let sheet = m.sheet.as_deref().map(|s| format!("[{s}]")).unwrap_or_default();
    println!(
        "  {}  {}{sheet}:{}:{}  {}  {}",
        m.mention_id,
        m.source_file,
        m.line,
        m.column,
        m.date.as_deref().unwrap_or("undated"),
        m.title_raw
    );
    match &m.source_line {
        Some(text) => println!("      | {text}"),
        None => println!("      | (source line not available: the file moved or changed since import)"),
    }
}

fn print_reasons(s: &Score) {
    if let Some(veto) = &s.vetoed {
        println!("      vetoed: {veto}");
    }
    for reason in &s.reasons {
        println!("      {:<16} {:+.3}  {}", reason.feature, reason.value, reason.detail);
    }
}

fn explain_mentions(
    a: &str,
    b: &str,
    mentions: &[Mention],
    lines: &mut SourceLines,
    json: bool,
) -> anyhow::Result<Outcome> {
    let find = |id: &str| -> anyhow::Result<&Mention> {
        let found: Vec<&Mention> = mentions.iter().filter(|m| m.mention_id.starts_with(id)).collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => anyhow::bail!("no mention {id} in the store (koryu export lists the mentions)"),
            _ => anyhow::bail!("{} mentions start with {id}: give more of the id", found.len()),
        }
    };
    let (ma, mb) = (find(a)?, find(b)?);
    let score = explain_pair(ma, mb);
    let (verdict, reason) = verdict(ma, mb, &score, mentions);
    let report = PairReport {
        a: view(ma, lines),
        b: view(mb, lines),
        merged: ma.event_id == mb.event_id,
        verdict,
        reason,
        threshold: weights().threshold,
        score,
        event_a: ma.event_id.clone(),
        event_b: mb.event_id.clone(),
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_mention(&report.a);
        print_mention(&report.b);
        println!("{}: {}", if report.merged { "merged" } else { "not merged" }, report.reason);
        println!("pair score {:.3} (threshold {:.2}):", report.score.total, report.threshold);
        print_reasons(&report.score);
    }
    Ok(Outcome::Success)
}

/// Which rule decided the pair, and a sentence saying so.
fn verdict(a: &Mention, b: &Mention, score: &Score, mentions: &[Mention]) -> (&'static str, String) {
    if a.event_id == b.event_id {
        let how = if score.merges() {
            "their own score reaches the threshold"
        } else {
            "joined through other mentions of the event, each pair of which reached the threshold"
        };
        return ("same_event", format!("one event {}: {how}", a.event_id));
    }
    if a.source_sha256 == b.source_sha256 {
        let why = if a.header_raw == b.header_raw {
            "two items of one source under one header are always distinct events"
        } else {
            "two headers of one source merge only on an identical key (title, date, countries)"
        };
        return ("same_source", format!("both from {}: {why}", a.source_file));
    }
    if let Some(veto) = &score.vetoed {
        return ("blocked", format!("blocked apart: {veto}"));
    }
    if !score.merges() {
        return (
            "below_threshold",
            format!("score {:.3} is below the threshold {:.2}", score.total, weights().threshold),
        );
    }
    // The pair could merge on its own: the one-to-one rule or the year rule
    // gave one of them to another mention.
    let origin = |m: &Mention| (m.source_sha256.clone(), m.header_raw.clone());
    let holder = |event: &str, of: &Mention| {
        mentions.iter().find(|m| m.event_id == event && origin(m) == origin(of) && m.mention_id != of.mention_id)
    };
    if let Some(rival) = holder(&a.event_id, b) {
        return ("one_to_one", one_to_one(a, b, rival));
    }
    if let Some(rival) = holder(&b.event_id, a) {
        return ("one_to_one", one_to_one(b, a, rival));
    }
    let year = |m: &Mention| m.date_precision == Some(koryu_model::DatePrecision::Year);
    if year(a) || year(b) {
        let (y, other) = if year(a) { (a, b) } else { (b, a) };
        let fy = Features::of(y);
        let fits = mentions
            .iter()
            .filter(|m| !year(m) && m.source_sha256 != y.source_sha256)
            .filter(|m| Features::of(m).may_meet(&fy) && explain_pair(y, m).merges())
            .count();
        return (
            "ambiguous_year",
            format!(
                "{} has year precision and {fits} finer mentions fit it (it merges only into exactly one), {} among them",
                y.mention_id, other.mention_id
            ),
        );
    }
    ("one_to_one", "each was taken by a better-scoring partner before this pair was reached".to_owned())
}

fn one_to_one(holder_side: &Mention, lost: &Mention, rival: &Mention) -> String {
    let rival_score = explain_pair(holder_side, rival).total;
    format!(
        "one-to-one: the event of {} already holds {} from the same source and header as {} (its score {:.3}), and an event takes one mention per source",
        holder_side.mention_id, rival.mention_id, lost.mention_id, rival_score
    )
}

fn view(m: &Mention, lines: &mut SourceLines) -> MentionView {
    MentionView {
        mention_id: m.mention_id.clone(),
        source_file: m.source_file.clone(),
        line: m.line,
        column: m.column,
        sheet: m.sheet.clone(),
        header_raw: m.header_raw.clone(),
        title_raw: m.title_raw.clone(),
        date: m.date.map(|d| d.to_string()),
        source_line: if m.sheet.is_some() { None } else { lines.line(&m.source_sha256, m.line) },
    }
}

/// Source texts read on demand, once per source. A file that is gone or
/// whose sha256 changed gives no lines: a line of another text would mislead.
struct SourceLines {
    sources: HashMap<String, (String, String)>,
    texts: HashMap<String, Option<Vec<String>>>,
}

impl SourceLines {
    fn new(sources: &[Source]) -> SourceLines {
        SourceLines {
            sources: sources
                .iter()
                .map(|s| (s.source_sha256.clone(), (s.source_file.clone(), s.encoding.clone())))
                .collect(),
            texts: HashMap::new(),
        }
    }

    fn line(&mut self, sha256: &str, line: u32) -> Option<String> {
        if !self.texts.contains_key(sha256) {
            let text = self.sources.get(sha256).and_then(|(path, encoding)| read_lines(path, encoding, sha256));
            self.texts.insert(sha256.to_owned(), text);
        }
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        self.texts.get(sha256)?.as_ref()?.get(idx).cloned()
    }
}

fn read_lines(path: &str, encoding: &str, sha256: &str) -> Option<Vec<String>> {
    let bytes = std::fs::read(path).ok()?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    if hex != sha256 {
        return None;
    }
    let decoded = koryu_parse::read::decode::decode_text(&bytes, Some(encoding), path).ok()?;
    Some(decoded.text.lines().map(|l| l.trim_end_matches('\r').to_owned()).collect())
}
