//! What a white-paper line is when it is not part of a table: a heading, a
//! caption or reference, a page header or footer, a footnote, a side label,
//! an English gloss, a photo caption, or narrative prose.

use super::Lines;
use crate::gazetteer::nfkc_compact;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The kind of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A heading of `level` (0 部, 1 章, 2 節, 3 `1 日豪…`, 4 `（1）…`, 5 `ア …`):
    /// it closes the narrative of the section before it.
    Heading { level: u8 },
    /// A footnote (`8<tab>普遍的価値：…`): it and the lines after it up to a
    /// blank line are structure.
    Footnote,
    /// A caption or cross-reference (`図表Ⅲ-3-1-2（…`, `参照資料22(…`,
    /// `資料60（…`): structure, continued while its brackets are open.
    Reference,
    /// Any other structure line: page header or footer, side label, gloss.
    Other,
    /// Text of a figure, box or photo caption, told apart from prose only by
    /// its shape (width, no full stop): structure unless it holds a date.
    Figure,
    /// Prose.
    Narrative,
    /// Nothing this reader knows: reported as `unparsed-text`.
    Unknown,
}

/// How the text is laid out, measured once over the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// A hard-wrapped PDF extraction (001): short lines that cut sentences;
    /// otherwise one paragraph per line (003, 004).
    pub wrapped: bool,
    /// In a wrapped text, the display width above which a line is not part
    /// of the text column (footnotes, boxes, photo captions run wider).
    pub wide: usize,
    /// The median display width of non-blank lines.
    pub median: usize,
}

impl Layout {
    /// A text is wrapped when few lines are longer than 40 full-width
    /// characters; a paragraph-per-line edition has most of its prose there.
    pub fn measure(lines: &Lines<'_>) -> Layout {
        let mut widths: Vec<usize> = (0..lines.len()).map(|i| display_width(lines.get(i))).filter(|w| *w > 0).collect();
        widths.sort_unstable();
        let long = widths.iter().filter(|w| **w > 80).count();
        // A column wider than 40 characters is still hard-wrapped when its
        // full stops fall anywhere in a line: in a paragraph-per-line
        // edition nearly every line with a `。` ends with one.
        let (mut stops, mut ending) = (0usize, 0usize);
        // Prose lines (with a `、` or `。`) that stop mid-sentence: most of
        // them in a hard-wrapped column, hardly any where each line is a
        // paragraph, however short the paragraphs (a short excerpt of a
        // paragraph-per-line edition has few lines over 80 columns).
        let (mut prose, mut run_on) = (0usize, 0usize);
        for i in 0..lines.len() {
            let line = lines.get(i).trim_end();
            if line.contains('。') {
                stops += 1;
                ending += usize::from(line.ends_with('。'));
            }
            if line.contains(['、', '。']) {
                prose += 1;
                // A bulleted item ends at its line end, full stop or not.
                run_on += usize::from(!line.ends_with(['。', '」', '）', ')']) && !is_bullet_item(line));
            }
        }
        let cut_stops = stops >= 20 && ending * 10 < stops * 7;
        let paragraphs = prose >= 3 && run_on * 5 < prose;
        let wrapped = !widths.is_empty() && !paragraphs && (long * 100 < widths.len() * 15 || cut_stops);
        let median = widths.get(widths.len() / 2).copied().unwrap_or(0);
        // The column is as wide as its prose: a list of short lines (a
        // project table's `期間：…` / `対象：…`) must not make full prose
        // lines look wider than the column.
        let mut prose_widths: Vec<usize> =
            (0..lines.len()).map(|i| lines.get(i)).filter(|l| l.contains(['、', '。'])).map(display_width).collect();
        prose_widths.sort_unstable();
        let column = if prose_widths.len() >= MIN_PROSE_LINES {
            prose_widths.get(prose_widths.len() / 2).copied().unwrap_or(median).max(median)
        } else {
            median
        };
        Layout { wrapped, wide: (column * 13 / 10).max(column + 8), median }
    }
}

/// Fewest prose lines from which the column's width is measured on prose alone.
const MIN_PROSE_LINES: usize = 10;

