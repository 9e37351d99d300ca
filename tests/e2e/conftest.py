"""Shared fixtures of the end-to-end suites.

The server under test is the real binary (`target/debug/glossary-ls serve`,
or `$GLOSSARY_LS_BIN`), started fresh for every test in a temporary
workspace with a small glossary written by the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from binaries import server_binary
from lsp_helpers import EXIT_TIMEOUT, LINGERING, Workspace, make_client, start_session, stop_session
from pending import PENDING

# The client capability snapshots pytest-lsp ships, by the name it knows them.
CLIENTS = ["visual-studio-code", "neovim"]


def pytest_addoption(parser):
    parser.addoption(
        "--run-pending",
        action="store_true",
        help="also run the tests of features listed in PENDING (tests/e2e/pending.py)",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-pending"):
        return
    for item in items:
        for marker in item.iter_markers("feature"):
            name = marker.args[0]
            if name in PENDING:
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"pending feature {name!r}: take it off PENDING in "
                        "tests/e2e/pending.py once it lands"
                    )
                )


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory) -> Path:
    """XDG_CACHE_HOME of the servers: where they write the built-in entries."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def server_env(cache_home) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache_home)
    env.setdefault("RUST_BACKTRACE", "1")
    return env


@pytest.fixture
def workspace(tmp_path, request) -> Workspace:
    """A workspace folder; with the small test glossary unless the test is
    marked `glossary("builtin")`."""
    root = tmp_path / "project"
    root.mkdir()
    ws = Workspace(root)
    marker = request.node.get_closest_marker("glossary")
    kind = marker.args[0] if marker else "small"
    if kind == "small":
        ws.write_small_glossary()
    elif kind != "builtin":
        raise ValueError(f"unknown glossary kind {kind!r}")
    for marker in request.node.iter_markers("files"):
        for rel, text in marker.args[0].items():
            ws.write(rel, text)
    return ws


def server_config(env: dict[str, str]) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=[str(server_binary()), "serve"],
        client_factory=make_client,
        server_env=env,
    )


@pytest_asyncio.fixture(params=CLIENTS)
async def client(request, workspace, server_env) -> LanguageClient:
    """A client with the capabilities of VS Code or Neovim, initialized
    against a server in `workspace`."""
    init_marker = request.node.get_closest_marker("init_options")
    settings_marker = request.node.get_closest_marker("settings")
    lsp_client = await server_config(server_env).start()
    lsp_client.client_name = request.param
    if settings_marker:
        lsp_client.set_configuration(settings_marker.args[0], section="glossary-ls")
    await start_session(
        lsp_client,
        client_capabilities(request.param),
        workspace,
        init_options=init_marker.args[0] if init_marker else None,
    )
    yield lsp_client
    await stop_session(lsp_client, request.node.nodeid)


@pytest_asyncio.fixture
async def start_client(request, workspace, server_env):
    """Starts clients with capabilities of the test's choosing, in
    `workspace`; all are shut down after the test."""
    started: list[LanguageClient] = []

    async def start(
        capabilities: lsp.ClientCapabilities,
        init_options=None,
    ) -> LanguageClient:
        lsp_client = await server_config(server_env).start()
        started.append(lsp_client)
        await start_session(lsp_client, capabilities, workspace, init_options=init_options)
        return lsp_client

    yield start
    for lsp_client in started:
        await stop_session(lsp_client, request.node.nodeid)


def pytest_terminal_summary(terminalreporter):
    if LINGERING:
        terminalreporter.write_sep("=", "servers that did not exit after shutdown and exit", yellow=True)
        terminalreporter.write_line(
            f"{len(LINGERING)} server(s) were still running {EXIT_TIMEOUT:g} s after `exit` and were "
            "killed (see test_the_server_exits_after_shutdown_and_exit):"
        )
        for what in LINGERING:
            terminalreporter.write_line(f"  {what}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, for fixtures that act on a
    failure (the VS Code suite saves a screenshot)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
