//! Names of countries, organisations, roles and places as the Ministry writes them.
//!
//! The tables are data (`countries.rs`, `roles.rs`, `places.rs`); this module
//! holds the lookups. Every scan is a left-to-right longest match, so
//! `インドネシア` wins over `インド` and `インド太平洋` (a region, mapped to no
//! country) wins over both.

mod countries;
mod places;
mod roles;

use koryu_model::{CountryCode, Role};
use std::sync::LazyLock;

pub use places::{place_country, PLACES};

/// How freely one-character abbreviations (豪 米 英 …) may be read in a text.
///
/// Single characters are everywhere in ordinary words (加 in 参加, 中 in
/// 中央), so outside headers and compounds they only count where the
/// context makes them a country: `訪英`, `豪国防軍`, or a list `米、韓、中`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbreviations {
    /// Full names, organisations and `日X` compounds only (titles of items).
    InContext,
    /// Also bare abbreviations in a `、`-separated list (research prose).
    InLists,
}

/// The counterpart a whole 【header】 names: `オーストラリア`, `豪` → `[AU]`,
/// `日米豪` → `[US, AU]`, `UAE` → `[AE]`. `None` when unknown (and for
/// `その他`, whose countries come from each item).
pub fn header_countries(header: &str) -> Option<Vec<CountryCode>> {
    let name = nfkc_compact(header);
    if let Some(entry) = countries::lookup_exact(&name) {
        return Some(entry.iter().filter_map(|c| CountryCode::new(c)).collect());
    }
    // `【米国・韓国】`, `【豪州、ニュージーランド】`: a header listing several,
    // each of them a known name.
    if name.contains(['・', '、', '/']) {
        let mut codes: Vec<CountryCode> = Vec::new();
        for part in name.split(['・', '、', '/']) {
            let entry = countries::lookup_exact(part)?;
            for code in entry.iter().filter_map(|c| CountryCode::new(c)) {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        return (!codes.is_empty()).then_some(codes);
    }
    let rest = name.strip_prefix('日').filter(|r| !r.is_empty())?;
    let codes = parse_compound(rest)?;
    (codes.len() == rest_len_ok(rest, &codes)).then_some(codes)
}

/// The closest known header name one edit away, for a `did you mean` help.
pub fn suggest_header(header: &str) -> Option<&'static str> {
    let name = nfkc_compact(header);
    let n_chars = name.chars().count();
    SUGGESTIBLE
        .iter()
        // One edit changes the length by at most one char.
        .filter(|(_, len)| len.abs_diff(n_chars) <= 1)
        .map(|(n, _)| *n)
        .find(|n| strsim::levenshtein(n, &name) == 1)
}

/// Names of more than one char with their char counts, for [`suggest_header`].
static SUGGESTIBLE: LazyLock<Vec<(&'static str, usize)>> = LazyLock::new(|| {
    countries::NAMES.iter().map(|(n, _)| (*n, n.chars().count())).filter(|(_, len)| *len > 1).collect()
});

/// True when the header is `その他`: countries come from the items.
pub fn is_other_header(header: &str) -> bool {
    nfkc_compact(header) == "その他"
}

/// The countries of a `日X…` compound at the start of `text` (`日米豪防衛相会談`
/// → `[US, AU]`, `日本国防衛省` → `[]`). Empty when `text` does not start
/// with such a compound.
pub fn leading_compound(text: &str) -> Vec<CountryCode> {
    text.strip_prefix('日').and_then(parse_compound).unwrap_or_default()
}

/// The name a counterpart code is first listed under in the gazetteer
/// (`AU` → オーストラリア, `ADMM+` → 拡大ASEAN国防相会議), for people reading
/// counts; `None` for a code the gazetteer has no name of its own for.
pub fn name_of(code: &str) -> Option<&'static str> {
    countries::NAMES.iter().find(|(_, codes)| *codes == [code]).map(|(name, _)| *name)
}