/// `第II部`, `第3章`, `第1節` headings; a running header glues the title
/// without a space (`第1節各国等との…`), which is structure too.
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第([0-9一二三四五六七八九十]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩIVX]+)(部|章|節)").expect("valid regex"));

/// `<tab>1<tab>日豪…` (tab, number, tab) or `1 日豪…`, `２　オーストラリア`.
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,2})(\t|\s)\s*(\S.*)$").expect("valid regex"));

/// A footnote's mark at the start of its line, then a space.
static FOOTNOTE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:注[0-9]{1,2}|[＊*][0-9]{1,2}|※[0-9]{0,2})[ \t]|[（(]注[0-9]{1,2}[)）])").expect("valid regex")
});

/// `（1）インドネシア`, `(1)同盟調整…`.
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[（(][0-9]{1,2}[)）]\s*\S").expect("valid regex"));

/// `ア　アジア太平洋諸国…`.
static KATAKANA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[アイウエオカキクケコ][\s　]+\S").expect("valid regex"));

/// Page headers and footers: `285 平成27年版 防衛白書`, `290日本の防衛`, and
/// the older covers' title `日本の防衛（防衛白書）平成元年版`.
static PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^資料編[0-9]{1,4}$|^[0-9]{1,4}資料編$|^[0-9]{0,4}(?:(?:明治|大正|昭和|平成|令和)(?:[0-9]{1,2}|元)年版|[0-9]{4}年版)?(?:日本の防衛|防衛白書)+(?:〈(?:防衛白書|日本の防衛)〉)?(?:(?:明治|大正|昭和|平成|令和)(?:[0-9]{1,2}|元)年版|[0-9]{4}年版)?[0-9]{0,4}$|^(?:日本の防衛|防衛白書)(?:\((?:防衛白書|日本の防衛)\))?(?:(?:明治|大正|昭和|平成|令和)(?:[0-9]{1,2}|元)|[0-9]{4})年版$")
        .expect("valid regex")
});

/// Captions and cross-references.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:参照|図表[ⅠⅡⅢⅣⅤIVX0-9]|資料[0-9]|[ⅠⅡⅢⅣⅤIVX]+部[0-9]+章|[0-9]+章[0-9]+節)|図表[ⅠⅡⅢⅣⅤIVX]+-[0-9-]+$")
        .expect("valid regex")
});

/// A chronology's entry (年表, 主な動き): a date at the line's start, two or
/// more spaces, then the event in a few words with no full stop
/// (`昭和63年6月～8月　　リムパック88（海上自衛隊参加）`, `2024年10月　　日豪防衛相会談`).
static CHRONOLOGY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:昭和|平成|令和)?(?:[0-9０-９]{1,4}|元)年(?:度)?(?:[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?)?(?:[~～〜―-][0-9０-９年月日]{1,8})?(?:[ \t\u{3000}]{2,}|\t)\S",
    )
    .expect("valid regex")
});

/// The ASCII letters, in order.
const ASCII_LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Full-width Latin letters (`ＡＲＦ`, `ＲＩＭＰＡＣ`, `ＤＯＤ`), as a PDF set in
/// full-width type gives them, as edits that write each in ASCII: the names
/// the readers look for (`ARF`, `ADMMプラス`, `WPNS`) are written in ASCII,
/// and one copy of the page is cheaper than a second spelling in every
/// pattern. Digits stay as they are: every date and cell reader takes
/// full-width digits, and `date_raw` keeps them as written.
pub(crate) fn full_width_edits(text: &str) -> Vec<(Range<usize>, &'static str)> {
    text.char_indices()
        .filter_map(|(at, c)| {
            let narrow = match c {
                'Ａ'..='Ｚ' => u32::from(c) - u32::from('Ａ'),
                'ａ'..='ｚ' => u32::from(c) - u32::from('ａ') + 26,
                _ => return None,
            };
            let i = usize::try_from(narrow).ok()?;
            Some((at..at + c.len_utf8(), ASCII_LETTERS.get(i..i + 1)?))
        })
        .collect()
}

/// Fewest letter-spacing gaps that make a line letter-spaced.
const MIN_LETTER_GAPS: usize = 1;

