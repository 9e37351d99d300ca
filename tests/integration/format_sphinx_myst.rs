//! Sphinx and MyST glossaries: a `.. glossary::` directive in
//! `docs/glossary.rst`, or a ```` ```{glossary} ```` fence in a MyST
//! Markdown file; MyST documents name terms with the {term} role.

use expect_test::expect;
use glossary_ls::config::LinkStyle;

use crate::common::fixtures::{Site, completions_at, hover_and_definition};
use crate::common::formats::{entries_shown, linked_all, links_shown, rules_with, site_index};
use crate::common::{glossary_ls, output_text};

const RST: &str = "Glossary
========

.. glossary::
   :sorted:

   environment
      A structure where information about all documents under the root is
      saved, and used for cross-referencing.

      The environment is pickled after the parsing stage.

   source directory
   source dir : alias
      The directory which, including its subdirectories, contains all
      source files for one Sphinx project.
";

const MYST: &str = "# Terms

```{glossary}
MyST
  Markedly Structured Text, a Markdown flavour for Sphinx.

role
  Inline markup, written {term}`MyST`-style.
```
";

const PAGE: &str = "Each {term}`environment` and {term}`the sources <source dir>`.
A {term}`builder` is not defined. The source directory is unlinked.
";

fn rst_site() -> Site {
    Site::with_files(&[("docs/glossary.rst", RST), ("docs/page.md", PAGE)])
}

#[test]
fn the_rst_directive_and_the_myst_fence_are_glossaries() {
    let site = Site::with_files(&[("docs/glossary.rst", RST), ("docs/terms.md", MYST)]);
    expect![[r#"
        environment ["environment"]: A structure where information about all documents under the root is saved, and used for cross-referencing. | Some("The environment is pickled after the parsing stage.") | at "environment"
        source-directory ["source directory", "source dir"]: The directory which, including its subdirectories, contains all source files for one Sphinx project. | None | at "source directory"
    "#]].assert_eq(&entries_shown(&site_index(&site, "docs/glossary.rst"), RST));
    expect![[r#"
        myst ["MyST"]: Markedly Structured Text, a Markdown flavour for Sphinx. | None | at "MyST"
        role ["role"]: Inline markup, written {term}`MyST`-style. | None | at "role"
    "#]]
    .assert_eq(&entries_shown(&site_index(&site, "docs/terms.md"), MYST));
}

#[test]
fn term_roles_link_to_entries_and_the_myst_term_style_writes_them() {
    let site = rst_site();
    let index = site_index(&site, "docs/glossary.rst");
    let rules = rules_with(&index, LinkStyle::MystTerm);
    let targets = links_shown(&index, &rules, None, PAGE);
    expect![[r#"
        {term}`environment` -> environment
        {term}`the sources <source dir>` -> source-directory
        {term}`builder` -> missing `builder`"#]]
    .assert_eq(&targets.join("\n"));
    let text = "The Source Dirs hold an environment.\n";
    let linked = linked_all(&index, &rules, None, text);
    expect![[r#"
        The {term}`Source Dirs <source directory>` hold an {term}`environment`.
    "#]]
    .assert_eq(&linked);
    // Read back, what was written counts as linked: nothing more to link.
    assert_eq!(linked_all(&index, &rules, None, &linked), linked);
}

#[test]
fn check_finds_docs_glossary_rst_and_reports_a_role_naming_no_entry() {
    let site = rst_site();
    expect![[r#"
        docs/page.md:2:3: warning: link to glossary entry `builder`, which does not exist (destination `builder`) [broken-link]
        glossary: docs/glossary.rst (2 entries)
        glossary-ls: 2 entries checked, 1 problem(s), 1 at warning level or above
        glossary-ls: 1 suggested synonym(s) from link texts not shown (--synonyms shows them)
    "#]].assert_eq(&output_text(&glossary_ls(&site.root, &["check", "docs"])));
}

#[tokio::test]
async fn hover_and_go_to_entry_on_a_term_role() {
    let site = rst_site();
    let fixture = PAGE.replace("{term}`environment`", "{term}`enviro$0nment`");
    expect![[r#"
        hover 0:5-0:24
        **environment**

        A structure where information about all documents under the root is saved, and used for cross-referencing.

        The environment is pickled after the parsing stage.

        [Open the glossary entry]($ROOT/docs/glossary.rst)
        definition $ROOT/docs/glossary.rst:7:4
    "#]].assert_eq(&hover_and_definition(&site, "docs/page.md", &fixture).await);
}

#[tokio::test]
async fn terms_complete_inside_a_role() {
    let site = rst_site();
    expect![[r#"
        environment -> environment
        source directory -> source directory
    "#]]
    .assert_eq(&completions_at(&site, "docs/page.md", "See {term}`the dirs <sou$0\n").await);
}
