//! Built-in entries written to disk, so that an editor can open them.
//!
//! The built-in glossary lives in the binary; go to entry needs a file. The
//! files go once to a folder per version (`<cache>/glossary-ls/<version>/glossary`),
//! read-only, and are rewritten only when their text differs (a development
//! build with changed content).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::glossary::builtin::FILES;

/// `$XDG_CACHE_HOME/glossary-ls`, `~/.cache/glossary-ls`, or on Windows
/// `%LOCALAPPDATA%\glossary-ls`.
pub fn default_root() -> Option<PathBuf> {
    let non_empty = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        non_empty("LOCALAPPDATA")
    } else {
        non_empty("XDG_CACHE_HOME").or_else(|| non_empty("HOME").map(|h| h.join(".cache")))
    }?;
    Some(base.join("glossary-ls"))
}

/// The folder the built-in entries are in under `root`, written if needed.
pub fn ensure(root: &Path) -> io::Result<PathBuf> {
    let dir = root.join(env!("CARGO_PKG_VERSION")).join("glossary");
    fs::create_dir_all(&dir)?;
    for (name, text) in FILES {
        let path = dir.join(name);
        if fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes()) {
            continue;
        }
        // Write aside and rename: another server may be reading the file.
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        fs::write(&temp, text)?;
        let mut permissions = fs::metadata(&temp)?.permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&temp, permissions)?;
        if let Err(error) = fs::rename(&temp, &path) {
            let _ = fs::remove_file(&temp);
            return Err(error);
        }
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_once_read_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = ensure(root.path()).unwrap();
        let (name, text) = FILES[0];
        let path = dir.join(name);
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
        assert!(fs::metadata(&path).unwrap().permissions().readonly());
        // A second call finds everything in place.
        assert_eq!(ensure(root.path()).unwrap(), dir);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), FILES.len());
    }
}
