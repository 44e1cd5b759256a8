//! The date grammar's parser: normalized characters to a syntax tree, without context.
//!
//! A hand-written recursive descent over `char`s. Every production reads a
//! bounded number of characters (numbers are capped, whitespace runs are
//! capped), so one attempt is O(1) and scanning a text is linear.

use super::era_table;
use koryu_model::{Era, Season, ERAS};

/// Longest whitespace run skipped between parts of one expression.
const MAX_WS: usize = 3;
/// Longest run of ASCII digits read as one number (a year has four).
const MAX_ASCII_DIGITS: usize = 4;
/// Longest run of kanji numerals read as one number (千九百四十五 has six).
const MAX_KANJI_DIGITS: usize = 8;

/// An era as written: a modern one, a historical one, or 同 (the last named).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EraRef {
    Modern(Era),
    Historical { first_year: i32 },
    Same,
}

/// Where a point's year comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearSpec {
    /// `2019年`, `14（平成26）年` (two-digit with a bracketed era to check).
    Western { year: u32, two_digit: bool, era_check: Option<(EraRef, u32)> },
    /// `令和2年`, `平成28年(2016年)` (a bracketed western year to check).
    Era { era: EraRef, year: u32, western: Option<u32> },
    /// `2年度`, `26.5`: an era year of the document's era.
    DocEra(u32),
    /// 同年.
    Same,
    /// 本年 (0), 昨年 (-1), 来年 (+1): relative to the publication year.
    Publication(i32),
    /// 前年 (-1), 翌年 (+1): relative to the range start or previous date.
    Previous(i32),
    /// 本年度 (0), 前年度 (-1), 翌年度 (+1): relative to the section's fiscal year.
    Fiscal(i32),
    /// A year the fiscal-year rules chose (`3月～5月`), not one the text named.
    Implied(u32),
}

/// A month or day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Num(u32),
    /// 同月, 同日.
    Same,
    /// 翌月, 翌日.
    Next,
    /// 末日.
    Last,
}

/// One date as written, before context is applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Point {
    pub year: Option<YearSpec>,
    /// 年度.
    pub fiscal: bool,
    /// 年代.
    pub decade: bool,
    pub season: Option<Season>,
    pub month: Option<Unit>,
    pub day: Option<Unit>,
    /// A trailing number without a unit: the `11` of `2014.10～11`, the `10`
    /// of `10～12月`. Its unit comes from the other end of the range.
    pub bare: Option<u32>,
    /// 翌3月: the year after the range start's.
    pub next_year: bool,
    /// 頃, 前後.
    pub approximate: bool,
    /// The era.month shorthand `26.5`: invalid values mean "not a date".
    pub shorthand: bool,
}

impl Point {
    fn is_bare_only(&self) -> bool {
        self.bare.is_some() && self.year.is_none() && self.month.is_none() && self.day.is_none()
    }
}

/// The shape of a whole expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Point(Point),
    Range(Point, Point),
    /// 以降, から: open end.
    After(Point),
    /// 以前, まで: open start.
    Before(Point),
}

/// Parser options that do not depend on the text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Options {
    /// Accept the era.month shorthand `26.5` (a context flag).
    pub shorthand: bool,
    /// Scanning prose: be stricter about forms that are also ordinary words
    /// (a kanji day alone, `三日間`).
    pub prose: bool,
}

pub(super) struct Parser<'a> {
    s: &'a [char],
    pub i: usize,
    opts: Options,
}

/// A number as written.
#[derive(Debug, Clone, Copy)]
struct Num {
    value: u32,
    /// ASCII digits read (0 for kanji).
    ascii_len: usize,
}

impl Num {
    /// A western year: four ASCII digits or a kanji number of four digits.
    fn is_western(self) -> bool {
        self.ascii_len == 4 || (self.ascii_len == 0 && self.value >= 1000)
    }
}

pub(super) fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn kanji_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

pub(super) fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || kanji_unit(c).is_some()
}

