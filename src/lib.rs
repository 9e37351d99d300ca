//! glossary-ls: a glossary brought into the editor.
//!
//! Layers, each knowing only those below it: `cli` (commands and output),
//! `features` (pure functions over core types and byte offsets), `glossary`
//! (entries and their loading) and `index` (folding, matching, Markdown
//! regions). See `ARCHITECTURE.md`.

pub mod cli;
pub mod config;
pub mod features;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
pub mod index;
pub mod server;
pub mod text;
