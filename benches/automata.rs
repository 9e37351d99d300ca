//! Choosing the automaton by measurement: `aho-corasick`
//! against `daachorse` (double-array Aho-Corasick) on the matcher's job:
//! standard semantics, overlapping search over folded text, 100k and 1M
//! folded surface forms. Measures build time, heap at its peak during the
//! build and retained after it (a counting allocator), the crate's own size
//! estimate, and overlapping-search throughput on a folded 1 MB document.
//!
//! `cargo bench --bench automata [-- --json PATH]`; under `cargo test` it runs
//! once on 2,000 patterns.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasick,
    DoubleArrayAhoCorasickBuilder, MatchKind as DaachorseKind,
};
use glossary_ls::text::fold::{Folded, fold_term};

mod common;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = CURRENT.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// An automaton under test: built from patterns, searched overlapping.
trait Automaton: Sized {
    const NAME: &'static str;
    fn build(patterns: &[String]) -> Self;
    fn own_bytes(&self) -> usize;
    fn count_overlapping(&self, haystack: &str) -> usize;
}

/// Declares an automaton under test: the crate type it wraps, its name, how
/// it is built, its own size estimate and the search that counts matches.
macro_rules! automaton {
    ($ty:ident($inner:ty), $name:literal, build: |$p:ident| $build:expr,
     own: $own:ident, count: $count:ident) => {
        struct $ty($inner);

        impl Automaton for $ty {
            const NAME: &'static str = $name;
            fn build($p: &[String]) -> Self {
                $ty($build.unwrap())
            }
            fn own_bytes(&self) -> usize {
                self.0.$own()
            }
            fn count_overlapping(&self, haystack: &str) -> usize {
                self.0.$count(haystack).count()
            }
        }
    };
}

automaton!(
    AcDefault(AhoCorasick),
    "aho-corasick (default kind, as the matcher builds it)",
    build: |p| AhoCorasick::builder().match_kind(MatchKind::Standard).build(p),
    own: memory_usage,
    count: find_overlapping_iter
);

// Not the matcher's semantics (a rejected long match would hide a shorter
// one): shows what standard semantics' failure links and match copies cost.
automaton!(
    AcLeftmostLongest(AhoCorasick),
    "aho-corasick (leftmost-longest, for reference)",
    build: |p| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(p),
    own: memory_usage,
    count: find_iter
);

automaton!(
    AcNoncontiguous(AhoCorasick),
    "aho-corasick (noncontiguous NFA)",
    build: |p| AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(p),
    own: memory_usage,
    count: find_overlapping_iter
);

automaton!(
    DaachorseBytes(DoubleArrayAhoCorasick<u32>),
    "daachorse (bytewise double array)",
    build: |p| DoubleArrayAhoCorasickBuilder::new().match_kind(DaachorseKind::Standard).build(p),
    own: heap_bytes,
    count: find_overlapping_iter
);

automaton!(
    DaachorseChars(CharwiseDoubleArrayAhoCorasick<u32>),
    "daachorse (charwise double array)",
    build: |p| CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(DaachorseKind::Standard)
        .build(p),
    own: heap_bytes,
    count: find_overlapping_iter
);

/// What the matcher builds now: names of plain words in an automaton over
/// word ids and a table of last words, the other names by byte.
struct ByWord {
    words: glossary_ls::index::words::WordMatcher,
    bytes: Option<AhoCorasick>,
}

impl Automaton for ByWord {
    const NAME: &'static str =
        "aho-corasick over word ids (as the matcher builds it), the rest by byte";

    fn build(patterns: &[String]) -> Self {
        use glossary_ls::index::words::{Added, WordPatterns, is_plain_words};
        let mut words = WordPatterns::default();
        let mut other = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if !(is_plain_words(p) && words.add(p, i as u32) != Added::Full) {
                other.push(p);
            }
        }
        let bytes = (!other.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(other)
                .unwrap()
        });
        ByWord {
            words: words.build(),
            bytes,
        }
    }

    fn own_bytes(&self) -> usize {
        self.words.heap_bytes() + self.bytes.as_ref().map_or(0, AhoCorasick::memory_usage)
    }

    /// Candidates at word boundaries only (the others fail the matcher's
    /// boundary checks anyway), so fewer than the byte automata count; the
    /// time includes reading the text's offsets (`Folded`).
    fn count_overlapping(&self, haystack: &str) -> usize {
        let folded = Folded::new(haystack, 0);
        let mut n = 0;
        self.words.find(&folded, |_, _, _| n += 1);
        n + self
            .bytes
            .as_ref()
            .map_or(0, |b| b.find_overlapping_iter(haystack).count())
    }
}

