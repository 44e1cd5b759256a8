//! Table-driven tests of the date grammar (`fixtures/dates/cases.tsv`) and its properties.

use super::*;
use koryu_model::{Era, PartialDate};

const CASES: &str = include_str!("../../../../fixtures/dates/cases.tsv");

/// Builds a [`Context`] from `fy=2019;era=令和;prev=2017-04;prev_era=平成;pub=2019;shorthand`.
fn context(spec: &str) -> Context {
    let mut ctx = Context::default();
    if spec == "-" {
        return ctx;
    }
    for part in spec.split(';') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "fy" => ctx.fiscal_year = Some(FiscalYear(value.parse().unwrap())),
            "era" => ctx.document_era = Some(Era::from_name(value).unwrap()),
            "prev_era" => ctx.previous_era = Some(Era::from_name(value).unwrap()),
            "prev" => ctx.previous_date = Edtf::parse(value).and_then(|e| e.first_date()),
            "pub" => ctx.publication_year = Some(value.parse().unwrap()),
            "shorthand" => ctx.era_month_shorthand = true,
            other => panic!("unknown context key {other:?}"),
        }
    }
    ctx
}

/// What a case table row expects, printed the same way as the result.
pub(super) fn outcome(r: &Result<Resolved, DateError>) -> (String, String) {
    match r {
        Ok(r) => {
            let value = match (&r.date, r.fiscal_year, r.fiscal_year_end) {
                (Some(d), _, _) => d.to_string(),
                (None, Some(a), Some(b)) => format!("FY{}..FY{}", a.0, b.0),
                (None, Some(a), None) => format!("FY{}", a.0),
                (None, None, _) => "?".to_owned(),
            };
            let codes: Vec<&str> = r.notes.iter().map(|n| n.code().as_str()).collect();
            (value, if codes.is_empty() { "-".to_owned() } else { codes.join(",") })
        }
        Err(e) => ("error".to_owned(), e.code_str().to_owned()),
    }
}

#[test]
fn case_table() {
    let mut failures = Vec::new();
    let mut rows = 0;
    for (n, line) in CASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: want 4 tab-separated columns: {line:?}", n + 1);
        rows += 1;
        let got = outcome(&resolve(cols[0], &context(cols[1])));
        if (got.0.as_str(), got.1.as_str()) != (cols[2], cols[3]) {
            failures.push(format!(
                "line {}: {} [{}] want {} {} got {} {}",
                n + 1,
                cols[0],
                cols[1],
                cols[2],
                cols[3],
                got.0,
                got.1
            ));
        }
    }
    assert!(rows >= 60, "only {rows} rows");
    assert!(failures.is_empty(), "{} of {rows} rows failed:\n{}", failures.len(), failures.join("\n"));
}

/// A tab (a cell break in a table, a line break once normalized) may stand
/// between the parts of a whole expression, never between a date's parts in
/// prose.
#[test]
fn a_tab_inside_a_whole_expression() {
    let r = resolve("令和3年\t7月", &Context::default()).expect("a date");
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2021-07"));
    let found = scan("令和3年\n7月", &Context::default());
    assert!(found.iter().all(|f| f.range.len() < "令和3年\n7月".len()), "prose joined two lines");
}

/// A 旬 is ten days in a whole expression, but a sentence's `6月上旬` keeps
/// the month, which tables give.
#[test]
fn a_month_part_is_an_interval_only_in_a_whole_expression() {
    let ctx = Context { fiscal_year: Some(koryu_model::FiscalYear(2019)), ..Context::default() };
    let whole = resolve("6月上旬", &ctx).expect("a date");
    assert_eq!(whole.date.map(|d| d.to_string()).as_deref(), Some("2019-06-01/2019-06-10"));
    let found = scan("防衛相は6月上旬に来日した。", &ctx);
    let dates: Vec<String> = found.iter().filter_map(|f| f.result.as_ref().ok()?.date.map(|d| d.to_string())).collect();
    assert_eq!(dates, ["2019-06"]);
}

