//! Unbalanced or mismatched brackets (`unbalanced-bracket`), checked on each original line.
//!
//! Full- and half-width forms of one bracket kind close each other: the
//! Ministry's tables mix them freely (`（VTC)`), and that is not a defect.
//! An item cut by a page break (`…会談（R` ⏎ vertical label ⏎ `5年2月）…`)
//! is one item: openers left at the end of a line are carried to the next
//! content line, skipping blank lines and one-character lines (the vertical
//! labels `4`/`年`/`度`/`（`/`続`/`き`/`）`, whose brackets are layout, not text).
//! Prose (white papers) is hard-wrapped, and a bracket there may close a
//! few lines later; the caller says how many content lines an opener may
//! wait ([`TABLE_CARRY_LINES`], [`PROSE_CARRY_LINES`]).

use super::{page_span, Line};
use crate::read::Page;
use koryu_model::{Code, Diagnostic};

/// At most this many findings per line: a line of 10,000 unclosed brackets
/// is one defect to the reader, not 10,000 (and the output stays bounded).
const MAX_FINDINGS_PER_LINE: usize = 3;

/// In a table an opener may close on the next content line only (an item
/// cut by a page break).
pub(super) const TABLE_CARRY_LINES: usize = 1;
/// In hard-wrapped prose a bracketed gloss may run over a few lines, with
/// ruby and English glosses of the PDF conversion between them.
pub(super) const PROSE_CARRY_LINES: usize = 6;

/// Bracket kinds; each has several spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Round,
    Square,
    Curly,
    Corner,
    WhiteCorner,
    Lenticular,
    Angle,
    DoubleAngle,
    Tortoise,
}

fn opener(ch: char) -> Option<Kind> {
    Some(match ch {
        '(' | '（' | '⦅' => Kind::Round,
        '[' | '［' => Kind::Square,
        '{' | '｛' => Kind::Curly,
        '「' | '｢' => Kind::Corner,
        '『' => Kind::WhiteCorner,
        '【' | '〖' => Kind::Lenticular,
        '〈' => Kind::Angle,
        '《' => Kind::DoubleAngle,
        '〔' => Kind::Tortoise,
        _ => return None,
    })
}

fn closer(ch: char) -> Option<Kind> {
    Some(match ch {
        ')' | '）' | '⦆' => Kind::Round,
        ']' | '］' => Kind::Square,
        '}' | '｝' => Kind::Curly,
        '」' | '｣' => Kind::Corner,
        '』' => Kind::WhiteCorner,
        '】' | '〗' => Kind::Lenticular,
        '〉' => Kind::Angle,
        '》' => Kind::DoubleAngle,
        '〕' => Kind::Tortoise,
        _ => return None,
    })
}

/// An opening bracket still waiting for its closer.
#[derive(Debug, Clone, Copy)]
struct Open {
    ch: char,
    kind: Kind,
    /// Byte offset in the page text.
    byte: usize,
    /// The line it stood on (0-based index into `lines`).
    line_idx: usize,
    /// How many content lines came before it.
    content_seq: usize,
}

/// Reports unbalanced and mismatched brackets of `page`.
pub(super) fn check_brackets(page: &Page, lines: &[Line], carry_lines: usize, found: &mut Vec<Diagnostic>) {
    let mut stack: Vec<Open> = Vec::new();
    let mut findings_on_line = vec![0usize; lines.len()];
    let mut report = |line_idx: usize, diagnostic: Diagnostic, found: &mut Vec<Diagnostic>| {
        if let Some(n) = findings_on_line.get_mut(line_idx) {
            *n += 1;
            if *n <= MAX_FINDINGS_PER_LINE {
                found.push(diagnostic);
            }
        }
    };
    let mut content_seq = 0usize;
    for (line_idx, line) in lines.iter().enumerate() {
        let text = line.text(page);
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.chars().count() == 1 {
            continue;
        }
        content_seq += 1;
        // Openers carried over more content lines than allowed had their chance.
        let (stale, carried): (Vec<Open>, Vec<Open>) =
            stack.drain(..).partition(|open| content_seq - open.content_seq > carry_lines);
        for open in stale {
            report(open.line_idx, unclosed(page, open), found);
        }
        stack = carried;
        for (offset, ch) in text.char_indices() {
            let byte = line.range.start + offset;
            if let Some(kind) = opener(ch) {
                stack.push(Open { ch, kind, byte, line_idx, content_seq });
            } else if let Some(kind) = closer(ch) {
                match stack.last().copied() {
                    Some(top) if top.kind == kind => {
                        stack.pop();
                    }
                    Some(top) if stack.iter().any(|open| open.kind == kind) => {
                        // The closer matches an outer opener: everything
                        // above it was left open.
                        while let Some(open) = stack.pop() {
                            if open.kind == kind {
                                break;
                            }
                            report(open.line_idx, unclosed(page, open), found);
                        }
                        let _ = top;
                    }
                    Some(top) => {
                        stack.pop();
                        report(line_idx, mismatched(page, top, ch, byte), found);
                    }
                    None => report(line_idx, stray_closer(page, ch, byte), found),
                }
            }
        }
    }
    for open in stack {
        report(open.line_idx, unclosed(page, open), found);
    }
}

