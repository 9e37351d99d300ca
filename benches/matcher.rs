//! Micro benchmarks of the core: loading a single-file glossary, building the
//! matcher, finding prose in Markdown and scanning it for terms.
//!
//! `cargo bench --bench matcher` runs them; `cargo test --benches` runs each
//! once on tiny inputs. Inputs are generated in-process (see `common`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use divan::Bencher;
use divan::counter::BytesCount;
use glossary_ls::analysis::{Analysis, Scanner};
use glossary_ls::glossary::{Glossary, table};
use glossary_ls::index::{GlossaryIndex, Matcher};
use glossary_ls::markdown::prose::{DocKind, Prose, prose};

mod common;

fn main() {
    divan::main();
}

/// Inputs are built once per size and shared by every benchmark.
fn cached<T: Send + Sync + 'static>(
    cell: &'static OnceLock<Mutex<HashMap<usize, &'static T>>>,
    n: usize,
    make: impl FnOnce() -> T,
) -> &'static T {
    let map = cell.get_or_init(Default::default);
    let mut map = map.lock().unwrap();
    if let Some(&value) = map.get(&n) {
        return value;
    }
    let value: &'static T = Box::leak(Box::new(make()));
    map.insert(n, value);
    value
}

fn terms(n: usize) -> &'static Vec<common::Term> {
    static CELL: OnceLock<Mutex<HashMap<usize, &'static Vec<common::Term>>>> = OnceLock::new();
    cached(&CELL, n, || common::terms(n, common::SEED))
}

fn csv_text(n: usize) -> &'static String {
    static CELL: OnceLock<Mutex<HashMap<usize, &'static String>>> = OnceLock::new();
    cached(&CELL, n, || common::csv(terms(n), common::SEED + 1))
}

fn glossary(n: usize) -> Glossary {
    let entries = table::parse_table(csv_text(n), Path::new("bench.csv")).expect("header");
    Glossary::new(entries, Vec::new(), Vec::new())
}

fn index(n: usize) -> &'static Arc<GlossaryIndex> {
    static CELL: OnceLock<Mutex<HashMap<usize, &'static Arc<GlossaryIndex>>>> = OnceLock::new();
    cached(&CELL, n, || GlossaryIndex::new(glossary(n)))
}

/// Documents use the terms of the 10k glossary, as in `scripts/bench`.
fn document(bytes: usize) -> &'static String {
    static CELL: OnceLock<Mutex<HashMap<usize, &'static String>>> = OnceLock::new();
    let pool = common::sized(10_000, 500);
    cached(&CELL, bytes, || {
        common::document(terms(pool), pool, bytes, common::SEED + 2)
    })
}

fn document_prose(bytes: usize) -> &'static Prose {
    static CELL: OnceLock<Mutex<HashMap<usize, &'static Prose>>> = OnceLock::new();
    cached(&CELL, bytes, || prose(document(bytes), DocKind::Markdown))
}

const GLOSSARY_SIZES: &[usize] = &[1_000, 10_000, 100_000];
const DOC_SIZES: &[usize] = &[100 * 1024, 1024 * 1024];

/// CSV text to entries, then `Glossary::new` (related terms, duplicates).
#[divan::bench(args = GLOSSARY_SIZES, sample_count = 10, sample_size = 1)]
fn load_csv(bencher: Bencher, n: usize) {
    let n = common::sized(n, 300);
    csv_text(n);
    bencher.bench(|| glossary(n));
}

/// The Aho-Corasick automaton over every surface form.
#[divan::bench(args = GLOSSARY_SIZES, sample_count = 10, sample_size = 1)]
fn build_matcher(bencher: Bencher, n: usize) {
    let n = common::sized(n, 300);
    let glossary = glossary(n);
    bencher.bench(|| Matcher::build(&glossary));
}

