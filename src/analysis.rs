//! One document's analysis: its prose, links, code blocks and glossary term
//! occurrences, kept current under edits.
//!
//! An edit re-scans only a window around it, cut where nothing the scan
//! produces can cross: in Markdown at a blank line followed by a line that
//! starts in column 0 (every container and paragraph is closed there), or
//! inside a paragraph with no markup at all (see [`Analysis::paragraph_window`]);
//! in plain text after a punctuation mark no glossary term contains,
//! followed by a space. When the window could change the structure around it (a code
//! fence, raw HTML that spans blank lines, front matter, link reference
//! definitions), the whole document is analysed again instead. Either way
//! the result is exactly what [`Analysis::new`] gives for the new text; the
//! tests compare the two over many edits.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag};

use crate::index::{DocKind, GlossaryIndex, Occurrence, Prose, Segment};
use crate::markdown::frontmatter;
use crate::markdown::prose::prose;
use crate::text::fold::Folded;
use crate::text::script::is_word_char;

/// A glossary index plus what the incremental scan needs to know about its
/// terms. Built once per glossary version, like the index itself.
#[derive(Debug)]
pub struct Scanner {
    index: Arc<GlossaryIndex>,
    /// Every character of every folded surface form.
    term_chars: HashSet<char>,
}

impl Scanner {
    pub fn new(index: Arc<GlossaryIndex>) -> Scanner {
        let mut term_chars = HashSet::new();
        for entry in index.glossary.entries() {
            for form in &entry.surface_forms {
                term_chars.extend(crate::text::fold::fold_term(form).chars());
            }
        }
        Scanner { index, term_chars }
    }

    pub fn index(&self) -> &Arc<GlossaryIndex> {
        &self.index
    }

    /// A character no term match can contain, and that no URL or shortcode
    /// rule cares about: plain-text windows are cut after one.
    fn is_barrier(&self, c: char) -> bool {
        if c.is_whitespace() || is_word_char(c) || matches!(c, '{' | '}' | '<' | '>') {
            return false;
        }
        let mut buf = [0u8; 4];
        let folded = Folded::new(c.encode_utf8(&mut buf), 0).text;
        !folded
            .chars()
            .any(|f| f == ' ' || self.term_chars.contains(&f))
    }
}

/// What the comments that switch glossary-ls off start with.
const DIRECTIVE: &str = "glossary-ls-disable";

/// How an edit was taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rescan {
    /// Only this range of the new text was analysed again.
    Window(Range<usize>),
    /// The whole document was analysed again.
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    text: String,
    kind: DocKind,
    prose: Prose,
    occurrences: Vec<Occurrence>,
    /// Markdown code blocks and HTML blocks, in order.
    blocks: Vec<Range<usize>>,
    front_matter: Option<Range<usize>>,
    /// Facts about the whole text that decide whether a window is safe.
    /// They change only through full analyses.
    has_definitions: bool,
    has_shortcodes: bool,
    /// A `glossary-ls-disable…` directive anywhere: its stretch can reach
    /// beyond any window.
    has_directives: bool,
    unclosed_front_matter: bool,
    /// Markdown only: the offsets of every byte that can make or change
    /// structure ([`is_marked`]), so that a stretch with none is known to be
    /// plain lines of one paragraph without reading it.
    marks: Vec<u32>,
}

/// An edit: `start..end` of the old text becomes `text`.
struct Replacement<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// A window to analyse again, in the old text: `start..end`. `joined_end`:
/// the window ends inside a paragraph, whose prose goes on across its end.
struct Window {
    start: usize,
    end: usize,
    joined_end: bool,
}

impl Window {
    /// A window between two cuts where everything ends.
    fn between(start: usize, end: usize) -> Option<Window> {
        Some(Window {
            start,
            end,
            joined_end: false,
        })
    }
}

impl Analysis {
    pub fn new(text: String, kind: DocKind, scanner: &Scanner) -> Analysis {
        let mut analysis = Analysis {
            text,
            kind,
            prose: Prose::default(),
            occurrences: Vec::new(),
            blocks: Vec::new(),
            front_matter: None,
            has_definitions: false,
            has_shortcodes: false,
            has_directives: false,
            unclosed_front_matter: false,
            marks: Vec::new(),
        };
        analysis.rescan(scanner);
        analysis
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn kind(&self) -> DocKind {
        self.kind
    }

    /// Prose segments and links; links are in document order.
    pub fn prose(&self) -> &Prose {
        &self.prose
    }

    /// Term occurrences in document order.
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }

