//! Completion: glossary terms while typing, entry titles in an entry's
//! Related terms, link targets inside `](`, and entry names inside a
//! `term_id="…"` shortcode argument or a MyST {term} role.
//!
//! Items are filtered here by the word being typed (case-insensitive, at the
//! start of any word of a term, so `lear` finds Machine Learning) and the
//! client filters further as the word grows; the list is marked incomplete
//! only when it was cut short.

use crate::text::hash::{FastMap, FastSet};
use std::ops::Range;

use super::DocContext;
use super::definition::related_terms;
use super::hover::markdown_text;
use super::link_targets::link_target;
use crate::analysis::Analysis;
use crate::glossary::EntryId;
use crate::index::DocKind;
use crate::text::fold::fold_term;

/// At most this many items; more make the list incomplete.
pub const LIMIT: usize = 200;

/// The longest summary an item carries, in bytes of its source: a list of
/// `LIMIT` items stays small whatever the glossary holds (the hover shows
/// the whole entry).
pub const MAX_DOCUMENTATION: usize = 1_000;

/// An item's documentation: its entry's summary, cut at a word end before
/// `MAX_DOCUMENTATION` bytes when longer, made inert like a hover.
fn documentation(summary: &str) -> String {
    if summary.len() <= MAX_DOCUMENTATION {
        return markdown_text(summary);
    }
    let cut = crate::text::floor_char_boundary(summary, MAX_DOCUMENTATION);
    let head = &summary[..cut];
    let head = head
        .rfind(char::is_whitespace)
        .map_or(head, |at| &head[..at])
        .trim_end();
    // Cut first, then made inert: what the cut leaves is checked too.
    format!("{} …", markdown_text(head).trim_end())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A term in prose.
    Term,
    /// An entry title in a Related terms section.
    RelatedTitle,
    /// A link destination.
    LinkTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub detail: String,
    /// Markdown.
    pub documentation: Option<String>,
    /// Text that replaces `replace`.
    pub insert: String,
    pub replace: Range<usize>,
    /// What the client matches the typed text against.
    pub filter: String,
    pub entry: EntryId,
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completions {
    /// In the order to show them.
    pub items: Vec<Item>,
    /// More items would match: the client should ask again as the word grows.
    pub incomplete: bool,
}

/// Completions at `offset`; `None` where none make sense (code, front
/// matter, URLs).
pub fn complete(ctx: &DocContext<'_>, doc: &Analysis, offset: usize) -> Option<Completions> {
    let text = doc.text();
    if offset > text.len()
        || !text.is_char_boundary(offset)
        || doc.in_front_matter(offset)
        || doc.in_block(offset)
    {
        return None;
    }
    if doc.kind() == DocKind::Markdown {
        if let Some(start) = link_destination_start(text, offset) {
            let named = link_text_before(text, start)
                .and_then(|label| super::link_targets::entry_named(ctx.index, label));
            return Some(link_targets(ctx, start..offset, named, &|id| {
                link_target(ctx.index, ctx.rules, ctx.path, id)
            }));
        }
        if let Some((start, by_id)) = reference_name_start(text, offset) {
            let glossary = &ctx.index.glossary;
            return Some(link_targets(ctx, start..offset, None, &|id| {
                let entry = glossary.entry(id);
                match by_id {
                    true => entry
                        .extras()
                        .term_id
                        .clone()
                        .unwrap_or_else(|| entry.slug.clone()),
                    false => entry.title.clone(),
                }
            }));
        }
        if ctx.entry.is_some() && in_related_section(doc, offset) {
            return Some(related_titles(ctx, doc, offset));
        }
    }
    terms(ctx, doc, offset)
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Inside `](dest|`: where the destination starts.
fn link_destination_start(text: &str, offset: usize) -> Option<usize> {
    let line = &text[line_start(text, offset)..offset];
    let open = line.rfind("](")?;
    let typed = &line[open + 2..];
    if typed.contains([')', ' ', '\t']) {
        return None;
    }
    Some(offset - typed.len())
}

/// The text of the link whose destination starts at `dest_start` (just
/// after `](`), when it is on the same line: `pods` in `[pods](`.
fn link_text_before(text: &str, dest_start: usize) -> Option<&str> {
    let before = text[..dest_start].strip_suffix("](")?;
    let line = &before[line_start(text, before.len())..];
    let open = line.rfind('[')?;
    Some(&line[open + 1..])
}

/// Inside a reference by name: `term_id="typed|` of a Kubernetes glossary
/// shortcode (`true`: the entry's id) or a MyST role {term}`typed|` or
/// {term}`text <typed|` (`false`: its title). Where the name starts.
fn reference_name_start(text: &str, offset: usize) -> Option<(usize, bool)> {
    let line = &text[line_start(text, offset)..offset];
    if let Some(open) = line.rfind("term_id=\"") {
        let typed = &line[open + "term_id=\"".len()..];
        if !typed.contains('"') {
            return Some((offset - typed.len(), true));
        }
    }
    let open = line.rfind("{term}`")?;
    let typed = &line[open + "{term}`".len()..];
    if typed.contains('`') {
        return None;
    }
    let name = typed.rsplit_once('<').map_or(typed, |(_, name)| name);
    Some((offset - name.len(), false))
}

/// Every entry as a completion replacing `replace` with `target(entry)`;
/// `named` (the entry a link's text names) first.
fn link_targets(
    ctx: &DocContext<'_>,
    replace: Range<usize>,
    named: Option<EntryId>,
    target: &dyn Fn(EntryId) -> String,
) -> Completions {
    let glossary = &ctx.index.glossary;
    let mut ids: Vec<EntryId> = (0..glossary.len() as EntryId)
        .filter(|&id| Some(id) != ctx.entry)
        .collect();
    ids.sort_by_cached_key(|&id| (Some(id) != named, glossary.entry(id).title.to_lowercase()));
    let incomplete = ids.len() > LIMIT;
    let items = ids
        .into_iter()
        .take(LIMIT)
        .map(|id| {
            let entry = glossary.entry(id);
            let target = target(id);
            Item {
                label: entry.title.clone(),
                detail: target.clone(),
                documentation: entry.summary.as_deref().map(documentation),
                filter: target.clone(),
                insert: target,
                replace: replace.clone(),
                entry: id,
                kind: ItemKind::LinkTarget,
            }
        })
        .collect();
    Completions { items, incomplete }
}

/// Whether `offset` is in the body of the entry's Related terms section.
fn in_related_section(doc: &Analysis, offset: usize) -> bool {
    crate::glossary::parse::related_section(doc.text())
        .is_some_and(|body| body.start <= offset && offset <= body.end)
}

fn related_titles(ctx: &DocContext<'_>, doc: &Analysis, offset: usize) -> Completions {
    let text = doc.text();
    let line_begin = line_start(text, offset);
    let line = &text[line_begin..offset];
    let item_start = match line.rfind(',') {
        Some(comma) => line_begin + comma + 1,
        None => {
            let body = line.trim_start();
            let body = body
                .strip_prefix(['-', '*', '+'])
                .map(str::trim_start)
                .unwrap_or(body);
            offset - body.len()
        }
    };
    let typed = text[item_start..offset].trim_start();
    let replace = offset - typed.len()..offset;
    let glossary = &ctx.index.glossary;
    let listed: Vec<EntryId> = related_terms(ctx, doc)
        .iter()
        .filter(|t| !(t.range.start <= offset && offset <= t.range.end))
        .filter_map(|t| glossary.resolve_related_term(t))
        .collect();
    let wanted = fold_term(typed);
    let mut found: Vec<(bool, String, EntryId)> = (0..glossary.len() as EntryId)
        .filter(|&id| Some(id) != ctx.entry && !listed.contains(&id))
        .filter_map(|id| {
            let title = &glossary.entry(id).title;
            let at = word_match(&fold_term(title), &wanted)?;
            Some((at != 0, title.to_lowercase(), id))
        })
        .collect();
    found.sort();
    let incomplete = found.len() > LIMIT;
    let items = found
        .into_iter()
        .take(LIMIT)
        .map(|(_, _, id)| {
            let entry = glossary.entry(id);
            Item {
                label: entry.title.clone(),
                detail: entry.title.clone(),
                documentation: entry.summary.as_deref().map(documentation),
                insert: entry.title.clone(),
                replace: replace.clone(),
                filter: entry.title.clone(),
                entry: id,
                kind: ItemKind::RelatedTitle,
            }
        })
        .collect();
    Completions { items, incomplete }
}

/// The index of the first word of `folded` that starts with `prefix`
/// (`Some(0)` for an empty prefix).
fn word_match(folded: &str, prefix: &str) -> Option<usize> {
    if prefix.is_empty() {
        return Some(0);
    }
    // A typed prefix may itself hold several words: match it from a word start.
    let starts = std::iter::once(0).chain(folded.match_indices(' ').map(|(i, _)| i + 1));
    starts
        .enumerate()
        .find(|&(_, at)| folded[at..].starts_with(prefix))
        .map(|(word, _)| word)
}

fn is_term_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '_'
}

/// Whether `offset`, just after `prefix_len` bytes of word, is in prose.
fn in_prose(doc: &Analysis, offset: usize, prefix_len: usize) -> bool {
    let segments = &doc.prose().segments;
    let after = segments.partition_point(|s| s.range.start < offset);
    let inside = after > 0 && segments[after - 1].range.end >= offset;
    if inside || prefix_len > 0 {
        return inside;
    }
    // Nothing typed yet: a blank line outside code is prose to be.
    let text = doc.text();
    let start = line_start(text, offset);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    text[start..end].trim().is_empty() || doc.kind() == DocKind::PlainText
}

fn terms(ctx: &DocContext<'_>, doc: &Analysis, offset: usize) -> Option<Completions> {
    let text = doc.text();
    let prefix_start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_term_char(c))
        .last()
        .map_or(offset, |(i, _)| i);
    if !in_prose(doc, offset, offset - prefix_start) {
        return None;
    }
    // Nothing typed right after punctuation (a trigger character such as
    // `(` outside a link): not the start of a term.
    if prefix_start == offset
        && text[..offset]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
    {
        return None;
    }
    let prefix = fold_term(&text[prefix_start..offset]);
    let glossary = &ctx.index.glossary;

    // Entries related to the terms the document uses, with the first used
    // term that brought each in.
    // Ids hash with the fast hasher: a large glossary gives thousands of
    // candidates per request.
    let mut related: FastMap<EntryId, EntryId> = FastMap::default();
    let mut seen: FastSet<EntryId> = FastSet::default();
    for occurrence in doc.occurrences() {
        if occurrence.range.end == offset || !seen.insert(occurrence.entry) {
            continue;
        }
        for &neighbour in glossary.neighbours(occurrence.entry) {
            related.entry(neighbour).or_insert(occurrence.entry);
        }
    }

    struct Found<'a> {
        group: u8,
        word: usize,
        form: &'a str,
        /// The folded form: the order items are shown in.
        key: &'a str,
        /// Which word of the form the prefix matched.
        matched_word: usize,
        id: EntryId,
    }
    let names = ctx.index.names();
    // Per entry, the first surface form that matches, preferring a match at
    // its start; then the word of that form the prefix matched.
    let mut best: FastMap<EntryId, (bool, usize, usize)> = FastMap::default();
    if prefix.is_empty() {
        for id in 0..glossary.len() as EntryId {
            if !glossary.entry(id).surface_forms.is_empty() {
                best.insert(id, (false, 0, 0));
            }
        }
    } else {
        for m in names.starting_with(&prefix) {
            let candidate = (m.word != 0, m.form, m.word);
            best.entry(m.entry)
                .and_modify(|b| {
                    if candidate < *b {
                        *b = candidate;
                    }
                })
                .or_insert(candidate);
        }
    }
    let mut found: Vec<Found<'_>> = best
        .into_iter()
        .map(|(id, (_, form, word))| Found {
            group: u8::from(!related.contains_key(&id)),
            word: usize::from(word != 0),
            form: glossary.entry(id).surface_forms[form].as_str(),
            key: names.folded(id, form),
            matched_word: word,
            id,
        })
        .collect();
    // Only the first LIMIT are shown: pick them before sorting.
    fn order<'a>(f: &Found<'a>) -> (u8, usize, &'a str, EntryId) {
        (f.group, f.word, f.key, f.id)
    }
    if found.len() > LIMIT {
        found.select_nth_unstable_by(LIMIT, |a, b| order(a).cmp(&order(b)));
    }
    let incomplete = found.len() > LIMIT;
    found.truncate(LIMIT);
    found.sort_by(|a, b| order(a).cmp(&order(b)));
    let items = found
        .into_iter()
        .take(LIMIT)
        .map(|f| {
            // Read from the text only for the items shown, not for every
            // name the prefix matched.
            let replace_start = if f.matched_word > 0 {
                earlier_words_start(text, prefix_start, f.key, f.matched_word)
                    .unwrap_or(prefix_start)
            } else {
                prefix_start
            };
            let entry = glossary.entry(f.id);
            let detail = match related.get(&f.id) {
                Some(&by) => format!("related to {}", glossary.entry(by).title),
                None => entry.title.clone(),
            };
            // The client matches what it replaces against the filter text:
            // from the matched word on when only that word was typed.
            let filter = if f.word != 0 && replace_start == prefix_start {
                from_word(f.form, &prefix)
            } else {
                f.form.to_string()
            };
            // The writer's capital stays: `Lea` gives `Leaf bundle` for the
            // entry `leaf bundle` (a sentence start, a heading).
            let written = with_case_of(&text[replace_start..offset], f.form);
            Item {
                label: written.clone(),
                detail,
                documentation: entry.summary.as_deref().map(documentation),
                insert: written,
                replace: replace_start..offset,
                filter,
                entry: f.id,
                kind: ItemKind::Term,
            }
        })
        .collect();
    Some(Completions { items, incomplete })
}

