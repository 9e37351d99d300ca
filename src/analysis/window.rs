//! Where an edit's re-scan window starts and ends: cuts at a blank line
//! before a line in column 0, lines inside a plain paragraph, and in plain
//! text punctuation followed by a space; and when no window is safe.

use std::ops::Range;

use super::{Analysis, DIRECTIVE, Scanner};
use crate::index::DocKind;

/// An edit: `start..end` of the old text becomes `text`.
pub(super) struct Replacement<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// A window to analyse again, in the old text: `start..end`. `joined_end`:
/// the window ends inside a paragraph, whose prose goes on across its end.
pub(super) struct Window {
    pub start: usize,
    pub end: usize,
    pub joined_end: bool,
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
    /// Text whose presence in a window means the window may not be analysed
    /// on its own.
    pub(super) fn risky(&self, window: &str) -> bool {
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
    pub(super) fn markdown_window(&self, edit: &Replacement, scanner: &Scanner) -> Option<Window> {
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

    pub(super) fn plain_window(&self, edit: &Replacement, scanner: &Scanner) -> Option<Window> {
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
pub(super) fn marks_in(text: &str, range: Range<usize>, out: &mut Vec<u32>) {
    let bytes = text.as_bytes();
    out.extend(range.filter(|&i| is_marked(bytes, i)).map(|i| i as u32));
}

/// Whether the marked byte at `i` is the break of a blank line.
fn is_blank_line_break(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\n'
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
    fn line_starts_with_crlf_and_lone_cr() {
        let text = "ab\r\ncd\ref";
        assert_eq!(line_start(text, 3), 0);
        assert_eq!(line_start(text, 5), 4);
        assert_eq!(next_line_start(text, 0), Some(4));
        assert_eq!(next_line_start(text, 4), Some(7));
        assert_eq!(next_line_start(text, 7), None);
    }
}
