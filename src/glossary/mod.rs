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
use std::sync::Arc;

pub use crate::problem::{Problem, Severity};
pub use entry::{Avoided, Entry, EntryId, RelatedTerm, Section, SharedPath};

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
    /// Shared with every glossary built from them: one copy of each entry.
    pub entries: Vec<Arc<Entry>>,
    pub roots: Vec<Root>,
    pub file_problems: Vec<FileProblem>,
    pub other_pages: Vec<String>,
    /// When reading from disk started: what changed later is not in them.
    pub read_at: Option<std::time::SystemTime>,
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
    pub fn glossary_of(&self, entries: Vec<Arc<Entry>>) -> Glossary {
        Glossary::from_shared(entries, self.roots.clone(), self.file_problems.clone())
            .with_other_pages(self.other_pages.clone())
    }

    /// The entries with `overlay` entries in place of those of the same
    /// files, and added when they are new files inside a glossary folder.
    pub fn merged(&self, overlay: &[Entry]) -> Vec<Arc<Entry>> {
        let mut entries: Vec<Arc<Entry>> = self
            .entries
            .iter()
            .map(|e| match overlay.iter().find(|o| o.path == e.path) {
                Some(o) => Arc::new(o.clone()),
                None => Arc::clone(e),
            })
            .collect();
        for extra in overlay {
            let known = self.entries.iter().any(|e| e.path == extra.path);
            let inside = self
                .roots
                .iter()
                .any(|r| !r.builtin && extra.path.starts_with(&r.path) && extra.path != r.path);
            if !known && inside {
                entries.push(Arc::new(extra.clone()));
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
    /// Shared with the [`Sources`] the glossary was built from; an entry
    /// this glossary adds problems to is its own copy.
    entries: Vec<Arc<Entry>>,
    /// What each entry's related terms name: for entry `id`, the items
    /// `related_starts[id]..related_starts[id + 1]` of `related_targets`,
    /// each the index of a term in the entry's list and the entry it names
    /// (or [`UNRESOLVED`]). Links in an entry's text that name no entry,
    /// and terms naming the entry itself, are left out.
    related_starts: Vec<u32>,
    related_targets: Vec<(u32, EntryId)>,
    by_slug: FastMap<String, EntryId>,
    by_key: FastMap<String, EntryId>,
    roots: Vec<Root>,
    file_problems: Vec<FileProblem>,
    /// Pages in the glossary folders that are not entries (other sections),
    /// so that links to them are not reported as broken.
    other_pages: Vec<String>,
    /// The first entry of each file (a termbase file holds many).
    by_path: HashMap<SharedPath, EntryId>,
    /// For each entry, the entries it lists as related and those listing
    /// it, without repeats: computed once, asked for on every completion.
    /// Entry `i`'s are `neighbours[neighbour_starts[i]..neighbour_starts[i + 1]]`.
    neighbour_starts: Vec<u32>,
    neighbours: Vec<EntryId>,
    /// Entries that only point at another ("See [page resource]"), and the
    /// entry they point at.
    aliases: HashMap<EntryId, EntryId>,
    /// Entries by the `id` their front matter gives (first one wins).
    by_term_id: FastMap<String, EntryId>,
}

/// A related term that names no entry.
const UNRESOLVED: EntryId = EntryId::MAX;

impl Glossary {
    /// Resolves related terms and reports duplicates across `entries`.
    pub fn new(entries: Vec<Entry>, roots: Vec<Root>, file_problems: Vec<FileProblem>) -> Glossary {
        Glossary::from_shared(
            entries.into_iter().map(Arc::new).collect(),
            roots,
            file_problems,
        )
    }

    /// [`Glossary::new`] over entries shared with their sources.
    pub fn from_shared(
        mut entries: Vec<Arc<Entry>>,
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
            let slug = &entry.slug;
            // Folding reads a hyphen as a space already: a slug of small
            // letters, digits and hyphens, as nearly all are, needs no copy.
            let plain = slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            let key = if plain {
                resolution_key(slug)
            } else {
                resolution_key(&slug.replace(['-', '_'], " "))
            };
            by_key.entry(key).or_insert(id as EntryId);
        }
        // A later holder hears of the first; the first hears of all the
        // later ones in one problem per name, naming a few of them.
        let mut later: HashMap<(usize, Code, String), (String, Vec<usize>)> = HashMap::new();
        let mut order: Vec<(usize, Code, String)> = Vec::new();
        for (first, second, code, form) in duplicates {
            let what = what_is_duplicated(code);
            let other = entries[first].path.display().to_string();
            let range = entries[second].title_range.clone();
            Arc::make_mut(&mut entries[second])
                .problems
                .push(Problem::new(
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
            Arc::make_mut(&mut entries[first])
                .problems
                .push(Problem::new(
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
            related_starts: Vec::new(),
            related_targets: Vec::new(),
            by_slug,
            by_key,
            roots,
            file_problems,
            other_pages: Vec::new(),
            by_path: HashMap::new(),
            neighbour_starts: Vec::new(),
            neighbours: Vec::new(),
            aliases: HashMap::new(),
            by_term_id: FastMap::default(),
        };
        for (id, entry) in glossary.entries.iter().enumerate() {
            if let Some(term_id) = &entry.extras().term_id {
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
        let mut last_path: Option<&std::ffi::OsStr> = None;
        // Both ends of every resolved related term, each pair once.
        let mut pairs: Vec<(EntryId, EntryId)> = Vec::new();
        for (id, entry) in self.entries.iter().enumerate() {
            // The rows of a termbase share one file: its path is hashed once,
            // not once per row.
            let path = entry.path.as_os_str();
            if last_path != Some(path) && !by_path.contains_key(&entry.path) {
                by_path.insert(entry.path.clone(), id as EntryId);
            }
            last_path = Some(path);
            let id = id as EntryId;
            for (_, target) in self.related(id) {
                let Some(target) = target else {
                    continue;
                };
                let slug = self.entries[target as usize].slug.as_str();
                let Some(other) = self.by_slug.get(slug).copied() else {
                    continue;
                };
                if other != id {
                    pairs.push((id, other));
                    pairs.push((other, id));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = Vec::with_capacity(self.entries.len() + 1);
        let mut next = 0;
        for id in 0..self.entries.len() as EntryId {
            starts.push(next as u32);
            while pairs.get(next).is_some_and(|p| p.0 == id) {
                next += 1;
            }
        }
        starts.push(next as u32);
        self.by_path = by_path;
        self.neighbour_starts = starts;
        self.neighbours = pairs.into_iter().map(|(_, to)| to).collect();
    }

    fn resolve_related(&mut self) {
        // Each lookup only reads the name maps: large glossaries share the
        // work out over the cores.
        let this = &*self;
        let resolve_from = |first: usize, entries: &[Arc<Entry>]| {
            let mut out = Vec::new();
            for (offset, entry) in entries.iter().enumerate() {
                for (i, term) in entry.related.iter().enumerate() {
                    out.push((first + offset, i, this.resolve_related_term(term)));
                }
            }
            out
        };
        let threads = crate::text::parallel::cores();
        let resolved: Vec<(usize, usize, Option<EntryId>)> =
            if threads < 2 || this.entries.len() < 4096 {
                resolve_from(0, &this.entries)
            } else {
                let chunk = this.entries.len().div_ceil(threads);
                let parts = this
                    .entries
                    .chunks(chunk)
                    .enumerate()
                    .map(|(n, part)| move || resolve_from(n * chunk, part))
                    .collect();
                crate::text::parallel::run_parts(parts)
                    .into_iter()
                    .flatten()
                    .collect()
            };
        let mut problems: Vec<(usize, Problem)> = Vec::new();
        let mut starts = Vec::with_capacity(self.entries.len() + 1);
        let mut targets = Vec::with_capacity(resolved.len());
        let mut resolved = resolved.into_iter().peekable();
        for (id, entry) in self.entries.iter().enumerate() {
            starts.push(targets.len() as u32);
            while let Some((_, i, found)) = resolved.next_if(|r| r.0 == id) {
                let term = &entry.related[i];
                let kept = match found {
                    None if term.implied => false,
                    None => {
                        problems.push((
                            id,
                            Problem::new(
                                Severity::Warning,
                                Code::UnresolvedRelatedTerm,
                                format!("related term `{}` names no glossary entry", term.text),
                                term.range.clone(),
                            ),
                        ));
                        true
                    }
                    Some(target) => self.entries[target as usize].slug != entry.slug,
                };
                if kept {
                    targets.push((i as u32, found.unwrap_or(UNRESOLVED)));
                }
            }
        }
        starts.push(targets.len() as u32);
        for (id, problem) in problems {
            Arc::make_mut(&mut self.entries[id]).problems.push(problem);
        }
        self.related_starts = starts;
        self.related_targets = targets;
    }

    /// An entry's related terms, each with the entry it names once resolved.
    pub fn related(
        &self,
        id: EntryId,
    ) -> impl Iterator<Item = (&RelatedTerm, Option<EntryId>)> + '_ {
        let entry = &self.entries[id as usize];
        let from = self.related_starts.get(id as usize).copied().unwrap_or(0) as usize;
        let to = self
            .related_starts
            .get(id as usize + 1)
            .copied()
            .unwrap_or(0) as usize;
        self.related_targets[from..to.max(from)]
            .iter()
            .map(move |&(i, target)| {
                (
                    &entry.related[i as usize],
                    (target != UNRESOLVED).then_some(target),
                )
            })
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

    /// An entry whose text only points at another becomes a name of it.
    fn resolve_aliases(&mut self) {
        let mut aliases = HashMap::new();
        for (id, entry) in self.entries.iter().enumerate() {
            let Some((label, dest)) = &entry.extras().see else {
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

    pub fn entries(&self) -> &[Arc<Entry>] {
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
        (entry.anchored && &*entry.path == path).then_some(id)
    }

    /// Whether `path` is a page of many entries, named by anchors.
    pub fn is_anchored_page(&self, path: &Path) -> bool {
        self.entry_at_path(path)
            .is_some_and(|id| self.entry(id).anchored)
    }

    /// Entries that list `id` among their related terms, and those `id` lists.
    pub fn neighbours(&self, id: EntryId) -> &[EntryId] {
        let from = self.neighbour_starts.get(id as usize).copied();
        let to = self.neighbour_starts.get(id as usize + 1).copied();
        match (from, to) {
            (Some(from), Some(to)) => &self.neighbours[from as usize..to as usize],
            _ => &[],
        }
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
