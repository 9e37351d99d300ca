//! One-file Markdown glossaries: `GLOSSARY.md` with a heading per term
//! under the page's top heading, or `docs/glossary.md` as a definition
//! list. Links name entries by their heading anchors
//! (`GLOSSARY.md#page-bundle`).

use expect_test::expect;
use glossary_ls::config::LinkStyle;

use crate::common::fixtures::{Site, hover_and_definition};
use crate::common::formats::{entries_shown, linked_all, links_shown, rules_with, site_index};
use crate::common::{glossary_ls, output_text};

const HEADINGS: &str = "# Glossary

Terms used in this project.

## B

### Branch bundle

A page bundle with an `_index.md`.

It holds other pages.

### Page bundle

A folder holding a page and its resources.

## S

### Shortcode (SC)

A template called from content.
";

const DEFINITIONS: &str = "# Glossary

**Taxonomy**: a grouping of content.

**Front matter:** metadata at the top of a page.

Archetype
: A template for new content.
: It sets the front matter.

Section
: A folder of content.
";

const PAGE: &str =
    "A [page bundle](../GLOSSARY.md#page-bundle) is not a [bundle](../GLOSSARY.md#nope).
Every shortcode and branch bundle is unlinked.
";

fn headings_site() -> Site {
    Site::with_files(&[("GLOSSARY.md", HEADINGS), ("docs/page.md", PAGE)])
}

#[test]
fn headings_under_the_top_heading_are_entries_letter_groups_are_not() {
    let site = headings_site();
    expect![[r#"
        branch-bundle ["Branch bundle"]: A page bundle with an `_index.md`. | Some("It holds other pages.") | at "Branch bundle"
        page-bundle ["Page bundle"]: A folder holding a page and its resources. | None | at "Page bundle"
        shortcode-sc ["Shortcode", "SC"]: A template called from content. | None | at "Shortcode (SC)"
    "#]].assert_eq(&entries_shown(&site_index(&site, "GLOSSARY.md"), HEADINGS));
}

#[test]
fn definition_lists_in_both_shapes_are_entries() {
    let site = Site::with_files(&[("docs/glossary.md", DEFINITIONS)]);
    expect![[r#"
        taxonomy ["Taxonomy"]: a grouping of content. | None | at "Taxonomy"
        front-matter ["Front matter"]: metadata at the top of a page. | None | at "Front matter"
        archetype ["Archetype"]: A template for new content. | Some("It sets the front matter.") | at "Archetype"
        section ["Section"]: A folder of content. | None | at "Section"
    "#]].assert_eq(&entries_shown(&site_index(&site, "docs/glossary.md"), DEFINITIONS));
}

#[test]
fn links_name_entries_by_anchor_and_are_written_that_way() {
    let site = headings_site();
    let index = site_index(&site, "GLOSSARY.md");
    let rules = rules_with(&index, LinkStyle::Relative);
    let page = site.root.join("docs/page.md");
    expect![[r#"
        [page bundle](../GLOSSARY.md#page-bundle) -> page-bundle
        [bundle](../GLOSSARY.md#nope) -> missing `nope`"#]]
    .assert_eq(&links_shown(&index, &rules, Some(&page), PAGE).join("\n"));
    expect![[r#"
        A [page bundle](../GLOSSARY.md#page-bundle) is not a [bundle](../GLOSSARY.md#nope).
        Every [shortcode](../GLOSSARY.md#shortcode-sc) and [branch bundle](../GLOSSARY.md#branch-bundle) is unlinked.
    "#]].assert_eq(&linked_all(&index, &rules, Some(&page), PAGE));
}

#[test]
fn check_finds_the_glossary_file_says_so_and_reports_a_missing_anchor() {
    let site = headings_site();
    expect![[r#"
        docs/page.md:1:54: warning: link to glossary entry `nope`, which does not exist (destination `../GLOSSARY.md#nope`) [broken-link]
        glossary: GLOSSARY.md (3 entries)
        glossary-ls: 3 entries checked, 1 problem(s), 1 at warning level or above
    "#]].assert_eq(&output_text(&glossary_ls(&site.root, &["check", "docs"])));
    // `docs/glossary.md` is found too when there is no glossary folder.
    let site = Site::with_files(&[("docs/glossary.md", DEFINITIONS)]);
    expect![[r#"
        glossary: docs/glossary.md (4 entries)
        glossary-ls: 4 entries checked, 0 problem(s), 0 at warning level or above
    "#]]
    .assert_eq(&output_text(&glossary_ls(&site.root, &["check", "."])));
}

#[tokio::test]
async fn hover_and_go_to_entry_land_on_the_heading() {
    let page = PAGE.replace("Every shortcode", "Every short$0code");
    expect![[r#"
        hover 1:6-1:15
        **Shortcode (SC)**

        A template called from content.

        [Open the glossary entry]($ROOT/GLOSSARY.md)
        definition $ROOT/GLOSSARY.md:19:5
    "#]]
    .assert_eq(&hover_and_definition(&headings_site(), "docs/page.md", &page).await);
}
