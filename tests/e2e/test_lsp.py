"""The real server, driven by pytest-lsp with the client capabilities of
VS Code and of Neovim (the snapshots pytest-lsp ships), checked against the
LSP specification.

Every test that takes the `client` fixture runs twice, once per client.
Positions are computed in the encoding the server negotiated with that
client, so the same test checks UTF-16 (VS Code) and UTF-8 (Neovim 0.11).
"""

from __future__ import annotations

import asyncio
import copy
import re
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities

from lsp_helpers import (
    EXIT_TIMEOUT,
    SUMMARIES,
    Workspace,
    apply_workspace_edit,
    change_document,
    completion_items,
    document_text,
    document_version,
    eventually,
    hover_text,
    locations,
    open_document,
    position_at,
    position_of,
    range_of,
    replace_in_document,
    stop_session,
    text_at,
    uri_to_path,
    wait_until,
    within,
)
from pending import CAPABILITY_OF, PENDING

REPO = Path(__file__).resolve().parents[2]


def doc_id(uri: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=uri)


async def hover(client: LanguageClient, uri: str, position: lsp.Position) -> lsp.Hover | None:
    return await within(
        client.text_document_hover_async(
            lsp.HoverParams(text_document=doc_id(uri), position=position)
        )
    )


async def hover_on(client: LanguageClient, uri: str, needle: str, nth: int = 0) -> str | None:
    """The hover text over the middle of the `nth` `needle` in an open document."""
    text = document_text(client, uri)
    position = position_of(text, needle, encoding=client.encoding, nth=nth, delta=len(needle) // 2)
    return hover_text(await hover(client, uri, position))


def builtin_summary(slug: str) -> str:
    """The Summary paragraph of a built-in entry, from content/glossary/."""
    text = (REPO / "content" / "glossary" / f"{slug}.md").read_text(encoding="utf-8")
    section = text.split("### Summary", 1)[1]
    return section.strip().split("\n\n", 1)[0].split("\n###", 1)[0].strip()


# --- Lifecycle --------------------------------------------------------------


async def test_initialize_negotiates_the_client_encoding(client: LanguageClient):
    result = client.init_result
    assert result.server_info is not None and result.server_info.name == "glossary-ls"
    caps = result.capabilities
    assert caps.hover_provider
    assert caps.definition_provider
    assert caps.completion_provider is not None
    sync = caps.text_document_sync
    assert isinstance(sync, lsp.TextDocumentSyncOptions)
    assert sync.open_close
    assert sync.change == lsp.TextDocumentSyncKind.Incremental
    # VS Code 1.65 offers no position encodings (so UTF-16, the default);
    # Neovim 0.11 offers utf-8 first.
    expected = {"visual-studio-code": "utf-16", "neovim": "utf-8"}[client.client_name]
    assert client.encoding == expected
    if expected == "utf-8":
        assert caps.position_encoding == lsp.PositionEncodingKind.Utf8
    else:
        assert caps.position_encoding in (None, lsp.PositionEncodingKind.Utf16)


async def test_pending_list_is_current(client: LanguageClient):
    """Fails once the server announces a feature still listed as pending,
    so that its tests get switched on."""
    caps = client.init_result.capabilities
    for feature, attribute in CAPABILITY_OF.items():
        if feature in PENDING:
            assert getattr(caps, attribute) is None, (
                f"the server now announces {attribute}: take {feature!r} off PENDING in "
                "tests/e2e/pending.py so that its end-to-end tests run"
            )


@pytest.mark.feature("exitAfterShutdown")
@pytest.mark.parametrize("name", ["visual-studio-code", "neovim"])
async def test_the_server_exits_after_shutdown_and_exit(start_client, name: str):
    """An editor closed right after it started the server: `shutdown` and
    `exit` while the server may still be busy with `initialized` (asking for
    settings, registering file watchers). The server must exit, with code 0."""
    for attempt in range(20):
        client = await start_client(client_capabilities(name))
        code = await stop_session(client)
        assert code == 0, f"attempt {attempt}: the server " + (
            f"exited with {code}" if code is not None else f"was still running {EXIT_TIMEOUT:g} s after exit"
        )


# --- Hover ------------------------------------------------------------------


async def test_hover_shows_the_summary(client: LanguageClient, workspace: Workspace):
    text = "# Notes\n\nEvery widget needs a sprocket.\n"
    uri = open_document(client, workspace, "notes.md", text)
    enc = client.encoding

    result = await hover(client, uri, position_of(text, "widget", encoding=enc, delta=3))
    assert result is not None, "no hover over a glossary term"
    assert isinstance(result.contents, lsp.MarkupContent)
    # Only a format the client said it can show.
    formats = client.capabilities.text_document.hover.content_format
    assert result.contents.kind in formats
    markdown = result.contents.value
    assert "Widget" in markdown.splitlines()[0], "the hover starts with the entry's title"
    assert SUMMARIES["widget"] in markdown
    assert SUMMARIES["sprocket"] not in markdown
    # The hover is about the term as written.
    assert result.range == range_of(text, "widget", encoding=enc)

    # At the first and the last character of the term too, not after it.
    assert await hover(client, uri, position_of(text, "widget", encoding=enc)) is not None
    other = hover_text(await hover(client, uri, position_of(text, "sprocket", encoding=enc, delta=7)))
    assert other is not None and SUMMARIES["sprocket"] in other
    assert await hover(client, uri, position_of(text, "needs", encoding=enc, delta=2)) is None


@pytest.mark.glossary("builtin")
async def test_hover_with_the_builtin_glossary(client: LanguageClient, workspace: Workspace):
    text = "# Notes\n\nWe moved from classic statistics to deep learning last year.\n"
    uri = open_document(client, workspace, "notes.md", text)
    markdown = await hover_on(client, uri, "deep learning")
    assert markdown is not None
    assert "Deep Learning" in markdown.splitlines()[0]
    assert builtin_summary("deep-learning") in markdown


async def test_hover_follows_incremental_changes(client: LanguageClient, workspace: Workspace):
    text = "# Notes\n\nEvery thing needs care.\n"
    uri = open_document(client, workspace, "notes.md", text)
    assert await hover_on(client, uri, "thing") is None
    replace_in_document(client, uri, "thing", "gadget")
    markdown = await hover_on(client, uri, "gadget")
    assert markdown is not None and SUMMARIES["gadget"] in markdown
    # A line inserted above moves everything down.
    change_document(client, uri, lsp.Position(line=0, character=0), lsp.Position(line=0, character=0), "Intro\n\n")
    markdown = await hover_on(client, uri, "gadget")
    assert markdown is not None and SUMMARIES["gadget"] in markdown


# --- Go to entry ------------------------------------------------------------


async def test_definition_goes_to_the_entry_at_its_title(client: LanguageClient, workspace: Workspace):
    text = "# Notes\n\nEvery widget needs a sprocket.\n"
    uri = open_document(client, workspace, "notes.md", text)
    enc = client.encoding
    entry = workspace.entry("sprocket")
    entry_text = entry.read_text(encoding="utf-8")
    title = range_of(entry_text, "Sprocket", encoding=enc)
    assert title.start.line == 1, "the test glossary has the title on line 2"

    at = position_of(text, "sprocket", encoding=enc, delta=4)
    params = lsp.DefinitionParams(text_document=doc_id(uri), position=at)
    result = await within(client.text_document_definition_async(params))
    found = locations(result)
    assert len(found) == 1, found
    target, selection = found[0]
    assert uri_to_path(target) == entry.resolve()
    assert selection == title
    if client.capabilities.text_document.definition.link_support:
        # Both clients take LocationLinks: the origin is the term.
        assert isinstance(result, list) and isinstance(result[0], lsp.LocationLink)
        assert result[0].origin_selection_range == range_of(text, "sprocket", encoding=enc)

    declaration = await within(
        client.text_document_declaration_async(
            lsp.DeclarationParams(text_document=doc_id(uri), position=at)
        )
    )
    assert [(uri_to_path(u), r) for u, r in locations(declaration)] == [(entry.resolve(), title)]

    nothing = await within(
        client.text_document_definition_async(
            lsp.DefinitionParams(
                text_document=doc_id(uri), position=position_of(text, "Every", encoding=enc)
            )
        )
    )
    assert locations(nothing) == []


@pytest.mark.glossary("builtin")
async def test_definition_of_a_builtin_term_opens_a_real_file(
    client: LanguageClient, workspace: Workspace
):
    text = "Deep Learning changed everything.\n"
    uri = open_document(client, workspace, "notes.md", text)
    result = await within(
        client.text_document_definition_async(
            lsp.DefinitionParams(
                text_document=doc_id(uri), position=lsp.Position(line=0, character=2)
            )
        )
    )
    found = locations(result)
    assert len(found) == 1, found
    target, selection = found[0]
    path = uri_to_path(target)
    assert path.is_file(), f"go to entry points at {path}, which does not exist"
    entry_text = path.read_text(encoding="utf-8")
    assert text_at(entry_text, selection, client.encoding) == "Deep Learning"
    assert entry_text.splitlines()[selection.start.line].startswith("title:")


# --- Completion -------------------------------------------------------------


@pytest.mark.glossary("builtin")
async def test_completion_lists_related_terms_first(client: LanguageClient, workspace: Workspace):
    text = "# Notes\n\nDeep Learning changed how we build models.\n\nNext we try t"
    uri = open_document(client, workspace, "notes.md", text)
    enc = client.encoding
    end = position_at(text, len(text), enc)
    result = await within(
        client.text_document_completion_async(
            lsp.CompletionParams(
                text_document=doc_id(uri),
                position=end,
                context=lsp.CompletionContext(trigger_kind=lsp.CompletionTriggerKind.Invoked),
            )
        )
    )
    items = completion_items(result)
    labels = [item.label for item in items]

    def index(title: str) -> int:
        for i, label in enumerate(labels):
            if label.lower().startswith(title.lower()):
                return i
        raise AssertionError(f"{title!r} is not offered: {labels}")

    # Transformer and Transfer Learning are related to Deep Learning;
    # Tokenization and Training Data are not, and come first alphabetically.
    related = [index("Transformer"), index("Transfer Learning")]
    unrelated = [index("Tokenization"), index("Training Data")]
    assert max(related) < min(unrelated), labels
    assert labels[0].lower().startswith(("transformer", "transfer learning")), labels

    # Each item replaces the typed "t" and nothing else.
    typed = lsp.Range(start=position_at(text, len(text) - 1, enc), end=end)
    for item in items:
        edit = item.text_edit
        if edit is None:
            continue
        replaced = edit.range if isinstance(edit, lsp.TextEdit) else edit.replace
        assert replaced == typed, (item.label, replaced)
    top = items[0]
    assert isinstance(top.text_edit, lsp.TextEdit)
    assert top.text_edit.new_text == top.label


# --- Position encodings -----------------------------------------------------


def _neovim_utf16_only() -> lsp.ClientCapabilities:
    caps = copy.deepcopy(client_capabilities("neovim"))
    caps.general.position_encodings = [lsp.PositionEncodingKind.Utf16]
    return caps


ENCODING_CLIENTS = {
    # name: (capabilities, the encoding the server must pick)
    "vscode-utf16": (lambda: client_capabilities("visual-studio-code"), "utf-16"),
    "neovim-utf8": (lambda: client_capabilities("neovim"), "utf-8"),
    "neovim-utf16-only": (_neovim_utf16_only, "utf-16"),
}


@pytest.mark.parametrize("name", list(ENCODING_CLIENTS))
async def test_positions_after_emoji_in_the_negotiated_encoding(start_client, workspace: Workspace, name: str):
    capabilities, expected = ENCODING_CLIENTS[name]
    client = await start_client(capabilities())
    assert client.encoding == expected

    text = "# Party\n\n🎉🎉🎉🎉 The widget of the day, é and 😀 before a sprocket.\n"
    uri = open_document(client, workspace, "party.md", text)
    enc = client.encoding
    start = position_of(text, "widget", encoding=enc)
    # Four emoji are 8 UTF-16 code units but 16 UTF-8 bytes.
    assert start.character == {"utf-16": 13, "utf-8": 21}[enc]

    result = await hover(client, uri, start)
    assert result is not None and SUMMARIES["widget"] in hover_text(result)
    assert result.range == range_of(text, "widget", encoding=enc)

    # The other encoding's column is not on the term: a server that mixed
    # up the encodings would answer there.
    wrong = {"utf-16": 21, "utf-8": 13}[enc]
    misplaced = hover_text(await hover(client, uri, lsp.Position(line=2, character=wrong)))
    assert misplaced is None or SUMMARIES["widget"] not in misplaced

    sprocket = position_of(text, "sprocket", encoding=enc, delta=2)
    definition = await within(
        client.text_document_definition_async(lsp.DefinitionParams(text_document=doc_id(uri), position=sprocket))
    )
    assert isinstance(definition, list) and isinstance(definition[0], lsp.LocationLink)
    assert definition[0].origin_selection_range == range_of(text, "sprocket", encoding=enc)

    # An incremental edit in the same encoding, right after the emoji.
    text = change_document(client, uri, start, start, "🚀 gadget and ")
    markdown = await hover_on(client, uri, "gadget")
    assert markdown is not None and SUMMARIES["gadget"] in markdown
    result = await hover(client, uri, position_of(text, "widget", encoding=enc, delta=1))
    assert result is not None and result.range == range_of(text, "widget", encoding=enc)

    # Completion after the emoji replaces exactly the typed word.
    line_end = position_of(text, "sprocket.", encoding=enc, delta=len("sprocket."))
    text = change_document(client, uri, line_end, line_end, " 🎈 Gi")
    end = position_of(text, " Gi", encoding=enc, delta=3)
    result = await within(
        client.text_document_completion_async(lsp.CompletionParams(text_document=doc_id(uri), position=end))
    )
    items = completion_items(result)
    gizmo = next(item for item in items if item.label == "Gizmo")
    assert isinstance(gizmo.text_edit, lsp.TextEdit)
    assert gizmo.text_edit.range == range_of(text, "Gi", encoding=enc, nth=0)


# --- Code actions -----------------------------------------------------------


async def code_actions(
    client: LanguageClient, uri: str, range_: lsp.Range, only=None, diagnostics=None
) -> list[lsp.CodeAction]:
    result = await within(
        client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=doc_id(uri),
                range=range_,
                context=lsp.CodeActionContext(
                    diagnostics=diagnostics or [],
                    only=only,
                    trigger_kind=lsp.CodeActionTriggerKind.Invoked,
                ),
            )
        )
    )
    out = []
    for action in result or []:
        assert isinstance(action, lsp.CodeAction), f"a bare Command where a CodeAction was expected: {action}"
        out.append(action)
    return out


