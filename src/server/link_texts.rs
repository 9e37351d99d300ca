//! What a workspace's link texts teach, read when its glossary is loaded:
//! the glossary's own entry files, and the workspace folder's Markdown
//! files as `.gitignore` leaves them, at most [`MAX_FILES`] of them, each
//! within `files.max-size`. Read once per load (startup, configuration or
//! glossary change on disk), not on every keystroke.

use std::path::Path;

use ignore::WalkBuilder;

use crate::features::link_targets::LinkRules;
use crate::features::link_texts::{LinkTexts, Taught};
use crate::glossary::loader::read_text;
use crate::index::GlossaryIndex;
use crate::markdown::is_markdown_path;

/// Markdown files read for their links, at most.
pub const MAX_FILES: usize = 2_000;

pub fn learn(
    root: Option<&Path>,
    index: &GlossaryIndex,
    rules: &LinkRules,
    entry_bytes: u64,
    document_bytes: u64,
) -> Vec<Taught> {
    let mut texts = LinkTexts::default();
    for entry in index.glossary.entries().iter().filter(|e| !e.builtin) {
        if let Ok(text) = read_text(&entry.path, entry_bytes) {
            texts.add(index, rules, &entry.path, &text);
        }
    }
    let mut read = 0;
    if let Some(root) = root {
        let walk = WalkBuilder::new(root)
            .require_git(false)
            .max_filesize(Some(document_bytes))
            .build();
        for dirent in walk.flatten() {
            let path = dirent.path();
            if !dirent.file_type().is_some_and(|t| t.is_file()) || !is_markdown_path(path) {
                continue;
            }
            if read == MAX_FILES {
                tracing::info!(
                    "link texts: stopped after {MAX_FILES} Markdown files in {}",
                    root.display()
                );
                break;
            }
            read += 1;
            if let Ok(text) = read_text(path, document_bytes) {
                texts.add(index, rules, path, &text);
            }
        }
    }
    let taught = texts.taught();
    tracing::debug!(
        "link texts: {read} documents read, {} names taught",
        taught.len()
    );
    taught
}
