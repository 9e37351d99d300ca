//! Problems in the glossary and in documents that link to it.

use std::path::{Path, PathBuf};

use super::link_targets::{LinkRules, LinkTarget, classify};
use crate::glossary::{Problem, Severity};
use crate::index::{GlossaryIndex, Prose};
use crate::problem::Code;

/// A problem and the file it is in.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: PathBuf,
    pub problem: Problem,
}

/// Problems of the glossary itself: files that could not be read, broken
/// front matter, related terms that name no entry, duplicates, missing
/// titles or summaries.
pub fn glossary_findings(index: &GlossaryIndex) -> Vec<Finding> {
    let glossary = &index.glossary;
    let mut out: Vec<Finding> = glossary
        .file_problems()
        .iter()
        .map(|f| Finding {
            path: f.path.clone(),
            problem: f.problem.clone(),
        })
        .collect();
    for entry in glossary.entries() {
        out.extend(entry.problems.iter().map(|p| Finding {
            path: entry.path.to_path_buf(),
            problem: p.clone(),
        }));
    }
    out
}

/// Problems of one entry file, by its path.
pub fn entry_problems(index: &GlossaryIndex, path: &Path) -> Vec<Problem> {
    index
        .glossary
        .entry_at_path(path)
        .map(|id| index.entry(id).problems.clone())
        .unwrap_or_default()
}

/// Links in a document that point at missing entries (warning) or at draft
/// entries (information).
pub fn link_problems(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    prose: &Prose,
) -> Vec<Problem> {
    let mut out = Vec::new();
    for link in &prose.links {
        if prose.is_disabled(link.range.start, "broken-link")
            && prose.is_disabled(link.range.start, "draft-link")
        {
            continue;
        }
        match classify(index, rules, doc_path, link) {
            LinkTarget::Missing(_) if prose.is_disabled(link.range.start, "broken-link") => {}
            LinkTarget::Entry(_) if prose.is_disabled(link.range.start, "draft-link") => {}
            LinkTarget::Missing(name) => out.push(Problem::new(
                Severity::Warning,
                Code::BrokenLink,
                format!(
                    "link to glossary entry `{name}`, which does not exist (destination `{}`)",
                    link.dest
                ),
                link.range.clone(),
            )),
            LinkTarget::Entry(id) if index.entry(id).draft => out.push(Problem::new(
                Severity::Information,
                Code::DraftLink,
                format!(
                    "`{}` is a draft entry: it is not published",
                    index.entry(id).title
                ),
                link.range.clone(),
            )),
            _ => {}
        }
    }
    out
}

/// The first unlinked use of each term, as hints (an opt-in check); the data
/// is the entry's slug, for the quick fix.
pub fn unlinked_problems(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    text: &str,
    prose: &Prose,
    occurrences: &[crate::index::Occurrence],
) -> Vec<Problem> {
    super::link_edits::first_unlinked(index, rules, doc_path, prose, occurrences)
        .into_iter()
        .filter(|occ| !prose.is_disabled(occ.range.start, "unlinked-term"))
        .map(|occ| {
            let entry = index.entry(occ.entry);
            Problem::new(
                Severity::Hint,
                Code::UnlinkedTerm,
                format!(
                    "`{}` is in the glossary ({}) but not linked",
                    &text[occ.range.clone()],
                    entry.title
                ),
                occ.range.clone(),
            )
            .with_data(entry.slug.clone())
        })
        .collect()
}

/// Everything to report on one open document, at the levels the settings
/// ask for: broken and draft links, unlinked terms when switched on, and,
/// for a glossary entry's own file, that entry's problems and the
/// synonyms the workspace's link texts suggest for it.
pub fn document_problems(
    ctx: &super::DocContext<'_>,
    doc: &crate::analysis::Analysis,
    settings: &crate::config::Settings,
    taught: &[super::link_texts::Taught],
) -> Vec<Problem> {
    let mut problems = text_problems(
        ctx.index,
        ctx.rules,
        ctx.path,
        doc.text(),
        doc.prose(),
        || std::borrow::Cow::Borrowed(doc.occurrences()),
        settings,
    );
    if let Some(id) = ctx.entry {
        problems.extend(
            ctx.index
                .entry(id)
                .problems
                .iter()
                .cloned()
                .chain(super::link_texts::suggestions(ctx.index, taught, id))
                .filter_map(|p| settings.apply_level(p))
                .map(|mut p| {
                    p.range.end = p.range.end.min(doc.text().len());
                    p.range.start = p.range.start.min(p.range.end);
                    p
                }),
        );
    }
    problems
}

/// What one document's text says wrong, at the levels the settings ask for:
/// broken and draft links, avoided variants and wrong case, and unlinked
/// terms when switched on (`occurrences` are asked for only when needed:
/// the CLI scans for them, the server has them). The CLI and the server
/// both report this.
pub fn text_problems<'o>(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    text: &str,
    prose: &Prose,
    occurrences: impl FnOnce() -> std::borrow::Cow<'o, [crate::index::Occurrence]>,
    settings: &crate::config::Settings,
) -> Vec<Problem> {
    let mut problems = link_problems(index, rules, doc_path, prose);
    let on = |code| settings.level(code) != crate::config::Level::Off;
    let terminology = on(Code::AvoidedTerm) || on(Code::WrongCase);
    if on(Code::UnlinkedTerm) || terminology {
        let occurrences = occurrences();
        if on(Code::UnlinkedTerm) {
            problems.extend(unlinked_problems(
                index,
                rules,
                doc_path,
                text,
                prose,
                &occurrences,
            ));
        }
        if terminology {
            problems.extend(super::terminology::problems(
                index,
                text,
                prose,
                &occurrences,
            ));
        }
    }
    problems
        .into_iter()
        .filter_map(|p| settings.apply_level(p))
        .collect()
}