async def action_edit(client: LanguageClient, action: lsp.CodeAction) -> lsp.WorkspaceEdit:
    """The action's edit, resolved if the server left it for later."""
    if action.edit is None:
        assert action.data is not None, f"action with neither edit nor data: {action}"
        action = await within(client.code_action_resolve_async(action))
    assert action.edit is not None, f"action without an edit: {action}"
    return action.edit


async def apply_action(client: LanguageClient, uri: str, action: lsp.CodeAction) -> str:
    """The text of `uri` after the action's edit, applied as an editor does;
    the edit must be made for the document's current version."""
    edit = await action_edit(client, action)
    texts = {uri: document_text(client, uri)}
    versions = {uri: document_version(client, uri)}
    return apply_workspace_edit(texts, edit, client.encoding, versions)[uri]


def whole(text: str, enc: str) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=0, character=0), end=position_at(text, len(text), enc))


@pytest.mark.feature("codeAction")
async def test_quick_fix_links_the_term_under_the_cursor(client: LanguageClient, workspace: Workspace):
    text = "# Notes\n\n🎉 Every widget needs a sprocket.\n"
    uri = open_document(client, workspace, "docs/notes.md", text)
    enc = client.encoding
    cursor = position_of(text, "widget", encoding=enc, delta=3)
    actions = await code_actions(client, uri, lsp.Range(start=cursor, end=cursor))
    fixes = [a for a in actions if a.kind == lsp.CodeActionKind.QuickFix]
    assert [a.title for a in fixes] == ["Link 'widget' to its glossary entry"]
    out = await apply_action(client, uri, fixes[0])
    assert out == "# Notes\n\n🎉 Every [widget](../content/glossary/widget.md) needs a sprocket.\n"

    # Nothing to link where there is no term.
    cursor = position_of(text, "needs", encoding=enc, delta=1)
    actions = await code_actions(client, uri, lsp.Range(start=cursor, end=cursor), only=[lsp.CodeActionKind.QuickFix])
    assert actions == []