/// The spaces a PDF letter-spaced table rows with (`米　国　　　　防 衛 大 臣　　　2 3 . 6`),
/// as byte ranges of the page text: one space (ASCII or ideographic) between
/// two characters that each stand alone. A space next to a longer word is a
/// gap between cells (`シンガポール　統　幕　長`: the one after `シンガポール`
/// stays), and so is any run of two or more. Only lines with at least
/// [`MIN_LETTER_GAPS`] such spaces are touched.
pub(crate) fn letter_spacing(lines: &Lines<'_>) -> Vec<Range<usize>> {
    let is_space = |c: char| c == ' ' || c == '\u{3000}';
    let mut cuts = Vec::new();
    let mut gaps = Vec::new();
    let mut chars: Vec<(usize, char)> = Vec::new();
    for range in &lines.ranges {
        let Some(line) = lines.text.as_str().get(range.clone()) else { continue };
        chars.clear();
        chars.extend(line.char_indices());
        gaps.clear();
        // A character stands alone when spaces (or the line's ends) are on
        // both sides. A range mark is spaced in any table (`2024.6 ～ 7`):
        // never a letter of a spaced word.
        let alone = |k: usize| {
            let before = k.checked_sub(1).and_then(|p| chars.get(p)).is_none_or(|(_, c)| c.is_whitespace());
            let after = chars.get(k + 1).is_none_or(|(_, c)| c.is_whitespace());
            let letter = chars.get(k).is_some_and(|(_, c)| !c.is_whitespace() && !"～〜~".contains(*c));
            letter && before && after
        };
        // One spaced word uses one kind of space: `2 3 . 2 4　2 3 . 1 0` is two
        // dates, the full-width space between them a gap between cells.
        let mut run: Option<(usize, char)> = None;
        for k in 1..chars.len().saturating_sub(1) {
            let Some(&(idx, c)) = chars.get(k) else { continue };
            if !(is_space(c) && alone(k - 1) && alone(k + 1)) {
                continue;
            }
            match run {
                Some((last, sep)) if last + 2 == k && sep != c => run = None,
                Some((last, sep)) if last + 2 == k => {
                    run = Some((k, sep));
                    gaps.push(range.start + idx..range.start + idx + c.len_utf8());
                }
                _ => {
                    run = Some((k, c));
                    gaps.push(range.start + idx..range.start + idx + c.len_utf8());
                }
            }
        }
        if gaps.len() >= MIN_LETTER_GAPS {
            cuts.extend(gaps.iter().cloned());
        }
    }
    cuts
}

