//! Which parts of a document are prose, and where its links are.
//!
//! Only prose is scanned for terms: code, HTML, front matter, link
//! destinations, autolinks, bare URLs and Hugo shortcodes are not.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::markdown::frontmatter;

/// How a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Markdown,
    PlainText,
}

impl DocKind {
    /// Markdown by extension (see [`is_markdown_path`]), plain text otherwise.
    pub fn from_path(path: &std::path::Path) -> DocKind {
        match is_markdown_path(path) {
            true => DocKind::Markdown,
            false => DocKind::PlainText,
        }
    }
}

/// The file extensions of Markdown documents and glossary entries.
pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdx"];

/// Whether a path names a Markdown file, by its extension.
pub fn is_markdown_path(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e))
}

/// A stretch of prose; a term must lie inside one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub range: Range<usize>,
    /// The link whose text this is, as an index into [`Prose::links`].
    pub link: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Inline,
    Reference,
    Autolink,
    /// `[text]({{< ref "x" >}})` or `relref`.
    HugoRef,
    /// A MyST role, {term}`environment` or {term}`text <environment>`:
    /// the destination is the term, the label the text shown.
    MystTerm,
    /// A Kubernetes-style shortcode, `{{< glossary_tooltip text="Pods"
    /// term_id="pod" >}}` or `glossary_definition`: the destination is the
    /// entry's id, the label the `text` shown.
    TermId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The whole link in the source.
    pub range: Range<usize>,
    pub dest: String,
    pub kind: LinkKind,
    /// The link's text as a reader sees it: markup delimiters left out.
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    pub segments: Vec<Segment>,
    pub links: Vec<Link>,
    /// Line prefixes (`> `, list indentation) inside segments, sorted; the
    /// matcher reads them as spaces so that a term may wrap onto the next line.
    pub holes: Vec<Range<usize>>,
    /// Stretches switched off by `<!-- glossary-ls-disable -->` comments.
    pub disabled: Vec<Disabled>,
    /// Headings, whole: links are never added inside them.
    pub headings: Vec<Range<usize>>,
}

/// A stretch where glossary-ls is switched off, for every check (`codes`
/// empty: nothing is matched there either) or for the diagnostic codes listed
/// (`<!-- glossary-ls-disable broken-link -->`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disabled {
    pub range: Range<usize>,
    pub codes: Vec<String>,
}

impl Prose {
    /// Segments overlapping `range`.
    pub fn segments_in(&self, range: Range<usize>) -> &[Segment] {
        let first = self
            .segments
            .partition_point(|s| s.range.end <= range.start);
        let last = self.segments.partition_point(|s| s.range.start < range.end);
        &self.segments[first..last.max(first)]
    }

    /// Whether a problem with `code` at `offset` is switched off.
    pub fn is_disabled(&self, offset: usize, code: &str) -> bool {
        self.disabled.iter().any(|d| {
            d.range.contains(&offset) && (d.codes.is_empty() || d.codes.iter().any(|c| c == code))
        })
    }

    /// Whether `offset` is inside a heading.
    pub fn in_heading(&self, offset: usize) -> bool {
        self.headings.iter().any(|h| h.contains(&offset))
    }

    /// Holes inside `range`.
    pub fn holes_in(&self, range: Range<usize>) -> &[Range<usize>] {
        let first = self.holes.partition_point(|h| h.end <= range.start);
        let last = self.holes.partition_point(|h| h.start < range.end);
        &self.holes[first..last.max(first)]
    }
}

/// Finds the prose and links of a document.
pub fn prose(text: &str, kind: DocKind) -> Prose {
    let mut out = Prose::default();
    match kind {
        DocKind::PlainText => {
            push_carved(&mut out, text, 0..text.len(), None);
        }
        DocKind::Markdown => markdown(text, &mut out),
    }
    out
}

/// The Markdown extensions documents are read with; anything else that
/// reads document structure must use the same.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

