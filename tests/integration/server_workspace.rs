//! Workspace features through the protocol, in process: find references
//! across a workspace's files, workspace symbols, semantic tokens.
//!
//! Results are compared with `expect_test` snapshots (`UPDATE_EXPECT=1
//! cargo test` rewrites them); file paths are shown relative to `$ROOT`.

use std::path::Path;

use crate::common::fixtures::Site;
use crate::common::{Answers, Harness, range_text, uri};
use expect_test::expect;
use glossary_ls::config::Overrides;
use glossary_ls::server::ServerOptions;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::Uri;

/// The shared in-process client, with the few requests these tests make.
struct Client(Harness);

impl std::ops::Deref for Client {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.0
    }
}

impl Client {
    /// Starts a server for the workspace at `root` (or none) and initializes it.
    async fn start(
        root: Option<&Path>,
        cache: &Path,
        builtin: bool,
        utf8: bool,
    ) -> (Client, Value) {
        let options = ServerOptions {
            overrides: Overrides {
                builtin,
                ..Overrides::default()
            },
            cache_root: Some(cache.to_path_buf()),
        };
        let capabilities = if utf8 {
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
        } else {
            json!({})
        };
        let root_uri = root.map(|r| uri(r).as_str().to_string());
        let params = json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities});
        let (mut harness, init) = Harness::start_with(options, params, Answers::default()).await;
        if let Some(root) = root {
            harness.redact.push((root.display().to_string(), "$ROOT"));
        }
        harness.redact.push((cache.display().to_string(), "$CACHE"));
        (Client(harness), init)
    }

    async fn open(&self, uri: &Uri, text: &str) {
        self.0.open(uri, "markdown", text).await;
    }

    async fn references(&self, uri: &Uri, line: u32, character: u32, declaration: bool) -> String {
        let found = self
            .request(
                "textDocument/references",
                json!({
                    "textDocument": {"uri": uri.as_str()},
                    "position": {"line": line, "character": character},
                    "context": {"includeDeclaration": declaration},
                }),
            )
            .await;
        self.show_locations(&found)
    }

    fn show_locations(&self, found: &Value) -> String {
        let Some(list) = found.as_array() else {
            return found.to_string();
        };
        let lines: Vec<String> = list
            .iter()
            .map(|l| {
                let location = l.get("location").unwrap_or(l);
                format!(
                    "{} {}",
                    location["uri"].as_str().unwrap_or("?"),
                    range_text(&location["range"])
                )
            })
            .collect();
        self.redacted(lines.join("\n"))
    }

    async fn exit(self) {
        assert_eq!(self.0.shutdown_and_exit().await, 0);
    }
}

const DEEP_LEARNING: &str = "---\ntitle: \"Deep Learning\"\n---\n\n### Summary\n\
Deep learning stacks many neural network layers.\n\n### Related terms\nMachine Learning, Neural Network\n";
const MACHINE_LEARNING: &str = "---\ntitle: Machine Learning\n---\n\n### Summary\nComputers learn from data.\n\n\
### Related Terms\n\n* [Deep Learning](/glossary/deep-learning/)\n";
const NEURAL_NETWORK: &str = "# Neural Network\n\nA network of artificial neurons.\n\n## Related terms\n\n* [DL](/glossary/deep-learning/)\n";

/// On disk: a term, a link to its entry under other words, a wrapped term.
const GUIDE: &str = "# Guide\n\nDeep learning is everywhere.\n\nSee [the overview](../glossary/deep-learning.md) \
and a deep\nlearning model.\n\n```\ndeep learning in code\n```\n";
const NOTES_ON_DISK: &str = "Old notes about deep learning.\n";
/// The same file, open in the editor with edits not saved.
const NOTES_OPEN: &str = "# Notes\n\nNew notes: \u{1f600} deep learning, and\nneural networks.\n";

/// A workspace with its own glossary, documents on disk, a plain-text file,
/// a folder that `.gitignore` excludes and a file type that is not read.
fn site() -> Site {
    Site::with_files(&[
        ("glossary/deep-learning.md", DEEP_LEARNING),
        ("glossary/machine-learning.md", MACHINE_LEARNING),
        ("glossary/neural-network.md", NEURAL_NETWORK),
        ("docs/guide.md", GUIDE),
        ("docs/notes.md", NOTES_ON_DISK),
        ("notes.txt", "Plain text on deep learning.\n"),
        ("code.rs", "// deep learning\n"),
        (".gitignore", "/drafts/\n"),
        ("drafts/wip.md", "Deep learning, soon.\n"),
    ])
}

