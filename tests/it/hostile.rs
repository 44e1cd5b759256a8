//! Hostile files: each ends in a `ReadError` with one sentence naming the file, and through `koryu import` in exit code 1 with the store unchanged; a line past a per-line limit costs only that line.
#![allow(clippy::unwrap_used)] // Fixture builders and test helpers: a panic is a failing test.
//!
//! Every input is built here in code (nothing large or dangerous is stored
//! in the repository). The limits they hit are named constants in
//! `crates/koryu-parse/src/read/limits.rs` and `zip_guard.rs`.

use super::cli::{export_jsonl, koryu, stderr};
use super::read::fixtures;
use koryu_model::Code;
use koryu_parse::read::{limits, read_document};
use koryu_parse::{parse_source, SourceMeta};
use std::io::Write as _;

/// Builders of the hostile inputs: `(file name, bytes)`.
pub mod inputs {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;

    /// Pseudo-random bytes with NULs spread evenly (a PNG, a .exe…).
    pub fn binary_junk() -> Vec<u8> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..8192)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    /// One line of 4,000,000 characters, between two good ones.
    pub fn long_line() -> Vec<u8> {
        let mut text = "二国間・多国間における防衛首脳などハイレベルの交流\n●令和5年度においては、以下のとおり交流を実施した。\n【豪】".to_owned();
        text.push_str(&"a".repeat(4_000_000));
        text.push_str("\n【豪】防衛相会談(6月)\n");
        text.into_bytes()
    }

    /// A table whose line 9 opens 10,000 brackets between good lines 8, 10 and 11.
    pub fn table_with_bad_line_9() -> Vec<u8> {
        let lines = [
            "令和6年度実施施策に係る政策評価の事前分析表(別紙)",
            "",
            "測定指標\t目標\t施策の進捗状況",
            "①\t多層的な防衛協力・交流\t二国間・多国間における防衛首脳などハイレベルの交流",
            "",
            "●令和5年度においては、以下のとおり交流を実施した。",
            "",
            "【オーストラリア】日豪防衛相会談(東京)(6月、11月)",
            &format!("【韓国】会談{}6月{}", "(".repeat(10_000), ")".repeat(10_000)),
            "【インド】陸幕長インド訪問(令和6年2月)",
            "【フィリピン】防衛相電話会談(8月)",
        ];
        format!("{}\n", lines.join("\n")).into_bytes()
    }

    /// The same table as a headed CSV: its row on line 9 holds the 10,000 brackets.
    pub fn csv_with_bad_line_9() -> Vec<u8> {
        let mut lines = vec![
            "区分,年度,国名,内容,場所,時期".to_owned(),
            "二国間・多国間における防衛首脳などハイレベルの交流,令和5年度,オーストラリア,日豪防衛相会談,東京,\"6月、11月\""
                .to_owned(),
        ];
        // Rows 3–8: more meetings (the csv crate does not count blank lines).
        lines.extend((3..=8).map(|month| format!(",,オーストラリア,防衛相電話会談,,{month}月")));
        lines.push(format!(",,韓国,会談{}6月{},,", "(".repeat(10_000), ")".repeat(10_000)));
        lines.push(",,インド,陸幕長インド訪問,,令和6年2月".to_owned());
        lines.push(",,フィリピン,防衛相電話会談,,8月".to_owned());
        format!("{}\n", lines.join("\n")).into_bytes()
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// An .xlsx-looking archive whose sheet is 16 MiB of spaces: it
    /// inflates over 1,000 times its size, as zip bombs do.
    pub fn zip_bomb_ratio() -> Vec<u8> {
        let spaces = vec![b' '; 16 * 1024 * 1024];
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", &spaces),
        ])
    }

    /// A small archive whose sheet entry declares 4 GiB once inflated
    /// (the size fields patched, as a crafted bomb would have them).
    pub fn zip_bomb_declared() -> Vec<u8> {
        let mut bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", b"<worksheet/>")]);
        patch_sizes(&mut bytes, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0);
        bytes
    }

    /// An archive whose sheet inflates to 1 MiB but declares 100 bytes.
    pub fn zip_lying_size() -> Vec<u8> {
        let sheet = vec![b'x'; 1024 * 1024];
        let mut bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", &sheet)]);
        patch_sizes(&mut bytes, "xl/worksheets/sheet1.xml", 100);
        bytes
    }

    /// Sets the uncompressed size of entry `name` in its local header and
    /// its central directory record.
    fn patch_sizes(bytes: &mut [u8], name: &str, size: u32) {
        for (signature, size_offset, name_offset) in [(b"PK\x03\x04", 22usize, 30usize), (b"PK\x01\x02", 24, 46)] {
            let mut pos = 0;
            while let Some(found) = bytes[pos..].windows(4).position(|w| w == signature) {
                let at = pos + found;
                if bytes[at + name_offset..].starts_with(name.as_bytes()) {
                    bytes[at + size_offset..at + size_offset + 4].copy_from_slice(&size.to_le_bytes());
                }
                pos = at + 4;
            }
        }
    }

    /// An .ods whose one non-empty cell repeats 1,000 columns × 1,000,000
    /// rows: 200 bytes of XML that calamine would lay out as 10⁹ cells.
    pub fn ods_repeat_bomb() -> Vec<u8> {
        let content = br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", content)])
    }
}

