"""The glossary shapes other documentation tools keep, through the real
server: each workspace holds only that shape, found where the tool keeps it,
and a page that names its terms in the tool's own reference syntax. For
each, a reader gets the entry in hover, lands on the entry's own line with
go to entry, and sees `broken-link` on a reference that names no entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from lsp_helpers import (
    Workspace,
    hover_text,
    locations,
    open_document,
    position_at,
    uri_to_path,
    wait_until,
    within,
)


@dataclass
class Seen:
    hover: str | None
    #: The entry's file and the line go to entry lands on (from 1).
    target: tuple[str, int] | None
    codes: list[str]


async def look(client: LanguageClient, workspace: Workspace, page: str, fixture: str) -> Seen:
    """Opens `page` with `fixture` (its `$0` marks the cursor) and asks
    hover and go to entry there; waits for its diagnostics."""
    cursor = fixture.index("$0")
    text = fixture.replace("$0", "", 1)
    uri = open_document(client, workspace, page, text)
    position = position_at(text, cursor, client.encoding)
    doc = lsp.TextDocumentIdentifier(uri=uri)
    hover = await within(client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=position)))
    found = locations(
        await within(
            client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=position))
        )
    )
    target = None
    if found:
        path = uri_to_path(found[0][0]).resolve().relative_to(workspace.root.resolve())
        target = (path.as_posix(), found[0][1].start.line + 1)
    await wait_until(lambda: uri in client.diagnostics, f"diagnostics for {uri}")
    return Seen(hover_text(hover), target, sorted(str(d.code) for d in client.diagnostics[uri]))


KUBERNETES_POD = """---
title: Pod
id: pod
full_link: /docs/concepts/workloads/pods/
short_description: >
  A Pod represents a set of running containers on your cluster.
tags:
- fundamental
---
The smallest and simplest Kubernetes object.
<!--more-->
A Pod is typically set up to run a single primary container.
"""

ONE_FILE_GLOSSARY = """# Glossary

## Page bundle

A folder holding a page and its resources.

## Shortcode

A template called from content.
"""

MKDOCS = """site_name: Docs
markdown_extensions:
  - abbr
  - pymdownx.snippets:
      auto_append:
        - includes/abbreviations.md
"""

SPHINX_GLOSSARY = """Glossary
========

.. glossary::

   environment
      A structure where information about all documents is kept.

   source directory
      The directory holding the sources.
"""


@dataclass
class Shape:
    """A workspace holding one glossary shape and a page (its `$0` marks
    the cursor) that refers to it."""

    files: dict[str, str]
    page: str
    fixture: str


@dataclass
class Expected:
    """What a reader sees at the cursor: the hover starts with `title` in
    bold and holds `hover_holds`; go to entry lands on `target`."""

    title: str
    hover_holds: list[str]
    target: tuple[str, int]
    codes: list[str]


KUBERNETES_PAGE = """Each {{< glossary_tooltip text="Pod" term_id="p$0od" >}} runs.

A {{< glossary_tooltip text="gizmo" term_id="gizmo" >}} is not defined.
"""

KUBERNETES_FILES = {
    "content/en/docs/reference/glossary/pod.md": KUBERNETES_POD,
    "content/en/docs/reference/glossary/_index.md": "---\ntitle: Glossary\n---\n",
}

MKDOCS_FILES = {
    "mkdocs.yml": MKDOCS,
    "includes/abbreviations.md": "*[W3C]: World Wide Web Consortium\n*[HTML]: Hyper Text Markup Language\n",
}

SHAPES = {
    "kubernetes glossary_tooltip": (
        Shape(KUBERNETES_FILES, "content/en/docs/concepts/pods.md", KUBERNETES_PAGE),
        Expected(
            "Pod",
            ["A Pod represents a set of running containers", "**Tags:** fundamental"],
            ("content/en/docs/reference/glossary/pod.md", 2),
            ["broken-link"],
        ),
    ),
    "one-file markdown glossary": (
        Shape(
            {"GLOSSARY.md": ONE_FILE_GLOSSARY},
            "docs/page.md",
            "A [page bundle](../GLOSSARY.md#page-$0bundle), a [thing](../GLOSSARY.md#thing).\n",
        ),
        Expected("Page bundle", ["A folder holding a page and its resources."], ("GLOSSARY.md", 3), ["broken-link"]),
    ),
    "mkdocs abbreviations": (
        Shape(MKDOCS_FILES, "docs/index.md", "The W3C writes HT$0ML.\n"),
        Expected("HTML", ["Hyper Text Markup Language"], ("includes/abbreviations.md", 2), []),
    ),
    "sphinx glossary and myst term roles": (
        Shape(
            {"docs/glossary.rst": SPHINX_GLOSSARY},
            "docs/page.md",
            "Each {term}`the envir$0onments <environment>` and {term}`builder`.\n",
        ),
        Expected(
            "environment",
            ["A structure where information about all documents is kept."],
            ("docs/glossary.rst", 6),
            ["broken-link"],
        ),
    ),
}


@pytest.mark.glossary("builtin")
@pytest.mark.parametrize(
    ("shape", "expected"),
    [pytest.param(*case, id=name, marks=pytest.mark.files(case[0].files)) for name, case in SHAPES.items()],
)
async def test_glossary_shape(client: LanguageClient, workspace: Workspace, shape: Shape, expected: Expected):
    seen = await look(client, workspace, shape.page, shape.fixture)
    assert seen.hover is not None and seen.hover.startswith(f"**{expected.title}**"), seen.hover
    for part in expected.hover_holds:
        assert part in seen.hover
    assert seen.target == expected.target
    assert seen.codes == expected.codes
