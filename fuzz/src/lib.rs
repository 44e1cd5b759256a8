//! The fuzz harness bodies: one function per target, shared by the libFuzzer targets (`fuzz/fuzz_targets/`) and the stable replay test (`tests/it/fuzz_replay.rs`, which includes this file by path).
//!
//! Each function takes arbitrary bytes and panics only when koryu breaks a
//! promise: a panic inside the parser, an error message that does not name
//! the file, a non-blank line left unaccounted for, a date found outside
//! its text. A hang or an allocation past the budget is caught by the
//! fuzzer's own `-timeout` and `-rss_limit_mb` (and by the replay test's
//! clock). Workbook targets are structure-aware: their input is either a
//! zip archive as is, or a list of parts (see [`zip_from_parts`]) that the
//! harness zips, so mutations reach the XML instead of dying on a CRC.
#![allow(clippy::unwrap_used)] // A harness: a panic is the finding.

use koryu_model::{DocKind, Era, FiscalYear, PartialDate};
use koryu_parse::date::{self, Context};
use koryu_parse::{parse_source, LineStatus, SourceMeta};
use std::io::Write as _;

/// The marker that starts each part of a workbook input, at the start of
/// the input or of a line: `--part xl/worksheets/sheet1.xml\n<xml…>`.
pub const PART_MARKER: &[u8] = b"--part ";

/// Parses `bytes` as the source `name` (with an optional `--kind`) and
/// checks the promises every source keeps.
///
/// # Panics
/// When a promise is broken (the finding).
pub fn check_source(bytes: &[u8], name: &str, kind: Option<DocKind>) {
    let meta = SourceMeta { source_file: name.to_owned(), kind, ..SourceMeta::default() };
    match parse_source(bytes, &meta) {
        Err(err) => {
            let message = err.to_string();
            assert!(message.contains(name), "the error does not name {name}: {message}");
            assert!(!message.contains('\n'), "the error is not one sentence: {message}");
        }
        Ok(extracted) => {
            for coverage in &extracted.coverage {
                let pending = coverage.pending();
                assert!(
                    pending.is_empty(),
                    "lines {:?} of {name} ({:?}) are neither mention, structure nor unparsed",
                    pending.get(..pending.len().min(10)),
                    coverage.sheet
                );
                assert!(coverage.lines.iter().all(|s| *s != LineStatus::Pending));
            }
        }
    }
}

/// Target `text`: decoding (BOM, UTF-16, Shift_JIS, EUC-JP) and extraction of a text file.
pub fn text(data: &[u8]) {
    check_source(data, "fuzz.txt", None);
}

/// Target `csv`: the CSV/TSV reader and the table extractor.
pub fn csv(data: &[u8]) {
    let name = if data.first().is_some_and(|b| b & 1 == 1) { "fuzz.tsv" } else { "fuzz.csv" };
    check_source(data.get(1..).unwrap_or_default(), name, None);
}

/// Target `validate`: every extractor and the checks, the document kind
/// forced by the first byte (as `--kind` does) or detected.
pub fn validate(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let kind = DocKind::ALL.get(usize::from(selector) % (DocKind::ALL.len() + 1)).copied();
    check_source(rest, "fuzz.txt", kind);
}

/// Target `xlsx`: the zip guard, the pre-scan and calamine's .xlsx reader.
pub fn xlsx(data: &[u8]) {
    check_source(&workbook_bytes(data), "fuzz.xlsx", None);
}

/// Target `ods`: the zip guard, the pre-scan and calamine's .ods reader.
pub fn ods(data: &[u8]) {
    check_source(&workbook_bytes(data), "fuzz.ods", None);
}

/// Target `xls`: the OLE2/BIFF pre-scan and calamine's legacy .xls reader.
pub fn xls(data: &[u8]) {
    check_source(data, "fuzz.xls", None);
}

