//! Requests as thin glue: find the document, convert the position, call the
//! feature, convert the answer. No feature logic lives here.

use std::path::Path;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::backend::Shared;
use super::documents::Document;
use super::position::{self, Encoding, TextLines};
use super::workspace::Workspace;
use crate::analysis::Analysis;
use crate::features::DocContext;
use crate::features::completion::{self, ItemKind};
use crate::features::definition;
use crate::features::hover;
use crate::glossary::EntryId;

/// A request's document, its analysis and the cursor as a byte offset.
struct At<'a> {
    document: &'a Document,
    analysis: &'a Analysis,
    offset: usize,
}

/// Runs `f` on the analysed document at `pos`. An unknown document is an
/// error the client should hear about; a document in a language we do not
/// analyse simply has nothing to offer.
fn with_document<T>(
    shared: &Shared,
    pos: &TextDocumentPositionParams,
    f: impl FnOnce(&Workspace, At<'_>, Encoding) -> Option<T>,
) -> Result<Option<T>> {
    let encoding = shared.caps().encoding;
    let state = shared.state();
    let uri = &pos.text_document.uri;
    let Some(document) = state.documents.get(uri) else {
        return Err(Error::invalid_params(format!(
            "glossary-ls: {} is not open",
            uri.as_str()
        )));
    };
    let workspace = state.workspace_for(document.path.as_deref());
    let Some(analysis) = &document.analysis else {
        return Ok(None);
    };
    let offset = position::to_offset(&document.rope, pos.position, encoding);
    Ok(f(
        workspace,
        At {
            document,
            analysis,
            offset,
        },
        encoding,
    ))
}

pub(super) fn context<'a>(workspace: &'a Workspace, document: &'a Document) -> DocContext<'a> {
    DocContext {
        index: workspace.index(),
        rules: &workspace.rules,
        path: document.path.as_deref(),
        entry: document
            .path
            .as_deref()
            .and_then(|p| workspace.entry_for_path(p)),
    }
}

fn file_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

fn entry_url(workspace: &Workspace, id: EntryId) -> Option<String> {
    let path = workspace.entry_file(id)?;
    Some(file_uri(&path)?.as_str().to_string())
}

pub fn hover(shared: &Shared, params: HoverParams) -> Result<Option<Hover>> {
    with_document(
        shared,
        &params.text_document_position_params,
        |workspace, at, encoding| {
            let ctx = context(workspace, at.document);
            let found = hover::hover(&ctx, at.analysis, at.offset, &|id| entry_url(workspace, id))?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: found.markdown,
                }),
                range: Some(position::to_range(&at.document.rope, found.range, encoding)),
            })
        },
    )
}

pub fn definition(
    shared: &Shared,
    params: TextDocumentPositionParams,
    links: bool,
) -> Result<Option<GotoDefinitionResponse>> {
    with_document(shared, &params, |workspace, at, encoding| {
        let ctx = context(workspace, at.document);
        let target = definition::definition(&ctx, at.analysis, at.offset)?;
        let path = workspace.entry_file(target.entry)?;
        let uri = file_uri(&path)?;
        // Title ranges are byte ranges in the file as it was loaded.
        let text = workspace.entry_text(target.entry).unwrap_or_default();
        let title_range = workspace.index().entry(target.entry).title_range.clone();
        let title = position::to_range(&TextLines::new(&text), title_range, encoding);
        let origin = position::to_range(&at.document.rope, target.range, encoding);
        Some(if links {
            GotoDefinitionResponse::Link(vec![LocationLink {
                origin_selection_range: Some(origin),
                target_uri: uri,
                target_range: title,
                target_selection_range: title,
            }])
        } else {
            GotoDefinitionResponse::Scalar(Location::new(uri, title))
        })
    })
}

pub fn completion(shared: &Shared, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    with_document(
        shared,
        &params.text_document_position,
        |workspace, at, encoding| {
            if at.document.out_of_sync {
                // Each item is an edit: none on text that may be stale.
                return None;
            }
            let ctx = context(workspace, at.document);
            let found = completion::complete(&ctx, at.analysis, at.offset)?;
            let rope = &at.document.rope;
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
                        range: position::to_range(rope, item.replace, encoding),
                        new_text: item.insert,
                    })),
                    ..Default::default()
                })
                .collect();
            Some(CompletionResponse::List(CompletionList {
                is_incomplete: found.incomplete,
                items,
            }))
        },
    )
}
