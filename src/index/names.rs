//! Entry names by prefix, for completion: every word of every folded
//! surface form, sorted, so that a typed prefix finds its names with a
//! binary search instead of a pass over the glossary.

use crate::glossary::{EntryId, Glossary};

use crate::text::fold::fold_term;

/// One word start inside one surface form.
#[derive(Debug, Clone, Copy)]
struct Start {
    /// Where the word starts in the arena.
    at: u32,
    /// Where its surface form ends in the arena.
    end: u32,
    entry: EntryId,
    /// Index of the form among the entry's surface forms.
    form: u16,
    /// Index of the word within the form.
    word: u16,
}

/// A name that a prefix matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    pub entry: EntryId,
    pub form: usize,
    pub word: usize,
}

#[derive(Debug, Default)]
pub struct NameIndex {
    /// Every folded surface form, one after another.
    arena: String,
    /// Sorted by the text from `at` to `end`.
    starts: Vec<Start>,
    /// For each entry, where its forms are in the arena.
    forms: Vec<Vec<(u32, u32)>>,
}

impl NameIndex {
    pub fn build(glossary: &Glossary) -> NameIndex {
        NameIndex::from_forms(
            glossary
                .entries()
                .iter()
                .map(|e| e.surface_forms.as_slice()),
        )
    }

    /// The index over each entry's surface forms, entries in id order.
    pub fn from_forms<'a>(entries: impl Iterator<Item = &'a [String]>) -> NameIndex {
        let mut index = NameIndex::default();
        for (id, surface_forms) in entries.enumerate() {
            let mut forms = Vec::with_capacity(surface_forms.len());
            for (form, name) in surface_forms.iter().enumerate().take(u16::MAX as usize) {
                let folded = fold_term(name);
                let base = index.arena.len() as u32;
                let end = base + folded.len() as u32;
                let words = std::iter::once(0).chain(folded.match_indices(' ').map(|(i, _)| i + 1));
                for (word, at) in words.enumerate().take(u16::MAX as usize) {
                    index.starts.push(Start {
                        at: base + at as u32,
                        end,
                        entry: id as EntryId,
                        form: form as u16,
                        word: word as u16,
                    });
                }
                index.arena.push_str(&folded);
                forms.push((base, end));
            }
            index.forms.push(forms);
        }
        let arena = &index.arena;
        index.starts.sort_unstable_by(|a, b| {
            arena[a.at as usize..a.end as usize].cmp(&arena[b.at as usize..b.end as usize])
        });
        index
    }

    fn text(&self, start: &Start) -> &str {
        &self.arena[start.at as usize..start.end as usize]
    }

    /// Every (entry, form, word) whose word starts with `prefix` (folded).
    /// A prefix of several words matches from a word start on.
    pub fn starting_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = NameMatch> + 'a {
        let first = self.starts.partition_point(|s| self.text(s) < prefix);
        self.starts[first..]
            .iter()
            .take_while(move |s| self.text(s).starts_with(prefix))
            .map(|s| NameMatch {
                entry: s.entry,
                form: s.form as usize,
                word: s.word as usize,
            })
    }

    /// The folded text of an entry's surface form.
    pub fn folded(&self, entry: EntryId, form: usize) -> &str {
        self.forms
            .get(entry as usize)
            .and_then(|forms| forms.get(form))
            .map_or("", |&(a, b)| &self.arena[a as usize..b as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::builtin;

    #[test]
    fn finds_names_by_any_word() {
        let glossary = builtin::glossary();
        let names = NameIndex::build(&glossary);
        let found: Vec<String> = names
            .starting_with("lear")
            .map(|m| glossary.entry(m.entry).surface_forms[m.form].clone())
            .collect();
        assert!(found.contains(&"Machine Learning".to_string()), "{found:?}");
        assert!(found.contains(&"Deep Learning".to_string()));
        assert!(names.starting_with("machine lea").any(|m| m.word == 0));
        assert_eq!(names.starting_with("zzz").count(), 0);
    }
}