    /// Markdown code and HTML blocks.
    pub fn blocks(&self) -> &[Range<usize>] {
        &self.blocks
    }

    pub fn front_matter(&self) -> Option<Range<usize>> {
        self.front_matter.clone()
    }

    /// Where the Markdown body starts: after the front matter.
    fn body_start(&self) -> usize {
        self.front_matter.as_ref().map_or(0, |r| r.end)
    }

    /// The occurrence under `offset`; the end of an occurrence counts, so
    /// that a cursor right after a word still finds it.
    pub fn occurrence_at(&self, offset: usize) -> Option<&Occurrence> {
        let after = self
            .occurrences
            .partition_point(|o| o.range.start <= offset);
        let candidate = self.occurrences.get(after.checked_sub(1)?)?;
        (offset <= candidate.range.end).then_some(candidate)
    }

    /// Inside front matter (delimiters included).
    pub fn in_front_matter(&self, offset: usize) -> bool {
        self.front_matter
            .as_ref()
            .is_some_and(|r| r.contains(&offset))
    }

    /// Inside a code or HTML block.
    pub fn in_block(&self, offset: usize) -> bool {
        let after = self.blocks.partition_point(|b| b.start < offset);
        after > 0 && self.blocks[after - 1].end > offset
    }

    /// Analyses the whole text again (after the glossary changed, say).
    pub fn rescan(&mut self, scanner: &Scanner) {
        let (block, problem) = match self.kind {
            DocKind::Markdown => frontmatter::locate(&self.text),
            DocKind::PlainText => (None, None),
        };
        self.unclosed_front_matter = block.is_none() && problem.is_some();
        self.front_matter = block.map(|b| b.range);
        self.prose = prose(&self.text, self.kind);
        sort_links(&mut self.prose);
        self.occurrences = scanner.index.scan(&self.text, &self.prose);
        self.blocks = match self.kind {
            DocKind::Markdown => {
                let start = self.body_start();
                blocks(&self.text[start..], start)
            }
            DocKind::PlainText => Vec::new(),
        };
        // Each flag matters (and is kept current) for one kind only.
        self.has_definitions = self.kind == DocKind::Markdown && self.text.contains("]:");
        self.has_shortcodes = self.kind == DocKind::PlainText && self.text.contains("{{");
        self.has_directives = self.kind == DocKind::Markdown && self.text.contains(DIRECTIVE);
        self.marks.clear();
        if self.kind == DocKind::Markdown {
            marks_in(&self.text, 0..self.text.len(), &mut self.marks);
        }
    }

    /// Replaces `range` of the text with `replacement` and brings the
    /// analysis up to date. The range is clamped to the text and moved to
    /// character boundaries.
    pub fn edit(&mut self, range: Range<usize>, replacement: &str, scanner: &Scanner) -> Rescan {
        let end = crate::text::floor_char_boundary(&self.text, range.end.min(self.text.len()));
        let start = crate::text::floor_char_boundary(&self.text, range.start.min(end));
        if start == end && replacement.is_empty() {
            return Rescan::Window(start..start);
        }
        let edit = Replacement {
            start,
            end,
            text: replacement,
        };
        let window = match self.kind {
            DocKind::Markdown => self.markdown_window(&edit, scanner),
            DocKind::PlainText => self.plain_window(&edit, scanner),
        };
        self.text.replace_range(start..end, replacement);
        let removed = end - start;
        let Some(window) = window else {
            self.rescan(scanner);
            return Rescan::Full;
        };
        let (s, old_e) = (window.start, window.end);
        let new_e = old_e - removed + replacement.len();
        if self.risky(&self.text[s..new_e]) {
            self.rescan(scanner);
            return Rescan::Full;
        }
        self.splice(s, old_e, new_e, window.joined_end, scanner);
        Rescan::Window(s..new_e)
    }

    /// Text whose presence in a window means the window may not be analysed
    /// on its own.
    fn risky(&self, window: &str) -> bool {
        match self.kind {
            DocKind::PlainText => window.contains("{{"),
            DocKind::Markdown => {
                // Fences and HTML blocks of kinds 1-5 may span blank lines;
                // reference definitions change links anywhere.
                // Directives switch off stretches beyond any window. A new
                // one lies on the lines of the edit, so in the window.
                self.has_directives
                    || window.contains(DIRECTIVE)
                    || window.contains("```")
                    || window.contains("~~~")
                    || window.contains("]:")
                    || window.contains("<!")
                    || window.contains("<?")
                    || (self.has_definitions && window.contains('['))
                    || ["<pre", "<script", "<style", "<textarea"]
                        .iter()
                        .any(|tag| contains_ignore_ascii_case(window, tag))
                    // The window is parsed as a document: it must not look
                    // like one that starts with front matter.
                    || window.starts_with("---")
                    || window.starts_with("+++")
                    || window.starts_with('{')
            }
        }
    }

