//! Historical eras before 明治 (data): name and the western year of its first year; the
//! last year each name was in use follows from the next entry.
//!
//! Years before the 1873 calendar reform are lunisolar, so these eras resolve
//! at year precision only: 慶応4年 → 1868. The western year is the one in
//! which the era began (its 元年), as the usual conversion tables give it.

use std::collections::HashMap;
use std::sync::OnceLock;

/// (name, western year of 元年), oldest first: every era from 大化 (645) to
/// 慶応, both courts of 1331–1392 included (their names differ). The year is
/// the conventional one of the lunisolar year the era began in, so an era
/// proclaimed in the twelfth lunar month (正保, began early 1645 in our
/// calendar) has the earlier year (1644), as conversion tables give it.
pub(super) const HISTORICAL_ERAS: &[(&str, i32)] = &[
    ("大化", 645),
    ("白雉", 650),
    ("朱鳥", 686),
    ("大宝", 701),
    ("慶雲", 704),
    ("和銅", 708),
    ("霊亀", 715),
    ("養老", 717),
    ("神亀", 724),
    ("天平", 729),
    ("天平感宝", 749),
    ("天平勝宝", 749),
    ("天平宝字", 757),
    ("天平神護", 765),
    ("神護景雲", 767),
    ("宝亀", 770),
    ("天応", 781),
    ("延暦", 782),
    ("大同", 806),
    ("弘仁", 810),
    ("天長", 824),
    ("承和", 834),
    ("嘉祥", 848),
    ("仁寿", 851),
    ("斉衡", 854),
    ("天安", 857),
    ("貞観", 859),
    ("元慶", 877),
    ("仁和", 885),
    ("寛平", 889),
    ("昌泰", 898),
    ("延喜", 901),
    ("延長", 923),
    ("承平", 931),
    ("天慶", 938),
    ("天暦", 947),
    ("天徳", 957),
    ("応和", 961),
    ("康保", 964),
    ("安和", 968),
    ("天禄", 970),
    ("天延", 973),
    ("貞元", 976),
    ("天元", 978),
    ("永観", 983),
    ("寛和", 985),
    ("永延", 987),
    ("永祚", 989),
    ("正暦", 990),
    ("長徳", 995),
    ("長保", 999),
    ("寛弘", 1004),
    ("長和", 1012),
    ("寛仁", 1017),
    ("治安", 1021),
    ("万寿", 1024),
    ("長元", 1028),
    ("長暦", 1037),
    ("長久", 1040),
    ("寛徳", 1044),
    ("永承", 1046),
    ("天喜", 1053),
    ("康平", 1058),
    ("治暦", 1065),
    ("延久", 1069),
    ("承保", 1074),
    ("承暦", 1077),
    ("永保", 1081),
    ("応徳", 1084),
    ("寛治", 1087),
    ("嘉保", 1094),
    ("永長", 1096),
    ("承徳", 1097),
    ("康和", 1099),
    ("長治", 1104),
    ("嘉承", 1106),
    ("天仁", 1108),
    ("天永", 1110),
    ("永久", 1113),
    ("元永", 1118),
    ("保安", 1120),
    ("天治", 1124),
    ("大治", 1126),
    ("天承", 1131),
    ("長承", 1132),
    ("保延", 1135),
    ("永治", 1141),
    ("康治", 1142),
    ("天養", 1144),
    ("久安", 1145),
    ("仁平", 1151),
    ("久寿", 1154),
    ("保元", 1156),
    ("平治", 1159),
    ("永暦", 1160),
    ("応保", 1161),
    ("長寛", 1163),
    ("永万", 1165),
    ("仁安", 1166),
    ("嘉応", 1169),
    ("承安", 1171),
    ("安元", 1175),
    ("治承", 1177),
    ("養和", 1181),
    ("寿永", 1182),
    ("元暦", 1184),
    ("文治", 1185),
    ("建久", 1190),
    ("正治", 1199),
    ("建仁", 1201),
    ("元久", 1204),
    ("建永", 1206),
    ("承元", 1207),
    ("建暦", 1211),
    ("建保", 1213),
    ("承久", 1219),
    ("貞応", 1222),
    ("元仁", 1224),
    ("嘉禄", 1225),
    ("安貞", 1227),
    ("寛喜", 1229),
    ("貞永", 1232),
    ("天福", 1233),
    ("文暦", 1234),
    ("嘉禎", 1235),
    ("暦仁", 1238),
    ("延応", 1239),
    ("仁治", 1240),
    ("寛元", 1243),
    ("宝治", 1247),
    ("建長", 1249),
    ("康元", 1256),
    ("正嘉", 1257),
    ("正元", 1259),
    ("文応", 1260),
    ("弘長", 1261),
    ("文永", 1264),
    ("建治", 1275),
    ("弘安", 1278),
    ("正応", 1288),
    ("永仁", 1293),
    ("正安", 1299),
    ("乾元", 1302),
    ("嘉元", 1303),
    ("徳治", 1306),
    ("延慶", 1308),
    ("応長", 1311),
    ("正和", 1312),
    ("文保", 1317),
    ("元応", 1319),
    ("元亨", 1321),
    ("正中", 1324),
    ("嘉暦", 1326),
    ("元徳", 1329),
    ("元弘", 1331),
    ("正慶", 1332),
    ("建武", 1334),
    ("延元", 1336),
    ("暦応", 1338),
    ("興国", 1340),
    ("康永", 1342),
    ("貞和", 1345),
    ("正平", 1346),
    ("観応", 1350),
    ("文和", 1352),
    ("延文", 1356),
    ("康安", 1361),
    ("貞治", 1362),
    ("応安", 1368),
    ("建徳", 1370),
    ("文中", 1372),
    ("天授", 1375),
    ("永和", 1375),
    ("康暦", 1379),
    ("弘和", 1381),
    ("永徳", 1381),
    ("元中", 1384),
    ("至徳", 1384),
    ("嘉慶", 1387),
    ("康応", 1389),
    ("明徳", 1390),
    ("応永", 1394),
    ("正長", 1428),
    ("永享", 1429),
    ("嘉吉", 1441),
    ("文安", 1444),
    ("宝徳", 1449),
    ("享徳", 1452),
    ("康正", 1455),
    ("長禄", 1457),
    ("寛正", 1460),
    ("文正", 1466),
    ("応仁", 1467),
    ("文明", 1469),
    ("長享", 1487),
    ("延徳", 1489),
    ("明応", 1492),
    ("文亀", 1501),
    ("永正", 1504),
    ("大永", 1521),
    ("享禄", 1528),
    ("天文", 1532),
    ("弘治", 1555),
    ("永禄", 1558),
    ("元亀", 1570),
    ("天正", 1573),
    ("文禄", 1592),
    ("慶長", 1596),
    ("元和", 1615),
    ("寛永", 1624),
    ("正保", 1644),
    ("慶安", 1648),
    ("承応", 1652),
    ("明暦", 1655),
    ("万治", 1658),
    ("寛文", 1661),
    ("延宝", 1673),
    ("天和", 1681),
    ("貞享", 1684),
    ("元禄", 1688),
    ("宝永", 1704),
    ("正徳", 1711),
    ("享保", 1716),
    ("元文", 1736),
    ("寛保", 1741),
    ("延享", 1744),
    ("寛延", 1748),
    ("宝暦", 1751),
    ("明和", 1764),
    ("安永", 1772),
    ("天明", 1781),
    ("寛政", 1789),
    ("享和", 1801),
    ("文化", 1804),
    ("文政", 1818),
    ("天保", 1830),
    ("弘化", 1844),
    ("嘉永", 1848),
    ("安政", 1854),
    ("万延", 1860),
    ("文久", 1861),
    ("元治", 1864),
    ("慶応", 1865),
];

