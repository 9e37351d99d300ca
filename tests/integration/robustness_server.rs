//! Stress, faults, hostile input and safety: the server takes what an
//! editor, a file system or a glossary throws at it, keeps answering, and
//! says what was wrong. In process through `tests/integration/common`, and through the
//! real binary where the process itself matters (exit, stdout, files).
//!
//! Counts are bounded so that the whole file runs in seconds in a debug
//! build; the few time limits are guards against hangs, not benchmarks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::fixtures::{Site, entry};
use crate::common::rng::Rng;
use crate::common::stdio::{Binary, Scratch};
use crate::common::{Answers, Harness, expected_occurrences, hover_markdown, uri, write_message};
use glossary_ls::analysis::Scanner;
use glossary_ls::config::{self, Overrides};
use glossary_ls::glossary::parse::parse_entry;
use glossary_ls::glossary::{Glossary, builtin};
use glossary_ls::index::{DocKind, GlossaryIndex};
use glossary_ls::server::ServerOptions;
use glossary_ls::server::position::{TextLines, to_position};
use glossary_ls::server::workspace::Workspace;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tower_lsp_server::ls_types::Uri;

/// How long a wait may last before the server counts as hung. A hang, not
/// slowness, is what it catches: a debug build on a two-core machine shared
/// by several builds took over 30 s for some of these waits, so the bound is
/// far above any honest answer (speed is measured by the benchmarks).
const PATIENCE: Duration = Duration::from_secs(300);

// ---------------------------------------------------------------------------
// Fixtures.

/// A server for `site` whose client watches files, with these
/// initialization options.
async fn start(site: &Site, initialization_options: Value) -> Harness {
    site.serve(
        json!({
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
            "initializationOptions": initialization_options,
        }),
        Answers::default(),
    )
    .await
}

/// A server with the built-in glossary only.
async fn start_builtin(cache: &Path) -> Harness {
    let options = ServerOptions {
        overrides: Overrides {
            builtin: true,
            ..Overrides::default()
        },
        cache_root: Some(cache.to_path_buf()),
    };
    Harness::start(options, None, json!({})).await.0
}

/// A server on the built-in glossary, its cache folder (kept alive by the
/// caller), and the URI of a document `name` in that folder.
async fn builtin_session(name: &str) -> (tempfile::TempDir, Harness, Uri) {
    let cache = tempfile::tempdir().unwrap();
    let harness = start_builtin(cache.path()).await;
    let doc = uri(&cache.path().join(name));
    (cache, harness, doc)
}

async fn within<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future)
        .await
        .unwrap_or_else(|_| panic!("{what}: nothing within {PATIENCE:?}; the server hangs"))
}

async fn hover(harness: &mut Harness, doc: &Uri, line: u32, character: u32) -> Value {
    let answer = harness.hover(doc, line, character).await;
    assert!(answer.get("error").is_none(), "hover failed: {answer}");
    answer
}

/// The hover's Markdown, `None` when there is no hover.
async fn hover_text(harness: &mut Harness, doc: &Uri, line: u32, character: u32) -> Option<String> {
    hover_markdown(&hover(harness, doc, line, character).await).map(str::to_string)
}

