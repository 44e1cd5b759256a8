//! `koryu synth`: realistic evaluation-table editions with a known truth, for measuring deduplication (`koryu eval`) and its speed at any size.
//!
//! Each edition is a 別紙 in the layout of `fixtures/samples/` (a title
//! naming its 令和 year, the high-level measure row, then per fiscal year a
//! `●令和N年度においては…` line, one `【country】item(month)、…` line per
//! country, and the `N年度` cell). An edition reports the three fiscal
//! years before its own, so every fiscal year is retold by up to three
//! editions, with the drift real editions have: `テレビ会談` ↔ `会談(VTC)`,
//! role spellings (`統幕長` ↔ `統合幕僚長`, `防衛相` ↔ `防衛大臣`), a `日X`
//! prefix added or dropped, a title cut short then completed, header names
//! (`【豪】` ↔ `【オーストラリア】`), bracket widths, items and headers
//! reordered, items dropped from a later edition and added late. Two phone
//! calls with one country in one month are two events written in one
//! bracket (`(10月、10月)`), as the Ministry writes them; otherwise each
//! (country, kind, month) of a fiscal year holds one event at most, and a
//! larger `--mentions` writes more editions, not denser years.
//!
//! `DIR/truth.jsonl` lists every mention as `koryu eval --truth` reads it:
//! `source_file` (base name), `line`, `column` (of the item's first
//! character), `date`, `event`. The generator is deterministic: the same
//! arguments write the same bytes.

use super::Outcome;
use anyhow::Context as _;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// About how many mentions to write over all editions.
    #[arg(long, default_value_t = 10_000)]
    pub mentions: usize,
    /// Editions (one per 令和 year); raised when needed so that no edition
    /// passes 150,000 mentions (a file stays well under the 8 MiB text limit).
    #[arg(long, default_value_t = 3)]
    pub years: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory to write the editions and truth.jsonl into (created if missing).
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
}

/// Mentions one edition may hold.
const MAX_PER_EDITION: usize = 150_000;
/// Most events of one fiscal year: a quarter of the (country, kind, month)
/// slots. Real tables repeat a slot rarely (corpus 002: one phone call in
/// 0.26% of its items); a fiscal year denser than this gets more editions
/// (more fiscal years) instead, so size does not change what dedup faces.
const MAX_EVENTS_PER_YEAR: usize = COUNTRIES.len() * KINDS.len() * 12 / 4;
/// Fiscal years each edition reports.
const YEARS_PER_EDITION: usize = 3;
/// The first edition's 令和 year.
const FIRST_EDITION: i32 = 6;

/// splitmix64: small, fast and reproducible; the generator needs no more.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A counterpart: its header names and the stem of its `日X` compound.
struct Country {
    headers: &'static [&'static str],
    stem: &'static str,
    /// The name inside a role phrase (`豪国防軍司令官`).
    adjective: &'static str,
}

