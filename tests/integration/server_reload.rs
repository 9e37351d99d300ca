//! Glossary reloads under pressure: changes on disk and edits to open
//! entry files arriving together, bursts of file events, and what is
//! published to the client after each reload.
//!
//! The sleeps here shape the traffic (a burst, an edit right after a disk
//! change); what is asserted is what the client ends up seeing.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::fixtures::{Site, entry};
use crate::common::{Answers, Harness, uri};
use glossary_ls::config::Overrides;
use glossary_ls::server::ServerOptions;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::Uri;

/// Long enough for a debug build on a busy two-core machine; a hang, not
/// slowness, is what it catches.
const PATIENCE: Duration = Duration::from_secs(60);

/// A site whose glossary has `fillers` more entries than `entries`, so
/// that reading it from disk takes a moment.
fn site(entries: &[(&str, String)], fillers: usize) -> Site {
    let site = Site::new(entries);
    for n in 0..fillers {
        std::fs::write(
            site.glossary(&format!("filler-{n}.md")),
            entry(&format!("Filler term {n}"), "Padding."),
        )
        .unwrap();
    }
    site
}

/// A server for `site` whose client watches files.
async fn start(site: &Site) -> Harness {
    site.serve(
        json!({"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
        Answers::default(),
    )
    .await
}

async fn hover_markdown(harness: &Harness, doc: &Uri, line: u32, character: u32) -> String {
    let answer = harness
        .at(
            "textDocument/hover",
            doc,
            json!({"line": line, "character": character}),
        )
        .await;
    assert!(answer.get("error").is_none(), "hover failed: {answer}");
    answer["contents"]["value"]
        .as_str()
        .unwrap_or("null")
        .to_string()
}

/// Asks for hovers until `seen` holds of them; fails with the last ones.
async fn until<F>(harness: &Harness, what: &str, mut ask: F)
where
    F: AsyncFnMut(&Harness) -> Result<(), String>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        let last = match ask(harness).await {
            Ok(()) => return,
            Err(last) => last,
        };
        assert!(Instant::now() < deadline, "{what}: still {last}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Asks for the hover at `at` until it shows `text`.
async fn hover_shows(
    harness: &Harness,
    doc: &Uri,
    (line, character): (u32, u32),
    text: &str,
    what: &str,
) {
    until(harness, what, async |h| {
        let hover = hover_markdown(h, doc, line, character).await;
        if hover.contains(text) {
            Ok(())
        } else {
            Err(hover)
        }
    })
    .await;
}

/// Each path reported as changed on disk.
async fn watched(harness: &Harness, paths: &[&Path]) {
    let changes: Vec<(&Path, u8)> = paths.iter().map(|path| (*path, 2)).collect();
    harness.watched(&changes).await;
}

async fn replace_text(harness: &Harness, doc: &Uri, version: i32, text: &str) {
    harness
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc.as_str(), "version": version},
                   "contentChanges": [{"text": text}]}),
        )
        .await;
}

