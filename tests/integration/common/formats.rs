//! Glossaries of one shape loaded from a fixture site, and what tests show
//! of them: entries with their ranges, links with what they point at.

use std::path::Path;
use std::sync::Arc;

use glossary_ls::config::{LinkStyle, Settings};

use super::fixtures::Site;
use glossary_ls::features::link_targets::{LinkRules, LinkTarget, classify};
use glossary_ls::glossary::loader::load;
use glossary_ls::index::GlossaryIndex;
use glossary_ls::markdown::prose::{DocKind, prose};

/// The glossary at `root` (a folder or a glossary file).
pub fn load_index(root: &Path) -> Arc<GlossaryIndex> {
    GlossaryIndex::new(load(&[root.to_path_buf()], Default::default()).unwrap())
}

/// The glossary `file` of a fixture site.
pub fn site_index(site: &Site, file: &str) -> Arc<GlossaryIndex> {
    load_index(&site.root.join(file))
}

/// Link rules for `index` with the link style `style`.
pub fn rules_with(index: &GlossaryIndex, style: LinkStyle) -> LinkRules {
    let settings = Settings {
        link_style: style,
        ..Settings::default()
    };
    LinkRules::new(&settings, index)
}

/// One line per entry of a glossary file `text`: slug, names, summary, the
/// rest of the definition, and the text at the entry's range.
pub fn entries_shown(index: &GlossaryIndex, text: &str) -> String {
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
                e.extras().definition,
                &text[e.title_range.clone()]
            )
        })
        .collect()
}

/// What `target` names, for people: a slug, a missing name, or `other`.
pub fn target_shown(index: &GlossaryIndex, target: LinkTarget) -> String {
    match target {
        LinkTarget::Entry(id) => index.entry(id).slug.clone(),
        LinkTarget::Missing(name) => format!("missing `{name}`"),
        LinkTarget::Other => "other".to_string(),
    }
}

/// Each link of the Markdown document `text` (at `doc`) and what it
/// points at: `{{< glossary_tooltip … >}} -> pod`.
pub fn links_shown(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc: Option<&Path>,
    text: &str,
) -> Vec<String> {
    prose(text, DocKind::Markdown)
        .links
        .iter()
        .map(|link| {
            let target = target_shown(index, classify(index, rules, doc, link));
            format!("{} -> {target}", &text[link.range.clone()])
        })
        .collect()
}

/// `text` with the first unlinked use of every term linked, as link-all
/// does it in the style of `rules`.
pub fn linked_all(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc: Option<&Path>,
    text: &str,
) -> String {
    let p = prose(text, DocKind::Markdown);
    let occurrences = index.scan(text, &p);
    let edits = glossary_ls::features::link_edits::link_all_first(
        index,
        rules,
        doc,
        text,
        &p,
        &occurrences,
    );
    glossary_ls::features::link_edits::apply(text, &edits)
}