/// The years an era's name was in use: from its 元年 to the year its
/// successor began (the change came within that year). 慶応's successor is
/// 明治 (1868). Between 1331 and 1392 the two courts counted side by side
/// and the table does not say which era follows which, so no end is known.
fn last_year(index: usize) -> Option<i32> {
    let (_, first) = *HISTORICAL_ERAS.get(index)?;
    if (1331..=1392).contains(&first) {
        return None;
    }
    Some(HISTORICAL_ERAS.get(index + 1).map_or(1868, |next| next.1))
}

/// The table grouped by first character (indices into it), built once.
fn by_first_char() -> &'static HashMap<char, Vec<usize>> {
    static INDEX: OnceLock<HashMap<char, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<char, Vec<usize>> = HashMap::new();
        for (index, (name, _)) in HISTORICAL_ERAS.iter().enumerate() {
            if let Some(c) = name.chars().next() {
                map.entry(c).or_default().push(index);
            }
        }
        map
    })
}

/// One historical era found at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    /// Characters the name used.
    pub len: usize,
    /// The western year of its 元年.
    pub first_year: i32,
    /// The last western year its name was in use, when known ([`last_year`]).
    pub last_year: Option<i32>,
}

/// The longest historical era name at the start of `s`.
pub(super) fn lookup(s: &[char]) -> Option<Found> {
    let candidates = by_first_char().get(s.first()?)?;
    let mut best: Option<Found> = None;
    for &index in candidates {
        let Some((name, first_year)) = HISTORICAL_ERAS.get(index) else { continue };
        let len = name.chars().count();
        let matched = s.get(..len).is_some_and(|head| head.iter().copied().eq(name.chars()));
        if matched && best.is_none_or(|b| len > b.len) {
            best = Some(Found { len, first_year: *first_year, last_year: last_year(index) });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_ordered_and_unique() {
        for pair in HISTORICAL_ERAS.windows(2) {
            if let [a, b] = pair {
                assert!(a.1 <= b.1, "{} before {}", a.0, b.0);
            }
        }
        let mut names: Vec<&str> = HISTORICAL_ERAS.iter().map(|e| e.0).collect();
        names.sort_unstable();
        let len = names.len();
        names.dedup();
        assert_eq!(names.len(), len, "duplicate era name");
    }

    #[test]
    fn finds_eras() {
        let s: Vec<char> = "慶応4年".chars().collect();
        assert_eq!(lookup(&s), Some(Found { len: 2, first_year: 1865, last_year: Some(1868) }));
        let s: Vec<char> = "天平勝宝2年".chars().collect();
        assert_eq!(lookup(&s), Some(Found { len: 4, first_year: 749, last_year: Some(757) }));
        // 天平感宝 gave way to 天平勝宝 within its first year.
        let s: Vec<char> = "天平感宝".chars().collect();
        assert_eq!(lookup(&s).and_then(|f| f.last_year), Some(749));
        // The two courts' eras have no known end.
        let s: Vec<char> = "正平".chars().collect();
        assert_eq!(lookup(&s).and_then(|f| f.last_year), None);
        let s: Vec<char> = "東京".chars().collect();
        assert_eq!(lookup(&s), None);
    }
}
