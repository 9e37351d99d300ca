//! One-file Markdown glossaries (`GLOSSARY.md`, `docs/glossary.md`).
//!
//! The shapes such files are written in: a heading per term under the
//! page's top heading (the section is the definition, its first paragraph
//! the summary); definition lists, `**Term**: definition` or `Term` then
//! `: definition`; MyST ```` ```{glossary} ```` fences (`sphinx.rs`), which
//! then are the only entries; and MkDocs abbreviation lines
//! (`abbreviations.rs`).
//! Slugs are the anchors GitHub gives headings, so that
//! `glossary.md#page-bundle` names an entry.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::entry::{Entry, Extras};
use super::parse::surface_forms;
use crate::markdown::frontmatter;
use crate::problem::Problem;

/// The one-file Markdown glossary format.
pub struct MarkdownFile;

impl super::format::Format for MarkdownFile {
    fn name(&self) -> &'static str {
        "one-file Markdown glossary"
    }

    fn extensions(&self) -> &'static [&'static str] {
        crate::markdown::MARKDOWN_EXTENSIONS
    }

    fn parse(&self, path: &Path, text: &str, _: Option<&str>) -> Result<Vec<Entry>, Problem> {
        Ok(parse_markdown_file(text, path))
    }
}

struct Heading {
    level: HeadingLevel,
    text: String,
    /// The whole heading.
    range: Range<usize>,
    /// Its text inside the line.
    text_range: Range<usize>,
}

/// Every entry of a one-file glossary, in file order.
pub fn parse_markdown_file(text: &str, path: &Path) -> Vec<Entry> {
    let text = &*crate::text::lone_cr_as_lf(text);
    let start = match frontmatter::locate(text) {
        (Some(block), _) => block.range.end,
        _ => 0,
    };
    let fences = super::sphinx::myst_fences(text);
    let mut entries: Vec<Entry> = fences
        .iter()
        .flat_map(|body| super::sphinx::parse_glossary_body(text, body.clone(), path))
        .collect();
    if fences.is_empty() {
        let (headings, paragraphs) = outline(text, start);
        entries = heading_entries(text, path, &headings, &paragraphs);
        if entries.is_empty() {
            entries = definition_list_entries(text, path, &paragraphs);
        }
    }
    entries.extend(super::abbreviations::parse_abbreviations(text, path));
    let mut anchors = Anchors::default();
    for entry in &mut entries {
        entry.slug = anchors.unique(&entry.slug);
    }
    entries
}

/// Headings and top-level paragraphs, from `start` on.
fn outline(text: &str, start: usize) -> (Vec<Heading>, Vec<Range<usize>>) {
    let mut headings = Vec::new();
    let mut paragraphs = Vec::new();
    let mut current: Option<Heading> = None;
    let mut depth = 0usize;
    for (event, range) in
        Parser::new_ext(&text[start..], crate::markdown::prose::options()).into_offset_iter()
    {
        let range = range.start + start..range.end + start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level,
                    text: String::new(),
                    range: range.clone(),
                    text_range: range.start..range.start,
                });
                depth += 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut heading) = current.take() {
                    heading.text = heading.text.trim().to_string();
                    headings.push(heading);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(heading) = current.as_mut() {
                    if heading.text.is_empty() {
                        heading.text_range = range.clone();
                    }
                    heading.text.push_str(&t);
                    heading.text_range.end = range.end;
                }
            }
            Event::Start(Tag::Paragraph) => {
                if depth == 0 {
                    paragraphs.push(range);
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (headings, paragraphs)
}

/// A heading that only groups terms by their first letter (`## A`).
fn is_letter_heading(heading: &Heading) -> bool {
    let mut chars = heading.text.chars().filter(|c| c.is_alphanumeric());
    chars.next().is_some() && chars.next().is_none()
}

/// One entry per heading at the level just below the top heading (letter
/// headings left out); the section runs to the next heading of that level
/// or above.
fn heading_entries(
    text: &str,
    path: &Path,
    headings: &[Heading],
    paragraphs: &[Range<usize>],
) -> Vec<Entry> {
    let top = headings.iter().map(|h| h.level).min();
    let below_top = |h: &&Heading| {
        Some(h.level) != top || headings.iter().filter(|o| Some(o.level) == top).count() > 1
    };
    let Some(level) = headings
        .iter()
        .filter(below_top)
        .filter(|h| !is_letter_heading(h))
        .map(|h| h.level)
        .min()
    else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        if heading.level != level || heading.text.is_empty() || is_letter_heading(heading) {
            continue;
        }
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(text.len(), |h| h.range.start);
        let body = heading.range.end..end.max(heading.range.end);
        let first = paragraphs
            .iter()
            .find(|p| p.start >= body.start && p.end <= body.end);
        let summary = first.map(|p| one_line(&text[p.clone()]));
        let rest = first.map_or(body.clone(), |p| p.end..body.end);
        entries.push(entry(
            path,
            &heading.text,
            heading.text_range.clone(),
            summary,
            Some(text[rest].trim()).filter(|r| !r.is_empty()),
        ));
    }
    entries
}