const COUNTRIES: &[Country] = &[
    Country { headers: &["オーストラリア", "豪"], stem: "豪", adjective: "オーストラリア" },
    Country { headers: &["米国", "アメリカ"], stem: "米", adjective: "米" },
    Country { headers: &["英国", "イギリス"], stem: "英", adjective: "英" },
    Country { headers: &["フランス"], stem: "仏", adjective: "フランス" },
    Country { headers: &["ドイツ"], stem: "独", adjective: "ドイツ" },
    Country { headers: &["インド"], stem: "印", adjective: "インド" },
    Country { headers: &["カナダ"], stem: "加", adjective: "カナダ" },
    Country { headers: &["イタリア"], stem: "伊", adjective: "イタリア" },
    Country { headers: &["フィリピン"], stem: "フィリピン", adjective: "フィリピン" },
    Country { headers: &["ベトナム"], stem: "ベトナム", adjective: "ベトナム" },
    Country { headers: &["インドネシア"], stem: "インドネシア", adjective: "インドネシア" },
    Country { headers: &["シンガポール"], stem: "シンガポール", adjective: "シンガポール" },
    Country { headers: &["タイ"], stem: "タイ", adjective: "タイ" },
    Country { headers: &["マレーシア"], stem: "マレーシア", adjective: "マレーシア" },
    Country {
        headers: &["ニュージーランド"], stem: "ニュージーランド", adjective: "ニュージーランド"
    },
    Country { headers: &["モンゴル"], stem: "モンゴル", adjective: "モンゴル" },
    Country { headers: &["ブルネイ"], stem: "ブルネイ", adjective: "ブルネイ" },
    Country { headers: &["カンボジア"], stem: "カンボジア", adjective: "カンボジア" },
    Country { headers: &["ラオス"], stem: "ラオス", adjective: "ラオス" },
    Country { headers: &["スリランカ"], stem: "スリランカ", adjective: "スリランカ" },
    Country { headers: &["ポーランド"], stem: "ポーランド", adjective: "ポーランド" },
    Country { headers: &["オランダ"], stem: "オランダ", adjective: "オランダ" },
    Country { headers: &["スペイン"], stem: "スペイン", adjective: "スペイン" },
    Country { headers: &["フィンランド"], stem: "フィンランド", adjective: "フィンランド" },
    Country { headers: &["スウェーデン"], stem: "スウェーデン", adjective: "スウェーデン" },
    Country { headers: &["ウクライナ"], stem: "ウクライナ", adjective: "ウクライナ" },
    Country { headers: &["チェコ"], stem: "チェコ", adjective: "チェコ" },
    Country { headers: &["ヨルダン"], stem: "ヨルダン", adjective: "ヨルダン" },
    Country { headers: &["カタール"], stem: "カタール", adjective: "カタール" },
    Country { headers: &["UAE", "アラブ首長国連邦"], stem: "UAE", adjective: "UAE" },
];

/// The kinds of exchange, as (title in its first spelling, a drifted
/// spelling). `{c}` is the compound stem, `{a}` the adjective.
const KINDS: &[(&str, &str)] = &[
    ("日{c}防衛相会談", "日{c}防衛大臣会談"),
    ("日{c}防衛相電話会談", "日{c}防衛大臣電話会談"),
    ("日{c}防衛相テレビ会談", "日{c}防衛相会談(VTC)"),
    ("統幕長と{a}国防軍司令官との会談", "統合幕僚長と{a}国防軍司令官との会談"),
    ("陸幕長と{a}陸軍参謀長とのテレビ会談", "陸幕長と{a}陸軍参謀長との会談(VTC)"),
    ("海幕長と{a}海軍司令官との会談", "海上幕僚長と{a}海軍司令官との会談"),
    ("空幕長と{a}空軍司令官との電話会談", "航空幕僚長と{a}空軍司令官との電話会談"),
    ("防衛審議官と{a}国防次官とのテレビ会談", "防衛審議官と{a}国防次官とのテレビ会議"),
    ("{a}国防大臣訪日", "{a}国防相訪日"),
    ("第{n}回日{c}防衛当局間協議", "第{n}回{c}防衛当局間協議"),
    ("日{c}防衛政策対話", "日{c}防衛政策対話(VTC)"),
    ("陸幕長{a}訪問", "陸上幕僚長{a}訪問"),
];

/// One true event.
struct Event {
    id: usize,
    country: usize,
    kind: usize,
    /// 0 = April … 11 = March.
    month: usize,
    ordinal: usize,
    /// The edition (index) in which it is first reported.
    first_edition: usize,
    /// An edition (index) that leaves it out, if any.
    dropped_in: Option<usize>,
    /// The edition in which its title is cut short, if any.
    truncated_in: Option<usize>,
}

/// One written item: its text and the events of its dates, in order.
struct Item {
    text: String,
    events: Vec<(usize, String)>,
}

