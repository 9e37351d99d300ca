//! Arbitrary bytes as a client's messages.
#![no_main]

#[path = "../session.rs"]
mod session;

libfuzzer_sys::fuzz_target!(|data: &[u8]| session::lsp_session(data));
