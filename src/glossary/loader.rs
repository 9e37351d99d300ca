//! Reads glossary folders from disk.
//!
//! One Markdown file per entry; a page bundle (`name/index.md`) is one entry
//! named after its folder; `_`-prefixed files are not entries; a subfolder
//! with its own `_index.md` is another Hugo section and is not read.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::format;
use super::parse::parse_entry;
use super::progress::LoadProgress;
use super::{FileProblem, Glossary, Root, Sources};
use crate::config::Limits;
use crate::problem::{Code, Problem, Severity};

#[derive(Debug)]
pub enum LoadError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
    Unreadable(PathBuf, std::io::Error),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "glossary folder {} does not exist", p.display()),
            LoadError::NotADirectory(p) => write!(
                f,
                "glossary {} is neither a folder nor a glossary file ({})",
                p.display(),
                format::file_extensions()
            ),
            LoadError::Unreadable(p, e) => {
                write!(f, "cannot read glossary folder {}: {e}", p.display())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads every root into one glossary.
pub fn load(roots: &[PathBuf], limits: Limits) -> Result<Glossary, LoadError> {
    Ok(read(roots, limits)?.build())
}

/// Reads every root into [`Sources`]: the entries as their files say,
/// before related terms are resolved across them.
pub fn read(roots: &[PathBuf], limits: Limits) -> Result<Sources, LoadError> {
    read_counted(roots, limits, &LoadProgress::default())
}

/// [`read`], counting the files to read and read in `progress`.
pub fn read_counted(
    roots: &[PathBuf],
    limits: Limits,
    progress: &LoadProgress,
) -> Result<Sources, LoadError> {
    let read_at = std::time::SystemTime::now();
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut root_list = Vec::new();
    let mut other_pages = Vec::new();
    for root in roots {
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(root.clone()),
            _ => LoadError::Unreadable(root.clone(), e),
        })?;
        if let Some(format) = meta.is_file().then(|| format::file_format(root)).flatten() {
            progress.expect(1);
            match read_text(root, limits.max_table_bytes) {
                Ok(text) => match format.parse(root, &text, limits.language.as_deref()) {
                    // The first file's rows become the list: no second copy of them.
                    Ok(rows) if entries.is_empty() => entries = rows,
                    Ok(rows) => entries.extend(rows),
                    Err(problem) => problems.push(FileProblem {
                        path: root.clone(),
                        problem,
                    }),
                },
                Err((code, message)) => problems.push(FileProblem {
                    path: root.clone(),
                    problem: Problem::new(Severity::Error, code, message, 0..0),
                }),
            }
            progress.read(1);
            root_list.push(Root {
                path: root.clone(),
                builtin: false,
            });
            continue;
        }
        if !meta.is_dir() {
            return Err(LoadError::NotADirectory(root.clone()));
        }
        let mut walker = Walker {
            limits: limits.clone(),
            files: 0,
            seen: HashSet::new(),
            jobs: Vec::new(),
            problems: &mut problems,
            other_pages: &mut other_pages,
        };
        walker.folder(root, true)?;
        let jobs = std::mem::take(&mut walker.jobs);
        progress.expect(jobs.len());
        for (path, result) in read_entries(jobs, limits.max_file_bytes, progress) {
            match result {
                Ok(entry) => entries.push(entry),
                Err((code, message)) => problems.push(FileProblem {
                    path,
                    problem: Problem::new(Severity::Error, code, message, 0..0),
                }),
            }
        }
        root_list.push(Root {
            path: root.clone(),
            builtin: false,
        });
    }
    Ok(Sources {
        entries: shared(entries),
        roots: root_list,
        file_problems: problems,
        other_pages,
        read_at: Some(read_at),
    })
}

struct Walker<'a> {
    limits: Limits,
    files: usize,
    seen: HashSet<PathBuf>,
    /// Entry files found, with their slugs, read once the walk is done.
    jobs: Vec<(PathBuf, String)>,
    problems: &'a mut Vec<FileProblem>,
    other_pages: &'a mut Vec<String>,
}

