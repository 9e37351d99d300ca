//! An LSP client for tests, talking to the server in process over
//! `tokio::io::duplex`: requests, notifications, fixtures with a `$0`
//! cursor, and helpers that show answers compactly for snapshots.
#![allow(dead_code)] // Each test file uses its own part of the harness.

pub mod fixtures;
pub mod formats;
pub mod rng;
pub mod stdio;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use glossary_ls::server::position::{Encoding, TextLines, to_position};
use glossary_ls::server::{ServerOptions, serve};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, WriteHalf};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tower_lsp_server::ls_types::Uri;

/// Answers to requests from the server, by method.
pub type Answers = Arc<Mutex<HashMap<String, Value>>>;

pub type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

/// A client talking to an in-process server.
pub struct Harness {
    pub writer: Arc<tokio::sync::Mutex<WriteHalf<tokio::io::DuplexStream>>>,
    pub pending: Pending,
    pub notifications: mpsc::UnboundedReceiver<Value>,
    pub next_id: AtomicI64,
    pub server: JoinHandle<i32>,
    pub encoding: Encoding,
    /// Paths replaced by names in snapshots.
    pub redact: Vec<(String, &'static str)>,
}

pub async fn write_message(
    writer: &tokio::sync::Mutex<WriteHalf<tokio::io::DuplexStream>>,
    message: &Value,
) {
    let body = message.to_string();
    let mut writer = writer.lock().await;
    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    writer
        .write_all(frame.as_bytes())
        .await
        .expect("write to the server");
    writer.flush().await.expect("flush");
}

pub async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

impl Harness {
    /// Starts a server and runs `initialize` and `initialized`.
    pub async fn start(
        options: ServerOptions,
        root: Option<&Path>,
        capabilities: Value,
    ) -> (Harness, Value) {
        let root_uri = root.map(|r| uri(r).as_str().to_string());
        let (mut harness, result) = Harness::start_with(
            options,
            json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities}),
            Answers::default(),
        )
        .await;
        if let Some(root) = root {
            harness.redact.push((root.display().to_string(), "$ROOT"));
        }
        (harness, result)
    }

    /// Starts a server with these `initialize` params; requests from the
    /// server are answered from `answers` (by method, else `null`) and
    /// also show up among the notifications, so tests can see them.
    pub async fn start_with(
        options: ServerOptions,
        params: Value,
        answers: Answers,
    ) -> (Harness, Value) {
        let capabilities = params["capabilities"].clone();
        let (client, server) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server);
        let server = tokio::spawn(serve(server_read, server_write, options));
        let (client_read, client_write) = tokio::io::split(client);
        let writer = Arc::new(tokio::sync::Mutex::new(client_write));
        let pending: Pending = Arc::default();
        let (notify_tx, notifications) = mpsc::unbounded_channel();
        let reader_pending = Arc::clone(&pending);
        let reader_writer = Arc::clone(&writer);
        tokio::spawn(async move {
            let mut reader = BufReader::new(client_read);
            while let Some(message) = read_message(&mut reader).await {
                match (message.get("id").cloned(), message.get("method").is_some()) {
                    (Some(id), false) => {
                        let sender = id
                            .as_i64()
                            .and_then(|id| reader_pending.lock().unwrap().remove(&id));
                        if let Some(sender) = sender {
                            let _ = sender.send(message);
                        }
                    }
                    // A request from the server: answer it so it does not wait.
                    (Some(id), true) => {
                        let method = message["method"].as_str().unwrap_or("").to_string();
                        let result = answers
                            .lock()
                            .unwrap()
                            .get(&method)
                            .cloned()
                            .unwrap_or(Value::Null);
                        let _ = notify_tx.send(message);
                        write_message(
                            &reader_writer,
                            &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                        )
                        .await;
                    }
                    (None, _) => {
                        let _ = notify_tx.send(message);
                    }
                }
            }
        });
        let encoding = match capabilities.pointer("/general/positionEncodings") {
            Some(kinds)
                if kinds
                    .as_array()
                    .is_some_and(|k| k.contains(&json!("utf-8"))) =>
            {
                Encoding::Utf8
            }
            _ => Encoding::Utf16,
        };
        let harness = Harness {
            writer,
            pending,
            notifications,
            next_id: AtomicI64::new(1),
            server,
            encoding,
            redact: Vec::new(),
        };
        let result = harness.request("initialize", params).await;
        harness.notify("initialized", json!({})).await;
        (harness, result)
    }

    pub async fn request(&self, method: &str, params: Value) -> Value {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        write_message(
            &self.writer,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
        .await;
        let response = rx.await.expect("the server answers");
        match response.get("error") {
            Some(error) => json!({ "error": error }),
            None => response["result"].clone(),
        }
    }

    pub async fn notify(&self, method: &str, params: Value) {
        write_message(
            &self.writer,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .await;
    }

    pub async fn open(&self, uri: &Uri, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri.as_str(), "languageId": language, "version": 1, "text": text}}),
        )
        .await;
    }

    /// Opens a fixture and returns the cursor position.
    pub async fn open_fixture(&self, uri: &Uri, language: &str, fixture: &str) -> Value {
        let (text, offset) = cursor(fixture);
        self.open(uri, language, &text).await;
        self.position(&text, offset)
    }

    pub fn position(&self, text: &str, offset: usize) -> Value {
        serde_json::to_value(to_position(&TextLines::new(text), offset, self.encoding)).unwrap()
    }

    pub async fn at(&self, method: &str, uri: &Uri, position: Value) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri.as_str()}, "position": position}),
        )
        .await
    }

    /// The hover answer at a line and character.
    pub async fn hover(&self, uri: &Uri, line: u32, character: u32) -> Value {
        self.at(
            "textDocument/hover",
            uri,
            json!({"line": line, "character": character}),
        )
        .await
    }

    /// `workspace/didChangeWatchedFiles` for files and their change types
    /// (1 created, 2 changed, 3 deleted).
    pub async fn watched(&self, changes: &[(&Path, u8)]) {
        let changes: Vec<Value> = changes
            .iter()
            .map(|(path, kind)| json!({"uri": uri(path).as_str(), "type": kind}))
            .collect();
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": changes }),
        )
        .await;
    }

    /// The server's view of an open document (`glossary-ls/documentState`).
    pub async fn document_state(&self, uri: &Uri) -> Value {
        self.request("glossary-ls/documentState", json!({"uri": uri.as_str()}))
            .await
    }

    /// The text the server holds for `uri` (`null` if it holds none).
    pub async fn text_of(&self, uri: &Uri) -> Value {
        self.document_state(uri).await["text"].clone()
    }

    pub async fn next_notification(&mut self, method: &str) -> Value {
        loop {
            let message = self.notifications.recv().await.expect("a notification");
            if message["method"] == method {
                return message["params"].clone();
            }
        }
    }

    pub async fn shutdown_and_exit(self) -> i32 {
        let result = self.request("shutdown", Value::Null).await;
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null).await;
        self.server.await.expect("the server task ends")
    }

    pub fn redacted(&self, text: String) -> String {
        let text = self
            .redact
            .iter()
            .fold(text, |text, (from, to)| text.replace(from, to));
        text.replace(concat!("/", env!("CARGO_PKG_VERSION"), "/"), "/$VERSION/")
    }
}

