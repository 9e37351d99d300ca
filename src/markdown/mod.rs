//! Markdown structure as glossary-ls needs it: front matter, the prose a
//! document's words are in, and its links. Every reader of Markdown goes
//! through `pulldown-cmark` with [`prose::options`].

pub mod frontmatter;
pub mod prose;

pub use prose::{DocKind, Link, LinkKind, MARKDOWN_EXTENSIONS, Prose, Segment, is_markdown_path};
