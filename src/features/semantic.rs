//! Semantic tokens: the term occurrences of a document, so that themes can
//! mark them.
//!
//! A term may wrap onto the next line (and, in a quote or a list item,
//! across the line's `> ` or indentation). Such an occurrence becomes one
//! token per line, each holding only the term's own text: every client
//! can show tokens that stay on one line, and the marker between the two
//! halves is not painted as part of the term.

use std::ops::Range;

use super::DocContext;
use super::link_targets::{LinkTarget, classify};
use crate::analysis::Analysis;
use crate::glossary::EntryId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the document, on one line.
    pub range: Range<usize>,
    pub entry: EntryId,
    /// The occurrence is the text of a link to its own entry.
    pub linked: bool,
}

/// Tokens of the occurrences that overlap `within`, in document order.
/// Pieces of a wrapped occurrence outside `within` are left out.
pub fn tokens(ctx: &DocContext<'_>, doc: &Analysis, within: Range<usize>) -> Vec<Token> {
    let occurrences = doc.occurrences();
    // Occurrences do not overlap: their ends are in order too.
    let first = occurrences.partition_point(|o| o.range.end <= within.start);
    let last = occurrences.partition_point(|o| o.range.start < within.end);
    let links = &doc.prose().links;
    let mut out = Vec::new();
    for occurrence in &occurrences[first..last.max(first)] {
        let linked = occurrence
            .link
            .and_then(|i| links.get(i as usize))
            .is_some_and(|link| {
                classify(ctx.index, ctx.rules, ctx.path, link)
                    == LinkTarget::Entry(occurrence.entry)
            });
        for piece in pieces(doc, occurrence.range.clone()) {
            if piece.start < within.end && within.start < piece.end {
                out.push(Token {
                    range: piece,
                    entry: occurrence.entry,
                    linked,
                });
            }
        }
    }
    out
}

/// The parts of `range` on each line, without line prefixes (the prose's
/// holes) and without the white space around the breaks.
fn pieces(doc: &Analysis, range: Range<usize>) -> Vec<Range<usize>> {
    let text = doc.text();
    let mut parts = Vec::new();
    let mut from = range.start;
    for hole in doc.prose().holes_in(range.clone()) {
        parts.push(from..hole.start.max(from));
        from = hole.end.max(from);
    }
    parts.push(from..range.end.max(from));

    let mut out = Vec::new();
    for part in parts {
        let Some(slice) = text.get(part.clone()) else {
            continue;
        };
        let mut start = part.start;
        for line in slice.split(['\n', '\r']) {
            let lead = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                out.push(start + lead..start + lead + trimmed.len());
            }
            start += line.len() + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Scanner;
    use crate::features::link_targets::LinkRules;
    use crate::glossary::builtin;
    use crate::index::{DocKind, GlossaryIndex};

    fn show(text: &str) -> Vec<(String, bool)> {
        let scanner = Scanner::new(GlossaryIndex::new(builtin::glossary()));
        let doc = Analysis::new(text.to_string(), DocKind::Markdown, &scanner);
        let rules = LinkRules::default();
        let ctx = DocContext {
            index: scanner.index(),
            rules: &rules,
            path: None,
            entry: None,
        };
        tokens(&ctx, &doc, 0..text.len())
            .into_iter()
            .map(|t| (text[t.range].to_string(), t.linked))
            .collect()
    }

    #[test]
    fn wrapped_terms_become_one_token_per_line() {
        assert_eq!(
            show("Some deep\nlearning here.\n"),
            [("deep".to_string(), false), ("learning".to_string(), false)]
        );
        assert_eq!(
            show("> A neural\r\n> network.\n"),
            [
                ("neural".to_string(), false),
                ("network".to_string(), false)
            ]
        );
        assert_eq!(
            show("- a large language\n  model\n"),
            [
                ("large language".to_string(), false),
                ("model".to_string(), false)
            ]
        );
    }

    #[test]
    fn occurrences_in_a_link_to_their_entry_are_linked() {
        assert_eq!(
            show("[Deep learning]({{< ref \"deep-learning\" >}}) and [deep learning](x.md).\n"),
            [
                ("Deep learning".to_string(), true),
                ("deep learning".to_string(), false)
            ]
        );
    }
}