LINK_ALL = "source.glossary.linkAll"

LINK_ALL_BEFORE = """\
---
title: "Release notes"
---

# Release notes

Every widget needs a sprocket. A second widget, and [our gadget](../content/glossary/gadget.md).

```text
a widget in code stays as it is
```

Gadgets are fun. A 🎉 gizmo too, and a sprocket again.
"""

LINK_ALL_AFTER = """\
---
title: "Release notes"
---

# Release notes

Every [widget](../content/glossary/widget.md) needs a [sprocket](../content/glossary/sprocket.md). A second widget, and [our gadget](../content/glossary/gadget.md).

```text
a widget in code stays as it is
```

Gadgets are fun. A 🎉 [gizmo](../content/glossary/gizmo.md) too, and a sprocket again.
"""


@pytest.mark.feature("codeAction")
async def test_link_all_source_action(client: LanguageClient, workspace: Workspace):
    uri = open_document(client, workspace, "docs/notes.md", LINK_ALL_BEFORE)
    enc = client.encoding
    actions = await code_actions(client, uri, whole(LINK_ALL_BEFORE, enc), only=[LINK_ALL])
    assert [(a.kind, a.title) for a in actions] == [
        (LINK_ALL, "Link the first occurrence of every glossary term")
    ]
    out = await apply_action(client, uri, actions[0])
    assert out == LINK_ALL_AFTER

    # "Source Action..." asks for the kind `source`, which covers it.
    cursor = lsp.Position(line=0, character=0)
    kinds = [a.kind for a in await code_actions(client, uri, lsp.Range(start=cursor, end=cursor), only=[lsp.CodeActionKind.Source])]
    assert LINK_ALL in kinds

    # Once applied, there is nothing left to link.
    change_document(client, uri, lsp.Position(line=0, character=0), position_at(LINK_ALL_BEFORE, len(LINK_ALL_BEFORE), enc), out)
    again = await code_actions(client, uri, whole(out, enc), only=[LINK_ALL])
    for action in again:
        edit = await action_edit(client, action)
        assert apply_workspace_edit({uri: out}, edit, enc)[uri] == out


