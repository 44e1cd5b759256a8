//! Which exchanges a clause of white-paper prose states (meetings, visits,
//! exercises, agreements signed or in force, unit exchanges, capacity
//! building, multilateral meetings) and who the counterpart is.

use crate::gazetteer::{countries_in, leading_compound, roles_in, Abbreviations};
use koryu_model::{Category, CountryCode, Direction, Mode, Role, Status};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One exchange a clause states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exchange {
    pub category: Category,
    /// The name of the exchange (`日豪防衛相会談`, `日米共同巡航訓練`).
    pub title: String,
    pub status: Status,
    pub roles: Vec<Role>,
    pub mode: Option<Mode>,
    pub direction: Option<Direction>,
    /// Byte offset, in the clause it was found in, just past the words that
    /// name it: the counterpart stands before that point.
    pub window_end: usize,
    /// The text before `window_end` in the clause it was found in.
    pub window: String,
    /// Where the words that name the counterpart end, when not at
    /// `window_end` (a second exercise of a list shares the first's).
    pub window_cap: Option<usize>,
    /// Taken from a later clause of the sentence (`5月及び6月に…訓練`).
    pub borrowed: bool,
    /// Named only by a travel or talk word (`訪問`, `意見交換`).
    pub weak: bool,
    /// An exercise named without a verb saying it was held (`多国間共同訓練
    /// 「カーン・クエスト」`): a topic when the clause states a meeting.
    pub named_only: bool,
    /// The counterparts its own name gives, when a clause lists several
    /// named meetings (`日米豪防衛相会談及び日豪防衛相会談`).
    pub named_countries: Vec<CountryCode>,
}

/// Agreements: 署名 signed; 発効, 締結 in force; 改正 of an instrument in force.
static AGREEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"署名|発効|締結|改正|改定|作成|取り交わ").expect("valid regex"));
/// Joint statements, declarations and action plans.
static DECLARATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"共同声明|共同宣言|共同発表|行動計画|意図表明文書").expect("valid regex"));
static INSTRUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"協定|条約|取極|取決め|覚書|ACSA|RAA|MOU|交換公文|意図表明文書|枠組み|付託事項").expect("valid regex")
});

/// Exercises, unless the word names a plan for them (`共同訓練強化に向けた`):
/// the words, or the name of an exercise on its own (`JIMEX23`,
/// data/exercise_names.txt), with the year or serial written after it.
static EXERCISE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = include_str!("../../../data/exercise_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    // Longest first, so the alternation prefers `Keen Sword` to a prefix.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names: Vec<String> = names.into_iter().map(regex::escape).collect();
    Regex::new(&format!(r"訓練|演習|共同巡航|協同活動|DiREx|(?:{})[0-9]{{0,4}}", names.join("|"))).expect("valid regex")
});
static EXERCISE_HELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"実施|参加|加わ|行[いうっわ]|開催|オブザーブ|派遣|重ね").expect("valid regex"));
static EXERCISE_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:の)?(?:強化|充実|拡充|推進|に向け|の在り方|のあり方|の実施など|の実施で一致|の実施(?:および|及び|、)|オブザーバー|の定例化|の定期|など(?:の)?(?:強化|拡充)|を推進|を進め)")
        .expect("valid regex")
});

/// Unit exchanges: ship and aircraft visits, goodwill exercises.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"寄港|親善訓練|部隊間交流|幹部交流|部隊指揮官交流|音楽隊|(?:艦艇|艦|航空機|空母|打撃群|艦隊|部隊).{0,30}?(?:訪問|訪日|来日|を訪れ)|(?:式典|記念行事|観艦式|パレード).{0,30}?(?:護衛艦|艦艇|航空機|部隊|音楽隊|自衛官|隊員).{0,20}?参加",
    )
    .expect("valid regex")
});
/// What follows a word that names a topic talked about, not an exchange
/// held (`相互訪問の枠組みを含め`, `共同訓練について`, `訪問に関する`).
static TOPIC_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:等|など)?(?:の(?:枠組み|在り方|あり方|方向性|可能性|具体化|制度化))?(?:を含め|を含む|について|に関する|に関し|に係る|に関わる)")
        .expect("valid regex")
});
/// `…の供与に関する書簡の交換`, `…に関する交換公文の署名`: the notes that put
/// a handover into effect.
static LETTERS_EXCHANGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^に関する(?:書簡|交換公文|公文)の(?:交換|署名)|^に関する(?:書簡|交換公文|公文)を(?:交換|署名)")
        .expect("valid regex")
});
/// What a meeting talked about ends here (`…について意見交換を行った`).
static TALKED_ABOUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"について(?:意見交換|議論|協議|話し合|確認|一致|合意)").expect("valid regex"));
/// A signing aimed at, not done (`覚書に署名することを目指して調整`).
static AIMED_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:する)?(?:ことを目指|ことを視野|ことで一致|ことで合意|に向け|を目指|を視野|の実現に向け|の意図)")
        .expect("valid regex")
});
/// Meeting words that only say someone travelled or talked: they add no
/// exchange to a clause that already states one.
static WEAK_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:訪問|訪日|来日|招へい|意見交換|出席|参加|合意)$").expect("valid regex"));

/// Meetings, visits, consultations and dialogues.
static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"首脳会談|会談|会議|会合|協議|対話|懇談|スタッフトーク(?:ス)?|第[0-9０-９]+回[A-Z]{3,}[A-Za-z0-9+]*(?:プラス)?|(?:協力|招へい|交流)プログラム|2\+2|2＋2|ラウンドテーブル|フォーラム|シンポジウム|カンファレンス|訪問|訪日|来日|訪[韓中米英仏豪印独伊越尼露加比泰星]|招へい|意見交換|作業部会|ワーキンググループ|サミット|ダイアログ|ADMMプラス|拡大ASEAN国防相会議|出席|参加|合意",
    )
    .expect("valid regex")
});
/// After `テレビ会議` / `テレビ会談`: the words make it a mode (`テレビ会議形式で`,
/// `テレビ会議方式により`), not a meeting of its own.
static MODE_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:の)?(?:形式|方式|システム)").expect("valid regex"));
/// Not meetings: decisions of a Japanese council (`国家安全保障会議決定`), the
/// chair of a council as a person's title (`統合幕僚会議議長`).
static NOT_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:決定|において決定|議長)").expect("valid regex"));

static VISIT_ABROAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"訪[韓中米英仏豪印独伊越尼露加比泰星]").expect("valid regex"));

/// `わが国とインドネシアが共催`: the co-host before `が共催`.
/// A bracket that lists an exercise's participants (`（米国、英国など13か国が参加）`).
static PARTICIPANTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]([^（）()]{1,80}?)(?:など)?(?:[0-9０-９]+か国)?(?:が|も)参加[^（）()]{0,12}[）)]")
        .expect("valid regex")
});

/// `仏・米・豪・印の各海軍とともに参加`: who Japan took part with.
static JOINED_WITH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^、。はがを]{1,40}?)(?:の各(?:国|海軍|陸軍|空軍|軍))?(?:とともに|と共に)参加").expect("valid regex")
});

/// `米国、シンガポールおよび韓国の海軍とともに海上自衛隊が参加`: a list of full
/// names Japan took part with, the verb a few words after (no particle
/// inside a name, so the list does not reach back into the clause).
static JOINED_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:[^、。はがをにでのと]{1,20}、)*[^、。はがをにでのと]{1,20})(?:の各?(?:国軍|国|海軍|陸軍|空軍|軍|部隊|艦艇|艦船))?(?:とともに|と共に|と並んで)[^、。]{0,15}(?:参加|加わ)")
        .expect("valid regex")
});

/// `…コブラ・ゴールド11には、米国、タイ、シンガポール…が参加した`: a list of
/// full names that took part, after the exercise.
static TOOK_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"には、((?:[^、。はがをにでのと]{1,20}、)*[^、。はがをにでのと]{1,20})(?:など)?(?:[0-9０-９]+か国)?が参加",
    )
    .expect("valid regex")
});

/// `米・豪・加・英などの部隊とともに`, `米、加、仏、英の海軍艦艇とともに`: a list of
/// abbreviated partners an exercise was held with.
static JOINED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:[米豪英仏独伊加印韓比越][・、])+[米豪英仏独伊加印韓比越])(?:など)?の?[^、。]{0,12}?(?:とともに|と共に)",
    )
    .expect("valid regex")
});

/// The partners [`JOINED_LIST`] names in `clause`.
fn joined_list(clause: &str) -> Vec<CountryCode> {
    let mut found = Vec::new();
    for m in JOINED_LIST.captures_iter(clause).filter_map(|c| c.get(1)) {
        let list = m.as_str().replace('、', "・");
        for code in countries_in(&list, Abbreviations::InLists) {
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    found
}

/// `…を開催し、オーストラリア、フィジー…の国防大臣などが出席`: who attended
/// a meeting, after it in its clause; a chronology's entry names them after
/// the venue (`…セミナー（東京）、ASEAN各国の国防当局の実務者が参加`).
static ATTENDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[^。]{0,12}?を開催し|[（(][^）)]{1,12}[）)])、([^。はが]{1,160}?)(?:の[^、。はが]{1,12}?)?(?:等|など)?が(?:出席|参加)")
        .expect("valid regex")
});

