//! The glossary: entries loaded from folders (or the built-in set), with
//! related terms resolved and duplicates reported.

pub mod abbreviations;
pub mod builtin;
pub mod entry;
pub mod format;
pub mod loader;
pub mod markdown_file;
pub mod parse;
pub mod progress;
pub mod related;
pub mod rules;
pub mod sphinx;
pub mod table;
pub mod tbx;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use crate::problem::{Problem, Severity};
pub use entry::{Avoided, Entry, EntryId, RelatedTerm, Section};

use crate::problem::Code;
use crate::text::forms::{resolution_key, split_acronym};
use crate::text::hash::FastMap;

/// A folder the glossary was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    pub path: PathBuf,
    pub builtin: bool,
}

/// A problem with a file that could not become an entry at all.
#[derive(Debug, Clone)]
pub struct FileProblem {
    pub path: PathBuf,
    pub problem: Problem,
}

/// What a glossary is built from: every entry as its own file says, before
/// related terms are resolved and duplicates found across entries. Kept so
/// that one edited entry can be swapped in without reading every file again.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub entries: Vec<Entry>,
    pub roots: Vec<Root>,
    pub file_problems: Vec<FileProblem>,
    pub other_pages: Vec<String>,
}

impl Sources {
    pub fn build(&self) -> Glossary {
        self.build_with(&[])
    }

    /// The glossary with `overlay` entries (from unsaved editor buffers)
    /// standing in for the entries of the same files, or added when they
    /// are new files inside a glossary folder.
    pub fn build_with(&self, overlay: &[Entry]) -> Glossary {
        self.glossary_of(self.merged(overlay))
    }

    /// A glossary of `entries` with these sources' roots and pages.
    pub fn glossary_of(&self, entries: Vec<Entry>) -> Glossary {
        Glossary::new(entries, self.roots.clone(), self.file_problems.clone())
            .with_other_pages(self.other_pages.clone())
    }

    /// The entries with `overlay` entries in place of those of the same
    /// files, and added when they are new files inside a glossary folder.
    pub fn merged(&self, overlay: &[Entry]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .entries
            .iter()
            .map(|e| {
                overlay
                    .iter()
                    .find(|o| o.path == e.path)
                    .unwrap_or(e)
                    .clone()
            })
            .collect();
        for extra in overlay {
            let known = self.entries.iter().any(|e| e.path == extra.path);
            let inside = self
                .roots
                .iter()
                .any(|r| !r.builtin && extra.path.starts_with(&r.path) && extra.path != r.path);
            if !known && inside {
                entries.push(extra.clone());
            }
        }
        entries
    }

    /// Whether `path` lies where a glossary folder of these sources reads
    /// entries: inside a folder root, outside the other Hugo sections in it.
    /// Asked on every keystroke in the editor, so it looks at roots only.
    pub fn covers(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| {
            let Ok(inside) = path.strip_prefix(&r.path) else {
                return false;
            };
            let mut folders = inside.parent().into_iter().flat_map(Path::components);
            !r.builtin
                && inside.components().next().is_some()
                && !folders.any(|f| self.other_pages.iter().any(|p| f.as_os_str() == p.as_str()))
        })
    }
}

/// An immutable, fully resolved glossary. A change builds a new one.
#[derive(Debug, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    by_slug: FastMap<String, EntryId>,
    by_key: FastMap<String, EntryId>,
    roots: Vec<Root>,
    file_problems: Vec<FileProblem>,
    /// Pages in the glossary folders that are not entries (other sections),
    /// so that links to them are not reported as broken.
    other_pages: Vec<String>,
    /// The first entry of each file (a termbase file holds many).
    by_path: HashMap<PathBuf, EntryId>,
    /// For each entry, the entries it lists as related and those listing
    /// it, without repeats: computed once, asked for on every completion.
    neighbours: Vec<Vec<EntryId>>,
    /// Entries that only point at another ("See [page resource]"), and the
    /// entry they point at.
    aliases: HashMap<EntryId, EntryId>,
    /// Entries by the `id` their front matter gives (first one wins).
    by_term_id: FastMap<String, EntryId>,
}