/// Asks for the hover until `ok` holds of its Markdown (`None`: no hover):
/// glossary reloads happen in the background.
async fn hover_until(
    harness: &mut Harness,
    doc: &Uri,
    (line, character): (u32, u32),
    what: &str,
    ok: impl Fn(Option<&str>) -> bool,
) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let answer = hover(harness, doc, line, character).await;
        if ok(hover_markdown(&answer)) {
            return answer;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the hover is still {answer}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The next `window/showMessage` text.
async fn next_message(harness: &mut Harness) -> String {
    let message = within(
        "window/showMessage",
        harness.next_notification("window/showMessage"),
    )
    .await;
    message["message"].as_str().unwrap_or_default().to_string()
}

/// The next diagnostics published for `doc`.
async fn diagnostics_of(harness: &mut Harness, doc: &Uri) -> Vec<Value> {
    loop {
        let params = within(
            "publishDiagnostics",
            harness.next_notification("textDocument/publishDiagnostics"),
        )
        .await;
        if params["uri"] == doc.as_str() {
            return params["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
    }
}

fn inside_crlf(text: &str, i: usize) -> bool {
    i > 0 && text.as_bytes()[i - 1] == b'\r' && text.as_bytes().get(i) == Some(&b'\n')
}

/// A character boundary at or before `i` that has an LSP position.
fn addressable(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    if inside_crlf(text, i) { i - 1 } else { i }
}

// ---------------------------------------------------------------------------
// Stress.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_did_change_notifications_end_in_the_right_text_and_occurrences() {
    let (_cache, harness, doc) = builtin_session("burst.md").await;
    let mut text =
        String::from("# Notes \u{1f600}\r\n\r\nDeep learning.\n\n```\ncode\n```\n\nEnd.\n");
    harness.open(&doc, "markdown", &text).await;
    let typed: Vec<char> = "Neural networks and gradient descent drive deep learning; a large \
        language model hallucinates \u{1f600}. Transformers use attention\r\nmechanisms.\n\n\
        Fine-tuning a foundation model on embeddings, caf\u{e9} na\u{ef}ve.\r\r"
        .chars()
        .collect();
    let pieces = [
        " deep learning ",
        "",
        "\n\n",
        " neural network ",
        "\u{1f469}\u{200d}\u{1f52c}",
        "`x`",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut at = text.find("Deep").unwrap();
    let mut version = 1;
    // The typed text goes in order, so that most words survive whole.
    let mut next = 0;
    let mut retype: Option<char> = None;
    for _ in 0..10_000 {
        version += 1;
        let roll = rng.below(100);
        let (start, end, insert) = if roll < 80 || text.is_empty() {
            // Typing; after a backspace, the same character again.
            let at = addressable(&text, at);
            let c = retype.take().unwrap_or_else(|| {
                next += 1;
                typed[(next - 1) % typed.len()]
            });
            (at, at, c.to_string())
        } else if roll < 90 {
            // Backspace: over a CRLF it takes both characters, as editors do.
            let end = addressable(&text, at);
            let start = addressable(&text, end.saturating_sub(1));
            retype = text[start..end].chars().next();
            (start, end, String::new())
        } else if roll < 93 {
            // Delete a few characters forward.
            let start = addressable(&text, at);
            let end = addressable(&text, start + 1 + rng.below(6));
            (start, end.max(start), String::new())
        } else if roll < 97 {
            // Click somewhere else.
            at = addressable(&text, rng.below(text.len() + 1));
            (at, at, String::new())
        } else {
            // Replace a selection.
            let a = addressable(&text, rng.below(text.len() + 1));
            let b = addressable(&text, a + rng.below(40));
            (a, b.max(a), pieces[rng.below(pieces.len())].to_string())
        };
        let lines = TextLines::new(&text);
        let range = json!({
            "start": to_position(&lines, start, harness.encoding),
            "end": to_position(&lines, end, harness.encoding),
        });
        text.replace_range(start..end, &insert);
        at = start + insert.len();
        harness
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": doc.as_str(), "version": version},
                    "contentChanges": [{"range": range, "text": insert}],
                }),
            )
            .await;
    }
    let state = within("documentState", harness.document_state(&doc)).await;
    assert_eq!(state["version"], version);
    assert_eq!(state["text"].as_str(), Some(text.as_str()));
    let scanner = Scanner::new(GlossaryIndex::new(builtin::glossary()));
    assert_eq!(
        state["occurrences"],
        expected_occurrences(&text, &scanner, harness.encoding)
    );
    let found = state["occurrences"].as_array().unwrap().len();
    assert!(
        found > 5,
        "only {found} occurrences: the edits say little\n{text}"
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hovers_and_completions_answer_while_the_glossary_is_rebuilt() {
    let site = Site::new(&[
        (
            "deep-learning.md",
            entry("Deep Learning", "Original summary."),
        ),
        (
            "neural-network.md",
            entry("Neural Network", "Weighted sums."),
        ),
    ]);
    let mut harness = start(&site, json!({})).await;
    let entry_file = site.glossary("deep-learning.md");
    let entry_uri = uri(&entry_file);
    harness
        .open(
            &entry_uri,
            "markdown",
            &entry("Deep Learning", "Original summary."),
        )
        .await;
    let doc = site.doc("notes.md");
    harness
        .open(&doc, "markdown", "We use deep learning.\nNeu\n")
        .await;
    for round in 1..=150u32 {
        // An edit in the editor rebuilds the glossary with the unsaved text...
        harness
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": entry_uri.as_str(), "version": round + 1},
                    "contentChanges": [{"text": entry("Deep Learning", &format!("Revision {round}."))}],
                }),
            )
            .await;
        // ...and now and then a change on disk reloads everything.
        if round % 25 == 0 {
            std::fs::write(
                site.glossary("neural-network.md"),
                entry("Neural Network", &format!("Disk {round}.")),
            )
            .unwrap();
            harness
                .watched(&[(&site.glossary("neural-network.md"), 2)])
                .await;
        }
        let answer = hover(&mut harness, &doc, 0, 9).await;
        let text = hover_markdown(&answer).unwrap_or_else(|| panic!("no hover in round {round}"));
        assert!(text.starts_with("**Deep Learning**"), "{text}");
        // Some revision up to this one, never a mix or a stranger.
        let shown = text
            .split("Revision ")
            .nth(1)
            .and_then(|r| r.split('.').next())
            .and_then(|n| n.parse::<u32>().ok());
        assert!(
            shown.is_some_and(|n| n <= round) || text.contains("Original summary."),
            "round {round}: {text}"
        );
        let completion = harness
            .at(
                "textDocument/completion",
                &doc,
                json!({"line": 1, "character": 3}),
            )
            .await;
        let items = completion
            .get("items")
            .or(Some(&completion))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("no completion in round {round}: {completion}"));
        assert!(
            items.iter().any(|i| i["label"] == "Neural Network"),
            "round {round}: {completion}"
        );
    }
    hover_until(&mut harness, &doc, (0, 9), "the last revision", |m| {
        m.is_some_and(|m| m.contains("Revision 150."))
    })
    .await;
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_documents_open_at_once() {
    let cache = tempfile::tempdir().unwrap();
    let mut harness = start_builtin(cache.path()).await;
    let docs: Vec<Uri> = (0..1000)
        .map(|i| uri(&cache.path().join(format!("doc-{i}.md"))))
        .collect();
    for (i, doc) in docs.iter().enumerate() {
        harness
            .open(
                doc,
                "markdown",
                &format!("Document {i} on deep learning and a neural network.\n"),
            )
            .await;
    }
    for i in [0, 1, 499, 998, 999] {
        let answer = hover(&mut harness, &docs[i], 0, 20).await;
        assert!(
            hover_markdown(&answer).is_some_and(|m| m.starts_with("**Deep Learning**")),
            "doc {i}: {answer}"
        );
        let state = harness.document_state(&docs[i]).await;
        assert_eq!(state["occurrences"].as_array().map(Vec::len), Some(2));
    }
    for doc in &docs {
        harness
            .notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": doc.as_str()}}),
            )
            .await;
    }
    let closed = harness.document_state(&docs[500]).await;
    assert_eq!(closed["error"]["code"], -32602, "{closed}");
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