/// `日米豪印4か国による共同訓練`: the compound that counts who took part.
static COUNTED_COMPOUND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"日[^、。日]{1,12}?[0-9０-９]+か国(?:による|で|の|間)").expect("valid regex"));

static COHOST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([^、。をはに]{1,20})が共催").expect("valid regex"));

static INTENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:を)?(?:していく|を行っていく|していくこと|を進め|を継続|を深め|することで一致|の在り方|のあり方|を強化|の枠組み|の定例化|を設け|の設置を決定|を含む|として)")
        .expect("valid regex")
});

/// A clause that reports what was agreed (`…などで一致した`, `…の定例化などで
/// 合意した`, `…の実施について合意した`).
static CONSENSUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"で一致|で合意|について合意|を確認").expect("valid regex"));

/// A meeting named only as the occasion or the time of the exchange after it
/// (`…の機会に`, `…閣僚会合に先立ち`).
static OCCASION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:の機会|に際し|の際|の場|の開催に合わせ|の合間|への出席に際し|への参加に際し|に出席した際|に先立)")
        .expect("valid regex")
});
/// Where the occasion of a meeting ends: the counterpart is named after it
/// (`日ASEANラウンドテーブルへの出席に際し、…ミャンマーの…大臣と会談`).
static OCCASION_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:に際して|に際し|の際|の機会に|の機会を捉え)、?").expect("valid regex"));

/// Equipment handed over to a counterpart.
static HANDOVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"引き渡し|引き渡|引渡し|無償譲渡|譲渡し|譲渡|供与|(?:装備品|車両|機材|物資|防弾チョッキ)[^、。]{0,40}?提供",
    )
    .expect("valid regex")
});
/// Capacity building: the support itself, or what it is made of (training
/// people, teaching, a seminar held for a counterpart's forces:
/// `…国防軍に対して陸自が施設分野の教育を行い`, `…軍に対する工兵教育を実施`).
static CAPACITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"能力構築支援|人材育成|教育支援|セミナー|に対(?:して|する)[^、。]{0,16}教育").expect("valid regex")
});
/// Research exchange between institutes (`防衛研究所と…軍事科学院の研究交流`).
static RESEARCH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"研究交流").expect("valid regex"));
static SENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"派遣|受け?入れ").expect("valid regex"));

/// What makes a clause background rather than an exchange: a disaster, a
/// domestic law or plan, a government formed.
static BACKGROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"地震|大震災|台風被害|法制|法律|成立|施行|閣議決定|策定|大綱|発足|政権|選挙|就任|テロ|民政移管")
        .expect("valid regex")
});

/// Where the first background word of `text` starts. Counter-terrorism
/// (`対テロEWG机上演習`, `テロ対策`, `テロ対処`) is the subject of an exchange,
/// not a background event.
fn background_at(text: &str) -> Option<usize> {
    BACKGROUND
        .find_iter(text)
        .find(|m| {
            // `就任後初めて来日し`: the office frames the visit.
            !(m.as_str() == "就任" && text.get(m.end()..).is_some_and(|a| a.starts_with('後')))
                && (m.as_str() != "テロ"
                    || !(text.get(..m.start()).is_some_and(|b| b.ends_with('対'))
                        || text.get(m.end()..).is_some_and(|a| a.starts_with("対策") || a.starts_with("対処"))))
        })
        .map(|m| m.start())
}

/// A clause whose own predicate ends it (`承認され、`, `成立を受け、`,
/// `…以降、途絶えているが、`) cannot borrow a later clause's exchange.
static PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"され|した|して|を受け|に基づ|承認|成立|発生|策定|決定|発表|設置|開始|以来|以降|である|となり|改定|改訂|てい[るたな]|ており|ておらず|なかっ",
    )
    .expect("valid regex")
});

/// Clause boundaries inside one date's clause: two exchanges joined by
/// `とともに` / `ほか、` each count, and so do a forum attended and the talks
/// held at it (`…会合に出席し、その際、…の各国防相と個別に会談した`).
static SUBCLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"とともに、?|ほか、|{OCCASION_PIECE}")).expect("valid regex"));

/// `…を開催し、その際、`, `…を行い、その機会に、`: the boundary after which
/// what follows was done on the occasion of what precedes.
const OCCASION_PIECE: &str = r"[しい]、その(?:際|機会)に?、?|し、同会[合議]の(?:際|機会)に、?";

/// `…を開催し、その際、`, `…を行い、その機会に、`: what follows was done on
/// the occasion of what precedes.
static ON_THAT_OCCASION: LazyLock<Regex> = LazyLock::new(|| Regex::new(OCCASION_PIECE).expect("valid regex"));

/// Where the piece of `clause` that holds byte `from` ends: at the next
/// [`SUBCLAUSE`] boundary, or the clause's end.
fn own_piece_end(clause: &str, from: usize) -> usize {
    SUBCLAUSE.find_at(clause, from).map_or(clause.len(), |m| m.start())
}

/// Multilateral meetings by name.
static MULTILATERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ADMMプラス|ADMM\+|ADSOMプラス|ARF|ASEAN地域フォーラム|拡大ASEAN|シャングリラ|多国間|日ASEAN|ラウンドテーブル|フォーラム|シンポジウム|CHOD|WPNS|ダイアログ|サミット|ISM")
        .expect("valid regex")
});
/// A bilateral or trilateral meeting at a multilateral forum is that meeting.
static BILATERAL_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"防衛相会談|首脳会談|参謀総長級会談|会談|2\+2|2＋2|閣僚協議").expect("valid regex"));
static WORKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"当局間|局長級|審議官|課長級|実務者|実務レベル|作業部会|ワーキンググループ|スタッフトーク|協議|対話|自衛隊と",
    )
    .expect("valid regex")
});
static HIGH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"首脳|大臣|防衛相|閣僚|2\+2|2＋2|次官|幕長|幕僚長|幕僚会議議長|長官|総理|首相|参謀総長|参謀長")
        .expect("valid regex")
});

/// Places before `において` / `で開催` are venues, not counterparts (a
/// meeting with Australia held in Singapore is with Australia).
static VENUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[^、。はがをにのとも]{1,20}?(?:において|にて|で開催|で行われ|で実施|周辺|以外|の際|に際して|の機会に|で)",
    )
    .expect("valid regex")
});

/// `11（同23）年3月の民政移管後、…`, `同年1月から2月にかけて両国が直面した
/// テロの脅威に触れ、…`: the date is the background's.
pub(crate) fn is_background(clause: &str) -> bool {
    background_at(clause).is_some_and(|at| clause.get(..at).is_some_and(|h| h.chars().count() <= 12))
}

/// `日英間の…枠組みについては、本年中に署名される予定`: the instrument named
/// as the topic before a date, for a signing whose own clause names only
/// the verb.
pub(crate) fn instrument_named_before(before: &str) -> Option<String> {
    let bare = before.trim_end_matches('、');
    let bare = bare.strip_suffix("については").or_else(|| bare.strip_suffix('は'))?;
    INSTRUMENT.find_iter(bare).last().filter(|m| m.end() == bare.len())?;
    // The whole topic phrase (`日英間の…に係る枠組み`): `name_before` would stop
    // at the kana of `枠組み`.
    let phrase = bare.rfind(['、', '。']).map_or(bare, |i| bare.get(i..).unwrap_or(bare));
    // `…に署名された日仏円滑化協定は`: the name after the verb of its signing.
    let phrase = ["された", "した"]
        .iter()
        .filter_map(|verb| phrase.rfind(verb).map(|i| i + verb.len()))
        .max()
        .and_then(|i| phrase.get(i..))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(phrase);
    Some(crate::gazetteer::nfkc_compact(phrase.trim_start_matches(['、', '。']))).filter(|n| !n.is_empty())
}

/// `2023年1月に署名された日英円滑化協定は、`: the instrument a signing's
/// clause names right after its bare verb, and the byte offset in `rest`
/// where its name ends.
pub(crate) fn instrument_named_after(rest: &str) -> Option<(String, usize)> {
    let caps = INSTRUMENT_AFTER.captures(rest)?;
    let name = caps.get(1)?;
    Some((crate::gazetteer::nfkc_compact(name.as_str()), name.end()))
}

static INSTRUMENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:され|し)た([^、。はがを]{1,40}?(?:協定|条約|取極|覚書|ACSA|RAA)(?:[（(][^）)]{1,20}[）)])?)[はがも、]",
    )
    .expect("valid regex")
});

/// Whether an agreement's title is only its verb (`署名`, `発効`).
pub(crate) fn is_bare_verb(title: &str) -> bool {
    AGREEMENT.find(title).is_some_and(|m| m.start() == 0 && m.end() == title.len())
}

/// `…で開催された第2回外務・防衛閣僚会合では、`, `…首脳会談において、`: a
/// clause that names a meeting as the frame of the rest of its sentence.
pub(crate) fn frames_rest(clause: &str) -> bool {
    let clause = clause.trim_end_matches('、');
    ["では", "においては", "において", "の際", "に際し"].iter().any(|w| clause.ends_with(w)) && MEETING.is_match(clause)
}

