//! The one generator of synthetic benchmark inputs, made from word lists and
//! a fixed seed: nothing is copied from any corpus. The divan benches call it
//! in-process; `examples/bench_gen.rs` writes the same inputs to disk for
//! `scripts/bench` (glossary folders, CSV, documents, ripgrep term lists, prh
//! dictionaries, a termbase with variants to avoid). What glossary-ls itself decides (slugs, the key two names
//! share, surface forms) comes from the library, never from a copy of it.

// Each bench and the example use a part of it.
#![allow(dead_code, unused_imports)]

mod glossary;
mod prose;
mod rng;
mod terminology;
mod terms;
mod words;

pub use glossary::{csv, entry_file, prh, term_list};
pub use prose::{document, long_paragraph, sentence_pool, terminology_document};
pub use rng::Rng;
pub use terminology::{avoided, termbase};
pub use terms::{Term, terms};

pub const SEED: u64 = 20_240_605;

/// True under `cargo bench` (cargo passes `--bench`); false under `cargo test`,
/// where each benchmark runs once and inputs are kept tiny.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `n` in bench mode, at most `small` under `cargo test`.
pub fn sized(n: usize, small: usize) -> usize {
    if bench_mode() { n } else { n.min(small) }
}
