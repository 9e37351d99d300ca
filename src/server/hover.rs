//! `textDocument/hover`: the entry named at the cursor, as Markdown.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::state::Shared;
use super::workspace::Workspace;
use crate::features::hover;
use crate::glossary::EntryId;

pub fn hover(shared: &Shared, params: HoverParams) -> Result<Option<Hover>> {
    let pos = params.text_document_position_params;
    let state = shared.state();
    let open = state.open(&pos.text_document.uri, shared.encoding())?;
    let Some(analysis) = open.analysis() else {
        return Ok(None);
    };
    let offset = open.positions.offset(pos.position);
    let workspace = open.workspace;
    let found = hover::hover(&open.context(), analysis, offset, &|id| {
        entry_url(workspace, id)
    });
    Ok(found.map(|found| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(open.positions.range(found.range)),
    }))
}

fn entry_url(workspace: &Workspace, id: EntryId) -> Option<String> {
    let path = workspace.entry_file(id)?;
    Some(Uri::from_file_path(&path)?.as_str().to_string())
}
