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
use crate::glossary::progress::{self, LoadProgress};
use tower_lsp_server::ls_types::ProgressToken;

/// What a glossary rebuild starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Settings and glossary files read again from disk.
    Full,
    /// The loaded files with the unsaved texts of open entry files.
    Overlay,
    /// The first load, when the glossary is too large to wait for in
    /// `initialize`: read at once with progress shown, and announced (with
    /// fresh diagnostics and semantic tokens) when it is in force.
    Initial,
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
    initial: bool,
}

impl Wanted {
    fn add(&mut self, kind: Reload) {
        match kind {
            Reload::Full => self.disk = true,
            Reload::Overlay => self.entries = true,
            Reload::Initial => {
                self.disk = true;
                self.initial = true;
            }
        }
    }

    /// How long to wait for more requests before building.
    fn quiet(&self) -> Duration {
        match (self.initial, self.disk) {
            (true, _) => Duration::ZERO,
            (false, true) => DISK_QUIET,
            (false, false) => EDIT_QUIET,
        }
    }
}

/// A glossary at least this large (in bytes of files, or in files and
/// folders) is loaded after `initialize` has been answered, with progress.
const BACKGROUND_BYTES: u64 = 1024 * 1024;
const BACKGROUND_FILES: usize = 2_000;
/// How often a background load reports its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

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
    /// Told when the first glossary is in force after a background load.
    initial_done: Arc<tokio::sync::Notify>,
    /// `initialize` left the first load for later.
    initial_pending: Arc<std::sync::atomic::AtomicBool>,
    /// Set once `initialize` has decided whether to load at once: a client
    /// may send `initialized` before it has read the answer.
    initial_decided: Arc<tokio::sync::watch::Sender<bool>>,
}

impl Reloader {
    /// Starts the reload task; it ends when the last `Reloader` is dropped.
    pub fn new(client: Client, shared: Arc<Shared>) -> Reloader {
        let (requests, receiver) = mpsc::unbounded_channel();
        let counts = Arc::new(Counts::default());
        let initial_done = Arc::new(tokio::sync::Notify::new());
        let task = Task {
            client: client.clone(),
            shared: Arc::clone(&shared),
            counts: Arc::clone(&counts),
            loaded: None,
            announce: false,
            initial_done: Arc::clone(&initial_done),
        };
        tokio::spawn(task.run(receiver));
        Reloader {
            client,
            shared,
            requests,
            counts,
            initial_done,
            initial_pending: Arc::default(),
            initial_decided: Arc::new(tokio::sync::watch::channel(false).0),
        }
    }

    /// Asks for a rebuild and returns at once.
    pub fn request(&self, kind: Reload) {
        if self.requests.send(kind).is_err() {
            tracing::warn!("the reload task has ended; {kind:?} reload dropped");
        }
    }

    /// The first load, during `initialize`: nothing else runs yet, so it
    /// is put in directly. Returns the messages for the user, or `None`
    /// when the glossary is large: then nothing is loaded, and
    /// [`Reloader::load_in_background`] is for after `initialize`.
    pub async fn load_initial(&self) -> Result<Option<Vec<String>>> {
        let loaded = self.load_initial_now().await;
        self.initial_decided.send_replace(true);
        loaded
    }

    async fn load_initial_now(&self) -> Result<Option<Vec<String>>> {
        if self.is_large().await {
            self.initial_pending.store(true, Ordering::SeqCst);
            return Ok(None);
        }
        let (workspaces, messages) = load(&self.shared, Arc::default()).await?;
        self.counts.disk_loads.fetch_add(1, Ordering::SeqCst);
        self.shared
            .state()
            .replace_workspaces(workspaces.into_iter().map(Arc::new).collect());
        Ok(Some(messages))
    }

    /// Whether `initialize` left the first load for later (asked once),
    /// once `initialize` has decided.
    pub async fn take_initial_pending(&self) -> bool {
        let mut decided = self.initial_decided.subscribe();
        let _ = decided.wait_for(|decided| *decided).await;
        self.initial_pending.swap(false, Ordering::SeqCst)
    }

    /// Has the reload task load the glossary and waits until it is in force.
    pub async fn load_in_background(&self) {
        let done = self.initial_done.notified();
        self.request(Reload::Initial);
        done.await;
    }

