//! The real binary over stdio: a session from `initialize` to `exit`.

use crate::common::stdio::Scratch;
use crate::common::uri;
use serde_json::json;

#[test]
fn serve_from_initialize_to_exit() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let mut session = scratch.serve();
    let init = session.initialize(&root);
    assert_eq!(init["result"]["serverInfo"]["name"], "glossary-ls");
    // The same "0.1.0 (commit 1a2b3c4d5e6f)" as `glossary-ls --version`.
    let version = std::process::Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    let reported = init["result"]["serverInfo"]["version"].as_str().unwrap();
    assert_eq!(format!("glossary-ls {reported}\n"), version);
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);

    let doc = uri(&root.join("notes.md"));
    session.open(&doc, "We fine-tune a large language model.\n");
    session.ask_hover(2, &doc, 0, 20);
    let hover = session.response();
    assert_eq!(hover["id"], 2);
    let result = &hover["result"];
    assert_eq!(
        result["range"],
        json!({"start": {"line": 0, "character": 15}, "end": {"line": 0, "character": 35}})
    );
    let markdown = result["contents"]["value"]
        .as_str()
        .expect("hover Markdown");
    assert!(
        markdown.starts_with("**Large Language Model (LLM)**\n\n"),
        "{markdown}"
    );
    // The built-in entry was written to the cache for go to entry.
    assert!(markdown.contains("/cache/glossary-ls/"), "{markdown}");

    assert_eq!(session.shutdown_and_exit(3), 0);
}

#[test]
fn stdio_flag_starts_the_server_too() {
    let scratch = Scratch::new();
    let mut session =
        crate::common::stdio::Binary::start(&["--stdio"], &scratch.root, &scratch.root);
    let init = session.initialize(&scratch.root);
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        2
    );
    assert_eq!(session.shutdown_and_exit(2), 0);
}
