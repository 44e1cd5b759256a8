//! Japanese column names of headed tables and their roles, loaded from `data/table_columns.tsv`.
//!
//! The mapping is data: a new spelling of a column (`相手国名`) is one line in
//! the TSV, not a code change.

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
        assert_eq!(table().len(), n_lines);
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
    }
}