/// Whether `raw` has a gap between cells inside it: a tab, or two or more
/// spaces between text.
fn has_cell_gap(raw: &str) -> bool {
    let inner = raw.trim();
    let mut run = 0usize;
    for c in inner.chars() {
        if c == '\t' {
            return true;
        }
        if c == ' ' || c == '\u{3000}' {
            run += 1;
            if run >= 2 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The left and right frame of a box drawn with box-drawing bars
/// (`┃KEY WORD　物品役務相互提供協定（ACSA）`, `│2022年3月現在、…│`), as byte
/// ranges of the page text with the spaces beside them: the readers see the
/// box's text without its frame.
pub(crate) fn box_frames(lines: &Lines<'_>) -> Vec<Range<usize>> {
    let bar = |c: char| matches!(c, '┃' | '│' | '║' | '┆' | '┊');
    let mut cuts = Vec::new();
    for range in &lines.ranges {
        let Some(line) = lines.text.as_str().get(range.clone()) else { continue };
        let lead = line.len() - line.trim_start().len();
        let body = line.get(lead..).unwrap_or("");
        if let Some(first) = body.chars().next().filter(|c| bar(*c)) {
            let after = body.get(first.len_utf8()..).unwrap_or("");
            let spaces = after.len() - after.trim_start().len();
            cuts.push(range.start + lead..range.start + lead + first.len_utf8() + spaces);
        }
        let trimmed = line.trim_end();
        if let Some(last) = trimmed.chars().last().filter(|c| bar(*c)) {
            let before = trimmed.get(..trimmed.len() - last.len_utf8()).unwrap_or("");
            let start = before.trim_end().len().max(lead + 1);
            cuts.push(range.start + start.min(trimmed.len() - last.len_utf8())..range.start + trimmed.len());
        }
    }
    cuts
}

/// Whether `raw` holds a date expression that resolves to a date (`2024年3月`,
/// `24.5.17`), not only a number, outside brackets: the period in a title's
/// bracket (`防衛交流の主な動き（平成元年4月～平成2年6月）`) dates no row.
pub(crate) fn holds_date(raw: &str) -> bool {
    let mut depth = 0usize;
    let outside: String = raw
        .chars()
        .filter(|&c| {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect();
    let raw = outside.as_str();
    // Any era: only whether the shape is a date matters, not which date.
    let era = Some(koryu_model::Era::Reiwa);
    let ctx = crate::date::Context {
        era_month_shorthand: true,
        document_era: era,
        previous_era: era,
        ..crate::date::Context::default()
    };
    // An edition (`令和4年版`) or an as-of date (`令和4年3月末時点`, `…現在`)
    // dates no row either.
    // (The grammar may take 時点 into the expression.)
    let not_a_row = |range: &Range<usize>| {
        let written = raw.get(range.clone()).unwrap_or("");
        let after = raw.get(range.end..).unwrap_or("").trim_start_matches('末');
        ["版", "現在", "時点"].iter().any(|w| after.starts_with(w) || written.ends_with(w))
    };
    crate::date::scan(raw, &ctx)
        .iter()
        .any(|f| f.result.as_ref().is_ok_and(|r| r.date.is_some()) && !not_a_row(&f.range))
}

/// A bulleted entry of a dated list: a marker, a date (`同月`, `同年6月`
/// too), a space, the event (`・2020年5月　日豪防衛相テレビ会談`).
static DATED_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[・･●○◆◇■□◎▪➢－‐][ \t\u{3000}]*(?:(?:昭和|平成|令和)?(?:[0-9０-９]{1,4}|元)(?:[（(][^）)]{1,8}[）)])?年(?:[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?)?|同年(?:[0-9０-９]{1,2}月)?|同月)(?:[~～〜―-][0-9０-９年月日]{1,8})?(?:[ \t\u{3000}]+|[：:][ \t\u{3000}]*)\S",
    )
    .expect("valid regex")
});

/// A numbered list item that states something: `(1)　2022年6月、…`,
/// `①　2022年9月、…`, `ア　同年9月、…`, or a marker before a clause that
/// holds a date (`(4)　インドネシアとの間では、2023年` ⏎ `　　　3月に…`). Not a
/// heading, which names a country or a topic in a few words.
static NUMBERED_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    // A katakana marker needs its space: `カザフスタンとの間では` is no item `カ`.
    Regex::new(r"^(?:(?:[（(][0-9０-９]{1,2}[)）]|[①-⑳])[ \t\u{3000}]*|[アイウエオカキクケコ][ \t\u{3000}]+)(\S.*)$")
        .expect("valid regex")
});

/// Whether `raw` is a numbered list item (see [`NUMBERED_ITEM`]).
pub(crate) fn is_numbered_item(raw: &str) -> bool {
    let Some(rest) = NUMBERED_ITEM.captures(raw.trim()).and_then(|c| c.get(1)).map(|m| m.as_str()) else {
        return false;
    };
    let ctx = crate::date::Context::default();
    let found = crate::date::scan(rest, &ctx);
    let starts_dated = found.first().is_some_and(|f| f.range.start == 0);
    // `(4)　インドネシアとの間では、2023年`: a year the grammar may not take
    // alone before its month on the next line.
    let year_cut = rest.trim_end().strip_suffix('年').is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit()));
    starts_dated || (rest.contains('、') && (!found.is_empty() || year_cut))
}

/// Whether `raw` is one entry of a chronology or of a bulleted dated list:
/// a sentence of its own, though it has no full stop.
pub(crate) fn is_chronology_item(raw: &str) -> bool {
    let entry = raw.trim_start();
    CHRONOLOGY.is_match(entry) || DATED_ENTRY.is_match(entry)
}

