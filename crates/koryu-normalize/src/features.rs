//! Matching features of a mention: canonical title, mode, roles, ordinal, location, date span.

use crate::title::canonicalize_title;
use koryu_model::{Category, CountDetail, CountryCode, DatePoint, DatePrecision, Edtf, Mention, MentionKind, Role};
use unicode_normalization::UnicodeNormalization;

/// How a title says the participants met. Only an explicit word counts:
/// the parser defaults a bare title to in-person, which says nothing about
/// whether another edition added `(VTC)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TitleMode {
    Video,
    Phone,
}

impl TitleMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TitleMode::Video => "video",
            TitleMode::Phone => "phone",
        }
    }
}

/// Mode words, removed from the title and kept as [`TitleMode`]. Longer
/// forms first: 電話会談 must go before a bare 電話.
const MODE_WORDS: &[(&str, TitleMode)] = &[
    ("テレビ会談", TitleMode::Video),
    ("テレビ会議", TitleMode::Video),
    ("テレビ懇談", TitleMode::Video),
    ("ビデオ会談", TitleMode::Video),
    ("オンライン", TitleMode::Video),
    ("VTC", TitleMode::Video),
    ("電話会談", TitleMode::Phone),
    ("電話会議", TitleMode::Phone),
    ("電話懇談", TitleMode::Phone),
    ("電話", TitleMode::Phone),
];

/// What a mode word leaves behind: テレビ会談 → 会談.
fn mode_residue(word: &str) -> &'static str {
    ["会談", "会議", "懇談"].into_iter().find(|tail| word.ends_with(tail)).unwrap_or("")
}

/// Role words in canonical titles (spellings already unified by
/// [`canonicalize_title`]). A white-paper visits cell's title is just the
/// role (`防衛大臣`), so roles read from the title let it meet `日豪防衛相会談`.
const ROLE_WORDS: &[(&str, Role)] = &[
    ("防衛相", Role::Minister),
    ("副大臣", Role::StateMinister),
    ("政務官", Role::ParliamentaryViceMinister),
    ("事務次官", Role::AdministrativeViceMinister),
    ("防衛審議官", Role::ViceMinisterInternational),
    ("統幕長", Role::ChiefJointStaff),
    ("陸幕長", Role::ChiefGroundStaff),
    ("海幕長", Role::ChiefMaritimeStaff),
    ("空幕長", Role::ChiefAirStaff),
    ("装備庁長官", Role::AtlaCommissioner),
];

/// Everything a pair score looks at, computed once per mention.
#[derive(Debug, Clone)]
pub struct Features {
    pub kind: MentionKind,
    pub category: Option<Category>,
    pub count_detail: Option<CountDetail>,
    /// Canonical title without mode words and ordinal.
    pub title: String,
    pub mode: Option<TitleMode>,
    pub ordinal: Option<u32>,
    pub roles: Vec<Role>,
    /// The title is only a role (`防衛大臣`, `統幕長`): a white-paper table cell.
    pub role_like: bool,
    pub location: Option<String>,
    pub countries: Vec<CountryCode>,
    /// Months as `year * 12 + month - 1`, inclusive; `None` when undated.
    pub span: Option<(i64, i64)>,
    pub year_precision: bool,
    pub undated_fiscal_year: Option<i32>,
}

impl Features {
    pub fn of(mention: &Mention) -> Features {
        Features::with_canonical_title(mention, canonicalize_title(&mention.title))
    }

    /// [`Features::of`] with the mention's [`canonicalize_title`] already
    /// computed (dedup also keys on it: one canonicalisation per mention).
    pub fn with_canonical_title(mention: &Mention, canonical: String) -> Features {
        // The parser takes `(VTC)` out of `title`; `title_raw` still has it.
        let raw: String = mention.title.nfkc().chain(mention.title_raw.nfkc()).filter(|c| !c.is_whitespace()).collect();
        let mode = MODE_WORDS.iter().find(|(word, _)| raw.contains(word)).map(|(_, mode)| *mode);
        let mut title = canonical;
        for (word, _) in MODE_WORDS {
            if title.contains(word) {
                title = title.replace(word, mode_residue(word));
            }
        }
        let (ordinal, title) = take_ordinal(&title);
        let mut roles: Vec<Role> = mention.jp_roles.clone();
        for (word, role) in ROLE_WORDS {
            if title.contains(word) {
                roles.push(*role);
            }
        }
        roles.sort();
        roles.dedup();
        let role_like = ROLE_WORDS.iter().any(|(word, _)| title == *word);
        let location = mention
            .location
            .as_deref()
            .map(|l| l.nfkc().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty());
        Features {
            kind: mention.kind,
            category: mention.category,
            count_detail: mention.count_detail,
            title,
            mode,
            ordinal,
            roles,
            role_like,
            location,
            countries: mention.countries.clone(),
            span: mention.date.and_then(|d| month_span(&d)),
            year_precision: mention.date_precision == Some(DatePrecision::Year),
            undated_fiscal_year: if mention.date.is_none() { mention.fiscal_year } else { None },
        }
    }

