//! Loading glossary folders: front matter formats, sections, related terms,
//! folder layout, unreadable files and related-term resolution.
//!
//! Folder layouts live in `tests/fixtures/glossaries/`; single-file cases
//! are written to a temporary folder next to their assertions.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use expect_test::{Expect, expect};
use glossary_ls::config::Limits;
use glossary_ls::glossary::loader::{LoadError, load};
use glossary_ls::glossary::{Entry, Glossary, builtin};
use glossary_ls::text::LineIndex;
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/glossaries")
        .join(name)
}

fn load_fixture(name: &str) -> Glossary {
    load(&[fixture(name)], Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Writes `(relative path, bytes)` files into a fresh folder.
fn write_files(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Writes text files into a fresh folder and loads it as a glossary.
fn load_files(files: &[(&str, &str)]) -> (TempDir, Glossary) {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    let dir = write_files(&bytes);
    let glossary = load(&[dir.path().to_path_buf()], Limits::default()).expect("load");
    (dir, glossary)
}

fn entry<'g>(glossary: &'g Glossary, slug: &str) -> &'g Entry {
    let id = glossary
        .by_slug(slug)
        .unwrap_or_else(|| panic!("no entry `{slug}` in {:?}", slugs(glossary)));
    glossary.entry(id)
}

fn slugs(glossary: &Glossary) -> Vec<&str> {
    glossary.entries().iter().map(|e| e.slug.as_str()).collect()
}

/// The slug each related term of an entry names, as the glossary resolved it.
fn related_slugs<'g>(glossary: &'g Glossary, slug: &str) -> Vec<Option<&'g str>> {
    let id = glossary.by_slug(slug).unwrap();
    glossary
        .related(id)
        .map(|(_, target)| target.map(|t| glossary.entry(t).slug.as_str()))
        .collect()
}

fn codes(entry: &Entry) -> Vec<&'static str> {
    entry.problems.iter().map(|p| p.code.as_str()).collect()
}

/// A compact, line-per-fact rendering of an entry; ranges are shown as the
/// text they cover in the entry's file.
fn render(glossary: &Glossary, slug: &str) -> String {
    let id = glossary.by_slug(slug).unwrap();
    let entry = glossary.entry(id);
    let text = fs::read_to_string(&entry.path).unwrap();
    let mut out = String::new();
    writeln!(out, "slug: {}", entry.slug).unwrap();
    writeln!(
        out,
        "title: {:?} at {:?}",
        entry.title,
        &text[entry.title_range.clone()]
    )
    .unwrap();
    writeln!(out, "forms: {:?}", entry.surface_forms).unwrap();
    writeln!(out, "draft: {}", entry.draft).unwrap();
    let in_depth = entry.in_depth.clone().map(|r| text[r].to_string());
    for (name, value) in [
        ("summary", &entry.summary),
        ("eli5", &entry.eli5),
        ("in_depth", &in_depth),
    ] {
        if let Some(value) = value {
            writeln!(out, "{name}: {value:?}").unwrap();
        }
    }
    for section in &entry.extras().other_sections {
        let body = &text[section.body.clone()];
        writeln!(out, "section {:?}: {:?}", section.heading, body).unwrap();
    }
    for (term, target) in glossary.related(id) {
        let link = term
            .link
            .as_ref()
            .map(|l| format!(" link={l}"))
            .unwrap_or_default();
        let slug = target.map_or("?", |t| glossary.entry(t).slug.as_str());
        writeln!(
            out,
            "related: {:?} at {:?}{link} -> {slug}",
            term.text,
            &text[term.range.clone()]
        )
        .unwrap();
    }
    for problem in &entry.problems {
        writeln!(
            out,
            "problem: {} {} {:?} at {:?}",
            problem.severity.as_str(),
            problem.code,
            problem.message,
            &text[problem.range.clone()]
        )
        .unwrap();
    }
    out
}

fn check_entry(files: &[(&str, &str)], slug: &str, expect: Expect) {
    let (_dir, glossary) = load_files(files);
    expect.assert_eq(&render(&glossary, slug));
}

