//! Partial dates and EDTF values: only the precision the source stated.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date of year, month or day precision (proleptic Gregorian).
///
/// Invariant: `month` is 1–12 when present, `day` exists in that month when
/// present, and a day is never present without a month. `2019-06` is a
/// month-precision value, never `2019-06-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// The month is outside 1–12.
    Month(u32),
    /// The day does not exist in that month of that year.
    Day { year: i32, month: u8, day: u32 },
    /// The year is outside 1–9999, which EDTF's four digits can hold.
    Year(i64),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Month(m) => write!(f, "month {m} does not exist"),
            DateError::Day { year, month, day } => write!(f, "{year}-{month:02} has no day {day}"),
            DateError::Year(y) => write!(f, "year {y} is outside 1–9999"),
        }
    }
}

impl std::error::Error for DateError {}

/// Number of days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Gregorian leap-year rule.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl PartialDate {
    /// A year-precision date.
    ///
    /// # Errors
    /// `DateError::Year` outside 1–9999.
    pub fn year(year: i64) -> Result<PartialDate, DateError> {
        let year = check_year(year)?;
        Ok(PartialDate { year, month: None, day: None })
    }

    /// A month-precision date.
    ///
    /// # Errors
    /// `DateError::Year` or `DateError::Month`.
    pub fn year_month(year: i64, month: u32) -> Result<PartialDate, DateError> {
        let year = check_year(year)?;
        let month = check_month(month)?;
        Ok(PartialDate { year, month: Some(month), day: None })
    }

    /// A day-precision date.
    ///
    /// # Errors
    /// `DateError::Year`, `DateError::Month` or `DateError::Day` (2月30日).
    pub fn ymd(year: i64, month: u32, day: u32) -> Result<PartialDate, DateError> {
        let year = check_year(year)?;
        let month = check_month(month)?;
        if day == 0 || day > u32::from(days_in_month(year, month)) {
            return Err(DateError::Day { year, month, day });
        }
        // OK because day ≤ 31 was just checked.
        let day = u8::try_from(day).map_err(|_| DateError::Day { year, month, day })?;
        Ok(PartialDate { year, month: Some(month), day: Some(day) })
    }

    pub fn get_year(&self) -> i32 {
        self.year
    }

    pub fn get_month(&self) -> Option<u8> {
        self.month
    }

    pub fn get_day(&self) -> Option<u8> {
        self.day
    }

    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The first and last day this value covers, as (year, month, day).
    pub fn bounds(&self) -> ((i32, u8, u8), (i32, u8, u8)) {
        match (self.month, self.day) {
            (Some(m), Some(d)) => ((self.year, m, d), (self.year, m, d)),
            (Some(m), None) => ((self.year, m, 1), (self.year, m, days_in_month(self.year, m))),
            _ => ((self.year, 1, 1), (self.year, 12, 31)),
        }
    }
}

fn check_year(year: i64) -> Result<i32, DateError> {
    if (1..=9999).contains(&year) {
        i32::try_from(year).map_err(|_| DateError::Year(year))
    } else {
        Err(DateError::Year(year))
    }
}

