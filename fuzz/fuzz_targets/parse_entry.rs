//! Entry files, front matter, related terms and termbases from any bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| glossary_ls::fuzzing::entry_parsing(data));
