//! The client session: what the client can do, its workspace folders, its
//! settings (initialization options merged with workspace settings), and
//! the messages already shown to the user.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError, RwLock};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::client_requests;
use super::documents::uri_path;
use super::position::Encoding;
use super::state::lock;

/// What the client said it can do, as far as we care.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    pub encoding: Encoding,
    pub definition_links: bool,
    pub declaration_links: bool,
    /// The client registers file watchers for us when asked.
    pub watches_files: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    /// The client shows tooltips on document links.
    pub link_tooltips: bool,
    /// The client shows `$/progress` for a token the server creates.
    pub work_done_progress: bool,
    /// The client asks for semantic tokens again when told to.
    pub semantic_refresh: bool,
}

impl ClientCaps {
    pub fn from_params(params: &InitializeParams) -> ClientCaps {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        ClientCaps {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            definition_links: text
                .and_then(|t| t.definition.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            declaration_links: text
                .and_then(|t| t.declaration.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            watches_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            link_tooltips: text
                .and_then(|t| t.document_link.as_ref())
                .and_then(|d| d.tooltip_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            semantic_refresh: workspace
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
        }
    }
}

/// The editor's settings, as JSON, by where they came from.
#[derive(Debug, Default, Clone)]
pub struct ClientConfig {
    pub initialization: Option<serde_json::Value>,
    pub workspace: Option<serde_json::Value>,
}

impl ClientConfig {
    /// Initialization options, overridden key by key by workspace settings.
    pub fn merged(&self) -> Option<serde_json::Value> {
        match (&self.initialization, &self.workspace) {
            (None, None) => None,
            (Some(a), None) => Some(a.clone()),
            (None, Some(b)) => Some(b.clone()),
            (Some(a), Some(b)) => {
                let mut merged = a.clone();
                merge_json(&mut merged, b);
                Some(merged)
            }
        }
    }
}

fn merge_json(base: &mut serde_json::Value, over: &serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(key) {
                    Some(existing) => merge_json(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, over) => *base = over.clone(),
    }
}

#[derive(Default)]
pub struct Session {
    caps: RwLock<ClientCaps>,
    /// The workspace folders, each with its own glossary.
    folders: Mutex<Vec<PathBuf>>,
    config: Mutex<ClientConfig>,
    /// Messages for the user found during `initialize`, shown once after it.
    pending_messages: Mutex<Vec<String>>,
    /// Messages already shown, so a reload does not repeat them.
    shown: Mutex<Vec<String>>,
}

impl Session {
    pub fn caps(&self) -> ClientCaps {
        *self.caps.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes in what `initialize` says: capabilities, folders, options.
    pub fn initialize(&self, params: &InitializeParams) -> ClientCaps {
        let caps = ClientCaps::from_params(params);
        *self.caps.write().unwrap_or_else(PoisonError::into_inner) = caps;
        *lock(&self.folders) = workspace_folders(params);
        lock(&self.config).initialization = params.initialization_options.clone();
        caps
    }

    pub fn folders(&self) -> Vec<PathBuf> {
        lock(&self.folders).clone()
    }

    pub fn change_folders(&self, event: &WorkspaceFoldersChangeEvent) {
        let mut folders = lock(&self.folders);
        let removed: Vec<PathBuf> = event
            .removed
            .iter()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        folders.retain(|f| !removed.contains(f));
        for added in event.added.iter().filter_map(|f| uri_path(&f.uri)) {
            if !folders.contains(&added) {
                folders.push(added);
            }
        }
    }

    /// The editor's settings in force, as JSON.
    pub fn settings(&self) -> Option<serde_json::Value> {
        lock(&self.config).merged()
    }

    /// Settings the client pushed (`didChangeConfiguration`).
    pub fn set_workspace_settings(&self, value: serde_json::Value) {
        lock(&self.config).workspace = Some(value);
    }

    pub fn defer_messages(&self, messages: Vec<String>) {
        lock(&self.pending_messages).extend(messages);
    }

    pub fn take_deferred_messages(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.pending_messages))
    }

    /// Says which glossary each folder uses, once, while `initialize` is
    /// answered (the protocol allows these two notifications then, and
    /// nothing can come after `shutdown`): in the log, and in a message
    /// when the built-in glossary stands in for one that was not found.
    pub async fn announce_glossaries(&self, client: &Client, summaries: Vec<(String, bool)>) {
        for (summary, fallback) in summaries {
            let message = format!("glossary-ls: glossary: {summary}");
            tracing::info!("{message}");
            client.log_message(MessageType::INFO, message.clone()).await;
            if fallback {
                lock(&self.shown).push(message.clone());
                client.show_message(MessageType::INFO, message).await;
            }
        }
    }

    /// Shows each message once per session.
    pub async fn show_new_messages(&self, client: &Client, messages: Vec<String>) {
        for message in messages {
            let fresh = {
                let mut shown = lock(&self.shown);
                let fresh = !shown.contains(&message);
                if fresh {
                    shown.push(message.clone());
                }
                fresh
            };
            if fresh {
                tracing::warn!("{message}");
                client.show_message(MessageType::WARNING, message).await;
            }
        }
    }

    /// Asks the client for the `glossary-ls` settings section. Returns
    /// whether they differ from what was in force.
    pub async fn pull_configuration(&self, client: &Client) -> bool {
        if !self.caps().configuration {
            return false;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("glossary-ls".to_string()),
        };
        match client_requests::answer("workspace/configuration", client.configuration(vec![item]))
            .await
        {
            Ok(mut values) => {
                let value = values.pop().filter(|v| v.is_object());
                let mut config = lock(&self.config);
                // What counts is the settings in force: a client that sends
                // back its initialization options changes nothing.
                let before = config.merged();
                config.workspace = value;
                config.merged() != before
            }
            Err(error) => {
                tracing::warn!("workspace/configuration failed: {}", error.message);
                false
            }
        }
    }

    /// Asks the client to watch the files matching `patterns`, if it can.
    pub async fn register_watchers(&self, client: &Client, patterns: Vec<String>) {
        if !self.caps().watches_files {
            return;
        }
        let watchers = patterns
            .into_iter()
            .map(|pattern| FileSystemWatcher {
                glob_pattern: GlobPattern::String(pattern),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "glossary-ls/watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        let registering = client.register_capability(vec![registration]);
        if let Err(error) = client_requests::answer("client/registerCapability", registering).await
        {
            tracing::warn!(
                "the client did not register file watchers: {}",
                error.message
            );
        }
    }
}

/// The workspace folders, each of which finds its own glossary: the
/// client's folders, else its root, else the server's own folder.
#[allow(deprecated)] // `root_uri` and `root_path`: older clients send only these.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri_path(&f.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    let root = params
        .root_uri
        .as_ref()
        .and_then(uri_path)
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    vec![root]
}