impl Walker<'_> {
    fn folder(&mut self, dir: &Path, is_root: bool) -> Result<(), LoadError> {
        // Symlinked folders are followed once: a loop ends here.
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.seen.insert(canonical) {
            return Ok(());
        }
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) if is_root => return Err(LoadError::Unreadable(dir.to_path_buf(), e)),
            Err(e) => {
                self.problem(
                    dir,
                    Code::UnreadableFile,
                    format!("cannot read folder: {e}"),
                );
                return Ok(());
            }
        };
        // Names sort as bytes and the listing's own file types spare a stat
        // per file: a glossary folder may hold a hundred thousand entries.
        let mut children: Vec<(std::ffi::OsString, bool)> = listing
            .filter_map(|d| d.ok())
            .map(|d| {
                let is_dir = match d.file_type() {
                    Ok(kind) if !kind.is_symlink() => kind.is_dir(),
                    _ => d.path().is_dir(),
                };
                (d.file_name(), is_dir)
            })
            .collect();
        children.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (file_name, is_dir) in children {
            let child = dir.join(&file_name);
            let name = file_name.to_str().unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            if is_dir {
                if child.join("_index.md").exists() {
                    self.other_pages.push(name.to_string());
                    continue;
                }
                let bundle = child.join("index.md");
                if bundle.is_file() {
                    self.file(&bundle, name);
                } else {
                    self.folder(&child, false)?;
                }
            } else if format::is_entry_file(&child) && !name.starts_with('_') {
                let stem = child
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or(name)
                    .to_string();
                self.file(&child, &stem);
            }
        }
        Ok(())
    }

    fn file(&mut self, path: &Path, slug: &str) {
        self.files += 1;
        if self.files > self.limits.max_files {
            if self.files == self.limits.max_files + 1 {
                self.problem(
                    path,
                    Code::TooManyFiles,
                    format!(
                        "the glossary has more than {} files; the rest are not read",
                        self.limits.max_files
                    ),
                );
            }
            return;
        }
        self.jobs.push((path.to_path_buf(), slug.to_string()));
    }

    fn problem(&mut self, path: &Path, code: Code, message: String) {
        self.problems.push(FileProblem {
            path: path.to_path_buf(),
            problem: Problem::new(Severity::Error, code, message, 0..0),
        });
    }
}

/// Each entry in its own shared allocation. The list is emptied from its
/// end and shrunk as it goes, so that a million rows are not held twice.
fn shared(mut entries: Vec<Entry>) -> Vec<std::sync::Arc<Entry>> {
    let mut out = Vec::with_capacity(entries.len());
    let step = (entries.len() / 16).max(4096);
    while !entries.is_empty() {
        let keep = entries.len().saturating_sub(step);
        out.extend(entries.drain(keep..).rev().map(std::sync::Arc::new));
        entries.shrink_to_fit();
    }
    out.reverse();
    out
}

/// An entry file read and parsed, or why it could not be.
type ReadEntry = (PathBuf, Result<Entry, (Code, String)>);

/// Reads and parses entry files on every core, keeping their order.
fn read_entries(
    jobs: Vec<(PathBuf, String)>,
    max_bytes: u64,
    progress: &LoadProgress,
) -> Vec<ReadEntry> {
    let work = |(path, slug): (PathBuf, String)| {
        let result =
            read_text(&path, max_bytes).map(|text| parse_entry(&text, &slug, path.clone()));
        progress.read(1);
        (path, result)
    };
    let threads = crate::text::parallel::cores();
    if threads < 2 || jobs.len() < 64 {
        return jobs.into_iter().map(work).collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    let mut chunks: Vec<Vec<(PathBuf, String)>> = Vec::new();
    let mut jobs = jobs.into_iter().peekable();
    while jobs.peek().is_some() {
        chunks.push(jobs.by_ref().take(chunk).collect());
    }
    let parts = chunks
        .into_iter()
        .map(|chunk| move || chunk.into_iter().map(work).collect::<Vec<_>>())
        .collect();
    crate::text::parallel::run_parts(parts)
        .into_iter()
        .flatten()
        .collect()
}

/// The slug of the entry file at `path`: its stem, or its folder's name
/// for a page bundle's `index.md`. `None` for files that are not entries.
pub fn slug_for(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    if !format::is_entry_file(path) || name.starts_with('_') {
        return None;
    }
    if path.file_stem()? == "index" {
        return Some(path.parent()?.file_name()?.to_str()?.to_string());
    }
    Some(path.file_stem()?.to_str()?.to_string())
}

/// Reads a file as UTF-8 text, refusing what is not a regular file, too
/// large, binary or not UTF-8.
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, (Code, String)> {
    use crate::text::file::{ReadError, read_regular};
    let bytes = read_regular(path, max_bytes).map_err(|e| match e {
        ReadError::NotAFile => (Code::NotAFile, e.to_string()),
        ReadError::TooLarge(_) => (
            Code::FileTooLarge,
            format!("{e}, over the limit of {max_bytes}; it is not read"),
        ),
        ReadError::Io(_) => (Code::UnreadableFile, e.to_string()),
    })?;
    if bytes.contains(&0) {
        return Err((Code::BinaryFile, "file is binary, not text".to_string()));
    }
    String::from_utf8(bytes).map_err(|e| {
        (
            Code::NotUtf8,
            format!(
                "file is not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
