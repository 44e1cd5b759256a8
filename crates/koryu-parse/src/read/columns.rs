//! Japanese column names of headed tables and their roles, and the names of the
//! measurement indicators, loaded from `data/table_columns.tsv`.
//!
//! The mapping is data: a new spelling of a column (`相手国名`) or of an
//! indicator (`ハイレベル交流`) is one line in the TSV, not a code change.

use koryu_model::Category;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// What a column of a headed table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// 年度: the fiscal year (`令和5年度`, `5年度`, `2023`).
    FiscalYear,
    /// 区分: the measurement indicator (section) the row belongs to.
    Section,
    /// 国名: the counterpart, written as a table's `【header】`.
    Country,
    /// 内容: the item itself.
    Title,
    /// 場所: the venue, written as a bracket after the item.
    Location,
    /// 時期: the month(s) or date, written as the item's date bracket.
    Date,
    /// 備考: a remark; not part of the item.
    Note,
}

const COLUMNS_TSV: &str = include_str!("../../data/table_columns.tsv");

/// The role of a header cell, if its name is a known column name.
pub fn role_of(header_cell: &str) -> Option<Role> {
    let key = normalize_name(header_cell);
    if key.is_empty() {
        return None;
    }
    table().iter().find(|(name, _)| *name == key).map(|(_, role)| *role)
}

fn table() -> &'static [(String, Role)] {
    static TABLE: OnceLock<Vec<(String, Role)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COLUMNS_TSV
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| {
                let (name, role) = line.split_once('\t')?;
                Some((normalize_name(name), parse_role(role.trim())?))
            })
            .collect()
    })
}

/// One indicator name: its key (compared like a column name), the category,
/// and the name as written (the first of a category is its printed heading).
struct IndicatorName {
    key: String,
    category: Category,
    written: &'static str,
}

fn indicators() -> &'static [IndicatorName] {
    static TABLE: OnceLock<Vec<IndicatorName>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COLUMNS_TSV
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let (name, kind, code) = (fields.next()?, fields.next()?, fields.next()?);
                let category = Category::from_code(code.trim()).filter(|_| kind == "indicator")?;
                Some(IndicatorName { key: normalize_key(name), category, written: name })
            })
            .filter(|entry| !entry.key.is_empty())
            .collect()
    })
}

/// The indicator `text` names (a 区分 cell, sheet name, title row, file name
/// or heading): the category of the longest indicator name it contains, after
/// NFKC and without whitespace; `None` when it contains none, or two
/// indicators' names of the same length (`ハイレベル交流・部隊間交流`).
pub fn indicator_in(text: &str) -> Option<Category> {
    let key = normalize_key(text);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(usize, Category)> = None;
    let mut tied = false;
    for entry in indicators().iter().filter(|e| key.contains(e.key.as_str())) {
        let len = entry.key.chars().count();
        match best {
            Some((best_len, _)) if len < best_len => {}
            Some((best_len, category)) if len == best_len => tied |= category != entry.category,
            _ => {
                best = Some((len, entry.category));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, category)| category)
}

/// The indicator's heading as the 別紙 prints it (the first name of its
/// category in the TSV), for a table read without its heading; `None` for a
/// category that is no indicator (`agreement`).
pub fn indicator_heading(category: Category) -> Option<&'static str> {
    indicators().iter().find(|e| e.category == category).map(|e| e.written)
}

/// NFKC without whitespace: how names and the text they are looked for in
/// are compared.
fn normalize_key(text: &str) -> String {
    text.nfkc().filter(|ch| !ch.is_whitespace()).collect()
}

fn parse_role(role: &str) -> Option<Role> {
    Some(match role {
        "fiscal_year" => Role::FiscalYear,
        "section" => Role::Section,
        "country" => Role::Country,
        "title" => Role::Title,
        "location" => Role::Location,
        "date" => Role::Date,
        "note" => Role::Note,
        _ => return None,
    })
}

/// NFKC, no whitespace, no trailing `(…)` note.
fn normalize_name(name: &str) -> String {
    let mut key: String = name.nfkc().filter(|ch| !ch.is_whitespace()).collect();
    if key.ends_with(')') {
        if let Some(open) = key.find('(') {
            if open > 0 {
                key.truncate(open);
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_tsv_parses() {
        let n_lines = COLUMNS_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        assert_eq!(table().len() + indicators().len(), n_lines);
        assert!(n_lines >= 30);
    }

    #[test]
    fn names_are_matched_loosely() {
        assert_eq!(role_of("年度"), Some(Role::FiscalYear));
        assert_eq!(role_of(" 国 名 "), Some(Role::Country));
        assert_eq!(role_of("国名（相手国）"), Some(Role::Country));
        assert_eq!(role_of("交流内容"), Some(Role::Title));
        assert_eq!(role_of("実施時期"), Some(Role::Date));
        assert_eq!(role_of("防衛相会談"), None);
        assert_eq!(role_of(""), None);
        assert_eq!(role_of("実績"), Some(Role::Title));
        assert_eq!(role_of("ハイレベル交流"), None);
    }

    #[test]
    fn indicators_are_named_in_short_and_long_forms() {
        assert_eq!(indicator_in("ハイレベル交流"), Some(Category::HighLevel));
        assert_eq!(indicator_in("r5_部隊間 交流.csv"), Some(Category::UnitExchange));
        assert_eq!(indicator_in("二国間・多国間における 防衛当局間の定期協議など"), Some(Category::WorkingLevel));
        assert_eq!(indicator_in("令和6年度 事前分析表（二国間・多国間における研究交流）"), Some(Category::Research));
        // Full-width letters and spaces do not matter; a title word is no name.
        assert_eq!(indicator_in("ハイレベル　交流"), Some(Category::HighLevel));
        assert_eq!(indicator_in("日米比陸軍種ハイレベル懇談"), None);
        assert_eq!(indicator_in("Sheet1"), None);
        // Two indicators of the same weight name neither.
        assert_eq!(indicator_in("定期協議・研究交流"), None);
        assert_eq!(indicator_heading(Category::HighLevel), Some("二国間・多国間における防衛首脳などハイレベルの交流"));
        assert_eq!(indicator_heading(Category::Agreement), None);
        for entry in indicators() {
            assert_eq!(indicator_in(entry.written), Some(entry.category), "{}", entry.written);
        }
    }
}