#[test]
fn scan_finds_dates_in_prose() {
    let text = "●諸外国への留学：令和元年度、第2回会合(VTC)(6月)";
    let found = scan(text, &Context::default());
    let hits: Vec<&str> = found.iter().map(|f| &text[f.range.clone()]).collect();
    assert_eq!(hits, vec!["令和元年度", "6月"]);
    assert_eq!(found[0].result.as_ref().unwrap().fiscal_year, Some(FiscalYear(2019)));
    assert_eq!(found[1].result.as_ref().unwrap_err().code_str(), "needs-context");
}

#[test]
fn scan_skips_circled_list_numbers() {
    // `③日印…` is list item 3 about Japan and India, not the day 3.
    let ctx = Context { previous_date: Some(PartialDate::year_month(2014, 9).unwrap()), ..Context::default() };
    assert!(scan("②覚書の署名の歓迎、③日印二国間の訓練", &ctx).is_empty());
}

#[test]
fn scan_threads_previous_dates() {
    let text = "2017年4月14日に会談し、同月25日にも会談。翌年3月にも。";
    let found = scan(text, &Context::default());
    let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
    assert_eq!(got, vec!["2017-04-14", "2017-04-25", "2018-03"]);
}

#[test]
fn scan_reads_the_forms_other_tools_accept_in_prose() {
    let text = "2018年9月1日 土曜日に会談、2019春に訓練、2005年11月から翌2006年7月まで派遣。";
    let found = scan(text, &Context::default());
    let hits: Vec<&str> = found.iter().map(|f| &text[f.range.clone()]).collect();
    // The weekday is part of the date it follows; 翌 with a written year keeps the range whole.
    assert_eq!(hits, vec!["2018年9月1日 土曜日", "2019春", "2005年11月から翌2006年7月まで"]);
    let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
    assert_eq!(got, vec!["2018-09-01", "2019-21", "2005-11/2006-07"]);
}

#[test]
fn scan_leaves_commas_and_words_alone() {
    // In prose a comma separates the items of a list, and 春日 is a place.
    for text in ["2019,2020,2021年の3回", "値は2021,7,18の順", "2019春日部", "陸上自衛隊と参加国"] {
        let found = scan(text, &Context::default());
        let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
        assert!(!got.iter().any(|g| g.starts_with("2021-07") || g.ends_with("-21")), "{text}: {got:?}");
    }
    assert!(scan("陸上自衛隊と参加国", &Context::default()).is_empty());
    // A time range after a date is not read as a range of days.
    let text = "2019年6月14日 10:00～12:00に会談";
    let found = scan(text, &Context::default());
    let got: Vec<(&str, String)> = found.iter().map(|f| (&text[f.range.clone()], outcome(&f.result).0)).collect();
    assert_eq!(got, vec![("2019年6月14日", "2019-06-14".to_owned())]);
    assert!(scan("2019春日部", &Context::default()).is_empty());
    // `3/4半期` is a fraction of a year, not 3 April.
    let found = scan("2019年3/4半期の実績", &Context::default());
    let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
    assert_eq!(got, vec!["2019"]);
}

#[test]
fn scan_lists_of_months() {
    let ctx = Context { fiscal_year: Some(FiscalYear(2019)), ..Context::default() };
    let found = scan("(10月、10月、12月)", &ctx);
    let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
    assert_eq!(got, vec!["2019-10", "2019-10", "2019-12"]);
}

