//! Finding glossary terms in documents: word boundaries, case, inflection,
//! Unicode, Markdown regions and byte offsets.
//!
//! Each test is `check(glossary_fixture, document, expect)`: the glossary is
//! a folder under `tests/fixtures/glossaries/`, the result one line per
//! occurrence: `start..end "text" -> slug linked=bool`.

use std::path::Path;
use std::sync::Arc;

use expect_test::{Expect, expect};
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
                "{}..{} {:?} -> {} linked={}\n",
                o.range.start,
                o.range.end,
                &text[o.range.clone()],
                idx.entry(o.entry).slug,
                o.link.is_some()
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

fn check(fixture: &str, text: &str, expect: Expect) {
    check_kind(fixture, text, DocKind::Markdown, expect);
}

fn check_kind(fixture: &str, text: &str, kind: DocKind, expect: Expect) {
    let (idx, _, occurrences) = scan(fixture, text, kind);
    expect.assert_eq(&render(&idx, text, &occurrences));
}

#[test]
fn fixtures_load_cleanly() {
    for fixture in ["matching", "overlap", "names"] {
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

// ---------------------------------------------------------------------------
// Word boundaries and case

#[test]
fn acronym_not_matched_inside_a_word() {
    check(
        "matching",
        "He said AI is SAID to beat OpenAI at AI-first design.\n",
        expect![[r#"
            8..10 "AI" -> artificial-intelligence linked=false
            37..39 "AI" -> artificial-intelligence linked=false
        "#]],
    );
}

#[test]
fn acronym_matches_only_as_written() {
    check(
        "matching",
        "ML and ml and Ml differ; add 5 ml of HTML. Two MLs.\n",
        expect![[r#"
            0..2 "ML" -> machine-learning linked=false
            47..50 "MLs" -> machine-learning linked=false
        "#]],
    );
}

#[test]
fn plural_and_possessive_match_once() {
    check(
        "matching",
        "Neural networks learn. A neural network's weights, a neural network\u{2019}s bias, the NEURAL NETWORKS' outputs.\n",
        expect![[r#"
            0..15 "Neural networks" -> neural-network linked=false
            25..39 "neural network" -> neural-network linked=false
            53..67 "neural network" -> neural-network linked=false
            82..97 "NEURAL NETWORKS" -> neural-network linked=false
        "#]],
    );
}

#[test]
fn hyphen_space_and_dash_variants_match() {
    check(
        "matching",
        "Socio-technical systems, a socio technical system and the Socio\u{2013}Technical System.\n",
        expect![[r#"
            0..23 "Socio-technical systems" -> socio-technical-system linked=false
            27..49 "socio technical system" -> socio-technical-system linked=false
            58..82 "Socio–Technical System" -> socio-technical-system linked=false
        "#]],
    );
}

#[test]
fn term_not_matched_inside_a_longer_word() {
    check(
        "matching",
        "Lossless compression has no loss; losses add up in the loss function.\n",
        expect![[r#"
            28..32 "loss" -> loss-function linked=false
            34..40 "losses" -> loss-function linked=false
            55..68 "loss function" -> loss-function linked=false
        "#]],
    );
}

#[test]
fn y_plural_matches_the_singular_term() {
    check(
        "matching",
        "A policy, two policies, POLICIES; not a policymaker or the police.\n",
        expect![[r#"
            2..8 "policy" -> policy linked=false
            14..22 "policies" -> policy linked=false
            24..32 "POLICIES" -> policy linked=false
        "#]],
    );
}

#[test]
fn typographic_apostrophe_in_term_matches_either_apostrophe() {
    check(
        "matching",
        "By Occam's razor, and by Occam\u{2019}s Razor again.\n",
        expect![[r#"
            3..16 "Occam's razor" -> occams-razor linked=false
            25..40 "Occam’s Razor" -> occams-razor linked=false
        "#]],
    );
}

#[test]
fn leftmost_longest_deep_learning_is_one_match() {
    check(
        "overlap",
        "Deep learning is learning with deep\nlearning networks.\n",
        expect![[r#"
            0..13 "Deep learning" -> deep-learning linked=false
            17..25 "learning" -> learning linked=false
            31..44 "deep\nlearning" -> deep-learning linked=false
            45..53 "networks" -> network linked=false
        "#]],
    );
}

/// `neural network` is rejected where `networking` goes on; `neural` alone
/// is still a valid term there. Where `neural network` fails its left
/// boundary, `network` inside it is still found.
#[test]
fn rejecting_a_long_match_keeps_a_shorter_valid_one() {
    check(
        "overlap",
        "A neural networking stack; a proneural network.\n",
        expect![[r#"
            2..8 "neural" -> neural linked=false
            39..46 "network" -> network linked=false
        "#]],
    );
}

// ---------------------------------------------------------------------------
// Markdown regions that are not prose

#[test]
fn no_match_in_fenced_code_block() {
    check(
        "matching",
        "Deep learning:\n\n```python\ndeep_learning = \"Deep Learning\"\n# neural network\n```\n\n~~~\nAI\n~~~\n",
        expect![[r#"
            0..13 "Deep learning" -> deep-learning linked=false
        "#]],
    );
}

#[test]
fn no_match_in_indented_code_block() {
    check(
        "matching",
        "Deep learning:\n\n    train the neural network\n    with AI\n\nEnd.\n",
        expect![[r#"
            0..13 "Deep learning" -> deep-learning linked=false
        "#]],
    );
}

#[test]
fn no_match_in_inline_code() {
    check(
        "matching",
        "Call `neural_network(AI)` or ``Deep Learning`` from deep learning code.\n",
        expect![[r#"
            52..65 "deep learning" -> deep-learning linked=false
        "#]],
    );
}

#[test]
fn no_match_in_html() {
    check(
        "matching",
        "<div class=\"Deep Learning\">\nneural network\n</div>\n\nSee <span title=\"AI\">deep learning</span> <!-- neural network --> here.\n",
        expect![[r#"
            72..85 "deep learning" -> deep-learning linked=false
        "#]],
    );
}

#[test]
fn no_match_in_front_matter() {
    check(
        "matching",
        "---\ntitle: Deep Learning\ntags: [AI, ML]\n---\n\nNeural network.\n",
        expect![[r#"
            45..59 "Neural network" -> neural-network linked=false
        "#]],
    );
    check(
        "matching",
        "+++\ntitle = \"Deep Learning\"\n+++\nNeural network.\n",
        expect![[r#"
            32..46 "Neural network" -> neural-network linked=false
        "#]],
    );
}

#[test]
fn no_match_in_bare_url() {
    check(
        "matching",
        "Read https://example.com/deep-learning/AI?q=neural+network, or www.ml.org/AI on deep learning.\n",
        expect![[r#"
            80..93 "deep learning" -> deep-learning linked=false
        "#]],
    );
}

#[test]
fn no_match_in_autolink() {
    check(
        "matching",
        "Read <https://example.com/deep-learning/AI> about neural networks.\n",
        expect![[r#"
            50..65 "neural networks" -> neural-network linked=false
        "#]],
    );
}

#[test]
fn no_match_in_link_destination() {
    check(
        "matching",
        "Read [the AI guide](/deep-learning/ \"Neural Network\") or [this][ref].\n\n[ref]: https://example.com/AI \"Machine Learning\"\n",
        expect![[r#"
            10..12 "AI" -> artificial-intelligence linked=true
        "#]],
    );
}

#[test]
fn no_match_in_hugo_shortcode() {
    check(
        "matching",
        "{{< figure caption=\"Deep Learning\" >}} and deep learning.\n",
        expect![[r#"
            43..56 "deep learning" -> deep-learning linked=false
        "#]],
    );
}

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
fn japanese_term_inside_a_sentence_without_spaces() {
    check(
        "matching",
        "これは機械学習の例です。機械学習はAIの一分野。\n",
        expect![[r#"
            9..21 "機械学習" -> kikai-gakushu linked=false
            36..48 "機械学習" -> kikai-gakushu linked=false
            51..53 "AI" -> artificial-intelligence linked=false
        "#]],
    );
}

#[test]
fn multi_word_term_across_a_line_wrap_in_a_paragraph() {
    check(
        "matching",
        "We use machine\nlearning and neural\r\nnetworks daily.\n",
        expect![[r#"
            7..23 "machine\nlearning" -> machine-learning linked=false
            28..44 "neural\r\nnetworks" -> neural-network linked=false
        "#]],
    );
}

#[test]
fn multi_word_term_across_a_line_wrap_in_a_list_item_or_quote() {
    check(
        "matching",
        "- We use machine\n  learning daily.\n\n> A neural\n> network here.\n",
        expect![[r#"
            9..27 "machine\n  learning" -> machine-learning linked=false
            40..56 "neural\n> network" -> neural-network linked=false
        "#]],
    );
}

#[test]
fn plain_text_scans_everything() {
    check_kind(
        "matching",
        "```\ndeep learning\n```\n`AI` <b>ML</b> [neural network](/x/)\n    indented Policy\n",
        DocKind::PlainText,
        expect![[r#"
            4..17 "deep learning" -> deep-learning linked=false
            23..25 "AI" -> artificial-intelligence linked=false
            30..32 "ML" -> machine-learning linked=false
            38..52 "neural network" -> neural-network linked=false
            72..78 "Policy" -> policy linked=false
        "#]],
    );
}

#[test]
fn unicode_case_insensitive() {
    check(
        "matching",
        "ÜBERANPASSUNG, überanpassung; ΕΝΤΡΟΠΊΑ and εντροπία.\n",
        expect![[r#"
            0..14 "ÜBERANPASSUNG" -> uberanpassung linked=false
            16..30 "überanpassung" -> uberanpassung linked=false
            32..48 "ΕΝΤΡΟΠΊΑ" -> entropia linked=false
            53..69 "εντροπία" -> entropia linked=false
        "#]],
    );
}

/// Unicode case folding maps both `ς` and `Σ` to `σ`: the upper-case
/// spelling of a word ending in final sigma is still that word.
#[test]
fn greek_final_sigma_matches_upper_case() {
    check(
        "matching",
        "ΛΌΓΟΣ and λόγος.\n",
        expect![[r#"
            0..10 "ΛΌΓΟΣ" -> logos linked=false
            15..25 "λόγος" -> logos linked=false
        "#]],
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

#[test]
fn underscore_emphasis_bounds_a_term_like_a_space() {
    check(
        "matching",
        "A _policy_, a __loss function__, [_policy_](g), *policy*, ~~policy~~, but not my_policy_name or policy_x.\n",
        expect![[r#"
            3..9 "policy" -> policy linked=false
            16..29 "loss function" -> loss-function linked=false
            35..41 "policy" -> policy linked=true
            49..55 "policy" -> policy linked=false
            60..66 "policy" -> policy linked=false
        "#]],
    );
}

#[test]
fn plural_title_matches_the_singular() {
    check(
        "names",
        "One lantern, two lanterns, a Lantern's glow. The news is not new.\n",
        expect![[r#"
            4..11 "lantern" -> lanterns linked=false
            17..25 "lanterns" -> lanterns linked=false
            29..36 "Lantern" -> lanterns linked=false
            49..53 "news" -> news linked=false
        "#]],
    );
}

#[test]
fn short_names_in_parentheses_are_names_of_their_own() {
    check(
        "names",
        "StaaS and storage as a service; the SharedBook is a shared ledger. DataFlow 即 数据管道。茶の湯と茶会。Caching is layered.\n",
        expect![[r#"
            0..5 "StaaS" -> storage-as-a-service linked=false
            10..30 "storage as a service" -> storage-as-a-service linked=false
            36..46 "SharedBook" -> shared-ledger linked=false
            52..65 "shared ledger" -> shared-ledger linked=false
            67..75 "DataFlow" -> data-pipeline-zh linked=false
            80..92 "数据管道" -> data-pipeline-zh linked=false
            95..104 "茶の湯" -> tea-ceremony-ja linked=false
            107..113 "茶会" -> tea-ceremony-ja linked=false
        "#]],
    );
}

#[test]
fn compounds_closed_spaced_or_hyphenated_are_one_name() {
    check(
        "names",
        "Autoscaling, auto scaling, auto-scaling and Auto Scaling; a datacenter, two data centers, data-centre. No autos calling, no photo scaling.\n",
        expect![[r#"
            0..11 "Autoscaling" -> autoscaling linked=false
            13..25 "auto scaling" -> autoscaling linked=false
            27..39 "auto-scaling" -> autoscaling linked=false
            44..56 "Auto Scaling" -> autoscaling linked=false
            60..70 "datacenter" -> data-center linked=false
            76..88 "data centers" -> data-center linked=false
        "#]],
    );
}