pub fn run(args: &SynthArgs) -> anyhow::Result<Outcome> {
    anyhow::ensure!(args.mentions > 0, "--mentions must be at least 1");
    let (editions, per_year) = editions_for(args.mentions, args.years);
    if editions > args.years {
        crate::render::note(format_args!(
            "writing {editions} editions instead of {} so that none passes {MAX_PER_EDITION} mentions or \
             {MAX_EVENTS_PER_YEAR} events per fiscal year",
            args.years
        ));
    }
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut rng = Rng(args.seed ^ 0x006B_6F72_7975);
    // Fiscal years (令和): the first edition reports FIRST_EDITION-3 …; each
    // fiscal year is reported by up to three editions.
    let first_fy = FIRST_EDITION - YEARS_PER_EDITION as i32;
    let fiscal_years = editions + YEARS_PER_EDITION - 1;
    // Each mention slot: a fiscal year in 1..=3 editions; solve for events
    // per fiscal year so the total is about --mentions.
    let n_slots = COUNTRIES.len() * KINDS.len() * 12;
    let mut next_id = 0usize;
    let mut years: Vec<Vec<Event>> = Vec::with_capacity(fiscal_years);
    for fy in 0..fiscal_years {
        let reporting = editions_reporting(fy, editions);
        let mut events = Vec::with_capacity(per_year);
        let mut ordinals = vec![0usize; COUNTRIES.len()];
        // (country, kind, month) drawn without replacement (a partial
        // Fisher–Yates shuffle): a slot holds two events only by the
        // deliberate second exchange below.
        let mut slots: Vec<usize> = (0..n_slots).collect();
        for k in 0..per_year.min(n_slots) {
            let pick = k + rng.below(n_slots - k);
            slots.swap(k, pick);
            let slot = slots.get(k).copied().unwrap_or(0);
            let (country, kind, month) = (slot / (KINDS.len() * 12), slot / 12 % KINDS.len(), slot % 12);
            ordinals[country] += 1;
            let ordinal = 10 + fy * 3 + ordinals[country];
            let first = reporting.first().copied().unwrap_or(0);
            // 5% added late (first told by the second edition that reports it).
            let first_edition = if reporting.len() > 1 && rng.chance(5) { reporting[1] } else { first };
            let later: Vec<usize> = reporting.iter().copied().filter(|&e| e > first_edition).collect();
            let dropped_in = (!later.is_empty() && rng.chance(4)).then(|| later[rng.below(later.len())]);
            let truncated_in = (!later.is_empty() && rng.chance(2)).then_some(first_edition);
            events.push(Event { id: next_id, country, kind, month, ordinal, first_edition, dropped_in, truncated_in });
            next_id += 1;
            // 3%: a second exchange of the same kind, country and month
            // (two phone calls in one month): a separate event.
            if rng.chance(3) {
                events.push(Event {
                    id: next_id,
                    country,
                    kind,
                    month,
                    ordinal,
                    first_edition,
                    dropped_in,
                    truncated_in: None,
                });
                next_id += 1;
            }
        }
        years.push(events);
    }
    let mut truth = std::io::BufWriter::new(
        std::fs::File::create(args.out.join("truth.jsonl"))
            .with_context(|| format!("cannot write {}", args.out.join("truth.jsonl").display()))?,
    );
    let mut written = 0usize;
    for edition in 0..editions {
        let name = format!("r{:02}-synth.txt", FIRST_EDITION + edition as i32);
        let (text, rows) = write_edition(edition, first_fy, &years, editions, &mut rng);
        std::fs::write(args.out.join(&name), text).with_context(|| format!("cannot write {name}"))?;
        for (line, column, date, event) in rows {
            writeln!(
                truth,
                "{}",
                serde_json::json!({"source_file": name, "line": line, "column": column, "date": date, "event": format!("E{event}")})
            )?;
            written += 1;
        }
    }
    truth.flush()?;
    crate::render::note(format_args!(
        "wrote {editions} editions and {} ({written} mentions of {next_id} events)",
        args.out.join("truth.jsonl").display()
    ));
    Ok(Outcome::Success)
}

