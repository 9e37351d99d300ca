//! The one place where byte offsets and LSP positions meet.
//!
//! The core speaks byte offsets into UTF-8 text; a client speaks lines and
//! columns counted in UTF-16 code units, or in bytes when it offered
//! `utf-8` in `general.positionEncodings` and we chose it. Lines end at
//! `\n`, `\r\n` or a lone `\r`: the three breaks LSP knows, and the three
//! ropey's `cr_lines` feature counts.
//!
//! Nothing here panics: offsets past the end, positions past a line's end
//! or past the last line, and columns inside a character (the middle of a
//! surrogate pair or of a UTF-8 sequence) are clamped to the nearest valid
//! place before them.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{self, Position, PositionEncodingKind};

use crate::text::LineIndex;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the LSP default, and what a client gets when it
    /// says nothing.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (we index bytes, so it costs nothing),
    /// otherwise the mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Text whose lines can be found quickly: a rope, or a string with its line index.
pub trait LineSource {
    fn len_bytes(&self) -> usize;
    /// At least one.
    fn line_count(&self) -> usize;
    /// Line holding `offset`, which must be `<= len_bytes()`.
    fn line_of(&self, offset: usize) -> usize;
    /// Start of `line`, which must be `< line_count()`.
    fn line_start(&self, line: usize) -> usize;
    /// End of `line` without its line break.
    fn line_content_end(&self, line: usize) -> usize;
    /// The largest char boundary at or below `offset` (`<= len_bytes()`).
    fn floor_boundary(&self, offset: usize) -> usize;
    /// The characters of `range` (on char boundaries), in order.
    fn chars_in(&self, range: Range<usize>) -> impl Iterator<Item = char>;
    /// How wide `range` (on char boundaries) is in `enc`'s units.
    fn width(&self, range: Range<usize>, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => range.end - range.start,
            Encoding::Utf16 => self.chars_in(range).map(|c| enc.width(c)).sum(),
        }
    }
}

impl LineSource for Rope {
    fn len_bytes(&self) -> usize {
        Rope::len_bytes(self)
    }

    fn line_count(&self) -> usize {
        self.len_lines()
    }

    fn line_of(&self, offset: usize) -> usize {
        self.byte_to_line(offset.min(Rope::len_bytes(self)))
    }

    fn line_start(&self, line: usize) -> usize {
        self.line_to_byte(line.min(self.len_lines()))
    }

    fn line_content_end(&self, line: usize) -> usize {
        let start = LineSource::line_start(self, line);
        let end = if line + 1 < self.len_lines() {
            self.line_to_byte(line + 1)
        } else {
            Rope::len_bytes(self)
        };
        end - break_len(start, end, |i| self.byte(i))
    }

    fn floor_boundary(&self, offset: usize) -> usize {
        let offset = offset.min(Rope::len_bytes(self));
        self.char_to_byte(self.byte_to_char(offset))
    }

    fn chars_in(&self, range: Range<usize>) -> impl Iterator<Item = char> {
        let start = self.byte_to_char(range.start);
        let end = self.byte_to_char(range.end.max(range.start));
        self.chars_at(start).take(end - start)
    }

    /// From the rope's counts, without reading the characters: a column
    /// far into a long line costs as much as one at its start.
    fn width(&self, range: Range<usize>, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => range.end - range.start,
            Encoding::Utf16 => {
                let units = |byte| self.char_to_utf16_cu(self.byte_to_char(byte));
                units(range.end.max(range.start)) - units(range.start)
            }
        }
    }
}

/// A string with its line starts, for text that is not in a rope (entry
/// files read from disk, the built-in glossary).
pub struct TextLines<'a> {
    text: &'a str,
    lines: LineIndex,
    /// Characters handed out by `chars_in`, so a test can show that a pass
    /// over the text reads each character once.
    #[cfg(test)]
    pub chars_read: std::cell::Cell<usize>,
}

impl<'a> TextLines<'a> {
    pub fn new(text: &'a str) -> Self {
        TextLines {
            text,
            lines: LineIndex::new(text),
            #[cfg(test)]
            chars_read: std::cell::Cell::new(0),
        }
    }
}

impl LineSource for TextLines<'_> {
    fn len_bytes(&self) -> usize {
        self.text.len()
    }

    fn line_count(&self) -> usize {
        self.lines.line_count()
    }

    fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(line)
    }

    fn line_content_end(&self, line: usize) -> usize {
        self.lines.line_range(self.text, line).end
    }

    fn floor_boundary(&self, offset: usize) -> usize {
        crate::text::floor_char_boundary(self.text, offset)
    }

    fn chars_in(&self, range: Range<usize>) -> impl Iterator<Item = char> {
        let chars = self
            .text
            .get(range.start..range.end.max(range.start))
            .unwrap_or("")
            .chars();
        #[cfg(test)]
        let chars = chars.inspect(|_| self.chars_read.set(self.chars_read.get() + 1));
        chars
    }
}