# --- Diagnostics ------------------------------------------------------------


def diagnostics_of(client: LanguageClient, uri: str) -> list[lsp.Diagnostic] | None:
    return client.diagnostics.get(uri)


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics or [])


async def wait_for_codes(client: LanguageClient, uri: str, expected: list[str]) -> list[lsp.Diagnostic]:
    def settled():
        found = diagnostics_of(client, uri)
        return found is not None and codes(found) == sorted(expected)

    await wait_until(settled, f"diagnostics {expected} for {uri} (last: {codes(diagnostics_of(client, uri))})")
    return list(diagnostics_of(client, uri))


def check_published_version(client: LanguageClient, uri: str) -> None:
    """The last diagnostics published for `uri` belong to its current version."""
    last = [p for p in client.publications if p.uri == uri][-1]
    if last.version is not None:
        assert last.version == document_version(client, uri)


@pytest.mark.feature("diagnostics")
async def test_diagnostics_after_open_and_after_change(client: LanguageClient, workspace: Workspace):
    text = (
        "# Notes\n\n"
        "See the [whatsit](/glossary/whatsit/) and the [flux capacitor](/glossary/flux-capacitor/).\n\n"
        "A [widget](/glossary/widget/) is fine, and so is [that](https://example.com/).\n"
    )
    uri = open_document(client, workspace, "notes.md", text)
    enc = client.encoding
    found = await wait_for_codes(client, uri, ["broken-link", "draft-link"])
    by_code = {d.code: d for d in found}
    for d in found:
        assert d.source == "glossary-ls"
    broken = by_code["broken-link"]
    assert broken.severity == lsp.DiagnosticSeverity.Warning
    assert "/glossary/whatsit/" in text_at(text, broken.range, enc)
    assert "flux" not in text_at(text, broken.range, enc)
    draft = by_code["draft-link"]
    assert draft.severity == lsp.DiagnosticSeverity.Information
    assert "/glossary/flux-capacitor/" in text_at(text, draft.range, enc)
    check_published_version(client, uri)

    # Fixing the broken link leaves the draft link, where it now is.
    text = replace_in_document(client, uri, "/glossary/whatsit/", "/glossary/gizmo/")
    [draft] = await wait_for_codes(client, uri, ["draft-link"])
    assert "/glossary/flux-capacitor/" in text_at(text, draft.range, enc)
    check_published_version(client, uri)

    # With both gone, the client is told that nothing is left.
    replace_in_document(client, uri, "/glossary/flux-capacitor/", "/glossary/gadget/")
    await wait_for_codes(client, uri, [])

    # And a new broken link is reported again.
    text = replace_in_document(client, uri, "/glossary/widget/", "/glossary/wigdet/")
    [broken] = await wait_for_codes(client, uri, ["broken-link"])
    assert "/glossary/wigdet/" in text_at(text, broken.range, enc)
    check_published_version(client, uri)


