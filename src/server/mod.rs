//! The language server: the only layer that knows LSP.
//!
//! `position` converts offsets, `documents` keeps open documents, `workspace`
//! holds the glossary in force, `state` is what handlers share, `session`
//! what the client said, `reload` rebuilds glossaries, and `backend` is the
//! protocol's handler table, one line into a file per method family
//! (`hover`, `definition`, `completion`, `actions`, `links`, `references`,
//! `semantic`, `symbols`, `diagnostics`).

mod actions;
mod backend;
mod blocking;
pub mod builtin_cache;
mod capabilities;
mod client_requests;
mod completion;
mod definition;
mod diagnostics;
pub mod documents;
pub mod framing;
mod hover;
mod link_texts;
mod links;
mod memory;
pub mod position;
mod references;
mod reload;
mod semantic;
mod session;
mod state;
mod symbols;
mod terminology;
mod watcher;
pub mod workspace;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

pub use backend::Backend;
pub use workspace::ServerOptions;

/// How long requests still running when the client closes its end may
/// take to finish; then they are dropped (their disk work stops) and the
/// server returns.
pub const INPUT_CLOSED_GRACE: Duration = Duration::from_secs(1);

/// Serves the protocol over `input` and `output` until the client exits or
/// closes the stream. Returns the exit code the protocol asks for: 0 after
/// a `shutdown`, 1 otherwise.
///
/// The input goes through [`framing::forward`] first, so that a malformed
/// message is answered with an error instead of ending the session.
pub async fn serve<I, O>(input: I, output: O, options: ServerOptions) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Send + 'static,
{
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown);
    let (service, socket) = LspService::build(move |client| Backend::new(client, options, flag))
        .custom_method("glossary-ls/documentState", Backend::document_state)
        .custom_method("glossary-ls/serverState", Backend::server_state)
        .custom_method(framing::MALFORMED, Backend::malformed)
        .custom_method(framing::OUT_OF_SYNC, Backend::edit_not_read)
        .finish();
    let (checked, to_server) = tokio::io::duplex(1 << 16);
    // The handlers run inside tower-lsp's serving future: on a task of its
    // own, so that a handler busy for long cannot keep this future from
    // seeing the end of the input and returning when the grace is over.
    let mut serving = tokio::spawn(Server::new(checked, output, socket).serve(service));
    let reading = async {
        framing::forward(input, to_server).await;
        // The client is gone or said `exit`: what is still running (a
        // handler waiting on an answer from the client, a long walk) gets
        // a moment, no more.
        tokio::time::sleep(INPUT_CLOSED_GRACE).await;
    };
    tokio::select! {
        _ = &mut serving => {}
        () = reading => {
            tracing::info!("input ended or exit received; unfinished requests are dropped");
            serving.abort();
        }
    }
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// Runs the server on stdin and stdout, for `glossary-ls`, `glossary-ls
/// serve` and `glossary-ls --stdio`. Relative `--glossary` folders are made
/// absolute here, against the folder the server was started in.
pub fn serve_stdio(mut options: ServerOptions) -> anyhow::Result<i32> {
    if let Ok(cwd) = std::env::current_dir() {
        for folder in &mut options.overrides.glossary {
            *folder = crate::config::absolute(&cwd, folder);
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), options));
    // Tokio reads stdin on a blocking thread that may still wait for input
    // the client will never send, and a handler may still be computing on
    // a worker thread: wait for neither, the process ends here.
    runtime.shutdown_background();
    Ok(code)
}

/// Logs to stderr, or to `file` when given; never to stdout, which belongs
/// to the protocol. `level` is a `tracing` filter such as `info` or
/// `glossary_ls=debug`.
pub fn init_logging(level: &str, file: Option<&Path>) -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_new(level).map_err(|e| anyhow::anyhow!("bad log level `{level}`: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    let result = match file {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| anyhow::anyhow!("cannot open log file {}: {e}", path.display()))?;
            builder.with_writer(Mutex::new(file)).try_init()
        }
        None => builder.with_writer(std::io::stderr).try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}
