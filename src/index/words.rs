//! Matching names made of plain words one word at a time.
//!
//! Most names are ASCII words separated by single spaces (`data center`).
//! For those, each distinct word gets an id, and a name is its words' ids:
//! the Aho-Corasick automaton runs over the ids of the text's words instead
//! of its bytes, so it has about one state per word of a name instead of one
//! per byte (seven times fewer on a generated million-term glossary), and
//! builds that much faster. The automaton holds every name but its last
//! word; the last word is looked up in a table keyed by what came before,
//! once for each way the text's word can end in a plural or `y` ending, so
//! `policies` finds `policy` as the byte automaton found its `polic` stem.
//!
//! The candidates are the byte automaton's for these names, restricted to
//! the ones that start and end where a word can (every other one fails the
//! word-boundary checks that follow): the same checks then decide.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::text::fold::Folded;
use crate::text::hash::FastMap;

/// Word ids are written in the automaton's alphabet as three bytes, the
/// first with its high bit set, so that a name can only match at a word.
const MAX_WORDS: u32 = 1 << 21;
/// Between two words not separated by exactly one space.
const BREAK: u8 = 0;
/// The table's key for a name of one word: nothing before it.
const NO_PREFIX: u32 = u32::MAX;

/// The endings the matcher accepts after a name's last word (plural `s` and
/// `es`, and `y` or `ies` after a stem that left its `y` off): the text's
/// word is its stem plus one of these.
const ENDINGS: [&[u8]; 5] = [b"", b"s", b"es", b"y", b"ies"];

/// Whether a folded name is plain words: ASCII letters and digits, single
/// spaces between them.
pub fn is_plain_words(folded: &str) -> bool {
    !folded.is_empty()
        && folded
            .split(' ')
            .all(|w| !w.is_empty() && w.bytes().all(is_word_byte))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// The names of plain words, by word.
#[derive(Debug, Default)]
pub struct WordMatcher {
    ids: FastMap<Box<[u8]>, u32>,
    /// Every distinct run of words that some name has before its last word.
    prefixes: Option<AhoCorasick>,
    /// (prefix number or [`NO_PREFIX`], last word) -> the caller's pattern.
    last: FastMap<(u32, u32), u32>,
    /// The most words a name has.
    longest: usize,
}

/// A word of folded text: its bytes, and whether exactly one space
/// separates it from the word before.
struct Word {
    start: usize,
    end: usize,
    follows: bool,
}

/// Builds a [`WordMatcher`] from names given one by one.
#[derive(Default)]
pub struct WordPatterns {
    ids: FastMap<Box<[u8]>, u32>,
    prefix_numbers: FastMap<Vec<u32>, u32>,
    prefixes: Vec<Vec<u8>>,
    last: FastMap<(u32, u32), u32>,
    longest: usize,
}

/// What became of a name given to [`WordPatterns::add`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    /// The same words were added before; the first pattern keeps them.
    Repeat,
    /// The vocabulary is full: the name must be matched some other way.
    Full,
}

impl WordPatterns {
    /// Takes `folded` (plain words, see [`is_plain_words`]) as pattern
    /// `pattern`.
    pub fn add(&mut self, folded: &str, pattern: u32) -> Added {
        let mut ids: Vec<u32> = Vec::with_capacity(4);
        for word in folded.split(' ') {
            let id = match self.ids.get(word.as_bytes()) {
                Some(&id) => id,
                None if self.ids.len() < MAX_WORDS as usize => {
                    let id = self.ids.len() as u32;
                    self.ids.insert(word.as_bytes().into(), id);
                    id
                }
                // The vocabulary is full; words added before stay, unused.
                None => return Added::Full,
            };
            ids.push(id);
        }
        self.longest = self.longest.max(ids.len());
        let (last, before) = ids.split_last().expect("a name has a word");
        let prefix = if before.is_empty() {
            NO_PREFIX
        } else if let Some(&n) = self.prefix_numbers.get(before) {
            n
        } else {
            let n = self.prefixes.len() as u32;
            let mut encoded = Vec::with_capacity(before.len() * 3);
            for &id in before {
                encoded.extend_from_slice(&code(id));
            }
            self.prefixes.push(encoded);
            self.prefix_numbers.insert(before.to_vec(), n);
            n
        };
        match self.last.entry((prefix, *last)) {
            std::collections::hash_map::Entry::Occupied(_) => Added::Repeat,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(pattern);
                Added::New
            }
        }
    }

    pub fn build(self) -> WordMatcher {
        let prefixes = (!self.prefixes.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&self.prefixes)
                    .ok()
            })
            .flatten();
        let mut last = self.last;
        last.shrink_to_fit();
        let mut ids = self.ids;
        ids.shrink_to_fit();
        WordMatcher {
            ids,
            prefixes,
            last,
            longest: self.longest,
        }
    }
}

