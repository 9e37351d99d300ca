//! glossary-ls: a glossary brought into the editor.
//!
//! Layers, each knowing only those below it (a test reads the imports):
//! `cli` and `server` (the fronts), `features` (pure functions over core
//! types and byte offsets), `analysis` (one document's analysis), `index`
//! (the matcher), `glossary` (entries and their loading), `config`
//! (settings), `markdown` (front matter, prose and links), and at the
//! bottom `text` (offsets, folding, name forms) and `problem`. See `ARCHITECTURE.md`.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod features;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
pub mod index;
pub mod markdown;
pub mod problem;
pub mod server;
pub mod text;
