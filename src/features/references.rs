//! Find references: where a document names a glossary entry.
//!
//! A document names an entry with a term occurrence, with a link to the
//! entry (whatever the link's text says), and, in a glossary entry file,
//! with a related term. The entry's own file declares it at its title.
//! The server runs this over every open document and every Markdown and
//! text file of the workspace.

use std::ops::Range;

use super::DocContext;
use super::link_targets::{LinkTarget, classify};
use crate::analysis::Analysis;
use crate::glossary::EntryId;
use crate::glossary::parse::parse_entry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The entry's title in its own file.
    Declaration,
    Occurrence,
    /// A link to the entry with no occurrence of its term in the link text.
    Link,
    /// A related term (in an entry file) that is not also an occurrence.
    RelatedTerm,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Byte range in the document.
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Every place `doc` names `entry`, in document order. In the entry's own
/// file, the title is the declaration: reported when `include_declaration`
/// says so, and never as an occurrence too.
pub fn references(
    ctx: &DocContext<'_>,
    doc: &Analysis,
    entry: EntryId,
    include_declaration: bool,
) -> Vec<Reference> {
    let mut found: Vec<Reference> = doc
        .occurrences()
        .iter()
        .filter(|o| o.entry == entry)
        .map(|o| Reference {
            range: o.range.clone(),
            kind: Kind::Occurrence,
        })
        .collect();
    let occurrences = found.len();

    for link in &doc.prose().links {
        let names_entry = matches!(
            classify(ctx.index, ctx.rules, ctx.path, link),
            LinkTarget::Entry(id) if id == entry
        );
        if names_entry && !overlaps_any(&found[..occurrences], &link.range) {
            found.push(Reference {
                range: link.range.clone(),
                kind: Kind::Link,
            });
        }
    }

    if let Some(file_entry) = ctx.entry {
        // The file as it is now, not as it was loaded.
        let loaded = ctx.index.entry(file_entry);
        let parsed = parse_entry(doc.text(), &loaded.slug, loaded.path.clone());
        for term in &parsed.related {
            if ctx.index.glossary.resolve_related_term(term) == Some(entry)
                && !overlaps_any(&found, &term.range)
            {
                found.push(Reference {
                    range: term.range.clone(),
                    kind: Kind::RelatedTerm,
                });
            }
        }
        if file_entry == entry {
            let title = parsed.title_range;
            // A `#` title is prose, and its term an occurrence: it is the
            // declaration instead.
            if !title.is_empty() {
                found.retain(|r| !overlaps(&r.range, &title));
            }
            if include_declaration {
                found.push(Reference {
                    range: title,
                    kind: Kind::Declaration,
                });
            }
        }
    }

    found.sort_by_key(|r| (r.range.start, r.range.end, r.kind));
    found
}

/// Whether `range` shares a byte with one of `refs` (an empty range counts
/// when it sits inside).
fn overlaps_any(refs: &[Reference], range: &Range<usize>) -> bool {
    refs.iter().any(|r| overlaps(&r.range, range))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

#[cfg(test)]
mod tests {
    use super::overlaps;

    #[test]
    fn overlap_of_ranges_and_empty_ranges() {
        assert!(overlaps(&(0..4), &(3..5)));
        assert!(!overlaps(&(0..4), &(4..5)));
        assert!(overlaps(&(0..4), &(2..2)));
        assert!(!overlaps(&(0..4), &(4..4)));
        assert!(overlaps(&(0..0), &(0..0)));
    }
}
