//! Preferred and avoided terms: the model (front matter and termbase
//! columns), the diagnostics, the edits that fix them, and `check --fix`.

use std::fmt::Write as _;
use std::path::Path;

use expect_test::{Expect, expect};
use glossary_ls::config::Limits;
use glossary_ls::features::link_edits::{TextEdit, apply};
use glossary_ls::glossary::Glossary;
use glossary_ls::glossary::loader::load;
use glossary_ls::server::position::{Encoding, TextLines, to_offsets};
use serde_json::json;
use tower_lsp_server::ls_types::Uri;

use crate::common::fixtures::{Site, write};
use crate::common::{Harness, range_text};

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

// ---------------------------------------------------------------------------
// In the editor: diagnostics, quick fixes, the fix-all action, hover and
// completion, through the protocol in process.

/// A site whose glossary is the matching table's `terminology` fixture,
/// with `.glossary-ls.toml` when given.
fn site(config: Option<&str>) -> Site {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossaries/terminology");
    let mut entries = Vec::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        entries.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    let entries: Vec<(&str, String)> = entries
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    let site = Site::new(&entries);
    if let Some(config) = config {
        write(&site.root, ".glossary-ls.toml", config);
    }
    site
}

async fn start(site: &Site) -> Harness {
    let (mut harness, _) = Harness::start(
        site.options(),
        Some(&site.root),
        json!({"textDocument": {"publishDiagnostics": {"versionSupport": true}}}),
    )
    .await;
    harness
        .redact
        .push((site.root.display().to_string(), "$ROOT"));
    harness
}

async fn diagnostics(harness: &mut Harness, doc: &Uri) -> String {
    loop {
        let params = harness
            .next_notification("textDocument/publishDiagnostics")
            .await;
        if params["uri"] != doc.as_str() {
            continue;
        }
        let mut out = String::new();
        for d in params["diagnostics"].as_array().unwrap() {
            writeln!(
                out,
                "{} sev{} [{}] {}",
                range_text(&d["range"]),
                d["severity"],
                d["code"].as_str().unwrap_or("?"),
                d["message"].as_str().unwrap_or("?")
            )
            .unwrap();
        }
        return out;
    }
}

/// The code actions over `range` (UTF-16 offsets of `text`), as
/// `title => the document after the edit`.
async fn actions(
    harness: &Harness,
    doc: &Uri,
    text: &str,
    range: std::ops::Range<usize>,
    only: &str,
) -> String {
    let lines = TextLines::new(text);
    let at = |offset| harness.position(text, offset);
    let answer = harness
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": doc.as_str()},
                "range": {"start": at(range.start), "end": at(range.end)},
                "context": {"diagnostics": [], "only": [only]},
            }),
        )
        .await;
    let mut out = String::new();
    for action in answer.as_array().unwrap() {
        let change = &action["edit"]["documentChanges"][0];
        let edits: Vec<TextEdit> = change["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| TextEdit {
                range: to_offsets(
                    &lines,
                    serde_json::from_value(e["range"].clone()).unwrap(),
                    Encoding::Utf16,
                ),
                new_text: e["newText"].as_str().unwrap().to_string(),
            })
            .collect();
        writeln!(
            out,
            "{}{} => {}",
            action["title"].as_str().unwrap(),
            if action["isPreferred"] == json!(true) {
                " (preferred)"
            } else {
                ""
            },
            apply(text, &edits).trim_end()
        )
        .unwrap();
    }
    out
}

const DOC: &str = "Log in first. Then LOG IN again, and check the login's page.\n\
Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.\n\
Ask A.I. about it.\n";