/// A unique lowercase word for `i`.
fn word(mut i: usize) -> String {
    let mut out = String::new();
    for _ in 0..3 {
        out.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_glossary_files_changed_at_once() {
    let site = Site::new(&[("deep-learning.md", entry("Deep Learning", "Layers."))]);
    let mut harness = start(&site, json!({})).await;
    let doc = site.doc("a.md");
    let last = format!("Zeta {}", word(9_999));
    harness
        .open(&doc, "markdown", &format!("We met {last} today.\n"))
        .await;
    assert_eq!(hover_text(&mut harness, &doc, 0, 9).await, None);

    let paths: Vec<PathBuf> = (0..10_000)
        .map(|i| site.glossary(&format!("zeta-{i}.md")))
        .collect();
    for (i, path) in paths.iter().enumerate() {
        std::fs::write(path, entry(&format!("Zeta {}", word(i)), "A zeta.")).unwrap();
    }
    let started = Instant::now();
    let created: Vec<(&Path, u8)> = paths.iter().map(|p| (p.as_path(), 1)).collect();
    harness.watched(&created).await;
    let answer = hover_until(&mut harness, &doc, (0, 9), "10,000 new entries", |m| {
        m.is_some_and(|m| m.starts_with(&format!("**{last}**")))
    })
    .await;
    assert!(hover_markdown(&answer).unwrap().contains("A zeta."));
    eprintln!(
        "10,000 new glossary files loaded in {:?}",
        started.elapsed()
    );

    // And all of them gone at once.
    for path in &paths {
        std::fs::remove_file(path).unwrap();
    }
    let deleted: Vec<(&Path, u8)> = paths.iter().map(|p| (p.as_path(), 3)).collect();
    harness.watched(&deleted).await;
    hover_until(&mut harness, &doc, (0, 9), "10,000 entries removed", |m| {
        m.is_none()
    })
    .await;
    harness.open(&doc, "markdown", "Deep learning.").await;
    hover_until(&mut harness, &doc, (0, 2), "the remaining entry", |m| {
        m.is_some_and(|m| m.starts_with("**Deep Learning**"))
    })
    .await;
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

// ---------------------------------------------------------------------------
// Faults in the file system.

#[cfg(unix)] // Symlinks and permission bits as Unix has them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn glossary_files_deleted_renamed_unreadable_or_replaced_while_open() {
    let site = Site::new(&[
        ("deep-learning.md", entry("Deep Learning", "Layers.")),
        (
            "neural-network.md",
            entry("Neural Network", "Weighted sums."),
        ),
        (
            "gan.md",
            entry("Generative Adversarial Network (GAN)", "Two networks."),
        ),
        ("transformer.md", entry("Transformer", "Attention.")),
        ("embedding.md", entry("Embedding", "A vector.")),
    ]);
    let mut harness = start(&site, json!({})).await;
    // An entry file open in the editor, and a document using every term.
    let open_entry = site.glossary("neural-network.md");
    harness
        .open(
            &uri(&open_entry),
            "markdown",
            &entry("Neural Network", "Weighted sums."),
        )
        .await;
    let doc = site.doc("terms.md");
    //                     0         1         2         3         4
    //                     0123456789012345678901234567890123456789012345
    let text = "Deep learning, neural network, GAN, transformer, embedding.\n";
    harness.open(&doc, "markdown", text).await;
    let col = |word: &str| text.find(word).unwrap() as u32 + 1;
    for (word, title) in [
        ("GAN", "Generative"),
        ("transformer", "Transformer"),
        ("embedding", "Embedding"),
        ("neural", "Neural Network"),
    ] {
        hover_until(&mut harness, &doc, (0, col(word)), word, |m| {
            m.is_some_and(|m| m.starts_with(&format!("**{title}")))
        })
        .await;
    }

    // Deleted: its term goes.
    std::fs::remove_file(site.glossary("gan.md")).unwrap();
    harness.watched(&[(&site.glossary("gan.md"), 3)]).await;
    hover_until(&mut harness, &doc, (0, col("GAN")), "deleted", |m| {
        m.is_none()
    })
    .await;

    // Renamed: the term stays, and go-to-entry finds the new file.
    let renamed = site.glossary("transformer-model.md");
    std::fs::rename(site.glossary("transformer.md"), &renamed).unwrap();
    harness
        .watched(&[(&site.glossary("transformer.md"), 3), (&renamed, 1)])
        .await;
    hover_until(
        &mut harness,
        &doc,
        (0, col("transformer")),
        "renamed",
        |m| m.is_some_and(|m| m.contains("transformer-model.md")),
    )
    .await;
    let definition = harness
        .at(
            "textDocument/definition",
            &doc,
            json!({"line": 0, "character": col("transformer")}),
        )
        .await;
    assert!(
        definition.to_string().contains("transformer-model.md"),
        "{definition}"
    );

    // Unreadable.
    let unreadable = site.glossary("embedding.md");
    set_mode(&unreadable, 0o000);
    harness.watched(&[(&unreadable, 2)]).await;
    if std::fs::read(&unreadable).is_ok() {
        // Running as root (as in this project's containers): permissions do
        // not stop reading, so there is no unreadable file to test with.
        // The server still had a reload to do; it must still answer.
        hover_until(&mut harness, &doc, (0, col("embedding")), "mode 000", |m| {
            m.is_some()
        })
        .await;
    } else {
        hover_until(
            &mut harness,
            &doc,
            (0, col("embedding")),
            "unreadable",
            |m| m.is_none(),
        )
        .await;
        let message = next_message(&mut harness).await;
        assert!(
            message.contains("embedding.md") && message.contains("cannot read file"),
            "{message}"
        );
    }
    set_mode(&unreadable, 0o644);

    // The open entry file replaced by a folder: the editor's text stands in
    // until the editor closes it.
    std::fs::remove_file(&open_entry).unwrap();
    std::fs::create_dir(&open_entry).unwrap();
    harness.watched(&[(&open_entry, 3), (&open_entry, 1)]).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    hover_until(
        &mut harness,
        &doc,
        (0, col("neural")),
        "folder, open",
        |m| m.is_some_and(|m| m.starts_with("**Neural Network**")),
    )
    .await;
    harness
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri(&open_entry).as_str()}}),
        )
        .await;
    hover_until(
        &mut harness,
        &doc,
        (0, col("neural")),
        "folder, closed",
        |m| m.is_none(),
    )
    .await;

    // The whole glossary folder gone: the built-in glossary takes over.
    std::fs::remove_dir_all(site.root.join("glossary")).unwrap();
    harness
        .watched(&[(&site.glossary("deep-learning.md"), 3)])
        .await;
    hover_until(&mut harness, &doc, (0, 2), "glossary folder gone", |m| {
        m.is_some_and(|m| m.starts_with("**Deep Learning**") && !m.contains("Layers."))
    })
    .await;
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)] // Symlinks and permission bits as Unix has them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_symlink_loop_in_the_workspace_ends_the_load_and_the_references_walk() {
    let site = Site::new(&[("deep-learning.md", entry("Deep Learning", "Layers."))]);
    let glossary = site.root.join("glossary");
    std::os::unix::fs::symlink(&glossary, glossary.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", glossary.join("up")).unwrap();
    std::os::unix::fs::symlink(&site.root, site.root.join("docs/site")).unwrap();
    std::os::unix::fs::symlink("b", site.root.join("docs/a")).unwrap();
    std::os::unix::fs::symlink("a", site.root.join("docs/b")).unwrap();
    std::fs::write(site.root.join("docs/disk.md"), "More deep learning.\n").unwrap();
    let mut harness = within("initialize", start(&site, json!({}))).await;
    let doc = site.doc("open.md");
    harness.open(&doc, "markdown", "Deep learning.\n").await;
    hover_until(&mut harness, &doc, (0, 2), "the glossary", |m| {
        m.is_some_and(|m| m.contains("Layers."))
    })
    .await;
    let found = within(
        "references",
        harness.request(
            "textDocument/references",
            json!({"textDocument": {"uri": doc.as_str()}, "position": {"line": 0, "character": 2},
                   "context": {"includeDeclaration": false}}),
        ),
    )
    .await;
    let files: Vec<&str> = found
        .as_array()
        .unwrap_or_else(|| panic!("{found}"))
        .iter()
        .filter_map(|l| l["uri"].as_str())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("docs/open.md")), "{found}");
    assert!(files.iter().any(|f| f.ends_with("docs/disk.md")), "{found}");
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_vanishing_mid_request_ends_the_server() {
    let site = Site::new(&[("deep-learning.md", entry("Deep Learning", "Layers."))]);
    // Enough files that the references walk is still going when the client goes.
    for i in 0..2_000 {
        std::fs::write(
            site.root.join("docs").join(format!("d{i}.md")),
            "Some deep learning here, and deep learning there.\n".repeat(20),
        )
        .unwrap();
    }
    let harness = start(&site, json!({})).await;
    let doc = site.doc("open.md");
    harness.open(&doc, "markdown", "Deep learning.\n").await;
    write_message(
        &harness.writer,
        &json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/references",
                "params": {"textDocument": {"uri": doc.as_str()}, "position": {"line": 0, "character": 2},
                           "context": {"includeDeclaration": true}}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    harness.writer.lock().await.shutdown().await.unwrap();
    let code = within("the server task", harness.server)
        .await
        .expect("the server task ends without a panic");
    // No `shutdown` came first: the protocol's error exit.
    assert_eq!(code, 1);
    eprintln!(
        "server ended {:?} after its input closed",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// Malformed and hostile input.

#[tokio::test]
async fn unknown_methods_wrong_shapes_and_garbage_are_answered_and_survived() {
    let (_cache, mut harness, doc) = builtin_session("a.md").await;
    harness.open(&doc, "markdown", "Deep learning.").await;

    let unknown = harness
        .request("glossary-ls/doesNotExist", json!({"x": 1}))
        .await;
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let unknown = harness
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": doc.as_str()}}),
        )
        .await;
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    for params in [
        json!({"textDocument": 5}),
        json!({"position": {"line": 0, "character": 0}}),
        json!({"textDocument": {"uri": doc.as_str()}, "position": {"line": -1, "character": 0}}),
        json!("hover"),
        Value::Null,
    ] {
        let answer = harness.request("textDocument/hover", params.clone()).await;
        assert_eq!(answer["error"]["code"], -32602, "{params} -> {answer}");
    }
    // Notifications nobody knows, or with the wrong shape, are dropped.
    harness.notify("$/somethingNew", json!({})).await;
    harness.notify("glossary-ls/unknown", json!([1, 2])).await;
    harness
        .notify("textDocument/didOpen", json!({"textDocument": {"uri": 7}}))
        .await;
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc.as_str()}, "contentChanges": "all"}),
        )
        .await;
    // Bytes that are not a message at all.
    {
        let mut writer = harness.writer.lock().await;
        let frame = |body: &[u8]| {
            let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
            out.extend_from_slice(body);
            out
        };
        for garbage in [
            frame(b"{not json!!}"),
            frame(b"\xff\xfe\x00 not UTF-8"),
            frame("\u{1f600}".as_bytes()),
            b"X-Nonsense: yes\r\n\r\n".to_vec(),
            b"Content-Length: -5\r\n\r\n".to_vec(),
            frame(b"[1, 2, 3]"),
            frame(br#"{"jsonrpc":"2.0","id":{"a":1}}"#),
            frame(br#"{"jsonrpc":"1.0","id":1,"method":"textDocument/hover"}"#),
            // A length too short: the server must find the next frame.
            b"Content-Length: 3\r\n\r\n{\"a\":1}".to_vec(),
        ] {
            writer.write_all(&garbage).await.unwrap();
        }
        writer.flush().await.unwrap();
    }
    let answer = within("hover after garbage", hover(&mut harness, &doc, 0, 2)).await;
    assert!(
        hover_markdown(&answer).is_some_and(|m| m.starts_with("**Deep Learning**")),
        "{answer}"
    );
    assert_eq!(harness.text_of(&doc).await, "Deep learning.");
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn positions_and_ranges_past_the_end_get_answers_not_errors() {
    let (_cache, harness, doc) = builtin_session("a.md").await;
    harness
        .open(&doc, "markdown", "Deep learning\r\n\u{1f600} [AI](x.md)")
        .await;
    let far = [
        json!({"line": 1, "character": 1}),
        json!({"line": 0, "character": 4_000_000_000u32}),
        json!({"line": 4_000_000_000u32, "character": 0}),
        json!({"line": 4_000_000_000u32, "character": 4_000_000_000u32}),
    ];
    for position in &far {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/declaration",
            "textDocument/completion",
        ] {
            let answer = harness.at(method, &doc, position.clone()).await;
            assert!(
                answer.get("error").is_none(),
                "{method} {position}: {answer}"
            );
        }
        let answer = harness
            .request(
                "textDocument/references",
                json!({"textDocument": {"uri": doc.as_str()}, "position": position, "context": {"includeDeclaration": true}}),
            )
            .await;
        assert!(
            answer.get("error").is_none(),
            "references {position}: {answer}"
        );
        for (start, end) in [
            (json!({"line": 0, "character": 0}), position.clone()),
            (position.clone(), json!({"line": 0, "character": 0})),
        ] {
            let range = json!({"start": start, "end": end});
            for (method, params) in [
                (
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": doc.as_str()}, "range": range, "context": {"diagnostics": []}}),
                ),
                (
                    "textDocument/semanticTokens/range",
                    json!({"textDocument": {"uri": doc.as_str()}, "range": range}),
                ),
            ] {
                let answer = harness.request(method, params).await;
                assert!(answer.get("error").is_none(), "{method} {range}: {answer}");
            }
        }
    }
    // An edit past the end is clamped to it; a reversed one is an insertion.
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc.as_str(), "version": 2},
                   "contentChanges": [
                       {"range": {"start": {"line": 9, "character": 0}, "end": {"line": 99, "character": 9}}, "text": " end"},
                       {"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 0}}, "text": "!"},
                   ]}),
        )
        .await;
    assert_eq!(
        harness.text_of(&doc).await,
        "Deep! learning\r\n\u{1f600} [AI](x.md) end"
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn did_change_for_a_document_never_opened_is_ignored() {
    let (_cache, harness, doc) = builtin_session("never.md").await;
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc.as_str(), "version": 2},
                   "contentChanges": [{"text": "Deep learning"}, {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]}),
        )
        .await;
    let state = harness.document_state(&doc).await;
    assert_eq!(state["error"]["code"], -32602, "{state}");
    let answer = harness.hover(&doc, 0, 1).await;
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("is not open")),
        "{answer}"
    );
    // Opening it afterwards starts from what didOpen says.
    harness.open(&doc, "markdown", "Neural network.").await;
    assert_eq!(harness.text_of(&doc).await, "Neural network.");
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

