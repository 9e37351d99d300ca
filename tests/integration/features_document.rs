//! Incremental analysis must give exactly what a full analysis gives.

use std::sync::Arc;

use crate::common::rng::Rng;
use glossary_ls::analysis::{Analysis, Rescan, Scanner};
use glossary_ls::glossary::builtin;
use glossary_ls::index::{DocKind, GlossaryIndex};

fn scanner() -> Scanner {
    Scanner::new(GlossaryIndex::new(builtin::glossary()))
}

/// Ordinary paragraphs, most of a real document.
const PROSE: &[&str] = &[
    "Deep learning uses neural networks and backpropagation.\n\n",
    "A machine\nlearning model wraps its terms across lines. Then fine-tuning.\n\n",
    "Gradient descent, embeddings (and transformers): a large language model\nhallucinates.\n\n",
    "Text with `inline code` and *emphasised transformers*, also [a link](x.md).\n\n",
    "- a list of chatbots\n- and of diffusion models\n\n",
    "Plain words only, nothing to find here at all.\n\n",
];

/// Structure: code, HTML, quotes, tables, definitions, shortcodes, odd line breaks.
const FRAGMENTS: &[&str] = &[
    "Deep learning uses neural networks and backpropagation.\n",
    "A machine\nlearning model wraps its terms across lines.\n",
    "\n",
    "\n\n",
    "```\nAI inside code\n```\n",
    "~~~ text\nGAN\n~~~\n",
    "- item about AI and GANs\n  continued with a large language model\n",
    "1. first: gradient descent\n2. second, an embedding\n",
    "> quoted deep\n> learning here\n",
    "[Transformer](../glossary/transformer.md) and [the LLM][x] too.\n",
    "[x]: https://example.com/llm\n",
    "<!-- a comment about AI -->\n",
    "<div>\nAI in html\n</div>\n",
    "    indented code with AI\n",
    "Visit https://ai.example/deep-learning now. Then fine-tuning.\n",
    "emoji \u{1f600} Deep Learning \u{6df1}\u{5ea6}\u{5b66}\u{4e60} and hallucinations\r\n",
    "CRLF line on Machine Learning\r\n\r\n",
    "lone CR about inference\r\r",
    "# Heading about a Neural Network\n",
    "| a | AI |\n|---|---|\n| ML | chatbot |\n",
    "A [GAN]({{< ref \"glossary/gan\" >}}) shortcode. {{< note >}}AI{{< /note >}}\n",
    "---\n",
    "+++\n",
    "Text with `inline AI code` and *emphasised transformers*.\n",
    "Setext heading on embeddings\n===\n",
    "word",
];

const SMALL: &[&str] = &[
    " ",
    "\n",
    "\r\n",
    "\r",
    "a",
    "I",
    "A",
    "s",
    "`",
    "``",
    "```",
    "#",
    "-",
    "> ",
    "*",
    "[",
    "]",
    "(",
    ")",
    "]:",
    "<",
    "<!--",
    "{{",
    "é",
    "\u{1f600}",
    ".",
    ",",
    "learning",
    "network ",
    "Deep ",
    "Machine",
    "  ",
    "\t",
    "|",
    "---",
    "{",
];

