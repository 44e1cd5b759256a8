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
    /// An era before 明治: the western years of its 元年 and of the last
    /// year its name was in use, when known.
    Historical {
        first_year: i32,
        last_year: Option<i32>,
    },
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
    /// 皇紀2670年: an imperial year (the western year plus 660).
    Imperial(u32),
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
    /// 閏七月: a leap month, which only the lunisolar calendar has.
    pub leap: bool,
    /// `21世紀`: the century's number as written (21), in place of a year.
    pub century: Option<u32>,
    /// `Q1`, `第1四半期`: the quarter (1–4) of the year, or of the fiscal
    /// year when `fiscal` is set (`2021年度第1四半期`: April–June).
    pub quarter: Option<u8>,
    /// `上旬`, `中旬`, `下旬`: which ten days of the month.
    pub part: Option<MonthPart>,
    /// `09年5月` in a whole expression: a year of two figures, which
    /// without any era in the context is a western year (dates.md's rule).
    pub two_digit: bool,
    /// `11.3`: a month and day joined by a dot with no year, which is a date
    /// only after a previous one.
    pub dotted: bool,
}

/// The thirds of a month (旬): days 1–10, 11–20, 21 to the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MonthPart {
    /// 上旬, 初旬.
    Early,
    /// 中旬.
    Middle,
    /// 下旬.
    Late,
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
        // The formal digits (大字) of deeds and old records: 壱, 弐, 肆 …
        // (not 参, 陸 or 漆: in prose they start ordinary words, 参加, 陸上).
        '一' | '壱' | '壹' => 1,
        '二' | '弐' | '貳' => 2,
        '三' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' => 6,
        '七' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn kanji_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Characters that are a digit and a unit at once: 廿 (二十), 卅 (三十),
/// 卌 (四十), 皕 (二百), as (digit, unit).
fn kanji_compound(c: char) -> Option<(u32, u32)> {
    Some(match c {
        '廿' => (2, 10),
        '卅' => (3, 10),
        '卌' => (4, 10),
        '皕' => (2, 100),
        _ => return None,
    })
}

/// Whether `c` after a number makes it a quantity, not part of a date:
/// `7.18メートル`, `26.5万人`, `3%`, `3/4半期`, `7/8割`.
pub(super) fn is_quantity_unit(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '%' | '\u{30A0}'..='\u{30FF}')
        || "万億人回件名時分秒歳才個機隻台点位号条倍円両半割".contains(c)
}

pub(super) fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || kanji_unit(c).is_some() || kanji_compound(c).is_some()
}