@pytest.mark.feature("diagnostics")
async def test_glossary_problems_are_reported_on_the_entry(client: LanguageClient, workspace: Workspace):
    entry = workspace.entry("gizmo")
    text = entry.read_text(encoding="utf-8")
    uri = open_document(client, workspace, "content/glossary/gizmo.md", text, on_disk=False)
    found = await wait_until(
        lambda: [d for d in diagnostics_of(client, uri) or [] if d.code == "unresolved-related-term"],
        "an unresolved-related-term diagnostic on gizmo.md",
    )
    [problem] = found
    assert problem.source == "glossary-ls"
    assert problem.severity == lsp.DiagnosticSeverity.Warning
    assert text_at(text, problem.range, client.encoding) == "Whatsit"


@pytest.mark.feature("codeAction")
@pytest.mark.files(
    {
        "docs/a.md": "Each [chain wheels](../content/glossary/sprocket.md) turns.\n",
        "docs/b.md": "Two [chain wheels](../content/glossary/sprocket.md) and [a gizmo](../content/glossary/gizmo.md).\n",
    }
)
async def test_link_texts_suggest_a_synonym_that_the_quick_fix_adds(client: LanguageClient, workspace: Workspace):
    text = workspace.entry("sprocket").read_text(encoding="utf-8")
    uri = open_document(client, workspace, "content/glossary/sprocket.md", text, on_disk=False)
    [suggested] = await wait_for_codes(client, uri, ["suggested-synonym"])
    assert suggested.severity == lsp.DiagnosticSeverity.Information
    assert suggested.message.startswith("`chain wheels` is the text of 2 links to this entry (in 2 documents)")
    assert text_at(text, suggested.range, client.encoding) == "Sprocket"
    actions = await code_actions(
        client, uri, suggested.range, only=[lsp.CodeActionKind.QuickFix], diagnostics=[suggested]
    )
    assert [a.title for a in actions] == ["Add 'chain wheels' to this entry's synonyms"]
    out = await apply_action(client, uri, actions[0])
    assert out == text.replace('title: "Sprocket"\n', 'title: "Sprocket"\nsynonyms: [chain wheels]\n')


# --- Document links ---------------------------------------------------------


@pytest.mark.feature("documentLink")
# Whether tooltips are sent only to clients that take them is checked by
# `test_document_link_tooltips_only_for_clients_that_take_them`.
@pytest.mark.filterwarnings("ignore:Client does not support tooltips")
async def test_document_links_point_at_entry_files(client: LanguageClient, workspace: Workspace):
    links_to = "A [widget](/glossary/widget/), a [gadget](../content/glossary/gadget.md), a [whatsit](/glossary/whatsit/)"
    text = f"# Notes\n\n🎉 {links_to} and [the web](https://example.com/).\n"
    links = await resolved_document_links(client, open_document(client, workspace, "docs/notes.md", text))
    targets = {}
    for link in links:
        if link.target and link.target.startswith("file:"):
            path = uri_to_path(link.target)
            assert path.exists(), f"document link to a missing file {path}"
            targets[path] = text_at(text, link.range, client.encoding)
    assert "/glossary/widget/" in targets.get(workspace.entry("widget").resolve(), ""), targets
    assert "../content/glossary/gadget.md" in targets.get(workspace.entry("gadget").resolve(), ""), targets
    for link in links:
        assert "whatsit" not in text_at(text, link.range, client.encoding) or not link.target


async def resolved_document_links(client: LanguageClient, uri: str) -> list:
    """The document's links, each resolved when the server left its target for later."""
    result = await within(
        client.text_document_document_link_async(lsp.DocumentLinkParams(text_document=doc_id(uri)))
    )
    links = []
    for link in result or []:
        if link.target is None and link.data is not None:
            link = await within(client.document_link_resolve_async(link))
        links.append(link)
    return links


@pytest.mark.feature("documentLinkTooltipSupport")
async def test_document_link_tooltips_only_for_clients_that_take_them(client: LanguageClient, workspace: Workspace):
    """pytest-lsp turns a tooltip sent to a client without tooltipSupport
    (the Neovim snapshot) into an error (pytest.ini: filterwarnings)."""
    uri = open_document(client, workspace, "notes.md", "A [widget](/glossary/widget/).\n")
    links = await within(
        client.text_document_document_link_async(lsp.DocumentLinkParams(text_document=doc_id(uri)))
    )
    assert links


# --- References -------------------------------------------------------------


