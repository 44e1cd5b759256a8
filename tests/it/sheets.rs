//! CSVs and workbooks that do not name their indicator in a column (fixtures/read/sheets/, made by
//! fixtures/read/make-sheets.py): the indicator from the sheet name, a title row, the file name or
//! `--category`; the era from a title, sheet or file name or `--era`; the same mentions as the text.

use koryu_model::{Category, Code, Era, Mention, Severity};
use koryu_parse::{parse_source, Extracted, SourceMeta};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/read/sheets").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_with(name: &str, meta: SourceMeta) -> Extracted {
    parse_source(&fixture(name), &SourceMeta { source_file: name.to_owned(), ..meta })
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse(name: &str) -> Extracted {
    parse_with(name, SourceMeta::default())
}

/// (category, date, countries, title, mode) of a mention: what the three forms must share.
fn key(m: &Mention) -> String {
    let date = m.date.as_ref().map_or("-".to_owned(), ToString::to_string);
    let countries: Vec<&str> = m.countries.iter().map(|c| c.as_str()).collect();
    format!("{} {date} {} {} {:?}", m.category.map_or("-", |c| c.as_str()), countries.join(","), m.title, m.mode)
}

fn keys(extracted: &Extracted) -> Vec<String> {
    let mut keys: Vec<String> = extracted.mentions.iter().map(key).collect();
    keys.sort();
    keys
}

fn codes(extracted: &Extracted, code: Code) -> Vec<(u32, String)> {
    extracted.diagnostics.iter().filter(|d| d.code == code).map(|d| (d.line, d.message.clone())).collect()
}

#[test]
fn sheets_named_after_indicators_give_each_its_category() {
    let extracted = parse("indicators.xlsx");
    let by_sheet = |sheet: &str| -> Vec<&Mention> {
        extracted.mentions.iter().filter(|m| m.sheet.as_deref() == Some(sheet)).collect()
    };
    let working = by_sheet("定期協議");
    let units = by_sheet("部隊間交流");
    assert_eq!((working.len(), units.len()), (5, 5));
    assert!(working.iter().all(|m| m.category == Some(Category::WorkingLevel)));
    assert!(units.iter().all(|m| m.category == Some(Category::UnitExchange)));
    // 3年度 is FY2021 by the title row's 令和; the merged 年度 cell covers row 4.
    let india = working.iter().find(|m| m.title.contains("日印次官級")).unwrap();
    assert_eq!((india.line, india.date.as_ref().unwrap().to_string()), (4, "2022-02".to_owned()));
    assert_eq!(india.fiscal_year, Some(2021));
    // A country cell written as a header (【英国】) reads like a bare one.
    let uk = working.iter().find(|m| m.title.contains("日英")).unwrap();
    assert_eq!(uk.header_raw.as_deref(), Some("【英国】"));
    let fiji: Vec<String> =
        units.iter().filter(|m| m.title.contains("フィジー")).map(|m| m.date.as_ref().unwrap().to_string()).collect();
    assert_eq!(fiji, ["2022-09", "2022-10"]);
    // Title rows are structure: nothing is left unread or reported.
    assert!(extracted.diagnostics.iter().all(|d| d.severity == Severity::Info), "{:#?}", extracted.diagnostics);
}

#[test]
fn a_title_row_names_the_indicator_and_text_xlsx_csv_agree() {
    let text = parse("titled.txt");
    assert_eq!(text.mentions.len(), 4, "{:#?}", keys(&text));
    assert!(text.mentions.iter().all(|m| m.category == Some(Category::HighLevel)));
    let xlsx = parse("titled.xlsx");
    let csv = parse("titled.csv");
    assert_eq!(keys(&xlsx), keys(&text));
    assert_eq!(keys(&csv), keys(&text));
    assert_eq!(csv.encoding, "Shift_JIS");
    let video = xlsx.mentions.iter().find(|m| m.title.contains("テレビ会談")).unwrap();
    assert_eq!((video.line, video.column), (3, 3));
    assert_eq!(video.date.as_ref().unwrap().to_string(), "2023-01");
}

#[test]
fn a_file_name_names_the_indicator_and_the_era() {
    let extracted = parse("r4_定期協議.csv");
    assert_eq!(extracted.mentions.len(), 5);
    assert!(extracted.mentions.iter().all(|m| m.category == Some(Category::WorkingLevel)));
    let dates: Vec<String> = extracted.mentions.iter().map(|m| m.date.as_ref().unwrap().to_string()).collect();
    assert_eq!(dates, ["2021-09", "2021-10", "2022-02", "2022-07", "2022-11"]);
    // The sheet name outranks the file name, a 区分 column the sheet name.
    let csv = "区分,年度,国名,内容\nハイレベル交流,令和4年度,豪,日豪防衛相会談(6月)\n";
    let meta = SourceMeta { source_file: "部隊間交流.csv".into(), ..SourceMeta::default() };
    let extracted = parse_source(csv.as_bytes(), &meta).unwrap();
    assert_eq!(extracted.mentions.iter().map(|m| m.category).collect::<Vec<_>>(), [Some(Category::HighLevel)]);
}