    /// The window (old text) to re-scan for `edit`, or `None` when only a
    /// full analysis is safe.
    fn markdown_window(&self, edit: &Replacement, scanner: &Scanner) -> Option<Window> {
        let (a, b) = (edit.start, edit.end);
        let text = &self.text;
        if self.unclosed_front_matter {
            return None;
        }
        // Edits on the first line can open or close front matter.
        let first_line_end = text.find(['\n', '\r']).map_or(text.len(), |i| i + 1);
        let body = self.body_start();
        if a <= body.max(first_line_end) {
            return None;
        }
        if let Some(window) = self.paragraph_window(edit, scanner) {
            return Some(window);
        }
        let s = cut_before(text, a, body);
        // A window may not start inside a fence or HTML block that spans blank lines.
        if self.in_block(s) {
            return None;
        }
        let e = cut_after(text, b);
        if self.risky(&text[s..e]) {
            return None;
        }
        Window::between(s, e)
    }

    /// A window inside one paragraph, for an edit that leaves it plain.
    ///
    /// A paragraph is plain when no byte from its first line to the blank
    /// line (or end of text) after it is marked: every line starts with a
    /// letter (nothing interrupts it, it is no heading or table) and no
    /// inline markup can open in one line and close in another. There a
    /// line may be cut off from the one before when that one ends with a
    /// punctuation mark no term contains: no occurrence crosses it. Finding
    /// the window costs a binary search in the marks and a walk to the
    /// nearest such lines, whatever the paragraph's length.
    fn paragraph_window(&self, edit: &Replacement, scanner: &Scanner) -> Option<Window> {
        let (a, b) = (edit.start, edit.end);
        let text = &self.text;
        let bytes = text.as_bytes();
        let next = self.marks.partition_point(|&m| (m as usize) < a);
        // The paragraph starts after a blank line, outside any block (or
        // at the start of a text without front matter), ...
        let first = match next.checked_sub(1).map(|i| self.marks[i] as usize) {
            None if self.body_start() == 0 => 0,
            Some(q) if is_blank_line_break(bytes, q) && !self.in_block(q + 1) => q + 1,
            _ => return None,
        };
        // ... and ends at a blank line or at the end of the text.
        let end = match self.marks.get(next).map(|&m| m as usize) {
            None => text.len(),
            Some(p) if is_blank_line_break(bytes, p) => p,
            _ => return None,
        };
        let cuttable = |line: usize| {
            line >= 2
                && bytes[line - 1] == b'\n'
                && text[..line - 1].chars().next_back().is_some_and(|c| {
                    matches!(c, '.' | ',' | ';' | ':' | '?' | ')') && scanner.is_barrier(c)
                })
        };
        // The nearest cut before the edit, read from bytes before it.
        let mut s = line_start(text, a);
        while !(s < a && cuttable(s)) {
            if s <= first {
                return None;
            }
            s = line_start(text, s - 1);
        }
        // The nearest cut after it, read from bytes after it.
        let mut from = b;
        let e = loop {
            let line = next_line_start(text, from)?;
            if line >= end {
                return None;
            }
            if line >= b + 2 && cuttable(line) {
                break line;
            }
            from = line;
        };
        // The edit must leave the window plain.
        let mut window = String::with_capacity(e - s + edit.text.len());
        window.push_str(&text[s..a]);
        window.push_str(edit.text);
        window.push_str(&text[b..e]);
        let mut marks = Vec::new();
        marks_in(&window, 0..window.len(), &mut marks);
        marks.is_empty().then_some(Window {
            start: s,
            end: e,
            joined_end: true,
        })
    }