fn random_doc(rng: &mut Rng, front_matter: bool) -> String {
    let mut text = String::new();
    if front_matter {
        text.push_str("---\ntitle: \"Deep Learning notes\"\n---\n");
    }
    for _ in 0..12 + rng.below(20) {
        text.push_str(if rng.below(5) == 0 {
            rng.pick(FRAGMENTS)
        } else {
            rng.pick(PROSE)
        });
        if rng.below(3) == 0 {
            text.push('\n');
        }
    }
    text
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn run_edits(kind: DocKind, seed: u64, docs: usize, edits: usize) -> (usize, usize) {
    let scanner = scanner();
    let mut rng = Rng(seed);
    let (mut windows, mut fulls) = (0, 0);
    for doc in 0..docs {
        let text = random_doc(&mut rng, doc % 2 == 0);
        let mut analysis = Analysis::new(text, kind, &scanner);
        for step in 0..edits {
            let text = analysis.text().to_string();
            let start = floor(&text, rng.below(text.len() + 1));
            let end = floor(&text, start + [0, 0, 1, 1, 2, 5, 20, 80][rng.below(8)]);
            let insert = match rng.below(8) {
                0 => rng.pick(FRAGMENTS),
                1 => rng.pick(PROSE),
                _ => rng.pick(SMALL),
            };
            let how = analysis.edit(start..end, insert, &scanner);
            match how {
                Rescan::Window(_) => windows += 1,
                Rescan::Full => fulls += 1,
            }
            let mut expected_text = text.clone();
            expected_text.replace_range(start..end, insert);
            let expected = Analysis::new(expected_text, kind, &scanner);
            if analysis != expected {
                panic!(
                    "doc {doc} step {step}: edit {start}..{end} -> {insert:?} ({how:?}) differs\nbefore: {text:?}\nafter: {:?}\n\
                     got occurrences {:?}\nwant {:?}\ngot prose {:?}\nwant {:?}\ngot blocks {:?}\nwant {:?}",
                    analysis.text(),
                    analysis.occurrences(),
                    expected.occurrences(),
                    analysis.prose(),
                    expected.prose(),
                    analysis.blocks(),
                    expected.blocks()
                );
            }
        }
    }
    eprintln!("{kind:?}: {windows} windowed edits, {fulls} full analyses");
    (windows, fulls)
}

#[test]
fn incremental_markdown_equals_full_analysis() {
    let (windows, fulls) = run_edits(DocKind::Markdown, 0x9e37_79b9_7f4a_7c15, 24, 150);
    // Both paths must have been exercised for the comparison to mean anything.
    assert!(
        windows > 500,
        "only {windows} windowed edits ({fulls} full)"
    );
    assert!(fulls > 50, "only {fulls} full analyses");
}

#[test]
fn incremental_plain_text_equals_full_analysis() {
    let (windows, fulls) = run_edits(DocKind::PlainText, 0x2545_f491_4f6c_dd1d, 24, 150);
    assert!(
        windows > 500,
        "only {windows} windowed edits ({fulls} full)"
    );
    assert!(fulls > 10, "only {fulls} full analyses");
}

#[test]
fn a_keystroke_in_a_paragraph_rescans_only_that_paragraph() {
    let scanner = scanner();
    let mut text = String::from("---\ntitle: x\n---\n");
    for _ in 0..200 {
        text.push_str("A paragraph on deep learning and neural networks.\n\n");
    }
    let mut analysis = Analysis::new(text, DocKind::Markdown, &scanner);
    let before = analysis.occurrences().len();
    let at = analysis.text().len() / 2;
    let at = analysis.text()[at..].find("deep").unwrap() + at;
    match analysis.edit(at..at + 4, "Deep", &scanner) {
        Rescan::Window(range) => assert!(range.len() < 120, "window {range:?} is too wide"),
        Rescan::Full => panic!("a plain paragraph edit should not need a full analysis"),
    }
    assert_eq!(analysis.occurrences().len(), before);
}

#[test]
fn edits_are_clamped_to_the_text() {
    let scanner = scanner();
    let mut analysis = Analysis::new(
        "Deep learning \u{1f600}".to_string(),
        DocKind::Markdown,
        &scanner,
    );
    analysis.edit(100..200, " embeddings", &scanner);
    assert_eq!(analysis.text(), "Deep learning \u{1f600} embeddings");
    // A range inside the emoji is moved to its start.
    analysis.edit(16..17, "", &scanner);
    assert_eq!(analysis.text(), "Deep learning \u{1f600} embeddings");
    #[allow(clippy::reversed_empty_ranges)] // A client bug the server must survive.
    analysis.edit(5..0, "", &scanner);
    assert_eq!(analysis.occurrences().len(), 2);
}

#[test]
fn cursor_helpers() {
    let scanner = scanner();
    let text = "---\ntitle: AI\n---\nDeep learning.\n\n```\nAI\n```\n".to_string();
    let analysis = Analysis::new(text, DocKind::Markdown, &scanner);
    let text = analysis.text();
    assert!(analysis.in_front_matter(5));
    assert!(!analysis.in_front_matter(text.find("Deep").unwrap()));
    assert!(analysis.in_block(text.find("AI\n```").unwrap()));
    let occurrence = analysis
        .occurrence_at(text.find("learning").unwrap())
        .unwrap();
    assert_eq!(&text[occurrence.range.clone()], "Deep learning");
    assert!(
        analysis
            .occurrence_at(text.find("Deep").unwrap() + "Deep learning".len())
            .is_some()
    );
    assert!(
        analysis
            .occurrence_at(text.find("AI\n```").unwrap())
            .is_none()
    );
    let _ = Arc::clone(scanner.index());
}
