//! Canonical titles: the form of an item's text that two sources agree on.

use unicode_normalization::UnicodeNormalization;

/// Country names and abbreviations that may follow a leading 日 in a title
/// (日豪防衛相会談, 日米豪…, 日ASEAN…). This crate does not depend on
/// koryu-parse, so it keeps its own short list; a name missing here only
/// means a prefixed and an unprefixed title do not unify.
const COUNTRY_PREFIXES: &[&str] = &[
    // Longer forms first is not required: the matcher takes the longest hit.
    "アメリカ",
    "米国",
    "米",
    "オーストラリア",
    "豪州",
    "豪",
    "イギリス",
    "英国",
    "英",
    "フランス",
    "仏",
    "ドイツ",
    "独",
    "イタリア",
    "伊",
    "カナダ",
    "加",
    "インド",
    "印",
    "韓国",
    "韓",
    "中国",
    "中",
    "ロシア",
    "露",
    "フィリピン",
    "比",
    "ベトナム",
    "越",
    "インドネシア",
    "シンガポール",
    "タイ",
    "マレーシア",
    "ブルネイ",
    "カンボジア",
    "ラオス",
    "ミャンマー",
    "東ティモール",
    "モンゴル",
    "ニュージーランド",
    "NZ",
    "スリランカ",
    "バングラデシュ",
    "パキスタン",
    "ネパール",
    "モルディブ",
    "アラブ首長国連邦",
    "UAE",
    "サウジアラビア",
    "カタール",
    "オマーン",
    "バーレーン",
    "クウェート",
    "ヨルダン",
    "イスラエル",
    "トルコ",
    "エジプト",
    "ジブチ",
    "ケニア",
    "スペイン",
    "オランダ",
    "ベルギー",
    "ポーランド",
    "スウェーデン",
    "フィンランド",
    "ノルウェー",
    "デンマーク",
    "チェコ",
    "エストニア",
    "ラトビア",
    "リトアニア",
    "ウクライナ",
    "ブラジル",
    "チリ",
    "ペルー",
    "メキシコ",
    "ソロモン",
    "パプアニューギニア",
    "フィジー",
    "トンガ",
    "NATO",
    "EU",
    "ASEAN",
];

/// Words that mean the same office, unified to the first form so that
/// 日豪防衛大臣会談 and 豪防衛相会談 agree (issue 2: 防衛相/防衛大臣 unified).
const SYNONYMS: &[(&str, &str)] = &[
    ("防衛大臣", "防衛相"),
    ("国防大臣", "国防相"),
    ("統合幕僚長", "統幕長"),
    ("陸上幕僚長", "陸幕長"),
    ("海上幕僚長", "海幕長"),
    ("航空幕僚長", "空幕長"),
    ("防衛装備庁長官", "装備庁長官"),
];

/// The canonical form of a title for matching: NFKC; bracketed parts
/// (`()`, `「」`, `【】`, `[]`, with their content) removed; a leading 日
/// followed by country names (日豪, 日米豪, 日・ASEAN) removed, also after
/// an ordinal `第N回`; 防衛大臣 → 防衛相; all whitespace removed.
///
/// The countries themselves are part of the matching key, so dropping the
/// prefix loses nothing: 日豪防衛相会談 under `AU` equals 防衛相会談 under `AU`.
///
/// ```
/// use koryu_normalize::canonicalize_title;
/// assert_eq!(canonicalize_title("日豪防衛大臣会談(6月)"), canonicalize_title("防衛相会談"));
/// ```
pub fn canonicalize_title(title: &str) -> String {
    let nfkc: String = title.nfkc().collect();
    let without_brackets = remove_brackets(&nfkc);
    let compact: String = without_brackets.chars().filter(|c| !c.is_whitespace()).collect();
    let mut unified = compact;
    for (from, to) in SYNONYMS {
        if unified.contains(from) {
            unified = unified.replace(from, to);
        }
    }
    strip_country_prefix(&unified)
}

/// Removes every bracketed part with its content. An unclosed bracket keeps
/// the rest of the text (the parser reports it; here we only must not lose it).
fn remove_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut stack: Vec<char> = Vec::new();
    let mut pending = String::new();
    for c in text.chars() {
        if let Some(close) = closing_of(c) {
            stack.push(close);
            pending.push(c);
        } else if stack.last() == Some(&c) {
            stack.pop();
            if stack.is_empty() {
                pending.clear();
            } else {
                pending.push(c);
            }
        } else if stack.is_empty() {
            out.push(c);
        } else {
            pending.push(c);
        }
    }
    // Unbalanced: give back what was swallowed after the unclosed opener.
    out.push_str(&pending);
    out
}

fn closing_of(open: char) -> Option<char> {
    match open {
        '(' => Some(')'),
        '「' => Some('」'),
        '【' => Some('】'),
        '[' => Some(']'),
        '『' => Some('』'),
        '〔' => Some('〕'),
        _ => None,
    }
}