/// Every counterpart named in `text`, in order of first appearance, without
/// duplicates; Japan is never one.
pub fn countries_in(text: &str, abbreviations: Abbreviations) -> Vec<CountryCode> {
    let mut found: Vec<CountryCode> = Vec::new();
    let mut prev: Option<char> = None;
    let mut byte = 0;
    while let Some(rest) = text.get(byte..) {
        let Some(ch) = rest.chars().next() else { break };
        let mut advance = ch.len_utf8();
        let after = rest.get(ch.len_utf8()..).unwrap_or("");
        // 日X compounds: a country run right after 日 (not after 訪/来/駐,
        // where 日 is Japan itself).
        if ch == '日' && !matches!(prev, Some('訪' | '来' | '駐' | '毎' | '本' | '同' | '月')) {
            if let Some((codes, consumed)) = compound_prefix(after) {
                push_all(&mut found, codes);
                advance += consumed;
            }
        } else if let Some(code) =
            (ch == '訪').then(|| after.chars().next().and_then(countries::abbreviation)).flatten()
        {
            push_all(&mut found, vec![code]);
            advance += after.chars().next().map_or(0, char::len_utf8);
        } else if let Some((codes, len)) = countries::longest_name(rest) {
            // A katakana name inside a longer katakana word is not that
            // country (`タイフーン` is no タイ, `インドシナ` no インド): the
            // whole word is skipped.
            let inside_word = is_katakana_letter(ch)
                && (prev.is_some_and(is_katakana_letter)
                    || rest.get(len..).and_then(|r| r.chars().next()).is_some_and(is_katakana_letter));
            if inside_word {
                advance = rest.find(|c: char| !is_katakana_letter(c)).unwrap_or(rest.len());
            } else {
                push_all(&mut found, codes);
                advance = len;
            }
        } else if let Some(code) = countries::abbreviation(ch) {
            // `米豪印海軍`: a run of abbreviations before a military word
            // names each of them.
            let run: Vec<CountryCode> = after.chars().map_while(countries::abbreviation).collect();
            let run_len: usize = after.chars().take(run.len()).map(char::len_utf8).sum();
            let after_run = after.get(run_len..).unwrap_or("");
            if !run.is_empty() && MILITARY.iter().any(|w| after_run.starts_with(w)) {
                push_all(&mut found, std::iter::once(code).chain(run).collect());
                prev = after.get(..run_len).and_then(|s| s.chars().last());
                byte += advance + run_len;
                continue;
            }
            let next = after.chars().next();
            let military = MILITARY.iter().any(|w| after.starts_with(w));
            let listed = abbreviations == Abbreviations::InLists
                && matches!(prev, None | Some('、' | '●' | '・' | ',' | ' ' | '\u{3000}' | '及'))
                && matches!(next, None | Some('、' | '・' | '及' | '等' | ',' | ' ' | '\u{3000}'));
            if military || listed {
                push_all(&mut found, vec![code]);
            }
        }
        prev = rest.get(..advance).and_then(|s| s.chars().last());
        byte += advance;
    }
    found
}

/// What may follow a one-character country abbreviation that makes it a
/// country (`米軍`, `豪海軍`, `印太平洋軍`), not part of another word.
const MILITARY: &[&str] = &[
    "国防",
    "軍",
    "海",
    "陸",
    "空",
    "人民",
    "統合",
    "第",
    "宇宙",
    "主権",
    "太平洋軍",
    "太平洋空軍",
    "太平洋艦隊",
    "インド太平洋軍",
    "アフリカ軍",
];

/// A katakana letter or the long-vowel mark, which continue a katakana
/// word; the middle dot `・` separates words.
fn is_katakana_letter(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}

/// Japanese roles named in `text` (taxonomy.md `jp_roles`), in order, without
/// duplicates. Foreign roles (`国防大臣`, `国防次官`) are skipped.
pub fn roles_in(text: &str) -> Vec<Role> {
    let mut found = Vec::new();
    let mut byte = 0;
    while let Some(rest) = text.get(byte..) {
        let Some(ch) = rest.chars().next() else { break };
        match roles::longest(rest) {
            Some((role, len)) => {
                if let Some(role) = role {
                    if !found.contains(&role) {
                        found.push(role);
                    }
                }
                byte += len;
            }
            None => byte += ch.len_utf8(),
        }
    }
    found
}

/// The role a whole bracket names (`(統幕長)`), if any.
pub fn role_exact(text: &str) -> Option<Role> {
    roles::exact(&nfkc_compact(text))
}

