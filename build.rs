//! Embeds `content/glossary/*.md` as the built-in default glossary, and
//! sets `GLOSSARY_LS_VERSION` ("0.1.0 (commit 1a2b3c4d5e6f)") for
//! `--version` and the server's `serverInfo`.

use std::fs;
use std::path::Path;
use std::process::Command;

fn main() {
    // Read when the script runs, not when it is compiled: a target folder
    // shared with another copy of the crate may run a script built there.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    embed_builtin_glossary(root);
    let commit = commit(root).unwrap_or_else(|| "unknown".to_string());
    println!(
        "cargo::rustc-env=GLOSSARY_LS_VERSION={} (commit {commit})",
        env!("CARGO_PKG_VERSION")
    );
}

fn embed_builtin_glossary(root: &Path) {
    let dir = root.join("content/glossary");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".md") && !n.starts_with('_'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("&[\n");
    for name in names {
        let path = dir.join(&name);
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_entries.rs");
    fs::write(dest, out).expect("write the built-in entry list");
}

/// The commit the binary is built from, 12 hex digits: `GLOSSARY_LS_COMMIT`
/// when a packager sets it; in a crate from `cargo package` (crates.io,
/// `cargo install`), the commit cargo recorded in `.cargo_vcs_info.json`;
/// in a git checkout, `HEAD`.
fn commit(root: &Path) -> Option<String> {
    println!("cargo::rerun-if-env-changed=GLOSSARY_LS_COMMIT");
    if let Ok(given) = std::env::var("GLOSSARY_LS_COMMIT") {
        return short(&given);
    }
    // Checked before git: an unpacked crate may sit inside some other repository.
    let vcs_info = root.join(".cargo_vcs_info.json");
    if let Ok(text) = fs::read_to_string(&vcs_info) {
        println!("cargo::rerun-if-changed={}", vcs_info.display());
        let after = text.split("\"sha1\"").nth(1)?;
        return short(after.split('"').nth(1)?);
    }
    let head = git(root, &["rev-parse", "HEAD"])?;
    // Rebuilt when this checkout's HEAD moves: HEAD itself (a checkout), its
    // reflog (every commit, reset or checkout here, and nothing done in other
    // worktrees), the branch's own ref. Only files that exist: cargo reruns a
    // build script on every build while a listed file is missing.
    let branch = git(root, &["symbolic-ref", "-q", "HEAD"]);
    for name in ["HEAD", "logs/HEAD"].into_iter().chain(branch.as_deref()) {
        if let Some(path) = git(
            root,
            &["rev-parse", "--path-format=absolute", "--git-path", name],
        ) && Path::new(&path).is_file()
        {
            println!("cargo::rerun-if-changed={path}");
        }
    }
    short(&head)
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

fn short(sha: &str) -> Option<String> {
    let sha = sha.trim();
    (sha.len() >= 7 && sha.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| sha.chars().take(12).collect())
}
