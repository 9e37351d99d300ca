//! Names a site's writing teaches: the texts of links that point at an
//! entry without being one of its names (`[microservices](/microservices-architecture/)`).
//! They are reported as suggested synonyms, and can stand as names of the
//! entry (`match.link-text-names`) without editing it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::check::Finding;
use super::link_targets::{LinkRules, LinkTarget, classify, entry_named};
use crate::glossary::{Entry, EntryId};
use crate::index::GlossaryIndex;
use crate::markdown::prose::{DocKind, prose};
use crate::problem::{Code, Problem, Severity};
use crate::text::forms::resolution_key;

/// Longer link texts are phrases, not names.
const MAX_WORDS: usize = 5;
const MAX_CHARS: usize = 60;

/// A link text that names an entry it is not (yet) a name of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taught {
    /// The entry's file: ids change from one glossary build to the next.
    pub entry_path: PathBuf,
    /// The text as most links write it.
    pub text: String,
    pub links: usize,
    pub documents: usize,
}

#[derive(Debug, Default)]
struct Tally {
    written: HashMap<String, usize>,
    links: usize,
    documents: HashSet<usize>,
}

/// Link texts gathered document by document, against one glossary.
#[derive(Debug, Default)]
pub struct LinkTexts {
    seen: HashSet<PathBuf>,
    /// By entry file and the text's resolution key.
    tallies: HashMap<(PathBuf, String), Tally>,
}

impl LinkTexts {
    /// Counts the links of one document (each path once).
    pub fn add(&mut self, index: &GlossaryIndex, rules: &LinkRules, path: &Path, text: &str) {
        if !self.seen.insert(path.to_path_buf()) {
            return;
        }
        let document = self.seen.len();
        let p = prose(text, DocKind::from_path(path));
        for link in &p.links {
            let LinkTarget::Entry(id) = classify(index, rules, Some(path), link) else {
                continue;
            };
            let label = link.label.trim();
            if !could_be_a_name(label) || is_a_name_of(index, id, label) {
                continue;
            }
            let entry = index.entry(id);
            if entry.builtin {
                continue;
            }
            let tally = self
                .tallies
                .entry((entry.path.to_path_buf(), resolution_key(label)))
                .or_default();
            *tally.written.entry(label.to_string()).or_default() += 1;
            tally.links += 1;
            tally.documents.insert(document);
        }
    }

    /// What the links teach, most used first. A text taught for two
    /// entries (`cloud native` for two of them) names neither.
    pub fn taught(&self) -> Vec<Taught> {
        let mut entries_of: HashMap<&str, usize> = HashMap::new();
        for (_, key) in self.tallies.keys() {
            *entries_of.entry(key.as_str()).or_default() += 1;
        }
        let mut out: Vec<Taught> = self
            .tallies
            .iter()
            .filter(|((_, key), _)| entries_of[key.as_str()] == 1)
            .map(|((path, _), tally)| {
                let text = tally
                    .written
                    .iter()
                    // Most used; on a tie, not capitalised (a sentence's
                    // first word), then the first in order.
                    .max_by_key(|(text, n)| {
                        let capital = text.chars().next().is_some_and(char::is_uppercase);
                        (**n, !capital, std::cmp::Reverse(text.as_str()))
                    })
                    .map(|(text, _)| text.clone())
                    .unwrap_or_default();
                Taught {
                    entry_path: path.clone(),
                    text,
                    links: tally.links,
                    documents: tally.documents.len(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (b.links, &a.entry_path, &a.text).cmp(&(a.links, &b.entry_path, &b.text))
        });
        out
    }
}

/// A text short enough to be a name, with a letter or digit in it.
fn could_be_a_name(label: &str) -> bool {
    !label.is_empty()
        && label.chars().count() <= MAX_CHARS
        && label.split_whitespace().count() <= MAX_WORDS
        && label.chars().any(char::is_alphanumeric)
        && !label.contains("://")
}

/// Whether `label` already names `id`: as lookup finds it, or because a
/// name of `id` is found in it (`Kubernetes pods`). A text that names
/// another entry is taken as naming that one.
fn is_a_name_of(index: &GlossaryIndex, id: EntryId, label: &str) -> bool {
    if entry_named(index, label).is_some() {
        return true;
    }
    let p = crate::index::Prose {
        segments: vec![crate::index::Segment {
            range: 0..label.len(),
            link: None,
        }],
        ..Default::default()
    };
    index.scan(label, &p).iter().any(|o| o.entry == id)
}

/// Makes each taught text a name of its entry (`match.link-text-names`),
/// remembered in `Entry::taught` so that it is still suggested.
pub fn add_names(entries: &mut [std::sync::Arc<Entry>], taught: &[Taught]) {
    let mut by_path: HashMap<&Path, Vec<&str>> = HashMap::new();
    for t in taught {
        by_path
            .entry(t.entry_path.as_path())
            .or_default()
            .push(&t.text);
    }
    for entry in entries {
        let Some(texts) = by_path.get(&*entry.path) else {
            continue;
        };
        for text in texts {
            let key = resolution_key(text);
            if entry.surface_forms.iter().any(|f| resolution_key(f) == key) {
                continue;
            }
            let entry = std::sync::Arc::make_mut(entry);
            entry.surface_forms.push(text.to_string());
            entry.extras_mut().taught.push(text.to_string());
        }
    }
}

/// The suggested synonyms of one entry, located at its title; the data is
/// the text to add. Texts the entry's file has since made names are left out.
pub fn suggestions(index: &GlossaryIndex, taught: &[Taught], id: EntryId) -> Vec<Problem> {
    let entry = index.entry(id);
    let own: HashSet<String> = entry
        .surface_forms
        .iter()
        .filter(|f| !entry.extras().taught.contains(f))
        .map(|f| resolution_key(f))
        .collect();
    taught
        .iter()
        .filter(|t| t.entry_path.as_path() == &*entry.path && !own.contains(&resolution_key(&t.text)))
        .map(|t| {
            Problem::new(
                Severity::Information,
                Code::SuggestedSynonym,
                format!(
                    "`{}` is the text of {} to this entry (in {}) but not one of its names: a synonym?",
                    t.text,
                    counted(t.links, "link"),
                    counted(t.documents, "document"),
                ),
                entry.title_range.clone(),
            )
            .with_data(t.text.clone())
        })
        .collect()
}

/// Suggested synonyms of every entry, as findings in the entries' files.
pub fn suggestion_findings(index: &GlossaryIndex, taught: &[Taught]) -> Vec<Finding> {
    let mut out = Vec::new();
    let paths: HashSet<&Path> = taught.iter().map(|t| t.entry_path.as_path()).collect();
    for path in paths {
        if let Some(id) = index.glossary.entry_at_path(path) {
            out.extend(
                suggestions(index, taught, id)
                    .into_iter()
                    .map(|problem| Finding {
                        path: path.to_path_buf(),
                        problem,
                    }),
            );
        }
    }
    out
}

fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_urls_are_not_names() {
        assert!(could_be_a_name("microservices"));
        assert!(could_be_a_name("マイクロサービス"));
        assert!(!could_be_a_name("see the section on how to scale things"));
        assert!(!could_be_a_name("https://example.com/x"));
        assert!(!could_be_a_name("→"));
        assert_eq!(counted(1, "link"), "1 link");
        assert_eq!(counted(9, "link"), "9 links");
    }
}
