//! Diagnostics as LSP sees them, and their publication: computed for the
//! document version they belong to, published one at a time, never after a
//! newer version's.

use std::sync::Arc;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::documents::Document;
use super::position::{self, Encoding};
use super::state::{Published, Shared, lock};
use super::workspace::Workspace;
use crate::features::check::document_problems;
use crate::glossary::{Problem, Severity};
use crate::problem::Code;

/// The diagnostics of one analysed document.
pub fn for_document(
    workspace: &Workspace,
    document: &Document,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    let Some(analysis) = &document.analysis else {
        return Vec::new();
    };
    let ctx = super::state::context(workspace, document);
    let default_settings;
    let settings = match &workspace.settings {
        Some(settings) => settings,
        None => {
            default_settings = crate::config::Settings::default();
            &default_settings
        }
    };
    document_problems(&ctx, analysis, settings, &workspace.taught)
        .into_iter()
        .map(|p| to_diagnostic(&p, &document.rope, encoding))
        .collect()
}

pub fn to_diagnostic(problem: &Problem, rope: &ropey::Rope, encoding: Encoding) -> Diagnostic {
    Diagnostic {
        range: position::to_range(rope, problem.range.clone(), encoding),
        severity: Some(match problem.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Information => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(problem.code.to_string())),
        source: Some("glossary-ls".to_string()),
        message: problem.message.clone(),
        // The quick fix reads what it needs from here, so code actions stay stateless.
        data: problem.data.as_ref().map(|data| match problem.code {
            Code::SuggestedSynonym => serde_json::json!({ "synonym": data }),
            _ => serde_json::json!({ "slug": data }),
        }),
        ..Default::default()
    }
}

/// Publishes the diagnostics of `uri` if it is still at `version` (or at
/// any version when `version` is `None`). Publications are serialised, and
/// each checks the version under the state lock, so a stale result can
/// never follow a fresh one.
pub async fn publish(shared: &Shared, client: &Client, uri: Uri, version: Option<i32>) {
    // Let a burst of edits land first: only the last one's task publishes.
    tokio::task::yield_now().await;
    let _turn = shared.publishing.lock().await;
    // After `shutdown` the client hears nothing more.
    if shared.shutdown.load(std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let computed = super::backend::catching("diagnostics", || {
        let encoding = shared.encoding();
        let state = shared.state();
        let Some(document) = state.documents.get(&uri) else {
            return Ok(None);
        };
        if version.is_some_and(|v| v != document.version) {
            return Ok(None);
        }
        let diagnostics = for_document(
            state.workspace_for(document.path.as_deref()),
            document,
            encoding,
        );
        // After a glossary change most documents' diagnostics are what
        // they were: the client has them already. Noted under the state
        // lock, so that closing the document forgets it for good.
        let published = Published {
            version: document.version,
            diagnostics,
        };
        let mut sent = lock(&shared.published);
        if sent.get(&uri) == Some(&published) {
            return Ok(None);
        }
        sent.insert(uri.clone(), published.clone());
        Ok(Some((published.diagnostics, published.version)))
    });
    if let Ok(Some((diagnostics, version))) = computed {
        client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    }
}

/// Forgets what was published for a closed document.
pub fn forget(shared: &Shared, uri: &Uri) {
    lock(&shared.published).remove(uri);
}

/// Publishes `uri`'s diagnostics for `version` in the background.
pub fn publish_later(shared: &Arc<Shared>, client: &Client, uri: Uri, version: Option<i32>) {
    let shared = Arc::clone(shared);
    let client = client.clone();
    tokio::spawn(async move { publish(&shared, &client, uri, version).await });
}

/// Publishes every open document's diagnostics, after the glossary changed.
pub fn publish_all_later(shared: &Arc<Shared>, client: &Client) {
    let uris: Vec<Uri> = shared.state().documents.uris();
    for uri in uris {
        publish_later(shared, client, uri, None);
    }
}
