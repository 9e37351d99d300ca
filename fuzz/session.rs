//! The protocol fuzz target's check, shared with the test that replays its
//! seeds (`tests/integration/fuzz_regressions.rs` includes this file), so
//! that the library itself does not carry a fuzzing entry into the server.

/// Any bytes as the client's side of a session, after a valid
/// `initialize`: the server neither panics nor hangs, and stops when the
/// input ends.
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
        // Whatever the server says is read and dropped, so it never blocks on output.
        let draining = tokio::spawn(async move {
            let mut sink = vec![0u8; 1 << 14];
            while matches!(client_read.read(&mut sink).await, Ok(n) if n > 0) {}
        });
        let initialize =
            r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#;
        let mut input =
            format!("Content-Length: {}\r\n\r\n{initialize}", initialize.len()).into_bytes();
        input.extend_from_slice(data);
        let _ = client_write.write_all(&input).await;
        let _ = client_write.shutdown().await;
        drop(client_write);
        let finished = tokio::time::timeout(std::time::Duration::from_secs(20), serving).await;
        assert!(
            matches!(finished, Ok(Ok(_))),
            "the server did not stop after its input ended"
        );
        draining.abort();
    });
}