/// Value of a kanji numeral run: positional (一九四〇) when it has no 十百千,
/// else the usual multiplier reading (千九百四十五, 二十六, 十二, 廿一). After
/// the last unit, a run of several digits is positional within the places
/// that unit leaves (二千〇〇一 = 2001, 千七百六〇 = 1760, 百〇七 = 107);
/// before a unit only one digit may stand (二三十 is not a number).
fn kanji_value(run: &[char]) -> Option<u32> {
    if run.iter().all(|c| kanji_digit(*c).is_some()) {
        return run.iter().try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(kanji_digit(*c)?));
    }
    let (mut total, mut last_unit) = (0u32, u32::MAX);
    // The digits since the last unit: value and count.
    let (mut pending, mut pending_len) = (0u32, 0u32);
    for c in run {
        if let Some(d) = kanji_digit(*c) {
            pending = pending.checked_mul(10)?.checked_add(d)?;
            pending_len += 1;
        } else if let Some(u) = kanji_unit(*c) {
            if u >= last_unit || pending_len > 1 {
                return None;
            }
            let m = if pending_len == 0 { 1 } else { pending };
            total = total.checked_add(m.checked_mul(u)?)?;
            last_unit = u;
            (pending, pending_len) = (0, 0);
        } else if let Some((d, u)) = kanji_compound(*c) {
            if u >= last_unit || pending_len > 0 {
                return None;
            }
            total = total.checked_add(d * u)?;
            last_unit = u;
        } else {
            return None;
        }
    }
    // 二千〇〇一: the three digits after 千 must fit below it.
    if pending_len > 1 && 10u32.checked_pow(pending_len).is_none_or(|places| places > last_unit) {
        return None;
    }
    total.checked_add(pending)
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

    /// Up to [`MAX_WS`] spaces; a whole expression also lets a line break
    /// (a tab, as normalized) stand between its parts (`安政七年　\t 弥生`),
    /// where prose keeps lines apart.
    fn ws(&mut self) {
        let mut n = 0;
        while n < MAX_WS && (self.peek() == Some(' ') || (!self.opts.prose && self.peek() == Some('\n'))) {
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
        // `令01年`, `平24年`, `昭64.01.07`: an era by its first kanji, before
        // figures, in a whole expression only (in prose 大, 明 and 平 start
        // words that a number may follow).
        if !self.opts.prose && self.peek_at(1).is_some_and(|n| n.is_ascii_digit()) {
            if let Some(def) = ERAS.iter().find(|d| d.name.starts_with(c)) {
                self.i += 1;
                return Some(EraRef::Modern(def.era));
            }
        }
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
        let found = era_table::lookup(self.s.get(self.i..)?)?;
        self.i += found.len;
        Some(EraRef::Historical { first_year: found.first_year, last_year: found.last_year })
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

    /// Whether `c` separates year, month and day in `2021/7/18`. A comma
    /// (`2021,7,18`, `令和3,7`) only in a whole expression: in prose it
    /// separates the items of a list (`2019,2020年`).
    fn is_sep(&self, c: char) -> bool {
        matches!(c, '.' | '/' | '・' | '-') || (c == ',' && !self.opts.prose)
    }

    /// A numeric separator between year, month and day, before a digit of
    /// the year's kind (ASCII, or kanji after a kanji year: 一九四〇・一・四).
    fn sep(&mut self, kanji: bool) -> Option<char> {
        let c = self.peek()?;
        let next = self.peek_at(1)?;
        let digit_next = if kanji { is_kanji_numeral(next) } else { next.is_ascii_digit() };
        if self.is_sep(c) && digit_next {
            self.i += 1;
            Some(c)
        } else {
            None
        }
    }

    /// A month or day number of the year's kind: one or two ASCII digits,
    /// or a kanji number up to 31.
    fn small_of(&mut self, kanji: bool) -> Option<u32> {
        if !kanji {
            return self.small();
        }
        let start = self.i;
        match self.num() {
            Some(n) if n.ascii_len == 0 && (1..=31).contains(&n.value) => Some(n.value),
            _ => {
                self.i = start;
                None
            }
        }
    }

    /// `.7.18`, `/7`, `/7月`, `/7月/18日`: month and optional day after a
    /// year, same separator; the unit words may follow the numbers.
    fn numeric_month_day(&mut self, p: &mut Point, kanji: bool) -> bool {
        let start = self.i;
        let Some(sep) = self.sep(kanji) else { return false };
        let Some(m) = self.small_of(kanji) else {
            self.i = start;
            return false;
        };
        // `2014-15` is a range of years and `2021,13` a list, not month 15 or 13.
        if matches!(sep, '-' | ',') && !(1..=12).contains(&m) {
            self.i = start;
            return false;
        }
        p.month = Some(Unit::Num(m));
        self.eat('月');
        let before_day = self.i;
        if self.peek() == Some(sep) {
            self.i += 1;
            match self.small_of(kanji) {
                Some(d) => {
                    p.day = Some(Unit::Num(d));
                    self.eat('日');
                    self.weekday();
                    self.time_of_day();
                }
                None => self.i = before_day,
            }
        }
        true
    }

    /// `Q1`…`Q4`, `第1四半期`…`第4四半期`: a quarter, in a whole expression
    /// only (in prose `第1四半期` is a budget period of the fiscal year, and
    /// Q1 a label).
    fn quarter(&mut self) -> Option<u8> {
        if self.opts.prose {
            return None;
        }
        let start = self.i;
        let q = if self.eat('Q') {
            let q = self.peek().and_then(|c| c.to_digit(10));
            self.i += 1;
            q.filter(|_| !self.peek().is_some_and(|c| c.is_ascii_alphanumeric()))
        } else if self.eat('第') {
            let q = self.num().filter(|n| n.ascii_len <= 1).map(|n| n.value);
            q.filter(|_| self.eat_str("四半期"))
        } else {
            None
        };
        match q.and_then(|q| u8::try_from(q).ok()).filter(|q| (1..=4).contains(q)) {
            Some(q) => Some(q),
            None => {
                self.i = start;
                None
            }
        }
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
        if let Some(q) = self.quarter() {
            p.quarter = Some(q);
            return;
        }
        // Parts of a year keep the year (2019年末, 2019年前半, 令和2年おわり).
        if self
            .eat_any(&[
                "末",
                "初め",
                "初頭",
                "始め",
                "はじめ",
                "前半",
                "後半",
                "半ば",
                "なかば",
                "中頃",
                "中旬",
                "頭",
                "終わり",
                "おわり",
            ])
            .is_some()
        {
            return;
        }
        if self.eat_any(&["元日", "元旦"]).is_some() {
            p.month = Some(Unit::Num(1));
            p.day = Some(Unit::Num(1));
            return;
        }
        if self.month_part(p) {
            return;
        }
        // `2016年の1月23日`
        if self.peek() == Some('の') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit() || is_kanji_numeral(c)) {
            self.i += 1;
            if self.month_part(p) {
                return;
            }
            self.i -= 1;
        }
        // `2021年/7月/18日`, `2021年/7`: a slash after the unit word.
        let before_slash = self.i;
        if self.peek() == Some('/') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
            if self.month_part(p) {
                return;
            }
            if let Some(m) = self.small() {
                p.month = Some(Unit::Num(m));
                return;
            }
            self.i = before_slash;
        }
        // `令和3年7/18`: month and day in figures after a year in words.
        if let Some(m) = self.small() {
            if self.peek() == Some('/') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
                // `3/4半期`, `7/8割`: a fraction, not 3 April.
                if let Some(d) = self.small().filter(|_| !self.peek().is_some_and(is_quantity_unit)) {
                    p.month = Some(Unit::Num(m));
                    p.day = Some(Unit::Num(d));
                    self.weekday();
                    self.time_of_day();
                    return;
                }
            }
            self.i = before_slash;
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

    /// `6月`, `同月`, `翌月`, `十二月`, `閏七月`, `弥生`, then what may follow a month.
    fn month_part(&mut self, p: &mut Point) -> bool {
        let start = self.i;
        // 閏七月, うるう 7月: a leap month of the lunisolar calendar.
        let leap = self.eat_any(&["閏", "うるう"]).is_some();
        if leap {
            self.ws();
        }
        let unit = if leap {
            None
        } else if self.eat_str("同月") {
            Some(Unit::Same)
        } else if self.eat_str("翌月") {
            Some(Unit::Next)
        } else {
            None
        };
        let unit = match unit {
            Some(u) => u,
            None => match self.num() {
                Some(n) if self.ws_then('月') => Unit::Num(n.value),
                _ => match self.month_name() {
                    Some(m) => Unit::Num(m),
                    None => {
                        self.i = start;
                        return false;
                    }
                },
            },
        };
        p.month = Some(unit);
        p.leap = leap;
        self.after_month(p);
        true
    }

    /// The traditional month names (睦月 … 師走), only after a year: alone
    /// they are also given names and words (弥生時代).
    fn month_name(&mut self) -> Option<u32> {
        const NAMES: [&str; 12] =
            ["睦月", "如月", "弥生", "卯月", "皐月", "水無月", "文月", "葉月", "長月", "神無月", "霜月", "師走"];
        let k = self.eat_any(&NAMES)?;
        u32::try_from(k + 1).ok()
    }

    /// What may follow a month: a part of it, or a day (`寿永三年 五月 晦日`
    /// puts spaces between them).
    fn after_month(&mut self, p: &mut Point) {
        let save = self.i;
        self.ws();
        if self.eat_str("末日") || self.eat_str("晦日") {
            p.day = Some(Unit::Last);
            self.time_of_day();
            return;
        }
        if self.eat_str("朔日") || self.eat_str("初日") {
            p.day = Some(Unit::Num(1));
            return;
        }
        if let Some(k) = self.eat_any(&["上旬", "初旬", "中旬", "下旬"]) {
            // In prose (the white papers' `6月上旬に`) the month stands: a
            // sentence's mention is compared with tables that give months,
            // and its `date_raw` keeps the 旬.
            if self.opts.prose {
                return;
            }
            p.part = Some(match k {
                0 | 1 => MonthPart::Early,
                2 => MonthPart::Middle,
                _ => MonthPart::Late,
            });
            return;
        }
        if self
            .eat_any(&[
                "初め",
                "初頭",
                "始め",
                "はじめ",
                "始",
                "尻",
                "末",
                "半ば",
                "なかば",
                "中頃",
                "前半",
                "後半",
                "頭",
                "終わり",
                "おわり",
            ])
            .is_some()
        {
            return;
        }
        if self.day_part(p) {
            return;
        }
        // `2021年/7月/18日`: a slash between the month and the day.
        if self.peek() == Some('/') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            let before_slash = self.i;
            self.i += 1;
            if self.day_part(p) {
                return;
            }
            self.i = before_slash;
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
        self.time_of_day();
        true
    }

    /// `(日)`, `（月・祝）`, `(土曜日)`, `( 日 )`, ` 日曜日`, `木曜` after a
    /// day: read and ignored. Without brackets the weekday needs 曜, since a
    /// lone 月 or 日 after a date starts other words.
    fn weekday(&mut self) {
        let start = self.i;
        self.ws();
        if !self.eat('(') {
            let is_day = |c: char| "月火水木金土日".contains(c);
            if self.peek().is_some_and(is_day) && self.peek_at(1) == Some('曜') {
                self.i += 2;
                self.eat('日');
            } else if !self.opts.prose && self.i > start && self.english_weekday() {
                // `2001/3/3 Sat`
            } else {
                self.i = start;
            }
            return;
        }
        let mut n = 0;
        let mut any_day = false;
        while let Some(c) = self.peek() {
            if n > 8 {
                break;
            }
            if "月火水木金土日祝".contains(c) {
                any_day = true;
            } else if !"曜・, ".contains(c) {
                break;
            }
            self.i += 1;
            n += 1;
        }
        if !(any_day && self.eat(')')) {
            self.i = start;
        }
    }

    /// An hour, minute or second: one or two ASCII digits, or a kanji
    /// number up to 60 (`十二時三十四分`, `零時五分`).
    fn clock(&mut self) -> Option<u32> {
        let start = self.i;
        if let Some(n) = self.small() {
            return Some(n);
        }
        match self.num() {
            Some(n) if n.ascii_len == 0 && n.value <= 60 => Some(n.value),
            _ => {
                self.i = start;
                None
            }
        }
    }

    /// `Sat`, `Sunday`: an English weekday, ending the expression.
    fn english_weekday(&mut self) -> bool {
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let rest = self.s.get(self.i..).unwrap_or(&[]);
        let letters = rest.strip_suffix(&['.']).unwrap_or(rest);
        // The rest of the expression is one word of at most 9 letters.
        if letters.len() > 9 || !letters.iter().all(char::is_ascii_alphabetic) {
            return false;
        }
        let word: String = letters.iter().map(char::to_ascii_lowercase).collect();
        let known = DAYS.iter().any(|d| word == *d || (word.starts_with(d) && word.ends_with("day")));
        if known {
            self.i = self.s.len();
        }
        known
    }

    /// `21時40分`, `午後3時半`, `23:05:11`, `午後三時`, `正午` after a day:
    /// below the day, so read and dropped, and a weekday may follow
    /// (`午後3時52分 火曜日`). Not before a range separator or から: in
    /// `10:00～12:00` or `10時から` the times are the range, which a date
    /// does not keep.
    fn time_of_day(&mut self) {
        let start = self.i;
        self.ws();
        if self.eat_str("正午") {
            self.weekday();
            return;
        }
        if self.eat_any(&["午前", "午後"]).is_some() {
            self.ws();
        }
        let ok = (|| {
            let h = self.clock()?;
            if h > 30 {
                return None;
            }
            if self.eat(':') {
                let m = self.small()?;
                if m > 59 {
                    return None;
                }
                let before_s = self.i;
                if !(self.eat(':') && self.small().is_some_and(|s| s <= 59)) {
                    self.i = before_s;
                }
                return Some(());
            }
            if !self.eat('時') {
                return None;
            }
            if self.eat('半') {
                return Some(());
            }
            let before_m = self.i;
            if self.clock().is_some_and(|m| m <= 59) && self.eat('分') {
                let before_s = self.i;
                if !(self.clock().is_some_and(|s| s <= 59) && self.eat('秒')) {
                    self.i = before_s;
                }
            } else {
                self.i = before_m;
            }
            Some(())
        })();
        let after = self.i;
        self.ws();
        let into_range =
            matches!(self.peek(), Some('~' | '-')) || self.s.get(self.i..self.i + 2) == Some(&['か', 'ら']);
        self.i = if ok.is_some() && !into_range { after } else { start };
        if ok.is_some() && !into_range {
            self.weekday();
            // `2010年1月5日 15:52 火`: after a time, a lone weekday may end a
            // whole expression (after a date alone, `土` starts words).
            let before_day = self.i;
            self.ws();
            let lone = self.peek().is_some_and(|c| "月火水木金土日".contains(c)) && self.peek_at(1).is_none();
            self.i = if lone && !self.opts.prose && self.i > before_day { self.i + 1 } else { before_day };
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

        // `Q1`, `第1四半期`: the year comes from the context.
        if let Some(q) = self.quarter() {
            p.quarter = Some(q);
            return Some(p);
        }

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
                if self.month_part(&mut p) {
                    return Some(p);
                }
                // 翌2006年7月: the year is written; 翌 only says it is the
                // next one. Not 翌翌…: one level of recursion at most.
                if self.peek() == Some('翌') {
                    return None;
                }
                let q = self.point()?;
                return matches!(q.year, Some(YearSpec::Western { .. } | YearSpec::Era { .. })).then_some(q);
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

        // 皇紀2670年: the imperial year count, 660 years ahead of ours.
        if self.eat_str("皇紀") {
            self.ws();
            let n = self.num()?;
            if !self.ws_then('年') {
                return None;
            }
            p.year = Some(YearSpec::Imperial(n.value));
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
        if let Some(q) = self.packed_era_date(&mut p, era) {
            return Some(q);
        }
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
        // 令和3.7.18, H26.5, R3/7/18, and 平成元.一.八 in kanji after 元.
        let kanji = n.ascii_len == 0 && self.peek_at(1).is_some_and(is_kanji_numeral);
        self.numeric_month_day(&mut p, kanji).then_some(p)
    }

    /// `令和010501`: an era's year, month and day packed in six figures,
    /// ending a whole expression.
    fn packed_era_date(&mut self, p: &mut Point, era: EraRef) -> Option<Point> {
        if self.opts.prose || self.s.len() != self.i + 6 {
            return None;
        }
        let digits: Vec<u32> = self.s.get(self.i..)?.iter().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
        let pair = |k: usize| Some(digits.get(k)? * 10 + digits.get(k + 1)?);
        let (year, month, day) = (pair(0)?, pair(2)?, pair(4)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        self.i += 6;
        p.year = Some(YearSpec::Era { era, year, western: None });
        p.month = Some(Unit::Num(month));
        p.day = Some(Unit::Num(day));
        Some(*p)
    }

    /// A point that starts with a number `n` (already read).
    fn after_number(&mut self, mut p: Point, n: Num, had_seireki: bool) -> Option<Point> {
        let gan = n.ascii_len == 0 && n.value == 1 && self.s.get(self.i.wrapping_sub(1)) == Some(&'元');
        // `21世紀`, `十八世紀後半`: a century, in a whole expression only
        // (prose says 21世紀に入り of no particular date). A part of it
        // (前半, 末) keeps the century, as a part of a year keeps the year.
        if !gan && !had_seireki && !self.opts.prose && (1..=30).contains(&n.value) && self.eat_str("世紀") {
            p.century = Some(n.value);
            self.eat_any(&["前半", "後半", "半ば", "なかば", "初頭", "初め", "末", "中頃"]);
            return Some(p);
        }
        // `321年`: a western year of three figures, in a whole expression
        // (in prose `100年` is a span of years); `132年度` still needs an era.
        if !gan && !self.opts.prose && n.ascii_len == 3 && self.peek() == Some('年') && self.peek_at(1) != Some('度')
        {
            self.i += 1;
            p.year = Some(YearSpec::Western { year: n.value, two_digit: false, era_check: None });
            self.after_year(&mut p);
            return Some(p);
        }
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
            if self.numeric_month_day(&mut p, n.ascii_len == 0) {
                return Some(p);
            }
            // `2021春`, `2021/春`: a season right after a western year, not
            // the start of a word (春日, 秋葉原); a qualifier may follow (頃, 以降).
            let before_season = self.i;
            if self.peek() == Some('/') {
                self.i += 1;
            }
            if let Some(season) = self.season() {
                let word = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !"頃以前現時迄".contains(c);
                if !self.peek().is_some_and(word) {
                    p.season = Some(season);
                    return Some(p);
                }
            }
            self.i = before_season;
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
                q.two_digit = !self.opts.prose && n.ascii_len == 2;
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
            self.time_of_day();
            return Some(p);
        }
        // `7/18`: month and day in figures, the year from the context (the
        // end of `2012/3/8~3/10`). Only in a whole expression: in prose a
        // slash between numbers is also a ratio or a list.
        if !self.opts.prose && (1..=2).contains(&n.ascii_len) && (1..=12).contains(&n.value) && self.peek() == Some('/')
        {
            let before_slash = self.i;
            self.i += 1;
            let day = self.small().filter(|d| (1..=31).contains(d));
            if let Some(d) = day.filter(|_| !self.peek().is_some_and(|c| is_quantity_unit(c) || c == '/')) {
                p.month = Some(Unit::Num(n.value));
                p.day = Some(Unit::Num(d));
                self.eat('日');
                self.weekday();
                self.time_of_day();
                return Some(p);
            }
            self.i = before_slash;
        }
        // `11.3` as a whole expression after a dated one (the 3rd of November
        // of the previous date's year). Never in prose, never where the
        // era.month shorthand reads `26.5`, and never without a previous
        // date (`eval`): elsewhere `1.2` is a number.
        if !self.opts.prose
            && !self.opts.shorthand
            && (1..=2).contains(&n.ascii_len)
            && (1..=12).contains(&n.value)
            && self.peek() == Some('.')
        {
            let before_dot = self.i;
            self.i += 1;
            match self.small().filter(|d| (1..=31).contains(d)) {
                Some(d) if self.i == self.s.len() => {
                    p.month = Some(Unit::Num(n.value));
                    p.day = Some(Unit::Num(d));
                    p.dotted = true;
                    return Some(p);
                }
                _ => self.i = before_dot,
            }
        }
        // `26.5`, and in the kanji of older editions `六・八` (平成6年8月).
        let kanji_shorthand = n.ascii_len == 0 && (1..=64).contains(&n.value) && self.peek() == Some('・');
        if self.opts.shorthand && (((1..=2).contains(&n.ascii_len) && self.peek() == Some('.')) || kanji_shorthand) {
            let mut q = p;
            if self.numeric_month_day(&mut q, kanji_shorthand) {
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
        // Zeros after a unit fill the places below it.
        assert_eq!(v("二千〇〇一"), Some(2001));
        assert_eq!(v("千七百六〇"), Some(1760));
        assert_eq!(v("百〇七"), Some(107));
        assert_eq!(v("二千〇〇〇一"), None);
        // Compound and formal numerals.
        assert_eq!(v("廿一"), Some(21));
        assert_eq!(v("卅"), Some(30));
        assert_eq!(v("二千皕卌"), Some(2240));
        assert_eq!(v("肆"), Some(4));
        assert_eq!(v("弐拾"), Some(20));
        assert_eq!(v("廿十"), None);
        assert_eq!(v("九九九九九九九九九九九九"), None);
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
