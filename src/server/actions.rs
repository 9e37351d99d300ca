//! Code actions: link one occurrence (quick fix), link the first occurrence
//! of every term (source action), and the terminology fixes
//! (`terminology.rs`). Edits carry the document's version.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::documents::Document;
use super::position::{self, Encoding};
use super::state::Shared;
use crate::features::link_edits::{TextEdit as Edit, entry_link_edit, link_all_first, linkable};
use crate::features::synonym_edit::add_synonym;
use crate::problem::Code;

/// The kind of the "link every term" source action.
pub const LINK_ALL: &str = "source.glossary.linkAll";

/// At most this many quick fixes answer one request (a selection of a
/// whole large document would otherwise bring one per occurrence: tens of
/// thousands). When there are more, "link every term" is offered with them.
pub const MAX_QUICK_FIXES: usize = 50;

/// Whether an action of `kind` was asked for: `only` absent, or naming the
/// kind or one of its parents (`source` covers `source.glossary.linkAll`).
pub(super) fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
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
    let uri = &params.text_document.uri;
    let state = shared.state();
    let open = state.open(uri, shared.encoding())?;
    let Some(analysis) = open.analysis() else {
        return Ok(None);
    };
    let (document, encoding) = (open.document, open.positions.encoding);
    if document.out_of_sync {
        // Edits computed on text that may not be the editor's would corrupt it.
        return Ok(Some(Vec::new()));
    }
    let only = params.context.only.as_deref();
    let requested = open.positions.offsets(params.range);
    let ctx = open.context();
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();

    actions.extend(super::terminology::actions(
        &open,
        &params,
        requested.clone(),
    ));
    let mut capped = false;
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let occurrences = analysis.occurrences();
        // Occurrences are in order and do not overlap: their ends are in order too.
        let first = occurrences.partition_point(|o| o.range.end < requested.start);
        let mut fixes = 0;
        for occ in &occurrences[first..] {
            if occ.range.start > requested.end {
                break;
            }
            if occ.link.is_some()
                || occ.avoided.is_some()
                || !linkable(analysis.text(), occ.range.clone())
                || analysis.prose().in_heading(occ.range.start)
            {
                continue;
            }
            if fixes == MAX_QUICK_FIXES {
                capped = true;
                break;
            }
            fixes += 1;
            let edit = entry_link_edit(
                ctx.index,
                ctx.rules,
                ctx.path,
                analysis.text(),
                occ.range.clone(),
                occ.entry,
            );
            let written = &analysis.text()[occ.range.clone()];
            let range = open.positions.range(occ.range.clone());
            let diagnostics = diagnostics_at(&params, range, "unlinked-term");
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

    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for diagnostic in &params.context.diagnostics {
            let Some(synonym) = suggested_synonym(diagnostic) else {
                continue;
            };
            let Some(edit) = add_synonym(analysis.text(), synonym) else {
                continue;
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Add '{synonym}' to this entry's synonyms"),
                kind: Some(CodeActionKind::QUICKFIX),
                is_preferred: Some(true),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(uri, document, &[edit], encoding)),
                ..Default::default()
            }));
        }
    }

    if capped || wanted(only, LINK_ALL) {
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

/// The client's diagnostics of `code` on exactly `range`, for the quick
/// fix that resolves them.
pub(super) fn diagnostics_at(
    params: &CodeActionParams,
    range: Range,
    code: &str,
) -> Vec<Diagnostic> {
    params
        .context
        .diagnostics
        .iter()
        .filter(|d| d.range == range && d.code == Some(NumberOrString::String(code.into())))
        .cloned()
        .collect()
}

/// The text a `suggested-synonym` diagnostic proposes, from its data.
fn suggested_synonym(diagnostic: &Diagnostic) -> Option<&str> {
    let code = NumberOrString::String(Code::SuggestedSynonym.as_str().into());
    if diagnostic.code.as_ref() != Some(&code) {
        return None;
    }
    diagnostic.data.as_ref()?.get("synonym")?.as_str()
}

/// One `TextDocumentEdit` for the document at its current version.
pub(super) fn workspace_edit(
    uri: &Uri,
    document: &Document,
    edits: &[Edit],
    encoding: Encoding,
) -> WorkspaceEdit {
    // Edits come in document order: a cursor counts each line once.
    let mut cursor = position::Cursor::default();
    let edits = edits
        .iter()
        .map(|e| {
            OneOf::Left(TextEdit {
                range: cursor.range(&document.rope, e.range.clone(), encoding),
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