/// LSP versions only increase. One that goes back is logged, and the edit
/// is applied anyway: the edit is what happened to the editor's text, and
/// dropping it would part the two texts for good.
#[tokio::test]
async fn a_version_going_backwards_is_logged_and_still_applied() {
    let (_cache, mut harness, doc) = builtin_session("v.md").await;
    harness.open(&doc, "markdown", "Deep learning.").await;
    for (version, at, insert) in [(5, 14, " One."), (3, 19, " Two."), (3, 24, " GAN.")] {
        harness
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": doc.as_str(), "version": version},
                       "contentChanges": [{"range": {"start": {"line": 0, "character": at}, "end": {"line": 0, "character": at}}, "text": insert}]}),
            )
            .await;
    }
    let state = harness.document_state(&doc).await;
    assert_eq!(state["text"], "Deep learning. One. Two. GAN.");
    assert_eq!(state["version"], 3);
    assert_eq!(state["occurrences"].as_array().map(Vec::len), Some(2));
    // Diagnostics go out for the version the editor now has.
    loop {
        let params = within(
            "diagnostics",
            harness.next_notification("textDocument/publishDiagnostics"),
        )
        .await;
        if params["version"] == 3 {
            break;
        }
    }
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_binary_or_not_utf8_are_skipped_and_named() {
    let site = Site::new(&[("deep-learning.md", entry("Deep Learning", "Layers."))]);
    // Latin-1 and binary files in the glossary...
    std::fs::write(
        site.glossary("cafe.md"),
        b"---\ntitle: Caf\xe9\n---\nLatin-1.\n",
    )
    .unwrap();
    std::fs::write(
        site.glossary("image.md"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR deep learning",
    )
    .unwrap();
    // ...and in the documents the references walk reads.
    std::fs::write(
        site.root.join("docs/latin1.md"),
        b"Deep learning, caf\xe9.\n",
    )
    .unwrap();
    std::fs::write(
        site.root.join("docs/binary.md"),
        b"Deep learning\0\0\0\x01\x02",
    )
    .unwrap();
    std::fs::write(site.root.join("docs/good.md"), "Deep learning.\n").unwrap();
    let mut harness = start(&site, json!({})).await;
    let message = next_message(&mut harness).await;
    assert!(
        message.contains("glossary file")
            && message.contains("not valid UTF-8")
            && message.contains("1 other file"),
        "{message}"
    );
    let doc = site.doc("open.md");
    harness.open(&doc, "markdown", "Deep learning.\n").await;
    hover_until(&mut harness, &doc, (0, 2), "the readable entry", |m| {
        m.is_some_and(|m| m.contains("Layers."))
    })
    .await;
    let found = harness
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": doc.as_str()}, "position": {"line": 0, "character": 2},
                   "context": {"includeDeclaration": false}}),
        )
        .await;
    let mut files: Vec<String> = found
        .as_array()
        .unwrap_or_else(|| panic!("{found}"))
        .iter()
        .filter_map(|l| l["uri"].as_str())
        .map(|u| u.rsplit('/').next().unwrap_or(u).to_string())
        .collect();
    files.sort();
    assert_eq!(files, ["good.md", "open.md"], "{found}");
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn an_oversized_document_is_named_once_and_not_analysed() {
    let site = Site::new(&[("deep-learning.md", entry("Deep Learning", "Layers."))]);
    let mut harness = start(&site, json!({"files": {"max-size": 1000}})).await;
    let big = site.doc("big.md");
    let text = "Deep learning. ".repeat(200);
    harness.open(&big, "markdown", &text).await;
    let message = next_message(&mut harness).await;
    assert!(
        message.ends_with(&format!(
            "big.md is {} bytes, over the limit of 1000 (`files.max-size`); glossary terms in it are not analysed",
            text.len()
        )),
        "{message}"
    );
    assert_eq!(hover_markdown(&hover(&mut harness, &big, 0, 2).await), None);
    let state = harness.document_state(&big).await;
    assert_eq!(state["occurrences"], json!([]));
    // Once per document: opening it again says nothing, another one does.
    harness.open(&big, "markdown", &text).await;
    let other = site.doc("other.md");
    harness.open(&other, "markdown", &text).await;
    let message = next_message(&mut harness).await;
    assert!(message.contains("other.md is"), "{message}");
    // A language that is not analysed anyway is not worth a message; small
    // documents are analysed as ever.
    harness.open(&site.doc("big.rs"), "rust", &text).await;
    let small = site.doc("small.md");
    harness.open(&small, "markdown", "Deep learning.").await;
    let answer = hover(&mut harness, &small, 0, 2).await;
    assert!(hover_markdown(&answer).is_some_and(|m| m.contains("Layers.")));
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[test]
fn the_default_document_size_limit_applies() {
    assert_eq!(config::DEFAULT_MAX_DOCUMENT_BYTES, 16 * 1024 * 1024);
    let limit = config::DEFAULT_MAX_DOCUMENT_BYTES as usize;
    let empty = Workspace::empty();
    assert_eq!(
        empty.max_document_bytes(),
        config::DEFAULT_MAX_DOCUMENT_BYTES
    );
    assert_eq!(
        empty.analyse_as(None, "markdown", limit),
        Some(DocKind::Markdown)
    );
    assert_eq!(empty.analyse_as(None, "markdown", limit + 1), None);
    // A workspace without configuration has the default too.
    let dir = tempfile::tempdir().unwrap();
    let options = ServerOptions {
        overrides: Overrides {
            builtin: true,
            ..Overrides::default()
        },
        cache_root: None,
    };
    let (workspace, messages) = Workspace::load(dir.path(), &options, None, &Default::default());
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(
        workspace.max_document_bytes(),
        config::DEFAULT_MAX_DOCUMENT_BYTES
    );
    assert_eq!(workspace.analyse_as(None, "markdown", limit + 1), None);
}

#[tokio::test]
async fn single_letter_terms_and_a_term_of_ten_thousand_characters() {
    let long_title = format!("Long{}", " word".repeat(1_999)); // 9,999 characters
    assert_eq!(long_title.chars().count(), 9_999);
    let mut entries: Vec<(String, String)> = ["A", "I", "x", "\u{e9}", "\u{4e2d}"]
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("letter-{i}.md"), entry(t, &format!("Letter {t}."))))
        .collect();
    entries.push(("long.md".to_string(), entry(&long_title, "Very long.")));
    let entries: Vec<(&str, String)> = entries
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    let site = Site::new(&entries);
    let mut harness = start(&site, json!({})).await;
    let doc = site.doc("letters.md");
    let line = "A cat, I think x or \u{e9} or \u{4e2d} a b c.\n";
    let text = format!("{}{long_title} and more.\n", line.repeat(200));
    harness.open(&doc, "markdown", &text).await;
    let answer = hover(&mut harness, &doc, 0, 15).await;
    assert!(
        hover_markdown(&answer).is_some_and(|m| m.starts_with("**x**")),
        "{answer}"
    );
    let answer = hover(&mut harness, &doc, 200, 5_000).await;
    assert!(
        hover_markdown(&answer).is_some_and(|m| m.starts_with("**Long word word")),
        "long term"
    );
    assert_eq!(answer["range"]["end"]["character"], 9_999);
    // Every occurrence, as a fresh analysis with the same glossary finds them.
    let glossary = glossary_ls::glossary::loader::load(
        &[site.root.join("glossary")],
        glossary_ls::config::Limits::default(),
    )
    .unwrap();
    let scanner = Scanner::new(GlossaryIndex::new(glossary));
    let state = harness.document_state(&doc).await;
    let expected = expected_occurrences(&text, &scanner, harness.encoding);
    assert_eq!(state["occurrences"], expected);
    assert!(expected.as_array().unwrap().len() > 200 * 5);
    let completion = harness
        .at(
            "textDocument/completion",
            &doc,
            json!({"line": 200, "character": 3}),
        )
        .await;
    assert!(completion.get("error").is_none());
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[test]
fn a_hundred_thousand_entries_with_one_title_are_each_reported() {
    let base = parse_entry(
        &entry("Deep Learning", "Layers."),
        "deep-learning",
        std::path::Path::new("/g/deep-learning.md"),
    );
    let entries: Vec<_> = (0..100_000)
        .map(|i| {
            let mut e = base.clone();
            e.slug = format!("e{i}");
            e.path = std::path::PathBuf::from(format!("/g/e{i}.md")).into();
            e
        })
        .collect();
    // Quadratic reporting took hours here (the test would not end); the
    // time it takes now is measured by the benchmarks, not asserted.
    let glossary = Glossary::new(entries, Vec::new(), Vec::new());
    let messages = |i: u32| -> Vec<String> {
        glossary
            .entry(i)
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.code, p.message))
            .collect()
    };
    // The first hears of all the others in one problem; each other of the first.
    assert_eq!(
        messages(0),
        [
            "duplicate-title: term `Deep Learning` is also defined in /g/e1.md, /g/e2.md, /g/e3.md, 99996 more"
        ]
    );
    assert_eq!(
        messages(70_000),
        ["duplicate-title: term `Deep Learning` is also defined in /g/e0.md"]
    );
    assert_eq!(glossary.resolve("deep learning"), Some(0));
}

