//! Case and punctuation folding shared by patterns and scanned text.
//!
//! Both sides go through the same function, so a term matches whatever
//! case, dash or quote style a writer used. The folded text keeps, for each
//! of its bytes, the byte offset of the source character it came from, so a
//! match in folded text maps back to the exact source range.

/// Folded text plus the source offset of each folded byte.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    pub text: String,
    starts: Vec<u32>,
}

impl Folded {
    /// Folds `src`; `base` is added to every recorded offset.
    pub fn new(src: &str, base: usize) -> Self {
        Folded::with_holes(src, base, &[])
    }

    /// Folds `src`, reading the bytes inside `holes` (absolute ranges, sorted)
    /// as spaces: the `> ` and indentation that continue a quote or list item
    /// on the next line.
    pub fn with_holes(src: &str, base: usize, holes: &[std::ops::Range<usize>]) -> Self {
        let mut folded = Folded {
            text: String::with_capacity(src.len()),
            starts: Vec::with_capacity(src.len()),
        };
        folded.push_str(src, base, holes);
        folded
    }

    fn push_str(&mut self, src: &str, base: usize, holes: &[std::ops::Range<usize>]) {
        fold_each(src, base, holes, |c, offset| {
            self.push_char(c, offset as u32)
        });
    }

    fn push_char(&mut self, c: char, offset: u32) {
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.starts.push(offset);
        }
    }

    /// The same text without the single spaces that sit between two ASCII
    /// letters (`data center` -> `datacenter`), offsets kept.
    pub fn without_inner_spaces(&self) -> Folded {
        let bytes = self.text.as_bytes();
        let mut out = Folded {
            text: String::with_capacity(self.text.len()),
            starts: Vec::with_capacity(self.starts.len()),
        };
        let mut from = 0;
        for i in 1..bytes.len().saturating_sub(1) {
            if bytes[i] == b' '
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes[i + 1].is_ascii_alphabetic()
            {
                out.text.push_str(&self.text[from..i]);
                out.starts.extend_from_slice(&self.starts[from..i]);
                from = i + 1;
            }
        }
        out.text.push_str(&self.text[from..]);
        out.starts.extend_from_slice(&self.starts[from..]);
        out
    }

    /// Source offset of the character that produced folded byte `i`.
    pub fn source_start(&self, i: usize) -> usize {
        self.starts[i] as usize
    }

    /// Source range of the folded range `start..end` (`end > start`).
    pub fn source_range(&self, src: &str, base: usize, start: usize, end: usize) -> (usize, usize) {
        let s = self.source_start(start);
        let last = self.source_start(end - 1);
        let width = src[last - base..].chars().next().map_or(0, char::len_utf8);
        (s, last + width)
    }
}

/// Folds a term the way scanned text is folded, trimmed of outer spaces.
pub fn fold_term(term: &str) -> String {
    let term = term.trim();
    if term.is_ascii() {
        return fold_ascii_term(term);
    }
    let mut out = String::with_capacity(term.len());
    fold_each(term, 0, &[], |c, _| out.push(c));
    out.truncate(out.trim_end().len());
    if out.starts_with(' ') {
        out.remove(0);
    }
    out
}

/// [`fold_term`] of an ASCII term, byte by byte: the same result without
/// the general path's per-character work (a million-name glossary folds
/// every name twice while it loads).
fn fold_ascii_term(term: &str) -> String {
    let mut out = Vec::with_capacity(term.len());
    let mut last_space = true;
    for &b in term.as_bytes() {
        if b == b'-' || (b as char).is_whitespace() {
            if !last_space {
                out.push(b' ');
            }
            last_space = true;
        } else {
            out.push(b.to_ascii_lowercase());
            last_space = false;
        }
    }
    if out.last() == Some(&b' ') {
        out.pop();
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// The folding itself: calls `emit` with each folded character and the
/// source offset (plus `base`) of the character it came from.
fn fold_each(
    src: &str,
    base: usize,
    mut holes: &[std::ops::Range<usize>],
    mut emit: impl FnMut(char, usize),
) {
    let mut last_space = false;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let offset = base + i;
        // A word-final katakana long-vowel mark is written or left out by
        // convention (`クラスター`, `クラスタ`): the same word either way.
        if c == '\u{30FC}' && !chars.peek().is_some_and(|&(_, n)| is_katakana(n)) {
            continue;
        }
        while holes.first().is_some_and(|h| h.end <= offset) {
            holes = &holes[1..];
        }
        let in_hole = holes.first().is_some_and(|h| h.start <= offset);
        if in_hole || is_space_like(c) {
            if !last_space {
                emit(' ', offset);
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if c.is_ascii() {
            emit(c.to_ascii_lowercase(), offset);
        } else if let Some(mapped) = fold_punctuation(c) {
            emit(mapped, offset);
        } else {
            for lower in c.to_lowercase() {
                // Final sigma folds to sigma, as in Unicode case folding.
                emit(if lower == 'ς' { 'σ' } else { lower }, offset);
            }
        }
    }
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}')
}

/// Whitespace and dashes all fold to one space: `socio-technical` and
/// `socio technical` are the same term.
fn is_space_like(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                | '\u{2011}'
                | '\u{2012}'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{2015}'
                | '\u{2212}'
        )
}

fn fold_punctuation(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_dashes_quotes_and_spaces() {
        let f = Folded::new("Socio\u{2013}Technical  Network\u{2019}s", 0);
        assert_eq!(f.text, "socio technical network's");
    }

    #[test]
    fn ascii_terms_fold_as_the_general_path_folds_them() {
        // Every string of up to five characters over an alphabet of the
        // cases the fast path handles.
        let alphabet = ['a', 'B', ' ', '-', '\t', '\u{b}', '.', '\n'];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        for s in strings {
            let mut general = String::new();
            fold_each(s.trim(), 0, &[], |c, _| general.push(c));
            general.truncate(general.trim_end().len());
            if general.starts_with(' ') {
                general.remove(0);
            }
            assert_eq!(fold_term(&s), general, "{s:?}");
        }
    }

    #[test]
    fn a_final_katakana_long_vowel_mark_is_optional() {
        assert_eq!(fold_term("サーバー"), fold_term("サーバ"));
        assert_ne!(fold_term("サーバー"), fold_term("サバ"));
        let src = "サーバーの";
        let f = Folded::new(src, 0);
        assert_eq!(f.text, "サーバの");
    }

    #[test]
    fn maps_back_to_source_offsets() {
        let src = "Ünïcode  AI";
        let f = Folded::new(src, 10);
        let at = f.text.find("ai").unwrap();
        let (s, e) = f.source_range(src, 10, at, at + 2);
        assert_eq!(&src[s - 10..e - 10], "AI");
    }

    #[test]
    fn expanding_lowercase_keeps_offsets() {
        let src = "İx";
        let f = Folded::new(src, 0);
        let at = f.text.find('x').unwrap();
        assert_eq!(f.source_start(at), "İ".len());
    }
}
