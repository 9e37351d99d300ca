//! What every command needs: settings, the loaded glossary, link rules.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;

use super::GlobalArgs;
use super::progress::Bar;
use crate::config::{self, GlossarySource, Overrides, Settings};
use crate::features::link_targets::LinkRules;
use crate::glossary::progress::LoadProgress;
use crate::glossary::{builtin, loader};
use crate::index::GlossaryIndex;

pub struct Context {
    pub cwd: PathBuf,
    pub settings: Settings,
    pub index: Arc<GlossaryIndex>,
    pub rules: LinkRules,
}

impl Context {
    pub fn load(global: &GlobalArgs) -> anyhow::Result<Context> {
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
                loader::read_counted(folders, settings.glossary_limits, &progress)?
            }
            GlossarySource::Builtin => builtin::sources(),
        };
        crate::glossary::entry::ignore_names(&mut sources.entries, &settings.match_ignore);
        let index = GlossaryIndex::from_sources(sources);
        drop(bar);
        let rules = LinkRules::new(&settings, &index);
        Ok(Context {
            cwd,
            settings,
            index,
            rules,
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