struct Row {
    name: &'static str,
    patterns: usize,
    build: Duration,
    build_peak: usize,
    retained: usize,
    own: usize,
    scan: Duration,
    haystack: usize,
    matches: usize,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure<A: Automaton>(patterns: &[String], haystack: &str, runs: usize) -> Row {
    let mut builds = Vec::new();
    let mut build_peak = 0;
    let mut retained = 0;
    let mut own = 0;
    let mut kept = None;
    for _ in 0..runs {
        drop(kept.take());
        let before = CURRENT.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = Instant::now();
        let automaton = A::build(patterns);
        builds.push(start.elapsed());
        build_peak = PEAK.load(Ordering::Relaxed) - before;
        retained = CURRENT.load(Ordering::Relaxed) - before;
        own = automaton.own_bytes();
        kept = Some(automaton);
    }
    let automaton = kept.unwrap();
    let mut scans = Vec::new();
    let mut matches = 0;
    for _ in 0..runs.max(3) {
        let start = Instant::now();
        matches = std::hint::black_box(automaton.count_overlapping(haystack));
        scans.push(start.elapsed());
    }
    Row {
        name: A::NAME,
        patterns: patterns.len(),
        build: median(builds),
        build_peak,
        retained,
        own,
        scan: median(scans),
        haystack: haystack.len(),
        matches,
    }
}

/// The folded, deduplicated surface forms of `n` generated entries, as the
/// matcher feeds them to its automaton.
fn patterns(terms: &[common::Term]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for t in terms {
        for form in t.forms() {
            let folded = fold_term(&form);
            if !folded.is_empty() && seen.insert(folded.clone()) {
                out.push(folded);
            }
        }
    }
    out
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json_path = args
        .iter()
        .position(|a| a == "--json")
        .and_then(|i| args.get(i + 1).cloned());
    // `--only TEXT`: just the automata whose name holds TEXT.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1).cloned());
    let bench = common::bench_mode();
    let sizes: &[usize] = if bench {
        &[100_000, 1_000_000]
    } else {
        &[2_000]
    };
    let largest = *sizes.iter().max().unwrap();
    let all_terms = common::terms(largest, common::SEED);
    let document = common::document(
        &all_terms,
        10_000,
        common::sized(1024 * 1024, 16 * 1024),
        common::SEED + 7,
    );
    let haystack = Folded::new(&document, 0).text;
    let mut rows = Vec::new();
    for &n in sizes {
        let patterns = patterns(&all_terms[..n]);
        // Builds at a million patterns take seconds each: one is enough.
        let runs = if bench && n < 1_000_000 { 3 } else { 1 };
        eprintln!("automata: {} patterns", patterns.len());
        let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
        macro_rules! run {
            ($($a:ty),*) => {$(
                if wanted(<$a>::NAME) {
                    rows.push(measure::<$a>(&patterns, &haystack, runs));
                }
            )*};
        }
        run!(
            AcDefault,
            ByWord,
            AcNoncontiguous,
            DaachorseBytes,
            DaachorseChars,
            AcLeftmostLongest
        );
    }
    let mut table = String::from(
        "| automaton | patterns | build (median) | heap peak during build | heap retained | own estimate | scan of folded 1 MB (overlapping) | matches |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in &rows {
        let _ = writeln!(
            table,
            "| {} | {} | {:.0} ms | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:.1} MB/s | {} |",
            r.name,
            r.patterns,
            r.build.as_secs_f64() * 1e3,
            mib(r.build_peak),
            mib(r.retained),
            mib(r.own),
            r.haystack as f64 / 1e6 / r.scan.as_secs_f64(),
            r.matches
        );
    }
    print!("{table}");
    if let Some(path) = json_path {
        let mut json = String::from("[\n");
        for (i, r) in rows.iter().enumerate() {
            let _ = writeln!(
                json,
                "  {{\"name\": \"{}\", \"patterns\": {}, \"build_s\": {}, \"build_peak_bytes\": {}, \"retained_bytes\": {}, \"own_bytes\": {}, \"scan_s\": {}, \"haystack_bytes\": {}, \"matches\": {}}}{}",
                r.name,
                r.patterns,
                r.build.as_secs_f64(),
                r.build_peak,
                r.retained,
                r.own,
                r.scan.as_secs_f64(),
                r.haystack,
                r.matches,
                if i + 1 < rows.len() { "," } else { "" }
            );
        }
        json.push_str("]\n");
        std::fs::write(&path, json).expect("write the JSON results");
    }
}
