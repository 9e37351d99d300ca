//! Go to entry: which glossary entry the text under the cursor stands for.
//!
//! Three things point at an entry: a term occurrence, a link to an entry
//! file or page, and (in an entry file) a related term. The server turns the
//! entry into its file and title position; hover uses the same lookup.

use std::ops::Range;

use super::DocContext;
use super::link_targets::{LinkTarget, classify};
use crate::analysis::Analysis;
use crate::glossary::parse::parse_entry;
use crate::glossary::{EntryId, RelatedTerm};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Occurrence,
    Link,
    RelatedTerm,
}

/// An entry and the text in the document that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub entry: EntryId,
    /// Byte range of the naming text in the document.
    pub range: Range<usize>,
    pub origin: Origin,
}

/// The entry named at `offset`, if any.
pub fn definition(ctx: &DocContext<'_>, doc: &Analysis, offset: usize) -> Option<Target> {
    target_at(ctx, doc, offset)
}

/// What names an entry at `offset`: a related term (in an entry file), a
/// term occurrence, or a link to an entry, in that order.
pub fn target_at(ctx: &DocContext<'_>, doc: &Analysis, offset: usize) -> Option<Target> {
    if ctx.entry.is_some()
        && let Some(target) = related_term_at(ctx, doc, offset)
    {
        return Some(target);
    }
    if let Some(occurrence) = doc.occurrence_at(offset) {
        return Some(Target {
            entry: occurrence.entry,
            range: occurrence.range.clone(),
            origin: Origin::Occurrence,
        });
    }
    doc.prose()
        .links
        .iter()
        .filter(|link| link.range.start <= offset && offset < link.range.end)
        .find_map(
            |link| match classify(ctx.index, ctx.rules, ctx.path, link) {
                LinkTarget::Entry(entry) => Some(Target {
                    entry,
                    range: link.range.clone(),
                    origin: Origin::Link,
                }),
                _ => None,
            },
        )
}

/// The related terms of an entry file as it is now in the editor, not as it
/// was loaded: ranges must match the open text.
pub fn related_terms(ctx: &DocContext<'_>, doc: &Analysis) -> Vec<RelatedTerm> {
    let Some(id) = ctx.entry else {
        return Vec::new();
    };
    let entry = ctx.index.entry(id);
    parse_entry(doc.text(), &entry.slug, entry.path.clone()).related
}

fn related_term_at(ctx: &DocContext<'_>, doc: &Analysis, offset: usize) -> Option<Target> {
    let term = related_terms(ctx, doc)
        .into_iter()
        .find(|t| t.range.start <= offset && offset <= t.range.end)?;
    let entry = ctx.index.glossary.resolve_related_term(&term)?;
    Some(Target {
        entry,
        range: term.range,
        origin: Origin::RelatedTerm,
    })
}