/// Value of a kanji numeral run: positional (一九四〇) when it has no 十百千,
/// else the usual multiplier reading (千九百四十五, 二十六, 十二).
fn kanji_value(run: &[char]) -> Option<u32> {
    if run.iter().all(|c| kanji_digit(*c).is_some()) {
        return run.iter().try_fold(0u32, |acc, c| Some(acc * 10 + kanji_digit(*c)?));
    }
    let (mut total, mut pending, mut last_unit) = (0u32, None::<u32>, u32::MAX);
    for c in run {
        if let Some(d) = kanji_digit(*c) {
            if pending.is_some() {
                return None;
            }
            pending = Some(d);
        } else if let Some(u) = kanji_unit(*c) {
            if u >= last_unit {
                return None;
            }
            total += pending.take().unwrap_or(1) * u;
            last_unit = u;
        }
    }
    Some(total + pending.unwrap_or(0))
}

impl<'a> Parser<'a> {
    pub fn new(s: &'a [char], i: usize, opts: Options) -> Parser<'a> {
        Parser { s, i, opts }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, w: &str) -> bool {
        let start = self.i;
        for c in w.chars() {
            if !self.eat(c) {
                self.i = start;
                return false;
            }
        }
        true
    }

    /// Eats the first of `words` that matches; returns its index.
    fn eat_any(&mut self, words: &[&str]) -> Option<usize> {
        words.iter().position(|w| self.eat_str(w))
    }

    /// Eats `c`, possibly after a few spaces (`1928 年 3 月`); restores on failure.
    fn ws_then(&mut self, c: char) -> bool {
        let start = self.i;
        self.ws();
        if self.eat(c) {
            return true;
        }
        self.i = start;
        false
    }

    /// Skips trailing whitespace; true when the whole input was read.
    pub fn at_end(&mut self) -> bool {
        while matches!(self.peek(), Some(' ' | '\n')) {
            self.i += 1;
        }
        self.i == self.s.len()
    }

    fn ws(&mut self) {
        let mut n = 0;
        while n < MAX_WS && self.peek() == Some(' ') {
            self.i += 1;
            n += 1;
        }
    }

    /// A number: ASCII digits (at most four) or a kanji numeral run.
    fn num(&mut self) -> Option<Num> {
        let start = self.i;
        let c = self.peek()?;
        if c.is_ascii_digit() {
            let mut value = 0u32;
            let mut len = 0;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                if len == MAX_ASCII_DIGITS {
                    self.i = start;
                    return None;
                }
                value = value * 10 + d;
                len += 1;
                self.i += 1;
            }
            return Some(Num { value, ascii_len: len });
        }
        let mut len = 0;
        while self.peek().is_some_and(is_kanji_numeral) {
            if len == MAX_KANJI_DIGITS {
                self.i = start;
                return None;
            }
            len += 1;
            self.i += 1;
        }
        let value = self.s.get(start..self.i).and_then(kanji_value);
        match value {
            Some(value) if len > 0 => Some(Num { value, ascii_len: 0 }),
            _ => {
                self.i = start;
                None
            }
        }
    }

    /// A year number: a number or 元 (1).
    fn year_num(&mut self) -> Option<Num> {
        if self.eat('元') {
            return Some(Num { value: 1, ascii_len: 0 });
        }
        self.num()
    }

    /// A small ASCII number of one or two digits (month or day in `2021/7/18`).
    fn small(&mut self) -> Option<u32> {
        let start = self.i;
        let n = self.num()?;
        if (1..=2).contains(&n.ascii_len) {
            Some(n.value)
        } else {
            self.i = start;
            None
        }
    }

    /// An era name: modern kanji, one letter (M T S H R) or historical.
    fn era(&mut self) -> Option<EraRef> {
        for def in &ERAS {
            if self.eat_str(def.name) {
                return Some(EraRef::Modern(def.era));
            }
        }
        let c = self.peek()?;
        if c.is_ascii_alphabetic() {
            let upper = c.to_ascii_uppercase();
            let def = ERAS.iter().find(|d| d.letter == upper)?;
            // A letter era must be followed by its year at once (`R4`, `H元`).
            let next = self.peek_at(1)?;
            if next.is_ascii_digit() || next == '元' || is_kanji_numeral(next) {
                self.i += 1;
                return Some(EraRef::Modern(def.era));
            }
            return None;
        }
        let (len, first_year) = era_table::lookup(self.s.get(self.i..)?)?;
        self.i += len;
        Some(EraRef::Historical { first_year })
    }