/// The occurrences a fresh analysis of `text` finds, as the server's
/// `glossary-ls/documentState` shows them.
pub fn expected_occurrences(
    text: &str,
    scanner: &glossary_ls::analysis::Scanner,
    encoding: Encoding,
) -> Value {
    let analysis = glossary_ls::analysis::Analysis::new(
        text.to_string(),
        glossary_ls::markdown::DocKind::Markdown,
        scanner,
    );
    let lines = TextLines::new(text);
    analysis
        .occurrences()
        .iter()
        .map(|o| {
            json!({
                "range": {
                    "start": to_position(&lines, o.range.start, encoding),
                    "end": to_position(&lines, o.range.end, encoding),
                },
                "entry": scanner.index().entry(o.entry).slug,
            })
        })
        .collect()
}

/// The Markdown of a hover answer; `None` when there is no hover.
pub fn hover_markdown(hover: &Value) -> Option<&str> {
    hover["contents"]["value"].as_str()
}

/// The real binary run in `dir` with `args`, as a user runs it.
pub fn glossary_ls(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

/// What a run printed: stdout, then stderr.
pub fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn uri(path: &Path) -> Uri {
    Uri::from_file_path(path).expect("an absolute path")
}

pub fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("a $0 cursor in the fixture");
    (fixture.replacen("$0", "", 1), offset)
}

pub fn range_text(range: &Value) -> String {
    format!(
        "{}:{}-{}:{}",
        range["start"]["line"],
        range["start"]["character"],
        range["end"]["line"],
        range["end"]["character"]
    )
}
