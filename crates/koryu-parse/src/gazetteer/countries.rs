//! Country and organisation names as written in the Ministry's documents.

use koryu_model::CountryCode;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Names (NFKC) and the counterparts they stand for. An empty code list is a
/// name that must win a longest match without being a counterpart: Japan
/// itself, and regions that contain a country's name (`インド太平洋`).
pub(crate) const NAMES: &[(&str, &[&str])] = &[
    // Not counterparts.
    ("日本", &[]),
    ("我が国", &[]),
    ("インド太平洋", &[]),
    ("東南アジア", &[]),
    ("南アジア", &[]),
    ("中央アジア", &[]),
    ("太平洋島嶼国", &[]),
    // Organisations.
    ("NATO", &["NATO"]),
    ("北大西洋条約機構", &["NATO"]),
    ("EU", &["EU"]),
    ("欧州連合", &["EU"]),
    ("ASEAN地域フォーラム", &["ARF"]),
    ("ARF", &["ARF"]),
    ("拡大ASEAN国防相会議", &["ADMM+"]),
    ("ADMMプラス", &["ADMM+"]),
    ("ADMM+", &["ADMM+"]),
    // The senior officials' meeting of ADMMプラス is the same framework.
    ("ADSOMプラス", &["ADMM+"]),
    ("ADSOM+", &["ADMM+"]),
    ("ASEAN", &["ASEAN"]),
    ("東南アジア諸国連合", &["ASEAN"]),
    ("国連", &["UN"]),
    ("国際連合", &["UN"]),
    // States.
    ("オーストラリア", &["AU"]),
    ("豪州", &["AU"]),
    ("アメリカ合衆国", &["US"]),
    ("アメリカ", &["US"]),
    ("米国", &["US"]),
    ("イギリス", &["GB"]),
    ("英国", &["GB"]),
    ("フランス", &["FR"]),
    ("ドイツ", &["DE"]),
    ("イタリア", &["IT"]),
    ("カナダ", &["CA"]),
    ("インドネシア", &["ID"]),
    ("インド", &["IN"]),
    ("ベトナム", &["VN"]),
    ("カンボジア", &["KH"]),
    ("タイ", &["TH"]),
    ("フィリピン", &["PH"]),
    ("シンガポール", &["SG"]),
    ("韓国", &["KR"]),
    ("大韓民国", &["KR"]),
    ("中国", &["CN"]),
    ("中華人民共和国", &["CN"]),
    ("ロシア", &["RU"]),
    ("オランダ", &["NL"]),
    ("スペイン", &["ES"]),
    ("ニュージーランド", &["NZ"]),
    ("マレーシア", &["MY"]),
    ("ブルネイ", &["BN"]),
    ("ミャンマー", &["MM"]),
    ("ラオス", &["LA"]),
    ("東ティモール", &["TL"]),
    ("モンゴル", &["MN"]),
    ("パキスタン", &["PK"]),
    ("スリランカ", &["LK"]),
    ("バングラデシュ", &["BD"]),
    ("モルディブ", &["MV"]),
    ("ネパール", &["NP"]),
    ("ブータン", &["BT"]),
    ("ウクライナ", &["UA"]),
    ("デンマーク", &["DK"]),
    ("フィンランド", &["FI"]),
    ("スウェーデン", &["SE"]),
    ("ノルウェー", &["NO"]),
    ("ポーランド", &["PL"]),
    ("チェコ", &["CZ"]),
    ("スロベニア", &["SI"]),
    ("スロバキア", &["SK"]),
    ("ベルギー", &["BE"]),
    ("ブルガリア", &["BG"]),
    ("ルーマニア", &["RO"]),
    ("オーストリア", &["AT"]),
    ("リトアニア", &["LT"]),
    ("ラトビア", &["LV"]),
    ("エストニア", &["EE"]),
    ("ギリシャ", &["GR"]),
    ("ポルトガル", &["PT"]),
    ("ハンガリー", &["HU"]),
    ("クロアチア", &["HR"]),
    ("アイルランド", &["IE"]),
    ("スイス", &["CH"]),
    ("トルコ", &["TR"]),
    ("イスラエル", &["IL"]),
    ("イラン", &["IR"]),
    ("イラク", &["IQ"]),
    ("エジプト", &["EG"]),
    ("オマーン", &["OM"]),
    ("サウジアラビア", &["SA"]),
    ("カタール", &["QA"]),
    ("バーレーン", &["BH"]),
    ("ヨルダン", &["JO"]),
    ("クウェート", &["KW"]),
    ("アラブ首長国連邦", &["AE"]),
    ("UAE", &["AE"]),
    ("ジブチ", &["DJ"]),
    ("南スーダン", &["SS"]),
    ("スーダン", &["SD"]),
    ("ウガンダ", &["UG"]),
    ("エチオピア", &["ET"]),
    ("南アフリカ", &["ZA"]),
    ("ケニア", &["KE"]),
    ("ブラジル", &["BR"]),
    ("メキシコ", &["MX"]),
    ("チリ", &["CL"]),
    ("ペルー", &["PE"]),
    ("コロンビア", &["CO"]),
    ("アルゼンチン", &["AR"]),
    ("ジャマイカ", &["JM"]),
    ("パプアニューギニア", &["PG"]),
    ("トンガ", &["TO"]),
    ("フィジー", &["FJ"]),
    ("ソロモン諸島", &["SB"]),
    ("ソロモン", &["SB"]),
    ("パラオ", &["PW"]),
    ("バヌアツ", &["VU"]),
    ("ミクロネシア", &["FM"]),
    ("サモア", &["WS"]),
    ("キリバス", &["KI"]),
    ("マーシャル諸島", &["MH"]),
    ("ナウル", &["NR"]),
    ("ツバル", &["TV"]),
    ("カザフスタン", &["KZ"]),
    ("ウズベキスタン", &["UZ"]),
    ("トルクメニスタン", &["TM"]),
    ("キルギス", &["KG"]),
    ("タジキスタン", &["TJ"]),
    ("北朝鮮", &["KP"]),
];

