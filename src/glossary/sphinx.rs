//! Sphinx glossaries: the reStructuredText `.. glossary::` directive, and
//! the same body in a MyST Markdown ```` ```{glossary} ```` fence.
//!
//! In the body, a line at the body's indentation is a term (`term :
//! classifier` keeps the term); consecutive term lines share the
//! definition, indented deeper, that follows them.

use std::ops::Range;
use std::path::Path;

use super::entry::Entry;
use crate::problem::Problem;

/// The reStructuredText glossary format.
pub struct SphinxGlossary;

impl super::format::Format for SphinxGlossary {
    fn name(&self) -> &'static str {
        "Sphinx glossary"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["rst"]
    }

    fn parse(&self, path: &Path, text: &str, _: Option<&str>) -> Result<Vec<Entry>, Problem> {
        let text = &*crate::text::lone_cr_as_lf(text);
        let mut entries = Vec::new();
        for body in directive_bodies(text) {
            entries.extend(parse_glossary_body(text, body, path));
        }
        Ok(entries)
    }
}

/// The bodies of `.. glossary::` directives: the lines after it indented
/// deeper than the directive.
fn directive_bodies(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        let indent = indent_of(line);
        let content = line.trim();
        if let Some((directive_indent, start)) = open
            && !content.is_empty()
            && indent <= directive_indent
        {
            out.push(start..offset);
            open = None;
        }
        if open.is_none() && content == ".. glossary::" {
            open = Some((indent, offset + line.len()));
        }
        offset += line.len();
    }
    if let Some((_, start)) = open {
        out.push(start..text.len());
    }
    out
}

/// ```` ```{glossary} ```` fences of a MyST Markdown file: their bodies.
pub fn myst_fences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open: Option<(String, usize)> = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        match &open {
            Some((fence, start))
                if content.starts_with(fence.as_str())
                    && content
                        .trim_start_matches(fence.chars().next().unwrap_or('`'))
                        .is_empty() =>
            {
                out.push(*start..offset);
                open = None;
            }
            None => {
                let marker: String = content
                    .chars()
                    .take_while(|c| *c == '`' || *c == ':')
                    .collect();
                if marker.len() >= 3
                    && content[marker.len()..]
                        .trim_start()
                        .starts_with("{glossary}")
                {
                    open = Some((marker, offset + line.len()));
                }
            }
            _ => {}
        }
        offset += line.len();
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The entries of a glossary body at `body` in `text`.
pub fn parse_glossary_body(text: &str, body: Range<usize>, path: &Path) -> Vec<Entry> {
    let lines: Vec<(usize, &str)> = {
        let mut offset = body.start;
        text[body.clone()]
            .split_inclusive('\n')
            .map(|line| {
                let at = offset;
                offset += line.len();
                (at, line)
            })
            .collect()
    };
    // The terms' indentation: the first line that is not an option.
    let Some(term_indent) = lines
        .iter()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with(':'))
        .map(|(_, l)| indent_of(l))
    else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut terms: Vec<(String, Range<usize>)> = Vec::new();
    let mut definition: Vec<&str> = Vec::new();
    let mut in_definition = false;
    let mut flush = |terms: &mut Vec<(String, Range<usize>)>, definition: &mut Vec<&str>| {
        if let Some(((title, range), others)) = terms.split_first() {
            let text = dedent(definition);
            let (summary, rest) = match text.split_once("\n\n") {
                Some((first, rest)) => (first.to_string(), Some(rest.trim())),
                None => (text.clone(), None),
            };
            let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut entry = super::markdown_file::entry(
                path,
                title,
                range.clone(),
                Some(summary).filter(|s| !s.is_empty()),
                rest.filter(|r| !r.is_empty()),
            );
            let synonyms: Vec<String> = others.iter().map(|(t, _)| t.clone()).collect();
            entry.surface_forms = super::parse::surface_forms(title, &synonyms);
            entries.push(entry);
        }
        terms.clear();
        definition.clear();
    };
    for (at, line) in lines {
        if line.trim().is_empty() {
            if in_definition {
                definition.push("");
            }
            continue;
        }
        let indent = indent_of(line);
        if indent == term_indent && !line.trim_start().starts_with(':') {
            if in_definition {
                flush(&mut terms, &mut definition);
                in_definition = false;
            }
            let term = line.trim();
            let term = term.split_once(" : ").map_or(term, |(t, _)| t).trim_end();
            let start = at + indent;
            terms.push((term.to_string(), start..start + term.len()));
        } else if indent > term_indent && !terms.is_empty() {
            in_definition = true;
            definition.push(line.trim_end_matches(['\n', '\r']));
        }
    }
    flush(&mut terms, &mut definition);
    entries
}

/// Lines without their common indentation, joined.
fn dedent(lines: &[&str]) -> String {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::format::Format;

    #[test]
    fn terms_classifiers_and_shared_definitions() {
        let text = "Intro.\n\n.. glossary::\n   :sorted:\n\n   environment\n      A structure where information is kept.\n\n      It survives builds.\n\n   source directory\n   source dir : alias\n      The directory holding the sources.\n\nAfter.\n";
        let entries = SphinxGlossary
            .parse(Path::new("/g.rst"), text, None)
            .unwrap();
        let shown: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.surface_forms.clone(),
                    e.summary.as_deref().unwrap_or("-"),
                    e.extras().definition.as_deref(),
                    &text[e.title_range.clone()],
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    "environment",
                    vec!["environment".to_string()],
                    "A structure where information is kept.",
                    Some("It survives builds."),
                    "environment"
                ),
                (
                    "source directory",
                    vec!["source directory".to_string(), "source dir".to_string()],
                    "The directory holding the sources.",
                    None,
                    "source directory"
                ),
            ]
        );
    }

    #[test]
    fn myst_fences_hold_glossary_bodies() {
        let text = "# Terms\n\n```{glossary}\nMyST\n  Markedly Structured Text.\n```\n\n:::{glossary}\nrole\n  Inline markup.\n:::\n";
        let bodies = myst_fences(text);
        let titles: Vec<String> = bodies
            .into_iter()
            .flat_map(|b| parse_glossary_body(text, b, Path::new("/g.md")))
            .map(|e| format!("{}: {}", e.title, e.summary.unwrap_or_default()))
            .collect();
        assert_eq!(
            titles,
            vec!["MyST: Markedly Structured Text.", "role: Inline markup."]
        );
    }
}
