//! The `LanguageServer` implementation: lifecycle, documents, and a flat
//! table of requests, each a few lines over a feature in `requests`.
//!
//! Every handler does its work synchronously, under a std lock that is
//! never held across an `.await`, and inside `catch_unwind`: tower-lsp
//! runs handlers concurrently, and a notification that awaited before
//! applying its edit could be overtaken by the next one.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::request::{GotoDeclarationParams, GotoDeclarationResponse};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::documents::{Document, Documents, uri_path};
use super::position::Encoding;
use super::requests;
use super::workspace::{ServerOptions, Workspace};

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

/// What a glossary rebuild starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Settings and glossary files read again from disk.
    Full,
    /// The loaded files with the unsaved texts of open entry files.
    Overlay,
}

/// A std mutex taken past poisoning: a panicked handler leaves data that
/// is still consistent, since every change under a lock is a single swap.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The glossary in force and the documents analysed with it, under one
/// lock so that no handler sees a document analysed with another glossary.
pub struct State {
    /// One per workspace folder, never empty: each folder finds its own glossary.
    pub workspaces: Vec<Arc<Workspace>>,
    pub documents: Documents,
}

impl State {
    /// The workspace of the folder holding `path` (the innermost one), or
    /// the first folder's for documents outside every folder.
    pub fn workspace_for(&self, path: Option<&std::path::Path>) -> &Arc<Workspace> {
        folder_of(&self.workspaces, path)
    }

    pub fn first_workspace(&self) -> &Arc<Workspace> {
        &self.workspaces[0]
    }

    /// Puts in new workspaces and analyses every open document again
    /// against its folder's glossary.
    fn replace_workspaces(&mut self, workspaces: Vec<Arc<Workspace>>) {
        if workspaces.is_empty() {
            return;
        }
        self.workspaces = workspaces;
        for (_, document) in self.documents.iter_mut() {
            let scanner =
                Arc::clone(&folder_of(&self.workspaces, document.path.as_deref()).scanner);
            document.rescan(&scanner);
        }
    }
}

/// The workspace of the innermost folder holding `path`, else the first.
fn folder_of<'a>(
    workspaces: &'a [Arc<Workspace>],
    path: Option<&std::path::Path>,
) -> &'a Arc<Workspace> {
    path.and_then(|path| {
        workspaces
            .iter()
            .filter(|w| w.root.as_deref().is_some_and(|root| path.starts_with(root)))
            .max_by_key(|w| w.root.as_ref().map_or(0, |r| r.components().count()))
    })
    .unwrap_or(&workspaces[0])
}

/// State shared by all handlers.
pub struct Shared {
    options: ServerOptions,
    state: Mutex<State>,
    caps: RwLock<ClientCaps>,
    /// Messages for the user found during `initialize`, shown once after it.
    pending_messages: Mutex<Vec<String>>,
    shutdown: Arc<AtomicBool>,
    /// Taken while diagnostics are computed and sent, one document at a time.
    pub publishing: tokio::sync::Mutex<()>,
    /// The workspace folders, each with its own glossary.
    folders: Mutex<Vec<PathBuf>>,
    client_config: Mutex<ClientConfig>,
    /// Bumped by every requested rebuild; a rebuild whose number is no
    /// longer current is dropped, so bursts of edits cost one rebuild.
    generation: std::sync::atomic::AtomicU64,
    /// Messages already shown, so a reload does not repeat them.
    shown: Mutex<Vec<String>>,
}

impl Shared {
    /// Held only for synchronous work: never across an `.await`.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn caps(&self) -> ClientCaps {
        *self.caps.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Swaps in new glossaries and analyses the open documents against them.
    fn set_workspaces(&self, workspaces: Vec<Workspace>) {
        self.state()
            .replace_workspaces(workspaces.into_iter().map(Arc::new).collect());
    }
}

#[derive(Clone)]
pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
}

