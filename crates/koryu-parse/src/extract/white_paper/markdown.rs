//! A white paper a user copied from the web edition as Markdown: the markup
//! is removed before the page is read, positions kept (each edit maps to
//! the original), so `### 1 オーストラリア` is the heading `1 オーストラリア`,
//! `- 2023年10月：…` a bulleted entry, `| 国名 | 訪問者 | 時期 |` a row of cells.
//!
//! What is removed or rewritten, line by line:
//!
//! ```text
//! > quote            → quote                (blockquote marker)
//! ## heading         → heading
//! - item, * item     → ・item
//! | a | b | c |      → a<TAB>b<TAB>c       (<br> inside a cell → ・)
//! |---|---|          → (nothing: structure)
//! [^1]: note         → (structure: a footnote)
//! **bold**, [^1]     → bold,                (emphasis and footnote marks)
//! [text](url)        → text; ![alt](src) → alt
//! ```

use std::ops::Range;

/// Longest `[text](url)` or `[^note]` read as markup, in bytes.
const MAX_LINK_BYTES: usize = 400;

/// Fewest Markdown signs (headings, table rows, list items, emphasis,
/// footnote marks) that make a text Markdown: one `-` list alone is not.
const MIN_SIGNS: usize = 3;

/// How to read a Markdown page as plain text.
pub(crate) struct Plain {
    /// Byte ranges of the page and what replaces each (`""` to cut).
    pub edits: Vec<(Range<usize>, &'static str)>,
    /// Lines that are markup only (table rules, footnote definitions).
    pub markup_only: Vec<Range<usize>>,
}

/// The edits that turn the Markdown of `text` into plain lines; `None` when
/// `text` does not look like Markdown.
pub(crate) fn plain_edits(text: &str, lines: &[Range<usize>]) -> Option<Plain> {
    let signs = lines
        .iter()
        .filter_map(|r| text.get(r.clone()))
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("# ")
                || t.starts_with("## ")
                || t.starts_with("### ")
                || (t.starts_with('|') && t.trim_end().ends_with('|'))
                || t.contains("**")
                || t.contains("[^")
        })
        .count();
    if signs < MIN_SIGNS {
        return None;
    }
    let mut edits: Vec<(Range<usize>, &'static str)> = Vec::new();
    let mut markup_only = Vec::new();
    for range in lines {
        let Some(line) = text.get(range.clone()) else { continue };
        let at = range.start;
        let mut pos = 0usize;
        // `> ` quote markers, maybe nested.
        while let Some(rest) = line.get(pos..) {
            let Some(after) = rest.strip_prefix('>') else { break };
            let spaces = after.len() - after.trim_start_matches(' ').len();
            edits.push((at + pos..at + pos + 1 + spaces, ""));
            pos += 1 + spaces;
        }
        let body = line.get(pos..).unwrap_or("");
        // `[^1]: …`: a footnote's definition, structure.
        if body.starts_with("[^") && body.contains("]:") {
            markup_only.push(range.clone());
            edits.push((at + pos..range.end, ""));
            continue;
        }
        // `|---|:---:|`: the rule under a table's header.
        let trimmed = body.trim();
        if trimmed.starts_with('|') && trimmed.len() > 1 && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
        {
            markup_only.push(range.clone());
            edits.push((at + pos..range.end, ""));
            continue;
        }
        let hashes = body.len() - body.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && body.get(hashes..).is_some_and(|r| r.starts_with(' ')) {
            let spaces = body.get(hashes..).map_or(0, |r| r.len() - r.trim_start_matches(' ').len());
            edits.push((at + pos..at + pos + hashes + spaces, ""));
            pos += hashes + spaces;
        } else if let Some(marker) = ["- ", "* ", "+ "].iter().find(|m| body.starts_with(**m)) {
            edits.push((at + pos..at + pos + marker.len(), "・"));
            pos += marker.len();
        } else if trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() > 1 {
            table_row(line, at, pos, &mut edits);
            continue;
        }
        inline(line, at, pos, &mut edits);
    }
    Some(Plain { edits, markup_only })
}

