//! `glossary-ls list`: the loaded glossary.

use std::fmt::Write as _;

use serde::Serialize;

use super::output::{emit, emit_json, position, source_text};
use super::{Context, Format, ListArgs};
use crate::glossary::{Severity, SharedPath};
use crate::text::LineIndex;

#[derive(Serialize)]
struct EntryRow<'a> {
    slug: &'a str,
    title: &'a str,
    surface_forms: &'a [String],
    summary: Option<&'a str>,
    eli5: Option<&'a str>,
    draft: bool,
    builtin: bool,
    path: String,
    related: Vec<Related<'a>>,
    problems: Vec<ProblemRow<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    text: &'a str,
    slug: Option<&'a str>,
}

#[derive(Serialize)]
struct ProblemRow<'a> {
    line: usize,
    column: usize,
    severity: Severity,
    code: crate::problem::Code,
    message: &'a str,
}

pub fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<i32> {
    let entries = ctx.index.glossary.entries();
    match args.format {
        Format::Human => {
            let mut out = String::new();
            // A termbase's rows share their file: its path is shown once
            // made, not made again for each row.
            let mut shown: Option<(&SharedPath, String)> = None;
            for (id, e) in entries.iter().enumerate() {
                if shown.as_ref().is_none_or(|(path, _)| !path.is(&e.path)) {
                    shown = Some((&e.path, ctx.display(&e.path)));
                }
                let path = shown.as_ref().map_or("", |(_, shown)| shown.as_str());
                let related: Vec<_> = ctx.index.glossary.related(id as u32).collect();
                let resolved = related.iter().filter(|(_, t)| t.is_some()).count();
                let _ = write!(
                    out,
                    "{}  ({})  {}  [{} related",
                    e.title,
                    e.slug,
                    path,
                    related.len()
                );
                if resolved < related.len() {
                    let _ = write!(out, ", {} unresolved", related.len() - resolved);
                }
                if e.draft {
                    out.push_str(", draft");
                }
                if !e.problems.is_empty() {
                    let _ = write!(out, ", {} problem(s)", e.problems.len());
                }
                out.push_str("]\n");
            }
            let _ = writeln!(out, "{} entries", entries.len());
            emit(out.as_bytes())?;
        }
        Format::Json | Format::JsonV2 => {
            // A termbase's rows share one file: it is read and its lines
            // indexed once, not once per row with a problem.
            let mut file: Option<(&SharedPath, Option<(String, LineIndex)>)> = None;
            let rows: Vec<EntryRow> = entries
                .iter()
                .enumerate()
                .map(|(id, e)| {
                    let source = if e.problems.is_empty() {
                        None
                    } else {
                        if file.as_ref().is_none_or(|(path, _)| !path.is(&e.path)) {
                            let text = source_text(&e.path).map(|text| {
                                let lines = LineIndex::new(&text);
                                (text, lines)
                            });
                            file = Some((&e.path, text));
                        }
                        file.as_ref().and_then(|(_, source)| source.as_ref())
                    };
                    EntryRow {
                        slug: &e.slug,
                        title: &e.title,
                        surface_forms: &e.surface_forms,
                        summary: e.summary.as_deref(),
                        eli5: e.eli5.as_deref(),
                        draft: e.draft,
                        builtin: e.builtin,
                        path: ctx.display(&e.path),
                        related: ctx
                            .index
                            .glossary
                            .related(id as u32)
                            .map(|(r, target)| Related {
                                text: &r.text,
                                slug: target.map(|t| ctx.index.entry(t).slug.as_str()),
                            })
                            .collect(),
                        problems: e
                            .problems
                            .iter()
                            .map(|p| {
                                let (line, column) = match source {
                                    Some((text, lines)) => position(text, lines, p.range.start),
                                    None => (1, 1),
                                };
                                ProblemRow {
                                    line,
                                    column,
                                    severity: p.severity,
                                    code: p.code,
                                    message: &p.message,
                                }
                            })
                            .collect(),
                    }
                })
                .collect();
            emit_json(ctx, args.format, &rows)?;
        }
    }
    Ok(0)
}
