//! The `LanguageServer` implementation: lifecycle, documents, and a flat
//! table of requests, each one line into its method family's file.
//!
//! Every handler does its work synchronously, under a std lock that is
//! never held across an `.await`, and inside `catch_unwind`: tower-lsp
//! runs handlers concurrently, and a notification that awaited before
//! applying its edit could be overtaken by the next one.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::request::{GotoDeclarationParams, GotoDeclarationResponse};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::diagnostics::publish_later;
use super::documents::{Document, uri_path};
use super::reload::{Reload, Reloader};
use super::state::Shared;
use super::workspace::ServerOptions;
use super::{
    actions, blocking, completion, definition, hover, links, references, semantic, symbols,
};
use crate::config::Watcher;

/// How long a large glossary waits for `initialized` before it is loaded
/// all the same.
const INITIALIZED_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Clone)]
pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    reloader: Reloader,
}

impl Backend {
    /// `shutdown` is set once the client has asked for a shutdown.
    pub fn new(client: Client, options: ServerOptions, shutdown: Arc<AtomicBool>) -> Backend {
        let shared = Arc::new(Shared::new(options, shutdown));
        Backend {
            reloader: Reloader::new(client.clone(), Arc::clone(&shared)),
            client,
            shared,
        }
    }

    /// Runs a request's work, turning a panic into a JSON-RPC error.
    fn guard<T>(&self, what: &str, work: impl FnOnce(&Shared) -> Result<T>) -> Result<T> {
        catching(what, || work(&self.shared))
    }

    /// The same for a notification, which has no one to answer.
    fn guard_notification(&self, what: &str, work: impl FnOnce(&Shared)) {
        let _ = self.guard(what, |shared| {
            work(shared);
            Ok(())
        });
    }

    /// Whether an open document at `uri` is an entry file of the glossary.
    fn is_entry_document(&self, uri: &Uri) -> bool {
        let path = uri_path(uri);
        self.shared.state().is_entry_file(path.as_deref())
    }

    /// After an open entry file's text changed (the edit count was bumped
    /// under the same lock as the change): the glossary is rebuilt with
    /// its unsaved text, in the background.
    fn reload_overlay_later(&self, uri: &Uri) {
        if self.is_entry_document(uri) {
            self.reloader.request(Reload::Overlay);
        }
    }

    /// Loads a glossary too large for `initialize` in the background, then
    /// has its files watched.
    fn load_large_glossary(&self) {
        let backend = self.clone();
        tokio::spawn(async move {
            backend.reloader.load_in_background().await;
            backend.watch_files().await;
        });
    }

    /// Has file changes on disk watched as `files.watcher` says: by the
    /// client when it can (`auto`, `client`), else by the server itself
    /// (`auto`, `server`), or not at all (`off`).
    async fn watch_files(&self) {
        let mode = self
            .shared
            .state()
            .first_workspace()
            .settings
            .as_ref()
            .map(|s| s.watcher)
            .unwrap_or_default();
        let client_can = self.shared.caps().watches_files;
        let (by_client, by_server) = match mode {
            Watcher::Auto => (client_can, !client_can),
            Watcher::Client => (true, false),
            Watcher::Server => (false, true),
            Watcher::Off => (false, false),
        };
        tracing::info!("files.watcher = {mode:?}: client {by_client}, server {by_server}");
        if by_client {
            self.reloader.register_watchers().await;
        }
        if by_server {
            let shared = Arc::clone(&self.shared);
            let reloader = self.reloader.clone();
            let started =
                tokio::task::spawn_blocking(move || super::watcher::start(shared, reloader))
                    .await
                    .ok()
                    .flatten();
            let watching = started.is_some();
            *super::state::lock(&self.shared.watcher) = started;
            if watching {
                // What changed between the first load and now was seen by
                // nobody: reload if anything may have (a second full load
                // of a large glossary otherwise, for nothing).
                let shared = Arc::clone(&self.shared);
                let changed = tokio::task::spawn_blocking(move || {
                    super::watcher::changed_since_read(&shared)
                })
                .await
                .unwrap_or(true);
                if changed {
                    self.reloader.request(Reload::Full);
                }
            }
        }
    }

