//! The glossary in force: settings, the loaded index and what goes with it.
//!
//! A [`Workspace`] is immutable; a new glossary means a new one, swapped in
//! whole behind an `Arc`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::Scanner;
use crate::config::{self, GlossarySource, Overrides, Settings};
use crate::features::link_targets::LinkRules;
use crate::features::link_texts::{Taught, add_names};
use crate::glossary::parse::parse_entry;
use crate::glossary::progress::LoadProgress;
use crate::glossary::{EntryId, Sources, builtin, format, loader};
use crate::index::DocKind;
use crate::index::GlossaryIndex;

use super::builtin_cache;

/// How the server was started.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Command-line choices; they win over the workspace's config file.
    /// Relative glossary paths are taken from the process's folder.
    pub overrides: Overrides,
    /// Where built-in entries are written (default: the user's cache folder).
    pub cache_root: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Workspace {
    /// `None` until a glossary is loaded.
    pub settings: Option<Settings>,
    pub scanner: Arc<Scanner>,
    pub rules: LinkRules,
    /// Folder holding the built-in entries as files, when it could be written.
    pub builtin_dir: Option<PathBuf>,
    /// The workspace folder the glossary was found from; find references
    /// searches it.
    pub root: Option<PathBuf>,
    /// The entries as read from disk, for rebuilding with unsaved buffers.
    pub sources: Arc<Sources>,
    /// Unsaved texts of open entry files that stand in for their files.
    overlay: HashMap<PathBuf, String>,
    /// What the workspace's link texts teach (suggested synonyms; names
    /// with `match.link-text-names`), as read at load.
    pub taught: Arc<Vec<Taught>>,
}

impl Workspace {
    /// A workspace with no glossary, until `initialize` loads one.
    pub fn empty() -> Workspace {
        Workspace::build(
            None,
            Arc::default(),
            HashMap::new(),
            None,
            None,
            Arc::default(),
        )
    }

    fn build(
        settings: Option<Settings>,
        sources: Arc<Sources>,
        overlay: HashMap<PathBuf, String>,
        builtin_dir: Option<PathBuf>,
        root: Option<PathBuf>,
        taught: Arc<Vec<Taught>>,
    ) -> Workspace {
        let entries: Vec<_> = overlay
            .iter()
            .filter_map(|(path, text)| {
                let slug = loader::slug_for(path)?;
                Some(parse_entry(text, &slug, path.clone()))
            })
            .collect();
        let mut merged = sources.merged(&entries);
        if let Some(settings) = &settings {
            crate::glossary::entry::ignore_names(&mut merged, &settings.match_ignore);
            if settings.link_text_names {
                add_names(&mut merged, &taught);
            }
        }
        let index = GlossaryIndex::from_entries(merged, |entries| sources.glossary_of(entries));
        let rules = match &settings {
            Some(settings) => LinkRules::new(settings, &index),
            None => default_rules(&index),
        };
        Workspace {
            settings,
            scanner: Arc::new(Scanner::new(index)),
            rules,
            builtin_dir,
            root,
            sources,
            overlay,
            taught,
        }
    }

    /// The same glossary with the unsaved texts of open entry files in
    /// place of their files: what live editing of an entry rebuilds.
    pub fn with_overlay(&self, overlay: HashMap<PathBuf, String>) -> Workspace {
        Workspace::build(
            self.settings.clone(),
            Arc::clone(&self.sources),
            overlay,
            self.builtin_dir.clone(),
            self.root.clone(),
            Arc::clone(&self.taught),
        )
    }

    /// The unsaved entry texts this glossary was built with.
    pub fn overlay(&self) -> &HashMap<PathBuf, String> {
        &self.overlay
    }

    /// Whether `path` is a file this workspace's glossary reads as an
    /// entry, so that editing it changes the glossary.
    pub fn is_entry_file(&self, path: &Path) -> bool {
        self.sources.covers(path) && loader::slug_for(path).is_some()
    }

