//! Fixture glossaries and workspaces on disk, shared by the test modules.

use std::path::{Path, PathBuf};

use glossary_ls::config::Overrides;
use glossary_ls::server::ServerOptions;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::Uri;

use super::{Answers, Harness};

/// A glossary entry with a title and a summary.
pub fn entry(title: &str, summary: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n\n### Summary\n{summary}\n")
}

/// An entry with a Related terms line as well.
pub fn entry_with_related(title: &str, summary: &str, related: &str) -> String {
    format!("{}\n### Related terms\n{related}\n", entry(title, summary))
}

/// Writes `text` at `name` under `dir`, creating folders on the way.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A workspace `site/` in a temporary folder, with a cache folder beside
/// it. Paths are canonical, so that URIs and glossary paths agree.
pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub cache: PathBuf,
}

impl Site {
    /// `site/glossary/` holding `entries` (file name, text) and an empty
    /// `site/docs/`.
    pub fn new(entries: &[(&str, String)]) -> Site {
        let site = Site::with_files(&[]);
        std::fs::create_dir_all(site.root.join("glossary")).unwrap();
        std::fs::create_dir_all(site.root.join("docs")).unwrap();
        for (name, text) in entries {
            write(&site.root.join("glossary"), name, text);
        }
        site
    }

    /// `site/` holding `files` (path below the site, text).
    pub fn with_files(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("site");
        std::fs::create_dir_all(&root).unwrap();
        for (name, text) in files {
            write(&root, name, text);
        }
        Site {
            _dir: dir,
            cache: base.join("cache"),
            root,
        }
    }

    pub fn glossary(&self, name: &str) -> PathBuf {
        self.root.join("glossary").join(name)
    }

    /// Writes the site's `.glossary-ls.toml`.
    pub fn configure(&self, toml: &str) {
        std::fs::write(self.root.join(".glossary-ls.toml"), toml).expect("write the configuration");
    }

    pub fn doc(&self, name: &str) -> Uri {
        super::uri(&self.root.join("docs").join(name))
    }

    /// A server for this site, initialized with `params` over a client
    /// that names the site as its root and says nothing else.
    pub async fn serve(&self, params: Value, answers: Answers) -> Harness {
        let mut all = json!({"processId": null, "rootUri": super::uri(&self.root).as_str()});
        if let (Some(all), Some(params)) = (all.as_object_mut(), params.as_object()) {
            all.extend(params.clone());
        }
        Harness::start_with(self.options(), all, answers).await.0
    }

    /// Server options with no overrides and this site's cache folder.
    pub fn options(&self) -> ServerOptions {
        ServerOptions {
            overrides: Overrides::default(),
            cache_root: Some(self.cache.clone()),
        }
    }
}

/// Runs the binary in `dir`: exit code, stdout, stderr.
pub fn run_cli(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What a reader sees at the `$0` cursor of `fixture`, opened as the site's
/// document `doc` (a path below the site): the hover's range and Markdown,
/// then where go to entry lands (file below the site, line and column,
/// counted from 1). Paths under the site read `$ROOT`.
pub async fn hover_and_definition(site: &Site, doc: &str, fixture: &str) -> String {
    let harness = site
        .serve(json!({"capabilities": {}}), super::Answers::default())
        .await;
    let uri = super::uri(&site.root.join(doc));
    let position = harness.open_fixture(&uri, "markdown", fixture).await;
    let hover = harness
        .at("textDocument/hover", &uri, position.clone())
        .await;
    let definition = harness.at("textDocument/definition", &uri, position).await;
    let mut out = match super::hover_markdown(&hover) {
        Some(markdown) => format!("hover {}\n{markdown}\n", super::range_text(&hover["range"])),
        None => "no hover\n".to_string(),
    };
    let location = if definition.is_array() {
        definition[0].clone()
    } else {
        definition
    };
    match location["uri"].as_str() {
        Some(target) => out.push_str(&format!(
            "definition {}:{}:{}\n",
            target,
            location["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
            location["range"]["start"]["character"]
                .as_u64()
                .unwrap_or(0)
                + 1
        )),
        None => out.push_str("no definition\n"),
    }
    assert_eq!(harness.shutdown_and_exit().await, 0);
    out.replace(super::uri(&site.root).as_str(), "$ROOT")
        .replace(&site.root.display().to_string(), "$ROOT")
}

/// The completion items at the `$0` cursor of `fixture`, opened as the
/// site's document `doc`: one `label -> inserted text` line each.
pub async fn completions_at(site: &Site, doc: &str, fixture: &str) -> String {
    let harness = site
        .serve(json!({"capabilities": {}}), super::Answers::default())
        .await;
    let uri = super::uri(&site.root.join(doc));
    let position = harness.open_fixture(&uri, "markdown", fixture).await;
    let answer = harness.at("textDocument/completion", &uri, position).await;
    let items = answer["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(harness.shutdown_and_exit().await, 0);
    items
        .iter()
        .map(|item| {
            format!(
                "{} -> {}\n",
                item["label"].as_str().unwrap_or("?"),
                item["textEdit"]["newText"].as_str().unwrap_or("?")
            )
        })
        .collect()
}