    fn era_or_same(&mut self) -> Option<EraRef> {
        if self.eat('同') {
            return Some(EraRef::Same);
        }
        self.era()
    }

    /// `(平成26)`, `(同27年)`: a bracketed era year after a western year.
    fn bracketed_era_year(&mut self) -> Option<(EraRef, u32)> {
        let start = self.i;
        let r = (|| {
            if !self.eat('(') {
                return None;
            }
            self.ws();
            let era = self.era_or_same()?;
            self.ws();
            let n = self.year_num()?;
            self.eat('年');
            self.ws();
            if !self.eat(')') {
                return None;
            }
            Some((era, n.value))
        })();
        if r.is_none() {
            self.i = start;
        }
        r
    }

    /// `(2016年)`, `(1985)`: a bracketed western year after an era year.
    fn bracketed_western(&mut self) -> Option<u32> {
        let start = self.i;
        let r = (|| {
            if !self.eat('(') {
                return None;
            }
            self.ws();
            self.eat_str("西暦");
            let n = self.num()?;
            if !n.is_western() {
                return None;
            }
            self.eat('年');
            self.ws();
            if !self.eat(')') {
                return None;
            }
            Some(n.value)
        })();
        if r.is_none() {
            self.i = start;
        }
        r
    }

    /// A numeric separator between year, month and day.
    fn sep(&mut self) -> Option<char> {
        match self.peek() {
            Some(c @ ('.' | '/' | '・' | '-')) if self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => {
                self.i += 1;
                Some(c)
            }
            _ => None,
        }
    }

    /// `.7.18`, `/7`: month and optional day after a year, same separator.
    fn numeric_month_day(&mut self, p: &mut Point) -> bool {
        let start = self.i;
        let Some(sep) = self.sep() else { return false };
        let Some(m) = self.small() else {
            self.i = start;
            return false;
        };
        // `2014-15` is a range of years, not month 15.
        if sep == '-' && !(1..=12).contains(&m) {
            self.i = start;
            return false;
        }
        p.month = Some(Unit::Num(m));
        let before_day = self.i;
        if self.peek() == Some(sep) {
            self.i += 1;
            match self.small() {
                Some(d) => p.day = Some(Unit::Num(d)),
                None => self.i = before_day,
            }
        }
        true
    }

    /// 春, 夏季, …
    fn season(&mut self) -> Option<Season> {
        let s = match self.peek()? {
            '春' => Season::Spring,
            '夏' => Season::Summer,
            '秋' => Season::Autumn,
            '冬' => Season::Winter,
            _ => return None,
        };
        self.i += 1;
        self.eat('季');
        Some(s)
    }

    /// What may follow `…年`: a season, a part of the year, or a month.
    fn after_year(&mut self, p: &mut Point) {
        let save = self.i;
        self.ws();
        if let Some(s) = self.season() {
            p.season = Some(s);
            return;
        }
        // Parts of a year keep the year (2019年末, 2019年前半).
        if self.eat_any(&["末", "初め", "初頭", "始め", "前半", "後半", "半ば", "中頃"]).is_some() {
            return;
        }
        if self.eat_str("元日") {
            p.month = Some(Unit::Num(1));
            p.day = Some(Unit::Num(1));
            return;
        }
        if self.month_part(p) {
            return;
        }
        // `2019年10～12月`: a bare month before a range separator.
        if !self.bare_before_range(p, |n| n.ascii_len > 0 && n.ascii_len <= 2) {
            self.i = save;
        }
    }

    /// A number that `accept`s, followed by a range separator: it becomes
    /// the point's bare value and the separator is left for the range.
    /// Returns false (position unspecified) when there is none.
    fn bare_before_range(&mut self, p: &mut Point, accept: impl Fn(&Num) -> bool) -> bool {
        let Some(n) = self.num() else { return false };
        if !accept(&n) {
            return false;
        }
        let after = self.i;
        self.ws();
        if !matches!(self.peek(), Some('~' | '-')) {
            return false;
        }
        self.i = after;
        p.bare = Some(n.value);
        true
    }

