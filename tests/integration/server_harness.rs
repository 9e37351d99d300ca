//! Protocol tests against the server in process, over `tokio::io::duplex`.
//!
//! A fixture is a document with a `$0` cursor; results are compared with
//! `expect_test` snapshots (`UPDATE_EXPECT=1 cargo test` rewrites them).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::common::{Harness, expected_occurrences, range_text, uri};
use expect_test::{Expect, expect};
use glossary_ls::analysis::Scanner;
use glossary_ls::config::Overrides;
use glossary_ls::glossary::builtin;
use glossary_ls::index::GlossaryIndex;
use glossary_ls::server::ServerOptions;
use glossary_ls::server::position::{Encoding, TextLines, to_position};
use serde_json::{Value, json};
use tower_lsp_server::ls_types::Uri;

/// A workspace with its own small glossary, and a cache folder.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: PathBuf,
}

const DEEP_LEARNING: &str = "---\ntitle: \"Deep Learning\"\ntype: glossary\n---\n\n### Summary\n\
Deep learning stacks many neural network layers.\n\n### ELI5\nLayers of simple <b>steps</b>.\n\n\
### Related terms\nMachine Learning, Neural Network, Quantum Widgets\n";
const MACHINE_LEARNING: &str = "---\ntitle: Machine Learning\n---\n\n### Summary\nComputers learn from data.\n\n\
### Related Terms\n\n* [Deep Learning](/glossary/deep-learning/)\n";
const NEURAL_NETWORK: &str = "# Neural Network\n\nA network of artificial neurons. See [run](command:evil.run) \
<script>alert(1)</script>.\n\n## Related terms\nDeep Learning\n";
const GRADIENT_DESCENT: &str =
    "---\ntitle: Gradient Descent\ndraft: true\n---\n\n### Summary\nFollows the slope down.\n";

fn workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    // Canonical, so that paths in URIs and in the glossary agree (macOS /private).
    let root = dir.path().canonicalize().unwrap().join("site");
    let glossary = root.join("glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    for (name, text) in [
        ("deep-learning.md", DEEP_LEARNING),
        ("machine-learning.md", MACHINE_LEARNING),
        ("neural-network.md", NEURAL_NETWORK),
        ("gradient-descent.md", GRADIENT_DESCENT),
    ] {
        std::fs::write(glossary.join(name), text).unwrap();
    }
    let cache = dir.path().canonicalize().unwrap().join("cache");
    Workspace {
        _dir: dir,
        root,
        cache,
    }
}

fn options(cache: &Path, overrides: Overrides) -> ServerOptions {
    ServerOptions {
        overrides,
        cache_root: Some(cache.to_path_buf()),
    }
}

fn builtin_overrides() -> Overrides {
    Overrides {
        builtin: true,
        ..Overrides::default()
    }
}

async fn start_in(ws: &Workspace) -> Harness {
    let (mut harness, _) = Harness::start(
        options(&ws.cache, Overrides::default()),
        Some(&ws.root),
        json!({}),
    )
    .await;
    harness
        .redact
        .push((ws.cache.display().to_string(), "$CACHE"));
    harness
}

async fn start_builtin(cache: &Path, capabilities: Value) -> (Harness, Value) {
    let (mut harness, result) =
        Harness::start(options(cache, builtin_overrides()), None, capabilities).await;
    harness.redact.push((cache.display().to_string(), "$CACHE"));
    (harness, result)
}

fn show_hover(harness: &Harness, hover: &Value) -> String {
    if hover.is_null() {
        return "null".to_string();
    }
    harness.redacted(format!(
        "range: {}\n{}",
        range_text(&hover["range"]),
        hover["contents"]["value"].as_str().unwrap_or("?")
    ))
}

fn show_locations(harness: &Harness, response: &Value) -> String {
    let list = match response {
        Value::Array(items) => items.clone(),
        Value::Null => return "null".to_string(),
        one => vec![one.clone()],
    };
    let lines: Vec<String> = list
        .iter()
        .map(|l| match l.get("targetUri") {
            Some(target) => format!(
                "{} {} from {}",
                target.as_str().unwrap_or("?"),
                range_text(&l["targetSelectionRange"]),
                range_text(&l["originSelectionRange"])
            ),
            None => format!(
                "{} {}",
                l["uri"].as_str().unwrap_or("?"),
                range_text(&l["range"])
            ),
        })
        .collect();
    harness.redacted(lines.join("\n"))
}

