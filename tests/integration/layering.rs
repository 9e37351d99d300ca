//! The layers of ARCHITECTURE.md, checked against what the code imports:
//! every `crate::<module>` path in `src/` must name the module itself or a
//! layer it is allowed to know.

use std::fs;
use std::path::Path;

/// Each layer of the library and the layers below it that it may use.
/// Keep in step with the picture in ARCHITECTURE.md.
const LAYERS: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("problem", &[]),
    ("markdown", &["text", "problem"]),
    ("config", &["markdown", "text", "problem"]),
    ("glossary", &["config", "markdown", "text", "problem"]),
    (
        "index",
        &["glossary", "config", "markdown", "text", "problem"],
    ),
    (
        "analysis",
        &["index", "glossary", "config", "markdown", "text", "problem"],
    ),
    (
        "features",
        &[
            "analysis", "index", "glossary", "config", "markdown", "text", "problem",
        ],
    ),
    (
        "fuzzing",
        &[
            "analysis", "index", "glossary", "config", "markdown", "text", "problem",
        ],
    ),
    (
        "cli",
        &[
            "features", "analysis", "index", "glossary", "config", "markdown", "text", "problem",
        ],
    ),
    (
        "server",
        &[
            "features", "analysis", "index", "glossary", "config", "markdown", "text", "problem",
        ],
    ),
];

/// The layer a source file belongs to: its first folder under `src/`, or
/// its own name for a top-level file. `None` for the crate roots.
fn layer_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// Every `crate::<module>` a file's code names, with its line number.
/// Comments are skipped; so is the crate's own name in strings.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `glossary_ls_crate::`, not ours
            }
            let module: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !module.is_empty() {
                out.push((number + 1, module));
            }
            // `use crate::{a, b}` names several modules at once.
            if rest.starts_with('{') {
                let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                for part in group.split(',') {
                    let module: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !module.is_empty() {
                        out.push((number + 1, module));
                    }
                }
            }
        }
    }
    out
}

/// The imports of the given files that the layers forbid, one line each.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in files {
        let Some(layer) = layer_of(Path::new(path)) else {
            continue;
        };
        let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            out.push(format!("{path}: the layer `{layer}` is not in LAYERS"));
            continue;
        };
        for (line, module) in imports(text) {
            if module != layer && !allowed.contains(&module.as_str()) {
                out.push(format!(
                    "{path}:{line}: `{layer}` may not use `crate::{module}`"
                ));
            }
        }
    }
    out
}

fn source_files(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut listing: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    listing.sort();
    for path in listing {
        if path.is_dir() {
            source_files(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((relative, fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn imports_follow_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &src, &mut files);
    assert!(files.len() > 40, "found only {} source files", files.len());
    let found = violations(&files);
    assert!(
        found.is_empty(),
        "imports against the layers:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_of_the_crate_has_a_layer() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                LAYERS.iter().any(|(layer, _)| *layer == name),
                "src/lib.rs declares `{name}`, which has no place in LAYERS"
            );
        }
    }
}

#[test]
fn a_forbidden_import_is_caught() {
    let files =
        vec![
        (
            "index/matcher.rs".to_string(),
            "use crate::text::fold::Folded;\nuse crate::server::position::Encoding;\n".to_string(),
        ),
        (
            "glossary/parse.rs".to_string(),
            "// crate::features in a comment is fine\nlet x = crate::features::hover::hover(a);\n"
                .to_string(),
        ),
        (
            "markdown/prose.rs".to_string(),
            "use crate::{text, glossary::Entry};\n".to_string(),
        ),
        ("lib.rs".to_string(), "pub use crate::server::serve;\n".to_string()),
    ];
    let found = violations(&files);
    assert_eq!(
        found,
        vec![
            "index/matcher.rs:2: `index` may not use `crate::server`",
            "glossary/parse.rs:2: `glossary` may not use `crate::features`",
            "markdown/prose.rs:1: `markdown` may not use `crate::glossary`",
        ]
    );
}

#[test]
fn an_unknown_layer_is_reported() {
    let files = vec![(
        "plugins/mod.rs".to_string(),
        "use crate::text::LineIndex;\n".to_string(),
    )];
    assert_eq!(
        violations(&files),
        vec!["plugins/mod.rs: the layer `plugins` is not in LAYERS"]
    );
}
