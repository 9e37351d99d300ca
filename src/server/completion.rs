//! `textDocument/completion`: glossary terms, related-term titles and link
//! targets, in the order the feature ranks them.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::state::Shared;
use crate::features::completion::{self, ItemKind};

pub fn completion(shared: &Shared, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let pos = params.text_document_position;
    let state = shared.state();
    let open = state.open(&pos.text_document.uri, shared.encoding())?;
    let Some(analysis) = open.analysis() else {
        return Ok(None);
    };
    if open.document.out_of_sync {
        // Each item is an edit: none on text that may be stale.
        return Ok(None);
    }
    let offset = open.positions.offset(pos.position);
    let Some(found) = completion::complete(&open.context(), analysis, offset) else {
        return Ok(None);
    };
    let items = found
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| CompletionItem {
            label: item.label,
            kind: Some(match item.kind {
                ItemKind::Term => CompletionItemKind::TEXT,
                ItemKind::RelatedTitle => CompletionItemKind::REFERENCE,
                ItemKind::LinkTarget => CompletionItemKind::FILE,
            }),
            detail: Some(item.detail),
            documentation: item.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            // The feature's order is the order to show.
            sort_text: Some(format!("{rank:05}")),
            filter_text: Some(item.filter),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: open.positions.range(item.replace),
                new_text: item.insert,
            })),
            ..Default::default()
        })
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: found.incomplete,
        items,
    })))
}
