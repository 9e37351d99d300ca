//! Benchmark inputs made in-process from word lists and a fixed seed, so the
//! benches build and run without `scripts/bench` having generated anything.
//! The shapes follow `scripts/bench-gen.py`: terms of one to four words, some
//! acronyms in parentheses, some hyphenated, some non-ASCII or unspaced
//! (Japanese); prose with headings, lists, links, code and a term every
//! 10 to 30 words.

#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Write as _;

pub const SEED: u64 = 0x5EED_2024_0605;

/// True under `cargo bench` (cargo passes `--bench`); false under `cargo test`,
/// where each benchmark runs once and inputs are kept tiny.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `n` in bench mode, at most `small` under `cargo test`.
pub fn sized(n: usize, small: usize) -> usize {
    if bench_mode() { n } else { n.min(small) }
}

/// xorshift64*: small, fast and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const MODIFIERS: &[&str] = &[
    "adaptive",
    "asynchronous",
    "atomic",
    "autonomous",
    "batch",
    "bayesian",
    "binary",
    "canonical",
    "causal",
    "cloud",
    "cognitive",
    "columnar",
    "composite",
    "concurrent",
    "contextual",
    "continuous",
    "convolutional",
    "cryptographic",
    "declarative",
    "deep",
    "dense",
    "deterministic",
    "differential",
    "distributed",
    "dynamic",
    "elastic",
    "embedded",
    "encrypted",
    "ephemeral",
    "federated",
    "generative",
    "global",
    "gradient",
    "greedy",
    "hashed",
    "hierarchical",
    "hybrid",
    "immutable",
    "incremental",
    "latent",
    "layered",
    "lazy",
    "lexical",
    "linear",
    "local",
    "lossless",
    "managed",
    "masked",
    "modular",
    "multimodal",
    "neural",
    "online",
    "optimal",
    "parallel",
    "persistent",
    "predictive",
    "probabilistic",
    "quantised",
    "quantum",
    "reactive",
    "recurrent",
    "recursive",
    "replicated",
    "residual",
    "robust",
    "scalable",
    "semantic",
    "sequential",
    "serverless",
    "sparse",
    "spectral",
    "stateful",
    "stateless",
    "stochastic",
    "streaming",
    "structured",
    "supervised",
    "synthetic",
    "temporal",
    "transactional",
    "unsupervised",
    "variational",
    "versioned",
    "virtual",
    "weighted",
    "real-time",
    "end-to-end",
    "zero-trust",
    "multi-tenant",
    "peer-to-peer",
    "read-only",
    "write-ahead",
    "copy-on-write",
    "few-shot",
    "self-supervised",
    "in-memory",
];

const NOUNS: &[&str] = &[
    "abstraction",
    "accelerator",
    "adapter",
    "agent",
    "algorithm",
    "allocator",
    "annotation",
    "anomaly",
    "architecture",
    "attention",
    "autoscaler",
    "backend",
    "balancer",
    "baseline",
    "benchmark",
    "bitmap",
    "broker",
    "buffer",
    "cache",
    "canary",
    "certificate",
    "channel",
    "checkpoint",
    "cipher",
    "classifier",
    "client",
    "cluster",
    "codec",
    "compiler",
    "consensus",
    "container",
    "controller",
    "corpus",
    "crawler",
    "daemon",
    "dashboard",
    "database",
    "dataset",
    "decoder",
    "deployment",
    "detector",
    "dictionary",
    "digest",
    "dispatcher",
    "driver",
    "embedding",
    "encoder",
    "endpoint",
    "engine",
    "ensemble",
    "entropy",
    "estimator",
    "executor",
    "feature",
    "filter",
    "firewall",
    "framework",
    "gateway",
    "generator",
    "graph",
    "handler",
    "hash",
    "heap",
    "histogram",
    "hypervisor",
    "index",
    "inference",
    "interface",
    "interpreter",
    "iterator",
    "journal",
    "kernel",
    "layer",
    "ledger",
    "lexer",
    "library",
    "limiter",
    "loader",
    "lock",
    "logger",
    "manifest",
    "matrix",
    "memory",
    "mesh",
    "metric",
    "middleware",
    "migration",
    "model",
    "module",
    "monitor",
    "namespace",
    "neuron",
    "node",
    "notebook",
    "operator",
    "optimiser",
    "orchestrator",
    "packet",
    "parser",
    "partition",
    "payload",
    "perceptron",
    "pipeline",
    "planner",
    "platform",
    "plugin",
    "policy",
    "predictor",
    "probe",
    "processor",
    "profiler",
    "prompt",
    "protocol",
    "proxy",
    "query",
    "queue",
    "quota",
    "ranker",
    "reducer",
    "registry",
    "replica",
    "repository",
    "resolver",
    "router",
    "runtime",
    "sampler",
    "sandbox",
    "scheduler",
    "schema",
    "segment",
    "semaphore",
    "sensor",
    "serialiser",
    "server",
    "service",
    "session",
    "shard",
    "signal",
    "simulator",
    "snapshot",
    "socket",
    "solver",
    "stack",
    "store",
    "stream",
    "supervisor",
    "table",
    "tagger",
    "task",
    "template",
    "tensor",
    "tokenizer",
    "topology",
    "tracer",
    "transaction",
    "transformer",
    "tree",
    "trigger",
    "validator",
    "vault",
    "vector",
    "volume",
    "watcher",
    "webhook",
    "window",
    "worker",
    "workflow",
    "workload",
    "zone",
];

