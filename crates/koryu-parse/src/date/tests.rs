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
            failures.push(format!("line {}: {} [{}] want {} {} got {} {}", n + 1, cols[0], cols[1], cols[2], cols[3], got.0, got.1));
        }
    }
    assert!(rows >= 60, "only {rows} rows");
    assert!(failures.is_empty(), "{} of {rows} rows failed:\n{}", failures.len(), failures.join("\n"));
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
fn scan_threads_previous_dates() {
    let text = "2017年4月14日に会談し、同月25日にも会談。翌年3月にも。";
    let found = scan(text, &Context::default());
    let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
    assert_eq!(got, vec!["2017-04-14", "2017-04-25", "2018-03"]);
}

#[test]
fn scan_lists_of_months() {
    let ctx = Context { fiscal_year: Some(FiscalYear(2019)), ..Context::default() };
    let found = scan("(10月、10月、12月)", &ctx);
    let got: Vec<String> = found.iter().map(|f| outcome(&f.result).0).collect();
    assert_eq!(got, vec!["2019-10", "2019-10", "2019-12"]);
}

#[test]
fn ym_helper_matches_model() {
    assert_eq!(PartialDate::year_month(2019, 6).unwrap().to_string(), "2019-06");
}