    fn plain_window(&self, edit: &Replacement, scanner: &Scanner) -> Option<Window> {
        let (a, b) = (edit.start, edit.end);
        if self.has_shortcodes {
            return None;
        }
        let text = &self.text;
        let mut s = 0;
        let mut after: Option<char> = None;
        for (i, c) in text[..a].char_indices().rev() {
            if let Some(w) = after
                && w.is_whitespace()
                && scanner.is_barrier(c)
            {
                s = i + c.len_utf8() + w.len_utf8();
                break;
            }
            after = Some(c);
        }
        let mut e = text.len();
        let mut chars = text[b..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if let Some(&(_, w)) = chars.peek()
                && w.is_whitespace()
                && scanner.is_barrier(c)
            {
                e = b + i + c.len_utf8() + w.len_utf8();
                break;
            }
        }
        if self.risky(&text[s..e]) {
            return None;
        }
        Window::between(s, e)
    }

    /// Analyses `s..new_e` of the new text alone and puts the result in
    /// place of what the old text had in `s..old_e`. `joined_end`: the
    /// window's last line break belongs to prose going on after it.
    fn splice(
        &mut self,
        s: usize,
        old_e: usize,
        new_e: usize,
        joined_end: bool,
        scanner: &Scanner,
    ) {
        let shift = |x: usize| x - old_e + new_e;
        let mut local = prose(&self.text[s..new_e], self.kind);
        sort_links(&mut local);
        if joined_end && let Some(last) = local.segments.last_mut() {
            // Alone, the window's last line ends its paragraph; in the
            // document, the line break is prose joined to the next line.
            last.range.end = new_e - s;
        }

        // Links, in document order: the ones in the window are replaced.
        let first_link = self.prose.links.partition_point(|l| l.range.start < s);
        let last_link = self.prose.links.partition_point(|l| l.range.start < old_e);
        let new_links = local.links.len();
        let moved = |link: u32| -> u32 {
            if (link as usize) < last_link {
                link
            } else {
                (link as usize - last_link + first_link + new_links) as u32
            }
        };
        let mut links = std::mem::take(&mut local.links);
        for link in &mut links {
            link.range = link.range.start + s..link.range.end + s;
        }
        for link in &mut self.prose.links[last_link..] {
            link.range = shift(link.range.start)..shift(link.range.end);
        }
        self.prose.links.splice(first_link..last_link, links);

        // Segments: split the ones crossing the window's edges (plain text
        // has one long segment), replace the inside, merge at the seams.
        let segments = &mut self.prose.segments;
        let first = segments.partition_point(|g| g.range.end <= s);
        let last = segments.partition_point(|g| g.range.start < old_e);
        let local_segments: Vec<Segment> = local
            .segments
            .into_iter()
            .map(|g| Segment {
                range: g.range.start + s..g.range.end + s,
                link: g.link.map(|l| l + first_link as u32),
            })
            .collect();
        let mut middle: Vec<Segment> = Vec::with_capacity(local_segments.len() + 2);
        if first < last && segments[first].range.start < s {
            let head = &segments[first];
            middle.push(Segment {
                range: head.range.start..s,
                link: head.link,
            });
        }
        middle.extend(local_segments.iter().cloned());
        if last > first && segments[last - 1].range.end > old_e {
            let tail = &segments[last - 1];
            middle.push(Segment {
                range: new_e..shift(tail.range.end),
                link: tail.link.map(moved),
            });
        }
        for segment in &mut segments[last..] {
            segment.range = shift(segment.range.start)..shift(segment.range.end);
            segment.link = segment.link.map(moved);
        }
        let inserted = middle.len();
        segments.splice(first..last, middle);
        merge_seams(
            segments,
            first.saturating_sub(1)..(first + inserted + 1).min(segments.len()),
        );

        // Holes (line prefixes inside segments) stay inside their paragraph.
        let local_holes: Vec<Range<usize>> =
            local.holes.iter().map(|h| h.start + s..h.end + s).collect();
        let first_hole = self.prose.holes.partition_point(|h| h.start < s);
        let last_hole = self.prose.holes.partition_point(|h| h.start < old_e);
        for hole in &mut self.prose.holes[last_hole..] {
            *hole = shift(hole.start)..shift(hole.end);
        }
        self.prose
            .holes
            .splice(first_hole..last_hole, local_holes.iter().cloned());
        // Occurrences: the window's segments are scanned against the whole
        // text, so that word boundaries see the characters around it.
        // Headings: the window's replace the ones that were in it.
        let first_heading = self.prose.headings.partition_point(|h| h.start < s);
        let last_heading = self.prose.headings.partition_point(|h| h.start < old_e);
        for heading in &mut self.prose.headings[last_heading..] {
            *heading = shift(heading.start)..shift(heading.end);
        }
        let local_headings: Vec<_> = local
            .headings
            .iter()
            .map(|h| h.start + s..h.end + s)
            .collect();
        self.prose
            .headings
            .splice(first_heading..last_heading, local_headings);
        let window = Prose {
            segments: local_segments,
            links: Vec::new(),
            holes: local_holes,
            ..Prose::default()
        };
        let found = scanner.index.scan_range(&self.text, &window, s..new_e);
        let first = self.occurrences.partition_point(|o| o.range.start < s);
        let last = self.occurrences.partition_point(|o| o.range.start < old_e);
        for occurrence in &mut self.occurrences[last..] {
            occurrence.range = shift(occurrence.range.start)..shift(occurrence.range.end);
            occurrence.link = occurrence.link.map(moved);
        }
        self.occurrences.splice(first..last, found);

        // Blocks.
        if self.kind == DocKind::Markdown {
            let local_blocks = blocks(&self.text[s..new_e], s);
            let first = self.blocks.partition_point(|b| b.start < s);
            let last = self.blocks.partition_point(|b| b.start < old_e);
            for block in &mut self.blocks[last..] {
                *block = shift(block.start)..shift(block.end);
            }
            self.blocks.splice(first..last, local_blocks);
            let mut local_marks = Vec::new();
            marks_in(&self.text, s..new_e, &mut local_marks);
            let first = self.marks.partition_point(|&m| (m as usize) < s);
            let last = self.marks.partition_point(|&m| (m as usize) < old_e);
            for mark in &mut self.marks[last..] {
                *mark = shift(*mark as usize) as u32;
            }
            self.marks.splice(first..last, local_marks);
        }
    }
}

