//! One document's analysis: its prose, links, code blocks and glossary term
//! occurrences, kept current under edits.
//!
//! An edit re-scans only a window around it, cut where nothing the scan
//! produces can cross: in Markdown at a blank line followed by a line that
//! starts in column 0 (every container and paragraph is closed there), or
//! inside a paragraph with no markup at all (see `window.rs`);
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

mod window;

use window::{Replacement, marks_in};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
