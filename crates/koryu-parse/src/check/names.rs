//! Names one edit away from a known country or place (`likely-typo`), and the `help:` of unknown headers.
//!
//! "One edit" is a Levenshtein distance of 1 over characters, or a
//! difference only in voicing marks (`ブノンベン` for `プノンペン`: ブ/プ and
//! ベ/ペ differ by a dakuten/handakuten, the commonest slip in katakana).
//! Only katakana words of at least [`MIN_NAME_CHARS`] characters are compared,
//! and a word that is itself a known name is never a typo, so that real
//! neighbours (`オーストリア`/`オーストラリア`, `アイルランド`/`アイスランド`)
//! stay quiet.

use super::{page_span, Line};
use crate::read::Page;
use koryu_model::{Code, Diagnostic};
use unicode_normalization::UnicodeNormalization;

/// Shorter words are too often one edit from another real word (`イラン`,
/// `イラク`, `パリ`, `バリ`).
const MIN_NAME_CHARS: usize = 4;

/// Countries and organisations in katakana, as the Ministry writes them.
const COUNTRY_NAMES: &[&str] = &[
    "アイスランド", "アイルランド", "アゼルバイジャン", "アフガニスタン", "アメリカ", "アラブ首長国連邦", "アルジェリア",
    "アルゼンチン", "アルメニア", "アンゴラ", "イエメン", "イギリス", "イスラエル", "イタリア", "イラク", "イラン", "インド",
    "インドネシア", "ウガンダ", "ウクライナ", "ウズベキスタン", "ウルグアイ", "エクアドル", "エジプト", "エストニア",
    "エチオピア", "エリトリア", "オーストラリア", "オーストリア", "オマーン", "オランダ", "ガーナ", "カザフスタン",
    "カタール", "カナダ", "カンボジア", "ギニア", "キプロス", "キューバ", "ギリシャ", "キリバス", "キルギス", "グアテマラ",
    "クウェート", "クロアチア", "ケニア", "コスタリカ", "コロンビア", "コンゴ", "サウジアラビア", "サモア", "ザンビア",
    "ジブチ", "ジャマイカ", "ジョージア", "シリア", "シンガポール", "スイス", "スウェーデン", "スーダン", "スペイン",
    "スリランカ", "スロバキア", "スロベニア", "セネガル", "セルビア", "ソマリア", "ソロモン諸島", "タイ", "タジキスタン",
    "タンザニア", "チェコ", "チュニジア", "チリ", "ツバル", "デンマーク", "ドイツ", "ドミニカ", "トルクメニスタン",
    "トルコ", "トンガ", "ナイジェリア", "ナウル", "ナミビア", "ニカラグア", "ニュージーランド", "ネパール", "ノルウェー",
    "ハイチ", "パキスタン", "パナマ", "バヌアツ", "パプアニューギニア", "パラオ", "パラグアイ", "ハンガリー",
    "バングラデシュ", "東ティモール", "フィジー", "フィリピン", "フィンランド", "ブータン", "ブラジル", "フランス",
    "ブルガリア", "ブルネイ", "ベトナム", "ベネズエラ", "ベラルーシ", "ペルー", "ベルギー", "ポーランド", "ボスニア",
    "ボツワナ", "ボリビア", "ポルトガル", "ホンジュラス", "マーシャル諸島", "マダガスカル", "マラウイ", "マリ",
    "マルタ", "マレーシア", "ミクロネシア", "ミャンマー", "メキシコ", "モザンビーク", "モルディブ", "モルドバ",
    "モロッコ", "モンゴル", "モンテネグロ", "ヨルダン", "ラオス", "ラトビア", "リトアニア", "リビア", "ルーマニア",
    "ルクセンブルク", "ルワンダ", "レバノン", "ロシア", "南アフリカ", "北マケドニア", "ヴァヌアツ", "バーレーン",
    "スロヴェニア", "ティモール",
];

/// Capitals, venues and forums that the tables name in brackets.
const PLACE_NAMES: &[&str] = &[
    "プノンペン", "シエムリアップ", "ジャカルタ", "バンコク", "ハノイ", "ホーチミン", "マニラ", "クアラルンプール",
    "ビエンチャン", "ヤンゴン", "ネピドー", "ニューデリー", "デリー", "ムンバイ", "コロンボ", "イスラマバード", "ダッカ",
    "ウランバートル", "ソウル", "ペキン", "シドニー", "キャンベラ", "アデレード", "ダーウィン", "メルボルン", "ブリスベン",
    "パース", "オークランド", "ウェリントン", "ワシントン", "ハワイ", "ホノルル", "グアム", "サンディエゴ", "ニューポート",
    "コロラドスプリングス", "ニューヨーク", "ロンドン", "パリ", "ベルリン", "ミュンヘン", "ローマ", "ナポリ", "ヴェネツィア",
    "ベネチア", "ブリュッセル", "ワルシャワ", "プラハ", "マドリッド", "マドリード", "オタワ", "ビリニュス", "アブダビ",
    "ドバイ", "ドーハ", "マナーマ", "アンマン", "テルアビブ", "エルサレム", "ヘルシンキ", "ストックホルム", "オスロ",
    "コペンハーゲン", "ウィーン", "ブダペスト", "ブカレスト", "ソフィア", "アテネ", "リスボン", "ハリファックス",
    "シャングリラ", "ライシナ", "ジュネーブ", "ハーグ", "アムステルダム", "キーウ", "キエフ", "モスクワ", "カイロ",
    "リヤド", "テヘラン", "ナイロビ", "アディスアベバ", "ポートモレスビー", "スバ", "ヌクアロファ", "ホニアラ",
    "マジュロ", "コロール", "ポートビラ", "ディリ", "シンガポール",
];