fn markdown(text: &str, out: &mut Prose) {
    let body_start = match frontmatter::locate(text) {
        (Some(block), _) => block.range.end,
        _ => 0,
    };
    let body = &text[body_start..];
    let options = options();
    let mut raw: Vec<Segment> = Vec::new();
    let mut code_depth = 0usize;
    let mut image_depth = 0usize;
    let mut link_stack: Vec<Option<u32>> = Vec::new();
    let mut after_break = false;
    let mut directives: Vec<(Range<usize>, Directive)> = Vec::new();
    let mut heading_start = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        let was_break = std::mem::replace(&mut after_break, false);
        match event {
            Event::Start(Tag::Heading { .. }) => heading_start = Some(range.start),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading_start.take() {
                    out.headings.push(start..range.end);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                directives.extend(find_directives(text, range.clone()));
            }
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = match link_type {
                    LinkType::Inline => LinkKind::Inline,
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    _ => LinkKind::Reference,
                };
                out.links.push(Link {
                    range: range.clone(),
                    dest: dest_url.to_string(),
                    kind,
                    label: String::new(),
                });
                let id = (out.links.len() - 1) as u32;
                // Autolink text is the URL itself: not prose.
                link_stack.push((kind != LinkKind::Autolink).then_some(id));
                if kind == LinkKind::Autolink {
                    image_depth += 1;
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(None) = link_stack.pop() {
                    image_depth = image_depth.saturating_sub(1);
                }
            }
            Event::Code(code) if image_depth == 0 => {
                if let Some(Some(id)) = link_stack.last() {
                    out.links[*id as usize].label.push_str(&code);
                } else if link_stack.is_empty()
                    && let Some(role) = myst_term_role(text, range.clone(), &code)
                {
                    out.links.push(role);
                }
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak
                if code_depth == 0 && image_depth == 0 =>
            {
                let link = link_stack.last().copied().flatten();
                if let Some(id) = link {
                    let label = &mut out.links[id as usize].label;
                    match &event {
                        Event::Text(t) => label.push_str(t),
                        _ => label.push(' '),
                    }
                }
                after_break = !matches!(event, Event::Text(_));
                match raw.last_mut() {
                    Some(last) if last.range.end == range.start && last.link == link => {
                        last.range.end = range.end
                    }
                    Some(last)
                        if was_break
                            && last.link == link
                            && last.range.end < range.start
                            && text[last.range.end..range.start]
                                .chars()
                                .all(|c| c == '>' || c.is_whitespace()) =>
                    {
                        out.holes.push(last.range.end..range.start);
                        last.range.end = range.end;
                    }
                    _ => raw.push(Segment { range, link }),
                }
            }
            _ => {}
        }
    }
    out.disabled = disabled_ranges(text, &directives);
    let off_ranges: Vec<Range<usize>> = out
        .disabled
        .iter()
        .filter(|d| d.codes.is_empty())
        .map(|d| d.range.clone())
        .collect();
    for segment in raw {
        let mut start = segment.range.start;
        for off in &off_ranges {
            if off.end <= start || off.start >= segment.range.end {
                continue;
            }
            if off.start > start {
                push_carved(out, text, start..off.start, segment.link);
            }
            start = start.max(off.end);
        }
        if start < segment.range.end {
            push_carved(out, text, start..segment.range.end, segment.link);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Directive {
    Disable(Vec<String>),
    DisableNextLine(Vec<String>),
    Enable,
}

/// `<!-- glossary-ls-disable [codes] -->`, `<!-- glossary-ls-enable -->`
/// and `<!-- glossary-ls-disable-next-line [codes] -->` inside `range`.
fn find_directives(text: &str, range: Range<usize>) -> Vec<(Range<usize>, Directive)> {
    let mut out = Vec::new();
    let slice = &text[range.clone()];
    let mut from = 0;
    while let Some(open) = slice[from..].find("<!--") {
        let open = from + open;
        let Some(close) = slice[open..].find("-->") else {
            break;
        };
        let close = open + close + 3;
        let inner = slice[open + 4..close - 3].trim();
        let mut words = inner
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let codes =
            |words: std::iter::Filter<_, _>| -> Vec<String> { words.map(str::to_string).collect() };
        let directive = match words.next() {
            Some("glossary-ls-disable") => Some(Directive::Disable(codes(words))),
            Some("glossary-ls-disable-next-line") => Some(Directive::DisableNextLine(codes(words))),
            Some("glossary-ls-enable") => Some(Directive::Enable),
            _ => None,
        };
        if let Some(directive) = directive {
            out.push((range.start + open..range.start + close, directive));
        }
        from = close;
    }
    out
}

/// The stretches the directives switch off: from a `disable` to the next
/// `enable` (or the end), and the line after a `disable-next-line`.
fn disabled_ranges(text: &str, directives: &[(Range<usize>, Directive)]) -> Vec<Disabled> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Vec<String>)> = None;
    for (range, directive) in directives {
        match directive {
            Directive::Disable(codes) => {
                if open.is_none() {
                    open = Some((range.end, codes.clone()));
                }
            }
            Directive::Enable => {
                if let Some((start, codes)) = open.take() {
                    out.push(Disabled {
                        range: start..range.start,
                        codes,
                    });
                }
            }
            Directive::DisableNextLine(codes) => {
                let line_start = text[range.end..]
                    .find('\n')
                    .map_or(text.len(), |i| range.end + i + 1);
                let line_end = text[line_start..]
                    .find('\n')
                    .map_or(text.len(), |i| line_start + i);
                out.push(Disabled {
                    range: line_start..line_end.max(line_start),
                    codes: codes.clone(),
                });
            }
        }
    }
    if let Some((start, codes)) = open {
        out.push(Disabled {
            range: start..text.len(),
            codes,
        });
    }
    out
}

/// Pushes `range` as prose minus bare URLs and shortcodes; a Hugo `ref`
/// shortcode used as a link destination becomes a link of its own.
fn push_carved(out: &mut Prose, text: &str, range: Range<usize>, link: Option<u32>) {
    let mut start = range.start;
    for (skip, shortcode_ref) in non_prose_spans(text, range.clone()) {
        if skip.start < start {
            continue;
        }
        if let Some(reference) = term_reference(&text[skip.clone()]) {
            push_segment(out, start..skip.start, link);
            let label = reference.text.as_ref().map_or(String::new(), |r| {
                text[skip.start + r.start..skip.start + r.end].to_string()
            });
            out.links.push(Link {
                range: skip.clone(),
                dest: reference.term_id,
                kind: LinkKind::TermId,
                label,
            });
            // The words shown are prose, linked to the entry; inside a
            // Markdown link's text they belong to that link.
            if let Some(shown) = reference.text
                && link.is_none()
            {
                let id = (out.links.len() - 1) as u32;
                push_segment(
                    out,
                    skip.start + shown.start..skip.start + shown.end,
                    Some(id),
                );
            }
            start = skip.end;
            continue;
        }
        if let Some(dest) = shortcode_ref
            && link.is_none()
            && text[start..skip.start].ends_with("](")
            && text[skip.end..range.end].starts_with(')')
            && let Some(open) = text[start..skip.start - 2].rfind('[')
        {
            let open = start + open;
            push_segment(out, start..open, None);
            out.links.push(Link {
                range: open..skip.end + 1,
                dest,
                kind: LinkKind::HugoRef,
                label: text[open + 1..skip.start - 2].to_string(),
            });
            let id = (out.links.len() - 1) as u32;
            push_segment(out, open + 1..skip.start - 2, Some(id));
            start = skip.end + 1;
            continue;
        }
        push_segment(out, start..skip.start, link);
        start = skip.end;
    }
    push_segment(out, start..range.end, link);
}

fn push_segment(out: &mut Prose, range: Range<usize>, link: Option<u32>) {
    if range.start < range.end {
        out.segments.push(Segment { range, link });
    }
}

/// Bare URLs and Hugo shortcodes inside a prose range, in order; a `ref` or
/// `relref` shortcode comes with the page it names.
fn non_prose_spans(text: &str, range: Range<usize>) -> Vec<(Range<usize>, Option<String>)> {
    let slice = &text[range.clone()];
    let mut spans = Vec::new();
    let bytes = slice.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &slice[i..];
        if rest.starts_with("{{<") || rest.starts_with("{{%") {
            let close = if rest.starts_with("{{<") {
                ">}}"
            } else {
                "%}}"
            };
            let end = rest.find(close).map_or(rest.len(), |e| e + 3);
            let shortcode = &rest[..end];
            spans.push((range.start + i..range.start + i + end, hugo_ref(shortcode)));
            i += end;
            continue;
        }
        let at_word_start = i == 0
            || !slice[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        if at_word_start && starts_url(rest) {
            let mut end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            while end > 0 && rest[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', '\'']) {
                end -= 1;
            }
            spans.push((range.start + i..range.start + i + end, None));
            i += end.max(1);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    spans
}

fn starts_url(s: &str) -> bool {
    let lower = |p: &str| {
        s.len() >= p.len() && s.is_char_boundary(p.len()) && s[..p.len()].eq_ignore_ascii_case(p)
    };
    [
        "http://", "https://", "ftp://", "mailto:", "www.", "file://",
    ]
    .iter()
    .any(|p| lower(p))
}

/// The MyST role whose code span is at `code_range`: {term}`name` or
/// {term}`shown <name>`, as one link over role and span.
fn myst_term_role(text: &str, code_range: Range<usize>, code: &str) -> Option<Link> {
    const ROLE: &str = "{term}";
    if !text[..code_range.start].ends_with(ROLE) {
        return None;
    }
    let code = code.trim();
    let (label, dest) = match code.strip_suffix('>').and_then(|c| c.rsplit_once('<')) {
        Some((shown, name)) if !shown.trim().is_empty() => (shown.trim(), name.trim()),
        _ => (code, code),
    };
    Some(Link {
        range: code_range.start - ROLE.len()..code_range.end,
        dest: dest.to_string(),
        kind: LinkKind::MystTerm,
        label: label.to_string(),
    })
}

/// A `glossary_tooltip` or `glossary_definition` shortcode: the id it
/// names and where its `text` value is, inside the shortcode.
struct TermReference {
    term_id: String,
    text: Option<Range<usize>>,
}

fn term_reference(shortcode: &str) -> Option<TermReference> {
    let inner_start = 3;
    let inner = shortcode.get(inner_start..shortcode.len().checked_sub(3)?)?;
    let name_start = inner.len() - inner.trim_start().len();
    let name_len = inner[name_start..]
        .find(char::is_whitespace)
        .unwrap_or(inner.len() - name_start);
    let name = &inner[name_start..name_start + name_len];
    if name != "glossary_tooltip" && name != "glossary_definition" {
        return None;
    }
    let mut term_id = None;
    let mut shown = None;
    for (key, value) in shortcode_arguments(inner, name_start + name_len) {
        let value = inner_start + value.start..inner_start + value.end;
        match key {
            "term_id" => term_id = Some(shortcode[value].trim().to_string()),
            "text" if name == "glossary_tooltip" => shown = Some(value),
            _ => {}
        }
    }
    Some(TermReference {
        term_id: term_id?,
        text: shown.filter(|r| !shortcode[r.clone()].trim().is_empty()),
    })
}

/// `key="value"` pairs of a shortcode from byte `from`: each key with the
/// range of its value (inside the quotes).
fn shortcode_arguments(inner: &str, from: usize) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = from;
    while let Some(eq) = inner[i..].find('=') {
        let key = inner[i..i + eq].trim();
        let after = i + eq + 1;
        let rest = &inner[after..];
        let lead = rest.len() - rest.trim_start().len();
        let Some(quote) = rest[lead..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '`' | '\''))
        else {
            break;
        };
        let open = after + lead + 1;
        let Some(len) = inner[open..].find(quote) else {
            break;
        };
        out.push((key, open..open + len));
        i = open + len + 1;
    }
    out
}

