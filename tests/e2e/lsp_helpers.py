"""Helpers of the pytest-lsp suite: the test workspace, sessions, positions
in the negotiated encoding, and applying the edits a server sends as an
editor would."""

from __future__ import annotations

import asyncio
import textwrap
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

T = TypeVar("T")

# How long a request or an awaited notification may take. The server answers
# in milliseconds; this is only there so that a silent server fails a test
# instead of hanging it.
TIMEOUT = 15.0

# The small glossary of the tests, under content/glossary/ (where the server
# discovers it by itself). Its link URL template is therefore the default for
# a Hugo section: /glossary/{slug}/.
SMALL_GLOSSARY = {
    "widget.md": """\
        ---
        title: "Widget"
        ---

        ### Summary
        A widget is a small reusable part of a machine.

        ### Related terms
        Gadget, Sprocket
        """,
    "gadget.md": """\
        ---
        title: "Gadget"
        ---

        ### Summary
        A gadget is a clever little device.

        ### Related terms
        Widget
        """,
    "sprocket.md": """\
        ---
        title: "Sprocket"
        ---

        ### Summary
        A sprocket is a toothed wheel that drives a chain.
        """,
    "gizmo.md": """\
        ---
        title: "Gizmo"
        ---

        ### Summary
        A gizmo is a device whose name you have forgotten.

        ### Related terms
        Whatsit
        """,
    "flux-capacitor.md": """\
        ---
        title: "Flux Capacitor"
        draft: true
        ---

        ### Summary
        A flux capacitor makes time travel possible.
        """,
}

SUMMARIES = {
    "widget": "A widget is a small reusable part of a machine.",
    "gadget": "A gadget is a clever little device.",
    "sprocket": "A sprocket is a toothed wheel that drives a chain.",
    "gizmo": "A gizmo is a device whose name you have forgotten.",
}


class Workspace:
    """A workspace folder on disk."""

    def __init__(self, root: Path):
        self.root = root.resolve()

    @property
    def uri(self) -> str:
        return self.root.as_uri()

    def path(self, rel: str) -> Path:
        return self.root / rel

    def uri_of(self, rel: str) -> str:
        return self.path(rel).as_uri()

    def write(self, rel: str, text: str) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def entry(self, slug: str) -> Path:
        return self.path(f"content/glossary/{slug}.md")

    def write_small_glossary(self) -> None:
        for name, text in SMALL_GLOSSARY.items():
            self.write(f"content/glossary/{name}", textwrap.dedent(text))


def uri_to_path(uri: str) -> Path:
    parsed = urlparse(uri)
    assert parsed.scheme == "file", f"not a file URI: {uri}"
    return Path(unquote(parsed.path)).resolve()


# --- The client ----------------------------------------------------------


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus what an editor answers to the server's own
    requests: dynamic registration, edits to apply, refreshes."""
    client = LanguageClient(converter_factory=default_converter)
    # pytest-lsp's own handlers (configuration, messages, progress...), but
    # for diagnostics, which are kept with the version they were made for.
    features = dict(DEFAULT_CLIENT_FEATURES)
    del features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    register_lsp_features(client, features)
    client.publications = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    client.applied_edits = []  # type: ignore[attr-defined]
    client.refreshes = []  # type: ignore[attr-defined]
    client.encoding = "utf-16"  # type: ignore[attr-defined]

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish_diagnostics(c: LanguageClient, params: lsp.PublishDiagnosticsParams):
        c.diagnostics[params.uri] = params.diagnostics
        c.publications.append(params)  # type: ignore[attr-defined]

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(c: LanguageClient, params: lsp.RegistrationParams):
        c.registrations.extend(params.registrations)  # type: ignore[attr-defined]
        return None

    @client.feature(lsp.CLIENT_UNREGISTER_CAPABILITY)
    def unregister(c: LanguageClient, params: lsp.UnregistrationParams):
        gone = {u.id for u in params.unregisterations}
        c.registrations[:] = [r for r in c.registrations if r.id not in gone]  # type: ignore[attr-defined]
        return None

    @client.feature(lsp.WORKSPACE_APPLY_EDIT)
    def apply_edit(c: LanguageClient, params: lsp.ApplyWorkspaceEditParams):
        c.applied_edits.append(params.edit)  # type: ignore[attr-defined]
        return lsp.ApplyWorkspaceEditResult(applied=True)

    for method in (
        lsp.WORKSPACE_SEMANTIC_TOKENS_REFRESH,
        lsp.WORKSPACE_CODE_LENS_REFRESH,
        lsp.WORKSPACE_INLAY_HINT_REFRESH,
        lsp.WORKSPACE_INLINE_VALUE_REFRESH,
    ):

        def refresh(c: LanguageClient, params: Any, method: str = method):
            c.refreshes.append(method)  # type: ignore[attr-defined]
            return None

        client.feature(method)(refresh)

    return client


async def start_session(
    client: LanguageClient,
    capabilities: lsp.ClientCapabilities,
    workspace: Workspace,
    init_options: Any = None,
) -> lsp.InitializeResult:
    result = await within(
        client.initialize_session(
            lsp.InitializeParams(
                capabilities=capabilities,
                root_uri=workspace.uri,
                workspace_folders=[lsp.WorkspaceFolder(uri=workspace.uri, name="project")],
                initialization_options=init_options,
                client_info=lsp.ClientInfo(name="pytest-lsp (glossary-ls e2e)"),
            )
        )
    )
    client.init_result = result  # type: ignore[attr-defined]
    client.encoding = result.capabilities.position_encoding or "utf-16"  # type: ignore[attr-defined]
    client.open_docs = {}  # type: ignore[attr-defined]
    return result


# Servers that did not exit within EXIT_TIMEOUT after `shutdown` and `exit`
# (killed, and counted in the run's summary: see conftest.py).
LINGERING: list[str] = []
EXIT_TIMEOUT = 5.0


async def stop_session(client: LanguageClient, what: str = "") -> int | None:
    """`shutdown`, `exit`, and the server's exit code; a server that does not
    exit in time is killed (and None returned), so that no test hangs on it."""
    server = client._server
    if getattr(client, "e2e_stopped", False):
        return server.returncode if server else None
    client.e2e_stopped = True  # type: ignore[attr-defined]
    try:
        if client.error is None and client.capabilities is not None and server.returncode is None:
            await within(client.shutdown_async(None))
            client.exit(None)
            try:
                return await asyncio.wait_for(server.wait(), EXIT_TIMEOUT)
            except asyncio.TimeoutError:
                LINGERING.append(what or f"pid {server.pid}")
                return None
        return server.returncode
    finally:
        if server is not None and server.returncode is None:
            server.kill()
            await server.wait()
        await client.stop()


async def within(awaitable: Awaitable[T], seconds: float = TIMEOUT) -> T:
    """The awaitable's result, or a clear failure after `seconds`."""
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except asyncio.TimeoutError:
        raise AssertionError(f"no answer from the server within {seconds} s") from None


