//! Work that reads the disk or takes long runs on tokio's blocking pool,
//! not on the threads that serve the protocol, and with no lock held: the
//! caller takes what it needs (an `Arc` of the workspace, copies) first.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use super::backend::catching;

/// Set when the request's answer is no longer wanted (the client cancelled
/// it, or the connection closed): long work checks it and stops.
#[derive(Debug, Clone, Default)]
pub struct Cancelled(Arc<AtomicBool>);

impl Cancelled {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Sets the flag when the request's future is dropped.
struct CancelOnDrop(Cancelled);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        (self.0).0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on the blocking pool. A panic inside it becomes a JSON-RPC
/// internal error, as in every other handler.
pub async fn run<T: Send + 'static>(
    what: &'static str,
    work: impl FnOnce(&Cancelled) -> Result<T> + Send + 'static,
) -> Result<T> {
    let cancelled = Cancelled::default();
    let _guard = CancelOnDrop(cancelled.clone());
    let task = tokio::task::spawn_blocking(move || catching(what, || work(&cancelled)));
    match task.await {
        Ok(result) => result,
        Err(error) => Err(Error {
            code: ErrorCode::InternalError,
            message: format!("glossary-ls: {what} did not finish: {error}").into(),
            data: None,
        }),
    }
}
