//! Bytes → text: the `--encoding` override, a BOM, strict UTF-8, then the best Japanese legacy encoding.
//!
//! Order (issue 4): an explicit label wins; then a BOM (UTF-8, UTF-16LE/BE);
//! then bytes with NULs are UTF-16 without BOM if the NULs sit on one parity
//! (else binary); then strict UTF-8; else whichever of Shift_JIS (encoding_rs's Shift_JIS is the
//! WHATWG one, i.e. CP932 with the NEC and IBM extensions) and EUC-JP decodes
//! with the fewest errors, ties broken by fewer implausible characters.

use crate::read::sniff::looks_binary;
use crate::ReadError;
use encoding_rs::{Encoding, EUC_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};
use koryu_model::{Code, Diagnostic, SourceSpan};

/// At most this many `decode-replacement` warnings per source: a file that
/// has more is one problem (wrong encoding) to the reader, and the store
/// should not grow by thousands of rows.
const MAX_REPLACEMENT_DIAGNOSTICS: usize = 50;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// encoding_rs's name of the encoding used (`UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: &'static str,
    /// One `decode-replacement` warning per line that holds U+FFFD.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes `bytes`, honouring `label` (the `--encoding` option) when given.
///
/// # Errors
/// [`ReadError::BadEncodingLabel`] for a label encoding_rs does not know,
/// [`ReadError::WrongEncoding`] when `label` makes mostly junk of the bytes,
/// [`ReadError::Binary`] when the result is mostly control or replacement
/// characters (binary junk, or the wrong `--encoding`).
pub fn decode_text(bytes: &[u8], label: Option<&str>, source_file: &str) -> Result<Decoded, ReadError> {
    let (text, encoding) = match label {
        Some(label) => {
            let encoding = encoding_for_label(label).ok_or_else(|| ReadError::BadEncodingLabel {
                source_file: source_file.to_owned(),
                label: label.to_owned(),
            })?;
            let body = match Encoding::for_bom(bytes) {
                Some((bom_encoding, bom_len)) if bom_encoding == encoding => bytes.get(bom_len..).unwrap_or_default(),
                _ => bytes,
            };
            (encoding.decode_without_bom_handling(body).0.into_owned(), encoding)
        }
        None => detect(bytes, source_file)?,
    };
    if looks_binary(&text) {
        return Err(match label {
            Some(label) => ReadError::WrongEncoding { source_file: source_file.to_owned(), label: label.to_owned() },
            None => ReadError::Binary { source_file: source_file.to_owned() },
        });
    }
    let diagnostics = replacement_diagnostics(&text);
    Ok(Decoded { text, encoding: encoding.name(), diagnostics })
}

/// encoding_rs's WHATWG labels plus the Windows names Japanese users type.
fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    match label.as_str() {
        "cp932" | "ms-932" | "windows-932" | "sjis-win" => Some(SHIFT_JIS),
        "eucjp" | "euc_jp" => Some(EUC_JP),
        "utf16le" | "utf-16-le" => Some(UTF_16LE),
        "utf16be" | "utf-16-be" => Some(UTF_16BE),
        "utf8" => Some(UTF_8),
        _ => Encoding::for_label(label.as_bytes()),
    }
}

fn detect(bytes: &[u8], source_file: &str) -> Result<(String, &'static Encoding), ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return Ok((encoding.decode_without_bom_handling(body).0.into_owned(), encoding));
    }
    if bytes.contains(&0) {
        // Text in UTF-8 or a Japanese legacy encoding never contains NUL
        // (and ASCII-only UTF-16 would pass as UTF-8 below); UTF-16 text with any
        // ASCII (digits, brackets, newlines) has NULs on one parity only.
        let encoding =
            utf16_by_nul_parity(bytes).ok_or_else(|| ReadError::Binary { source_file: source_file.to_owned() })?;
        return Ok((encoding.decode_without_bom_handling(bytes).0.into_owned(), encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), UTF_8));
    }
    let mut best: Option<(u64, String, &'static Encoding)> = None;
    for encoding in [SHIFT_JIS, EUC_JP] {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let score = implausibility(&text);
        if best.as_ref().is_none_or(|(best_score, _, _)| score < *best_score) {
            best = Some((score, text.into_owned(), encoding));
        }
    }
    best.map(|(_, text, encoding)| (text, encoding))
        .ok_or_else(|| ReadError::UnknownEncoding { source_file: source_file.to_owned() })
}