/// The matcher's choice, on the same folded names: an automaton over word
/// ids with a table of last words (names of plain words, as the matcher
/// builds them), against one automaton over their bytes.
#[divan::bench(args = GLOSSARY_SIZES, sample_count = 10, sample_size = 1)]
fn build_names_by_word(bencher: Bencher, n: usize) {
    use glossary_ls::index::words::{Added, WordPatterns, is_plain_words};
    let names = folded_plain_names(common::sized(n, 300));
    bencher.bench(|| {
        let mut words = WordPatterns::default();
        for (i, name) in names.iter().enumerate() {
            assert!(is_plain_words(name) && words.add(name, i as u32) != Added::Full);
        }
        words.build()
    });
}

#[divan::bench(args = GLOSSARY_SIZES, sample_count = 10, sample_size = 1)]
fn build_names_by_byte(bencher: Bencher, n: usize) {
    let names = folded_plain_names(common::sized(n, 300));
    bencher.bench(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(names)
            .unwrap()
    });
}

/// The distinct folded surface forms of `n` entries that are plain words.
fn folded_plain_names(n: usize) -> &'static Vec<String> {
    static CELL: OnceLock<Mutex<HashMap<usize, &'static Vec<String>>>> = OnceLock::new();
    cached(&CELL, n, || {
        let mut seen = std::collections::HashSet::new();
        glossary(n)
            .entries()
            .iter()
            .flat_map(|e| e.surface_forms.iter())
            .map(|f| glossary_ls::text::fold::fold_term(f))
            .filter(|f| glossary_ls::index::words::is_plain_words(f) && seen.insert(f.clone()))
            .collect()
    })
}

/// Markdown structure: prose segments, links, holes (pulldown-cmark).
#[divan::bench(args = DOC_SIZES, sample_count = 20)]
fn markdown_prose(bencher: Bencher, bytes: usize) {
    let bytes = common::sized(bytes, 8 * 1024);
    let text = document(bytes);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| prose(text, DocKind::Markdown));
}

/// Term matching over the prose of a document, 10k-entry glossary.
#[divan::bench(args = DOC_SIZES, sample_count = 20)]
fn scan_10k_terms(bencher: Bencher, bytes: usize) {
    let bytes = common::sized(bytes, 8 * 1024);
    let index = index(common::sized(10_000, 300));
    let text = document(bytes);
    let prose = document_prose(bytes);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| index.scan(text, prose));
}

/// The same 1 MB document against glossaries of growing size.
#[divan::bench(args = GLOSSARY_SIZES, sample_count = 10)]
fn scan_1mb_by_glossary(bencher: Bencher, n: usize) {
    let index = index(common::sized(n, 300));
    let bytes = common::sized(1024 * 1024, 8 * 1024);
    let text = document(bytes);
    let prose = document_prose(bytes);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| index.scan(text, prose));
}

/// Case folding with the offset map, the first step of every scan.
#[divan::bench(args = DOC_SIZES, sample_count = 20)]
fn fold_text(bencher: Bencher, bytes: usize) {
    let text = document(common::sized(bytes, 8 * 1024));
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| glossary_ls::text::fold::Folded::new(text, 0));
}

/// One keystroke (a letter typed, then deleted) in a one-paragraph document
/// of short lines, 10k-entry glossary: the analysis re-scans a window
/// around the edit. `args` is the number of lines.
#[divan::bench(args = [1_000_000], sample_count = 200)]
fn keystroke_in_long_paragraph(bencher: Bencher, lines: usize) {
    let lines = common::sized(lines, 2_000);
    let pool = common::sized(10_000, 300);
    let scanner = Scanner::new(index(pool).clone());
    let text = common::long_paragraph(terms(pool), pool, lines, common::SEED + 3);
    // Middle of every 997th line: spread over the whole paragraph.
    let targets: Vec<usize> = text
        .match_indices('\n')
        .step_by(997)
        .map(|(i, _)| i.saturating_sub(2))
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut analysis = Analysis::new(text, DocKind::Markdown, &scanner);
    let mut next = 0;
    bencher.bench_local(move || {
        let at = targets[next % targets.len()];
        next += 1;
        analysis.edit(at..at, "x", &scanner);
        analysis.edit(at..at + 1, "", &scanner);
    });
}
