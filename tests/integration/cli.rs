//! The CLI through the real binary: what a user sees on stdout, stderr and
//! in the exit code.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::fixtures::write;
use crate::common::glossary_ls;
use expect_test::{Expect, expect};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn entry(title: &str, summary: &str, related: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndraft: false\ntype: \"glossary\"\nlayout: \"entry\"\n---\n\n### Summary\n{summary}\n\n### ELI5\nSimply put.\n\n### Related terms\n{related}\n"
    )
}

/// A small Hugo-style site: `content/glossary/` and a document in `docs/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "content/glossary/_index.md",
        "---\ntitle: Glossary\n---\n",
    );
    write(
        root,
        "content/glossary/neural-network.md",
        &entry(
            "Neural Network",
            "Layers of weighted units.",
            "Deep Learning",
        ),
    );
    write(
        root,
        "content/glossary/deep-learning.md",
        &entry(
            "Deep Learning",
            "Neural networks with many layers.",
            "Neural Networks, Machine Learning (ML)",
        ),
    );
    write(
        root,
        "content/glossary/machine-learning.md",
        &entry(
            "Machine Learning (ML)",
            "Learning from data.",
            "Deep Learning",
        ),
    );
    write(
        root,
        "docs/intro.md",
        "# Intro\n\nWe use [deep learning](/glossary/deep-learning/) and ML.\nNeural networks' layers, not `ML` in code.\n\n\
         See [the missing one](/glossary/transformer/).\n",
    );
    dir
}

fn check_output(out: &Output, code: i32, expect_stdout: Expect) {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
    expect_stdout.assert_eq(&stdout(out));
}