@pytest.mark.feature("references")
async def test_references_find_every_use_of_the_entry(client: LanguageClient, workspace: Workspace):
    a = "# A\n\nA widget here. Two widgets there, a [thing](/glossary/widget/).\n"
    b = "# B\n\n🎉 The Widget again, and a gadget.\n"
    ua = open_document(client, workspace, "docs/a.md", a)
    ub = open_document(client, workspace, "docs/b.md", b)
    enc = client.encoding
    texts = {ua: a, ub: b}

    async def references(include_declaration: bool) -> set[tuple[str, tuple]]:
        result = await within(
            client.text_document_references_async(
                lsp.ReferenceParams(
                    text_document=doc_id(ua),
                    position=position_of(a, "widget", encoding=enc, delta=1),
                    context=lsp.ReferenceContext(include_declaration=include_declaration),
                )
            )
        )
        out = set()
        for location in result or []:
            text = texts.get(location.uri) or uri_to_path(location.uri).read_text(encoding="utf-8")
            assert "widget" in text_at(text, location.range, enc).lower(), location
            r = location.range
            out.add((location.uri, (r.start.line, r.start.character, r.end.line, r.end.character)))
        return out

    def key(uri: str, r: lsp.Range):
        return (uri, (r.start.line, r.start.character, r.end.line, r.end.character))

    expected = {
        key(ua, range_of(a, "widget", encoding=enc)),
        key(ua, range_of(a, "widgets", encoding=enc)),
        key(ub, range_of(b, "Widget", encoding=enc)),
    }
    entry = workspace.entry("widget")
    declaration = key(entry.as_uri(), range_of(entry.read_text(encoding="utf-8"), "Widget", encoding=enc))

    without = await references(False)
    assert expected <= without, without
    assert any(uri == ua and "thing" in text_at(a, lsp.Range(start=lsp.Position(line=r[0], character=r[1]), end=lsp.Position(line=r[2], character=r[3])), enc)
               for uri, r in without), "the link [thing](/glossary/widget/) names the entry too"
    assert declaration not in without
    assert declaration in await references(True)


# --- Workspace symbols ------------------------------------------------------


@pytest.mark.feature("workspaceSymbol")
async def test_workspace_symbols_are_the_entries(client: LanguageClient, workspace: Workspace):
    result = await within(client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="widg")))
    symbols = list(result or [])
    assert symbols and symbols[0].name == "Widget", [s.name for s in symbols]
    location = symbols[0].location
    entry = workspace.entry("widget").resolve()
    assert uri_to_path(location.uri) == entry
    if isinstance(location, lsp.Location):
        title = range_of(entry.read_text(encoding="utf-8"), "Widget", encoding=client.encoding)
        assert location.range.start.line <= title.start.line <= location.range.end.line

    everything = await within(client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="")))
    assert {s.name for s in everything or []} >= {"Widget", "Gadget", "Sprocket", "Gizmo", "Flux Capacitor"}
    none = await within(client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="qqqzzz")))
    assert not none


# --- Semantic tokens --------------------------------------------------------


@pytest.mark.feature("semanticTokens")
async def test_semantic_tokens_mark_the_terms(client: LanguageClient, workspace: Workspace):
    provider = client.init_result.capabilities.semantic_tokens_provider
    assert provider is not None and provider.legend.token_types
    text = "# Notes\n\n🎉 A widget and a sprocket.\n\n```\nwidget in code\n```\n"
    uri = open_document(client, workspace, "notes.md", text)
    enc = client.encoding
    result = await within(
        client.text_document_semantic_tokens_full_async(lsp.SemanticTokensParams(text_document=doc_id(uri)))
    )
    assert result is not None
    data = result.data
    assert len(data) % 5 == 0
    tokens = []
    line = char = 0
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, _modifiers = data[i : i + 5]
        line += delta_line
        char = delta_start if delta_line else char + delta_start
        assert kind < len(provider.legend.token_types)
        tokens.append((line, char, length))
    expected = []
    for needle in ("widget", "sprocket"):
        r = range_of(text, needle, encoding=enc)
        expected.append((r.start.line, r.start.character, r.end.character - r.start.character))
    assert tokens == expected


# --- Live reload ------------------------------------------------------------


async def wait_for_hover(client: LanguageClient, uri: str, needle: str, wanted: str | None, what: str) -> str | None:
    """Hovers over `needle` until the hover holds `wanted` (or until there
    is no hover, for `wanted=None`)."""
    return await eventually(
        lambda: hover_on(client, uri, needle),
        lambda found: found is None if wanted is None else (found is not None and wanted in found),
        what,
    )


@pytest.mark.feature("liveReload")
async def test_editing_an_open_entry_updates_hovers_without_saving(client: LanguageClient, workspace: Workspace):
    uri = open_document(client, workspace, "notes.md", "Every widget needs a sprocket.\n")
    entry = workspace.entry("widget")
    on_disk = entry.read_text(encoding="utf-8")
    entry_uri = open_document(client, workspace, "content/glossary/widget.md", on_disk, on_disk=False)

    new_summary = "A widget is whatever the team agreed on this morning."
    replace_in_document(client, entry_uri, SUMMARIES["widget"], new_summary)
    markdown = await wait_for_hover(client, uri, "widget", new_summary, "the edited summary in the hover")
    assert SUMMARIES["widget"] not in markdown
    assert entry.read_text(encoding="utf-8") == on_disk, "the test never saves"

    # A synonym typed into the open entry is a term at once.
    replace_in_document(client, entry_uri, 'title: "Widget"', 'title: "Widget"\nsynonyms: ["doodad"]')
    other = open_document(client, workspace, "other.md", "A doodad, really.\n")
    await wait_for_hover(client, other, "doodad", new_summary, "the new synonym to be a term")


@pytest.mark.feature("liveReload")
async def test_closing_an_unsaved_entry_goes_back_to_the_file(client: LanguageClient, workspace: Workspace):
    uri = open_document(client, workspace, "notes.md", "Every widget needs a sprocket.\n")
    entry_text = workspace.entry("widget").read_text(encoding="utf-8")
    entry_uri = open_document(client, workspace, "content/glossary/widget.md", entry_text, on_disk=False)
    replace_in_document(client, entry_uri, SUMMARIES["widget"], "An unsaved summary.")
    await wait_for_hover(client, uri, "widget", "An unsaved summary.", "the unsaved summary")
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=doc_id(entry_uri)))
    await wait_for_hover(client, uri, "widget", SUMMARIES["widget"], "the saved summary again")