fn code(id: u32) -> [u8; 3] {
    [
        0x80 | ((id >> 14) & 0x7F) as u8,
        ((id >> 7) & 0x7F) as u8,
        (id & 0x7F) as u8,
    ]
}

impl WordMatcher {
    /// About how many heap bytes the matcher holds (tables and automaton).
    pub fn heap_bytes(&self) -> usize {
        let words: usize = self.ids.keys().map(|w| w.len()).sum();
        self.ids.capacity() * (std::mem::size_of::<(Box<[u8]>, u32)>() + 1)
            + words
            + self.last.capacity() * (std::mem::size_of::<((u32, u32), u32)>() + 1)
            + self.prefixes.as_ref().map_or(0, AhoCorasick::memory_usage)
    }

    pub fn is_empty(&self) -> bool {
        self.last.is_empty()
    }

    /// Calls `found(start, end, pattern)` with folded byte ranges of the
    /// text where a name of plain words may be: starting at a word, ending
    /// at a word's end or before one of the [`ENDINGS`].
    pub fn find(&self, folded: &Folded, mut found: impl FnMut(usize, usize, u32)) {
        if self.is_empty() {
            return;
        }
        let (words, gaps) = words_of(folded);
        if gaps {
            self.find_around_gaps(folded, found);
            return;
        }
        let text = folded.text.as_bytes();
        // The ids of each word's stems, by ending.
        let stems = |w: &Word| {
            let bytes = &text[w.start..w.end];
            ENDINGS.iter().filter_map(move |ending| {
                let stem = bytes.strip_suffix(*ending).filter(|s| !s.is_empty())?;
                self.ids.get(stem).map(|&id| (stem.len(), id))
            })
        };
        for w in &words {
            for (len, id) in stems(w) {
                if let Some(&p) = self.last.get(&(NO_PREFIX, id)) {
                    found(w.start, w.start + len, p);
                }
            }
        }
        let Some(prefixes) = &self.prefixes else {
            return;
        };
        // The text as word ids; `at[i]` is the word whose code holds byte i.
        let mut symbols = Vec::with_capacity(words.len() * 3);
        let mut at: Vec<u32> = Vec::with_capacity(words.len() * 3);
        for (i, w) in words.iter().enumerate() {
            if !w.follows {
                symbols.push(BREAK);
                at.push(u32::MAX);
            }
            match self.ids.get(&text[w.start..w.end]) {
                Some(&id) => {
                    symbols.extend_from_slice(&code(id));
                    at.extend_from_slice(&[i as u32; 3]);
                }
                None => {
                    symbols.push(BREAK);
                    at.push(u32::MAX);
                }
            }
        }
        for m in prefixes.find_overlapping_iter(symbols.as_slice()) {
            let first = &words[at[m.start()] as usize];
            let Some(next) = words.get(at[m.end() - 1] as usize + 1) else {
                continue;
            };
            if !next.follows {
                continue;
            }
            let prefix = m.pattern().as_u32();
            for (len, id) in stems(next) {
                if let Some(&p) = self.last.get(&(prefix, id)) {
                    found(first.start, next.start + len, p);
                }
            }
        }
    }
}

impl WordMatcher {
    /// [`WordMatcher::find`] for text where folding left characters out
    /// inside words (a katakana long-vowel mark before a Latin letter): a
    /// name may start or end at such a place, or run over it. Rare, so each
    /// stretch of plain words between possible starts and ends is looked up.
    fn find_around_gaps(&self, folded: &Folded, mut found: impl FnMut(usize, usize, u32)) {
        let text = folded.text.as_bytes();
        let word = |i: usize| text.get(i).copied().is_some_and(is_word_byte);
        let starts: Vec<usize> = (0..text.len())
            .filter(|&i| word(i) && (i == 0 || !word(i - 1) || is_gap(folded, i)))
            .collect();
        let ends: Vec<usize> = (1..=text.len())
            .filter(|&i| word(i - 1) && (!word(i) || is_gap(folded, i)))
            .collect();
        for &from in &starts {
            for &to in ends.iter().filter(|&&to| to > from) {
                let span = &text[from..to];
                let spaces = span.iter().filter(|&&b| b == b' ').count();
                if spaces + 1 > self.longest
                    || span.windows(2).any(|w| w == b"  ")
                    || !span.iter().all(|&b| is_word_byte(b) || b == b' ')
                {
                    break;
                }
                for ending in ENDINGS {
                    let Some(name) = span.strip_suffix(ending) else {
                        continue;
                    };
                    if name.last().is_some_and(|&b| is_word_byte(b))
                        && let Some(p) = self.lookup(name)
                    {
                        found(from, from + name.len(), p);
                    }
                }
            }
        }
    }