fn check_month(month: u32) -> Result<u8, DateError> {
    if (1..=12).contains(&month) {
        u8::try_from(month).map_err(|_| DateError::Month(month))
    } else {
        Err(DateError::Month(month))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// EDTF sub-year groupings: the seasons (level 1 codes 21–24) and the
/// calendar quarters (level 2 codes 33–36). One type, since both stand
/// where a month would and print the same way (`2019-21`, `2021-33`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Season {
    /// 春, EDTF 21.
    Spring,
    /// 夏, EDTF 22.
    Summer,
    /// 秋, EDTF 23.
    Autumn,
    /// 冬, EDTF 24.
    Winter,
    /// The calendar quarter `n` (1–4, January–March first), EDTF 32 + n.
    Quarter(u8),
}

impl Season {
    pub fn edtf_code(self) -> u8 {
        match self {
            Season::Spring => 21,
            Season::Summer => 22,
            Season::Autumn => 23,
            Season::Winter => 24,
            Season::Quarter(n) => 32 + n.clamp(1, 4),
        }
    }

    /// The grouping an EDTF code names.
    pub fn from_edtf_code(code: u32) -> Option<Season> {
        Some(match code {
            21 => Season::Spring,
            22 => Season::Summer,
            23 => Season::Autumn,
            24 => Season::Winter,
            33..=36 => Season::Quarter(u8::try_from(code - 32).ok()?),
            _ => return None,
        })
    }

    /// The first month of the grouping and how many months it covers
    /// (winter runs from December into the next year).
    pub fn months(self) -> (u8, u8) {
        match self {
            Season::Spring => (3, 3),
            Season::Summer => (6, 3),
            Season::Autumn => (9, 3),
            Season::Winter => (12, 3),
            Season::Quarter(n) => (3 * n.clamp(1, 4) - 2, 3),
        }
    }
}

/// One point of an EDTF value: a date, a season or quarter, a decade or a
/// century, maybe approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePoint {
    /// `2019`, `2019-06`, `2019-06-14`; `approximate` prints a trailing `~`.
    Date { date: PartialDate, approximate: bool },
    /// `2019-21` (spring 2019).
    Season { year: i32, season: Season, approximate: bool },
    /// `196X`: the decade whose first three digits are `decade` (196).
    Decade { decade: i32, approximate: bool },
    /// `20XX`: the hundred years whose first two digits are `century` (20),
    /// which is how EDTF (level 2, unspecified digits) writes `21世紀`.
    Century { century: i32, approximate: bool },
}

impl DatePoint {
    pub fn exact(date: PartialDate) -> DatePoint {
        DatePoint::Date { date, approximate: false }
    }

    pub fn precision(&self) -> DatePrecision {
        match self {
            DatePoint::Date { date, .. } => date.precision(),
            DatePoint::Season { .. } => DatePrecision::Month,
            DatePoint::Decade { .. } | DatePoint::Century { .. } => DatePrecision::Year,
        }
    }

    /// The calendar date, when this point is one.
    pub fn date(&self) -> Option<PartialDate> {
        match self {
            DatePoint::Date { date, .. } => Some(*date),
            _ => None,
        }
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let approximate = match self {
            DatePoint::Date { date, approximate } => {
                write!(f, "{date}")?;
                approximate
            }
            DatePoint::Season { year, season, approximate } => {
                write!(f, "{year:04}-{}", season.edtf_code())?;
                approximate
            }
            DatePoint::Decade { decade, approximate } => {
                write!(f, "{decade:03}X")?;
                approximate
            }
            DatePoint::Century { century, approximate } => {
                write!(f, "{century:02}XX")?;
                approximate
            }
        };
        if *approximate {
            f.write_str("~")?;
        }
        Ok(())
    }
}

/// A value of the Extended Date/Time Format (ISO 8601-2 profile) as schema.md
/// uses it: one point, or an interval whose ends may be open (`..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edtf {
    Point(DatePoint),
    /// `start/end`; `None` prints `..` (open: 以降, 以前).
    Interval {
        start: Option<DatePoint>,
        end: Option<DatePoint>,
    },
}

impl Edtf {
    pub fn date(date: PartialDate) -> Edtf {
        Edtf::Point(DatePoint::exact(date))
    }

    pub fn interval(start: PartialDate, end: PartialDate) -> Edtf {
        Edtf::Interval { start: Some(DatePoint::exact(start)), end: Some(DatePoint::exact(end)) }
    }

    /// The precision of the value: the start's for an interval.
    pub fn precision(&self) -> Option<DatePrecision> {
        match self {
            Edtf::Point(p) => Some(p.precision()),
            Edtf::Interval { start, end } => start.or(*end).map(|p| p.precision()),
        }
    }

    /// The first calendar date the value names, if any.
    pub fn first_date(&self) -> Option<PartialDate> {
        match self {
            Edtf::Point(p) => p.date(),
            Edtf::Interval { start, end } => start.or(*end).and_then(|p| p.date()),
        }
    }

    /// Parses the subset of EDTF that [`Edtf`]'s `Display` prints.
    pub fn parse(text: &str) -> Option<Edtf> {
        if let Some((a, b)) = text.split_once('/') {
            let start = if a == ".." { None } else { Some(parse_point(a)?) };
            let end = if b == ".." { None } else { Some(parse_point(b)?) };
            return Some(Edtf::Interval { start, end });
        }
        parse_point(text).map(Edtf::Point)
    }
}

