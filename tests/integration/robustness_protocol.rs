//! Hostile input, second round: devices and FIFOs in a glossary folder,
//! ids tower-lsp cannot decode, very long lines, a client that never
//! answers the server's requests, lone surrogates in edits, links whose
//! edits would change what the page renders, unbounded responses, unsafe
//! links in hovers, and front matter that used to be lost. Through the
//! real binary where the failure was in the process itself.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::stdio::{Binary, PATIENCE, Scratch};
use crate::common::uri;
use serde_json::{Value, json};

/// Runs the binary as a command; a run that does not end within
/// `PATIENCE` is killed and reported as hung (`None`).
fn run_bounded(args: &[&str], cwd: &Path) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if child.try_wait().expect("try_wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn entry(title: &str, summary: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n\n### Summary\n{summary}\n")
}

// ---------------------------------------------------------------------------
// Devices and FIFOs named like entry files.

/// A glossary folder with one real entry, a FIFO (`a-pipe.md`, read
/// first, so that a reader that opens it hangs before anything else) and
/// links to endless devices.
#[cfg(unix)]
fn hostile_glossary(root: &Path) -> std::path::PathBuf {
    let glossary = root.join("glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    std::fs::write(
        glossary.join("deep-learning.md"),
        entry("Deep Learning", "Layers of learning."),
    )
    .unwrap();
    let made = Command::new("mkfifo")
        .arg(glossary.join("a-pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", glossary.join("x.md")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", glossary.join("y.md")).unwrap();
    glossary
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_in_a_glossary_folder_are_named_and_not_read() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    hostile_glossary(&root);
    let out = run_bounded(&["check", "--glossary", "glossary"], &root)
        .expect("`check` ends with a FIFO and devices in the glossary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for name in ["a-pipe.md", "x.md", "y.md"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.contains(name) && l.contains("not a regular file")),
            "{name} not named: {stdout}"
        );
    }
    let out = run_bounded(
        &["lookup", "--glossary", "glossary", "deep learning"],
        &root,
    )
    .expect("`lookup` ends");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Layers of learning."));

    // The server answers `initialize`, and the real entry is there.
    std::fs::write(root.join(".glossary-ls.toml"), "glossary = \"glossary\"\n").unwrap();
    let mut server = scratch.serve_initialized();
    let doc = uri(&root.join("notes.md"));
    server.open(&doc, "Deep learning.");
    server.ask_hover(2, &doc, 0, 2);
    let answer = server.response();
    assert!(
        answer["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|m| m.contains("Layers of learning.")),
        "{answer}"
    );
    assert_eq!(server.end(3), Some(0));
}

// ---------------------------------------------------------------------------
// Command lines the README shows.

#[test]
fn the_server_takes_its_log_options_before_or_after_serve() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let log = root.join("server.log");
    let log = log.to_str().unwrap();
    for args in [
        vec!["--stdio", "--log-level", "debug"],
        vec!["--log-file", log],
        vec!["--stdio", "--log-level", "debug", "--log-file", log],
        vec!["serve", "--log-file", log, "--log-level", "warn"],
        vec!["--log-level", "info", "serve", "--stdio"],
    ] {
        // No input at all: the server starts, sees the end of its input
        // and exits with 1 (no `shutdown` came), not 2 (a usage error).
        let out = run_bounded(&args, &root).expect("the server ends with its input");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
    assert!(Path::new(log).is_file());
    let out = run_bounded(&["--log-level", "[nonsense", "--stdio"], &root).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad log level"));
}

// ---------------------------------------------------------------------------
// Ids JSON allows and JSON-RPC does not.

#[test]
fn float_and_huge_ids_are_answered_and_the_session_goes_on() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let mut server = scratch.serve_initialized();
    let doc = uri(&root.join("notes.md"));
    server.open(&doc, "Deep learning.");
    for (n, id) in [
        "1.0",
        "-0.0",
        "1e300",
        "9223372036854775808",
        "18446744073709551615",
    ]
    .into_iter()
    .enumerate()
    {
        let body = format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"textDocument":{{"uri":"{}"}},"position":{{"line":0,"character":2}}}}}}"#,
            doc.as_str()
        );
        server.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        let answer = server.response();
        assert_eq!(answer["id"], Value::Null, "{id}: {answer}");
        assert_eq!(answer["error"]["code"], -32600, "{id}: {answer}");
        // The next request is answered: reading did not stop.
        let next = 100 + n as i64;
        server.ask_hover(next, &doc, 0, 2);
        let answer = server.response();
        assert_eq!(answer["id"], next, "after {id}: {answer}");
        assert!(
            answer["result"]["contents"]["value"].is_string(),
            "{answer}"
        );
    }
    assert_eq!(server.end(7), Some(0));
}

