//! Unit tests of dedup as a whole: merging, multiplicity, determinism.

use crate::dedup_mentions;
use koryu_model::{Category, CountryCode, DocKind, Edtf, Event, Mention, MentionKind, PartialDate};
use std::collections::BTreeMap;

/// A month-precision high-level mention; tests change what they need.
fn mention(title: &str, ym: (i64, u32), country: &str, sha: &str, header: &str, line: u32, column: u32) -> Mention {
    let date = Edtf::date(PartialDate::year_month(ym.0, ym.1).unwrap());
    Mention {
        mention_id: format!("{sha}:{line}:{column}:{}", ym.1),
        title: title.to_owned(),
        title_raw: title.to_owned(),
        date: Some(date),
        date_raw: Some(format!("{}月", ym.1)),
        date_precision: date.precision(),
        fiscal_year: Some(2019),
        countries: vec![CountryCode::new(country).unwrap()],
        header_raw: Some(header.to_owned()),
        source_file: format!("{sha}.txt"),
        source_sha256: sha.to_owned(),
        line,
        column,
        ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
    }
}

fn order(shas: &[&str]) -> BTreeMap<String, u64> {
    shas.iter().enumerate().map(|(i, s)| ((*s).to_owned(), i as u64)).collect()
}

/// `(title, mention_count, source_count, first_seen)` per event.
fn summary(events: &[Event]) -> Vec<(String, u32, u32, String)> {
    events.iter().map(|e| (e.title.clone(), e.mention_count, e.source_count, e.first_seen.clone())).collect()
}

#[test]
fn same_item_in_two_files_is_one_event() {
    let mut mentions = vec![
        mention("防衛相会談", (2019, 6), "AU", "a", "【豪】", 3, 5),
        mention("日豪防衛大臣会談", (2019, 6), "AU", "b", "【オーストラリア】", 9, 1),
    ];
    let events = dedup_mentions(&mut mentions, &order(&["a", "b"]));
    assert_eq!(summary(&events), vec![("防衛相会談".to_owned(), 2, 2, "a.txt".to_owned())]);
    assert_eq!(mentions[0].event_id, events[0].event_id);
    assert_eq!(mentions[1].event_id, events[0].event_id);
}

#[test]
fn different_headers_in_one_file_merge() {
    // 日米豪 listed under 【米】 and again under 【豪】: one meeting.
    let mut a = mention("日米豪防衛相会談", (2019, 6), "US", "a", "【米】", 3, 1);
    a.countries = vec![CountryCode::new("US").unwrap(), CountryCode::new("AU").unwrap()];
    let mut b = a.clone();
    b.header_raw = Some("【豪】".to_owned());
    b.line = 7;
    b.mention_id = "other".to_owned();
    let mut mentions = vec![a, b];
    let events = dedup_mentions(&mut mentions, &order(&["a"]));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].mention_count, 2);
    assert_eq!(events[0].source_count, 1);
}

#[test]
fn repeated_month_in_one_item_stays_two_events_and_matches_kth_with_kth() {
    // 防衛相電話会談(10月、10月、12月) in file a, and the same line in file b.
    let mut mentions = Vec::new();
    for sha in ["a", "b"] {
        for (occurrence, month) in [(0, 10), (1, 10), (0, 12)] {
            let mut m = mention("防衛相電話会談", (2019, month), "AU", sha, "【豪】", 4, 2);
            m.occurrence = occurrence;
            m.mention_id = format!("{sha}-{month}-{occurrence}");
            mentions.push(m);
        }
    }
    let events = dedup_mentions(&mut mentions, &order(&["a", "b"]));
    assert_eq!(events.len(), 3, "two October calls and one December call");
    assert!(events.iter().all(|e| e.mention_count == 2 && e.source_count == 2));
    // The first October mention of a is with the first of b, not the second.
    assert_eq!(mentions[0].event_id, mentions[3].event_id);
    assert_eq!(mentions[1].event_id, mentions[4].event_id);
    assert_ne!(mentions[0].event_id, mentions[1].event_id);
}

#[test]
fn identical_items_under_one_header_stay_separate() {
    let mut mentions = vec![
        mention("防衛相会談", (2019, 11), "IN", "a", "【インド】", 5, 1),
        mention("防衛相会談", (2019, 11), "IN", "a", "【インド】", 5, 20),
    ];
    let events = dedup_mentions(&mut mentions, &order(&["a"]));
    assert_eq!(events.len(), 2);
    assert_ne!(mentions[0].event_id, mentions[1].event_id);
}

