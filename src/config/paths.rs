//! Paths named in settings: made absolute, cleaned, resolved, and kept
//! inside the workspace when a repository's own file names them.

use std::path::{Component, Path, PathBuf};

/// `path` against `base`, with symlinks resolved where it exists (else
/// lexically cleaned): where reading it would really go.
pub fn canonical(base: &Path, path: &Path) -> PathBuf {
    let path = absolute(base, path);
    path.canonicalize().unwrap_or(path)
}

/// Whether `path` (relative to `base`, or absolute) stays inside `base`
/// once `..` and symlinks are resolved.
pub(super) fn is_inside(base: &Path, path: &Path) -> bool {
    canonical(base, path).starts_with(canonical(base, Path::new(".")))
}

/// A message naming the `glossary` key for each path in a configuration
/// file that leads out of `base`, the file's own folder: by `..`, by a
/// symlink or by being absolute. A repository's file must not send the
/// server elsewhere on the disk; the editor's settings and `--glossary`,
/// the user's own choices, may.
pub(super) fn outside_paths(base: &Path, folders: &[PathBuf]) -> Vec<String> {
    folders
        .iter()
        .filter(|p| !is_inside(base, p))
        .map(|p| {
            format!(
                "`glossary` path `{}` leads outside {}; it is not read (the editor's settings or `--glossary` can name a glossary there)",
                p.display(),
                base.display()
            )
        })
        .collect()
}

/// `path` made absolute against `base` and cleaned of `.` and `..`, without
/// touching the file system.
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    normalize(&joined)
}

/// Removes `.` and resolves `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
