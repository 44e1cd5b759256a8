// Shared by benches/dedup.rs and examples/dedup_scale.rs (included with
// `include!`): deterministic in-memory mentions, no files.
use koryu_model::{Category, CountryCode, DocKind, Edtf, Mention, MentionKind, PartialDate};

const COUNTRIES: [&str; 8] = ["AU", "US", "IN", "GB", "FR", "VN", "PH", "ID"];
const TITLES: [&str; 5] = ["防衛相会談", "日豪防衛相会談", "防衛相電話会談", "統幕長訪問", "次官級協議"];

/// `n` mentions: every event appears in two sources (sha `a` and `b`), so
/// dedup must produce exactly `n / 2` events. Titles alternate between
/// prefixed and unprefixed forms so canonicalisation does real work.
fn synthetic(n: usize) -> (Vec<Mention>, usize) {
    let n_events = n / 2;
    let mut mentions = Vec::with_capacity(n);
    for sha in ["a", "b"] {
        for event_idx in 0..n_events {
            let country = COUNTRIES[event_idx % COUNTRIES.len()];
            // Distinct (title, date, country) per event: the index spreads over
            // titles, 12 months, 40 years and a numbered title suffix.
            let title_base = TITLES[(event_idx / COUNTRIES.len()) % TITLES.len()];
            let title = format!("第{}回{}", event_idx / (COUNTRIES.len() * TITLES.len() * 12 * 40), title_base);
            let month = 1 + ((event_idx / (COUNTRIES.len() * TITLES.len())) % 12) as u32;
            let year = 1990 + ((event_idx / (COUNTRIES.len() * TITLES.len() * 12)) % 40) as i64;
            mentions.push(bench_mention(sha, (event_idx, event_idx), title, (year, month), country));
        }
    }
    (mentions, n_events)
}

/// One high-level event mention of source `sha` at `line`, under the header
/// of `country`, dated to a month.
fn bench_mention(sha: &str, (event_idx, line): (usize, usize), title: String, (year, month): (i64, u32), country: &str) -> Mention {
    let date = Edtf::date(PartialDate::year_month(year, month).expect("valid month"));
    Mention {
        mention_id: format!("{sha}-{event_idx}"),
        title_raw: title.clone(),
        title,
        date: Some(date),
        date_precision: date.precision(),
        fiscal_year: Some(year as i32),
        countries: vec![CountryCode::new(country).expect("known code")],
        header_raw: Some(format!("【{country}】")),
        source_file: format!("{sha}.txt"),
        source_sha256: sha.to_owned(),
        line: u32::try_from(line).expect("fits") + 1,
        column: 1,
        ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
    }
}


/// Counterparts of [`realistic`]: forty two-letter codes.
const REALISTIC_COUNTRIES: [&str; 40] = [
    "AU", "US", "IN", "GB", "FR", "VN", "PH", "ID", "SG", "MY", "TH", "KR", "NZ", "CA", "DE", "IT", "ES", "NL",
    "PL", "SE", "FI", "NO", "DK", "TR", "IL", "AE", "SA", "QA", "OM", "JO", "EG", "DJ", "KE", "BR", "CL", "MX",
    "MN", "KH", "LA", "MM",
];

/// `n` mentions shaped like a long run of yearly editions: each event is
/// listed by the three editions that cover its fiscal year (sources
/// `e{year}`, `e{year+1}`, `e{year+2}`), a (month, counterpart) holds two
/// events, and the years grow with `n` as a history does, so a bucket holds
/// about six mentions at any size (the dense [`synthetic`] put 260 in one
/// at 1M, which no table does). Every third listing drops the 日X prefix or
/// writes the video-call mode, so titles differ between editions.
/// Returns the mentions, the event count and each source's import order.
fn realistic(n: usize) -> (Vec<Mention>, usize, BTreeMap<String, u64>) {
    const EDITIONS_PER_EVENT: usize = 3;
    const EVENTS_PER_SLOT: usize = 2;
    let n_events = n / EDITIONS_PER_EVENT;
    let mut mentions = Vec::with_capacity(n);
    let mut order = BTreeMap::new();
    let per_year = REALISTIC_COUNTRIES.len() * 12 * EVENTS_PER_SLOT;
    for event_idx in 0..n_events {
        let slot = event_idx / EVENTS_PER_SLOT;
        let country = REALISTIC_COUNTRIES[slot % REALISTIC_COUNTRIES.len()];
        let month = 1 + ((slot / REALISTIC_COUNTRIES.len()) % 12) as u32;
        let year = 1000 + (event_idx / per_year) as i64;
        let (base, country_name) = if event_idx % EVENTS_PER_SLOT == 0 { ("防衛相会談", "豪") } else { ("陸軍参謀総長会談", "米") };
        for edition in 0..EDITIONS_PER_EVENT {
            let sha = format!("e{}", year + edition as i64);
            let next = order.len() as u64;
            order.entry(sha.clone()).or_insert(next);
            let title = match (event_idx + edition) % 3 {
                0 => format!("日{country_name}{base}"),
                1 => base.to_owned(),
                _ => format!("{base}(VTC)"),
            };
            mentions.push(bench_mention(&sha, (event_idx, event_idx % 100_000), title, (year, month), country));
        }
    }
    (mentions, n_events, order)
}
