//! The server's own file watching, for clients that cannot watch files
//! for it (`files.watcher`: `auto` when the client cannot, or `server`).
//!
//! Each glossary root is watched; a root that does not exist (yet, or any
//! more) is watched through its parent, so that its return is seen. The
//! workspace folders are watched for their configuration file. Events
//! that concern a workspace become a reload request; the reload task
//! debounces bursts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use notify::{RecursiveMode, Watcher as _};

use super::reload::{Reload, Reloader};
use super::state::Shared;

/// Watching stops when this is dropped.
pub struct DiskWatcher {
    _inner: notify::RecommendedWatcher,
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
        match watcher.watch(Path::new(path), *mode) {
            Ok(()) => tracing::info!("watching {} for changes", path.display()),
            Err(error) => tracing::warn!("cannot watch {}: {error}", path.display()),
        }
    }
    Some(DiskWatcher { _inner: watcher })
}
