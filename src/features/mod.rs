//! Features as pure functions over core types and byte offsets: no LSP
//! types, no I/O. The server and the CLI both call these.

pub mod check;
pub mod completion;
pub mod definition;
pub mod hover;
pub mod link_edits;
pub mod link_targets;
pub mod link_texts;
pub mod lookup;
pub mod references;
pub mod semantic;
pub mod symbols;
pub mod synonym_edit;
pub mod terminology;

use std::path::Path;

use crate::glossary::EntryId;
use crate::index::GlossaryIndex;
use link_targets::LinkRules;

/// What features need to know about a document besides its analysis.
#[derive(Debug, Clone, Copy)]
pub struct DocContext<'a> {
    pub index: &'a GlossaryIndex,
    pub rules: &'a LinkRules,
    /// Where the document is on disk, when it is a file.
    pub path: Option<&'a Path>,
    /// The glossary entry this document is the file of.
    pub entry: Option<EntryId>,
}
