//! The Tenpō lunisolar calendar (天保暦), computed: lunar date → Gregorian date.
//!
//! This module owns one thing: turning a date of the calendar in force from
//! 天保15年1月1日 (1844-02-18) to 明治5年12月2日 (1872-12-31) — the day before
//! the Gregorian reform made the next day 1873-01-01 — into a proleptic
//! Gregorian date, and telling how long each lunar month was (for 晦日).
//!
//! # Why computed, not tabulated
//!
//! The Tenpō calendar is defined by astronomy: a month begins on the day of
//! the true new moon (定朔) and months are numbered by the true principal
//! solar terms (定気の中気) they contain. So the calendar follows from a few
//! published formulas (Jean Meeus, *Astronomical Algorithms*: the new moon of
//! ch. 49 with its periodic and planetary corrections; the apparent solar
//! longitude of ch. 25 from an abridged VSOP87 Earth series, nutation of
//! ch. 22 and aberration) and the rules below. Writing the rules down keeps
//! the source of every date auditable and avoids copying a conversion table
//! whose provenance and licence we could not vouch for. The table of ~400
//! month starts (lunar years 1842–1874, more than the public range so that
//! the edges can be checked) is built once, on first use, in about 3 ms
//! (measured, debug and release alike: the cost is ~200 000 cosines); each
//! lookup is then a binary search.
//!
//! # Rules implemented
//!
//! - The civil day runs from local midnight at the meridian of Kyoto
//!   (135.7681° E, local mean time = UTC + 9 h 03 m 04 s), the capital the
//!   calendar was reckoned for. Reckoning on Japan Standard Time (135° E)
//!   instead would put every instant about 3 minutes earlier on the clock,
//!   which only matters for the close calls below.
//! - A month begins on the civil day containing the new moon.
//! - The month containing 冬至 (270°) is month 11; 300° → 12, 330° → 1,
//!   0° → 2, … 240° → 10.
//! - Between two months 11, if there are 13 months, the first month without a
//!   中気 is the leap month (閏) and takes the number of the month before it;
//!   the Tenpō priority rule (春分 in month 2, 夏至 in 5, 秋分 in 8; 冬至 in 11
//!   holds by how spans are cut) picks the next month without 中気 if the
//!   first one would break it. Computed for lunar years 1842–1874 (pinned by
//!   `ambiguous_leap_cases`), this happens once: 冬至 1851 to 冬至 1852 has
//!   13 months, two of them without 中気 (from 1851-12-23 and 1852-03-21).
//!   The plain rule would make the month from 1851-12-23 閏11 and put 春分
//!   in month 1; the priority rule makes the month from 1852-03-21 閏2
//!   (嘉永5年閏2月). Months with two 中気 occur in 1851 (11), 1852 (1) and
//!   1870 (11), and 12-month spans with a month lacking 中気 in 1851 (month
//!   10) and 1870 (month 12); there numbering in sequence is unambiguous.
//! - The lunar year N is the one whose month 1 day 1 falls in Gregorian N.
//!
//! # Accuracy limits
//!
//! The formulas are good to well under a minute for these years (new moon:
//! tens of seconds; solar longitude: about 1″, i.e. ~25 s of time; ΔT
//! uncertainty: a second or two). The historical calendar was computed with
//! the theories of its day, and its day boundary may have been reckoned in
//! local apparent rather than mean time (the equation of time reaches
//! ±16 min). So a date is only as safe as the margin between its month's new
//! moon (or a deciding 中気) and local midnight: the test `close_calls` lists
//! every event within 30 minutes of midnight (about 40 in 1843–1873; only
//! the new moons among them move a month start). The tightest: the new moon
//! starting 1850 month 9 (1850-10-05) comes 8 s before midnight, so that
//! month may really have begun on 10-06; those starting 1866 month 4
//! (1866-05-15) and 1871 month 12 (1872-01-11) come about 1 min after it,
//! so JST reckoning would move them a day earlier. Outside the close calls,
//! the computed calendar is the calendar as defined.
//!
//! Nothing here is called yet: the era resolver will use it for pre-1873
//! dates (hence the `dead_code` allowance below, to be removed with the
//! caller).

use std::sync::LazyLock;

/// First lunar year this module converts (Tenpō calendar; earlier years used
/// the 寛政暦, whose rules differ).
pub(crate) const FIRST_YEAR: i32 = 1844;
/// Last lunar year this module converts (明治5年, cut short by the reform).
pub(crate) const LAST_YEAR: i32 = 1872;

/// Why a lunar date has no Gregorian equivalent here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LunisolarError {
    /// The year is outside [`FIRST_YEAR`]..=[`LAST_YEAR`] (or before
    /// 天保15年1月, which began the Tenpō calendar).
    OutOfRange,
    /// No such month in that year (month 0 or > 12, or a leap month the year
    /// does not have).
    NoSuchMonth,
    /// Day 0, past the month's last day, or after 明治5年12月2日.
    NoSuchDay,
}

/// Gregorian (year, month, day) of lunar year/month/day; `leap` for 閏.
pub(crate) fn to_gregorian(year: i32, month: u8, leap: bool, day: u8) -> Result<(i32, u8, u8), LunisolarError> {
    let m = find_month(year, month, leap)?;
    if day == 0 || day > effective_len(m) {
        return Err(LunisolarError::NoSuchDay);
    }
    gregorian_from_jdn(m.start + i64::from(day) - 1).ok_or(LunisolarError::OutOfRange)
}

/// Number of days (29 or 30) of that month, for 晦日 (last day of month).
///
/// 明治5年12月 reports 2: the reform made its 3rd day 1873-01-01, so the
/// month's last day (its 晦日 in practice) was the 2nd.
pub(crate) fn month_len(year: i32, month: u8, leap: bool) -> Result<u8, LunisolarError> {
    find_month(year, month, leap).map(effective_len)
}

/// JDN of 1872-12-31 = 明治5年12月2日, the last lunisolar day.
const REFORM_LAST_JDN: i64 = jdn_from_gregorian(1872, 12, 31);

/// JDN of 1844-02-18 = 天保15年1月1日, the first Tenpō day (an anchor the
/// computed table must reproduce; tested).
#[cfg(test)]
const TENPO_FIRST_JDN: i64 = jdn_from_gregorian(1844, 2, 18);

fn find_month(year: i32, month: u8, leap: bool) -> Result<&'static Month, LunisolarError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(LunisolarError::OutOfRange);
    }
    if !(1..=12).contains(&month) {
        return Err(LunisolarError::NoSuchMonth);
    }
    let months = &CALENDAR.months;
    // An empty table means the build found an inconsistency (tested never to
    // happen); refusing every date beats inventing one.
    if months.is_empty() {
        return Err(LunisolarError::OutOfRange);
    }
    months
        .binary_search_by_key(&(year, month, leap), |m| (m.year, m.number, m.leap))
        .ok()
        .and_then(|i| months.get(i))
        .ok_or(LunisolarError::NoSuchMonth)
}