#[tokio::test]
async fn a_yaml_bomb_in_a_glossary_file_is_refused_and_the_entry_kept() {
    let mut bomb = String::from(
        "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    // Each anchor refers nine times to the one before: 9^9 strings if expanded.
    for (prev, name) in ('a'..='h').zip('b'..='i') {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    bomb.push_str("---\n\n### Summary\nA billion laughs.\n");
    let deep = format!(
        "---\ntitle: Nest\nx: {}{}\n---\n\n### Summary\nDeep nesting.\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let site = Site::new(&[("bomb.md", bomb.clone()), ("nest.md", deep)]);
    let mut harness = within("initialize", start(&site, json!({}))).await;
    let doc = site.doc("a.md");
    harness.open(&doc, "markdown", "A bomb and a nest.").await;
    let answer = hover(&mut harness, &doc, 0, 3).await;
    assert!(
        hover_markdown(&answer)
            .is_some_and(|m| m.starts_with("**Bomb**") && m.contains("A billion laughs.")),
        "{answer}"
    );
    let answer = hover(&mut harness, &doc, 0, 14).await;
    assert!(
        hover_markdown(&answer).is_some_and(|m| m.starts_with("**Nest**")),
        "{answer}"
    );
    // The entry file, opened, says what is wrong with it.
    let bomb_uri = uri(&site.glossary("bomb.md"));
    harness.open(&bomb_uri, "markdown", &bomb).await;
    let diagnostics = diagnostics_of(&mut harness, &bomb_uri).await;
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "malformed-front-matter"),
        "{diagnostics:?}"
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

// ---------------------------------------------------------------------------
// Safety: paths and bounds from settings.

#[tokio::test]
async fn relative_glossary_paths_leading_out_of_the_workspace_are_refused() {
    let site = Site::new(&[("deep-learning.md", entry("Deep Learning", "Layers."))]);
    // A glossary outside the workspace, reachable with `..` or absolutely.
    let outside = site.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("far.md"), entry("Faraway Term", "Far.")).unwrap();
    site.configure("glossary = \"../elsewhere\"\n");

    let mut harness = start(&site, json!({})).await;
    let message = next_message(&mut harness).await;
    assert!(
        message.contains(".glossary-ls.toml: `glossary` path `../elsewhere` leads outside")
            && message.contains("editor's settings"),
        "{message}"
    );
    // Discovery takes over: the workspace's own glossary folder.
    let doc = site.doc("a.md");
    harness
        .open(&doc, "markdown", "Deep learning, faraway term.")
        .await;
    let answer = hover(&mut harness, &doc, 0, 2).await;
    assert!(
        hover_markdown(&answer).is_some_and(|m| m.contains("Layers.")),
        "{answer}"
    );
    assert_eq!(hover_text(&mut harness, &doc, 0, 18).await, None);
    harness.shutdown_and_exit().await;

    // Nor absolutely, nor through a symlink inside the workspace.
    let mut spelled = vec![outside.display().to_string()];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, site.root.join("g")).unwrap();
        spelled.push("g".to_string());
    }
    for written in spelled {
        site.configure(&format!("glossary = {written:?}\n"));
        let mut harness = start(&site, json!({})).await;
        let message = next_message(&mut harness).await;
        assert!(
            message.contains(&format!("`glossary` path `{written}` leads outside")),
            "{message}"
        );
        harness
            .open(&doc, "markdown", "Deep learning, faraway term.")
            .await;
        assert_eq!(hover_text(&mut harness, &doc, 0, 18).await, None);
        harness.shutdown_and_exit().await;
    }
    site.configure("glossary = \"../elsewhere\"\n");

    // The editor's settings are the user's own: relative to the workspace
    // folder, they may lead anywhere, as may an absolute path.
    for setting in ["../elsewhere".to_string(), outside.display().to_string()] {
        let mut harness = start(&site, json!({ "glossary": setting })).await;
        harness
            .open(&doc, "markdown", "Deep learning, faraway term.")
            .await;
        let answer = hover(&mut harness, &doc, 0, 18).await;
        assert!(
            hover_markdown(&answer).is_some_and(|m| m.starts_with("**Faraway Term**")),
            "{setting}: {answer}"
        );
        harness.shutdown_and_exit().await;
    }

    // A configuration file above the workspace, outside any repository,
    // is not the workspace's: it is not read.
    let above = site.root.parent().unwrap().join(".glossary-ls.toml");
    std::fs::write(&above, "glossary = \"elsewhere\"\n").unwrap();
    let inner = site.root.join("docs");
    assert_eq!(config::find_config(&inner), None);
    std::fs::create_dir_all(site.root.join(".git")).unwrap();
    assert_eq!(
        config::find_config(&inner),
        Some(site.root.join(".glossary-ls.toml"))
    );
    std::fs::remove_file(site.root.join(".glossary-ls.toml")).unwrap();
    assert_eq!(config::find_config(&inner), None);
    std::fs::remove_file(&above).unwrap();
    site.configure("glossary = \"../elsewhere\"\n");

    // The command line reads the same file strictly: an error naming the key.
    let error = config::discover(&site.root, &Overrides::default()).unwrap_err();
    assert!(
        error.to_string().contains("`glossary` path `../elsewhere`"),
        "{error}"
    );
    // Inside is fine, however it is spelled.
    site.configure("glossary = \"docs/../glossary\"\n");
    let settings = config::discover(&site.root, &Overrides::default()).unwrap();
    assert_eq!(
        settings.glossary,
        config::GlossarySource::Folders(vec![site.root.join("glossary")])
    );
}

