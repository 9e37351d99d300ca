//! A documentation site in the shape real Hugo sites have: lowercase
//! one-paragraph entries under `content/en/quick-reference/glossary/`, pages
//! that link terms with the shorthand `[text](g)` ("the entry this text
//! names"), in emphasis, plural or capitalised.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use expect_test::{expect, expect_file};
use glossary_ls::config::{LinkStyle, Settings};
use glossary_ls::features::link_targets::{LinkRules, LinkTarget, classify, link_target};
use glossary_ls::glossary::loader::load;
use glossary_ls::index::GlossaryIndex;
use glossary_ls::markdown::prose::{DocKind, prose};

pub fn site_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/docs-site")
}

pub fn glossary_folder() -> PathBuf {
    site_root().join("content/en/quick-reference/glossary")
}

fn index() -> Arc<GlossaryIndex> {
    GlossaryIndex::new(load(&[glossary_folder()], Default::default()).unwrap())
}

fn rules(index: &GlossaryIndex, style: LinkStyle) -> LinkRules {
    let settings = Settings {
        link_style: style,
        ..Settings::default()
    };
    LinkRules::new(&settings, index)
}

/// Every Markdown file of the site, sorted.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&site_root().join("content"), &mut out);
    out.sort();
    out
}

#[test]
fn shorthand_links_name_the_entry_their_text_names_and_count_as_linked() {
    let index = index();
    let rules = rules(&index, LinkStyle::Relative);
    let mut report = String::new();
    for path in pages() {
        let text = std::fs::read_to_string(&path).unwrap();
        let p = prose(&text, DocKind::Markdown);
        let occurrences = index.scan(&text, &p);
        for (i, link) in p.links.iter().enumerate() {
            let target = classify(&index, &rules, Some(&path), link);
            let shown = match &target {
                LinkTarget::Entry(id) => index.entry(*id).slug.clone(),
                LinkTarget::Missing(name) => format!("missing `{name}`"),
                LinkTarget::Other => "other".to_string(),
            };
            if let LinkTarget::Entry(id) = target {
                // The link's text is found as an occurrence of its entry, in the link.
                assert!(
                    occurrences
                        .iter()
                        .any(|o| o.entry == id && o.link == Some(i as u32)),
                    "{}: {} not found as {shown}",
                    path.display(),
                    &text[link.range.clone()]
                );
            }
            report.push_str(&format!("{} -> {shown}\n", &text[link.range.clone()]));
        }
    }
    expect_file!["../fixtures/shorthand-links.txt"].assert_eq(&report);
}

#[test]
fn a_configured_shorthand_replaces_the_default() {
    let index = index();
    let mut rules = rules(&index, LinkStyle::Relative);
    rules.shorthands = vec!["gloss".to_string()];
    let text = "A [leaf bundle](gloss) and a [leaf bundle](g).\n";
    let p = prose(text, DocKind::Markdown);
    let targets: Vec<_> = p
        .links
        .iter()
        .map(|l| classify(&index, &rules, None, l))
        .collect();
    let leaf = index.glossary.by_slug("leaf-bundle").unwrap();
    assert_eq!(targets[0], LinkTarget::Entry(leaf));
    assert_eq!(targets[1], LinkTarget::Other);
}

#[test]
fn links_are_written_as_shorthand_or_as_refs_from_the_content_folder() {
    let index = index();
    let leaf = index.glossary.by_slug("leaf-bundle").unwrap();
    let page = site_root().join("content/en/guides/organize-content.md");
    let written = |style| link_target(&index, &rules(&index, style), Some(&page), leaf);
    assert_eq!(written(LinkStyle::Shorthand), "g");
    assert_eq!(
        written(LinkStyle::Ref),
        "{{< ref \"quick-reference/glossary/leaf-bundle\" >}}"
    );
    assert_eq!(
        written(LinkStyle::Relref),
        "{{< relref \"quick-reference/glossary/leaf-bundle\" >}}"
    );
    // A ref written that way is read back as a link to the entry.
    let text = format!("A [leaf bundle]({}).\n", written(LinkStyle::Ref));
    let p = prose(&text, DocKind::Markdown);
    let rules = rules(&index, LinkStyle::Ref);
    assert_eq!(
        classify(&index, &rules, Some(&page), &p.links[0]),
        LinkTarget::Entry(leaf)
    );
    let missing = "A [x]({{< ref \"quick-reference/glossary/no-such-entry\" >}}).\n";
    let p = prose(missing, DocKind::Markdown);
    assert_eq!(
        classify(&index, &rules, Some(&page), &p.links[0]),
        LinkTarget::Missing("no-such-entry".to_string())
    );
}

