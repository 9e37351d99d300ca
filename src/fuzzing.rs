//! Invariants checked on arbitrary input, shared by the fuzz targets
//! (`fuzz/`) and the regression test that replays their findings
//! (`tests/fuzz_regressions.rs`). Each function panics when an invariant
//! does not hold.

use std::path::Path;

use crate::glossary::{Glossary, frontmatter, parse::parse_entry, related, table};
use crate::index::GlossaryIndex;
use crate::index::markdown::{DocKind, prose};

/// Any bytes as an entry file, a front matter block, a related-terms
/// section and a CSV/TSV termbase: nothing panics, every range fits.
pub fn entry_parsing(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let entry = parse_entry(&text, "fuzz", "fuzz.md".into());
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
                format!("e{i}.md").into(),
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

/// Any bytes as the client's side of a session, after a valid
/// `initialize`: the server neither panics nor hangs, and stops when the
/// input ends.
pub fn lsp_session(data: &[u8]) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let (client, server) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server);
        let options = crate::server::ServerOptions {
            overrides: crate::config::Overrides {
                builtin: true,
                ..Default::default()
            },
            cache_root: None,
        };
        let serving = tokio::spawn(crate::server::serve(server_read, server_write, options));
        let (mut client_read, mut client_write) = tokio::io::split(client);
        // Whatever the server says is read and dropped, so it never blocks on output.
        let draining = tokio::spawn(async move {
            let mut sink = vec![0u8; 1 << 14];
            while matches!(client_read.read(&mut sink).await, Ok(n) if n > 0) {}
        });
        let initialize =
            r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#;
        let mut input =
            format!("Content-Length: {}\r\n\r\n{initialize}", initialize.len()).into_bytes();
        input.extend_from_slice(data);
        let _ = client_write.write_all(&input).await;
        let _ = client_write.shutdown().await;
        drop(client_write);
        let finished = tokio::time::timeout(std::time::Duration::from_secs(20), serving).await;
        assert!(
            matches!(finished, Ok(Ok(_))),
            "the server did not stop after its input ended"
        );
        draining.abort();
    });
}