impl Glossary {
    /// Resolves related terms and reports duplicates across `entries`.
    pub fn new(
        mut entries: Vec<Entry>,
        roots: Vec<Root>,
        file_problems: Vec<FileProblem>,
    ) -> Glossary {
        let mut by_slug = FastMap::default();
        let mut by_key: FastMap<String, EntryId> = FastMap::default();
        // Pairs (first holder of a name, later holder, code), each once;
        // the set keeps this linear however many entries share a name.
        let mut duplicates: Vec<(usize, usize, Code, String)> = Vec::new();
        let mut seen: HashSet<(usize, usize, Code)> = HashSet::new();
        for (id, entry) in entries.iter().enumerate() {
            if let Some(&first) = by_slug.get(&entry.slug) {
                duplicates.push((first as usize, id, Code::DuplicateSlug, entry.slug.clone()));
            } else {
                by_slug.insert(entry.slug.clone(), id as EntryId);
            }
            for form in &entry.surface_forms {
                let key = resolution_key(form);
                match by_key.get(&key) {
                    Some(&first) if first as usize != id => {
                        let code = if resolution_key(&entries[first as usize].title)
                            == resolution_key(&entry.title)
                        {
                            Code::DuplicateTitle
                        } else {
                            Code::DuplicateTerm
                        };
                        if seen.insert((first as usize, id, code)) {
                            duplicates.push((first as usize, id, code, form.clone()));
                        }
                    }
                    Some(_) => {}
                    None => {
                        by_key.insert(key, id as EntryId);
                    }
                }
            }
        }
        for (id, entry) in entries.iter().enumerate() {
            by_key
                .entry(resolution_key(&entry.slug.replace(['-', '_'], " ")))
                .or_insert(id as EntryId);
        }
        // A later holder hears of the first; the first hears of all the
        // later ones in one problem per name, naming a few of them.
        let mut later: HashMap<(usize, Code, String), (String, Vec<usize>)> = HashMap::new();
        let mut order: Vec<(usize, Code, String)> = Vec::new();
        for (first, second, code, form) in duplicates {
            let what = what_is_duplicated(code);
            let other = entries[first].path.display().to_string();
            let range = entries[second].title_range.clone();
            entries[second].problems.push(Problem::new(
                Severity::Warning,
                code,
                format!("{what} `{form}` is also defined in {other}"),
                range,
            ));
            // Spellings of one name are one name.
            let group = (first, code, resolution_key(&form));
            match later.get_mut(&group) {
                Some((_, seconds)) => seconds.push(second),
                None => {
                    later.insert(group.clone(), (form, vec![second]));
                    order.push(group);
                }
            }
        }
        for group in order {
            let Some((form, seconds)) = later.remove(&group) else {
                continue;
            };
            let (first, code, _) = group;
            const NAMED: usize = 3;
            let mut others: Vec<String> = seconds
                .iter()
                .take(NAMED)
                .map(|&s| entries[s].path.display().to_string())
                .collect();
            if seconds.len() > NAMED {
                others.push(format!("{} more", seconds.len() - NAMED));
            }
            let range = entries[first].title_range.clone();
            entries[first].problems.push(Problem::new(
                Severity::Warning,
                code,
                format!(
                    "{} `{form}` is also defined in {}",
                    what_is_duplicated(code),
                    others.join(", ")
                ),
                range,
            ));
        }
        let mut glossary = Glossary {
            entries,
            by_slug,
            by_key,
            roots,
            file_problems,
            other_pages: Vec::new(),
            by_path: HashMap::new(),
            neighbours: Vec::new(),
            aliases: HashMap::new(),
            by_term_id: FastMap::default(),
        };
        for (id, entry) in glossary.entries.iter().enumerate() {
            if let Some(term_id) = &entry.term_id {
                glossary
                    .by_term_id
                    .entry(term_id.clone())
                    .or_insert(id as EntryId);
            }
        }
        glossary.resolve_related();
        glossary.resolve_aliases();
        glossary.index_paths_and_neighbours();
        glossary
    }

    fn index_paths_and_neighbours(&mut self) {
        let mut by_path = HashMap::with_capacity(self.entries.len());
        let mut neighbours: Vec<Vec<EntryId>> = vec![Vec::new(); self.entries.len()];
        for (id, entry) in self.entries.iter().enumerate() {
            by_path.entry(entry.path.clone()).or_insert(id as EntryId);
            for related in entry.related.iter().filter_map(|r| r.slug.as_deref()) {
                let Some(other) = self.by_slug.get(related).copied() else {
                    continue;
                };
                if other as usize == id {
                    continue;
                }
                for (from, to) in [(id, other), (other as usize, id as EntryId)] {
                    if !neighbours[from].contains(&to) {
                        neighbours[from].push(to);
                    }
                }
            }
        }
        self.by_path = by_path;
        self.neighbours = neighbours;
    }

