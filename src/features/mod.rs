//! Features as pure functions over core types and byte offsets: no LSP
//! types, no I/O. The server and the CLI both call these.

pub mod links;
pub mod check;
pub mod lookup;
pub mod linking;
pub mod symbols;
pub mod document;
pub mod hover;
pub mod definition;
pub mod completion;
pub mod references;
pub mod semantic;