    /// Whether any workspace folder's glossary is too large to load
    /// before `initialize` is answered.
    async fn is_large(&self) -> bool {
        let folders = self.shared.session.folders();
        let client = self.shared.session.settings();
        let overrides = self.shared.options.overrides.clone();
        tokio::task::spawn_blocking(move || {
            folders.iter().any(|folder| {
                let (settings, _) =
                    crate::config::discover_lenient(folder, &overrides, client.as_ref());
                match settings.glossary {
                    crate::config::GlossarySource::Folders(roots) => {
                        progress::is_large(&roots, BACKGROUND_BYTES, BACKGROUND_FILES)
                    }
                    crate::config::GlossarySource::Builtin => false,
                }
            })
        })
        .await
        .unwrap_or(false)
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
    /// The first glossary is still to be announced once in force.
    announce: bool,
    initial_done: Arc<tokio::sync::Notify>,
}

impl Task {
    async fn run(mut self, mut requests: mpsc::UnboundedReceiver<Reload>) {
        while let Some(first) = requests.recv().await {
            let mut wanted = Wanted::default();
            wanted.add(first);
            let started = Instant::now();
            loop {
                let quiet = wanted.quiet();
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
        if wanted.initial {
            self.announce = true;
        }
        if wanted.disk {
            let progress = Arc::new(LoadProgress::default());
            let shown = match wanted.initial {
                true => Some(self.show_progress(Arc::clone(&progress))),
                false => None,
            };
            let loaded = load(&self.shared, progress).await;
            if let Some(shown) = shown {
                shown.abort();
                let _ = shown.await;
                self.end_progress().await;
            }
            match loaded {
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
            if std::mem::take(&mut self.announce) {
                self.announce_first().await;
            }
        } else {
            tracing::debug!("an entry changed during the rebuild; building again");
        }
    }
}

/// The token of the first load's work-done progress.
const PROGRESS_TOKEN: &str = "glossary-ls/load";

impl Task {
    /// Shows the first load's progress, when the client takes work-done
    /// progress: a task that reports the share of glossary files read until
    /// it is aborted (then [`Task::end_progress`] ends it).
    fn show_progress(&self, progress: Arc<LoadProgress>) -> tokio::task::JoinHandle<()> {
        let client = self.client.clone();
        let wanted = self.shared.caps().work_done_progress;
        tokio::spawn(async move {
            if !wanted {
                return;
            }
            let token = ProgressToken::String(PROGRESS_TOKEN.to_string());
            let created = super::client_requests::answer(
                "window/workDoneProgress/create",
                client.create_work_done_progress(token.clone()),
            )
            .await;
            if created.is_err() {
                return;
            }
            let shown = client
                .progress(token, "Loading the glossary")
                .with_percentage(0)
                .begin()
                .await;
            let mut last = 0;
            loop {
                tokio::time::sleep(PROGRESS_EVERY).await;
                let (read, files) = progress.counts();
                // Reading files is most of the work; building the index
                // is the last tenth.
                let percent = (read * 90).checked_div(files).unwrap_or(0) as u32;
                if percent > last {
                    last = percent;
                    shown
                        .report_with_message(format!("{read} of {files} files"), percent)
                        .await;
                }
            }
        })
    }

    /// Ends the first load's progress, if it was shown.
    async fn end_progress(&self) {
        if self.shared.caps().work_done_progress {
            let token = ProgressToken::String(PROGRESS_TOKEN.to_string());
            self.client
                .send_notification::<tower_lsp_server::ls_types::notification::Progress>(
                    tower_lsp_server::ls_types::ProgressParams {
                        token,
                        value: tower_lsp_server::ls_types::ProgressParamsValue::WorkDone(
                            tower_lsp_server::ls_types::WorkDoneProgress::End(
                                tower_lsp_server::ls_types::WorkDoneProgressEnd { message: None },
                            ),
                        ),
                    },
                )
                .await;
        }
    }

    /// After the first glossary loaded in the background is in force: says
    /// which glossary it is, has semantic tokens asked for again, and
    /// wakes whoever waits for it.
    async fn announce_first(&self) {
        announce(&self.shared, &self.client).await;
        if self.shared.caps().semantic_refresh {
            let _ = super::client_requests::answer(
                "workspace/semanticTokens/refresh",
                self.client.semantic_tokens_refresh(),
            )
            .await;
        }
        self.initial_done.notify_one();
    }

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

/// Says which glossary each workspace folder has in force.
pub async fn announce(shared: &Shared, client: &Client) {
    let summaries: Vec<(String, bool)> = shared
        .state()
        .workspaces
        .iter()
        .filter_map(|w| w.summary())
        .collect();
    shared.session.announce_glossaries(client, summaries).await;
}

/// Reads every workspace folder's glossary from disk on the blocking pool.
async fn load(
    shared: &Shared,
    progress: Arc<LoadProgress>,
) -> Result<(Vec<Workspace>, Vec<String>)> {
    let folders = shared.session.folders();
    let client = shared.session.settings();
    let options = shared.options.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| {
            let mut messages = Vec::new();
            let workspaces = folders
                .iter()
                .map(|folder| {
                    let (workspace, found) =
                        Workspace::load(folder, &options, client.as_ref(), &progress);
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
