//! The real binary over stdio: a session from `initialize` to `exit`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

struct Session {
    child: Arc<Mutex<Child>>,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    done: Arc<AtomicBool>,
}

impl Session {
    fn start(args: &[&str], home: &Path) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
            .args(args)
            .current_dir(home)
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("HOME", home)
            .env("LOCALAPPDATA", home.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start glossary-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let child = Arc::new(Mutex::new(child));
        let done = Arc::new(AtomicBool::new(false));
        // A guard against a hung server, not a timing assertion: the test
        // fails on the closed pipe instead of hanging CI.
        let (guarded, finished) = (Arc::clone(&child), Arc::clone(&done));
        std::thread::spawn(move || {
            for _ in 0..600 {
                if finished.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = guarded.lock().map(|mut c| c.kill());
        });
        Session {
            child,
            stdin,
            stdout,
            done,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// The next message; stdout carries nothing but framed JSON-RPC.
    fn receive(&mut self) -> Value {
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

    /// The response to request `id`, skipping notifications.
    fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.receive();
            if message["id"] == id && message.get("method").is_none() {
                return message;
            }
        }
    }

    fn finish(mut self) -> i32 {
        drop(self.stdin);
        let mut rest = Vec::new();
        let _ = self.stdout.read_to_end(&mut rest);
        assert!(
            rest.is_empty(),
            "output after exit: {}",
            String::from_utf8_lossy(&rest)
        );
        let status = self
            .child
            .lock()
            .expect("child")
            .wait()
            .expect("exit status");
        self.done.store(true, Ordering::SeqCst);
        status.code().unwrap_or(-1)
    }
}

fn initialize(session: &mut Session, root: &Path) -> Value {
    let root_uri = format!("file://{}", root.display());
    session.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": root_uri, "capabilities": {}}}));
    let response = session.response(1);
    session.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    response
}

fn shutdown_and_exit(mut session: Session, id: i64) -> i32 {
    session.send(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
    assert_eq!(session.response(id)["result"], Value::Null);
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    session.finish()
}

#[test]
fn serve_from_initialize_to_exit() {
    let home = tempfile::tempdir().unwrap();
    let root = home.path().canonicalize().unwrap();
    let mut session = Session::start(&["serve"], &root);
    let init = initialize(&mut session, &root);
    assert_eq!(init["result"]["serverInfo"]["name"], "glossary-ls");
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);

    let uri = format!("file://{}/notes.md", root.display());
    session.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": "markdown", "version": 1, "text": "We fine-tune a large language model.\n"}}}));
    session.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params":
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 20}}}),
    );
    let hover = session.response(2);
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

    assert_eq!(shutdown_and_exit(session, 3), 0);
}

#[test]
fn stdio_flag_starts_the_server_too() {
    let home = tempfile::tempdir().unwrap();
    let root = home.path().canonicalize().unwrap();
    let mut session = Session::start(&["--stdio"], &root);
    let init = initialize(&mut session, &root);
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        2
    );
    assert_eq!(shutdown_and_exit(session, 2), 0);
}