const NON_ASCII: &[&str] = &[
    "café",
    "naïve",
    "façade",
    "résumé",
    "crème",
    "Überwachung",
    "Straße",
    "Möbius",
    "Gödel",
    "Erdős",
    "Łukasiewicz",
    "Čech",
    "Ångström",
    "Dvořák",
    "Poincaré",
    "Müller",
    "Øresund",
];

const CJK_TERMS: &[&str] = &[
    "日本語",
    "機械学習",
    "深層学習",
    "自然言語処理",
    "分散システム",
    "形態素解析",
    "強化学習",
    "画像認識",
    "検索エンジン",
    "知識グラフ",
    "異常検知",
    "データ基盤",
    "言語モデル",
    "負荷分散",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ri", "ven", "tor", "zu", "mi", "dex", "qua", "lix", "nor", "bel", "cor", "fin",
    "gra", "hel", "jo", "kyr", "lum", "mar", "nex", "ov", "pel", "quo", "ras", "sil", "tam", "vex",
    "wol", "xan", "zor", "bri", "dro", "glo", "stra", "tri",
];

const FUNCTION: &[&str] = &[
    "the", "the", "the", "a", "a", "of", "of", "to", "to", "and", "and", "in", "is", "that", "it",
    "for", "on", "with", "as", "be", "by", "this", "are", "or", "from", "but", "not", "have",
    "can", "will", "which", "we", "they", "their", "these", "when", "while", "because", "if",
    "then", "so", "also", "more", "such", "into", "only", "about", "each", "some", "many", "very",
    "just", "both", "between", "through", "before", "after",
];

const PROSE: &[&str] = &[
    "team",
    "users",
    "writers",
    "readers",
    "developers",
    "engineers",
    "question",
    "answer",
    "problem",
    "example",
    "reason",
    "result",
    "approach",
    "change",
    "version",
    "release",
    "design",
    "idea",
    "part",
    "way",
    "time",
    "step",
    "case",
    "group",
    "work",
    "make",
    "use",
    "need",
    "keep",
    "show",
    "find",
    "read",
    "write",
    "run",
    "build",
    "start",
    "follow",
    "explain",
    "describe",
    "choose",
    "compare",
    "measure",
    "improve",
    "reduce",
    "allow",
    "require",
    "provide",
    "support",
    "handle",
    "usually",
    "often",
    "sometimes",
    "quickly",
    "carefully",
    "clearly",
    "simply",
    "well",
    "better",
    "small",
    "large",
    "simple",
    "complex",
    "common",
    "new",
    "old",
    "different",
    "similar",
    "important",
    "useful",
    "difficult",
    "easy",
    "clear",
    "typical",
    "practical",
    "general",
    "specific",
    "careful",
    "correct",
    "fast",
    "slow",
    "first",
    "second",
    "last",
    "next",
    "whole",
    "every",
    "same",
    "several",
    "few",
    "section",
    "chapter",
    "page",
    "document",
    "guide",
    "note",
    "list",
    "figure",
    "detail",
    "summary",
    "overview",
    "context",
    "history",
    "practice",
    "theory",
    "level",
    "number",
    "amount",
    "cost",
    "value",
];

/// One generated entry.
#[derive(Debug, Clone)]
pub struct Term {
    pub base: String,
    pub acronym: Option<String>,
    pub synonym: Option<String>,
}

impl Term {
    pub fn title(&self) -> String {
        match &self.acronym {
            Some(a) => format!("{} ({a})", self.base),
            None => self.base.clone(),
        }
    }

    /// Names the entry goes by in prose.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.base.as_str())
            .chain(self.acronym.as_deref())
            .chain(self.synonym.as_deref())
    }
}

fn title_word(w: &str) -> String {
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
    (0..n).map(|_| rng.pick(SYLLABLES)).collect()
}

/// The dedupe key: folded case, hyphens as spaces, a plain `s` plural dropped.
fn key(term: &str) -> String {
    let lower = term.to_lowercase().replace('-', " ");
    let trimmed = lower.trim_end();
    match trimmed.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') => stem.to_string(),
        _ => trimmed.to_string(),
    }
}

