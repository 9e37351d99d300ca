//! The entry model: one glossary term and everything known about it.

use std::ops::Range;
use std::path::PathBuf;

use crate::problem::Problem;

/// Index of an entry in its [`super::Glossary`].
pub type EntryId = u32;

#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// File stem, or the folder name of a page bundle.
    pub slug: String,
    pub title: String,
    /// Names the entry goes by in prose: the title (without its acronym),
    /// the acronym, and synonyms.
    pub surface_forms: Vec<String>,
    pub summary: Option<String>,
    pub eli5: Option<String>,
    /// Where the in-depth explanation is written in the text the entry was
    /// read from. No feature shows it, so its text is not kept: a glossary
    /// of long entries would hold most of its files in memory for nothing.
    pub in_depth: Option<Range<usize>>,
    pub related: Vec<RelatedTerm>,
    pub draft: bool,
    pub path: SharedPath,
    /// True for entries of the glossary compiled into the binary.
    pub builtin: bool,
    /// Where the title is written in the file.
    pub title_range: Range<usize>,
    pub problems: Vec<Problem>,
    /// `match: false` in front matter: known for links, lookup and
    /// completion, never looked for in prose.
    pub no_match: bool,
    /// What few entries have, behind one pointer ([`Entry::extras`]).
    pub extras: Option<Box<Extras>>,
    /// A section of a page of many entries (a one-file glossary): links
    /// name it as `file#slug`.
    pub anchored: bool,
    /// Variants writers should not use for this term (`avoid:` in front
    /// matter, deprecated terms of a termbase), in declaration order.
    pub avoid: Vec<Avoided>,
    /// `case: exact`: the names must be written as given, letter case
    /// included, and the avoided variants are matched in their own case.
    pub case_exact: bool,
    /// The names are found only as written, letter case included, as their
    /// tool matches them (MkDocs abbreviations). Unlike `case_exact`,
    /// another case is not this entry at all, so it is never a wrong case.
    pub names_as_written: bool,
}

/// The parts of an entry that few entries have: a termbase row carries one
/// empty pointer for all of them instead of about two hundred bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// Sections other than summary, ELI5 and in-depth, in file order.
    pub other_sections: Vec<Section>,
    /// A body that only says "See [other entry]": the link's text and
    /// destination. Such an entry is another name of the one it points at.
    pub see: Option<(String, String)>,
    /// Names of this entry that the settings (`match.ignore`) keep out of
    /// prose matching, folded.
    pub unmatched: Vec<String>,
    /// Names taken from link texts that point at the entry
    /// (`match.link-text-names`), also in `surface_forms`.
    pub taught: Vec<String>,
    /// Another slug the entry answers to in references: the `id` of a
    /// Kubernetes-style entry, which shortcodes name as `term_id`.
    pub term_id: Option<String>,
    /// The definition as its tool shows it beside the summary: the text
    /// before `<!--more-->`, a one-file glossary's section.
    pub definition: Option<String>,
    /// Where the entry's full explanation lives (`full_link`).
    pub full_link: Option<String>,
    pub tags: Vec<String>,
}

static NO_EXTRAS: Extras = Extras {
    other_sections: Vec::new(),
    see: None,
    unmatched: Vec::new(),
    taught: Vec::new(),
    term_id: None,
    definition: None,
    full_link: None,
    tags: Vec::new(),
};

impl Extras {
    /// Boxed, or nothing when there is nothing in them.
    pub fn boxed(self) -> Option<Box<Extras>> {
        (self != NO_EXTRAS).then(|| Box::new(self))
    }
}

impl Entry {
    /// The entry's rarer parts (all empty for most entries).
    pub fn extras(&self) -> &Extras {
        self.extras.as_deref().unwrap_or(&NO_EXTRAS)
    }

    /// The same, to change: made on first use.
    pub fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Default::default)
    }
}

/// An entry's file path, one copy for every entry of the same file (the
/// rows of a termbase, the sections of a one-file glossary).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SharedPath(std::sync::Arc<std::path::Path>);

