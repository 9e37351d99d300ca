//! Terminology inputs: two variants to avoid for each entry, as a team
//! retiring old names would list them, and the CSV termbase that declares
//! them (`avoid` column). Each variant is an old name of two to four plain
//! ASCII words, never hyphenated, that overlaps no name and no other
//! variant: it is never inside a name, never holds one, and never runs into
//! one (the end of a variant is not the start of a name, and the other way
//! round), so that what glossary-ls reports does not depend on which match
//! is the longest. Whether glossary-ls keeps every variant is checked
//! against the binary by `scripts/bench`, not assumed here.

use std::collections::HashSet;

use glossary_ls::text::forms::resolution_key;

use super::glossary::{csv_cell, definition};
use super::rng::Rng;
use super::terms::{Term, candidate};

/// The word sequences the variants must keep clear of.
#[derive(Default)]
struct Taken {
    keys: HashSet<String>,
    whole: HashSet<String>,
    inner: HashSet<String>,
    heads: HashSet<String>,
    tails: HashSet<String>,
}

fn words(name: &str) -> Vec<String> {
    name.split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Taken {
    fn add(&mut self, name: &str) {
        self.keys.insert(resolution_key(name));
        let w = words(name);
        self.whole.insert(w.join(" "));
        for i in 0..w.len() {
            for j in i + 1..=w.len() {
                self.inner.insert(w[i..j].join(" "));
            }
        }
        for k in 1..w.len() {
            self.heads.insert(w[..k].join(" "));
            self.tails.insert(w[k..].join(" "));
        }
    }

    fn clear_of(&self, name: &str) -> bool {
        let w = words(name);
        if self.keys.contains(&resolution_key(name)) || self.inner.contains(&w.join(" ")) {
            return false;
        }
        for i in 0..w.len() {
            for j in i + 1..=w.len() {
                if self.whole.contains(&w[i..j].join(" ")) {
                    return false;
                }
            }
        }
        (1..w.len()).all(|k| {
            !self.tails.contains(&w[..k].join(" ")) && !self.heads.contains(&w[k..].join(" "))
        })
    }
}

/// Two variants to avoid for each of `entries`.
pub fn avoided(entries: &[Term], seed: u64) -> Vec<[String; 2]> {
    let mut rng = Rng::new(seed);
    let mut taken = Taken::default();
    for e in entries {
        for form in e.forms() {
            taken.add(&form);
        }
    }
    let mut fresh = || loop {
        let name = candidate(&mut rng);
        let n = name.split(' ').count();
        if (2..=4).contains(&n) && name.is_ascii() && !name.contains('-') && taken.clear_of(&name) {
            taken.add(&name);
            return name;
        }
    };
    entries.iter().map(|_| [fresh(), fresh()]).collect()
}

/// The entries and their variants as a CSV termbase
/// (`term,definition,synonyms,avoid`; variants separated by `;`).
pub fn termbase(entries: &[Term], avoided: &[[String; 2]], seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("term,definition,synonyms,avoid\n");
    for (e, variants) in entries.iter().zip(avoided) {
        let cells = [
            e.title(),
            definition(e, &mut rng),
            e.synonyms().join(";"),
            variants.join(";"),
        ];
        for (k, cell) in cells.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            csv_cell(&mut out, cell);
        }
        out.push('\n');
    }
    out
}