/// NFKC with all whitespace removed, for comparing names.
pub fn nfkc_compact(text: &str) -> String {
    let mut out = nfkc(text);
    out.retain(|c| !c.is_whitespace());
    out
}

/// NFKC of `text`, without the general algorithm when every char is one
/// whose NFKC is known per char (see `is_nfkc_stable` and
/// `fullwidth_to_ascii`): most of what the Ministry writes, full-width
/// digits and brackets included. Normalisation was a third of the run
/// before this path.
pub fn nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if text.chars().all(is_nfkc_stable) {
        return text.to_owned();
    }
    if text.chars().all(|c| is_nfkc_stable(c) || fullwidth_to_ascii(c).is_some()) {
        return text.chars().map(|c| fullwidth_to_ascii(c).unwrap_or(c)).collect();
    }
    text.nfkc().collect()
}

/// The ASCII char NFKC makes of a full-width form (`（` → `(`, `１` →
/// `1`) or of the ideographic space. ASCII composes with nothing on either
/// side, so mapping such chars one by one is their NFKC in any string of
/// them and [`is_nfkc_stable`] chars.
fn fullwidth_to_ascii(c: char) -> Option<char> {
    match c {
        '\u{3000}' => Some(' '),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        _ => None,
    }
}

/// Chars that NFKC maps to themselves and that compose with nothing, so a
/// string of them alone is already NFKC: ASCII, the kana (not the
/// combining voicing marks, not `ゟ`/`ヿ`), CJK brackets and stops, and
/// unified kanji (not the compatibility ideographs). Not the ideographic
/// space nor full-width forms: NFKC rewrites those.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{7F}'
            | '\u{3001}'..='\u{3002}'
            | '\u{3005}'
            | '\u{300C}'..='\u{3011}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FE}'
            | '\u{4E00}'..='\u{9FFF}')
}

fn push_all(found: &mut Vec<CountryCode>, codes: Vec<CountryCode>) {
    for code in codes {
        if !found.contains(&code) {
            found.push(code);
        }
    }
}

/// A run of countries at the start of `text` (abbreviations, names,
/// organisations) and how many bytes it took; `None` if there is none.
fn compound_prefix(text: &str) -> Option<(Vec<CountryCode>, usize)> {
    let mut codes = Vec::new();
    let mut byte = 0;
    while let Some(rest) = text.get(byte..) {
        if let Some((found, len)) = countries::longest_name(rest) {
            if found.is_empty() {
                break;
            }
            codes.extend(found);
            byte += len;
        } else if let Some(code) = rest.chars().next().and_then(countries::abbreviation) {
            codes.push(code);
            byte += rest.chars().next().map_or(1, char::len_utf8);
        } else {
            break;
        }
    }
    (!codes.is_empty()).then_some((codes, byte))
}

fn parse_compound(text: &str) -> Option<Vec<CountryCode>> {
    compound_prefix(text).map(|(codes, _)| codes)
}