    fn publish_later(&self, uri: Uri, version: Option<i32>) {
        publish_later(&self.shared, &self.client, uri, version);
    }

    async fn show_new_messages(&self, messages: Vec<String>) {
        self.shared
            .session
            .show_new_messages(&self.client, messages)
            .await;
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
            let state = shared.state();
            let open = state.open(&params.uri, shared.encoding())?;
            let (document, workspace) = (open.document, open.workspace);
            let occurrences = document
                .analysis
                .as_ref()
                .map(|a| a.occurrences())
                .unwrap_or_default()
                .iter()
                .map(|o| OccurrenceState {
                    range: open.positions.range(o.range.clone()),
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

/// The answer to `glossary-ls/serverState`.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerState {
    /// Times the glossaries were read from disk, the first load included.
    pub disk_loads: u64,
    /// Times new glossaries were put in force after the first load.
    pub swaps: u64,
    /// Whether the server watches files itself (`files.watcher`).
    pub watching: bool,
}

impl Backend {
    /// `glossary-ls/serverState`: how often the glossary was reloaded,
    /// for tests and debugging.
    pub async fn server_state(&self) -> Result<ServerState> {
        let counts = &self.reloader.counts;
        Ok(ServerState {
            disk_loads: counts.disk_loads.load(Ordering::SeqCst),
            swaps: counts.swaps.load(Ordering::SeqCst),
            watching: super::state::lock(&self.shared.watcher).is_some(),
        })
    }
}

impl Backend {
    /// `glossary-ls/editNotRead`: an edit to `uri` could not be read.
    /// The document is marked out of sync (no edits are offered on it)
    /// and the user is told, once.
    pub async fn edit_not_read(&self, params: super::framing::EditNotRead) {
        let known = match self.shared.state().documents.get_mut(&params.uri) {
            Some(document) => {
                document.out_of_sync = true;
                true
            }
            None => false,
        };
        if known {
            let message = format!(
                "glossary-ls: an edit to {} could not be read ({}); the server's copy may differ from the editor's, so it offers no edits on it until the document is reopened",
                params.uri.as_str(),
                params.reason
            );
            self.show_new_messages(vec![message]).await;
        }
    }

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

pub(super) fn internal_error(message: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

pub(super) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let client_caps = self.shared.session.initialize(&params);
        tracing::info!(
            "initialize: folders {:?}, position encoding {:?}",
            self.shared.session.folders(),
            client_caps.encoding
        );
        // A large glossary is loaded after the answer, with progress:
        // the editor is not kept waiting for it.
        if let Some(messages) = self.reloader.load_initial().await? {
            self.shared.session.defer_messages(messages);
            super::reload::announce(&self.shared, &self.client).await;
        } else {
            // Loaded once `initialized` comes, or after a grace period for
            // a client that never sends it.
            let backend = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(INITIALIZED_GRACE).await;
                if backend.reloader.take_initial_pending().await {
                    backend.load_large_glossary();
                }
            });
        }

        Ok(InitializeResult {
            capabilities: super::capabilities::capabilities(client_caps.encoding),
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "glossary-ls".to_string(),
                version: Some(env!("GLOSSARY_LS_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let messages = self.shared.session.take_deferred_messages();
        self.show_new_messages(messages).await;
        if self.reloader.take_initial_pending().await {
            // The editor's settings first, so that the large glossary is
            // read once; what to watch is known once it is loaded.
            self.shared.session.pull_configuration(&self.client).await;
            self.load_large_glossary();
            return;
        }
        self.watch_files().await;
        // The editor's settings, when it can be asked, override the
        // initialization options.
        if self.shared.session.pull_configuration(&self.client).await {
            self.reloader.request(Reload::Full);
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
            Some(value) => self.shared.session.set_workspace_settings(value),
            None => {
                self.shared.session.pull_configuration(&self.client).await;
            }
        }
        self.reloader.request(Reload::Full);
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
            self.reloader.request(Reload::Full);
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.shared.session.change_folders(&params.event);
        self.reloader.request(Reload::Full);
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
        let watched =
            self.shared.caps().watches_files || super::state::lock(&self.shared.watcher).is_some();
        if is_glossary && !watched {
            self.reloader.request(Reload::Full);
        }
    }

    async fn shutdown(&self) -> Result<()> {
        // Taken in the publications' turn: one under way is sent before the
        // answer, and none starts after it (nothing may follow `shutdown`).
        let _turn = self.shared.publishing.lock().await;
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let (params_uri, params_version) = (
            params.text_document.uri.clone(),
            params.text_document.version,
        );
        let mut too_large = None;
        let mut entry_opened = false;
        self.guard_notification("didOpen", |shared| {
            let item = params.text_document;
            let mut state = shared.state();
            let path = uri_path(&item.uri);
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
            // An entry file opened with text of its own (an unsaved buffer
            // the editor restored) stands for the entry as an edit does.
            if state.is_entry_file(path.as_deref()) {
                state.entry_edits += 1;
                entry_opened = true;
            }
            state.documents.insert(item.uri.clone(), document);
        });
        if entry_opened {
            self.reloader.request(Reload::Overlay);
        }
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
            let encoding = shared.encoding();
            let uri = params.text_document.uri;
            let mut state = shared.state();
            let path = state.documents.get(&uri).and_then(|d| d.path.clone());
            let scanner = Arc::clone(&state.workspace_for(path.as_deref()).scanner);
            if state.is_entry_file(path.as_deref()) {
                state.entry_edits += 1;
            }
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
            let mut state = shared.state();
            let path = uri_path(&params.text_document.uri);
            if state.is_entry_file(path.as_deref()) {
                state.entry_edits += 1;
            }
            state.documents.remove(&params.text_document.uri);
        });
        super::diagnostics::forget(&self.shared, &params.text_document.uri);
        // Its file on disk stands for the entry again.
        self.reload_overlay_later(&params.text_document.uri);
        let _turn = self.shared.publishing.lock().await;
        if self.shared.shutdown.load(Ordering::SeqCst) {
            return;
        }
        self.client
            .publish_diagnostics(params.text_document.uri, Vec::new(), None)
            .await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.guard("hover", |shared| hover::hover(shared, params))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let target = self.guard("definition", |shared| {
            let links = shared.caps().definition_links;
            definition::prepare(shared, params.text_document_position_params, links)
        })?;
        let Some(target) = target else {
            return Ok(None);
        };
        blocking::run("definition", move |_| Ok(Some(definition::answer(target)))).await
    }

    async fn goto_declaration(
        &self,
        params: GotoDeclarationParams,
    ) -> Result<Option<GotoDeclarationResponse>> {
        let target = self.guard("declaration", |shared| {
            let links = shared.caps().declaration_links;
            definition::prepare(shared, params.text_document_position_params, links)
        })?;
        let Some(target) = target else {
            return Ok(None);
        };
        blocking::run("declaration", move |_| Ok(Some(definition::answer(target)))).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.guard("codeAction", |shared| actions::code_actions(shared, params))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.guard("documentLink", |shared| {
            links::document_links(shared, params)
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.guard("completion", |shared| {
            completion::completion(shared, params)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let search = self.guard("references", |shared| references::prepare(shared, params))?;
        let Some(search) = search else {
            return Ok(None);
        };
        blocking::run("references", move |cancelled| {
            Ok(Some(references::search(search, cancelled)))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let (workspace, encoding) =
            self.guard("workspace/symbol", |shared| Ok(symbols::snapshot(shared)))?;
        blocking::run("workspace/symbol", move |_| {
            let found = symbols::workspace_symbols(&workspace, &params.query, encoding);
            Ok(Some(WorkspaceSymbolResponse::Nested(found)))
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        semantic::full(&self.shared, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        semantic::range(&self.shared, params).await
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
