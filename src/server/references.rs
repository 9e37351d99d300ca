//! `textDocument/references`: the entry named at the cursor, and every
//! place the workspace names it.
//!
//! Two halves. Under the state lock, [`prepare`] finds the entry and reads
//! the open documents, whose occurrences are already known. Then, on a
//! blocking thread with no lock held, [`search`] walks the workspace folder
//! (and glossary folders outside it) the way `.gitignore` says, and scans
//! the Markdown and text files that are not open: an open buffer wins over
//! its file on disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::{WalkBuilder, WalkState};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::blocking::Cancelled;
use super::documents::kind_of;
use super::position::{self, Encoding, TextLines};
use super::state::Shared;
use super::state::context;
use super::workspace::Workspace;
use crate::analysis::Analysis;
use crate::config;
use crate::features::DocContext;
use crate::features::definition;
use crate::features::references::references;
use crate::glossary::EntryId;

/// At most this many files are read from disk for one request.
pub const MAX_FILES: usize = 20_000;

/// What the disk search needs, taken from the state before the lock is let go.
pub struct Search {
    workspace: Arc<Workspace>,
    entry: EntryId,
    include_declaration: bool,
    encoding: Encoding,
    /// References found in open documents.
    found: Vec<Location>,
    /// Files of open documents: their disk copies are not read.
    open_paths: HashSet<PathBuf>,
    /// Whether the entry's own file was among the open documents.
    declared: bool,
}

/// The entry at the cursor and its references in open documents; `None`
/// when the cursor names no entry.
pub fn prepare(shared: &Shared, params: ReferenceParams) -> Result<Option<Search>> {
    let encoding = shared.encoding();
    let state = shared.state();
    let pos = &params.text_document_position;
    let open = state.open(&pos.text_document.uri, encoding)?;
    let Some(analysis) = open.analysis() else {
        return Ok(None);
    };
    let workspace = open.workspace;
    let offset = open.positions.offset(pos.position);
    let Some(target) = definition::target_at(&open.context(), analysis, offset) else {
        return Ok(None);
    };

    let include_declaration = params.context.include_declaration;
    let mut search = Search {
        workspace: Arc::clone(workspace),
        entry: target.entry,
        include_declaration,
        encoding,
        found: Vec::new(),
        open_paths: HashSet::new(),
        declared: false,
    };
    for (uri, document) in state.documents.iter() {
        if let Some(path) = &document.path {
            search.open_paths.insert(path.clone());
        }
        let Some(analysis) = &document.analysis else {
            continue;
        };
        let ctx = context(workspace, document);
        search.declared |= ctx.entry == Some(target.entry);
        for reference in references(&ctx, analysis, target.entry, include_declaration) {
            search.found.push(Location::new(
                uri.clone(),
                position::to_range(&document.rope, reference.range, encoding),
            ));
        }
    }
    Ok(Some(search))
}