/// `[第N回]日<countries><rest>` → `[第N回]<rest>`, when at least one country
/// follows the 日 and something is left after them.
fn strip_country_prefix(title: &str) -> String {
    let (ordinal, rest) = split_ordinal(title);
    let Some(after_japan) = rest.strip_prefix('日') else {
        return strip_bare_country(ordinal, rest).unwrap_or_else(|| title.to_owned());
    };
    let mut tail = after_japan;
    let mut n_countries = 0;
    loop {
        let trimmed = tail.trim_start_matches(['・', '、']);
        let longest = COUNTRY_PREFIXES.iter().filter(|name| trimmed.starts_with(**name)).max_by_key(|name| name.len());
        match longest {
            Some(name) => {
                tail = trimmed.get(name.len()..).unwrap_or("");
                n_countries += 1;
            }
            None => break,
        }
    }
    if n_countries == 0 || tail.is_empty() {
        return title.to_owned();
    }
    format!("{ordinal}{tail}")
}

/// `[第N回]シンガポール防衛当局間協議` → `[第N回]防衛当局間協議`: a country
/// name written without the 日 (an edition drops or adds it). Only names of
/// two characters or more: a one-kanji name is also the start of words
/// (米国防長官, 英語), and the counterparts are compared on their own.
fn strip_bare_country(ordinal: &str, rest: &str) -> Option<String> {
    let name = COUNTRY_PREFIXES.iter().filter(|name| rest.starts_with(**name)).max_by_key(|name| name.len())?;
    if name.chars().count() < 2 {
        return None;
    }
    let tail = rest.get(name.len()..)?;
    // What is left must be a meeting's name, not a role of the country
    // (`インド国防相訪日` keeps its country: the role phrase is the title).
    let meeting = ["防衛当局間協議", "防衛政策対話", "防衛相会談", "防衛大臣会談", "外務・防衛"];
    meeting.iter().any(|m| tail.starts_with(m)).then(|| format!("{ordinal}{tail}"))
}

/// Splits a leading `第12回` off, so 第12回日カナダ… strips like 日カナダ….
fn split_ordinal(title: &str) -> (&str, &str) {
    let Some(after_dai) = title.strip_prefix('第') else {
        return ("", title);
    };
    let digits_len: usize = after_dai.chars().take_while(char::is_ascii_digit).map(char::len_utf8).sum();
    if digits_len == 0 {
        return ("", title);
    }
    let after_digits = after_dai.get(digits_len..).unwrap_or("");
    match after_digits.strip_prefix('回') {
        Some(rest) => {
            let ordinal_len = title.len() - rest.len();
            (title.get(..ordinal_len).unwrap_or(""), rest)
        }
        None => ("", title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_prefix_and_synonyms_unify() {
        assert_eq!(canonicalize_title("日豪防衛相会談"), "防衛相会談");
        assert_eq!(canonicalize_title("防衛相会談"), "防衛相会談");
        assert_eq!(canonicalize_title("日豪防衛大臣会談"), "防衛相会談");
        assert_eq!(canonicalize_title("日米豪防衛相会談"), "防衛相会談");
        assert_eq!(canonicalize_title("日・ASEAN防衛当局次官級会合"), "防衛当局次官級会合");
        assert_eq!(canonicalize_title("第12回日カナダ防衛当局間協議"), "第12回防衛当局間協議");
        // An edition that drops the 日 of a compound.
        assert_eq!(canonicalize_title("第18回ベトナム防衛当局間協議"), "第18回防衛当局間協議");
        assert_eq!(canonicalize_title("シンガポール防衛政策対話"), "防衛政策対話");
        // A role of the country stays: it is what the title names.
        assert_eq!(canonicalize_title("インド国防相訪日"), "インド国防相訪日");
        assert_eq!(canonicalize_title("米国防長官訪日"), "米国防長官訪日");
    }

    #[test]
    fn brackets_whitespace_and_width_are_removed() {
        assert_eq!(canonicalize_title("防衛相会談（６月、１１月）"), "防衛相会談");
        assert_eq!(canonicalize_title("外務・防衛閣僚会合「2+2」 (東京)"), "外務・防衛閣僚会合");
        assert_eq!(canonicalize_title("シンガポール(第19回シャングリラ会合(全体))訪問"), "シンガポール訪問");
        assert_eq!(canonicalize_title("防衛相 会談"), "防衛相会談");
    }

    #[test]
    fn titles_that_only_look_prefixed_stay() {
        // 日程 is not 日 + a country; a bare 日米 has nothing after it.
        assert_eq!(canonicalize_title("日程調整"), "日程調整");
        assert_eq!(canonicalize_title("日米"), "日米");
        assert_eq!(canonicalize_title("統幕長タイ訪問"), "統幕長タイ訪問");
    }

    #[test]
    fn unbalanced_bracket_keeps_the_text() {
        assert_eq!(canonicalize_title("防衛相会談(6月"), "防衛相会談(6月");
    }
}
