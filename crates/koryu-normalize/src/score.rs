//! Pair scores: title similarity plus feature agreement, weighted by `weights.json`.

use crate::features::Features;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The one file holding every weight and the threshold (docs/dedup.md).
const WEIGHTS_JSON: &str = include_str!("../weights.json");

/// Weights of `score`; see `weights.json` and docs/dedup.md.
#[derive(Debug, Clone, Deserialize)]
pub struct Weights {
    pub title_weight: f64,
    pub roles_agree: f64,
    pub roles_disagree: f64,
    pub mode_explicit_disagree: f64,
    pub mode_implicit_disagree: f64,
    pub ordinal_disagree: f64,
    pub location_agree: f64,
    pub location_disagree: f64,
    pub category_disagree: f64,
    pub countries_disagree: f64,
    pub role_like_title_bonus: f64,
    pub threshold: f64,
}

/// The compiled-in weights. A malformed file fails the unit test
/// `weights_file_parses`; at run time it falls back to a threshold no pair
/// reaches, so nothing merges by fuzzy score rather than panicking.
pub fn weights() -> &'static Weights {
    static WEIGHTS: OnceLock<Weights> = OnceLock::new();
    WEIGHTS.get_or_init(|| {
        serde_json::from_str(WEIGHTS_JSON).unwrap_or(Weights {
            title_weight: 1.0,
            roles_agree: 0.0,
            roles_disagree: 0.0,
            mode_explicit_disagree: 0.0,
            mode_implicit_disagree: 0.0,
            ordinal_disagree: 0.0,
            location_agree: 0.0,
            location_disagree: 0.0,
            category_disagree: 0.0,
            countries_disagree: 0.0,
            role_like_title_bonus: 0.0,
            threshold: f64::INFINITY,
        })
    })
}

/// One term of a score, for `koryu explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub feature: &'static str,
    pub value: f64,
    pub detail: String,
}

/// A pair's score and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub total: f64,
    /// `None` when the pair cannot merge whatever the score (kind, amount
    /// kind, or no overlap in date or counterpart).
    pub vetoed: Option<String>,
    pub reasons: Vec<Reason>,
}

impl Score {
    pub fn merges(&self) -> bool {
        self.vetoed.is_none() && self.total >= weights().threshold
    }
}

/// The score of two mentions' features.
pub fn score(a: &Features, b: &Features) -> Score {
    score_with(a, b, true)
}

/// [`score`] without the reasons' texts: the same total and veto, and no
/// string built per pair (candidate search scores millions of pairs, and
/// formatting them all cost more than the scoring, on every thread).
pub(crate) fn score_quiet(a: &Features, b: &Features) -> Score {
    score_with(a, b, false)
}