/// How many editions to write for about `mentions` mentions (at least
/// `years`), and the events of each fiscal year: enough editions that none
/// passes [`MAX_PER_EDITION`] mentions and no fiscal year
/// [`MAX_EVENTS_PER_YEAR`] events.
fn editions_for(mentions: usize, years: usize) -> (usize, usize) {
    // Each fiscal year is told by up to three editions.
    let per_year_for = |n: usize| {
        let appearances: usize = (0..n + YEARS_PER_EDITION - 1).map(|fy| editions_reporting(fy, n).len()).sum();
        mentions.div_ceil(appearances.max(1)).max(1)
    };
    let mut editions = years.max(1).max(mentions.div_ceil(MAX_PER_EDITION));
    while per_year_for(editions) > MAX_EVENTS_PER_YEAR {
        editions += 1;
    }
    (editions, per_year_for(editions))
}

/// The editions (indices) that report fiscal year index `fy`: edition `e`
/// reports fiscal years `e .. e + YEARS_PER_EDITION`.
fn editions_reporting(fy: usize, editions: usize) -> Vec<usize> {
    (0..editions).filter(|&e| fy >= e && fy < e + YEARS_PER_EDITION).collect()
}

/// One edition's text and its truth rows `(line, column, date, event)`.
fn write_edition(
    edition: usize,
    first_fy: i32,
    years: &[Vec<Event>],
    editions: usize,
    rng: &mut Rng,
) -> (String, Vec<(u32, u32, String, usize)>) {
    let reiwa = FIRST_EDITION + edition as i32;
    let mut out = String::new();
    let mut rows = Vec::new();
    let mut line_no = 0u32;
    let mut push_line = |out: &mut String, line: &str| {
        out.push_str(line);
        out.push('\n');
        line_no += 1;
        line_no
    };
    push_line(&mut out, &format!("令和{reiwa}年度実施施策に係る政策評価の事前分析表(別紙)"));
    push_line(&mut out, "");
    push_line(&mut out, &format!("(防衛省{reiwa:02}-①)"));
    push_line(&mut out, "");
    push_line(&mut out, "施策名\tハイレベル交流・政策対話等の推進");
    push_line(&mut out, "");
    push_line(&mut out, "測定指標\t目標\t施策の進捗状況");
    push_line(&mut out, "①\t防衛協力・交流の多層的な推進\t二国間・多国間における防衛首脳などハイレベルの交流");
    push_line(&mut out, "");
    // Drift that belongs to the edition: which spelling, header name and
    // bracket width it uses.
    let drifted = edition % 2 == 1;
    let wide = edition % 3 == 2;
    for (fy_index, events) in years.iter().enumerate() {
        if !(fy_index >= edition && fy_index < edition + YEARS_PER_EDITION) || edition >= editions {
            continue;
        }
        let fy = first_fy + fy_index as i32;
        push_line(&mut out, &format!("●令和{fy}年度においては、以下のとおり交流を実施した。"));
        push_line(&mut out, "");
        // Events by country, then by month: the order a table lists them.
        let mut by_country: Vec<Vec<&Event>> = (0..COUNTRIES.len()).map(|_| Vec::new()).collect();
        for e in events.iter().filter(|e| e.first_edition <= edition && e.dropped_in != Some(edition)) {
            if let Some(list) = by_country.get_mut(e.country) {
                list.push(e);
            }
        }
        let mut order: Vec<usize> = (0..COUNTRIES.len()).collect();
        // A later edition may list the countries in another order.
        if edition % 2 == 1 {
            order.reverse();
        }
        for c in order {
            let Some(list) = by_country.get_mut(c) else { continue };
            if list.is_empty() {
                continue;
            }
            list.sort_by_key(|e| (e.month, e.kind, e.id));
            let items = items_of(list, edition, fy, drifted, wide, rng);
            let country = &COUNTRIES[c];
            let header = country.headers[(edition + c) % country.headers.len()];
            let mut line = format!("【{header}】");
            let mut positions = Vec::new();
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    line.push('、');
                }
                let column = line.chars().count() as u32 + 1;
                positions.push((column, item));
                line.push_str(&item.text);
            }
            let at = push_line(&mut out, &line);
            for (column, item) in positions {
                for (event, date) in &item.events {
                    rows.push((at, column, date.clone(), *event));
                }
            }
            push_line(&mut out, "");
        }
        push_line(&mut out, &format!("{}年度", if fy == 1 { "元".to_owned() } else { fy.to_string() }));
        push_line(&mut out, "");
    }
    (out, rows)
}

