//! Editing with the glossary through the protocol, in process: code
//! actions applied as text in, text out; document links; diagnostics with
//! their positions and codes; live reload of an edited entry; configuration
//! from the client; several workspace folders.

use std::time::Duration;

use crate::common::fixtures::{Site, entry_with_related as entry};
use crate::common::{Answers, Harness, range_text, uri};
use expect_test::{Expect, expect};
use glossary_ls::server::position::{Encoding, TextLines, to_offsets};
use serde_json::{Value, json};
use tower_lsp_server::ls_types::Uri;

fn site() -> Site {
    Site::new(&[
        ("deep-learning.md", entry("Deep Learning", "Many layers of neurons.", "Neural Network")),
        ("neural-network.md", entry("Neural Network", "Weighted sums, stacked.", "Deep Learning")),
        (
            "gan.md",
            "---\ntitle: \"Generative Adversarial Network (GAN)\"\ndraft: true\n---\n\n### Summary\nTwo networks compete.\n".to_string(),
        ),
    ])
}

async fn start(site: &Site, extra: Value, answers: Answers) -> Harness {
    let mut params = json!({
        "capabilities": {
            "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
            "textDocument": {"publishDiagnostics": {"versionSupport": true}, "documentLink": {"tooltipSupport": true}},
        },
    });
    if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
        params.extend(extra.clone());
    }
    let mut harness = site.serve(params, answers).await;
    harness
        .redact
        .push((site.root.display().to_string(), "$ROOT"));
    harness
}

/// Applies a `WorkspaceEdit` with `documentChanges` to `text` (UTF-16 positions).
fn apply(text: &str, edit: &Value, version: i64) -> String {
    let change = &edit["documentChanges"][0];
    assert_eq!(
        change["textDocument"]["version"], version,
        "edits carry the document version"
    );
    let lines = TextLines::new(text);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = change["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let range = serde_json::from_value(e["range"].clone()).unwrap();
            (
                to_offsets(&lines, range, Encoding::Utf16),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (range, new_text) in edits {
        out.replace_range(range, &new_text);
    }
    out
}

async fn actions(
    harness: &mut Harness,
    doc: &Uri,
    range: Value,
    only: Option<Value>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = only;
    }
    let response = harness
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": doc.as_str()}, "range": range, "context": context}),
        )
        .await;
    response.as_array().cloned().unwrap_or_default()
}

fn at(line: u32, character: u32) -> Value {
    json!({"start": {"line": line, "character": character}, "end": {"line": line, "character": character}})
}

/// Waits for the diagnostics of `doc` (skipping those of other documents).
async fn diagnostics_of(harness: &mut Harness, doc: &Uri) -> Value {
    loop {
        let params = tokio::time::timeout(
            Duration::from_secs(10),
            harness.next_notification("textDocument/publishDiagnostics"),
        )
        .await
        .expect("diagnostics in time");
        if params["uri"] == doc.as_str() {
            return params;
        }
    }
}

fn show_diagnostics(params: &Value) -> String {
    let mut lines = vec![format!("version {}", params["version"])];
    for d in params["diagnostics"].as_array().unwrap() {
        lines.push(format!(
            "{} sev{} {} [{}] {}{}",
            range_text(&d["range"]),
            d["severity"],
            d["code"].as_str().unwrap_or("?"),
            d["source"].as_str().unwrap_or("?"),
            d["message"].as_str().unwrap_or("?"),
            if d["data"].is_null() {
                String::new()
            } else {
                format!(" data={}", d["data"])
            }
        ));
    }
    lines.join("\n")
}

async fn hover_text(harness: &mut Harness, doc: &Uri, line: u32, character: u32) -> String {
    let hover = harness
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": doc.as_str()}, "position": {"line": line, "character": character}}),
        )
        .await;
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("null")
        .to_string()
}

