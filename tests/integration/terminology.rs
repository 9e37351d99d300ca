//! Preferred and avoided terms: the model (front matter and termbase
//! columns), the diagnostics, the edits that fix them, and `check --fix`.

use std::fmt::Write as _;
use std::path::Path;

use expect_test::{Expect, expect};
use glossary_ls::config::Limits;
use glossary_ls::glossary::Glossary;
use glossary_ls::glossary::loader::load;

use crate::common::fixtures::write;

/// Each entry's names, avoided variants (with their reasons) and case rule.
fn render_terms(glossary: &Glossary) -> String {
    let mut out = String::new();
    for entry in glossary.entries() {
        write!(out, "{}: {:?}", entry.slug, entry.surface_forms).unwrap();
        if entry.case_exact {
            out.push_str(" case=exact");
        }
        for avoided in &entry.avoid {
            write!(out, " avoid={:?}", avoided.term).unwrap();
            if let Some(because) = &avoided.because {
                write!(out, " because={because:?}").unwrap();
            }
        }
        out.push('\n');
    }
    out
}

fn check_terms(files: &[(&str, &str)], root: &str, expect: Expect) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    let glossary = load(&[dir.path().join(root)], Limits::default()).expect("load");
    expect.assert_eq(&render_terms(&glossary));
}

#[test]
fn front_matter_declares_avoided_variants_and_exact_case() {
    check_terms(
        &[
            (
                "g/sign-in.md",
                "---\ntitle: Sign In\navoid:\n  - log in\n  - term: login\n    because: a noun, not the action\n  - Sign in\n---\nTo open a session.\n",
            ),
            (
                "g/github.md",
                "+++\ntitle = \"GitHub\"\ncase = \"exact\"\navoid = \"Git Hub, git-hub\"\n+++\nA code host.\n",
            ),
            (
                "g/email.md",
                "{\"title\": \"Email\", \"avoid\": [{\"term\": \"e-mail\", \"because\": \"house style\"}, \"E-mail\"]}\nMessages.\n",
            ),
        ],
        "g",
        // `Sign in` is the title itself; `E-mail` is `e-mail` and `git-hub`
        // is `Git Hub` once folded: none is listed twice.
        expect![[r#"
            email: ["Email"] avoid="e-mail" because="house style"
            github: ["GitHub"] case=exact avoid="Git Hub"
            sign-in: ["Sign In"] avoid="log in" avoid="login" because="a noun, not the action"
        "#]],
    );
}

#[test]
fn termbase_columns_declare_avoided_variants_and_exact_case() {
    check_terms(
        &[(
            "terms.csv",
            "term,definition,synonyms,avoid,case\nSign In,To open a session.,sign on,log in; login,\nGitHub,A code host.,,Git Hub,exact\n",
        )],
        "terms.csv",
        expect![[r#"
            sign-in: ["Sign In", "sign on"] avoid="log in" avoid="login"
            github: ["GitHub"] case=exact avoid="Git Hub"
        "#]],
    );
}

#[test]
fn fixture_glossary_of_the_matching_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossaries/terminology");
    let glossary = load(&[root], Limits::default()).unwrap();
    assert!(render_terms(&glossary).contains("thermal-pad: [\"Thermal Pad\"] avoid=\"gap pad\""));
}
