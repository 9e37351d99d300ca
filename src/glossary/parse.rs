//! Reads one entry file into an [`Entry`], tolerating what real glossaries do.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::entry::{Entry, Extras, Section, SharedPath};
use super::related;
use crate::markdown::frontmatter;
use crate::problem::{Code, Problem, Severity};
use crate::text::forms::split_acronym;

struct Heading {
    level: HeadingLevel,
    text: String,
    /// The whole heading line.
    range: Range<usize>,
    /// The heading's text inside the line.
    text_range: Range<usize>,
}

/// What a section heading is about, whatever its level and case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Summary,
    Eli5,
    InDepth,
    Related,
    Other,
}

pub fn section_kind(heading: &str) -> SectionKind {
    let words: String = heading
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let key = words.split_whitespace().collect::<Vec<_>>().join(" ");
    match key.as_str() {
        "summary" | "definition" | "short definition" | "tl dr" | "tldr" => SectionKind::Summary,
        "eli5" | "explain like i m five" | "explain like i m 5" | "explain like im five" => {
            SectionKind::Eli5
        }
        "in depth explanation" | "in depth" | "explanation" | "details" => SectionKind::InDepth,
        "related terms" | "related" | "see also" | "related concepts" | "related entries" => {
            SectionKind::Related
        }
        _ => SectionKind::Other,
    }
}

/// Parses an entry file. Never fails: what cannot be read becomes a problem.
pub fn parse_entry(text: &str, slug: &str, path: impl Into<SharedPath>) -> Entry {
    // A file with lone `\r` line breaks reads as one with `\n`: the same
    // offsets, so ranges still point into the file as it is.
    let text = &*crate::text::lone_cr_as_lf(text);
    let mut problems = Vec::new();
    let (block, unclosed) = frontmatter::locate(text);
    problems.extend(unclosed);
    let (fields, fm_problems) = match &block {
        Some(block) => frontmatter::parse(text, block),
        None => Default::default(),
    };
    problems.extend(fm_problems);

    let body_start = body_start(text, block.as_ref());
    let (headings, first_paragraph) = outline(text, body_start);

    let (title, title_range, title_heading) = match (&fields.title, headings.first()) {
        (Some(title), _) => (
            title.clone(),
            fields.title_range.clone().unwrap_or(0..0),
            None,
        ),
        (None, Some(h)) if h.level == HeadingLevel::H1 && !h.text.is_empty() => {
            (h.text.clone(), h.text_range.clone(), Some(0))
        }
        _ => {
            problems.push(Problem::new(
                Severity::Warning,
                Code::MissingTitle,
                "entry has no title in front matter and no `#` heading; the file name is used",
                0..0,
            ));
            (title_from_slug(slug), 0..0, None)
        }
    };

    let mut entry = Entry {
        slug: slug.to_string(),
        title: title.clone(),
        surface_forms: Vec::new(),
        summary: None,
        eli5: None,
        in_depth: None,
        related: Vec::new(),
        draft: fields.draft,
        path: path.into(),
        builtin: false,
        title_range,
        problems: Vec::new(),
        no_match: fields.no_match,
        case_exact: fields.case_exact,
        ..Default::default()
    };
    let mut extras = Extras {
        term_id: fields.id.clone(),
        full_link: fields.full_link.clone(),
        tags: fields.tags.clone(),
        ..Extras::default()
    };

    let title_key = crate::text::forms::resolution_key(&title);
    for (i, heading) in headings.iter().enumerate() {
        // The page title, whether it gave the entry its title or repeats it.
        let repeats_title = heading.level == HeadingLevel::H1
            && crate::text::forms::resolution_key(&heading.text) == title_key;
        if Some(i) == title_heading || repeats_title {
            continue;
        }
        let body_range = section_body(&headings, i, text.len());
        let body = text[body_range.clone()].trim();
        let body_at = range_in(text, body);
        match section_kind(&heading.text) {
            SectionKind::Summary => set_once(&mut entry.summary, body),
            SectionKind::Eli5 => set_once(&mut entry.eli5, body),
            SectionKind::InDepth if entry.in_depth.is_none() && !body.is_empty() => {
                entry.in_depth = Some(body_at);
            }
            SectionKind::InDepth => {}
            SectionKind::Related if entry.related.is_empty() => {
                entry.related = related::parse(&text[body_range.clone()], body_range.start);
            }
            _ => {
                if !body.is_empty() {
                    extras.other_sections.push(Section {
                        heading: heading.text.clone(),
                        body: body_at,
                    });
                }
            }
        }
    }
    if entry.summary.is_none() {
        entry.summary = fields
            .summary
            .clone()
            .or_else(|| first_paragraph.map(|r| one_line(&text[r])));
    }
    if entry.summary.is_none() {
        problems.push(Problem::new(
            Severity::Warning,
            Code::MissingSummary,
            format!("entry `{title}` has no Summary section and no opening paragraph"),
            entry.title_range.clone(),
        ));
    }

    let body = &text[body_start..];
    if let Some((short, long)) = split_at_more(body) {
        set_once(&mut extras.definition, short.trim());
        let long = long.trim();
        if entry.in_depth.is_none() && !long.is_empty() {
            entry.in_depth = Some(range_in(text, long));
        }
    }
    extras.see = see_only(body);
    if entry.related.is_empty() && extras.see.is_none() {
        entry.related = body_links(text, body_start);
    }
    entry.surface_forms = surface_forms(&title, &fields.synonyms);
    entry.avoid = super::entry::avoided_variants(
        &entry.surface_forms,
        fields
            .avoid
            .iter()
            .map(|(term, because)| super::entry::Avoided {
                term: term.clone(),
                because: because.clone(),
            }),
    );
    entry.problems = problems;
    entry.extras = extras.boxed();
    entry
}

