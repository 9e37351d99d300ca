"""What the package tests share: where the packages are, and running the
server as a user who installed one would."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "target" / "dist"


def cargo_version() -> str:
    text = (REPO / "Cargo.toml").read_text()
    return re.search(r'^version = "([^"]+)"', text, re.MULTILINE).group(1)


def node_platform() -> str:
    """This machine as node names it (linux-x64): the npm and VS Code platform."""
    out = subprocess.run(
        ["node", "-p", "process.platform + '-' + process.arch"],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


VERSION = cargo_version()
PLATFORM = node_platform()


def one(pattern: str) -> Path:
    """The one file of target/dist/ that fits `pattern`."""
    found = sorted(DIST.glob(pattern))
    if len(found) != 1:
        pytest.fail(f"expected one {pattern} in {DIST}, found {[f.name for f in found]}: run scripts/package")
    return found[0]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user without cargo's or the repository's
    binaries on PATH, plus `extra` (PATH given there comes first)."""
    env = dict(os.environ)
    keep = [
        d for d in env.get("PATH", "").split(os.pathsep)
        if d and ".cargo" not in d and not d.startswith(str(REPO))
    ]
    env["PATH"] = os.pathsep.join(([extra.pop("PATH")] if "PATH" in extra else []) + keep)
    env.pop("VIRTUAL_ENV", None)
    env.update(extra)
    return env


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 120)
    return subprocess.run(cmd, **kwargs)


def expected_version_line(output: str) -> None:
    """`glossary-ls --version`: the version of Cargo.toml and a commit."""
    assert re.fullmatch(
        rf"glossary-ls {re.escape(VERSION)} \(commit [0-9a-f]{{12}}\)\n", output
    ), output


@pytest.fixture(scope="session")
def sample_docs(tmp_path_factory) -> Path:
    """A folder with one document that uses terms of the built-in glossary."""
    root = tmp_path_factory.mktemp("docs")
    (root / "notes.md").write_text("We fine-tune a large language model on our notes.\n")
    return root