// ---------------------------------------------------------------------------
// A client that never answers the server's requests.

#[test]
fn a_client_that_never_answers_the_server_does_not_make_it_deaf() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let mut server = scratch.serve();
    let root_uri = uri(&root);
    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": root_uri.as_str(),
        "capabilities": {"workspace": {"configuration": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true}}}}}),
    );
    assert_eq!(server.response()["id"], 1);
    server.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    // Each of these asks the client for its settings; none is answered.
    for _ in 0..6 {
        server.send(
            json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
            "params": {"settings": null}}),
        );
    }
    let doc = uri(&root.join("notes.md"));
    server.open(&doc, "Deep learning.");
    server.ask_hover(2, &doc, 0, 2);
    // The server's requests arrive and are left unanswered; the hover is
    // answered all the same, with the built-in glossary (the defaults).
    let mut asked = Vec::new();
    let answer = loop {
        let message = server.receive();
        if let (Some(method), Some(_)) = (message["method"].as_str(), message.get("id")) {
            asked.push(method.to_string());
            continue;
        }
        if message.get("method").is_none() {
            break message;
        }
    };
    assert_eq!(answer["id"], 2, "{answer}");
    assert!(
        answer["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|m| m.starts_with("**Deep Learning**")),
        "{answer}"
    );
    assert!(
        asked.iter().any(|m| m == "workspace/configuration"),
        "{asked:?}"
    );
    assert!(
        asked.iter().any(|m| m == "client/registerCapability"),
        "{asked:?}"
    );
    assert_eq!(server.end(3), Some(0));
}

// ---------------------------------------------------------------------------
// Very long lines.

#[test]
fn semantic_tokens_of_a_long_line_do_not_stall_the_server() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let mut server = scratch.serve_initialized();
    // One line of 320 KB with 40,000 terms on it.
    let text = "LLM and ".repeat(40_000);
    let doc = uri(&root.join("long.md"));
    server.open(&doc, &text);
    server.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/semanticTokens/full",
        "params": {"textDocument": {"uri": doc.as_str()}}}),
    );
    server.ask_hover(3, &doc, 0, 319_993);
    let mut answers = [server.response(), server.response()];
    answers.sort_by_key(|a| a["id"].as_i64());
    let data = answers[0]["result"]["data"].as_array().expect("tokens");
    assert_eq!(data.len(), 5 * 40_000);
    // Each token is 8 columns after the one before.
    assert!(
        data.chunks(5)
            .skip(1)
            .all(|t| t[0] == 0 && t[1] == 8 && t[2] == 3)
    );
    assert!(
        answers[1]["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|m| m.contains("Large Language Model")),
        "{}",
        answers[1]
    );
    // A request running when the input ends does not keep the process alive.
    server.send(
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/semanticTokens/full",
        "params": {"textDocument": {"uri": doc.as_str()}}}),
    );
    drop(server.stdin.take());
    let status = server
        .wait()
        .expect("the server exits when its input closes");
    assert_eq!(status.code(), Some(1));
}

// ---------------------------------------------------------------------------
// Front matter that was lost, and configuration errors that said too little.