/// `form` with its first letter in capitals when the writer began with a
/// capital and the form begins in lowercase.
fn with_case_of(typed: &str, form: &str) -> String {
    let typed_capital = typed.chars().next().is_some_and(char::is_uppercase);
    let mut chars = form.chars();
    match chars.next() {
        Some(first) if typed_capital && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => form.to_string(),
    }
}

/// When the words of a term before the matched one are already written
/// before the prefix (`machine lea|` for Machine Learning), where they start.
fn earlier_words_start(
    text: &str,
    prefix_start: usize,
    folded_form: &str,
    word: usize,
) -> Option<usize> {
    let words: Vec<&str> = folded_form.split(' ').take(word).collect();
    let mut pos = prefix_start;
    for expected in words.iter().rev() {
        let before = &text[..pos];
        let word_end = before
            .trim_end_matches([' ', '-', '\u{2010}', '\u{2011}'])
            .len();
        if word_end == pos || word_end == 0 {
            return None;
        }
        let word_start = text[..word_end]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_term_char(c))
            .last()
            .map(|(i, _)| i)?;
        if fold_term(&text[word_start..word_end]) != *expected {
            return None;
        }
        pos = word_start;
    }
    Some(pos)
}

/// `Machine Learning` with prefix `lear` -> `Learning`.
fn from_word(form: &str, prefix: &str) -> String {
    let mut starts =
        std::iter::once(0).chain(form.match_indices([' ', '-']).map(|(i, sep)| i + sep.len()));
    match starts.find(|&i| fold_term(&form[i..]).starts_with(prefix)) {
        Some(i) => form[i..].to_string(),
        None => form.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_at_any_word_start() {
        assert_eq!(word_match("machine learning", "lear"), Some(1));
        assert_eq!(word_match("machine learning", "mach"), Some(0));
        assert_eq!(word_match("machine learning", "achine"), None);
        assert_eq!(word_match("machine learning", "machine le"), Some(0));
    }

    #[test]
    fn the_related_section_is_found_as_the_loader_finds_it() {
        use crate::glossary::parse::related_section;
        let text = "---\ntitle: \"Related terms\"\n---\n# GAN\n\nTwo nets.\n\n## Related Terms\nDeep Learning,\n\n#hashtag\n### In-depth\nMore.\n";
        let body = related_section(text).unwrap();
        assert_eq!(&text[body], "Deep Learning,\n\n#hashtag\n");
        assert_eq!(related_section("# GAN\n\nNo sections.\n"), None);
    }

    #[test]
    fn long_summaries_are_cut_at_a_word_end() {
        assert_eq!(documentation("Short <b>one</b>."), "Short \\<b>one\\</b>.");
        let long = "word ".repeat(1_000) + "END";
        let cut = documentation(&long);
        assert!(cut.len() <= MAX_DOCUMENTATION + 4, "{}", cut.len());
        assert!(cut.ends_with("word …"), "{cut}");
        let multibyte = "é".repeat(3_000);
        assert!(documentation(&multibyte).ends_with(" …"));
    }

    #[test]
    fn keeps_the_writers_capital() {
        assert_eq!(with_case_of("Lea", "leaf bundle"), "Leaf bundle");
        assert_eq!(with_case_of("lea", "leaf bundle"), "leaf bundle");
        assert_eq!(with_case_of("dee", "Deep Learning"), "Deep Learning");
        assert_eq!(with_case_of("", "leaf bundle"), "leaf bundle");
    }

    #[test]
    fn link_destinations() {
        assert_eq!(link_text_before("see [_pods_](", 13), Some("_pods_"));
        assert_eq!(link_text_before("a [b] c](", 9), Some("b] c"));
        assert_eq!(link_text_before("no link(", 8), None);
        assert_eq!(link_destination_start("see [x](../glo", 14), Some(8));
        assert_eq!(link_destination_start("see [x](a) b", 12), None);
    }

    #[test]
    fn filter_from_the_matched_word() {
        assert_eq!(from_word("Machine Learning", "lear"), "Learning");
        assert_eq!(from_word("Fine-Tuning", "tun"), "Tuning");
    }
}
