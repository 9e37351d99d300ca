//! Code actions: link one occurrence (quick fix), link the first occurrence
//! of every term (source action). Edits carry the document's version.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::backend::Shared;
use super::documents::Document;
use super::position::{self, Encoding};
use super::workspace::Workspace;
use crate::features::link_edits::{TextEdit as Edit, link_all_first, link_edit};
use crate::features::link_targets::link_target;

/// The kind of the "link every term" source action.
pub const LINK_ALL: &str = "source.glossary.linkAll";

/// Whether an action of `kind` was asked for: `only` absent, or naming the
/// kind or one of its parents (`source` covers `source.glossary.linkAll`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|kinds| {
        kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

pub fn code_actions(
    shared: &Shared,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let encoding = shared.caps().encoding;
    let state = shared.state();
    let uri = &params.text_document.uri;
    let Some(document) = state.documents.get(uri) else {
        return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
            "glossary-ls: {} is not open",
            uri.as_str()
        )));
    };
    let workspace = state.workspace_for(document.path.as_deref());
    let Some(analysis) = &document.analysis else {
        return Ok(None);
    };
    let only = params.context.only.as_deref();
    let requested = position::to_offsets(&document.rope, params.range, encoding);
    let ctx = super::requests::context(workspace, document);
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();

    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for occ in analysis.occurrences() {
            let touches = occ.range.start <= requested.end && requested.start <= occ.range.end;
            if !touches || occ.link.is_some() || analysis.prose().in_heading(occ.range.start) {
                continue;
            }
            let target = link_target(ctx.index, ctx.rules, ctx.path, occ.entry);
            let edit = link_edit(analysis.text(), occ.range.clone(), &target);
            let written = &analysis.text()[occ.range.clone()];
            let range = position::to_range(&document.rope, occ.range.clone(), encoding);
            let diagnostics: Vec<Diagnostic> = params
                .context
                .diagnostics
                .iter()
                .filter(|d| {
                    d.range == range
                        && d.code == Some(NumberOrString::String("unlinked-term".into()))
                })
                .cloned()
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Link '{written}' to its glossary entry"),
                kind: Some(CodeActionKind::QUICKFIX),
                is_preferred: Some(!diagnostics.is_empty()),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(workspace_edit(uri, document, &[edit], encoding)),
                ..Default::default()
            }));
        }
    }

    if wanted(only, LINK_ALL) {
        let edits = link_all_first(
            ctx.index,
            ctx.rules,
            ctx.path,
            analysis.text(),
            analysis.prose(),
            analysis.occurrences(),
        );
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Link the first occurrence of every glossary term".to_string(),
                kind: Some(CodeActionKind::new(LINK_ALL)),
                edit: Some(workspace_edit(uri, document, &edits, encoding)),
                ..Default::default()
            }));
        }
    }
    Ok(Some(actions))
}

/// One `TextDocumentEdit` for the document at its current version.
fn workspace_edit(
    uri: &Uri,
    document: &Document,
    edits: &[Edit],
    encoding: Encoding,
) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|e| {
            OneOf::Left(TextEdit {
                range: position::to_range(&document.rope, e.range.clone(), encoding),
                new_text: e.new_text.clone(),
            })
        })
        .collect();
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(document.version),
            },
            edits,
        }])),
        changes: None::<HashMap<Uri, Vec<TextEdit>>>,
        change_annotations: None,
    }
}

/// `textDocument/documentLink`: existing links that point at entries,
/// resolved to the entry files.
pub fn document_links(
    shared: &Shared,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let tooltips = shared.caps().link_tooltips;
    let encoding = shared.caps().encoding;
    let state = shared.state();
    let Some(document) = state.documents.get(&params.text_document.uri) else {
        return Ok(None);
    };
    let workspace: &Workspace = state.workspace_for(document.path.as_deref());
    let Some(analysis) = &document.analysis else {
        return Ok(None);
    };
    let ctx = super::requests::context(workspace, document);
    let links = analysis
        .prose()
        .links
        .iter()
        .filter_map(|link| {
            let crate::features::link_targets::LinkTarget::Entry(id) =
                crate::features::link_targets::classify(ctx.index, ctx.rules, ctx.path, link)
            else {
                return None;
            };
            let path = workspace.entry_file(id)?;
            Some(DocumentLink {
                range: position::to_range(&document.rope, link.range.clone(), encoding),
                target: Uri::from_file_path(&path),
                tooltip: tooltips.then(|| format!("Glossary: {}", ctx.index.entry(id).title)),
                data: None,
            })
        })
        .collect();
    Ok(Some(links))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_by_prefix() {
        let source = [CodeActionKind::SOURCE];
        assert!(wanted(Some(&source), LINK_ALL));
        assert!(!wanted(Some(&source), "quickfix"));
        assert!(wanted(None, "quickfix"));
        let exact = [CodeActionKind::new(LINK_ALL)];
        assert!(wanted(Some(&exact), LINK_ALL));
        let other = [CodeActionKind::new("source.glossary.link")];
        assert!(!wanted(Some(&other), LINK_ALL));
    }
}