/// Target `dates`: [`date::resolve`] and [`date::scan`] on any text, the
/// context chosen by the first bytes.
pub fn dates(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let eras = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];
    let pick = |shift: u8| eras.get(usize::from((flags >> shift) & 7)).copied();
    let ctx = Context {
        fiscal_year: (flags & 1 == 1).then_some(FiscalYear(2019)),
        document_era: pick(1),
        previous_era: pick(4),
        previous_date: (flags & 0x80 != 0).then(|| PartialDate::year_month(2019, 6).ok()).flatten(),
        publication_year: Some(2024),
        era_month_shorthand: flags & 2 == 2,
    };
    if let Ok(resolved) = date::resolve(&text, &ctx) {
        if let Some(edtf) = resolved.date {
            let shown = edtf.to_string();
            assert!(
                koryu_model::Edtf::parse(&shown).is_some(),
                "{text:?} resolved to {shown}, which does not read back"
            );
        }
    }
    let mut end = 0usize;
    for found in date::scan(&text, &ctx) {
        let range = found.range;
        assert!(range.start >= end && range.start < range.end, "{text:?}: {range:?} overlaps or is empty");
        assert!(text.get(range.clone()).is_some(), "{text:?}: {range:?} is not a slice of the text");
        end = range.end;
    }
}

/// The workbook bytes of a workbook input: a zip archive as is, otherwise
/// the parts zipped ([`zip_from_parts`]).
pub fn workbook_bytes(data: &[u8]) -> Vec<u8> {
    if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        zip_from_parts(data)
    }
}

/// Zips the parts of `data` (each `--part NAME\n` then its bytes up to the
/// next marker line), stored uncompressed so mutations stay cheap. Bytes
/// before the first marker are ignored.
pub fn zip_from_parts(data: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in split_parts(data) {
        let name = String::from_utf8_lossy(name);
        // A duplicate or unusable name is a mutation the zip writer refuses;
        // the other parts still make a workbook.
        if writer.start_file(name.as_ref(), options).is_ok() {
            writer.write_all(content).unwrap();
        }
    }
    writer.finish().map(std::io::Cursor::into_inner).unwrap_or_default()
}

/// `(name, content)` of every part in a parts input.
pub fn split_parts(data: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut starts = Vec::new();
    let mut at = 0usize;
    while let Some(found) = data.get(at..).and_then(|rest| find(rest, PART_MARKER)) {
        let pos = at + found;
        if pos == 0 || data.get(pos - 1) == Some(&b'\n') {
            starts.push(pos);
        }
        at = pos + PART_MARKER.len();
    }
    let mut parts = Vec::new();
    for (idx, &start) in starts.iter().enumerate() {
        let end = starts.get(idx + 1).map_or(data.len(), |next| next - 1);
        let body = data.get(start + PART_MARKER.len()..end).unwrap_or_default();
        let newline = body.iter().position(|b| *b == b'\n').unwrap_or(body.len());
        let name = body.get(..newline).unwrap_or_default();
        let content = body.get(newline + 1..).unwrap_or_default();
        parts.push((name, content));
    }
    parts
}

