//! `glossary-ls lookup`: one entry laid out for a terminal.

use std::fmt::Write as _;

use super::output::{emit, emit_json};
use super::{Context, LookupArgs};
use crate::features::lookup::{avoided, lookup};

const WIDTH: usize = 78;

pub fn run(ctx: &Context, args: &LookupArgs) -> anyhow::Result<i32> {
    // A variant to avoid leads to its entry, with what to write instead.
    let (id, variant) = match lookup(&ctx.index, &args.term, 5) {
        Ok(id) => (id, None),
        Err(_) if let Some((id, i)) = avoided(&ctx.index, &args.term) => (id, Some(i)),
        Err(suggestions) => {
            let mut message = format!("glossary-ls: no glossary entry for `{}`", args.term);
            if !suggestions.is_empty() {
                let names: Vec<&str> = suggestions
                    .iter()
                    .map(|&s| ctx.index.entry(s).title.as_str())
                    .collect();
                let _ = write!(message, "\ndid you mean: {}?", names.join(", "));
            }
            eprintln!("{message}");
            return Ok(1);
        }
    };
    let entry = ctx.index.entry(id);
    if args.format.is_json() {
        let glossary = &ctx.index.glossary;
        let related: Vec<_> = glossary
            .related(id)
            .map(|(r, target)| {
                let slug = target.map(|t| &glossary.entry(t).slug);
                serde_json::json!({"text": r.text, "slug": slug})
            })
            .collect();
        emit_json(
            ctx,
            args.format,
            &serde_json::json!({
                "slug": entry.slug,
                "title": entry.title,
                "surface_forms": entry.surface_forms,
                "summary": entry.summary,
                "eli5": entry.eli5,
                "draft": entry.draft,
                "path": ctx.display(&entry.path),
                "related": related,
                "avoid": entry.avoid.iter().map(|a| serde_json::json!({"term": a.term, "because": a.because})).collect::<Vec<_>>(),
                "looked_up_avoided": variant.map(|i| &entry.avoid[i].term),
            }),
        )?;
        return Ok(0);
    }
    let mut out = String::new();
    if let Some(i) = variant {
        let avoided = &entry.avoid[i];
        let _ = write!(out, "Avoid `{}`: write `{}`", avoided.term, entry.title);
        if let Some(because) = &avoided.because {
            let _ = write!(out, " ({because})");
        }
        out.push_str("\n\n");
    }
    let _ = writeln!(out, "{}  ({})", entry.title, entry.slug);
    let _ = writeln!(out, "{}", ctx.display(&entry.path));
    if entry.draft {
        out.push_str("draft: not published\n");
    }
    for (heading, body) in [("Summary", &entry.summary), ("ELI5", &entry.eli5)] {
        if let Some(body) = body {
            let _ = writeln!(out, "\n{heading}");
            wrap_into(&mut out, body);
        }
    }
    if ctx.index.glossary.related(id).next().is_some() {
        out.push_str("\nRelated terms\n");
        let names: Vec<String> = ctx
            .index
            .glossary
            .related(id)
            .map(|(r, target)| {
                if target.is_some() {
                    r.text.clone()
                } else {
                    format!("{} (no entry)", r.text)
                }
            })
            .collect();
        wrap_into(&mut out, &names.join(", "));
    }
    if !entry.avoid.is_empty() {
        out.push_str("\nAvoid\n");
        let variants: Vec<String> = entry
            .avoid
            .iter()
            .map(|a| match &a.because {
                Some(because) => format!("{} ({because})", a.term),
                None => a.term.clone(),
            })
            .collect();
        wrap_into(&mut out, &variants.join(", "));
    }
    emit(out.as_bytes())?;
    Ok(0)
}

/// Wraps paragraphs at [`WIDTH`] columns, indented by two spaces.
fn wrap_into(out: &mut String, text: &str) {
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH - 2 {
                let _ = writeln!(out, "  {line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            let _ = writeln!(out, "  {line}");
        }
    }
}