#[test]
fn front_matter_with_lone_crs_anchors_or_deep_json_is_read_or_reported() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let glossary = root.join("glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    let files = [
        (
            "cr.md",
            "---\rtitle: \"CR Term\"\rdraft: false\r---\r\r### Summary\rOld Mac line endings.\r"
                .to_string(),
        ),
        (
            "anchor.md",
            "---\ntitle: &t \"Alias Term\"\nbroken: [\n---\n\n### Summary\nAnchored.\n".to_string(),
        ),
        (
            "deep.md",
            format!(
                "{{\"title\": \"Deep\", \"x\": {}1{}}}\n\n### Summary\nNested.\n",
                "{\"a\":".repeat(300),
                "}".repeat(300)
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(glossary.join(name), text).unwrap();
    }
    let out = run_bounded(&["list", "--glossary", "glossary"], &root).unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("CR Term  (cr)"), "{listing}");
    assert!(listing.contains("Alias Term  (anchor)"), "{listing}");
    let out = run_bounded(&["lookup", "--glossary", "glossary", "CR Term"], &root).unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Old Mac line endings."));
    let out = run_bounded(&["check", "--glossary", "glossary"], &root).unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let problems: Vec<&str> = report.lines().filter(|l| l.contains(": ")).collect();
    assert!(
        problems
            .iter()
            .any(|l| l.starts_with("glossary/deep.md:1:") && l.contains("[malformed-front-matter]")),
        "{report}"
    );
    assert!(
        !problems
            .iter()
            .any(|l| l.starts_with("glossary/cr.md") || l.contains("&t")),
        "{report}"
    );
}

#[test]
fn a_configuration_value_of_the_wrong_type_names_key_and_type() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    std::fs::write(root.join(".glossary-ls.toml"), "glossary = 5\n").unwrap();
    let out = run_bounded(&["check"], &root).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`glossary` must be a path or a list of paths, not 5"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------
// Responses with bounds.

#[test]
fn completions_and_quick_fixes_are_bounded_whatever_the_glossary_and_selection() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let glossary = root.join("glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    // Twenty entries with summaries of 45 KB each: far over what completion
    // shows, and under the size loaded after `initialize` (the answer here
    // needs the glossary in force).
    let long = "A very long summary sentence. ".repeat(1_500);
    for i in 0..20 {
        std::fs::write(
            glossary.join(format!("zeta-{i}.md")),
            entry(&format!("Zeta Term {i}"), &long),
        )
        .unwrap();
    }
    std::fs::write(root.join(".glossary-ls.toml"), "glossary = \"glossary\"\n").unwrap();
    let mut server = scratch.serve();
    // Four megabytes of glossary: loaded after `initialize` is answered.
    server.initialize(&root);
    assert!(server.wait_for_glossary().contains("(20 entries,"));
    let doc = uri(&root.join("notes.md"));
    let text = format!("{}\nZet", "Zeta Term 1 and ".repeat(5_000));
    server.open(&doc, &text);
    server.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/completion", "params":
        {"textDocument": {"uri": doc.as_str()}, "position": {"line": 1, "character": 3}}}),
    );
    let answer = server.response();
    let items = answer["result"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 20, "{answer:.300}");
    for item in items {
        let documentation = item["documentation"]["value"].as_str().expect("a summary");
        assert!(documentation.starts_with("A very long summary sentence."));
        assert!(documentation.ends_with(" …"), "{documentation:.100}");
        assert!(documentation.len() < 1_100, "{}", documentation.len());
    }
    // A code action over the whole document: a bounded number of quick
    // fixes, and the action that links every term.
    server.send(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params":
        {"textDocument": {"uri": doc.as_str()},
         "range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}},
         "context": {"diagnostics": [], "only": ["quickfix"]}}}),
    );
    let answer = server.response();
    let actions = answer["result"].as_array().expect("actions");
    let kinds: Vec<&str> = actions.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "quickfix").count(), 50);
    assert_eq!(kinds.last(), Some(&"source.glossary.linkAll"), "{kinds:?}");
    // A selection of one occurrence still gets its quick fix.
    server.send(
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params":
        {"textDocument": {"uri": doc.as_str()},
         "range": {"start": {"line": 0, "character": 17}, "end": {"line": 0, "character": 17}},
         "context": {"diagnostics": []}}}),
    );
    let answer = server.response();
    let titles: Vec<&str> = answer["result"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"Link 'Zeta Term 1' to its glossary entry"),
        "{titles:?}"
    );
    assert_eq!(server.end(5), Some(0));
}

