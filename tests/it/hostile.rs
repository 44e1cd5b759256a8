//! Hostile files: each ends in a `ReadError` with one sentence naming the file, and through `koryu import` in exit code 1 with the store unchanged.
#![allow(clippy::unwrap_used)] // Fixture builders and test helpers: a panic is a failing test.
//!
//! Every input is built here in code (nothing large or dangerous is stored
//! in the repository). The limits they hit are named constants in
//! `crates/koryu-parse/src/read/limits.rs` and `zip_guard.rs`.

use super::cli::{export_jsonl, koryu, stderr};
use super::read::fixtures;
use koryu_parse::read::read_document;
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

    /// One line of 4,000,000 characters.
    pub fn long_line() -> Vec<u8> {
        let mut text = "●令和5年度においては、以下のとおり交流を実施した。\n【豪】".to_owned();
        text.push_str(&"a".repeat(4_000_000));
        text.push('\n');
        text.into_bytes()
    }

    /// 10,000 nested brackets on one line.
    pub fn nested_brackets() -> Vec<u8> {
        format!("【豪】会談{}6月{}\n", "(".repeat(10_000), ")".repeat(10_000)).into_bytes()
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

#[test]
fn a_4_mb_line_is_refused() {
    assert_eq!(
        error_of(&inputs::long_line(), "long.txt"),
        "long.txt exceeds the line-length limit (line 2 has 4000003 characters, at most 100000 are read)"
    );
}

#[test]
fn ten_thousand_nested_brackets_are_refused() {
    assert_eq!(
        error_of(&inputs::nested_brackets(), "nested.txt"),
        "nested.txt exceeds the bracket-nesting limit (line 1 nests brackets 10000 deep, at most 64 are read)"
    );
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
/// code 1, one `error:` sentence naming each bad file, the good file
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
        ("long.txt", inputs::long_line(), "long.txt exceeds the line-length limit"),
        ("nested.txt", inputs::nested_brackets(), "nested.txt exceeds the bracket-nesting limit"),
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
    assert_eq!(output.status.code(), Some(1), "{err}");
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
    assert_eq!(output.status.code(), Some(1), "{err}");
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
