//! Writes the inputs of `scripts/bench` to disk, reproducibly: the generator
//! of `benches/common`, the one the divan benches call in-process.
//!
//!     cargo run --release --example bench_gen -- OUT_DIR [--smoke]
//!
//! An example rather than a `[[bin]]`: it is built only when asked for, never
//! installed with glossary-ls, and adds nothing to the library or the binary.
//!
//! Writes under OUT_DIR:
//!   terms.tsv          every generated entry: title, acronym, synonyms, slug
//!   glossary-<N>/      house-format glossary folders, one .md file per entry
//!   glossary-<N>.csv   one-file glossaries (term,definition,synonyms,related,slug)
//!   terms-<N>.txt      the same surface forms as a plain list (for ripgrep)
//!   prh-<N>.yml        a prh dictionary of those surface forms (for textlint-rule-prh)
//!   doc-<size>.md      Markdown documents of prose with glossary terms
//!   termbase-<N>.csv   a CSV termbase whose entries each have two variants to avoid
//!   variants-<N>.md    each of those variants once, a paragraph each
//!   doc-terms-<size>.md, doc-terms-fixture.md
//!                      documents that write some terms as those variants
//!   manifest.json      what was generated, with sizes and counts
//!
//! Full: folders of 1k, 10k and 100k entries, a CSV of 1M entries, documents
//! of 100 KB, 1 MB and 10 MB, a termbase of 10k entries with a 1 MB document
//! and a 16 KB fixture. Smoke: folders of 50, 200 and 600 entries, a CSV
//! of 2,000, documents of 8 KB and 32 KB, a termbase of 200 entries with a
//! 32 KB document and an 8 KB fixture. Inputs are written again only
//! when the generator's sources or the mode change (a stamp file records both).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

#[path = "../benches/common/mod.rs"]
mod common;

use common::{SEED, Term};

