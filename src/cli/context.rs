//! What every command needs: settings, the loaded glossary, link rules.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;

use super::GlobalArgs;
use super::progress::Bar;
use crate::config::{self, GlossarySource, Overrides, Settings};
use crate::features::link_targets::LinkRules;
use crate::features::link_texts::{LinkTexts, Taught, add_names};
use crate::glossary::progress::LoadProgress;
use crate::glossary::{builtin, loader};
use crate::index::GlossaryIndex;

pub struct Context {
    pub cwd: PathBuf,
    pub settings: Settings,
    pub index: Arc<GlossaryIndex>,
    pub rules: LinkRules,
    /// What the link texts of the glossary's files and the command's
    /// documents teach, when they were read (`check`, or
    /// `match.link-text-names`).
    pub taught: Vec<Taught>,
}

impl Context {
    /// Settings and glossary for a command over `documents`; their link
    /// texts (and the glossary's own) are read when `learn` asks or
    /// `match.link-text-names` needs them.
    pub fn load(
        global: &GlobalArgs,
        documents: &[PathBuf],
        learn: bool,
    ) -> anyhow::Result<Context> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let overrides = Overrides {
            builtin: global.builtin,
            glossary: global.glossary.clone(),
            link_url: global.link_url.clone(),
            link_style: None,
        };
        let settings = config::discover(&cwd, &overrides)?;
        let progress = Arc::new(LoadProgress::default());
        let bar = Bar::start("Loading and indexing the glossary", Arc::clone(&progress));
        let mut sources = match &settings.glossary {
            GlossarySource::Folders(folders) => {
                loader::read_counted(folders, settings.glossary_limits.clone(), &progress)?
            }
            GlossarySource::Builtin => builtin::sources(),
        };
        crate::glossary::entry::ignore_names(&mut sources.entries, &settings.match_ignore);
        let names = settings.link_text_names;
        let kept = names.then(|| sources.clone());
        let mut index = GlossaryIndex::from_sources(sources);
        drop(bar);
        let mut rules = LinkRules::new(&settings, &index);
        let mut taught = Vec::new();
        if learn || names {
            let read = |path: &PathBuf| {
                let path = config::absolute(&cwd, path);
                let text = loader::read_text(&path, settings.max_document_bytes).ok()?;
                Some((path, text))
            };
            let limit = settings.glossary_limits.max_file_bytes;
            let docs = documents.iter().filter_map(read);
            taught = link_texts(&index, &rules, limit, docs);
        }
        if let Some(mut sources) = kept.filter(|_| !taught.is_empty()) {
            add_names(&mut sources.entries, &taught);
            index = GlossaryIndex::from_sources(sources);
            rules = LinkRules::new(&settings, &index);
        }
        Ok(Context {
            cwd,
            settings,
            index,
            rules,
            taught,
        })
    }

    /// A path as the user would write it: relative to the current folder when inside it.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// What the links in the glossary's own files and in `documents` (path
/// and text) teach. Files that cannot be read are skipped here; the
/// command says so.
fn link_texts(
    index: &GlossaryIndex,
    rules: &LinkRules,
    entry_limit: u64,
    documents: impl Iterator<Item = (PathBuf, String)>,
) -> Vec<Taught> {
    let mut texts = LinkTexts::default();
    // The entries of a CSV, TSV or TBX termbase share one file: read it once.
    let mut read = std::collections::HashSet::new();
    for entry in index.glossary.entries().iter().filter(|e| !e.builtin) {
        if !read.insert(&*entry.path) {
            continue;
        }
        if let Ok(text) = loader::read_text(&entry.path, entry_limit) {
            texts.add(index, rules, &entry.path, &text);
        }
    }
    for (path, text) in documents {
        texts.add(index, rules, &path, &text);
    }
    texts.taught()
}
