//! Context rules: a parsed expression plus [`Context`] to EDTF, fiscal years and notes.

use super::grammar::{EraRef, MonthPart, Point, Shape, Unit, YearSpec};
use super::{Context, DateError, Note, Resolved};
use koryu_model::{days_in_month, DatePoint, DatePrecision, Edtf, Era, FiscalYear, PartialDate, Season, ERAS};

/// A calendar day as (year, month, day), for comparisons.
type Day = (i64, u8, u8);

/// 皇紀 (imperial year) minus western year.
const IMPERIAL_OFFSET: i64 = 660;

/// The first western year of the Gregorian calendar in Japan: 明治6年
/// (1873). Before it, months and days named by an era or an imperial year
/// are lunisolar, and 明治5年12月3日–31日 never existed (the reform made the
/// day after 明治5年12月2日 the first of 1873).
const REFORM_YEAR: i64 = 1873;

/// One resolved point.
#[derive(Debug, Clone, Copy)]
enum Val {
    Date {
        date: PartialDate,
        approximate: bool,
    },
    Season {
        year: i32,
        season: Season,
        approximate: bool,
    },
    Decade {
        decade: i32,
        approximate: bool,
    },
    /// 21世紀 as EDTF writes it: `20XX`, the years 2000–2099.
    Century {
        century: i32,
        approximate: bool,
    },
    /// A span between two dates, printed as an interval: 昭和40年代 (the
    /// years 1965–1974), a fiscal quarter, a 旬, a lunisolar month.
    YearSpan {
        first: PartialDate,
        last: PartialDate,
    },
    Fiscal(FiscalYear),
}

impl Val {
    fn first_day(&self) -> Day {
        match self {
            Val::Date { date, .. } => widen(date.bounds().0),
            Val::Season { year, .. } => (i64::from(*year), 1, 1),
            Val::Decade { decade, .. } => (i64::from(*decade) * 10, 1, 1),
            Val::Century { century, .. } => (i64::from(*century) * 100, 1, 1),
            Val::YearSpan { first, .. } => widen(first.bounds().0),
            Val::Fiscal(fy) => (i64::from(fy.0), 4, 1),
        }
    }

    fn last_day(&self) -> Day {
        match self {
            Val::Date { date, .. } => widen(date.bounds().1),
            Val::Season { year, .. } => (i64::from(*year), 12, 31),
            Val::Decade { decade, .. } => (i64::from(*decade) * 10 + 9, 12, 31),
            Val::Century { century, .. } => (i64::from(*century) * 100 + 99, 12, 31),
            Val::YearSpan { last, .. } => widen(last.bounds().1),
            Val::Fiscal(fy) => (i64::from(fy.0) + 1, 3, 31),
        }
    }

    fn date(&self) -> Option<PartialDate> {
        match self {
            Val::Date { date, .. } => Some(*date),
            _ => None,
        }
    }

    fn set_approximate(&mut self) {
        match self {
            Val::Date { approximate, .. }
            | Val::Season { approximate, .. }
            | Val::Decade { approximate, .. }
            | Val::Century { approximate, .. } => {
                *approximate = true;
            }
            Val::YearSpan { .. } | Val::Fiscal(_) => {}
        }
    }
}

fn widen((y, m, d): (i32, u8, u8)) -> Day {
    (i64::from(y), m, d)
}

/// Which other end of a range a point leans on for what it leaves out.
#[derive(Clone, Copy)]
enum Anchor {
    None,
    /// This point is a range end; the start was this.
    Start(Val),
    /// This point is a range start; the end was this.
    End(Val),
}

struct Eval<'a> {
    ctx: &'a Context,
    expr: &'a str,
    notes: Vec<Note>,
    /// The modern era the expression named last, for the next 同.
    era: Option<Era>,
}