#[test]
fn before_an_era_is_a_warning_note_and_year_zero_an_error() {
    let r = resolve("平成元年1月7日", &Context::default()).unwrap();
    assert_eq!(r.date.unwrap().to_string(), "1989-01-07");
    assert_eq!(r.notes, vec![Note::EraYearBeforeStart]);
    assert_eq!(r.era, Some(Era::Heisei));
    assert_eq!(Note::EraYearBeforeStart.code(), Code::EraOutOfRange);
    assert_eq!(Note::EraYearBeforeStart.severity(), koryu_model::Severity::Warning);
    assert_eq!(Note::EraYearPastEnd.severity(), koryu_model::Severity::Info);
    // The code alone is an error: the note must lower it.
    assert_eq!(Code::EraOutOfRange.default_severity(), koryu_model::Severity::Error);
    let e = resolve("令和0年", &Context::default()).unwrap_err();
    assert_eq!(e.code(), Some(Code::EraOutOfRange));
    // In prose too, and the era still threads to the next 同.
    let found = scan("令和元年4月に会談、（同2）年にも。", &Context::default());
    let got: Vec<(String, String)> = found.iter().map(|f| outcome(&f.result)).collect();
    assert_eq!(got, vec![("2019-04".to_owned(), "era-out-of-range".to_owned()), ("2020".to_owned(), "-".to_owned())]);
}

#[test]
fn ym_helper_matches_model() {
    assert_eq!(PartialDate::year_month(2019, 6).unwrap().to_string(), "2019-06");
}

/// Every day from 1873-01-01 (the Gregorian calendar's adoption) to 2100-12-31.
fn every_day() -> impl Iterator<Item = (i32, u8, u8)> {
    (1873..=2100)
        .flat_map(|y| (1..=12u8).flat_map(move |m| (1..=koryu_model::days_in_month(y, m)).map(move |d| (y, m, d))))
}

/// Our era form of a day: 令和元年5月1日, 平成31年4月30日.
fn era_form(y: i32, m: u8, d: u8) -> (Era, i32, String) {
    let era = Era::on(y, m, d).unwrap();
    let n = y - era.first_year() + 1;
    let year = if n == 1 { "元".to_owned() } else { n.to_string() };
    (era, n, format!("{}{year}年{m}月{d}日", era.name()))
}

#[test]
fn every_day_round_trips_through_its_era_form() {
    let ctx = Context::default();
    let mut days = 0;
    for (y, m, d) in every_day() {
        let (_, _, text) = era_form(y, m, d);
        let r = resolve(&text, &ctx).unwrap_or_else(|e| panic!("{text}: {e}"));
        let want = PartialDate::ymd(i64::from(y), u32::from(m), u32::from(d)).unwrap();
        assert_eq!(r.date, Some(Edtf::date(want)), "{text}");
        assert!(r.notes.is_empty(), "{text}: {:?}", r.notes);
        days += 1;
    }
    assert_eq!(days, 83_275);
}

#[test]
fn era_conversion_agrees_with_icu_on_every_day() {
    use icu_calendar::cal::Japanese;
    use icu_calendar::Date;
    let japanese = Japanese::new();
    let mut days = 0;
    for (y, m, d) in every_day() {
        let (era, n, text) = era_form(y, m, d);
        let icu = Date::try_new_iso(y, m, d).unwrap().to_calendar(japanese);
        let icu_year = icu.era_year();
        let icu_era = match icu_year.era.as_str() {
            "meiji" => Era::Meiji,
            "taisho" => Era::Taisho,
            "showa" => Era::Showa,
            "heisei" => Era::Heisei,
            "reiwa" => Era::Reiwa,
            other => panic!("{y}-{m}-{d}: icu era {other}"),
        };
        assert_eq!((era, n), (icu_era, icu_year.year), "{y}-{m}-{d} ({text})");
        // And back: icu's era year read by our grammar gives the same day.
        let back = format!("{}{}年{}月{}日", icu_era.name(), icu_year.year, icu.month().number(), icu.day_of_month().0);
        let r = resolve(&back, &Context::default()).unwrap();
        assert_eq!(
            r.date.and_then(|e| e.first_date()),
            PartialDate::ymd(i64::from(y), u32::from(m), u32::from(d)).ok(),
            "{back}"
        );
        days += 1;
    }
    assert_eq!(days, 83_275);
}

