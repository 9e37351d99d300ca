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
