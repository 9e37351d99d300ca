//! Replays the fuzz seeds and every input a fuzz target ever failed on
//! (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`) through the same
//! invariant checks the targets run.

#[path = "../../fuzz/session.rs"]
mod session;

use std::fs;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["seeds", "regressions"] {
        let Ok(listing) = fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        for file in listing {
            let path = file.unwrap().path();
            let data = fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails {target}", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn entry_parsing_inputs() {
    assert!(replay("parse_entry", glossary_ls::fuzzing::entry_parsing) > 0);
}

#[test]
fn scanning_inputs() {
    assert!(replay("scan", glossary_ls::fuzzing::scanning) > 0);
}

#[test]
fn lsp_session_inputs() {
    assert!(replay("lsp_session", session::lsp_session) > 0);
}