fn parse_point(text: &str) -> Option<DatePoint> {
    let (body, approximate) = match text.strip_suffix('~') {
        Some(b) => (b, true),
        None => (text, false),
    };
    if let Some(century) = body.strip_suffix("XX") {
        return Some(DatePoint::Century { century: century.parse().ok()?, approximate });
    }
    if let Some(decade) = body.strip_suffix('X') {
        return Some(DatePoint::Decade { decade: decade.parse().ok()?, approximate });
    }
    let mut parts = body.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: Option<u32> = match parts.next() {
        Some(m) => Some(m.parse().ok()?),
        None => None,
    };
    let day: Option<u32> = match parts.next() {
        Some(d) => Some(d.parse().ok()?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    let date = match (month, day) {
        (Some(s @ (21..=24 | 33..=36)), None) => {
            let season = Season::from_edtf_code(s)?;
            return Some(DatePoint::Season { year: i32::try_from(year).ok()?, season, approximate });
        }
        (Some(m), Some(d)) => PartialDate::ymd(year, m, d).ok()?,
        (Some(m), None) => PartialDate::year_month(year, m).ok()?,
        (None, _) => PartialDate::year(year).ok()?,
    };
    Some(DatePoint::Date { date, approximate })
}

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Edtf::Point(p) => write!(f, "{p}"),
            Edtf::Interval { start, end } => {
                match start {
                    Some(s) => write!(f, "{s}")?,
                    None => f.write_str("..")?,
                }
                f.write_str("/")?;
                match end {
                    Some(e) => write!(f, "{e}"),
                    None => f.write_str(".."),
                }
            }
        }
    }
}

impl Serialize for Edtf {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Edtf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Edtf, D::Error> {
        let text = String::deserialize(deserializer)?;
        Edtf::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not an EDTF value: {text}")))
    }
}

/// How precise a mention's date is (schema.md `date_precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
    /// Only the fiscal year is known (令和元年度).
    FiscalYear,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
            DatePrecision::FiscalYear => "fiscal_year",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i64, m: u32) -> PartialDate {
        PartialDate::year_month(y, m).unwrap()
    }

    #[test]
    fn prints_edtf() {
        assert_eq!(Edtf::date(ym(2019, 6)).to_string(), "2019-06");
        assert_eq!(Edtf::interval(ym(2019, 10), ym(2019, 12)).to_string(), "2019-10/2019-12");
        assert_eq!(Edtf::date(PartialDate::ymd(2017, 4, 25).unwrap()).to_string(), "2017-04-25");
        let open = Edtf::Interval { start: Some(DatePoint::exact(ym(2019, 6))), end: None };
        assert_eq!(open.to_string(), "2019-06/..");
        let decade = Edtf::Point(DatePoint::Decade { decade: 196, approximate: false });
        assert_eq!(decade.to_string(), "196X");
        let season = Edtf::Point(DatePoint::Season { year: 2019, season: Season::Autumn, approximate: true });
        assert_eq!(season.to_string(), "2019-23~");
        let quarter = Edtf::Point(DatePoint::Season { year: 2021, season: Season::Quarter(1), approximate: false });
        assert_eq!(quarter.to_string(), "2021-33");
        let century = Edtf::Point(DatePoint::Century { century: 20, approximate: false });
        assert_eq!(century.to_string(), "20XX");
        assert_eq!(Season::Quarter(4).months(), (10, 3));
    }

    #[test]
    fn parses_what_it_prints() {
        for text in [
            "2019",
            "2019-06",
            "2019-06-14",
            "2019-10/2019-12",
            "../2019-06",
            "196X",
            "2019-21",
            "2019-06~",
            "2021-36",
            "00XX",
            "../18XX",
            "15XX~",
        ] {
            assert_eq!(Edtf::parse(text).unwrap().to_string(), text);
        }
        assert!(Edtf::parse("2019-13").is_none());
        assert!(Edtf::parse("2019-37").is_none());
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(PartialDate::ymd(2021, 2, 29).is_err());
        assert!(PartialDate::ymd(2020, 2, 29).is_ok());
        assert!(PartialDate::ymd(2020, 4, 31).is_err());
        assert!(PartialDate::year_month(2020, 13).is_err());
        assert!(PartialDate::year(0).is_err());
    }
}