/// `See [page resource](g).`: a body that is nothing but a pointer to
/// another entry gives that entry's link text and destination.
fn see_only(body: &str) -> Option<(String, String)> {
    let body = body.trim();
    let rest = body
        .strip_prefix("See")
        .or_else(|| body.strip_prefix("see"))?
        .trim_start();
    let rest = rest.strip_prefix("also").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let prose = crate::markdown::prose::prose(rest, crate::markdown::prose::DocKind::Markdown);
    let [link] = prose.links.as_slice() else {
        return None;
    };
    let after = rest[link.range.end..].trim();
    let before = rest[..link.range.start].trim();
    (before.is_empty() && matches!(after, "" | "." | "!"))
        .then(|| (link.label.trim().to_string(), link.dest.clone()))
}

/// Links in an entry's text, as related terms it implies.
fn body_links(text: &str, body_start: usize) -> Vec<crate::glossary::entry::RelatedTerm> {
    let prose = crate::markdown::prose::prose(text, crate::markdown::prose::DocKind::Markdown);
    prose
        .links
        .iter()
        .filter(|l| l.range.start >= body_start && !l.label.trim().is_empty())
        .map(|l| crate::glossary::entry::RelatedTerm {
            text: l.label.trim().to_string(),
            range: l.range.clone(),
            link: Some(l.dest.clone()),
            implied: true,
        })
        .collect()
}

/// A body split at Hugo's summary divider, `<!--more-->`: the short
/// definition before it, the long one after.
fn split_at_more(body: &str) -> Option<(&str, &str)> {
    body.match_indices("<!--").find_map(|(at, _)| {
        let close = at + body[at..].find("-->")?;
        (body[at + 4..close].trim() == "more").then(|| (&body[..at], &body[close + 3..]))
    })
}

/// Where `part`, a slice of `text`, lies in it.
fn range_in(text: &str, part: &str) -> Range<usize> {
    let start = part.as_ptr() as usize - text.as_ptr() as usize;
    debug_assert!(start + part.len() <= text.len());
    start..start + part.len()
}

fn set_once(slot: &mut Option<String>, body: &str) {
    if slot.is_none() && !body.is_empty() {
        *slot = Some(body.to_string());
    }
}

/// The names an entry is known by in prose, without repeats.
pub fn surface_forms(title: &str, synonyms: &[String]) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    let mut push = |form: &str| {
        let form = form.trim();
        if !form.is_empty()
            && !forms
                .iter()
                .any(|f| crate::text::fold::fold_term(f) == crate::text::fold::fold_term(form))
        {
            forms.push(form.to_string());
        }
    };
    for name in std::iter::once(title).chain(synonyms.iter().map(String::as_str)) {
        let (base, acronym) = split_acronym(name);
        push(base);
        if let Some(acronym) = acronym {
            push(crate::text::forms::strip_acronym_plural(acronym));
        }
    }
    forms
}

/// Where the body of an entry file starts: after its front matter, or
/// after a byte-order mark.
fn body_start(text: &str, block: Option<&frontmatter::Block>) -> usize {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    block.map_or(bom, |b| b.range.end)
}

/// The body of the section under heading `i`: any heading ends a section,
/// since glossaries mix levels freely.
fn section_body(headings: &[Heading], i: usize, text_len: usize) -> Range<usize> {
    let heading = &headings[i];
    let end = headings.get(i + 1).map_or(text_len, |h| h.range.start);
    heading.range.end..end.max(heading.range.end)
}

/// The body of an entry file's Related terms section, found as
/// [`parse_entry`] finds it.
pub fn related_section(text: &str) -> Option<Range<usize>> {
    let (block, _) = frontmatter::locate(text);
    let (headings, _) = outline(text, body_start(text, block.as_ref()));
    let i = headings
        .iter()
        .position(|h| section_kind(&h.text) == SectionKind::Related)?;
    Some(section_body(&headings, i, text.len()))
}

/// Headings and the first top-level paragraph of the body.
fn outline(text: &str, body_start: usize) -> (Vec<Heading>, Option<Range<usize>>) {
    let body = &text[body_start..];
    let mut headings = Vec::new();
    let mut first_paragraph = None;
    let mut current: Option<(HeadingLevel, usize, String, Option<Range<usize>>)> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new(body).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level, range.start, String::new(), None))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, title, text_range)) = current.take() {
                    headings.push(Heading {
                        level,
                        text: title.trim().to_string(),
                        range: start..range.end,
                        text_range: text_range.unwrap_or(start..start),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title, text_range)) = current.as_mut() {
                    title.push_str(&t);
                    let r = text_range.get_or_insert(range.clone());
                    r.end = range.end;
                }
            }
            Event::Start(Tag::Paragraph) => {
                if depth == 0
                    && first_paragraph.is_none()
                    && !is_shortcode_only(&text[range.clone()])
                {
                    first_paragraph = Some(range);
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) | Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (headings, first_paragraph)
}

fn is_shortcode_only(paragraph: &str) -> bool {
    let t = paragraph.trim();
    (t.starts_with("{{<") || t.starts_with("{{%")) && (t.ends_with(">}}") || t.ends_with("%}}"))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title_from_slug(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_more_divider_splits_short_from_long() {
        assert_eq!(
            split_at_more("Short.\n<!-- x -->\n<!--more-->\nLong.\n"),
            Some(("Short.\n<!-- x -->\n", "\nLong.\n"))
        );
        assert_eq!(
            split_at_more("Short.\n<!-- more -->Long."),
            Some(("Short.\n", "Long."))
        );
        assert_eq!(split_at_more("No divider <!-- here -->."), None);
    }
}
