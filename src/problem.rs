//! Problems found while loading a glossary or checking a document: the
//! finding type every layer reports in.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// One finding about a file, located by byte range in that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Stable identifier, such as `broken-link` or `unresolved-related-term`.
    pub code: &'static str,
    pub message: String,
    pub range: Range<usize>,
    /// What a quick fix needs, such as the slug of the entry to link to.
    pub data: Option<String>,
}

impl Problem {
    pub fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        range: Range<usize>,
    ) -> Self {
        Problem {
            severity,
            code,
            message: message.into(),
            range,
            data: None,
        }
    }

    pub fn with_data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }
}