/// Every known katakana name, countries first.
fn known_names() -> impl Iterator<Item = &'static str> {
    COUNTRY_NAMES.iter().chain(PLACE_NAMES).copied()
}

/// Reports katakana words one edit away from a known country or place.
pub(super) fn check_names(page: &Page, lines: &[Line], found: &mut Vec<Diagnostic>) {
    for line in lines {
        let text = line.text(page);
        for (range, word) in katakana_words(text) {
            if word.chars().count() < MIN_NAME_CHARS || known_names().any(|name| name == word) {
                continue;
            }
            let Some(name) = known_names().find(|name| is_likely_typo(word, name)) else {
                continue;
            };
            let span = page_span(page, line.range.start + range.start..line.range.start + range.end);
            found.push(
                Diagnostic::new(
                    Code::LikelyTypo,
                    span,
                    format!("`{word}` is one edit away from the known name `{name}`; check the spelling"),
                    word,
                )
                .with_help(name),
            );
        }
    }
}

/// True when `word` is not `name` but one edit (or one set of voicing
/// marks) away from it; both must have at least [`MIN_NAME_CHARS`] characters.
pub fn is_likely_typo(word: &str, name: &str) -> bool {
    if word == name || word.chars().count() < MIN_NAME_CHARS || name.chars().count() < MIN_NAME_CHARS {
        return false;
    }
    strsim::levenshtein(word, name) == 1 || strip_voicing(word) == strip_voicing(name)
}

/// The known country name closest to `word` (a header's text without its
/// brackets), if one is close enough to be a likely fix: at most two edits,
/// and fewer than a third of the word's characters.
pub fn closest_known_name(word: &str) -> Option<&'static str> {
    let n_chars = word.chars().count();
    if n_chars < 2 {
        return None;
    }
    let word_folded = strip_voicing(word);
    COUNTRY_NAMES
        .iter()
        .copied()
        .filter(|name| *name != word)
        .map(|name| {
            let distance = strsim::levenshtein(word, name).min(strsim::levenshtein(&word_folded, &strip_voicing(name)) + 1);
            (distance, name)
        })
        .filter(|(distance, _)| *distance <= 2 && *distance * 3 < n_chars.max(3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Adds `did you mean 【…】?` to unknown-country findings that have no help.
pub(super) fn add_country_help(diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics.iter_mut().filter(|d| d.code == Code::UnknownCountry && d.help.is_none()) {
        let name = diagnostic.excerpt.trim().trim_start_matches('【').trim_end_matches('】').trim();
        if let Some(known) = closest_known_name(name) {
            diagnostic.help = Some(format!("did you mean 【{known}】?"));
        }
    }
}

/// Maximal runs of katakana (with the long-vowel mark) in `text`, with their
/// byte ranges; `・` separates words.
fn katakana_words(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (idx, ch) in text.char_indices() {
        let is_katakana = matches!(ch, '\u{30A1}'..='\u{30FA}' | 'ー' | 'ヽ' | 'ヾ');
        match (is_katakana, start) {
            (true, None) => start = Some(idx),
            (false, Some(s)) => {
                words.push(s..idx);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words.into_iter().filter_map(move |range| text.get(range.clone()).map(|word| (range, word)))
}

/// `word` without dakuten and handakuten (`プノンペン` → `フノンヘン`).
fn strip_voicing(word: &str) -> String {
    word.nfd().filter(|ch| !matches!(ch, '\u{3099}' | '\u{309A}')).nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::page_lines;

    fn typos(text: &str) -> Vec<(u32, u32, String, Option<String>)> {
        let page = Page::from_text(text);
        let mut found = Vec::new();
        check_names(&page, &page_lines(&page), &mut found);
        found.into_iter().map(|d| (d.line, d.column, d.excerpt, d.help)).collect()
    }

    #[test]
    fn voicing_slips_are_typos() {
        assert_eq!(
            typos("日ブルネイ会談（ブノンベン（会合））"),
            vec![(1, 9, "ブノンベン".to_owned(), Some("プノンペン".to_owned()))]
        );
    }

    #[test]
    fn real_neighbours_are_not_typos() {
        assert!(typos("【オーストリア】会談、【オーストラリア】会談、アイルランド、アイスランド、イラン、イラク").is_empty());
        assert!(typos("シャングリラ会合、ライシナ対話、シンポジウム、セミナー").is_empty());
    }

    #[test]
    fn suggests_the_closest_country_for_a_header() {
        assert_eq!(closest_known_name("オーストラリヤ"), Some("オーストラリア"));
        assert_eq!(closest_known_name("ニュージランド"), Some("ニュージーランド"));
        assert_eq!(closest_known_name("防衛相会談"), None);
    }
}
