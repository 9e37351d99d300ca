//! The client's bytes, read frame by frame before tower-lsp sees them.
//!
//! tower-lsp-server stops reading its input at the first frame it cannot
//! decode (a body that is not JSON, JSON that is not a JSON-RPC message, a
//! header without `Content-Length`): one bad message from a client would
//! end the session. Here each frame is read and checked on its own. A good
//! one is passed on, framed afresh; a bad one becomes a call of
//! [`MALFORMED`], whose handler answers the error JSON-RPC asks for (parse
//! error or invalid request, with the frame's id when it has one), so the
//! client hears what was wrong and the session goes on.
//!
//! Nothing is allocated ahead of the bytes that arrive: a `Content-Length`
//! of a terabyte costs only what is actually sent.

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method a bad frame is turned into; its handler answers the error.
pub const MALFORMED: &str = "glossary-ls/malformedMessage";

/// What a `didChange` whose params cannot be read is turned into: the
/// server then knows the document may differ from the editor's.
pub const OUT_OF_SYNC: &str = "glossary-ls/editNotRead";

/// What [`OUT_OF_SYNC`] is called with.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct EditNotRead {
    pub uri: tower_lsp_server::ls_types::Uri,
    pub reason: String,
}

/// The longest header line read; longer ones are skipped.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// What [`MALFORMED`] is called with.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct Malformed {
    /// `-32700` (parse error) or `-32600` (invalid request).
    pub code: i64,
    pub message: String,
}

enum Frame {
    /// The input ended (or failed).
    End,
    Body(Vec<u8>),
    /// Headers that do not make a message; the bytes are consumed.
    Bad(String),
}

/// Copies frames from `input` to `output` until `input` ends, replacing
/// each bad frame by a [`MALFORMED`] request. Shuts `output` down at the end.
pub async fn forward<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        let body = match read_frame(&mut reader).await {
            Frame::End => break,
            Frame::Body(mut body) => {
                if replace_lone_surrogates(&mut body) {
                    tracing::warn!("a message held a lone UTF-16 surrogate escape; read as U+FFFD");
                }
                match check(&body) {
                    Ok(()) => unreadable_edit(&body).unwrap_or(body),
                    Err((id, problem)) => malformed_request(id, problem),
                }
            }
            Frame::Bad(message) => malformed_request(
                Value::Null,
                Malformed {
                    code: -32700,
                    message,
                },
            ),
        };
        let is_exit = is_exit(&body);
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let written = async {
            output.write_all(header.as_bytes()).await?;
            output.write_all(&body).await?;
            output.flush().await
        };
        if written.await.is_err() || is_exit {
            break;
        }
    }
    let _ = output.shutdown().await;
}

/// Whether a frame is the `exit` notification: after it the client expects
/// the process to end, whatever requests to it are still unanswered.
fn is_exit(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body)
        .is_ok_and(|v| v.get("method").and_then(Value::as_str) == Some("exit"))
}

async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut headers = false;
    loop {
        let mut line = Vec::new();
        match (&mut *reader)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .await
        {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        if line.last() != Some(&b'\n') {
            // A header line too long to be one: skip to its end.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                match (&mut *reader)
                    .take(MAX_HEADER_LINE)
                    .read_until(b'\n', &mut rest)
                    .await
                {
                    Ok(0) | Err(_) => return Frame::End,
                    Ok(_) if rest.last() == Some(&b'\n') => break,
                    Ok(_) => {}
                }
            }
            tracing::warn!("skipped a header line of more than {MAX_HEADER_LINE} bytes");
            headers = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers {
                break;
            }
            // Blank lines between messages.
            continue;
        }
        headers = true;
        // After a frame whose length was wrong, the next header may come
        // right after the rest of that frame's bytes: start it there.
        let text = match text.to_ascii_lowercase().rfind("content-length") {
            Some(at) if at > 0 => {
                tracing::warn!("skipped {at} bytes of garbage before a header");
                &text[at..]
            }
            _ => text,
        };
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(value.trim().parse::<usize>().map_err(|_| {
                    format!(
                        "glossary-ls: a message with the bad header `Content-Length: {}` was ignored",
                        value.trim()
                    )
                }));
            }
            Some(_) => {}
            None => tracing::warn!("ignored a line that is not a header: {text:?}"),
        }
    }
    match length {
        None => Frame::Bad(
            "glossary-ls: a message without a Content-Length header was ignored".to_string(),
        ),
        Some(Err(message)) => Frame::Bad(message),
        Some(Ok(length)) => {
            let mut body = Vec::new();
            match (&mut *reader)
                .take(length as u64)
                .read_to_end(&mut body)
                .await
            {
                Ok(n) if n == length => Frame::Body(body),
                _ => Frame::End,
            }
        }
    }
}

