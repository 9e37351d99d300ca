//! Requests from the server to the client, with a deadline.
//!
//! A handler that awaits the client's answer holds one of tower-lsp's few
//! handler slots until it comes. A client that never answers
//! `client/registerCapability` or `workspace/configuration` would fill
//! them one notification at a time, and then nothing more is read: the
//! server goes deaf. Each such request is given `CLIENT_ANSWER_TIMEOUT`;
//! then the server goes on without the answer (no watchers, the settings
//! it had) and says so in the log.

use std::future::Future;
use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;

/// How long the client has to answer a request from the server.
pub const CLIENT_ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// The client's answer to `what`, or an error once the deadline passed.
pub async fn answer<T>(what: &str, request: impl Future<Output = Result<T>>) -> Result<T> {
    match tokio::time::timeout(CLIENT_ANSWER_TIMEOUT, request).await {
        Ok(result) => result,
        Err(_) => {
            let message = format!(
                "the client did not answer {what} within {} s; going on without it",
                CLIENT_ANSWER_TIMEOUT.as_secs()
            );
            Err(tower_lsp_server::jsonrpc::Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::RequestCancelled,
                message: message.into(),
                data: None,
            })
        }
    }
}
