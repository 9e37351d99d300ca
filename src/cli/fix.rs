//! `check --fix`: avoided terms and names in the wrong case replaced with
//! the glossary's preferred names, each file written whole or not at all.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use super::Context;
use super::output::position;
use crate::config::Level;
use crate::features::link_edits::{TextEdit, apply};
use crate::features::terminology::fix_all;
use crate::markdown::prose::Prose;
use crate::text::LineIndex;

/// One replacement, as `check --fix` reports it.
#[derive(Debug, Serialize)]
pub struct Change {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub from: String,
    pub to: String,
}

/// The edits that fix a document: the findings whose codes are not off.
pub fn edits(ctx: &Context, text: &str, prose: &Prose) -> Vec<TextEdit> {
    let occurrences = ctx.index.scan(text, prose);
    fix_all(&ctx.index, text, prose, &occurrences, |code| {
        ctx.settings.level(code) != Level::Off
    })
}

/// The changes `edits` make to `text`, positions in the text before them.
pub fn changes(display: &str, text: &str, edits: &[TextEdit]) -> Vec<Change> {
    let lines = LineIndex::new(text);
    edits
        .iter()
        .map(|e| {
            let (line, column) = position(text, &lines, e.range.start);
            let (end_line, end_column) = position(text, &lines, e.range.end);
            Change {
                path: display.to_string(),
                line,
                column,
                end_line,
                end_column,
                from: text[e.range.clone()].to_string(),
                to: e.new_text.clone(),
            }
        })
        .collect()
}

/// The text after the edits.
pub fn fixed(text: &str, edits: &[TextEdit]) -> String {
    apply(text, edits)
}

/// The diff of the edits, for `--dry-run`.
pub fn diff(display: &str, text: &str, edits: &[TextEdit]) -> String {
    let pairs: Vec<_> = edits
        .iter()
        .map(|e| (e.range.clone(), e.new_text.clone()))
        .collect();
    crate::text::diff::unified(display, text, &pairs)
}

/// Replaces the file at `path` (a link's target, for a symbolic link) with
/// `text`: written beside it, then renamed over it, so that a reader or a
/// crash sees the old file or the new one, never a part. The file keeps
/// its permissions.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.glossary-ls-{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&temporary, std::fs::metadata(&target)?.permissions())?;
        std::fs::rename(&temporary, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
