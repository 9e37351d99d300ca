//! Shared output helpers: source text of findings, line/column, stdout.

use std::io::{self, Write};
use std::path::Path;

use crate::glossary::builtin;
use crate::text::LineIndex;

/// The text of a file a finding points into (the built-in entries included).
pub fn source_text(path: &Path) -> Option<String> {
    if let Ok(rest) = path.strip_prefix(builtin::ROOT) {
        let name = rest.to_str()?;
        return builtin::FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string());
    }
    // Bounded like every read: the file may have changed since it was checked.
    crate::text::file::read_regular_text(path, 1 << 30)
        .ok()
        .flatten()
}

/// The text of a document to scan or check; `None` (with a line on
/// stderr saying why) for a file that is too large, binary or not UTF-8.
pub fn read_document(ctx: &super::Context, file: &Path) -> Option<String> {
    match crate::glossary::loader::read_text(file, ctx.settings.max_document_bytes) {
        Ok(text) => Some(text),
        Err((_, message)) => {
            eprintln!("glossary-ls: skipping {}: {message}", ctx.display(file));
            None
        }
    }
}

/// One-based line and column (in Unicode scalar values) of a byte offset.
pub fn position(text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    let (line, col) = lines.line_col(text, offset);
    (line + 1, col + 1)
}

/// Writes to stdout; a closed pipe (`| head`) ends the output quietly.
pub fn emit(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Writes a command's result as pretty JSON with a final newline: as it
/// is for `--format json`, inside the version 2 object for `json-v2`.
pub fn emit_json<T: serde::Serialize>(
    ctx: &super::Context,
    format: super::Format,
    value: &T,
) -> anyhow::Result<()> {
    let mut text = if format == super::Format::JsonV2 {
        serde_json::to_string_pretty(&serde_json::json!({
            "version": 2,
            "glossary": glossary_json(ctx),
            "result": value,
        }))?
    } else {
        serde_json::to_string_pretty(value)?
    };
    text.push('\n');
    emit(text.as_bytes())
}

/// Which glossary a command used, and why: what stderr says, as data.
fn glossary_json(ctx: &super::Context) -> serde_json::Value {
    use crate::config::{GlossaryOrigin, GlossarySource};
    let folders: Vec<String> = match &ctx.settings.glossary {
        GlossarySource::Folders(folders) => folders.iter().map(|f| ctx.display(f)).collect(),
        GlossarySource::Builtin => Vec::new(),
    };
    let origin = match ctx.settings.glossary_origin {
        GlossaryOrigin::Asked => "asked",
        GlossaryOrigin::Configured => "configured",
        GlossaryOrigin::Discovered => "discovered",
        GlossaryOrigin::Fallback => "fallback",
    };
    serde_json::json!({
        "folders": folders,
        "builtin": matches!(ctx.settings.glossary, GlossarySource::Builtin),
        "origin": origin,
        "config_file": ctx.settings.config_file.as_deref().map(|p| ctx.display(p)),
        "entries": ctx.index.glossary.len(),
    })
}
