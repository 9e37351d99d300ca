//! Kubernetes-website glossaries: one file per term under
//! `content/<lang>/docs/reference/glossary/`, front matter `id`,
//! `short_description`, `full_link`, `aka`, `tags`, a body split at
//! `<!--more-->`; pages name terms with `glossary_tooltip` and
//! `glossary_definition` shortcodes by `term_id`.

use expect_test::expect;
use glossary_ls::config::LinkStyle;
use glossary_ls::features::link_targets::classify;
use glossary_ls::markdown::prose::{DocKind, prose};

use crate::common::fixtures::{Site, completions_at, hover_and_definition};
use crate::common::formats::{linked_all, rules_with, site_index, target_shown};
use crate::common::{glossary_ls, output_text};

const GLOSSARY: &str = "content/en/docs/reference/glossary";

const POD: &str = "---
title: Pod
id: pod
date: 2018-04-12
full_link: /docs/concepts/workloads/pods/
short_description: >
  The smallest and simplest Kubernetes object. A Pod represents a set of running containers on your cluster.

aka:
- Pods group
tags:
- core-object
- fundamental
---
 The smallest and simplest Kubernetes object. A Pod represents a set of running {{< glossary_tooltip text=\"containers\" term_id=\"container\" >}} on your cluster.

<!--more-->

A Pod is typically set up to run a single primary container.
";

/// The file stem and the id differ: references use the id.
const RUNTIME: &str = "---
title: Container Runtime
id: container-runtime
full_link: /docs/setup/production-environment/container-runtimes
short_description: >
 The container runtime is the software that is responsible for running containers.
aka:
tags:
- fundamental
- workload
---
 The container runtime is the software that is responsible for running containers.

<!--more-->

Kubernetes supports container runtimes such as containerd.
";

const CONTAINER: &str = "---
title: Container
id: container
full_link: /docs/concepts/containers/
short_description: >
  A lightweight and portable executable image that contains software and all of its dependencies.
tags:
- fundamental
---
 A lightweight and portable executable image that contains software and all of its dependencies.
";

const PAGE: &str = "---
title: Workloads
---
A {{< glossary_tooltip text=\"Pod\" term_id=\"pod\" >}} runs on a {{< glossary_tooltip term_id=\"container-runtime\" text=\"runtime\" >}}.

{{< glossary_definition term_id=\"pod\" length=\"all\" >}}

A {{< glossary_tooltip text=\"widget\" term_id=\"no-such-term\" >}} is not defined.
Every container here is unlinked.
";

fn site() -> Site {
    Site::with_files(&[
        (
            &format!("{GLOSSARY}/_index.md"),
            "---\ntitle: Glossary\nlayout: glossary\n---\n",
        ),
        (&format!("{GLOSSARY}/pod.md"), POD),
        (&format!("{GLOSSARY}/cri-runtime.md"), RUNTIME),
        (&format!("{GLOSSARY}/container.md"), CONTAINER),
        ("content/en/docs/concepts/workloads.md", PAGE),
    ])
}

#[test]
fn entries_read_id_short_description_tags_and_the_more_divider() {
    let site = site();
    let index = site_index(&site, GLOSSARY);
    let runtime = index.entry(index.glossary.by_term_id("container-runtime").unwrap());
    assert_eq!(runtime.slug, "cri-runtime");
    let pod = index.entry(index.glossary.by_term_id("pod").unwrap());
    let file = std::fs::read_to_string(&*pod.path).unwrap();
    let shown = format!(
        "{} / {:?} / {:?}\nsummary: {}\ndefinition: {}\nlong: {}\ntags: {:?}\nlink: {:?}",
        pod.slug,
        pod.extras().term_id,
        pod.surface_forms,
        pod.summary.as_deref().unwrap_or("-"),
        pod.extras().definition.as_deref().unwrap_or("-"),
        pod.in_depth.clone().map_or("-", |r| &file[r]),
        pod.extras().tags,
        pod.extras().full_link,
    );
    expect![[r#"
        pod / Some("pod") / ["Pod", "Pods group"]
        summary: The smallest and simplest Kubernetes object. A Pod represents a set of running containers on your cluster.
        definition: The smallest and simplest Kubernetes object. A Pod represents a set of running {{< glossary_tooltip text="containers" term_id="container" >}} on your cluster.
        long: A Pod is typically set up to run a single primary container.
        tags: ["core-object", "fundamental"]
        link: Some("/docs/concepts/workloads/pods/")"#]]
    .assert_eq(&shown);
}

#[test]
fn shortcodes_are_links_by_term_id_and_their_text_is_a_linked_occurrence() {
    let site = site();
    let index = site_index(&site, GLOSSARY);
    let rules = rules_with(&index, LinkStyle::Relative);
    let p = prose(PAGE, DocKind::Markdown);
    let occurrences = index.scan(PAGE, &p);
    let mut report = String::new();
    for (i, link) in p.links.iter().enumerate() {
        let target = target_shown(&index, classify(&index, &rules, None, link));
        let linked: Vec<&str> = occurrences
            .iter()
            .filter(|o| o.link == Some(i as u32))
            .map(|o| &PAGE[o.range.clone()])
            .collect();
        report.push_str(&format!(
            "{} -> {target}, linked words {linked:?}\n",
            &PAGE[link.range.clone()]
        ));
    }
    expect![[r#"
        {{< glossary_tooltip text="Pod" term_id="pod" >}} -> pod, linked words ["Pod"]
        {{< glossary_tooltip term_id="container-runtime" text="runtime" >}} -> cri-runtime, linked words []
        {{< glossary_definition term_id="pod" length="all" >}} -> pod, linked words []
        {{< glossary_tooltip text="widget" term_id="no-such-term" >}} -> missing `no-such-term`, linked words []
    "#]]
    .assert_eq(&report);
}

#[test]
fn the_glossary_tooltip_style_writes_the_shortcode_with_the_words_as_written() {
    let site = site();
    let index = site_index(&site, GLOSSARY);
    let rules = rules_with(&index, LinkStyle::GlossaryTooltip);
    let text = "Each Container Runtime starts containers.\n";
    let linked = linked_all(&index, &rules, None, text);
    expect![[r#"
        Each {{< glossary_tooltip text="Container Runtime" term_id="container-runtime" >}} starts {{< glossary_tooltip text="containers" term_id="container" >}}.
    "#]]
    .assert_eq(&linked);
    // Read back, what was written counts as linked: nothing more to link.
    assert_eq!(linked_all(&index, &rules, None, &linked), linked);
}

#[test]
fn check_reports_a_term_id_naming_no_entry_and_says_which_glossary_it_found() {
    let site = site();
    let shown = output_text(&glossary_ls(
        &site.root,
        &["check", "content/en/docs/concepts"],
    ));
    expect![[r#"
        content/en/docs/concepts/workloads.md:8:3: warning: link to glossary entry `no-such-term`, which does not exist (destination `no-such-term`) [broken-link]
        glossary: content/en/docs/reference/glossary (3 entries)
        glossary-ls: 3 entries checked, 1 problem(s), 1 at warning level or above
        glossary-ls: 1 suggested synonym(s) from link texts not shown (--synonyms shows them)
    "#]].assert_eq(&shown);
}

#[tokio::test]
async fn hover_and_go_to_entry_on_a_tooltip_shortcode() {
    let site = site();
    let fixture = PAGE.replace("term_id=\"pod\" >}} runs", "term_id=\"p$0od\" >}} runs");
    let tooltip =
        hover_and_definition(&site, "content/en/docs/concepts/workloads.md", &fixture).await;
    expect![[r#"
        hover 3:2-3:51
        **Pod**

        The smallest and simplest Kubernetes object. A Pod represents a set of running containers on your cluster.

        **Related terms:** [containers]($ROOT/content/en/docs/reference/glossary/container.md)

        **Tags:** core-object, fundamental

        [Read more](/docs/concepts/workloads/pods/)

        [Open the glossary entry]($ROOT/content/en/docs/reference/glossary/pod.md)
        definition $ROOT/content/en/docs/reference/glossary/pod.md:2:8
    "#]].assert_eq(&tooltip);
    // On a glossary_definition: the same entry, over that shortcode.
    let fixture = PAGE.replace("length=\"all\"", "length=\"a$0ll\"");
    let definition =
        hover_and_definition(&site, "content/en/docs/concepts/workloads.md", &fixture).await;
    let (range, rest) = definition.split_once('\n').unwrap();
    assert_eq!(range, "hover 5:0-5:54");
    assert_eq!(Some(rest), tooltip.split_once('\n').map(|(_, rest)| rest));
}

#[tokio::test]
async fn term_ids_complete_inside_the_shortcode() {
    let site = site();
    let fixture = "A {{< glossary_tooltip text=\"runtime\" term_id=\"cont$0 >}}\n";
    expect![[r#"
        Container -> container
        Container Runtime -> container-runtime
        Pod -> pod
    "#]]
    .assert_eq(&completions_at(&site, "content/en/docs/concepts/workloads.md", fixture).await);
}
