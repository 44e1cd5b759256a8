//! Reading sources: encodings, CSV, workbooks written by rust_xlsxwriter and by LibreOffice, and the same table in three forms.
#![allow(clippy::unwrap_used)] // Fixture builders and test helpers: a panic is a failing test.
//!
//! The fixtures are made here, in code (`fixtures` below): an .xlsx through
//! rust_xlsxwriter, CP932, EUC-JP and UTF-16 texts through encoding_rs. Only
//! the workbooks saved by a real office suite are files
//! (`fixtures/read/office/`, made by `fixtures/read/make-office-files.sh`).

use koryu_parse::read::{read_document, Document, Format};
use koryu_parse::{parse_source, Origin, SourceMeta};
use std::path::PathBuf;

fn meta(name: &str) -> SourceMeta {
    SourceMeta { source_file: name.to_owned(), ..SourceMeta::default() }
}

fn read(bytes: &[u8], name: &str) -> Document {
    read_document(bytes, &meta(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Fixture builders: each returns the bytes of one source.
pub mod fixtures {
    use encoding_rs::{Encoding, EUC_JP, SHIFT_JIS};
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};

    /// A small 別紙-style evaluation table as text, in the corpus's format.
    pub const TABLE_TEXT: &str = "令和6年度実施施策に係る政策評価の事前分析表(別紙)\n\
\n\
測定指標\t目標\t施策の進捗状況\n\
①\t多層的な防衛協力・交流\t二国間・多国間における防衛首脳などハイレベルの交流\n\
\n\
●令和5年度においては、以下のとおり交流を実施した。\n\
\n\
【オーストラリア】日豪防衛相会談(東京)(6月、11月)、空軍本部長訪日(9月)\n\
\n\
【インド】陸幕長インド訪問(令和6年2月)\n\
\n\
【フィリピン】防衛相電話会談(8月)\n";

    /// The same table as headed rows: 区分, 年度, 国名, 内容, 場所, 時期.
    /// Empty 区分/年度/国名 cells mean "as above".
    pub const TABLE_ROWS: &[[&str; 6]] = &[
        ["区分", "年度", "国名", "内容", "場所", "時期"],
        [
            "二国間・多国間における\n防衛首脳などハイレベルの交流",
            "令和5年度",
            "オーストラリア",
            "日豪防衛相会談",
            "東京",
            "6月、11月",
        ],
        ["", "", "", "空軍本部長訪日", "", "9月"],
        ["", "", "インド", "陸幕長インド訪問", "", "令和6年2月"],
        ["", "", "フィリピン", "防衛相電話会談", "", "8月"],
    ];

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = encoding.encode(text);
        assert!(!had_errors, "{} cannot encode the fixture", encoding.name());
        bytes.into_owned()
    }

    /// [`TABLE_ROWS`] as a CP932 (Shift_JIS) CSV with CRLF line ends, the way
    /// Excel saves "CSV" on a Japanese Windows.
    pub fn table_cp932_csv() -> Vec<u8> {
        let mut csv = String::new();
        for row in TABLE_ROWS {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    if c.contains([',', '\n', '、', '"']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        (*c).to_owned()
                    }
                })
                .collect();
            csv.push_str(&cells.join(","));
            csv.push_str("\r\n");
        }
        encode(SHIFT_JIS, &csv)
    }

    /// [`TABLE_ROWS`] as an .xlsx: the 区分 and 年度 cells merged down over
    /// all data rows (the value applies to each), the 区分 with a line break.
    pub fn table_xlsx() -> Vec<u8> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("別紙").unwrap();
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        for (r, row) in TABLE_ROWS.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let is_merged_column = c < 2 && r >= 1;
                if !cell.is_empty() && !is_merged_column {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
        let last = (TABLE_ROWS.len() - 1) as u32;
        sheet.merge_range(1, 0, last, 0, TABLE_ROWS[1][0], &wrap).unwrap();
        sheet.merge_range(1, 1, last, 1, TABLE_ROWS[1][1], &wrap).unwrap();
        workbook.save_to_buffer().unwrap()
    }

    /// A sheet of values that must read as written: a number, a decimal,
    /// a date-formatted serial, 和暦 and full-width digits in text.
    pub fn values_xlsx() -> Vec<u8> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("値").unwrap();
        sheet.write_number(0, 0, 2019).unwrap();
        sheet.write_number(0, 1, 112.5).unwrap();
        let date = ExcelDateTime::from_ymd(2019, 6, 14).unwrap();
        sheet.write_datetime_with_format(0, 2, &date, &Format::new().set_num_format("yyyy/mm/dd")).unwrap();
        sheet.write_string(0, 3, "令和元年６月１４日").unwrap();
        sheet.write_string(2, 1, "二行目\n三行目").unwrap();
        let second = workbook.add_worksheet();
        second.set_name("Sheet2").unwrap();
        second.write_string(1, 1, "b2").unwrap();
        workbook.save_to_buffer().unwrap()
    }

    pub fn euc_jp(text: &str) -> Vec<u8> {
        encode(EUC_JP, text)
    }

    pub fn utf16le_with_bom(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }
}

