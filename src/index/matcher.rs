//! The term matcher: one Aho-Corasick automaton over the folded surface
//! forms of every entry, with word boundaries, inflections and acronym case
//! checked on each candidate against the original text.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::glossary::{EntryId, Glossary};
use crate::text::fold::{Folded, fold_term};
use crate::text::forms::is_case_sensitive;
use crate::text::script::{is_unspaced, joins};

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone)]
struct Pattern {
    entry: EntryId,
    /// For acronyms: the letters as they must be written.
    exact_letters: Option<Box<str>>,
    /// The form ends in consonant + `y` and the pattern leaves the `y` off,
    /// so that `policy` and `policies` are one pattern.
    y_stem: bool,
}

/// A candidate accepted by the boundary rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: EntryId,
}

#[derive(Debug)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    pub fn build(glossary: &Glossary) -> Matcher {
        Matcher::from_forms(
            glossary
                .entries()
                .iter()
                .map(|e| e.surface_forms.as_slice()),
        )
    }

    /// The matcher over each entry's surface forms, entries in id order.
    pub fn from_forms<'a>(forms: impl Iterator<Item = &'a [String]>) -> Matcher {
        let mut strings: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (id, entry_forms) in forms.enumerate() {
            for form in entry_forms {
                let mut folded = fold_term(form);
                if folded.is_empty() {
                    continue;
                }
                let exact = is_case_sensitive(form);
                let y_stem = !exact && ends_in_consonant_y(&folded);
                if y_stem {
                    folded.pop();
                }
                if seen.contains_key(&folded) {
                    // Duplicates are reported by the glossary; the first entry keeps the form.
                    continue;
                }
                seen.insert(folded.clone(), strings.len());
                strings.push(folded);
                patterns.push(Pattern {
                    entry: id as EntryId,
                    exact_letters: exact.then(|| letters(form).into()),
                    y_stem,
                });
            }
        }
        let automaton = if strings.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&strings)
                .ok()
        };
        Matcher {
            automaton,
            patterns,
        }
    }

    /// Number of patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Leftmost-longest valid terms inside `range` of `text`. Boundaries are
    /// checked against the characters around the range as well.
    pub fn find(
        &self,
        text: &str,
        range: Range<usize>,
        holes: &[Range<usize>],
        buffer: &mut Folded,
        hits: &mut Vec<Hit>,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        *buffer = Folded::with_holes(&text[range.clone()], range.start, holes);
        let mut candidates: Vec<Hit> = Vec::new();
        for m in automaton.find_overlapping_iter(buffer.text.as_str()) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            let (start, end) = buffer.source_range(text, 0, m.start(), m.end());
            if let Some(end) = self.accept(text, range.end, start, end, pattern) {
                candidates.push(Hit {
                    start,
                    end,
                    entry: pattern.entry,
                });
            }
        }
        candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut last_end = 0;
        for hit in candidates {
            if hit.start >= last_end {
                last_end = hit.end;
                hits.push(hit);
            }
        }
    }

    /// Checks a candidate; returns its end with any plural suffix.
    fn accept(
        &self,
        text: &str,
        limit: usize,
        start: usize,
        end: usize,
        pattern: &Pattern,
    ) -> Option<usize> {
        let first = text[start..].chars().next()?;
        if let Some(before) = text[..start].chars().next_back()
            && joins(before, first)
        {
            return None;
        }
        if let Some(letters_as_written) = &pattern.exact_letters
            && letters(&text[start..end]) != **letters_as_written
        {
            return None;
        }
        let rest = &text[end..limit];
        let mut stem_end = end;
        if pattern.y_stem {
            stem_end += match rest.as_bytes().first() {
                Some(b'y' | b'Y') => 1,
                _ if starts_with_ignore_case(rest, "ies") => 3,
                _ => return None,
            };
        }
        // A possessive needs nothing here: the apostrophe already ends the word.
        let last = text[..stem_end].chars().next_back()?;
        let rest = &text[stem_end..limit];
        let mut suffixes: Vec<usize> = Vec::with_capacity(2);
        if !pattern.y_stem && !is_unspaced(last) {
            if pattern.exact_letters.is_some() {
                if rest.starts_with('s') {
                    suffixes.push(1);
                }
            } else if starts_with_ignore_case(rest, "s") {
                suffixes.push(1);
            } else if starts_with_ignore_case(rest, "es")
                && ends_in_sibilant(&text[start..stem_end])
            {
                suffixes.push(2);
            }
        }
        suffixes.push(0);
        for suffix in suffixes {
            let word_end = stem_end + suffix;
            let last = text[..word_end].chars().next_back()?;
            match text[word_end..].chars().next() {
                Some(next) if joins(last, next) => continue,
                _ => return Some(word_end),
            }
        }
        None
    }
}

fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn ends_in_consonant_y(folded: &str) -> bool {
    let last_word = folded.rsplit(' ').next().unwrap_or(folded);
    let bytes = last_word.as_bytes();
    bytes.len() >= 4
        && bytes.ends_with(b"y")
        && bytes[..bytes.len() - 1].iter().all(u8::is_ascii_lowercase)
        && !matches!(
            bytes[bytes.len() - 2],
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        )
}

fn ends_in_sibilant(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|s| lower.ends_with(s))
}