/// The exchanges `clause` states, in order; empty when it states none.
pub(crate) fn exchanges_in(clause: &str, sentence: &str) -> Vec<Exchange> {
    if is_background(clause) {
        return Vec::new();
    }
    let mut start = 0;
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for m in SUBCLAUSE.find_iter(clause) {
        pieces.push((start, m.start()));
        start = m.end();
    }
    pieces.push((start, clause.len()));
    let mut out = exchanges_of_pieces(clause, sentence, &pieces, Vec::new());
    // `…が来日し、防衛庁長官を表敬するとともに統合幕僚会議議長と会談した`: the
    // talks held on a visit are that visit, not a second exchange.
    if out.first().is_some_and(|first| first.weak && matches!(first.title.as_str(), "来日" | "訪日" | "訪問")) {
        let mut seen_visit = false;
        out.retain(|e| {
            let bare_talk = matches!(e.title.as_str(), "会談" | "懇談" | "意見交換");
            let keep = !(seen_visit && bare_talk);
            seen_visit |= e.weak && matches!(e.title.as_str(), "来日" | "訪日" | "訪問");
            keep
        });
    }
    // `「タリスマン・セイバー23」に参加し、…とともに、…を含む訓練を行った`: a
    // bare 訓練 after a named exercise of the clause is that exercise.
    if out.iter().any(|e| e.category == Category::Exercise && !matches!(e.title.as_str(), "訓練" | "共同訓練")) {
        let mut seen_named = false;
        out.retain(|e| {
            let bare = e.category == Category::Exercise && matches!(e.title.as_str(), "訓練" | "共同訓練");
            let keep = !(bare && seen_named);
            seen_named |= e.category == Category::Exercise && !bare;
            keep
        });
    }
    // `日モンゴル防衛相会談を行い、…多国間共同訓練「カーン・クエスト」…`.
    let meeting = out.iter().any(|e| family(e.category) == 0 && !e.weak);
    out.into_iter().filter(|e| !(e.named_only && meeting)).collect()
}

/// The exchanges of each piece of `clause`, after those already in `out`.
fn exchanges_of_pieces(
    clause: &str,
    sentence: &str,
    pieces: &[(usize, usize)],
    mut out: Vec<Exchange>,
) -> Vec<Exchange> {
    for &(from, to) in pieces {
        let Some(piece) = clause.get(from..to) else { continue };
        let earlier = !out.is_empty();
        for mut ex in exchanges_in_piece(piece, sentence) {
            // After `…会談においては、…を確認するとともに、`, a word that only
            // says the ministers talked adds no exchange.
            if earlier && ex.weak {
                continue;
            }
            ex.window_end += from;
            ex.window = clause.get(..ex.window_cap.map_or(ex.window_end, |c| c + from)).unwrap_or("").to_owned();
            out.push(ex);
        }
    }
    out
}

/// `同年10月には…第2フェーズを実施した`, `…後半の訓練を行った`: a clause
/// that names its exchange only as a further part or round of the one
/// before it, with a verb saying it was held. Returns the byte offset just
/// past the words that name it.
pub(crate) fn continued_part(clause: &str) -> Option<usize> {
    let m = CONTINUED.find(clause)?;
    let rest = clause.get(m.end()..).unwrap_or("");
    (EXERCISE_HELD.is_match(rest) && !INTENT.is_match(rest)).then_some(m.end())
}

/// A further part of an exchange just named.
static CONTINUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第[0-9０-９一二三四五六七八九十]+(?:フェーズ|段階|期)|(?:後半|後段|後期)(?:の部分|部分)?|同(?:訓練|演習|会合|対話|協議)|改めて|再度")
        .expect("valid regex")
});

/// Whether a clause has no predicate of its own, so it shares the
/// exchange of the clause after it (`5月及び`, `8月に統幕長が国軍司令官と、`).
pub(crate) fn is_connective(clause: &str) -> bool {
    // `18(平成30)年については、同年1月から…`: the year only frames the
    // dates that follow.
    // `13年12月以降の海賊対処…への参加、`: a date before `の` names the
    // noun phrase after it, which has its own head.
    // `昨年はインドとの国交樹立60周年にあたり、同年6月、…`: the year is a
    // topic, not a date of the exchange after it.
    !clause.contains("について")
        && !clause.contains("周年")
        && !clause.starts_with('の')
        && !PREDICATE.is_match(clause)
        && background_at(clause).is_none()
        && clause.chars().count() <= 60
}

/// The counterparts of `ex`, found in its own words, else the sentence
/// before its date, else the section heading; venues count only when
/// nothing else names one. The flag says whether they came from the heading.
pub(crate) fn counterparts(
    ex: &Exchange,
    clause: &str,
    prefix: &str,
    heading: Option<&[CountryCode]>,
    previous: &[CountryCode],
) -> (Vec<CountryCode>, bool) {
    if !ex.named_countries.is_empty() {
        return (ex.named_countries.clone(), false);
    }
    // `日ASEAN諸国…会合を開催するとともに、あわせて二国間の次官級会談`: talks
    // with the member states one by one, not with the organisation.
    let tail_start = ex.window.char_indices().rev().nth(20).map_or(0, |(i, _)| i);
    if ex.window.get(tail_start..).is_some_and(|t| t.contains("二国間")) {
        let (found, from_heading) = counterparts_of(ex, clause, prefix, heading, previous);
        return (found.into_iter().filter(|c| !c.is_organisation()).collect(), from_heading);
    }
    counterparts_of(ex, clause, prefix, heading, previous)
}

