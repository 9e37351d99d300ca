//! Sphinx and MyST glossaries: a `.. glossary::` directive in
//! `docs/glossary.rst`, or a ```` ```{glossary} ```` fence in a MyST
//! Markdown file; MyST documents name terms with the {term} role.

use expect_test::expect;
use glossary_ls::config::{LinkStyle, Settings};
use glossary_ls::features::link_edits::{apply, link_all_first};
use glossary_ls::features::link_targets::{LinkRules, LinkTarget, classify};
use glossary_ls::glossary::loader::load;
use glossary_ls::index::GlossaryIndex;
use glossary_ls::markdown::prose::{DocKind, prose};

use crate::common::fixtures::{Site, hover_and_definition};
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

fn index(site: &Site, file: &str) -> std::sync::Arc<GlossaryIndex> {
    GlossaryIndex::new(load(&[site.root.join(file)], Default::default()).unwrap())
}

fn rules(index: &GlossaryIndex) -> LinkRules {
    let settings = Settings {
        link_style: LinkStyle::MystTerm,
        ..Settings::default()
    };
    LinkRules::new(&settings, index)
}

fn entries(index: &GlossaryIndex, text: &str) -> String {
    index
        .glossary
        .entries()
        .iter()
        .map(|e| {
            format!(
                "{} {:?}: {} | {:?} | at {:?}\n",
                e.slug,
                e.surface_forms,
                e.summary.as_deref().unwrap_or("-"),
                e.definition,
                &text[e.title_range.clone()]
            )
        })
        .collect()
}

#[test]
fn the_rst_directive_and_the_myst_fence_are_glossaries() {
    let site = Site::with_files(&[("docs/glossary.rst", RST), ("docs/terms.md", MYST)]);
    expect![[r#"
        environment ["environment"]: A structure where information about all documents under the root is saved, and used for cross-referencing. | Some("The environment is pickled after the parsing stage.") | at "environment"
        source-directory ["source directory", "source dir"]: The directory which, including its subdirectories, contains all source files for one Sphinx project. | None | at "source directory"
    "#]].assert_eq(&entries(&index(&site, "docs/glossary.rst"), RST));
    expect![[r#"
        myst ["MyST"]: Markedly Structured Text, a Markdown flavour for Sphinx. | None | at "MyST"
        role ["role"]: Inline markup, written {term}`MyST`-style. | None | at "role"
    "#]]
    .assert_eq(&entries(&index(&site, "docs/terms.md"), MYST));
}

#[test]
fn term_roles_link_to_entries_and_the_myst_term_style_writes_them() {
    let site = rst_site();
    let index = index(&site, "docs/glossary.rst");
    let rules = rules(&index);
    let p = prose(PAGE, DocKind::Markdown);
    let targets: Vec<String> = p
        .links
        .iter()
        .map(|l| {
            let target = match classify(&index, &rules, None, l) {
                LinkTarget::Entry(id) => index.entry(id).slug.clone(),
                LinkTarget::Missing(name) => format!("missing `{name}`"),
                LinkTarget::Other => "other".to_string(),
            };
            format!("{} -> {target}", &PAGE[l.range.clone()])
        })
        .collect();
    expect![[r#"
        {term}`environment` -> environment
        {term}`the sources <source dir>` -> source-directory
        {term}`builder` -> missing `builder`"#]]
    .assert_eq(&targets.join("\n"));
    let text = "The Source Dirs hold an environment.\n";
    let p = prose(text, DocKind::Markdown);
    let occurrences = index.scan(text, &p);
    let linked = apply(
        text,
        &link_all_first(&index, &rules, None, text, &p, &occurrences),
    );
    expect![[r#"
        The {term}`Source Dirs <source directory>` hold an {term}`environment`.
    "#]]
    .assert_eq(&linked);
    // Read back, the roles are links to their entries.
    let p = prose(&linked, DocKind::Markdown);
    let again = index.scan(&linked, &p);
    assert!(link_all_first(&index, &rules, None, &linked, &p, &again).is_empty());
}

#[test]
fn check_finds_docs_glossary_rst_and_reports_a_role_naming_no_entry() {
    let site = rst_site();
    expect![[r#"
        docs/page.md:2:3: warning: link to glossary entry `builder`, which does not exist (destination `builder`) [broken-link]
        glossary: docs/glossary.rst (2 entries)
        glossary-ls: 2 entries checked, 1 problem(s), 1 at warning level or above
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
