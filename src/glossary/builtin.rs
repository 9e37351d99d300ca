//! The default AI glossary, compiled into the binary from `content/glossary/`.

use std::path::PathBuf;

use super::parse::parse_entry;
use super::{Glossary, Root, Sources};

/// `(file name, text)` of every built-in entry, in file-name order.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_entries.rs"));

/// The folder name built-in entries are shown under.
pub const ROOT: &str = "<builtin>/glossary";

/// Parses the built-in entries into a glossary.
pub fn glossary() -> Glossary {
    sources().build()
}

/// The built-in entries as parsed, before resolution.
pub fn sources() -> Sources {
    let entries = FILES
        .iter()
        .map(|(name, text)| {
            let slug = name.strip_suffix(".md").unwrap_or(name);
            let mut entry = parse_entry(text, slug, PathBuf::from(ROOT).join(name));
            entry.builtin = true;
            std::sync::Arc::new(entry)
        })
        .collect();
    let root = Root {
        path: PathBuf::from(ROOT),
        builtin: true,
    };
    Sources {
        entries,
        roots: vec![root],
        file_problems: Vec::new(),
        other_pages: Vec::new(),
        read_at: None,
    }
}
