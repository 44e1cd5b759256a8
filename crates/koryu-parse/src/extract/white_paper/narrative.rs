//! The narrative of a white paper: sentences that state a dated exchange
//! between Japan and a counterpart, one mention per (exchange, date).
//!
//! The walker hands over the prose of one section at a time (a paragraph in
//! a paragraph-per-line edition, the whole section in a hard-wrapped one).
//! Each sentence is scanned for dates; each date governs the clause that
//! follows it up to the next date, and borrows the predicate of a later
//! clause when its own clause has none (`8月に統幕長が…と、同年9月には…
//! とそれぞれ会談し`). [`super::exchange`] says which exchanges a clause
//! states and who the counterpart is.

use super::exchange::{self, Exchange};
use super::Edition;
use crate::coverage::LineStatus;
use crate::date::{scan, Context, Found};
use crate::extract::sink::Sink;
use crate::text::MappedText;
use koryu_model::{Category, Code, DatePrecision, DocKind, Edtf, Era, Mention, MentionKind, PartialDate, Status};
use std::ops::Range;

/// Longest sentence read, in bytes: a run without `。` longer than this (a
/// figure's text glued into the prose) is cut, so a clause stays short.
const MAX_SENTENCE_BYTES: usize = 4_000;

/// One heading on the stack of open sections.
#[derive(Debug, Clone)]
struct Heading {
    level: u8,
    text: String,
    countries: Vec<koryu_model::CountryCode>,
}

/// The narrative state of the page: open headings, the date context of
/// the current section and its prose not yet read.
pub(crate) struct Reader {
    headings: Vec<Heading>,
    publication_year: Option<i32>,
    previous_date: Option<PartialDate>,
    previous_era: Option<Era>,
    buffer: MappedText,
    /// A complete sentence has been read: the text is prose.
    seen_prose: bool,
    /// The counterparts the previous sentence of this section named.
    previous_countries: Vec<koryu_model::CountryCode>,
    /// The last exchange of this section: `同会合`, `第26回同フォーラム`
    /// name it again.
    last_named: Option<Named>,
    /// The last forum this section's prose named, with or without a
    /// mention (`…アジア安全保障会議（シャングリラ会合）には…出席している。`):
    /// `本年6月の第5回会合`, `第2回JPIDD` are its meetings.
    last_forum: Option<Named>,
    /// This section has already said that its heading may be lost: one
    /// warning per section, not one per sentence after the damage.
    /// (A cell: it is set while the section's heading is borrowed.)
    lost_heading_said: std::cell::Cell<bool>,
}

/// An exchange as `同会合` refers back to it.
#[derive(Debug, Clone)]
struct Named {
    title: String,
    category: koryu_model::Category,
    countries: Vec<koryu_model::CountryCode>,
}

/// `同会合の機会に、`, `その機会に、`, `その際、` opening a sentence: the
/// occasion of the sentence before.
static SAME_OCCASION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[ \u{3000}]*(?:同会合|同会議|その)の?(?:機会|際)に?、?").expect("valid regex")
});

/// `には東京で第5回が行われた`: a clause that names its exchange by its
/// round alone.
static ROUND_ONLY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[^、。]{0,12}第[0-9]+回(?:目)?[がを][^、。]{0,8}(?:行われ|開かれ|開催)").expect("valid regex")
});

/// `同会合`, `第26回同フォーラム`: the ordinal and the word that names an
/// exchange of the section again.
static ANAPHORIC_TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(第[0-9]+回)?同(会合|会議|フォーラム|対話|協議|会談|訓練|演習|サミット|シンポジウム|ダイアログ|プログラム)$",
    )
    .expect("valid regex")
});

/// What `title` names when it refers back to `last` (`同会合` after
/// `第20回シャングリラ会合` → `シャングリラ会合`, with its own ordinal kept).
fn refers_back(title: &str, last: Option<&Named>) -> Option<Named> {
    let caps = ANAPHORIC_TITLE.captures(title)?;
    let word = caps.get(2)?.as_str();
    let last = last.filter(|l| l.title.ends_with(word))?;
    let base = last.title.trim_start_matches(|c: char| c == '第' || c.is_ascii_digit() || c == '回');
    let ordinal = caps.get(1).map_or("", |m| m.as_str());
    Some(Named { title: format!("{ordinal}{base}"), category: last.category, countries: last.countries.clone() })
}

/// `第5回会合` with no forum in its name, `第2回JPIDD` by the acronym alone:
/// a meeting of the forum the section named before, as that forum.
static ORDINAL_MEETING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(第[0-9]+回)(会合|会議|[A-Z][A-Za-z0-9+]{2,})$").expect("valid regex")
});

