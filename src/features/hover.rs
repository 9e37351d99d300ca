//! Hover: a term's definition where it is used.
//!
//! Glossary files are Markdown written by anyone with commit access, and
//! the hover is shown by an editor: their text is kept as Markdown but
//! made inert. Raw HTML is escaped so that it shows as text, images become
//! text, and a link stays a link only when it leads to `http:`, `https:`,
//! `mailto:` or a relative address: `command:`, `javascript:`, `data:`,
//! `file:`, `vscode:`, `ssh:` and every other scheme an editor might act
//! on when clicked are escaped, as is a link of the glossary's own that
//! calls itself [`OPEN_ENTRY`]. The hover's own links (to entry files) are
//! the only `file:` links kept.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::DocContext;
use super::definition::target_at;
use crate::analysis::Analysis;
use crate::glossary::EntryId;
use crate::index::GlossaryIndex;

/// The text of the hover's link to the entry's file.
pub const OPEN_ENTRY: &str = "Open the glossary entry";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverText {
    /// What the hover is about, in the document.
    pub range: Range<usize>,
    pub markdown: String,
}

/// The hover at `offset`. `entry_url` gives the URL of an entry's file,
/// when it has one the editor can open.
pub fn hover(
    ctx: &DocContext<'_>,
    doc: &Analysis,
    offset: usize,
    entry_url: &dyn Fn(EntryId) -> Option<String>,
) -> Option<HoverText> {
    let target = target_at(ctx, doc, offset)?;
    let mut markdown = render_with(ctx.index, &ctx.rules.shorthands, target.entry, entry_url);
    // On a variant to avoid (or a name in the wrong case): what to write.
    let advice = doc
        .occurrence_at(offset)
        .filter(|occ| occ.range == target.range)
        .and_then(|occ| super::terminology::finding(ctx.index, doc.text(), occ));
    if let Some(found) = advice {
        markdown = format!(
            "{}

---

{markdown}",
            super::terminology::advice(&found)
        );
    }
    Some(HoverText {
        range: target.range,
        markdown,
    })
}

/// An entry as hover Markdown: title, summary, ELI5, related terms, and a
/// link to open the entry.
pub fn render(
    index: &GlossaryIndex,
    id: EntryId,
    entry_url: &dyn Fn(EntryId) -> Option<String>,
) -> String {
    render_with(index, &[], id, entry_url)
}

/// The same, with the site's shorthand link destinations (`[text](g)`)
/// rendered as the site renders them: the text, linked to the entry it names.
pub fn render_with(
    index: &GlossaryIndex,
    shorthands: &[String],
    id: EntryId,
    entry_url: &dyn Fn(EntryId) -> Option<String>,
) -> String {
    let entry = index.entry(id);
    // The links this function writes itself; no other `file:` link is kept.
    let mut own: Vec<String> = Vec::new();
    let as_site = |text: &str, own: &mut Vec<String>| {
        as_the_site_renders(index, shorthands, text, entry_url, own)
    };
    let mut out = format!("**{}**", escape_inline(&entry.title));
    if entry.draft {
        out.push_str(" *(draft)*");
    }
    if let Some(summary) = &entry.summary {
        out.push_str("\n\n");
        out.push_str(inert(&as_site(summary, &mut own), &own).trim());
    }
    // The short definition, unless it says what the summary says once its
    // shortcodes show their words.
    let plain = |s: &str| {
        let shown = as_the_site_renders(index, shorthands, s, &|_| None, &mut Vec::new());
        crate::text::fold::fold_term(&shown.split_whitespace().collect::<String>())
    };
    if let Some(definition) = &entry.extras().definition
        && entry.summary.as_deref().map(plain) != Some(plain(definition))
    {
        out.push_str("\n\n");
        out.push_str(inert(&as_site(definition, &mut own), &own).trim());
    }
    if let Some(eli5) = &entry.eli5 {
        out.push_str("\n\n**ELI5:** ");
        out.push_str(inert(&as_site(eli5, &mut own), &own).trim());
    }
    if index.glossary.related(id).next().is_some() {
        let related: Vec<String> = index
            .glossary
            .related(id)
            .map(|(term, target)| {
                let text = escape_inline(&term.text);
                let url = target
                    .and_then(|t| index.glossary.by_slug(&index.entry(t).slug))
                    .and_then(entry_url);
                match url {
                    Some(url) => {
                        own.push(link_destination(&url));
                        format!("[{text}]({})", link_destination(&url))
                    }
                    None => text,
                }
            })
            .collect();
        out.push_str("\n\n**Related terms:** ");
        out.push_str(&related.join(", "));
    }
    if !entry.extras().tags.is_empty() {
        let tags: Vec<String> = entry
            .extras()
            .tags
            .iter()
            .map(|t| escape_inline(t))
            .collect();
        out.push_str(&format!("\n\n**Tags:** {}", tags.join(", ")));
    }
    if let Some(link) = &entry.extras().full_link {
        // Made inert with the rest: a scheme an editor acts on is escaped.
        out.push_str(&format!("\n\n[Read more]({})", link_destination(link)));
    }
    if let Some(url) = entry_url(id) {
        own.push(link_destination(&url));
        out.push_str(&format!("\n\n[{OPEN_ENTRY}]({})", link_destination(&url)));
    }
    // The pieces were made inert one by one; together they are parsed
    // again (a reference definition in one section can make a link of
    // text in another).
    inert(&out, &own)
}