fn unclosed(page: &Page, open: Open) -> Diagnostic {
    let span = page_span(page, open.byte..open.byte + open.ch.len_utf8());
    Diagnostic::new(
        Code::UnbalancedBracket,
        span,
        format!("`{}` is never closed; add its closing bracket or remove it", open.ch),
        open.ch.to_string(),
    )
    .with_help(format!("close it with `{}`", closing_of(open.ch)))
}

fn mismatched(page: &Page, open: Open, ch: char, byte: usize) -> Diagnostic {
    let span = page_span(page, byte..byte + ch.len_utf8());
    let opened_at = page.text.origin(open.byte);
    Diagnostic::new(
        Code::UnbalancedBracket,
        span,
        format!(
            "`{ch}` closes the `{}` opened at {}:{}; the pair does not match",
            open.ch, opened_at.line, opened_at.column
        ),
        ch.to_string(),
    )
    .with_help(format!("write `{}` here, or open with the bracket that `{ch}` closes", closing_of(open.ch)))
}

fn stray_closer(page: &Page, ch: char, byte: usize) -> Diagnostic {
    let span = page_span(page, byte..byte + ch.len_utf8());
    Diagnostic::new(
        Code::UnbalancedBracket,
        span,
        format!("`{ch}` closes a bracket that was never opened; remove it or add the opening bracket"),
        ch.to_string(),
    )
}

/// The closer written in the same width as `open`.
fn closing_of(open: char) -> char {
    match open {
        '(' => ')',
        '（' => '）',
        '⦅' => '⦆',
        '[' => ']',
        '［' => '］',
        '{' => '}',
        '｛' => '｝',
        '「' => '」',
        '｢' => '｣',
        '『' => '』',
        '【' => '】',
        '〖' => '〗',
        '〈' => '〉',
        '《' => '》',
        '〔' => '〕',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::page_lines;

    fn check(text: &str) -> Vec<(u32, u32, String)> {
        let page = Page::from_text(text);
        let mut found = Vec::new();
        check_brackets(&page, &page_lines(&page), TABLE_CARRY_LINES, &mut found);
        found.iter().map(|d| (d.line, d.column, d.excerpt.clone())).collect()
    }

    #[test]
    fn mixed_widths_are_a_pair() {
        assert!(check("会談（VTC)(6月）、【豪】「2+2」").is_empty());
    }

    #[test]
    fn reports_stray_and_unclosed_and_mismatched() {
        assert_eq!(check("会談（東京）IP22）（5月）"), vec![(1, 11, "）".to_owned())]);
        assert_eq!(check("会談(6月\n\n【豪】会談(7月)"), vec![(1, 3, "(".to_owned())]);
        assert_eq!(check("会談(6月」"), vec![(1, 6, "」".to_owned())]);
    }

    #[test]
    fn an_item_cut_by_a_page_break_is_balanced() {
        let text = "会談（R\n\n4  \n年  \n度  \n（  \n続  \nき  \n）\n\n5年2月）、訪日（3月）";
        assert!(check(text).is_empty());
    }

    #[test]
    fn ten_thousand_nested_brackets_are_bounded() {
        let text = "(".repeat(10_000);
        let found = check(&text);
        assert_eq!(found.len(), MAX_FINDINGS_PER_LINE);
        let text = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(check(&text).is_empty());
    }
}
