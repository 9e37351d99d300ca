//! Finding glossary terms in documents: word boundaries, case, inflection,
//! Unicode, Markdown regions and byte offsets.
//!
//! Most cases are rows of `SCANS` (glossary fixture, document) whose results
//! are in `tests/fixtures/scans.txt`; the glossary is a folder under
//! `tests/fixtures/glossaries/`, the result one line per occurrence:
//! `start..end "text" -> slug linked=bool`.

use std::path::Path;
use std::sync::Arc;

use expect_test::{expect, expect_file};
use glossary_ls::config::Limits;
use glossary_ls::glossary::loader::load;
use glossary_ls::index::{GlossaryIndex, Occurrence};
use glossary_ls::markdown::prose::{DocKind, Prose, prose};
use glossary_ls::text::LineIndex;

fn index(fixture: &str) -> Arc<GlossaryIndex> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/glossaries")
        .join(fixture);
    let glossary = load(&[root], Limits::default()).unwrap_or_else(|e| panic!("{fixture}: {e}"));
    GlossaryIndex::new(glossary)
}

fn render(idx: &GlossaryIndex, text: &str, occurrences: &[Occurrence]) -> String {
    occurrences
        .iter()
        .map(|o| {
            format!(
                "{}..{} {:?} -> {} linked={}{}\n",
                o.range.start,
                o.range.end,
                &text[o.range.clone()],
                idx.entry(o.entry).slug,
                o.link.is_some(),
                o.avoided.map_or(String::new(), |i| format!(
                    " avoided={:?}",
                    idx.entry(o.entry).avoid[i as usize].term
                ))
            )
        })
        .collect()
}

fn scan(fixture: &str, text: &str, kind: DocKind) -> (Arc<GlossaryIndex>, Prose, Vec<Occurrence>) {
    let idx = index(fixture);
    let p = prose(text, kind);
    let occurrences = idx.scan(text, &p);
    (idx, p, occurrences)
}

#[test]
fn fixtures_load_cleanly() {
    for fixture in ["matching", "overlap", "names", "terminology"] {
        let idx = index(fixture);
        assert!(idx.glossary.file_problems().is_empty());
        for entry in idx.glossary.entries() {
            assert!(
                entry.problems.is_empty(),
                "{fixture}/{}: {:?}",
                entry.slug,
                entry.problems
            );
        }
    }
}

