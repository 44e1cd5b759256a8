//! Character normalization for the date grammar: NFKC, one dash, one wave, letter-spacing removed.

use unicode_normalization::UnicodeNormalization;

/// Normalized characters, each with the byte offset of the source character
/// it came from (one source character may give several: `㍻` → `平成`).
pub(super) struct Normalized {
    pub chars: Vec<char>,
    /// `origins[k]` is the byte offset in the source of `chars[k]`; empty when
    /// the caller asked for no origins.
    pub origins: Vec<usize>,
}

/// The normalized form of one character, pushed through `push`.
fn normalize_char(c: char, mut push: impl FnMut(char)) {
    match c {
        // Fast path: ASCII, kana and the common CJK block are NFKC-stable.
        '\t' | '\n' | '\r' => push('\n'),
        ' ' | '\u{3000}' | '\u{00A0}' => push(' '),
        '\u{301C}' | '\u{FF5E}' | '\u{223C}' | '\u{2053}' => push('~'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}' | '\u{FE63}' => push('-'),
        '〔' | '［' => push('('),
        '〕' | '］' => push(')'),
        c if c.is_ascii() => push(c),
        // Old forms in era names (慶應, 萬延, 應德): one spelling for the era tables.
        '應' => push('応'),
        '德' => push('徳'),
        '萬' => push('万'),
        '龜' => push('亀'),
        '壽' => push('寿'),
        '曆' => push('暦'),
        '寶' => push('宝'),
        '祿' => push('禄'),
        '靈' => push('霊'),
        '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' => push(c),
        // Circled and bracketed numbers (`③日印二国間の…`) number list items;
        // NFKC would make `③日` the day 3.
        '\u{2460}'..='\u{24FF}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{2776}'..='\u{2793}' => {
            push('#');
        }
        c => {
            for n in std::iter::once(c).nfkc() {
                // NFKC of a full-width form can itself be a dash or a space.
                match n {
                    '\u{2010}'..='\u{2015}' | '\u{2212}' => push('-'),
                    '\u{3000}' | '\u{00A0}' => push(' '),
                    n => push(n),
                }
            }
        }
    }
}

/// Normalizes `text`; with `with_origins`, also records each character's
/// source byte offset (for [`super::scan`]).
///
/// Letter-spaced runs such as `1 9 . 4 . 1 3` or `3 年 度` lose their spaces:
/// a single space is dropped when the characters on both sides stand alone
/// (each is bounded by spaces or the text's ends). `26.5 26.10` keeps its
/// space because neither `5` nor `2` stands alone.
pub(super) fn normalize(text: &str, with_origins: bool) -> Normalized {
    let mut chars = Vec::with_capacity(text.len());
    let mut origins = Vec::with_capacity(if with_origins { text.len() } else { 0 });
    for (byte, c) in text.char_indices() {
        normalize_char(c, |n| {
            chars.push(n);
            if with_origins {
                origins.push(byte);
            }
        });
    }
    if !chars.contains(&' ') {
        return Normalized { chars, origins };
    }
    let is_space = |k: usize| chars.get(k).is_none_or(|c| *c == ' ' || *c == '\n');
    let alone = |k: usize| -> bool {
        let left = k == 0 || is_space(k - 1);
        left && is_space(k + 1) && chars.get(k).is_some_and(|c| *c != ' ' && *c != '\n')
    };
    let drop: Vec<bool> =
        (0..chars.len()).map(|k| chars.get(k) == Some(&' ') && k > 0 && alone(k - 1) && alone(k + 1)).collect();
    let mut out = Normalized { chars: Vec::with_capacity(chars.len()), origins: Vec::new() };
    for (k, c) in chars.iter().enumerate() {
        if drop.get(k) == Some(&true) {
            continue;
        }
        out.chars.push(*c);
        if let Some(o) = origins.get(k) {
            out.origins.push(*o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        normalize(text, false).chars.into_iter().collect()
    }

    #[test]
    fn full_width_and_waves() {
        assert_eq!(norm("２０２２年６月"), "2022年6月");
        assert_eq!(norm("10月～12月"), "10月~12月");
        assert_eq!(norm("10月〜12月"), "10月~12月");
        assert_eq!(norm("（R4年1月）"), "(R4年1月)");
        assert_eq!(norm("㍻26年"), "平成26年");
        assert_eq!(norm("慶應元年"), "慶応元年");
        assert_eq!(norm("萬延三年"), "万延三年");
    }

    #[test]
    fn letter_spacing() {
        assert_eq!(norm("1 9 . 4 . 1 3"), "19.4.13");
        assert_eq!(norm("一部改正 2 6 . 7 . 2 5"), "一部改正 26.7.25");
        assert_eq!(norm("3 年 度"), "3年度");
        assert_eq!(norm("26.5 26.10"), "26.5 26.10");
    }

    #[test]
    fn origins_point_at_source_bytes() {
        let n = normalize("a ㍻2", true);
        assert_eq!(n.chars, vec!['a', ' ', '平', '成', '2']);
        assert_eq!(n.origins, vec![0, 1, 2, 2, 5]);
    }
}