/// UTF-16LE when nearly all NULs sit at odd offsets (`a\0`), UTF-16BE when
/// at even ones (`\0a`); `None` when they are spread like in binary data.
fn utf16_by_nul_parity(bytes: &[u8]) -> Option<&'static Encoding> {
    let (mut even, mut odd) = (0usize, 0usize);
    for (idx, byte) in bytes.iter().enumerate() {
        if *byte == 0 {
            if idx % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    // 9 in 10 NULs on one side: UTF-16 puts all of them there, binary
    // formats spread them.
    if odd >= 9 * even.max(1) && odd * 10 >= even + odd {
        Some(UTF_16LE)
    } else if even >= 9 * odd.max(1) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A score for "this is not how Japanese text looks": every replacement
/// character weighs 1,000, every half-width katakana, private-use or C1
/// control character 1. EUC-JP read as Shift_JIS decodes without errors but
/// turns into half-width katakana; Shift_JIS read as EUC-JP fails outright.
fn implausibility(text: &str) -> u64 {
    text.chars()
        .map(|ch| match ch {
            '\u{FFFD}' => 1_000,
            '\u{FF61}'..='\u{FF9F}' | '\u{E000}'..='\u{F8FF}' | '\u{80}'..='\u{9F}' => 1,
            _ => 0,
        })
        .sum()
}

/// One warning per line of `text` that holds a replacement character.
fn replacement_diagnostics(text: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut byte_start = 0usize;
    for (idx, line) in text.split('\n').enumerate() {
        let line_start = byte_start;
        byte_start += line.len() + 1;
        let Some(col_byte) = line.find('\u{FFFD}') else { continue };
        if diagnostics.len() == MAX_REPLACEMENT_DIAGNOSTICS {
            break;
        }
        let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let column = line.get(..col_byte).map_or(0, |before| before.chars().count()) + 1;
        let span = SourceSpan {
            line: line_no,
            column: u32::try_from(column).unwrap_or(u32::MAX),
            byte_start: line_start + col_byte,
            byte_end: line_start + col_byte + '\u{FFFD}'.len_utf8(),
            sheet: None,
        };
        diagnostics.push(Diagnostic::new(
            Code::DecodeReplacement,
            span,
            format!("line {line_no} has bytes that are not valid in the detected encoding; check the file's encoding or pass --encoding"),
            crate::extract::truncate(line.trim_end_matches('\r'), 200),
        ));
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "●令和5年度においては、以下のとおり交流を実施した。\n【オーストラリア】防衛相会談(6月、11月)\n【インド】統幕長インド訪問(令和6年1月)\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() })
            .collect()
    }

    #[test]
    fn each_encoding_is_detected() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (SAMPLE.as_bytes().to_vec(), "UTF-8"),
            ([b"\xEF\xBB\xBF".as_slice(), SAMPLE.as_bytes()].concat(), "UTF-8"),
            (encode(SHIFT_JIS, SAMPLE), "Shift_JIS"),
            (encode(EUC_JP, SAMPLE), "EUC-JP"),
            ([&[0xFF, 0xFE][..], &utf16(SAMPLE, true)].concat(), "UTF-16LE"),
            ([&[0xFE, 0xFF][..], &utf16(SAMPLE, false)].concat(), "UTF-16BE"),
            (utf16(SAMPLE, true), "UTF-16LE"),
            (utf16(SAMPLE, false), "UTF-16BE"),
            (utf16("year,country\n2023,AU\n", true), "UTF-16LE"),
        ];
        for (bytes, expected) in cases {
            let decoded = decode_text(&bytes, None, "x.txt").unwrap();
            assert_eq!(decoded.encoding, expected);
            assert!(decoded.text == SAMPLE || decoded.text.starts_with("year"), "{expected}");
            assert!(decoded.diagnostics.is_empty());
        }
    }

    #[test]
    fn cp932_extensions_decode() {
        // ① and ㈱ are NEC extensions of CP932, absent from plain Shift_JIS.
        let bytes = encode(SHIFT_JIS, "測定指標①　㈱\n");
        assert_eq!(bytes.get(8..10), Some(&[0x87, 0x40][..]));
        let decoded = decode_text(&bytes, None, "x.csv").unwrap();
        assert_eq!((decoded.encoding, decoded.text.as_str()), ("Shift_JIS", "測定指標①　㈱\n"));
    }

    #[test]
    fn label_overrides_detection() {
        let bytes = encode(SHIFT_JIS, SAMPLE);
        assert_eq!(decode_text(&bytes, Some("cp932"), "x").unwrap().encoding, "Shift_JIS");
        let err = decode_text(&bytes, Some("klingon"), "x.txt").unwrap_err().to_string();
        assert_eq!(err, "unknown encoding label \"klingon\" given for x.txt");
    }

    #[test]
    fn replacement_gives_a_warning_naming_the_line() {
        let mut bytes = encode(SHIFT_JIS, SAMPLE);
        // A lone lead byte at the end of line 2 cannot be decoded.
        let pos = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
        let pos2 = pos + bytes[pos..].iter().position(|b| *b == b'\n').unwrap();
        bytes.insert(pos2, 0x81);
        let decoded = decode_text(&bytes, None, "x.txt").unwrap();
        assert_eq!(decoded.encoding, "Shift_JIS");
        assert_eq!(decoded.diagnostics.len(), 1);
        assert_eq!(decoded.diagnostics[0].line, 2);
        assert_eq!(decoded.diagnostics[0].code, Code::DecodeReplacement);
    }

    #[test]
    fn binary_with_scattered_nuls_is_refused() {
        let junk: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let err = decode_text(&junk, None, "junk.txt").unwrap_err().to_string();
        assert_eq!(err, "junk.txt looks like binary data, not text, CSV or a spreadsheet");
    }
}
