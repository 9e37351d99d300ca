//! Does a link point at a glossary entry? And how is a link to one written?
//!
//! A destination points at an entry when it is a path into a glossary folder
//! (to an entry file, or to a file that should be one and is missing), when
//! it fits an entry URL template, or when it is a Hugo `ref`/`relref` naming
//! an entry.

use std::path::{Path, PathBuf};

use crate::config::{self, LinkStyle, Settings};
use crate::glossary::EntryId;
use crate::index::{GlossaryIndex, Link, LinkKind};

/// The rules links are judged and written by.
#[derive(Debug, Clone, Default)]
pub struct LinkRules {
    /// Entry URL templates with `{slug}`.
    pub templates: Vec<String>,
    /// Glossary folders (absolute), for path links.
    pub roots: Vec<PathBuf>,
    pub style: LinkStyle,
    /// Destinations that name the entry by the link's text (`[text](g)`).
    pub shorthands: Vec<String>,
}

impl LinkRules {
    /// Rules from settings and the glossary actually loaded.
    pub fn new(settings: &Settings, index: &GlossaryIndex) -> LinkRules {
        let roots: Vec<PathBuf> = index
            .glossary
            .roots()
            .iter()
            .map(|r| r.path.clone())
            .collect();
        let templates = match &settings.link_url {
            Some(url) => vec![url.clone()],
            None => roots
                .iter()
                .filter_map(|r| default_url_template(r))
                .collect(),
        };
        LinkRules {
            templates,
            roots,
            style: settings.link_style,
            shorthands: settings.link_shorthand.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Entry(EntryId),
    /// Points into the glossary, at an entry that does not exist.
    Missing(String),
    /// Not a glossary link.
    Other,
}

/// What `link`, found in the document at `doc_path`, points at.
pub fn classify(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    link: &Link,
) -> LinkTarget {
    match link.kind {
        LinkKind::HugoRef => classify_ref(index, rules, &link.dest),
        LinkKind::Autolink => LinkTarget::Other,
        LinkKind::MystTerm => match entry_named(index, &link.dest) {
            Some(id) => LinkTarget::Entry(id),
            None => LinkTarget::Missing(link.dest.trim().to_string()),
        },
        LinkKind::TermId => match index.glossary.by_term_id(&link.dest) {
            Some(id) => LinkTarget::Entry(id),
            None => LinkTarget::Missing(link.dest.trim().to_string()),
        },
        LinkKind::Inline | LinkKind::Reference if is_shorthand(rules, &link.dest) => {
            match entry_named(index, &link.label) {
                Some(id) => LinkTarget::Entry(id),
                None => LinkTarget::Missing(link.label.trim().to_string()),
            }
        }
        LinkKind::Inline | LinkKind::Reference => classify_dest(index, rules, doc_path, &link.dest),
    }
}

/// Whether `dest` is a shorthand destination such as `g`.
pub fn is_shorthand(rules: &LinkRules, dest: &str) -> bool {
    let dest = dest.trim();
    rules.shorthands.iter().any(|s| s == dest)
}

/// The entry a name written in prose stands for, as lookup finds it: by
/// any of its names (case, plural, dashes), by its slug, or by a match of
/// one of its names covering the whole text (`auto scaling`).
pub fn entry_named(index: &GlossaryIndex, name: &str) -> Option<EntryId> {
    let name = name
        .trim()
        .trim_matches(|c: char| matches!(c, '_' | '*' | '~'));
    if name.is_empty() {
        return None;
    }
    if let Some(id) = index.glossary.resolve(name) {
        return Some(id);
    }
    let slug: String = crate::text::fold::fold_term(name).replace(' ', "-");
    if let Some(id) = index.glossary.by_slug(&slug) {
        return Some(id);
    }
    let prose = crate::index::Prose {
        segments: vec![crate::index::Segment {
            range: 0..name.len(),
            link: None,
        }],
        ..Default::default()
    };
    match index.scan(name, &prose).as_slice() {
        [one] if one.range == (0..name.len()) => Some(one.entry),
        _ => None,
    }
}

/// The same for a bare destination string.
pub fn classify_dest(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    dest: &str,
) -> LinkTarget {
    let dest = dest.trim();
    let path_part = dest.split(['#', '?']).next().unwrap_or("");
    if path_part.is_empty() {
        return LinkTarget::Other;
    }
    // Written links to entries are percent-encoded (`link_edits`): read
    // the slug and the path decoded.
    let decoded = percent_decode(path_part);
    for template in &rules.templates {
        if let Some(slug) = match_template(template, &decoded) {
            return match index.glossary.by_slug(slug) {
                Some(id) => LinkTarget::Entry(id),
                None if index.glossary.is_other_page(slug) => LinkTarget::Other,
                None => LinkTarget::Missing(slug.to_string()),
            };
        }
    }
    if path_part.contains("://") || path_part.starts_with("mailto:") || path_part.starts_with('/') {
        return LinkTarget::Other;
    }
    let Some(dir) = doc_path.and_then(Path::parent) else {
        return LinkTarget::Other;
    };
    let target = config::absolute(dir, Path::new(&decoded));
    let Some(root) = rules.roots.iter().find(|r| target.starts_with(r)) else {
        return LinkTarget::Other;
    };
    if index.glossary.is_anchored_page(&target) {
        // A one-file glossary: the fragment names the entry.
        let fragment = dest.split_once('#').map(|(_, f)| percent_decode(f));
        return match fragment.filter(|f| !f.is_empty()) {
            None => LinkTarget::Other,
            Some(anchor) => match index.glossary.entry_at_anchor(&target, &anchor) {
                Some(id) => LinkTarget::Entry(id),
                None => LinkTarget::Missing(anchor),
            },
        };
    }
    if let Some(id) = entry_at(index, &target) {
        return LinkTarget::Entry(id);
    }
    let is_page = target.extension().is_none() || crate::markdown::is_markdown_path(&target);
    if !is_page || &target == root {
        return LinkTarget::Other;
    }
    let name = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    LinkTarget::Missing(name)
}

fn entry_at(index: &GlossaryIndex, target: &Path) -> Option<EntryId> {
    index
        .glossary
        .entry_at_path(target)
        .or_else(|| index.glossary.entry_at_path(&target.join("index.md")))
}

fn classify_ref(index: &GlossaryIndex, rules: &LinkRules, dest: &str) -> LinkTarget {
    let path = dest.split('#').next().unwrap_or("").trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or(path);
    let last = if last == "index.md" || last == "_index.md" {
        path.rsplit('/').nth(1).unwrap_or(last)
    } else {
        last
    };
    let slug = last.strip_suffix(".md").unwrap_or(last);
    if let Some(id) = index.glossary.by_slug(slug) {
        return LinkTarget::Entry(id);
    }
    let in_glossary_section = rules.roots.iter().any(|root| {
        let under = |section: &str| {
            path.trim_start_matches('/')
                .starts_with(&format!("{section}/"))
        };
        root.file_name().and_then(|n| n.to_str()).is_some_and(under)
            || content_relative(root).is_some_and(|section| under(&section))
    });
    if in_glossary_section {
        LinkTarget::Missing(slug.to_string())
    } else {
        LinkTarget::Other
    }
}

/// `/glossary/{slug}/` against `/glossary/gan/` (or `/glossary/gan`) -> `gan`.
fn match_template<'a>(template: &str, path: &'a str) -> Option<&'a str> {
    let (prefix, suffix) = template.split_once("{slug}")?;
    let rest = path.strip_prefix(prefix)?;
    let slug = rest
        .strip_suffix(suffix)
        .or_else(|| rest.strip_suffix(suffix.trim_end_matches('/')))
        .unwrap_or(if suffix.is_empty() || suffix == "/" {
            rest
        } else {
            ""
        });
    let slug = slug.trim_end_matches('/');
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Ok(b) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or(""), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Whether an occurrence sits in the text of a link to its own entry.
pub fn is_linked(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    prose: &crate::index::Prose,
    occurrence: &crate::index::Occurrence,
) -> bool {
    occurrence
        .link
        .and_then(|l| prose.links.get(l as usize))
        .is_some_and(|link| {
            classify(index, rules, doc_path, link) == LinkTarget::Entry(occurrence.entry)
        })
}

/// The destination to write for a link from the document at `doc_path` to
/// entry `id`, in the configured style.
pub fn link_target(
    index: &GlossaryIndex,
    rules: &LinkRules,
    doc_path: Option<&Path>,
    id: EntryId,
) -> String {
    let entry = index.entry(id);
    let template = rules.templates.first();
    match rules.style {
        LinkStyle::Url => match template {
            Some(t) => t.replace("{slug}", &entry.slug),
            None => format!("/{}/", entry.slug),
        },
        LinkStyle::Ref | LinkStyle::Relref => {
            let name = if rules.style == LinkStyle::Ref {
                "ref"
            } else {
                "relref"
            };
            let folder = entry.path.parent().and_then(|p| {
                if entry.path.ends_with("index.md") {
                    p.parent()
                } else {
                    Some(p)
                }
            });
            let section = folder
                .and_then(content_relative)
                .or_else(|| {
                    folder
                        .and_then(|p| p.file_name())
                        .and_then(|n| n.to_str())
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "glossary".to_string());
            format!("{{{{< {name} \"{section}/{}\" >}}}}", entry.slug)
        }
        LinkStyle::Shorthand => rules
            .shorthands
            .first()
            .cloned()
            .unwrap_or_else(|| "g".to_string()),
        LinkStyle::Relative | LinkStyle::GlossaryTooltip | LinkStyle::MystTerm => {
            match doc_path.and_then(Path::parent) {
                Some(dir) if entry.anchored => {
                    format!("{}#{}", relative_path(dir, &entry.path), entry.slug)
                }
                Some(dir) if !entry.builtin => relative_path(dir, &entry.path),
                _ => match template {
                    Some(t) => t.replace("{slug}", &entry.slug),
                    None => format!("/glossary/{}/", entry.slug),
                },
            }
        }
    }
}

/// The whole reference to entry `id` showing `written`, for the styles
/// that write one instead of a Markdown link: `None` for the others.
pub fn reference_text(
    index: &GlossaryIndex,
    rules: &LinkRules,
    id: EntryId,
    written: &str,
) -> Option<String> {
    let entry = index.entry(id);
    match rules.style {
        LinkStyle::GlossaryTooltip => {
            let term_id = entry.extras().term_id.as_deref().unwrap_or(&entry.slug);
            // A `"` would end the argument: Hugo reads `&quot;` as one.
            let shown = written.replace('"', "&quot;");
            Some(format!(
                "{{{{< glossary_tooltip text=\"{shown}\" term_id=\"{term_id}\" >}}}}"
            ))
        }
        LinkStyle::MystTerm => {
            // Sphinx finds terms whatever their case.
            let same =
                crate::text::fold::fold_term(written) == crate::text::fold::fold_term(&entry.title);
            Some(match same {
                true => format!("{{term}}`{written}`"),
                false => format!("{{term}}`{written} <{}>`", entry.title),
            })
        }
        _ => None,
    }
}

/// A folder's path below the Hugo content folder it is in, as `ref` names
/// pages: `site/content/en/quick-reference/glossary` gives
/// `quick-reference/glossary` (a language folder under `content/` is the
/// content folder of that language).
pub fn content_relative(folder: &Path) -> Option<String> {
    let parts: Vec<&str> = folder
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let content = parts.iter().rposition(|p| *p == "content")?;
    let mut rest = &parts[content + 1..];
    if rest.len() > 1 && is_language_code(rest[0]) {
        rest = &rest[1..];
    }
    (!rest.is_empty()).then(|| rest.join("/"))
}

/// `en`, `ja`, `zh-cn`, `pt-br`: a Hugo language folder's name.
fn is_language_code(name: &str) -> bool {
    let mut parts = name.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A `/`-separated relative path from folder `from` to file `to`.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = config::normalize(from)
        .components()
        .map(|c| c.as_os_str().to_owned())
        .collect();
    let to_norm = config::normalize(to);
    let to: Vec<_> = to_norm
        .components()
        .map(|c| c.as_os_str().to_owned())
        .collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.to_string_lossy().into_owned()),
    );
    let joined = parts.join("/");
    if joined.starts_with("..") {
        joined
    } else {
        format!("./{joined}").trim_start_matches("./").to_string()
    }
}