    /// The pattern a run of plain words is, if any.
    fn lookup(&self, name: &[u8]) -> Option<u32> {
        let ids: Vec<u32> = name
            .split(|&b| b == b' ')
            .map(|w| self.ids.get(w).copied())
            .collect::<Option<_>>()?;
        let (last, before) = ids.split_last()?;
        let prefix = if before.is_empty() {
            NO_PREFIX
        } else {
            let encoded: Vec<u8> = before.iter().flat_map(|&id| code(id)).collect();
            let prefixes = self.prefixes.as_ref()?;
            let whole = prefixes
                .find_overlapping_iter(encoded.as_slice())
                .find(|m| m.start() == 0 && m.end() == encoded.len())?;
            whole.pattern().as_u32()
        };
        self.last.get(&(prefix, *last)).copied()
    }
}

/// The runs of ASCII letters and digits of folded text, and whether one of
/// them runs over a character of the source that folding left out (a name
/// may start or end there).
fn words_of(folded: &Folded) -> (Vec<Word>, bool) {
    let text = folded.text.as_bytes();
    let mut words: Vec<Word> = Vec::new();
    let mut gaps = false;
    let mut i = 0;
    while i < text.len() {
        if !is_word_byte(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < text.len() && is_word_byte(text[i]) {
            gaps |= is_gap(folded, i);
            i += 1;
        }
        let follows = words
            .last()
            .is_some_and(|w| w.end + 1 == start && text[w.end] == b' ');
        words.push(Word {
            start,
            end: i,
            follows,
        });
    }
    (words, gaps)
}

/// Whether the source skips a character between folded bytes `i - 1` and
/// `i` (both ASCII, so one source byte each unless they were not ASCII).
fn is_gap(folded: &Folded, i: usize) -> bool {
    folded.source_start(i) != folded.source_start(i - 1) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(names: &[&str]) -> WordMatcher {
        let mut patterns = WordPatterns::default();
        for (i, name) in names.iter().enumerate() {
            assert_eq!(patterns.add(name, i as u32), Added::New);
        }
        patterns.build()
    }

    fn found(m: &WordMatcher, text: &str) -> Vec<(String, u32)> {
        let folded = Folded::new(text, 0);
        let mut out = Vec::new();
        m.find(&folded, |s, e, p| {
            out.push((folded.text[s..e].to_string(), p))
        });
        out.sort();
        out
    }

    #[test]
    fn names_are_found_word_by_word_with_their_endings() {
        let m = matcher(&["data center", "polic", "node", "load balancer"]);
        let names = |v: &[(&str, u32)]| {
            v.iter()
                .map(|(s, p)| (s.to_string(), *p))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found(&m, "Data centers, policies and a node; load  balancer."),
            names(&[
                ("data center", 0),
                ("load balancer", 3),
                ("node", 2),
                ("polic", 1)
            ])
        );
        // `polic` stands for `policy`: `y` and `ies` end it, `s` too here
        // (the boundary checks after this decide).
        assert_eq!(found(&m, "policy"), names(&[("polic", 1)]));
    }

    #[test]
    fn a_word_between_breaks_the_name() {
        let m = matcher(&["data center"]);
        assert!(found(&m, "data, center").is_empty());
        assert!(found(&m, "data big center").is_empty());
        assert!(found(&m, "bigdata center").is_empty());
    }

    #[test]
    fn plain_words_only() {
        assert!(is_plain_words("data center 2"));
        assert!(!is_plain_words("c++"));
        assert!(!is_plain_words("café"));
        assert!(!is_plain_words("a  b"));
        assert!(!is_plain_words(""));
    }
}