/// Scans the workspace's files for the entry and returns every reference,
/// ordered by file and position.
pub fn search(search: Search, cancelled: &Cancelled) -> Vec<Location> {
    let Search {
        workspace,
        entry,
        include_declaration,
        encoding,
        found,
        open_paths,
        declared,
    } = search;
    let max_files = MAX_FILES;
    let found = Mutex::new(found);
    let declared = AtomicBool::new(declared);
    let files = AtomicUsize::new(0);
    let max_bytes = workspace
        .settings
        .as_ref()
        .map_or(config::DEFAULT_MAX_DOCUMENT_BYTES, |s| s.max_document_bytes);

    let roots = roots(&workspace);
    if let Some((first, rest)) = roots.split_first() {
        let mut walk = WalkBuilder::new(first);
        for root in rest {
            walk.add(root);
        }
        // `.gitignore` counts in a folder that is not (yet) a Git repository too.
        walk.require_git(false).max_filesize(Some(max_bytes));
        walk.build_parallel().run(|| {
            Box::new(|dirent| {
                if cancelled.is_set() {
                    return WalkState::Quit;
                }
                let Ok(dirent) = dirent else {
                    return WalkState::Continue;
                };
                if !dirent.file_type().is_some_and(|t| t.is_file()) {
                    return WalkState::Continue;
                }
                let path = dirent.path();
                if kind_of(Some(path), "").is_none() || open_paths.contains(path) {
                    return WalkState::Continue;
                }
                let count = files.fetch_add(1, Ordering::Relaxed);
                if count >= max_files {
                    if count == max_files {
                        tracing::warn!(
                            "references: stopped after {max_files} files; the rest of the workspace is not searched"
                        );
                    }
                    return WalkState::Quit;
                }
                let Some(scanned) =
                    scan_file(&workspace, path, entry, include_declaration, encoding, max_bytes)
                else {
                    return WalkState::Continue;
                };
                if scanned.declares {
                    declared.store(true, Ordering::Relaxed);
                }
                found
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(scanned.locations);
                WalkState::Continue
            })
        });
    }

    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    if include_declaration && !declared.into_inner() {
        // The entry's file is neither open nor in the workspace (a built-in
        // entry's cached copy, a glossary elsewhere): its title still counts.
        found.extend(declaration(&workspace, entry, encoding));
    }
    found.sort_by(|a, b| {
        (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
            b.uri.as_str(),
            b.range.start.line,
            b.range.start.character,
        ))
    });
    found.dedup();
    tracing::debug!(
        "references: {} found, {} files read",
        found.len(),
        files.into_inner().min(max_files)
    );
    found
}

/// The folders searched: the workspace folder, and glossary folders that
/// are not inside it. Built-in entries have no folder on disk.
fn roots(workspace: &Workspace) -> Vec<PathBuf> {
    let glossary_roots = workspace
        .index()
        .glossary
        .roots()
        .iter()
        .filter(|r| !r.builtin)
        .map(|r| r.path.clone());
    let mut roots: Vec<PathBuf> = Vec::new();
    for root in workspace.root.clone().into_iter().chain(glossary_roots) {
        if !root.is_dir() || roots.iter().any(|r| root.starts_with(r)) {
            continue;
        }
        roots.retain(|r| !r.starts_with(&root));
        roots.push(root);
    }
    roots
}

struct Scanned {
    locations: Vec<Location>,
    /// The file is the entry's own.
    declares: bool,
}

/// The references in one file on disk; `None` when it cannot be read.
fn scan_file(
    workspace: &Workspace,
    path: &Path,
    entry: EntryId,
    include_declaration: bool,
    encoding: Encoding,
    max_bytes: u64,
) -> Option<Scanned> {
    let kind = kind_of(Some(path), "")?;
    // As the glossary loader reads: not too large, not binary, UTF-8.
    let text = match crate::glossary::loader::read_text(path, max_bytes) {
        Ok(text) => text,
        Err((_, message)) => {
            tracing::debug!("references: skipping {}: {message}", path.display());
            return None;
        }
    };
    let uri = Uri::from_file_path(path)?;
    let analysis = Analysis::new(text, kind, &workspace.scanner);
    let ctx = DocContext {
        index: workspace.index(),
        rules: &workspace.rules,
        path: Some(path),
        entry: workspace.entry_for_path(path),
    };
    let found = references(&ctx, &analysis, entry, include_declaration);
    let lines = TextLines::new(analysis.text());
    Some(Scanned {
        locations: found
            .into_iter()
            .map(|r| Location::new(uri.clone(), position::to_range(&lines, r.range, encoding)))
            .collect(),
        declares: ctx.entry == Some(entry),
    })
}

/// The entry's title in its file, as go-to-entry finds it.
fn declaration(workspace: &Workspace, entry: EntryId, encoding: Encoding) -> Option<Location> {
    let uri = Uri::from_file_path(workspace.entry_file(entry)?)?;
    let text = workspace.entry_text(entry)?;
    let title = workspace.index().entry(entry).title_range.clone();
    Some(Location::new(
        uri,
        position::to_range(&TextLines::new(&text), title, encoding),
    ))
}
