//! `koryu date` from the outside: text and JSON lines, stdin, context flags, exit codes.
#![allow(clippy::unwrap_used)] // tests may unwrap (style rule 4)

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn koryu_date(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_koryu"))
        .arg("date")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(str::to_owned).collect()
}

#[test]
fn prints_edtf_precision_and_notes_in_input_order() {
    let out = koryu_date(&["6月", "3月～5月", "令和元年度", "平成31年5月", "--fiscal-year", "令和元年度"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        lines(&out),
        vec![
            "6月\t2019-06\tmonth",
            "3月～5月\t2019-03/2019-05\tmonth\trange-crosses-fiscal-year",
            "令和元年度\tFY2019\tfiscal_year",
            "平成31年5月\t2019-05\tmonth\tera-year-past-end",
        ]
    );
}

#[test]
fn json_lines_from_stdin() {
    let out = koryu_date(&["-", "--json", "--era", "令和"], Some("元年度\n2022年6月\n13月\nVTC\n"));
    assert_eq!(out.status.code(), Some(1), "an error among the inputs exits 1");
    let values: Vec<serde_json::Value> = lines(&out).iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(values.len(), 4);
    assert_eq!(values[0]["input"], "元年度");
    assert_eq!(values[0]["date"], serde_json::Value::Null);
    assert_eq!(values[0]["precision"], "fiscal_year");
    assert_eq!(values[0]["fiscal_year"], 2019);
    assert_eq!(values[0]["error"], serde_json::Value::Null);
    assert_eq!(values[1]["date"], "2022-06");
    assert_eq!(values[1]["precision"], "month");
    assert_eq!(values[1]["notes"], serde_json::json!([]));
    assert_eq!(values[2]["error"], "invalid-date");
    assert_eq!(values[3]["error"], "not-a-date");
}

#[test]
fn western_fiscal_year_and_context_flags() {
    let out = koryu_date(
        &["1月", "同月25日", "26.5", "--fiscal-year", "2022", "--previous", "2017-04", "--era", "平成", "--shorthand"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        lines(&out),
        vec!["1月\t2023-01\tmonth", "同月25日\t2017-04-25\tday", "26.5\t2014-05\tmonth\tmonth-outside-fiscal-year"]
    );
}

#[test]
fn era_western_mismatch_is_an_error() {
    let out = koryu_date(&["14（平成27）年", "--json"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&lines(&out)[0]).unwrap();
    assert_eq!(v["error"], "era-western-mismatch");
}

#[test]
fn bad_options_are_usage_errors() {
    assert_eq!(koryu_date(&["6月", "--era", "X"], None).status.code(), Some(2));
    assert_eq!(koryu_date(&["6月", "--fiscal-year", "東京"], None).status.code(), Some(2));
    assert_eq!(koryu_date(&[], None).status.code(), Some(2));
}

#[test]
fn before_an_era_resolves_with_a_note_and_year_zero_is_an_error() {
    let out = koryu_date(&["令和元年4月", "平成元年1月7日", "--json"], None);
    assert_eq!(out.status.code(), Some(0), "a note is not an error");
    let values: Vec<serde_json::Value> = lines(&out).iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(values[0]["date"], "2019-04");
    assert_eq!(values[0]["notes"], serde_json::json!(["era-out-of-range"]));
    assert_eq!(values[0]["error"], serde_json::Value::Null);
    assert_eq!(values[1]["date"], "1989-01-07");
    assert_eq!(values[1]["notes"], serde_json::json!(["era-out-of-range"]));
    let out = koryu_date(&["令和0年", "--json"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&lines(&out)[0]).unwrap();
    assert_eq!(v["error"], "era-out-of-range");
    assert_eq!(v["date"], serde_json::Value::Null);
}

#[test]
fn forms_of_other_date_tools_resolve_and_quantities_stay_refused() {
    let input = "2019,6,14\n2019年/6月/14日\n2019春\n2018年9月1日 土曜日\n皇紀2600年\n明治5年12月2日\n明治5年12月3日\n7.18メートル\n";
    let out = koryu_date(&["-", "--json"], Some(input));
    assert_eq!(out.status.code(), Some(1), "明治5年12月3日 never existed");
    let got: Vec<String> = lines(&out)
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["date"].as_str().map_or_else(|| v["error"].as_str().unwrap_or("?").to_owned(), str::to_owned)
        })
        .collect();
    assert_eq!(
        got,
        vec!["2019-06-14", "2019-06-14", "2019-21", "2018-09-01", "1940", "1872-12-31", "invalid-date", "not-a-date"]
    );
}