/// Applies `ctx` to a parsed expression.
pub(super) fn evaluate(shape: &Shape, ctx: &Context, expr: &str) -> Result<Resolved, DateError> {
    let mut ev = Eval { ctx, expr, notes: Vec::new(), era: None };
    let shorthand = match shape {
        Shape::Point(p) | Shape::After(p) | Shape::Before(p) => p.shorthand,
        Shape::Range(a, b) => a.shorthand || b.shorthand,
    };
    let r = ev.shape(shape);
    match r {
        // The shorthand `26.5` is a guess from context: a value that cannot
        // exist means the text was not a date (`0.5`, `7.18`).
        Err(_) if shorthand => Err(DateError::NotADate(expr.to_owned())),
        Err(e) => Err(e),
        Ok(mut r) => {
            let mut notes = std::mem::take(&mut ev.notes);
            notes.sort_by_key(|n| n.code().as_str());
            notes.dedup();
            r.notes = notes;
            r.era = ev.era;
            Ok(r)
        }
    }
}

/// One end of an EDTF value: a fiscal year stands for its first or last month.
fn point_of(v: Val, as_start: bool) -> Option<DatePoint> {
    Some(match v {
        Val::Date { date, approximate } => DatePoint::Date { date, approximate },
        Val::Season { year, season, approximate } => DatePoint::Season { year, season, approximate },
        Val::Decade { decade, approximate } => DatePoint::Decade { decade, approximate },
        Val::Century { century, approximate } => DatePoint::Century { century, approximate },
        Val::YearSpan { first, last } => DatePoint::exact(if as_start { first } else { last }),
        Val::Fiscal(fy) => {
            let (y, m) = if as_start { (fy.0, 4) } else { (fy.0 + 1, 3) };
            DatePoint::exact(PartialDate::year_month(i64::from(y), m).ok()?)
        }
    })
}

fn resolved_date(edtf: Edtf) -> Resolved {
    Resolved {
        date: Some(edtf),
        precision: edtf.precision().unwrap_or(DatePrecision::Year),
        fiscal_year: None,
        fiscal_year_end: None,
        notes: Vec::new(),
        era: None,
    }
}