// ---------------------------------------------------------------------------
// Edits with lone surrogates, and edits that cannot be read at all.

#[test]
fn lone_surrogates_in_edits_are_read_and_an_unreadable_edit_stops_edits() {
    let scratch = Scratch::new();
    let root = scratch.root.clone();
    let mut server = scratch.serve_initialized();
    let doc = uri(&root.join("notes.md"));
    server.open(&doc, "Deep learning.");
    // What `JSON.stringify` writes for half an emoji: valid JSON, not valid Unicode.
    let change = |version: i32, line: i64, character: i64, text: &str| {
        format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{}","version":{version}}},"contentChanges":[{{"range":{{"start":{{"line":{line},"character":{character}}},"end":{{"line":{line},"character":{character}}}}},"text":"{text}"}}]}}}}"#,
            doc.as_str()
        )
    };
    for body in [change(2, 0, 0, r"\ud83d"), change(3, 0, 1, "x ")] {
        server.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }
    let state = |server: &mut Binary, id: i64| {
        server.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "glossary-ls/documentState",
            "params": {"uri": doc.as_str()}}),
        );
        server.response()
    };
    let answer = state(&mut server, 2);
    assert_eq!(
        answer["result"]["text"], "\u{fffd}x Deep learning.",
        "{answer}"
    );
    let actions = |server: &mut Binary, id: i64| {
        server.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params":
            {"textDocument": {"uri": doc.as_str()},
             "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}},
             "context": {"diagnostics": [], "only": ["quickfix"]}}}),
        );
        server.response()["result"]
            .as_array()
            .expect("actions")
            .len()
    };
    assert_eq!(actions(&mut server, 3), 1);
    // An edit that cannot be read: the document is out of sync, the user
    // is told, and no edits are offered on it.
    let bad = change(4, -1, 0, "lost");
    server.send_raw(format!("Content-Length: {}\r\n\r\n{bad}", bad.len()).as_bytes());
    server.send(
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params":
        {"textDocument": {"uri": doc.as_str()},
         "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}},
         "context": {"diagnostics": [], "only": ["quickfix"]}}}),
    );
    let mut told = None;
    let answer = loop {
        let message = server.receive();
        if message["method"] == "window/showMessage" {
            told = message["params"]["message"].as_str().map(String::from);
        } else if message.get("method").is_none() {
            break message;
        }
    };
    assert_eq!(answer["result"], json!([]), "{answer}");
    // The message may come after the answer: handlers run side by side.
    let told = told.unwrap_or_else(|| {
        loop {
            let message = server.receive();
            if message["method"] == "window/showMessage" {
                break message["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
            }
        }
    });
    assert!(
        told.contains(doc.as_str()) && told.contains("offers no edits"),
        "{told}"
    );
    // A whole-text change brings the two together again.
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
        {"textDocument": {"uri": doc.as_str(), "version": 5},
         "contentChanges": [{"text": "Deep learning again."}]}}),
    );
    assert_eq!(actions(&mut server, 5), 1);
    assert_eq!(server.end(6), Some(0));
}

// ---------------------------------------------------------------------------
// Link edits change nothing on the page but the new link.

mod link_edits {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    use glossary_ls::analysis::{Analysis, Scanner};
    use glossary_ls::config::{Limits, Settings};
    use glossary_ls::features::link_edits::{TextEdit, apply, link_all_first, link_edit, linkable};
    use glossary_ls::features::link_targets::{LinkRules, LinkTarget, classify, link_target};
    use glossary_ls::glossary::loader::load;
    use glossary_ls::index::{DocKind, GlossaryIndex};
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    struct Site {
        _dir: tempfile::TempDir,
        scanner: Scanner,
        rules: LinkRules,
        doc: PathBuf,
    }