fn error_of(bytes: &[u8], name: &str) -> String {
    let meta = SourceMeta { source_file: name.to_owned(), ..SourceMeta::default() };
    match parse_source(bytes, &meta) {
        Ok(extracted) => panic!("{name} was read: {} mentions", extracted.mentions.len()),
        Err(err) => err.to_string(),
    }
}

#[test]
fn empty_files_are_refused() {
    assert_eq!(error_of(b"", "empty.txt"), "empty.txt is empty");
    assert_eq!(error_of(b" \r\n\t\n", "blank.csv"), "blank.csv is empty");
    assert_eq!(error_of(&fixtures::utf16le_with_bom("  \n"), "bom-only.txt"), "bom-only.txt is empty");
}

#[test]
fn binary_junk_is_refused() {
    assert_eq!(
        error_of(&inputs::binary_junk(), "junk.txt"),
        "junk.txt looks like binary data, not text, CSV or a spreadsheet"
    );
}

#[test]
fn text_named_xlsx_is_refused() {
    assert_eq!(
        error_of("年度,国名,内容\n".as_bytes(), "fake.xlsx"),
        "fake.xlsx is named .xlsx but is not a workbook (it does not start with a zip or OLE2 signature)"
    );
}

#[test]
fn truncated_xlsx_is_refused() {
    let xlsx = fixtures::table_xlsx();
    let err = error_of(&xlsx[..xlsx.len() / 2], "truncated.xlsx");
    assert!(err.starts_with("cannot read workbook truncated.xlsx: the zip archive is truncated or damaged ("), "{err}");
}

#[test]
fn zip_bombs_are_refused_before_calamine_reads_them() {
    let err = error_of(&inputs::zip_bomb_ratio(), "bomb.xlsx");
    assert!(
        err.starts_with("bomb.xlsx exceeds the compression-ratio limit (entry xl/worksheets/sheet1.xml inflates"),
        "{err}"
    );
    let err = error_of(&inputs::zip_bomb_declared(), "declared.xlsx");
    assert!(
        err.starts_with(
            "declared.xlsx exceeds the inflated-size limit (entry xl/worksheets/sheet1.xml declares 4294967280 bytes"
        ),
        "{err}"
    );
    let err = error_of(&inputs::zip_lying_size(), "lying.xlsx");
    assert!(
        err.starts_with("lying.xlsx exceeds the inflated-size limit")
            || err.starts_with("cannot read workbook lying.xlsx"),
        "{err}"
    );
    let err = error_of(&inputs::ods_repeat_bomb(), "repeat.ods");
    assert_eq!(
        err,
        "repeat.ods exceeds the sheet-cells limit (content.xml: its sheets repeat cells into 1000000000 cells, at most 5000000)"
    );
}

/// A mention as (line, title, date, countries).
type Found = (u32, String, String, String);

/// The mentions of `bytes`, and its diagnostics as (line, column, code).
fn read_lines(bytes: &[u8], name: &str) -> (Vec<Found>, Vec<(u32, u32, Code)>) {
    let meta = SourceMeta { source_file: name.to_owned(), ..SourceMeta::default() };
    let extracted = parse_source(bytes, &meta).unwrap();
    let mentions = extracted
        .mentions
        .iter()
        .map(|m| {
            let countries: Vec<&str> = m.countries.iter().map(|c| c.as_str()).collect();
            (m.line, m.title.clone(), m.date.map(|d| d.to_string()).unwrap_or_default(), countries.join(","))
        })
        .collect();
    let diagnostics = extracted.diagnostics.iter().map(|d| (d.line, d.column, d.code)).collect();
    (mentions, diagnostics)
}

