//! Names a site's own writing teaches: link texts that point at an entry
//! without being one of its names, reported as suggested synonyms, added to
//! an entry's front matter by a quick fix, or used as names when asked;
//! and link-all never splitting a longer name.

use std::path::Path;
use std::sync::Arc;

use glossary_ls::config::{LinkStyle, Settings};
use glossary_ls::features::link_edits::{apply, link_all_first};
use glossary_ls::features::link_targets::LinkRules;
use glossary_ls::glossary::loader;
use glossary_ls::index::GlossaryIndex;
use glossary_ls::markdown::prose::{DocKind, prose};

use crate::common::fixtures::{Site, entry};

fn index_of(folder: &Path, ignore: &[&str]) -> Arc<GlossaryIndex> {
    let mut sources = loader::read(&[folder.to_path_buf()], Default::default()).unwrap();
    let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
    glossary_ls::glossary::entry::ignore_names(&mut sources.entries, &ignore);
    GlossaryIndex::from_sources(sources)
}

fn link_all(index: &GlossaryIndex, text: &str) -> String {
    let settings = Settings {
        link_style: LinkStyle::Shorthand,
        ..Settings::default()
    };
    let rules = LinkRules::new(&settings, index);
    let p = prose(text, DocKind::Markdown);
    let occurrences = index.scan(text, &p);
    apply(
        text,
        &link_all_first(index, &rules, None, text, &p, &occurrences),
    )
}

#[test]
fn link_all_links_the_longer_name_whole() {
    let site = Site::new(&[
        ("bundle.md", entry("bundle", "A folder of files.")),
        ("bundle-type.md", entry("bundle type", "Leaf or branch.")),
    ]);
    let index = index_of(&site.root.join("glossary"), &[]);
    assert_eq!(
        link_all(&index, "Each bundle type is a kind of bundle.\n"),
        "Each [bundle type](g) is a kind of [bundle](g).\n"
    );
}

#[test]
fn a_longer_name_kept_out_of_matching_still_is_not_split() {
    let site = Site::new(&[
        ("bundle.md", entry("bundle", "A folder of files.")),
        (
            "bundle-type.md",
            "---\ntitle: bundle type\nmatch: false\n---\nLeaf or branch.\n".to_string(),
        ),
        ("page-kind.md", entry("page kind", "What a page is.")),
        ("page.md", entry("page", "A rendered file.")),
    ]);
    let index = index_of(&site.root.join("glossary"), &["page kind"]);
    // Neither name is linked, and no shorter name is linked inside them.
    assert_eq!(
        link_all(&index, "A bundle type and a page kind.\n"),
        "A bundle type and a page kind.\n"
    );
    // Where the shorter names stand alone, they are linked.
    assert_eq!(
        link_all(&index, "A bundle type, a bundle, a page kind, a page.\n"),
        "A bundle type, a [bundle](g), a page kind, a [page](g).\n"
    );
}

use crate::common::fixtures::run_cli as run;

/// Entries that link to each other the way a real glossary does: by URL,
/// with texts that are not always the target's names.
fn linking_site() -> Site {
    Site::with_files(&[
        (
            ".glossary-ls.toml",
            "glossary = \"glossary\"\n[link]\nurl = \"/{slug}/\"\n",
        ),
        (
            "glossary/scalability.md",
            "---\ntitle: Scalability\n---\nHow far a system can grow.\n",
        ),
        (
            "glossary/cloud-native-apps.md",
            "---\ntitle: Cloud Native Apps\n---\nApps built to [scale](/scalability/).\n",
        ),
        (
            "glossary/cloud-native-tech.md",
            "---\ntitle: Cloud Native Tech\n---\nTools for [cloud native](/cloud-native-apps/) work that can [scale](/scalability/).\n",
        ),
        (
            "glossary/autoscaling.md",
            "---\ntitle: Autoscaling\n---\nSee how to [Scale](/scalability/), [cloud native](/cloud-native-tech/) style, read [more about it in the long guide on growth](/scalability/).\n",
        ),
        (
            "docs/guide.md",
            "Our apps [scale](/scalability/) well; [Scalability](/scalability/) matters. We scale.\n",
        ),
    ])
}

#[test]
fn check_reports_link_texts_that_are_not_names_when_asked() {
    let site = linking_site();
    // Human output leaves them out, and says so.
    let (code, out, err) = run(&site.root, &["check", "docs"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("1 suggested synonym(s) from link texts not shown (--synonyms shows them)"),
        "{err}"
    );
    // Asked for: once per entry and text, with the counts; `cloud native`
    // points at two entries and is suggested for neither; a phrase is not
    // a name; `Scalability` is one already.
    let (_, out, _) = run(&site.root, &["check", "--synonyms", "docs"]);
    assert_eq!(
        out,
        "glossary/scalability.md:2:8: information: `scale` is the text of 4 links to this entry (in 4 documents) but not one of its names: a synonym? [suggested-synonym]\n"
    );
    // A level in the settings asks for them too.
    std::fs::write(
        site.root.join(".glossary-ls.toml"),
        "glossary = \"glossary\"\n[link]\nurl = \"/{slug}/\"\n[diagnostics]\nsuggested-synonym = \"warning\"\n",
    )
    .unwrap();
    let (code, out, _) = run(&site.root, &["check"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("warning: `scale` is the text of 3 links"),
        "{out}"
    );
}

#[test]
fn link_text_names_make_taught_texts_names_when_asked() {
    let site = linking_site();
    let scanned = |site: &Site| {
        let (_, out, _) = run(&site.root, &["scan", "docs"]);
        out
    };
    assert_eq!(
        scanned(&site),
        "docs/guide.md:1:40: Scalability -> Scalability (scalability)\n"
    );
    std::fs::write(
        site.root.join(".glossary-ls.toml"),
        "glossary = \"glossary\"\n[link]\nurl = \"/{slug}/\"\n[match]\nlink-text-names = true\n",
    )
    .unwrap();
    assert_eq!(
        scanned(&site),
        "docs/guide.md:1:11: scale -> Scalability (scalability)\ndocs/guide.md:1:40: Scalability -> Scalability (scalability)\ndocs/guide.md:1:80: scale -> Scalability (scalability)\n"
    );
    // Still suggested: the entry file does not have it yet.
    let (_, out, _) = run(&site.root, &["check", "--synonyms"]);
    assert!(out.contains("`scale` is the text of 3 links"), "{out}");
}
