//! Turning term occurrences into Markdown links to their entries.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use super::link_targets::{LinkRules, LinkTarget, classify, link_target, reference_text};
use crate::glossary::EntryId;
use crate::index::{GlossaryIndex, Occurrence, Prose};

/// A replacement of a byte range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// `[written](target)`, the written text kept exactly, and the page
/// rendering as before but for the new link:
///
/// - a `!` right before the term would make the link an image: it is
///   escaped (`\!`);
/// - a backslash right before the term (`C:\LLM`) would escape the `[`:
///   it is doubled, so it still shows;
/// - the destination is percent-encoded where Markdown or a URL would read
///   a character otherwise (space, `#`, `%`, `?`, `|` which ends a table
///   cell, brackets, parentheses, `<`, `>`, backslash, backtick, controls).
///   The server's own link check decodes it again.
pub fn link_edit(text: &str, range: Range<usize>, target: &str) -> TextEdit {
    let written = &text[range.clone()];
    let destination = if target.starts_with("{{") {
        // A Hugo shortcode: written as it is.
        target.to_string()
    } else if let Some((page, anchor)) = page_and_anchor(target) {
        // The `#` of a link into a one-file glossary is the fragment's.
        format!(
            "{}#{}",
            encode_destination(page),
            encode_destination(anchor)
        )
    } else {
        encode_destination(target)
    };
    let before = &text[..range.start];
    let backslashes = before.len() - before.trim_end_matches('\\').len();
    let (start, prefix) = if backslashes % 2 == 1 {
        // An odd run: its last backslash would escape the `[`.
        (range.start - 1, "\\\\")
    } else if before.ends_with('!') && !escaped_at(text, range.start - 1) {
        (range.start - 1, "\\!")
    } else {
        (range.start, "")
    };
    TextEdit {
        range: start..range.end,
        new_text: format!("{prefix}[{}]({destination})", escape_link_text(written)),
    }
}

/// The edit that links the occurrence at `range` to entry `id` in the
/// configured style: a Markdown link, or a reference of the site's own
/// syntax (a shortcode, a role) holding the words as written.
pub fn entry_link_edit(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    text: &str,
    range: Range<usize>,
    id: EntryId,
) -> TextEdit {
    match reference_text(index, rules, id, &text[range.clone()]) {
        Some(new_text) => TextEdit { range, new_text },
        None => link_edit(text, range, &link_target(index, rules, doc_path, id)),
    }
}

/// `glossary.md#page-bundle`: a Markdown page and an anchor in it.
fn page_and_anchor(target: &str) -> Option<(&str, &str)> {
    let (page, anchor) = target.rsplit_once('#')?;
    let anchor_like = !anchor.is_empty()
        && anchor
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    (anchor_like && crate::markdown::is_markdown_path(Path::new(page))).then_some((page, anchor))
}

/// Whether linking `range` keeps the page as it renders. Not when an
/// emphasis delimiter run (`*`, `_`, `~`) touches the term and anything
/// but white space (or the text's edge) is on the run's other side
/// (`*Term*s`, `!*Term`): the link's `[` and `)` are punctuation where the
/// term had letters, which changes whether the run opens or closes
/// emphasis. Such an occurrence gets no link edit; `**Term**` between
/// spaces does.
pub fn linkable(text: &str, range: Range<usize>) -> bool {
    let delimiter = |c: &char| matches!(c, '*' | '_' | '~');
    let before = &text[..range.start];
    let after = &text[range.end..];
    // A run is of one character: `~*` is two runs.
    let safe_before = before
        .chars()
        .next_back()
        .filter(delimiter)
        .is_none_or(|d| {
            before
                .trim_end_matches(d)
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
        });
    let safe_after = after.chars().next().filter(delimiter).is_none_or(|d| {
        after
            .trim_start_matches(d)
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    });
    // Inside what reads as an entity (`&Gamma;` shows as one letter).
    let entity = before
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '#')
        .ends_with('&')
        && after
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
            .starts_with(';');
    safe_before && safe_after && !entity
}

/// Whether the byte at `at` is escaped by an odd run of backslashes before it.
fn escaped_at(text: &str, at: usize) -> bool {
    let before = &text[..at];
    (before.len() - before.trim_end_matches('\\').len()) % 2 == 1
}

/// `target` as a Markdown link destination that means the same URL.
pub fn encode_destination(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for c in target.chars() {
        match c {
            ' ' | '#' | '%' | '?' | '|' | '(' | ')' | '[' | ']' | '<' | '>' | '\\' | '`' | '"' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn escape_link_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
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
        // A variant to avoid is replaced, not linked.
        .filter(|occ| occ.link.is_none() && occ.avoided.is_none())
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
    let mut done = linked_entries(index, rules, doc_path, prose);
    occurrences
        .iter()
        .filter(|occ| {
            occ.link.is_none() && occ.avoided.is_none() && linkable(text, occ.range.clone())
        })
        // A heading stays as it is: links there read as navigation.
        .filter(|occ| !prose.in_heading(occ.range.start))
        .filter(|occ| done.insert(occ.entry))
        .map(|occ| entry_link_edit(index, rules, doc_path, text, occ.range.clone(), occ.entry))
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
    fn encodes_destinations() {
        let edit = link_edit("a GAN", 2..5, "my glossary/g#a|n (1) 50%.md");
        assert_eq!(
            edit.new_text,
            "[GAN](my%20glossary/g%23a%7Cn%20%281%29%2050%25.md)"
        );
        let shortcode = link_edit("a GAN", 2..5, "{{< ref \"glossary/gan\" >}}");
        assert_eq!(shortcode.new_text, "[GAN]({{< ref \"glossary/gan\" >}})");
    }

    #[test]
    fn terms_touched_by_emphasis_or_inside_entities_are_not_linked() {
        let ok = |text: &str| {
            let at = text.find("Term").unwrap();
            linkable(text, at..at + 4)
        };
        assert!(ok("a **Term** b"));
        assert!(ok("**Term**"));
        assert!(ok("Term"));
        assert!(!ok("*Term*s"));
        assert!(!ok("!*Term* x"));
        assert!(!ok("~*~Term"));
        assert!(!ok("&Term;"));
        assert!(ok("& Term;"));
    }

    #[test]
    fn a_bang_or_a_backslash_before_the_term_keeps_its_meaning() {
        let edit = |text: &str, word: &str| {
            let at = text.find(word).unwrap();
            apply(text, &[link_edit(text, at..at + word.len(), "e.md")])
        };
        assert_eq!(edit("Wow!LLM", "LLM"), "Wow\\![LLM](e.md)");
        assert_eq!(edit("C:\\LLM", "LLM"), "C:\\\\[LLM](e.md)");
        assert_eq!(edit("C:\\\\LLM", "LLM"), "C:\\\\[LLM](e.md)");
        assert_eq!(edit("a \\!LLM", "LLM"), "a \\![LLM](e.md)");
    }
}