/// Whether `raw` is an item that is a sentence of its own: a bulleted
/// item or a chronology entry.
pub(crate) fn is_item(raw: &str) -> bool {
    is_bullet_item(raw) || is_chronology_item(raw) || is_numbered_item(raw)
}

/// Classifies line index `i`. `wrapped` texts cut sentences, so only
/// shapes that prose never has are structure there.
pub(crate) fn classify(lines: &Lines<'_>, i: usize, layout: Layout) -> LineKind {
    let raw = lines.get(i);
    let compact = nfkc_compact(raw);
    if compact.is_empty() {
        return LineKind::Other;
    }
    let n_chars = compact.chars().count();
    if PART.is_match(&compact) {
        // `第1節　各国等…` is a heading; `第1節各国等…` (no space) is the
        // running header that repeats it on each page.
        let level = if compact.contains('部') && compact.find('部') < compact.find(['章', '節']).or(Some(usize::MAX))
        {
            0
        } else if compact.contains('章') && !compact.contains('節') {
            1
        } else {
            2
        };
        let spaced = raw.trim_start().chars().skip_while(|c| *c != '部' && *c != '章' && *c != '節').nth(1);
        return if spaced.is_some_and(char::is_whitespace) || n_chars <= 4 {
            LineKind::Heading { level }
        } else {
            LineKind::Other
        };
    }
    // `┌────┐`, `――――――`: the frame of a box or the rule above footnotes.
    let rule = |c: char| ('\u{2500}'..='\u{257F}').contains(&c) || "―－—-=＝_＿~～".contains(c);
    if n_chars >= 3 && compact.chars().all(rule) {
        return LineKind::Other;
    }
    if PAGE.is_match(&compact) || matches!(compact.as_str(), "Contents" | "KEYWORD" | "参照" | "経緯") {
        return LineKind::Other;
    }
    if REFERENCE.is_match(&compact) {
        return LineKind::Reference;
    }
    // A text browser's list of the page's links (`References` ⏎ `1. http://…`).
    let link = compact.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix('.').unwrap_or(&compact);
    if compact.starts_with("URL")
        || compact.starts_with("資料:")
        || compact.starts_with("動画:")
        || compact == "References"
        || link.starts_with("http://")
        || link.starts_with("https://")
    {
        return LineKind::Other;
    }
    // One character per line: a vertical side label (`第` `３` `章`); a
    // lone Latin letter is an acronym a gloss cut (`N` ⏎ `North Atlantic
    // Treaty Organization` ⏎ `ATOの首脳と`), part of the prose.
    if n_chars == 1 && !raw.starts_with([' ', '\u{3000}']) && !compact.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return LineKind::Other;
    }
    let latin = |c: char| c.is_ascii_alphanumeric() || "（）()-–’'&/.・:：".contains(c);
    // An English gloss the PDF put on its own line (`ASEAN Regional Forum`,
    // `Chief of Army’s Exercise`).
    if !compact.chars().any(is_japanese) && compact.chars().all(latin) && raw.trim().contains(' ') {
        return LineKind::Other;
    }
    // Full-width digits and spaces only: NFKC would also turn a circled
    // `⑥` of a figure's list into a heading number.
    let nfkc: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + 0x30).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    // `注1　…`, `＊2　…`, `※　…`: a footnote's text, set at the foot of the
    // page (inside a paragraph when the page broke there).
    if FOOTNOTE_MARK.is_match(&nfkc) {
        return LineKind::Footnote;
    }
    if let Some(caps) = NUMBERED.captures(&nfkc) {
        let leading_tab = raw.trim_start_matches(' ').starts_with('\t');
        let rest = caps.get(3).map_or("", |m| m.as_str());
        let tab = caps.get(2).is_some_and(|m| m.as_str() == "\t");
        if leading_tab {
            return LineKind::Heading { level: 3 };
        }
        let rest_compact = nfkc_compact(rest);
        let footnote_words = ["正式名称", "参照", "脚注"].iter().any(|w| rest_compact.contains(w));
        if tab || footnote_words || rest_compact.chars().count() > 40 || rest_compact.contains('。') {
            return LineKind::Footnote;
        }
        if !rest_compact.ends_with('、') && !rest_compact.starts_with(['月', '年', '名', '回', '.', '%']) {
            return LineKind::Heading { level: 3 };
        }
    }
    // `(3)　同年12月、東京で…と` ⏎ `　　　防衛協力の…`: an item, not a heading.
    if is_numbered_item(raw) {
        return LineKind::Narrative;
    }
    if PAREN.is_match(&compact) && n_chars <= 45 && !compact.contains('。') {
        return LineKind::Heading { level: 4 };
    }
    if KATAKANA.is_match(raw.trim_start()) && n_chars <= 45 && !compact.contains('。') {
        return LineKind::Heading { level: 5 };
    }
    // `292` alone between two lines of a sentence, or `― 201 ―`: the page
    // number of a page break.
    // (Dashes on both sides: `-1` alone is a value, reported.)
    let dash = |c: char| "―－—-‐".contains(c);
    let page_number = match (compact.strip_prefix(dash), compact.strip_suffix(dash)) {
        (Some(_), Some(_)) => compact.trim_matches(dash),
        _ => compact.as_str(),
    };
    if (1..=4).contains(&page_number.chars().count()) && page_number.chars().all(|c| c.is_ascii_digit()) {
        return LineKind::Other;
    }
    // Prose is Japanese: a line with no kana or kanji (`=HYPERLINK(…)`, `+81`)
    // is left for the `unparsed-text` report.
    // A line of Latin letters only (`（A`, `RF）や` cut by a gloss, `ISM`)
    // belongs to the prose around it.
    let acronym =
        compact.chars().all(latin) && compact.starts_with(|c: char| c.is_ascii_alphabetic() || "（(".contains(c));
    if !(compact.chars().any(is_japanese) || acronym) {
        return LineKind::Unknown;
    }
    // `・2025年3月、…との間で日米防衛相会談を実施`: a bulleted item is a
    // sentence of its own, with or without a full stop; a bulleted label
    // (`○　共同訓練など`) has no clause and stays structure.
    // A chronology's entry (`昭和63年8月　　陸上幕僚長訪韓`) is one too.
    if is_item(raw) {
        return LineKind::Narrative;
    }
    // `豪　州　　情報保護協定　　24.5.17　　―`: cells with a date, of a table no
    // reader took. Prose never sets two spaces inside a line; joined into
    // the sentence around it, the row would be lost as prose.
    if has_cell_gap(raw) && holds_date(&compact) {
        return LineKind::Figure;
    }
    if layout.wrapped {
        // A wide or short line that a prose line runs on into (`…、本` ⏎
        // `年4月には…`) is the rest of that sentence, not a box or a figure.
        let continued = i.checked_sub(1).is_some_and(|p| runs_on(lines, p));
        // A wide line that is a whole sentence (`…、…。` at its end) is prose
        // set wider than the column, not figure text.
        // A figure's notes and a photo's caption are not whole sentences
        // either, so the figure heuristics never silently take one (a
        // sentence after a table of short rows was lost that way).
        let whole_sentence = compact.ends_with('。') && compact.contains('、');
        let glossed = cut_by_gloss(&compact, &nfkc_compact(lines.get(i + 1)));
        if !whole_sentence
            && (display_width(raw) > layout.wide || in_figure(lines, i, layout) || photo_caption(lines, i))
            && !continued
            && !glossed
        {
            return LineKind::Figure;
        }
    } else if !compact.contains('。') && !runs_on(lines, i) && !i.checked_sub(1).is_some_and(|p| runs_on(lines, p)) {
        // One paragraph per line: a line without a full stop is a photo
        // caption, a box title or a list label, not a sentence (unless
        // its sentence plainly runs on into the next line, or the line
        // before runs on into it: an item's indented second line).
        return LineKind::Figure;
    }
    LineKind::Narrative
}

