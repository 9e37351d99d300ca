//! The server's own file watching, for clients that cannot watch files
//! for it (`files.watcher`: `auto` when the client cannot, or `server`).
//!
//! Each glossary root is watched; a root that does not exist (yet, or any
//! more) is watched through its parent, so that its return is seen. The
//! workspace folders are watched for their configuration file. Events
//! that concern a workspace become a reload request; the reload task
//! debounces bursts. When watching starts, what changed since the first
//! load read the disk is found by modification times.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher as _};

use super::reload::{Reload, Reloader};
use super::state::Shared;

/// Watching stops when this is dropped.
pub struct DiskWatcher {
    inner: notify::RecommendedWatcher,
    /// What is watched now.
    targets: Vec<(PathBuf, RecursiveMode)>,
}

impl DiskWatcher {
    /// Follows the workspaces in force: after a reload from disk the
    /// configured roots may have changed (a new `.glossary-ls.toml`, other
    /// settings), and a root that did not exist may exist now.
    fn retarget(&mut self, shared: &Shared) {
        let targets = targets(shared);
        for (path, mode) in &self.targets {
            if !targets.contains(&(path.clone(), *mode)) {
                let _ = self.inner.unwatch(path);
            }
        }
        for (path, mode) in &targets {
            if !self.targets.contains(&(path.clone(), *mode)) {
                watch(&mut self.inner, path, *mode);
            }
        }
        self.targets = targets;
    }
}

/// After a reload from disk: the running watcher, if any, follows the
/// workspaces now in force.
pub fn follow(shared: &Shared) {
    if let Some(watcher) = super::state::lock(&shared.watcher).as_mut() {
        watcher.retarget(shared);
    }
}

fn watch(watcher: &mut notify::RecommendedWatcher, path: &Path, mode: RecursiveMode) {
    match watcher.watch(path, mode) {
        Ok(()) => tracing::info!("watching {} for changes", path.display()),
        Err(error) => tracing::warn!("cannot watch {}: {error}", path.display()),
    }
}

/// What to watch for the workspaces in force: (path, recursively).
fn targets(shared: &Shared) -> Vec<(PathBuf, RecursiveMode)> {
    let state = shared.state();
    let mut targets = Vec::new();
    for workspace in &state.workspaces {
        for root in workspace.configured_roots() {
            if root.exists() {
                targets.push((root, RecursiveMode::Recursive));
            } else if let Some(parent) = root.parent().filter(|p| p.is_dir()) {
                targets.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        if let Some(root) = &workspace.root {
            targets.push((root.clone(), RecursiveMode::NonRecursive));
        }
    }
    targets.sort_by(|a, b| a.0.cmp(&b.0));
    targets.dedup_by(|a, b| a.0 == b.0);
    targets
}

/// Starts watching; `None` (with a log line) when the platform refuses.
pub fn start(shared: Arc<Shared>, reloader: Reloader) -> Option<DiskWatcher> {
    let targets = targets(&shared);
    let concerned = Arc::clone(&shared);
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else {
            return;
        };
        // Opening or reading a file changes nothing, and every load reads
        // the watched files: taken as changes, they reloaded without end.
        if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
        {
            return;
        }
        let relevant = {
            let state = concerned.state();
            event
                .paths
                .iter()
                .any(|path| state.workspaces.iter().any(|w| w.watches(path)))
        };
        if relevant {
            reloader.request(Reload::Full);
        }
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(watcher) => watcher,
        Err(error) => {
            tracing::warn!("cannot watch files: {error}");
            return None;
        }
    };
    for (path, mode) in &targets {
        watch(&mut watcher, path, *mode);
    }
    Some(DiskWatcher {
        inner: watcher,
        targets,
    })
}

/// How much earlier than the read a change still counts: file systems
/// keep modification times in coarse steps (up to 2 s on FAT).
const CLOCK_MARGIN: Duration = Duration::from_secs(2);

/// Whether anything the workspaces were read from may have changed since
/// they were read: a file or folder under a glossary root, or the
/// workspace folder itself or its configuration file (a new glossary
/// folder or `.glossary-ls.toml` changes the folder). Only modification
/// times are read, not the files. A workspace not read from disk counts
/// as changed.
pub fn changed_since_read(shared: &Shared) -> bool {
    let workspaces: Vec<_> = {
        let state = shared.state();
        state
            .workspaces
            .iter()
            .map(|w| (w.configured_roots(), w.root.clone(), w.sources.read_at))
            .collect()
    };
    workspaces.iter().any(|(roots, folder, read_at)| {
        let Some(read_at) = read_at else {
            return true;
        };
        let since = read_at.checked_sub(CLOCK_MARGIN).unwrap_or(UNIX_EPOCH);
        let folder_changed = folder.as_ref().is_some_and(|f| {
            changed(f, since) != Some(false)
                || changed(&f.join(crate::config::CONFIG_FILE), since) == Some(true)
        });
        folder_changed || roots.iter().any(|root| tree_changed(root, since))
    })
}

/// Whether `path` was modified at or after `since`; `None` when it cannot
/// be read.
fn changed(path: &Path, since: SystemTime) -> Option<bool> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(modified >= since)
}

/// Whether `root` or anything below it changed (a missing root counts as
/// changed: it may be what appeared or went away).
fn tree_changed(root: &Path, since: SystemTime) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        match changed(&path, since) {
            Some(false) => {}
            _ => return true,
        }
        if path.is_dir()
            && seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()))
            && let Ok(listing) = std::fs::read_dir(&path)
        {
            stack.extend(listing.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    false
}