/// Whether `title` is one [`meeting_of`] can read (`同会合`, `第5回会合`).
fn names_a_meeting_again(title: &str) -> bool {
    ANAPHORIC_TITLE.is_match(title) || ORDINAL_MEETING.is_match(title)
}

/// What `title` names when it is a numbered meeting of `forum`, or
/// `同会合` with no exchange before it to name again.
fn meeting_of(title: &str, forum: Option<&Named>) -> Option<Named> {
    if let Some(caps) = ANAPHORIC_TITLE.captures(title) {
        let forum = forum?;
        let ordinal = caps.get(1).map_or("", |m| m.as_str());
        let title = format!("{ordinal}{}", forum.title);
        return Some(Named { title, category: forum.category, countries: forum.countries.clone() });
    }
    let caps = ORDINAL_MEETING.captures(title)?;
    let word = caps.get(2)?.as_str();
    let forum = forum.filter(|f| matches!(word, "会合" | "会議") || f.title == word)?;
    let ordinal = caps.get(1).map_or("", |m| m.as_str());
    Some(Named {
        title: format!("{ordinal}{}", forum.title),
        category: forum.category,
        countries: forum.countries.clone(),
    })
}

impl Reader {
    pub fn new(edition: &Edition) -> Reader {
        Reader {
            headings: Vec::new(),
            publication_year: edition.year,
            previous_date: None,
            previous_era: None,
            buffer: MappedText::default(),
            seen_prose: false,
            previous_countries: Vec::new(),
            lost_heading_said: std::cell::Cell::new(false),
            last_named: None,
            last_forum: None,
        }
    }

    /// A heading closes the section before it: its prose is read, and 同年 /
    /// 同月 / 同日 never reach across it (dates.md).
    pub fn heading(&mut self, sink: &mut Sink<'_>, level: u8, text: &str) {
        self.flush(sink);
        self.previous_date = None;
        self.previous_countries.clear();
        self.last_named = None;
        self.last_forum = None;
        self.lost_heading_said.set(false);
        self.headings.retain(|h| h.level < level);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let countries = exchange::heading_countries(&text);
        self.headings.push(Heading { level, text, countries });
    }

    /// A list label that names a year (`○ 2023年の主な日越防衛交流`): the
    /// items under it count their 同年 from it, as under a heading, though
    /// the section and its counterparts go on.
    pub fn label(&mut self, sink: &mut Sink<'_>, text: &str) {
        self.flush(sink);
        let found = scan(text, &self.date_context());
        let date = found.iter().find_map(|f| f.result.as_ref().ok().and_then(|r| r.date.as_ref()?.first_date()));
        if let Some(date) = date {
            self.previous_date = Some(date);
        }
    }

    /// Whether the prose read so far stops inside a sentence (a line that
    /// interrupts it is page furniture, not a heading).
    pub fn mid_sentence(&self) -> bool {
        let text = self.buffer.as_str().trim_end();
        !text.is_empty() && !text.ends_with(['。', '」', '）', ')'])
    }

    /// Whether a heading has been read (a part heading after one is a
    /// running page header).
    pub fn has_headings(&self) -> bool {
        !self.headings.is_empty()
    }

    /// Appends prose (already cut to what belongs to the text).
    pub fn push(&mut self, text: &MappedText) {
        self.buffer.push_mapped(text);
    }

    /// Reads the prose collected so far.
    pub fn flush(&mut self, sink: &mut Sink<'_>) {
        self.flush_as(sink, false);
    }

    /// Reads the prose collected so far, one chronology entry
    /// (`平成元年8月　　パシフィック・ユニオン（米海軍と共同訓練）`): its closing
    /// bracket does not make it a complete sentence, so an entry that states
    /// no exchange is reported, not taken as prose.
    pub fn flush_entry(&mut self, sink: &mut Sink<'_>) {
        self.flush_as(sink, true);
    }