    /// The glossary folders and files the settings name, whether or not
    /// they could be read: a folder that is gone is watched for its return.
    pub fn configured_roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self
            .sources
            .roots
            .iter()
            .filter(|r| !r.builtin)
            .map(|r| r.path.clone())
            .collect();
        if let Some(GlossarySource::Folders(folders)) = self.settings.as_ref().map(|s| &s.glossary)
        {
            for folder in folders {
                if !roots.contains(folder) {
                    roots.push(folder.clone());
                }
            }
        }
        roots
    }

    /// Whether a change to `path` on disk changes this workspace: an entry
    /// file, a configured glossary root itself or anything under it (a
    /// folder deleted, made unreadable or back), or a configuration file.
    pub fn watches(&self, path: &Path) -> bool {
        self.is_entry_file(path)
            || self
                .configured_roots()
                .iter()
                .any(|root| path.starts_with(root))
            || path.file_name().is_some_and(|n| n == config::CONFIG_FILE)
            // A glossary folder discovery would find, appearing.
            || self.root.as_ref().is_some_and(|root| {
                config::GLOSSARY_FOLDERS
                    .iter()
                    .any(|folder| path.starts_with(root.join(folder)))
            })
    }

    /// Whether the configured glossary could not be read and the built-in
    /// one stands in for it.
    pub fn fell_back(&self) -> bool {
        matches!(
            self.settings.as_ref().map(|s| &s.glossary),
            Some(GlossarySource::Folders(_))
        ) && self.sources.roots.iter().all(|r| r.builtin)
    }

    /// Glob patterns for the files whose changes on disk matter: the
    /// glossary roots themselves, what is under them, configuration files.
    pub fn watch_patterns(&self) -> Vec<String> {
        let mut patterns = Vec::new();
        for root in self.configured_roots() {
            // The root itself, so that a folder that goes or comes is seen.
            if format::file_format(&root).is_none() {
                patterns.push(root.display().to_string());
            }
            patterns.extend(format::watch_patterns(&root));
        }
        patterns.push(format!("**/{}", config::CONFIG_FILE));
        patterns
    }

    /// Loads the glossary for a workspace rooted at `root`, with the
    /// editor's settings (`client`, JSON) over the configuration file.
    /// Problems the user must act on come back as messages; bad settings
    /// keep their defaults, and the built-in glossary stands in for one
    /// that cannot be loaded.
    pub fn load(
        root: &Path,
        options: &ServerOptions,
        client: Option<&serde_json::Value>,
        progress: &LoadProgress,
    ) -> (Workspace, Vec<String>) {
        let cache_root = options
            .cache_root
            .clone()
            .or_else(builtin_cache::default_root);
        let (settings, problems) = config::discover_lenient(root, &options.overrides, client);
        let mut messages: Vec<String> = problems
            .into_iter()
            .map(|p| format!("glossary-ls: configuration: {p}"))
            .collect();
        let sources = match &settings.glossary {
            GlossarySource::Folders(folders) => {
                match loader::read_counted(folders, settings.glossary_limits.clone(), progress) {
                    Ok(sources) => sources,
                    Err(error) => {
                        messages.push(format!(
                            "glossary-ls: {error}; using the built-in AI glossary instead"
                        ));
                        builtin::sources()
                    }
                }
            }
            GlossarySource::Builtin => builtin::sources(),
        };
        if let Some(first) = sources.file_problems.first() {
            // Files that are unreadable, binary, not UTF-8, too large or
            // past the file count: every one in the log, the first shown.
            for file in &sources.file_problems {
                tracing::warn!(
                    "glossary file {} not read: {}",
                    file.path.display(),
                    file.problem.message
                );
            }
            let others = match sources.file_problems.len() - 1 {
                0 => String::new(),
                1 => " (and 1 other file; `glossary-ls check` lists it)".to_string(),
                n => format!(" (and {n} other files; `glossary-ls check` lists them)"),
            };
            messages.push(format!(
                "glossary-ls: glossary file {}: {}{others}",
                first.path.display(),
                first.problem.message
            ));
        }
        let builtin_dir = if sources.entries.iter().any(|e| e.builtin) {
            cache_root.and_then(|dir| match builtin_cache::ensure(&dir) {
                Ok(dir) => Some(dir),
                Err(error) => {
                    tracing::warn!(
                        "cannot write the built-in entries to {}: {error}",
                        dir.display()
                    );
                    None
                }
            })
        } else {
            None
        };
        tracing::info!(
            "glossary for {}: {} entries ({:?}){}",
            root.display(),
            sources.entries.len(),
            settings.glossary,
            settings
                .config_file
                .as_ref()
                .map(|p| format!(", config {}", p.display()))
                .unwrap_or_default()
        );
        let workspace = Workspace::build(
            Some(settings),
            Arc::new(sources),
            HashMap::new(),
            builtin_dir,
            Some(root.to_path_buf()),
            Arc::default(),
        );
        (workspace.learn_link_texts(), messages)
    }

    /// The same glossary with what the link texts of its files and of the
    /// workspace folder teach; rebuilt with them as names when
    /// `match.link-text-names` asks.
    fn learn_link_texts(self) -> Workspace {
        let Some(settings) = &self.settings else {
            return self;
        };
        let taught = super::link_texts::learn(
            self.root.as_deref(),
            self.index(),
            &self.rules,
            settings.glossary_limits.max_file_bytes,
            settings.max_document_bytes,
        );
        if taught.is_empty() {
            return self;
        }
        if !settings.link_text_names {
            return Workspace {
                taught: Arc::new(taught),
                ..self
            };
        }
        Workspace::build(
            self.settings,
            self.sources,
            self.overlay,
            self.builtin_dir,
            self.root,
            Arc::new(taught),
        )
    }

    /// Which glossary is in force, for the log: `content/terms (12
    /// entries)`; and whether it is the built-in one standing in because
    /// none was named or found.
    pub fn summary(&self) -> Option<(String, bool)> {
        let settings = self.settings.as_ref()?;
        let root = self.root.as_deref().unwrap_or(Path::new(""));
        Some((
            settings.glossary_summary(root, self.index().glossary.len()),
            settings.glossary_origin == config::GlossaryOrigin::Fallback,
        ))
    }

    pub fn index(&self) -> &Arc<GlossaryIndex> {
        self.scanner.index()
    }

    /// The file an editor opens for an entry: its own, or its copy in the cache.
    pub fn entry_file(&self, id: EntryId) -> Option<PathBuf> {
        let entry = self.index().entry(id);
        if entry.builtin {
            let name = entry.path.file_name()?;
            Some(self.builtin_dir.as_ref()?.join(name))
        } else {
            Some(entry.path.to_path_buf())
        }
    }

    /// The text of an entry's file, as its ranges were computed on: the
    /// unsaved buffer when the entry is being edited.
    pub fn entry_text(&self, id: EntryId) -> Option<String> {
        let entry = self.index().entry(id);
        if let Some(text) = self.overlay.get(&*entry.path) {
            return Some(text.clone());
        }
        if entry.builtin {
            let name = entry.path.file_name()?.to_str()?;
            builtin::FILES
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, text)| text.to_string())
        } else {
            let limit = self.settings.as_ref().map_or_else(
                || crate::config::Limits::default().max_file_bytes,
                |s| s.glossary_limits.max_file_bytes,
            );
            crate::text::file::read_regular_text(&entry.path, limit)
                .ok()
                .flatten()
        }
    }

    /// The entry whose file is at `path` (a cached built-in entry included).
    pub fn entry_for_path(&self, path: &Path) -> Option<EntryId> {
        let glossary = &self.index().glossary;
        if let Some(id) = glossary.entry_at_path(path) {
            return Some(id);
        }
        let dir = self.builtin_dir.as_deref()?;
        if path.parent()? != dir {
            return None;
        }
        glossary.entry_at_path(&Path::new(builtin::ROOT).join(path.file_name()?))
    }
}

/// Link rules when there are no settings: the defaults'.
fn default_rules(index: &GlossaryIndex) -> LinkRules {
    LinkRules::new(&Settings::default(), index)
}

impl Workspace {
    /// How a document is analysed, if at all: Markdown and plain text, and
    /// configured languages as plain text; nothing past the size limit.
    pub fn analyse_as(
        &self,
        path: Option<&Path>,
        language_id: &str,
        len: usize,
    ) -> Option<DocKind> {
        if len as u64 > self.max_document_bytes() {
            return None;
        }
        self.kind_of(path, language_id)
    }

    /// The kind a document of this language would be analysed as, whatever its size.
    pub fn kind_of(&self, path: Option<&Path>, language_id: &str) -> Option<DocKind> {
        super::documents::kind_of(path, language_id).or_else(|| {
            self.settings
                .as_ref()
                .is_some_and(|s| s.languages.iter().any(|l| l == language_id))
                .then_some(DocKind::PlainText)
        })
    }

    /// The largest document analysed (`files.max-size`).
    pub fn max_document_bytes(&self) -> u64 {
        self.settings
            .as_ref()
            .map_or(config::DEFAULT_MAX_DOCUMENT_BYTES, |s| s.max_document_bytes)
    }
}