/// Bytes of the line break that ends `start..end`, read through `byte`.
fn break_len(start: usize, end: usize, byte: impl Fn(usize) -> u8) -> usize {
    if end == start {
        return 0;
    }
    match byte(end - 1) {
        b'\n' if end - start >= 2 && byte(end - 2) == b'\r' => 2,
        b'\n' | b'\r' => 1,
        _ => 0,
    }
}

/// The position of byte `offset`. An offset past the end is the end; one
/// inside a character or inside a `\r\n` is moved back to where it starts.
pub fn to_position(src: &impl LineSource, offset: usize, enc: Encoding) -> Position {
    let offset = src.floor_boundary(offset.min(src.len_bytes()));
    let line = src.line_of(offset);
    let start = src.line_start(line);
    let offset = offset.min(src.line_content_end(line));
    Position::new(saturate(line), saturate(src.width(start..offset, enc)))
}

/// The byte offset of `pos`. A line past the last is the end of the text;
/// a column past the line's end is the line's end (before its break); a
/// column inside a character is that character's start.
pub fn to_offset(src: &impl LineSource, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= src.line_count() {
        return src.len_bytes();
    }
    let start = src.line_start(line);
    let end = src.line_content_end(line);
    let wanted = pos.character as usize;
    let mut column = 0;
    let mut offset = start;
    for c in src.chars_in(start..end) {
        let width = enc.width(c);
        if column + width > wanted {
            break;
        }
        column += width;
        offset += c.len_utf8();
    }
    offset
}

pub fn to_range(src: &impl LineSource, range: Range<usize>, enc: Encoding) -> ls_types::Range {
    ls_types::Range::new(
        to_position(src, range.start, enc),
        to_position(src, range.end, enc),
    )
}

/// Byte range of an LSP range; a reversed range is read as empty at its start.
pub fn to_offsets(src: &impl LineSource, range: ls_types::Range, enc: Encoding) -> Range<usize> {
    let start = to_offset(src, range.start, enc);
    let end = to_offset(src, range.end, enc);
    start..end.max(start)
}

/// Positions of many offsets, each counted on from the one before when it
/// lies further along the same line. Converting a long line's tokens one
/// by one with [`to_position`] counts from the line's start every time
/// (quadratic in the line's length); in order, through a cursor, the line
/// is walked once.
#[derive(Debug, Default)]
pub struct Cursor {
    /// The last offset converted (clamped as `to_position` clamps it) and its position.
    last: Option<(usize, Position)>,
}

impl Cursor {
    /// The same answer as [`to_position`], for any offset in any order.
    pub fn position(&mut self, src: &impl LineSource, offset: usize, enc: Encoding) -> Position {
        let offset = src.floor_boundary(offset.min(src.len_bytes()));
        let line = src.line_of(offset);
        let offset = offset.min(src.line_content_end(line));
        let found = match self.last {
            Some((from, at)) if at.line as usize == line && from <= offset => {
                let more: usize = src.chars_in(from..offset).map(|c| enc.width(c)).sum();
                Position::new(at.line, saturate(at.character as usize + more))
            }
            _ => {
                let start = src.line_start(line);
                let column: usize = src.chars_in(start..offset).map(|c| enc.width(c)).sum();
                Position::new(saturate(line), saturate(column))
            }
        };
        self.last = Some((offset, found));
        found
    }

    pub fn range(
        &mut self,
        src: &impl LineSource,
        range: Range<usize>,
        enc: Encoding,
    ) -> ls_types::Range {
        let start = self.position(src, range.start, enc);
        ls_types::Range::new(start, self.position(src, range.end, enc))
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "",
        "plain ascii\nsecond line\n",
        "caf\u{e9} na\u{ef}ve r\u{e9}sum\u{e9}\n\u{c5}ngstr\u{f6}m",
        "\u{6df1}\u{5ea6}\u{5b66}\u{4e60}\u{306f}AI\u{3067}\u{3059}\n\u{4e2d}\u{6587}",
        "emoji \u{1f600} before Deep Learning \u{1f469}\u{200d}\u{1f52c}\n\u{1f600}",
        "crlf line\r\nsecond\r\n\r\nfourth",
        "lone cr\rsecond\r\rfourth\r",
        "mixed\r\n\u{1f600}\r\u{e9}\n",
    ];

