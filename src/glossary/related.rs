//! Related terms: a comma-separated line or a bullet list, items optionally
//! Markdown links.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::entry::RelatedTerm;

/// Longer pieces of a comma list are sentences, not terms.
const MAX_TERM_WORDS: usize = 8;

/// Parses the body of a Related terms section starting at `base` in its file.
pub fn parse(section: &str, base: usize) -> Vec<RelatedTerm> {
    let items = list_items(section);
    if items.is_empty() {
        let terms = comma_list(section, base);
        // A section written as sentences is prose about related ideas, not a list.
        if terms
            .iter()
            .any(|t| t.text.split_whitespace().count() > MAX_TERM_WORDS)
        {
            return Vec::new();
        }
        return terms;
    }
    let mut terms = Vec::new();
    for item in items {
        let raw = &section[item.clone()];
        let body_start = item.start + (raw.len() - strip_marker(raw).len());
        let body = &section[body_start..item.end];
        terms.extend(term_at(body, base + body_start));
    }
    terms
}

/// Source ranges of the items of the first list in the section.
fn list_items(section: &str) -> Vec<Range<usize>> {
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new(section).into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => {
                depth += 1;
                if depth == 1 {
                    items.push(range);
                }
            }
            Event::End(TagEnd::Item) => depth = depth.saturating_sub(1),
            // A nested list belongs to the item, not to its term.
            Event::Start(Tag::List(_)) if depth == 1 => {
                if let Some(item) = items.last_mut() {
                    item.end = item.end.min(range.start);
                }
            }
            _ => {}
        }
    }
    items
}

fn strip_marker(item: &str) -> &str {
    let t = item.trim_start();
    let t = t.strip_prefix(['-', '*', '+']).unwrap_or_else(|| {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            t[digits..].strip_prefix(['.', ')']).unwrap_or(t)
        } else {
            t
        }
    });
    t.trim_start()
}

/// Splits at commas outside parentheses and brackets; a trailing period is
/// not part of the last term.
fn comma_list(section: &str, base: usize) -> Vec<RelatedTerm> {
    let mut terms = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in section.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | '\n' if depth <= 0 => {
                terms.extend(term_at(&section[start..i], base + start));
                start = i + 1;
                depth = 0;
            }
            _ => {}
        }
    }
    terms.extend(term_at(&section[start..], base + start));
    terms
}

/// One term from a piece of text: trimmed, without a trailing period, and
/// unwrapped when it is a Markdown link.
fn term_at(piece: &str, base: usize) -> Option<RelatedTerm> {
    let mut text = piece.trim();
    text = text.strip_suffix('.').unwrap_or(text).trim_end();
    text = text.trim_start_matches(['-', '*', '+']).trim_start();
    if text.is_empty() {
        return None;
    }
    let start = base + offset_in(piece, text);
    if let Some((label, dest)) = split_link(text) {
        let label = label.trim();
        let label_start = base + offset_in(piece, label);
        return Some(RelatedTerm {
            text: label.to_string(),
            range: label_start..label_start + label.len(),
            link: Some(dest.to_string()),
            implied: false,
        });
    }
    Some(RelatedTerm {
        text: text.to_string(),
        range: start..start + text.len(),
        link: None,
        implied: false,
    })
}

/// Offset of `part`, a subslice of `whole`, inside `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// `[label](dest)` -> (label, dest).
fn split_link(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('[')?;
    let close = rest.find("](")?;
    let dest = rest[close + 2..].strip_suffix(')')?;
    let dest = dest.split_whitespace().next().unwrap_or("");
    Some((&rest[..close], dest.trim_matches(['<', '>'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(section: &str) -> Vec<String> {
        parse(section, 0).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn comma_list_respects_parentheses_and_trailing_period() {
        assert_eq!(
            texts("Recurrent Neural Networks (RNNs, LSTMs), Deep Learning.\n"),
            vec!["Recurrent Neural Networks (RNNs, LSTMs)", "Deep Learning"]
        );
    }

    #[test]
    fn bullet_list_with_links() {
        let section = "\n* [Horizontal Scaling](/horizontal-scaling/)\n* Vertical Scaling\n";
        let terms = parse(section, 10);
        assert_eq!(terms[0].text, "Horizontal Scaling");
        assert_eq!(terms[0].link.as_deref(), Some("/horizontal-scaling/"));
        assert_eq!(
            &section[terms[0].range.start - 10..terms[0].range.end - 10],
            "Horizontal Scaling"
        );
        assert_eq!(terms[1].text, "Vertical Scaling");
        assert_eq!(
            &section[terms[1].range.start - 10..terms[1].range.end - 10],
            "Vertical Scaling"
        );
    }

    #[test]
    fn ranges_point_at_the_terms() {
        let section = "Deep Learning, Machine Learning";
        let terms = parse(section, 0);
        assert_eq!(&section[terms[1].range.clone()], "Machine Learning");
    }
}