/// `**Term**: definition` (or `**Term:** definition`) paragraphs, and
/// `Term` lines followed by `: definition` lines.
fn definition_list_entries(text: &str, path: &Path, paragraphs: &[Range<usize>]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for paragraph in paragraphs {
        let body = &text[paragraph.clone()];
        if let Some(rest) = body.strip_prefix("**")
            && let Some(close) = rest.find("**")
        {
            let term = &rest[..close];
            let after = &rest[close + 2..];
            let (term, definition) = match (term.strip_suffix(':'), after.strip_prefix(':')) {
                (Some(term), _) => (term, after),
                (None, Some(definition)) => (term, definition),
                _ => continue,
            };
            let term_start = paragraph.start + 2;
            entries.push(entry(
                path,
                term.trim(),
                term_start..term_start + term.len(),
                Some(one_line(definition)).filter(|d| !d.is_empty()),
                None,
            ));
            continue;
        }
        // `Term` + `: definition` lines; a paragraph may hold several.
        let mut offset = paragraph.start;
        let mut term: Option<Range<usize>> = None;
        let mut definitions: Vec<&str> = Vec::new();
        let mut flush = |term: &mut Option<Range<usize>>, definitions: &mut Vec<&str>| {
            if let Some(range) = term.take()
                && !definitions.is_empty()
            {
                entries.push(entry(
                    path,
                    text[range.clone()].trim(),
                    range,
                    Some(one_line(definitions[0])),
                    (definitions.len() > 1)
                        .then(|| definitions[1..].join("\n\n"))
                        .as_deref(),
                ));
            }
            definitions.clear();
        };
        for line in body.split_inclusive('\n') {
            let trimmed = line.trim_end();
            if let Some(definition) = trimmed.strip_prefix(": ") {
                if term.is_some() {
                    definitions.push(definition.trim());
                }
            } else {
                flush(&mut term, &mut definitions);
                let lead = trimmed.len() - trimmed.trim_start().len();
                term = Some(offset + lead..offset + trimmed.len());
            }
            offset += line.len();
        }
        flush(&mut term, &mut definitions);
    }
    entries
}

/// An entry of a one-file glossary named `title`, its slug the anchor.
pub fn entry(
    path: &Path,
    title: &str,
    title_range: Range<usize>,
    summary: Option<String>,
    definition: Option<&str>,
) -> Entry {
    Entry {
        slug: heading_anchor(title),
        title: title.to_string(),
        surface_forms: surface_forms(title, &[]),
        summary,
        extras: Extras {
            definition: definition.map(str::to_string),
            ..Extras::default()
        }
        .boxed(),
        path: path.into(),
        title_range,
        anchored: true,
        ..Default::default()
    }
}

/// The anchor GitHub (and most generators) give a heading: lower case,
/// punctuation other than `-` and `_` dropped, spaces as `-`.
pub fn heading_anchor(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Repeated anchors get `-1`, `-2`, as GitHub numbers them.
#[derive(Default)]
struct Anchors(std::collections::HashSet<String>);

impl Anchors {
    fn unique(&mut self, anchor: &str) -> String {
        let mut candidate = anchor.to_string();
        let mut n = 0;
        while !self.0.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{anchor}-{n}");
        }
        candidate
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_githubs() {
        assert_eq!(heading_anchor("Page bundle"), "page-bundle");
        assert_eq!(heading_anchor("CI/CD (Continuous)"), "cicd-continuous");
        assert_eq!(heading_anchor("  `tf_idf` score "), "tf_idf-score");
        let mut seen = Anchors::default();
        assert_eq!(seen.unique("a"), "a");
        assert_eq!(seen.unique("a"), "a-1");
        assert_eq!(seen.unique("a"), "a-2");
    }
}
