//! Finding glossary terms in documents.

pub mod matcher;
pub mod names;
pub mod words;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

pub use crate::markdown::{DocKind, Link, LinkKind, Prose, Segment};
pub use matcher::Matcher;

use crate::glossary::{Entry, EntryId, Glossary};

/// The names prose matching looks for, and those kept out of prose
/// matching (`match: false`, `match.ignore`): borrowed from the entry when
/// it keeps none out, as almost every entry does.
fn matched_and_blocked(entry: &Entry) -> (Cow<'_, [String]>, Cow<'_, [String]>) {
    if entry.no_match {
        return (Cow::Borrowed(&[]), Cow::Borrowed(&entry.surface_forms));
    }
    if entry.extras().unmatched.is_empty() {
        return (Cow::Borrowed(&entry.surface_forms), Cow::Borrowed(&[]));
    }
    let (blocked, matched): (Vec<String>, Vec<String>) =
        entry.surface_forms.iter().cloned().partition(|f| {
            entry
                .extras()
                .unmatched
                .contains(&crate::text::fold::fold_term(f))
        });
    (Cow::Owned(matched), Cow::Owned(blocked))
}

/// The variants prose matching looks for (none for an entry that opted
/// out), whether they keep their case, and whether the names match only
/// as written.
fn avoided_forms(entry: &Entry) -> (Vec<String>, bool, bool) {
    let variants = if entry.no_match {
        Vec::new()
    } else {
        entry.avoid.iter().map(|a| a.term.clone()).collect()
    };
    (variants, entry.case_exact, entry.names_as_written)
}

/// Each entry's names to match, those kept out of matching, and the
/// variants to avoid (with whether they keep their case, and whether the
/// names match only as written).
type Forms<'a> = (
    Vec<Cow<'a, [String]>>,
    Vec<Cow<'a, [String]>>,
    Vec<(Vec<String>, bool, bool)>,
);

fn forms_of(entries: &[Arc<Entry>]) -> Forms<'_> {
    let (matched, blocked) = entries.iter().map(|e| matched_and_blocked(e)).unzip();
    (
        matched,
        blocked,
        entries.iter().map(|e| avoided_forms(e)).collect(),
    )
}

fn matcher_of((forms, blocked, avoided): &Forms<'_>) -> Matcher {
    let avoided: Vec<matcher::AvoidedForms<'_>> = avoided
        .iter()
        .map(
            |(variants, exact_case, names_as_written)| matcher::AvoidedForms {
                variants,
                exact_case: *exact_case,
                names_as_written: *names_as_written,
            },
        )
        .collect();
    Matcher::with_all(
        forms.iter().map(|f| &**f),
        blocked.iter().map(|f| &**f),
        &avoided,
    )
}

/// One use of a glossary term in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in the document, plural ending included.
    pub range: Range<usize>,
    pub entry: EntryId,
    /// The link whose text holds the occurrence, as an index into the
    /// document's [`Prose::links`].
    pub link: Option<u32>,
    /// When the text is a variant the entry says to avoid: its index in
    /// the entry's `avoid` list.
    pub avoided: Option<u16>,
}

/// A glossary with its matcher: built once per glossary version, never
/// changed, shared behind an [`Arc`].
#[derive(Debug)]
pub struct GlossaryIndex {
    pub glossary: Glossary,
    pub matcher: Matcher,
    /// Built beside the matcher by `from_sources`; otherwise on first use
    /// (only completion needs it).
    names: std::sync::OnceLock<names::NameIndex>,
    /// Whether any entry is `case: exact`, found on first use.
    exact_case: std::sync::OnceLock<bool>,
}