/// What the good lines of [`inputs::table_with_bad_line_9`] give, in every form.
fn good_lines_of_the_table() -> Vec<Found> {
    [
        (8, "日豪防衛相会談", "2023-06", "AU"),
        (8, "日豪防衛相会談", "2023-11", "AU"),
        (10, "陸幕長インド訪問", "2024-02", "IN"),
        (11, "防衛相電話会談", "2023-08", "PH"),
    ]
    .iter()
    .map(|(l, t, d, c)| (*l, (*t).to_owned(), (*d).to_owned(), (*c).to_owned()))
    .collect()
}

#[test]
fn a_line_of_10000_brackets_costs_only_that_line() {
    let (mentions, diagnostics) = read_lines(&inputs::table_with_bad_line_9(), "nested.txt");
    assert_eq!(mentions, good_lines_of_the_table());
    // The caret stands on the 65th `(` of line 9: `【韓国】会談` is 6 characters.
    assert_eq!(diagnostics, [(9, 6 + 65, Code::LimitExceeded)]);
    let meta = SourceMeta { source_file: "nested.txt".into(), ..SourceMeta::default() };
    let extracted = parse_source(&inputs::table_with_bad_line_9(), &meta).unwrap();
    let message = &extracted.diagnostics[0].message;
    assert_eq!(
        message,
        "line 9 nests brackets 10000 deep, at most 64 are read (bracket-nesting limit); \
         the line was skipped and the rest of the file read, split or repair it"
    );
    // The line is accounted for as unparsed, not dropped silently.
    assert_eq!(extracted.coverage[0].lines[8], koryu_parse::coverage::LineStatus::Unparsed);
}

#[test]
fn a_csv_row_of_10000_brackets_costs_only_that_row() {
    let (mentions, diagnostics) = read_lines(&inputs::csv_with_bad_line_9(), "nested.csv");
    let mut expected = good_lines_of_the_table();
    // The CSV's first good row is line 2; rows 3–8 are six more meetings.
    for m in &mut expected {
        if m.0 == 8 {
            m.0 = 2;
        }
    }
    let good: Vec<_> = mentions.iter().filter(|m| !(3..=8).contains(&m.0)).cloned().collect();
    assert_eq!(good, expected);
    assert_eq!(mentions.len(), 4 + 6);
    // The row's first cell is its 国名 (column 3): the 年度 and 区分 cells are empty.
    assert_eq!(diagnostics, [(9, 3, Code::LimitExceeded)]);
}

#[test]
fn a_sheet_row_of_10000_brackets_costs_only_that_row() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("別紙").unwrap();
    let heading = "二国間・多国間における防衛首脳などハイレベルの交流";
    let rows: Vec<[String; 5]> = vec![
        ["区分".into(), "年度".into(), "国名".into(), "内容".into(), "時期".into()],
        [heading.into(), "令和5年度".into(), "オーストラリア".into(), "日豪防衛相会談".into(), "6月".into()],
        [
            String::new(),
            String::new(),
            "韓国".into(),
            format!("会談{}6月{}", "(".repeat(10_000), ")".repeat(10_000)),
            String::new(),
        ],
        [String::new(), String::new(), "インド".into(), "陸幕長インド訪問".into(), "令和6年2月".into()],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let meta = SourceMeta { source_file: "nested.xlsx".into(), ..SourceMeta::default() };
    let extracted = parse_source(&bytes, &meta).unwrap();
    let found: Vec<(u32, String)> = extracted.mentions.iter().map(|m| (m.line, m.title.clone())).collect();
    assert_eq!(found, [(2, "日豪防衛相会談".to_owned()), (4, "陸幕長インド訪問".to_owned())]);
    let limit: Vec<(u32, u32, Option<&str>)> = extracted
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::LimitExceeded)
        .map(|d| (d.line, d.column, d.span.sheet.as_deref()))
        .collect();
    // The row's first non-empty cell is its 国名, column 3.
    assert_eq!(limit, [(3, 3, Some("別紙"))]);
    let message = &extracted.diagnostics.iter().find(|d| d.code == Code::LimitExceeded).unwrap().message;
    assert!(message.starts_with("row 3 nests brackets 10000 deep"), "{message}");
}

