//! The protocol fuzz target's check, shared with the test that replays its
//! seeds (`tests/integration/fuzz_regressions.rs` includes this file), so
//! that the library itself does not carry a fuzzing entry into the server.

/// The id of the request appended to input that is cleanly framed.
const LAST: &[u8] = b"\"fuzz-last-request\"";

/// Whether `data` is a run of whole frames (`Content-Length: N` then N
/// bytes), none of which could be `exit`: the server must then still be
/// reading after it, whatever the bodies hold.
fn cleanly_framed(mut data: &[u8]) -> bool {
    while !data.is_empty() {
        let Some(rest) = data.strip_prefix(b"Content-Length: ") else {
            return false;
        };
        let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") else {
            return false;
        };
        let Some(length) = std::str::from_utf8(&rest[..end])
            .ok()
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok())
        else {
            return false;
        };
        let body = &rest[end + 4..];
        if body.len() < length || body[..length].windows(4).any(|w| w == b"exit") {
            return false;
        }
        data = &body[length..];
    }
    true
}

/// Any bytes as the client's side of a session, after a valid
/// `initialize`: the server neither panics nor hangs, and stops when the
/// input ends. When the bytes are whole frames (and none is `exit`), a
/// request after them is answered: no message stops the reading.
pub fn lsp_session(data: &[u8]) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let (client, server) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server);
        let options = glossary_ls::server::ServerOptions {
            overrides: glossary_ls::config::Overrides {
                builtin: true,
                ..Default::default()
            },
            cache_root: None,
        };
        let serving = tokio::spawn(glossary_ls::server::serve(
            server_read,
            server_write,
            options,
        ));
        let (mut client_read, mut client_write) = tokio::io::split(client);
        // Whatever the server says is read, so it never blocks on output;
        // only whether the last request was answered is kept.
        let draining = tokio::spawn(async move {
            let mut sink = vec![0u8; 1 << 14];
            let mut tail: Vec<u8> = Vec::new();
            let mut answered = false;
            while let Ok(n) = client_read.read(&mut sink).await {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&sink[..n]);
                answered |= tail.windows(LAST.len()).any(|w| w == LAST);
                let keep = tail.len().saturating_sub(LAST.len());
                tail.drain(..keep);
            }
            answered
        });
        let initialize =
            r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#;
        let mut input =
            format!("Content-Length: {}\r\n\r\n{initialize}", initialize.len()).into_bytes();
        input.extend_from_slice(data);
        let check_last = cleanly_framed(data);
        if check_last {
            let last = format!(
                r#"{{"jsonrpc":"2.0","id":{},"method":"glossary-ls/documentState","params":{{"uri":"file:///fuzz-last.md"}}}}"#,
                String::from_utf8_lossy(LAST)
            );
            input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{last}", last.len()).as_bytes());
        }
        let _ = client_write.write_all(&input).await;
        let _ = client_write.shutdown().await;
        drop(client_write);
        let finished = tokio::time::timeout(std::time::Duration::from_secs(20), serving).await;
        assert!(
            matches!(finished, Ok(Ok(_))),
            "the server did not stop after its input ended"
        );
        let answered = tokio::time::timeout(std::time::Duration::from_secs(5), draining).await;
        if check_last {
            assert!(
                matches!(answered, Ok(Ok(true))),
                "the server stopped reading before the last request"
            );
        }
    });
}
