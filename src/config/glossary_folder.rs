//! Finding a workspace's glossary folder when no setting names one.

use std::path::{Path, PathBuf};

use super::MAX_CONFIG_BYTES;

/// The folders, under a workspace, taken for its glossary when no setting
/// names one (the content search below comes after them).
pub const GLOSSARY_FOLDERS: [&str; 3] = ["content/glossary", "glossary", "docs/glossary"];

/// A glossary folder under `dir`: `content/glossary`, `glossary`,
/// `docs/glossary`, else, searching `content/` breadth first to a bounded
/// depth (`content/<lang>/<section>/glossary`), a folder named `glossary`
/// or a Hugo section whose `_index.md` says `type: glossary`. The
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
    fields
        .kind
        .is_some_and(|k| k.eq_ignore_ascii_case("glossary"))
}