/// Documents scanned against a fixture glossary: (case, glossary, kind,
/// text). What each finds is in `tests/fixtures/scans.txt`, one section a
/// case (`UPDATE_EXPECT=1 cargo test` rewrites it after a deliberate change).
const SCANS: &[(&str, &str, DocKind, &str)] = &[
    (
        "acronym_not_matched_inside_a_word",
        "matching",
        DocKind::Markdown,
        "He said AI is SAID to beat OpenAI at AI-first design.\n",
    ),
    (
        "acronym_matches_only_as_written",
        "matching",
        DocKind::Markdown,
        "ML and ml and Ml differ; add 5 ml of HTML. Two MLs.\n",
    ),
    (
        "plural_and_possessive_match_once",
        "matching",
        DocKind::Markdown,
        "Neural networks learn. A neural network's weights, a neural network\u{2019}s bias, the NEURAL NETWORKS' outputs.\n",
    ),
    (
        "hyphen_space_and_dash_variants_match",
        "matching",
        DocKind::Markdown,
        "Socio-technical systems, a socio technical system and the Socio\u{2013}Technical System.\n",
    ),
    (
        "term_not_matched_inside_a_longer_word",
        "matching",
        DocKind::Markdown,
        "Lossless compression has no loss; losses add up in the loss function.\n",
    ),
    (
        "y_plural_matches_the_singular_term",
        "matching",
        DocKind::Markdown,
        "A policy, two policies, POLICIES; not a policymaker or the police.\n",
    ),
    (
        "typographic_apostrophe_in_term_matches_either_apostrophe",
        "matching",
        DocKind::Markdown,
        "By Occam's razor, and by Occam\u{2019}s Razor again.\n",
    ),
    (
        "leftmost_longest_deep_learning_is_one_match",
        "overlap",
        DocKind::Markdown,
        "Deep learning is learning with deep\nlearning networks.\n",
    ),
    // `neural network` is rejected where `networking` goes on; `neural` alone
    // is still a valid term there. Where `neural network` fails its left
    // boundary, `network` inside it is still found.
    (
        "rejecting_a_long_match_keeps_a_shorter_valid_one",
        "overlap",
        DocKind::Markdown,
        "A neural networking stack; a proneural network.\n",
    ),
    (
        "no_match_in_fenced_code_block",
        "matching",
        DocKind::Markdown,
        "Deep learning:\n\n```python\ndeep_learning = \"Deep Learning\"\n# neural network\n```\n\n~~~\nAI\n~~~\n",
    ),
    (
        "no_match_in_indented_code_block",
        "matching",
        DocKind::Markdown,
        "Deep learning:\n\n    train the neural network\n    with AI\n\nEnd.\n",
    ),
    (
        "no_match_in_inline_code",
        "matching",
        DocKind::Markdown,
        "Call `neural_network(AI)` or ``Deep Learning`` from deep learning code.\n",
    ),
    (
        "no_match_in_html",
        "matching",
        DocKind::Markdown,
        "<div class=\"Deep Learning\">\nneural network\n</div>\n\nSee <span title=\"AI\">deep learning</span> <!-- neural network --> here.\n",
    ),
    (
        "no_match_in_front_matter",
        "matching",
        DocKind::Markdown,
        "---\ntitle: Deep Learning\ntags: [AI, ML]\n---\n\nNeural network.\n",
    ),
    (
        "no_match_in_toml_front_matter",
        "matching",
        DocKind::Markdown,
        "+++\ntitle = \"Deep Learning\"\n+++\nNeural network.\n",
    ),
    (
        "no_match_in_bare_url",
        "matching",
        DocKind::Markdown,
        "Read https://example.com/deep-learning/AI?q=neural+network, or www.ml.org/AI on deep learning.\n",
    ),
    (
        "no_match_in_autolink",
        "matching",
        DocKind::Markdown,
        "Read <https://example.com/deep-learning/AI> about neural networks.\n",
    ),
    (
        "no_match_in_link_destination",
        "matching",
        DocKind::Markdown,
        "Read [the AI guide](/deep-learning/ \"Neural Network\") or [this][ref].\n\n[ref]: https://example.com/AI \"Machine Learning\"\n",
    ),
    (
        "no_match_in_hugo_shortcode",
        "matching",
        DocKind::Markdown,
        "{{< figure caption=\"Deep Learning\" >}} and deep learning.\n",
    ),
    (
        "japanese_term_inside_a_sentence_without_spaces",
        "matching",
        DocKind::Markdown,
        "これは機械学習の例です。機械学習はAIの一分野。\n",
    ),
    (
        "multi_word_term_across_a_line_wrap_in_a_paragraph",
        "matching",
        DocKind::Markdown,
        "We use machine\nlearning and neural\r\nnetworks daily.\n",
    ),
    (
        "multi_word_term_across_a_line_wrap_in_a_list_item_or_quote",
        "matching",
        DocKind::Markdown,
        "- We use machine\n  learning daily.\n\n> A neural\n> network here.\n",
    ),
    (
        "plain_text_scans_everything",
        "matching",
        DocKind::PlainText,
        "```\ndeep learning\n```\n`AI` <b>ML</b> [neural network](/x/)\n    indented Policy\n",
    ),
    (
        "unicode_case_insensitive",
        "matching",
        DocKind::Markdown,
        "ÜBERANPASSUNG, überanpassung; ΕΝΤΡΟΠΊΑ and εντροπία.\n",
    ),
    // Unicode case folding maps both `ς` and `Σ` to `σ`: the upper-case
    // spelling of a word ending in final sigma is still that word.
    (
        "greek_final_sigma_matches_upper_case",
        "matching",
        DocKind::Markdown,
        "ΛΌΓΟΣ and λόγος.\n",
    ),
    (
        "underscore_emphasis_bounds_a_term_like_a_space",
        "matching",
        DocKind::Markdown,
        "A _policy_, a __loss function__, [_policy_](g), *policy*, ~~policy~~, but not my_policy_name or policy_x.\n",
    ),
    (
        "plural_title_matches_the_singular",
        "names",
        DocKind::Markdown,
        "One lantern, two lanterns, a Lantern's glow. The news is not new.\n",
    ),
    (
        "short_names_in_parentheses_are_names_of_their_own",
        "names",
        DocKind::Markdown,
        "StaaS and storage as a service; the SharedBook is a shared ledger. DataFlow 即 数据管道。茶の湯と茶会。Caching is layered.\n",
    ),
    (
        "compounds_closed_spaced_or_hyphenated_are_one_name",
        "names",
        DocKind::Markdown,
        "Autoscaling, auto scaling, auto-scaling and Auto Scaling; a datacenter, two data centers, data-centre. No autos calling, no photo scaling.\n",
    ),
    // Avoided variants are found like names: any case, plural, possessive,
    // whole words only (`catalog in`, `blog in` are not `log in`).
    (
        "avoided_variants_match_like_names",
        "terminology",
        DocKind::Markdown,
        "Log in, then LOG IN again. Two logins; the login's page. A catalog in print, a blog in French, a logging interval. Sign in, sign on.\n",
    ),
    // The longest name wins: `gap pad` inside `thermal gap pad` is that
    // entry's name, not the avoided variant of `Thermal Pad`.
    (
        "avoided_variant_inside_a_longer_name_is_the_name",
        "terminology",
        DocKind::Markdown,
        "A thermal gap pad, then a gap pad, two Gap Pads, thermal gap pads.\n",
    ),
    // An exact-case entry's names are found in any case (the wrong case is
    // a diagnostic); its avoided variants only in their own case.
    (
        "exact_case_entry_matches_names_in_any_case_and_variants_as_written",
        "terminology",
        DocKind::Markdown,
        "GitHub, Github, GITHUB, github's. Git Hub, git hub.\n",
    ),
    (
        "avoided_variants_with_hyphens_and_dots",
        "terminology",
        DocKind::Markdown,
        "Send an e-mail, two E-Mails, an e mail, an email. A.I. and AI; said A.I.s.\n",
    ),
    (
        "avoided_variants_only_in_prose",
        "terminology",
        DocKind::Markdown,
        "---\ntitle: log in\n---\n`log in` [log in](https://example.com/log-in) <!-- log in --> https://example.com/login\n\n```\nlog in\n```\n\n    log in\n\nlog in\n",
    ),
];