#[tokio::test]
async fn glossary_file_count_and_size_bounds_are_configurable() {
    let site = Site::new(&[
        ("a.md", entry("Alpha Term", "A.")),
        ("b.md", entry("Beta Term", "B.")),
        ("c.md", entry("Gamma Term", "C.")),
    ]);
    let doc = site.doc("x.md");
    let text = "Alpha term, beta term, gamma term.";
    let mut harness = start(&site, json!({"files": {"max-glossary-files": 2}})).await;
    let message = next_message(&mut harness).await;
    assert!(
        message.contains("more than 2 files; the rest are not read"),
        "{message}"
    );
    harness.open(&doc, "markdown", text).await;
    assert!(hover_text(&mut harness, &doc, 0, 14).await.is_some());
    assert_eq!(hover_text(&mut harness, &doc, 0, 25).await, None);
    harness.shutdown_and_exit().await;

    std::fs::write(
        site.glossary("c.md"),
        entry("Gamma Term", &"Long. ".repeat(100)),
    )
    .unwrap();
    let mut harness = start(&site, json!({"files": {"max-glossary-size": 200}})).await;
    let message = next_message(&mut harness).await;
    assert!(
        message.contains("c.md") && message.contains("over the limit of 200"),
        "{message}"
    );
    harness.open(&doc, "markdown", text).await;
    assert!(hover_text(&mut harness, &doc, 0, 14).await.is_some());
    assert_eq!(hover_text(&mut harness, &doc, 0, 25).await, None);
    harness.shutdown_and_exit().await;

    // The same keys in `.glossary-ls.toml`, for the command line too.
    site.configure("[files]\nmax-glossary-files = 7\nmax-glossary-size = 1234\n");
    let settings = config::discover(&site.root, &Overrides::default()).unwrap();
    assert_eq!(settings.glossary_limits.max_files, 7);
    assert_eq!(settings.glossary_limits.max_file_bytes, 1234);
}

