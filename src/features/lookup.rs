//! Finding an entry by name, with suggestions when nothing matches.

use crate::glossary::EntryId;
use crate::index::GlossaryIndex;
use crate::text::fold::fold_term;
use crate::text::forms::resolution_key;

/// The entry `name` resolves to, or up to `limit` entries it may have meant.
pub fn lookup(index: &GlossaryIndex, name: &str, limit: usize) -> Result<EntryId, Vec<EntryId>> {
    if let Some(id) = index.glossary.resolve(name) {
        return Ok(id);
    }
    Err(suggest(index, name, limit))
}

/// The entry that lists `name` among the variants to avoid, and the
/// variant's index in its `avoid` list. Case and plural are left out, as
/// for names.
pub fn avoided(index: &GlossaryIndex, name: &str) -> Option<(EntryId, usize)> {
    let query = resolution_key(name);
    if query.is_empty() {
        return None;
    }
    index
        .glossary
        .entries()
        .iter()
        .enumerate()
        .find_map(|(id, entry)| {
            let i = entry
                .avoid
                .iter()
                .position(|a| resolution_key(&a.term) == query)?;
            Some((id as EntryId, i))
        })
}

/// Entries whose names are closest to `name`: containing it first, then by
/// edit distance.
pub fn suggest(index: &GlossaryIndex, name: &str, limit: usize) -> Vec<EntryId> {
    let query = fold_term(name);
    if query.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, EntryId)> = Vec::new();
    for (id, entry) in index.glossary.entries().iter().enumerate() {
        let best = entry
            .surface_forms
            .iter()
            .chain(std::iter::once(&entry.slug))
            .map(|form| {
                let form = fold_term(form);
                if form.contains(&query) || query.contains(&form) {
                    0
                } else {
                    edit_distance(&query, &form)
                }
            })
            .min()
            .unwrap_or(usize::MAX);
        let tolerance = (query.chars().count() / 3).max(2);
        if best <= tolerance {
            scored.push((best, id as EntryId));
        }
    }
    scored.sort();
    scored.into_iter().take(limit).map(|(_, id)| id).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = if ca == b[j] {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn distance() {
        assert_eq!(super::edit_distance("kitten", "sitting"), 3);
        assert_eq!(super::edit_distance("", "ab"), 2);
    }
}
