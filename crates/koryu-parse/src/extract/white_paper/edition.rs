//! The edition of a white paper: its printed title (`平成27年版 防衛白書`) and
//! edition year, found in a title line or a page header anywhere in the text.

use super::{Edition, Lines};
use crate::gazetteer::nfkc_compact;
use koryu_model::Era;
use regex::Regex;
use std::sync::LazyLock;

/// `平成27年版`, `令和4年版`, `2022年版` (NFKC, spaces removed), before
/// `防衛白書` or `日本の防衛` on the same line, or after it at the line's end
/// as the older editions' covers print it (`日本の防衛（防衛白書）平成元年版`).
static EDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(明治|大正|昭和|平成|令和)([0-9]{1,2}|元)|([0-9]{4}))年版(?:日本の防衛|防衛白書)|(?:日本の防衛|防衛白書)(?:\((?:防衛白書|日本の防衛)\))?(?:(明治|大正|昭和|平成|令和)([0-9]{1,2}|元)|([0-9]{4}))年版$",
    )
    .expect("valid regex")
});

/// The first line naming the edition gives the title and year; a white
/// paper's running page header (`285 平成27年版 防衛白書`) names it on every
/// other page, so the first such line is enough.
pub(crate) fn find_edition(lines: &Lines<'_>) -> Edition {
    for i in 0..lines.len() {
        let line = lines.get(i);
        if !line.contains("年版") {
            continue;
        }
        let compact = nfkc_compact(line);
        let Some(caps) = EDITION.captures(&compact) else { continue };
        // The title's two orders capture into groups 1–3 or 4–6.
        let group = |k: usize| caps.get(k).or_else(|| caps.get(k + 3));
        let year = match (group(1), group(2), group(3)) {
            (Some(era), Some(n), _) => {
                let n = if n.as_str() == "元" { Some(1) } else { n.as_str().parse::<i32>().ok() };
                Era::from_name(era.as_str()).zip(n).map(|(era, n)| era.to_western(n))
            }
            (_, _, Some(western)) => western.as_str().parse::<i32>().ok(),
            _ => None,
        };
        return Edition { title: Some(title_of(line)), year };
    }
    Edition::default()
}

/// The line without a page number before or after it (`285 平成27年版
/// 防衛白書` → `平成27年版 防衛白書`), spaces collapsed.
fn title_of(line: &str) -> String {
    let trimmed = line.trim().trim_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}