    fn flush_as(&mut self, sink: &mut Sink<'_>, entry: bool) {
        let text = std::mem::take(&mut self.buffer);
        for range in sentences(text.as_str()) {
            // Prose is sentences: a complete one is recognised structure
            // even without an exchange.
            let piece = text.as_str().get(range.clone()).unwrap_or("");
            let ends = if entry { &['。'][..] } else { &['。', '」', '）', ')'][..] };
            let complete = piece.trim_end().ends_with(ends);
            self.seen_prose |= complete;
            // In a text that has headings or sentences, a fragment without
            // a date is figure text or a caption; a fragment with one might
            // hold an exchange this reader missed.
            // One scan per sentence serves both: whether an expression is a
            // date at all does not depend on the context (only what it
            // resolves to does).
            let mut found = scan(piece, &self.date_context());
            // `…第6回ADMMプラスが開催され、防衛大臣が出席した。同会合の機会に、…会談が
            // 行われた。`: talks at the same occasion have the date of the
            // sentence before (never across a heading); said, not silent.
            let mut shared = None;
            if found.is_empty() {
                if let (Some(m), Some(previous)) = (SAME_OCCASION.find(piece), self.previous_date) {
                    let resolved = crate::date::Resolved {
                        date: Some(Edtf::date(previous)),
                        precision: previous.precision(),
                        fiscal_year: None,
                        fiscal_year_end: None,
                        notes: Vec::new(),
                        era: None,
                    };
                    found.push(Found { range: m.range(), result: Ok(resolved) });
                    shared = Some((m.range(), previous));
                }
            }
            // A fragment with a table's short date (`防衛審議官　27.1` outside
            // any table) is not figure text either: it may be a row.
            let figure_text = (self.seen_prose || !self.headings.is_empty())
                && found.is_empty()
                && !super::structure::holds_date(piece);
            if complete || figure_text {
                sink.mark(&text, range.clone(), LineStatus::Structure);
            }
            let before = sink.mentions.len();
            let diagnostics_before = sink.diagnostics.len();
            let start = range.start;
            // A chronology's entry that states background (`9.19　平和安全法制が
            // 成立`) is read, not missed.
            let after_date = found.first().and_then(|f| piece.get(f.range.end..)).unwrap_or(piece);
            if entry && !complete && super::exchange::is_background(after_date.trim_start()) {
                sink.mark(&text, range.clone(), LineStatus::Structure);
            }
            let entry_range = range.clone();
            self.sentence(sink, &text, range, &found);
            // An entry that gave a mention was read whole, also the indented
            // line it wraps onto.
            if entry && sink.mentions.len() > before {
                sink.mark(&text, entry_range.clone(), LineStatus::Structure);
            }
            // So is an entry reported as naming no counterpart: the info says
            // it was read.
            if entry
                && !complete
                && sink
                    .diagnostics
                    .get(diagnostics_before..)
                    .is_some_and(|new| new.iter().any(|d| d.code == Code::NoCounterpart))
            {
                sink.mark(&text, entry_range, LineStatus::Structure);
            }
            if let Some((at, previous)) = shared.filter(|_| sink.mentions.len() > before) {
                sink.diagnostic(
                    Code::DateShared,
                    &text,
                    start + at.start..start + at.end,
                    format!(
                        "this sentence names no date: the exchange held on the same occasion takes the date of the sentence before ({previous})"
                    ),
                );
            }
        }
    }

    /// What the dates of the next sentence lean on: the last date and era
    /// of this section, and the edition year.
    fn date_context(&self) -> Context {
        Context {
            previous_date: self.previous_date,
            previous_era: self.previous_era,
            publication_year: self.publication_year,
            ..Context::default()
        }
    }

    /// The innermost heading, and the countries of the innermost heading
    /// that names any.
    fn section(&self) -> (Option<String>, Option<(&str, &[koryu_model::CountryCode])>) {
        let section = self.headings.last().map(|h| h.text.clone());
        let countries = self
            .headings
            .iter()
            .rev()
            .find(|h| !h.countries.is_empty())
            .map(|h| (h.text.as_str(), h.countries.as_slice()));
        (section, countries)
    }

