//! `textDocument/definition` and `textDocument/declaration`: the entry's
//! file, at its title.
//!
//! The entry is found under the state lock; its file is read afterwards,
//! on a blocking thread, from the workspace's `Arc`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::position::{self, Encoding, TextLines};
use super::state::Shared;
use super::workspace::Workspace;
use crate::features::definition;
use crate::glossary::EntryId;

/// The entry at the cursor, taken from the state before the lock is let go.
pub struct Target {
    workspace: Arc<Workspace>,
    entry: EntryId,
    uri: Uri,
    /// The term at the cursor, in the client's positions.
    origin: Range,
    encoding: Encoding,
    links: bool,
}

/// The entry named at the cursor; `None` when there is none.
pub fn prepare(
    shared: &Shared,
    pos: TextDocumentPositionParams,
    links: bool,
) -> Result<Option<Target>> {
    let encoding = shared.encoding();
    let state = shared.state();
    let open = state.open(&pos.text_document.uri, encoding)?;
    let Some(analysis) = open.analysis() else {
        return Ok(None);
    };
    let offset = open.positions.offset(pos.position);
    let Some(target) = definition::definition(&open.context(), analysis, offset) else {
        return Ok(None);
    };
    let Some(uri) = open
        .workspace
        .entry_file(target.entry)
        .and_then(|path| Uri::from_file_path(&path))
    else {
        return Ok(None);
    };
    Ok(Some(Target {
        workspace: Arc::clone(open.workspace),
        entry: target.entry,
        uri,
        origin: open.positions.range(target.range),
        encoding,
        links,
    }))
}

/// The answer, with the title's range read from the entry's file.
pub fn answer(target: Target) -> GotoDefinitionResponse {
    // Title ranges are byte ranges in the file as it was loaded.
    let text = target
        .workspace
        .entry_text(target.entry)
        .unwrap_or_default();
    let title_range = target
        .workspace
        .index()
        .entry(target.entry)
        .title_range
        .clone();
    let title = position::to_range(&TextLines::new(&text), title_range, target.encoding);
    if target.links {
        GotoDefinitionResponse::Link(vec![LocationLink {
            origin_selection_range: Some(target.origin),
            target_uri: target.uri,
            target_range: title,
            target_selection_range: title,
        }])
    } else {
        GotoDefinitionResponse::Scalar(Location::new(target.uri, title))
    }
}