/// `| a | b<br>c | d |` from byte `pos` of `line` (at `at` in the text):
/// the outer pipes go, the inner ones become tabs, each with the spaces
/// around it. (Edits that would overlap, as in an empty cell, are skipped
/// by the text's `replaced`.)
fn table_row(line: &str, at: usize, pos: usize, edits: &mut Vec<(Range<usize>, &'static str)>) {
    let end = line.trim_end().len();
    let pipes: Vec<usize> =
        line.char_indices().filter(|&(i, c)| c == '|' && i >= pos && i < end).map(|(i, _)| i).collect();
    let (Some(&first), Some(&last)) = (pipes.first(), pipes.last()) else { return };
    let spaces_after = |p: usize| line.get(p + 1..).map_or(0, |a| a.len() - a.trim_start_matches(' ').len());
    let text_before = |p: usize| line.get(..p).map_or(p, |b| b.trim_end_matches(' ').len());
    for &p in &pipes {
        let (start, stop, replacement) = if p == first {
            (pos, p + 1 + spaces_after(p), "")
        } else if p == last {
            (text_before(p), line.len(), "")
        } else {
            (text_before(p), p + 1 + spaces_after(p), "\t")
        };
        edits.push((at + start..at + stop, replacement));
    }
    // `<br>` inside a cell joins two names.
    let mut from = first;
    while let Some(found) = line.get(from..last).and_then(|r| r.find("<br>")) {
        let b = from + found;
        edits.push((at + b..at + b + "<br>".len(), "・"));
        from = b + "<br>".len();
    }
}

/// `**bold**`, `[^1]`, `[text](url)`, `![alt](src)` from byte `pos` on.
fn inline(line: &str, at: usize, pos: usize, edits: &mut Vec<(Range<usize>, &'static str)>) {
    let bytes = line.as_bytes();
    let mut i = pos;
    while i < bytes.len() {
        // A link's or mark's end is looked for within a bounded window, so a
        // line of ten thousand `[` stays linear.
        let all = line.get(i..).unwrap_or("");
        let window = all.char_indices().map(|(k, _)| k).find(|&k| k >= MAX_LINK_BYTES).unwrap_or(all.len());
        let rest = all.get(..window).unwrap_or(all);
        if rest.starts_with("**") {
            edits.push((at + i..at + i + 2, ""));
            i += 2;
        } else if rest.starts_with("[^") {
            let close = rest.find(']').map_or(rest.len(), |c| c + 1);
            edits.push((at + i..at + i + close, ""));
            i += close;
        } else if rest.starts_with("![") || rest.starts_with('[') {
            let open = if rest.starts_with('!') { 2 } else { 1 };
            // `[text](url)`: keep the text, drop the brackets and the target.
            let link = rest
                .find("](")
                .and_then(|mid| rest.get(mid..).and_then(|m| m.find(')')).map(|end| (mid, mid + end + 1)));
            match link {
                Some((mid, end)) => {
                    edits.push((at + i..at + i + open, ""));
                    edits.push((at + i + mid..at + i + end, ""));
                    i += end;
                }
                None => i += 1,
            }
        } else {
            i += all.chars().next().map_or(1, char::len_utf8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::MappedText;

    fn plain(text: &str) -> String {
        let ranges = crate::layout::line_ranges(text);
        let mapped = MappedText::from_source(text);
        plain_edits(text, &ranges).map_or_else(|| text.to_owned(), |p| mapped.replaced(&p.edits).as_str().to_owned())
    }

    #[test]
    fn markup_goes_and_text_stays() {
        let md = "## 第2節 交流\n- 2023年3月：**日米印**協議[^1]\n| 国名 | 時期 |\n|---|---|\n| ベトナム<br>ラオス | 2022.12 |\n[^1]: 注。\n> [会談](https://x.invalid/a)（東京）";
        assert_eq!(
            plain(md),
            "第2節 交流\n・2023年3月：日米印協議\n国名\t時期\n\nベトナム・ラオス\t2022.12\n\n会談（東京）"
        );
        // One list alone is no Markdown: a white paper's own `-` stays.
        assert_eq!(plain("- 2023年3月 協議"), "- 2023年3月 協議");
        // Ten thousand brackets: no link, no panic, every bracket kept.
        let brackets = format!("## a\n## b\n## c\n{}", "[".repeat(10_000));
        assert!(plain(&brackets).ends_with(&"[".repeat(10_000)));
    }
}