#[test]
fn a_4_mb_line_costs_only_that_line() {
    let (mentions, diagnostics) = read_lines(&inputs::long_line(), "long.txt");
    assert_eq!(mentions, [(4, "防衛相会談".to_owned(), "2023-06".to_owned(), "AU".to_owned())]);
    assert_eq!(diagnostics, [(3, 100_001, Code::LimitExceeded)]);
}

#[test]
fn a_line_of_too_many_items_costs_only_that_line() {
    let mut text = "二国間・多国間における防衛首脳などハイレベルの交流\n●令和5年度においては、以下のとおり交流を実施した。\n【豪】".to_owned();
    text.push_str(&"会談(6月)、".repeat(limits::MAX_ITEMS_PER_LINE + 1));
    text.push_str("\n【豪】防衛相会談(6月)\n");
    let (mentions, diagnostics) = read_lines(text.as_bytes(), "items.txt");
    assert_eq!(mentions, [(4, "防衛相会談".to_owned(), "2023-06".to_owned(), "AU".to_owned())]);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!((diagnostics[0].0, diagnostics[0].2), (3, Code::LimitExceeded));
}

/// Bounded work on lines just inside the limits. A pass that is quadratic
/// in a line's items or in the number of bad lines would take a minute or
/// more here (fragments merged one at a time re-read 12.5 million pieces a
/// line, about 0.6 s a line unoptimised, for 40 lines; 700 bad lines cut
/// one at a time would copy 7 MB 700 times), so a regression shows as a
/// hanging test rather than a flaky timing.
#[test]
fn work_stays_linear_just_inside_the_limits() {
    // 40 lines (7 MB) of 4,999 person fragments (`統幕長と豪国防軍司令官`) that
    // all join the meeting at the end of their line: one mention a line.
    let mut text =
        "二国間・多国間における防衛首脳などハイレベルの交流\n●令和5年度においては、以下のとおり交流を実施した。\n"
            .to_owned();
    let fragments = "統幕長と豪国防軍司令官、".repeat(limits::MAX_ITEMS_PER_LINE - 1);
    for _ in 0..40 {
        text.push_str(&format!("【豪】{fragments}豪統合作戦司令官との会談(7月)\n"));
    }
    let (mentions, diagnostics) = read_lines(text.as_bytes(), "fragments.txt");
    assert_eq!(mentions.len(), 40);
    assert!(mentions.iter().all(|m| m.2 == "2023-07" && m.3 == "AU"), "{:?}", mentions.first());
    // The same meeting on 40 lines: 39 duplicates, and no line over a limit.
    assert_eq!(diagnostics.len(), 39);
    assert!(diagnostics.iter().all(|d| d.2 == Code::DuplicateItem), "{diagnostics:?}");

    // 700 lines of 10,000 brackets (7 MB) around one good line.
    let bad = format!("【豪】会談{}\n", "(".repeat(10_000));
    let text = format!(
        "二国間・多国間における防衛首脳などハイレベルの交流\n●令和5年度においては、以下のとおり交流を実施した。\n{}【豪】防衛相会談(6月)\n{}",
        bad.repeat(350),
        bad.repeat(350)
    );
    let (mentions, diagnostics) = read_lines(text.as_bytes(), "many.txt");
    assert_eq!(mentions, [(353, "防衛相会談".to_owned(), "2023-06".to_owned(), "AU".to_owned())]);
    assert_eq!(diagnostics.len(), 700);
    assert!(diagnostics.iter().all(|d| d.2 == Code::LimitExceeded));
}

#[test]
fn far_apart_cells_read_sparsely() {
    // A1 and XFD1048576: a dense grid would be 17 billion cells.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "a1").unwrap();
    sheet.write_string(1_048_575, 16_383, "last").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let meta = SourceMeta { source_file: "far.xlsx".into(), ..SourceMeta::default() };
    let document = read_document(&bytes, &meta).unwrap();
    let page = &document.pages[0];
    assert_eq!(page.n_lines, 1_048_576);
    assert!(page.text.as_str().ends_with("\tlast"));
}

