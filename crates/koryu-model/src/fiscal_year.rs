//! The Japanese fiscal year, which starts in April.

use crate::date::PartialDate;
use serde::{Deserialize, Serialize};

/// A Japanese fiscal year (年度), named by the western year it starts in:
/// 令和元年度 runs from 2019-04 to 2020-03 and is `FiscalYear(2019)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year a month falls in.
    pub fn of(year: i32, month: u8) -> FiscalYear {
        if month >= 4 {
            FiscalYear(year)
        } else {
            FiscalYear(year - 1)
        }
    }

    /// The calendar year of a month named inside this fiscal year: January–
    /// March belong to the second calendar year (dates.md: section 元年度,
    /// 1月 → 2020-01).
    pub fn year_of_month(self, month: u8) -> i32 {
        if month >= 4 {
            self.0
        } else {
            self.0 + 1
        }
    }

    /// True when every day of `date` lies inside this fiscal year.
    pub fn contains(self, date: &PartialDate) -> bool {
        let (first, last) = date.bounds();
        FiscalYear::of(first.0, first.1) == self && FiscalYear::of(last.0, last.1) == self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn january_belongs_to_the_second_calendar_year() {
        let fy = FiscalYear(2019);
        assert_eq!(fy.year_of_month(6), 2019);
        assert_eq!(fy.year_of_month(1), 2020);
        assert!(fy.contains(&PartialDate::year_month(2020, 3).unwrap()));
        assert!(!fy.contains(&PartialDate::year_month(2020, 4).unwrap()));
        assert!(!fy.contains(&PartialDate::year(2019).unwrap()));
    }
}