/// The items of one country's line: events of one kind in one month are
/// one item with the month twice (`(10月、10月)`).
fn items_of(list: &[&Event], edition: usize, fy: i32, drifted: bool, wide: bool, rng: &mut Rng) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut k = 0;
    while k < list.len() {
        let Some(first) = list.get(k) else { break };
        let mut same = vec![*first];
        while let Some(next) = list.get(k + same.len()) {
            // `第N回…協議` names its round: two rounds are two items.
            let numbered = KINDS.get(first.kind).is_some_and(|(t, _)| t.contains("{n}"));
            if next.kind == first.kind && next.month == first.month && (!numbered || next.ordinal == first.ordinal) {
                same.push(next);
            } else {
                break;
            }
        }
        k += same.len();
        let country = &COUNTRIES[first.country];
        let (plain, other) = KINDS[first.kind];
        let template = if drifted { other } else { plain };
        let mut title = template
            .replace("{c}", country.stem)
            .replace("{a}", country.adjective)
            .replace("{n}", &first.ordinal.to_string());
        // A title cut short (a PDF column too narrow), never inside a bracket.
        if first.truncated_in == Some(edition) && !title.contains('(') {
            let keep = title.chars().count().saturating_sub(2).max(4);
            title = title.chars().take(keep).collect();
        }
        let (month, date) = month_of(first.month, fy);
        let months = vec![month; same.len()].join("、");
        let (open, close) = if wide { ('（', '）') } else { ('(', ')') };
        let mut text = format!("{title}{open}{months}{close}");
        // 1 in 50: a venue bracket before the date, as real items have.
        if rng.chance(2) {
            text = format!("{title}{open}東京{close}{open}{months}{close}");
        }
        items.push(Item { text, events: same.iter().map(|e| (e.id, date.clone())).collect() });
    }
    items
}

/// The month as an item writes it within fiscal year `fy` (April–December
/// bare, January–March with the next 令和 year), and its EDTF date.
fn month_of(index: usize, fy: i32) -> (String, String) {
    let month = (index + 4 - 1) % 12 + 1;
    let (year, text) = if month >= 4 {
        (2018 + fy, format!("{month}月"))
    } else {
        (2019 + fy, format!("令和{}年{month}月", fy + 1))
    };
    let mut date = String::new();
    let _ = write!(date, "{year}-{month:02}");
    (text, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_a_fiscal_year() {
        assert_eq!(month_of(0, 3), ("4月".to_owned(), "2021-04".to_owned()));
        assert_eq!(month_of(8, 3), ("12月".to_owned(), "2021-12".to_owned()));
        assert_eq!(month_of(9, 3), ("令和4年1月".to_owned(), "2022-01".to_owned()));
        assert_eq!(month_of(11, 3), ("令和4年3月".to_owned(), "2022-03".to_owned()));
    }

    #[test]
    fn a_large_truth_gets_more_editions_not_denser_years() {
        assert_eq!(editions_for(3_000, 3), (3, 334));
        assert_eq!(editions_for(10_000, 3), (4, 834));
        let (editions, per_year) = editions_for(100_000, 3);
        assert!(per_year <= MAX_EVENTS_PER_YEAR && editions > 3, "{editions} editions of {per_year}");
        let (editions, per_year) = editions_for(1_000_000, 3);
        assert!(per_year <= MAX_EVENTS_PER_YEAR, "{editions} editions of {per_year}");
    }

    #[test]
    fn each_fiscal_year_is_told_by_up_to_three_editions() {
        assert_eq!(editions_reporting(0, 5), [0]);
        assert_eq!(editions_reporting(2, 5), [0, 1, 2]);
        assert_eq!(editions_reporting(6, 5), [4]);
    }
}
