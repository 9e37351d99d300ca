//! `workspace/symbol`: glossary entries by fuzzy query, each at the title
//! of its file (a built-in entry at its cached copy).
//!
//! Positions need the entry files' text, so this runs on a blocking thread
//! over an `Arc` of the workspace, with no lock held.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::position::{self, Encoding, TextLines};
use super::state::Shared;
use super::workspace::Workspace;
use crate::features::symbols::search;

/// At most this many symbols per query; clients ask again as the user types.
pub const LIMIT: usize = 128;

/// What a query needs, taken under the lock.
pub fn snapshot(shared: &Shared) -> (Arc<Workspace>, Encoding) {
    let encoding = shared.encoding();
    (Arc::clone(shared.state().first_workspace()), encoding)
}

/// Entries matching `query`, best first.
pub fn workspace_symbols(
    workspace: &Workspace,
    query: &str,
    encoding: Encoding,
) -> Vec<WorkspaceSymbol> {
    search(workspace.index(), query, LIMIT)
        .into_iter()
        .filter_map(|id| {
            let entry = workspace.index().entry(id);
            let uri = Uri::from_file_path(workspace.entry_file(id)?)?;
            // Title ranges are byte ranges in the file as it was loaded.
            let text = workspace.entry_text(id).unwrap_or_default();
            let range =
                position::to_range(&TextLines::new(&text), entry.title_range.clone(), encoding);
            Some(WorkspaceSymbol {
                name: entry.title.clone(),
                // An entry defines a term, as a dictionary key does.
                kind: SymbolKind::KEY,
                tags: None,
                container_name: Some("glossary".to_string()),
                location: OneOf::Left(Location::new(uri, range)),
                data: None,
            })
        })
        .collect()
}
