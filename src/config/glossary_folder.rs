//! Finding a workspace's glossary folder when no setting names one.

use std::path::{Path, PathBuf};

use super::MAX_CONFIG_BYTES;

/// The folders, under a workspace, taken for its glossary when no setting
/// names one (the content search below comes after them).
pub const GLOSSARY_FOLDERS: [&str; 3] = ["content/glossary", "glossary", "docs/glossary"];

/// A glossary folder under `dir`: `content/glossary`, `glossary`,
/// `docs/glossary`, else, searching `content/` breadth first to a bounded
/// depth (`content/<lang>/<section>/glossary`), a folder named `glossary`
/// or a Hugo section whose `_index.md` says `type: glossary` or has the
/// word "glossary" in its title (`content/en` of a site that is a glossary). The
/// shallowest wins; among equals, the first by name (`en` before `ja`).
pub fn find_glossary_folder(dir: &Path) -> Option<PathBuf> {
    for candidate in GLOSSARY_FOLDERS {
        let path = dir.join(candidate);
        if path.is_dir() {
            return Some(path);
        }
    }
    find_in_content(&dir.join("content"))
}

/// One-file glossaries taken when no glossary folder is found.
pub const GLOSSARY_FILES: [&str; 7] = [
    "GLOSSARY.md",
    "glossary.md",
    "docs/glossary.md",
    "docs/GLOSSARY.md",
    "glossary.rst",
    "docs/glossary.rst",
    "docs/source/glossary.rst",
];

/// The glossary files under `dir`, when no folder is found: the first
/// one-file glossary of [`GLOSSARY_FILES`], and the Markdown files that
/// `mkdocs.yml` appends to every page (`pymdownx.snippets` `auto_append`,
/// where MkDocs Material sites keep their abbreviations).
pub fn find_glossary_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = GLOSSARY_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
        .into_iter()
        .collect();
    if let Ok(Some(mkdocs)) =
        crate::text::file::read_regular_text(&dir.join("mkdocs.yml"), MAX_CONFIG_BYTES)
    {
        found.extend(
            auto_appended(&mkdocs)
                .into_iter()
                .map(|name| dir.join(name))
                .filter(|path| crate::markdown::is_markdown_path(path) && path.is_file()),
        );
    }
    found
}

/// The `auto_append` items of an `mkdocs.yml`, read line by line: the file
/// has tags (`!!python/name:`) that YAML readers refuse.
fn auto_appended(mkdocs: &str) -> Vec<String> {
    let clean = |item: &str| {
        item.trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_string()
    };
    let mut out = Vec::new();
    let mut lines = mkdocs.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(at) = line.find("auto_append:") else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let value = line[at + "auto_append:".len()..].trim();
        if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            out.extend(list.split(',').map(clean).filter(|i| !i.is_empty()));
        } else if !value.is_empty() {
            out.push(clean(value));
        } else {
            while let Some(item) = lines.peek() {
                let item_indent = item.len() - item.trim_start().len();
                match item.trim_start().strip_prefix("- ") {
                    Some(name) if item_indent >= indent => {
                        out.push(clean(name));
                        lines.next();
                    }
                    _ => break,
                }
            }
        }
    }
    out
}

/// How deep below `content/` a glossary section is looked for.
const CONTENT_DEPTH: usize = 4;
/// How many folders the search reads at most: a huge site is not walked whole.
const CONTENT_FOLDERS: usize = 5000;

fn find_in_content(content: &Path) -> Option<PathBuf> {
    let mut level = vec![content.to_path_buf()];
    let mut read = 0usize;
    for _ in 0..CONTENT_DEPTH {
        let mut next = Vec::new();
        for folder in &level {
            read += 1;
            if read > CONTENT_FOLDERS {
                return None;
            }
            let Ok(listing) = std::fs::read_dir(folder) else {
                continue;
            };
            let mut children: Vec<PathBuf> = listing
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect();
            children.sort();
            next.extend(children);
        }
        let found = next.iter().find(|section| {
            section
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("glossary"))
                || crate::text::file::read_regular_text(
                    &section.join("_index.md"),
                    MAX_CONFIG_BYTES,
                )
                .is_ok_and(|text| text.is_some_and(|text| declares_glossary(&text)))
        });
        if let Some(found) = found {
            return Some(found.clone());
        }
        level = next;
    }
    None
}

fn declares_glossary(index: &str) -> bool {
    let (Some(block), _) = crate::markdown::frontmatter::locate(index) else {
        return false;
    };
    let (fields, _) = crate::markdown::frontmatter::parse(index, &block);
    // A site whose language folder is the glossary (a section per term)
    // titles it so rather than giving it a type.
    let titled = fields.title.is_some_and(|t| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("glossary"))
    });
    titled
        || fields
            .kind
            .is_some_and(|k| k.eq_ignore_ascii_case("glossary"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_append_lists_in_block_flow_and_scalar_form() {
        let block = "markdown_extensions:\n  - abbr\n  - pymdownx.snippets:\n      auto_append:\n        - includes/abbreviations.md\n        - 'includes/more.md'\n  - toc:\n      permalink: true\n";
        assert_eq!(
            auto_appended(block),
            vec!["includes/abbreviations.md", "includes/more.md"]
        );
        assert_eq!(
            auto_appended("      auto_append: [a.md, \"b.md\"]\n"),
            vec!["a.md", "b.md"]
        );
        assert_eq!(auto_appended("  auto_append: a.md\n"), vec!["a.md"]);
        assert!(auto_appended("plugins:\n  - search\n").is_empty());
    }
}