# --- Watched files ----------------------------------------------------------


def glob_regex(pattern: str) -> re.Pattern:
    """An LSP glob pattern (`*`, `**`, `?`, `{a,b}`, `[...]`) as a regex."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
            continue
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "{":
            close = pattern.index("}", i)
            out += "(?:" + "|".join(re.escape(p) for p in pattern[i + 1 : close].split(",")) + ")"
            i = close
        elif c == "[":
            close = pattern.index("]", i)
            out += "[" + pattern[i + 1 : close].replace("!", "^", 1) + "]"
            i = close
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + r"\Z")


def watched(registrations, path: Path) -> bool:
    for registration in registrations:
        if registration.method != lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES:
            continue
        options = registration.register_options or {}
        for watcher in options.get("watchers", []):
            pattern = watcher["globPattern"]
            if isinstance(pattern, str):
                if glob_regex(pattern).match(path.as_posix()) or glob_regex(pattern).match(path.name):
                    return True
            else:
                base = pattern["baseUri"]
                base = base if isinstance(base, str) else base["uri"]
                base_path = uri_to_path(base)
                try:
                    rel = path.relative_to(base_path)
                except ValueError:
                    continue
                if glob_regex(pattern["pattern"]).match(rel.as_posix()):
                    return True
    return False


@pytest.mark.feature("watchedFiles")
async def test_the_server_asks_to_watch_the_glossary(client: LanguageClient, workspace: Workspace):
    caps = client.capabilities.workspace.did_change_watched_files
    dynamic = caps is not None and caps.dynamic_registration
    new_entry = workspace.entry("doohickey").resolve()
    if dynamic:
        await wait_until(lambda: watched(client.registrations, new_entry), "a watcher that covers content/glossary/*.md")
    else:
        # A client without dynamic registration must not be sent one.
        await asyncio.sleep(0.3)
        assert not [r for r in client.registrations if r.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]


@pytest.mark.feature("watchedFiles")
async def test_watched_file_changes_reload_the_glossary(client: LanguageClient, workspace: Workspace):
    uri = open_document(client, workspace, "notes.md", "A doohickey, a gizmo and a sprocket.\n")
    assert await hover_on(client, uri, "doohickey") is None

    workspace.write(
        "content/glossary/doohickey.md",
        '---\ntitle: "Doohickey"\n---\n\n### Summary\nA doohickey is the part nobody can name.\n',
    )
    workspace.entry("gizmo").unlink()
    sprocket = workspace.entry("sprocket")
    sprocket.write_text(sprocket.read_text(encoding="utf-8").replace(SUMMARIES["sprocket"], "A sprocket, revised."), encoding="utf-8")
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[
                lsp.FileEvent(uri=workspace.entry("doohickey").as_uri(), type=lsp.FileChangeType.Created),
                lsp.FileEvent(uri=workspace.entry("gizmo").as_uri(), type=lsp.FileChangeType.Deleted),
                lsp.FileEvent(uri=sprocket.as_uri(), type=lsp.FileChangeType.Changed),
            ]
        )
    )
    await wait_for_hover(client, uri, "doohickey", "the part nobody can name", "the new entry")
    await wait_for_hover(client, uri, "gizmo", None, "the deleted entry to be gone")
    await wait_for_hover(client, uri, "sprocket", "A sprocket, revised.", "the changed entry")


# --- Configuration ----------------------------------------------------------


async def quick_fix_text(client: LanguageClient, uri: str, needle: str) -> str:
    text = document_text(client, uri)
    cursor = position_of(text, needle, encoding=client.encoding, delta=1)
    actions = await code_actions(client, uri, lsp.Range(start=cursor, end=cursor), only=[lsp.CodeActionKind.QuickFix])
    assert actions, f"no quick fix on {needle!r}"
    return await apply_action(client, uri, actions[0])


async def quick_fix_comes_to(client: LanguageClient, uri: str, needle: str, expected: str, what: str) -> None:
    """Waits until the quick fix on `needle` writes `expected` (settings are applied in the background)."""
    await eventually(lambda: quick_fix_text(client, uri, needle), lambda out: expected in out, what)


@pytest.mark.feature("configuration")
@pytest.mark.feature("codeAction")
@pytest.mark.feature("diagnostics")
@pytest.mark.init_options(
    {
        "link": {"style": "url", "url": "/terms/{slug}/"},
        "diagnostics": {"broken-link": "off", "unlinked-term": "hint"},
    }
)
async def test_initialization_options_configure_links_and_diagnostics(client: LanguageClient, workspace: Workspace):
    text = "Every widget needs a [whatsit](/terms/whatsit/) and [a gizmo](/terms/gizmo/).\n"
    uri = open_document(client, workspace, "notes.md", text)
    enc = client.encoding
    # broken-link is off; the gizmo is linked through the configured template;
    # only the unlinked widget is left, as a hint.
    [hint] = await wait_for_codes(client, uri, ["unlinked-term"])
    assert hint.severity == lsp.DiagnosticSeverity.Hint
    assert text_at(text, hint.range, enc) == "widget"

    # The quick fix writes the configured URL, and names the hint it fixes.
    cursor = position_of(text, "widget", encoding=enc, delta=1)
    actions = await code_actions(client, uri, lsp.Range(start=cursor, end=cursor), only=[lsp.CodeActionKind.QuickFix], diagnostics=[hint])
    [fix] = actions
    assert fix.diagnostics and fix.diagnostics[0].code == "unlinked-term"
    assert await apply_action(client, uri, fix) == text.replace("widget", "[widget](/terms/widget/)", 1)


def which_settings_win(test):
    """A test of which link settings win over a `.glossary-ls.toml` that asks for URL links."""
    test = pytest.mark.files({".glossary-ls.toml": '[link]\nstyle = "url"\nurl = "/g/{slug}/"\n'})(test)
    return pytest.mark.feature("configuration")(pytest.mark.feature("codeAction")(test))


@which_settings_win
@pytest.mark.init_options({"link": {"style": "ref"}})
async def test_editor_settings_override_init_options_and_the_file(client: LanguageClient, workspace: Workspace):
    # Started with: the file says url, initializationOptions say ref, the
    # editor has no settings (null): ref wins.
    uri = open_document(client, workspace, "notes.md", "Every widget needs a sprocket.\n")
    assert '[widget]({{< ref "glossary/widget" >}})' in await quick_fix_text(client, uri, "widget")

    # The editor's settings change: the server is told, pulls them and follows.
    new = {"link": {"style": "relref"}}
    client.set_configuration(new, section="glossary-ls")
    # VS Code's client sends null settings (pull model); Neovim sends its
    # whole settings table.
    settings = None if client.client_name == "visual-studio-code" else {"glossary-ls": new}
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=settings))
    await quick_fix_comes_to(client, uri, "widget", '[widget]({{< relref "glossary/widget" >}})', "the quick fix to follow the new settings")


@which_settings_win
@pytest.mark.settings({"link": {"style": "relref"}})
async def test_settings_pulled_at_start_override_the_file(client: LanguageClient, workspace: Workspace):
    uri = open_document(client, workspace, "notes.md", "Every widget needs a sprocket.\n")
    # The client answers workspace/configuration with relref; the file says url.
    await quick_fix_comes_to(client, uri, "widget", '[widget]({{< relref "glossary/widget" >}})', "the quick fix to follow the editor's settings")


@pytest.mark.feature("configuration")
@pytest.mark.init_options({"glossary": ["terms"]})
@pytest.mark.files({"terms/doohickey.md": '---\ntitle: "Doohickey"\n---\n\n### Summary\nA doohickey is the part nobody can name.\n'})
async def test_glossary_folder_from_init_options_is_relative_to_the_workspace(client: LanguageClient, workspace: Workspace):
    uri = open_document(client, workspace, "notes.md", "A doohickey and a widget.\n")
    markdown = await hover_on(client, uri, "doohickey")
    assert markdown is not None and "the part nobody can name" in markdown
    # The folder replaces the discovered one.
    assert await hover_on(client, uri, "widget") is None


# --- Preferred and avoided terms ----------------------------------------------

SIGN_IN = """\
---
title: "Sign In"
synonyms: [sign on]
avoid:
  - term: log in
    because: "the house style says sign in"