impl Backend {
    /// `shutdown` is set once the client has asked for a shutdown.
    pub fn new(client: Client, options: ServerOptions, shutdown: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            shared: Arc::new(Shared {
                options,
                state: Mutex::new(State {
                    workspaces: vec![Arc::new(Workspace::empty())],
                    documents: Documents::default(),
                }),
                caps: RwLock::new(ClientCaps::default()),
                pending_messages: Mutex::new(Vec::new()),
                shutdown,
                publishing: tokio::sync::Mutex::new(()),
                folders: Mutex::new(Vec::new()),
                client_config: Mutex::new(ClientConfig::default()),
                generation: std::sync::atomic::AtomicU64::new(0),
                shown: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Runs a request's work, turning a panic into a JSON-RPC error.
    fn guard<T>(&self, what: &str, work: impl FnOnce(&Shared) -> Result<T>) -> Result<T> {
        catching(what, || work(&self.shared))
    }

    /// Loads every workspace folder's glossary from disk, off the async
    /// threads, and puts them in. Returns the messages for the user.
    async fn load_workspaces(&self) -> Result<Vec<String>> {
        let folders = lock(&self.shared.folders).clone();
        let client = lock(&self.shared.client_config).merged();
        let options = self.shared.options.clone();
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
        let (workspaces, messages) = match loaded {
            Ok(Ok(loaded)) => loaded,
            Ok(Err(payload)) => {
                let message = panic_message(payload.as_ref());
                tracing::error!("loading the glossary panicked: {message}");
                (
                    vec![Workspace::empty()],
                    vec![format!("glossary-ls: cannot load the glossary: {message}")],
                )
            }
            Err(error) => {
                return Err(internal_error(format!(
                    "glossary-ls: loading the glossary failed: {error}"
                )));
            }
        };
        self.shared.set_workspaces(workspaces);
        Ok(messages)
    }

    /// Rebuilds the glossaries, coalescing bursts: only the newest request
    /// is carried out. An overlay rebuild (an entry edited in the editor)
    /// keeps the loaded files and puts the unsaved texts of open entry
    /// files in their place; a full one reads settings and files again.
    async fn reload(&self, kind: Reload) {
        let generation = self.shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
        // Let the rest of a burst of keystrokes arrive first.
        tokio::time::sleep(std::time::Duration::from_millis(15)).await;
        if self.shared.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if kind == Reload::Full {
            match self.load_workspaces().await {
                Ok(messages) => self.show_new_messages(messages).await,
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
            self.publish_all_later();
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
        if self.shared.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        self.shared.state().replace_workspaces(rebuilt);
        self.publish_all_later();
    }

    /// Shows each message once per session.
    async fn show_new_messages(&self, messages: Vec<String>) {
        for message in messages {
            let fresh = {
                let mut shown = lock(&self.shared.shown);
                let fresh = !shown.contains(&message);
                if fresh {
                    shown.push(message.clone());
                }
                fresh
            };
            if fresh {
                tracing::warn!("{message}");
                self.client
                    .show_message(MessageType::WARNING, message)
                    .await;
            }
        }
    }

    /// Asks the client to watch the glossary files and configuration files.
    async fn register_watchers(&self) {
        let caps = self.shared.caps();
        if !caps.watches_files {
            return;
        }
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
        if let Err(error) = self.client.register_capability(vec![registration]).await {
            tracing::warn!(
                "the client did not register file watchers: {}",
                error.message
            );
        }
    }

    /// Asks the client for the `glossary-ls` settings section. Returns
    /// whether they differ from what was in force.
    async fn pull_configuration(&self) -> bool {
        if !self.shared.caps().configuration {
            return false;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("glossary-ls".to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) => {
                let value = values.pop().filter(|v| v.is_object());
                let mut config = lock(&self.shared.client_config);
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

    /// Whether an open document at `uri` is an entry file of the glossary.
    fn is_entry_document(&self, uri: &Uri) -> bool {
        let Some(path) = uri_path(uri) else {
            return false;
        };
        let state = self.shared.state();
        state.workspaces.iter().any(|w| w.is_entry_file(&path))
    }

    /// After an edit to an open entry file: the glossary is rebuilt with
    /// its unsaved text, in the background.
    fn reload_overlay_later(&self, uri: &Uri) {
        if self.is_entry_document(uri) {
            let this = self.clone();
            tokio::spawn(async move { this.reload(Reload::Overlay).await });
        }
    }

    /// Publishes `uri`'s diagnostics for `version` in the background.
    fn publish_later(&self, uri: Uri, version: Option<i32>) {
        let shared = Arc::clone(&self.shared);
        let client = self.client.clone();
        tokio::spawn(
            async move { super::diagnostics::publish(&shared, &client, uri, version).await },
        );
    }

    /// Publishes every open document's diagnostics, after the glossary changed.
    fn publish_all_later(&self) {
        let uris: Vec<Uri> = self.shared.state().documents.uris();
        for uri in uris {
            self.publish_later(uri, None);
        }
    }

    /// The same for a notification, which has no one to answer.
    fn guard_notification(&self, what: &str, work: impl FnOnce(&Shared)) {
        let _ = self.guard(what, |shared| {
            work(shared);
            Ok(())
        });
    }
}

/// The answer to `glossary-ls/documentState`.
#[derive(Debug, serde::Serialize)]
pub struct DocumentState {
    pub version: i32,
    pub text: String,
    pub occurrences: Vec<OccurrenceState>,
}

#[derive(Debug, serde::Serialize)]
pub struct OccurrenceState {
    pub range: Range,
    /// The entry's slug.
    pub entry: String,
}

impl Backend {
    /// `glossary-ls/documentState`: an open document's text and term
    /// occurrences as the server sees them, for tests and debugging.
    pub async fn document_state(&self, params: TextDocumentIdentifier) -> Result<DocumentState> {
        self.guard("documentState", |shared| {
            let encoding = shared.caps().encoding;
            let state = shared.state();
            let Some(document) = state.documents.get(&params.uri) else {
                return Err(Error::invalid_params(format!(
                    "glossary-ls: {} is not open",
                    params.uri.as_str()
                )));
            };
            let workspace = state.workspace_for(document.path.as_deref());
            let occurrences = document
                .analysis
                .as_ref()
                .map(|a| a.occurrences())
                .unwrap_or_default()
                .iter()
                .map(|o| OccurrenceState {
                    range: super::position::to_range(&document.rope, o.range.clone(), encoding),
                    entry: workspace.index().entry(o.entry).slug.clone(),
                })
                .collect();
            Ok(DocumentState {
                version: document.version,
                text: document.rope.to_string(),
                occurrences,
            })
        })
    }
}

impl Backend {
    /// `glossary-ls/malformedMessage`: what [`super::framing`] turns a
    /// frame that is not a JSON-RPC message into. Answers its error.
    pub async fn malformed(&self, params: super::framing::Malformed) -> Result<()> {
        Err(Error {
            code: ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
    }
}

/// Runs `work`, turning a panic into a JSON-RPC internal error. Locks it
/// held are poisoned, and every lock here is taken past poisoning.
pub(super) fn catching<T>(what: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            tracing::error!("{what} panicked: {message}");
            Err(internal_error(format!(
                "glossary-ls: internal error in {what}: {message}"
            )))
        }
    }
}

fn internal_error(message: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
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

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(super::actions::LINK_ALL),
            ]),
            ..Default::default()
        })),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        definition_provider: Some(OneOf::Left(true)),
        declaration_provider: Some(DeclarationCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: super::semantic::legend(),
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..Default::default()
            },
        )),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        completion_provider: Some(CompletionOptions {
            // `(` opens a link destination, `/` goes one folder deeper in it.
            trigger_characters: Some(vec!["(".to_string(), "/".to_string()]),
            resolve_provider: Some(false),
            ..Default::default()
        }),
        ..Default::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let client_caps = ClientCaps {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            definition_links: caps
                .text_document
                .as_ref()
                .and_then(|t| t.definition.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            declaration_links: caps
                .text_document
                .as_ref()
                .and_then(|t| t.declaration.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            watches_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: caps
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false),
            link_tooltips: caps
                .text_document
                .as_ref()
                .and_then(|t| t.document_link.as_ref())
                .and_then(|d| d.tooltip_support)
                .unwrap_or(false),
        };
        *self
            .shared
            .caps
            .write()
            .unwrap_or_else(PoisonError::into_inner) = client_caps;
        let folders = workspace_folders(&params);
        tracing::info!(
            "initialize: folders {:?}, position encoding {:?}",
            folders,
            client_caps.encoding
        );
        *lock(&self.shared.folders) = folders;
        lock(&self.shared.client_config).initialization = params.initialization_options.clone();
        let messages = self.load_workspaces().await?;
        lock(&self.shared.pending_messages).extend(messages);

        Ok(InitializeResult {
            capabilities: capabilities(client_caps.encoding),
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "glossary-ls".to_string(),
                version: Some(env!("GLOSSARY_LS_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let messages = std::mem::take(&mut *lock(&self.shared.pending_messages));
        self.show_new_messages(messages).await;
        self.register_watchers().await;
        // The editor's settings, when it can be asked, override the
        // initialization options.
        if self.pull_configuration().await {
            self.reload(Reload::Full).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = match params.settings {
            serde_json::Value::Object(mut map) if map.contains_key("glossary-ls") => {
                map.remove("glossary-ls")
            }
            _ => None,
        };
        match pushed {
            Some(value) => lock(&self.shared.client_config).workspace = Some(value),
            None => {
                self.pull_configuration().await;
            }
        }
        self.reload(Reload::Full).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = {
            let state = self.shared.state();
            params.changes.iter().any(|change| {
                uri_path(&change.uri)
                    .is_some_and(|path| state.workspaces.iter().any(|w| w.watches(&path)))
            })
        };
        if relevant {
            self.reload(Reload::Full).await;
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut folders = lock(&self.shared.folders);
            let removed: Vec<PathBuf> = params
                .event
                .removed
                .iter()
                .filter_map(|f| uri_path(&f.uri))
                .collect();
            folders.retain(|f| !removed.contains(f));
            for added in params.event.added.iter().filter_map(|f| uri_path(&f.uri)) {
                if !folders.contains(&added) {
                    folders.push(added);
                }
            }
        }
        self.reload(Reload::Full).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Without file watching, a save is how the glossary on disk changes.
        let is_glossary = uri_path(&params.text_document.uri).is_some_and(|path| {
            self.shared
                .state()
                .workspaces
                .iter()
                .any(|w| w.watches(&path))
        });
        if is_glossary && !self.shared.caps().watches_files {
            self.reload(Reload::Full).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let (params_uri, params_version) = (
            params.text_document.uri.clone(),
            params.text_document.version,
        );
        let mut too_large = None;
        self.guard_notification("didOpen", |shared| {
            let item = params.text_document;
            let mut state = shared.state();
            let path = super::documents::uri_path(&item.uri);
            let workspace = Arc::clone(state.workspace_for(path.as_deref()));
            let (len, limit) = (item.text.len(), workspace.max_document_bytes());
            if len as u64 > limit && workspace.kind_of(path.as_deref(), &item.language_id).is_some()
            {
                let name = path.as_ref().map_or_else(
                    || item.uri.as_str().to_string(),
                    |p| p.display().to_string(),
                );
                too_large = Some(format!(
                    "glossary-ls: {name} is {len} bytes, over the limit of {limit} (`files.max-size`); glossary terms in it are not analysed"
                ));
            }
            let document = Document::open(
                &item.uri,
                item.language_id,
                item.version,
                item.text,
                &workspace.scanner,
                |path, language, len| workspace.analyse_as(path, language, len),
            );
            state.documents.insert(item.uri.clone(), document);
        });
        if let Some(message) = too_large {
            // Once per document and size: messages are shown once a session.
            self.show_new_messages(vec![message]).await;
        }
        self.publish_later(params_uri, Some(params_version));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let (params_uri, params_version) = (
            params.text_document.uri.clone(),
            params.text_document.version,
        );
        // No `.await` before the edit is applied: see the module comment.
        self.guard_notification("didChange", |shared| {
            let encoding = shared.caps().encoding;
            let uri = params.text_document.uri;
            let mut state = shared.state();
            let path = state.documents.get(&uri).and_then(|d| d.path.clone());
            let scanner = Arc::clone(&state.workspace_for(path.as_deref()).scanner);
            match state.documents.get_mut(&uri) {
                Some(document) => {
                    // Versions only go up in LSP. One that does not is
                    // logged and the edit applied all the same: the edit
                    // is what the editor did to its text, and dropping it
                    // would leave the two texts apart for good.
                    if params.text_document.version <= document.version {
                        tracing::warn!(
                            "didChange for {} goes from version {} to {}; applied anyway",
                            uri.as_str(),
                            document.version,
                            params.text_document.version
                        );
                    }
                    document.apply(
                        params.text_document.version,
                        params.content_changes,
                        encoding,
                        &scanner,
                    );
                }
                None => tracing::warn!("didChange for {} which is not open", uri.as_str()),
            }
        });
        self.reload_overlay_later(&params_uri);
        self.publish_later(params_uri, Some(params_version));
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.guard_notification("didClose", |shared| {
            shared.state().documents.remove(&params.text_document.uri);
        });
        // Its file on disk stands for the entry again.
        self.reload_overlay_later(&params.text_document.uri);
        let _turn = self.shared.publishing.lock().await;
        self.client
            .publish_diagnostics(params.text_document.uri, Vec::new(), None)
            .await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.guard("hover", |shared| requests::hover(shared, params))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.guard("definition", |shared| {
            let links = shared.caps().definition_links;
            requests::definition(shared, params.text_document_position_params, links)
        })
    }

    async fn goto_declaration(
        &self,
        params: GotoDeclarationParams,
    ) -> Result<Option<GotoDeclarationResponse>> {
        self.guard("declaration", |shared| {
            let links = shared.caps().declaration_links;
            requests::definition(shared, params.text_document_position_params, links)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.guard("codeAction", |shared| {
            super::actions::code_actions(shared, params)
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.guard("documentLink", |shared| {
            super::actions::document_links(shared, params)
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.guard("completion", |shared| requests::completion(shared, params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let search = self.guard("references", |shared| {
            super::references::prepare(shared, params)
        })?;
        let Some(search) = search else {
            return Ok(None);
        };
        super::blocking::run("references", move |cancelled| {
            Ok(Some(super::references::search(search, cancelled)))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let (workspace, encoding) = self.guard("workspace/symbol", |shared| {
            Ok(super::symbols::snapshot(shared))
        })?;
        super::blocking::run("workspace/symbol", move |_| {
            let found = super::symbols::workspace_symbols(&workspace, &params.query, encoding);
            Ok(Some(WorkspaceSymbolResponse::Nested(found)))
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.guard("semanticTokens/full", |shared| {
            super::semantic::full(shared, params)
        })
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.guard("semanticTokens/range", |shared| {
            super::semantic::range(shared, params)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: Result<()> = catching("hover", || panic!("index out of bounds"));
        let error = result.unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert_eq!(
            error.message,
            "glossary-ls: internal error in hover: index out of bounds"
        );
        let formatted: Result<()> = catching("completion", || panic!("bad {}", 42));
        assert!(formatted.unwrap_err().message.ends_with("bad 42"));
        assert_eq!(catching("x", || Ok(7)).unwrap(), 7);
    }
}