/// Whether `body` is a message tower-lsp can decode; if not, the id to
/// answer with and the error.
fn check(body: &[u8]) -> Result<(), (Value, Malformed)> {
    let value: Value = match std::str::from_utf8(body)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(text).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(error) => {
            return Err((
                Value::Null,
                Malformed {
                    code: -32700,
                    message: format!(
                        "glossary-ls: a message that is not JSON was ignored: {error}"
                    ),
                },
            ));
        }
    };
    let decodes = serde_json::from_value::<Response>(value.clone()).is_ok()
        || serde_json::from_value::<Request>(value.clone()).is_ok();
    if decodes {
        return Ok(());
    }
    // Only an id tower-lsp can decode itself is echoed: a float (`1.0`,
    // `-0.0`, `1e300`) or an integer past `i64` in the error request would
    // fail its decoder in turn, and that failure ends its reading.
    let id = match value.get("id") {
        Some(id @ Value::String(_)) => id.clone(),
        Some(Value::Number(n)) if n.is_i64() => Value::Number(n.clone()),
        _ => Value::Null,
    };
    Err((
        id,
        Malformed {
            code: -32600,
            message: "glossary-ls: a message that is not a JSON-RPC 2.0 request, notification or response was ignored".to_string(),
        },
    ))
}

/// Rewrites each `\uXXXX` escape of a lone surrogate (JSON allows it,
/// `JSON.stringify` writes it, serde refuses the whole string) as
/// `\ufffd`: the same six bytes, and the same one UTF-16 unit in the
/// text, so positions after it stay right. Returns whether any was found.
fn replace_lone_surrogates(body: &mut [u8]) -> bool {
    fn unit(bytes: &[u8]) -> Option<u16> {
        let hex = std::str::from_utf8(bytes.get(..4)?).ok()?;
        u16::from_str_radix(hex, 16).ok()
    }
    let is_high = |u: u16| (0xD800..0xDC00).contains(&u);
    let is_low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut found = false;
    let mut in_string = false;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                if body.get(i + 1) == Some(&b'u')
                    && let Some(u) = unit(&body[i + 2..])
                {
                    let paired = is_high(u)
                        && body.get(i + 6) == Some(&b'\\')
                        && body.get(i + 7) == Some(&b'u')
                        && unit(&body[i + 8..]).is_some_and(is_low);
                    if paired {
                        i += 12;
                        continue;
                    }
                    if is_high(u) || is_low(u) {
                        body[i + 2..i + 6].copy_from_slice(b"fffd");
                        found = true;
                    }
                    i += 6;
                    continue;
                }
                // Any other escape: skip the escaped byte.
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// A `didChange` whose params do not decode (tower-lsp would drop it
/// silently, and every later edit would apply to stale text) becomes an
/// [`OUT_OF_SYNC`] notification for its document, when it names one.
fn unreadable_edit(body: &[u8]) -> Option<Vec<u8>> {
    const METHOD: &[u8] = b"textDocument/didChange";
    if !body.windows(METHOD.len()).any(|w| w == METHOD) {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    if value.get("method")?.as_str()? != "textDocument/didChange" {
        return None;
    }
    let params = value.get("params")?;
    let error = serde_json::from_value::<tower_lsp_server::ls_types::DidChangeTextDocumentParams>(
        params.clone(),
    )
    .err()?;
    let uri = params.get("textDocument")?.get("uri")?.clone();
    let reason = error.to_string();
    tracing::warn!("a didChange that cannot be read: {reason}");
    Some(
        json!({"jsonrpc": "2.0", "method": OUT_OF_SYNC, "params": {"uri": uri, "reason": reason}})
            .to_string()
            .into_bytes(),
    )
}

fn malformed_request(id: Value, problem: Malformed) -> Vec<u8> {
    tracing::warn!("{}", problem.message);
    json!({"jsonrpc": "2.0", "id": id, "method": MALFORMED, "params": problem})
        .to_string()
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Value> {
        let (mut client, server) = tokio::io::duplex(1 << 16);
        let input = input.to_vec();
        let writer = tokio::spawn(async move {
            client.write_all(&input).await.unwrap();
            client.shutdown().await.unwrap();
            let mut out = Vec::new();
            client.read_to_end(&mut out).await.unwrap();
            out
        });
        let (read, write) = tokio::io::split(server);
        forward(read, write).await;
        let out = writer.await.unwrap();
        let mut messages = Vec::new();
        let mut rest = &out[..];
        while let Some(at) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
            let header = std::str::from_utf8(&rest[..at]).unwrap();
            let length: usize = header
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            let body = &rest[at + 4..at + 4 + length];
            messages.push(serde_json::from_slice(body).unwrap());
            rest = &rest[at + 4 + length..];
        }
        messages
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_ones_become_errors_to_answer() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let input = [
            format!(
                "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{good}",
                good.len()
            ),
            frame("{bad}"),
            "X-Other: 1\r\n\r\n".to_string(),
            "Content-Length: x\r\n\r\n".to_string(),
            format!("\r\nnot a header\r\n{}", frame("[]")),
            frame(r#"{"id":7,"foo":[]}"#),
            frame(good),
            // A length one short: the rest of the body runs into the next header.
            "Content-Length: 4\r\n\r\n[1,2]".to_string(),
            frame(good),
            "Content-Length: 99\r\n\r\n{\"cut\"".to_string(),
        ]
        .concat();
        let out = frames(input.as_bytes()).await;
        let good: Value = serde_json::from_str(good).unwrap();
        let shown: Vec<String> = out
            .iter()
            .map(|m| match m["method"].as_str() {
                Some(MALFORMED) => format!("{} {}", m["id"], m["params"]["code"]),
                _ if *m == good => "good".to_string(),
                _ => m.to_string(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "good",
                "null -32700",
                "null -32700",
                "null -32700",
                "null -32600",
                "7 -32600",
                "good",
                "null -32700",
                "good",
            ]
        );
    }

    #[tokio::test]
    async fn ids_that_are_not_i64_or_strings_are_answered_with_null() {
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let ids = [
            "1.0",
            "-0.0",
            "1e300",
            "9223372036854775808",
            "18446744073709551615",
            "2.5",
        ];
        let input: String = ids
            .iter()
            .map(|id| {
                frame(&format!(
                    r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#
                ))
            })
            .collect();
        let out = frames(input.as_bytes()).await;
        assert_eq!(out.len(), ids.len());
        for message in &out {
            assert_eq!(message["method"], MALFORMED);
            assert_eq!(message["id"], Value::Null, "{message}");
            assert_eq!(message["params"]["code"], -32600);
            // What is passed on decodes as tower-lsp decodes it.
            assert!(serde_json::from_value::<Request>(message.clone()).is_ok());
        }
        let largest = frame(r#"{"jsonrpc":"2.0","id":-9223372036854775808,"method":"x","foo":1}"#);
        let out = frames(largest.as_bytes()).await;
        assert_eq!(out.len(), 1);
        assert!(serde_json::from_value::<Request>(out[0].clone()).is_ok());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters_of_the_same_width() {
        let mut body =
            br#"{"t":"a\ud83d b \ud83d\ude00 \\ud83d \udc00\uD800","u":"\u0041"}"#.to_vec();
        assert!(replace_lone_surrogates(&mut body));
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["t"], "a\u{fffd} b \u{1f600} \\ud83d \u{fffd}\u{fffd}");
        assert_eq!(value["u"], "A");
        let mut clean = br#"{"t":"\ud83d\ude00"}"#.to_vec();
        assert!(!replace_lone_surrogates(&mut clean));
    }

    #[tokio::test]
    async fn a_huge_length_costs_only_what_is_sent() {
        let out = frames(b"Content-Length: 18446744073709551615\r\n\r\n{}").await;
        assert!(out.is_empty());
        let long_line = vec![b'x'; 100_000];
        let mut input = long_line.clone();
        input.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}");
        let out = frames(&input).await;
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["params"]["code"], -32600);
    }
}