    fn boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    /// An offset inside `\r\n` has no position of its own.
    fn inside_crlf(text: &str, i: usize) -> bool {
        i > 0
            && text.as_bytes().get(i - 1) == Some(&b'\r')
            && text.as_bytes().get(i) == Some(&b'\n')
    }

    #[test]
    fn a_cursor_answers_as_to_position_in_any_order() {
        for text in SAMPLES {
            let rope = Rope::from_str(text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let mut forward = Cursor::default();
                let mut backward = Cursor::default();
                for i in 0..=text.len() + 2 {
                    assert_eq!(forward.position(&rope, i, enc), to_position(&rope, i, enc));
                    let j = text.len() + 2 - i;
                    assert_eq!(backward.position(&rope, j, enc), to_position(&rope, j, enc));
                }
            }
        }
    }

    #[test]
    fn round_trips_every_boundary_in_both_encodings() {
        for text in SAMPLES {
            let rope = Rope::from_str(text);
            let lines = TextLines::new(text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                for i in boundaries(text) {
                    let pos = to_position(&rope, i, enc);
                    assert_eq!(
                        pos,
                        to_position(&lines, i, enc),
                        "rope and str disagree at {i} in {text:?}"
                    );
                    let back = to_offset(&rope, pos, enc);
                    assert_eq!(back, to_offset(&lines, pos, enc));
                    if inside_crlf(text, i) {
                        assert_eq!(back, i - 1, "{text:?} {i}");
                    } else {
                        assert_eq!(back, i, "{enc:?} {text:?} offset {i} -> {pos:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn columns_count_code_units() {
        let text = "a\u{e9}\u{1f600}\u{4e2d}x";
        let rope = Rope::from_str(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            to_position(&rope, x, Encoding::Utf16),
            Position::new(0, 1 + 1 + 2 + 1)
        );
        assert_eq!(
            to_position(&rope, x, Encoding::Utf8),
            Position::new(0, 1 + 2 + 4 + 3)
        );
    }

    #[test]
    fn line_breaks_are_the_three_lsp_knows() {
        let text = "a\r\nb\rc\nd\u{2028}e\u{85}f";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(
            to_position(&rope, text.find('d').unwrap(), Encoding::Utf16),
            Position::new(3, 0)
        );
        assert_eq!(
            to_position(&rope, text.find('f').unwrap(), Encoding::Utf16),
            Position::new(3, 4)
        );
    }

    #[test]
    fn clamps_instead_of_panicking() {
        for text in SAMPLES {
            let rope = Rope::from_str(text);
            let lines = TextLines::new(text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let end = to_position(&rope, text.len(), enc);
                assert_eq!(to_position(&rope, text.len() + 100, enc), end);
                assert_eq!(to_position(&lines, usize::MAX, enc), end);
                assert_eq!(
                    to_offset(&rope, Position::new(u32::MAX, 0), enc),
                    text.len()
                );
                assert_eq!(
                    to_offset(&lines, Position::new(9999, 9999), enc),
                    text.len()
                );
                for line in 0..rope.len_lines() {
                    let far = to_offset(&rope, Position::new(line as u32, u32::MAX), enc);
                    assert_eq!(far, rope.line_content_end(line));
                    assert_eq!(
                        far,
                        to_offset(&lines, Position::new(line as u32, u32::MAX), enc)
                    );
                }
            }
        }
    }

    #[test]
    fn columns_inside_a_character_fall_back_to_its_start() {
        let text = "x\u{1f600}y";
        let rope = Rope::from_str(text);
        // Column 2 is between the two halves of the surrogate pair.
        assert_eq!(to_offset(&rope, Position::new(0, 2), Encoding::Utf16), 1);
        assert_eq!(to_offset(&rope, Position::new(0, 3), Encoding::Utf16), 5);
        // Byte columns 2..4 are inside the emoji's UTF-8 sequence.
        assert_eq!(to_offset(&rope, Position::new(0, 3), Encoding::Utf8), 1);
        assert_eq!(to_position(&rope, 3, Encoding::Utf16), Position::new(0, 1));
    }

    #[test]
    fn ranges_and_reversed_ranges() {
        let text = "one\r\ntwo \u{1f600} three";
        let rope = Rope::from_str(text);
        let start = text.find("three").unwrap();
        let range = to_range(&rope, start..text.len(), Encoding::Utf16);
        assert_eq!(
            range,
            ls_types::Range::new(Position::new(1, 7), Position::new(1, 12))
        );
        assert_eq!(to_offsets(&rope, range, Encoding::Utf16), start..text.len());
        let reversed = ls_types::Range::new(range.end, range.start);
        assert_eq!(
            to_offsets(&rope, reversed, Encoding::Utf16),
            text.len()..text.len()
        );
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
    }
}