/// Kanji numerals the way dates are written: 二十六, 十二, 三十一.
fn kanji(n: i32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(DIGITS[tens as usize]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push_str(DIGITS[ones as usize]);
    }
    s
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap() } else { c })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Never panics, whatever the text; resolve and scan agree on being total.
    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,80}") {
        let ctx = Context { fiscal_year: Some(FiscalYear(2019)), document_era: Some(Era::Reiwa), era_month_shorthand: true, ..Context::default() };
        let _ = resolve(&s, &ctx);
        for f in scan(&s, &ctx) {
            proptest::prop_assert!(s.get(f.range.clone()).is_some(), "bad range {:?}", f.range);
        }
    }

    /// Never panics on text made of the grammar's own pieces, where deep paths are likely.
    #[test]
    fn never_panics_on_date_like_text(s in "[0-9０-９一二三十〇元年月日度代～〜~\\-./・()（）令和平成昭R H同翌前本昨春頃以降からまで末旬間 ]{0,40}") {
        let ctx = Context { fiscal_year: Some(FiscalYear(2019)), previous_date: PartialDate::year_month(2019, 6).ok(), ..Context::default() };
        let _ = resolve(&s, &ctx);
        let _ = scan(&s, &ctx);
        let _ = resolve(&s, &Context::default());
    }

    /// ASCII, full-width and kanji digits of one date resolve to one value.
    #[test]
    fn digit_variants_agree(y in 1873i32..=2100, m in 1u8..=12, d in 1u8..=28) {
        let ctx = Context::default();
        let (era, n, _) = era_form(y, m, d);
        let ascii = format!("{}{n}年{m}月{d}日", era.name());
        let want = resolve(&ascii, &ctx).unwrap().date;
        let variants = [
            full_width(&ascii),
            format!("{}{}年{}月{}日", era.name(), kanji(n), kanji(i32::from(m)), kanji(i32::from(d))),
            format!("{}{n:02}年{m:02}月{d:02}日", era.name()),
            format!("{}{n}年{m}月{d}日", era.def().letter),
            format!("{y}年{m}月{d}日"),
            full_width(&format!("{y}年{m}月{d}日")),
            format!("{y}/{m}/{d}"),
            format!("{}{n}.{m}.{d}", era.def().letter),
        ];
        for v in variants {
            proptest::prop_assert_eq!(resolve(&v, &ctx).map(|r| r.date).ok().flatten(), want, "{}", v);
        }
    }
}

/// Texts built to provoke re-reading (long digit runs, numeral runs,
/// repeated openings) give finds in order, inside the text and without
/// overlap, and no more of them than there are characters: the scan moves
/// forward. Its time per byte is measured by `benches/dates.rs`
/// (`scan_hostile/*` at 2k and 20k repetitions), not timed here.
#[test]
fn scan_of_hostile_repetitions_moves_forward() {
    let ctx = Context { era_month_shorthand: true, document_era: Some(Era::Heisei), ..Context::default() };
    let patterns = ["1", "一", "令和", "2019年", "(平成", "26.", "1 ", "～", "同年同月", "元"];
    for p in patterns {
        let text: String = p.repeat(20_000);
        let found = scan(&text, &ctx);
        assert!(found.len() <= text.chars().count(), "{p:?}");
        let mut end = 0;
        for f in &found {
            assert!(
                f.range.start >= end && f.range.end <= text.len() && f.range.start < f.range.end,
                "{p:?}: {:?}",
                f.range
            );
            end = f.range.end;
        }
    }
    // And a repetition of a real date is found every time.
    assert_eq!(scan(&"2019年6月、".repeat(1_000), &Context::default()).len(), 1_000);
}

#[test]
fn resolve_refuses_long_input_fast() {
    let long = "2019年".repeat(1_000);
    assert!(matches!(resolve(&long, &Context::default()), Err(DateError::NotADate(_))));
}
