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
    position_of,
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


async def look(client: LanguageClient, workspace: Workspace, page: str, text: str, at: str) -> Seen:
    """Opens `page` with `text` and asks hover and go to entry inside the
    first `at`; waits for its diagnostics."""
    uri = open_document(client, workspace, page, text)
    position = position_of(text, at, encoding=client.encoding, delta=len(at) // 2)
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


@pytest.mark.glossary("builtin")
@pytest.mark.files(
    {
        "content/en/docs/reference/glossary/pod.md": KUBERNETES_POD,
        "content/en/docs/reference/glossary/_index.md": "---\ntitle: Glossary\n---\n",
    }
)
async def test_kubernetes_glossary_tooltips(client: LanguageClient, workspace: Workspace):
    text = (
        'Each {{< glossary_tooltip text="Pod" term_id="pod" >}} runs.\n\n'
        'A {{< glossary_tooltip text="gizmo" term_id="gizmo" >}} is not defined.\n'
    )
    seen = await look(client, workspace, "content/en/docs/concepts/pods.md", text, 'term_id="pod"')
    assert seen.hover is not None and seen.hover.startswith("**Pod**")
    assert "A Pod represents a set of running containers" in seen.hover
    assert "**Tags:** fundamental" in seen.hover
    assert seen.target == ("content/en/docs/reference/glossary/pod.md", 2)
    assert seen.codes == ["broken-link"]


ONE_FILE_GLOSSARY = """# Glossary

## Page bundle

A folder holding a page and its resources.

## Shortcode

A template called from content.
"""


@pytest.mark.glossary("builtin")
@pytest.mark.files({"GLOSSARY.md": ONE_FILE_GLOSSARY})
async def test_one_file_markdown_glossary(client: LanguageClient, workspace: Workspace):
    text = "A [page bundle](../GLOSSARY.md#page-bundle), a [thing](../GLOSSARY.md#thing).\n"
    seen = await look(client, workspace, "docs/page.md", text, "page-bundle)")
    assert seen.hover is not None and seen.hover.startswith("**Page bundle**")
    assert "A folder holding a page and its resources." in seen.hover
    assert seen.target == ("GLOSSARY.md", 3)
    assert seen.codes == ["broken-link"]


MKDOCS = """site_name: Docs
markdown_extensions:
  - abbr
  - pymdownx.snippets:
      auto_append:
        - includes/abbreviations.md
"""


@pytest.mark.glossary("builtin")
@pytest.mark.files(
    {
        "mkdocs.yml": MKDOCS,
        "includes/abbreviations.md": "*[W3C]: World Wide Web Consortium\n*[HTML]: Hyper Text Markup Language\n",
    }
)
async def test_mkdocs_abbreviations(client: LanguageClient, workspace: Workspace):
    text = "The W3C writes HTML.\n"
    seen = await look(client, workspace, "docs/index.md", text, "HTML")
    assert seen.hover is not None and seen.hover.startswith("**HTML**")
    assert "Hyper Text Markup Language" in seen.hover
    assert seen.target == ("includes/abbreviations.md", 2)
    assert seen.codes == []


SPHINX_GLOSSARY = """Glossary
========

.. glossary::

   environment
      A structure where information about all documents is kept.

   source directory
      The directory holding the sources.
"""


@pytest.mark.glossary("builtin")
@pytest.mark.files({"docs/glossary.rst": SPHINX_GLOSSARY})
async def test_sphinx_glossary_and_myst_term_roles(client: LanguageClient, workspace: Workspace):
    text = "Each {term}`the environments <environment>` and {term}`builder`.\n"
    seen = await look(client, workspace, "docs/page.md", text, "environments")
    assert seen.hover is not None and seen.hover.startswith("**environment**")
    assert "A structure where information about all documents is kept." in seen.hover
    assert seen.target == ("docs/glossary.rst", 6)
    assert seen.codes == ["broken-link"]