fn show_completions(harness: &Harness, response: &Value, limit: usize) -> String {
    let items = response["items"].as_array().cloned().unwrap_or_default();
    let mut lines = vec![format!(
        "incomplete: {}, {} items",
        response["isIncomplete"],
        items.len()
    )];
    for item in items.iter().take(limit) {
        lines.push(format!(
            "{} | {} | {} -> {:?} at {}",
            item["label"].as_str().unwrap_or("?"),
            item["detail"].as_str().unwrap_or(""),
            item["filterText"].as_str().unwrap_or(""),
            item["textEdit"]["newText"].as_str().unwrap_or("?"),
            range_text(&item["textEdit"]["range"])
        ));
    }
    harness.redacted(lines.join("\n"))
}

async fn check_hover(fixture: &str, expect: Expect) {
    let ws = workspace();
    let harness = start_in(&ws).await;
    let doc = uri(&ws.root.join("docs/page.md"));
    let position = harness.open_fixture(&doc, "markdown", fixture).await;
    let hover = harness.at("textDocument/hover", &doc, position).await;
    expect.assert_eq(&show_hover(&harness, &hover));
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn hover_on_a_term() {
    check_hover(
        "We use deep lea$0rning a lot.\n",
        expect![[r#"
            range: 0:7-0:20
            **Deep Learning**

            Deep learning stacks many neural network layers.

            **ELI5:** Layers of simple \<b>steps\</b>.

            **Related terms:** [Machine Learning](file://$ROOT/glossary/machine-learning.md), [Neural Network](file://$ROOT/glossary/neural-network.md), Quantum Widgets

            [Open the glossary entry](file://$ROOT/glossary/deep-learning.md)"#]],
    )
    .await;
}

#[tokio::test]
async fn hover_makes_glossary_html_and_command_links_inert() {
    check_hover(
        "Two neural net$0works.\n",
        expect![[r#"
            range: 0:4-0:19
            **Neural Network**

            A network of artificial neurons. See \[run](command:evil.run) \<script>alert(1)\</script>.

            **Related terms:** [Deep Learning](file://$ROOT/glossary/deep-learning.md)

            [Open the glossary entry](file://$ROOT/glossary/neural-network.md)"#]],
    )
    .await;
}

#[tokio::test]
async fn hover_on_a_link_to_an_entry_and_on_a_draft() {
    check_hover(
        "See [the slope](../glossary/gradient-desc$0ent.md).\n",
        expect![[r#"
            range: 0:4-0:48
            **Gradient Descent** *(draft)*

            Follows the slope down.

            [Open the glossary entry](file://$ROOT/glossary/gradient-descent.md)"#]],
    )
    .await;
}

#[tokio::test]
async fn hover_outside_terms_and_in_code_is_empty() {
    check_hover("Plain$0 words.\n", expect!["null"]).await;
    check_hover("```\ndeep lea$0rning\n```\n", expect!["null"]).await;
}

#[tokio::test]
async fn hover_and_definition_on_a_related_term_in_an_entry_file() {
    let ws = workspace();
    let harness = start_in(&ws).await;
    let entry = ws.root.join("glossary/deep-learning.md");
    let doc = uri(&entry);
    let fixture = DEEP_LEARNING.replace("Machine Learning,", "Machine Lear$0ning,");
    let position = harness.open_fixture(&doc, "markdown", &fixture).await;
    let hover = harness
        .at("textDocument/hover", &doc, position.clone())
        .await;
    expect![[r#"
        range: 12:0-12:16
        **Machine Learning**

        Computers learn from data.

        **Related terms:** [Deep Learning](file://$ROOT/glossary/deep-learning.md)

        [Open the glossary entry](file://$ROOT/glossary/machine-learning.md)"#]]
    .assert_eq(&show_hover(&harness, &hover));
    let definition = harness.at("textDocument/definition", &doc, position).await;
    expect!["file://$ROOT/glossary/machine-learning.md 1:7-1:23"]
        .assert_eq(&show_locations(&harness, &definition));
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn definition_and_declaration_go_to_the_entry_title() {
    let ws = workspace();
    let harness = start_in(&ws).await;
    let doc = uri(&ws.root.join("docs/page.md"));
    let position = harness
        .open_fixture(
            &doc,
            "markdown",
            "Intro.\n\nA neural$0 network and [ML](../glossary/machine-learning.md).\n",
        )
        .await;
    let definition = harness
        .at("textDocument/definition", &doc, position.clone())
        .await;
    // The title of an entry without front matter is its `#` heading.
    expect!["file://$ROOT/glossary/neural-network.md 0:2-0:16"]
        .assert_eq(&show_locations(&harness, &definition));
    let declaration = harness.at("textDocument/declaration", &doc, position).await;
    assert_eq!(declaration, definition);
    let on_link = json!({"line": 2, "character": 30});
    let definition = harness.at("textDocument/definition", &doc, on_link).await;
    expect!["file://$ROOT/glossary/machine-learning.md 1:7-1:23"]
        .assert_eq(&show_locations(&harness, &definition));
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn definition_links_when_the_client_supports_them() {
    let ws = workspace();
    let capabilities = json!({"textDocument": {"definition": {"linkSupport": true}}});
    let (harness, _) = Harness::start(
        options(&ws.cache, Overrides::default()),
        Some(&ws.root),
        capabilities,
    )
    .await;
    let doc = uri(&ws.root.join("docs/page.md"));
    let position = harness
        .open_fixture(&doc, "markdown", "Machine learn$0ing.\n")
        .await;
    let definition = harness.at("textDocument/definition", &doc, position).await;
    expect!["file://$ROOT/glossary/machine-learning.md 1:7-1:23 from 0:0-0:16"]
        .assert_eq(&show_locations(&harness, &definition));
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn definition_of_a_builtin_entry_opens_its_cached_copy() {
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().canonicalize().unwrap();
    let (harness, _) = start_builtin(&cache, json!({})).await;
    let doc = Uri::from_str("untitled:Untitled-1").unwrap();
    let position = harness
        .open_fixture(&doc, "markdown", "Large language mod$0els hallucinate.\n")
        .await;
    let definition = harness.at("textDocument/definition", &doc, position).await;
    expect!["file://$CACHE/$VERSION/glossary/large-language-model.md 1:8-1:34"]
        .assert_eq(&show_locations(&harness, &definition));
    let file = cache
        .join(env!("CARGO_PKG_VERSION"))
        .join("glossary/large-language-model.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.lines().nth(1),
        Some("title: \"Large Language Model (LLM)\"")
    );
    assert!(std::fs::metadata(&file).unwrap().permissions().readonly());

    // Opened in the editor, the cached copy is an entry file: its related
    // terms lead on to their entries.
    let cached = uri(&file);
    let related_line = text
        .lines()
        .position(|l| l.starts_with("### Related"))
        .unwrap()
        + 1;
    harness.open(&cached, "markdown", &text).await;
    let definition = harness
        .at(
            "textDocument/definition",
            &cached,
            json!({"line": related_line, "character": 2}),
        )
        .await;
    assert!(
        show_locations(&harness, &definition).starts_with("file://$CACHE/$VERSION/glossary/"),
        "{definition}"
    );
    harness.shutdown_and_exit().await;
}

async fn complete_builtin(fixture: &str) -> String {
    let cache = tempfile::tempdir().unwrap();
    let (harness, _) = start_builtin(cache.path(), json!({})).await;
    let doc = uri(&cache.path().join("notes.md"));
    let position = harness.open_fixture(&doc, "markdown", fixture).await;
    let response = harness
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": doc.as_str()}, "position": position}),
        )
        .await;
    let shown = show_completions(&harness, &response, 12);
    harness.shutdown_and_exit().await;
    shown
}

#[tokio::test]
async fn completion_ranks_terms_related_to_the_document_first() {
    let shown = complete_builtin("Deep Learning changed the field.\n\nNow we train a ne$0\n").await;
    expect![[r#"
        incomplete: false, 4 items
        Neural Network | related to Deep Learning | Neural Network -> "Neural Network" at 2:15-2:17
        Convolutional Neural Network | related to Deep Learning | Neural Network -> "Convolutional Neural Network" at 2:15-2:17
        Generative Adversarial Network | related to Deep Learning | Network -> "Generative Adversarial Network" at 2:15-2:17
        Recurrent Neural Network | Recurrent Neural Network (RNN) | Neural Network -> "Recurrent Neural Network" at 2:15-2:17"#]]
    .assert_eq(&shown);
}

#[tokio::test]
async fn completion_matches_inside_multi_word_terms() {
    let shown = complete_builtin("Some lear$0\n").await;
    expect![[r#"
        incomplete: false, 8 items
        Deep Learning | Deep Learning | Learning -> "Deep Learning" at 0:5-0:9
        Fairness in Machine Learning | Fairness in Machine Learning | Learning -> "Fairness in Machine Learning" at 0:5-0:9
        Machine Learning | Machine Learning | Learning -> "Machine Learning" at 0:5-0:9
        Reinforcement Learning | Reinforcement Learning | Learning -> "Reinforcement Learning" at 0:5-0:9
        Reinforcement Learning from Human Feedback | Reinforcement Learning from Human Feedback (RLHF) | Learning from Human Feedback -> "Reinforcement Learning from Human Feedback" at 0:5-0:9
        Supervised Learning | Supervised Learning | Learning -> "Supervised Learning" at 0:5-0:9
        Transfer Learning | Transfer Learning | Learning -> "Transfer Learning" at 0:5-0:9
        Unsupervised Learning | Unsupervised Learning | Learning -> "Unsupervised Learning" at 0:5-0:9"#]]
    .assert_eq(&shown);
    // Words of the term already written before the cursor are replaced too.
    let shown = complete_builtin("About machine lea$0\n").await;
    assert!(
        shown.contains("Machine Learning | Machine Learning | Machine Learning -> \"Machine Learning\" at 0:6-0:17"),
        "{shown}"
    );
}

#[tokio::test]
async fn completion_on_an_empty_line_offers_every_term() {
    let shown = complete_builtin("Deep Learning.\n\n$0\n").await;
    assert!(
        shown.starts_with("incomplete: false, 50 items\n"),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .nth(1)
            .unwrap()
            .contains("| related to Deep Learning |"),
        "{shown}"
    );
}

#[tokio::test]
async fn no_completion_in_code_or_front_matter() {
    for fixture in [
        "---\ntitle: neu$0\n---\ntext\n",
        "```\nneu$0\n```\n",
        "Some `neu$0` code.\n",
        "A trigger character in prose ($0\n",
        "Autolink <https://neu$0>\n",
    ] {
        assert_eq!(
            complete_builtin(fixture).await,
            "incomplete: null, 0 items",
            "{fixture}"
        );
    }
}

#[tokio::test]
async fn completion_in_related_terms_and_link_destinations() {
    let ws = workspace();
    let harness = start_in(&ws).await;
    let entry = uri(&ws.root.join("glossary/machine-learning.md"));
    let fixture = MACHINE_LEARNING.replace(
        "* [Deep Learning](/glossary/deep-learning/)\n",
        "* [Deep Learning](/glossary/deep-learning/)\n* $0\n",
    );
    let position = harness.open_fixture(&entry, "markdown", &fixture).await;
    let response = harness
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": entry.as_str()}, "position": position}),
        )
        .await;
    // Not the entry itself, not Deep Learning (already listed).
    expect![[r#"
        incomplete: false, 2 items
        Gradient Descent | Gradient Descent | Gradient Descent -> "Gradient Descent" at 10:2-10:2
        Neural Network | Neural Network | Neural Network -> "Neural Network" at 10:2-10:2"#]]
    .assert_eq(&show_completions(&harness, &response, 10));

    let doc = uri(&ws.root.join("docs/page.md"));
    let response = completion_in(&harness, &doc, "See [neural nets](../glo$0\n").await;
    expect![[r#"
        incomplete: false, 4 items
        Deep Learning | ../glossary/deep-learning.md | ../glossary/deep-learning.md -> "../glossary/deep-learning.md" at 0:18-0:24
        Gradient Descent | ../glossary/gradient-descent.md | ../glossary/gradient-descent.md -> "../glossary/gradient-descent.md" at 0:18-0:24
        Machine Learning | ../glossary/machine-learning.md | ../glossary/machine-learning.md -> "../glossary/machine-learning.md" at 0:18-0:24
        Neural Network | ../glossary/neural-network.md | ../glossary/neural-network.md -> "../glossary/neural-network.md" at 0:18-0:24"#]]
    .assert_eq(&show_completions(&harness, &response, 10));

    // The entry the link's text names comes first: case, plural and
    // emphasis as lookup reads them.
    let response = completion_in(&harness, &doc, "See [_Neural networks_]($0\n").await;
    expect![[r#"
        incomplete: false, 4 items
        Neural Network | ../glossary/neural-network.md | ../glossary/neural-network.md -> "../glossary/neural-network.md" at 0:24-0:24
        Deep Learning | ../glossary/deep-learning.md | ../glossary/deep-learning.md -> "../glossary/deep-learning.md" at 0:24-0:24"#]].assert_eq(&show_completions(&harness, &response, 2));
    harness.shutdown_and_exit().await;
}

/// Opens `fixture` as `doc` and asks for completion at its `$0`.
async fn completion_in(harness: &Harness, doc: &Uri, fixture: &str) -> Value {
    let position = harness.open_fixture(doc, "markdown", fixture).await;
    harness
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": doc.as_str()}, "position": position}),
        )
        .await
}

fn builtin_occurrences(text: &str, encoding: Encoding) -> Value {
    let scanner = Scanner::new(GlossaryIndex::new(builtin::glossary()));
    expected_occurrences(text, &scanner, encoding)
}

#[tokio::test]
async fn a_burst_of_edits_is_applied_in_order() {
    let cache = tempfile::tempdir().unwrap();
    let (harness, _) = start_builtin(cache.path(), json!({})).await;
    let doc = uri(&cache.path().join("burst.md"));
    let mut text = String::from("# Notes \u{1f600}\n\nDeep learning.\n\n```\ncode\n```\n\nEnd.\n");
    harness.open(&doc, "markdown", &text).await;
    // Type a paragraph one character at a time into the middle of the
    // document, with a backspace now and then: 500 edits, none awaited.
    let typed = "Neural networks and gradient descent drive deep learning; a large language model hallucinates. \
                 Transformers use attention mechanisms.\n\nFine-tuning a foundation model on embeddings. ";
    let mut at = text.find("Deep").unwrap();
    let mut version = 1;
    let mut chars = typed.chars().cycle();
    let mut retype = None;
    for step in 0..500 {
        version += 1;
        let (range, insert) = if step % 7 == 6 {
            // Backspace, and type the same character again next.
            let previous = text[..at].chars().next_back();
            retype = previous;
            (at - previous.map_or(0, char::len_utf8)..at, String::new())
        } else {
            let c = retype.take().or_else(|| chars.next()).unwrap();
            (at..at, c.to_string())
        };
        let lines = TextLines::new(&text);
        let lsp_range = json!({
            "start": to_position(&lines, range.start, harness.encoding),
            "end": to_position(&lines, range.end, harness.encoding),
        });
        text.replace_range(range.clone(), &insert);
        at = range.start + insert.len();
        harness
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": doc.as_str(), "version": version},
                    "contentChanges": [{"range": lsp_range, "text": insert}],
                }),
            )
            .await;
    }
    let state = harness.document_state(&doc).await;
    assert_eq!(state["version"], version);
    assert_eq!(state["text"].as_str(), Some(text.as_str()));
    assert_eq!(
        state["occurrences"],
        builtin_occurrences(&text, harness.encoding)
    );
    assert!(state["occurrences"].as_array().unwrap().len() > 10);
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn utf8_is_negotiated_when_offered_and_utf16_otherwise() {
    let text = "\u{1f600} Deep learning";
    for (capabilities, encoding, start) in [
        (json!({}), "utf-16", 3),
        (
            json!({"general": {"positionEncodings": ["utf-16"]}}),
            "utf-16",
            3,
        ),
        (
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
            "utf-8",
            5,
        ),
    ] {
        let cache = tempfile::tempdir().unwrap();
        let (harness, init) = start_builtin(cache.path(), capabilities).await;
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
        let doc = uri(&cache.path().join("e.md"));
        harness.open(&doc, "markdown", text).await;
        let hover = harness.hover(&doc, 0, start + 2).await;
        assert_eq!(hover["range"]["start"]["character"], start, "{encoding}");
        assert_eq!(hover["range"]["end"]["character"], start + 13, "{encoding}");
        let state = harness.document_state(&doc).await;
        assert_eq!(
            state["occurrences"],
            builtin_occurrences(text, harness.encoding)
        );
        harness.shutdown_and_exit().await;
    }
}

#[tokio::test]
async fn bad_positions_and_unknown_documents_do_not_hurt() {
    let cache = tempfile::tempdir().unwrap();
    let (harness, _) = start_builtin(cache.path(), json!({})).await;
    let doc = uri(&cache.path().join("a.md"));
    harness
        .open(&doc, "markdown", "Deep learning\r\n\u{1f600}")
        .await;
    for position in [
        json!({"line": 99, "character": 0}),
        json!({"line": 0, "character": 4000}),
        json!({"line": 1, "character": 1}),
    ] {
        let hover = harness
            .at("textDocument/hover", &doc, position.clone())
            .await;
        assert!(hover.get("error").is_none(), "{position} -> {hover}");
        let completion = harness.at("textDocument/completion", &doc, position).await;
        assert!(completion.get("error").is_none());
    }
    // An edit whose range runs past the end is clamped.
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc.as_str(), "version": 2},
                   "contentChanges": [{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 9, "character": 9}}, "text": " tail"}]}),
        )
        .await;
    let state = harness.document_state(&doc).await;
    assert_eq!(state["text"], "Deep learning\r\n\u{1f600} tail");

    let unknown = Uri::from_str("file:///nowhere/x.md").unwrap();
    let hover = harness.hover(&unknown, 0, 0).await;
    expect![[
        r#"{"error":{"code":-32602,"message":"glossary-ls: file:///nowhere/x.md is not open"}}"#
    ]]
    .assert_eq(&hover.to_string());
    // Edits and closes for unknown documents are ignored; the server lives on.
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": unknown.as_str(), "version": 2}, "contentChanges": []}),
        )
        .await;
    harness
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": unknown.as_str()}}),
        )
        .await;
    // Languages that are not analysed answer nothing.
    let rust = uri(&cache.path().join("main.rs"));
    harness.open(&rust, "rust", "// deep learning").await;
    let hover = harness.hover(&rust, 0, 5).await;
    assert_eq!(hover, Value::Null);
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_glossary_that_cannot_be_loaded_is_reported_once() {
    let cache = tempfile::tempdir().unwrap();
    let overrides = Overrides {
        glossary: vec![cache.path().join("missing-glossary")],
        ..Overrides::default()
    };
    let (mut harness, _) = Harness::start(options(cache.path(), overrides), None, json!({})).await;
    harness
        .redact
        .push((cache.path().display().to_string(), "$CACHE"));
    let message = harness.next_notification("window/showMessage").await;
    assert_eq!(message["type"], 2);
    expect!["glossary-ls: glossary folder $CACHE/missing-glossary does not exist; using the built-in AI glossary instead"]
        .assert_eq(&harness.redacted(message["message"].as_str().unwrap().to_string()));
    // The built-in glossary stands in.
    let doc = uri(&cache.path().join("a.md"));
    harness.open(&doc, "markdown", "Deep learning").await;
    let hover = harness.hover(&doc, 0, 1).await;
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**Deep Learning**")
    );
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn exit_without_shutdown_is_an_error_exit() {
    let cache = tempfile::tempdir().unwrap();
    let (harness, _) = start_builtin(cache.path(), json!({})).await;
    harness.notify("exit", Value::Null).await;
    assert_eq!(harness.server.await.unwrap(), 1);
}