/// The URL template for entries of a glossary folder: `<site>/content/<section>/`
/// gives `/<section>/{slug}/`.
///
/// Deeper in a Hugo content folder, the path below it (a language folder
/// left out): `content/en/reference/terms` gives `/reference/terms/{slug}/`.
pub fn default_url_template(root: &Path) -> Option<String> {
    if root.starts_with(crate::glossary::builtin::ROOT) {
        let section = root.file_name()?.to_str()?;
        return Some(format!("/{section}/{{slug}}/"));
    }
    content_relative(root).map(|section| format!("/{section}/{{slug}}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(
            match_template("/glossary/{slug}/", "/glossary/gan/"),
            Some("gan")
        );
        assert_eq!(
            match_template("/glossary/{slug}/", "/glossary/gan"),
            Some("gan")
        );
        assert_eq!(match_template("/{slug}/", "/container/"), Some("container"));
        assert_eq!(match_template("/{slug}/", "/a/b/"), None);
        assert_eq!(match_template("/glossary/{slug}/", "/blog/x/"), None);
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(Path::new("/s/docs"), Path::new("/s/glossary/gan.md")),
            "../glossary/gan.md"
        );
        assert_eq!(
            relative_path(Path::new("/s"), Path::new("/s/glossary/gan.md")),
            "glossary/gan.md"
        );
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn content_relative_paths() {
        assert_eq!(
            content_relative(Path::new("/s/content/en/reference/terms")).as_deref(),
            Some("reference/terms")
        );
        assert_eq!(
            content_relative(Path::new("/s/content/glossary")).as_deref(),
            Some("glossary")
        );
        assert_eq!(content_relative(Path::new("/s/docs/glossary")), None);
    }

    #[test]
    fn templates_from_hugo_layout() {
        assert_eq!(
            default_url_template(Path::new("/site/content/glossary")).as_deref(),
            Some("/glossary/{slug}/")
        );
        assert_eq!(default_url_template(Path::new("/site/terms")), None);
        assert_eq!(
            default_url_template(Path::new("/site/content/en/reference/terms")).as_deref(),
            Some("/reference/terms/{slug}/")
        );
    }
}