#[test]
fn different_date_country_or_category_never_merge() {
    let base = mention("防衛相会談", (2019, 11), "IN", "a", "【インド】", 5, 1);
    let mut other_month = mention("防衛相会談", (2019, 12), "IN", "b", "【インド】", 5, 1);
    other_month.mention_id = "m2".to_owned();
    let other_country = mention("防衛相会談", (2019, 11), "AU", "b", "【豪】", 6, 1);
    let mut other_category = mention("防衛相会談", (2019, 11), "IN", "b", "【インド】", 7, 1);
    other_category.category = Some(Category::WorkingLevel);
    let mut mentions = vec![base, other_month, other_country, other_category];
    assert_eq!(dedup_mentions(&mut mentions, &order(&["a", "b"])).len(), 4);
}

#[test]
fn fields_come_from_the_most_common_value_then_earliest_import() {
    let mut mentions = vec![
        mention("防衛相会談", (2019, 6), "AU", "c", "【豪】", 1, 1),
        mention("日豪防衛相会談", (2019, 6), "AU", "b", "【豪】", 1, 1),
        mention("日豪防衛相会談", (2019, 6), "AU", "a", "【豪】", 1, 1),
    ];
    let events = dedup_mentions(&mut mentions, &order(&["c", "b", "a"]));
    assert_eq!(summary(&events), vec![("日豪防衛相会談".to_owned(), 3, 3, "c.txt".to_owned())]);
    // A tie (one each) goes to the earliest import, whatever the slice order.
    let mut tie = vec![
        mention("日豪防衛相会談", (2019, 6), "AU", "b", "【豪】", 1, 1),
        mention("防衛相会談", (2019, 6), "AU", "a", "【豪】", 1, 1),
    ];
    let events = dedup_mentions(&mut tie, &order(&["a", "b"]));
    assert_eq!(events[0].title, "防衛相会談");
}

/// Many mentions over several files, with repeats, for determinism checks.
fn mixed_corpus() -> Vec<Mention> {
    let titles = ["防衛相会談", "日豪防衛相会談", "防衛相電話会談", "統幕長訪問"];
    let countries = ["AU", "US", "IN"];
    let mut out = Vec::new();
    for (file_idx, sha) in ["f1", "f2", "f3"].iter().enumerate() {
        for i in 0..200u32 {
            let title = titles[(i as usize + file_idx) % titles.len()];
            let country = countries[i as usize % countries.len()];
            let month = 1 + (i % 12);
            let mut m = mention(title, (2019, month), country, sha, "【X】", i / 7 + 1, i % 7 + 1);
            m.occurrence = i % 2;
            m.mention_id = format!("{sha}-{i}");
            out.push(m);
        }
    }
    out
}

fn run_in_pool(threads: usize, mut mentions: Vec<Mention>) -> (Vec<Event>, Vec<(String, String)>) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let events = pool.install(|| dedup_mentions(&mut mentions, &order(&["f1", "f2", "f3"])));
    let mut assignment: Vec<(String, String)> = mentions.into_iter().map(|m| (m.mention_id, m.event_id)).collect();
    assignment.sort();
    (events, assignment)
}

#[test]
fn one_thread_and_four_threads_give_identical_output() {
    let one = run_in_pool(1, mixed_corpus());
    let four = run_in_pool(4, mixed_corpus());
    assert!(one.0.len() > 100, "the corpus must produce many events, got {}", one.0.len());
    assert!(one.0.len() < 600, "and some must merge, got {}", one.0.len());
    assert_eq!(one, four);
}

#[test]
fn input_order_does_not_change_output() {
    let forward = run_in_pool(2, mixed_corpus());
    let mut reversed = mixed_corpus();
    reversed.reverse();
    // Also interleave: move every third mention to the front.
    let (front, back): (Vec<_>, Vec<_>) = reversed.into_iter().enumerate().partition(|(i, _)| i % 3 == 0);
    let shuffled: Vec<Mention> = front.into_iter().chain(back).map(|(_, m)| m).collect();
    assert_eq!(forward, run_in_pool(2, shuffled));
}

#[test]
fn ids_are_stable_across_runs_and_independent_of_other_sources() {
    let mut alone = vec![mention("防衛相会談", (2019, 6), "AU", "a", "【豪】", 3, 5)];
    let id_alone = dedup_mentions(&mut alone, &order(&["a"]))[0].event_id.clone();
    let mut with_copy = vec![
        mention("防衛相会談", (2019, 6), "AU", "a", "【豪】", 3, 5),
        mention("防衛相会談", (2019, 6), "AU", "b", "【豪】", 4, 5),
    ];
    let events = dedup_mentions(&mut with_copy, &order(&["a", "b"]));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_id, id_alone);
    assert_eq!(id_alone, crate::event_id(&["event", "high_level", "", "", "2019-06", "AU", "防衛相会談"], 0));
}

