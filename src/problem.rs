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

/// Every kind of problem glossary-ls reports. The name (`as_str`) is what
/// users see and configure under `[diagnostics]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A link to a glossary entry that does not exist.
    BrokenLink,
    /// A link to an entry marked as a draft, which the site does not publish.
    DraftLink,
    /// A glossary term used without a link to its entry (off unless asked).
    UnlinkedTerm,
    /// Front matter that does not parse.
    MalformedFrontMatter,
    /// A related term that names no entry.
    UnresolvedRelatedTerm,
    /// Two entries with the same title.
    DuplicateTitle,
    /// Two entries that share a name.
    DuplicateTerm,
    /// Two entries with the same slug.
    DuplicateSlug,
    /// An entry without a title.
    MissingTitle,
    /// An entry without a summary.
    MissingSummary,
    /// A termbase (CSV/TSV) that cannot be read as a table.
    MalformedTable,
    /// A glossary file or folder that cannot be read.
    UnreadableFile,
    /// A glossary with more files than `files.max-glossary-files`.
    TooManyFiles,
    /// A glossary file larger than `files.max-glossary-size`.
    FileTooLarge,
    /// A file in a glossary folder that is not text.
    BinaryFile,
    /// A glossary file that is not valid UTF-8.
    NotUtf8,
}

impl Code {
    pub const ALL: &[Code] = &[
        Code::BrokenLink,
        Code::DraftLink,
        Code::UnlinkedTerm,
        Code::MalformedFrontMatter,
        Code::UnresolvedRelatedTerm,
        Code::DuplicateTitle,
        Code::DuplicateTerm,
        Code::DuplicateSlug,
        Code::MissingTitle,
        Code::MissingSummary,
        Code::MalformedTable,
        Code::UnreadableFile,
        Code::TooManyFiles,
        Code::FileTooLarge,
        Code::BinaryFile,
        Code::NotUtf8,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::BrokenLink => "broken-link",
            Code::DraftLink => "draft-link",
            Code::UnlinkedTerm => "unlinked-term",
            Code::MalformedFrontMatter => "malformed-front-matter",
            Code::UnresolvedRelatedTerm => "unresolved-related-term",
            Code::DuplicateTitle => "duplicate-title",
            Code::DuplicateTerm => "duplicate-term",
            Code::DuplicateSlug => "duplicate-slug",
            Code::MissingTitle => "missing-title",
            Code::MissingSummary => "missing-summary",
            Code::MalformedTable => "malformed-table",
            Code::UnreadableFile => "unreadable-file",
            Code::TooManyFiles => "too-many-files",
            Code::FileTooLarge => "file-too-large",
            Code::BinaryFile => "binary-file",
            Code::NotUtf8 => "not-utf8",
        }
    }

    /// The code a configured name stands for.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
    }

    /// How it is reported when the settings say nothing; `None` is off.
    pub fn default_severity(self) -> Option<Severity> {
        match self {
            Code::BrokenLink => Some(Severity::Warning),
            Code::DraftLink => Some(Severity::Information),
            Code::UnlinkedTerm => None,
            Code::MalformedFrontMatter => Some(Severity::Error),
            Code::UnresolvedRelatedTerm => Some(Severity::Warning),
            Code::DuplicateTitle => Some(Severity::Warning),
            Code::DuplicateTerm => Some(Severity::Warning),
            Code::DuplicateSlug => Some(Severity::Warning),
            Code::MissingTitle => Some(Severity::Warning),
            Code::MissingSummary => Some(Severity::Warning),
            Code::MalformedTable => Some(Severity::Error),
            Code::UnreadableFile => Some(Severity::Warning),
            Code::TooManyFiles => Some(Severity::Warning),
            Code::FileTooLarge => Some(Severity::Warning),
            Code::BinaryFile => Some(Severity::Warning),
            Code::NotUtf8 => Some(Severity::Warning),
        }
    }

    /// One line on what it means, for `--help`-like listings and the schema.
    pub fn description(self) -> &'static str {
        match self {
            Code::BrokenLink => "A link to a glossary entry that does not exist.",
            Code::DraftLink => {
                "A link to an entry marked as a draft, which the site does not publish."
            }
            Code::UnlinkedTerm => {
                "A glossary term used without a link to its entry (off unless asked)."
            }
            Code::MalformedFrontMatter => "Front matter that does not parse.",
            Code::UnresolvedRelatedTerm => "A related term that names no entry.",
            Code::DuplicateTitle => "Two entries with the same title.",
            Code::DuplicateTerm => "Two entries that share a name.",
            Code::DuplicateSlug => "Two entries with the same slug.",
            Code::MissingTitle => "An entry without a title.",
            Code::MissingSummary => "An entry without a summary.",
            Code::MalformedTable => "A termbase (CSV/TSV) that cannot be read as a table.",
            Code::UnreadableFile => "A glossary file or folder that cannot be read.",
            Code::TooManyFiles => "A glossary with more files than `files.max-glossary-files`.",
            Code::FileTooLarge => "A glossary file larger than `files.max-glossary-size`.",
            Code::BinaryFile => "A file in a glossary folder that is not text.",
            Code::NotUtf8 => "A glossary file that is not valid UTF-8.",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One finding about a file, located by byte range in that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Stable identifier, such as `broken-link` or `unresolved-related-term`.
    pub code: Code,
    pub message: String,
    pub range: Range<usize>,
    /// What a quick fix needs, such as the slug of the entry to link to.
    pub data: Option<String>,
}

impl Problem {
    pub fn new(
        severity: Severity,
        code: Code,
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

/// Codes compare with their names, as users write them.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn every_code_has_one_name_that_parses_back() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len(), "two codes share a name");
        assert_eq!(Code::parse("broken-links"), None);
    }
}
