//! The real binary as a client sees it: a child process speaking framed
//! JSON-RPC over its pipes.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tower_lsp_server::ls_types::Uri;

/// How long a test waits for the process to end before it kills it: a
/// guard against a hung server, not a timing assertion.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A whole session may take this long before the process is killed, so a
/// hung server fails the test on a closed pipe instead of hanging CI.
const SESSION_LIMIT: Duration = Duration::from_secs(120);

/// A fresh folder for one session, canonical so that URIs built from it
/// are the ones the server reports; it is also the server's home, so no
/// user cache is read or written.
pub struct Scratch {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().canonicalize().expect("a canonical path");
        Scratch { _dir: dir, root }
    }

    /// `glossary-ls serve` in this folder.
    pub fn serve(&self) -> Binary {
        Binary::start(&["serve"], &self.root, &self.root)
    }

    /// `glossary-ls serve` in this folder, initialized with it as the root.
    pub fn serve_initialized(&self) -> Binary {
        let mut server = self.serve();
        server.initialize(&self.root);
        server
    }
}

pub struct Binary {
    child: Arc<Mutex<Child>>,
    pub stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    done: Arc<AtomicBool>,
}

impl Binary {
    /// Starts `glossary-ls ARGS` in `cwd`, with `home` as its home and
    /// cache folders.
    pub fn start(args: &[&str], cwd: &Path, home: &Path) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
            .args(args)
            .current_dir(cwd)
            .env("HOME", home)
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("LOCALAPPDATA", home.join("cache"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start glossary-ls");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let child = Arc::new(Mutex::new(child));
        let done = Arc::new(AtomicBool::new(false));
        let (guarded, finished) = (Arc::clone(&child), Arc::clone(&done));
        std::thread::spawn(move || {
            let deadline = Instant::now() + SESSION_LIMIT;
            while Instant::now() < deadline {
                if finished.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = guarded.lock().map(|mut c| c.kill());
        });
        Binary {
            child,
            stdin,
            stdout,
            done,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.lock().expect("child").id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// The next message; stdout carries nothing but framed JSON-RPC.
    pub fn receive(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).expect("read") > 0,
                "the server closed stdout"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(": ").expect("a header line");
            assert!(
                name == "Content-Length" || name == "Content-Type",
                "unexpected output {line:?}"
            );
            if name == "Content-Length" {
                length = Some(value.parse::<usize>().expect("a length"));
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        self.stdout.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The next response (not a notification or a request from the server).
    pub fn response(&mut self) -> Value {
        loop {
            let message = self.receive();
            if message.get("method").is_none() {
                return message;
            }
        }
    }

    /// `textDocument/didOpen` of a Markdown document.
    pub fn open(&mut self, doc: &Uri, text: &str) {
        self.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": doc.as_str(), "languageId": "markdown", "version": 1,
            "text": text}}}),
        );
    }

    /// Sends `textDocument/hover` as request `id` (the answer is read with
    /// `response`, so requests can overlap).
    pub fn ask_hover(&mut self, id: i64, doc: &Uri, line: u32, character: u32) {
        self.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params":
            {"textDocument": {"uri": doc.as_str()},
            "position": {"line": line, "character": character}}}),
        );
    }

    /// Waits until the server says which glossary is in force: after
    /// `initialize` for a large glossary (a small one is announced before
    /// the `initialize` answer, which `initialize` reads past).
    pub fn wait_for_glossary(&mut self) -> String {
        loop {
            let message = self.receive();
            if message["method"] == "window/logMessage"
                && let Some(text) = message["params"]["message"].as_str()
                && text.starts_with("glossary-ls: glossary:")
            {
                return text.to_string();
            }
        }
    }

    /// `initialize` (answered) then `initialized`; returns the answer.
    pub fn initialize(&mut self, root: &Path) -> Value {
        let root_uri = super::uri(root);
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": root_uri.as_str(), "capabilities": {}}}));
        let answer = self.response();
        assert_eq!(answer["id"], 1);
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        answer
    }

    /// `shutdown` (request `id`) and `exit`; then nothing more may be
    /// written, and the process must end. Returns its exit code.
    pub fn shutdown_and_exit(mut self, id: i64) -> i32 {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
        let answer = self.response();
        assert_eq!(
            (answer["id"].as_i64(), &answer["result"]),
            (Some(id), &Value::Null)
        );
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        drop(self.stdin.take());
        let mut rest = Vec::new();
        let _ = self.stdout.read_to_end(&mut rest);
        assert!(
            rest.is_empty(),
            "output after exit: {}",
            String::from_utf8_lossy(&rest)
        );
        self.wait()
            .and_then(|s| s.code())
            .expect("the server exits")
    }

    /// `shutdown` (request `id`) then `exit`; the exit code, or `None` if
    /// the process did not end. Unlike `shutdown_and_exit`, a notification
    /// that still follows `exit` (a late reload) is not an error here.
    pub fn end(mut self, id: i64) -> Option<i32> {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
        assert_eq!(self.response()["id"], id);
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        self.wait().and_then(|s| s.code())
    }

    /// Waits for the process to end; `None` if it did not within `PATIENCE`
    /// (it is then killed).
    pub fn wait(&mut self) -> Option<ExitStatus> {
        let deadline = Instant::now() + PATIENCE;
        let mut child = self.child.lock().expect("child");
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().expect("try_wait") {
                self.done.store(true, Ordering::SeqCst);
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        self.done.store(true, Ordering::SeqCst);
        None
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        // A test that fails midway leaves no server behind.
        if !self.done.load(Ordering::SeqCst) {
            if let Ok(mut child) = self.child.lock() {
                let _ = child.kill();
                let _ = child.wait();
            }
            self.done.store(true, Ordering::SeqCst);
        }
    }
}
