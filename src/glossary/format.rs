//! The shapes of glossary files glossary-ls reads, behind one interface.
//!
//! A glossary root is either a folder of entry files (Markdown, one entry
//! each, read by `parse::parse_entry`) or a single file that holds many
//! entries: a termbase. Each termbase shape is one [`Format`] in
//! [`FILE_FORMATS`]; the loader, the server's file watching and the
//! "is this a glossary file" question all go through this module, so a new
//! shape is one new file plus one line here.

use std::path::Path;

use super::entry::Entry;
use crate::markdown::{MARKDOWN_EXTENSIONS, is_markdown_path};
use crate::problem::Problem;

/// A single-file glossary shape.
pub trait Format: Sync {
    /// What the format is called in messages.
    fn name(&self) -> &'static str;

    /// Lower-case file extensions the format's files have.
    fn extensions(&self) -> &'static [&'static str];

    /// Whether a file is of this format. By extension unless the format
    /// shares its extension with another and must look at the text.
    fn detects(&self, path: &Path) -> bool {
        extension_of(path).is_some_and(|e| self.extensions().contains(&e.as_str()))
    }

    /// Every entry of the file. `Err` when nothing can be read at all (a
    /// bad row or record is a problem on its entry, and the rest loads).
    /// `language` is the `glossary-language` setting: a file that holds
    /// terms in several languages gives those in it.
    fn parse(&self, path: &Path, text: &str, language: Option<&str>)
    -> Result<Vec<Entry>, Problem>;
}

/// The single-file formats, tried in order.
pub static FILE_FORMATS: &[&dyn Format] = &[
    &super::table::Table,
    &super::tbx::Tbx,
    &super::markdown_file::MarkdownFile,
    &super::sphinx::SphinxGlossary,
];

/// The format of a single-file glossary at `path`, if it is one.
pub fn file_format(path: &Path) -> Option<&'static dyn Format> {
    FILE_FORMATS.iter().copied().find(|f| f.detects(path))
}

/// Whether `path` is an entry file inside a glossary folder.
pub fn is_entry_file(path: &Path) -> bool {
    is_markdown_path(path)
}

/// Glob patterns for the files of a glossary root whose changes matter:
/// the file itself for a single-file glossary, its entry files for a folder.
pub fn watch_patterns(root: &Path) -> Vec<String> {
    if file_format(root).is_some() {
        return vec![root.display().to_string()];
    }
    vec![format!(
        "{}/**/*.{{{}}}",
        root.display(),
        MARKDOWN_EXTENSIONS.join(",")
    )]
}

/// Every single-file extension, for messages: `.csv, .tsv`.
pub fn file_extensions() -> String {
    FILE_FORMATS
        .iter()
        .flat_map(|f| f.extensions())
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn extension_of(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_find_their_format() {
        assert_eq!(
            file_format(Path::new("/t/terms.CSV")).map(|f| f.name()),
            Some("CSV/TSV termbase")
        );
        assert_eq!(
            file_format(Path::new("/t/terms.tsv")).map(|f| f.name()),
            Some("CSV/TSV termbase")
        );
        assert_eq!(
            file_format(Path::new("/t/GLOSSARY.md")).map(|f| f.name()),
            Some("one-file Markdown glossary")
        );
        assert!(is_entry_file(Path::new("/t/gan.md")));
        assert!(!is_entry_file(Path::new("/t/gan.csv")));
    }

    #[test]
    fn watching_follows_the_root_shape() {
        assert_eq!(
            watch_patterns(Path::new("/s/terms.csv")),
            vec!["/s/terms.csv"]
        );
        assert_eq!(
            watch_patterns(Path::new("/s/glossary")),
            vec!["/s/glossary/**/*.{md,markdown,mdx}"]
        );
        assert_eq!(
            file_extensions(),
            ".csv, .tsv, .tbx, .md, .markdown, .mdx, .rst"
        );
    }
}