#[tokio::test]
async fn avoided_variants_and_wrong_case_are_warnings() {
    let site = site(None);
    let mut harness = start(&site).await;
    let doc = site.doc("page.md");
    harness.open(&doc, "markdown", DOC).await;
    expect![[r#"
        0:0-0:6 sev2 [avoided-term] Use 'Sign in' instead of 'Log in'
        0:19-0:25 sev2 [avoided-term] Use 'SIGN IN' instead of 'LOG IN'
        0:47-0:52 sev2 [avoided-term] Use 'sign in' instead of 'login': it is a noun; the action is two words
        1:4-1:11 sev2 [avoided-term] Use 'emails' instead of 'e-mails'
        1:20-1:26 sev2 [wrong-case] Use 'GitHub' instead of 'Github': the glossary writes it so
        1:31-1:37 sev2 [wrong-case] Use 'GitHub' instead of 'GITHUB': the glossary writes it so
        1:65-1:72 sev2 [avoided-term] Use 'thermal pad' instead of 'gap pad'
        2:4-2:8 sev2 [avoided-term] Use 'artificial intelligence' instead of 'A.I.'
    "#]]
    .assert_eq(&diagnostics(&mut harness, &doc).await);
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn levels_and_inline_exceptions_switch_them_off() {
    let site = site(Some(
        "[diagnostics]\nwrong-case = \"off\"\navoided-term = \"information\"\n",
    ));
    let mut harness = start(&site).await;
    let doc = site.doc("quoted.md");
    let text = "Log in here.\n\n<!-- glossary-ls-disable avoided-term -->\nThe old page said \"log in\".\n<!-- glossary-ls-enable -->\n\n<!-- glossary-ls-disable-next-line -->\nLog in, as quoted. Github.\nAn e-mail to Github.\n";
    harness.open(&doc, "markdown", text).await;
    expect![[r#"
        0:0-0:6 sev3 [avoided-term] Use 'Sign in' instead of 'Log in'
        8:3-8:9 sev3 [avoided-term] Use 'email' instead of 'e-mail'
    "#]]
    .assert_eq(&diagnostics(&mut harness, &doc).await);
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn quick_fixes_keep_the_writers_capitals_and_plural() {
    let site = site(None);
    let harness = start(&site).await;
    let doc = site.doc("page.md");
    harness.open(&doc, "markdown", DOC).await;
    let at = |word: &str| {
        let start = DOC.find(word).unwrap();
        start..start
    };
    let mut out = String::new();
    for word in ["Log in", "LOG IN", "e-mails", "GITHUB", "A.I."] {
        out.push_str(&actions(&harness, &doc, DOC, at(word), "quickfix").await);
    }
    expect![[r#"
        Replace 'Log in' with 'Sign in' (preferred) => Sign in first. Then LOG IN again, and check the login's page.
        Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Replace 'Log in' with 'Sign on' => Sign on first. Then LOG IN again, and check the login's page.
        Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Replace 'LOG IN' with 'SIGN IN' (preferred) => Log in first. Then SIGN IN again, and check the login's page.
        Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Replace 'LOG IN' with 'SIGN ON' => Log in first. Then SIGN ON again, and check the login's page.
        Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Replace 'e-mails' with 'emails' (preferred) => Log in first. Then LOG IN again, and check the login's page.
        Two emails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Replace 'GITHUB' with 'GitHub' (preferred) => Log in first. Then LOG IN again, and check the login's page.
        Two e-mails went to Github and GitHub; the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Link 'GITHUB' to its glossary entry => Log in first. Then LOG IN again, and check the login's page.
        Two e-mails went to Github and [GITHUB](../glossary/github.md); the thermal gap pad is no gap pad.
        Ask A.I. about it.
        Replace 'A.I.' with 'artificial intelligence' (preferred) => Log in first. Then LOG IN again, and check the login's page.
        Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask artificial intelligence about it.
        Replace 'A.I.' with 'AI' => Log in first. Then LOG IN again, and check the login's page.
        Two e-mails went to Github and GITHUB; the thermal gap pad is no gap pad.
        Ask AI about it.
    "#]]
    .assert_eq(&out);
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn the_source_action_fixes_the_whole_document() {
    let site = site(None);
    let harness = start(&site).await;
    let doc = site.doc("page.md");
    harness.open(&doc, "markdown", DOC).await;
    expect![[r#"
        Use the glossary's preferred terms everywhere => Sign in first. Then SIGN IN again, and check the sign in's page.
        Two emails went to GitHub and GitHub; the thermal gap pad is no thermal pad.
        Ask artificial intelligence about it.
    "#]]
    .assert_eq(&actions(&harness, &doc, DOC, 0..0, "source.fixAll").await);
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn hover_on_an_avoided_variant_says_what_to_write() {
    let site = site(None);
    let harness = start(&site).await;
    let doc = site.doc("page.md");
    harness.open(&doc, "markdown", DOC).await;
    let at = DOC.find("login").unwrap() + 2;
    let hover = harness
        .at("textDocument/hover", &doc, harness.position(DOC, at))
        .await;
    let markdown = crate::common::hover_markdown(&hover).unwrap();
    expect![[r#"
        **Use 'sign in' instead of 'login': it is a noun; the action is two words.** Also right: 'sign on'.

        ---

        **Sign In**

        To open a session with an account."#]]
    .assert_eq(markdown.split("\n\n[Open").next().unwrap());
    harness.shutdown_and_exit().await;
}

#[tokio::test]
async fn completion_never_offers_an_avoided_variant() {
    let site = site(None);
    let harness = start(&site).await;
    let doc = site.doc("page.md");
    let mut labels = Vec::new();
    for typed in ["log", "ema", "gap", "sig"] {
        let text = format!("Now {typed}");
        harness.open(&doc, "markdown", &text).await;
        let found = harness
            .at(
                "textDocument/completion",
                &doc,
                harness.position(&text, text.len()),
            )
            .await;
        let items = found["items"]
            .as_array()
            .or(found.as_array())
            .cloned()
            .unwrap_or_default();
        let names: Vec<&str> = items
            .iter()
            .filter_map(|i| i["label"].as_str())
            .collect::<Vec<_>>();
        labels.push(format!("{typed}: {names:?}"));
        harness
            .notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": doc.as_str()}}),
            )
            .await;
    }
    expect![[r#"
        log: []
        ema: ["Email"]
        gap: ["Thermal Gap Pad"]
        sig: ["Sign In"]"#]]
    .assert_eq(&labels.join("\n"));
    harness.shutdown_and_exit().await;
}

// ---------------------------------------------------------------------------
// In CI: `check` and `check --fix`.

/// Runs the binary in the site; `(exit code, stdout)`.
fn run(site: &Site, args: &[&str]) -> (i32, String) {
    let out = crate::common::glossary_ls(&site.root, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_reports_both_codes_and_fails_on_warnings() {
    let site = site(None);
    write(&site.root, "docs/page.md", DOC);
    write(&site.root, "docs/clean.md", "Sign in to GitHub.\n");
    let (code, out) = run(&site, &["check", "docs"]);
    assert_eq!(code, 1);
    expect![[r#"
        docs/page.md:1:1: warning: Use 'Sign in' instead of 'Log in' [avoided-term]
        docs/page.md:1:20: warning: Use 'SIGN IN' instead of 'LOG IN' [avoided-term]
        docs/page.md:1:48: warning: Use 'sign in' instead of 'login': it is a noun; the action is two words [avoided-term]
        docs/page.md:2:5: warning: Use 'emails' instead of 'e-mails' [avoided-term]
        docs/page.md:2:21: warning: Use 'GitHub' instead of 'Github': the glossary writes it so [wrong-case]
        docs/page.md:2:32: warning: Use 'GitHub' instead of 'GITHUB': the glossary writes it so [wrong-case]
        docs/page.md:2:66: warning: Use 'thermal pad' instead of 'gap pad' [avoided-term]
        docs/page.md:3:5: warning: Use 'artificial intelligence' instead of 'A.I.' [avoided-term]
    "#]]
    .assert_eq(&out);
    assert_eq!(run(&site, &["check", "docs/clean.md"]).0, 0);
    write(
        &site.root,
        ".glossary-ls.toml",
        "[diagnostics]\navoided-term = \"hint\"\nwrong-case = \"information\"\n",
    );
    assert_eq!(run(&site, &["check", "docs"]).0, 0);
}

#[test]
fn lookup_of_a_variant_to_avoid_says_what_to_write() {
    let site = site(None);
    let (code, out) = run(&site, &["lookup", "Logins"]);
    assert_eq!(code, 0);
    expect![[r#"
        Avoid `login`: write `Sign In` (it is a noun; the action is two words)

        Sign In  (sign-in)
        glossary/sign-in.md

        Summary
          To open a session with an account.

        Avoid
          log in, login (it is a noun; the action is two words)
    "#]]
    .assert_eq(&out);
    let (code, out) = run(&site, &["lookup", "--format", "json", "login"]);
    assert_eq!(code, 0);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["looked_up_avoided"], "login");
    assert_eq!(found["avoid"][0]["term"], "log in");
    assert_eq!(run(&site, &["lookup", "logout"]).0, 1);
}

#[test]
fn check_fix_rewrites_files_and_says_what_changed() {
    let site = site(None);
    // CRLF line breaks and a byte-order mark stay as they are.
    let crlf = "\u{feff}Log in here.\r\nThen e-mail Github.\r\n";
    write(&site.root, "docs/crlf.md", crlf);
    write(&site.root, "docs/clean.md", "Sign in.\n");
    let (code, out) = run(&site, &["check", "--fix", "docs"]);
    assert_eq!(code, 0, "nothing is left to report");
    expect![[r#"
        docs/crlf.md:1:2: fixed: 'Log in' -> 'Sign in'
        docs/crlf.md:2:6: fixed: 'e-mail' -> 'email'
        docs/crlf.md:2:13: fixed: 'Github' -> 'GitHub'
    "#]]
    .assert_eq(&out);
    let fixed = std::fs::read_to_string(site.root.join("docs/crlf.md")).unwrap();
    assert_eq!(fixed, "\u{feff}Sign in here.\r\nThen email GitHub.\r\n");
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/clean.md")).unwrap(),
        "Sign in.\n"
    );
    // Nothing but the documents: no temporary file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(site.root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["clean.md", "crlf.md"]);
    // A second run has nothing to do.
    assert_eq!(run(&site, &["check", "--fix", "docs"]), (0, String::new()));
}

#[test]
fn check_fix_in_json_lists_changes_and_what_is_left() {
    let site = site(Some("[diagnostics]\nwrong-case = \"off\"\n"));
    write(
        &site.root,
        "docs/page.md",
        "Log in to Github; see [the broken](../glossary/nothing.md).\n",
    );
    let (code, out) = run(&site, &["check", "--fix", "--format", "json", "docs"]);
    assert_eq!(code, 1, "the broken link is still there");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["written"], true);
    assert_eq!(
        report["changes"],
        json!([{"path": "docs/page.md", "line": 1, "column": 1, "end_line": 1, "end_column": 7, "from": "Log in", "to": "Sign in"}])
    );
    let codes: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["broken-link"]);
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/page.md")).unwrap(),
        "Sign in to Github; see [the broken](../glossary/nothing.md).\n",
        "wrong case is off: it is neither reported nor fixed"
    );
}

#[test]
fn check_fix_dry_run_prints_a_diff_and_writes_nothing() {
    let site = site(None);
    let text = "# Notes\n\nOne.\nTwo.\nThree.\nFour.\nLog in first.\nFive.\nSix.\nSeven.\n\n```\nlog in\n```\n";
    write(&site.root, "docs/page.md", text);
    let (code, out) = run(&site, &["check", "--fix", "--dry-run", "docs"]);
    assert_eq!(code, 1, "the warnings are still in the file");
    expect![[r#"
        --- a/docs/page.md
        +++ b/docs/page.md
        @@ -4,7 +4,7 @@
         Two.
         Three.
         Four.
        -Log in first.
        +Sign in first.
         Five.
         Six.
         Seven.
    "#]]
    .assert_eq(&out);
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/page.md")).unwrap(),
        text
    );
}

// ---------------------------------------------------------------------------
// TBX termbases: v3 and 2008, CRLF, a byte-order mark, namespace prefixes,
// terms in several languages.

fn tbx(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/glossaries/tbx")
        .join(name)
}

/// A termbase's entries in `language` (`None`: the default), with their
/// summaries, and the problems of the file.
fn render_tbx(name: &str, language: Option<&str>) -> String {
    let limits = Limits {
        language: language.map(String::from),
        ..Limits::default()
    };
    let glossary = load(&[tbx(name)], limits).unwrap();
    let text = std::fs::read_to_string(tbx(name)).unwrap();
    let mut out = render_terms(&glossary);
    for entry in glossary.entries() {
        writeln!(
            out,
            "{}: title at {:?}, summary {:?}",
            entry.slug,
            &text[entry.title_range.clone()],
            entry.summary
        )
        .unwrap();
        for problem in &entry.problems {
            writeln!(out, "  {}: {}", problem.code, problem.message).unwrap();
        }
    }
    out
}

#[test]
fn tbx_v3_statuses_give_title_synonyms_and_avoided_terms() {
    // English is read when the file has it (`en-US` is English); the
    // concept without English is left out.
    expect![[r#"
        sign-in: ["sign in", "sign on"] avoid="log in" avoid="logon"
        thermal-pad: ["thermal pad"] avoid="gap pad"
        sign-in: title at "sign in", summary Some("To start a session with an account.")
        thermal-pad: title at "thermal pad", summary Some("A soft sheet that carries heat away from a chip.")
    "#]]
    .assert_eq(&render_tbx("v3.tbx", None));
}

#[test]
fn tbx_in_the_language_the_setting_names() {
    expect![[r#"
        anmelden: ["anmelden"] avoid="einloggen"
        wärmeleitpaste: ["Wärmeleitpaste"]
        anmelden: title at "anmelden", summary Some("Eine Sitzung mit einem Konto beginnen.")
        wärmeleitpaste: title at "Wärmeleitpaste", summary None
          missing-summary: term `Wärmeleitpaste` has no definition
    "#]]
    .assert_eq(&render_tbx("v3.tbx", Some("de")));
}

#[test]
fn tbx_2008_with_crlf_line_breaks() {
    assert!(
        std::fs::read_to_string(tbx("2008-crlf.tbx"))
            .unwrap()
            .contains("\r\n"),
        "the fixture keeps its CRLF line breaks"
    );
    expect![[r#"
        email: ["email", "electronic mail"] avoid="e-mail"
        widget: ["widget"]
        email: title at "email", summary Some("Messages sent from one mailbox to another.")
        widget: title at "widget", summary None
          missing-summary: term `widget` has no definition
    "#]]
    .assert_eq(&render_tbx("2008-crlf.tbx", None));
    expect![[r#"
        courriel: ["courriel"]
        courriel: title at "courriel", summary Some("Messages sent from one mailbox to another.")
    "#]]
    .assert_eq(&render_tbx("2008-crlf.tbx", Some("fr")));
}

#[test]
fn tbx_with_a_byte_order_mark_namespace_prefixes_and_entities() {
    expect![[r#"
        artificial-intelligence: ["artificial intelligence"] avoid="A.I."
        artificial-intelligence: title at "artificial intelligence", summary Some("Research & engineering of machines that do what takes intelligence—in short, AI.")
    "#]]
    .assert_eq(&render_tbx("bom-namespaces.tbx", None));
}

#[test]
fn tbx_that_breaks_keeps_what_it_read_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let broken = std::fs::read_to_string(tbx("v3.tbx")).unwrap().replace(
        "<conceptEntry id=\"c-only-german\">",
        "<conceptEntry id=\"c-only-german\"><oops>",
    );
    write(dir.path(), "broken.tbx", &broken);
    let glossary = load(&[dir.path().join("broken.tbx")], Limits::default()).unwrap();
    let last = glossary.entries().last().unwrap();
    assert_eq!(glossary.len(), 2);
    assert_eq!(last.problems.len(), 1, "{:?}", last.problems);
    assert_eq!(last.problems[0].code, "malformed-table");
    let at = last.problems[0].range.start;
    expect![[r#"malformed TBX: ill-formed document: expected `</oops>`, but `</conceptEntry>` was found at "</conceptEnt""#]].assert_eq(&format!(
        "{} at {:?}",
        last.problems[0].message,
        &broken[at..at + 12]
    ));
    write(dir.path(), "html.tbx", "<html><body>no</body></html>");
    let glossary = load(&[dir.path().join("html.tbx")], Limits::default()).unwrap();
    assert_eq!(glossary.len(), 0);
    assert_eq!(
        glossary.file_problems()[0].problem.message,
        "not a TBX file: the root element is `html`, not `tbx` or `martif`"
    );
}

#[test]
fn a_tbx_termbase_drives_check_and_fix() {
    let site = Site::with_files(&[(
        ".glossary-ls.toml",
        "glossary = \"terms.tbx\"\nglossary-language = \"en\"\n",
    )]);
    std::fs::copy(tbx("v3.tbx"), site.root.join("terms.tbx")).unwrap();
    write(
        &site.root,
        "docs/page.md",
        "Log in, then logon. A gap pad.\n",
    );
    let (code, out) = run(&site, &["check", "docs"]);
    assert_eq!(code, 1);
    expect![[r#"
        docs/page.md:1:1: warning: Use 'Sign in' instead of 'Log in' [avoided-term]
        docs/page.md:1:14: warning: Use 'sign in' instead of 'logon' [avoided-term]
        docs/page.md:1:23: warning: Use 'thermal pad' instead of 'gap pad' [avoided-term]
    "#]]
    .assert_eq(&out);
    assert_eq!(run(&site, &["check", "--fix", "docs"]).0, 0);
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/page.md")).unwrap(),
        "Sign in, then sign in. A thermal pad.\n"
    );
}

#[test]
fn the_builtin_glossary_declares_avoided_variants() {
    let site = Site::with_files(&[("notes.md", "An A.I. chat-bot answers.\n")]);
    let (code, out) = run(&site, &["check", "--builtin", "notes.md"]);
    assert_eq!(code, 1);
    expect![[r#"
        notes.md:1:4: warning: Use 'artificial intelligence' instead of 'A.I.': the abbreviation is AI, without periods [avoided-term]
        notes.md:1:9: warning: Use 'chatbot' instead of 'chat-bot': it is written as one word [avoided-term]
    "#]]
    .assert_eq(&out);
}

// ---------------------------------------------------------------------------
// Moving over: prh and Vale rules in, and out.

/// Runs the binary in the site; `(exit code, stdout, stderr)`.
fn run_all(site: &Site, args: &[&str]) -> (i32, String, String) {
    let out = crate::common::glossary_ls(&site.root, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PRH: &str = "version: 1\nrules:\n  - expected: sign in\n    patterns:\n      - log in\n      - login\n    prh: the house style says sign in\n  - expected: GitHub\n  - expected: JavaScript\n    pattern: /[Jj]ava[Ss]cript/\n  - expected: email\n    pattern: e-mail\n";

const VALE: &str = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\nignorecase: true\nswap:\n  log in: sign in|sign on\n  e-mail: email\n  '(?:alot)': a lot\n  'A\\.I\\.': AI\n";

#[test]
fn import_prh_and_vale_as_a_termbase() {
    let site = Site::with_files(&[("prh.yml", PRH), ("vale.yml", VALE)]);
    let (code, out, err) = run_all(&site, &["import", "prh", "prh.yml"]);
    assert_eq!(code, 0);
    expect![[r#"
        term,definition,synonyms,avoid,case
        sign in,,,log in; login,
        GitHub,,,,exact
        JavaScript,,,,
        email,,,e-mail,
    "#]]
    .assert_eq(&out);
    assert!(
        err.contains("skipped `/[Jj]ava[Ss]cript/`: a regular expression, not words"),
        "{err}"
    );
    let (code, out, err) = run_all(&site, &["import", "vale", "vale.yml"]);
    assert_eq!(code, 0);
    expect![[r#"
        term,definition,synonyms,avoid,case
        AI,,,A.I.,
        email,,,e-mail,
        sign in,,sign on,log in,
    "#]]
    .assert_eq(&out);
    assert!(err.contains("skipped `(?:alot)`"), "{err}");
    // What is imported is a glossary that finds what the rules found.
    write(&site.root, "terms.csv", &out);
    write(&site.root, "doc.md", "Log in by e-mail.\n");
    let (_, out, _) = run_all(&site, &["check", "--glossary", "terms.csv", "doc.md"]);
    assert!(
        out.contains("doc.md:1:1: warning: Use 'Sign in' instead of 'Log in' [avoided-term]"),
        "{out}"
    );
    assert!(
        out.contains("doc.md:1:11: warning: Use 'email' instead of 'e-mail' [avoided-term]"),
        "{out}"
    );
}

#[test]
fn import_as_entry_files() {
    let site = Site::with_files(&[("prh.yml", PRH), ("glossary/email.md", "kept\n")]);
    let (code, out, err) = run_all(
        &site,
        &["import", "prh", "prh.yml", "--entries", "glossary"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "glossary/sign-in.md\nglossary/github.md\nglossary/javascript.md\n"
    );
    assert!(
        err.contains("glossary/email.md exists; left as it is"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("glossary/email.md")).unwrap(),
        "kept\n"
    );
    expect![[r#"
        ---
        title: 'sign in'
        avoid:
          - term: 'log in'
            because: 'the house style says sign in'
          - term: 'login'
            because: 'the house style says sign in'
        ---

        ### Summary
    "#]]
    .assert_eq(&std::fs::read_to_string(site.root.join("glossary/sign-in.md")).unwrap());
    let glossary = load(&[site.root.join("glossary")], Limits::default()).unwrap();
    assert!(render_terms(&glossary).contains("github: [\"GitHub\"] case=exact\n"));
}

#[test]
fn export_vale_and_prh_and_back() {
    let site = site(None);
    let (code, vale, _) = run_all(&site, &["export", "vale"]);
    assert_eq!(code, 0);
    expect![[r#"
        extends: substitution
        message: "Use '%s' instead of '%s'."
        level: warning
        ignorecase: true
        swap:
          'A\.I\.': 'artificial intelligence'
          'e-mail': 'email'
          '(?-i:Git Hub)': 'GitHub'
          'log in': 'sign in'
          'login': 'sign in'
          'gap pad': 'thermal pad'
    "#]]
    .assert_eq(&vale);
    let (_, prh, _) = run_all(&site, &["export", "prh"]);
    // Variants as regular expressions that find what glossary-ls finds: a
    // word boundary only beside letters, any case unless the case is the name's.
    assert!(prh.starts_with("version: 1\nrules:\n  - expected: 'artificial intelligence'\n    patterns:\n      - '/\\bA\\.I\\./'\n"), "{prh}");
    assert!(prh.contains("  - expected: 'sign in'\n    patterns:\n      - '/\\blog[\\s\\u2010-\\u2015\\u2212-]+in\\b/i'\n"), "{prh}");
    assert!(prh.contains("  - expected: 'GitHub'\n    patterns:\n      - '/\\bGit[\\s\\u2010-\\u2015\\u2212-]+Hub\\b/'\n"), "{prh}");
    // Read back, the rules give the same variants to avoid.
    write(&site.root, "vale.yml", &vale);
    write(&site.root, "prh.yml", &prh);
    for format in ["vale", "prh"] {
        let (code, csv, err) = run_all(&site, &["import", format, &format!("{format}.yml")]);
        assert_eq!(code, 0, "{err}");
        for variant in ["A.I.", "e-mail", "Git Hub", "log in", "login", "gap pad"] {
            assert!(csv.contains(variant), "{format}: {variant} in {csv}");
        }
        assert!(err.contains("0 pattern(s) skipped"), "{format}: {err}");
    }
}
