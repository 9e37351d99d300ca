//! Open documents: a rope per document for positions, and its analysis.
//!
//! The rope answers line questions in O(log n); the analysis keeps a flat
//! copy of the text because the core reads `&str`. Both change together,
//! edit by edit, in the order the client sent them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{self, Encoding};
use crate::analysis::{Analysis, Scanner};
use crate::index::DocKind;

#[derive(Debug)]
pub struct Document {
    pub path: Option<PathBuf>,
    pub version: i32,
    pub language_id: String,
    pub rope: Rope,
    /// `None` for languages that are not analysed.
    pub analysis: Option<Analysis>,
    /// An edit the client sent could not be read: the text here may differ
    /// from the editor's, so no edits are offered until a whole-text
    /// change or a reopen brings them together again.
    pub out_of_sync: bool,
}

/// How a document is read: by language id, then by file extension.
pub fn kind_of(path: Option<&Path>, language_id: &str) -> Option<DocKind> {
    match language_id {
        "markdown" | "mdx" => return Some(DocKind::Markdown),
        "plaintext" | "text" => return Some(DocKind::PlainText),
        _ => {}
    }
    let path = path?;
    if crate::markdown::is_markdown_path(path) {
        return Some(DocKind::Markdown);
    }
    match path.extension()?.to_str()? {
        "txt" | "text" => Some(DocKind::PlainText),
        _ => None,
    }
}

/// The file behind a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme().as_str();
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

impl Document {
    /// `analyse_as` picks the kind from the path and language id.
    pub fn open(
        uri: &Uri,
        language_id: String,
        version: i32,
        text: String,
        scanner: &Scanner,
        analyse_as: impl FnOnce(Option<&Path>, &str, usize) -> Option<DocKind>,
    ) -> Document {
        let path = uri_path(uri);
        let kind = analyse_as(path.as_deref(), &language_id, text.len());
        Document {
            rope: Rope::from_str(&text),
            analysis: kind.map(|kind| Analysis::new(text, kind, scanner)),
            path,
            version,
            language_id,
            out_of_sync: false,
        }
    }

    /// Applies the changes of one `didChange`, in order.
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
        scanner: &Scanner,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let bytes = position::to_offsets(&self.rope, range, enc);
                    let chars =
                        self.rope.byte_to_char(bytes.start)..self.rope.byte_to_char(bytes.end);
                    self.rope.remove(chars.clone());
                    self.rope.insert(chars.start, &change.text);
                    if let Some(analysis) = &mut self.analysis {
                        analysis.edit(bytes, &change.text, scanner);
                    }
                }
                None => {
                    self.out_of_sync = false;
                    self.rope = Rope::from_str(&change.text);
                    if let Some(analysis) = &mut self.analysis {
                        *analysis = Analysis::new(change.text, analysis.kind(), scanner);
                    }
                }
            }
        }
        self.version = version;
    }

    /// Analyses the document again, after the glossary changed.
    pub fn rescan(&mut self, scanner: &Scanner) {
        if let Some(analysis) = &mut self.analysis {
            analysis.rescan(scanner);
        }
    }
}

/// The open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn insert(&mut self, uri: Uri, document: Document) {
        self.open.insert(uri, document);
    }

    pub fn remove(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Uri, &mut Document)> {
        self.open.iter_mut()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &Document)> {
        self.open.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;
    use crate::glossary::builtin;
    use crate::index::GlossaryIndex;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(s, e)| Range::new(Position::new(s.0, s.1), Position::new(e.0, e.1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(
            kind_of(Some(Path::new("a.mdx")), "unknown"),
            Some(DocKind::Markdown)
        );
        assert_eq!(kind_of(None, "markdown"), Some(DocKind::Markdown));
        assert_eq!(
            kind_of(Some(Path::new("a.txt")), "plaintext"),
            Some(DocKind::PlainText)
        );
        assert_eq!(kind_of(Some(Path::new("a.rs")), "rust"), None);
    }

    #[test]
    fn edits_keep_rope_and_analysis_together() {
        let scanner = Scanner::new(GlossaryIndex::new(builtin::glossary()));
        let uri = Uri::from_str("file:///tmp/notes.md").unwrap();
        let text = "\u{1f600} deep\r\nlearning".to_string();
        let mut doc = Document::open(&uri, "markdown".into(), 1, text, &scanner, |p, l, _| {
            kind_of(p, l)
        });
        assert_eq!(doc.path.as_deref(), Some(Path::new("/tmp/notes.md")));
        // UTF-16: the emoji is two code units.
        doc.apply(
            2,
            vec![
                change(Some(((0, 3), (0, 7))), "Deep"),
                change(Some(((1, 8), (1, 8))), "!"),
            ],
            Encoding::Utf16,
            &scanner,
        );
        let analysis = doc.analysis.as_ref().unwrap();
        assert_eq!(doc.rope.to_string(), "\u{1f600} Deep\r\nlearning!");
        assert_eq!(analysis.text(), doc.rope.to_string());
        assert_eq!(analysis.occurrences().len(), 1);
        assert_eq!(doc.version, 2);
        doc.apply(3, vec![change(None, "plain")], Encoding::Utf16, &scanner);
        assert_eq!(doc.analysis.as_ref().unwrap().text(), "plain");
        // Out-of-range positions clamp instead of failing.
        doc.apply(
            4,
            vec![change(Some(((9, 9), (12, 0))), " end")],
            Encoding::Utf8,
            &scanner,
        );
        assert_eq!(doc.rope.to_string(), "plain end");
    }
}
