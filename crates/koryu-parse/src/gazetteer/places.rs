//! Places that stand in venue brackets, with the country they lie in.

/// Place names (NFKC) and the ISO code of their country; `JP` marks Japan,
/// which makes a visit inbound.
pub const PLACES: &[(&str, &str)] = &[
    ("東京", "JP"),
    ("日本", "JP"),
    ("横須賀", "JP"),
    ("横浜", "JP"),
    ("市ヶ谷", "JP"),
    ("シンガポール", "SG"),
    ("ハワイ", "US"),
    ("ワシントンDC", "US"),
    ("ワシントン", "US"),
    ("ニューポート", "US"),
    ("コロラドスプリングス", "US"),
    ("アメリカ", "US"),
    ("ドバイ", "AE"),
    ("アブダビ", "AE"),
    ("ハノイ", "VN"),
    ("ニューデリー", "IN"),
    ("シドニー", "AU"),
    ("キャンベラ", "AU"),
    ("アデレード", "AU"),
    ("オーストラリア", "AU"),
    ("ブリュッセル", "BE"),
    ("ロンドン", "GB"),
    ("イギリス", "GB"),
    ("オタワ", "CA"),
    ("パリ", "FR"),
    ("マニラ", "PH"),
    ("クアラルンプール", "MY"),
    ("ビリニュス", "LT"),
    ("ワルシャワ", "PL"),
    ("プラハ", "CZ"),
    ("マドリッド", "ES"),
    ("ミュンヘン", "DE"),
    ("プノンペン", "KH"),
    ("シエムリアップ", "KH"),
    ("ソウル", "KR"),
    ("ナポリ", "IT"),
    ("ヴェネツィア", "IT"),
    ("イタリア", "IT"),
];

/// The country code of a place, `None` if unknown.
pub fn place_country(place: &str) -> Option<&'static str> {
    PLACES.iter().find(|(p, _)| *p == place).map(|(_, c)| *c)
}
