"""The Python wheel: installed with pip into a fresh virtualenv, it puts
glossary-ls on that virtualenv's PATH, and the server started by that name
answers an editor."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import VERSION, clean_env, expected_version_line, one, run
from session import hover_on_builtin_term

BIN = "Scripts" if os.name == "nt" else "bin"


@pytest.fixture(scope="module")
def venv_bin(tmp_path_factory) -> Path:
    """The bin folder of a fresh virtualenv with the wheel installed, offline."""
    venv = tmp_path_factory.mktemp("wheel") / "venv"
    run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / BIN / "python"
    out = run(
        [str(python), "-m", "pip", "install", "--no-index", "--disable-pip-version-check", str(one("glossary_ls-*.whl"))],
        env=clean_env(),
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return venv / BIN


def test_the_wheel_is_named_for_the_version_and_carries_only_the_program():
    wheel = one("glossary_ls-*.whl")
    assert wheel.name.startswith(f"glossary_ls-{VERSION}-py3-none-"), wheel.name
    with zipfile.ZipFile(wheel) as z:
        scripts = [n for n in z.namelist() if ".data/scripts/" in n]
        metadata = z.read(f"glossary_ls-{VERSION}.dist-info/METADATA").decode()
    assert scripts == [f"glossary_ls-{VERSION}.data/scripts/glossary-ls"]
    assert "License-Expression: MIT OR Apache-2.0" in metadata or "License: MIT OR Apache-2.0" in metadata, metadata


def test_pip_puts_glossary_ls_on_path(venv_bin):
    env = clean_env(PATH=str(venv_bin))
    found = shutil.which("glossary-ls", path=env["PATH"])
    assert found is not None and Path(found) == venv_bin / "glossary-ls"
    out = run(["glossary-ls", "--version"], env=env)
    assert out.returncode == 0, out.stderr
    expected_version_line(out.stdout)


def test_scan_with_the_builtin_glossary(venv_bin, sample_docs):
    out = run(["glossary-ls", "scan", "--builtin", "notes.md"], env=clean_env(PATH=str(venv_bin)), cwd=sample_docs)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "notes.md:1:16: large language model -> Large Language Model (LLM) (large-language-model)\n"
    )


async def test_the_server_on_path_answers_an_editor(venv_bin, tmp_path):
    workspace = tmp_path / "docs"
    workspace.mkdir()
    env = clean_env(PATH=str(venv_bin), XDG_CACHE_HOME=str(tmp_path / "cache"))
    result, hover = await hover_on_builtin_term(["glossary-ls"], env, workspace)
    assert result.server_info is not None and result.server_info.name == "glossary-ls"
    version = run(["glossary-ls", "--version"], env=env).stdout
    assert f"glossary-ls {result.server_info.version}\n" == version
    assert hover is not None and "Large Language Model" in hover, hover


@pytest.mark.skipif(os.name == "nt", reason="a pseudo-terminal is a POSIX thing")
def test_started_on_a_terminal_it_says_what_it_waits_for(venv_bin, tmp_path):
    """Typed into a terminal, `glossary-ls` prints a one-line hint on stderr
    (and keeps serving: the hint is not an error)."""
    primary, secondary = pty.openpty()
    server = subprocess.Popen(
        ["glossary-ls"],
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(PATH=str(venv_bin), XDG_CACHE_HOME=str(tmp_path / "cache")),
        cwd=tmp_path,
    )
    os.close(secondary)
    try:
        ready, _, _ = select.select([server.stderr], [], [], 20)
        assert ready, "nothing on stderr within 20 s"
        line = server.stderr.readline().decode()
        assert server.poll() is None, "the server stopped instead of waiting"
    finally:
        server.kill()
        server.wait()
        os.close(primary)
    assert line.startswith("glossary-ls: the language server is waiting for an editor"), line
    assert "glossary-ls --help" in line and line.endswith("\n") and line.count("\n") == 1, line