    /// Reads one sentence whose date expressions `found` are already scanned.
    fn sentence(&mut self, sink: &mut Sink<'_>, text: &MappedText, range: Range<usize>, found: &[Found]) {
        let Some(sentence_text) = text.slice(range.clone()) else { return };
        let sentence = sentence_text.as_str();
        for f in found {
            if let Ok(r) = &f.result {
                if let Some(d) = r.date.as_ref().and_then(Edtf::first_date) {
                    self.previous_date = Some(d);
                }
                if r.era.is_some() {
                    self.previous_era = r.era;
                }
            }
        }
        let previous = std::mem::replace(&mut self.previous_countries, exchange::sentence_countries(sentence));
        let dates: Vec<&Found> = found.iter().filter(|f| !is_as_of(sentence, &f.range)).collect();
        // The forum named before this sentence's first date, in it or in a
        // sentence before; the sentence's own forum serves the next ones.
        // A forum named but not known (`…マナーマ対話は、…`) ends the last
        // one: its `第2回会議` is not the other's.
        let first_start = dates.first().map_or(sentence.len(), |f| f.range.start);
        let head = sentence.get(..first_start).unwrap_or("");
        let forum = match forum_named(head, sentence) {
            Some(named) => Some(named),
            None if exchange::names_a_forum(head) => None,
            None => self.last_forum.clone(),
        };
        // A sentence that names a forum is what a later `同会合` means, not
        // the exchange before it (its own mention, if any, names it again).
        match forum_named(sentence, sentence) {
            Some(own) => {
                self.last_forum = Some(own);
                self.last_named = None;
            }
            None if exchange::names_a_forum(sentence) => {
                self.last_forum = None;
                self.last_named = None;
            }
            None => {}
        }
        if dates.is_empty() {
            return;
        }
        let mut last_named = self.last_named.take();
        // This sentence's agreement mentions (index in the sink, date), for a
        // `同協定` that only says the same agreement came into force.
        let mut agreements: Vec<(usize, Edtf)> = Vec::new();
        let (section, heading) = self.section();
        let first_start = dates.first().map_or(0, |f| f.range.start);
        let prefix = sentence.get(..first_start).unwrap_or("");
        // Clause k runs from the end of date k to the start of date k+1.
        let clauses: Vec<&str> = dates
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let end = dates.get(k + 1).map_or(sentence.len(), |n| n.range.start);
                let clause = sentence.get(f.range.end..end.max(f.range.end)).unwrap_or("");
                // A date inside brackets (`(04(平成16)年に改正)`, `（06（同18）年
                // 改定）`) governs the bracket only.
                let cut = unmatched_close(clause).unwrap_or(clause.len());
                clause.get(..cut).unwrap_or(clause)
            })
            .collect();
        let mut found_exchanges: Vec<Vec<Exchange>> = dates
            .iter()
            .zip(&clauses)
            .enumerate()
            .map(|(k, (f, clause))| {
                let mut own = exchange::exchanges_in(clause, sentence);
                let from = k.checked_sub(1).and_then(|p| dates.get(p)).map_or(0, |p| p.range.end);
                // `…共同訓練コブラ・ゴールドには、05（平成17）年以降毎年参加しており`:
                // a clause that only says Japan took part takes what it took
                // part in from just before its date.
                if !own.is_empty() && own.iter().all(|e| e.weak && e.title.ends_with("参加")) {
                    let before = sentence.get(from..f.range.start).unwrap_or("");
                    let bare = before.strip_suffix('、').unwrap_or(before);
                    if bare.ends_with("には") {
                        let named = bare.rfind('、').map_or(bare, |i| bare.get(i + '、'.len_utf8()..).unwrap_or(""));
                        let joined = format!("{named}{clause}");
                        let found = exchange::exchanges_in(&joined, sentence);
                        if found.iter().any(|e| !e.weak) {
                            return found
                                .into_iter()
                                .map(|mut e| {
                                    e.window = joined.clone();
                                    e.window_end = clause.len();
                                    e
                                })
                                .collect();
                        }
                    }
                }
                if !own.is_empty() {
                    let before = sentence.get(from..f.range.start).unwrap_or("");
                    for e in own
                        .iter_mut()
                        .filter(|e| e.category == koryu_model::Category::Agreement && exchange::is_bare_verb(&e.title))
                    {
                        if let Some(name) = exchange::instrument_named_before(before) {
                            e.title = name;
                        } else if let Some((name, end)) =
                            clause.get(e.window_end..).and_then(exchange::instrument_named_after)
                        {
                            // Its name names the counterparts too.
                            e.title = name;
                            e.window_end += end;
                            e.window = clause.get(..e.window_end).unwrap_or("").to_owned();
                        }
                    }
                    return own;
                }
                // `ISR作業部会を13(平成25)年2月に設立し`, `直近の会合は18年2月に
                // 実施`: the exchange is named just before its date.
                let before = sentence.get(from..f.range.start).unwrap_or("");
                // `防衛相電話会談は、2020年5月と12月に行った`: a later date joined
                // to the first by `と` shares the topic before the first.
                // So does a later round named by its number alone (`日中安保対話は、
                // 平成5年12月に第1回が…開かれ、昨年12月には東京で第5回が行われた`).
                let round_only = ROUND_ONLY.is_match(clause);
                let before = if k > 0 && (round_only || matches!(before, "と" | "、" | "及び" | "および")) {
                    prefix
                } else {
                    before
                };
                // `次回の日印防衛当局間協議は、2023年中に…開催する予定`: a topic
                // marked with `は、` is named before its date too.
                let bare = before.strip_suffix('、').unwrap_or(before);
                // Not a frame (`…会合では、`, `同年には、`): the particle
                // follows the name itself.
                let topic = bare.len() < before.len()
                    && bare.strip_suffix('は').and_then(|b| b.chars().last()).is_some_and(|c| {
                        !('\u{3041}'..='\u{309F}').contains(&c) && !c.is_ascii_digit() && c != '年' && c != '月'
                    });
                // `…防衛当局者間の協議を、昨年9月に…行った`: the object, its
                // comma aside.
                // (Not `…となったが、`: that が is "but".)
                let object = bare.len() < before.len() && bare.ends_with('を');
                let before = if topic || object { bare } else { before };
                let before = before.rfind(['、', '(', '（']).map_or(before, |i| before.get(i..).unwrap_or(""));
                let clause_at = clause.trim_start_matches('中');
                if (before.ends_with(['を', 'は', 'が']) && clause.starts_with('に'))
                    || (topic && clause_at.starts_with('に'))
                {
                    let joined = format!("{before}{clause}");
                    return exchange::exchanges_in(&joined, sentence)
                        .into_iter()
                        .map(|mut e| {
                            e.window = joined.clone();
                            e.window_end = clause.len();
                            e
                        })
                        .collect();
                }
                Vec::new()
            })
            .collect();
        // `…「マラバール2021」の第1フェーズを実施し、同年10月には…第2フェーズを
        // 実施した`: a clause that names its exchange only as a further part
        // of the one before (and says it was held) is that exchange again.
        for k in 1..clauses.len() {
            // `…「フリーダム・エッジ」を実施し、同年11月にも2回目の同訓練を実施した`:
            // an exchange named only as `同訓練` is the one before, with its
            // counterparts.
            let only_anaphor = |found: &Vec<Exchange>| found.iter().all(|e| e.title.starts_with('同'));
            let (Some(clause), Some(true)) = (clauses.get(k), found_exchanges.get(k).map(only_anaphor)) else {
                continue;
            };
            let Some(m) = exchange::continued_part(clause) else { continue };
            let Some(previous) = found_exchanges.get(k - 1).cloned() else { continue };
            if previous.is_empty() {
                continue;
            }
            let again: Vec<Exchange> = previous
                .into_iter()
                .filter(|e| !e.borrowed)
                .map(|mut e| {
                    e.window_end = m;
                    // `…の来日は…中止となったが、同年11月に改めて実施された`:
                    // held this time.
                    if e.status == koryu_model::Status::Cancelled && !clause.contains("中止") {
                        e.status = koryu_model::Status::Held;
                    }
                    e
                })
                .collect();
            if let Some(slot) = found_exchanges.get_mut(k) {
                *slot = again;
            }
        }
        // `…で開催された第2回外務・防衛閣僚会合では、同年1月から2月にかけて両国が
        // 直面したテロの脅威に触れ、…協定に署名した`: a background date set
        // inside the frame of a meeting gives its own clause nothing; what
        // follows its phrase is still that meeting's.
        for k in 1..dates.len() {
            let (Some(clause), Some(frame), Some(date), Some(before)) =
                (clauses.get(k), clauses.get(k - 1), dates.get(k), dates.get(k - 1))
            else {
                continue;
            };
            if !found_exchanges.get(k).is_some_and(Vec::is_empty)
                || !exchange::is_background(clause)
                || !exchange::frames_rest(frame)
            {
                continue;
            }
            let Some(comma) = clause.find('、') else { continue };
            let off = comma + '、'.len_utf8();
            let rest = clause.get(off..).unwrap_or("");
            let shift = (date.range.end + off).saturating_sub(before.range.end);
            let Some(slot) = found_exchanges.get_mut(k - 1) else { continue };
            for mut ex in exchange::exchanges_in(rest, sentence) {
                if slot.iter().any(|e| e.category == ex.category) {
                    continue;
                }
                ex.window_end += shift;
                slot.push(ex);
            }
        }
        // Where each clause's exchanges were found (for `title_raw`).
        let mut source: Vec<usize> = (0..clauses.len()).collect();
        // A clause with no predicate of its own (`8月に統幕長が国軍司令官と、`,
        // `5月及び`) takes the exchanges of the next clause that has some.
        for k in (0..clauses.len()).rev() {
            let own_empty = found_exchanges.get(k).is_some_and(Vec::is_empty);
            let connective = clauses.get(k).is_some_and(|c| exchange::is_connective(c))
                && !frames_next(dates.get(k).copied(), dates.get(k + 1).copied(), clauses.get(k).copied());
            if own_empty && connective {
                if let Some(next) = found_exchanges.get(k + 1).cloned() {
                    let borrowed: Vec<Exchange> = next
                        .into_iter()
                        .map(|mut e| {
                            e.borrowed = true;
                            e
                        })
                        .collect();
                    if let (Some(slot), Some(&from)) = (found_exchanges.get_mut(k), source.get(k + 1)) {
                        *slot = borrowed;
                        if let Some(s) = source.get_mut(k) {
                            *s = from;
                        }
                    }
                }
            }
        }
        for (k, f) in dates.iter().enumerate() {
            let Some(exchanges) = found_exchanges.get(k) else { continue };
            if exchanges.is_empty() {
                continue;
            }
            let resolved = match &f.result {
                Ok(r) => r,
                Err(err) => {
                    match err.code() {
                        Some(code) => {
                            sink.diagnostic(code, &sentence_text, f.range.clone(), format!("{err}; correct the date"));
                        }
                        // `同年` right after a heading: dates never reach
                        // across one, so the exchange has no date to give.
                        None => {
                            sink.diagnostic(
                                Code::UnparsedText,
                                &sentence_text,
                                f.range.clone(),
                                format!("{err}: this sentence states an exchange but its date leans on an earlier date of the same section, and there is none (dates never reach across a heading); write the year"),
                            );
                        }
                    }
                    continue;
                }
            };
            let raw = sentence.get(f.range.clone()).unwrap_or("");
            let Some((mut date, precision)) = mention_date(resolved, raw) else {
                continue;
            };
            // `5月から、…を派遣しており、8月まで活動する`: a start closed by a
            // later `…まで` of the same sentence that states nothing else.
            if let (Some(Edtf::Interval { start: Some(_), end: None }), true) = (&resolved.date, raw.ends_with("から"))
            {
                let until = dates.iter().enumerate().skip(k + 1).find_map(|(j, d)| {
                    let free = found_exchanges.get(j).is_some_and(Vec::is_empty);
                    let ends = sentence.get(d.range.clone()).is_some_and(|r| r.ends_with("まで"));
                    (free && ends).then(|| d.result.as_ref().ok()?.date.as_ref()?.first_date()).flatten()
                });
                if let (Some(end), Some(start)) = (until, date.first_date()) {
                    if end > start {
                        date = Edtf::interval(start, end);
                    }
                }
            }
            let clause = clauses.get(k).copied().unwrap_or("");
            for (n, ex) in exchanges.iter().enumerate() {
                let (mut countries, mut from_heading) =
                    exchange::counterparts(ex, clause, prefix, heading.map(|h| h.1), &previous);
                // `本年6月にも、同会合が…開催される予定`: the exchange named
                // before, with its category and, when this clause names
                // none of its own, its counterparts.
                // `…日ASEAN諸国防衛当局次官級会合を主催しており、16（平成28）年10月には
                // 第8回会合を…`: a later date's meeting is of the forum named
                // before it in this sentence.
                // (Looked for only when the title names a meeting again: the
                // prefix is scanned once per such exchange, not per exchange.)
                // A forum named there by a name with no code of its own
                // (`東京ディフェンス・フォーラムを開いており、本年3月には第16回会合`)
                // is the one meant, so not the forum of an earlier sentence.
                let forum_here = || {
                    let before = sentence.get(..f.range.start).unwrap_or("");
                    match (k > 0).then(|| forum_named(before, sentence)).flatten() {
                        Some(named) => Some(named),
                        None if k > 0 && exchange::names_a_forum(before) => None,
                        None => forum.clone(),
                    }
                };
                let again = refers_back(&ex.title, last_named.as_ref()).or_else(|| {
                    names_a_meeting_again(&ex.title).then(forum_here).and_then(|f| meeting_of(&ex.title, f.as_ref()))
                });
                // (Counterparts only borrowed from the sentence before are
                // not the clause's own either.)
                let borrowed = !previous.is_empty() && countries == previous;
                // `英国の国際戦略研究所…が主催する…シャングリラ会合には、平成14年の
                // 第1回会合以来`: what the sentence says before the date names
                // the organiser, not the forum's counterpart.
                let from_prefix = again.is_some()
                    && !countries.is_empty()
                    && exchange::counterparts(ex, clause, "", None, &[]).0.is_empty();
                if let Some(named) =
                    again.as_ref().filter(|_| countries.is_empty() || from_heading || borrowed || from_prefix)
                {
                    countries.clone_from(&named.countries);
                    from_heading = false;
                } else if again.is_none() && borrowed && names_a_meeting_again(&ex.title) {
                    // `第16回会合` of a forum this sentence names without a
                    // counterpart: not the talks of the sentence before.
                    countries.clear();
                }
                let (title, category) =
                    again.map_or_else(|| (ex.title.clone(), ex.category), |named| (named.title, named.category));
                let date_raw = sentence.get(f.range.clone()).unwrap_or("").to_owned();
                if countries.is_empty() {
                    let excerpt_end = first_line_end(
                        &sentence_text,
                        f.range.start,
                        (f.range.end + ex.window_end).min(sentence.len()),
                    );
                    sink.diagnostic(
                        Code::NoCounterpart,
                        &sentence_text,
                        f.range.start..excerpt_end,
                        "this sentence states a dated exchange but names no counterpart, and its section heading names none; add the country to the heading or report the pattern",
                    );
                    continue;
                }
                // `（2）ベトナム` lost between two countries: the Vietnam
                // sentences now stand under `（1）インドネシア`, and the first
                // one that names no country would silently take Indonesia.
                // The sentence before named only other countries, so the
                // heading it borrows from is probably not its own.
                if let Some((heading_text, heading_countries)) = heading.filter(|_| from_heading) {
                    if !self.lost_heading_said.get()
                        && !previous.is_empty()
                        && !previous.iter().any(|c| heading_countries.contains(c))
                    {
                        self.lost_heading_said.set(true);
                        let names: Vec<&str> = previous
                            .iter()
                            .map(|c| crate::gazetteer::name_of(c.as_str()).unwrap_or(c.as_str()))
                            .collect();
                        sink.diagnostic(
                            Code::SectionRestart,
                            &sentence_text,
                            f.range.clone(),
                            format!(
                                "this sentence names no counterpart and takes the section heading's ({heading_text}), but the sentence before it names only {}: a heading may be lost between them (the mention keeps the heading's counterpart); restore the heading or name the country",
                                names.join("、")
                            ),
                        );
                    }
                }
                // `…協定に署名し、同日、同協定は発効した`: signed and in force on
                // one date, one mention (in force), not a second agreement.
                if category == Category::Agreement && title.starts_with('同') {
                    if let Some(&(at, _)) = agreements.iter().find(|(_, d)| *d == date) {
                        if let Some(signed) = sink.mentions.get_mut(at) {
                            if ex.status == Status::InForce {
                                signed.status = Status::InForce;
                            }
                        }
                        continue;
                    }
                }
                if category == Category::Agreement {
                    agreements.push((sink.mentions.len(), date));
                }
                let header_raw = if from_heading { heading.map(|h| h.0.to_owned()) } else { None };
                let named_at = source.get(k).and_then(|s| dates.get(*s)).map_or(f.range.end, |d| d.range.end);
                let title_raw_end = (named_at + ex.window_end).min(sentence.len()).max(f.range.end);
                let title_raw = sentence.get(f.range.start..title_raw_end).unwrap_or("").to_owned();
                last_named = Some(Named { title: title.clone(), category, countries: countries.clone() });
                // `UAEとカタールを訪問し、それぞれの国防当局との間で協議`, support
                // to two countries: one exchange with each, not one with both.
                let groups: Vec<Vec<koryu_model::CountryCode>> = if let Some(pair) = exchange::compound_groups(ex) {
                    pair
                } else if exchange::one_each(ex, clause, category)
                    && countries.len() >= 2
                    && !countries.iter().any(koryu_model::CountryCode::is_organisation)
                {
                    countries.iter().map(|c| vec![c.clone()]).collect()
                } else {
                    vec![countries]
                };
                for (j, countries) in groups.into_iter().enumerate() {
                    let mention = Mention {
                        title: title.clone(),
                        title_raw: title_raw.clone(),
                        date: Some(date),
                        date_raw: Some(date_raw.clone()),
                        date_precision: Some(precision),
                        countries,
                        header_raw: header_raw.clone(),
                        jp_roles: roles_of(ex, clause),
                        status: ex.status,
                        mode: ex.mode,
                        direction: ex.direction,
                        section: section.clone(),
                        location: exchange::forum_venue(ex),
                        occurrence: u32::try_from(n + 1000 * j).unwrap_or(u32::MAX),
                        ..Mention::new(MentionKind::Event, category, DocKind::WhitePaper)
                    };
                    sink.mention(mention, &sentence_text, f.range.clone());
                }
            }
        }
        self.last_named = last_named;
    }
}