/// The month's length, cut at the reform (明治5年12月 → 2 days).
fn effective_len(m: &Month) -> u8 {
    let until_reform = REFORM_LAST_JDN.saturating_sub(m.start).saturating_add(1).clamp(0, 255);
    let cut = u8::try_from(until_reform).unwrap_or(0);
    m.len.min(cut)
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

/// One lunar month of the computed calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Month {
    /// Lunar year (the Gregorian year of its month 1, day 1).
    year: i32,
    /// 1..=12; a leap month carries the number of the month before it.
    number: u8,
    leap: bool,
    /// JDN of day 1 (the civil day of the new moon).
    start: i64,
    /// Astronomical length, 29 or 30 (not cut at the reform).
    len: u8,
}

/// The computed calendar and what the computation noticed on the way.
#[derive(Debug, Default)]
struct Calendar {
    /// Ordered by start, hence also by (year, number, leap).
    months: Vec<Month>,
    /// Where the plain rules needed care (1842–1874: see `ambiguous_leap_cases`).
    anomalies: Vec<Anomaly>,
    /// New moons and 中気 within [`CLOSE_CALL_MINUTES`] of local midnight.
    close_calls: Vec<CloseCall>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AnomalyKind {
    /// The month holds two 中気 (possible with 定気 near perihelion).
    TwoTerms,
    /// A 13-month span has more than one month without 中気.
    SeveralWithoutTerm,
    /// A 12-month span has a month without 中気.
    NoTermInCommonYear,
    /// The Tenpō priority rule chose a leap month other than the first
    /// month without 中気.
    PriorityRule,
    /// No numbering satisfies the priority rule (kept the plain rule).
    Unresolved,
    /// A non-leap month with one 中気 has a number that 中気 does not give.
    Mismatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anomaly {
    year: i32,
    number: u8,
    leap: bool,
    kind: AnomalyKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Event {
    NewMoon,
    /// A 中気, by its solar longitude in degrees.
    Term(u16),
}

/// An event close to local midnight, where astronomy and the historical
/// calendar may disagree by one day.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CloseCall {
    /// The month the event begins (new moon) or lies in (中気).
    year: i32,
    number: u8,
    leap: bool,
    event: Event,
    /// JDN of the civil day the event falls on.
    day: i64,
    /// Signed distance to the nearest local midnight: positive = just after
    /// the midnight that starts `day`, negative = just before the one ending it.
    minutes: f64,
    /// Whether moving the event across that midnight would change a date: a
    /// new moon always moves a month start; a 中気 only if it would cross
    /// into the neighbouring month (it is on the month's first day and just
    /// after midnight, or on its last day and just before).
    decisive: bool,
}

const CLOSE_CALL_MINUTES: f64 = 30.0;

static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| build().unwrap_or_default());

/// Meeus lunation numbers (k = 0: the new moon of 2000-01-06) bracketing the
/// table: from before the month of the 1842 December solstice to after the
/// month of the 1874 one.
const K_FIRST: i32 = -1950;
const K_LAST: i32 = -1540;
/// December solstices whose spans make the table: 1842 … 1874.
const FIRST_SOLSTICE_YEAR: i32 = 1842;
const SOLSTICE_SPANS: i32 = 32;

/// A civil day and the fraction of it elapsed at an instant (Kyoto time).
#[derive(Debug, Clone, Copy)]
struct Civil {
    day: i64,
    frac: f64,
}

impl Civil {
    fn signed_minutes(self) -> f64 {
        let after = self.frac * 1440.0;
        let before = (1.0 - self.frac) * 1440.0;
        if after <= before {
            after
        } else {
            -before
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Term {
    lon: u16,
    at: Civil,
}

fn build() -> Option<Calendar> {
    let moons: Vec<Civil> = (K_FIRST..=K_LAST).map(|k| civil(new_moon_jde(f64::from(k)))).collect();
    if moons.windows(2).any(|w| matches!(w, [a, b] if b.day <= a.day)) {
        return None;
    }
    // Month i runs from moons[i].day up to (not including) moons[i + 1].day.
    let month_count = moons.len().checked_sub(1)?;

    // Every 中気 from the 1842 December solstice to the 1874 one.
    let guess0 = jdn_from_gregorian(FIRST_SOLSTICE_YEAR, 12, 22) as f64 - 0.5;
    let term_count = SOLSTICE_SPANS.checked_mul(12)?;
    let mut terms_in: Vec<Vec<Term>> = vec![Vec::new(); month_count];
    let mut solstice_months: Vec<usize> = Vec::new();
    for n in 0..=term_count {
        let lon = u16::try_from((270 + 30 * n).rem_euclid(360)).ok()?;
        let guess = guess0 + f64::from(n) * (TROPICAL_YEAR / 12.0);
        let at = civil(solar_term_jde(f64::from(lon), guess));
        let i = moons.partition_point(|m| m.day <= at.day).checked_sub(1)?;
        terms_in.get_mut(i)?.push(Term { lon, at });
        if lon == 270 {
            solstice_months.push(i);
        }
    }

    let mut cal = Calendar::default();
    for (j, pair) in (0i32..).zip(solstice_months.windows(2)) {
        let &[ia, ib] = pair else { return None };
        let solstice_year = FIRST_SOLSTICE_YEAR.checked_add(j)?;
        let span = terms_in.get(ia..ib)?;
        let numbering = number_span(span, solstice_year, &mut cal.anomalies)?;
        for (q, ((number, leap), terms)) in numbering.iter().zip(span).enumerate() {
            let i = ia.checked_add(q)?;
            let (start, next) = (moons.get(i)?, moons.get(i.checked_add(1)?)?);
            let len = u8::try_from(next.day.checked_sub(start.day)?).ok()?;
            let year = year_of_month(&numbering, q, solstice_year)?;
            let month = Month { year, number: *number, leap: *leap, start: start.day, len };
            note_close_calls(&month, *start, terms, &mut cal.close_calls);
            cal.months.push(month);
        }
    }
    Some(cal)
}

/// The number and leap flag of each month of a span between two months 11
/// (the span starts with month 11 and holds 12 or 13 months).
fn number_span(span: &[Vec<Term>], solstice_year: i32, anomalies: &mut Vec<Anomaly>) -> Option<Vec<(u8, bool)>> {
    let without_term: Vec<usize> = (1..span.len()).filter(|&q| span.get(q).is_some_and(Vec::is_empty)).collect();
    let numbering = match span.len() {
        12 => {
            let plain = numbering_with_leap(12, None);
            if !without_term.is_empty() {
                note(anomalies, &plain, solstice_year, without_term.first().copied(), AnomalyKind::NoTermInCommonYear);
            }
            if !satisfies_priority(span, &plain) {
                note(anomalies, &plain, solstice_year, Some(0), AnomalyKind::Unresolved);
            }
            plain
        }
        13 => {
            let first = *without_term.first()?;
            let plain = numbering_with_leap(13, Some(first));
            if without_term.len() > 1 {
                note(anomalies, &plain, solstice_year, Some(first), AnomalyKind::SeveralWithoutTerm);
            }
            let chosen = without_term
                .iter()
                .map(|&q| (q, numbering_with_leap(13, Some(q))))
                .find(|(_, numbering)| satisfies_priority(span, numbering));
            match chosen {
                Some((q, numbering)) if q == first => numbering,
                Some((q, numbering)) => {
                    note(anomalies, &numbering, solstice_year, Some(q), AnomalyKind::PriorityRule);
                    numbering
                }
                None => {
                    note(anomalies, &plain, solstice_year, Some(first), AnomalyKind::Unresolved);
                    plain
                }
            }
        }
        _ => return None,
    };
    for (q, (terms, &(number, leap))) in span.iter().zip(&numbering).enumerate() {
        if terms.len() > 1 {
            note(anomalies, &numbering, solstice_year, Some(q), AnomalyKind::TwoTerms);
        }
        if let [only] = terms.as_slice() {
            if leap || number != month_of_term(only.lon) {
                note(anomalies, &numbering, solstice_year, Some(q), AnomalyKind::Mismatch);
            }
        }
    }
    Some(numbering)
}

fn note(
    anomalies: &mut Vec<Anomaly>,
    numbering: &[(u8, bool)],
    solstice_year: i32,
    q: Option<usize>,
    kind: AnomalyKind,
) {
    let q = q.unwrap_or(0);
    if let (Some(&(number, leap)), Some(year)) = (numbering.get(q), year_of_month(numbering, q, solstice_year)) {
        anomalies.push(Anomaly { year, number, leap, kind });
    }
}

/// 11, 12, 1, …, 10 over `count` months, with the month at position `leap`
/// (if any) repeating the previous number as a leap month.
fn numbering_with_leap(count: usize, leap: Option<usize>) -> Vec<(u8, bool)> {
    let mut out = Vec::with_capacity(count);
    let mut ordinal = 0usize;
    for q in 0..count {
        if Some(q) == leap && q > 0 {
            out.push((sequence_number(ordinal.saturating_sub(1)), true));
        } else {
            out.push((sequence_number(ordinal), false));
            ordinal += 1;
        }
    }
    out
}

/// The `ordinal`-th month number counted from month 11: 11, 12, 1, 2, …
fn sequence_number(ordinal: usize) -> u8 {
    u8::try_from((ordinal + 10) % 12 + 1).unwrap_or(0)
}

/// The month number a 中気 gives: 270° → 11, 300° → 12, 330° → 1, 0° → 2, …
fn month_of_term(lon: u16) -> u8 {
    u8::try_from((lon / 30 + 1) % 12 + 1).unwrap_or(0)
}

/// Tenpō priority: 春分 (0°) in month 2, 夏至 (90°) in 5, 秋分 (180°) in 8,
/// never in a leap month. (冬至 in 11 holds by how spans are cut.)
fn satisfies_priority(span: &[Vec<Term>], numbering: &[(u8, bool)]) -> bool {
    span.iter().zip(numbering).all(|(terms, &(number, leap))| {
        terms.iter().filter(|t| matches!(t.lon, 0 | 90 | 180)).all(|t| !leap && number == month_of_term(t.lon))
    })
}

/// Months 11 and 12 (and their leaps) belong to the solstice's own year; the
/// months from the first (non-leap) month 1 on belong to the next one.
fn year_of_month(numbering: &[(u8, bool)], q: usize, solstice_year: i32) -> Option<i32> {
    let new_year_started = numbering.get(..=q)?.iter().any(|&(number, leap)| number == 1 && !leap);
    if new_year_started {
        solstice_year.checked_add(1)
    } else {
        Some(solstice_year)
    }
}

fn note_close_calls(month: &Month, moon: Civil, terms: &[Term], out: &mut Vec<CloseCall>) {
    let events = std::iter::once((Event::NewMoon, moon)).chain(terms.iter().map(|t| (Event::Term(t.lon), t.at)));
    for (event, at) in events {
        let minutes = at.signed_minutes();
        if minutes.abs() < CLOSE_CALL_MINUTES {
            let last_day = month.start + i64::from(month.len) - 1;
            let decisive = match event {
                Event::NewMoon => true,
                Event::Term(_) => (at.day == month.start && minutes > 0.0) || (at.day == last_day && minutes < 0.0),
            };
            out.push(CloseCall {
                year: month.year,
                number: month.number,
                leap: month.leap,
                event,
                day: at.day,
                minutes,
                decisive,
            });
        }
    }
}

// ---------------------------------------------------------------------------
// Time scales and the civil day
// ---------------------------------------------------------------------------

const J2000: f64 = 2_451_545.0;
const TROPICAL_YEAR: f64 = 365.242_19;
/// Kyoto's meridian as a fraction of a day east of Greenwich (≈ 9 h 03 m 04 s).
const KYOTO_OFFSET_DAYS: f64 = 135.7681 / 360.0;

/// The Kyoto civil day (and fraction of it) of an instant given in TT.
fn civil(jde: f64) -> Civil {
    let ut = jde - delta_t_seconds(jde) / 86_400.0;
    // JD counts from noon; +0.5 moves the day boundary to midnight.
    let local = ut + 0.5 + KYOTO_OFFSET_DAYS;
    let day = local.floor();
    // `as` saturates; values here are ~2.4 million.
    Civil { day: day as i64, frac: local - day }
}

/// ΔT = TT − UT in seconds (Espenak & Meeus polynomials for 1800–1900;
/// between +13.7 s in 1800 and −3 s in the 1870s). Clamped to that century,
/// which is all the table needs; a second of error is irrelevant here.
fn delta_t_seconds(jde: f64) -> f64 {
    let y = (2000.0 + (jde - J2000) / 365.25).clamp(1800.0, 1900.0);
    if y < 1860.0 {
        let t = y - 1800.0;
        13.72 - 0.332_447 * t + 0.006_861_2 * t.powi(2) + 0.004_111_6 * t.powi(3) - 0.000_374_36 * t.powi(4)
            + 0.000_012_127_2 * t.powi(5)
            - 0.000_000_169_9 * t.powi(6)
            + 0.000_000_000_875 * t.powi(7)
    } else {
        let t = y - 1860.0;
        7.62 + 0.5737 * t - 0.251_754 * t.powi(2) + 0.016_806_68 * t.powi(3) - 0.000_447_362_4 * t.powi(4)
            + t.powi(5) / 233_174.0
    }
}

// ---------------------------------------------------------------------------
// New moon (Meeus ch. 49)
// ---------------------------------------------------------------------------

fn sin_deg(x: f64) -> f64 {
    x.to_radians().sin()
}

/// JDE (TT) of the true new moon of lunation `k` (integer; 0 = 2000-01-06).
fn new_moon_jde(k: f64) -> f64 {
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let mean = 2_451_550.097_66 + 29.530_588_861 * k + 0.000_154_37 * t2 - 0.000_000_150 * t3 + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    // Sun's and Moon's mean anomalies, Moon's argument of latitude, node.
    let m = 2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    let mp = 201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    let f = 160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    let om = 124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;

    let periodic = -0.407_20 * sin_deg(mp)
        + 0.172_41 * e * sin_deg(m)
        + 0.016_08 * sin_deg(2.0 * mp)
        + 0.010_39 * sin_deg(2.0 * f)
        + 0.007_39 * e * sin_deg(mp - m)
        - 0.005_14 * e * sin_deg(mp + m)
        + 0.002_08 * e * e * sin_deg(2.0 * m)
        - 0.001_11 * sin_deg(mp - 2.0 * f)
        - 0.000_57 * sin_deg(mp + 2.0 * f)
        + 0.000_56 * e * sin_deg(2.0 * mp + m)
        - 0.000_42 * sin_deg(3.0 * mp)
        + 0.000_42 * e * sin_deg(m + 2.0 * f)
        + 0.000_38 * e * sin_deg(m - 2.0 * f)
        - 0.000_24 * e * sin_deg(2.0 * mp - m)
        - 0.000_17 * sin_deg(om)
        - 0.000_07 * sin_deg(mp + 2.0 * m)
        + 0.000_04 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.000_04 * sin_deg(3.0 * m)
        + 0.000_03 * sin_deg(mp + m - 2.0 * f)
        + 0.000_03 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.000_03 * sin_deg(mp + m + 2.0 * f)
        + 0.000_03 * sin_deg(mp - m + 2.0 * f)
        - 0.000_02 * sin_deg(mp - m - 2.0 * f)
        - 0.000_02 * sin_deg(3.0 * mp + m)
        + 0.000_02 * sin_deg(4.0 * mp);

    // Planetary arguments A1..A14 and their coefficients.
    const PLANETARY: [(f64, f64, f64); 14] = [
        (0.000_325, 299.77, 0.107_408),
        (0.000_165, 251.88, 0.016_321),
        (0.000_164, 251.83, 26.651_886),
        (0.000_126, 349.42, 36.412_478),
        (0.000_110, 84.66, 18.206_239),
        (0.000_062, 141.74, 53.303_771),
        (0.000_060, 207.14, 2.453_732),
        (0.000_056, 154.84, 7.306_860),
        (0.000_047, 34.52, 27.261_239),
        (0.000_042, 207.19, 0.121_824),
        (0.000_040, 291.34, 1.844_379),
        (0.000_037, 161.72, 24.198_154),
        (0.000_035, 239.56, 25.513_099),
        (0.000_023, 331.55, 3.592_518),
    ];
    let planetary: f64 = PLANETARY
        .iter()
        .enumerate()
        .map(|(i, &(coef, a0, rate))| {
            // Only A1 has a T² term.
            let arg = a0 + rate * k - if i == 0 { 0.009_173 * t2 } else { 0.0 };
            coef * sin_deg(arg)
        })
        .sum();
    mean + periodic + planetary
}

// ---------------------------------------------------------------------------
// Apparent solar longitude (Meeus ch. 25, 22, 32 / abridged VSOP87)
// ---------------------------------------------------------------------------

/// Abridged VSOP87D heliocentric longitude series of the Earth (Meeus
/// appendix III): (A, B, C) terms, A in 1e-8 rad, argument B + C·τ with τ in
/// Julian millennia from J2000.
const EARTH_L0: [(f64, f64, f64); 64] = [
    (175_347_046.0, 0.0, 0.0),
    (3_341_656.0, 4.669_256_8, 6_283.075_85),
    (34_894.0, 4.626_1, 12_566.151_7),
    (3_497.0, 2.744_1, 5_753.384_9),
    (3_418.0, 2.828_9, 3.523_1),
    (3_136.0, 3.627_7, 77_713.771_5),
    (2_676.0, 4.418_1, 7_860.419_4),
    (2_343.0, 6.135_2, 3_930.209_7),
    (1_324.0, 0.742_5, 11_506.769_8),
    (1_273.0, 2.037_1, 529.691),
    (1_199.0, 1.109_6, 1_577.343_5),
    (990.0, 5.233, 5_884.927),
    (902.0, 2.045, 26.298),
    (857.0, 3.508, 398.149),
    (780.0, 1.179, 5_223.694),
    (753.0, 2.533, 5_507.553),
    (505.0, 4.583, 18_849.228),
    (492.0, 4.205, 775.523),
    (357.0, 2.92, 0.067),
    (317.0, 5.849, 11_790.629),
    (284.0, 1.899, 796.298),
    (271.0, 0.315, 10_977.079),
    (243.0, 0.345, 5_486.778),
    (206.0, 4.806, 2_544.314),
    (205.0, 1.869, 5_573.143),
    (202.0, 2.458, 6_069.777),
    (156.0, 0.833, 213.299),
    (132.0, 3.411, 2_942.463),
    (126.0, 1.083, 20.775),
    (115.0, 0.645, 0.98),
    (103.0, 0.636, 4_694.003),
    (102.0, 0.976, 15_720.839),
    (102.0, 4.267, 7.114),
    (99.0, 6.21, 2_146.17),
    (98.0, 0.68, 155.42),
    (86.0, 5.98, 161_000.69),
    (85.0, 1.3, 6_275.96),
    (85.0, 3.67, 71_430.7),
    (80.0, 1.81, 17_260.15),
    (79.0, 3.04, 12_036.46),
    (75.0, 1.76, 5_088.63),
    (74.0, 3.5, 3_154.69),
    (74.0, 4.68, 801.82),
    (70.0, 0.83, 9_437.76),
    (62.0, 3.98, 8_827.39),
    (61.0, 1.82, 7_084.9),
    (57.0, 2.78, 6_286.6),
    (56.0, 4.39, 14_143.5),
    (56.0, 3.47, 6_279.55),
    (52.0, 0.19, 12_139.55),
    (52.0, 1.33, 1_748.02),
    (51.0, 0.28, 5_856.48),
    (49.0, 0.49, 1_194.45),
    (41.0, 5.37, 8_429.24),
    (41.0, 2.4, 19_651.05),
    (39.0, 6.17, 10_447.39),
    (37.0, 6.04, 10_213.29),
    (37.0, 2.57, 1_059.38),
    (36.0, 1.71, 2_352.87),
    (36.0, 1.78, 6_812.77),
    (33.0, 0.59, 17_789.85),
    (30.0, 0.44, 83_996.85),
    (30.0, 2.74, 1_349.87),
    (25.0, 3.16, 4_690.48),
];
const EARTH_L1: [(f64, f64, f64); 34] = [
    (628_331_966_747.0, 0.0, 0.0),
    (206_059.0, 2.678_235, 6_283.075_85),
    (4_303.0, 2.635_1, 12_566.151_7),
    (425.0, 1.59, 3.523),
    (119.0, 5.796, 26.298),
    (109.0, 2.966, 1_577.344),
    (93.0, 2.59, 18_849.23),
    (72.0, 1.14, 529.69),
    (68.0, 1.87, 398.15),
    (67.0, 4.41, 5_507.55),
    (59.0, 2.89, 5_223.69),
    (56.0, 2.17, 155.42),
    (45.0, 0.4, 796.3),
    (36.0, 0.47, 775.52),
    (29.0, 2.65, 7.11),
    (21.0, 5.34, 0.98),
    (19.0, 1.85, 5_486.78),
    (19.0, 4.97, 213.3),
    (17.0, 2.99, 6_275.96),
    (16.0, 0.03, 2_544.31),
    (16.0, 1.43, 2_146.17),
    (15.0, 1.21, 10_977.08),
    (12.0, 2.83, 1_748.02),
    (12.0, 3.26, 5_088.63),
    (12.0, 5.27, 1_194.45),
    (12.0, 2.08, 4_694.0),
    (11.0, 0.77, 553.57),
    (10.0, 1.3, 6_286.6),
    (10.0, 4.24, 1_349.87),
    (9.0, 2.7, 242.73),
    (9.0, 5.64, 951.72),
    (8.0, 5.3, 2_352.87),
    (6.0, 2.65, 9_437.76),
    (6.0, 4.67, 4_690.48),
];
const EARTH_L2: [(f64, f64, f64); 20] = [
    (52_919.0, 0.0, 0.0),
    (8_720.0, 1.072_1, 6_283.075_8),
    (309.0, 0.867, 12_566.152),
    (27.0, 0.05, 3.52),
    (16.0, 5.19, 26.3),
    (16.0, 3.68, 155.42),
    (10.0, 0.76, 18_849.23),
    (9.0, 2.06, 77_713.77),
    (7.0, 0.83, 775.52),
    (5.0, 4.66, 1_577.34),
    (4.0, 1.03, 7.11),
    (4.0, 3.44, 5_573.14),
    (3.0, 5.14, 796.3),
    (3.0, 6.05, 5_507.55),
    (3.0, 1.19, 242.73),
    (3.0, 6.12, 529.69),
    (3.0, 0.31, 398.15),
    (3.0, 2.28, 553.57),
    (2.0, 4.38, 5_223.69),
    (2.0, 3.75, 0.98),
];
const EARTH_L3: [(f64, f64, f64); 7] = [
    (289.0, 5.844, 6_283.076),
    (35.0, 0.0, 0.0),
    (17.0, 5.49, 12_566.15),
    (3.0, 5.2, 155.42),
    (1.0, 4.72, 3.52),
    (1.0, 5.3, 18_849.23),
    (1.0, 5.97, 242.73),
];
// The series' phases are printed rounded (3.142, 3.14 ≈ π); keeping them as
// published keeps the table checkable against the source line by line.
#[allow(clippy::approx_constant)]
const EARTH_L4: [(f64, f64, f64); 3] = [(114.0, 3.142, 0.0), (8.0, 4.13, 6_283.08), (1.0, 3.84, 12_566.15)];
#[allow(clippy::approx_constant)]
const EARTH_L5: [(f64, f64, f64); 1] = [(1.0, 3.14, 0.0)];

fn series(terms: &[(f64, f64, f64)], tau: f64) -> f64 {
    terms.iter().map(|&(a, b, c)| a * (b + c * tau).cos()).sum()
}

/// Apparent geocentric ecliptic longitude of the Sun, degrees in [0, 360),
/// at `jde` (TT): VSOP87 Earth longitude + 180°, FK5 correction, nutation
/// in longitude, aberration.
fn apparent_solar_longitude(jde: f64) -> f64 {
    let tau = (jde - J2000) / 365_250.0;
    let t = tau * 10.0;
    let l = [&EARTH_L0[..], &EARTH_L1, &EARTH_L2, &EARTH_L3, &EARTH_L4, &EARTH_L5]
        .iter()
        .rev()
        .fold(0.0, |acc, terms| acc * tau + series(terms, tau))
        / 1e8;
    let geometric = l.to_degrees() + 180.0;
    // Nutation in longitude (Meeus ch. 22, 0.5″ accuracy), arcseconds.
    let omega = 125.044_52 - 1_934.136_261 * t;
    let sun_mean = 280.4665 + 36_000.769_8 * t;
    let moon_mean = 218.3165 + 481_267.881_3 * t;
    let nutation = -17.20 * sin_deg(omega) - 1.32 * sin_deg(2.0 * sun_mean) - 0.23 * sin_deg(2.0 * moon_mean)
        + 0.21 * sin_deg(2.0 * omega);
    // Aberration −20.4898″/R; R from the Keplerian ellipse (1e-5 AU is ample:
    // R only scales a 20″ term).
    let aberration = -20.4898 / sun_distance_au(t);
    let fk5 = -0.090_33;
    (geometric + (fk5 + nutation + aberration) / 3600.0).rem_euclid(360.0)
}

/// Sun's mean anomaly and eccentricity (Meeus ch. 25), `t` in centuries.
fn sun_anomaly_and_eccentricity(t: f64) -> (f64, f64) {
    let m = 357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t;
    let e = 0.016_708_634 - 0.000_042_037 * t - 0.000_000_126_7 * t * t;
    (m, e)
}

/// Sun's equation of the center (Meeus ch. 25), degrees.
fn equation_of_center(t: f64, m: f64) -> f64 {
    (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * sin_deg(m)
        + (0.019_993 - 0.000_101 * t) * sin_deg(2.0 * m)
        + 0.000_289 * sin_deg(3.0 * m)
}

fn sun_distance_au(t: f64) -> f64 {
    let (m, e) = sun_anomaly_and_eccentricity(t);
    let v = m + equation_of_center(t, m);
    1.000_001_018 * (1.0 - e * e) / (1.0 + e * v.to_radians().cos())
}

/// Meeus's low-accuracy apparent longitude (0.01°): a cheap first
/// approximation for the root finder and a cross-check of the series.
fn apparent_solar_longitude_low(jde: f64) -> f64 {
    let t = (jde - J2000) / 36_525.0;
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let (m, _) = sun_anomaly_and_eccentricity(t);
    let omega = 125.04 - 1_934.136 * t;
    (l0 + equation_of_center(t, m) - 0.005_69 - 0.004_78 * sin_deg(omega)).rem_euclid(360.0)
}

/// `x` reduced to (−180, 180].
fn wrap180(x: f64) -> f64 {
    let r = x.rem_euclid(360.0);
    if r > 180.0 {
        r - 360.0
    } else {
        r
    }
}

/// JDE (TT) at which the apparent solar longitude reaches `target` degrees,
/// nearest to `guess` (within a few days of it).
fn solar_term_jde(target: f64, guess: f64) -> f64 {
    // Newton's method with the Sun's speed taken from the cheap formula
    // (good to ~0.1%, so each step gains about three digits). The cheap
    // formula first brings the estimate within ~15 min, then the series
    // needs two or three steps; 1e-6 day is 0.09 s, far below the formulas'
    // own accuracy.
    let mut jde = guess;
    for longitude in [apparent_solar_longitude_low as fn(f64) -> f64, apparent_solar_longitude] {
        for _ in 0..12 {
            let speed = wrap180(apparent_solar_longitude_low(jde + 0.5) - apparent_solar_longitude_low(jde - 0.5));
            // The speed is 0.95–1.02°/day; the clamp only guards the division.
            let step = wrap180(target - longitude(jde)) / speed.clamp(0.9, 1.1);
            jde += step;
            if step.abs() < 1e-6 {
                break;
            }
        }
    }
    jde
}

// ---------------------------------------------------------------------------
// Gregorian ↔ Julian Day Number (integer algorithms, valid for years > −4800)
// ---------------------------------------------------------------------------

/// JDN of a proleptic Gregorian date (Fliegel & Van Flandern).
const fn jdn_from_gregorian(year: i32, month: u8, day: u8) -> i64 {
    let (y, m, d) = (year as i64, month as i64, day as i64);
    let a = (14 - m) / 12;
    let y = y + 4800 - a;
    let m = m + 12 * a - 3;
    d + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32_045
}

/// Proleptic Gregorian date of a JDN (Richards' inverse); `None` only for
/// JDNs far outside any year this module uses.
fn gregorian_from_jdn(jdn: i64) -> Option<(i32, u8, u8)> {
    let a = jdn.checked_add(32_044)?;
    if a < 0 {
        return None;
    }
    let b = (4 * a + 3) / 146_097;
    let c = a - 146_097 * b / 4;
    let d = (4 * c + 3) / 1461;
    let e = c - 1461 * d / 4;
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = 100 * b + d - 4800 + m / 10;
    Some((i32::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jdn(y: i32, m: u8, d: u8) -> i64 {
        jdn_from_gregorian(y, m, d)
    }

    fn calendar() -> &'static Calendar {
        assert!(!CALENDAR.months.is_empty(), "the table failed to build");
        &CALENDAR
    }

    /// Months of lunar years 1843..=1873, the range the invariants cover.
    fn months_1843_1873() -> impl Iterator<Item = &'static Month> {
        calendar().months.iter().filter(|m| (1843..=1873).contains(&m.year))
    }

    #[test]
    fn anchors() {
        assert_eq!(to_gregorian(1844, 1, false, 1), Ok((1844, 2, 18)));
        assert_eq!(to_gregorian(1868, 1, false, 1), Ok((1868, 1, 25)));
        assert_eq!(to_gregorian(1872, 12, false, 2), Ok((1872, 12, 31)));
        assert_eq!(to_gregorian(1872, 12, false, 1), Ok((1872, 12, 30)));
        assert_eq!(to_gregorian(1872, 12, false, 3), Err(LunisolarError::NoSuchDay));
        assert_eq!(to_gregorian(1872, 12, false, 30), Err(LunisolarError::NoSuchDay));
        assert_eq!(to_gregorian(1867, 12, false, 30), Ok((1868, 1, 24)));
        assert_eq!(month_len(1867, 12, false), Ok(30));
        assert_eq!(month_len(1872, 12, false), Ok(2));
        assert_eq!(TENPO_FIRST_JDN, jdn(1844, 2, 18));
        // The reform's last day and the next one.
        assert_eq!(gregorian_from_jdn(REFORM_LAST_JDN + 1), Some((1873, 1, 1)));
    }

    #[test]
    fn refuses_what_does_not_exist() {
        assert_eq!(to_gregorian(1843, 12, false, 1), Err(LunisolarError::OutOfRange));
        assert_eq!(to_gregorian(1843, 1, false, 1), Err(LunisolarError::OutOfRange));
        assert_eq!(to_gregorian(1873, 1, false, 1), Err(LunisolarError::OutOfRange));
        assert_eq!(to_gregorian(i32::MIN, 1, false, 1), Err(LunisolarError::OutOfRange));
        assert_eq!(to_gregorian(i32::MAX, 1, false, 1), Err(LunisolarError::OutOfRange));
        assert_eq!(month_len(1843, 11, false), Err(LunisolarError::OutOfRange));
        assert_eq!(to_gregorian(1850, 0, false, 1), Err(LunisolarError::NoSuchMonth));
        assert_eq!(to_gregorian(1850, 13, false, 1), Err(LunisolarError::NoSuchMonth));
        assert_eq!(to_gregorian(1850, 255, true, 255), Err(LunisolarError::NoSuchMonth));
        assert_eq!(to_gregorian(1850, 1, false, 0), Err(LunisolarError::NoSuchDay));
        assert_eq!(to_gregorian(1850, 1, false, 31), Err(LunisolarError::NoSuchDay));
        assert_eq!(to_gregorian(1850, 1, false, 255), Err(LunisolarError::NoSuchDay));
        // 慶応4年/明治元年 (1868) has a leap month 4 by this computation and
        // no leap month 1; a day 30 of a 29-day month does not exist.
        assert_eq!(month_len(1868, 1, true), Err(LunisolarError::NoSuchMonth));
        assert_eq!(to_gregorian(1868, 1, true, 1), Err(LunisolarError::NoSuchMonth));
        let short = calendar()
            .months
            .iter()
            .find(|m| (FIRST_YEAR..=LAST_YEAR).contains(&m.year) && m.len == 29)
            .expect("some 29-day month");
        assert_eq!(to_gregorian(short.year, short.number, short.leap, 29).map(|_| ()), Ok(()));
        assert_eq!(to_gregorian(short.year, short.number, short.leap, 30), Err(LunisolarError::NoSuchDay));
    }

    /// Every leap month the computation gives, pinned: a change in any
    /// formula that moves one shows here.
    #[test]
    fn leap_months() {
        let leaps: Vec<(i32, u8)> = months_1843_1873().filter(|m| m.leap).map(|m| (m.year, m.number)).collect();
        assert_eq!(leaps, LEAPS);
        // Through the public API too.
        for &(year, number) in LEAPS.iter().filter(|(y, _)| (FIRST_YEAR..=LAST_YEAR).contains(y)) {
            assert!(month_len(year, number, true).is_ok(), "{year} 閏{number}");
        }
    }

    const LEAPS: &[(i32, u8)] = &[
        (1843, 7), // Lunar 1843 was reckoned by the 寛政暦: not a historical month.
        (1846, 5),
        (1849, 4),
        (1852, 2),
        (1854, 7),
        (1857, 5),
        (1860, 3),
        (1862, 8),
        (1865, 5),
        (1868, 4),
        (1870, 10),
        (1873, 6), // After the reform: never used, only the table's edge.
    ];

    #[test]
    fn month_lengths_and_year_shapes() {
        let months: Vec<&Month> = months_1843_1873().collect();
        for pair in months.windows(2) {
            let [a, b] = pair else { unreachable!() };
            let gap = b.start - a.start;
            assert!(gap == 29 || gap == 30, "{a:?} → {b:?}");
            assert_eq!(i64::from(a.len), gap, "{a:?}");
            assert!((a.year, a.number, a.leap) < (b.year, b.number, b.leap), "{a:?} → {b:?}");
        }
        for year in 1843..=1873 {
            let in_year: Vec<&&Month> = months.iter().filter(|m| m.year == year).collect();
            let leaps = in_year.iter().filter(|m| m.leap).count();
            let numbers: Vec<u8> = in_year.iter().filter(|m| !m.leap).map(|m| m.number).collect();
            assert_eq!(numbers, (1..=12).collect::<Vec<u8>>(), "{year}");
            match in_year.len() {
                12 => assert_eq!(leaps, 0, "{year}"),
                13 => assert_eq!(leaps, 1, "{year}"),
                n => panic!("{year} has {n} months"),
            }
            // New year between Jan 21 and Feb 20 (of the same Gregorian year).
            let first = in_year.first().expect("month 1");
            assert_eq!((first.number, first.leap), (1, false));
            let new_year = first.start;
            assert!(
                jdn(year, 1, 21) <= new_year && new_year <= jdn(year, 2, 20),
                "{year}: {:?}",
                gregorian_from_jdn(new_year)
            );
        }
    }

    #[test]
    fn month_11_holds_the_december_solstice() {
        for year in 1843..=1873 {
            let guess = jdn(year, 12, 22) as f64 - 0.5;
            let solstice = civil(solar_term_jde(270.0, guess)).day;
            assert!(jdn(year, 12, 20) <= solstice && solstice <= jdn(year, 12, 23), "{year}");
            let m11 = calendar().months.iter().find(|m| m.year == year && m.number == 11 && !m.leap).expect("month 11");
            assert!(m11.start <= solstice && solstice < m11.start + i64::from(m11.len), "{year}");
        }
    }

    #[test]
    fn ambiguous_leap_cases() {
        use AnomalyKind::*;
        let a = |year, number, leap, kind| Anomaly { year, number, leap, kind };
        let expected = [
            // 1850→1851: 12 months, month 10 (from 1851-10-25) without 中気.
            a(1851, 10, false, NoTermInCommonYear),
            // 1851→1852: 13 months, two without 中気; the first as 閏11 would
            // put 春分 in month 1, so the priority rule makes 閏2.
            a(1851, 11, true, SeveralWithoutTerm),
            a(1852, 2, true, PriorityRule),
            a(1851, 11, false, TwoTerms),
            a(1852, 1, false, TwoTerms),
            // 1870→1871: 12 months, month 11 holds 冬至 and 大寒, 12 neither.
            a(1870, 12, false, NoTermInCommonYear),
            a(1870, 11, false, TwoTerms),
        ];
        assert_eq!(calendar().anomalies, expected);
        // The priority rule's outcome through the API.
        assert_eq!(to_gregorian(1852, 2, true, 1), Ok((1852, 3, 21)));
        assert_eq!(to_gregorian(1851, 12, false, 1), Ok((1851, 12, 23)));
        assert_eq!(month_len(1851, 11, true), Err(LunisolarError::NoSuchMonth));
    }

    /// Every Gregorian day of the Tenpō calendar has exactly one lunar date,
    /// and converting that lunar date gives the day back.
    #[test]
    fn round_trip_every_day() {
        let months = &calendar().months;
        let mut day = TENPO_FIRST_JDN;
        let mut expected = Some((1844, 2, 18));
        let mut count = 0;
        while day <= REFORM_LAST_JDN {
            let ymd = gregorian_from_jdn(day).expect("date");
            assert_eq!(Some(ymd), expected);
            assert_eq!(jdn(ymd.0, ymd.1, ymd.2), day);
            let holding: Vec<&Month> =
                months.iter().filter(|m| m.start <= day && day < m.start + i64::from(m.len)).collect();
            let [m] = holding.as_slice() else { panic!("{ymd:?} in {holding:?}") };
            let lunar_day = u8::try_from(day - m.start + 1).expect("day");
            assert_eq!(to_gregorian(m.year, m.number, m.leap, lunar_day), Ok(ymd));
            assert!(lunar_day <= month_len(m.year, m.number, m.leap).expect("len"));
            count += 1;
            day += 1;
            expected = next_day(ymd);
        }
        assert_eq!(count, REFORM_LAST_JDN - TENPO_FIRST_JDN + 1);
        assert_eq!(count, 10_545);
    }

    /// Gregorian successor, written independently of the JDN formulas.
    fn next_day((y, m, d): (i32, u8, u8)) -> Option<(i32, u8, u8)> {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Some(if d < len {
            (y, m, d + 1)
        } else if m < 12 {
            (y, m + 1, 1)
        } else {
            (y + 1, 1, 1)
        })
    }

    #[test]
    fn jdn_known_values() {
        assert_eq!(jdn(2000, 1, 1), 2_451_545);
        assert_eq!(jdn(1858, 11, 17), 2_400_001); // MJD 0 is JD 2400000.5
        assert_eq!(gregorian_from_jdn(2_451_545), Some((2000, 1, 1)));
        assert_eq!(gregorian_from_jdn(2_400_001), Some((1858, 11, 17)));
        assert_eq!(gregorian_from_jdn(-40_000), None);
    }

    /// Meeus example 49.a: the new moon of 1977 February.
    #[test]
    fn meeus_new_moon_example() {
        let jde = new_moon_jde(-283.0);
        assert!((jde - 2_443_192.651_18).abs() < 2e-5, "{jde}");
    }

    /// Meeus example 25.a/b: 1992 October 13.0 TD.
    #[test]
    fn meeus_solar_longitude_example() {
        let high = apparent_solar_longitude(2_448_908.5);
        assert!((high - 199.906_0).abs() < 3e-4, "{high}");
        let low = apparent_solar_longitude_low(2_448_908.5);
        assert!((low - 199.908_95).abs() < 2e-5, "{low}");
    }

    /// Meeus example 27.a: the June solstice of 1962, JDE 2437837.39245.
    #[test]
    fn meeus_solstice_example() {
        let jde = solar_term_jde(90.0, 2_437_837.0);
        assert!((jde - 2_437_837.392_45).abs() < 1e-3, "{jde}");
    }

    /// The series and the low-accuracy formula agree to Meeus's 0.01° over
    /// the whole table, which catches a mistyped series term.
    #[test]
    fn series_agrees_with_low_accuracy_formula() {
        let mut worst = 0.0f64;
        let mut jde = jdn(1842, 11, 1) as f64;
        while jde < jdn(1875, 2, 1) as f64 {
            worst = worst.max(wrap180(apparent_solar_longitude(jde) - apparent_solar_longitude_low(jde)).abs());
            jde += 3.7;
        }
        assert!(worst < 0.01, "{worst}");
    }

    #[test]
    fn delta_t_is_19th_century_sized() {
        for year in 1842..=1875 {
            let dt = delta_t_seconds(jdn(year, 7, 1) as f64);
            assert!((-4.0..=9.0).contains(&dt), "{year}: {dt}");
        }
    }

    /// Events within 30 minutes of Kyoto midnight, pinned: there the
    /// historical calendar may differ from this computation by a day.
    #[test]
    fn close_calls() {
        let got: Vec<CloseCallRow> = calendar()
            .close_calls
            .iter()
            .filter(|c| (1843..=1873).contains(&c.year))
            .map(|c| {
                let on = gregorian_from_jdn(c.day).expect("date");
                (c.year, c.number, c.leap, c.event, on, c.minutes.round() as i64, c.decisive)
            })
            .collect();
        assert_eq!(got, CLOSE_CALLS);
    }

    /// (lunar year, month, leap, event, Gregorian day of the event, minutes
    /// from midnight rounded, decisive).
    type CloseCallRow = (i32, u8, bool, Event, (i32, u8, u8), i64, bool);

    const CLOSE_CALLS: &[CloseCallRow] = &[
        (1843, 7, true, Event::NewMoon, (1843, 8, 25), -21, true),
        (1845, 5, false, Event::Term(90), (1845, 6, 21), -15, false),
        (1846, 10, false, Event::Term(240), (1846, 11, 23), 27, false),
        (1846, 12, false, Event::Term(300), (1847, 1, 20), -5, false),
        (1847, 4, false, Event::NewMoon, (1847, 5, 15), 26, true),
        (1848, 5, false, Event::NewMoon, (1848, 6, 1), -17, true),
        (1850, 6, false, Event::NewMoon, (1850, 7, 9), -29, true),
        (1850, 9, false, Event::NewMoon, (1850, 10, 5), 0, true),
        (1850, 10, false, Event::Term(240), (1850, 11, 22), -8, false),
        (1851, 7, false, Event::NewMoon, (1851, 7, 28), -16, true),
        (1851, 10, false, Event::NewMoon, (1851, 10, 25), 14, true),
        (1852, 11, false, Event::Term(270), (1852, 12, 22), 16, false),
        (1855, 3, false, Event::NewMoon, (1855, 4, 17), 8, true),
        (1855, 5, false, Event::NewMoon, (1855, 6, 14), -28, true),
        (1855, 8, false, Event::Term(180), (1855, 9, 24), 1, false),
        (1856, 4, false, Event::NewMoon, (1856, 5, 4), -15, true),
        (1856, 11, false, Event::Term(270), (1856, 12, 21), -18, false),
        (1857, 5, false, Event::NewMoon, (1857, 5, 23), -9, true),
        (1858, 5, false, Event::NewMoon, (1858, 6, 11), -10, true),
        (1859, 3, false, Event::Term(30), (1859, 4, 21), 26, false),
        (1859, 4, false, Event::Term(60), (1859, 5, 22), 30, false),
        (1859, 6, false, Event::NewMoon, (1859, 6, 30), -15, true),
        (1860, 9, false, Event::NewMoon, (1860, 10, 14), -19, true),
        (1861, 1, false, Event::Term(330), (1861, 2, 18), -3, false),
        (1861, 2, false, Event::Term(0), (1861, 3, 20), -10, false),
        (1862, 5, false, Event::NewMoon, (1862, 5, 29), 29, true),
        (1863, 2, false, Event::NewMoon, (1863, 3, 19), -19, true),
        (1863, 3, false, Event::Term(30), (1863, 4, 20), -24, false),
        (1863, 4, false, Event::Term(60), (1863, 5, 21), -23, false),
        (1864, 7, false, Event::NewMoon, (1864, 8, 2), -23, true),
        (1866, 4, false, Event::NewMoon, (1866, 5, 15), 1, true),
        (1866, 7, false, Event::NewMoon, (1866, 8, 10), -20, true),
        (1866, 9, false, Event::Term(210), (1866, 10, 24), 17, false),
        (1867, 5, false, Event::NewMoon, (1867, 6, 3), 15, true),
        (1868, 5, false, Event::NewMoon, (1868, 6, 20), -12, true),
        (1868, 6, false, Event::Term(120), (1868, 7, 23), 9, false),
        (1870, 9, false, Event::Term(210), (1870, 10, 23), -22, false),
        (1871, 7, false, Event::Term(150), (1871, 8, 24), 10, false),
        (1871, 12, false, Event::NewMoon, (1872, 1, 11), 1, true),
        (1872, 6, false, Event::Term(120), (1872, 7, 22), -29, false),
    ];
}