#[test]
fn scans_find_what_their_snapshots_say() {
    let mut out = String::new();
    for (case, fixture, kind, text) in SCANS {
        let (idx, _, occurrences) = scan(fixture, text, *kind);
        out.push_str(&format!("## {case}\n{}", render(&idx, text, &occurrences)));
    }
    expect_file!["../fixtures/scans.txt"].assert_eq(&out);
}

// ---------------------------------------------------------------------------
// Word boundaries and case

// ---------------------------------------------------------------------------
// Markdown regions that are not prose

#[test]
fn match_in_link_text_knows_its_link() {
    let text = "See [neural networks](/glossary/neural-network/) and [deep learning][dl].\n\n[dl]: /glossary/deep-learning/\n";
    let (idx, p, occurrences) = scan("matching", text, DocKind::Markdown);
    expect![[r#"
        5..20 "neural networks" -> neural-network linked=true
        54..67 "deep learning" -> deep-learning linked=true
    "#]]
    .assert_eq(&render(&idx, text, &occurrences));
    for occurrence in &occurrences {
        let link = &p.links[occurrence.link.expect("linked") as usize];
        let slug = &idx.entry(occurrence.entry).slug;
        assert_eq!(link.dest, format!("/glossary/{slug}/"));
        assert!(link.range.start < occurrence.range.start && occurrence.range.end < link.range.end);
    }
}

// ---------------------------------------------------------------------------
// Unicode and offsets

#[test]
fn emoji_and_cjk_before_a_term_do_not_shift_offsets() {
    let text = "intro\n🎉 日本語のテキスト and Deep Learning 🚀 ML.\n😀😀 機械学習 AI\n";
    let (idx, _, occurrences) = scan("matching", text, DocKind::Markdown);
    let lines = LineIndex::new(text);
    let found: Vec<(&str, &str, (usize, usize))> = occurrences
        .iter()
        .map(|o| {
            (
                &text[o.range.clone()],
                idx.entry(o.entry).slug.as_str(),
                lines.line_col(text, o.range.start),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Deep Learning", "deep-learning", (1, 15)),
            ("ML", "machine-learning", (1, 31)),
            ("機械学習", "kikai-gakushu", (2, 3)),
            ("AI", "artificial-intelligence", (2, 8)),
        ]
    );
}

#[test]
fn scan_range_returns_the_full_scan_occurrences_starting_in_it() {
    let text = "---\ntitle: AI\n---\n# Deep Learning\n\nMachine learning, \
                [neural networks](/nn/) and `AI` 🎉 機械学習の policies.\n\n\
                ```\nML\n```\n\nSocio-technical\nsystems and loss.\n";
    let idx = index("matching");
    let p = prose(text, DocKind::Markdown);
    let full = idx.scan(text, &p);
    expect![[r#"
        20..33 "Deep Learning" -> deep-learning linked=false
        35..51 "Machine learning" -> machine-learning linked=false
        54..69 "neural networks" -> neural-network linked=true
        91..103 "機械学習" -> kikai-gakushu linked=false
        107..115 "policies" -> policy linked=false
        130..153 "Socio-technical\nsystems" -> socio-technical-system linked=false
        158..162 "loss" -> loss-function linked=false
    "#]]
    .assert_eq(&render(&idx, text, &full));
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    for (n, &start) in boundaries.iter().enumerate() {
        for &end in &boundaries[n..] {
            let expected: Vec<Occurrence> = full
                .iter()
                .filter(|o| o.range.start >= start && o.range.start < end)
                .cloned()
                .collect();
            assert_eq!(
                idx.scan_range(text, &p, start..end),
                expected,
                "range {start}..{end}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Names as writers mark them, and what a title implies