struct Plan {
    folders: &'static [usize],
    csv: &'static [usize],
    docs: &'static [(&'static str, usize)],
    sentences: usize,
    /// Lines of the one-paragraph document (`doc-paragraph.md`).
    paragraph_lines: usize,
    /// Entries of the termbase, then the sizes of its document and fixture.
    terminology: (usize, (&'static str, usize), usize),
}

/// How often a term of the terminology documents is written as a variant
/// to avoid: about one finding every 150 words.
const AVOIDED_RATE: f64 = 0.12;

const FULL: Plan = Plan {
    folders: &[1_000, 10_000, 100_000],
    csv: &[1_000_000],
    docs: &[
        ("100k", 100 * 1024),
        ("1m", 1024 * 1024),
        ("10m", 10 * 1024 * 1024),
    ],
    sentences: 4000,
    paragraph_lines: 1_000_000,
    terminology: (10_000, ("1m", 1024 * 1024), 16 * 1024),
};

const SMOKE: Plan = Plan {
    folders: &[50, 200, 600],
    csv: &[2_000],
    docs: &[("8k", 8 * 1024), ("32k", 32 * 1024)],
    sentences: 300,
    paragraph_lines: 2_000,
    terminology: (200, ("32k", 32 * 1024), 8 * 1024),
};

/// What the inputs are made from: the generator and the parts of the
/// library it asks for slugs, keys and surface forms.
const SOURCES: &[&str] = &[
    include_str!("bench_gen.rs"),
    include_str!("../benches/common/mod.rs"),
    include_str!("../benches/common/glossary.rs"),
    include_str!("../benches/common/prose.rs"),
    include_str!("../benches/common/rng.rs"),
    include_str!("../benches/common/terminology.rs"),
    include_str!("../benches/common/terms.rs"),
    include_str!("../benches/common/words.rs"),
    include_str!("../src/glossary/parse.rs"),
    include_str!("../src/glossary/table.rs"),
    include_str!("../src/text/fold.rs"),
    include_str!("../src/text/forms.rs"),
];

/// FNV-1a over the sources and the mode: stable across toolchains.
fn stamp(smoke: bool) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mode: &[u8] = if smoke { b"smoke" } else { b"full" };
    for bytes in SOURCES.iter().map(|s| s.as_bytes()).chain([mode]) {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn label(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Writes the folder whole under a temporary name, then renames it, so that
/// an interrupted run never leaves a half folder that looks complete.
fn write_folder(path: &Path, entries: &[Term], pool: &[String], seed: u64) {
    let tmp = path.with_extension("tmp");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).expect("create the glossary folder");
    let mut rng = common::Rng::new(seed);
    for (i, e) in entries.iter().enumerate() {
        let text = common::entry_file(entries, i, pool, &mut rng);
        write(&tmp.join(format!("{}.md", e.slug)), &text);
    }
    let _ = fs::remove_dir_all(path);
    fs::rename(&tmp, path).expect("rename the glossary folder");
}

fn terms_tsv(entries: &[Term]) -> String {
    let mut out = String::from("title\tacronym\tsynonyms\tslug\n");
    for e in entries {
        let acronym = e.acronym.as_deref().unwrap_or("");
        let synonyms = e.synonyms().join(";");
        out.push_str(&format!(
            "{}\t{acronym}\t{synonyms}\t{}\n",
            e.title(),
            e.slug
        ));
    }
    out
}

/// The termbase with two variants to avoid per entry, a document that
/// writes some terms as those variants, and a small fixture of the same.
fn terminology(out: &Path, entries: &[Term], plan: &Plan) -> serde_json::Value {
    let (n, (doc_label, doc_size), fixture_size) = plan.terminology;
    let (l, first) = (label(n), &entries[..n]);
    let glossary = format!("termbase-{l}.csv");
    eprintln!("generating {glossary}");
    let avoided = common::avoided(first, SEED + 11);
    write(
        &out.join(&glossary),
        &common::termbase(first, &avoided, SEED + 12),
    );
    // Every variant once, a paragraph each: glossary-ls must find them all.
    let variants = format!("variants-{l}.md");
    let list: String = avoided
        .iter()
        .flatten()
        .map(|v| format!("{v}\n\n"))
        .collect();
    write(&out.join(&variants), &list);
    let mut docs = Vec::new();
    for (name, size, seed) in [
        (format!("doc-terms-{doc_label}.md"), doc_size, SEED + 13),
        ("doc-terms-fixture.md".to_string(), fixture_size, SEED + 14),
    ] {
        eprintln!("generating {name}");
        let text = common::terminology_document(entries, &avoided, AVOIDED_RATE, size, seed);
        write(&out.join(&name), &text);
        docs.push(json!({"path": name, "bytes": text.len()}));
    }
    json!({"label": l, "entries": n, "variants": 2 * n, "path": glossary, "variants_doc": variants,
           "doc": docs[0], "fixture": docs[1], "doc_label": doc_label})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: bench_gen OUT_DIR [--smoke]");
        std::process::exit(2);
    };
    let smoke = args.iter().any(|a| a == "--smoke");
    let plan = if smoke { &SMOKE } else { &FULL };
    let stamp = stamp(smoke);
    let stamp_path = out.join("stamp");
    let manifest_path = out.join("manifest.json");
    if manifest_path.exists() && fs::read_to_string(&stamp_path).is_ok_and(|s| s.trim() == stamp) {
        eprintln!("inputs in {} are current (stamp {stamp})", out.display());
        return;
    }
    fs::create_dir_all(&out).expect("create the output folder");
    let _ = fs::remove_file(&stamp_path);

    let total = plan
        .folders
        .iter()
        .chain(plan.csv)
        .copied()
        .max()
        .unwrap_or(0);
    let entries = common::terms(total, SEED);
    write(&out.join("terms.tsv"), &terms_tsv(&entries));
    let pool = common::sentence_pool(&entries, plan.sentences, SEED + 1);
    let mut glossaries = Vec::new();
    for &n in plan.folders.iter().chain(plan.csv) {
        let folder = plan.folders.contains(&n);
        let (l, first) = (label(n), &entries[..n]);
        let path = if folder {
            format!("glossary-{l}")
        } else {
            format!("glossary-{l}.csv")
        };
        eprintln!("generating {path}");
        let forms: usize = first.iter().map(|e| e.forms().len()).sum();
        let terms = format!("terms-{l}.txt");
        write(&out.join(&terms), &common::term_list(first));
        let mut g = json!({"label": l, "entries": n, "forms": forms, "path": path,
                           "kind": if folder { "folder" } else { "csv" }, "terms": terms});
        if folder {
            write_folder(&out.join(&path), first, &pool, SEED + n as u64);
            let prh = format!("prh-{l}.yml");
            write(&out.join(&prh), &common::prh(first));
            g["prh"] = prh.into();
        } else {
            write(&out.join(&path), &common::csv(first, SEED + n as u64));
        }
        glossaries.push(g);
    }
    // Documents use terms of the middle folder (10k in full mode).
    let pool_size = plan.folders[plan.folders.len().min(2) - 1];
    let mut docs = Vec::new();
    for &(l, size) in plan.docs {
        let path = format!("doc-{l}.md");
        eprintln!("generating {path}");
        let text = common::document(&entries, pool_size, size, SEED + size as u64);
        write(&out.join(&path), &text);
        docs.push(json!({"label": l, "bytes": text.len(), "path": path}));
    }
    let path = "doc-paragraph.md";
    eprintln!("generating {path}");
    let text = common::long_paragraph(&entries, pool_size, plan.paragraph_lines, SEED + 3);
    write(&out.join(path), &text);
    let paragraph = json!({"lines": plan.paragraph_lines, "bytes": text.len(), "path": path});
    let terminology = terminology(&out, &entries, plan);
    let manifest = json!({
        "seed": SEED, "smoke": smoke, "glossaries": glossaries, "docs": docs, "paragraph": paragraph,
        "terminology": terminology,
    });
    let text = serde_json::to_string_pretty(&manifest).expect("serialise the manifest");
    write(&manifest_path, &text);
    write(&stamp_path, &format!("{stamp}\n"));
}