/// List markers an edition sets before an item.
const BULLETS: &[char] = &['・', '○', '●', '◆', '◇', '■', '□', '◎', '▪', '➢', '－', '‐'];

/// Whether `raw` is a bulleted label (`○　2023年の主な日越防衛交流`): a list
/// marker, then no clause.
pub(crate) fn is_list_label(raw: &str) -> bool {
    raw.trim_start().strip_prefix(BULLETS).is_some_and(|rest| !rest.trim().is_empty()) && !is_item(raw)
}

/// Whether `raw` is a bulleted item that states something: a marker, then
/// a clause (a comma or a full stop in it).
pub(crate) fn is_bullet_item(raw: &str) -> bool {
    let rest = raw.trim_start();
    rest.strip_prefix(BULLETS).is_some_and(|item| item.contains(['、', '。', ',']))
}

/// Whether the sentence of line `i` runs
/// on into the line right after it (no blank line between): the break
/// cuts a date (`…、本` ⏎ `年4月には`, `本年` ⏎ `4月`, `本年4` ⏎ `月`) or
/// follows a comma before more prose. Such a line is not a caption, and
/// its sentence is read with the next line's.
pub(crate) fn runs_on(lines: &Lines<'_>, i: usize) -> bool {
    let this = nfkc_compact(lines.get(i));
    let next = nfkc_compact(lines.get(i + 1));
    let (Some(last), Some(first)) = (this.chars().last(), next.chars().next()) else { return false };
    if last == '。' || heading_like(&next) {
        return false;
    }
    let date_cut = match first {
        '年' => last.is_ascii_digit() || matches!(last, '本' | '昨' | '同' | '翌' | '前' | '元' | '）' | ')'),
        '月' | '日' => last.is_ascii_digit() || matches!(last, '同' | '翌' | '前' | '年'),
        '0'..='9' => last.is_ascii_digit() || matches!(last, '年' | '月' | '成' | '和'),
        '度' => last == '年',
        _ => false,
    };
    let comma = last == '、' && is_japanese(first) && next.contains('。');
    // An item wrapped onto an indented line (`(3)　…国防相と` ⏎ `　　　防衛協力の…`).
    let raw_next = lines.get(i + 1);
    let indented =
        raw_next.starts_with(['\u{3000}', ' ']) && raw_next.trim_start().chars().next().is_some_and(is_japanese);
    let wrapped_item = is_item(lines.get(i)) && indented && !is_item(raw_next);
    date_cut || comma || wrapped_item || cut_by_gloss(&this, &next)
}

