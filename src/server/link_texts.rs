//! What a workspace's link texts teach, read when its glossary is loaded:
//! the glossary's own entry files, then the workspace folder's Markdown
//! files as `.gitignore` leaves them; at most [`MAX_FILES`] files and
//! [`MAX_BYTES`] in all, each within its size limit. Read once per load
//! (startup, configuration or glossary change on disk), not on every
//! keystroke.

use std::path::Path;

use ignore::WalkBuilder;

use crate::features::link_targets::LinkRules;
use crate::features::link_texts::{LinkTexts, Taught};
use crate::glossary::loader::read_text;
use crate::index::GlossaryIndex;
use crate::markdown::is_markdown_path;

/// Files read for their links, at most.
pub const MAX_FILES: usize = 2_000;
/// Bytes read for links, at most.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// What is left of the budget.
struct Budget {
    files: usize,
    bytes: usize,
}

impl Budget {
    /// Takes one file of `len` bytes; `false` once the budget is spent.
    fn take(&mut self, len: usize) -> bool {
        if self.files == 0 || self.bytes < len {
            self.files = 0;
            return false;
        }
        self.files -= 1;
        self.bytes -= len;
        true
    }
}

pub fn learn(
    root: Option<&Path>,
    index: &GlossaryIndex,
    rules: &LinkRules,
    entry_bytes: u64,
    document_bytes: u64,
) -> Vec<Taught> {
    let mut texts = LinkTexts::default();
    let mut budget = Budget {
        files: MAX_FILES,
        bytes: MAX_BYTES,
    };
    for entry in index.glossary.entries().iter().filter(|e| !e.builtin) {
        if let Ok(text) = read_text(&entry.path, entry_bytes) {
            if !budget.take(text.len()) {
                tracing::info!("link texts: stopped after {MAX_FILES} files or {MAX_BYTES} bytes");
                return texts.taught();
            }
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
            if index.glossary.entry_at_path(path).is_some() {
                continue; // read above
            }
            let Ok(text) = read_text(path, document_bytes) else {
                continue;
            };
            if !budget.take(text.len()) {
                tracing::info!(
                    "link texts: stopped after {MAX_FILES} files or {MAX_BYTES} bytes in {}",
                    root.display()
                );
                break;
            }
            read += 1;
            texts.add(index, rules, path, &text);
        }
    }
    let taught = texts.taught();
    tracing::debug!(
        "link texts: {read} documents read, {} names taught",
        taught.len()
    );
    taught
}