/// (date, countries, title) of every mention, sorted, as the comparison key
/// of "the same table gives the same mentions".
fn mention_keys(bytes: &[u8], name: &str) -> Vec<String> {
    let extracted = parse_source(bytes, &meta(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut keys: Vec<String> = extracted
        .mentions
        .iter()
        .map(|m| {
            let date = m.date.as_ref().map_or("-".to_owned(), |d| serde_json::to_value(d).unwrap().to_string());
            let countries: Vec<String> =
                m.countries.iter().map(|c| serde_json::to_value(c).unwrap().to_string()).collect();
            format!("{date} {} {}", countries.join(","), m.title)
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn same_table_as_text_xlsx_and_cp932_csv_gives_same_mentions() {
    let text = mention_keys(fixtures::TABLE_TEXT.as_bytes(), "table.txt");
    let xlsx = mention_keys(&fixtures::table_xlsx(), "table.xlsx");
    let csv = mention_keys(&fixtures::table_cp932_csv(), "table.csv");
    // 6月 and 11月 are two mentions: five in all.
    assert_eq!(text.len(), 5, "{text:#?}");
    assert_eq!(xlsx, text);
    assert_eq!(csv, text);
}

#[test]
fn cp932_csv_is_detected_and_rows_keep_line_and_field() {
    let document = read(&fixtures::table_cp932_csv(), "table.csv");
    assert_eq!((document.format, document.encoding.as_str()), (Format::Csv, "Shift_JIS"));
    let page = &document.pages[0];
    let lines: Vec<&str> = page.text.as_str().split('\n').collect();
    // The quoted line break in the 区分 cell makes record 2 span lines 2–3.
    assert_eq!(lines[0], "");
    assert!(
        lines[1].starts_with("二国間・多国間における 防衛首脳などハイレベルの交流\t●令和5年度においては"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "【オーストラリア】空軍本部長訪日(9月)");
    let text = page.text.as_str();
    let idx = text.find("空軍本部長").unwrap();
    assert_eq!(page.text.origin(idx), Origin { line: 4, column: 4, byte: 0 });
    let idx = text.find("令和6年2月").unwrap();
    assert_eq!((page.text.origin(idx).line, page.text.origin(idx).column), (5, 6));
}

#[test]
fn xlsx_merged_cells_apply_to_every_row_they_cover() {
    let document = read(&fixtures::table_xlsx(), "table.xlsx");
    assert_eq!(document.format, Format::Spreadsheet);
    let page = &document.pages[0];
    assert_eq!(page.sheet.as_deref(), Some("別紙"));
    let lines: Vec<&str> = page.text.as_str().split('\n').collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[2], "【オーストラリア】空軍本部長訪日(9月)");
    assert_eq!(lines[4], "【フィリピン】防衛相電話会談(8月)");
    let idx = page.text.as_str().find("防衛相電話会談").unwrap();
    assert_eq!(page.text.origin(idx), Origin { line: 5, column: 4, byte: 0 });
}

#[test]
fn xlsx_values_read_as_written_on_every_sheet() {
    let document = read(&fixtures::values_xlsx(), "values.xlsx");
    let names: Vec<Option<&str>> = document.pages.iter().map(|p| p.sheet.as_deref()).collect();
    assert_eq!(names, vec![Some("値"), Some("Sheet2")]);
    let lines: Vec<&str> = document.pages[0].text.as_str().split('\n').collect();
    assert_eq!(lines, vec!["2019\t112.5\t2019-06-14\t令和元年６月１４日", "", "\t二行目 三行目"]);
    assert_eq!(document.pages[0].blank, vec![false, true, false]);
    assert_eq!(document.pages[1].text.as_str(), "\n\tb2");
}

#[test]
fn japanese_encodings_give_the_same_text() {
    let text = fixtures::TABLE_TEXT;
    for (bytes, expected) in [
        (text.as_bytes().to_vec(), "UTF-8"),
        (fixtures::euc_jp(text), "EUC-JP"),
        (fixtures::utf16le_with_bom(text), "UTF-16LE"),
    ] {
        let document = read(&bytes, "table.txt");
        assert_eq!(document.encoding, expected);
        assert_eq!(document.format, Format::Text);
        assert_eq!(document.pages[0].text.as_str(), text);
        let extracted = parse_source(&bytes, &meta("table.txt")).unwrap();
        assert_eq!(extracted.encoding, expected);
    }
}

#[test]
fn encoding_option_overrides_detection() {
    // ASCII is valid UTF-8, so detection says UTF-8; the option wins.
    let forced = SourceMeta { encoding: Some("cp932".into()), ..meta("a.csv") };
    assert_eq!(read_document(b"a,b\n", &forced).unwrap().encoding, "Shift_JIS");
    // A wrong label that makes junk of the text is refused, naming the label.
    let bytes = fixtures::utf16le_with_bom(fixtures::TABLE_TEXT);
    let wrong = SourceMeta { encoding: Some("euc-jp".into()), ..meta("table.txt") };
    let err = read_document(&bytes, &wrong).unwrap_err().to_string();
    assert_eq!(
        err,
        "cannot decode table.txt as euc-jp: more than 1 in 20 characters are invalid; check the --encoding value"
    );
}

fn office_file(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/read/office").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn workbooks_saved_by_libreoffice_read_like_the_csv_they_came_from() {
    let csv = office_file("table.csv");
    // The CSV's final line break makes one more (empty) line than the sheet has rows.
    let from_csv = read(&csv, "table.csv").pages[0].text.as_str().trim_end_matches('\n').to_owned();
    // table.xls is written by xlwt (fixtures/read/make-xls.py), the others by LibreOffice.
    for name in ["table.xlsx", "table.ods", "table.xls"] {
        let document = read(&office_file(name), name);
        assert_eq!(document.format, Format::Spreadsheet, "{name}");
        assert_eq!(document.pages[0].text.as_str(), from_csv, "{name}");
        assert_eq!(mention_keys(&office_file(name), name), mention_keys(&csv, "table.csv"), "{name}");
    }
}

/// A headed table that names no indicator (no 区分 column, sheet, title row
/// or file name naming one) gives no category to its rows: they are read
/// with `category` null, the table is reported once, at its first row, and
/// the message says how to name it.
#[test]
fn headed_csv_without_a_section_column_says_what_is_missing() {
    let csv = "年度,国名,内容,時期\n令和5年度,オーストラリア,防衛相会談,6月\n令和5年度,インド,防衛相電話会談,7月\n";
    let extracted = parse_source(csv.as_bytes(), &meta("no-section.csv")).unwrap();
    let read: Vec<(Option<String>, Vec<&str>)> = extracted
        .mentions
        .iter()
        .map(|m| (m.date.map(|d| d.to_string()), m.countries.iter().map(|c| c.as_str()).collect()))
        .collect();
    assert_eq!(read, [(Some("2023-06".into()), vec!["AU"]), (Some("2023-07".into()), vec!["IN"])]);
    assert!(extracted.mentions.iter().all(|m| m.category.is_none()));
    let lines: Vec<u32> = extracted
        .diagnostics
        .iter()
        .filter(|d| d.code == koryu_model::Code::MissingCategory && d.message.contains("区分 column"))
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [2]);
    assert_eq!(extracted.diagnostics.len(), 1, "{:#?}", extracted.diagnostics);
    // The excerpt is the row's text, not bytes of the file at cell offsets.
    let excerpts: Vec<&str> = extracted.diagnostics.iter().map(|d| d.excerpt.as_str()).collect();
    assert!(excerpts.iter().any(|e| e.contains("オーストラリア") && e.contains("防衛相会談")), "{excerpts:?}");
}
