//! The term matcher: one Aho-Corasick automaton over the folded surface
//! forms of every entry, with word boundaries, inflections and acronym case
//! checked on each candidate against the original text.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::words::{Added, WordMatcher, WordPatterns, is_plain_words};
use crate::text::hash::FastSet;

use crate::glossary::{EntryId, Glossary};
use crate::text::fold::{Folded, fold_term};
use crate::text::forms::is_case_sensitive;
use crate::text::forms::singular;
use crate::text::script::{ends_word, is_unspaced, starts_word};

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone)]
struct Pattern {
    entry: EntryId,
    /// For acronyms: the letters as they must be written.
    exact_letters: Option<Box<str>>,
    /// The form ends in consonant + `y` and the pattern leaves the `y` off,
    /// so that `policy` and `policies` are one pattern.
    y_stem: bool,
    /// For an avoided variant: its index in the entry's `avoid` list.
    avoided: Option<u16>,
    /// A name kept out of matching (`match: false`, `match.ignore`): never
    /// reported, but a shorter name inside it is not either.
    blocks_only: bool,
}

/// A candidate accepted by the boundary rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: EntryId,
    /// The avoided variant (index in the entry's `avoid` list) the text is.
    pub avoided: Option<u16>,
    /// Found only to keep shorter names out of it; never reported.
    pub blocks_only: bool,
}

/// What the matcher knows of an entry besides its names: the variants to
/// avoid, whether they keep their letter case, and whether the names are
/// found only as written.
#[derive(Debug, Clone, Copy, Default)]
pub struct AvoidedForms<'a> {
    pub variants: &'a [String],
    pub exact_case: bool,
    /// Names (and names kept out of matching) only as written, letter case
    /// included, as MkDocs matches its abbreviations. Unlike `exact_case`,
    /// which finds names in any case so that a wrong case can be reported,
    /// other cases are not found at all.
    pub names_as_written: bool,
}

#[derive(Debug)]
pub struct Matcher {
    /// Names that are not plain words (`c++`, `café`, `クラスタ`), by byte.
    automaton: Option<AhoCorasick>,
    /// The pattern each of the byte automaton's patterns stands for.
    byte_patterns: Vec<u32>,
    /// Names of plain words, by word.
    words: WordMatcher,
    patterns: Vec<Pattern>,
    /// Closed one-word compounds, run over text read without the spaces
    /// between words.
    closed_automaton: Option<AhoCorasick>,
    closed_patterns: Vec<Pattern>,
}

impl Pattern {
    fn hit(&self, start: usize, end: usize) -> Hit {
        Hit {
            start,
            end,
            entry: self.entry,
            avoided: self.avoided,
            blocks_only: self.blocks_only,
        }
    }
}

/// Patterns under construction: the first entry keeps a repeated form.
#[derive(Default)]
struct Patterns {
    /// Names of plain words go to the word matcher, the others to the byte
    /// automaton.
    by_word: bool,
    strings: Vec<String>,
    byte_patterns: Vec<u32>,
    words: WordPatterns,
    patterns: Vec<Pattern>,
    seen: FastSet<String>,
}

impl Patterns {
    fn add(
        &mut self,
        folded: String,
        entry: EntryId,
        exact_letters: Option<Box<str>>,
        blocks_only: bool,
    ) {
        self.add_kind(folded, entry, exact_letters, None, blocks_only);
    }

    fn add_kind(
        &mut self,
        mut folded: String,
        entry: EntryId,
        exact_letters: Option<Box<str>>,
        avoided: Option<u16>,
        blocks_only: bool,
    ) {
        let y_stem = exact_letters.is_none() && ends_in_consonant_y(&folded);
        if y_stem {
            folded.pop();
        }
        // Duplicates are reported by the glossary; the first entry keeps the
        // form. The word table knows its own names: only names by byte need
        // a set of what was added.
        let index = self.patterns.len() as u32;
        let by_word = self.by_word && is_plain_words(&folded);
        match by_word.then(|| self.words.add(&folded, index)) {
            Some(Added::New) => {}
            Some(Added::Repeat) => return,
            Some(Added::Full) | None => {
                if self.seen.contains(&folded) {
                    return;
                }
                self.strings.push(folded.clone());
                self.byte_patterns.push(index);
                self.seen.insert(folded);
            }
        }
        self.patterns.push(Pattern {
            entry,
            exact_letters,
            y_stem,
            avoided,
            blocks_only,
        });
    }