impl Eval<'_> {
    fn needs(&self, what: &'static str) -> DateError {
        DateError::NeedsContext { expr: self.expr.to_owned(), what }
    }

    fn point_of(&self, v: Val, as_start: bool) -> Result<DatePoint, DateError> {
        point_of(v, as_start).ok_or_else(|| self.invalid("year out of range"))
    }

    fn invalid(&self, reason: impl Into<String>) -> DateError {
        DateError::Invalid { expr: self.expr.to_owned(), reason: reason.into() }
    }

    fn shape(&mut self, shape: &Shape) -> Result<Resolved, DateError> {
        match shape {
            Shape::Point(p) => {
                let v = self.point(p, Anchor::None)?;
                Ok(match v {
                    Val::Fiscal(fy) => Resolved {
                        date: None,
                        precision: DatePrecision::FiscalYear,
                        fiscal_year: Some(fy),
                        fiscal_year_end: None,
                        notes: Vec::new(),
                        era: None,
                    },
                    Val::YearSpan { .. } => resolved_date(Edtf::Interval {
                        start: Some(self.point_of(v, true)?),
                        end: Some(self.point_of(v, false)?),
                    }),
                    v => resolved_date(Edtf::Point(self.point_of(v, true)?)),
                })
            }
            Shape::After(p) => {
                let v = self.point(p, Anchor::None)?;
                Ok(resolved_date(Edtf::Interval { start: Some(self.point_of(v, true)?), end: None }))
            }
            Shape::Before(p) => {
                let v = self.point(p, Anchor::None)?;
                Ok(resolved_date(Edtf::Interval { start: None, end: Some(self.point_of(v, false)?) }))
            }
            Shape::Range(s, e) => {
                let (s, e) = self.range(*s, *e)?;
                if s.first_day() > e.first_day() {
                    return Err(DateError::RangeEndsBeforeStart { expr: self.expr.to_owned() });
                }
                if let (Val::Fiscal(a), Val::Fiscal(b)) = (s, e) {
                    return Ok(Resolved {
                        date: None,
                        precision: DatePrecision::FiscalYear,
                        fiscal_year: Some(a),
                        fiscal_year_end: Some(b),
                        notes: Vec::new(),
                        era: None,
                    });
                }
                Ok(resolved_date(Edtf::Interval {
                    start: Some(self.point_of(s, true)?),
                    end: Some(self.point_of(e, false)?),
                }))
            }
        }
    }

    /// Resolves both ends of a range.
    fn range(&mut self, mut s: Point, mut e: Point) -> Result<(Val, Val), DateError> {
        // A bare number takes its unit from the other end (`10～12月`,
        // `2019年10～12月`, `2014.10～11`).
        if let Some(b) = s.bare.take() {
            if s.year.is_none() && s.month.is_none() {
                if e.year.is_some() {
                    if b < 1000 {
                        return Err(DateError::NotADate(self.expr.to_owned()));
                    }
                    s.year = Some(YearSpec::Western { year: b, two_digit: false, era_check: None });
                    s.fiscal = e.fiscal;
                } else if e.month.is_some() {
                    s.month = Some(Unit::Num(b));
                } else {
                    s.day = Some(Unit::Num(b));
                }
            } else if s.month.is_none() {
                s.month = Some(Unit::Num(b));
            } else {
                s.day = Some(Unit::Num(b));
            }
        }
        if let Some(b) = e.bare.take() {
            if s.day.is_some() {
                e.day = Some(Unit::Num(b));
            } else if s.month.is_some() {
                e.month = Some(Unit::Num(b));
            } else if b >= 1000 {
                e.year = Some(YearSpec::Western { year: b, two_digit: false, era_check: None });
                e.fiscal = s.fiscal;
            } else {
                return Err(DateError::NotADate(self.expr.to_owned()));
            }
        }

        // 3月～5月 in a fiscal-year section: the FY reading (2020-03/2019-05)
        // ends before it starts; take the calendar year that overlaps the FY most.
        if let (Some(fy), None, None, Some(Unit::Num(sm)), Some(Unit::Num(em))) =
            (self.ctx.fiscal_year, s.year, e.year, s.month, e.month)
        {
            if !s.next_year && !e.next_year && (1..=12).contains(&sm) && (1..=12).contains(&em) {
                let m8 = |m: u32| u8::try_from(m).unwrap_or(0);
                let sy = fy.year_of_month(m8(sm));
                let ey = fy.year_of_month(m8(em));
                if (sy, sm) > (ey, em) && sm > em {
                    // 12月～10月: no calendar year makes it run forwards.
                    return Err(DateError::RangeEndsBeforeStart { expr: self.expr.to_owned() });
                }
                if (sy, sm) > (ey, em) {
                    let overlap = |y: i32| {
                        let (a, b) = (i64::from(y) * 12 + i64::from(sm), i64::from(y) * 12 + i64::from(em));
                        let (c, d) = (i64::from(fy.0) * 12 + 4, i64::from(fy.0) * 12 + 15);
                        (b.min(d) - a.max(c) + 1).max(0)
                    };
                    let y = if overlap(fy.0 + 1) > overlap(fy.0) { fy.0 + 1 } else { fy.0 };
                    let y = u32::try_from(y).map_err(|_| self.invalid("year out of range"))?;
                    s.year = Some(YearSpec::Implied(y));
                    e.year = Some(YearSpec::Implied(y));
                    self.notes.push(Note::RangeCrossesFiscalYear);
                }
            }
        }

        match self.point(&s, Anchor::None) {
            Ok(sv) => {
                let ev = self.point(&e, Anchor::Start(sv))?;
                Ok((sv, ev))
            }
            // `11月～R5年1月` with no section: the start takes the end's year.
            Err(DateError::NeedsContext { .. }) if e.year.is_some() => {
                let ev = self.point(&e, Anchor::None)?;
                let sv = self.point(&s, Anchor::End(ev))?;
                Ok((sv, ev))
            }
            Err(err) => Err(err),
        }
    }

    /// The western year of era year `n`, and the modern era if it is one.
    fn era_year(
        &self,
        era: EraRef,
        n: u32,
        western_hint: Option<(u32, bool)>,
    ) -> Result<(i64, Option<Era>), DateError> {
        if n == 0 {
            return Err(DateError::EraOutOfRange { expr: self.expr.to_owned(), year: 0 });
        }
        let n = i64::from(n);
        match era {
            EraRef::Modern(e) => Ok((i64::from(e.first_year()) + n - 1, Some(e))),
            EraRef::Historical { first_year, last_year } => {
                let y = i64::from(first_year) + n - 1;
                // A modern era's year past its end is still written in plans
                // (平成35年度) and resolves with a note; an era before 明治
                // past its end (大化7年) names a year that never had that
                // name, so it is refused, as other era converters do.
                if last_year.is_some_and(|last| y > i64::from(last)) {
                    return Err(DateError::EraOutOfRange { expr: self.expr.to_owned(), year: n });
                }
                Ok((y, None))
            }
            EraRef::Same => {
                let previous = self.ctx.previous_era.or(self.era).map(|e| (i64::from(e.first_year()) + n - 1, Some(e)));
                // 15（同27）年 with no era before, or one the western year
                // contradicts (`07（同19）年` after a `昭和54（1979）年` of
                // another style): the western year and the era year
                // together name the era, when exactly one starts there.
                // Otherwise the previous era stands and the caller reports
                // the mismatch.
                let Some((w, two_digit)) = western_hint else {
                    return previous.ok_or_else(|| self.needs("the era named before (同)"));
                };
                if let Some((wy, era)) = previous {
                    let agree = if two_digit { wy.rem_euclid(100) == i64::from(w) } else { wy == i64::from(w) };
                    if agree {
                        return Ok((wy, era));
                    }
                }
                let candidates: &[i64] = if two_digit { &[1900 + w as i64, 2000 + w as i64] } else { &[w as i64] };
                for c in candidates {
                    let first = c - n + 1;
                    if let Some(def) = ERAS.iter().find(|d| i64::from(d.first_day.0) == first) {
                        return Ok((*c, Some(def.era)));
                    }
                }
                previous.ok_or_else(|| self.needs("the era named before (同)"))
            }
        }
    }

    fn previous_date(&self, what: &'static str) -> Result<PartialDate, DateError> {
        self.ctx.previous_date.ok_or_else(|| self.needs(what))
    }

    /// The year a point names, with its era and whether that is historical; `None` when it names none.
    fn year_of(&mut self, p: &Point, anchor: Anchor) -> Result<(Option<i64>, Option<Era>, bool), DateError> {
        let ctx = self.ctx;
        Ok(match p.year {
            None => (None, None, false),
            Some(YearSpec::Western { year, era_check: None, .. } | YearSpec::Implied(year)) => {
                (Some(i64::from(year)), None, false)
            }
            Some(YearSpec::Western { year, two_digit, era_check: Some((er, n)) }) => {
                let (wy, era) = self.era_year(er, n, Some((year, two_digit)))?;
                let agree = if two_digit { wy.rem_euclid(100) == i64::from(year) } else { wy == i64::from(year) };
                if !agree {
                    return Err(DateError::EraWesternMismatch { expr: self.expr.to_owned() });
                }
                (Some(wy), era, matches!(er, EraRef::Historical { .. }))
            }
            Some(YearSpec::Era { era: er, year: n, western }) => {
                let (wy, era) = self.era_year(er, n, western.map(|w| (w, false)))?;
                if western.is_some_and(|w| i64::from(w) != wy) {
                    return Err(DateError::EraWesternMismatch { expr: self.expr.to_owned() });
                }
                (Some(wy), era, matches!(er, EraRef::Historical { .. }))
            }
            Some(YearSpec::DocEra(n)) if p.two_digit && ctx.document_era.is_none() && ctx.previous_era.is_none() => {
                // `09年5月` with no era anywhere: dates.md's two-digit rule
                // (50–99 → 19xx, 00–49 → 20xx), never silently.
                self.notes.push(Note::TwoDigitYear);
                let century = if n >= 50 { 1900 } else { 2000 };
                (Some(i64::from(century + n)), None, false)
            }
            Some(YearSpec::DocEra(n)) => {
                let era = ctx.document_era.ok_or_else(|| self.needs("the document's era"))?;
                let (wy, era) = self.era_year(EraRef::Modern(era), n, None)?;
                (Some(wy), era, false)
            }
            Some(YearSpec::Same) => {
                (Some(i64::from(self.previous_date("a previous date (同年)")?.get_year())), None, false)
            }
            Some(YearSpec::Imperial(n)) => {
                let y = i64::from(n) - IMPERIAL_OFFSET;
                if y < 1 {
                    return Err(self.invalid(format!("imperial year {n} is before the common era")));
                }
                (Some(y), None, false)
            }
            Some(YearSpec::Publication(d)) => {
                let y = ctx.publication_year.ok_or_else(|| self.needs("the publication year"))?;
                (Some(i64::from(y) + i64::from(d)), None, false)
            }
            Some(YearSpec::Previous(d)) => {
                let base = match anchor {
                    Anchor::Start(v) => v.first_day().0,
                    _ => i64::from(self.previous_date("a previous date (前年, 翌年)")?.get_year()),
                };
                (Some(base + i64::from(d)), None, false)
            }
            Some(YearSpec::Fiscal(d)) => {
                let base = match anchor {
                    Anchor::Start(Val::Fiscal(fy)) => Some(fy.0),
                    _ => ctx.fiscal_year.map(|f| f.0).or(ctx.publication_year),
                };
                let y = base.ok_or_else(|| self.needs("the section's fiscal year"))?;
                (Some(i64::from(y) + i64::from(d)), None, false)
            }
        })
    }

    /// The year of a month-only point (`6月`) from the range's other end or the context.
    fn implied_year(&self, p: &Point, month: u32, anchor: Anchor) -> Result<i64, DateError> {
        let anchor_ym = |v: Val| -> (i64, Option<u8>) {
            match v {
                Val::Date { date, .. } => (i64::from(date.get_year()), date.get_month()),
                Val::Fiscal(fy) => {
                    let m = u8::try_from(month).unwrap_or(4);
                    (i64::from(fy.year_of_month(m)), None)
                }
                other => (other.first_day().0, None),
            }
        };
        if p.next_year {
            let base = match anchor {
                Anchor::Start(v) => anchor_ym(v).0,
                _ => i64::from(self.previous_date("a previous date (翌)")?.get_year()),
            };
            return Ok(base + 1);
        }
        match anchor {
            Anchor::Start(v) => {
                let (y, m) = anchor_ym(v);
                Ok(if m.is_some_and(|m| month < u32::from(m)) { y + 1 } else { y })
            }
            Anchor::End(v) => {
                let (y, m) = anchor_ym(v);
                Ok(if m.is_some_and(|m| month > u32::from(m)) { y - 1 } else { y })
            }
            Anchor::None => {
                if let Some(fy) = self.ctx.fiscal_year {
                    let m = u8::try_from(month).unwrap_or(4);
                    return Ok(i64::from(fy.year_of_month(m)));
                }
                Ok(i64::from(self.previous_date("a fiscal year or previous date for the month")?.get_year()))
            }
        }
    }

    fn month_date(&self, year: i64, month: u32) -> Result<PartialDate, DateError> {
        PartialDate::year_month(year, month).map_err(|e| self.invalid(e.to_string()))
    }

    fn day_date(&self, year: i64, month: u32, day: u32) -> Result<PartialDate, DateError> {
        PartialDate::ymd(year, month, day).map_err(|e| self.invalid(e.to_string()))
    }

    /// Resolves one point.
    fn point(&mut self, p: &Point, anchor: Anchor) -> Result<Val, DateError> {
        if p.dotted && (self.ctx.previous_date.is_none() || !matches!(anchor, Anchor::None)) {
            return Err(DateError::NotADate(self.expr.to_owned()));
        }
        let (year, era, historical) = self.year_of(p, anchor)?;
        let mut v = if let Some(c) = p.century {
            // The n-th century as EDTF's unspecified digits: 21世紀 → 20XX.
            let century = i32::try_from(c).map_err(|_| self.invalid("century out of range"))? - 1;
            Val::Century { century, approximate: false }
        } else if let Some(q) = p.quarter {
            self.quarter(p, q, year)?
        } else if p.fiscal {
            let y = year.ok_or_else(|| self.needs("a year"))?;
            let y = i32::try_from(y).map_err(|_| self.invalid("year out of range"))?;
            match p.month {
                // 令和元年度6月: a month inside that fiscal year.
                Some(Unit::Num(m)) if (1..=12).contains(&m) => {
                    let cal = FiscalYear(y).year_of_month(u8::try_from(m).unwrap_or(4));
                    Val::Date { date: self.month_date(i64::from(cal), m)?, approximate: false }
                }
                Some(Unit::Num(m)) => return Err(self.invalid(format!("month {m} does not exist"))),
                _ => {
                    PartialDate::year(i64::from(y)).map_err(|e| self.invalid(e.to_string()))?;
                    Val::Fiscal(FiscalYear(y))
                }
            }
        } else if p.decade {
            let y = year.ok_or_else(|| self.needs("a year"))?;
            let first = PartialDate::year(y).map_err(|e| self.invalid(e.to_string()))?;
            if era.is_some() || historical {
                // 昭和40年代: era years 40–49.
                let last = PartialDate::year(y + 9).map_err(|e| self.invalid(e.to_string()))?;
                Val::YearSpan { first, last }
            } else if y % 10 == 0 {
                Val::Decade { decade: first.get_year() / 10, approximate: false }
            } else {
                return Err(self.invalid(format!("{y} does not start a decade")));
            }
        } else if let Some(season) = p.season {
            let y = year.ok_or_else(|| self.needs("a year"))?;
            let date = PartialDate::year(y).map_err(|e| self.invalid(e.to_string()))?;
            Val::Season { year: date.get_year(), season, approximate: false }
        } else if let Some(y) = year.filter(|y| historical || (*y < REFORM_YEAR && Self::japanese_calendar(p, era))) {
            // Lunisolar months before 1873: the Tenpō calendar (1844–1872)
            // is computed; before it, only the year is kept.
            self.check_lunisolar(p, y)?;
            match self.tenpo(p, y)? {
                Some(v) => v,
                None => Val::Date {
                    date: PartialDate::year(y).map_err(|e| self.invalid(e.to_string()))?,
                    approximate: false,
                },
            }
        } else {
            if p.leap {
                return Err(self.invalid("a leap month after the 1873 calendar reform"));
            }
            Val::Date { date: self.calendar_date(p, year, anchor)?, approximate: false }
        };
        if let Some(era) = era {
            let def = era.def();
            let first = widen(def.first_day);
            // Before the era's first day (平成元年1月7日, 令和元年4月): resolved
            // arithmetically with a warning, as past its last day is with an
            // info note; only era year 0 is an error (in `era_year`).
            if v.last_day() < first {
                self.notes.push(Note::EraYearBeforeStart);
            }
            if def.last_day.is_some_and(|last| v.first_day() > widen(last)) {
                self.notes.push(Note::EraYearPastEnd);
            }
            self.era = Some(era);
        }
        let explicit = matches!(
            p.year,
            Some(
                YearSpec::Western { .. }
                    | YearSpec::Era { .. }
                    | YearSpec::DocEra(_)
                    | YearSpec::Same
                    | YearSpec::Publication(_)
                    | YearSpec::Previous(_)
            )
        );
        if let (Some(fy), true, Val::Date { date, .. }) = (self.ctx.fiscal_year, explicit, v) {
            let outside = match date.get_month() {
                Some(_) => !fy.contains(&date),
                None => date.get_year() != fy.0 && date.get_year() != fy.0 + 1,
            };
            if outside {
                self.notes.push(Note::MonthOutsideFiscalYear);
            }
        }
        if let (Some(part), Val::Date { date, .. }) = (p.part, v) {
            v = self.month_part(date, part)?;
        }
        if p.approximate {
            v.set_approximate();
        }
        Ok(v)
    }

    /// `Q1`, `2021年第1四半期`: a calendar quarter (EDTF 33–36);
    /// `2021年度第1四半期`, or a bare quarter inside a fiscal-year section:
    /// three months of the fiscal year (April–June first).
    fn quarter(&self, p: &Point, q: u8, year: Option<i64>) -> Result<Val, DateError> {
        let fiscal = match (p.fiscal, year) {
            (true, Some(y)) => Some(i32::try_from(y).map_err(|_| self.invalid("year out of range"))?),
            (true, None) => return Err(self.needs("a year")),
            (false, Some(_)) => None,
            (false, None) => self.ctx.fiscal_year.map(|fy| fy.0),
        };
        if let Some(fy) = fiscal {
            let fy = FiscalYear(fy);
            let first_month = (3 * q) % 12 + 1;
            let last_month = first_month + 2;
            let at = |m: u8| self.month_date(i64::from(fy.year_of_month(m)), u32::from(m));
            return Ok(Val::YearSpan { first: at(first_month)?, last: at(last_month)? });
        }
        let y = match year {
            Some(y) => y,
            None => i64::from(self.previous_date("a fiscal year or previous date for the quarter")?.get_year()),
        };
        let date = PartialDate::year(y).map_err(|e| self.invalid(e.to_string()))?;
        Ok(Val::Season { year: date.get_year(), season: Season::Quarter(q), approximate: false })
    }

    /// 上旬, 中旬, 下旬 of a month: days 1–10, 11–20, 21 to its last.
    fn month_part(&self, date: PartialDate, part: MonthPart) -> Result<Val, DateError> {
        let (Some(m), None) = (date.get_month(), date.get_day()) else {
            return Ok(Val::Date { date, approximate: false });
        };
        let y = i64::from(date.get_year());
        let (first, last) = match part {
            MonthPart::Early => (1, 10),
            MonthPart::Middle => (11, 20),
            MonthPart::Late => (21, u32::from(days_in_month(date.get_year(), m))),
        };
        let m = u32::from(m);
        Ok(Val::YearSpan { first: self.day_date(y, m, first)?, last: self.day_date(y, m, last)? })
    }

    /// Whether a point's year is counted in a Japanese calendar (an era or
    /// 皇紀), whose months were lunisolar before the reform.
    fn japanese_calendar(p: &Point, era: Option<Era>) -> bool {
        era.is_some() || matches!(p.year, Some(YearSpec::Imperial(_)))
    }

    /// The month and day of a lunisolar date: months 1–12, days 1–30 (a
    /// lunisolar month has 29 or 30), and not the days the reform skipped.
    fn check_lunisolar(&self, p: &Point, year: i64) -> Result<(), DateError> {
        if let Some(Unit::Num(m)) = p.month {
            if !(1..=12).contains(&m) {
                return Err(self.invalid(format!("month {m} does not exist")));
            }
        }
        if let Some(Unit::Num(d)) = p.day {
            if !(1..=30).contains(&d) {
                return Err(self.invalid(format!("day {d} does not exist in a lunisolar month")));
            }
            if year == REFORM_YEAR - 1 && p.month == Some(Unit::Num(12)) && d >= 3 && !p.leap {
                return Err(self.invalid("skipped by the 1873 calendar reform"));
            }
        }
        Ok(())
    }

    /// A lunisolar month or day of the Tenpō calendar (lunar years 1844–1872)
    /// in our calendar: a day as that day (`慶応3年12月30日` → 1868-01-24),
    /// a month as its days (`明治元年9月` → 1868-10-16/1868-11-13). `None`
    /// outside that calendar's years, or for a month or day written as 同.
    fn tenpo(&self, p: &Point, year: i64) -> Result<Option<Val>, DateError> {
        use super::lunisolar::{self, LunisolarError};
        let Ok(y) = i32::try_from(year) else { return Ok(None) };
        let Some(Unit::Num(m)) = p.month else { return Ok(None) };
        if !(lunisolar::FIRST_YEAR..=lunisolar::LAST_YEAR).contains(&y) {
            return Ok(None);
        }
        let m = u8::try_from(m).map_err(|_| self.invalid(format!("month {m} does not exist")))?;
        let leap = if p.leap { "閏" } else { "" };
        let explain = |err: LunisolarError, day: u8| match err {
            LunisolarError::OutOfRange => self.invalid("outside the lunisolar calendar's years"),
            LunisolarError::NoSuchMonth => self.invalid(format!("the lunisolar year {y} has no {leap}{m}月")),
            LunisolarError::NoSuchDay => {
                self.invalid(format!("{leap}{m}月 of the lunisolar year {y} has no day {day}"))
            }
        };
        let day_of = |d: u8| -> Result<PartialDate, DateError> {
            let (gy, gm, gd) = lunisolar::to_gregorian(y, m, p.leap, d).map_err(|e| explain(e, d))?;
            self.day_date(i64::from(gy), u32::from(gm), u32::from(gd))
        };
        // The month's length only where the text leaves its last day open.
        let last = || lunisolar::month_len(y, m, p.leap).map_err(|e| explain(e, 0));
        Ok(Some(match p.day {
            Some(Unit::Num(d)) => {
                let d = u8::try_from(d).map_err(|_| self.invalid(format!("day {d} does not exist")))?;
                Val::Date { date: day_of(d)?, approximate: false }
            }
            Some(Unit::Last) => Val::Date { date: day_of(last()?)?, approximate: false },
            None => Val::YearSpan { first: day_of(1)?, last: day_of(last()?)? },
            Some(Unit::Same | Unit::Next) => return Ok(None),
        }))
    }

    /// A year, month or day date from the parts a point names and what it leans on.
    fn calendar_date(&self, p: &Point, year: Option<i64>, anchor: Anchor) -> Result<PartialDate, DateError> {
        let anchor_date = match anchor {
            Anchor::Start(v) | Anchor::End(v) => v.date(),
            Anchor::None => None,
        };
        // The month, and the year when the point names none.
        let (year, month) = match p.month {
            None => match p.day {
                None => {
                    let y = year.ok_or_else(|| self.invalid("no year, month or day"))?;
                    return PartialDate::year(y).map_err(|e| self.invalid(e.to_string()));
                }
                // `14日`: the month comes from the range start or the previous date.
                Some(_) if year.is_none() => {
                    let base = match anchor_date.filter(|d| d.get_month().is_some()) {
                        Some(d) => d,
                        None => self.previous_date("a previous date for the day")?,
                    };
                    let m = base.get_month().ok_or_else(|| self.needs("a previous month for the day"))?;
                    (i64::from(base.get_year()), u32::from(m))
                }
                Some(_) => return Err(self.invalid("a day without a month")),
            },
            Some(Unit::Num(m)) => {
                if !(1..=12).contains(&m) {
                    return Err(self.invalid(format!("month {m} does not exist")));
                }
                let y = match year {
                    Some(y) => y,
                    None => self.implied_year(p, m, anchor)?,
                };
                (y, m)
            }
            Some(Unit::Same) => {
                let prev = self.previous_date("a previous date (同月)")?;
                let m = prev.get_month().ok_or_else(|| self.needs("a previous month (同月)"))?;
                (year.unwrap_or(i64::from(prev.get_year())), u32::from(m))
            }
            Some(Unit::Next) => {
                let base = match anchor_date {
                    Some(d) => d,
                    None => self.previous_date("a previous date (翌月)")?,
                };
                let m = base.get_month().ok_or_else(|| self.needs("a previous month (翌月)"))?;
                let (y, m) = if m == 12 {
                    (i64::from(base.get_year()) + 1, 1)
                } else {
                    (i64::from(base.get_year()), u32::from(m) + 1)
                };
                (year.unwrap_or(y), m)
            }
            Some(Unit::Last) => return Err(self.invalid("末 is not a month")),
        };
        match p.day {
            None => self.month_date(year, month),
            Some(Unit::Num(d)) => self.day_date(year, month, d),
            Some(Unit::Last) => {
                let date = self.month_date(year, month)?;
                self.day_date(year, month, u32::from(days_in_month(date.get_year(), u8::try_from(month).unwrap_or(1))))
            }
            Some(Unit::Same) => {
                let prev = self.previous_date("a previous date (同日)")?;
                // `2024年7月、…「2+2」が開催され、同日、…に署名した`: the same day
                // as a date known to its month is known to that month.
                match prev.get_day() {
                    Some(d) => self.day_date(year, month, u32::from(d)),
                    None => self.month_date(year, month),
                }
            }
            Some(Unit::Next) => {
                let base = match anchor_date {
                    Some(d) => d,
                    None => self.previous_date("a previous date (翌日)")?,
                };
                let d = base.get_day().ok_or_else(|| self.needs("a previous day (翌日)"))?;
                let (y, m) = (i64::from(base.get_year()), u32::from(base.get_month().unwrap_or(1)));
                if u32::from(d) < u32::from(days_in_month(base.get_year(), u8::try_from(m).unwrap_or(1))) {
                    self.day_date(y, m, u32::from(d) + 1)
                } else if m < 12 {
                    self.day_date(y, m + 1, 1)
                } else {
                    self.day_date(y + 1, 1, 1)
                }
            }
        }
    }
}
