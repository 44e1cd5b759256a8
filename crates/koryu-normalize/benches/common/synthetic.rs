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
            let date = Edtf::date(PartialDate::year_month(year, month).expect("valid month"));
            let line = u32::try_from(event_idx).expect("fits") + 1;
            mentions.push(Mention {
                mention_id: format!("{sha}-{event_idx}"),
                title: title.clone(),
                title_raw: title,
                date: Some(date),
                date_precision: date.precision(),
                fiscal_year: Some(year as i32),
                countries: vec![CountryCode::new(country).expect("known code")],
                header_raw: Some(format!("【{country}】")),
                source_file: format!("{sha}.txt"),
                source_sha256: sha.to_owned(),
                line,
                column: 1,
                ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
            });
        }
    }
    (mentions, n_events)
}