    fn automaton(strings: &[String]) -> Option<AhoCorasick> {
        if strings.is_empty() {
            return None;
        }
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(strings)
            .ok()
    }
}

/// A form whose last word is an English plural stands for its singular
/// (`containers` -> `container`), which the matcher's plural endings bring
/// back; short stems stay as written (`news` is not `new`).
fn singular_form(folded: &str) -> String {
    let (head, last) = match folded.rfind(' ') {
        Some(i) => (&folded[..=i], &folded[i + 1..]),
        None => ("", folded),
    };
    if !last.bytes().all(|b| b.is_ascii_lowercase()) {
        return folded.to_string();
    }
    let one = singular(last);
    if one.len() < 4 || one == last {
        return folded.to_string();
    }
    format!("{head}{one}")
}

/// Two or three Latin words that can also be written as one (`data center`).
fn is_closable(folded: &str) -> bool {
    let words = folded.split(' ').count();
    (2..=3).contains(&words)
        && folded.len() >= 8
        && folded.bytes().all(|b| b.is_ascii_lowercase() || b == b' ')
}

/// One Latin word long enough to be a closed compound (`autoscaling`).
fn is_squashable(folded: &str) -> bool {
    folded.len() >= 8 && folded.bytes().all(|b| b.is_ascii_lowercase())
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
    ///
    /// Besides each form as written: a plural form stands for its singular
    /// (which matches the plural too), and a compound is one name whether
    /// written closed, spaced or hyphenated: `auto scaling` also matches
    /// `autoscaling`, and `autoscaling` also matches `auto scaling` (through
    /// a second automaton over text read without the space between words).
    pub fn from_forms<'a>(forms: impl Iterator<Item = &'a [String]>) -> Matcher {
        Matcher::with_all(forms, std::iter::empty(), &[])
    }

    /// The same, with names kept out of matching (`blocked`, per entry):
    /// they are found so that no shorter name is reported inside them,
    /// then dropped. Names to match win over blocked ones written alike.
    pub fn with_blocked<'a>(
        forms: impl Iterator<Item = &'a [String]>,
        blocked: impl Iterator<Item = &'a [String]>,
    ) -> Matcher {
        Matcher::with_all(forms, blocked, &[])
    }

    /// The matcher over names (as [`Matcher::from_forms`]) and, for each
    /// entry in id order, the variants to avoid. Every name is added before
    /// any variant: a variant that is also some entry's name is that name.
    /// Variants are matched like names (plurals, possessives, word
    /// boundaries, spaced or closed), in their own letter case when the
    /// entry asks for exact case. An exact-case entry's names are matched in
    /// any case, so that a wrong case can be found and reported.
    pub fn with_avoided<'a>(
        forms: impl Iterator<Item = &'a [String]>,
        avoided: &[AvoidedForms<'_>],
    ) -> Matcher {
        Matcher::with_all(forms, std::iter::empty(), avoided)
    }

    /// Names, names kept out of matching and variants to avoid, per entry;
    /// an entry whose names are found only as written
    /// ([`AvoidedForms::names_as_written`]) has them matched letter for
    /// letter, like a short acronym.
    pub fn with_all<'a>(
        forms: impl Iterator<Item = &'a [String]>,
        blocked: impl Iterator<Item = &'a [String]>,
        avoided: &[AvoidedForms<'_>],
    ) -> Matcher {
        Matcher::build_with(forms, blocked, avoided, true)
    }

    /// [`Matcher::with_all`], with names of plain words matched by word or,
    /// like every other name, by byte (the tests compare the two).
    fn build_with<'a>(
        forms: impl Iterator<Item = &'a [String]>,
        blocked: impl Iterator<Item = &'a [String]>,
        avoided: &[AvoidedForms<'_>],
        by_word: bool,
    ) -> Matcher {
        let mut main = Patterns {
            by_word,
            ..Patterns::default()
        };
        let mut closed = Patterns::default();
        let tagged = forms
            .enumerate()
            .map(|(id, f)| (id, f, false))
            .chain(blocked.enumerate().map(|(id, f)| (id, f, true)));
        for (id, entry_forms, blocks_only) in tagged {
            let id = id as EntryId;
            for form in entry_forms {
                let folded = fold_term(form);
                if folded.is_empty() {
                    continue;
                }
                let rules = avoided.get(id as usize);
                let exact_entry = rules.is_some_and(|a| a.exact_case);
                let as_written = rules.is_some_and(|a| a.names_as_written);
                let exact = as_written || (is_case_sensitive(form) && !exact_entry);
                if exact {
                    main.add(folded, id, Some(letters(form).into()), blocks_only);
                    continue;
                }
                let folded = singular_form(&folded);
                if is_closable(&folded) {
                    main.add(folded.replace(' ', ""), id, None, blocks_only);
                }
                if is_squashable(&folded) {
                    closed.add(folded.clone(), id, None, blocks_only);
                }
                main.add(folded, id, None, blocks_only);
            }
        }
        for (id, forms) in avoided.iter().enumerate() {
            let id = id as EntryId;
            for (i, variant) in forms.variants.iter().enumerate().take(u16::MAX as usize) {
                let folded = fold_term(variant);
                if folded.is_empty() {
                    continue;
                }
                let which = Some(i as u16);
                if forms.exact_case || is_case_sensitive(variant) {
                    main.add_kind(folded, id, Some(letters(variant).into()), which, false);
                    continue;
                }
                let folded = singular_form(&folded);
                if is_closable(&folded) {
                    main.add_kind(folded.replace(' ', ""), id, None, which, false);
                }
                main.add_kind(folded, id, None, which, false);
            }
        }
        // The builders' copies of every name go before the automata grow.
        drop((main.seen, closed.seen));
        let words = main.words.build();
        Matcher {
            automaton: Patterns::automaton(&main.strings),
            byte_patterns: main.byte_patterns,
            words,
            patterns: main.patterns,
            closed_automaton: Patterns::automaton(&closed.strings),
            closed_patterns: closed.patterns,
        }
    }

    /// Makes each pattern of an entry that is only a pointer stand for the
    /// entry it points at.
    pub fn redirect(&mut self, target: impl Fn(EntryId) -> Option<EntryId>) {
        for pattern in self
            .patterns
            .iter_mut()
            .chain(self.closed_patterns.iter_mut())
        {
            // A variant is listed on its own entry and keeps pointing there.
            if pattern.avoided.is_some() {
                continue;
            }
            if let Some(to) = target(pattern.entry) {
                pattern.entry = to;
            }
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
        if self.automaton.is_none() && self.words.is_empty() {
            return;
        }
        *buffer = Folded::with_holes(&text[range.clone()], range.start, holes);
        // Each candidate with where its match ends in the folded text: two
        // names of one source range (`policy` written exactly, and the stem
        // `polic` plus its `y`) keep the order a byte automaton finds them in.
        let mut candidates: Vec<(Hit, usize)> = Vec::new();
        let buffer = &*buffer;
        let mut consider = |folded_start: usize, folded_end: usize, index: u32| {
            let pattern = &self.patterns[index as usize];
            let (start, end) = buffer.source_range(text, 0, folded_start, folded_end);
            if let Some(end) = self.accept(text, range.end, start, end, pattern) {
                let hit = pattern.hit(start, end);
                candidates.push((hit, folded_end));
            }
        };
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(buffer.text.as_str()) {
                consider(
                    m.start(),
                    m.end(),
                    self.byte_patterns[m.pattern().as_usize()],
                );
            }
        }
        self.words.find(buffer, &mut consider);
        if let Some(closed) = &self.closed_automaton {
            self.find_spaced(text, range.end, closed, buffer, &mut candidates);
        }
        // Leftmost, then longest, then a name before a variant of the same
        // text (a closed compound found spaced may be both).
        candidates.sort_by(|(a, a_end), (b, b_end)| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.avoided.is_some().cmp(&b.avoided.is_some()))
                .then(a.blocks_only.cmp(&b.blocks_only))
                .then(a_end.cmp(b_end))
        });
        let mut last_end = 0;
        for (hit, _) in candidates {
            if hit.start >= last_end {
                last_end = hit.end;
                if !hit.blocks_only {
                    hits.push(hit);
                }
            }
        }
    }

    /// Closed compounds written as two words: the folded text is read without
    /// the spaces between Latin letters, and only hits that cross exactly one
    /// such space count (the others are the main automaton's).
    fn find_spaced(
        &self,
        text: &str,
        limit: usize,
        closed: &AhoCorasick,
        buffer: &Folded,
        candidates: &mut Vec<(Hit, usize)>,
    ) {
        let squashed = buffer.without_inner_spaces();
        if squashed.text.len() == buffer.text.len() {
            return;
        }
        for m in closed.find_overlapping_iter(squashed.text.as_str()) {
            let pattern = &self.closed_patterns[m.pattern().as_usize()];
            let (start, end) = squashed.source_range(text, 0, m.start(), m.end());
            let gaps = text[start..end]
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty())
                .count();
            if gaps != 2 {
                continue;
            }
            if let Some(end) = self.accept(text, limit, start, end, pattern) {
                let hit = pattern.hit(start, end);
                // After every candidate of the main automaton, as found.
                candidates.push((hit, usize::MAX / 2 + m.end()));
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
        text[start..].chars().next()?;
        if !starts_word(text, start) {
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
            if ends_word(text, word_end) {
                return Some(word_end);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny deterministic generator, so that a failure repeats.
    struct Dice(u64);

    impl Dice {
        fn roll(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.roll(from.len())]
        }
    }

    const WORDS: &[&str] = &[
        "data",
        "center",
        "policy",
        "node",
        "nodes",
        "box",
        "boxes",
        "cache",
        "Data",
        "API",
        "k8s",
        "policies",
        "datacenter",
        "café",
        "クラスター",
        "c++",
        "2fa",
        "ies",
        "s",
        "y",
    ];
    const GLUE: &[&str] = &[
        " ", "  ", "-", "_", "'s ", ", ", ".", "", "\n", " ー", "ー", "é", "*",
    ];

    fn find_all(matcher: &Matcher, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        matcher.find(text, 0..text.len(), &[], &mut Folded::default(), &mut hits);
        hits
    }

    #[test]
    fn by_word_and_by_byte_find_the_same() {
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        for round in 0..300 {
            let names: Vec<Vec<String>> = (0..12)
                .map(|_| {
                    (0..1 + dice.roll(2))
                        .map(|_| {
                            let words = 1 + dice.roll(3);
                            let name: Vec<&str> = (0..words).map(|_| dice.pick(WORDS)).collect();
                            name.join(if dice.roll(4) == 0 { "-" } else { " " })
                        })
                        .collect()
                })
                .collect();
            let avoided_names: Vec<Vec<String>> = (0..12)
                .map(|_| vec![dice.pick(WORDS).to_string()])
                .collect();
            let avoided: Vec<AvoidedForms<'_>> = avoided_names
                .iter()
                .enumerate()
                .map(|(i, variants)| AvoidedForms {
                    variants,
                    exact_case: i % 5 == 0,
                    names_as_written: i % 7 == 3,
                })
                .collect();
            let blocked = [vec!["data center policy".to_string()]];
            let build = |by_word| {
                Matcher::build_with(
                    names.iter().map(Vec::as_slice),
                    blocked.iter().map(Vec::as_slice),
                    &avoided,
                    by_word,
                )
            };
            let (words, bytes) = (build(true), build(false));
            for _ in 0..20 {
                let text: String = (0..30)
                    .map(|_| {
                        let word = dice.pick(WORDS);
                        let word = if dice.roll(3) == 0 {
                            word.to_uppercase()
                        } else {
                            word.to_string()
                        };
                        word + dice.pick(GLUE)
                    })
                    .collect();
                assert_eq!(
                    find_all(&words, &text),
                    find_all(&bytes, &text),
                    "round {round}: {text:?} with {names:?}"
                );
            }
        }
    }
}