/// The last forum `text` names, as a meeting of it would be named (its
/// counterparts read from `sentence`, where a forum named by its acronym
/// lists its members).
fn forum_named(text: &str, sentence: &str) -> Option<Named> {
    let (title, countries) = exchange::forum_in(text, sentence)?;
    Some(Named { title, category: koryu_model::Category::MultilateralDialogue, countries })
}

/// Byte ranges of the sentences of `text`: cut after each `。` that does not
/// close a bracket's inner sentence, and at [`MAX_SENTENCE_BYTES`].
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((idx, ch)) = iter.next() {
        let end = idx + ch.len_utf8();
        let closes = iter.peek().is_some_and(|(_, next)| matches!(next, ')' | '）' | '」'));
        if (ch == '。' && !closes) || end - start >= MAX_SENTENCE_BYTES {
            out.push(start..end);
            start = end;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// `15（同27）年は、5月から…`, `14（同26）年には、5月に…`: a bare year
/// followed only by a particle frames the more precise dates after it; it
/// is not an exchange date of its own.
fn frames_next(this: Option<&Found>, next: Option<&Found>, clause: Option<&str>) -> bool {
    let particle = clause.is_some_and(|c| matches!(c.trim_end_matches('、'), "は" | "には" | "では" | "も" | "にも"));
    let year_of = |f: Option<&Found>| {
        f.and_then(|f| f.result.as_ref().ok()).and_then(|r| r.date.as_ref()).and_then(Edtf::first_date)
    };
    match (year_of(this), year_of(next)) {
        (Some(a), Some(b)) => particle && a.precision() == DatePrecision::Year && a.get_year() == b.get_year(),
        _ => false,
    }
}

/// The end of `start..end` cut where the text leaves the original line of
/// `start`, so an excerpt is one source line (and the same with CRLF).
fn first_line_end(text: &MappedText, start: usize, end: usize) -> usize {
    let line = text.origin(start).line;
    let mut cut = end;
    for (idx, _) in text.as_str().get(start..end).unwrap_or("").char_indices() {
        if text.origin(start + idx).line != line {
            cut = start + idx;
            break;
        }
    }
    cut
}

/// The Japanese roles of `ex`: a clause that borrowed its exchange names
/// its own participant (`8月に統幕長が…と、11月には海幕長が…と会談`).
fn roles_of(ex: &Exchange, clause: &str) -> Vec<koryu_model::Role> {
    if ex.borrowed {
        let own = crate::gazetteer::roles_in(clause);
        if !own.is_empty() {
            return own;
        }
    }
    ex.roles.clone()
}

/// Byte offset of the first closing bracket of `clause` that closes a
/// bracket opened before it.
fn unmatched_close(clause: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (idx, ch) in clause.char_indices() {
        match ch {
            '（' | '(' | '「' => depth += 1,
            '）' | ')' | '」' => {
                depth -= 1;
                if depth < 0 {
                    return Some(idx);
                }
            }
            _ => {}
        }
    }
    None
}

/// `2025年4月現在`: an as-of date of a status, not the date of an exchange.
fn is_as_of(sentence: &str, range: &Range<usize>) -> bool {
    // `2024年3月末時点で、…署名した国は`: a count as of a day, too.
    sentence
        .get(range.end..)
        .is_some_and(|rest| ["現在", "時点", "末時点", "末現在"].iter().any(|w| rest.starts_with(w)))
        || sentence.get(range.clone()).is_some_and(|raw| raw.ends_with("現在") || raw.ends_with("時点"))
}

/// The date a mention gets: an open interval (`09（同21）年以来`,
/// `15（同27）年2月から`) is its first occurrence, at the precision written;
/// a fiscal year (`平成26年度`, `昭和60(1985)年度以降`) is its first calendar
/// year, since the exchange happened some time in it.
fn mention_date(resolved: &crate::date::Resolved, raw: &str) -> Option<(Edtf, DatePrecision)> {
    let fiscal = raw.contains("年度");
    match &resolved.date {
        Some(Edtf::Interval { start: Some(start), end: None }) => {
            let first = start.date()?;
            if fiscal {
                let year = PartialDate::year(i64::from(first.get_year())).ok()?;
                Some((Edtf::date(year), DatePrecision::Year))
            } else {
                Some((Edtf::date(first), first.precision()))
            }
        }
        Some(date) => Some((*date, date.precision().unwrap_or(resolved.precision))),
        None => {
            let fy = resolved.fiscal_year?;
            let year = PartialDate::year(i64::from(fy.0)).ok()?;
            Some((Edtf::date(year), DatePrecision::Year))
        }
    }
}
