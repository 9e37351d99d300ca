//! What every handler reads: the workspaces in force and the open
//! documents, under one lock, and [`State::open`], the one way a request
//! finds its document.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{self, Position, Uri};

use super::documents::{Document, Documents};
use super::position::{self, Encoding};
use super::session::{ClientCaps, Session};
use super::workspace::{ServerOptions, Workspace};
use crate::analysis::Analysis;
use crate::features::DocContext;

/// A std mutex taken past poisoning: a panicked handler leaves data that
/// is still consistent, since every change under a lock is a single swap.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The glossary in force and the documents analysed with it, under one
/// lock so that no handler sees a document analysed with another glossary.
pub struct State {
    /// One per workspace folder, never empty: each folder finds its own glossary.
    pub workspaces: Vec<Arc<Workspace>>,
    pub documents: Documents,
    /// Bumped whenever the text of an open entry file changes (edited,
    /// closed), each time with a rebuild request: a glossary rebuilt from
    /// older texts is stale and is not put in.
    pub entry_edits: u64,
}

impl State {
    pub fn new() -> State {
        State {
            workspaces: vec![Arc::new(Workspace::empty())],
            documents: Documents::default(),
            entry_edits: 0,
        }
    }

    /// The workspace of the folder holding `path` (the innermost one), or
    /// the first folder's for documents outside every folder.
    pub fn workspace_for(&self, path: Option<&Path>) -> &Arc<Workspace> {
        folder_of(&self.workspaces, path)
    }

    pub fn first_workspace(&self) -> &Arc<Workspace> {
        &self.workspaces[0]
    }

    /// Whether `path` is an entry file of one of the glossaries in force.
    pub fn is_entry_file(&self, path: Option<&Path>) -> bool {
        path.is_some_and(|path| self.workspaces.iter().any(|w| w.is_entry_file(path)))
    }

    /// The open document at `uri` with what a request needs around it.
    /// A document that is not open is an error the client should hear about.
    pub fn open(&self, uri: &Uri, encoding: Encoding) -> Result<Open<'_>> {
        let Some(document) = self.documents.get(uri) else {
            return Err(Error::invalid_params(format!(
                "glossary-ls: {} is not open",
                uri.as_str()
            )));
        };
        Ok(Open {
            document,
            workspace: self.workspace_for(document.path.as_deref()),
            positions: Positions {
                rope: &document.rope,
                encoding,
            },
        })
    }

    /// Puts in new workspaces and analyses every open document again
    /// against its folder's glossary.
    pub fn replace_workspaces(&mut self, workspaces: Vec<Arc<Workspace>>) {
        if workspaces.is_empty() {
            return;
        }
        self.workspaces = workspaces;
        for (_, document) in self.documents.iter_mut() {
            let scanner =
                Arc::clone(&folder_of(&self.workspaces, document.path.as_deref()).scanner);
            document.rescan(&scanner);
        }
    }
}

/// The workspace of the innermost folder holding `path`, else the first.
fn folder_of<'a>(workspaces: &'a [Arc<Workspace>], path: Option<&Path>) -> &'a Arc<Workspace> {
    path.and_then(|path| {
        workspaces
            .iter()
            .filter(|w| w.root.as_deref().is_some_and(|root| path.starts_with(root)))
            .max_by_key(|w| w.root.as_ref().map_or(0, |r| r.components().count()))
    })
    .unwrap_or(&workspaces[0])
}

/// An open document as a request sees it.
pub struct Open<'a> {
    pub document: &'a Document,
    pub workspace: &'a Arc<Workspace>,
    pub positions: Positions<'a>,
}

impl<'a> Open<'a> {
    /// The analysis; `None` for a language that is not analysed, which
    /// simply has nothing to offer.
    pub fn analysis(&self) -> Option<&'a Analysis> {
        self.document.analysis.as_ref()
    }

    /// What features know about the document besides its analysis.
    pub fn context(&self) -> DocContext<'a> {
        context(self.workspace, self.document)
    }
}

pub fn context<'a>(workspace: &'a Workspace, document: &'a Document) -> DocContext<'a> {
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

/// Converts between the document's byte offsets and the client's positions.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    pub rope: &'a Rope,
    pub encoding: Encoding,
}

impl Positions<'_> {
    pub fn offset(&self, position: Position) -> usize {
        position::to_offset(self.rope, position, self.encoding)
    }

    pub fn offsets(&self, range: ls_types::Range) -> Range<usize> {
        position::to_offsets(self.rope, range, self.encoding)
    }

    pub fn range(&self, range: Range<usize>) -> ls_types::Range {
        position::to_range(self.rope, range, self.encoding)
    }
}

/// State shared by all handlers.
pub struct Shared {
    pub options: ServerOptions,
    state: Mutex<State>,
    /// What the client can do and has said: capabilities, folders, settings.
    pub session: Session,
    /// Set once the client has asked for a shutdown.
    pub shutdown: Arc<AtomicBool>,
    /// Taken while diagnostics are computed and sent, one document at a time.
    pub publishing: tokio::sync::Mutex<()>,
    /// What was last published for each open document, so that the same
    /// diagnostics are not sent again after every glossary change.
    pub published: Mutex<HashMap<Uri, Published>>,
    /// The server's own file watching, when it watches (`files.watcher`).
    pub watcher: Mutex<Option<super::watcher::DiskWatcher>>,
}

/// Diagnostics sent for one document version.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub version: i32,
    pub diagnostics: Vec<ls_types::Diagnostic>,
}

impl Shared {
    pub fn new(options: ServerOptions, shutdown: Arc<AtomicBool>) -> Shared {
        Shared {
            options,
            state: Mutex::new(State::new()),
            session: Session::default(),
            shutdown,
            publishing: tokio::sync::Mutex::new(()),
            published: Mutex::default(),
            watcher: Mutex::default(),
        }
    }

    /// Held only for synchronous work: never across an `.await`.
    pub fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub fn caps(&self) -> ClientCaps {
        self.session.caps()
    }

    /// The position encoding agreed with the client.
    pub fn encoding(&self) -> Encoding {
        self.caps().encoding
    }
}
