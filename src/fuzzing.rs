//! Invariants checked on arbitrary input, shared by the fuzz targets
//! (`fuzz/`) and the regression test that replays their findings
//! (`tests/integration/fuzz_regressions.rs`). Each function panics when an invariant
//! does not hold.

use std::path::Path;

use crate::glossary::{Glossary, parse::parse_entry, related, table};
use crate::index::GlossaryIndex;
use crate::markdown::frontmatter;
use crate::markdown::prose::{DocKind, prose};

/// Any bytes as an entry file, a front matter block, a related-terms
/// section and a CSV/TSV termbase: nothing panics, every range fits.
pub fn entry_parsing(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let entry = parse_entry(&text, "fuzz", std::path::Path::new("fuzz.md"));
    for problem in &entry.problems {
        assert!(
            text.get(problem.range.clone()).is_some(),
            "problem range {:?}",
            problem.range
        );
    }
    assert!(text.get(entry.title_range.clone()).is_some(), "title range");
    for term in &entry.related {
        assert!(text.get(term.range.clone()).is_some(), "related range");
    }
    if let (Some(block), _) = frontmatter::locate(&text) {
        let _ = frontmatter::parse(&text, &block);
    }
    for term in related::parse(&text, 0) {
        assert!(text.get(term.range.clone()).is_some(), "related range");
    }
    let _ = table::parse_table(&text, Path::new("fuzz.csv"));
    let _ = table::parse_table(&text, Path::new("fuzz.tsv"));
}

/// A glossary (one title per line before the first NUL byte) scanned over a
/// document (the rest), as Markdown and as plain text: occurrences are
/// ordered, on character boundaries, and a partial scan equals the full
/// scan over its range.
pub fn scanning(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (terms, document) = text
        .split_once('\0')
        .unwrap_or(("AI\nneural network\n機械学習", &text));
    let entries = terms
        .lines()
        .take(64)
        .enumerate()
        .map(|(i, title)| {
            parse_entry(
                &format!("# {title}\n\nSummary.\n"),
                &format!("e{i}"),
                std::path::PathBuf::from(format!("e{i}.md")),
            )
        })
        .collect();
    let index = GlossaryIndex::new(Glossary::new(entries, Vec::new(), Vec::new()));
    for kind in [DocKind::Markdown, DocKind::PlainText] {
        let p = prose(document, kind);
        let all = index.scan(document, &p);
        let mut last = 0;
        for occ in &all {
            assert!(
                occ.range.start >= last && occ.range.start < occ.range.end,
                "order"
            );
            assert!(document.get(occ.range.clone()).is_some(), "boundaries");
            last = occ.range.end;
        }
        let mid = (0..=document.len() / 2)
            .rev()
            .find(|&i| document.is_char_boundary(i))
            .unwrap_or(0);
        let head = index.scan_range(document, &p, 0..mid);
        let expected: Vec<_> = all
            .iter()
            .filter(|o| o.range.start < mid)
            .cloned()
            .collect();
        assert_eq!(head, expected, "partial scan");
    }
}
