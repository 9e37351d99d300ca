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

/// Declares [`Code`] from one table, so that its variants, [`Code::ALL`],
/// names, default levels and descriptions cannot drift apart.
macro_rules! codes {
    ($($variant:ident, $name:literal, $default:ident, $description:literal;)*) => {
        /// Every kind of problem glossary-ls reports. The name (`as_str`) is
        /// what users see and configure under `[diagnostics]`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $description] $variant,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// How it is reported when the settings say nothing; `None` is off.
            pub fn default_severity(self) -> Option<Severity> {
                match self {
                    $(Code::$variant => codes!(@severity $default),)*
                }
            }

            /// One line on what it means, for the settings schema.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)*
                }
            }
        }
    };
    (@severity Off) => { None };
    (@severity $level:ident) => { Some(Severity::$level) };
}

codes! {
    BrokenLink, "broken-link", Warning, "A link to a glossary entry that does not exist.";
    DraftLink, "draft-link", Information, "A link to an entry marked as a draft, which the site does not publish.";
    UnlinkedTerm, "unlinked-term", Off, "A glossary term used without a link to its entry (off unless asked).";
    SuggestedSynonym, "suggested-synonym", Information, "A link text that points at an entry but is not one of its names, with how many links use it (the CLI's human output shows it only when asked).";
    MalformedFrontMatter, "malformed-front-matter", Error, "Front matter that does not parse.";
    UnresolvedRelatedTerm, "unresolved-related-term", Warning, "A related term that names no entry.";
    DuplicateTitle, "duplicate-title", Warning, "Two entries with the same title.";
    DuplicateTerm, "duplicate-term", Warning, "Two entries that share a name.";
    DuplicateSlug, "duplicate-slug", Warning, "Two entries with the same slug.";
    MissingTitle, "missing-title", Warning, "An entry without a title.";
    MissingSummary, "missing-summary", Warning, "An entry without a summary.";
    MalformedTable, "malformed-table", Error, "A termbase (CSV/TSV, TBX) that cannot be read: no header row, XML that does not parse.";
    UnreadableFile, "unreadable-file", Warning, "A glossary file or folder that cannot be read.";
    TooManyFiles, "too-many-files", Warning, "A glossary with more files than `files.max-glossary-files`.";
    FileTooLarge, "file-too-large", Warning, "A glossary file larger than `files.max-glossary-size`.";
    BinaryFile, "binary-file", Warning, "A file in a glossary folder that is not text.";
    NotUtf8, "not-utf8", Warning, "A glossary file that is not valid UTF-8.";
    NotAFile, "not-a-file", Warning, "A path in a glossary folder that is not a regular file (a device, a FIFO).";
    AvoidedTerm, "avoided-term", Warning, "A variant the glossary says to avoid (`avoid:`), with the name to write instead.";
    WrongCase, "wrong-case", Warning, "A name of a `case: exact` entry written in another letter case.";
}

impl Code {
    /// The code a configured name stands for.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
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