#[test]
fn no_indicator_anywhere_imports_with_no_category_and_one_warning() {
    let extracted = parse("r4_plain.csv");
    // Every row is read, with the same dates and countries as when named,
    // and no category.
    assert_eq!(extracted.mentions.len(), 5);
    assert!(extracted.mentions.iter().all(|m| m.category.is_none()));
    assert!(codes(&extracted, Code::UnparsedText).is_empty());
    let warnings = codes(&extracted, Code::MissingCategory);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].0, 2);
    assert!(warnings[0].1.contains("names no indicator") && warnings[0].1.contains("--category"));
    let named =
        parse_with("r4_plain.csv", SourceMeta { category: Some(Category::UnitExchange), ..SourceMeta::default() });
    assert_eq!(named.mentions.len(), 5);
    let without_category = |m: &Mention| (m.date, m.countries.clone(), m.title.clone(), m.mode);
    assert_eq!(
        extracted.mentions.iter().map(without_category).collect::<Vec<_>>(),
        named.mentions.iter().map(without_category).collect::<Vec<_>>()
    );
    assert!(codes(&named, Code::MissingCategory).is_empty());
    assert!(named.mentions.iter().all(|m| m.category == Some(Category::UnitExchange)));
    assert!(codes(&named, Code::UnparsedText).is_empty());
    // The file's own name wins over --category.
    let csv = fixture("r4_定期協議.csv");
    let meta = SourceMeta {
        source_file: "r4_定期協議.csv".into(),
        category: Some(Category::Research),
        ..SourceMeta::default()
    };
    assert!(parse_source(&csv, &meta).unwrap().mentions.iter().all(|m| m.category == Some(Category::WorkingLevel)));
}

#[test]
fn a_fiscal_year_without_any_era_is_an_error_naming_the_era_option() {
    let extracted = parse("部隊間交流.csv");
    let errors = codes(&extracted, Code::InvalidDate);
    // One per fiscal-year block (3年度 on line 2, 4年度 on line 4).
    assert_eq!(errors.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 4]);
    assert!(errors[0].1.contains("--era"), "{}", errors[0].1);
    assert!(extracted.mentions.iter().all(|m| m.date.is_none() && m.category == Some(Category::UnitExchange)));
    let given = parse_with("部隊間交流.csv", SourceMeta { era: Some(Era::Reiwa), ..SourceMeta::default() });
    assert!(codes(&given, Code::InvalidDate).is_empty());
    let dates: Vec<String> = given.mentions.iter().map(|m| m.date.as_ref().unwrap().to_string()).collect();
    assert_eq!(dates, ["2021-06", "2021-12", "2021-08", "2022-09", "2022-10"]);
}

fn koryu(args: &[&str]) -> std::process::Output {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/read/sheets");
    std::process::Command::new(env!("CARGO_BIN_EXE_koryu"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn category_and_era_flags_on_validate() {
    let plain = koryu(&["validate", "--format", "json", "r4_plain.csv"]);
    let out = String::from_utf8(plain.stdout).unwrap();
    assert_eq!(out.matches("\"code\":\"missing-category\"").count(), 1, "{out}");
    assert!(!out.contains("unparsed-text"), "{out}");
    let named = koryu(&["validate", "--format", "json", "--category", "unit_exchange", "r4_plain.csv"]);
    assert!(named.status.success());
    assert!(!String::from_utf8(named.stdout).unwrap().contains("missing-category"));
    // Without an era the 年度 openers fail the run; --era in any spelling mends it.
    assert_eq!(koryu(&["validate", "部隊間交流.csv"]).status.code(), Some(1));
    for era in ["reiwa", "R", "令和"] {
        let given = koryu(&["validate", "--era", era, "部隊間交流.csv"]);
        assert_eq!(given.status.code(), Some(0), "--era {era}: {}", String::from_utf8_lossy(&given.stderr));
    }
    let bad = koryu(&["validate", "--era", "edo", "部隊間交流.csv"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not an era"));
    assert_eq!(koryu(&["validate", "--category", "agreement", "r4_plain.csv"]).status.code(), Some(2));
}

#[test]
fn a_text_table_without_any_era_says_so_at_each_fiscal_year_label() {
    let text =
        "二国間・多国間における防衛当局間の定期協議など\n\n3 年 度\t【韓国】第23回日韓安保対話（ソウル）（9月）\n\
                \n●4年度においては、以下のとおり協議を実施した。\n【英国】第14回日英防衛当局間協議（東京）（7月）\n";
    let meta = SourceMeta {
        source_file: "table.txt".into(),
        kind: Some(koryu_model::DocKind::EvaluationTable),
        ..SourceMeta::default()
    };
    let extracted = parse_source(text.as_bytes(), &meta).unwrap();
    assert_eq!(codes(&extracted, Code::InvalidDate).iter().map(|(l, _)| *l).collect::<Vec<_>>(), [3, 5]);
    assert!(extracted.mentions.iter().all(|m| m.date.is_none()));
    let given = parse_source(text.as_bytes(), &SourceMeta { era: Some(Era::Reiwa), ..meta }).unwrap();
    assert!(codes(&given, Code::InvalidDate).is_empty());
    let dates: Vec<String> = given.mentions.iter().map(|m| m.date.as_ref().unwrap().to_string()).collect();
    assert_eq!(dates, ["2021-09", "2022-07"]);
}

/// One CSV per indicator after a workbook of all of them is one edition
/// sent in parts: the CSV leaves the other indicators out by design, so
/// `edition-drop` does not say it dropped them.
#[test]
fn a_csv_of_one_indicator_after_the_workbook_drops_no_category() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("k.sqlite");
    let db = db.to_str().unwrap();
    let workbook = koryu(&["import", "--db", db, "indicators.xlsx"]);
    assert!(workbook.status.success(), "{}", String::from_utf8_lossy(&workbook.stderr));
    let part = koryu(&["import", "--db", db, "r4_定期協議.csv"]);
    let stderr = String::from_utf8_lossy(&part.stderr);
    assert!(part.status.success(), "{stderr}");
    assert!(stderr.contains("merged: 5"), "the CSV repeats the workbook's rows: {stderr}");
    assert!(!stderr.contains("edition-drop"), "{stderr}");
}