fn candidate(rng: &mut Rng) -> String {
    let noun = |rng: &mut Rng| {
        if rng.unit() < 0.12 {
            pseudo_word(rng)
        } else {
            rng.pick(NOUNS).to_string()
        }
    };
    let modifier = |rng: &mut Rng| {
        let r = rng.unit();
        if r < 0.04 {
            rng.pick(NON_ASCII).to_string()
        } else if r < 0.10 {
            pseudo_word(rng)
        } else {
            rng.pick(MODIFIERS).to_string()
        }
    };
    let r = rng.unit();
    if r < 0.01 {
        return format!("{}{}", rng.pick(CJK_TERMS), rng.pick(CJK_TERMS));
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
        let middle = if rng.unit() < 0.6 {
            modifier(rng)
        } else {
            noun(rng)
        };
        vec![modifier(rng), middle, noun(rng)]
    } else {
        vec![modifier(rng), modifier(rng), noun(rng), noun(rng)]
    };
    if words.len() >= 2 && rng.unit() < 0.05 {
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

/// `n` distinct entries.
pub fn terms(n: usize, seed: u64) -> Vec<Term> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let base = candidate(&mut rng);
        if base.len() < 3 || !seen.insert(key(&base)) {
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
            if seen.insert(key(&a)) {
                acronym = Some(a);
            }
        }
        let mut synonym = None;
        if rng.unit() < 0.10 {
            let s = candidate(&mut rng);
            if seen.insert(key(&s)) {
                synonym = Some(s);
            }
        }
        out.push(Term {
            base,
            acronym,
            synonym,
        });
    }
    out
}

fn csv_cell(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The terms as a single-file glossary (`term,definition,synonyms,related,slug`).
pub fn csv(terms: &[Term], seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("term,definition,synonyms,related,slug\n");
    for (i, t) in terms.iter().enumerate() {
        csv_cell(&mut out, &t.title());
        out.push(',');
        let definition = format!(
            "{} is a {} {} that {} {} {}.",
            t.base,
            rng.pick(MODIFIERS),
            rng.pick(NOUNS),
            rng.pick(PROSE),
            rng.pick(FUNCTION),
            rng.pick(PROSE)
        );
        csv_cell(&mut out, &definition);
        out.push(',');
        if let Some(s) = &t.synonym {
            csv_cell(&mut out, s);
        }
        out.push(',');
        let related: Vec<String> = (0..rng.below(3))
            .map(|_| terms[rng.below(terms.len())].title())
            .collect();
        csv_cell(&mut out, &related.join(";"));
        let _ = writeln!(out, ",entry-{i}");
    }
    out
}

/// A Markdown document of about `size` bytes using terms of `terms`
/// (log-uniformly: a few a lot, most rarely).
pub fn document(terms: &[Term], size: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("---\ntitle: \"Notes\"\n---\n\n# Notes\n\n");
    let pool = terms.len().max(1);
    let term = |rng: &mut Rng| -> String {
        let i = ((pool as f64).powf(rng.unit()) as usize)
            .saturating_sub(1)
            .min(pool - 1);
        let t = &terms[i];
        if let Some(a) = &t.acronym
            && rng.unit() < 0.3
        {
            return a.clone();
        }
        let mut s = t.base.clone();
        let r = rng.unit();
        if r < 0.55 {
            s = s.to_lowercase();
        }
        if s.is_ascii() && rng.unit() < 0.1 {
            s.push('s');
        }
        s
    };
    while out.len() < size {
        let r = rng.unit();
        if r < 0.08 {
            let t = term(&mut rng);
            let _ = writeln!(out, "## {} and {}\n", rng.pick(PROSE), t);
            continue;
        }
        if r < 0.13 {
            out.push_str("```rust\n");
            for _ in 0..rng.range(2, 8) {
                let t = term(&mut rng);
                let _ = writeln!(out, "let {} = load(\"{t}\");", rng.pick(NOUNS));
            }
            out.push_str("```\n\n");
            continue;
        }
        let list = r < 0.25;
        for _ in 0..rng.range(2, 6) {
            if list {
                out.push_str("- ");
            }
            let words = rng.range(8, 26);
            let mut gap = rng.range(4, 26);
            for w in 0..words {
                if w > 0 {
                    out.push(' ');
                }
                gap -= 1;
                if gap == 0 {
                    let t = term(&mut rng);
                    if rng.unit() < 0.06 {
                        let _ = write!(out, "[{t}](/glossary/entry-{}/)", rng.below(pool));
                    } else {
                        out.push_str(&t);
                    }
                    gap = rng.range(8, 28);
                    continue;
                }
                let x = rng.unit();
                if x < 0.015 {
                    let _ = write!(out, "`{}_{}`", rng.pick(PROSE), rng.pick(NOUNS));
                } else if x < 0.02 {
                    let _ = write!(out, "https://example.com/{}", rng.pick(NOUNS));
                } else if x < 0.45 {
                    out.push_str(rng.pick(FUNCTION));
                } else {
                    out.push_str(rng.pick(PROSE));
                }
            }
            out.push_str(".\n");
        }
        out.push('\n');
    }
    out
}
