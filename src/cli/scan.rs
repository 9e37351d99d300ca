//! `glossary-ls scan`: every term occurrence in Markdown and text files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::output::{emit, emit_json, position, read_document};
use super::{Context, Format, ScanArgs};
use crate::features::link_targets::is_linked;
use crate::markdown::prose::{DocKind, prose};
use crate::text::LineIndex;

#[derive(Serialize)]
struct Row<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
    slug: &'a str,
    title: &'a str,
    linked: bool,
}

pub fn run(ctx: &Context, args: &ScanArgs) -> anyhow::Result<i32> {
    let files = documents(&args.paths)?;
    let mut human = String::new();
    let mut json_rows: Vec<serde_json::Value> = Vec::new();
    for file in files {
        let Some(text) = read_document(ctx, &file) else {
            continue;
        };
        let doc_path = crate::config::absolute(&ctx.cwd, &file);
        let prose = prose(&text, DocKind::from_path(&file));
        let lines = LineIndex::new(&text);
        let shown = ctx.display(&file);
        for occ in ctx.index.scan(&text, &prose) {
            let entry = ctx.index.entry(occ.entry);
            let (line, column) = position(&text, &lines, occ.range.start);
            let written = &text[occ.range.clone()];
            match args.format {
                Format::Human => {
                    let _ = writeln!(
                        human,
                        "{shown}:{line}:{column}: {written} -> {} ({})",
                        entry.title, entry.slug
                    );
                }
                Format::Json => {
                    let (end_line, end_column) = position(&text, &lines, occ.range.end);
                    let row = Row {
                        path: shown.clone(),
                        line,
                        column,
                        end_line,
                        end_column,
                        byte_start: occ.range.start,
                        byte_end: occ.range.end,
                        text: written,
                        slug: &entry.slug,
                        title: &entry.title,
                        linked: is_linked(&ctx.index, &ctx.rules, Some(&doc_path), &prose, &occ),
                    };
                    json_rows.push(serde_json::to_value(row)?);
                }
            }
        }
        if human.len() > 1 << 20 {
            emit(human.as_bytes())?;
            human.clear();
        }
    }
    match args.format {
        Format::Human => emit(human.as_bytes())?,
        Format::Json => emit_json(&json_rows)?,
    }
    Ok(0)
}

/// The files to read: each path given, folders walked honouring `.gitignore`.
pub fn documents(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for path in &paths {
        if !path.exists() {
            anyhow::bail!("{} does not exist", path.display());
        }
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        for item in ignore::WalkBuilder::new(path).build() {
            match item {
                Ok(item)
                    if item.file_type().is_some_and(|t| t.is_file())
                        && is_document(item.path()) =>
                {
                    found.push(item.into_path());
                }
                Ok(_) => {}
                Err(e) => eprintln!("glossary-ls: {e}"),
            }
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Markdown and plain-text files.
pub fn is_document(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx" | "txt" | "text")
    )
}
