//! Scanning any document with any glossary.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| glossary_ls::fuzzing::scanning(data));
