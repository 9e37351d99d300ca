//! The glossary in force: settings, the loaded index and what goes with it.
//!
//! A [`Workspace`] is immutable; a new glossary means a new one, swapped in
//! whole behind an `Arc`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, GlossarySource, LinkStyle, Overrides, Settings};
use crate::features::document::Scanner;
use crate::features::links::LinkRules;
use crate::glossary::{EntryId, Glossary, builtin, loader};
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
    /// `None` until a glossary is loaded, or when the configuration could
    /// not be read at all.
    pub settings: Option<Settings>,
    pub scanner: Arc<Scanner>,
    pub rules: LinkRules,
    /// Folder holding the built-in entries as files, when it could be written.
    pub builtin_dir: Option<PathBuf>,
    /// The workspace folder the glossary was found from; find references
    /// searches it.
    pub root: Option<PathBuf>,
}

impl Workspace {
    /// A workspace with no glossary, until `initialize` loads one.
    pub fn empty() -> Workspace {
        Workspace::with_glossary(None, Glossary::default(), None)
    }

    fn with_glossary(
        settings: Option<Settings>,
        glossary: Glossary,
        cache_root: Option<&Path>,
    ) -> Workspace {
        let builtin_dir = if glossary.entries().iter().any(|e| e.builtin) {
            cache_root.and_then(|root| match builtin_cache::ensure(root) {
                Ok(dir) => Some(dir),
                Err(error) => {
                    tracing::warn!(
                        "cannot write the built-in entries to {}: {error}",
                        root.display()
                    );
                    None
                }
            })
        } else {
            None
        };
        let index = GlossaryIndex::new(glossary);
        let rules = match &settings {
            Some(settings) => LinkRules::new(settings, &index),
            None => default_rules(&index),
        };
        Workspace {
            settings,
            scanner: Arc::new(Scanner::new(index)),
            rules,
            builtin_dir,
            root: None,
        }
    }

    /// Loads the glossary for a workspace rooted at `root`. Problems the
    /// user must act on come back as messages; the built-in glossary stands
    /// in for one that cannot be loaded.
    pub fn load(root: &Path, options: &ServerOptions) -> (Workspace, Vec<String>) {
        let mut messages = Vec::new();
        let cache_root = options
            .cache_root
            .clone()
            .or_else(builtin_cache::default_root);
        let settings = match config::discover(root, &options.overrides) {
            Ok(settings) => settings,
            Err(error) => {
                messages.push(format!(
                    "glossary-ls: configuration error in {error}; using the built-in AI glossary"
                ));
                let mut workspace =
                    Workspace::with_glossary(None, builtin::glossary(), cache_root.as_deref());
                workspace.root = Some(root.to_path_buf());
                return (workspace, messages);
            }
        };
        let glossary = match &settings.glossary {
            GlossarySource::Folders(folders) => {
                match loader::load(folders, loader::Limits::default()) {
                    Ok(glossary) => glossary,
                    Err(error) => {
                        messages.push(format!(
                            "glossary-ls: {error}; using the built-in AI glossary instead"
                        ));
                        builtin::glossary()
                    }
                }
            }
            GlossarySource::Builtin => builtin::glossary(),
        };
        tracing::info!(
            "glossary: {} entries ({:?}){}",
            glossary.len(),
            settings.glossary,
            settings
                .config_file
                .as_ref()
                .map(|p| format!(", config {}", p.display()))
                .unwrap_or_default()
        );
        let mut workspace =
            Workspace::with_glossary(Some(settings), glossary, cache_root.as_deref());
        workspace.root = Some(root.to_path_buf());
        (workspace, messages)
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
            Some(entry.path.clone())
        }
    }

    /// The text of an entry's file, as its ranges were computed on.
    pub fn entry_text(&self, id: EntryId) -> Option<String> {
        let entry = self.index().entry(id);
        if entry.builtin {
            let name = entry.path.file_name()?.to_str()?;
            builtin::FILES
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, text)| text.to_string())
        } else {
            std::fs::read_to_string(&entry.path).ok()
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

/// Link rules when there are no settings: relative links, URL templates
/// derived from the glossary folders.
fn default_rules(index: &GlossaryIndex) -> LinkRules {
    let roots: Vec<PathBuf> = index
        .glossary
        .roots()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    LinkRules {
        templates: roots
            .iter()
            .filter_map(|r| config::default_url_template(r))
            .collect(),
        roots,
        style: LinkStyle::default(),
    }
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
        let settings = self.settings.as_ref();
        let limit = settings.map_or(config::DEFAULT_MAX_DOCUMENT_BYTES, |s| s.max_document_bytes);
        if len as u64 > limit {
            return None;
        }
        super::documents::kind_of(path, language_id).or_else(|| {
            settings
                .is_some_and(|s| s.languages.iter().any(|l| l == language_id))
                .then_some(DocKind::PlainText)
        })
    }
}
