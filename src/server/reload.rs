//! Glossary reloads, all carried out by one task fed by a channel.
//!
//! Handlers only ask ([`Reloader::request`]) and return: none waits for a
//! reload. The task takes requests as they come, lets a burst finish
//! (a `git checkout` sends dozens of file events), combines what was asked
//! ("read the disk again", "an open entry file changed"), and builds the
//! new glossaries from the newest state: files read from disk, then the
//! unsaved texts of open entry files in their place. Right before the
//! swap it checks, under the state lock, that no entry text changed since
//! it took them; if one did, the result is not put in, and the request
//! that edit sent builds again on top of what was loaded.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::Result;

use super::backend::{internal_error, panic_message};
use super::state::Shared;
use super::workspace::Workspace;

/// What a glossary rebuild starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Settings and glossary files read again from disk.
    Full,
    /// The loaded files with the unsaved texts of open entry files.
    Overlay,
}

/// How long the task waits for a burst to end: short after a keystroke in
/// an entry file, longer after a change on disk, which comes in bursts.
const EDIT_QUIET: Duration = Duration::from_millis(15);
const DISK_QUIET: Duration = Duration::from_millis(200);
/// A burst that never ends is still carried out this often.
const MAX_DELAY: Duration = Duration::from_secs(3);

/// What has been asked since the last rebuild.
#[derive(Debug, Default, Clone, Copy)]
struct Wanted {
    disk: bool,
    entries: bool,
}

impl Wanted {
    fn add(&mut self, kind: Reload) {
        match kind {
            Reload::Full => self.disk = true,
            Reload::Overlay => self.entries = true,
        }
    }
}

/// How many rebuilds the task has done, for `glossary-ls/serverState`.
#[derive(Debug, Default)]
pub struct Counts {
    /// Glossaries read from disk (the first load included).
    pub disk_loads: AtomicU64,
    /// New glossaries put in force.
    pub swaps: AtomicU64,
}

#[derive(Clone)]
pub struct Reloader {
    client: Client,
    shared: Arc<Shared>,
    requests: mpsc::UnboundedSender<Reload>,
    pub counts: Arc<Counts>,
}

impl Reloader {
    /// Starts the reload task; it ends when the last `Reloader` is dropped.
    pub fn new(client: Client, shared: Arc<Shared>) -> Reloader {
        let (requests, receiver) = mpsc::unbounded_channel();
        let counts = Arc::new(Counts::default());
        let task = Task {
            client: client.clone(),
            shared: Arc::clone(&shared),
            counts: Arc::clone(&counts),
            loaded: None,
        };
        tokio::spawn(task.run(receiver));
        Reloader {
            client,
            shared,
            requests,
            counts,
        }
    }

    /// Asks for a rebuild and returns at once.
    pub fn request(&self, kind: Reload) {
        if self.requests.send(kind).is_err() {
            tracing::warn!("the reload task has ended; {kind:?} reload dropped");
        }
    }

    /// The first load, during `initialize`: nothing else runs yet, so it
    /// is put in directly. Returns the messages for the user.
    pub async fn load_initial(&self) -> Result<Vec<String>> {
        let (workspaces, messages) = load(&self.shared).await?;
        self.counts.disk_loads.fetch_add(1, Ordering::SeqCst);
        self.shared
            .state()
            .replace_workspaces(workspaces.into_iter().map(Arc::new).collect());
        Ok(messages)
    }

    /// Asks the client to watch the glossary files and configuration files.
    pub async fn register_watchers(&self) {
        let patterns: Vec<String> = {
            let state = self.shared.state();
            let mut all: Vec<String> = state
                .workspaces
                .iter()
                .flat_map(|w| w.watch_patterns())
                .collect();
            all.sort();
            all.dedup();
            all
        };
        self.shared
            .session
            .register_watchers(&self.client, patterns)
            .await;
    }
}

struct Task {
    client: Client,
    shared: Arc<Shared>,
    counts: Arc<Counts>,
    /// Glossaries read from disk whose swap was called off because an
    /// entry text changed meanwhile: the next rebuild starts from them.
    loaded: Option<Vec<Arc<Workspace>>>,
}

impl Task {
    async fn run(mut self, mut requests: mpsc::UnboundedReceiver<Reload>) {
        while let Some(first) = requests.recv().await {
            let mut wanted = Wanted::default();
            wanted.add(first);
            let started = Instant::now();
            loop {
                let quiet = if wanted.disk { DISK_QUIET } else { EDIT_QUIET };
                let left = MAX_DELAY.saturating_sub(started.elapsed());
                match tokio::time::timeout(quiet.min(left), requests.recv()).await {
                    Ok(Some(kind)) => wanted.add(kind),
                    Ok(None) => return,
                    Err(_) => break,
                }
            }
            self.rebuild(wanted).await;
        }
    }

