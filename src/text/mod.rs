//! Plain text, below everything else: byte offsets and lines, case and
//! punctuation folding, the surface forms of a name, and word characters of
//! every script. Knows nothing of Markdown or glossaries.

pub mod fold;
pub mod forms;
pub mod lines;
pub mod script;

pub use lines::{LineIndex, ceil_char_boundary, floor_char_boundary};