#[test]
fn the_source_never_starts_programs() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for banned in ["process::Command", "Command::new", "libc::exec", "fork("] {
                    assert!(
                        !text.contains(banned),
                        "{} uses {banned}: the server never runs programs",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(files > 20);
}

// ---------------------------------------------------------------------------
// Through the real binary.

#[test]
fn the_binary_answers_malformed_messages_and_lives_on() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let mut server = scratch.serve();
    // Before `initialize`, every request is refused, a broken one too.
    server.send_raw(b"Content-Length: 5\r\n\r\n{bad}");
    let answer = server.response();
    assert_eq!(answer["error"]["code"], -32002, "{answer}");
    server.initialize(&root);
    // Invalid JSON: a parse error, with a null id.
    server.send_raw(b"Content-Length: 14\r\n\r\n{\"jsonrpc\": 2,");
    let answer = server.response();
    assert_eq!(answer["id"], Value::Null);
    assert_eq!(answer["error"]["code"], -32700, "{answer}");
    // JSON, but not JSON-RPC: an invalid request.
    server.send(json!({"hello": "world"}));
    let answer = server.response();
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    // An unknown method: method not found, for that id.
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "glossary-ls/nope", "params": {}}));
    let answer = server.response();
    assert_eq!(answer["id"], 2);
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    // A known method with the wrong params: invalid params.
    server.send(json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": [1]}));
    let answer = server.response();
    assert_eq!(answer["id"], 3);
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    // And it still works.
    let doc = uri(&root.join("notes.md"));
    server.open(&doc, "Deep learning.");
    server.ask_hover(4, &doc, 0, 2);
    let answer = server.response();
    assert_eq!(answer["id"], 4);
    assert!(
        answer["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|m| m.starts_with("**Deep Learning**")),
        "{answer}"
    );
    assert_eq!(server.end(5), Some(0));
}

#[test]
fn the_binary_exits_when_its_input_closes_mid_request() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for i in 0..1_500 {
        std::fs::write(
            docs.join(format!("d{i}.md")),
            "Deep learning and more deep learning.\n".repeat(20),
        )
        .unwrap();
    }
    let mut server = scratch.serve_initialized();
    let doc = uri(&root.join("open.md"));
    server.open(&doc, "Deep learning.");
    server.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/references", "params":
        {"textDocument": {"uri": doc.as_str()}, "position": {"line": 0, "character": 2},
         "context": {"includeDeclaration": true}}}),
    );
    // The client vanishes.
    drop(server.stdin.take());
    let pid = server.pid();
    let status = server
        .wait()
        .expect("the server exits when its input closes");
    // No `shutdown` first: exit code 1, as the protocol says.
    assert_eq!(status.code(), Some(1));
    // Waited for, so not a zombie; and nothing of it is left running.
    #[cfg(target_os = "linux")]
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    let _ = pid;
}