    async fn rebuild(&mut self, wanted: Wanted) {
        if wanted.disk {
            match load(&self.shared).await {
                Ok((workspaces, messages)) => {
                    self.counts.disk_loads.fetch_add(1, Ordering::SeqCst);
                    self.loaded = Some(workspaces.into_iter().map(Arc::new).collect());
                    self.shared
                        .session
                        .show_new_messages(&self.client, messages)
                        .await;
                }
                Err(error) => tracing::error!("{}", error.message),
            }
        }
        // The unsaved texts of open entry files stand in for their files,
        // taken with the edit count that tells whether they are still current.
        let (edits, base, overlays) = {
            let state = self.shared.state();
            let base = self
                .loaded
                .clone()
                .unwrap_or_else(|| state.workspaces.clone());
            let overlays: Vec<HashMap<PathBuf, String>> = base
                .iter()
                .map(|workspace| {
                    state
                        .documents
                        .iter()
                        .filter_map(|(_, document)| {
                            let path = document.path.as_ref()?;
                            let analysis = document.analysis.as_ref()?;
                            workspace
                                .is_entry_file(path)
                                .then(|| (path.clone(), analysis.text().to_string()))
                        })
                        .collect()
                })
                .collect();
            (state.entry_edits, base, overlays)
        };
        let fresh = self.loaded.is_some();
        let built = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                let mut changed = fresh;
                let workspaces = base
                    .iter()
                    .zip(overlays)
                    .map(|(workspace, mut overlay)| {
                        // A text the same as its file adds nothing to it.
                        overlay.retain(|path, text| {
                            std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str())
                        });
                        if &overlay == workspace.overlay() {
                            Arc::clone(workspace)
                        } else {
                            changed = true;
                            Arc::new(workspace.with_overlay(overlay))
                        }
                    })
                    .collect::<Vec<_>>();
                changed.then_some(workspaces)
            }))
        })
        .await;
        let rebuilt = match built {
            Ok(Ok(Some(built))) => built,
            // The glossary in force is already this one.
            Ok(Ok(None)) => return,
            _ => {
                tracing::error!("rebuilding the glossary failed");
                return;
            }
        };
        let before = self.shared.state().workspaces.clone();
        let swapped = {
            let mut state = self.shared.state();
            let current = state.entry_edits == edits;
            if current {
                state.replace_workspaces(rebuilt);
            }
            current
        };
        if swapped {
            if wanted.disk {
                self.say_fallbacks(&before).await;
                let shared = Arc::clone(&self.shared);
                tokio::task::spawn_blocking(move || super::watcher::follow(&shared));
            }
            // The old glossaries go now (unless a request still holds one),
            // and their pages back to the system.
            drop(before);
            tokio::task::spawn_blocking(super::memory::release_freed);
            self.loaded = None;
            self.counts.swaps.fetch_add(1, Ordering::SeqCst);
            super::diagnostics::publish_all_later(&self.shared, &self.client);
        } else {
            tracing::debug!("an entry changed during the rebuild; building again");
        }
    }
}

impl Task {
    /// Says when a configured glossary comes back after the built-in one
    /// stood in for it (that it fell back is said by the load itself).
    async fn say_fallbacks(&self, before: &[Arc<Workspace>]) {
        let now = self.shared.state().workspaces.clone();
        let mut messages = Vec::new();
        for workspace in &now {
            let was_down = before
                .iter()
                .any(|old| old.root == workspace.root && old.fell_back());
            if was_down && !workspace.fell_back() {
                let roots: Vec<String> = workspace
                    .configured_roots()
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect();
                let message = format!(
                    "glossary-ls: the glossary at {} can be read again; it replaces the built-in AI glossary",
                    roots.join(", ")
                );
                tracing::info!("{message}");
                messages.push(message);
            }
        }
        for message in messages {
            self.client
                .show_message(tower_lsp_server::ls_types::MessageType::INFO, message)
                .await;
        }
    }
}

/// Reads every workspace folder's glossary from disk on the blocking pool.
async fn load(shared: &Shared) -> Result<(Vec<Workspace>, Vec<String>)> {
    let folders = shared.session.folders();
    let client = shared.session.settings();
    let options = shared.options.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| {
            let mut messages = Vec::new();
            let workspaces = folders
                .iter()
                .map(|folder| {
                    let (workspace, found) = Workspace::load(folder, &options, client.as_ref());
                    messages.extend(found);
                    workspace
                })
                .collect::<Vec<_>>();
            (workspaces, messages)
        }))
    })
    .await;
    match loaded {
        Ok(Ok(loaded)) => Ok(loaded),
        Ok(Err(payload)) => {
            let message = panic_message(payload.as_ref());
            tracing::error!("loading the glossary panicked: {message}");
            Ok((
                vec![Workspace::empty()],
                vec![format!("glossary-ls: cannot load the glossary: {message}")],
            ))
        }
        Err(error) => Err(internal_error(format!(
            "glossary-ls: loading the glossary failed: {error}"
        ))),
    }
}