fn counterparts_of(
    ex: &Exchange,
    clause: &str,
    prefix: &str,
    heading: Option<&[CountryCode]>,
    previous: &[CountryCode],
) -> (Vec<CountryCode>, bool) {
    let own_text = without_topics(if ex.borrowed { clause } else { ex.window.as_str() });
    let own_text = match OCCASION_END.find_iter(&own_text).last() {
        Some(m) if m.end() < own_text.len() => own_text.get(m.end()..).unwrap_or("").to_owned(),
        _ => own_text,
    };
    // `…会合に出席したほか、インドネシア、ベトナムの国防大臣とそれぞれ会談`: the
    // talks of a later piece are with those their own piece names, not with
    // the forum of the piece before.
    let own_text = match SUBCLAUSE.find_iter(&own_text).last() {
        Some(m) if own_text.get(m.end()..).is_some_and(|rest| !without_venues(rest).is_empty()) => {
            own_text.get(m.end()..).unwrap_or("").to_owned()
        }
        _ => own_text,
    };
    let own = own_text.as_str();
    // `…と日米豪防衛相会談を行い、さらに韓国の…も交えて日米韓防衛相会談を
    // 行った`: the compound of the exchange's own name names its
    // counterparts, whatever an earlier clause of the sentence named.
    let named = compounds_in(&ex.title);
    if !named.is_empty() {
        return (named, false);
    }
    // `ブルネイおよびシンガポールの周辺海域で行われたADMMプラス海洋安全保障・
    // テロ対策実動訓練`: an exercise of a coded forum is the forum's; the
    // states around it are its venues.
    if ex.category == Category::Exercise {
        let codes = forum_codes(&ex.title);
        if !codes.is_empty() {
            return (codes, false);
        }
    }
    // `日米韓防衛相会談を行い、北朝鮮の…に関する共同声明`: a `日X` compound
    // names the counterparts; other names near it are topics.
    let compound = compounds_in(own);
    if !compound.is_empty() {
        return (compound, false);
    }
    // `「マラバール2020」に海上自衛隊が参加し、…日米豪印4か国による共同訓練を
    // 行った`: an exercise the rest of its clause counts out by compound.
    if ex.category == Category::Exercise {
        // Only in the rest of its own piece: `…「バリカタン24」に…参加するとともに、
        // 日米豪比4か国の…海上協同活動` counts the second exchange's partners.
        let from = ex.window_end.min(clause.len());
        if let Some(m) = clause.get(from..own_piece_end(clause, from)).and_then(|rest| COUNTED_COMPOUND.find(rest)) {
            let counted = compounds_in(m.as_str());
            if counted.len() >= 2 {
                return (counted, false);
            }
        }
    }
    // `豪州で行われる米豪共同演習「タリスマン・セイバー2025」に陸上自衛隊が参加`:
    // an exercise of two partners that Japan joins is with both of them.
    if ex.category == Category::Exercise {
        // `米豪共催の「タリスマン・セイバー2025」に…参加`: co-hosted by both.
        let cohosts = PARTNERS_COHOST.captures(&ex.window).and_then(|c| c.get(1));
        if let Some(m) = PARTNERS_JOINT.find(&ex.title).or(cohosts) {
            // Read as the `日XY` compound it would be with Japan named.
            let both = leading_compound(&format!("日{}", m.as_str()));
            if both.len() >= 2 {
                return (both, false);
            }
        }
    }
    // `カンボジアの首都プノンペンにおいて第9回ADMMプラスが開かれ`: a meeting
    // of a forum with an organisation code is with that organisation; the
    // state where it met is its venue, not a counterpart.
    if ex.category == Category::MultilateralDialogue {
        let mut codes = forum_codes(own);
        if !codes.is_empty() {
            // `ラオスとともにADMMプラス…EWGの共同議長国`: a co-chair or co-host
            // with Japan is a counterpart too.
            for m in COCHAIR.captures_iter(own).filter_map(|c| c.get(1)) {
                for code in countries_of(m.as_str()) {
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                }
            }
            return (codes, false);
        }
    }
    let mut found = without_venues(own);
    // `…「タリスマン・セイバー23」に…参加し、米・豪・加・英などの部隊とともに…`:
    // the partners listed are the exercise's, with any its own words name.
    if ex.category == Category::Exercise {
        let joined = joined_list(clause);
        if !joined.is_empty() {
            for code in joined {
                if !found.contains(&code) {
                    found.push(code);
                }
            }
            return (found, false);
        }
    }
    if found.is_empty() && ex.borrowed {
        found = without_venues(&without_topics(&ex.window));
    }
    if found.is_empty() {
        found = without_venues(prefix);
    }
    // `第1回JPIDDを開催し、オーストラリア、フィジー…の国防大臣などが出席した`:
    // a meeting Japan hosted is with those the rest of its clause says
    // attended.
    if found.is_empty() && family(ex.category) == 0 {
        let rest = clause.get(ex.window_end..).unwrap_or("");
        if let Some(m) = ATTENDED.captures(rest).and_then(|c| c.get(1)) {
            found = countries_of(m.as_str());
        }
    } else if ex.category == Category::Exercise && own.contains("主催")
    /* `豪州主催`: hosted by a counterpart */
    {
        // `日米両国は、…豪州主催の…訓練` (an exercise a counterpart hosted): the host and the sentence's
        // subject both took part.
        for code in without_venues(prefix) {
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    // `英海軍の空母が寄港した。…同空母打撃群と共同訓練`: `同空母`, `同艦`,
    // `同国`, `同軍` are the counterpart the sentence before named.
    if found.is_empty() && !previous.is_empty() && ANAPHOR.is_match(own) {
        return (previous.to_vec(), false);
    }
    // `各国の国防大臣とも会談した`: many unnamed counterparts, not the
    // section's country.
    // `アジア太平洋地域の国防当局の課長級の参加を得て`: the region's officials.
    let unnamed = ["各国", "諸国", "島嶼国", "参加国", "関係国", "地域の国防当局", "地域の防衛当局"]
        .iter()
        .any(|w| own.contains(w));
    // `（2）シャングリラ会合・ARF` above `シンガポールで開催されたシャングリラ会合に
    // 出席`: a forum that always meets in one country is that country's, even
    // where its venue was cut as a venue and the heading names another forum.
    if found.is_empty() && ex.category == Category::MultilateralDialogue {
        if let Some((_, host)) = FIXED_HOST.iter().find(|(forum, _)| ex.title.contains(forum)) {
            return (countries_in(host, Abbreviations::InContext), false);
        }
    }
    // `…「マラバール07-2」に、米国、インド…の艦艇と並んで加わった` under `4　インド`:
    // the partners the clause lists, before the section's country.
    if found.is_empty() && ex.category == Category::Exercise {
        found = exercise_partners(clause);
    }
    // `…日英伊防衛相会合を開催し、その際、…設立条約に署名した`: what was done
    // on the occasion, naming no one, is with those who met.
    if found.is_empty() && !unnamed {
        let occasion = ON_THAT_OCCASION.find_iter(clause).filter(|m| m.end() <= ex.window_end).last();
        if let Some(before) = occasion.and_then(|m| clause.get(..m.start())) {
            let met = compounds_in(before);
            let met = if met.is_empty() { without_venues(&without_topics(before)) } else { met };
            if !met.is_empty() {
                return (met, false);
            }
        }
    }
    if found.is_empty() && !unnamed {
        if let Some(codes) = heading.filter(|c| !c.is_empty()) {
            return (codes.to_vec(), true);
        }
        // `（7）その他の東南アジア諸国`: a paragraph per country, named in its
        // first sentence (`ラオスとの間では、…。14（同26）年4月に第1回安保対話…`).
        if !previous.is_empty() && matches!(ex.category, Category::HighLevel | Category::WorkingLevel) {
            return (previous.to_vec(), false);
        }
    }
    if found.is_empty() {
        found = countries_in(own, Abbreviations::InContext);
    }
    // An exercise named after the sentence that says who runs it; its
    // venue, when named, is its host and comes first.
    if found.is_empty() && !unnamed && ex.category == Category::Exercise {
        found = previous.to_vec();
    }
    if found.is_empty() && matches!(ex.category, Category::MultilateralDialogue | Category::Exercise) {
        // A forum or exercise with no counterpart of its own is named by
        // its host (`第17回会議がブルネイで開催され` → BN), within its own
        // piece (not the talks `…に出席し、その際、タイ…と会談` held at it).
        let end = own_piece_end(clause, ex.window_end.min(clause.len()));
        found = countries_of(&without_topics(clause.get(..end).unwrap_or(clause)));
    }
    // A forum that always meets in one country (`第19回シャングリラ会合が開催
    // され`, no venue written): that country, as when the venue is named.
    if found.is_empty() && ex.category == Category::MultilateralDialogue {
        if let Some((_, host)) = FIXED_HOST.iter().find(|(forum, _)| ex.title.contains(forum)) {
            found = countries_in(host, Abbreviations::InContext);
        }
    }
    // `…実動演習（ARF-DiREx2011）をわが国とインドネシアが共催した`: a co-host
    // named after the exercise or forum is a counterpart too.
    if matches!(ex.category, Category::MultilateralDialogue | Category::Exercise) {
        if let Some(m) = COHOST.captures(clause).and_then(|c| c.get(1)) {
            for code in countries_of(m.as_str()) {
                if !found.contains(&code) {
                    found.push(code);
                }
            }
        }
    }
    // `…「タリスマン・セーバー23」に参加（米国、英国、カナダなど13か国が参加）`,
    // `…海上自衛隊は仏・米・豪・印の各海軍とともに参加した`: the participants
    // the bracket or the clause names took part with Japan.
    if ex.category == Category::Exercise {
        for code in exercise_partners(clause) {
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    // `拡大ASEAN国防相会議`, `ASEAN地域フォーラム`: the forum, not ASEAN itself.
    if found.iter().any(|c| matches!(c.as_str(), "ADMM+" | "ARF")) {
        found.retain(|c| c.as_str() != "ASEAN");
    }
    (found, false)
}

/// Who `clause` says Japan took part in an exercise with: a bracket of
/// participants, `…の各海軍とともに参加`, a list of full names `…と並んで加わった`
/// or `…には、米国、タイ…が参加`.
fn exercise_partners(clause: &str) -> Vec<CountryCode> {
    let mut found: Vec<CountryCode> = Vec::new();
    let named = PARTICIPANTS
        .captures_iter(clause)
        .chain(JOINED_WITH.captures_iter(clause))
        .chain(JOINED_NAMES.captures_iter(clause))
        .chain(TOOK_PART.captures_iter(clause));
    for m in named.filter_map(|c| c.get(1)) {
        for code in countries_of(m.as_str()) {
            if !found.contains(&code) && code.as_str() != "JP" {
                found.push(code);
            }
        }
    }
    found
}

/// Forums that have an organisation code (ADMMプラス and its 専門家会合 or
/// EWG, ARF, 日ASEAN…).
static FORUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ADMMプラス|ADMM\+|ADSOMプラス|ADSOM\+|拡大ASEAN国防相会議|ARF|ASEAN地域フォーラム|日ASEAN")
        .expect("valid regex")
});

/// The organisation codes of the coded forums `text` names, ASEAN dropped
/// beside ADMM+ or ARF (`拡大ASEAN国防相会議` is the forum, not ASEAN).
fn forum_codes(text: &str) -> Vec<CountryCode> {
    let mut codes: Vec<CountryCode> = Vec::new();
    for m in FORUM.find_iter(text) {
        // `ARF-DiREx`: an exercise of the forum, named elsewhere.
        if text.get(m.end()..).is_some_and(|r| r.starts_with('-')) {
            continue;
        }
        for code in countries_in(m.as_str(), Abbreviations::InContext) {
            if code.is_organisation() && !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    if codes.iter().any(|c| matches!(c.as_str(), "ADMM+" | "ARF")) {
        codes.retain(|c| c.as_str() != "ASEAN");
    }
    codes
}

/// `米豪共同演習`, `米韓合同演習`: an exercise named by its two partners.
static PARTNERS_JOINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[米豪英仏独伊加印韓比]{2,3}(?:共同|合同)").expect("valid regex"));

/// `米豪共催の`, `米豪主催の`: an exercise two partners host together.
static PARTNERS_COHOST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([米豪英仏独伊加印韓比]{2,3})(?:共催|共同主催|主催)").expect("valid regex"));

/// `アジア安全保障会議（シャングリラ会合）`, `…拡大ASEAN国防相会議`,
/// `日・太平洋島嶼国国防大臣会合（JPIDD）は、わが国とフィジー、…が参加する
/// 会合`: the last forum `text` names, and its counterparts (its host, its
/// organisation, or the members `sentence` lists beside its acronym).
pub(crate) fn forum_in(text: &str, sentence: &str) -> Option<(String, Vec<CountryCode>)> {
    let fixed = FIXED_HOST.iter().filter_map(|(forum, host)| text.rfind(forum).map(|at| (at, forum, host))).max();
    let coded = FORUM.find_iter(text).last();
    let defined = ACRONYM.captures_iter(text).last().and_then(|c| c.get(1));
    let latest =
        [fixed.map(|f| f.0), coded.map(|m| m.start()), defined.map(|m| m.start())].into_iter().flatten().max()?;
    if let Some((_, forum, host)) = fixed.filter(|f| f.0 == latest) {
        return Some(((*forum).to_owned(), countries_in(host, Abbreviations::InContext)));
    }
    if let Some(m) = coded.filter(|m| m.start() == latest) {
        let codes = forum_codes(m.as_str());
        // The forum's whole name (`日ASEAN防衛担当大臣会合`), not only its code.
        let rest = text.get(m.end()..).unwrap_or("");
        let name = FORUM_TAIL.find(rest).map_or(m.as_str().to_owned(), |t| format!("{}{}", m.as_str(), t.as_str()));
        return (!codes.is_empty()).then_some((name, codes));
    }
    let acronym = defined?;
    // The members listed in the sentence that defines it, Japan aside.
    let members: Vec<CountryCode> =
        without_venues(&without_topics(sentence)).into_iter().filter(|c| c.as_str() != "JP").collect();
    (members.len() >= 2).then(|| (acronym.as_str().to_owned(), members))
}

/// Whether `text` names a forum by a name of its own (`マナーマ対話`,
/// `アジア安全保障会議`), not only as `第5回会合` or `同会合`.
pub(crate) fn names_a_forum(text: &str) -> bool {
    FORUM_NAME.is_match(text)
}

/// A name of two or more letters before a forum word (`東京ディフェンス・
/// フォーラム` with its middle dot).
static FORUM_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ァ-ヶー一-龠A-Za-z]{2,}・?(?:対話|会議|会合|フォーラム|ダイアログ)").expect("valid regex")
});

/// The rest of a coded forum's name after its code (`防衛担当大臣会合`).
static FORUM_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^、。はがをにの（(]{0,16}?(?:会合|会議|フォーラム)").expect("valid regex"));

/// `…国防大臣会合（JPIDD）`: a meeting's name and the acronym it goes by.
static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:会合|会議|対話|フォーラム|ダイアログ)[（(]([A-Z][A-Za-z0-9+]{2,})[）)]").expect("valid regex")
});

