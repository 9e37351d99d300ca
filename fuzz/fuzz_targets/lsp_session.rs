//! Arbitrary bytes as a client's messages.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| glossary_ls::fuzzing::lsp_session(data));
