//! Starting up with a large glossary: `initialize` is answered before the
//! glossary is read, requests meanwhile get answers (never errors), the
//! load shows work-done progress, and when the glossary arrives it is
//! announced and the client is asked to refresh its semantic tokens.

use std::time::Duration;

use crate::common::fixtures::Site;
use crate::common::stdio::Binary;
use crate::common::{Answers, Harness, hover_markdown, uri};
use serde_json::{Value, json};

/// A guard against a hang, not a timing assertion.
const PATIENCE: Duration = Duration::from_secs(120);

/// A site whose glossary is one CSV termbase of about 1.7 MB: over the
/// size the server loads before answering `initialize`.
fn large_site() -> Site {
    let mut csv = String::from("term,definition\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "Widget model {i},A widget of kind {i}; a definition long enough to make the file large.\n"
        ));
    }
    let site = Site::with_files(&[("terms.csv", &csv)]);
    site.configure("glossary = \"terms.csv\"\n");
    site
}

async fn next(harness: &mut Harness, method: &str) -> Value {
    tokio::time::timeout(PATIENCE, harness.next_notification(method))
        .await
        .unwrap_or_else(|_| panic!("no {method} within {PATIENCE:?}"))
}

#[tokio::test]
async fn a_large_glossary_loads_after_initialize_with_progress() {
    let site = large_site();
    let mut harness = site
        .serve(
            json!({"capabilities": {
                "window": {"workDoneProgress": true},
                "workspace": {"semanticTokens": {"refreshSupport": true}},
            }}),
            Answers::default(),
        )
        .await;
    let doc = site.doc("notes.md");
    harness
        .open(&doc, "markdown", "Widget model 7 is here.")
        .await;
    // Answered at once from what the server has: no hover yet, or the
    // entry if the load already finished; never an error.
    let early = harness.hover(&doc, 0, 3).await;
    assert!(early.get("error").is_none(), "{early}");

    // The server creates a progress token, begins, reports rising
    // percentages and ends.
    let create = next(&mut harness, "window/workDoneProgress/create").await;
    let token = create["token"].clone();
    let mut kinds = Vec::new();
    let mut percentages = Vec::new();
    while kinds.last().map(String::as_str) != Some("end") {
        let progress = next(&mut harness, "$/progress").await;
        assert_eq!(progress["token"], token);
        let value = &progress["value"];
        kinds.push(value["kind"].as_str().unwrap_or_default().to_string());
        if let Some(p) = value["percentage"].as_u64() {
            percentages.push(p);
        }
    }
    assert_eq!(
        kinds.first().map(String::as_str),
        Some("begin"),
        "{kinds:?}"
    );
    assert!(
        percentages.windows(2).all(|w| w[0] <= w[1]) && percentages.iter().all(|p| *p <= 100),
        "{percentages:?}"
    );

    // Then the glossary is announced, and semantic tokens are asked for again.
    let announced = next(&mut harness, "window/logMessage").await;
    let message = announced["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("terms.csv") && message.contains("20000 entries"),
        "{message}"
    );
    next(&mut harness, "workspace/semanticTokens/refresh").await;
    let hover = harness.hover(&doc, 0, 3).await;
    assert!(
        hover_markdown(&hover).is_some_and(|m| m.contains("A widget of kind 7;")),
        "{hover}"
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_client_without_progress_gets_the_large_glossary_all_the_same() {
    let site = large_site();
    let mut harness = site
        .serve(json!({"capabilities": {}}), Answers::default())
        .await;
    let doc = site.doc("notes.md");
    harness
        .open(&doc, "markdown", "Widget model 7 is here.")
        .await;
    // The announcement says the glossary is in force; nothing was asked of
    // a client that cannot show progress or refresh tokens.
    let announced = next(&mut harness, "window/logMessage").await;
    assert!(
        announced["message"]
            .as_str()
            .is_some_and(|m| m.contains("20000 entries")),
        "{announced}"
    );
    let hover = harness.hover(&doc, 0, 3).await;
    assert!(
        hover_markdown(&hover).is_some_and(|m| m.contains("A widget of kind 7;")),
        "{hover}"
    );
    while let Ok(message) = harness.notifications.try_recv() {
        let method = message["method"].as_str().unwrap_or_default();
        assert!(
            !method.contains("workDoneProgress") && !method.contains("refresh"),
            "{message}"
        );
    }
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[test]
fn a_large_glossary_loads_even_if_initialized_never_comes() {
    let site = large_site();
    let mut server = Binary::start(&["serve"], &site.root, &site.cache);
    server.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": uri(&site.root).as_str(), "capabilities": {}}}));
    assert_eq!(server.response()["id"], 1);
    // No `initialized`: after a grace period the glossary loads all the same.
    assert!(server.wait_for_glossary().contains("20000 entries"));
    assert_eq!(server.end(2), Some(0));
}