impl Default for SharedPath {
    fn default() -> Self {
        SharedPath(std::path::Path::new("").into())
    }
}

impl SharedPath {
    /// Whether both are the same path as written: at once when they are one
    /// copy, as the rows of a termbase are.
    pub fn is(&self, other: &SharedPath) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.0.as_os_str() == other.0.as_os_str()
    }
}

impl std::ops::Deref for SharedPath {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for SharedPath {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl std::borrow::Borrow<std::path::Path> for SharedPath {
    fn borrow(&self) -> &std::path::Path {
        &self.0
    }
}

impl From<&std::path::Path> for SharedPath {
    fn from(path: &std::path::Path) -> Self {
        SharedPath(path.into())
    }
}

impl From<PathBuf> for SharedPath {
    fn from(path: PathBuf) -> Self {
        SharedPath(path.into())
    }
}

impl PartialEq<std::path::Path> for SharedPath {
    fn eq(&self, other: &std::path::Path) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<PathBuf> for SharedPath {
    fn eq(&self, other: &PathBuf) -> bool {
        *self.0 == **other
    }
}

/// A variant to avoid, and why, when the glossary says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Avoided {
    pub term: String,
    pub because: Option<String>,
}

/// The avoided variants worth looking for: trimmed, without repeats and
/// without those that fold to one of the entry's own names.
pub fn avoided_variants(
    names: &[String],
    declared: impl IntoIterator<Item = Avoided>,
) -> Vec<Avoided> {
    use crate::text::fold::fold_term;
    let mut seen: Vec<String> = names.iter().map(|n| fold_term(n)).collect();
    let mut out = Vec::new();
    for avoided in declared {
        let term = avoided.term.trim();
        let folded = fold_term(term);
        if folded.is_empty() || seen.contains(&folded) {
            continue;
        }
        seen.push(folded);
        out.push(Avoided {
            term: term.to_string(),
            because: avoided
                .because
                .map(|b| b.trim().to_string())
                .filter(|b| !b.is_empty()),
        });
    }
    out
}

/// Keeps the names listed in `ignore` out of prose matching. Only entries
/// that change are copied out of the sources they share.
pub fn ignore_names(entries: &mut [std::sync::Arc<Entry>], ignore: &[String]) {
    if ignore.is_empty() {
        return;
    }
    let ignore: std::collections::HashSet<String> = ignore
        .iter()
        .map(|n| crate::text::fold::fold_term(n))
        .collect();
    for entry in entries {
        let unmatched: Vec<String> = entry
            .surface_forms
            .iter()
            .map(|f| crate::text::fold::fold_term(f))
            .filter(|f| ignore.contains(f))
            .collect();
        if unmatched != entry.extras().unmatched {
            std::sync::Arc::make_mut(entry).extras_mut().unmatched = unmatched;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    /// Where the body is written in the text the entry was read from (not
    /// kept as text: nothing shows it).
    pub body: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedTerm {
    /// The term as written in the entry.
    pub text: String,
    /// Where it is written in the entry file.
    pub range: Range<usize>,
    /// Destination when the item is a Markdown link. What the term names
    /// is the glossary's to say (`Glossary::related`).
    pub link: Option<String>,
    /// Taken from a link in the entry's text (there is no Related terms
    /// section): kept only when it names an entry, never reported.
    pub implied: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_termbase_row_carries_no_room_for_parts_it_does_not_have() {
        // A million-row termbase holds a million entries: what an entry
        // without rare parts costs is paid a million times.
        let size = std::mem::size_of::<Entry>();
        assert!(size <= 288, "Entry grew to {size} bytes");
        let plain = Entry::default();
        assert!(plain.extras.is_none());
        assert_eq!(Extras::default().boxed(), None);
        let tagged = Extras {
            tags: vec!["x".into()],
            ..Extras::default()
        };
        assert!(tagged.boxed().is_some());
    }
}