#[test]
fn events_come_out_in_date_order_with_intervals_by_their_start() {
    let mut range = mention("電話会談", (2022, 11), "IN", "a", "【インド】", 2, 1);
    range.date =
        Some(Edtf::interval(PartialDate::year_month(2022, 11).unwrap(), PartialDate::year_month(2022, 12).unwrap()));
    let mut mentions = vec![
        mention("防衛相会談", (2022, 12), "IN", "a", "【インド】", 1, 1),
        range,
        mention("防衛相会談", (2022, 10), "IN", "a", "【インド】", 3, 1),
    ];
    let events = dedup_mentions(&mut mentions, &order(&["a"]));
    let dates: Vec<String> = events.iter().map(|e| e.date.unwrap().to_string()).collect();
    assert_eq!(dates, ["2022-10", "2022-11/2022-12", "2022-12"]);
}

#[test]
fn two_calls_in_both_editions_are_two_events() {
    // Two October phone calls with Australia in both editions: two events
    // of two mentions each, never one of four or four of one.
    let mut mentions = vec![
        mention("日豪防衛相電話会談", (2022, 10), "AU", "a", "【豪】", 3, 1),
        mention("日豪防衛相電話会談", (2022, 10), "AU", "a", "【豪】", 3, 20),
        mention("防衛大臣電話会談", (2022, 10), "AU", "b", "【オーストラリア】", 9, 1),
        mention("防衛大臣電話会談", (2022, 10), "AU", "b", "【オーストラリア】", 9, 15),
    ];
    let events = dedup_mentions(&mut mentions, &order(&["a", "b"]));
    assert_eq!(events.iter().map(|e| (e.mention_count, e.source_count)).collect::<Vec<_>>(), vec![(2, 2), (2, 2)]);
    assert_ne!(mentions[0].event_id, mentions[1].event_id);
}

#[test]
fn a_role_cell_a_sentence_and_an_item_are_one_event() {
    let item = mention("日豪防衛相会談", (2022, 4), "AU", "a", "【豪】", 3, 1);
    let mut cell = mention("防衛大臣", (2022, 4), "AU", "b", "豪", 40, 3);
    cell.source_doc_kind = DocKind::WhitePaper;
    let mut sentence = mention("日豪防衛相会談", (2022, 4), "AU", "c", "", 80, 12);
    sentence.header_raw = None;
    let mut mentions = vec![item, cell, sentence];
    let events = dedup_mentions(&mut mentions, &order(&["a", "b", "c"]));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].source_count, 3);
}

#[test]
fn a_year_mention_merges_only_into_a_single_fit() {
    let mut year = mention("防衛相会談", (2022, 4), "AU", "y", "【豪】", 1, 1);
    year.date = Some(Edtf::date(PartialDate::year(2022).unwrap()));
    year.date_precision = year.date.and_then(|d| d.precision());
    let one = mention("防衛相会談", (2022, 6), "AU", "a", "【豪】", 3, 1);
    let mut mentions = vec![year.clone(), one.clone()];
    assert_eq!(dedup_mentions(&mut mentions, &order(&["y", "a"])).len(), 1);
    let two = mention("防衛相会談", (2022, 9), "AU", "a", "【豪】", 3, 30);
    let mut mentions = vec![year, one, two];
    assert_eq!(dedup_mentions(&mut mentions, &order(&["y", "a"])).len(), 3);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn ids_do_not_depend_on_order_or_threads(seed in 0u64..1000, threads in 1usize..4) {
        let titles = ["防衛相会談", "日豪防衛大臣会談", "統幕長会談", "防衛相電話会談", "第3回防衛当局間協議"];
        let mut base = Vec::new();
        for i in 0..30u32 {
            let title = titles.get((i as usize * 7 + seed as usize) % titles.len()).copied().unwrap_or("x");
            let sha = if i % 3 == 0 { "a" } else if i % 3 == 1 { "b" } else { "c" };
            base.push(mention(title, (2022, 4 + i % 3), if i % 4 == 0 { "US" } else { "AU" }, sha, "【豪】", i, i % 5));
        }
        let ord = order(&["a", "b", "c"]);
        let run = |mut ms: Vec<Mention>, n: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
            let events = pool.install(|| dedup_mentions(&mut ms, &ord));
            let mut assigned: Vec<(String, String)> = ms.iter().map(|m| (m.mention_id.clone(), m.event_id.clone())).collect();
            assigned.sort();
            (events.iter().map(|e| e.event_id.clone()).collect::<Vec<_>>(), assigned)
        };
        let expected = run(base.clone(), 1);
        let mut shuffled = base;
        let len = shuffled.len();
        for i in 0..len {
            shuffled.swap(i, (i * 13 + seed as usize) % len);
        }
        proptest::prop_assert_eq!(run(shuffled, threads), expected);
    }
}