// ---------------------------------------------------------------------------
// Discovery with no configuration, and saying which glossary is in force

/// A copy of the fixture site in a fresh folder, so that no configuration
/// file above it is found.
fn site_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&site_root(), dir.path());
    dir
}

use crate::common::fixtures::run_cli as run;

#[test]
fn check_finds_the_glossary_under_content_and_reports_only_real_broken_links() {
    let site = site_copy();
    let (code, out, err) = run(site.path(), &["check", "content/en"]);
    assert_eq!(code, Some(1));
    expect![[r#"
        content/en/guides/organize-content.md:14:3: warning: link to glossary entry `layout file`, which does not exist (destination `g`) [broken-link]
    "#]]
    .assert_eq(&out);
    expect![[r#"
        glossary: content/en/quick-reference/glossary (14 entries)
        glossary-ls: 14 entries checked, 1 problem(s), 1 at warning level or above
    "#]]
    .assert_eq(&err);
}

#[test]
fn a_language_folder_titled_as_a_glossary_is_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("content/en");
    std::fs::create_dir_all(&en).unwrap();
    let write = |name: &str, text: &str| std::fs::write(en.join(name), text).unwrap();
    write(
        "_index.md",
        "---\ntitle: The Harbour Glossary\n---\n\nWords of the port.\n",
    );
    write(
        "bollard.md",
        "---\ntitle: Bollard\n---\n\nA post that holds a ship's lines.\n",
    );
    write(
        "quay.md",
        "---\ntitle: Quay\n---\n\nWhere a [bollard](/bollard/) stands.\n",
    );
    let (code, out, err) = run(dir.path(), &["lookup", "bollards"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Bollard  (bollard)"), "{out}");
    assert_eq!(err.lines().next(), Some("glossary: content/en (2 entries)"));
    // A title that merely contains the letters is not one.
    std::fs::write(en.join("_index.md"), "---\ntitle: Glossaryish notes\n---\n").unwrap();
    let (_, _, err) = run(dir.path(), &["lookup", "bollards"]);
    assert!(err.contains("built-in"), "{err}");
}

#[test]
fn a_section_that_declares_itself_a_glossary_is_found_below_a_language_folder() {
    let dir = tempfile::tempdir().unwrap();
    let section = dir.path().join("content/fr/reference/lexique");
    std::fs::create_dir_all(&section).unwrap();
    std::fs::write(
        section.join("_index.md"),
        "---\ntitle: Lexique\ntype: glossary\n---\n",
    )
    .unwrap();
    std::fs::write(
        section.join("lanterne.md"),
        "---\ntitle: lanterne\n---\n\nUne lampe.\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["lookup", "lanternes"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("lanterne"), "{out}");
    assert_eq!(
        err.lines().next(),
        Some("glossary: content/fr/reference/lexique (1 entries)")
    );
}

#[test]
fn falling_back_to_the_builtin_glossary_is_said_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "Some notes.\n").unwrap();
    let (code, _, err) = run(dir.path(), &["check", "notes.md"]);
    assert_eq!(code, Some(0));
    assert!(
        err.starts_with(
            "glossary: the built-in AI glossary (50 entries; no .glossary-ls.toml and no glossary folder found here)\n"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn the_server_logs_its_glossary_once_and_says_when_it_fell_back() {
    use crate::common::Harness;
    use glossary_ls::server::ServerOptions;
    use serde_json::json;

    let site = site_copy();
    let cache = tempfile::tempdir().unwrap();
    let options = ServerOptions {
        cache_root: Some(cache.path().to_path_buf()),
        ..Default::default()
    };
    let (mut harness, _) = Harness::start(options.clone(), Some(site.path()), json!({})).await;
    let log = harness.next_notification("window/logMessage").await;
    assert_eq!(
        log["message"],
        "glossary-ls: glossary: content/en/quick-reference/glossary (14 entries)"
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);

    let empty = tempfile::tempdir().unwrap();
    let (mut harness, _) = Harness::start(options, Some(empty.path()), json!({})).await;
    let shown = harness.next_notification("window/showMessage").await;
    assert_eq!(
        shown["message"],
        "glossary-ls: glossary: the built-in AI glossary (50 entries; no .glossary-ls.toml and no glossary folder found here)"
    );
    assert_eq!(harness.shutdown_and_exit().await, 0);
}

// ---------------------------------------------------------------------------
// Entries that point elsewhere, links between entries, opting out of matching

#[test]
fn an_entry_that_only_says_see_another_is_a_name_of_that_entry() {
    let index = index();
    let target = index.glossary.by_slug("page-resource").unwrap();
    let pointer = index.glossary.by_slug("resource").unwrap();
    assert_eq!(index.glossary.alias_target(pointer), Some(target));
    assert_eq!(index.glossary.resolve("resources"), Some(target));
    let text = "Each resource, and all resources, belong to a page.\n";
    let found: Vec<_> = index
        .scan(text, &prose(text, DocKind::Markdown))
        .into_iter()
        .map(|o| (text[o.range].to_string(), index.entry(o.entry).slug.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("resource".to_string(), "page-resource".to_string()),
            ("resources".to_string(), "page-resource".to_string())
        ]
    );
}

#[test]
fn links_in_an_entry_without_related_terms_are_its_related_terms() {
    let index = index();
    let related = |slug: &str| -> Vec<String> {
        let id = index.glossary.by_slug(slug).unwrap();
        index
            .glossary
            .related(id)
            .map(|(r, target)| {
                let slug = target.map_or("?", |t| index.entry(t).slug.as_str());
                format!("{} -> {slug}", r.text)
            })
            .collect()
    };
    assert_eq!(
        related("branch-bundle"),
        [
            "page bundle -> page-bundle",
            "page bundles -> page-bundle",
            "leaf bundles -> leaf-bundle"
        ]
    );
    // A link to another site is no related term, and is not reported.
    assert_eq!(
        related("site"),
        [
            "sections -> section",
            "resources -> resource",
            "taxonomies -> taxonomy"
        ]
    );
    let site = index.glossary.by_slug("site").unwrap();
    assert!(
        index.entry(site).problems.is_empty(),
        "{:?}",
        index.entry(site).problems
    );
    assert!(
        index
            .glossary
            .neighbours(site)
            .contains(&index.glossary.by_slug("section").unwrap())
    );
}

#[test]
fn an_entry_that_opts_out_of_matching_is_still_linked_and_looked_up() {
    let index = index();
    let site = index.glossary.by_slug("site").unwrap();
    let text = "Build the site, then see the [site](g).\n";
    let p = prose(text, DocKind::Markdown);
    assert!(index.scan(text, &p).is_empty());
    let rules = rules(&index, LinkStyle::Relative);
    assert_eq!(
        classify(&index, &rules, None, &p.links[0]),
        LinkTarget::Entry(site)
    );
    assert_eq!(index.glossary.resolve("sites"), Some(site));
    assert!(index.names().starting_with("sit").any(|m| m.entry == site));
}

// ---------------------------------------------------------------------------
// Noise control

fn found(index: &GlossaryIndex, text: &str) -> Vec<String> {
    index
        .scan(text, &prose(text, DocKind::Markdown))
        .into_iter()
        .map(|o| text[o.range].to_string())
        .collect()
}

#[test]
fn disable_comments_switch_matching_off_and_a_code_list_only_those_checks() {
    let index = index();
    let text = "A template.\n\n<!-- glossary-ls-disable -->\nNo template here.\n<!-- glossary-ls-enable -->\n\nA template again.\n<!-- glossary-ls-disable-next-line -->\nNot this template,\nbut this template.\n";
    assert_eq!(found(&index, text), ["template", "template", "template"]);
    let lines: Vec<usize> = index
        .scan(text, &prose(text, DocKind::Markdown))
        .iter()
        .map(|o| text[..o.range.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 7, 10]);

    // With a code list, terms are still found; only those checks are off.
    let rules = rules(&index, LinkStyle::Relative);
    let text = "<!-- glossary-ls-disable broken-link -->\nA [_layout file_](g) and a template.\n<!-- glossary-ls-enable -->\nA [_layout file_](g).\n";
    let p = prose(text, DocKind::Markdown);
    assert_eq!(found(&index, text), ["template"]);
    let problems = glossary_ls::features::check::link_problems(&index, &rules, None, &p);
    let lines: Vec<usize> = problems
        .iter()
        .map(|p| text[..p.range.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [4]);
}

#[test]
fn link_all_leaves_headings_alone() {
    let index = index();
    let rules = rules(&index, LinkStyle::Shorthand);
    let text = "# Templates and actions\n\nA template runs actions.\n";
    let p = prose(text, DocKind::Markdown);
    let occurrences = index.scan(text, &p);
    let edits = glossary_ls::features::link_edits::link_all_first(
        &index,
        &rules,
        None,
        text,
        &p,
        &occurrences,
    );
    assert_eq!(
        glossary_ls::features::link_edits::apply(text, &edits),
        "# Templates and actions\n\nA [template](g) runs [actions](g).\n"
    );
}

#[test]
fn ignored_names_are_never_matched_but_other_names_are() {
    let mut sources =
        glossary_ls::glossary::loader::read(&[glossary_folder()], Default::default()).unwrap();
    glossary_ls::glossary::entry::ignore_names(
        &mut sources.entries,
        &["Template".to_string(), "term".to_string()],
    );
    let index = GlossaryIndex::from_sources(sources);
    assert_eq!(
        found(&index, "A template, a term, a taxonomy.\n"),
        ["taxonomy"]
    );
    // Still a name for lookup and links.
    assert!(index.glossary.resolve("templates").is_some());
}

#[test]
fn scan_summary_counts_occurrences_per_entry() {
    let site = site_copy();
    let (code, out, _) = run(site.path(), &["scan", "--summary", "content/en/guides"]);
    assert_eq!(code, Some(0));
    expect![[r#"
        section (section): 3, 1 linked
        branch bundle (branch-bundle): 2, 2 linked
        front matter (front-matter): 2, 1 linked
        page bundle (page-bundle): 2, 2 linked
        template (template): 2, 0 linked
        action (action): 1, 1 linked
        bundle type (bundle-type): 1, 1 linked
        leaf bundle (leaf-bundle): 1, 1 linked
        page resource (page-resource): 1, 1 linked
        taxonomy (taxonomy): 1, 1 linked
        term (term): 1, 1 linked
        17 occurrences of 11 entries
    "#]]
    .assert_eq(&out);
}

#[test]
fn shorthand_and_match_settings_are_read_from_the_file_and_the_editor() {
    use glossary_ls::config::parse_config;
    use glossary_ls::config::schema::read as lenient_from_json;
    let file = parse_config(
        "[link]\nshorthand = [\"gl\"]\nstyle = \"shorthand\"\n[match]\nignore = [\"site\"]\n",
    )
    .unwrap();
    assert_eq!(file.link.shorthand, Some(vec!["gl".to_string()]));
    assert_eq!(file.link.style, Some(LinkStyle::Shorthand));
    assert_eq!(file.matching.ignore, Some(vec!["site".to_string()]));
    let (editor, problems) = lenient_from_json(&serde_json::json!({
        "link": {"shorthand": "gl"},
        "match": {"ignore": ["site"], "colour": 1}
    }));
    assert_eq!(editor.link.shorthand, Some(vec!["gl".to_string()]));
    assert_eq!(editor.matching.ignore, Some(vec!["site".to_string()]));
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("unknown key `match.colour`"),
        "{problems:?}"
    );
    assert_eq!(Settings::default().link_shorthand, ["g"]);
}

#[test]
fn hover_renders_shorthand_links_as_links_to_their_entry_and_decodes_entities() {
    use glossary_ls::features::hover::render_with;
    let index = index();
    let url = |id: u32| Some(format!("file:///g/{}.md", index.entry(id).slug));
    let shorthands = ["g".to_string()];
    let leaf = index.glossary.by_slug("leaf-bundle").unwrap();
    let shown = render_with(&index, &shorthands, leaf, &url);
    assert!(
        shown.contains("A [page bundle](file:///g/page-bundle.md) with an `index.md` file"),
        "{shown}"
    );
    let shortcode = index.glossary.by_slug("shortcode").unwrap();
    let shown = render_with(&index, &shorthands, shortcode, &url);
    assert!(
        shown.contains("[template](file:///g/template.md); — a way"),
        "{shown}"
    );
}
