//! Role words in brackets that are not in the role gazetteer (`unknown-role`).
//!
//! Items name the Japanese participant in a bracket after the date
//! (`…セミナー(8月)(統幕長)`). A bracket that holds nothing but a kanji word
//! ending like a role title (幕長, 大臣, 次官, …) and that is not one of
//! taxonomy.md's role words is reported, so `(陸幕僚長)` does not pass as a
//! location.

use super::{page_span, Line};
use crate::read::Page;
use koryu_model::{Code, Diagnostic};

/// taxonomy.md `jp_roles`, as written.
const KNOWN_ROLES: &[&str] = &[
    "防衛大臣",
    "防衛相",
    "大臣",
    "防衛副大臣",
    "副大臣",
    "防衛大臣政務官",
    "大臣政務官",
    "政務官",
    "防衛政務官",
    "防衛事務次官",
    "事務次官",
    "防衛審議官",
    "統合幕僚長",
    "統幕長",
    "陸上幕僚長",
    "陸幕長",
    "海上幕僚長",
    "海幕長",
    "航空幕僚長",
    "空幕長",
    "防衛装備庁長官",
    "内閣総理大臣",
    "総理大臣",
    "首相",
    "防衛研究所長",
    "所長",
    "副所長",
];

/// Endings of Japanese role titles.
const ROLE_SUFFIXES: &[&str] = &["幕長", "幕僚長", "大臣", "政務官", "次官", "審議官", "長官", "所長"];

/// A role word is short; longer bracket contents are descriptions.
const MAX_ROLE_CHARS: usize = 8;

/// Reports bracketed role-like words that are not known roles.
pub(super) fn check_roles(page: &Page, lines: &[Line], found: &mut Vec<Diagnostic>) {
    for line in lines {
        let text = line.text(page);
        let mut search_from = 0;
        while let Some(open_rel) = text.get(search_from..).and_then(|rest| rest.find(['(', '（'])) {
            let open = search_from + open_rel;
            let inner_start = open + text.get(open..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
            search_from = inner_start;
            let Some(rest) = text.get(inner_start..) else { break };
            let Some(close_rel) = rest.find([')', '）', '(', '（']) else { break };
            let Some(word) = rest.get(..close_rel) else { continue };
            if !rest.get(close_rel..).is_some_and(|r| r.starts_with([')', '）'])) {
                continue;
            }
            let n_chars = word.chars().count();
            let is_role_like = (2..=MAX_ROLE_CHARS).contains(&n_chars)
                && word.chars().all(is_kanji)
                && ROLE_SUFFIXES.iter().any(|suffix| word.ends_with(suffix));
            if !is_role_like || KNOWN_ROLES.contains(&word) {
                continue;
            }
            let start = line.range.start + inner_start;
            let span = page_span(page, start..start + word.len());
            let mut diagnostic = Diagnostic::new(
                Code::UnknownRole,
                span,
                format!("`{word}` looks like a role but is not in the role list; check the spelling or add it to taxonomy.md"),
                word,
            );
            if let Some(known) = closest_role(word) {
                diagnostic = diagnostic.with_help(format!("did you mean `{known}`?"));
            }
            found.push(diagnostic);
        }
    }
}

fn is_kanji(ch: char) -> bool {
    matches!(ch, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

fn closest_role(word: &str) -> Option<&'static str> {
    KNOWN_ROLES
        .iter()
        .map(|role| (strsim::levenshtein(word, role), *role))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, role)| role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::page_lines;

    fn roles(text: &str) -> Vec<(u32, String, Option<String>)> {
        let page = Page::from_text(text);
        let mut found = Vec::new();
        check_roles(&page, &page_lines(&page), &mut found);
        found.into_iter().map(|d| (d.column, d.excerpt, d.help)).collect()
    }

    #[test]
    fn known_roles_and_other_brackets_pass() {
        assert!(roles("セミナー(8月)(統幕長)、会合(VTC)(陸幕長)、訪日（次官級）、会談(国防省を所管)").is_empty());
    }

    #[test]
    fn unknown_role_words_are_reported() {
        assert_eq!(
            roles("セミナー(8月)(陸幕僚長)"),
            vec![(10, "陸幕僚長".to_owned(), Some("did you mean `陸上幕僚長`?".to_owned()))]
        );
    }
}