// ---------------------------------------------------------------------------
// Front matter

#[test]
fn yaml_front_matter() {
    check_entry(
        &[
            (
                "deep-learning.md",
                r#"---
title: "Deep Learning"
draft: false
type: "glossary"
layout: "entry"
---

### Summary
Deep learning is machine learning with many-layered neural networks.

### ELI5
Stacks of simple pattern finders.

### In-depth explanation
Each layer learns features
from the layer below.

### History
Popular since 2012.

### Related terms
Neural Network, Machine Learning
"#,
            ),
            (
                "neural-network.md",
                "# Neural Network\n\nLayers of units.\n",
            ),
            (
                "machine-learning.md",
                "# Machine Learning\n\nLearning from data.\n",
            ),
        ],
        "deep-learning",
        expect![[r#"
            slug: deep-learning
            title: "Deep Learning" at "Deep Learning"
            forms: ["Deep Learning"]
            draft: false
            summary: "Deep learning is machine learning with many-layered neural networks."
            eli5: "Stacks of simple pattern finders."
            in_depth: "Each layer learns features\nfrom the layer below."
            section "History": "Popular since 2012."
            related: "Neural Network" at "Neural Network" -> neural-network
            related: "Machine Learning" at "Machine Learning" -> machine-learning
        "#]],
    );
}

#[test]
fn toml_front_matter() {
    check_entry(
        &[(
            "token.md",
            r#"+++
title = "Token"
draft = true
synonyms = ["Subword", "Word Piece"]
+++

### Summary
A unit of text a model reads.
"#,
        )],
        "token",
        expect![[r#"
            slug: token
            title: "Token" at "Token"
            forms: ["Token", "Subword", "Word Piece"]
            draft: true
            summary: "A unit of text a model reads."
        "#]],
    );
}

#[test]
fn json_front_matter() {
    check_entry(
        &[(
            "embedding.md",
            r#"{
  "title": "Embedding",
  "draft": false,
  "aka": ["Vector Representation"]
}

### Summary
A list of numbers that stands for a word or item.
"#,
        )],
        "embedding",
        expect![[r#"
            slug: embedding
            title: "Embedding" at "Embedding"
            forms: ["Embedding", "Vector Representation"]
            draft: false
            summary: "A list of numbers that stands for a word or item."
        "#]],
    );
}

#[test]
fn no_front_matter_title_from_first_heading() {
    check_entry(
        &[(
            "gradient-descent.md",
            "# Gradient Descent\n\n## Summary\nWalking downhill on the loss surface.\n",
        )],
        "gradient-descent",
        expect![[r#"
            slug: gradient-descent
            title: "Gradient Descent" at "Gradient Descent"
            forms: ["Gradient Descent"]
            draft: false
            summary: "Walking downhill on the loss surface."
        "#]],
    );
}

#[test]
fn no_heading_title_from_file_name() {
    check_entry(
        &[(
            "attention-mechanism.md",
            "Attention lets a model weigh\nthe parts of its input.\n\nMore text.\n",
        )],
        "attention-mechanism",
        expect![[r#"
            slug: attention-mechanism
            title: "Attention Mechanism" at ""
            forms: ["Attention Mechanism"]
            draft: false
            summary: "Attention lets a model weigh the parts of its input."
            problem: warning missing-title "entry has no title in front matter and no `#` heading; the file name is used" at ""
        "#]],
    );
}

#[test]
fn malformed_yaml_in_one_file_leaves_the_others_loading() {
    let glossary = load_fixture("broken-front-matter");
    assert_eq!(
        slugs(&glossary),
        ["activation-function", "half-broken", "tokenization"]
    );
    assert!(glossary.file_problems().is_empty());
    for slug in ["activation-function", "tokenization"] {
        assert!(
            entry(&glossary, slug).problems.is_empty(),
            "{slug}: {:?}",
            entry(&glossary, slug).problems
        );
    }

    let broken = entry(&glossary, "half-broken");
    // Salvaged from the broken block; the body loads as usual.
    assert_eq!(broken.title, "Half Broken");
    assert!(broken.draft);
    assert_eq!(
        broken.summary.as_deref(),
        Some("The front matter has a typo, the rest is fine.")
    );
    assert_eq!(
        related_slugs(&glossary, "half-broken"),
        [Some("activation-function"), Some("tokenization")]
    );

    assert_eq!(codes(broken), ["malformed-front-matter"]);
    let problem = &broken.problems[0];
    // `description: Broken: here` is line 4 of the file; the second `:` is
    // at column 20.
    let text = fs::read_to_string(&broken.path).unwrap();
    let (line, col) = LineIndex::new(&text).line_col(&text, problem.range.start);
    assert_eq!((line + 1, col + 1), (4, 20), "{problem:?}");
    assert!(
        problem.message.contains("line 4, column 20"),
        "{}",
        problem.message
    );
}

/// The message states one location, the file's: not also the parser's own,
/// which counts lines from the start of the front matter block.
#[test]
fn malformed_yaml_message_names_only_the_file_line() {
    let glossary = load_fixture("broken-front-matter");
    let problem = &entry(&glossary, "half-broken").problems[0];
    let lines: Vec<&str> = problem
        .message
        .match_indices("line ")
        .map(|(i, _)| {
            let rest = &problem.message[i + 5..];
            &rest[..rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())]
        })
        .collect();
    assert_eq!(lines, ["4"], "{}", problem.message);
}

#[test]
fn malformed_toml_front_matter_reports_the_file_line() {
    let text = "+++\ntitle = \"Bad Toml\"\ndraft = tru\n+++\n\nBody text.\n";
    let (_dir, glossary) = load_files(&[("bad-toml.md", text)]);
    let entry = entry(&glossary, "bad-toml");
    assert_eq!(entry.title, "Bad Toml");
    assert_eq!(entry.summary.as_deref(), Some("Body text."));
    assert_eq!(codes(entry), ["malformed-front-matter"]);
    let problem = &entry.problems[0];
    assert_eq!(
        LineIndex::new(text).line_col(text, problem.range.start),
        (2, 8)
    );
    assert!(
        problem.message.contains("line 3, column 9"),
        "{}",
        problem.message
    );
}

/// JSON front matter is indented by habit: a typo must not cost the entry
/// its title any more than it does in YAML.
#[test]
fn malformed_json_front_matter_salvages_the_title() {
    let text = "{\n  \"title\": \"Bad Json\",\n  \"draft\": tru\n}\n\nBody text.\n";
    let (_dir, glossary) = load_files(&[("broken-json.md", text)]);
    let entry = entry(&glossary, "broken-json");
    assert_eq!(entry.title, "Bad Json");
    assert_eq!(&text[entry.title_range.clone()], "Bad Json");
    assert_eq!(entry.summary.as_deref(), Some("Body text."));
    assert_eq!(codes(entry), ["malformed-front-matter"]);
}

#[test]
fn unclosed_front_matter_is_reported_on_line_one() {
    let text = "---\ntitle: Unclosed\n\nBody text.\n";
    let (_dir, glossary) = load_files(&[("unclosed.md", text)]);
    let entry = entry(&glossary, "unclosed");
    let problem = entry
        .problems
        .iter()
        .find(|p| p.code == "malformed-front-matter")
        .expect("an unclosed block is reported");
    assert_eq!(&text[problem.range.clone()], "---");
    assert!(problem.message.contains("line 1"), "{}", problem.message);
}

// ---------------------------------------------------------------------------
// Sections

#[test]
fn headings_of_any_level_and_case() {
    check_entry(
        &[(
            "overfitting.md",
            r#"---
title: Overfitting
---

#### SUMMARY
Learning the training data by heart.

#### eli5
Memorising the answers instead of learning the subject.

#### In-depth Explanation
The model fits noise.

#### Related Terms
Underfitting
"#,
        )],
        "overfitting",
        expect![[r#"
            slug: overfitting
            title: "Overfitting" at "Overfitting"
            forms: ["Overfitting"]
            draft: false
            summary: "Learning the training data by heart."
            eli5: "Memorising the answers instead of learning the subject."
            in_depth: "The model fits noise."
            related: "Underfitting" at "Underfitting" -> ?
            problem: warning unresolved-related-term "related term `Underfitting` names no glossary entry" at "Underfitting"
        "#]],
    );
}

/// Known sections are siblings whatever their levels: a `####` heading after
/// `## Summary` starts the next section instead of becoming part of the summary.
#[test]
fn section_headings_of_mixed_levels_end_each_other() {
    check_entry(
        &[(
            "underfitting.md",
            r#"---
title: Underfitting
---

## Summary
A model too simple for its data.

#### In-depth Explanation
It misses real patterns.

## Related Terms
Overfitting
"#,
        )],
        "underfitting",
        expect![[r#"
            slug: underfitting
            title: "Underfitting" at "Underfitting"
            forms: ["Underfitting"]
            draft: false
            summary: "A model too simple for its data."
            in_depth: "It misses real patterns."
            related: "Overfitting" at "Overfitting" -> ?
            problem: warning unresolved-related-term "related term `Overfitting` names no glossary entry" at "Overfitting"
        "#]],
    );
}

#[test]
fn summary_from_first_paragraph_without_summary_section() {
    check_entry(
        &[(
            "inference.md",
            r#"---
title: Inference
---

Inference is running a trained model
on new inputs.

Second paragraph, not the summary.

## Details
More.
"#,
        )],
        "inference",
        expect![[r#"
            slug: inference
            title: "Inference" at "Inference"
            forms: ["Inference"]
            draft: false
            summary: "Inference is running a trained model on new inputs."
            in_depth: "More."
        "#]],
    );
}

/// A body that repeats the front matter title as its `#` heading is common;
/// that heading is the title again, not a section holding the whole entry.
#[test]
fn h1_repeating_the_front_matter_title_is_not_a_section() {
    check_entry(
        &[(
            "transformer.md",
            "---\ntitle: Transformer\n---\n\n# Transformer\n\n## Summary\nAttention all the way down.\n",
        )],
        "transformer",
        expect![[r#"
            slug: transformer
            title: "Transformer" at "Transformer"
            forms: ["Transformer"]
            draft: false
            summary: "Attention all the way down."
        "#]],
    );
}

#[test]
fn crlf_line_endings() {
    let text = "---\r\ntitle: \"Chatbot\"\r\n---\r\n\r\n### Summary\r\nA program you talk to.\r\n\r\n### Related terms\r\nAgent, Assistant.\r\n";
    check_entry(
        &[("chatbot.md", text)],
        "chatbot",
        expect![[r#"
            slug: chatbot
            title: "Chatbot" at "Chatbot"
            forms: ["Chatbot"]
            draft: false
            summary: "A program you talk to."
            related: "Agent" at "Agent" -> ?
            related: "Assistant" at "Assistant" -> ?
            problem: warning unresolved-related-term "related term `Agent` names no glossary entry" at "Agent"
            problem: warning unresolved-related-term "related term `Assistant` names no glossary entry" at "Assistant"
        "#]],
    );
}

/// Editors on Windows write a byte-order mark; it must not hide the title heading.
#[test]
fn byte_order_mark_before_title_heading() {
    let (_dir, glossary) = load_files(&[(
        "hallucination.md",
        "\u{feff}# Hallucination\n\nA confident answer that is not true.\n",
    )]);
    let entry = entry(&glossary, "hallucination");
    assert_eq!(entry.title, "Hallucination");
    assert_eq!(
        entry.summary.as_deref(),
        Some("A confident answer that is not true.")
    );
    assert!(entry.problems.is_empty(), "{:?}", entry.problems);
}

// ---------------------------------------------------------------------------
// Related terms

#[test]
fn related_comma_list_with_parentheses_and_trailing_period() {
    let (_dir, glossary) = load_files(&[(
        "sequence-model.md",
        r#"---
title: Sequence Model
---

### Summary
A model over ordered inputs.

### Related terms
Recurrent Neural Networks (RNNs, LSTMs), Attention (as in transformers),
Deep Learning.
"#,
    )]);
    let entry = entry(&glossary, "sequence-model");
    let text = fs::read_to_string(&entry.path).unwrap();
    let written: Vec<(&str, &str)> = entry
        .related
        .iter()
        .map(|r| (r.text.as_str(), &text[r.range.clone()]))
        .collect();
    assert_eq!(
        written,
        [
            (
                "Recurrent Neural Networks (RNNs, LSTMs)",
                "Recurrent Neural Networks (RNNs, LSTMs)"
            ),
            (
                "Attention (as in transformers)",
                "Attention (as in transformers)"
            ),
            ("Deep Learning", "Deep Learning"),
        ]
    );
}

#[test]
fn related_bullet_list_with_markdown_links() {
    let glossary = load_fixture("related");
    check_related(
        &glossary,
        "scalability",
        expect![[r#"
            related: "Horizontal Scaling" at "Horizontal Scaling" link=/horizontal-scaling/ -> horizontal-scaling
            related: "Scaling out" at "Scaling out" link=../horizontal-scaling.md#top -> horizontal-scaling
            related: "Vertical Scaling" at "Vertical Scaling" -> vertical-scaling
        "#]],
    );
    assert!(entry(&glossary, "scalability").problems.is_empty());
}

/// A sub-list under an item is not part of that item's term.
#[test]
fn related_bullet_list_with_nested_items() {
    let (_dir, glossary) = load_files(&[(
        "supervised-learning.md",
        "---\ntitle: Supervised Learning\n---\n\nLearning from labelled examples.\n\n## Related terms\n- Classification\n  - Binary Classification\n- Regression\n",
    )]);
    let related: Vec<&str> = entry(&glossary, "supervised-learning")
        .related
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(related.first(), Some(&"Classification"), "{related:?}");
    assert_eq!(related.last(), Some(&"Regression"), "{related:?}");
    assert!(
        related
            .iter()
            .all(|t| !t.contains('\n') && !t.contains("- ")),
        "{related:?}"
    );
}

fn check_related(glossary: &Glossary, slug: &str, expect: Expect) {
    let rendered = render(glossary, slug);
    let related: String = rendered
        .lines()
        .filter(|l| l.starts_with("related:"))
        .map(|l| format!("{l}\n"))
        .collect();
    expect.assert_eq(&related);
}

#[test]
fn related_terms_resolve_across_plural_acronym_and_trailing_period() {
    let glossary = load_fixture("related");
    check_related(
        &glossary,
        "long-short-term-memory",
        expect![[r#"
            related: "Recurrent Neural Networks (RNNs)" at "Recurrent Neural Networks (RNNs)" -> recurrent-neural-network
            related: "Gated Recurrent Unit (GRU)" at "Gated Recurrent Unit (GRU)" -> gated-recurrent-unit
            related: "Neural Networks" at "Neural Networks" -> neural-network
            related: "Deep Learning" at "Deep Learning" -> deep-learning
        "#]],
    );
    assert!(
        entry(&glossary, "long-short-term-memory")
            .problems
            .is_empty()
    );
}

#[test]
fn plain_title_resolves_to_title_with_acronym() {
    let (_dir, glossary) = load_files(&[
        (
            "machine-learning.md",
            "# Machine Learning (ML)\n\nLearning from data.\n",
        ),
        (
            "deep-learning.md",
            "# Deep Learning\n\nMany layers.\n\n## Related terms\nMachine Learning, ML, machine learning\n",
        ),
    ]);
    let related = related_slugs(&glossary, "deep-learning");
    assert_eq!(related, [Some("machine-learning"); 3]);
    let id = glossary.by_slug("machine-learning");
    assert_eq!(glossary.resolve("Machine Learning"), id);
    assert_eq!(glossary.resolve("ML"), id);
}

#[test]
fn title_with_acronym_resolves_to_plain_title() {
    let (_dir, glossary) = load_files(&[
        (
            "machine-learning.md",
            "# Machine Learning\n\nLearning from data.\n",
        ),
        (
            "deep-learning.md",
            "# Deep Learning\n\nMany layers.\n\n## Related terms\nMachine Learning (ML)\n",
        ),
    ]);
    let related = &entry(&glossary, "deep-learning").related;
    assert_eq!(related[0].text, "Machine Learning (ML)");
    assert_eq!(
        related_slugs(&glossary, "deep-learning"),
        [Some("machine-learning")]
    );
    assert_eq!(
        glossary.resolve("Machine Learning (ML)"),
        glossary.by_slug("machine-learning")
    );
}

#[test]
fn resolve_normalises_case_plural_dashes_and_period() {
    let glossary = load_fixture("related");
    let rnn = glossary.by_slug("recurrent-neural-network");
    let lstm = glossary.by_slug("long-short-term-memory");
    for name in [
        "recurrent neural network",
        "RECURRENT NEURAL NETWORKS",
        "RNN",
        "RNNs",
        "Recurrent Neural Networks (RNNs).",
    ] {
        assert_eq!(glossary.resolve(name), rnn, "{name}");
    }
    for name in [
        "LSTM",
        "Long Short-Term Memory",
        "long short term memory",
        "Long Short\u{2013}Term Memory",
        "Long Short-Term Memory (LSTM)",
    ] {
        assert_eq!(glossary.resolve(name), lstm, "{name}");
    }
    assert_eq!(glossary.resolve("Quantum Widgets"), None);
}

#[test]
fn unresolved_related_term_stays_as_written() {
    let glossary = load_fixture("related");
    let entry = entry(&glossary, "deep-learning");
    let text = fs::read_to_string(&entry.path).unwrap();
    let term = &entry.related[1];
    assert_eq!(term.text, "Quantum Widgets");
    assert_eq!(&text[term.range.clone()], "Quantum Widgets");
    assert_eq!(term.link, None);
    assert_eq!(
        related_slugs(&glossary, "deep-learning"),
        [Some("neural-network"), None]
    );

    assert_eq!(codes(entry), ["unresolved-related-term"]);
    assert_eq!(entry.problems[0].range, term.range);
    assert!(entry.problems[0].message.contains("Quantum Widgets"));
}

// ---------------------------------------------------------------------------
// Surface forms and flags

#[test]
fn acronym_title_gives_both_surface_forms() {
    let glossary = load_fixture("related");
    let lstm = entry(&glossary, "long-short-term-memory");
    assert_eq!(lstm.title, "Long Short-Term Memory (LSTM)");
    assert_eq!(lstm.surface_forms, ["Long Short-Term Memory", "LSTM"]);
    let rnn = entry(&glossary, "recurrent-neural-network");
    assert_eq!(rnn.surface_forms, ["Recurrent Neural Network", "RNN"]);
}

#[test]
fn synonyms_aka_and_terms_keys() {
    check_entry(
        &[(
            "large-language-model.md",
            r#"---
title: "Large Language Model (LLM)"
synonyms: ["Foundation Language Model", "Language Model"]
aka: "Chat Model, Text Generator"
terms:
  - Generative Pretrained Transformer (GPT)
---

### Summary
A very large model of text.
"#,
        )],
        "large-language-model",
        expect![[r#"
            slug: large-language-model
            title: "Large Language Model (LLM)" at "Large Language Model (LLM)"
            forms: ["Large Language Model", "LLM", "Foundation Language Model", "Language Model", "Chat Model", "Text Generator", "Generative Pretrained Transformer", "GPT"]
            draft: false
            summary: "A very large model of text."
        "#]],
    );
}

#[test]
fn aliases_only_when_not_url_paths() {
    let (_dir, glossary) = load_files(&[(
        "fine-tuning.md",
        r#"---
title: Fine-Tuning
aliases:
  - /glossary/finetuning/
  - https://example.com/old/fine-tuning
  - old/fine-tuning
  - fine-tuning.html
  - Finetuning
  - Model Adaptation
---

Adapting a trained model to a new task.
"#,
    )]);
    assert_eq!(
        entry(&glossary, "fine-tuning").surface_forms,
        ["Fine-Tuning", "Finetuning", "Model Adaptation"]
    );
}

#[test]
fn draft_flag() {
    let (_dir, glossary) = load_files(&[
        ("yaml-draft.md", "---\ntitle: A\ndraft: true\n---\nText.\n"),
        (
            "yaml-published.md",
            "---\ntitle: B\ndraft: false\n---\nText.\n",
        ),
        (
            "toml-draft.md",
            "+++\ntitle = 'C'\ndraft = true\n+++\nText.\n",
        ),
        (
            "json-draft.md",
            "{\n\"title\": \"D\",\n\"draft\": true\n}\nText.\n",
        ),
        ("no-key.md", "---\ntitle: E\n---\nText.\n"),
        ("no-front-matter.md", "# F\n\nText.\n"),
    ]);
    let drafts: Vec<(&str, bool)> = glossary
        .entries()
        .iter()
        .map(|e| (e.slug.as_str(), e.draft))
        .collect();
    assert_eq!(
        drafts,
        [
            ("json-draft", true),
            ("no-front-matter", false),
            ("no-key", false),
            ("toml-draft", true),
            ("yaml-draft", true),
            ("yaml-published", false),
        ]
    );
}

#[test]
fn yaml_title_range_ignores_nested_title_keys() {
    let (_dir, glossary) = load_files(&[(
        "transfer-learning.md",
        r#"---
params:
  title: Not The Title
title: "Transfer Learning"
---

Reusing what a model learnt on one task for another.
"#,
    )]);
    let entry = entry(&glossary, "transfer-learning");
    let text = fs::read_to_string(&entry.path).unwrap();
    assert_eq!(entry.title, "Transfer Learning");
    assert_eq!(&text[entry.title_range.clone()], "Transfer Learning");
}

// ---------------------------------------------------------------------------
// Folder layout

#[test]
fn page_bundle_index_takes_its_folder_name() {
    let glossary = load_fixture("layout");
    let bundle = entry(&glossary, "bundled-term");
    assert_eq!(bundle.title, "Bundled Term");
    assert!(bundle.path.ends_with("bundled-term/index.md"));
    // The bundle's other files are its resources, not entries.
    assert!(glossary.by_slug("extra").is_none());
    assert!(glossary.resolve("Bundle Resource").is_none());
}

#[test]
fn underscore_files_are_not_entries() {
    let glossary = load_fixture("layout");
    assert!(glossary.by_slug("_index").is_none());
    assert!(glossary.resolve("Glossary").is_none());
    assert!(
        glossary
            .entries()
            .iter()
            .all(|e| !e.path.ends_with("_index.md"))
    );
}

#[test]
fn subfolder_with_its_own_index_is_not_read() {
    let glossary = load_fixture("layout");
    assert!(glossary.by_slug("section-term").is_none());
    assert!(glossary.resolve("Section Term").is_none());
    assert!(glossary.resolve("Another Section").is_none());
}

#[test]
fn layout_loads_exactly_the_entries() {
    let glossary = load_fixture("layout");
    let mut found = slugs(&glossary);
    found.sort();
    // `nested/` has no `_index.md`: it is part of this glossary.
    assert_eq!(
        found,
        [
            "alt-extension",
            "bundled-term",
            "nested-term",
            "plain-entry"
        ]
    );
    assert!(glossary.file_problems().is_empty());
    for e in glossary.entries() {
        assert!(e.problems.is_empty(), "{}: {:?}", e.slug, e.problems);
    }
}

#[test]
fn non_utf8_file_is_a_file_problem() {
    let dir = write_files(&[
        ("latin1.md", b"# Caf\xe9 Culture\n\nA term in Latin-1.\n"),
        ("good.md", b"# Good\n\nFine.\n"),
    ]);
    let glossary = load(&[dir.path().to_path_buf()], Limits::default()).unwrap();
    assert_eq!(slugs(&glossary), ["good"]);
    let problems = glossary.file_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].path.ends_with("latin1.md"));
    assert_eq!(problems[0].problem.code, "not-utf8");
}

#[test]
fn binary_file_is_a_file_problem() {
    let dir = write_files(&[
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("good.md", b"# Good\n\nFine.\n"),
    ]);
    let glossary = load(&[dir.path().to_path_buf()], Limits::default()).unwrap();
    assert_eq!(slugs(&glossary), ["good"]);
    let problems = glossary.file_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].path.ends_with("image.md"));
    assert_eq!(problems[0].problem.code, "binary-file");
}

#[test]
fn two_roots_at_once() {
    let roots = [fixture("root-a"), fixture("root-b")];
    let glossary = load(&roots, Limits::default()).unwrap();
    assert_eq!(
        slugs(&glossary),
        ["deep-learning", "neural-network", "dl", "gradient-descent"]
    );
    let loaded: Vec<&Path> = glossary.roots().iter().map(|r| r.path.as_path()).collect();
    assert_eq!(loaded, [roots[0].as_path(), roots[1].as_path()]);
    assert!(glossary.roots().iter().all(|r| !r.builtin));
    assert!(
        entry(&glossary, "gradient-descent")
            .path
            .starts_with(&roots[1])
    );
}

#[test]
fn duplicate_title_is_reported_on_both_entries() {
    let roots = [fixture("root-a"), fixture("root-b")];
    let glossary = load(&roots, Limits::default()).unwrap();
    let first = entry(&glossary, "deep-learning");
    let second = entry(&glossary, "dl");
    assert_eq!(codes(first), ["duplicate-title"]);
    assert_eq!(codes(second), ["duplicate-title"]);
    // Each names the other file, and points at its own title.
    assert!(
        first.problems[0].message.contains("dl.md"),
        "{}",
        first.problems[0].message
    );
    assert!(
        second.problems[0].message.contains("deep-learning.md"),
        "{}",
        second.problems[0].message
    );
    assert_eq!(first.problems[0].range, first.title_range);
    assert_eq!(second.problems[0].range, second.title_range);
    assert!(codes(entry(&glossary, "neural-network")).is_empty());
}

#[test]
fn missing_or_file_root_is_an_error() {
    let missing = fixture("no-such-folder");
    assert!(matches!(
        load(&[missing], Limits::default()),
        Err(LoadError::NotFound(_))
    ));
    // A Markdown file is a one-file glossary; a file of no glossary shape
    // is an error.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "Page bundle: a folder.\n").unwrap();
    assert!(matches!(
        load(&[file], Limits::default()),
        Err(LoadError::NotADirectory(_))
    ));
    assert!(load(&[fixture("layout/plain-entry.md")], Limits::default()).is_ok());
}

// ---------------------------------------------------------------------------
// The built-in glossary

#[test]
fn builtin_glossary_is_complete_and_clean() {
    let glossary = builtin::glossary();
    assert!(glossary.len() >= 40, "only {} entries", glossary.len());
    assert!(glossary.file_problems().is_empty());
    for (id, entry) in glossary.entries().iter().enumerate() {
        assert!(entry.builtin, "{}", entry.slug);
        assert!(
            entry.problems.is_empty(),
            "{}: {:?}",
            entry.slug,
            entry.problems
        );
        assert!(entry.summary.is_some(), "{} has no summary", entry.slug);
        for (term, target) in glossary.related(id as u32) {
            assert!(
                target.is_some(),
                "{}: related term `{}` is unresolved",
                entry.slug,
                term.text
            );
        }
    }
}