/// Forums that always meet in one country, and that country's name.
const FIXED_HOST: &[(&str, &str)] = &[("シャングリラ会合", "シンガポール")];

/// `ラオスとともに`, `インドネシアと共同で`, `…が共催`: a co-chair or co-host.
static COCHAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^、。はをにで]{1,20}?)(?:とともに|と共に|と共同で|が共催|と共催)").expect("valid regex")
});

/// `カンボジアの首都プノンペンにおいて`: where a meeting was held.
static HELD_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([^、。はがをにで]{1,30}?)(?:において|にて|で開催|で)").expect("valid regex"));

/// The venue of a meeting of a coded forum, as written (`カンボジアの首都
/// プノンペン`): its `location`, since it is not a counterpart.
pub(crate) fn forum_venue(ex: &Exchange) -> Option<String> {
    if ex.category != Category::MultilateralDialogue || forum_codes(&ex.window).is_empty() {
        return None;
    }
    // A bare `で` is a venue only before a name (`カンボジアで第10回…`), not
    // in `…では`, `…でも`.
    let m = HELD_AT
        .captures_iter(&ex.window)
        .filter(|c| {
            let (Some(all), Some(place)) = (c.get(0), c.get(1)) else { return false };
            // `防衛省主催で`: who hosted it, not where.
            // `テレビ会議形式で`: how it met, not where.
            if ["主催", "共催", "主導", "形式", "方式"].iter().any(|w| place.as_str().ends_with(w)) {
                return false;
            }
            !all.as_str().ends_with('で')
                || all.as_str().ends_with("で開催")
                || ex
                    .window
                    .get(all.end()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|n| !('\u{3041}'..='\u{309F}').contains(&n))
        })
        .last()?
        .get(1)?;
    Some(crate::gazetteer::nfkc_compact(m.as_str())).filter(|v| !v.is_empty())
}

/// Words that point back at the counterpart of the sentence before.
static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"同(?:空母|艦艇|艦|国|軍|海軍|陸軍|空軍|部隊|機|打撃群|政府|大臣|長官|司令官)").expect("valid regex")
});

/// The one or two states a sentence names outside venues and topics: the
/// counterparts the next sentence may be about (`米・タイ共催の…コブラ・ゴールド
/// に参加している。15（同27）年2月に行われた「コブラ・ゴールド15」では…`).
pub(crate) fn sentence_countries(sentence: &str) -> Vec<CountryCode> {
    let states: Vec<CountryCode> =
        without_venues(&without_topics(sentence)).into_iter().filter(|c| !c.is_organisation()).collect();
    if (1..=2).contains(&states.len()) {
        states
    } else {
        Vec::new()
    }
}

/// The countries a heading names (`1 日豪防衛協力・交流` → AU, `（3）日米豪の
/// 協力関係` → US, AU, `第II部 …と日米同盟` → US).
pub(crate) fn heading_countries(text: &str) -> Vec<CountryCode> {
    countries_in(text, Abbreviations::InContext)
}

/// The countries of every `日X` compound in `text` (`日米韓`, `日ラオス`),
/// except after 訪/来/駐/毎/本/同/月, where 日 is Japan or a day.
fn compounds_in(text: &str) -> Vec<CountryCode> {
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    for (idx, ch) in text.char_indices() {
        if ch == '日'
            && !matches!(prev, Some('訪' | '来' | '駐' | '毎' | '本' | '同' | '月' | '在' | '前' | '翌' | '初'))
        {
            for code in leading_compound(text.get(idx..).unwrap_or("")) {
                if !found.contains(&code) {
                    found.push(code);
                }
            }
        }
        prev = Some(ch);
    }
    found
}

/// `text` without the names that are topics, not counterparts
/// (`国連PKO`, `国連安保理決議`: the UN as a subject of the sentence).
fn without_topics(text: &str) -> String {
    TOPIC.replace_all(text, "、").into_owned()
}

/// The UN as a subject (`国連PKO`), and a state as the target of what the
/// exchange watched or discussed (`北朝鮮の「瀬取り」…に対する警戒監視`,
/// `北朝鮮による弾道ミサイルの発射`, `中国の海洋進出`): neither is a
/// counterpart.
static TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"国連(?:PKO|平和維持|安保理|安全保障理事会)|(?:北朝鮮|中国|ロシア)(?:(?:の|による)(?:「[^」]{1,12}」|核|弾道|ミサイル|挑発|脅威|軍事動向|軍事活動|軍事力|海洋進出|違法|一方的)|(?:情勢|問題|への対応|への対処))",
    )
    .expect("valid regex")
});

fn without_venues(text: &str) -> Vec<CountryCode> {
    let mut cut = String::with_capacity(text.len());
    let mut last = 0;
    for m in VENUE.find_iter(text) {
        let piece = m.as_str();
        if MEETING.is_match(piece) || EXERCISE.is_match(piece) {
            continue;
        }
        // A bare `で` is a venue only before a name or a comma
        // (`ラオスでADMMプラス…`, `東京で、`), not in `…でも`, `…では`.
        if piece.ends_with('で') {
            let next = text.get(m.end()..).and_then(|r| r.chars().next());
            if next.is_none_or(|c| ('\u{3041}'..='\u{309F}').contains(&c)) {
                continue;
            }
        }
        cut.push_str(text.get(last..m.start()).unwrap_or(""));
        cut.push('、');
        last = m.end();
    }
    cut.push_str(text.get(last..).unwrap_or(""));
    countries_of(&cut)
}

/// Countries of `text`, with abbreviations joined by `・` before a name
/// (`米・タイ共催`, `米・モンゴル共催`) read as countries too.
fn countries_of(text: &str) -> Vec<CountryCode> {
    let mut found = Vec::new();
    for m in DOT_LIST.captures_iter(text).filter_map(|c| c.get(1)) {
        for code in countries_in(m.as_str().trim_end_matches('・'), Abbreviations::InLists) {
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    for code in countries_in(text, Abbreviations::InContext) {
        if !found.contains(&code) {
            found.push(code);
        }
    }
    found
}

/// A `・` list of abbreviated counterparts (`米・タイ共催` → 米, `仏・米・豪・印の
/// 各海軍` → all four).
static DOT_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[、はがの（(「])((?:[米豪英仏独伊加印韓中露比越]・)+[米豪英仏独伊加印韓中露比越]?)")
        .expect("valid regex")
});