/// Entry Markdown as the site shows it: shorthand links become links to
/// the entry their text names (or their text alone), and named and numeric
/// HTML entities become their characters (editors that show hover Markdown
/// as text would show `&mdash;` as written). The entry links it writes are
/// added to `own`, the links the hover keeps.
fn as_the_site_renders(
    index: &GlossaryIndex,
    shorthands: &[String],
    text: &str,
    entry_url: &dyn Fn(EntryId) -> Option<String>,
    own: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    // Kubernetes' glossary shortcodes and MyST term roles show their
    // text, linked to the entry.
    let shortcodes = text.contains("{{") || text.contains("{term}");
    if !shorthands.is_empty() || shortcodes {
        use crate::markdown::prose::LinkKind;
        let prose = crate::markdown::prose::prose(text, crate::markdown::prose::DocKind::Markdown);
        for link in &prose.links {
            let dest = link.dest.trim();
            let by_id = link.kind == LinkKind::TermId;
            let role = link.kind == LinkKind::MystTerm;
            if link.range.start < last || !(by_id || role || shorthands.iter().any(|s| s == dest)) {
                continue;
            }
            out.push_str(&text[last..link.range.start]);
            let label = escape_inline(link.label.trim());
            let entry = match by_id {
                true => index.glossary.by_term_id(dest),
                false if role => super::link_targets::entry_named(index, dest),
                false => super::link_targets::entry_named(index, &link.label),
            };
            let url = entry.filter(|_| !label.is_empty()).and_then(entry_url);
            match url {
                Some(url) => {
                    own.push(link_destination(&url));
                    out.push_str(&format!("[{label}]({})", link_destination(&url)))
                }
                None => out.push_str(&label),
            }
            last = link.range.end;
        }
    }
    out.push_str(&text[last..]);
    decode_entities(&out)
}

/// `&mdash;`, `&#8212;`, `&#x2014;` -> `—`; entities that would become
/// Markdown syntax (`&lt;`, `&amp;`, `&#42;`) stay as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail[..tail.len().min(12)].find(';');
        let decoded = end.and_then(|end| entity(&tail[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) if !c.is_ascii_punctuation() && !c.is_control() => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "rarr" => '→',
        "larr" => '←',
        "deg" => '°',
        _ => return None,
    })
}

/// A URL made safe as a Markdown link destination.
fn link_destination(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// Escapes the characters Markdown would read as syntax in a one-line text.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Glossary Markdown that renders no HTML, shows no image and follows no
/// `command:` link: a backslash goes before each `<` of raw HTML, before
/// the `!` and `[` of an image, and before the opening of a command link.
///
/// Escaping changes how the rest is parsed (an image inside an HTML block
/// is text until the block's `<` is escaped), so passes repeat until one
/// finds nothing left to escape. Each pass only adds backslashes, so this
/// ends quickly; should it not, every `<`, `!` and `[` is escaped.
pub fn markdown_text(source: &str) -> String {
    inert(source, &[])
}

/// [`markdown_text`], keeping links to the destinations in `own` (as
/// written) whatever their scheme.
fn inert(source: &str, own: &[String]) -> String {
    // A pass only adds backslashes: one that adds none is the last.
    let mut text = escape_pass(source, own);
    if text.len() == source.len() {
        return text;
    }
    for _ in 0..16 {
        let next = escape_pass(&text, own);
        if next.len() == text.len() {
            return next;
        }
        text = next;
    }
    let mut out = String::with_capacity(text.len() * 2);
    for c in source.chars() {
        if matches!(c, '<' | '!' | '[' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One pass of [`markdown_text`] over `source` as it parses now.
fn escape_pass(source: &str, own: &[String]) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut escapes: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                escapes.extend(
                    source[range.clone()]
                        .match_indices('<')
                        .map(|(i, _)| range.start + i),
                );
            }
            Event::Start(Tag::Image { .. }) => {
                escapes.push(range.start);
                escapes.push(range.start + 1);
            }
            Event::Start(Tag::Link { dest_url, .. })
                if !own.iter().any(|url| *url == *dest_url)
                    && (!is_safe_destination(&dest_url)
                        || claims_to_be_ours(&source[range.clone()])) =>
            {
                escapes.push(range.start)
            }
            _ => {}
        }
    }
    escapes.sort_unstable();
    escapes.dedup();
    let mut out = String::with_capacity(source.len() + escapes.len());
    let mut last = 0;
    for at in escapes {
        if at < last || at > source.len() || !source.is_char_boundary(at) {
            continue;
        }
        out.push_str(&source[last..at]);
        out.push('\\');
        last = at;
    }
    out.push_str(&source[last..]);
    out
}

