//! Blocking and matching keys: which mentions may be the same event.

use crate::title::canonicalize_title;
use koryu_model::{Category, CountDetail, CountryCode, Edtf, Mention, MentionKind};

/// Mentions are only ever compared inside one block: same date, same
/// counterparts. Blocks are independent, so they run in parallel.
///
/// Blocks (and so events) sort chronologically by the first day a date
/// names, so `2022-11/2022-12` comes between `2022-11` and `2022-12`;
/// undated ones come first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockKey {
    pub date: Option<Edtf>,
    pub countries: Vec<CountryCode>,
}

impl Ord for BlockKey {
    fn cmp(&self, other: &BlockKey) -> std::cmp::Ordering {
        let first_day = |key: &BlockKey| key.date.and_then(|d| d.first_date());
        first_day(self)
            .cmp(&first_day(other))
            .then_with(|| self.date.cmp(&other.date))
            .then_with(|| self.countries.cmp(&other.countries))
    }
}

impl PartialOrd for BlockKey {
    fn partial_cmp(&self, other: &BlockKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Inside a block, mentions with equal matching keys describe the same
/// event (issue 2: category, date, countries and canonical title).
///
/// `kind` and `count_detail` keep a budget's initial and executed amounts
/// apart; an undated mention also keys on its fiscal year, since without a
/// date two years' 第13回… items would otherwise look alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MatchKey {
    pub kind: MentionKind,
    pub category: Option<Category>,
    pub count_detail: Option<CountDetail>,
    pub undated_fiscal_year: Option<i32>,
    pub canonical_title: String,
}

impl BlockKey {
    pub fn of(mention: &Mention) -> BlockKey {
        BlockKey { date: mention.date, countries: mention.countries.clone() }
    }
}

impl MatchKey {
    pub fn of(mention: &Mention) -> MatchKey {
        MatchKey::with_canonical_title(mention, canonicalize_title(&mention.title))
    }

    /// [`MatchKey::of`] with the canonical title already computed.
    pub fn with_canonical_title(mention: &Mention, canonical_title: String) -> MatchKey {
        MatchKey {
            kind: mention.kind,
            category: mention.category,
            count_detail: mention.count_detail,
            undated_fiscal_year: if mention.date.is_none() { mention.fiscal_year } else { None },
            canonical_title,
        }
    }

    /// The parts the event id hashes, in a fixed order.
    pub fn id_parts(&self, block: &BlockKey) -> Vec<String> {
        vec![
            self.kind.as_str().to_owned(),
            // An unknown category hashes as empty, so known ones keep their ids.
            self.category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            self.count_detail.map(|d| d.as_str().to_owned()).unwrap_or_default(),
            self.undated_fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            block.date.map(|d| d.to_string()).unwrap_or_default(),
            block.countries.iter().map(CountryCode::as_str).collect::<Vec<_>>().join(";"),
            self.canonical_title.clone(),
        ]
    }
}