/// Whether the byte at `i` can make or change Markdown structure: a line
/// that does not start with an ASCII letter (a blank line, an indented
/// line, any block marker), a lone `\r`, or a character inline markup is
/// made of.
fn is_marked(bytes: &[u8], i: usize) -> bool {
    let line_start = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r');
    (line_start && !bytes[i].is_ascii_alphabetic())
        || matches!(
            bytes[i],
            b'\r'
                | b'`'
                | b'*'
                | b'_'
                | b'~'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'&'
                | b'\\'
                | b'|'
                | b'{'
                | b'}'
        )
}

/// Appends the marked offsets inside `range` of `text`.
fn marks_in(text: &str, range: Range<usize>, out: &mut Vec<u32>) {
    let bytes = text.as_bytes();
    out.extend(range.filter(|&i| is_marked(bytes, i)).map(|i| i as u32));
}

/// Whether the marked byte at `i` is the break of a blank line.
fn is_blank_line_break(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\n'
}

/// Orders links by position and renumbers the segments that point at them,
/// so that a window's links can be spliced in as one run.
fn sort_links(prose: &mut Prose) {
    if prose
        .links
        .windows(2)
        .all(|w| w[0].range.start <= w[1].range.start)
    {
        return;
    }
    let mut order: Vec<usize> = (0..prose.links.len()).collect();
    order.sort_by_key(|&i| prose.links[i].range.start);
    let mut new_index = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new as u32;
    }
    let links = std::mem::take(&mut prose.links);
    let mut slots: Vec<Option<crate::index::Link>> = links.into_iter().map(Some).collect();
    prose.links = order.iter().filter_map(|&i| slots[i].take()).collect();
    for segment in &mut prose.segments {
        segment.link = segment.link.map(|l| new_index[l as usize]);
    }
}

/// Joins touching segments of the same link inside `range`.
fn merge_seams(segments: &mut Vec<Segment>, range: Range<usize>) {
    let mut i = range.start;
    let mut end = range.end.min(segments.len());
    while i + 1 < end {
        if segments[i].range.end == segments[i + 1].range.start
            && segments[i].link == segments[i + 1].link
        {
            segments[i].range.end = segments[i + 1].range.end;
            segments.remove(i + 1);
            end -= 1;
        } else {
            i += 1;
        }
    }
}

/// Code and HTML blocks of a Markdown body starting at `base`.
fn blocks(body: &str, base: usize) -> Vec<Range<usize>> {
    Parser::new_ext(body, crate::markdown::prose::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                Some(range.start + base..range.end + base)
            }
            _ => None,
        })
        .collect()
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// Start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = offset.min(bytes.len());
    // Between `\r` and `\n` is still the line of the `\r`.
    if i > 0 && i < bytes.len() && bytes[i] == b'\n' && bytes[i - 1] == b'\r' {
        i -= 1;
    }
    bytes[..i]
        .iter()
        .rposition(|&b| is_break(b))
        .map_or(0, |p| p + 1)
}