    /// `6月`, `同月`, `翌月`, `十二月`, then what may follow a month.
    fn month_part(&mut self, p: &mut Point) -> bool {
        let start = self.i;
        let unit = if self.eat_str("同月") {
            Unit::Same
        } else if self.eat_str("翌月") {
            Unit::Next
        } else {
            match self.num() {
                Some(n) if self.ws_then('月') => Unit::Num(n.value),
                _ => {
                    self.i = start;
                    return false;
                }
            }
        };
        p.month = Some(unit);
        self.after_month(p);
        true
    }

    /// What may follow a month: a part of it, or a day.
    fn after_month(&mut self, p: &mut Point) {
        if self.eat_str("末日") || self.eat_str("晦日") {
            p.day = Some(Unit::Last);
            return;
        }
        if self.eat_str("朔日") {
            p.day = Some(Unit::Num(1));
            return;
        }
        if self
            .eat_any(&["上旬", "中旬", "下旬", "初旬", "初め", "初頭", "始め", "末", "半ば", "前半", "後半"])
            .is_some()
        {
            return;
        }
        let save = self.i;
        self.ws();
        if self.day_part(p) {
            return;
        }
        // `3月1〜12日`: a bare day before a range separator.
        if !self.bare_before_range(p, |n| n.ascii_len > 0 || n.value <= 31) {
            self.i = save;
        }
    }

    /// `14日`, `同日`, `翌日`, then a weekday in brackets.
    fn day_part(&mut self, p: &mut Point) -> bool {
        let start = self.i;
        let unit = if self.eat_str("同日") {
            Unit::Same
        } else if self.eat_str("翌日") {
            Unit::Next
        } else {
            match self.num() {
                Some(n) if self.ws_then('日') => Unit::Num(n.value),
                _ => {
                    self.i = start;
                    return false;
                }
            }
        };
        p.day = Some(unit);
        self.weekday();
        true
    }

    /// `(日)`, `（月・祝）`, `(土曜日)` after a day: read and ignored.
    fn weekday(&mut self) {
        let start = self.i;
        if !self.eat('(') {
            return;
        }
        let mut n = 0;
        let mut any_day = false;
        while let Some(c) = self.peek() {
            if n > 6 {
                break;
            }
            if "月火水木金土日祝".contains(c) {
                any_day = true;
            } else if !"曜・,".contains(c) {
                break;
            }
            self.i += 1;
            n += 1;
        }
        if !(any_day && self.eat(')')) {
            self.i = start;
        }
    }

    /// After `…年`: 度 (fiscal year) or 代 (decade).
    fn year_suffix(&mut self, p: &mut Point) {
        if self.eat('度') {
            p.fiscal = true;
        } else if self.eat('代') {
            p.decade = true;
        }
    }

    /// One date as written.
    pub fn point(&mut self) -> Option<Point> {
        let start = self.i;
        let r = self.point_inner();
        if r.is_none() {
            self.i = start;
        }
        r
    }

