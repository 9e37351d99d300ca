//! Reading a text file from disk with a bound on what it may cost.
//!
//! A glossary folder or a workspace comes from anywhere (a cloned
//! repository): a name ending in `.md` may be a link to `/dev/zero` or
//! `/dev/urandom` (no end, and a size of 0 in its metadata) or a FIFO
//! (opening it waits for a writer that never comes). Only regular files,
//! after following links, are opened, and never more than the limit plus
//! one byte is read, whatever the metadata said.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A device, a FIFO, a socket or a folder.
    NotAFile,
    /// Over the limit; the size when the metadata knew it.
    TooLarge(Option<u64>),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile => {
                f.write_str("not a regular file (a device, a pipe or a socket); it is not read")
            }
            ReadError::TooLarge(Some(size)) => write!(f, "file is {size} bytes"),
            ReadError::TooLarge(None) => f.write_str("file grew while it was read"),
            ReadError::Io(e) => write!(f, "cannot read file: {e}"),
        }
    }
}

/// The bytes of the regular file at `path` (links followed), at most
/// `max_bytes` of them.
pub fn read_regular(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge(Some(meta.len())));
    }
    let file = File::open(path).map_err(ReadError::Io)?;
    // The name may point elsewhere since the check: look at what was opened.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(opened.len().min(max_bytes) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge(None));
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text (`None` if it is not).
pub fn read_regular_text(path: &Path, max_bytes: u64) -> Result<Option<String>, ReadError> {
    read_regular(path, max_bytes).map(|bytes| String::from_utf8(bytes).ok())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_not_read_and_files_are_bounded() {
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            if Path::new(device).exists() {
                assert!(matches!(
                    read_regular(Path::new(device), 10),
                    Err(ReadError::NotAFile)
                ));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular(dir.path(), 10),
            Err(ReadError::NotAFile)
        ));
        let file = dir.path().join("x.md");
        fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_regular(&file, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_regular(&file, 9),
            Err(ReadError::TooLarge(Some(10)))
        ));
        let link = dir.path().join("zero.md");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(read_regular(&link, 10), Err(ReadError::NotAFile)));
    }
}