---

### Summary
To open a session with an account.
"""


@pytest.mark.feature("diagnostics")
@pytest.mark.files({"content/glossary/sign-in.md": SIGN_IN})
async def test_avoided_term_warning_quick_fix_and_hover(client: LanguageClient, workspace: Workspace):
    text = "# Access\n\n🎉 Log in with your badge, then log in again. A widget signs in.\n"
    uri = open_document(client, workspace, "docs/access.md", text)
    enc = client.encoding
    found = await wait_for_codes(client, uri, ["avoided-term", "avoided-term"])
    first, second = sorted(found, key=lambda d: (d.range.start.line, d.range.start.character))
    assert first.severity == lsp.DiagnosticSeverity.Warning
    assert first.source == "glossary-ls"
    assert first.message == "Use 'Sign in' instead of 'Log in': the house style says sign in"
    assert text_at(text, first.range, enc) == "Log in"
    assert text_at(text, second.range, enc) == "log in"

    # One quick fix per name, the preferred one first, in the writer's case.
    actions = await code_actions(
        client, uri, first.range, only=[lsp.CodeActionKind.QuickFix], diagnostics=[first]
    )
    replaces = [a for a in actions if a.title.startswith("Replace")]
    assert [a.title for a in replaces] == [
        "Replace 'Log in' with 'Sign in'",
        "Replace 'Log in' with 'Sign on'",
    ]
    assert replaces[0].is_preferred
    assert replaces[0].diagnostics is not None and replaces[0].diagnostics[0].code == "avoided-term"
    out = await apply_action(client, uri, replaces[0])
    assert out == "# Access\n\n🎉 Sign in with your badge, then log in again. A widget signs in.\n"

    # The hover says what to write, above the entry.
    shown = await hover_on(client, uri, "log in")
    assert shown is not None
    assert shown.startswith("**Use 'sign in' instead of 'log in': the house style says sign in.**")
    assert "**Sign In**" in shown and "To open a session with an account." in shown

    # The source action fixes the whole document.
    actions = await code_actions(client, uri, whole(text, enc), only=["source.fixAll"])
    assert [a.title for a in actions] == ["Use the glossary's preferred terms everywhere"]
    out = await apply_action(client, uri, actions[0])
    assert out == "# Access\n\n🎉 Sign in with your badge, then sign in again. A widget signs in.\n"