async def wait_until(
    condition: Callable[[], T], what: str, seconds: float = TIMEOUT
) -> T:
    """Polls `condition` until it is truthy; fails naming `what`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        await asyncio.sleep(0.02)


async def eventually(
    probe: Callable[[], Awaitable[T]], ok: Callable[[T], bool], what: str, seconds: float = TIMEOUT
) -> T:
    """Awaits `probe()` again and again until `ok` accepts its result: for
    changes the server makes in the background (a reloaded glossary, new
    settings). Fails naming `what` and the last result."""
    deadline = time.monotonic() + seconds
    while True:
        value = await probe()
        if ok(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}; last: {value!r}")
        await asyncio.sleep(0.05)


# --- Documents -----------------------------------------------------------


def open_document(
    client: LanguageClient,
    workspace: Workspace,
    rel: str,
    text: str,
    language_id: str = "markdown",
    on_disk: bool = True,
) -> str:
    """Opens a document in the client (and, by default, writes it to disk
    first, as an editor opens a file). Returns its URI."""
    if on_disk:
        workspace.write(rel, text)
    uri = workspace.uri_of(rel)
    client.open_docs[uri] = [1, text]  # type: ignore[attr-defined]
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri, language_id=language_id, version=1, text=text
            )
        )
    )
    return uri


def change_document(
    client: LanguageClient, uri: str, start: lsp.Position, end: lsp.Position, new_text: str
) -> str:
    """Sends one incremental change, as editors do, and returns the new text."""
    docs = client.open_docs  # type: ignore[attr-defined]
    version, text = docs[uri]
    encoding = client.encoding  # type: ignore[attr-defined]
    new = apply_text_edits(
        text, [lsp.TextEdit(range=lsp.Range(start=start, end=end), new_text=new_text)], encoding
    )
    version += 1
    docs[uri] = [version, new]
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=start, end=end), text=new_text
                )
            ],
        )
    )
    return new


def replace_in_document(client: LanguageClient, uri: str, old: str, new: str) -> str:
    """Replaces the first `old` in an open document by `new`, as a
    one-range edit."""
    text = client.open_docs[uri][1]  # type: ignore[attr-defined]
    encoding = client.encoding  # type: ignore[attr-defined]
    start = position_of(text, old, encoding=encoding)
    end = position_of(text, old, encoding=encoding, delta=len(old))
    return change_document(client, uri, start, end, new)


def document_text(client: LanguageClient, uri: str) -> str:
    return client.open_docs[uri][1]  # type: ignore[attr-defined]


def document_version(client: LanguageClient, uri: str) -> int:
    return client.open_docs[uri][0]  # type: ignore[attr-defined]


# --- Positions -----------------------------------------------------------


def units(text: str, encoding: str) -> int:
    """The length of `text` in the units of a position encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    if encoding == "utf-32":
        return len(text)
    raise ValueError(f"unknown position encoding {encoding!r}")