#[test]
fn scan_prints_every_occurrence() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["scan", "docs"]);
    check_output(
        &out,
        0,
        expect![[r#"
            docs/intro.md:3:9: deep learning -> Deep Learning (deep-learning)
            docs/intro.md:3:54: ML -> Machine Learning (ML) (machine-learning)
            docs/intro.md:4:1: Neural networks -> Neural Network (neural-network)
        "#]],
    );
}

#[test]
fn scan_json_has_positions_and_linked_flag() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["scan", "--format", "json", "docs/intro.md"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &rows[0];
    assert_eq!(first["path"], "docs/intro.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(3), Some(22))
    );
    assert_eq!(first["text"], "deep learning");
    assert_eq!(first["slug"], "deep-learning");
    assert_eq!(first["title"], "Deep Learning");
    assert_eq!(first["linked"], true);
    assert_eq!(rows[1]["linked"], false);
    let text = fs::read_to_string(dir.path().join("docs/intro.md")).unwrap();
    let (s, e) = (
        rows[2]["byte_start"].as_u64().unwrap() as usize,
        rows[2]["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Neural networks");
}

#[test]
fn scan_columns_count_characters() {
    let dir = site();
    write(dir.path(), "docs/wide.txt", "😀 日本 deep learning\n");
    let out = glossary_ls(dir.path(), &["scan", "docs/wide.txt"]);
    check_output(
        &out,
        0,
        expect![[r#"
            docs/wide.txt:1:6: deep learning -> Deep Learning (deep-learning)
        "#]],
    );
}

#[test]
fn check_reports_broken_links_and_exits_one() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["check", "docs"]);
    check_output(
        &out,
        1,
        expect![[r#"
            docs/intro.md:6:5: warning: link to glossary entry `transformer`, which does not exist (destination `/glossary/transformer/`) [broken-link]
        "#]],
    );
}

#[test]
fn check_applies_the_levels_of_the_config_file() {
    let dir = site();
    // Off: the broken link is not reported and the run passes.
    write(
        dir.path(),
        ".glossary-ls.toml",
        "glossary = \"content/glossary\"\n[diagnostics]\nbroken-link = \"off\"\n",
    );
    check_output(
        &glossary_ls(dir.path(), &["check", "docs"]),
        0,
        expect![[""]],
    );
    // An opt-in check switched on, and a level raised to an error.
    write(
        dir.path(),
        ".glossary-ls.toml",
        "glossary = \"content/glossary\"\n[diagnostics]\nunlinked-term = \"hint\"\nbroken-link = \"error\"\n",
    );
    check_output(
        &glossary_ls(dir.path(), &["check", "docs"]),
        1,
        expect![[r#"
            docs/intro.md:3:54: hint: `ML` is in the glossary (Machine Learning (ML)) but not linked [unlinked-term]
            docs/intro.md:4:1: hint: `Neural networks` is in the glossary (Neural Network) but not linked [unlinked-term]
            docs/intro.md:6:5: error: link to glossary entry `transformer`, which does not exist (destination `/glossary/transformer/`) [broken-link]
        "#]],
    );
    // Hints alone do not fail the run.
    write(
        dir.path(),
        ".glossary-ls.toml",
        "glossary = \"content/glossary\"\n[diagnostics]\nunlinked-term = \"hint\"\nbroken-link = \"information\"\n",
    );
    assert_eq!(
        glossary_ls(dir.path(), &["check", "docs"]).status.code(),
        Some(0)
    );
}

#[test]
fn check_json_fields() {
    let dir = site();
    write(
        dir.path(),
        "content/glossary/gan.md",
        "---\ntitle: GAN\ndraft: true\n---\nTwo networks.\n\n## Related Terms\n- Nonexistent Thing\n",
    );
    write(
        dir.path(),
        "docs/draft.md",
        "A [GAN](../content/glossary/gan.md).\n",
    );
    let out = glossary_ls(dir.path(), &["check", "--format", "json", "docs/draft.md"]);
    assert_eq!(out.status.code(), Some(1));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}:{} {} {}",
                r["path"].as_str().unwrap(),
                r["line"],
                r["column"],
                r["severity"].as_str().unwrap(),
                r["code"].as_str().unwrap()
            )
        })
        .collect();
    expect![[r#"
        [
            "content/glossary/gan.md:8:3 warning unresolved-related-term",
            "docs/draft.md:1:3 information draft-link",
        ]
    "#]]
    .assert_debug_eq(&summary);
    assert!(
        rows[0]["message"]
            .as_str()
            .unwrap()
            .contains("Nonexistent Thing")
    );
}

#[test]
fn clean_glossary_checks_clean() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["check"]);
    check_output(&out, 0, expect![""]);
}

#[test]
fn the_default_glossary_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = glossary_ls(root, &["check", "content/"]);
    check_output(&out, 0, expect![""]);
}

#[test]
fn list_json_resolves_related_terms() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let deep = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "deep-learning")
        .unwrap();
    expect![[r#"
        {
          "builtin": false,
          "draft": false,
          "eli5": "Simply put.",
          "path": "content/glossary/deep-learning.md",
          "problems": [],
          "related": [
            {
              "slug": "neural-network",
              "text": "Neural Networks"
            },
            {
              "slug": "machine-learning",
              "text": "Machine Learning (ML)"
            }
          ],
          "slug": "deep-learning",
          "summary": "Neural networks with many layers.",
          "surface_forms": [
            "Deep Learning"
          ],
          "title": "Deep Learning"
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(deep).unwrap());
}

#[test]
fn lookup_resolves_any_form() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["lookup", "neural networks"]);
    check_output(
        &out,
        0,
        expect![[r#"
            Neural Network  (neural-network)
            content/glossary/neural-network.md

            Summary
              Layers of weighted units.

            ELI5
              Simply put.

            Related terms
              Deep Learning
        "#]],
    );
    let out = glossary_ls(dir.path(), &["lookup", "ml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("Machine Learning (ML)"));
}

#[test]
fn lookup_miss_suggests_and_fails() {
    let dir = site();
    let out = glossary_ls(dir.path(), &["lookup", "deep lerning"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    expect![[r#"
        glossary: content/glossary (3 entries)
        glossary-ls: no glossary entry for `deep lerning`
        did you mean: Deep Learning?
    "#]]
    .assert_eq(&stderr(&out));
}

#[test]
fn config_file_sets_glossary_and_link_template() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "terms/token.md",
        "# Token\n\nA piece of text.\n",
    );
    write(
        dir.path(),
        ".glossary-ls.toml",
        "glossary = [\"terms\"]\n[link]\nurl = \"/t/{slug}.html\"\n",
    );
    write(
        dir.path(),
        "sub/doc.md",
        "A [token](/t/token.html) and [x](/t/nope.html).\n",
    );
    // The file is found from a subfolder up to the repository's root.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let out = glossary_ls(&dir.path().join("sub"), &["check", "."]);
    check_output(
        &out,
        1,
        expect![[r#"
            doc.md:1:30: warning: link to glossary entry `nope`, which does not exist (destination `/t/nope.html`) [broken-link]
        "#]],
    );
}

#[test]
fn bad_config_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".glossary-ls.toml", "glosary = [\"terms\"]\n");
    let out = glossary_ls(dir.path(), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("glosary") && err.contains(".glossary-ls.toml"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn without_a_glossary_the_builtin_one_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let out = glossary_ls(dir.path(), &["lookup", "LLMs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .starts_with("Large Language Model (LLM)  (large-language-model)\n<builtin>/glossary/")
    );
    let out = glossary_ls(dir.path(), &["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows.as_array().unwrap().len() >= 40);
}

#[test]
fn a_missing_glossary_folder_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = glossary_ls(dir.path(), &["scan", "--glossary", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("nowhere") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn hugo_section_with_glossary_type_is_discovered() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/terms/_index.md",
        "---\ntitle: Terms\ntype: glossary\n---\n",
    );
    write(
        dir.path(),
        "content/terms/embedding.md",
        "+++\ntitle = \"Embedding\"\n+++\nA vector.\n",
    );
    write(
        dir.path(),
        "post.md",
        "An [embedding]({{< ref \"terms/embedding\" >}}) and [bad]({{< relref \"terms/missing.md\" >}}).\n",
    );
    let out = glossary_ls(dir.path(), &["scan", "--format", "json", "post.md"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["slug"], "embedding");
    assert_eq!(rows[0]["linked"], true);
    let out = glossary_ls(dir.path(), &["check", "post.md"]);
    check_output(
        &out,
        1,
        expect![[r#"
            post.md:1:51: warning: link to glossary entry `missing`, which does not exist (destination `terms/missing.md`) [broken-link]
        "#]],
    );
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = glossary_ls(dir.path(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    for command in [
        "serve",
        "scan",
        "check",
        "list",
        "lookup",
        "--glossary",
        "--link-url",
    ] {
        assert!(stdout(&out).contains(command), "--help lacks {command}");
    }
    let out = glossary_ls(dir.path(), &["--version"]);
    assert_eq!(stdout(&out), format!("glossary-ls {}\n", built_from()));
}

#[test]
fn an_editor_gets_no_terminal_hint() {
    // Editors talk to the server through pipes: the hint for a person at a
    // terminal (tests/package checks it on a pseudo-terminal) stays out.
    let dir = tempfile::tempdir().unwrap();
    for args in [&[][..], &["serve"], &["--stdio"]] {
        // No input at all: the session ends at once (exit code 1, as the
        // protocol asks of a server that got no `shutdown`).
        let out = glossary_ls(dir.path(), args);
        assert!(out.status.code().is_some(), "{args:?}");
        assert!(!stderr(&out).contains("waiting for an editor"), "{args:?}");
    }
}

/// "0.1.0 (commit 1a2b3c4d5e6f)": the version, and the commit git says this
/// checkout is at (checked only where git answers; a crate unpacked from
/// crates.io has no repository).
fn built_from() -> String {
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim()[..12].to_string());
    let version = env!("GLOSSARY_LS_VERSION");
    let expected_start = format!("{} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&expected_start), "{version}");
    if let Some(head) = head {
        assert_eq!(version, format!("{expected_start}{head})"));
    }
    version.to_string()
}

#[test]
fn a_csv_termbase_is_a_glossary() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "terms.csv",
        "term,definition,synonyms,related\nVector Database,\"Stores embeddings, searches by similarity.\",vector store,Embedding\nEmbedding,A vector for a thing.,,Vector Database\n",
    );
    write(dir.path(), "doc.txt", "Put embeddings in a vector store.\n");
    let out = glossary_ls(dir.path(), &["scan", "--glossary", "terms.csv", "doc.txt"]);
    check_output(
        &out,
        0,
        expect![[r#"
            doc.txt:1:5: embeddings -> Embedding (embedding)
            doc.txt:1:21: vector store -> Vector Database (vector-database)
        "#]],
    );
    let out = glossary_ls(dir.path(), &["check", "--glossary", "terms.csv"]);
    check_output(&out, 0, expect![""]);
    let out = glossary_ls(
        dir.path(),
        &["lookup", "--glossary", "terms.csv", "vector databases"],
    );
    assert!(
        stdout(&out).contains("Stores embeddings, searches by similarity."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn list_json_places_each_termbase_rows_problem_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.csv",
        "term,definition\nFirst,\nSecond,Defined.\n\"Third\",\n",
    );
    // Its row starts where a.csv has its third line: read from the wrong
    // file, the problem would be placed there.
    write(
        dir.path(),
        "b.csv",
        "term,definition,synonyms,related\nFourth,\n",
    );
    let out = glossary_ls(
        dir.path(),
        &[
            "list",
            "--format",
            "json",
            "--glossary",
            "a.csv",
            "--glossary",
            "b.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let placed: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let path = r["path"].as_str().unwrap().to_string();
            r["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |p| format!("{path}:{}:{} {}", p["line"], p["column"], p["code"]))
        })
        .collect();
    expect![[r#"
        a.csv:2:1 "missing-summary"
        a.csv:4:1 "missing-summary"
        b.csv:2:1 "missing-summary""#]]
    .assert_eq(&placed.join("\n"));
}

#[test]
fn json_v2_carries_the_glossary_and_the_json_result_unchanged() {
    let dir = site();
    for args in [
        &["scan", "docs/intro.md"][..],
        &["check", "docs/intro.md"],
        &["list"],
        &["lookup", "neural networks"],
    ] {
        let with = |format: &str| {
            let mut all = args.to_vec();
            all.extend(["--format", format]);
            let out = glossary_ls(dir.path(), &all);
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        };
        let (v1, v2) = (with("json"), with("json-v2"));
        assert!(
            !v1.is_object() || args[0] == "lookup",
            "{args:?}: json stays as it was"
        );
        assert_eq!(v2["version"], 2);
        assert_eq!(v2["result"], v1, "{args:?}");
        assert_eq!(
            v2["glossary"],
            serde_json::json!({
                "folders": ["content/glossary"],
                "builtin": false,
                "origin": "discovered",
                "config_file": null,
                "entries": 3,
            }),
            "{args:?}"
        );
    }
    let out = glossary_ls(dir.path(), &["list", "--builtin", "--format", "json-v2"]);
    let v2: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v2["glossary"]["builtin"], true);
    assert_eq!(v2["glossary"]["origin"], "asked");
    assert_eq!(v2["glossary"]["entries"], 50);
}