    fn point_inner(&mut self) -> Option<Point> {
        let mut p = Point::default();
        let c = self.peek()?;

        // Words relative to the context.
        if matches!(c, '本' | '今' | '前' | '昨' | '翌' | '来' | '次' | '同' | '去') {
            const FISCAL: [(&str, i32); 8] = [
                ("本年度", 0),
                ("今年度", 0),
                ("前年度", -1),
                ("昨年度", -1),
                ("翌年度", 1),
                ("来年度", 1),
                ("次年度", 1),
                ("同年度", 0),
            ];
            for (w, d) in FISCAL {
                if self.eat_str(w) {
                    p.year = Some(if w == "同年度" { YearSpec::Same } else { YearSpec::Fiscal(d) });
                    p.fiscal = true;
                    self.after_year(&mut p);
                    return Some(p);
                }
            }
            const YEARS: [(&str, YearSpec); 8] = [
                ("本年", YearSpec::Publication(0)),
                ("今年", YearSpec::Publication(0)),
                ("昨年", YearSpec::Publication(-1)),
                ("去年", YearSpec::Publication(-1)),
                ("来年", YearSpec::Publication(1)),
                ("前年", YearSpec::Previous(-1)),
                ("翌年", YearSpec::Previous(1)),
                ("同年", YearSpec::Same),
            ];
            for (w, y) in YEARS {
                if self.eat_str(w) {
                    p.year = Some(y);
                    self.after_year(&mut p);
                    return Some(p);
                }
            }
            if self.month_part(&mut p) || self.day_part(&mut p) {
                return Some(p);
            }
            if self.eat('翌') {
                // 翌3月: a month of the year after the start's.
                p.next_year = true;
                return self.month_part(&mut p).then_some(p);
            }
        }

        // `(同27)年5月`: a bracketed era year with no western year.
        if c == '(' {
            let (era, n) = self.bracketed_era_year()?;
            if !self.eat('年') {
                return None;
            }
            p.year = Some(YearSpec::Era { era, year: n, western: None });
            self.year_suffix(&mut p);
            self.after_year(&mut p);
            return Some(p);
        }

        let had_seireki = self.eat_str("西暦");
        if had_seireki {
            self.ws();
        }
        let before_num = self.i;
        if let Some(n) = self.year_num() {
            if let Some(p) = self.after_number(p, n, had_seireki) {
                return Some(p);
            }
            // 元和, 元禄: an era that starts with 元.
            self.i = before_num;
        }
        if had_seireki {
            return None;
        }

        let era = self.era()?;
        self.ws();
        let n = self.year_num()?;
        self.ws();
        if let Some(w) = self.bracketed_western() {
            // 昭和60(1985)年度
            if !self.eat('年') {
                return None;
            }
            p.year = Some(YearSpec::Era { era, year: n.value, western: Some(w) });
            self.year_suffix(&mut p);
            self.after_year(&mut p);
            return Some(p);
        }
        if self.ws_then('年') {
            self.year_suffix(&mut p);
            // 平成28年(2016年)
            let western = self.bracketed_western();
            p.year = Some(YearSpec::Era { era, year: n.value, western });
            self.after_year(&mut p);
            return Some(p);
        }
        p.year = Some(YearSpec::Era { era, year: n.value, western: None });
        // 令和3.7.18, H26.5, R3/7/18
        self.numeric_month_day(&mut p).then_some(p)
    }

    /// A point that starts with a number `n` (already read).
    fn after_number(&mut self, mut p: Point, n: Num, had_seireki: bool) -> Option<Point> {
        let gan = n.ascii_len == 0 && n.value == 1 && self.s.get(self.i.wrapping_sub(1)) == Some(&'元');
        // 14（平成26）年, 1996(平成8)年, 15（同27）年1月21日
        if (n.ascii_len == 2 || n.is_western()) && !gan {
            if let Some(check) = self.bracketed_era_year() {
                if !self.eat('年') {
                    return None;
                }
                p.year = Some(YearSpec::Western { year: n.value, two_digit: !n.is_western(), era_check: Some(check) });
                self.year_suffix(&mut p);
                self.after_year(&mut p);
                return Some(p);
            }
        }
        if (n.is_western() || (had_seireki && n.ascii_len > 0)) && !gan {
            p.year = Some(YearSpec::Western { year: n.value, two_digit: false, era_check: None });
            if self.ws_then('年') {
                self.year_suffix(&mut p);
                // 2016年(平成28年)
                if let Some(check) = self.bracketed_era_year() {
                    p.year = Some(YearSpec::Western { year: n.value, two_digit: false, era_check: Some(check) });
                }
                self.after_year(&mut p);
                return Some(p);
            }
            if self.numeric_month_day(&mut p) {
                return Some(p);
            }
            // `2012～2013年`: a bare year before a range separator.
            p.year = None;
            p.bare = Some(n.value);
            return (n.ascii_len == 4).then_some(p);
        }
        if had_seireki {
            return None;
        }
        // Small numbers: 2年度, 元年度 (document era), 6月, 14日, 26.5, bare.
        let save = self.i;
        if self.eat('年') {
            if self.eat('度') {
                p.year = Some(YearSpec::DocEra(n.value));
                p.fiscal = true;
                self.after_year(&mut p);
                return Some(p);
            }
            // 2年1月 or 元年 under a document era; `2年` alone is a duration.
            let mut q = p;
            if self.month_part(&mut q) || gan {
                q.year = Some(YearSpec::DocEra(n.value));
                return Some(q);
            }
            self.i = save;
            return None;
        }
        if gan {
            return None;
        }
        if self.eat('月') {
            p.month = Some(Unit::Num(n.value));
            self.after_month(&mut p);
            return Some(p);
        }
        if self.eat('日') {
            if self.opts.prose && (n.ascii_len == 0 || self.peek() == Some('間')) {
                return None;
            }
            p.day = Some(Unit::Num(n.value));
            self.weekday();
            return Some(p);
        }
        if self.opts.shorthand && (1..=2).contains(&n.ascii_len) && self.peek() == Some('.') {
            let mut q = p;
            if self.numeric_month_day(&mut q) {
                q.year = Some(YearSpec::DocEra(n.value));
                q.shorthand = true;
                return Some(q);
            }
        }
        if n.ascii_len > 0 {
            p.bare = Some(n.value);
            return Some(p);
        }
        None
    }