/// The fixture site served, with the file at `path` (below the site) open
/// holding `text`.
async fn site_with_open(path: &str, text: &str, utf8: bool) -> (Site, Client, Value, Uri) {
    let site = site();
    let (client, init) = Client::start(Some(&site.root), &site.cache, false, utf8).await;
    let doc = uri(&site.root.join(path));
    client.open(&doc, text).await;
    (site, client, init, doc)
}

#[tokio::test]
async fn references_across_the_workspace_with_open_buffers_first() {
    let (site, client, _, notes) = site_with_open("docs/notes.md", NOTES_OPEN, false).await;
    // On "deep learning" in the open buffer (after an emoji: UTF-16 columns).
    let with_declaration = client.references(&notes, 2, 15, true).await;
    // The open buffer's text counts, not the file on disk; the ignored
    // draft, the code block and the Rust file are not references.
    expect![[r#"
        file://$ROOT/docs/guide.md 2:0-2:13
        file://$ROOT/docs/guide.md 4:4-4:48
        file://$ROOT/docs/guide.md 4:55-5:8
        file://$ROOT/docs/notes.md 2:14-2:27
        file://$ROOT/glossary/deep-learning.md 1:8-1:21
        file://$ROOT/glossary/deep-learning.md 5:0-5:13
        file://$ROOT/glossary/machine-learning.md 9:3-9:16
        file://$ROOT/glossary/neural-network.md 6:3-6:5
        file://$ROOT/notes.txt 0:14-0:27"#]]
    .assert_eq(&with_declaration);

    let without = client.references(&notes, 2, 15, false).await;
    let expected: Vec<&str> = with_declaration
        .lines()
        .filter(|l| !l.ends_with("deep-learning.md 1:8-1:21"))
        .collect();
    assert_eq!(without, expected.join("\n"));

    // From a link to the entry, the same places.
    let guide = uri(&site.root.join("docs/guide.md"));
    client.open(&guide, GUIDE).await;
    assert_eq!(
        client.references(&guide, 4, 10, true).await,
        with_declaration
    );
    // Nothing to find outside a term.
    assert_eq!(client.references(&notes, 0, 3, true).await, "null");
    client.exit().await;
}

#[tokio::test]
async fn a_title_heading_is_the_declaration_not_an_occurrence() {
    let (_site, client, _, entry) =
        site_with_open("glossary/neural-network.md", NEURAL_NETWORK, false).await;
    let without = client.references(&entry, 0, 4, false).await;
    expect![[r#"
        file://$ROOT/glossary/deep-learning.md 5:26-5:40
        file://$ROOT/glossary/deep-learning.md 8:18-8:32"#]]
    .assert_eq(&without);
    let with = client.references(&entry, 0, 4, true).await;
    expect![[r#"
        file://$ROOT/glossary/deep-learning.md 5:26-5:40
        file://$ROOT/glossary/deep-learning.md 8:18-8:32
        file://$ROOT/glossary/neural-network.md 0:2-0:16"#]]
    .assert_eq(&with);
    client.exit().await;
}

#[tokio::test]
async fn references_to_a_builtin_entry_include_its_cached_copy() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("a.md"), "Large language models hallucinate.\n").unwrap();
    let (client, _) = Client::start(Some(&root), &base.join("cache"), true, false).await;
    let scratch: Uri = "untitled:Untitled-1".parse().unwrap();
    client.open(&scratch, "An LLM, in short.\n").await;
    expect![[r#"
        file://$CACHE/$VERSION/glossary/large-language-model.md 1:8-1:34
        file://$ROOT/a.md 0:0-0:21
        untitled:Untitled-1 0:3-0:6"#]]
    .assert_eq(&client.references(&scratch, 0, 4, true).await);
    expect![[r#"
        file://$ROOT/a.md 0:0-0:21
        untitled:Untitled-1 0:3-0:6"#]]
    .assert_eq(&client.references(&scratch, 0, 4, false).await);
    client.exit().await;
}

#[tokio::test]
async fn workspace_symbols_by_fuzzy_query() {
    let site = site();
    let (client, _) = Client::start(Some(&site.root), &site.cache, false, false).await;
    let show = |found: Value| {
        let lines: Vec<String> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{} (kind {}, in {}) {}",
                    s["name"].as_str().unwrap(),
                    s["kind"],
                    s["containerName"].as_str().unwrap(),
                    client.show_locations(&json!([s]))
                )
            })
            .collect();
        lines.join("\n")
    };
    for (query, expected) in [
        (
            "learn",
            expect![[r#"
            Deep Learning (kind 20, in glossary) file://$ROOT/glossary/deep-learning.md 1:8-1:21
            Machine Learning (kind 20, in glossary) file://$ROOT/glossary/machine-learning.md 1:7-1:23"#]],
        ),
        // A prefix before a match inside a word.
        (
            "ne",
            expect![[r#"
            Neural Network (kind 20, in glossary) file://$ROOT/glossary/neural-network.md 0:2-0:16
            Machine Learning (kind 20, in glossary) file://$ROOT/glossary/machine-learning.md 1:7-1:23"#]],
        ),
        // Letters in order anywhere: a subsequence, shorter titles first.
        (
            "nn",
            expect![[r#"
            Deep Learning (kind 20, in glossary) file://$ROOT/glossary/deep-learning.md 1:8-1:21
            Neural Network (kind 20, in glossary) file://$ROOT/glossary/neural-network.md 0:2-0:16
            Machine Learning (kind 20, in glossary) file://$ROOT/glossary/machine-learning.md 1:7-1:23"#]],
        ),
    ] {
        let found = client
            .request("workspace/symbol", json!({"query": query}))
            .await;
        expected.assert_eq(&show(found));
    }
    let found = client
        .request("workspace/symbol", json!({"query": "zzz"}))
        .await;
    assert_eq!(found, json!([]));
    client.exit().await;
}

#[tokio::test]
async fn workspace_symbols_of_the_builtin_glossary_are_its_cached_files() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().canonicalize().unwrap();
    let (client, _) = Client::start(None, &cache, true, false).await;
    let found = client
        .request("workspace/symbol", json!({"query": "llm"}))
        .await;
    let first = client.show_locations(&json!([found[0]]));
    expect!["file://$CACHE/$VERSION/glossary/large-language-model.md 1:8-1:34"].assert_eq(&first);
    assert_eq!(found[0]["name"], "Large Language Model (LLM)");
    client.exit().await;
}

/// Semantic tokens as rows of `[deltaLine, deltaStart, length, type, modifiers]`.
fn rows(tokens: &Value) -> String {
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    data.chunks(5)
        .map(|row| format!("{row:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

const TOKENS_DOC: &str = "# \u{1f600} Deep learning\n\nA neural\nnetwork, and \
[deep learning](../glossary/deep-learning.md) \u{1f600} machine learning.\n";

async fn semantic_tokens(utf8: bool) -> (String, String, Value) {
    let (_site, client, init, doc) = site_with_open("docs/tokens.md", TOKENS_DOC, utf8).await;
    let full = client
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": doc.as_str()}}),
        )
        .await;
    // Lines 2 and 3: the wrapped term and the link, not the heading.
    let range = client
        .request(
            "textDocument/semanticTokens/range",
            json!({
                "textDocument": {"uri": doc.as_str()},
                "range": {"start": {"line": 2, "character": 0}, "end": {"line": 3, "character": 30}},
            }),
        )
        .await;
    client.exit().await;
    (rows(&full), rows(&range), init)
}

#[tokio::test]
async fn semantic_tokens_in_utf16_and_utf8() {
    // Heading term after an emoji (2 UTF-16 code units, 4 bytes), the
    // wrapped term as one token per line, a linked term, a term after a
    // second emoji. The range request covers the middle lines.
    let range = expect![[r#"
        [2, 2, 6, 0, 0]
        [1, 0, 7, 0, 0]
        [0, 14, 13, 0, 1]"#]];
    // The whole document adds the heading term before those and the term
    // after the second emoji after them: the columns the encodings count
    // differently.
    for (utf8, encoding, heading, last) in [
        (false, "utf-16", "[0, 5, 13, 0, 0]", "[0, 48, 16, 0, 0]"),
        (true, "utf-8", "[0, 7, 13, 0, 0]", "[0, 50, 16, 0, 0]"),
    ] {
        let (full_rows, range_rows, init) = semantic_tokens(utf8).await;
        let capabilities = &init["capabilities"];
        assert_eq!(
            capabilities["positionEncoding"]
                .as_str()
                .unwrap_or("utf-16"),
            encoding
        );
        expect![[r#"
            {"full":true,"legend":{"tokenModifiers":["linked"],"tokenTypes":["glossaryTerm"]},"range":true}"#]]
        .assert_eq(&capabilities["semanticTokensProvider"].to_string());
        range.assert_eq(&range_rows);
        assert_eq!(full_rows, format!("{heading}\n{range_rows}\n{last}"));
    }
}
