//! Historical eras before 明治 (data): name and the western year of its first year.
//!
//! Years before the 1873 calendar reform are lunisolar, so these eras resolve
//! at year precision only: 慶応4年 → 1868. The western year is the one in
//! which the era began (its 元年), as the usual conversion tables give it.

/// (name, western year of 元年), oldest first. Only eras of the northern
/// court appear where the two courts overlapped (1331–1392) unless a
/// southern name is unique.
pub(super) const HISTORICAL_ERAS: &[(&str, i32)] = &[
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

/// The longest historical era name at the start of `s`: (chars used, first year).
pub(super) fn lookup(s: &[char]) -> Option<(usize, i32)> {
    let mut best: Option<(usize, i32)> = None;
    for (name, year) in HISTORICAL_ERAS {
        let mut n = 0;
        let matched = name.chars().all(|c| {
            let ok = s.get(n) == Some(&c);
            n += 1;
            ok
        });
        if matched && best.is_none_or(|(len, _)| n > len) {
            best = Some((n, *year));
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
        assert_eq!(lookup(&s), Some((2, 1865)));
        let s: Vec<char> = "東京".chars().collect();
        assert_eq!(lookup(&s), None);
    }
}