/// The exchanges of one piece of a clause: at most one per family
/// (agreement, unit exchange, exercise, meeting), since one clause names
/// one act of each (`首脳会談において…協定に署名` is a meeting and a signing).
fn exchanges_in_piece(piece: &str, sentence: &str) -> Vec<Exchange> {
    let mut out = Vec::new();
    let background = background_at(piece);
    let before_background = |at: usize| background.is_none_or(|b| at < b);
    // The instrument may be named earlier in the sentence (`…ACSAへの署名が
    // 行われ、…同月25日に発効した`).
    // `「…共同宣言」に基づき`: a declaration cited, not made.
    let declaration = DECLARATION.find_iter(piece).find(|m| {
        let rest = piece.get(name_end_after(piece, m.end())..).unwrap_or("");
        let before = piece.get(..m.start()).unwrap_or("");
        // `上記の共同声明で承認された`: one mentioned again.
        let cited_again = ["上記の", "前述の", "同"].iter().any(|w| before.ends_with(w));
        // `共同宣言を具体化する行動計画`: a declaration acted on, not made.
        let acted_on = [
            "に基づ",
            "を具体化",
            "の具体化",
            "を踏まえ",
            "に沿",
            "づくり",
            "の作成に向け",
            "の策定に向け",
            "の策定を進め",
        ];
        let rest = rest.trim_start_matches(['」', '』']);
        before_background(m.start()) && !cited_again && !acted_on.iter().any(|w| rest.starts_with(w))
    });
    if let Some(m) = declaration {
        // A joint statement or declaration issued (`共同声明を発出`), signed
        // or adopted: an agreement, signed.
        let end = name_end_after(piece, m.end());
        out.push(exchange(Category::Agreement, name_before(piece, end), Status::Signed, piece, end));
    } else if INSTRUMENT.is_match(sentence) {
        if let Some(m) = AGREEMENT.find_iter(piece).filter(|m| before_background(m.start())).find(|m| {
            let rest = piece.get(m.end()..).unwrap_or("");
            // `同協定の発効後初めて`: a time after one already told (while
            // `12年1月の…覚書の署名後、` dates the signing); `署名の直前に延期
            // され`, `署名には至っていない`: not done.
            let before = piece.get(..m.start()).unwrap_or("");
            let told = ["同協定", "同覚書", "同取極", "同条約", "同取決め"].iter().any(|w| before.contains(w));
            let not_done = ["の直前", "には至", "に至ら", "が延期", "は延期"].iter().any(|w| rest.starts_with(w))
                || rest.starts_with('式')
                || (rest.starts_with('後') && told);
            !not_done && !AIMED_AT.is_match(rest)
        }) {
            // `署名し、…同協定の発効に向けた国内手続`: an entry into force to
            // come leaves it signed.
            let in_force =
                piece.match_indices("発効").any(|(at, w)| !AIMED_AT.is_match(piece.get(at + w.len()..).unwrap_or("")));
            let status = if m.as_str() == "署名" && !in_force { Status::Signed } else { Status::InForce };
            let name_end = INSTRUMENT.find_iter(piece).filter(|i| i.start() < m.start()).last().map(|i| i.end());
            let mut title = name_end.map_or_else(|| name_before(piece, m.end()), |e| name_before(piece, e));
            // `防衛装備品の移転に関する取決め`: a name ending in kana is the
            // whole phrase before it, back to the clause's last comma or topic.
            if title.is_empty() {
                if let Some(head) = name_end.and_then(|e| piece.get(..e)) {
                    let from = head
                        .rfind(['、', '。', 'は'])
                        .map_or(0, |i| i + head.get(i..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8));
                    title = crate::gazetteer::nfkc_compact(head.get(from..).unwrap_or(""));
                }
            }
            // `日印防衛装備品・技術移転協定、日印秘密軍事情報保護協定に署名`: two
            // instruments listed before one verb are two agreements, each with
            // the pair its own name gives.
            let instruments: Vec<regex::Match<'_>> =
                INSTRUMENT.find_iter(piece).filter(|i| i.start() < m.start()).collect();
            if let [.., earlier, last] = instruments.as_slice() {
                let gap = piece.get(earlier.end()..last.start()).unwrap_or("");
                let listed = ["、", "及び", "および", "並びに"].iter().find_map(|sep| gap.strip_prefix(sep));
                if listed.is_some_and(|rest| !rest.contains(['、', '。']) && rest.chars().count() <= 30) {
                    let first = name_before(piece, earlier.end());
                    let mut one = exchange(Category::Agreement, first.clone(), status, piece, earlier.end());
                    one.named_countries = compounds_in(&first);
                    out.push(one);
                }
            }
            let mut ex = exchange(Category::Agreement, title, status, piece, m.end());
            if out.iter().any(|e| e.category == Category::Agreement) {
                ex.named_countries = compounds_in(&ex.title);
            }
            out.push(ex);
        }
    }
    let unit = UNIT.find(piece).filter(|m| {
        let rest = piece.get(m.end()..).unwrap_or("");
        !EXERCISE_PLAN.is_match(rest) && !TOPIC_TAIL.is_match(rest)
    });
    if let Some(m) = unit {
        // `練習艦が東京を訪れ`: a name ending in kana is the words that matched.
        let named = name_before(piece, m.end());
        let title = if named.is_empty() { crate::gazetteer::nfkc_compact(m.as_str()) } else { named };
        out.push(exchange(Category::UnitExchange, title, Status::Held, piece, m.end()));
    }
    let mut named_only = false;
    let listed =
        if unit.is_none() && EXERCISE_HELD.is_match(piece) { listed_names(piece, &EXERCISE) } else { Vec::new() };
    if listed.len() >= 2 {
        for (end, title, countries) in listed {
            let mut ex = exchange(Category::Exercise, title, Status::Held, piece, end);
            ex.named_countries = countries;
            out.push(ex);
        }
    } else {
        // `寄港し、同国海軍と親善訓練を行った`: a port call and an exercise;
        // the exercise is looked for after the unit exchange's words.
        let from = unit.map_or(0, |m| m.end());
        let rest = piece.get(from..).unwrap_or("");
        // A named exercise (`阻止訓練(パシフィック・プロテクター17)`) was held;
        // a generic word needs a verb that says so.
        // So is one that ends its entry or item (`平成元年8月　　米海軍と共同訓練`,
        // `…（米海軍と共同訓練）`): a chronology states what was held in a few
        // words, with no verb.
        let named = |m: &regex::Match<'_>| {
            rest.get(m.end()..).is_some_and(|r| {
                r.starts_with(['(', '（', '「']) || r.trim_end_matches(['）', ')', '。', ' ', '\u{3000}']).is_empty()
            })
        };
        let exercise = EXERCISE.find_iter(rest).find(|m| {
            let tail = rest.get(m.end()..).unwrap_or("");
            !EXERCISE_PLAN.is_match(tail) && !TOPIC_TAIL.is_match(tail) && (EXERCISE_HELD.is_match(piece) || named(m))
        });
        if let Some(m) = exercise.filter(|m| before_background(from + m.start()) || piece.contains("防災訓練")) {
            named_only = !EXERCISE_HELD.is_match(piece);
            let end = name_end_after(piece, from + m.end());
            let mut ex = exchange(Category::Exercise, name_before(piece, end), Status::Held, piece, end);
            ex.named_only = named_only;
            out.push(ex);
            // `インドネシアで実施された…机上演習およびオーストラリアで実施された
            // …実動演習に参加した`: a second exercise with its own venue,
            // joined by および, is one more.
            // Its counterparts are the first one's: the venues between the
            // two are not.
            if let Some(second) = second_exercise(piece, end) {
                let mut two = exchange(Category::Exercise, name_before(piece, second), Status::Held, piece, second);
                two.window = piece.get(..end).unwrap_or("").to_owned();
                two.window_cap = Some(end);
                out.push(two);
            }
        }
    }
    let listed = listed_names(piece, &MEETING);
    if listed.len() >= 2 {
        for (end, title, countries) in listed {
            let window = piece.get(..end).unwrap_or("");
            let mut ex = exchange(meeting_category(window), title, Status::Held, piece, end);
            ex.named_countries = countries;
            out.push(ex);
        }
        return finish(out, piece);
    }
    // `ADMMプラス海洋安全保障・テロ対策実動訓練`: a forum named inside an
    // exercise's name is no meeting of its own.
    let exercise_names: Vec<Range<usize>> = out
        .iter()
        .filter(|e| e.category == Category::Exercise)
        .map(|e| name_start(piece, e.window_end)..e.window_end)
        .collect();
    let candidates: Vec<regex::Match<'_>> = MEETING
        .find_iter(piece)
        .filter(|m| !exercise_names.iter().any(|r| r.start <= m.start() && m.end() <= r.end))
        .filter(|m| !NOT_MEETING.is_match(piece.get(m.end()..).unwrap_or("")))
        // `統合幕僚会議の下で`: the former Joint Staff Council, an organ, not a meeting.
        .filter(|m| !(m.as_str() == "会議" && piece.get(..m.start()).is_some_and(|h| h.ends_with("統合幕僚"))))
        // `第20回IISSアジア安全保障会議`: an acronym that begins a longer
        // name is not the meeting's name (the 会議 after it is).
        .filter(|m| {
            let acronym = m.as_str().starts_with('第') && m.as_str().ends_with(|c: char| c.is_ascii_alphanumeric());
            let next = piece.get(m.end()..).and_then(|r| r.chars().next());
            !(acronym && next.is_some_and(|c| !('\u{3041}'..='\u{309F}').contains(&c) && !"、。（(「".contains(c)))
        })
        // `テレビ会議形式で…協議を開催`: the mode of the meeting named after it.
        .filter(|m| !MODE_PHRASE.is_match(piece.get(m.end()..).unwrap_or("")))
        // `シャングリラ会合の機会に日豪防衛相会談を行い`: the forum is the
        // occasion; the meeting held there is the exchange.
        .filter(|m| !OCCASION.is_match(piece.get(name_end_after(piece, m.end())..).unwrap_or("")))
        .filter(|m| before_background(m.start()))
        // `今後とも緊密に協議していく`: an intention, not a meeting.
        .filter(|m| !INTENT.is_match(piece.get(name_end_after(piece, m.end())..).unwrap_or("")))
        // `部隊間の相互訪問の枠組みを含め、…議論を行った`: a topic talked about.
        .filter(|m| !TOPIC_TAIL.is_match(piece.get(name_end_after(piece, m.end())..).unwrap_or("")))
        // `対話を通じて…透明性の向上を促していく`: dialogue as a means, no
        // meeting held (while `…初級幹部交流などを通じて` names exchanges held).
        .filter(|m| !(m.as_str() == "対話" && piece.get(m.end()..).is_some_and(|rest| rest.starts_with("を通じ"))))
        // `…共同宣言にも、安全保障対話と防衛交流の強化が盛り込まれた`: what a
        // text contains.
        .filter(|m| !piece.get(m.end()..).is_some_and(|rest| rest.contains("盛り込")))
        .collect();
    // `防衛審議官が訪韓し、日韓防衛当局間協議を行った`: the consultation names
    // the exchange better than the trip.
    let meeting = candidates
        .iter()
        .find(|m| !WEAK_MEETING.is_match(m.as_str()) && !VISIT_ABROAD.is_match(m.as_str()))
        .or_else(|| candidates.first())
        .copied();
    if let Some(m) = meeting {
        let weak = WEAK_MEETING.is_match(m.as_str());
        // A visit and the statement signed on it are two (`来日し、…共同声明を
        // 発表した`); a visit with an exercise or a ship's call is one.
        if !weak || out.iter().all(|e| e.category == Category::Agreement) {
            let window = piece.get(..m.end()).unwrap_or("");
            let category = meeting_category(window);
            let end = name_end_after(piece, m.end());
            let mut ex = exchange(category, name_before(piece, end), Status::Held, piece, end);
            ex.weak = weak;
            // `空幕長と陸幕長が相次いでタイを訪問`: one visit per role.
            if weak && ex.roles.len() >= 2 && ex.window.contains("相次いで") {
                for role in ex.roles.clone() {
                    let mut one = ex.clone();
                    one.roles = vec![role];
                    out.push(one);
                }
            } else {
                let first_end = ex.window_end;
                out.push(ex);
                // `…国際会議「ソウル安保対話」に出席し、…と日韓次官級会談を行った`:
                // a bilateral talk held beside the meeting is another one.
                let talk = candidates.iter().find(|c| {
                    c.start() >= first_end
                        && c.as_str().ends_with("会談")
                        && !leading_compound(&name_before(piece, c.end())).is_empty()
                });
                if let Some(c) = talk {
                    let end = name_end_after(piece, c.end());
                    let window = piece.get(..c.end()).unwrap_or("");
                    out.push(exchange(meeting_category(window), name_before(piece, end), Status::Held, piece, end));
                }
            }
        }
    }
    // `「2＋2」会合において、…部隊間交流…共同訓練の実施…などで一致した`: what
    // a meeting agreed on is its content, not further exchanges.
    if out.len() > 1 && CONSENSUS.is_match(piece) {
        if let Some(first_end) = out.iter().map(|e| e.window_end).min() {
            let first_family = out.iter().find(|e| e.window_end == first_end).map(|e| family(e.category));
            out.retain(|e| {
                e.window_end == first_end
                    || (e.category == Category::Agreement && first_family != Some(1))
                    || Some(family(e.category)) == first_family && e.window_end < first_end + 12
            });
        }
    }
    // `日モンゴル防衛相会談を行い、…共同訓練「カーン・クエスト」への自衛隊の参加
    // など、…について意見交換を行った`: an exercise or unit exchange named
    // after a meeting and before what it talked about is its topic.
    if let Some(meeting_end) = out.iter().filter(|e| family(e.category) == 0 && !e.weak).map(|e| e.window_end).min() {
        out.retain(|e| {
            let topic = matches!(e.category, Category::Exercise | Category::UnitExchange)
                && e.window_end > meeting_end
                && piece.get(e.window_end..).is_some_and(|rest| TALKED_ABOUT.is_match(rest));
            !topic
        });
    }
    // `日モンゴル防衛相会談を行い、…多国間共同訓練「カーン・クエスト」…`: a
    // named exercise without a verb of its own is the meeting's topic.
    if named_only && out.iter().any(|e| family(e.category) == 0 && !e.weak) {
        out.retain(|e| e.category != Category::Exercise);
    }
    // `練習機TC-90の2機をフィリピン海軍に引き渡した`: equipment handed over,
    // where the clause states nothing else.
    if out.is_empty() {
        if let Some(m) = HANDOVER.find(piece).filter(|m| before_background(m.start())) {
            let rest = piece.get(m.end()..).unwrap_or("");
            // `…レーダーの供与に関する書簡の交換が行われた`: the handover
            // agreed by the letters exchanged, not a topic.
            let letters = LETTERS_EXCHANGED.is_match(rest);
            if letters || (!AIMED_AT.is_match(rest) && !TOPIC_TAIL.is_match(rest)) {
                // The object is named in kana-joined words (`…の部品などを…に
                // 引き渡し`): the title is the clause's last phrase up to the verb.
                let head = piece.get(..m.end()).unwrap_or("");
                let from = head.rfind('、').map_or(0, |i| i + '、'.len_utf8());
                let title = crate::gazetteer::nfkc_compact(head.get(from..).unwrap_or(""));
                out.push(exchange(Category::EquipmentTechnology, title, Status::Held, piece, m.end()));
            }
        }
    }
    if out.is_empty() {
        let found = RESEARCH
            .find(piece)
            .map(|m| (m, Category::Research))
            .or_else(|| CAPACITY.find(piece).map(|m| (m, Category::CapacityBuilding)))
            .or_else(|| SENT.find(piece).map(|m| (m, Category::WorkingLevel)))
            .filter(|(m, _)| before_background(m.start()));
        if let Some((m, category)) = found {
            let mut ex = exchange(category, name_before(piece, m.end()), Status::Held, piece, m.end());
            // Only where nothing else in the clause is an exchange.
            ex.weak = true;
            out.push(ex);
        }
    }
    finish(out, piece)
}