    /// Entry files whose names need encoding in a link.
    fn site() -> &'static Site {
        static SITE: OnceLock<Site> = OnceLock::new();
        SITE.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let glossary = dir.path().join("glossary");
            std::fs::create_dir_all(&glossary).unwrap();
            std::fs::create_dir_all(dir.path().join("docs")).unwrap();
            for (file, title) in [
                ("alpha beta.md", "Alpha Beta"),
                ("c#.md", "Gamma"),
                ("50%.md", "Delta"),
                ("x|y.md", "Epsilon"),
                ("(p).md", "Zeta"),
                ("llm.md", "LLM"),
            ] {
                std::fs::write(glossary.join(file), super::entry(title, "Words.")).unwrap();
            }
            let index = GlossaryIndex::new(load(&[glossary], Limits::default()).unwrap());
            let rules = LinkRules::new(&Settings::default(), &index);
            Site {
                doc: dir.path().join("docs/page.md"),
                scanner: Scanner::new(index),
                rules,
                _dir: dir,
            }
        })
    }

    /// The rendered page with links taken out, text runs joined: what a
    /// reader sees, less where links go.
    fn rendered_without_links(text: &str) -> Vec<String> {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES;
        let mut out: Vec<String> = Vec::new();
        for event in Parser::new_ext(text, options) {
            match event {
                Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {}
                Event::Text(t) => match out.last_mut() {
                    Some(last) if last.starts_with("Text:") => last.push_str(&t),
                    _ => out.push(format!("Text:{t}")),
                },
                other => out.push(format!("{other:?}")),
            }
        }
        out
    }

    fn link_count(text: &str) -> usize {
        Parser::new_ext(text, Options::ENABLE_TABLES)
            .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
            .count()
    }

    /// Links to entries that do not exist, as the server's check sees them.
    fn broken(text: &str) -> usize {
        let site = site();
        let analysis = Analysis::new(text.to_string(), DocKind::Markdown, &site.scanner);
        let index = site.scanner.index();
        analysis
            .prose()
            .links
            .iter()
            .filter(|l| {
                matches!(
                    classify(index, &site.rules, Some(&site.doc), l),
                    LinkTarget::Missing(_)
                )
            })
            .count()
    }

    fn check(text: &str, edits: &[TextEdit]) -> Result<(), TestCaseError> {
        let after = apply(text, edits);
        prop_assert_eq!(
            rendered_without_links(text),
            rendered_without_links(&after),
            "{:?} became {:?}",
            text,
            after
        );
        prop_assert_eq!(
            link_count(&after),
            link_count(text) + edits.len(),
            "{:?}",
            after
        );
        prop_assert!(broken(&after) <= broken(text), "{:?}", after);
        Ok(())
    }

    const PIECES: &[&str] = &[
        "Alpha Beta",
        "Gamma",
        "Delta",
        "Epsilon",
        "Zeta",
        "LLM",
        "Wow!",
        "C:\\",
        "\\\\",
        "\\",
        "!",
        "|",
        "| a | b |\n|---|---|\n| ",
        " | x |\n",
        " ",
        "\n",
        "\n\n",
        "*",
        "_",
        "`",
        "[x]",
        "(",
        ")",
        "<",
        ">",
        "&",
        ";",
        "# ",
        "> ",
        "- ",
        "word",
        ".",
        "\\!",
        "]",
        "[",
        "~",
        "s",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Every quick fix, and the link-all action, on generated documents.
        #[test]
        fn every_link_edit_changes_only_the_link(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 1..14)
        ) {
            let text = pieces.concat();
            let site = site();
            let analysis = Analysis::new(text.clone(), DocKind::Markdown, &site.scanner);
            let index = site.scanner.index();
            for occ in analysis.occurrences().iter().filter(|o| o.link.is_none() && linkable(&text, o.range.clone())) {
                let target = link_target(index, &site.rules, Some(&site.doc), occ.entry);
                check(&text, &[link_edit(&text, occ.range.clone(), &target)])?;
            }
            let all = link_all_first(
                index,
                &site.rules,
                Some(&site.doc),
                &text,
                analysis.prose(),
                analysis.occurrences(),
            );
            check(&text, &all)?;
        }
    }
}
