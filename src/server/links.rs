//! `textDocument/documentLink`: links to glossary entries made clickable.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::state::Shared;
use crate::features::link_targets::{LinkTarget, classify};

pub fn document_links(
    shared: &Shared,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let tooltips = shared.caps().link_tooltips;
    let state = shared.state();
    let open = state.open(&params.text_document.uri, shared.encoding())?;
    let Some(analysis) = open.analysis() else {
        return Ok(None);
    };
    let ctx = open.context();
    let links = analysis
        .prose()
        .links
        .iter()
        .filter_map(|link| {
            let LinkTarget::Entry(id) = classify(ctx.index, ctx.rules, ctx.path, link) else {
                return None;
            };
            let path = open.workspace.entry_file(id)?;
            Some(DocumentLink {
                range: open.positions.range(link.range.clone()),
                target: Uri::from_file_path(&path),
                tooltip: tooltips.then(|| format!("Glossary: {}", ctx.index.entry(id).title)),
                data: None,
            })
        })
        .collect();
    Ok(Some(links))
}