    /// A range separator: `~`, `-`, から. Returns whether it was から.
    fn range_sep(&mut self) -> Option<bool> {
        if self.eat('~') || self.eat('-') {
            return Some(false);
        }
        if self.eat_str("から") {
            return Some(true);
        }
        None
    }

    /// Qualifiers after a point: (approximate, open end, open start).
    fn qualifiers(&mut self) -> (bool, bool, bool) {
        let (mut approx, mut after, mut before) = (false, false, false);
        for _ in 0..4 {
            let save = self.i;
            self.ws();
            match self.eat_any(&[
                "頃", "ごろ", "ころ", "前後", "以降", "以後", "以来", "以前", "まで", "迄", "現在", "時点", "付け",
                "付",
            ]) {
                Some(0..=3) => approx = true,
                Some(4..=6) => after = true,
                Some(7..=9) => before = true,
                Some(_) => {}
                None => {
                    self.i = save;
                    break;
                }
            }
        }
        (approx, after, before)
    }

    /// A whole expression: a point, a range, or an open interval.
    pub fn expr(&mut self) -> Option<Shape> {
        let start = self.i;
        let r = self.expr_inner();
        if r.is_none() {
            self.i = start;
        }
        r
    }

    fn expr_inner(&mut self) -> Option<Shape> {
        let mut p1 = self.point()?;
        let after1 = self.i;
        let (a1, open_end, open_start) = self.qualifiers();
        p1.approximate |= a1;
        if !open_end && !open_start {
            let after_q = self.i;
            self.ws();
            if let Some(kara) = self.range_sep() {
                self.ws();
                if let Some(mut p2) = self.point() {
                    if !(p1.is_bare_only() && p2.is_bare_only()) {
                        let (a2, _, _) = self.qualifiers();
                        p2.approximate |= a2;
                        return Some(Shape::Range(p1, p2));
                    }
                } else if kara && !p1.is_bare_only() {
                    return Some(Shape::After(p1));
                }
            }
            self.i = after_q;
        }
        if p1.is_bare_only() {
            self.i = after1;
            return None;
        }
        Some(if open_end {
            Shape::After(p1)
        } else if open_start {
            Shape::Before(p1)
        } else {
            Shape::Point(p1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<(Shape, usize)> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser::new(&chars, 0, Options::default());
        let shape = p.expr()?;
        Some((shape, p.i))
    }

    #[test]
    fn kanji_numbers() {
        let v = |s: &str| kanji_value(&s.chars().collect::<Vec<_>>());
        assert_eq!(v("一九四〇"), Some(1940));
        assert_eq!(v("二十六"), Some(26));
        assert_eq!(v("十二"), Some(12));
        assert_eq!(v("千九百四十五"), Some(1945));
        assert_eq!(v("二三十"), None);
        assert_eq!(v("十百"), None);
    }

    #[test]
    fn shapes() {
        assert!(matches!(parse("令和2年1月"), Some((Shape::Point(_), 6))));
        assert!(matches!(parse("10月~12月"), Some((Shape::Range(..), 7))));
        assert!(parse("VTC").is_none());
        assert!(parse("東京").is_none());
        assert!(parse("2年").is_none());
        assert!(parse("10~12").is_none());
    }
}
