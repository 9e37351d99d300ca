//! Code actions for preferred terms: a quick fix per name that can replace
//! an avoided variant (or a name in the wrong case), and the source action
//! that fixes every one in the document.

use tower_lsp_server::ls_types::*;

use super::actions::{diagnostics_at, wanted, workspace_edit};
use super::state::Open;
use crate::config::{Level, Settings};
use crate::features::link_edits::TextEdit as Edit;
use crate::features::terminology::{finding, fix_all};
use crate::problem::Code;

/// The kind of the "fix every avoided term" source action.
pub const FIX_ALL: &str = "source.fixAll.glossary";

fn enabled(settings: Option<&Settings>, code: Code) -> bool {
    settings.map_or_else(
        || code.default_severity().is_some(),
        |s| s.level(code) != Level::Off,
    )
}

/// The terminology actions for `requested` (byte offsets) of an open document.
pub fn actions(
    open: &Open<'_>,
    params: &CodeActionParams,
    requested: std::ops::Range<usize>,
) -> Vec<CodeActionOrCommand> {
    let Some(analysis) = open.analysis() else {
        return Vec::new();
    };
    let settings = open.workspace.settings.as_ref();
    let on = |code: Code| enabled(settings, code);
    if !on(Code::AvoidedTerm) && !on(Code::WrongCase) {
        return Vec::new();
    }
    let index = open.context().index;
    let (text, prose) = (analysis.text(), analysis.prose());
    let uri = &params.text_document.uri;
    let only = params.context.only.as_deref();
    let mut actions = Vec::new();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let occurrences = analysis.occurrences();
        let first = occurrences.partition_point(|o| o.range.end < requested.start);
        for occ in &occurrences[first..] {
            if occ.range.start > requested.end {
                break;
            }
            let Some(found) = finding(index, text, occ) else {
                continue;
            };
            if !on(found.code) || prose.is_disabled(found.range.start, found.code.as_str()) {
                continue;
            }
            let range = open.positions.range(found.range.clone());
            let diagnostics = diagnostics_at(params, range, found.code.as_str());
            let written = &text[found.range.clone()];
            for (i, replacement) in found.replacements.iter().enumerate() {
                let edit = Edit {
                    range: found.range.clone(),
                    new_text: replacement.clone(),
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Replace '{written}' with '{replacement}'"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    is_preferred: Some(i == 0),
                    diagnostics: (!diagnostics.is_empty()).then(|| diagnostics.clone()),
                    edit: Some(workspace_edit(
                        uri,
                        open.document,
                        &[edit],
                        open.positions.encoding,
                    )),
                    ..Default::default()
                }));
            }
        }
    }
    if wanted(only, FIX_ALL) {
        let edits = fix_all(index, text, prose, analysis.occurrences(), on);
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Use the glossary's preferred terms everywhere".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(workspace_edit(
                    uri,
                    open.document,
                    &edits,
                    open.positions.encoding,
                )),
                ..Default::default()
            }));
        }
    }
    actions
}