/// A zip archive as a parts input (the seed corpus format of the workbook
/// targets); `None` if it is no readable archive.
pub fn parts_from_zip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for idx in 0..archive.len() {
        let mut entry = archive.by_index(idx).ok()?;
        let name = entry.name().ok()?.into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).ok()?;
        out.extend_from_slice(PART_MARKER);
        out.extend_from_slice(name.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&content);
        out.push(b'\n');
    }
    Some(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A harness body: arbitrary bytes in, a panic for a finding.
pub type Target = fn(&[u8]);

/// Every target by name, for the replay test and `just fuzz`.
pub const TARGETS: [(&str, Target); 7] = [
    ("text", text),
    ("csv", csv),
    ("validate", validate),
    ("xlsx", xlsx),
    ("ods", ods),
    ("xls", xls),
    ("dates", dates),
];

/// The seed corpus, built from the repository's fixtures under `root`:
/// `(target, seed name, input)`. Text fixtures seed `text` and (with a kind
/// byte) `validate`; the office table seeds `csv`, `xlsx`, `ods` and `xls` (the
/// workbooks both as archives and as parts); the date cases seed `dates`;
/// each file of `fixtures/hostile/` seeds the target its name ends with
/// (`.txt`, `.csv`, `.xlsx.parts`, `.ods.parts`, `.dates`, `.validate`).
/// `just fuzz-seed` writes them to `fuzz/corpus/<target>/`; the replay test
/// runs them.
pub fn seeds(root: &std::path::Path) -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    let read_dir = |dir: &str| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .filter_map(|e| Some((e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).ok()?)))
            .collect();
        files.sort();
        files
    };
    let mut kind_byte = 0u8;
    for dir in ["fixtures/parse/ok", "fixtures/parse/err", "fixtures/validate", "fixtures/samples"] {
        for (name, bytes) in read_dir(dir) {
            if !name.ends_with(".txt") {
                continue;
            }
            out.push(("text", format!("{dir}/{name}"), bytes.clone()));
            let mut with_kind = vec![kind_byte];
            with_kind.extend_from_slice(&bytes);
            out.push(("validate", format!("{dir}/{name}"), with_kind));
            kind_byte = kind_byte.wrapping_add(1) % 6;
        }
    }
    for (name, bytes) in read_dir("fixtures/read/office") {
        let seed = format!("fixtures/read/office/{name}");
        if name.ends_with(".csv") {
            out.push(("csv", seed.clone(), [b"0".as_slice(), &bytes].concat()));
            let tsv = String::from_utf8_lossy(&bytes).replace(',', "\t");
            out.push(("csv", format!("{seed} as tsv"), [b"1".as_slice(), tsv.as_bytes()].concat()));
        } else if name.ends_with(".xls") {
            out.push(("xls", seed.clone(), bytes.clone()));
            // The same file whose DIMENSIONS record wraps calamine's row
            // count (the abort `read/xls_prescan.rs` guards against).
            if let Some(at) = find(&bytes, &[0x00, 0x02, 0x0E, 0x00]) {
                let mut wrapped = bytes.clone();
                if let Some(rows) = wrapped.get_mut(at + 4..at + 12) {
                    rows.copy_from_slice(&[5, 0, 0, 0, 1, 0, 0, 0]);
                    out.push(("xls", format!("{seed} with rows 5..1"), wrapped));
                }
            }
        } else if let Some(target) = ["xlsx", "ods"].into_iter().find(|ext| name.ends_with(&format!(".{ext}"))) {
            out.push((target, seed.clone(), bytes.clone()));
            if let Some(parts) = parts_from_zip(&bytes) {
                out.push((target, format!("{seed} as parts"), parts));
            }
        }
    }
    if let Ok(cases) = std::fs::read_to_string(root.join("fixtures/dates/cases.tsv")) {
        let expressions = cases.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next());
        for (idx, expression) in expressions.enumerate() {
            // Flags: shorthand on every other case, document era Reiwa.
            let flags = if idx % 2 == 0 { 0b1000_1010u8 } else { 0b0000_1001 };
            out.push(("dates", format!("fixtures/dates/cases.tsv#{idx}"), [&[flags], expression.as_bytes()].concat()));
        }
    }
    for (name, bytes) in read_dir("fixtures/hostile") {
        let target = [
            (".xlsx.parts", "xlsx"),
            (".ods.parts", "ods"),
            (".txt", "text"),
            (".csv", "csv"),
            (".dates", "dates"),
            (".validate", "validate"),
            (".xls", "xls"),
        ]
        .into_iter()
        .find(|(ext, _)| name.ends_with(ext));
        if let Some((_, target)) = target {
            out.push((target, format!("fixtures/hostile/{name}"), bytes));
        }
    }
    out
}
