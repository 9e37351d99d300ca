//! `glossary-ls scan`: every term occurrence in Markdown and text files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::output::{emit, emit_json, position, read_document};
use super::progress::Bar;
use super::{Context, Format, ScanArgs};
use crate::features::link_targets::is_linked;
use crate::glossary::progress::LoadProgress;
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

/// Scans `files`, the documents `args.paths` name.
pub fn run(ctx: &Context, args: &ScanArgs, files: Vec<PathBuf>) -> anyhow::Result<i32> {
    let progress = Arc::new(LoadProgress::default());
    progress.expect(files.len());
    let bar = Bar::start("Scanning", Arc::clone(&progress));
    let mut human = String::new();
    let mut json_rows: Vec<serde_json::Value> = Vec::new();
    // Per entry: occurrences and how many of them are linked.
    let mut counts: std::collections::HashMap<u32, (usize, usize)> = Default::default();
    for file in files {
        progress.read(1);
        let Some(text) = read_document(ctx, &file) else {
            continue;
        };
        let doc_path = crate::config::absolute(&ctx.cwd, &file);
        let prose = prose(&text, DocKind::from_path(&file));
        let lines = LineIndex::new(&text);
        let shown = ctx.display(&file);
        for occ in ctx.index.scan(&text, &prose) {
            let entry = ctx.index.entry(occ.entry);
            if args.summary {
                let linked = is_linked(&ctx.index, &ctx.rules, Some(&doc_path), &prose, &occ);
                let count = counts.entry(occ.entry).or_default();
                count.0 += 1;
                count.1 += usize::from(linked);
                continue;
            }
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
                Format::Json | Format::JsonV2 => {
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
    drop(bar);
    if args.summary {
        return summary(ctx, args.format, counts);
    }
    match args.format {
        Format::Human => emit(human.as_bytes())?,
        Format::Json | Format::JsonV2 => emit_json(ctx, args.format, &json_rows)?,
    }
    Ok(0)
}

/// `scan --summary`: one line per entry found, most occurrences first, so
/// that the few generic entries that make most of the noise stand out.
fn summary(
    ctx: &Context,
    format: Format,
    counts: std::collections::HashMap<u32, (usize, usize)>,
) -> anyhow::Result<i32> {
    let mut rows: Vec<(u32, usize, usize)> =
        counts.into_iter().map(|(id, (n, l))| (id, n, l)).collect();
    let slug = |id: u32| ctx.index.entry(id).slug.as_str();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| slug(a.0).cmp(slug(b.0))));
    let total: usize = rows.iter().map(|r| r.1).sum();
    match format {
        Format::Human => {
            let mut out = String::new();
            for (id, n, linked) in &rows {
                let entry = ctx.index.entry(*id);
                let _ = writeln!(
                    out,
                    "{} ({}): {n}, {linked} linked",
                    entry.title, entry.slug
                );
            }
            let _ = writeln!(out, "{total} occurrences of {} entries", rows.len());
            emit(out.as_bytes())?;
        }
        Format::Json | Format::JsonV2 => {
            let rows: Vec<serde_json::Value> = rows
                .iter()
                .map(|(id, n, linked)| {
                    let entry = ctx.index.entry(*id);
                    serde_json::json!({"slug": entry.slug, "title": entry.title, "occurrences": n, "linked": linked})
                })
                .collect();
            emit_json(ctx, format, &rows)?;
        }
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