fn score_with(a: &Features, b: &Features, explain: bool) -> Score {
    let w = weights();
    // `format!` only when the reasons will be read.
    let text = |make: &dyn Fn() -> String| if explain { make() } else { String::new() };
    let mut reasons = Vec::new();
    let mut vetoed = None;
    if a.kind != b.kind || a.count_detail != b.count_detail {
        vetoed = Some("different mention kind or amount kind".to_owned());
    } else if !a.may_meet(b) {
        vetoed = Some("dates do not overlap or no shared counterpart".to_owned());
    }
    let similarity = strsim::normalized_levenshtein(&a.title, &b.title);
    reasons.push(Reason {
        feature: "title",
        value: w.title_weight * similarity,
        detail: text(&|| format!("normalized_levenshtein({}, {}) = {similarity:.3}", a.title, b.title)),
    });
    if !a.roles.is_empty() && !b.roles.is_empty() {
        let agree = a.roles.iter().any(|r| b.roles.contains(r));
        let value = if agree { w.roles_agree } else { w.roles_disagree };
        let detail = if agree { "share a Japanese role" } else { "no Japanese role in common" };
        reasons.push(Reason { feature: "roles", value, detail: detail.to_owned() });
        // A table cell that is only a role says all it can by its role.
        if agree && (a.role_like || b.role_like) {
            reasons.push(Reason {
                feature: "role_like_title",
                value: w.role_like_title_bonus,
                detail: "one title is only a role".to_owned(),
            });
        }
    }
    match (a.mode, b.mode) {
        (Some(x), Some(y)) if x != y => reasons.push(Reason {
            feature: "mode",
            value: w.mode_explicit_disagree,
            detail: text(&|| format!("{} vs {}", x.as_str(), y.as_str())),
        }),
        (Some(x), None) | (None, Some(x)) => reasons.push(Reason {
            feature: "mode",
            value: w.mode_implicit_disagree,
            detail: text(&|| format!("{} vs no mode word", x.as_str())),
        }),
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.ordinal, b.ordinal) {
        if x != y {
            reasons.push(Reason {
                feature: "ordinal",
                value: w.ordinal_disagree,
                detail: text(&|| format!("第{x}回 vs 第{y}回")),
            });
        }
    }
    if let (Some(x), Some(y)) = (&a.location, &b.location) {
        let (value, detail) = if x == y {
            (w.location_agree, text(&|| format!("both {x}")))
        } else {
            (w.location_disagree, text(&|| format!("{x} vs {y}")))
        };
        reasons.push(Reason { feature: "location", value, detail });
    }
    // An unknown category (a table that named no indicator) neither agrees
    // nor disagrees.
    if let (Some(x), Some(y)) = (a.category, b.category) {
        if x != y {
            reasons.push(Reason {
                feature: "category",
                value: w.category_disagree,
                detail: text(&|| format!("{} vs {}", x.as_str(), y.as_str())),
            });
        }
    }
    // 日伊 and 日英伊 share a stripped title; the counterpart sets tell them apart.
    if !a.countries.is_empty() && !b.countries.is_empty() && !same_set(&a.countries, &b.countries) {
        reasons.push(Reason {
            feature: "countries",
            value: w.countries_disagree,
            detail: "different counterpart sets".to_owned(),
        });
    }
    let total = reasons.iter().map(|r| r.value).sum();
    Score { total, vetoed, reasons }
}

fn same_set<T: Ord + Clone>(a: &[T], b: &[T]) -> bool {
    let mut x = a.to_vec();
    let mut y = b.to_vec();
    x.sort();
    x.dedup();
    y.sort();
    y.dedup();
    x == y
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use koryu_model::{Category, CountryCode, DocKind, Edtf, Mention, MentionKind, PartialDate};

    fn f(title: &str, month: u32) -> Features {
        let date = Edtf::date(PartialDate::year_month(2022, month).unwrap());
        let mention = Mention {
            title: title.to_owned(),
            date: Some(date),
            date_precision: date.precision(),
            countries: vec![CountryCode::new("AU").unwrap()],
            ..Mention::new(MentionKind::Event, Category::HighLevel, DocKind::EvaluationTable)
        };
        Features::of(&mention)
    }

    #[test]
    fn weights_file_parses() {
        let parsed: Weights = serde_json::from_str(WEIGHTS_JSON).unwrap();
        assert!(parsed.threshold > 0.0 && parsed.threshold < 1.0);
    }

    #[test]
    fn same_title_merges_and_drift_still_merges() {
        assert!(score(&f("日豪防衛相会談", 6), &f("防衛大臣会談", 6)).merges());
        assert!(score(&f("統幕長と豪国防軍司令官との会談", 6), &f("統合幕僚長と豪国防軍司令官の会談", 6)).merges());
    }

    #[test]
    fn disagreement_keeps_apart() {
        assert!(!score(&f("防衛相会談", 6), &f("防衛相会談", 7)).merges(), "month");
        assert!(!score(&f("防衛相会談", 6), &f("統幕長会談", 6)).merges(), "roles");
        assert!(!score(&f("防衛相電話会談", 6), &f("防衛相テレビ会談", 6)).merges(), "mode");
        assert!(!score(&f("第3回防衛当局間協議", 6), &f("第4回防衛当局間協議", 6)).merges(), "ordinal");
    }

    #[test]
    fn a_role_cell_meets_its_sentence() {
        let s = score(&f("防衛大臣", 4), &f("日豪防衛相会談", 4));
        assert!(s.merges(), "{s:?}");
    }
}
