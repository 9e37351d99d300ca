//! The same entries in every form the benchmarks read: house-format entry
//! files, one CSV file, a plain list of surface forms (for ripgrep) and a prh
//! dictionary (for textlint-rule-prh).

use std::fmt::Write as _;

use super::prose::clause;
use super::rng::Rng;
use super::terms::Term;
use super::words::vocabulary;

/// Titles of two to five other entries among the first `n`.
fn related(entries: &[Term], i: usize, count: usize, rng: &mut Rng) -> Vec<String> {
    (0..count)
        .map(|_| rng.below(entries.len()))
        .filter(|&j| j != i)
        .map(|j| entries[j].title())
        .collect()
}

/// `<Name> is a <modifier> <noun> that <clause>.`
pub(super) fn definition(e: &Term, rng: &mut Rng) -> String {
    let words = vocabulary();
    let (modifier, noun) = (rng.pick(&words.modifiers), rng.pick(&words.nouns));
    format!("{} is a {modifier} {noun} that {}.", e.base, clause(rng))
}

/// The house-format file of entry `i` of `entries`, filled with sentences
/// of `pool`.
pub fn entry_file(entries: &[Term], i: usize, pool: &[String], rng: &mut Rng) -> String {
    let e = &entries[i];
    let sents = |rng: &mut Rng, lo: usize, hi: usize| {
        let k = rng.range(lo, hi);
        (0..k)
            .map(|_| pool[rng.below(pool.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title = e.title().replace('"', "\\\"");
    // Synonyms in the front matter: the folder knows every form the term
    // list and the prh dictionary hold.
    let synonyms = match e.synonyms().as_slice() {
        [] => String::new(),
        list => format!(
            "synonyms: {}\n",
            serde_json::to_string(list).expect("strings serialise")
        ),
    };
    let summary = format!("{} {}", definition(e, rng), sents(rng, 1, 1));
    let eli5 = sents(rng, 1, 2);
    let depth = [sents(rng, 2, 4), sents(rng, 1, 3)];
    let count = rng.range(2, 5);
    let related = related(entries, i, count, rng).join(", ");
    format!(
        "---\ntitle: \"{title}\"\n{synonyms}draft: false\ntype: \"glossary\"\nlayout: \"entry\"\n---\n\n\
         ### Summary\n{summary}\n\n### ELI5\n{eli5}\n\n\
         ### In-depth explanation\n{}\n\n{}\n\n### Related terms\n{related}\n",
        depth[0], depth[1]
    )
}

pub(super) fn csv_cell(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The entries as one CSV glossary (`term,definition,synonyms,related,slug`).
pub fn csv(entries: &[Term], seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("term,definition,synonyms,related,slug\n");
    for (i, e) in entries.iter().enumerate() {
        let definition = definition(e, &mut rng);
        let count = rng.range(0, 2);
        let related = related(entries, i, count, &mut rng).join(";");
        let synonyms = e.synonyms().join(";");
        for (k, cell) in [e.title(), definition, synonyms, related, e.slug.clone()]
            .iter()
            .enumerate()
        {
            if k > 0 {
                out.push(',');
            }
            csv_cell(&mut out, cell);
        }
        out.push('\n');
    }
    out
}

/// Every surface form of the entries, one a line: ripgrep's `-f` patterns.
pub fn term_list(entries: &[Term]) -> String {
    let mut out = String::new();
    for form in entries.iter().flat_map(Term::forms) {
        out.push_str(&form);
        out.push('\n');
    }
    out
}

/// A prh dictionary with one rule per surface form (`expected` only, whole
/// words): the same terms textlint-rule-prh is asked to find.
pub fn prh(entries: &[Term]) -> String {
    let mut out = String::from("version: 1\nrules:\n");
    for form in entries.iter().flat_map(Term::forms) {
        // A JSON string is a valid YAML scalar: no quoting rules to get wrong.
        let quoted = serde_json::to_string(&form).expect("a string serialises");
        let _ = write!(
            out,
            "  - expected: {quoted}\n    options:\n      wordBoundary: true\n"
        );
    }
    out
}
