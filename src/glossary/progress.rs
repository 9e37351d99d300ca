//! How far a glossary load has come, and whether a glossary is large enough
//! that a front should load it in the background and show progress.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Files to read and files read, updated by the loader from any thread.
#[derive(Debug, Default)]
pub struct LoadProgress {
    files: AtomicUsize,
    read: AtomicUsize,
}

impl LoadProgress {
    /// `n` more files will be read.
    pub fn expect(&self, n: usize) {
        self.files.fetch_add(n, Ordering::Relaxed);
    }

    /// `n` more files were read.
    pub fn read(&self, n: usize) {
        self.read.fetch_add(n, Ordering::Relaxed);
    }

    /// Files read and files known so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
        )
    }
}

/// Whether the files under `roots` add up to more than `max_bytes`, or
/// there are more than `max_files` files and folders. The walk stops as
/// soon as either is passed, so asking costs little even for a huge
/// glossary (or a folder that links to itself).
pub fn is_large(roots: &[PathBuf], max_bytes: u64, max_files: usize) -> bool {
    let mut bytes = 0u64;
    // Counted as they are listed, so a folder of a million entries is not
    // listed whole before the answer is known.
    let mut files = 0usize;
    let mut stack: Vec<PathBuf> = Vec::new();
    for root in roots.iter().filter(|r| r.exists()) {
        files += 1;
        stack.push(root.clone());
    }
    if files > max_files {
        return true;
    }
    while let Some(path) = stack.pop() {
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_file() {
            bytes += meta.len();
            if bytes > max_bytes {
                return true;
            }
        } else if meta.is_dir()
            && let Ok(listing) = fs::read_dir(&path)
        {
            for entry in listing.filter_map(|e| e.ok()) {
                files += 1;
                if files > max_files {
                    return true;
                }
                stack.push(entry.path());
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_is_judged_by_bytes_or_file_count() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            fs::write(dir.path().join(format!("e{i}.md")), "x".repeat(100)).unwrap();
        }
        let roots = [dir.path().to_path_buf()];
        assert!(!is_large(&roots, 1_000, 10));
        // Five files and their folder.
        assert!(!is_large(&roots, 1_000, 6));
        assert!(is_large(&roots, 400, 10));
        assert!(is_large(&roots, 1_000, 5));
        assert!(!is_large(&[dir.path().join("missing")], 0, 0));
    }
}
