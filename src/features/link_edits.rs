//! Turning term occurrences into Markdown links to their entries.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use super::link_targets::{LinkRules, LinkTarget, classify, link_target};
use crate::glossary::EntryId;
use crate::index::{GlossaryIndex, Occurrence, Prose};

/// A replacement of a byte range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// `[written](target)`, the written text kept exactly.
pub fn link_edit(text: &str, range: Range<usize>, target: &str) -> TextEdit {
    let written = &text[range.clone()];
    let destination = if target.contains([' ', '(', ')']) && !target.starts_with("{{") {
        format!("<{target}>")
    } else {
        target.to_string()
    };
    TextEdit {
        range,
        new_text: format!("[{}]({destination})", escape_link_text(written)),
    }
}

fn escape_link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// Entries that the document already links to somewhere.
pub fn linked_entries(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    prose: &Prose,
) -> HashSet<EntryId> {
    prose
        .links
        .iter()
        .filter_map(|link| match classify(index, rules, doc_path, link) {
            LinkTarget::Entry(id) => Some(id),
            _ => None,
        })
        .collect()
}

/// The first occurrence of each entry that the document does not link to
/// yet, leaving out occurrences already inside any link.
pub fn first_unlinked<'a>(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    prose: &Prose,
    occurrences: &'a [Occurrence],
) -> Vec<&'a Occurrence> {
    let mut done = linked_entries(index, rules, doc_path, prose);
    occurrences
        .iter()
        .filter(|occ| occ.link.is_none())
        // A heading stays as it is: links there read as navigation.
        .filter(|occ| !prose.in_heading(occ.range.start))
        .filter(|occ| done.insert(occ.entry))
        .collect()
}

/// Edits that link the first unlinked occurrence of every term.
pub fn link_all_first(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    text: &str,
    prose: &Prose,
    occurrences: &[Occurrence],
) -> Vec<TextEdit> {
    first_unlinked(index, rules, doc_path, prose, occurrences)
        .into_iter()
        .map(|occ| {
            let target = link_target(index, rules, doc_path, occ.entry);
            link_edit(text, occ.range.clone(), &target)
        })
        .collect()
}

/// Applies non-overlapping edits to a text (for previews and tests).
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_written_text() {
        let text = "We use Neural Networks.";
        let edit = link_edit(text, 7..22, "../glossary/neural-network.md");
        assert_eq!(
            apply(text, &[edit]),
            "We use [Neural Networks](../glossary/neural-network.md)."
        );
    }

    #[test]
    fn wraps_destinations_with_spaces() {
        let edit = link_edit("a GAN", 2..5, "my glossary/gan.md");
        assert_eq!(edit.new_text, "[GAN](<my glossary/gan.md>)");
    }
}