    /// Whether two mentions may be compared at all (blocking, step 2): the
    /// date spans overlap and they share a counterpart, or both have none.
    pub fn may_meet(&self, other: &Features) -> bool {
        let dates = match (self.span, other.span) {
            (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
            (None, None) => self.undated_fiscal_year == other.undated_fiscal_year,
            _ => false,
        };
        let countries = if self.countries.is_empty() || other.countries.is_empty() {
            self.countries.is_empty() && other.countries.is_empty()
        } else {
            self.countries.iter().any(|c| other.countries.contains(c))
        };
        dates && countries
    }
}

/// The months a date covers; a year covers its twelve months, an open
/// interval only its known end.
pub fn month_span(date: &Edtf) -> Option<(i64, i64)> {
    let point = |p: &DatePoint, last: bool| -> Option<i64> {
        let d = p.date()?;
        let year = i64::from(d.get_year());
        Some(match d.get_month() {
            Some(m) => year * 12 + i64::from(m) - 1,
            None if last => year * 12 + 11,
            None => year * 12,
        })
    };
    match date {
        Edtf::Point(p) => Some((point(p, false)?, point(p, true)?)),
        Edtf::Interval { start, end } => {
            let s = start.as_ref().and_then(|p| point(p, false));
            let e = end.as_ref().and_then(|p| point(p, true));
            match (s, e) {
                (Some(s), Some(e)) if s <= e => Some((s, e)),
                (Some(s), _) => Some((s, s)),
                (None, Some(e)) => Some((e, e)),
                (None, None) => None,
            }
        }
    }
}

/// `第12回` anywhere in the title, as a number, and the title without it.
fn take_ordinal(title: &str) -> (Option<u32>, String) {
    let Some(start) = title.find('第') else { return (None, title.to_owned()) };
    let after = title.get(start + '第'.len_utf8()..).unwrap_or("");
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let Some(rest) = after.get(digits.len()..).and_then(|r| r.strip_prefix('回')) else {
        return (None, title.to_owned());
    };
    let Ok(n) = digits.parse::<u32>() else { return (None, title.to_owned()) };
    let head = title.get(..start).unwrap_or("");
    (Some(n), format!("{head}{rest}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use koryu_model::{DocKind, PartialDate};

    fn features(title: &str) -> Features {
        let mention = Mention {
            title: title.to_owned(),
            ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
        };
        Features::of(&mention)
    }

    #[test]
    fn mode_words_leave_the_title() {
        let f = features("日豪防衛相テレビ会談");
        assert_eq!((f.title.as_str(), f.mode), ("防衛相会談", Some(TitleMode::Video)));
        let f = features("防衛相電話会談");
        assert_eq!((f.title.as_str(), f.mode), ("防衛相会談", Some(TitleMode::Phone)));
        let f = features("防衛相会談(VTC)");
        assert_eq!((f.title.as_str(), f.mode), ("防衛相会談", Some(TitleMode::Video)));
        assert_eq!(features("防衛相会談").mode, None);
        // The parser's title lacks the bracket; the raw title keeps it.
        let mention = Mention {
            title: "防衛相会談".to_owned(),
            title_raw: "防衛相会談(VTC)(5月)".to_owned(),
            ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
        };
        assert_eq!(Features::of(&mention).mode, Some(TitleMode::Video));
    }

    #[test]
    fn role_spellings_unify_and_give_roles() {
        assert_eq!(
            features("統合幕僚長とタイ国軍司令官との会談").title,
            features("統幕長とタイ国軍司令官との会談").title
        );
        assert_eq!(features("航空幕僚長会談").roles, vec![Role::ChiefAirStaff]);
        assert_eq!(features("陸上幕僚長会談").title, "陸幕長会談");
        assert_eq!(features("海上幕僚長会談").title, "海幕長会談");
        assert!(features("防衛大臣").role_like);
        assert_eq!(features("防衛大臣").roles, vec![Role::Minister]);
    }

    #[test]
    fn ordinal_is_a_feature() {
        let f = features("第12回日カナダ防衛当局間協議");
        assert_eq!((f.ordinal, f.title.as_str()), (Some(12), "防衛当局間協議"));
        assert_eq!(features("防衛当局間協議").ordinal, None);
        assert_eq!(features("第x回").ordinal, None);
    }

    #[test]
    fn spans_cover_months_and_years() {
        let ym = Edtf::date(PartialDate::year_month(2022, 1).unwrap());
        assert_eq!(month_span(&ym), Some((2022 * 12, 2022 * 12)));
        let y = Edtf::date(PartialDate::year(2022).unwrap());
        assert_eq!(month_span(&y), Some((2022 * 12, 2022 * 12 + 11)));
    }
}