/// Every file under `dir` with its length and modification time.
fn listing(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            out.insert(entry.path(), (meta.len(), meta.modified().unwrap()));
            if meta.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    out
}

#[test]
fn the_server_writes_only_to_its_cache_folder() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path().canonicalize().unwrap();
    // One workspace with its own glossary and configuration, one without
    // (the built-in glossary, whose entries are written to the cache).
    let own = home.join("own");
    std::fs::create_dir_all(own.join("glossary")).unwrap();
    std::fs::create_dir_all(own.join("docs")).unwrap();
    std::fs::write(
        own.join("glossary/deep-learning.md"),
        entry("Deep Learning", "Layers."),
    )
    .unwrap();
    std::fs::write(own.join(".glossary-ls.toml"), "glossary = \"glossary\"\n").unwrap();
    std::fs::write(own.join("docs/page.md"), "Deep learning on disk.\n").unwrap();
    let bare = home.join("bare");
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::write(bare.join("page.md"), "A large language model.\n").unwrap();
    let before = listing(&home);

    for (root, text) in [
        (&own, "Deep learning here."),
        (&bare, "A large language model here."),
    ] {
        let mut server = Binary::start(&["serve"], root, &home);
        server.initialize(root);
        let doc = uri(&root.join("page.md"));
        let at =
            json!({"textDocument": {"uri": doc.as_str()}, "position": {"line": 0, "character": 3}});
        let whole =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 10}});
        server.open(&doc, text);
        let mut requests = vec![
            ("textDocument/hover", at.clone()),
            ("textDocument/definition", at.clone()),
            ("textDocument/completion", at.clone()),
            (
                "textDocument/references",
                json!({"textDocument": at["textDocument"], "position": at["position"], "context": {"includeDeclaration": true}}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": at["textDocument"], "range": whole, "context": {"diagnostics": []}}),
            ),
            (
                "textDocument/documentLink",
                json!({"textDocument": at["textDocument"]}),
            ),
            (
                "textDocument/semanticTokens/full",
                json!({"textDocument": at["textDocument"]}),
            ),
            ("workspace/symbol", json!({"query": "deep"})),
        ];
        for (id, (method, params)) in requests.drain(..).enumerate() {
            server
                .send(json!({"jsonrpc": "2.0", "id": id + 10, "method": method, "params": params}));
            let answer = server.response();
            assert!(answer.get("error").is_none(), "{method}: {answer}");
        }
        server.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": doc.as_str(), "version": 2},
             "contentChanges": [{"range": whole, "text": "Changed"}]}}),
        );
        server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": doc.as_str()}}}));
        assert_eq!(server.end(99), Some(0));
    }

    let after = listing(&home);
    let cache = home.join("cache").join("glossary-ls");
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, meta)| before.get(*path) != Some(meta))
        .map(|(path, _)| path)
        .filter(|path| !cache.starts_with(path))
        .collect();
    let outside: Vec<&&PathBuf> = changed.iter().filter(|p| !p.starts_with(&cache)).collect();
    assert!(outside.is_empty(), "written outside the cache: {outside:?}");
    // The built-in entries did go to the cache, for go-to-entry.
    assert!(
        changed
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "md"))
    );
    let removed: Vec<&PathBuf> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert!(removed.is_empty(), "removed: {removed:?}");
}