/// How many chars of a header a compound must use: all of them (so 【日米豪】
/// is a compound but 【日本語】 is not).
fn rest_len_ok(rest: &str, codes: &[CountryCode]) -> usize {
    match compound_prefix(rest) {
        Some((_, consumed)) if consumed == rest.len() => codes.len(),
        _ => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[CountryCode]) -> Vec<&str> {
        list.iter().map(CountryCode::as_str).collect()
    }

    #[test]
    fn headers_resolve_names_abbreviations_and_compounds() {
        assert_eq!(codes(&header_countries("オーストラリア").unwrap()), ["AU"]);
        assert_eq!(codes(&header_countries("豪").unwrap()), ["AU"]);
        assert_eq!(codes(&header_countries("日米豪").unwrap()), ["US", "AU"]);
        assert_eq!(codes(&header_countries("日英伊").unwrap()), ["GB", "IT"]);
        assert_eq!(codes(&header_countries("UAE").unwrap()), ["AE"]);
        assert_eq!(codes(&header_countries("アラブ首長国連邦").unwrap()), ["AE"]);
        assert_eq!(codes(&header_countries("NATO").unwrap()), ["NATO"]);
        assert!(header_countries("オーストラリヤ").is_none());
        assert_eq!(codes(&header_countries("米国・韓国").unwrap()), ["US", "KR"]);
        assert_eq!(codes(&header_countries("豪州、ニュージーランド").unwrap()), ["AU", "NZ"]);
        // One unknown part makes the whole header unknown (reported, not half-read).
        assert!(header_countries("米国・ナルニア").is_none());
        assert_eq!(suggest_header("オーストラリヤ"), Some("オーストラリア"));
        assert!(header_countries("日本").is_none());
    }

    #[test]
    fn compounds_and_names_in_text() {
        assert_eq!(codes(&leading_compound("日米豪防衛相会談")), ["US", "AU"]);
        assert_eq!(codes(&leading_compound("日加防衛相テレビ会談")), ["CA"]);
        assert!(leading_compound("日本国防衛省").is_empty());
        assert_eq!(codes(&countries_in("日米ソロモン親善訓練", Abbreviations::InContext)), ["US", "SB"]);
        assert_eq!(
            codes(&countries_in("マレーシア国防副大臣を受け入れ、インド太平洋の情勢", Abbreviations::InContext)),
            ["MY"]
        );
        assert_eq!(codes(&countries_in("陸幕長訪英", Abbreviations::InContext)), ["GB"]);
        assert!(countries_in("会議に参加", Abbreviations::InLists).is_empty());
        assert_eq!(name_of("AU"), Some("オーストラリア"));
        assert_eq!(name_of("ADMM+"), Some("拡大ASEAN国防相会議"));
        assert_eq!(name_of("XX"), None);
        assert_eq!(codes(&countries_in("韓、豪、欧州等の駐日大使", Abbreviations::InLists)), ["KR", "AU"]);
        assert!(countries_in("統幕長訪日", Abbreviations::InContext).is_empty());
        // A country's katakana name inside a longer katakana word is not it.
        assert_eq!(codes(&countries_in("英国空軍の戦闘機タイフーンが来日", Abbreviations::InContext)), ["GB"]);
        assert!(countries_in("インドシナ半島", Abbreviations::InContext).is_empty());
        assert_eq!(codes(&countries_in("タイ・カンボジア", Abbreviations::InContext)), ["TH", "KH"]);
        assert_eq!(codes(&countries_in("インドネシア海軍", Abbreviations::InContext)), ["ID"]);
        assert_eq!(codes(&countries_in("米豪印海軍とともに", Abbreviations::InContext)), ["US", "AU", "IN"]);
    }

    #[test]
    fn the_nfkc_fast_path_covers_only_chars_nfkc_keeps() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::UnicodeNormalization;
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| is_nfkc_stable(*c)) {
            let alone: String = c.nfkc().collect();
            assert_eq!(alone, c.to_string(), "{c:?} changes under NFKC");
            assert_eq!(canonical_combining_class(c), 0, "{c:?} is not a starter");
        }
        for c in ('\u{FF01}'..='\u{FF5E}').chain(['\u{3000}']) {
            let alone: String = c.nfkc().collect();
            assert_eq!(fullwidth_to_ascii(c).map(String::from), Some(alone), "{c:?}");
        }
        let mixed = "（防衛省０６－①）　令和５年度：ＮＡＴＯ　軍事委員長【豪】ｶﾞ";
        assert_eq!(nfkc(mixed), mixed.nfkc().collect::<String>());
        assert_eq!(nfkc("（１０月）ＡＢ"), "(10月)AB");
        // Voiced kana written with a combining mark leave the fast path.
        assert_eq!(nfkc_compact("カ\u{3099} ＡＢ\u{3000}豪"), "ガAB豪");
        assert_eq!(nfkc_compact(" 日米 豪\t"), "日米豪");
    }

    #[test]
    fn roles_skip_foreign_counterparts() {
        assert_eq!(roles_in("防衛相会談"), [Role::Minister]);
        assert_eq!(roles_in("統幕長とインド国防参謀長との電話会談"), [Role::ChiefJointStaff]);
        assert!(roles_in("国防副大臣訪日").is_empty());
        assert!(roles_in("英国防大臣訪日").is_empty());
        assert_eq!(roles_in("大臣政務官ニュージーランド訪問"), [Role::ParliamentaryViceMinister]);
        assert_eq!(roles_in("日米韓参謀総長級会談"), [Role::ChiefJointStaff]);
        assert_eq!(role_exact("統幕長"), Some(Role::ChiefJointStaff));
    }
}