/// One-character abbreviations (taxonomy.md), read only in headers,
/// compounds and the contexts `countries_in` allows.
const ABBREVIATIONS: &[(char, &str)] = &[
    ('豪', "AU"),
    ('米', "US"),
    ('英', "GB"),
    ('仏', "FR"),
    ('独', "DE"),
    ('伊', "IT"),
    ('加', "CA"),
    ('印', "IN"),
    ('尼', "ID"),
    ('越', "VN"),
    ('柬', "KH"),
    ('泰', "TH"),
    ('比', "PH"),
    ('星', "SG"),
    ('韓', "KR"),
    ('中', "CN"),
    ('露', "RU"),
    ('蘭', "NL"),
    ('西', "ES"),
];

/// The counterparts of a whole name or abbreviation (`豪`, `オーストラリア`).
pub(crate) fn lookup_exact(name: &str) -> Option<Vec<&'static str>> {
    if let Some((_, codes)) = NAMES.iter().find(|(n, _)| *n == name) {
        return (!codes.is_empty()).then(|| codes.to_vec());
    }
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => ABBREVIATIONS.iter().find(|(a, _)| *a == c).map(|(_, code)| vec![*code]),
        _ => None,
    }
}

/// The counterpart of a one-character abbreviation.
pub(crate) fn abbreviation(c: char) -> Option<CountryCode> {
    ABBREVIATIONS.iter().find(|(a, _)| *a == c).and_then(|(_, code)| CountryCode::new(code))
}

/// A name and its counterparts, as in [`NAMES`].
type NameEntry = (&'static str, &'static [&'static str]);

/// [`NAMES`] by first char, in table order: a scan per char of prose
/// tries only the names that can start there (this was a tenth of the run).
static NAMES_BY_FIRST_CHAR: LazyLock<HashMap<char, Vec<NameEntry>>> = LazyLock::new(|| {
    let mut index: HashMap<char, Vec<NameEntry>> = HashMap::new();
    for (name, codes) in NAMES {
        if let Some(first) = name.chars().next() {
            index.entry(first).or_default().push((name, codes));
        }
    }
    index
});

/// The longest name `text` starts with: its counterparts (maybe none) and
/// its length in bytes.
pub(crate) fn longest_name(text: &str) -> Option<(Vec<CountryCode>, usize)> {
    let first = text.chars().next()?;
    NAMES_BY_FIRST_CHAR
        .get(&first)?
        .iter()
        .filter(|(name, _)| text.starts_with(name))
        .max_by_key(|(name, _)| name.len())
        .map(|(name, codes)| (codes.iter().filter_map(|c| CountryCode::new(c)).collect(), name.len()))
}