/// `…日豪円滑化協定（R` ⏎ `Reciprocal Access Agreement` ⏎ `AA）への署名…`: an
/// acronym the English gloss on the next line cut (both lines compact); the
/// sentence goes on after the gloss.
fn cut_by_gloss(this: &str, next: &str) -> bool {
    let open_acronym = this.rfind(['（', '(']).and_then(|at| this.get(at..)).is_some_and(|tail| {
        let letters = tail.chars().skip(1);
        tail.chars().count() <= 5 && letters.clone().count() >= 1 && letters.clone().all(|c| c.is_ascii_uppercase())
    });
    open_acronym && !next.is_empty() && next.chars().all(|c| c.is_ascii_alphanumeric() || "-'’&/.,".contains(c))
}

/// Most lines of a photo caption set into a hard-wrapped column.
const MAX_CAPTION_LINES: usize = 3;

/// A photo caption set into a hard-wrapped column: up to three lines
/// after a blank line, without a full stop, right before the line that
/// resumes the column (a blank line may come between), which the
/// extraction indents by one space
/// (`…防衛当局者間の協` ⏎ ⏎ `…と会談する海幕長` ⏎ ` 議を首都で開催し…`).
fn photo_caption(lines: &Lines<'_>, i: usize) -> bool {
    let blank = |k: usize| lines.get(k).trim().is_empty();
    let resumes = |k: usize| resumes_column(lines.get(k));
    // The block runs from the line after a blank one to the resuming line.
    let Some(start) = (0..=i).rev().take(MAX_CAPTION_LINES).find(|&k| k == 0 || blank(k - 1)) else {
        return false;
    };
    let Some(end) = (i + 1..lines.len()).take(MAX_CAPTION_LINES).find(|&k| blank(k) || resumes(k)) else {
        return false;
    };
    // A blank line may stand between the caption and the resumed column.
    let resumed = (end..lines.len()).take(3).find(|&k| !blank(k)).is_some_and(resumes);
    end - start <= MAX_CAPTION_LINES
        && resumed
        && (start..end).all(|k| !lines.get(k).contains('。') && !lines.get(k).starts_with(char::is_whitespace))
}