/// Start of the line after the one holding `offset`, if there is one.
fn next_line_start(text: &str, offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = offset + bytes.get(offset..)?.iter().position(|&b| is_break(b))?;
    Some(if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
        at + 2
    } else {
        at + 1
    })
}

/// Whether the line starting at `line` begins a block at the top level
/// whatever came before it: it starts in column 0 with a non-space, and
/// the line before it is blank. Returns the first byte the test read.
///
/// Only `\n` and `\r\n` count here: pulldown-cmark does not end an HTML
/// block at a blank line made by lone `\r`s, so those never make a cut.
fn cut_at(text: &str, line: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(line) {
        Some(b' ' | b'\t' | b'\n' | b'\r') | None => return None,
        Some(_) => {}
    }
    if line == 0 || bytes[line - 1] != b'\n' {
        return None;
    }
    let mut j = line - 1;
    if j > 0 && bytes[j - 1] == b'\r' {
        j -= 1;
    }
    while j > 0 && matches!(bytes[j - 1], b' ' | b'\t') {
        j -= 1;
    }
    match j {
        0 => Some(0),
        _ if bytes[j - 1] == b'\n' => Some(j - 1),
        _ => None,
    }
}

/// The nearest cut at or before the line holding `a`, read only from bytes
/// before `a`; the body's start is always one.
fn cut_before(text: &str, a: usize, body: usize) -> usize {
    let mut line = line_start(text, a);
    if line == a && a > 0 {
        line = line_start(text, a - 1);
    }
    loop {
        if line <= body {
            return body;
        }
        if line < a && cut_at(text, line).is_some() {
            return line;
        }
        line = line_start(text, line - 1);
    }
}

/// The nearest cut after `b` whose test reads only bytes from `b` on (so it
/// holds before and after the edit), or the end of the text.
fn cut_after(text: &str, b: usize) -> usize {
    let mut from = b;
    while let Some(line) = next_line_start(text, from) {
        if cut_at(text, line).is_some_and(|first| first >= b) {
            return line;
        }
        from = line;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_need_a_blank_line_and_column_zero() {
        let text = "a\n\nb\n  c\n\n  d\n\r\ne\r\rf";
        assert_eq!(cut_at(text, text.find('b').unwrap()), Some(1));
        assert_eq!(cut_at(text, text.find('c').unwrap() - 2), None);
        assert_eq!(
            cut_at(text, text.find('e').unwrap()),
            Some(text.find('d').unwrap() + 1)
        );
        assert_eq!(
            line_start(text, text.find('d').unwrap()),
            text.find('d').unwrap() - 2
        );
        assert_eq!(cut_at(text, text.find('f').unwrap()), None);
    }

    #[test]
    fn a_plain_paragraph_is_cut_at_lines_ending_with_punctuation() {
        let scanner = Scanner::new(crate::index::GlossaryIndex::new(
            crate::glossary::builtin::glossary(),
        ));
        let line = "deep learning and\nneural networks.\n";
        let text = format!("# Notes\n\n{}", line.repeat(2_000));
        let mut analysis = Analysis::new(text.clone(), DocKind::Markdown, &scanner);
        let at = text.len() / 2;
        let at = at - at % line.len() + 9; // the 10th byte of a line
        let how = analysis.edit(at..at, "x", &scanner);
        let Rescan::Window(window) = how else {
            panic!("{how:?}");
        };
        assert!(window.len() < 3 * line.len(), "{window:?}");
        let mut expected = text;
        expected.insert(at, 'x');
        assert_eq!(
            analysis,
            Analysis::new(expected, DocKind::Markdown, &scanner)
        );
        // Markup anywhere in the paragraph: the window is the paragraph.
        let how = analysis.edit(20..20, "*", &scanner);
        assert!(
            matches!(&how, Rescan::Window(w) if w.len() > 60_000),
            "{how:?}"
        );
        let how = analysis.edit(at..at + 1, "", &scanner);
        assert!(
            matches!(&how, Rescan::Window(w) if w.len() > 60_000),
            "{how:?}"
        );
    }

    #[test]
    fn line_starts_with_crlf_and_lone_cr() {
        let text = "ab\r\ncd\ref";
        assert_eq!(line_start(text, 3), 0);
        assert_eq!(line_start(text, 5), 4);
        assert_eq!(next_line_start(text, 0), Some(4));
        assert_eq!(next_line_start(text, 4), Some(7));
        assert_eq!(next_line_start(text, 7), None);
    }
}
