//! Diagnostics tallied by severity and by code in one pass, for the summary
//! lines and JSON summaries of `import` and `validate`.

use koryu_model::{Code, Diagnostic, Severity};
use std::collections::BTreeMap;

/// How many diagnostics of each severity and each code a run (or one file) has.
#[derive(Debug, Default)]
pub struct DiagnosticCounts {
    pub by_severity: BTreeMap<&'static str, usize>,
    pub by_code: BTreeMap<&'static str, usize>,
}

impl DiagnosticCounts {
    /// The counts of `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> DiagnosticCounts {
        let mut counts = DiagnosticCounts::default();
        for diagnostic in diagnostics {
            counts.add(diagnostic);
        }
        counts
    }

    pub fn add(&mut self, diagnostic: &Diagnostic) {
        *self.by_severity.entry(diagnostic.severity.as_str()).or_insert(0) += 1;
        *self.by_code.entry(diagnostic.code.as_str()).or_insert(0) += 1;
    }

    /// Adds another tally (one file's) to this one (the run's).
    pub fn merge(&mut self, other: &DiagnosticCounts) {
        for (key, n) in &other.by_severity {
            *self.by_severity.entry(key).or_insert(0) += n;
        }
        for (key, n) in &other.by_code {
            *self.by_code.entry(key).or_insert(0) += n;
        }
    }

    pub fn severity(&self, severity: Severity) -> usize {
        self.by_severity.get(severity.as_str()).copied().unwrap_or(0)
    }

    pub fn code(&self, code: Code) -> usize {
        self.by_code.get(code.as_str()).copied().unwrap_or(0)
    }
}
