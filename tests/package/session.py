"""One short LSP session with an installed server, as an editor would have:
initialize, open a document, hover on a built-in glossary term, shut down."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, client_capabilities

# A silent server fails the test instead of hanging it.
TIMEOUT = 30.0

TEXT = "We fine-tune a large language model on our notes.\n"


async def hover_on_builtin_term(command: list[str], env: dict[str, str], workspace: Path):
    """The server's InitializeResult and its hover text on "large language
    model" in a workspace without a glossary (so the built-in one is used)."""
    client = await ClientServerConfig(server_command=command, server_env=env).start()
    try:
        uri = workspace.resolve().as_uri()
        result = await asyncio.wait_for(
            client.initialize_session(
                lsp.InitializeParams(
                    capabilities=client_capabilities("visual-studio-code"),
                    root_uri=uri,
                    workspace_folders=[lsp.WorkspaceFolder(uri=uri, name="docs")],
                )
            ),
            TIMEOUT,
        )
        doc = (workspace / "notes.md").resolve().as_uri()
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=doc, language_id="markdown", version=1, text=TEXT)
            )
        )
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                lsp.HoverParams(
                    text_document=lsp.TextDocumentIdentifier(uri=doc),
                    position=lsp.Position(line=0, character=TEXT.index("language")),
                )
            ),
            TIMEOUT,
        )
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    finally:
        await client.stop()
    text = None
    if hover is not None and isinstance(hover.contents, lsp.MarkupContent):
        text = hover.contents.value
    return result, text