def position_at(text: str, index: int, encoding: str) -> lsp.Position:
    """The position of the code point `index` of `text`."""
    before = text[:index]
    line = before.count("\n")
    line_start = before.rfind("\n") + 1
    return lsp.Position(line=line, character=units(text[line_start:index], encoding))


def position_of(
    text: str, needle: str, *, encoding: str, nth: int = 0, delta: int = 0
) -> lsp.Position:
    """The position `delta` code points into the `nth` occurrence of `needle`."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return position_at(text, index + delta, encoding)


def range_of(text: str, needle: str, *, encoding: str, nth: int = 0) -> lsp.Range:
    return lsp.Range(
        start=position_of(text, needle, encoding=encoding, nth=nth),
        end=position_of(text, needle, encoding=encoding, nth=nth, delta=len(needle)),
    )


def offset_of(text: str, position: lsp.Position, encoding: str) -> int:
    """The code point index of `position` in `text`; strict: a position past
    the end of its line or inside a character is an error, since a correct
    server never sends one."""
    lines = text.split("\n")
    assert position.line <= len(lines), f"line {position.line} past the end"
    if position.line == len(lines):
        assert position.character == 0, f"position {position} past the end"
        return len(text)
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line]
    count = 0
    for i, char in enumerate(line):
        if count == position.character:
            return start + i
        if count > position.character:
            raise AssertionError(f"position {position} is inside the character {line[i - 1]!r}")
        count += units(char, encoding)
    if count > position.character:
        raise AssertionError(f"position {position} is inside the character {line[-1]!r}")
    assert count == position.character, f"position {position} is past the end of line {line!r}"
    return start + len(line)


def text_at(text: str, range_: lsp.Range, encoding: str) -> str:
    return text[offset_of(text, range_.start, encoding) : offset_of(text, range_.end, encoding)]


def apply_text_edits(text: str, edits: list[lsp.TextEdit], encoding: str) -> str:
    """Applies edits as the spec says: all ranges refer to the original text,
    and they do not overlap."""
    spans = []
    for order, edit in enumerate(edits):
        start = offset_of(text, edit.range.start, encoding)
        end = offset_of(text, edit.range.end, encoding)
        assert start <= end, f"inverted range in {edit}"
        spans.append((start, end, order, edit.new_text))
    spans.sort()
    for (s1, e1, _, _), (s2, _, _, _) in zip(spans, spans[1:]):
        assert e1 <= s2, f"overlapping edits at {s1}..{e1} and {s2}"
    for start, end, _, new_text in reversed(spans):
        text = text[:start] + new_text + text[end:]
    return text


def apply_workspace_edit(
    texts: dict[str, str], edit: lsp.WorkspaceEdit, encoding: str, versions: dict[str, int] | None = None
) -> dict[str, str]:
    """The texts after `edit`, by URI. Checks the document versions the edit
    was made for, when it names them."""
    out = dict(texts)
    if edit.document_changes:
        for change in edit.document_changes:
            assert isinstance(change, lsp.TextDocumentEdit), f"unexpected file operation {change}"
            uri = change.text_document.uri
            assert uri in out, f"edit of a document that is not open: {uri}"
            if versions is not None and change.text_document.version is not None:
                assert change.text_document.version == versions[uri], (
                    f"edit made for version {change.text_document.version}, "
                    f"the document is at {versions[uri]}"
                )
            plain = [lsp.TextEdit(range=e.range, new_text=e.new_text) for e in change.edits]
            out[uri] = apply_text_edits(out[uri], plain, encoding)
    elif edit.changes:
        for uri, edits in edit.changes.items():
            assert uri in out, f"edit of a document that is not open: {uri}"
            out[uri] = apply_text_edits(out[uri], list(edits), encoding)
    else:
        raise AssertionError(f"empty workspace edit {edit}")
    return out


# --- Answers -------------------------------------------------------------


def hover_text(hover: lsp.Hover | None) -> str | None:
    """The text of a hover, whatever form its contents take."""
    if hover is None:
        return None
    contents = hover.contents
    parts = contents if isinstance(contents, list) else [contents]
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(part.value)
    return "\n\n".join(out)


def locations(result) -> list[tuple[str, lsp.Range]]:
    """(uri, selection range) of a definition-like answer, in any of its forms."""
    if result is None:
        return []
    items = result if isinstance(result, list) else [result]
    out = []
    for item in items:
        if isinstance(item, lsp.LocationLink):
            out.append((item.target_uri, item.target_selection_range))
        else:
            out.append((item.uri, item.range))
    return out


def completion_items(result) -> list[lsp.CompletionItem]:
    """Completion items in the order an editor lists them before the user
    types more: by sortText, else label (the spec's rule)."""
    if result is None:
        return []
    items = result.items if isinstance(result, lsp.CompletionList) else result
    return sorted(items, key=lambda i: i.sort_text if i.sort_text is not None else i.label)