/// `日米豪および日米韓の防衛相会談`: two compounds before one meeting word.
static COMPOUND_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(日\p{Han}{1,4})(?:および|及び|と|、)(日\p{Han}{1,4})の[^、。]{0,12}$").expect("valid regex")
});

/// The counterparts of each meeting when `ex` names two in one phrase
/// (`日米豪および日米韓の防衛相会談`: one with AU, US and one with KR, US).
pub(crate) fn compound_groups(ex: &Exchange) -> Option<Vec<Vec<CountryCode>>> {
    let caps = COMPOUND_PAIR.captures(&ex.window)?;
    let groups: Vec<Vec<CountryCode>> =
        [caps.get(1)?, caps.get(2)?].iter().map(|m| leading_compound(m.as_str())).collect();
    let distinct = groups.first() != groups.get(1);
    (distinct && groups.iter().all(|g| !g.is_empty())).then_some(groups)
}

/// Whether `ex` was held with each counterpart of its clause on its own:
/// `それぞれ`, `個別に`, or capacity building (support to two countries is
/// two projects).
pub(crate) fn one_each(ex: &Exchange, clause: &str, category: Category) -> bool {
    category == Category::CapacityBuilding
        || ["それぞれ", "個別に"].iter().any(|w| clause.contains(w) || ex.window.contains(w))
        || visits_several(clause)
}

/// `…はベトナム及びインドネシアを訪問し`, `…がタイとマレーシアを訪問し`: a
/// trip to several countries is a visit to each (as a visits table lists it
/// under each country), where a meeting of several (`日米豪防衛相会談`) is one.
/// A chronology's entry (`海上幕僚長、オーストラリア・ニュージーランド訪問`)
/// has no `を`: its destinations run from the last comma.
fn visits_several(clause: &str) -> bool {
    // `…を訪れ`, `…を回り`, `…を歴訪し`: a trip too.
    let trip = ["を訪問", "を訪れ", "を回り", "を歴訪"].iter().filter_map(|w| clause.find(w)).min();
    let (at, stops): (usize, &[char]) = match trip {
        Some(at) => (at, &['は', 'が', '。']),
        // `…およびカタールを相次いで訪問`: a sentence's trip, not an entry.
        None => match clause.find("訪問") {
            Some(at) if !clause.get(..at).unwrap_or("").contains('を') => (at, &['は', 'が', '。', '、']),
            _ => return false,
        },
    };
    let head = clause.get(..at).unwrap_or("");
    // Each stop is 3 bytes in UTF-8.
    let from = head.rfind(stops).map_or(0, |i| i + 'は'.len_utf8());
    let destinations = head.get(from..).unwrap_or("");
    let found = countries_in(destinations, Abbreviations::InContext);
    found.len() >= 2 && !found.iter().any(CountryCode::is_organisation)
}

/// `…A演習およびBで実施されたC演習に参加`: the end of a second exercise
/// name joined to the one ending at `end` by `および` / `及び`, with a venue
/// or host of its own between them.
fn second_exercise(piece: &str, end: usize) -> Option<usize> {
    let rest = piece.get(end..)?;
    let joined = ["および", "及び"].iter().find_map(|w| rest.strip_prefix(w))?;
    let m = EXERCISE.find(joined)?;
    let gap = joined.get(..m.start())?;
    let own = ["で実施された", "で行われた", "で開催された", "主催の"].iter().any(|w| gap.contains(w));
    let tail = joined.get(m.end()..).unwrap_or("");
    (own && !gap.contains('、') && !EXERCISE_PLAN.is_match(tail) && !TOPIC_TAIL.is_match(tail))
        .then(|| name_end_after(piece, end + (rest.len() - joined.len()) + m.end()))
}