/// A line the extraction indents by one space where the column resumes
/// after something set into it (a photo caption, a footnote at the foot
/// of the page: `12<tab> 正式名称：…` ⏎ ` 強化を図った。また、…`).
pub(crate) fn resumes_column(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace()) && !heading_like(&nfkc_compact(line))
}

/// Shapes of a line that starts something new: a heading, a reference, a
/// list item.
fn heading_like(compact: &str) -> bool {
    PART.is_match(compact)
        || PAREN.is_match(compact)
        || KATAKANA.is_match(compact)
        || REFERENCE.is_match(compact)
        || PAGE.is_match(compact)
        || compact.starts_with(['-', '・', '✓', '●', '○', '■', '□', '※'])
}

/// A figure's text interleaved with a wrapped column (図表Ⅲ-3-1-3's
/// `ARF創設` ⏎ `94年`): a short line between two other short lines, where
/// the column's prose fills its lines and only a paragraph's last line is short.
fn in_figure(lines: &Lines<'_>, i: usize, layout: Layout) -> bool {
    let short = |w: usize| w > 0 && w * 10 < layout.median * 6;
    let width = |k: usize| display_width(lines.get(k));
    let prev = (0..i).rev().take(3).map(width).find(|w| *w > 0);
    let next = (i + 1..lines.len()).take(3).map(width).find(|w| *w > 0);
    short(width(i)) && prev.is_some_and(short) && next.is_some_and(short)
}

/// Kana, kanji and the iteration mark.
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '々' | '〆')
}

/// Width in half-width columns, without spaces (letter-spaced lines are as
/// wide as their letters).
pub(crate) fn display_width(text: &str) -> usize {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) { 1 } else { 2 })
        .sum()
}

/// Net bracket depth change of `text` (opening minus closing), for
/// references whose bracket runs over the next line.
pub(crate) fn bracket_balance(text: &str) -> i32 {
    text.chars().fold(0, |depth, c| match c {
        '（' | '(' | '「' => depth + 1,
        '）' | ')' | '」' => depth - 1,
        _ => depth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::MappedText;

    #[test]
    fn a_row_date_is_outside_brackets_editions_and_as_of_dates() {
        assert!(holds_date("豪州　　防衛当局間協議　　24.8"));
        assert!(holds_date("英国　　2024年3月　署名"));
        assert!(!holds_date("防衛交流の主な動き（平成元年4月～平成2年6月）"));
        assert!(!holds_date("令和4年版 防衛白書　第Ⅲ部"));
        assert!(!holds_date("注：テレビ会談・電話会談は除く。令和4年3月末時点"));
        assert!(!holds_date("2025年4月現在"));
        assert!(!holds_date("派遣要員：陸×3、内×1"));
    }

    #[test]
    fn letter_spacing_joins_lone_characters_only() {
        let despace = |line: &str| {
            let text = MappedText::from_source(line);
            let lines = Lines { text: &text, ranges: std::iter::once(0..line.len()).collect() };
            text.without(&letter_spacing(&lines)).as_str().to_owned()
        };
        assert_eq!(despace("米　国　　　　防 衛 大 臣　　　2 3 . 6"), "米国　　　　防衛大臣　　　23.6");
        // The space after a word of several characters is a gap between cells.
        assert_eq!(despace("シンガポール　統　幕　長　　　2 4 . 2"), "シンガポール　統幕長　　　24.2");
        // A switch of space kind inside a spaced word: two cells.
        assert_eq!(despace("2 3 . 1 0　2 3 . 1 1"), "23.10　23.11");
        // A range mark is spaced in any table.
        assert_eq!(despace("期間：2024.6 ～ 7"), "期間：2024.6 ～ 7");
        assert_eq!(despace("日豪防衛相会談を行った。"), "日豪防衛相会談を行った。");
    }
}
