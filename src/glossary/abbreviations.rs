//! MkDocs Material abbreviations: lines `*[HTML]: Hyper Text Markup
//! Language`, usually in `includes/abbreviations.md`, appended to every
//! page. Each line is an entry named by its abbreviation as written, and
//! found only as written (letter case included), as MkDocs finds it; the
//! expansion is the summary, as the page's tooltip shows it.

use std::path::Path;

use super::entry::Entry;

/// The abbreviation lines of `text`, as entries.
pub fn parse_abbreviations(text: &str, path: &Path) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some((name, expansion)) = abbreviation(line) {
            let start = offset + 2;
            let mut entry = super::markdown_file::entry(
                path,
                name,
                start..start + name.len(),
                Some(expansion.to_string()).filter(|e| !e.is_empty()),
                None,
            );
            // MkDocs marks an abbreviation only where it is written exactly so.
            entry.names_as_written = true;
            entries.push(entry);
        }
        offset += line.len();
    }
    entries
}

/// `*[HTML]: Hyper Text Markup Language` -> (`HTML`, the expansion).
fn abbreviation(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("*[")?;
    let close = rest.find("]:")?;
    let name = &rest[..close];
    (!name.trim().is_empty() && name == name.trim()).then(|| (name, rest[close + 2..].trim()))
}

/// Whether a Markdown file is made of abbreviation lines (and blank lines).
pub fn is_abbreviation_file(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some() && lines.all(|l| abbreviation(l).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_entries_named_as_written() {
        let text = "*[HTML]: Hyper Text Markup Language\n\n*[W3C]:  World Wide Web Consortium\nnot one\n*[]: empty\n";
        let entries = parse_abbreviations(text, Path::new("/a.md"));
        let shown: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.summary.as_deref(),
                    &text[e.title_range.clone()],
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("HTML", Some("Hyper Text Markup Language"), "HTML"),
                ("W3C", Some("World Wide Web Consortium"), "W3C"),
            ]
        );
        assert!(entries.iter().all(|e| e.names_as_written && !e.case_exact));
        assert!(is_abbreviation_file(text.split("not").next().unwrap()));
        assert!(!is_abbreviation_file(text));
    }
}
