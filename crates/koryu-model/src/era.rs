//! The modern Japanese eras (明治–令和) with their exact first and last days.

use serde::{Deserialize, Serialize};

/// A modern Japanese era (元号). Historical eras before Meiji are data in the
/// date grammar, at year precision; these five carry exact days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Era {
    /// 明治, 1868-01-25 to 1912-07-29 (M).
    Meiji,
    /// 大正, 1912-07-30 to 1926-12-24 (T).
    Taisho,
    /// 昭和, 1926-12-25 to 1989-01-07 (S).
    Showa,
    /// 平成, 1989-01-08 to 2019-04-30 (H).
    Heisei,
    /// 令和, from 2019-05-01 (R).
    Reiwa,
}

/// One row of the era table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EraDef {
    pub era: Era,
    /// The era's name in kanji (令和).
    pub name: &'static str,
    /// The one-letter form (R).
    pub letter: char,
    /// First day, (year, month, day).
    pub first_day: (i32, u8, u8),
    /// Last day, `None` for the current era.
    pub last_day: Option<(i32, u8, u8)>,
}

/// The era table, oldest first (dates.md).
pub const ERAS: [EraDef; 5] = [
    EraDef { era: Era::Meiji, name: "明治", letter: 'M', first_day: (1868, 1, 25), last_day: Some((1912, 7, 29)) },
    EraDef { era: Era::Taisho, name: "大正", letter: 'T', first_day: (1912, 7, 30), last_day: Some((1926, 12, 24)) },
    EraDef { era: Era::Showa, name: "昭和", letter: 'S', first_day: (1926, 12, 25), last_day: Some((1989, 1, 7)) },
    EraDef { era: Era::Heisei, name: "平成", letter: 'H', first_day: (1989, 1, 8), last_day: Some((2019, 4, 30)) },
    EraDef { era: Era::Reiwa, name: "令和", letter: 'R', first_day: (2019, 5, 1), last_day: None },
];

impl Era {
    pub fn def(self) -> &'static EraDef {
        match self {
            Era::Meiji => &ERAS[0],
            Era::Taisho => &ERAS[1],
            Era::Showa => &ERAS[2],
            Era::Heisei => &ERAS[3],
            Era::Reiwa => &ERAS[4],
        }
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The western year of the era's first year (元年).
    pub fn first_year(self) -> i32 {
        self.def().first_day.0
    }

    /// Western year of an era year: 令和1 → 2019. No range check: years past
    /// the era's end resolve arithmetically (平成35年度 → 2023).
    pub fn to_western(self, era_year: i32) -> i32 {
        self.first_year() + era_year - 1
    }

    /// Looks an era up by kanji name or letter (upper or lower case).
    pub fn from_name(name: &str) -> Option<Era> {
        ERAS.iter()
            .find(|d| {
                d.name == name
                    || (name.chars().count() == 1
                        && name.chars().next().map(|c| c.to_ascii_uppercase()) == Some(d.letter))
            })
            .map(|d| d.era)
    }

    /// The era in force on a day, `None` before 明治.
    pub fn on(year: i32, month: u8, day: u8) -> Option<Era> {
        ERAS.iter().rev().find(|d| (year, month, day) >= d.first_day).map(|d| d.era)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_era_years() {
        assert_eq!(Era::Reiwa.to_western(1), 2019);
        assert_eq!(Era::Heisei.to_western(35), 2023);
        assert_eq!(Era::from_name("H"), Some(Era::Heisei));
        assert_eq!(Era::from_name("令和"), Some(Era::Reiwa));
        assert_eq!(Era::on(2019, 4, 30), Some(Era::Heisei));
        assert_eq!(Era::on(2019, 5, 1), Some(Era::Reiwa));
        assert_eq!(Era::on(1868, 1, 24), None);
    }
}
