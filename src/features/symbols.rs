//! Glossary entries by fuzzy query, for workspace symbol search.

use crate::glossary::EntryId;
use crate::index::GlossaryIndex;
use crate::text::fold::fold_term;

/// Entries whose title, acronym or synonym matches `query` as a fuzzy
/// subsequence, best first: exact, prefix, word prefix, then subsequence.
pub fn search(index: &GlossaryIndex, query: &str, limit: usize) -> Vec<EntryId> {
    let query = fold_term(query);
    let mut scored: Vec<(u32, usize, EntryId)> = Vec::new();
    for (id, entry) in index.glossary.entries().iter().enumerate() {
        let best = entry
            .surface_forms
            .iter()
            .filter_map(|form| score(&fold_term(form), &query))
            .min();
        if let Some(score) = best {
            scored.push((score, entry.title.len(), id as EntryId));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, _, id)| id)
        .collect()
}

/// Lower is better; `None` when `query` is not a subsequence of `name`.
fn score(name: &str, query: &str) -> Option<u32> {
    if query.is_empty() {
        return Some(4);
    }
    if name == query {
        return Some(0);
    }
    if name.starts_with(query) {
        return Some(1);
    }
    if name.split(' ').any(|w| w.starts_with(query)) || name.contains(query) {
        return Some(2);
    }
    let mut chars = name.chars();
    query
        .chars()
        .all(|q| q == ' ' || chars.any(|c| c == q))
        .then_some(3)
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn ranks() {
        assert_eq!(score("deep learning", "deep learning"), Some(0));
        assert_eq!(score("deep learning", "deep"), Some(1));
        assert_eq!(score("deep learning", "learn"), Some(2));
        assert_eq!(score("deep learning", "dpl"), Some(3));
        assert_eq!(score("deep learning", "xyz"), None);
    }
}
