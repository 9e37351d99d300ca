//! Properties of the core that must hold for any input: no panics, ranges
//! on character boundaries, partial scans equal to full scans.

use std::sync::{Arc, OnceLock};

use glossary_ls::glossary::parse::parse_entry;
use glossary_ls::glossary::related;
use glossary_ls::index::GlossaryIndex;
use glossary_ls::markdown::frontmatter;
use glossary_ls::markdown::prose::{DocKind, prose};
use proptest::prelude::*;

fn index() -> Arc<GlossaryIndex> {
    static INDEX: OnceLock<Arc<GlossaryIndex>> = OnceLock::new();
    INDEX
        .get_or_init(|| GlossaryIndex::new(glossary_ls::glossary::builtin::glossary()))
        .clone()
}

/// Text built from pieces that exercise the matcher and the Markdown reader.
fn document() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("neural network".to_string()),
        Just("Neural Networks'".to_string()),
        Just("deep learning".to_string()),
        Just("AI".to_string()),
        Just("ai".to_string()),
        Just("LLMs".to_string()),
        Just("socio-technical\nsystem".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("`".to_string()),
        Just("```\n".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("<b>".to_string()),
        Just("https://x.y/".to_string()),
        Just("{{< ref \"glossary/ai\" >}}".to_string()),
        Just("---\n".to_string()),
        Just("😀".to_string()),
        Just("日本語".to_string()),
        Just("é".to_string()),
        Just("İ".to_string()),
        Just("ς".to_string()),
        "[a-zA-Z]{1,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn occurrences_are_ordered_slices_of_the_text(text in document(), markdown in any::<bool>()) {
        let kind = if markdown { DocKind::Markdown } else { DocKind::PlainText };
        let p = prose(&text, kind);
        let occurrences = index().scan(&text, &p);
        let mut last_end = 0;
        for occ in &occurrences {
            prop_assert!(occ.range.start >= last_end && occ.range.start < occ.range.end);
            prop_assert!(text.is_char_boundary(occ.range.start) && text.is_char_boundary(occ.range.end));
            last_end = occ.range.end;
        }
    }

    #[test]
    fn a_partial_scan_equals_the_full_scan_in_its_range(text in document(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let p = prose(&text, DocKind::Markdown);
        let full = index().scan(&text, &p);
        let (mut start, mut end) = (a.index(text.len() + 1), b.index(text.len() + 1));
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        while !text.is_char_boundary(start) { start -= 1; }
        while !text.is_char_boundary(end) { end += 1; }
        let partial = index().scan_range(&text, &p, start..end);
        let expected: Vec<_> = full.into_iter().filter(|o| o.range.start >= start && o.range.start < end).collect();
        prop_assert_eq!(partial, expected);
    }

    #[test]
    fn entry_parsing_never_panics(text in document(), front in prop_oneof![Just("---\n"), Just("+++\n"), Just("{\n"), Just("")]) {
        let text = format!("{front}{text}");
        let entry = parse_entry(&text, "slug", std::path::Path::new("slug.md"));
        prop_assert!(!entry.title.is_empty() || entry.problems.iter().any(|p| p.code == "missing-title"));
        for problem in &entry.problems {
            prop_assert!(problem.range.end <= text.len());
        }
        for term in &entry.related {
            prop_assert!(text.get(term.range.clone()).is_some());
        }
    }

    #[test]
    fn front_matter_and_related_parsers_never_panic(text in any::<String>()) {
        let (block, _) = frontmatter::locate(&text);
        if let Some(block) = block {
            let _ = frontmatter::parse(&text, &block);
        }
        for term in related::parse(&text, 0) {
            prop_assert!(text.get(term.range.clone()).is_some());
        }
    }
}
