//! The `LanguageServer` implementation: lifecycle, documents, and a flat
//! table of requests, each a few lines over a feature in `requests`.
//!
//! Every handler does its work synchronously, under a std lock that is
//! never held across an `.await`, and inside `catch_unwind`: tower-lsp
//! runs handlers concurrently, and a notification that awaited before
//! applying its edit could be overtaken by the next one.

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
}

/// The glossary in force and the documents analysed with it, under one
/// lock so that no handler sees a document analysed with another glossary.
pub struct State {
    pub workspace: Arc<Workspace>,
    pub documents: Documents,
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
}

impl Shared {
    /// Held only for synchronous work: never across an `.await`.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn caps(&self) -> ClientCaps {
        *self.caps.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Swaps in a new glossary and analyses the open documents against it.
    fn set_workspace(&self, workspace: Workspace) {
        let mut state = self.state();
        state.workspace = Arc::new(workspace);
        let scanner = Arc::clone(&state.workspace.scanner);
        for (_, document) in state.documents.iter_mut() {
            document.rescan(&scanner);
        }
    }
}

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
                    workspace: Arc::new(Workspace::empty()),
                    documents: Documents::default(),
                }),
                caps: RwLock::new(ClientCaps::default()),
                pending_messages: Mutex::new(Vec::new()),
                shutdown,
                publishing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Runs a request's work, turning a panic into a JSON-RPC error.
    fn guard<T>(&self, what: &str, work: impl FnOnce(&Shared) -> Result<T>) -> Result<T> {
        catching(what, || work(&self.shared))
    }

    /// Publishes `uri`'s diagnostics for `version` in the background.
    fn publish_later(&self, uri: Uri, version: Option<i32>) {
        let shared = Arc::clone(&self.shared);
        let client = self.client.clone();
        tokio::spawn(async move { super::diagnostics::publish(&shared, &client, uri, version).await });
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
            let workspace = &state.workspace;
            let Some(document) = state.documents.get(&params.uri) else {
                return Err(Error::invalid_params(format!(
                    "glossary-ls: {} is not open",
                    params.uri.as_str()
                )));
            };
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

/// The folder the workspace's settings are discovered from.
#[allow(deprecated)] // `root_uri` and `root_path`: older clients send only these.
fn workspace_root(params: &InitializeParams) -> PathBuf {
    let from_folders = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.iter().find_map(|f| uri_path(&f.uri)));
    from_folders
        .or_else(|| params.root_uri.as_ref().and_then(uri_path))
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
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
        };
        *self
            .shared
            .caps
            .write()
            .unwrap_or_else(PoisonError::into_inner) = client_caps;
        let root = workspace_root(&params);
        tracing::info!(
            "initialize: root {}, position encoding {:?}",
            root.display(),
            client_caps.encoding
        );

        // Loading reads the disk: off the async threads.
        let options = self.shared.options.clone();
        let loaded =
            tokio::task::spawn_blocking(move || catch_unwind(|| Workspace::load(&root, &options)))
                .await;
        let (workspace, messages) = match loaded {
            Ok(Ok(loaded)) => loaded,
            Ok(Err(payload)) => {
                let message = panic_message(payload.as_ref());
                tracing::error!("loading the glossary panicked: {message}");
                (
                    Workspace::empty(),
                    vec![format!("glossary-ls: cannot load the glossary: {message}")],
                )
            }
            Err(error) => {
                return Err(internal_error(format!(
                    "glossary-ls: loading the glossary failed: {error}"
                )));
            }
        };
        self.shared.set_workspace(workspace);
        self.shared
            .pending_messages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(messages);

        Ok(InitializeResult {
            capabilities: capabilities(client_caps.encoding),
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "glossary-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let messages = std::mem::take(
            &mut *self
                .shared
                .pending_messages
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for message in messages {
            tracing::warn!("{message}");
            self.client
                .show_message(MessageType::WARNING, message)
                .await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let (params_uri, params_version) = (params.text_document.uri.clone(), params.text_document.version);
        self.guard_notification("didOpen", |shared| {
            let item = params.text_document;
            let mut state = shared.state();
            let workspace = Arc::clone(&state.workspace);
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
        self.publish_later(params_uri, Some(params_version));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let (params_uri, params_version) = (params.text_document.uri.clone(), params.text_document.version);
        // No `.await` before the edit is applied: see the module comment.
        self.guard_notification("didChange", |shared| {
            let encoding = shared.caps().encoding;
            let uri = params.text_document.uri;
            let mut state = shared.state();
            let scanner = Arc::clone(&state.workspace.scanner);
            match state.documents.get_mut(&uri) {
                Some(document) => {
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
        self.publish_later(params_uri, Some(params_version));
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.guard_notification("didClose", |shared| {
            shared.state().documents.remove(&params.text_document.uri);
        });
        let _turn = self.shared.publishing.lock().await;
        self.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
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
        self.guard("codeAction", |shared| super::actions::code_actions(shared, params))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.guard("documentLink", |shared| super::actions::document_links(shared, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.guard("completion", |shared| requests::completion(shared, params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let search = self.guard("references", |shared| super::references::prepare(shared, params))?;
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
        let (workspace, encoding) =
            self.guard("workspace/symbol", |shared| Ok(super::symbols::snapshot(shared)))?;
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
        self.guard("semanticTokens/full", |shared| super::semantic::full(shared, params))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.guard("semanticTokens/range", |shared| super::semantic::range(shared, params))
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