/// Meetings of one clause each named with its own `日X` compound
/// (`日米豪防衛相会談、日米韓防衛相会談及び日豪防衛相会談を行った`): the end of
/// each name, the name and its countries, in order, without repeats.
fn listed_names(piece: &str, words: &Regex) -> Vec<(usize, String, Vec<CountryCode>)> {
    let mut out: Vec<(usize, String, Vec<CountryCode>)> = Vec::new();
    for m in words.find_iter(piece) {
        let end = name_end_after(piece, m.end());
        let title = name_before(piece, m.end());
        let name = title.trim_start_matches(|c: char| c == '第' || c.is_ascii_digit() || c == '回');
        let countries = leading_compound(name);
        if countries.is_empty() || out.iter().any(|(_, t, _)| *t == title || title.starts_with(t.as_str())) {
            continue;
        }
        // Only names joined as a list: `、`, `及び`, `および`, `や`, `と`.
        if let Some((prev_end, _, _)) = out.last() {
            let start = m.end().saturating_sub(title.len()).max(*prev_end);
            let gap = piece.get(*prev_end..start).unwrap_or("x");
            let gap = gap.trim_start_matches(|c: char| !matches!(c, '、' | '及' | 'お' | 'や' | 'と' | '並'));
            if !matches!(gap, "、" | "及び" | "および" | "や" | "と" | "並びに" | "") {
                break;
            }
        }
        out.push((end, title, countries));
    }
    out
}

/// Meetings of every level are one family: a clause names one of them.
fn family(category: Category) -> u8 {
    match category {
        Category::HighLevel | Category::WorkingLevel | Category::MultilateralDialogue => 0,
        Category::Agreement => 1,
        Category::Exercise => 2,
        Category::UnitExchange => 3,
        _ => 4,
    }
}

/// A predicate that puts the exchange in the future (`開催する予定である`,
/// `開催される予定`, `実施することを計画している`, `行われる見込みである`);
/// `予定されていた訓練を実施した` is past.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"予定(?:で|だ|と|。|$|されている)|計画して(?:いる|おり)|計画で(?:ある|あり)|見込み(?:で|だ|と|。|$)|見込まれ(?:る|て)")
        .expect("valid regex")
});

/// The predicate right after an exchange's name that says it did not happen
/// (`…防衛首脳の相互訪問は実現しなかったが`).
static NOT_HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[がはも]?(?:開かれ|行われ|実施され|開催され)(?:ていない|ておらず|なかった)|^[がはも]?(?:途絶え|実現しなかっ|実現せず|実現していない)")
        .expect("valid regex")
});

/// Sets the status every exchange of `piece` shares: cancelled when the
/// piece says so, planned when its predicate after the exchange's name is
/// future (each date has its own piece, so a past exchange of the same
/// sentence stays held).
fn finish(mut out: Vec<Exchange>, piece: &str) -> Vec<Exchange> {
    // 親善訓練 is a unit exchange (taxonomy.md); with the port call it is
    // part of (`…に寄港し、…と親善訓練を実施`), the call is the one exchange.
    for ex in &mut out {
        if ex.category == Category::Exercise && ex.title.ends_with("親善訓練") {
            ex.category = Category::UnitExchange;
        }
    }
    // `寄港し、ベトナム海軍と通信訓練を実施`, `…に寄港し、ロシア海軍と捜索・
    // 救難共同訓練を行った`: a drill held at a port call, after it, is part of
    // the call too.
    if let Some(call_end) =
        out.iter().find(|e| e.category == Category::UnitExchange && e.title.ends_with("寄港")).map(|e| e.window_end)
    {
        out.retain(|e| {
            let drill = e.title.ends_with("親善訓練") || e.title.ends_with("通信訓練");
            !((matches!(e.category, Category::UnitExchange) && drill)
                || (e.category == Category::Exercise && (drill || e.window_end > call_end)))
        });
    }
    // `防衛相会談が開かれていないが`, `…の交流が途絶えている`: said not to
    // have taken place.
    out.retain(|e| !piece.get(e.window_end..).is_some_and(|rest| NOT_HELD.is_match(rest)));
    for ex in &mut out {
        if piece.contains("中止") {
            ex.status = Status::Cancelled;
        } else if matches!(ex.status, Status::Held | Status::Signed)
            && piece.get(ex.window_end..).is_some_and(|rest| FUTURE.is_match(rest))
        {
            // `…枠組みについては、本年中に署名される予定である`: a signing to come.
            ex.status = Status::Planned;
        }
    }
    out
}

fn exchange(category: Category, title: String, status: Status, piece: &str, end: usize) -> Exchange {
    let window = piece.get(..end).unwrap_or("");
    let mode = if window.contains("テレビ") || window.contains("VTC") || window.contains("オンライン") {
        Some(Mode::Video)
    } else if window.contains("電話") {
        Some(Mode::Phone)
    } else {
        None
    };
    let direction = if window.contains("訪日") || window.contains("来日") {
        Some(Direction::Inbound)
    } else if window.contains("訪問") || VISIT_ABROAD.is_match(window) {
        Some(Direction::Outbound)
    } else {
        None
    };
    let mut roles = roles_in(window);
    if roles.is_empty() && (title.contains("防衛相会談") || title.contains("防衛大臣会談")) {
        roles.push(Role::Minister);
    }
    Exchange {
        category,
        title,
        status,
        roles,
        mode,
        direction,
        window_end: end,
        window: window.to_owned(),
        window_cap: None,
        borrowed: false,
        weak: false,
        named_only: false,
        named_countries: Vec::new(),
    }
}

fn meeting_category(window: &str) -> Category {
    let tail_start = window.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    let tail = window.get(tail_start..).unwrap_or(window);
    let forum = ["会議", "シンポジウム", "フォーラム", "ラウンドテーブル", "カンファレンス", "サミット"]
        .iter()
        .any(|w| window.ends_with(w))
        && leading_compound(&name_before(window, window.len())).is_empty();
    if forum {
        return Category::MultilateralDialogue;
    }
    if BILATERAL_MEETING.is_match(tail) && !tail.contains("会議") {
        if HIGH.is_match(tail) || !WORKING.is_match(tail) {
            return Category::HighLevel;
        }
        return Category::WorkingLevel;
    }
    if MULTILATERAL.is_match(tail) {
        return Category::MultilateralDialogue;
    }
    if HIGH.is_match(tail) {
        Category::HighLevel
    } else if WORKING.is_match(tail) {
        Category::WorkingLevel
    } else {
        Category::HighLevel
    }
}

/// A name may run on past its keyword with a bracket (`訓練（コープ・ノース・
/// グアム15）`, `会合（SDCF）`): include it.
fn name_end_after(piece: &str, end: usize) -> usize {
    let rest = piece.get(end..).unwrap_or("");
    let Some(open) = rest.chars().next().filter(|c| matches!(c, '（' | '(' | '「')) else { return end };
    let close = match open {
        '（' => '）',
        '(' => ')',
        _ => '」',
    };
    rest.find(close).filter(|i| *i < 120).map_or(end, |i| end + i + close.len_utf8())
}

/// The name ending at byte `end` of `piece`: the run of kanji, katakana,
/// Latin letters, digits and name punctuation before it.
fn name_before(piece: &str, end: usize) -> String {
    let head = piece.get(..end).unwrap_or("");
    let mut start = name_start(head, head.len());
    // `日ASEAN招へいプログラム`: a name word written with kana is part of
    // the name, and the name goes on before it (each round moves `start`
    // back by at least the word, so the loop ends).
    while let Some(before) = head.get(..start).and_then(|h| h.strip_suffix(KANA_NAME_WORD)) {
        start = name_start(head, before.len());
    }
    let name = head.get(start..).unwrap_or("");
    let name = name.trim_start_matches(['）', ')', '」', '・']);
    crate::gazetteer::nfkc_compact(name)
}

/// A word of a name written partly in kana (`招へい`).
const KANA_NAME_WORD: &str = "招へい";

/// Where the run of name characters that ends at byte `end` of `head` starts.
fn name_start(head: &str, end: usize) -> usize {
    let head = head.get(..end).unwrap_or("");
    let mut start = head.len();
    let mut depth = 0i32;
    for (idx, ch) in head.char_indices().rev() {
        match ch {
            '）' | ')' | '」' => depth += 1,
            '（' | '(' | '「' => depth -= 1,
            _ => {}
        }
        let name_char = depth > 0
            || matches!(
                ch,
                '（' | '(' | '「' | '）' | ')' | '」' | '・' | '＋' | '+' | '-' | 'ー' | '－' | '＝' | '々'
            )
            || ch.is_ascii_alphanumeric()
            || ('\u{30A0}'..='\u{30FF}').contains(&ch)
            || ('\u{4E00}'..='\u{9FFF}').contains(&ch)
            || ('０'..='９').contains(&ch)
            || ('Ａ'..='ｚ').contains(&ch);
        if !name_char || depth < 0 {
            break;
        }
        start = idx;
    }
    start
}