/// Every hostile file through the real binary, next to a good one: exit
/// code 2 (inputs that cannot be read), one `error:` sentence naming each bad file, the good file
/// imported and nothing of the bad ones in the store.
#[test]
fn import_refuses_each_hostile_file_and_keeps_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("good.txt"), fixtures::TABLE_TEXT).unwrap();
    assert_eq!(koryu(dir, &["import", "good.txt"]).status.code(), Some(0));
    let before = export_jsonl(dir, "before");

    let xlsx = fixtures::table_xlsx();
    let hostile: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "empty.txt is empty"),
        ("junk.txt", inputs::binary_junk(), "junk.txt looks like binary data"),
        ("fake.xlsx", "年度,国名\n".as_bytes().to_vec(), "fake.xlsx is named .xlsx but is not a workbook"),
        ("truncated.xlsx", xlsx[..xlsx.len() / 2].to_vec(), "the zip archive is truncated or damaged"),
        ("bomb.xlsx", inputs::zip_bomb_declared(), "declared.xlsx"),
        ("repeat.ods", inputs::ods_repeat_bomb(), "repeat.ods exceeds the sheet-cells limit"),
    ];
    let mut args = vec!["import".to_owned()];
    for (name, bytes, _) in &hostile {
        std::fs::File::create(dir.join(name)).unwrap().write_all(bytes).unwrap();
        args.push((*name).to_owned());
    }
    args.push("vanished.txt".to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = koryu(dir, &args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (name, _, message) in &hostile {
        let message = message.replace("declared.xlsx", "bomb.xlsx exceeds the inflated-size limit");
        let line = err.lines().find(|l| l.contains(*name)).unwrap_or_else(|| panic!("no line names {name}:\n{err}"));
        assert!(line.starts_with("error: ") && line.contains(&message), "{name}: {line}");
    }
    assert!(err.contains("cannot read vanished.txt"), "{err}");
    assert!(err.contains(&format!("files: 0 imported, 0 already imported, {} failed", hostile.len() + 1)), "{err}");
    assert_eq!(export_jsonl(dir, "after"), before);
}

/// `koryu import` of a table with one bad line stores its good lines and
/// the bad line's error; the exit code says there was an error.
#[test]
fn import_keeps_the_good_lines_of_a_file_with_one_bad_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("nested.txt"), inputs::table_with_bad_line_9()).unwrap();
    std::fs::write(dir.join("nested.csv"), inputs::csv_with_bad_line_9()).unwrap();
    let output = koryu(dir, &["import", "nested.txt", "nested.csv"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("files: 2 imported, 0 already imported, 0 failed"), "{err}");
    let [mentions, _, _, diagnostics] = export_jsonl(dir, "out");
    let stored = |file: &str| -> Vec<(u64, String)> {
        mentions
            .iter()
            .filter(|m| m["source_file"] == file)
            .map(|m| (m["line"].as_u64().unwrap(), m["date"].as_str().unwrap_or("").to_owned()))
            .collect()
    };
    let mut text = stored("nested.txt");
    text.sort();
    assert_eq!(text, [(8, "2023-06".into()), (8, "2023-11".into()), (10, "2024-02".into()), (11, "2023-08".into())]);
    assert_eq!(stored("nested.csv").len(), 4 + 6);
    let mut limit: Vec<(&str, u64)> = diagnostics
        .iter()
        .filter(|d| d["code"] == "limit-exceeded")
        .map(|d| (d["source_file"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    limit.sort_unstable();
    assert_eq!(limit, [("nested.csv", 9), ("nested.txt", 9)]);
}

/// A FIFO named on the command line would block a plain `read` (and even
/// `open`) forever; import refuses anything that is not a regular file.
#[cfg(unix)]
#[test]
fn import_refuses_a_fifo_instead_of_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let made = std::process::Command::new("mkfifo").arg(dir.join("pipe.txt")).status().unwrap();
    assert!(made.success());
    let output = koryu(dir, &["import", "pipe.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot read pipe.txt: not a regular file; skipped"), "{err}");
}

/// The regression fixtures of the fuzz campaign (`fixtures/hostile/`, in
/// the workbook targets' parts format, see `fuzz/src/lib.rs`): each one
/// aborted, hung or took gigabytes before the pre-scan
/// (`crates/koryu-parse/src/read/prescan.rs`). Each test also reads a
/// benign edit of the same fixture, so the trip comes from the one hostile
/// value and not from a broken fixture.
mod fuzz_regressions {
    use super::super::fuzz_replay::harness::zip_from_parts;
    use super::error_of;
    use koryu_parse::read::read_document;
    use koryu_parse::SourceMeta;

    fn fixture(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile").join(name);
        std::fs::read_to_string(path).unwrap()
    }

    /// The workbook of `parts` with `hostile` replaced by `benign` reads,
    /// and its one sheet holds `expect`.
    fn benign_edit_reads(parts: &str, hostile: &str, benign: &str, name: &str, expect: &str) {
        assert!(parts.contains(hostile), "{name}: the fixture lost its hostile value {hostile}");
        let bytes = zip_from_parts(parts.replacen(hostile, benign, 1).as_bytes());
        let meta = SourceMeta { source_file: name.to_owned(), ..SourceMeta::default() };
        let document = read_document(&bytes, &meta).unwrap();
        let text = document.pages.iter().map(|p| p.text.as_str()).collect::<String>();
        assert!(text.contains(expect), "{name}: {text}");
    }

    /// `table.xls` with its first DIMENSIONS record (type 0x0200, length
    /// 14) declaring rows `first..last`.
    fn xls_with_rows(first: u32, last: u32) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/read/office/table.xls");
        let mut bytes = std::fs::read(path).unwrap();
        let at = bytes.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("a DIMENSIONS record");
        bytes[at + 4..at + 8].copy_from_slice(&first.to_le_bytes());
        bytes[at + 8..at + 12].copy_from_slice(&last.to_le_bytes());
        bytes
    }

    #[test]
    fn xls_dimension_rows_wrap() {
        // calamine computed 1 - 1 - 5 + 1 rows in u32 and reserved them:
        // "memory allocation of 687194766720 bytes failed", SIGABRT.
        let err = error_of(&xls_with_rows(5, 1), "d.xls");
        assert!(err.starts_with("d.xls exceeds the sheet-size limit (sheet 1's DIMENSIONS record"), "{err}");
        assert!(err.contains("declares 4294967292 rows"), "{err}");
        let err = error_of(&xls_with_rows(0, 0xFFFF_FFF0), "d.xls");
        assert!(err.contains("sheet-size limit"), "{err}");
        // The same file with a true dimension reads.
        let meta = SourceMeta { source_file: "d.xls".to_owned(), ..SourceMeta::default() };
        let document = read_document(&xls_with_rows(0, 6), &meta).unwrap();
        let text = document.pages.iter().map(|p| p.text.as_str()).collect::<String>();
        assert!(text.contains("日豪防衛相会談"), "{text}");
    }

    #[test]
    fn xlsx_shared_strings_unique_count() {
        // calamine reserved 4294967295 strings: "memory allocation of
        // 103079215080 bytes failed", SIGABRT.
        let parts = fixture("xlsx-shared-strings-unique-count.xlsx.parts");
        assert_eq!(
            error_of(&zip_from_parts(parts.as_bytes()), "u.xlsx"),
            "u.xlsx exceeds the shared-strings limit (xl/sharedStrings.xml declares uniqueCount=\"4294967295\", at most 1000000)"
        );
        benign_edit_reads(&parts, "uniqueCount=\"4294967295\"", "uniqueCount=\"4\"", "u.xlsx", "防衛相会談(6月)");
    }

    #[test]
    fn xlsx_dimension_outside_the_grid() {
        let parts = fixture("xlsx-dimension-outside-grid.xlsx.parts");
        assert_eq!(
            error_of(&zip_from_parts(parts.as_bytes()), "d.xlsx"),
            "d.xlsx exceeds the sheet-size limit (xl/worksheets/sheet1.xml has a dimension reference ZZZZZ99999999 outside Excel's 1048576 rows and 16384 columns)"
        );
        benign_edit_reads(&parts, "A1:ZZZZZ99999999", "A1:C2", "d.xlsx", "令和元年度");
    }

    #[test]
    fn ods_table_truncated() {
        // calamine's table loop waited for </table:table> past the end of
        // the input: a hang with no memory growth.
        let parts = fixture("ods-table-truncated.ods.parts");
        assert_eq!(
            error_of(&zip_from_parts(parts.as_bytes()), "t.ods"),
            "cannot read workbook t.ods: content.xml ends inside an element (the file is truncated)"
        );
        let closed = "</table:table-row>\n";
        let tail = "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>\n";
        benign_edit_reads(&parts, closed, tail, "t.ods", "防衛相会談(6月)");
    }

    #[test]
    fn ods_table_end_tag_missing() {
        // The same hang: the table's end tag gone, the document's present.
        let parts = fixture("ods-table-end-tag-missing.ods.parts");
        let err = error_of(&zip_from_parts(parts.as_bytes()), "m.ods");
        assert!(
            err.starts_with("cannot read workbook m.ods: content.xml is not well-formed XML at byte ")
                && err.ends_with(
                    "(ill-formed document: expected `</table:table>`, but `</office:spreadsheet>` was found)"
                ),
            "{err}"
        );
        benign_edit_reads(
            &parts,
            "</table:table-row></office:spreadsheet>",
            "</table:table-row></table:table></office:spreadsheet>",
            "m.ods",
            "令和元年度",
        );
    }

    #[test]
    fn ods_annotation_unclosed() {
        // calamine's annotation loop has no end-of-input case: a hang.
        let parts = fixture("ods-annotation-unclosed.ods.parts");
        let err = error_of(&zip_from_parts(parts.as_bytes()), "a.ods");
        assert!(
            err.contains("content.xml is not well-formed XML at byte ")
                && err.ends_with(
                    "(ill-formed document: expected `</office:annotation>`, but `</table:table-cell>` was found)"
                ),
            "{err}"
        );
        benign_edit_reads(&parts, "<text:p>豪</text:p>", "</office:annotation><text:p>豪</text:p>", "a.ods", "豪");
    }

    #[test]
    fn ods_text_spaces() {
        // <text:s text:c="1000000000"/>: a billion spaces, 3 GB and 8 s.
        let parts = fixture("ods-text-spaces.ods.parts");
        // The count includes the cells' attributes, which calamine may
        // clone too: a billion and a few hundred bytes.
        let err = error_of(&zip_from_parts(parts.as_bytes()), "s.ods");
        assert!(
            err.starts_with("s.ods exceeds the document-text limit (content.xml: its repeated cells make 1000000")
                && err.ends_with(" bytes of text, at most 16777216)"),
            "{err}"
        );
        benign_edit_reads(&parts, "text:c=\"1000000000\"", "text:c=\"2\"", "s.ods", "豪");
    }

    #[test]
    fn ods_repeated_text_cells() {
        // 100 rows × 16,383 copies of a 1 KB cell: 1.6 million cells (under
        // the dense-cell limit) but 1.6 GB of cloned text.
        let parts = fixture("ods-repeated-text-cells.ods.parts");
        let err = error_of(&zip_from_parts(parts.as_bytes()), "r.ods");
        assert!(
            err.starts_with("r.ods exceeds the document-text limit (content.xml: its repeated cells make "),
            "{err}"
        );
        benign_edit_reads(
            &parts,
            "number-columns-repeated=\"16383\"",
            "number-columns-repeated=\"3\"",
            "r.ods",
            "令和元年度",
        );
    }

    #[test]
    fn xls_cell_far_from_a1() {
        // libFuzzer (`xls` target): one LABELSST of table.xls moved from
        // (1, 5) to row 65535, column 65530. calamine lays a sheet out as
        // the box around all its cells: 65,536 × 65,531 values, "memory
        // allocation of 137428467712 bytes failed", SIGABRT.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/xls-cell-far-from-a1.xls");
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(
            error_of(&bytes, "f.xls"),
            "f.xls exceeds the sheet-cells limit (sheet 1 of the Workbook stream has cells from row 0 to 65535 \
             and column 0 to 65530, 4294639616 cells laid out with the sheets before it; at most 5000000)"
        );
        // The record back at its place reads, its label included.
        let far = [0xFD, 0x00, 0x0A, 0x00, 0xFF, 0xFF, 0xFA, 0xFF];
        let at = bytes.windows(far.len()).position(|w| w == far).expect("the moved LABELSST record");
        let mut benign = bytes.clone();
        benign[at + 4..at + 8].copy_from_slice(&[0x01, 0x00, 0x05, 0x00]);
        let meta = SourceMeta { source_file: "f.xls".to_owned(), ..SourceMeta::default() };
        let document = read_document(&benign, &meta).unwrap();
        let text = document.pages.iter().map(|p| p.text.as_str()).collect::<String>();
        assert!(text.contains("6月、11月") && text.contains("日豪防衛相会談"), "{text}");
    }

    #[test]
    fn ods_declaration_unclosed() {
        // The shape of the `ods` target's timeout artifact: content.xml's
        // XML declaration never closed. It replays in milliseconds (the
        // timeout was libFuzzer's wall clock on a starved machine, see
        // docs/design.md); kept so this shape stays refused at byte 0.
        let parts = fixture("ods-declaration-unclosed.ods.parts");
        let start = std::time::Instant::now();
        let err = error_of(&zip_from_parts(parts.as_bytes()), "x.ods");
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
        assert_eq!(
            err,
            "cannot read workbook x.ods: content.xml is not well-formed XML at byte 0 \
             (syntax error: XML declaration not closed: `?>` not found before end of input)"
        );
        benign_edit_reads(
            &parts,
            "encoding=\"UTF-8\"<office:document-content",
            "encoding=\"UTF-8\"?><office:document-content",
            "x.ods",
            "防衛相会談(6月)",
        );
    }
}

/// A fuzz finding: quick-xml's mismatched-end-tag error quotes the tag
/// name, newline and all, so the error spread over lines (the fuzz
/// harness wants one sentence). Third-party errors are now quoted on one
/// escaped line.
#[test]
fn fuzz_regression_an_end_tag_split_over_lines_is_quoted_on_one() {
    use super::fuzz_replay::harness::zip_from_parts;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/ods-end-tag-newline.ods.parts");
    let parts = std::fs::read_to_string(path).unwrap();
    let err = error_of(&zip_from_parts(parts.as_bytes()), "n.ods");
    assert!(!err.contains('\n'), "{err}");
    assert!(
        err.ends_with("(ill-formed document: expected `</table:table-row>`, but `</table:ta\\nble-row>` was found)"),
        "{err}"
    );
}

/// A mutation-campaign finding: `validate` of a CP932 CSV whose last item
/// is cut inside a character drew a CSV cell's span over the decoded text,
/// and annotate-snippets panicked on the cut character (exit 101). A CSV's
/// findings now show their excerpt, and a span end inside a character is
/// drawn to the character before it.
#[test]
fn fuzz_regression_a_csv_span_cut_inside_a_character_renders() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/csv-cut-character-span.csv");
    std::fs::copy(src, tmp.path().join("cut.csv")).unwrap();
    let output = koryu(tmp.path(), &["validate", "cut.csv"]);
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "{err}");
    assert!(matches!(output.status.code(), Some(0 | 1)), "{:?} {err}", output.status);
    assert!(String::from_utf8_lossy(&output.stdout).contains("cut.csv"), "{err}");
}