#[tokio::test]
async fn a_new_entry_on_disk_and_an_unsaved_entry_edit_both_stay() {
    let site = site(&[("alpha.md", entry("Alpha", "Alpha on disk."))], 1500);
    let harness = start(&site).await;
    let alpha = uri(&site.glossary("alpha.md"));
    harness
        .open(&alpha, "markdown", &entry("Alpha", "Alpha on disk."))
        .await;
    let page = uri(&site.root.join("docs/page.md"));
    harness.open(&page, "markdown", "Alpha and Beta.\n").await;

    // A new entry lands on disk, and right after, the open entry is edited.
    std::fs::write(site.glossary("beta.md"), entry("Beta", "Beta from disk.")).unwrap();
    watched(&harness, &[&site.glossary("beta.md")]).await;
    tokio::time::sleep(Duration::from_millis(40)).await;
    replace_text(&harness, &alpha, 2, &entry("Alpha", "Alpha unsaved.")).await;

    until(&harness, "both changes in force", async |h: &Harness| {
        let (a, b) = (
            hover_markdown(h, &page, 0, 1).await,
            hover_markdown(h, &page, 0, 11).await,
        );
        if a.contains("Alpha unsaved.") && b.contains("Beta from disk.") {
            Ok(())
        } else {
            Err(format!("alpha: {a}; beta: {b}"))
        }
    })
    .await;
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

/// A small deterministic random source (xorshift), seeded per case.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The hovers of every term in `terms` on `page`, as a client sees them.
async fn hovers(harness: &Harness, page: &Uri, line: &str, terms: &[String]) -> Vec<String> {
    let mut seen = Vec::new();
    for term in terms {
        let column = line.find(term.as_str()).unwrap() as u32;
        seen.push(hover_markdown(harness, page, 0, column + 1).await);
    }
    seen
}

#[tokio::test]
async fn interleaved_disk_changes_and_entry_edits_end_as_a_fresh_server_sees_them() {
    for seed in [7_u64, 1234, 99_991] {
        let mut rng = Rng(seed);
        let terms: Vec<String> = (0..4).map(|n| format!("Term{n}")).collect();
        let files: Vec<(String, String)> = terms
            .iter()
            .map(|t| (format!("{}.md", t.to_lowercase()), entry(t, "Version 0.")))
            .collect();
        let entries: Vec<(&str, String)> =
            files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let site = site(&entries, 300);
        let harness = start(&site).await;
        // Term0's entry is open in the editor; the others change on disk.
        let open_entry = uri(&site.glossary("term0.md"));
        let mut unsaved = entry("Term0", "Version 0.");
        harness.open(&open_entry, "markdown", &unsaved).await;
        let line = format!("{}\n", terms.join(" and "));
        let page = uri(&site.root.join("docs/page.md"));
        harness.open(&page, "markdown", &line).await;
        let mut version = 1;
        for step in 1..=25 {
            match rng.below(3) {
                0 => {
                    let which = 1 + rng.below(3) as usize;
                    let path = site.glossary(&files[which].0);
                    std::fs::write(&path, entry(&terms[which], &format!("Version {step}.")))
                        .unwrap();
                    watched(&harness, &[&path]).await;
                }
                1 => {
                    version += 1;
                    unsaved = entry("Term0", &format!("Version {step}."));
                    replace_text(&harness, &open_entry, version, &unsaved).await;
                }
                _ => {
                    hovers(&harness, &page, &line, &terms).await;
                }
            }
            tokio::time::sleep(Duration::from_millis(rng.below(40))).await;
        }

        // A fresh server over the same disk, with the same unsaved text.
        let fresh = start(&site).await;
        fresh.open(&open_entry, "markdown", &unsaved).await;
        fresh.open(&page, "markdown", &line).await;
        let mut expected = Vec::new();
        until(
            &fresh,
            "the fresh server takes the unsaved text",
            async |h| {
                expected = hovers(h, &page, &line, &terms).await;
                let wanted = unsaved.lines().last().unwrap_or_default();
                if expected[0].contains(wanted) {
                    Ok(())
                } else {
                    Err(format!("{expected:?}"))
                }
            },
        )
        .await;
        until(&harness, "the same hovers as a fresh server", async |h| {
            let seen = hovers(h, &page, &line, &terms).await;
            if seen == expected {
                Ok(())
            } else {
                Err(format!(
                    "seed {seed}: {seen:?}, a fresh server: {expected:?}"
                ))
            }
        })
        .await;
        assert_eq!(harness.shutdown_and_exit().await, 0);
        assert_eq!(fresh.shutdown_and_exit().await, 0);
    }
}

async fn server_state(harness: &Harness) -> Value {
    let state = harness
        .request("glossary-ls/serverState", Value::Null)
        .await;
    assert!(state.get("error").is_none(), "{state}");
    state
}

#[tokio::test]
async fn a_burst_of_file_events_costs_at_most_two_loads() {
    let site = site(&[("alpha.md", entry("Alpha", "Alpha on disk."))], 50);
    let harness = start(&site).await;
    let page = uri(&site.root.join("docs/page.md"));
    harness.open(&page, "markdown", "Alpha and Gamma.\n").await;
    let before = server_state(&harness).await["diskLoads"].as_u64().unwrap();
    // What a `git checkout` sends: one event per file, 30 ms apart.
    for n in 0..50 {
        let path = site.glossary(&format!("filler-{n}.md"));
        if n == 49 {
            std::fs::write(site.glossary("gamma.md"), entry("Gamma", "Gamma arrived.")).unwrap();
        }
        watched(&harness, &[&path]).await;
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    hover_shows(
        &harness,
        &page,
        (0, 11),
        "Gamma arrived.",
        "the last file of the burst",
    )
    .await;
    let after = server_state(&harness).await["diskLoads"].as_u64().unwrap();
    assert!(
        after - before <= 2,
        "50 file events caused {} loads",
        after - before
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn editing_an_entry_republishes_only_documents_whose_diagnostics_change() {
    let site = site(&[("alpha.md", entry("Alpha", "Alpha on disk."))], 0);
    let mut harness = start(&site).await;
    let pages: Vec<Uri> = (0..30)
        .map(|n| uri(&site.root.join(format!("docs/page-{n}.md"))))
        .collect();
    for page in &pages {
        harness
            .open(page, "markdown", "Alpha, [broken](../glossary/none.md).\n")
            .await;
    }
    let alpha = uri(&site.glossary("alpha.md"));
    harness
        .open(&alpha, "markdown", &entry("Alpha", "Alpha on disk."))
        .await;
    // Every page is published once on opening.
    let mut first = std::collections::HashSet::new();
    while first.len() < pages.len() {
        let params = tokio::time::timeout(
            PATIENCE,
            harness.next_notification("textDocument/publishDiagnostics"),
        )
        .await
        .expect("diagnostics for every page");
        if params["uri"] != alpha.as_str() {
            first.insert(params["uri"].as_str().unwrap().to_string());
        }
    }
    for version in 2..22 {
        replace_text(
            &harness,
            &alpha,
            version,
            &entry("Alpha", &format!("Alpha, edit {version}.")),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    until(&harness, "the last edit in force", async |h| {
        let seen = hover_markdown(h, &pages[0], 0, 1).await;
        if seen.contains("Alpha, edit 21.") {
            Ok(())
        } else {
            Err(seen)
        }
    })
    .await;
    // A document opened now is published after whatever the reloads sent.
    let sentinel = uri(&site.root.join("docs/sentinel.md"));
    harness.open(&sentinel, "markdown", "Nothing.\n").await;
    let mut again = Vec::new();
    loop {
        let params = tokio::time::timeout(
            PATIENCE,
            harness.next_notification("textDocument/publishDiagnostics"),
        )
        .await
        .expect("the sentinel's diagnostics");
        let published = params["uri"].as_str().unwrap().to_string();
        if published == sentinel.as_str() {
            break;
        }
        if published != alpha.as_str() {
            again.push(published);
        }
    }
    assert!(
        again.is_empty(),
        "pages whose diagnostics did not change were published again: {} times",
        again.len()
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_glossary_folder_that_goes_and_comes_back_is_used_again() {
    let site = site(&[("alpha.md", entry("Alpha", "Alpha on disk."))], 0);
    site.configure("glossary = \"glossary\"\n");
    let mut harness = start(&site).await;
    let page = uri(&site.root.join("docs/page.md"));
    harness.open(&page, "markdown", "Alpha here.\n").await;
    assert!(
        hover_markdown(&harness, &page, 0, 1)
            .await
            .contains("Alpha on disk.")
    );

    // The folder goes: the client reports its files deleted.
    let folder = site.root.join("glossary");
    let away = site.root.join("away");
    std::fs::rename(&folder, &away).unwrap();
    watched(&harness, &[&site.glossary("alpha.md")]).await;
    until(&harness, "the built-in glossary standing in", async |h| {
        let seen = hover_markdown(h, &page, 0, 1).await;
        if seen.contains("Alpha on disk.") {
            Err(seen)
        } else {
            Ok(())
        }
    })
    .await;
    // It comes back: an event for the folder itself.
    std::fs::rename(&away, &folder).unwrap();
    watched(&harness, &[&folder]).await;
    hover_shows(
        &harness,
        &page,
        (0, 1),
        "Alpha on disk.",
        "the glossary back",
    )
    .await;
    let mut said = Vec::new();
    while said.len() < 2 {
        let message =
            tokio::time::timeout(PATIENCE, harness.next_notification("window/showMessage"))
                .await
                .expect("a message");
        said.push(message["message"].as_str().unwrap_or_default().to_string());
    }
    assert!(
        said[0].contains("using the built-in AI glossary instead"),
        "{said:?}"
    );
    assert!(said[1].contains("can be read again"), "{said:?}");
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

/// Sets the modification time of `path` and everything below it to an
/// hour ago, as in a checkout nobody touched since.
fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    if path.is_dir() {
        for child in std::fs::read_dir(path).unwrap() {
            age(&child.unwrap().path());
        }
    }
    std::fs::File::open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

/// A server for `site` whose client cannot watch files (Neovim 0.11 on
/// Linux), so the server watches them itself.
async fn serve_unwatched(site: &Site) -> Harness {
    let params = json!({
        "processId": null,
        "rootUri": uri(&site.root).as_str(),
        "capabilities": {},
    });
    let options = ServerOptions {
        overrides: Overrides::default(),
        cache_root: Some(site.cache.clone()),
    };
    Harness::start_with(options, params, Answers::default())
        .await
        .0
}

/// Waits until the server's own watcher runs.
async fn until_watching(harness: &Harness) {
    until(harness, "the server watching", async |h| {
        let state = server_state(h).await;
        match state["watching"].as_bool() {
            Some(true) => Ok(()),
            _ => Err(state.to_string()),
        }
    })
    .await;
}

#[tokio::test]
async fn the_server_watcher_reloads_at_its_start_only_when_the_disk_changed_since_the_read() {
    let site = site(&[("alpha.md", entry("Alpha", "Alpha on disk."))], 0);
    let loads_once_watching = async |harness: &Harness| {
        until_watching(harness).await;
        // A reload asked for when watching starts is debounced: let it run.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server_state(harness).await["diskLoads"].as_u64()
    };
    // Nothing touched since long before the read: the first load stands.
    age(&site.root);
    let harness = serve_unwatched(&site).await;
    assert_eq!(loads_once_watching(&harness).await, Some(1));
    assert_eq!(harness.shutdown_and_exit().await, 0);
    // A file written just before: read again once the watcher runs.
    std::fs::write(site.glossary("alpha.md"), entry("Alpha", "Alpha again.")).unwrap();
    let harness = serve_unwatched(&site).await;
    assert_eq!(loads_once_watching(&harness).await, Some(2));
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn without_client_file_watching_the_server_watches_the_glossary_itself() {
    let site = site(&[("alpha.md", entry("Alpha", "Alpha on disk."))], 0);
    let harness = serve_unwatched(&site).await;
    let page = uri(&site.root.join("docs/page.md"));
    harness.open(&page, "markdown", "Alpha and Beta.\n").await;
    assert!(
        hover_markdown(&harness, &page, 0, 1)
            .await
            .contains("Alpha on disk.")
    );
    // The editor never says a word about these changes (written once the
    // server watches: `initialized` starts the watcher in the background).
    until_watching(&harness).await;
    std::fs::write(site.glossary("beta.md"), entry("Beta", "Beta from disk.")).unwrap();
    std::fs::write(site.glossary("alpha.md"), entry("Alpha", "Alpha changed.")).unwrap();
    until(&harness, "the changes on disk seen", async |h| {
        let (a, b) = (
            hover_markdown(h, &page, 0, 1).await,
            hover_markdown(h, &page, 0, 11).await,
        );
        if a.contains("Alpha changed.") && b.contains("Beta from disk.") {
            Ok(())
        } else {
            Err(format!("alpha: {a}; beta: {b}"))
        }
    })
    .await;
    // So is a configuration file appearing in the workspace folder.
    std::fs::create_dir_all(site.root.join("other")).unwrap();
    std::fs::write(
        site.root.join("other/gamma.md"),
        entry("Gamma", "Gamma elsewhere."),
    )
    .unwrap();
    site.configure("glossary = \"other\"\n");
    harness.open(&page, "markdown", "Gamma.\n").await;
    hover_shows(
        &harness,
        &page,
        (0, 1),
        "Gamma elsewhere.",
        "the new configuration seen",
    )
    .await;
    // The new glossary folder is watched from then on: once the reloads
    // settle, only the watcher can bring a new file in it to the server.
    let mut loads = server_state(&harness).await["diskLoads"].clone();
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let now = server_state(&harness).await["diskLoads"].clone();
        if now == loads {
            break;
        }
        loads = now;
    }
    std::fs::write(
        site.root.join("other/delta.md"),
        entry("Delta", "Delta in the new folder."),
    )
    .unwrap();
    harness
        .open(
            &page, "markdown", "Delta.
",
        )
        .await;
    hover_shows(
        &harness,
        &page,
        (0, 1),
        "Delta in the new folder.",
        "a new entry in the new folder seen",
    )
    .await;
    assert_eq!(harness.shutdown_and_exit().await, 0);
}