impl GlossaryIndex {
    /// Builds the glossary from its sources, and meanwhile, on a second
    /// thread, the matcher over its entries' names: the two sides take
    /// about as long. The name index waits for its first use: a command
    /// line run has no completion to serve.
    pub fn from_sources(sources: crate::glossary::Sources) -> Arc<GlossaryIndex> {
        let crate::glossary::Sources {
            entries,
            roots,
            file_problems,
            other_pages,
            ..
        } = sources;
        GlossaryIndex::build(
            entries,
            |entries| {
                Glossary::from_shared(entries, roots, file_problems).with_other_pages(other_pages)
            },
            false,
        )
    }

    /// The same from entries and what makes the glossary of them, with the
    /// name index built beside the matcher: what a server loads serves
    /// completion.
    pub fn from_entries(
        entries: Vec<Arc<Entry>>,
        make: impl FnOnce(Vec<Arc<Entry>>) -> Glossary,
    ) -> Arc<GlossaryIndex> {
        GlossaryIndex::build(entries, make, true)
    }

    fn build(
        entries: Vec<Arc<Entry>>,
        make: impl FnOnce(Vec<Arc<Entry>>) -> Glossary,
        with_names: bool,
    ) -> Arc<GlossaryIndex> {
        // The side reads the same entries: no copy of their names.
        let shared = entries.clone();
        let (glossary, (matcher, names)) = std::thread::scope(|scope| {
            let side = scope.spawn(move || {
                let matcher = matcher_of(&forms_of(&shared));
                let names = with_names.then(|| {
                    names::NameIndex::from_forms(shared.iter().map(|e| e.surface_forms.as_slice()))
                });
                (matcher, names)
            });
            let glossary = make(entries);
            let side = side
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (glossary, side)
        });
        let mut matcher = matcher;
        matcher.redirect(|id| glossary.alias_target(id));
        let built = std::sync::OnceLock::new();
        if let Some(names) = names {
            let _ = built.set(names);
        }
        Arc::new(GlossaryIndex {
            glossary,
            matcher,
            names: built,
            exact_case: std::sync::OnceLock::new(),
        })
    }

    pub fn new(glossary: Glossary) -> Arc<GlossaryIndex> {
        let mut matcher = matcher_of(&forms_of(glossary.entries()));
        matcher.redirect(|id| glossary.alias_target(id));
        Arc::new(GlossaryIndex {
            glossary,
            matcher,
            names: std::sync::OnceLock::new(),
            exact_case: std::sync::OnceLock::new(),
        })
    }

    /// Entry names by prefix.
    pub fn names(&self) -> &names::NameIndex {
        self.names
            .get_or_init(|| names::NameIndex::build(&self.glossary))
    }

    /// Whether any entry asks for its names to be written in its case.
    pub fn has_exact_case_entries(&self) -> bool {
        *self
            .exact_case
            .get_or_init(|| self.glossary.entries().iter().any(|e| e.case_exact))
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        self.glossary.entry(id)
    }

    /// Every occurrence in the prose of a whole document.
    pub fn scan(&self, text: &str, prose: &Prose) -> Vec<Occurrence> {
        self.scan_range(text, prose, 0..text.len())
    }

    /// Occurrences that start inside `range`. Segments that cross the range's
    /// edges are scanned whole, so a term is never cut in two.
    pub fn scan_range(&self, text: &str, prose: &Prose, range: Range<usize>) -> Vec<Occurrence> {
        // Folded offsets are 32-bit; callers cap documents far below this.
        if text.len() > u32::MAX as usize {
            return Vec::new();
        }
        let mut buffer = crate::text::fold::Folded::default();
        let mut hits = Vec::new();
        let mut out = Vec::new();
        for segment in prose.segments_in(range.clone()) {
            hits.clear();
            let holes = prose.holes_in(segment.range.clone());
            self.matcher
                .find(text, segment.range.clone(), holes, &mut buffer, &mut hits);
            out.extend(
                hits.iter()
                    .filter(|h| h.start >= range.start && h.start < range.end)
                    .map(|h| Occurrence {
                        range: h.start..h.end,
                        entry: h.entry,
                        link: segment.link,
                        avoided: h.avoided,
                    }),
            );
        }
        out
    }
}
