//! `glossary-ls check`: problems in the glossary and in documents (broken
//! glossary links, avoided terms, wrong case); with `--fix`, the avoided
//! terms and wrong case fixed first (`fix.rs`).

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::fix;
use super::output::{emit, emit_json, position, read_document, source_text};
use super::progress::Bar;
use std::path::PathBuf;

use super::{CheckArgs, Context, Format};
use crate::features::check::{Finding, glossary_findings, text_problems};
use crate::features::link_texts::suggestion_findings;
use crate::glossary::Severity;
use crate::glossary::progress::LoadProgress;
use crate::markdown::prose::{DocKind, prose};
use crate::problem::Code;
use crate::text::LineIndex;

#[derive(Serialize)]
struct Row {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    code: Code,
    message: String,
}

/// `check --fix --format json`: what was (or, with `--dry-run`, would be)
/// changed, and the problems left.
#[derive(Serialize)]
struct Fixed<'a> {
    written: bool,
    changes: &'a [fix::Change],
    problems: &'a [Row],
}

/// Checks the glossary and `files`, the documents `args.paths` name; with
/// `--fix`, avoided terms and wrong case are replaced first.
pub fn run(ctx: &Context, args: &CheckArgs, files: &[PathBuf]) -> anyhow::Result<i32> {
    let mut findings = at_their_levels(ctx, glossary_findings(&ctx.index));
    let mut changes: Vec<fix::Change> = Vec::new();
    let mut diff = String::new();
    let progress = Arc::new(LoadProgress::default());
    progress.expect(files.len());
    let bar = (!files.is_empty()).then(|| Bar::start("Checking", Arc::clone(&progress)));
    for file in files {
        progress.read(1);
        let Some(mut text) = read_document(ctx, file) else {
            continue;
        };
        let doc_path = crate::config::absolute(&ctx.cwd, file);
        let mut prose = prose(&text, DocKind::from_path(file));
        if args.fix {
            let edits = fix::edits(ctx, &text, &prose);
            if !edits.is_empty() {
                let display = ctx.display(&doc_path);
                changes.extend(fix::changes(&display, &text, &edits));
                if args.dry_run {
                    diff.push_str(&fix::diff(&display, &text, &edits));
                } else {
                    let new_text = fix::fixed(&text, &edits);
                    fix::write_atomically(file, &new_text)
                        .map_err(|e| anyhow::anyhow!("cannot write {display}: {e}"))?;
                    // What is left to report is in the file as written now.
                    text = new_text;
                    prose = crate::markdown::prose::prose(&text, DocKind::from_path(file));
                }
            }
        }
        findings.extend(
            text_problems(
                &ctx.index,
                &ctx.rules,
                Some(&doc_path),
                &text,
                &prose,
                || std::borrow::Cow::Owned(ctx.index.scan(&text, &prose)),
                &ctx.settings,
            )
            .into_iter()
            .map(|problem| Finding {
                path: doc_path.clone(),
                problem,
            }),
        );
    }
    drop(bar);
    // Suggested synonyms are many on a real site: human output shows them
    // when asked (`--synonyms`, or a level in `[diagnostics]`).
    let show_synonyms = args.format.is_json()
        || args.synonyms
        || ctx
            .settings
            .diagnostics
            .contains_key(Code::SuggestedSynonym.as_str());
    let suggested = at_their_levels(ctx, suggestion_findings(&ctx.index, &ctx.taught));
    let hidden = if show_synonyms {
        findings.extend(suggested);
        0
    } else {
        suggested.len()
    };
    let rows = rows(ctx, &findings);
    match args.format {
        Format::Json | Format::JsonV2 if args.fix => emit_json(
            ctx,
            args.format,
            &Fixed {
                written: !args.dry_run,
                changes: &changes,
                problems: &rows,
            },
        )?,
        Format::Json | Format::JsonV2 => emit_json(ctx, args.format, &rows)?,
        Format::Human if args.dry_run => {
            emit(diff.as_bytes())?;
            eprintln!(
                "glossary-ls: {} change(s) not written (--dry-run)",
                changes.len()
            );
        }
        Format::Human => {
            let mut out = String::new();
            for c in &changes {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: fixed: '{}' -> '{}'",
                    c.path, c.line, c.column, c.from, c.to
                );
            }
            for r in &rows {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {}: {} [{}]",
                    r.path,
                    r.line,
                    r.column,
                    r.severity.as_str(),
                    r.message,
                    r.code
                );
            }
            emit(out.as_bytes())?;
            let serious = rows
                .iter()
                .filter(|r| r.severity <= Severity::Warning)
                .count();
            eprintln!(
                "glossary-ls: {} entries checked, {} problem(s), {} at warning level or above",
                ctx.index.glossary.len(),
                rows.len(),
                serious
            );
            if hidden > 0 {
                eprintln!(
                    "glossary-ls: {hidden} suggested synonym(s) from link texts not shown (--synonyms shows them)"
                );
            }
        }
    }
    Ok(if rows.iter().any(|r| r.severity <= Severity::Warning) {
        1
    } else {
        0
    })
}

/// The findings at the levels the settings ask for; those switched off left out.
fn at_their_levels(ctx: &Context, findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|f| {
            Some(Finding {
                problem: ctx.settings.apply_level(f.problem)?,
                path: f.path,
            })
        })
        .collect()
}

fn rows(ctx: &Context, findings: &[Finding]) -> Vec<Row> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then(a.problem.range.start.cmp(&b.problem.range.start))
    });
    let mut rows = Vec::new();
    let mut cached: Option<(std::path::PathBuf, String, LineIndex)> = None;
    for finding in sorted {
        if cached.as_ref().is_none_or(|(p, _, _)| *p != finding.path) {
            let text = source_text(&finding.path).unwrap_or_default();
            let lines = LineIndex::new(&text);
            cached = Some((finding.path.clone(), text, lines));
        }
        let Some((_, text, lines)) = &cached else {
            continue;
        };
        let (line, column) = position(text, lines, finding.problem.range.start);
        let (end_line, end_column) = position(text, lines, finding.problem.range.end);
        rows.push(Row {
            path: ctx.display(&finding.path),
            line,
            column,
            end_line,
            end_column,
            severity: finding.problem.severity,
            code: finding.problem.code,
            message: finding.problem.message.clone(),
        });
    }
    rows
}