    fn resolve_related(&mut self) {
        // Each lookup only reads the name maps: large glossaries share the
        // work out over the cores.
        let this = &*self;
        let resolve_from = |first: usize, entries: &[Entry]| {
            let mut out = Vec::new();
            for (offset, entry) in entries.iter().enumerate() {
                for (i, term) in entry.related.iter().enumerate() {
                    out.push((first + offset, i, this.resolve_related_term(term)));
                }
            }
            out
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let resolved: Vec<(usize, usize, Option<EntryId>)> =
            if threads < 2 || this.entries.len() < 4096 {
                resolve_from(0, &this.entries)
            } else {
                let chunk = this.entries.len().div_ceil(threads);
                std::thread::scope(|scope| {
                    let parts: Vec<_> = this
                        .entries
                        .chunks(chunk)
                        .enumerate()
                        .map(|(n, part)| scope.spawn(move || resolve_from(n * chunk, part)))
                        .collect();
                    parts
                        .into_iter()
                        .flat_map(|p| {
                            p.join()
                                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                        })
                        .collect()
                })
            };
        for (id, i, found) in resolved {
            let slug = found.map(|f| self.entries[f as usize].slug.clone());
            let entry = &mut self.entries[id];
            if slug.is_none() && !entry.related[i].implied {
                let term = &entry.related[i];
                entry.problems.push(Problem::new(
                    Severity::Warning,
                    Code::UnresolvedRelatedTerm,
                    format!("related term `{}` names no glossary entry", term.text),
                    term.range.clone(),
                ));
            }
            entry.related[i].slug = slug;
        }
    }

    /// The entry a related term names: by its link's last path part when it
    /// is a link (`/horizontal-scaling/`, `../glossary/gan.md#x`; not an
    /// outside address found in an entry's text), else by name. Resolution
    /// at load time and the features use this one rule.
    pub fn resolve_related_term(&self, term: &RelatedTerm) -> Option<EntryId> {
        let by_link = term
            .link
            .as_deref()
            .filter(|l| !(term.implied && l.contains("://")))
            .and_then(|l| self.slug_from_link(l));
        by_link.or_else(|| self.resolve(&term.text))
    }

    /// Links in an entry's text that name no entry are not related terms;
    /// an entry whose text only points at another becomes a name of it.
    fn resolve_aliases(&mut self) {
        for entry in &mut self.entries {
            entry.related.retain(|r| !r.implied || r.slug.is_some());
            let own = entry.slug.clone();
            entry
                .related
                .retain(|r| r.slug.as_deref() != Some(own.as_str()));
        }
        let mut aliases = HashMap::new();
        for (id, entry) in self.entries.iter().enumerate() {
            let Some((label, dest)) = &entry.see else {
                continue;
            };
            let target = (!dest.contains("://"))
                .then(|| self.slug_from_link(dest))
                .flatten()
                .or_else(|| self.resolve(label));
            if let Some(target) = target.filter(|&t| t as usize != id) {
                aliases.insert(id as EntryId, target);
            }
        }
        for (&alias, &target) in &aliases {
            for form in &self.entries[alias as usize].surface_forms {
                self.by_key.insert(resolution_key(form), target);
            }
        }
        self.aliases = aliases;
    }

    /// The entry `id` points at, when it is only a pointer to another.
    pub fn alias_target(&self, id: EntryId) -> Option<EntryId> {
        self.aliases.get(&id).copied()
    }

    /// `/horizontal-scaling/`, `../glossary/gan.md#x` -> the entry with that slug.
    fn slug_from_link(&self, link: &str) -> Option<EntryId> {
        let path = link.split(['#', '?']).next()?.trim_end_matches('/');
        let last = path.rsplit('/').next()?;
        let stem = last.strip_suffix(".md").unwrap_or(last);
        self.by_slug(stem)
    }

    /// Records pages of the glossary folders that are not entries.
    pub fn with_other_pages(mut self, pages: Vec<String>) -> Glossary {
        self.other_pages = pages;
        self
    }

    /// Whether `name` is a page of a glossary folder that is not an entry.
    pub fn is_other_page(&self, name: &str) -> bool {
        self.other_pages.iter().any(|p| p == name)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id as usize]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn roots(&self) -> &[Root] {
        &self.roots
    }

    pub fn file_problems(&self) -> &[FileProblem] {
        &self.file_problems
    }

    pub fn by_slug(&self, slug: &str) -> Option<EntryId> {
        self.by_slug.get(slug).copied()
    }

    /// The entry a reference's `term_id` names: the entry whose `id` it
    /// is, else the entry with that slug.
    pub fn by_term_id(&self, id: &str) -> Option<EntryId> {
        let id = id.trim();
        self.by_term_id
            .get(id)
            .copied()
            .or_else(|| self.by_slug(id))
    }

    /// The entry a name resolves to: any surface form, any case, singular
    /// or plural, with or without its parenthetical acronym.
    pub fn resolve(&self, name: &str) -> Option<EntryId> {
        let (base, acronym) = split_acronym(name);
        let lookup = |s: &str| self.by_key.get(&resolution_key(s)).copied();
        lookup(base)
            .or_else(|| acronym.and_then(lookup))
            .or_else(|| lookup(name))
    }

    /// Entries whose file is `path`.
    pub fn entry_at_path(&self, path: &Path) -> Option<EntryId> {
        self.by_path.get(path).copied()
    }

    /// The entry of a page of many entries that `anchor` names
    /// (`glossary.md#page-bundle`).
    pub fn entry_at_anchor(&self, path: &Path, anchor: &str) -> Option<EntryId> {
        let id = self.by_slug(anchor)?;
        let entry = self.entry(id);
        (entry.anchored && entry.path == path).then_some(id)
    }

    /// Whether `path` is a page of many entries, named by anchors.
    pub fn is_anchored_page(&self, path: &Path) -> bool {
        self.entry_at_path(path)
            .is_some_and(|id| self.entry(id).anchored)
    }

    /// Entries that list `id` among their related terms, and those `id` lists.
    pub fn neighbours(&self, id: EntryId) -> &[EntryId] {
        self.neighbours.get(id as usize).map_or(&[], Vec::as_slice)
    }
}

/// How a duplicate's problem names what is shared.
fn what_is_duplicated(code: Code) -> &'static str {
    if code == Code::DuplicateSlug {
        "slug"
    } else {
        "term"
    }
}