/// Whether a link from glossary text may stay one: `http:`, `https:`,
/// `mailto:`, or no scheme at all (a relative address or a fragment).
fn is_safe_destination(dest: &str) -> bool {
    match scheme(dest) {
        None => true,
        Some(scheme) => ["http", "https", "mailto"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme)),
    }
}

/// The scheme of a URL as a browser reads it: letters, digits, `+`, `-`
/// and `.` after a letter, before a `:` that comes before any `/`, `?`
/// or `#`. Control characters and spaces around it are ignored, as
/// browsers ignore them.
fn scheme(dest: &str) -> Option<&str> {
    let dest = dest.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let colon = dest.find(':')?;
    let head = &dest[..colon];
    if head.contains(['/', '?', '#']) {
        return None;
    }
    // Anything before the colon counts: a scheme with odd characters is
    // not one we allow, so it is refused rather than read as relative.
    Some(head)
}

/// Whether a link's source text reads like the hover's own link to the entry.
fn claims_to_be_ours(link: &str) -> bool {
    link.strip_prefix('[')
        .and_then(|rest| rest.get(..OPEN_ENTRY.len()))
        .is_some_and(|text| text.eq_ignore_ascii_case(OPEN_ENTRY))
}

#[cfg(test)]
fn is_command(dest: &str) -> bool {
    scheme(dest).is_some_and(|s| s.eq_ignore_ascii_case("command"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_become_characters_unless_they_are_markup() {
        assert_eq!(
            decode_entities("a &mdash; b &#8212; c &#x2014; &lt;x&gt; &amp; &bogus; &"),
            "a — b — c — &lt;x&gt; &amp; &bogus; &"
        );
    }

    #[test]
    fn html_images_and_command_links_are_made_inert() {
        let text = "A <b>bold</b> claim.\n\n<div onclick=\"x\">\nblock\n</div>\n\n![pic](http://t.example/p.png) \
                    [run](command:workbench.action.quit) <command:evil> [ok](https://ok.example) `<code>`";
        let out = markdown_text(text);
        assert_eq!(
            out,
            "A \\<b>bold\\</b> claim.\n\n\\<div onclick=\"x\">\nblock\n\\</div>\n\n\\!\\[pic](http://t.example/p.png) \
             \\[run](command:workbench.action.quit) \\<command:evil> [ok](https://ok.example) `<code>`"
        );
        // What is left parses with no HTML, image or command link at all.
        for event in Parser::new(&out) {
            match event {
                Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Image { .. }) => {
                    panic!("{event:?} in {out}")
                }
                Event::Start(Tag::Link { dest_url, .. }) => assert!(!is_command(&dest_url)),
                _ => {}
            }
        }
    }

    #[test]
    fn what_escaping_uncovers_is_escaped_too() {
        // The image is text inside the HTML block, until the block's `<` is escaped.
        let out = markdown_text("<script>alert(1)</script>![pic](http://x/p.png)");
        assert_eq!(
            out,
            "\\<script>alert(1)\\</script>\\!\\[pic](http://x/p.png)"
        );
        assert_eq!(markdown_text(&out), out);
    }

    #[test]
    fn only_web_mail_and_relative_links_stay_links() {
        for (dest, kept) in [
            ("https://ok.example/a", true),
            ("HTTP://ok.example", true),
            ("mailto:a@b.example", true),
            ("../relative/page.md", true),
            ("#fragment", true),
            ("/absolute/path?q=a:b", true),
            ("javascript:alert(1)", false),
            (" JavaScript:alert(1)", false),
            ("data:text/html,x", false),
            ("file:///etc/passwd", false),
            ("vscode:extension/x", false),
            ("ssh://host", false),
            ("command:workbench.action.quit", false),
            ("java\tscript:x", false),
        ] {
            let out = markdown_text(&format!("see [here]({dest}) and <{dest}>"));
            let links = Parser::new(&out)
                .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
                .count();
            let autolink_possible = !dest.contains(' ') && scheme(dest).is_some();
            let expected = if kept {
                1 + usize::from(autolink_possible)
            } else {
                0
            };
            assert_eq!(links, expected, "{dest}: {out}");
        }
    }

    #[test]
    fn the_hovers_own_link_cannot_be_imitated() {
        let own = vec!["file:///g/e.md".to_string()];
        let text = "[Open the glossary entry](https://evil.example)\n\n[elsewhere](file:///g/e.md) [x](file:///etc/passwd)";
        let out = inert(text, &own);
        let dests: Vec<String> = Parser::new(&out)
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(dests, ["file:///g/e.md"], "{out}");
    }

    #[test]
    fn titles_are_escaped() {
        assert_eq!(escape_inline("C++ *and* <T>"), "C++ \\*and\\* \\<T\\>");
    }
}
