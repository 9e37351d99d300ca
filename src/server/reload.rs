//! Glossary reloads: from disk (settings and files read again) or with
//! the unsaved texts of open entry files, then the open documents are
//! analysed again and their diagnostics published.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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

#[derive(Clone)]
pub struct Reloader {
    client: Client,
    shared: Arc<Shared>,
    /// Bumped by every requested rebuild; a rebuild whose number is no
    /// longer current is dropped, so bursts of edits cost one rebuild.
    generation: Arc<AtomicU64>,
}

impl Reloader {
    pub fn new(client: Client, shared: Arc<Shared>) -> Reloader {
        Reloader {
            client,
            shared,
            generation: Arc::default(),
        }
    }

    /// Loads every workspace folder's glossary from disk, off the async
    /// threads, and puts them in. Returns the messages for the user.
    pub async fn load_workspaces(&self) -> Result<Vec<String>> {
        let (workspaces, messages) = load(&self.shared).await?;
        self.shared
            .state()
            .replace_workspaces(workspaces.into_iter().map(Arc::new).collect());
        Ok(messages)
    }

    /// Rebuilds the glossaries, coalescing bursts: only the newest request
    /// is carried out. An overlay rebuild (an entry edited in the editor)
    /// keeps the loaded files and puts the unsaved texts of open entry
    /// files in their place; a full one reads settings and files again.
    pub async fn reload(&self, kind: Reload) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        // Let the rest of a burst of keystrokes arrive first.
        tokio::time::sleep(std::time::Duration::from_millis(15)).await;
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if kind == Reload::Full {
            match self.load_workspaces().await {
                Ok(messages) => {
                    self.shared
                        .session
                        .show_new_messages(&self.client, messages)
                        .await
                }
                Err(error) => tracing::error!("{}", error.message),
            }
        }
        // Whether full or not, unsaved entry texts stand in for their files.
        let (current, overlays) = {
            let state = self.shared.state();
            let overlays: Vec<HashMap<PathBuf, String>> = state
                .workspaces
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
            (state.workspaces.clone(), overlays)
        };
        if overlays.iter().all(HashMap::is_empty) && kind == Reload::Full {
            super::diagnostics::publish_all_later(&self.shared, &self.client);
            return;
        }
        let rebuilt = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                current
                    .iter()
                    .zip(overlays)
                    .map(|(workspace, overlay)| Arc::new(workspace.with_overlay(overlay)))
                    .collect::<Vec<_>>()
            }))
        })
        .await;
        let Ok(Ok(rebuilt)) = rebuilt else {
            tracing::error!("rebuilding the glossary failed");
            return;
        };
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        self.shared.state().replace_workspaces(rebuilt);
        super::diagnostics::publish_all_later(&self.shared, &self.client);
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
