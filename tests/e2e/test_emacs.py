"""editors/emacs/glossary-ls.el in a real Emacs (batch mode) with eglot: the
server starts from `text-mode-hook`, a hover shows the summary, M-. opens the
entry at its title, and the link-all action edits the buffer.

Skipped where Emacs with eglot is not installed (it is not part of the pinned
environment: `apt-get install emacs-nox elpa-markdown-mode elpa-eglot` on
Debian 12, or Emacs 29+, which has eglot, and markdown-mode).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from binaries import REPO, server_binary
from lsp_helpers import SUMMARIES, Workspace

SMOKE = Path(__file__).parent / "emacs" / "smoke.el"


def emacs_with_eglot() -> str | None:
    emacs = shutil.which("emacs")
    if not emacs:
        return None
    probe = subprocess.run(
        [
            emacs, "-Q", "--batch", "--eval",
            "(progn (dolist (d (file-expand-wildcards \"/usr/share/emacs/site-lisp/elpa/*\"))"
            " (add-to-list 'load-path d)) (require 'eglot) (require 'markdown-mode))",
        ],
        capture_output=True,
        timeout=60,
    )
    return emacs if probe.returncode == 0 else None


def test_eglot_starts_the_server_and_gets_a_hover(tmp_path: Path, workspace: Workspace):
    emacs = emacs_with_eglot()
    if emacs is None:
        pytest.skip("Emacs with eglot and markdown-mode is not installed")
    subprocess.run(["git", "init", "-q", str(workspace.root)], check=True)
    notes = workspace.write("docs/notes.md", "# Notes\n\nEvery widget needs a sprocket.\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "glossary-ls").symlink_to(server_binary())
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path),
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        E2E_EMACS_DIR=str(REPO / "editors" / "emacs"),
        E2E_FILE=str(notes),
        E2E_ENTRY=str(workspace.entry("sprocket")),
        E2E_EXPECT=SUMMARIES["widget"],
    )
    done = subprocess.run(
        [emacs, "-Q", "--batch", "-l", str(SMOKE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90,
    )
    checks = [line for line in done.stdout.splitlines() if line.startswith(("ok ", "FAIL "))]
    assert checks and done.returncode == 0, "\n".join(checks) + f"\nstderr:\n{done.stderr[-3000:]}"