/// `{{< ref "glossary/gan.md" >}}` -> `glossary/gan.md`.
fn hugo_ref(shortcode: &str) -> Option<String> {
    let inner = shortcode.get(3..shortcode.len().checked_sub(3)?)?.trim();
    let mut words = inner.splitn(2, char::is_whitespace);
    let name = words.next()?;
    if name != "ref" && name != "relref" {
        return None;
    }
    let arg = words.next()?.trim();
    let arg = arg.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    Some(arg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_text(text: &str) -> Vec<&str> {
        prose(text, DocKind::Markdown)
            .segments
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect()
    }

    #[test]
    fn skips_code_html_and_urls() {
        let text = "---\ntitle: AI\n---\nSee `AI` and <b>AI</b> at https://ai.example/x.\n\n```\nAI\n```\n";
        assert_eq!(prose_text(text), vec!["See ", " and ", "AI", " at ", "."]);
    }

    #[test]
    fn joins_lines_of_a_paragraph() {
        assert_eq!(prose_text("machine\nlearning"), vec!["machine\nlearning"]);
    }

    /// Each link's kind, destination, label and source text.
    fn links_of<'t>(p: &'t Prose, text: &'t str) -> Vec<(LinkKind, &'t str, &'t str, &'t str)> {
        p.links
            .iter()
            .map(|l| {
                (
                    l.kind,
                    l.dest.as_str(),
                    l.label.as_str(),
                    &text[l.range.clone()],
                )
            })
            .collect()
    }

    #[test]
    fn glossary_shortcodes_are_links_by_term_id() {
        let text = "Run {{< glossary_tooltip text=\"Pods\" term_id=\"pod\" >}} and\n{{< glossary_definition term_id=\"node\" length=\"all\" >}}\n";
        let p = prose(text, DocKind::Markdown);
        let links = links_of(&p, text);
        assert_eq!(
            links,
            vec![
                (
                    LinkKind::TermId,
                    "pod",
                    "Pods",
                    "{{< glossary_tooltip text=\"Pods\" term_id=\"pod\" >}}"
                ),
                (
                    LinkKind::TermId,
                    "node",
                    "",
                    "{{< glossary_definition term_id=\"node\" length=\"all\" >}}"
                ),
            ]
        );
        let linked: Vec<_> = p
            .segments
            .iter()
            .map(|s| (&text[s.range.clone()], s.link))
            .collect();
        assert_eq!(
            linked,
            vec![("Run ", None), ("Pods", Some(0)), (" and\n", None),]
        );
    }

    #[test]
    fn myst_term_roles_are_links_by_term() {
        let text =
            "An {term}`environment` and {term}`the dirs <source directory>`, not `{term}`.\n";
        let p = prose(text, DocKind::Markdown);
        let links = links_of(&p, text);
        assert_eq!(
            links,
            vec![
                (
                    LinkKind::MystTerm,
                    "environment",
                    "environment",
                    "{term}`environment`"
                ),
                (
                    LinkKind::MystTerm,
                    "source directory",
                    "the dirs",
                    "{term}`the dirs <source directory>`"
                ),
            ]
        );
    }

    #[test]
    fn hugo_ref_links() {
        let text = "A [GAN]({{< ref \"glossary/gan\" >}}) here.";
        let p = prose(text, DocKind::Markdown);
        assert_eq!(p.links.len(), 1);
        assert_eq!(p.links[0].dest, "glossary/gan");
        assert_eq!(p.links[0].kind, LinkKind::HugoRef);
        let linked: Vec<_> = p
            .segments
            .iter()
            .filter(|s| s.link.is_some())
            .map(|s| &text[s.range.clone()])
            .collect();
        assert_eq!(linked, vec!["GAN"]);
    }
}
