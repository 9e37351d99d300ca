//! Features as pure functions over core types and byte offsets: no LSP
//! types, no I/O. The server and the CLI both call these.

pub mod check;
pub mod completion;
pub mod definition;
pub mod document;
pub mod hover;
pub mod linking;
pub mod links;
pub mod lookup;
pub mod references;
pub mod semantic;
pub mod symbols;
