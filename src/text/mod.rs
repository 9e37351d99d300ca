//! Plain text, below everything else: byte offsets and lines, case and
//! punctuation folding, the surface forms of a name, word characters of
//! every script, and reading a text file with a bound on its cost. Knows nothing of Markdown or glossaries.

pub mod diff;
pub mod file;
pub mod fold;
pub mod forms;
pub mod hash;
pub mod lines;
pub mod parallel;
pub mod script;

pub use lines::{
    LineIndex, ceil_char_boundary, floor_char_boundary, lines_inclusive, lone_cr_as_lf,
};
