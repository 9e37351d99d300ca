//! MkDocs Material abbreviations: `*[HTML]: Hyper Text Markup Language`
//! lines in a file that `mkdocs.yml` appends to every page through
//! `pymdownx.snippets` `auto_append`.

use expect_test::expect;

use crate::common::fixtures::{Site, hover_and_definition};
use crate::common::{glossary_ls, output_text};

const MKDOCS: &str = "site_name: Docs
markdown_extensions:
  - abbr
  - attr_list
  - pymdownx.snippets:
      auto_append:
        - includes/abbreviations.md
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
";

const ABBREVIATIONS: &str = "*[HTML]: Hyper Text Markup Language
*[W3C]: World Wide Web Consortium

*[MkDocs]: A static site generator for project documentation
";

fn site() -> Site {
    Site::with_files(&[
        ("mkdocs.yml", MKDOCS),
        ("includes/abbreviations.md", ABBREVIATIONS),
        (
            "docs/index.md",
            "The W3C writes HTML; html in lower case is not it.\nMkDocs, not mkdocs.\n",
        ),
    ])
}

#[test]
fn mkdocs_yml_leads_to_the_abbreviations_and_each_line_is_an_entry() {
    let site = site();
    expect![[r#"
        HTML  (html)  includes/abbreviations.md  [0 related]
        W3C  (w3c)  includes/abbreviations.md  [0 related]
        MkDocs  (mkdocs)  includes/abbreviations.md  [0 related]
        3 entries
        glossary: includes/abbreviations.md (3 entries)
    "#]]
    .assert_eq(&output_text(&glossary_ls(&site.root, &["list"])));
    expect![[r#"
        docs/index.md:1:5: W3C -> W3C (w3c)
        docs/index.md:1:16: HTML -> HTML (html)
        docs/index.md:2:1: MkDocs -> MkDocs (mkdocs)
        glossary: includes/abbreviations.md (3 entries)
    "#]]
    .assert_eq(&output_text(&glossary_ls(&site.root, &["scan", "docs"])));
}

#[tokio::test]
async fn hover_shows_the_expansion_and_go_to_entry_its_line() {
    let site = site();
    expect![[r#"
        hover 0:15-0:19
        **HTML**

        Hyper Text Markup Language

        [Open the glossary entry]($ROOT/includes/abbreviations.md)
        definition $ROOT/includes/abbreviations.md:1:3
    "#]]
    .assert_eq(
        &hover_and_definition(
            &site,
            "docs/index.md",
            "The W3C writes HT$0ML; html in lower case is not it.\n",
        )
        .await,
    );
}

#[test]
fn a_long_abbreviation_matches_only_as_written_and_is_never_a_wrong_case() {
    let site = Site::with_files(&[
        ("mkdocs.yml", MKDOCS),
        (
            "includes/abbreviations.md",
            "*[Static Site Generator]: A tool that renders Markdown as a website\n",
        ),
        (
            "docs/index.md",
            "A Static Site Generator renders pages.\nA static site generator, or a STATIC SITE GENERATOR, is not it.\n",
        ),
    ]);
    expect![[r#"
        docs/index.md:1:3: Static Site Generator -> Static Site Generator (static-site-generator)
        glossary: includes/abbreviations.md (1 entries)
    "#]]
    .assert_eq(&output_text(&glossary_ls(&site.root, &["scan", "docs"])));
    expect![[r#"
        glossary: includes/abbreviations.md (1 entries)
        glossary-ls: 1 entries checked, 0 problem(s), 0 at warning level or above
    "#]]
    .assert_eq(&output_text(&glossary_ls(&site.root, &["check", "docs"])));
}
