//! Glossary entries: terms of one to four words, some with an acronym in
//! parentheses, some hyphenated, some non-ASCII or unspaced (Japanese), a
//! few with a synonym. Names that glossary-ls would take for the same entry
//! are never generated twice: duplicates are judged by the library's own key.

use std::collections::HashSet;

use glossary_ls::glossary::parse::surface_forms;
use glossary_ls::glossary::table::slugify;
use glossary_ls::text::forms::resolution_key;

use super::rng::Rng;
use super::words::vocabulary;

/// One generated entry.
#[derive(Debug, Clone)]
pub struct Term {
    pub base: String,
    pub acronym: Option<String>,
    pub synonym: Option<String>,
    /// Unique among the generated entries: the entry's file name.
    pub slug: String,
}

impl Term {
    pub fn title(&self) -> String {
        match &self.acronym {
            Some(a) => format!("{} ({a})", self.base),
            None => self.base.clone(),
        }
    }

    pub fn synonyms(&self) -> Vec<String> {
        self.synonym.iter().cloned().collect()
    }

    /// The names the entry goes by in prose, as glossary-ls reads them.
    pub fn forms(&self) -> Vec<String> {
        surface_forms(&self.title(), &self.synonyms())
    }
}

/// `real-time` -> `Real-Time`.
pub fn title_word(w: &str) -> String {
    w.split('-')
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn pseudo_word(rng: &mut Rng) -> String {
    let n = rng.range(2, 3);
    (0..n).map(|_| rng.pick(&vocabulary().syllables)).collect()
}

fn noun(rng: &mut Rng) -> String {
    if rng.unit() < 0.12 {
        pseudo_word(rng)
    } else {
        rng.pick(&vocabulary().nouns).to_string()
    }
}

fn modifier(rng: &mut Rng) -> String {
    let r = rng.unit();
    if r < 0.04 {
        rng.pick(&vocabulary().non_ascii).to_string()
    } else if r < 0.10 {
        pseudo_word(rng)
    } else {
        rng.pick(&vocabulary().modifiers).to_string()
    }
}

pub(super) fn candidate(rng: &mut Rng) -> String {
    let cjk = &vocabulary().cjk_terms;
    let r = rng.unit();
    if r < 0.01 {
        let first = rng.pick(cjk);
        let second = if rng.unit() < 0.7 { rng.pick(cjk) } else { "" };
        return format!("{first}{second}");
    }
    let mut words = if r < 0.13 {
        vec![if rng.unit() < 0.6 {
            noun(rng)
        } else {
            pseudo_word(rng)
        }]
    } else if r < 0.55 {
        vec![modifier(rng), noun(rng)]
    } else if r < 0.85 {
        let first = modifier(rng);
        let middle = if rng.unit() < 0.6 {
            modifier(rng)
        } else {
            noun(rng)
        };
        vec![first, middle, noun(rng)]
    } else {
        vec![modifier(rng), modifier(rng), noun(rng), noun(rng)]
    };
    if words.len() >= 2 && rng.unit() < 0.05 {
        // An occasional hyphenated compound of two plain words.
        let i = rng.below(words.len() - 1);
        let joined = format!("{}-{}", words[i], words[i + 1]);
        words.splice(i..i + 2, [joined]);
    }
    words
        .iter()
        .map(|w| title_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `n` distinct entries; the first `k` of them are the same for every `n >= k`.
pub fn terms(n: usize, seed: u64) -> Vec<Term> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::new();
    let mut slugs = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let base = candidate(&mut rng);
        if base.len() < 3 || !seen.insert(resolution_key(&base)) {
            continue;
        }
        let mut acronym = None;
        let parts: Vec<&str> = base.split([' ', '-']).filter(|p| !p.is_empty()).collect();
        if parts.len() >= 2 && base.is_ascii() && rng.unit() < 0.14 {
            let mut a: String = parts.iter().filter_map(|p| p.chars().next()).collect();
            a.make_ascii_uppercase();
            if rng.unit() < 0.1 {
                a.push(char::from(b'2' + rng.below(8) as u8));
            }
            if seen.insert(resolution_key(&a)) {
                acronym = Some(a);
            }
        }
        let mut synonym = None;
        if rng.unit() < 0.10 {
            let s = candidate(&mut rng);
            if seen.insert(resolution_key(&s)) {
                synonym = Some(s);
            }
        }
        let mut term = Term {
            base,
            acronym,
            synonym,
            slug: String::new(),
        };
        let mut slug = slugify(&term.title());
        while !slugs.insert(slug.clone()) {
            slug.push_str("-x");
        }
        term.slug = slug;
        out.push(term);
    }
    out
}