async fn check_quick_fix(
    site: &Site,
    extra: Value,
    text: &str,
    cursor: (u32, u32),
    expect: Expect,
) {
    let mut harness = start(site, extra, Answers::default()).await;
    let doc = uri(&site.root.join("docs/page.md"));
    harness.open(&doc, "markdown", text).await;
    let found = actions(
        &mut harness,
        &doc,
        at(cursor.0, cursor.1),
        Some(json!(["quickfix"])),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    let action = &found[0];
    let out = apply(text, &action["edit"], 1);
    expect.assert_eq(&format!(
        "{}\n---\n{out}",
        action["title"].as_str().unwrap()
    ));
}

#[tokio::test]
async fn quick_fix_links_one_occurrence_keeping_its_text() {
    let site = site();
    check_quick_fix(
        &site,
        json!({}),
        "We train Neural Networks daily.\n",
        (0, 12),
        expect![[r#"
            Link 'Neural Networks' to its glossary entry
            ---
            We train [Neural Networks](../glossary/neural-network.md) daily.
        "#]],
    )
    .await;
}

#[tokio::test]
async fn quick_fix_in_the_configured_link_styles() {
    let site = site();
    check_quick_fix(
        &site,
        json!({"initializationOptions": {"link": {"style": "url", "url": "/terms/{slug}/"}}}),
        "Deep learning helps.\n",
        (0, 2),
        expect![[r#"
            Link 'Deep learning' to its glossary entry
            ---
            [Deep learning](/terms/deep-learning/) helps.
        "#]],
    )
    .await;
    check_quick_fix(
        &site,
        json!({"initializationOptions": {"link": {"style": "relref"}}}),
        "Deep learning helps.\n",
        (0, 2),
        expect![[r#"
            Link 'Deep learning' to its glossary entry
            ---
            [Deep learning]({{< relref "glossary/deep-learning" >}}) helps.
        "#]],
    )
    .await;
}

#[tokio::test]
async fn no_quick_fix_inside_a_link_or_outside_terms() {
    let site = site();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let doc = uri(&site.root.join("docs/page.md"));
    harness
        .open(
            &doc,
            "markdown",
            "See [deep learning](../glossary/deep-learning.md) here.\n",
        )
        .await;
    assert!(
        actions(&mut harness, &doc, at(0, 8), Some(json!(["quickfix"])))
            .await
            .is_empty()
    );
    assert!(
        actions(&mut harness, &doc, at(0, 1), Some(json!(["quickfix"])))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn source_action_links_the_first_occurrence_of_every_term() {
    let site = site();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let doc = uri(&site.root.join("docs/page.md"));
    let text = "# Notes\n\nDeep learning uses neural networks. More deep learning.\n\n\
                A [neural network](../glossary/neural-network.md) was linked already.\n\n`GAN` in code, a GAN in prose.\n";
    harness.open(&doc, "markdown", text).await;
    let everything =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 7, "character": 0}});
    let found = actions(
        &mut harness,
        &doc,
        everything.clone(),
        Some(json!(["source"])),
    )
    .await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["kind"], "source.glossary.linkAll");
    expect![[r#"
        # Notes

        [Deep learning](../glossary/deep-learning.md) uses neural networks. More deep learning.

        A [neural network](../glossary/neural-network.md) was linked already.

        `GAN` in code, a [GAN](../glossary/gan.md) in prose.
    "#]]
    .assert_eq(&apply(text, &found[0]["edit"], 1));
    // Asked for quick fixes only, no source action comes back.
    let quick = actions(&mut harness, &doc, everything, Some(json!(["quickfix"]))).await;
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"));
}

#[tokio::test]
async fn document_links_resolve_to_entry_files() {
    let site = site();
    let harness = start(&site, json!({}), Answers::default()).await;
    let doc = uri(&site.root.join("docs/page.md"));
    let text = "[DL](../glossary/deep-learning.md), [NN](/glossary/neural-network/), [x](https://example.com), [gone](../glossary/gone.md)\n";
    harness.open(&doc, "markdown", text).await;
    let links = harness
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": doc.as_str()}}),
        )
        .await;
    let shown: Vec<String> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            harness.redacted(format!(
                "{} -> {} ({})",
                range_text(&l["range"]),
                l["target"].as_str().unwrap(),
                l["tooltip"].as_str().unwrap()
            ))
        })
        .collect();
    expect![[r#"
        [
            "0:0-0:34 -> file://$ROOT/glossary/deep-learning.md (Glossary: Deep Learning)",
        ]
    "#]]
    .assert_debug_eq(&shown);
}

#[tokio::test]
async fn diagnostics_on_open_and_after_change() {
    let site = site();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let doc = uri(&site.root.join("docs/page.md"));
    let text = "A [missing](../glossary/transformer.md) and a [draft](../glossary/gan.md).\n";
    harness.open(&doc, "markdown", text).await;
    expect![[r#"
        version 1
        0:2-0:39 sev2 broken-link [glossary-ls] link to glossary entry `transformer`, which does not exist (destination `../glossary/transformer.md`)
        0:46-0:73 sev3 draft-link [glossary-ls] `Generative Adversarial Network (GAN)` is a draft entry: it is not published"#]]
    .assert_eq(&show_diagnostics(&diagnostics_of(&mut harness, &doc).await));
    // Fix the broken link: the next version has only the draft link left.
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc.as_str(), "version": 2},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": 24}, "end": {"line": 0, "character": 35}}, "text": "deep-learning"}]}),
        )
        .await;
    expect![[r#"
        version 2
        0:48-0:75 sev3 draft-link [glossary-ls] `Generative Adversarial Network (GAN)` is a draft entry: it is not published"#]]
    .assert_eq(&show_diagnostics(&diagnostics_of(&mut harness, &doc).await));
}

#[tokio::test]
async fn diagnostics_in_a_glossary_entry_file() {
    let site = site();
    let bad = "---\ntitle: \"Dropout\"\ntags: [a, b\n---\n\n### Summary\nRandomly silences units.\n\n### Related terms\nNeural Network, Batch Norm\n";
    std::fs::write(site.root.join("glossary/dropout.md"), bad).unwrap();
    std::fs::write(
        site.root.join("glossary/deep-learning-2.md"),
        entry("Deep Learning", "Again.", "Neural Network"),
    )
    .unwrap();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let doc = uri(&site.root.join("glossary/dropout.md"));
    harness.open(&doc, "markdown", bad).await;
    expect![[r#"
        version 1
        2:6-2:7 sev1 malformed-front-matter [glossary-ls] malformed front matter at line 3, column 7: unclosed bracket '['
        9:16-9:26 sev2 unresolved-related-term [glossary-ls] related term `Batch Norm` names no glossary entry"#]]
    .assert_eq(&show_diagnostics(&diagnostics_of(&mut harness, &doc).await));
    let dup = uri(&site.root.join("glossary/deep-learning-2.md"));
    harness
        .open(
            &dup,
            "markdown",
            &entry("Deep Learning", "Again.", "Neural Network"),
        )
        .await;
    let shown = show_diagnostics(&diagnostics_of(&mut harness, &dup).await);
    assert!(
        shown.contains("duplicate-title") && shown.contains("deep-learning.md"),
        "{shown}"
    );
}

#[tokio::test]
async fn edits_to_an_open_entry_apply_at_once_elsewhere() {
    let site = site();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let page = uri(&site.root.join("docs/page.md"));
    harness
        .open(&page, "markdown", "Deep learning everywhere.\n")
        .await;
    assert!(
        hover_text(&mut harness, &page, 0, 2)
            .await
            .contains("Many layers of neurons.")
    );
    let entry_uri = uri(&site.root.join("glossary/deep-learning.md"));
    let original = entry("Deep Learning", "Many layers of neurons.", "Neural Network");
    harness.open(&entry_uri, "markdown", &original).await;
    // Line 6 holds the summary; replace it without saving.
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": entry_uri.as_str(), "version": 2},
                   "contentChanges": [{"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 23}}, "text": "Learning with deep stacks."}]}),
        )
        .await;
    let mut seen = String::new();
    for _ in 0..100 {
        seen = hover_text(&mut harness, &page, 0, 2).await;
        if seen.contains("Learning with deep stacks.") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen.contains("Learning with deep stacks."), "{seen}");
    // Closing the buffer unsaved brings back the file's text.
    harness
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": entry_uri.as_str()}}),
        )
        .await;
    for _ in 0..100 {
        seen = hover_text(&mut harness, &page, 0, 2).await;
        if seen.contains("Many layers of neurons.") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen.contains("Many layers of neurons."), "{seen}");
}

#[tokio::test]
async fn changes_on_disk_arrive_through_watched_files() {
    let site = site();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let registration = tokio::time::timeout(
        Duration::from_secs(10),
        harness.next_notification("client/registerCapability"),
    )
    .await
    .expect("a watcher registration");
    let watchers = harness
        .redacted(registration["registrations"][0]["registerOptions"]["watchers"].to_string());
    expect![[r#"[{"globPattern":"**/.glossary-ls.toml"},{"globPattern":"$ROOT/glossary"},{"globPattern":"$ROOT/glossary/**/*.{md,markdown,mdx}"}]"#]].assert_eq(&watchers);
    let page = uri(&site.root.join("docs/page.md"));
    harness
        .open(&page, "markdown", "A tokenizer splits text.\n")
        .await;
    assert_eq!(hover_text(&mut harness, &page, 0, 3).await, "null");
    std::fs::write(
        site.root.join("glossary/tokenizer.md"),
        entry("Tokenizer", "Cuts text into tokens.", "Neural Network"),
    )
    .unwrap();
    let changed = uri(&site.root.join("glossary/tokenizer.md"));
    harness
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": changed.as_str(), "type": 1}]}),
        )
        .await;
    let mut seen = String::new();
    for _ in 0..100 {
        seen = hover_text(&mut harness, &page, 0, 3).await;
        if seen.contains("Cuts text into tokens.") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen.contains("Cuts text into tokens."), "{seen}");
}

#[tokio::test]
async fn configuration_from_the_client_overrides_and_updates() {
    let site = site();
    let answers = Answers::default();
    answers.lock().unwrap().insert(
        "workspace/configuration".into(),
        json!([{"diagnostics": {"unlinked-term": "hint"}}]),
    );
    let mut harness = start(
        &site,
        json!({"initializationOptions": {"diagnostics": {"broken-link": "error"}}}),
        answers,
    )
    .await;
    let doc = uri(&site.root.join("docs/page.md"));
    harness
        .open(
            &doc,
            "markdown",
            "Deep learning, [x](../glossary/none.md).\n",
        )
        .await;
    // Initialization options and the pulled workspace settings both apply.
    let mut shown = String::new();
    for _ in 0..50 {
        shown = show_diagnostics(&diagnostics_of(&mut harness, &doc).await);
        if shown.contains("unlinked-term") {
            break;
        }
    }
    expect![[r#"
        version 1
        0:15-0:39 sev1 broken-link [glossary-ls] link to glossary entry `none`, which does not exist (destination `../glossary/none.md`)
        0:0-0:13 sev4 unlinked-term [glossary-ls] `Deep learning` is in the glossary (Deep Learning) but not linked data={"slug":"deep-learning"}"#]]
    .assert_eq(&shown);
    // Pushed settings replace the section: the broken-link check goes off.
    harness
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"glossary-ls": {"diagnostics": {"broken-link": "off", "unlinked-term": "hint"}}}}),
        )
        .await;
    for _ in 0..50 {
        shown = show_diagnostics(&diagnostics_of(&mut harness, &doc).await);
        if !shown.contains("broken-link") {
            break;
        }
    }
    assert!(
        !shown.contains("broken-link") && shown.contains("unlinked-term"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_bad_setting_is_named_once_and_the_rest_apply() {
    let site = site();
    let mut harness = start(
        &site,
        json!({"initializationOptions": {"link": {"style": "sideways"}, "diagnostics": {"draft-link": "off"}}}),
        Answers::default(),
    )
    .await;
    let message = tokio::time::timeout(
        Duration::from_secs(10),
        harness.next_notification("window/showMessage"),
    )
    .await
    .expect("a message");
    let text = message["message"].as_str().unwrap();
    assert!(text.contains("link.style"), "{text}");
    let doc = uri(&site.root.join("docs/page.md"));
    harness
        .open(&doc, "markdown", "[draft](../glossary/gan.md)\n")
        .await;
    expect!["version 1"].assert_eq(&show_diagnostics(&diagnostics_of(&mut harness, &doc).await));
}

#[tokio::test]
async fn each_workspace_folder_has_its_own_glossary() {
    let site = site();
    let other = site.root.parent().unwrap().join("other");
    std::fs::create_dir_all(other.join("glossary")).unwrap();
    std::fs::write(
        other.join("glossary/deep-learning.md"),
        entry("Deep Learning", "The other folder's view.", ""),
    )
    .unwrap();
    let folders = json!([
        {"uri": uri(&site.root).as_str(), "name": "site"},
        {"uri": uri(&other).as_str(), "name": "other"}
    ]);
    let mut harness = start(
        &site,
        json!({"workspaceFolders": folders}),
        Answers::default(),
    )
    .await;
    let here = uri(&site.root.join("docs/a.md"));
    let there = uri(&other.join("b.md"));
    harness.open(&here, "markdown", "Deep learning.\n").await;
    harness.open(&there, "markdown", "Deep learning.\n").await;
    assert!(
        hover_text(&mut harness, &here, 0, 2)
            .await
            .contains("Many layers of neurons.")
    );
    assert!(
        hover_text(&mut harness, &there, 0, 2)
            .await
            .contains("The other folder's view.")
    );
}

/// A site whose pages call the Microservices Architecture entry
/// `microservices` in their links.
fn teaching_site() -> Site {
    let site = Site::new(&[
        (
            "microservices-architecture.md",
            "---\ntitle: Microservices Architecture\naka:\n  - service mesh style # kept\ndraft: false\n---\n\n### Summary\nSmall services.\n".to_string(),
        ),
        ("monolith.md", entry("Monolith", "One big program.", "Microservices Architecture")),
    ]);
    for (name, text) in [
        (
            "a.md",
            "Split it into [microservices](../glossary/microservices-architecture.md).\n",
        ),
        (
            "b.md",
            "Many [microservices](../glossary/microservices-architecture.md), one [Microservices](../glossary/microservices-architecture.md), one [microservice](../glossary/microservices-architecture.md).\n",
        ),
    ] {
        crate::common::fixtures::write(&site.root.join("docs"), name, text);
    }
    site
}

#[tokio::test]
async fn link_texts_suggest_synonyms_in_the_entry_file_and_the_fix_adds_one() {
    let site = teaching_site();
    let mut harness = start(&site, json!({}), Answers::default()).await;
    let path = site.glossary("microservices-architecture.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let entry_uri = uri(&path);
    harness.open(&entry_uri, "markdown", &text).await;
    let published = diagnostics_of(&mut harness, &entry_uri).await;
    expect![[r#"
        version 1
        1:7-1:33 sev3 suggested-synonym [glossary-ls] `microservices` is the text of 4 links to this entry (in 2 documents) but not one of its names: a synonym? data={"synonym":"microservices"}"#]].assert_eq(&show_diagnostics(&published));

    let diagnostics = published["diagnostics"].clone();
    let response = harness
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": entry_uri.as_str()}, "range": diagnostics[0]["range"],
                   "context": {"diagnostics": diagnostics, "only": ["quickfix"]}}),
        )
        .await;
    let fixes = response.as_array().unwrap();
    assert_eq!(fixes.len(), 1, "{response}");
    assert_eq!(
        fixes[0]["title"],
        "Add 'microservices' to this entry's synonyms"
    );
    expect![[r#"
        ---
        title: Microservices Architecture
        aka:
          - service mesh style # kept
          - microservices
        draft: false
        ---

        ### Summary
        Small services.
    "#]]
    .assert_eq(&apply(&text, &fixes[0]["edit"], 1));
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn link_text_names_are_matched_when_asked() {
    let site = teaching_site();
    for (asked, found) in [(false, false), (true, true)] {
        let options = json!({"initializationOptions": {"match": {"link-text-names": asked}}});
        let harness = start(&site, options, Answers::default()).await;
        let doc = site.doc("c.md");
        harness
            .open(&doc, "markdown", "We run microservices.\n")
            .await;
        let hover = harness.hover(&doc, 0, 9).await;
        let shown = crate::common::hover_markdown(&hover).unwrap_or_default();
        assert_eq!(
            shown.contains("Microservices Architecture"),
            found,
            "{hover}"
        );
        harness.shutdown_and_exit().await;
    }
}