/// A fuzz finding (`xls` target, after the cell-box guard): `table.xls`
/// with its first BOF record emptied (length 16 → 0). calamine's
/// `parse_bof` slices two bytes of it and panics; `read_workbook` caught
/// that, but the panic hook printed it with a stack trace before the
/// one-sentence error (and aborted under libFuzzer). The hook now stays
/// silent for a reader panic inside a workbook read.
#[test]
fn fuzz_regression_a_reader_panic_is_one_sentence() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/xls-bof-empty.xls");
    let bytes = std::fs::read(&src).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bof.xls"), &bytes).unwrap();
    let output = koryu(tmp.path(), &["validate", "bof.xls"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        "error: cannot validate bof.xls: cannot read workbook bof.xls: the spreadsheet reader failed on its content (the file is damaged or crafted)"
    );
    // Its BOF back at 16 bytes, the workbook reads.
    let bof = [0x09, 0x08, 0x00, 0x00];
    let at = bytes.windows(bof.len()).position(|w| w == bof).expect("the emptied BOF record");
    let mut benign = bytes.clone();
    benign[at + 2] = 16;
    let meta = SourceMeta { source_file: "bof.xls".to_owned(), ..SourceMeta::default() };
    let document = read_document(&benign, &meta).unwrap();
    let text = document.pages.iter().map(|p| p.text.as_str()).collect::<String>();
    assert!(text.contains("日豪防衛相会談"), "{text}");
}
