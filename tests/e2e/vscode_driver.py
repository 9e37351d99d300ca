"""Runs code-server (VS Code for the browser) with the packaged extension and
drives it through headless Chromium with Playwright.

Everything is bounded: every wait has a timeout, every interaction that the
workbench may miss while it is busy is retried within a deadline, and
code-server and Chromium are stopped whatever happens. What the tests read
comes from the workbench's own widgets (the hover, the suggest list, the
Problems panel, the status bar) and from the rendered lines of the editor.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from playwright.sync_api import Browser, Page, sync_playwright

T = TypeVar("T")

STARTUP_TIMEOUT = 120.0  # code-server answering, the workbench drawn
INSTALL_TIMEOUT = 180.0  # --install-extension of the .vsix
ACTION_TIMEOUT = 45.0  # one thing the user waits for (a hover, a list)


class Unavailable(Exception):
    """What the suite needs is not there; the message says what."""


@dataclass
class Tools:
    node: Path
    node_bin: Path
    code_server: Path
    chromium: Path
    vsix: Path
    vsix_bundled: bool

    @staticmethod
    def from_env() -> "Tools":
        reason = os.environ.get("GLOSSARY_LS_VSCODE_UNAVAILABLE")
        if reason:
            raise Unavailable(reason)
        try:
            return Tools(
                node=Path(os.environ["GLOSSARY_LS_VSCODE_NODE"]),
                node_bin=Path(os.environ["GLOSSARY_LS_VSCODE_NODE_BIN"]),
                code_server=Path(os.environ["GLOSSARY_LS_VSCODE_CODE_SERVER"]),
                chromium=Path(os.environ["GLOSSARY_LS_VSCODE_CHROMIUM"]),
                vsix=Path(os.environ["GLOSSARY_LS_VSCODE_VSIX"]),
                vsix_bundled=os.environ.get("GLOSSARY_LS_VSCODE_VSIX_BUNDLED") == "1",
            )
        except KeyError as missing:
            raise Unavailable(
                f"{missing.args[0]} is not set: run the suite with scripts/e2e, which installs code-server"
            ) from None


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def retry(what: str, attempt: Callable[[], T | None], timeout: float = ACTION_TIMEOUT, pause: float = 0.5) -> T:
    """Calls `attempt` until it returns something truthy (not None, False or
    empty: a page not drawn yet reads as no lines), for at most `timeout`
    seconds; the last exception or a timeout otherwise."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            result = attempt()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - the workbench was busy: try again
            last_error = error
        if time.monotonic() > deadline:
            detail = f": {last_error}" if last_error else ""
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}{detail}")
        time.sleep(pause)


class CodeServer:
    """code-server on a free loopback port, with its own home, user data and
    extensions folders, and the extension installed from the .vsix."""

    def __init__(self, tools: Tools, root: Path, workspace: Path, user_settings: dict, machine_settings: dict):
        self.tools = tools
        self.root = root
        self.workspace = workspace
        self.home = root / "home"
        self.user_data = root / "user-data"
        self.extensions = root / "extensions"
        self.log = root / "code-server.log"
        for d in (self.home, self.user_data / "User", self.user_data / "Machine", self.extensions):
            d.mkdir(parents=True, exist_ok=True)
        (self.user_data / "User" / "settings.json").write_text(json.dumps(user_settings, indent=2), encoding="utf-8")
        # The window is remote to the server's machine: settings of machine
        # scope are read from here ("Remote" settings), not from User.
        (self.user_data / "Machine" / "settings.json").write_text(json.dumps(machine_settings, indent=2), encoding="utf-8")
        (root / "config.yaml").write_text("", encoding="utf-8")
        self.port = 0
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            PATH=f"{self.tools.node_bin}{os.pathsep}{env.get('PATH', '')}",
        )
        for key in list(env):
            if key.startswith("VSCODE_") or key in ("NODE_OPTIONS", "PASSWORD", "HASHED_PASSWORD"):
                del env[key]
        return env

    def command(self, *args: str) -> list[str]:
        return [
            str(self.tools.node),
            str(self.tools.code_server),
            "--config",
            str(self.root / "config.yaml"),
            "--user-data-dir",
            str(self.user_data),
            "--extensions-dir",
            str(self.extensions),
            *args,
        ]

    def install_extension(self) -> str:
        done = subprocess.run(
            self.command("--install-extension", str(self.tools.vsix), "--force"),
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
        listed = subprocess.run(
            self.command("--list-extensions", "--show-versions"),
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or "glossary-ls.glossary-ls@" not in listed.stdout:
            raise AssertionError(
                f"installing {self.tools.vsix} failed:\n{done.stdout}\n{done.stderr}\n{listed.stdout}{listed.stderr}"
            )
        return listed.stdout

    def start(self) -> None:
        self.port = free_loopback_port()
        self.log_file = self.log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            self.command(
                "--bind-addr",
                f"127.0.0.1:{self.port}",
                "--auth",
                "none",
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-workspace-trust",
                "--disable-getting-started-override",
                "--disable-file-downloads",
                "--ignore-last-opened",
                str(self.workspace),
            ),
            env=self.env(),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole
        )

        def healthy() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"code-server exited with {self.process.returncode}: {self.log.read_text()}")
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:
                return answer.status == 200

        retry("code-server to answer", healthy, timeout=STARTUP_TIMEOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            group = os.getpgid(self.process.pid)
            os.killpg(group, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
                self.process.wait(timeout=15)
            # The extension's server and other children of the group.
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if getattr(self, "log_file", None):
            self.log_file.close()


@contextmanager
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(chromium),
            headless=True,
            timeout=STARTUP_TIMEOUT * 1000,
            # As root in a container: no sandbox; no GPU on this machine.
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield b
        finally:
            b.close()


# --- The workbench, as a user sees it --------------------------------------

ACTIVE_EDITOR = ".editor-group-container.active .monaco-editor:not(.monaco-diff-editor)"

# The text of the active editor, line by line as drawn (the documents of the
# tests are short enough to be drawn whole).
_EDITOR_LINES_JS = """
(editor) => {
  const root = document.querySelector(editor);
  if (!root) return null;
  const lines = [...root.querySelectorAll('.view-lines .view-line')];
  lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
  return lines.map((l) => l.textContent.replace(/\\u00a0/g, ' '));
}
"""

# The middle of the n-th occurrence of `word` on the first drawn line that
# contains `line`, in page pixels.
_WORD_AT_JS = """
([editor, line, word]) => {
  const root = document.querySelector(editor);
  if (!root) return null;
  const lines = [...root.querySelectorAll('.view-lines .view-line')];
  lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
  for (const el of lines) {
    if (!el.textContent.replace(/\\u00a0/g, ' ').includes(line)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.replace(/\\u00a0/g, ' ').indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const box = range.getBoundingClientRect();
      if (box.width === 0) return null;
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
  }
  return null;
}
"""


class Workbench:
    """The VS Code window in the page."""

    def __init__(self, page: Page, workspace: Path):
        self.page = page
        self.workspace = workspace

    def wait_ready(self) -> None:
        self.page.wait_for_selector(".monaco-workbench", timeout=STARTUP_TIMEOUT * 1000)
        # The explorer shows the workspace once the remote file system answers.
        self.page.wait_for_selector(".explorer-folders-view .monaco-list-row", timeout=STARTUP_TIMEOUT * 1000)

    def command(self, label: str) -> None:
        """Runs a command from the Command Palette by its label."""

        def attempt() -> bool:
            self.page.keyboard.press("Escape")
            self.page.keyboard.press("F1")
            box = self.page.locator(".quick-input-widget input")
            box.wait_for(state="visible", timeout=5000)
            box.fill(f">{label}")
            # The row whose label is exactly the command: the focused row
            # may be a recently used or a fuzzier match.
            name = self.page.locator(".label-name", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
            row = self.page.locator(".quick-input-widget .monaco-list-row", has=name).first
            row.wait_for(state="visible", timeout=5000)
            row.click()
            self.page.locator(".quick-input-widget").wait_for(state="hidden", timeout=5000)
            return True

        retry(f"the command {label!r}", attempt)

    def open(self, rel: str, first_line: str) -> None:
        """Opens a workspace file with Quick Open and waits until it is drawn."""
        name = Path(rel).name

        def attempt() -> bool:
            self.page.keyboard.press("Escape")
            self.page.keyboard.press("Control+P")
            box = self.page.locator(".quick-input-widget input")
            box.wait_for(state="visible", timeout=5000)
            box.fill(rel)
            row = self.page.locator(".quick-input-widget .monaco-list-row.focused", has_text=name)
            row.wait_for(state="visible", timeout=5000)
            self.page.keyboard.press("Enter")
            self.page.locator(f".tabs-container .tab.active[data-resource-name='{name}']").wait_for(timeout=5000)
            lines = self.lines()
            return bool(lines) and lines[0] == first_line

        retry(f"{rel} to open", attempt)

    def lines(self) -> list[str] | None:
        return self.page.evaluate(_EDITOR_LINES_JS, ACTIVE_EDITOR)

    def text(self) -> str:
        return "\n".join(self.lines() or [])

    def word(self, line: str, word: str) -> tuple[float, float]:
        at = retry(f"{word!r} drawn on the line {line!r}", lambda: self.page.evaluate(_WORD_AT_JS, [ACTIVE_EDITOR, line, word]))
        return at["x"], at["y"]

    def click_word(self, line: str, word: str) -> None:
        x, y = self.word(line, word)
        self.page.mouse.click(x, y)

    def close_all_editors(self) -> None:
        def attempt() -> bool:
            self.command("View: Close All Editors")
            return self.page.locator(".tabs-container .tab").count() == 0

        retry("every editor to close", attempt)

    def status_selection(self) -> str:
        item = self.page.locator("#status\\.editor\\.selection")
        item.wait_for(state="visible", timeout=ACTION_TIMEOUT * 1000)
        return item.inner_text()

    def cursor(self) -> tuple[int, int]:
        """The line and column (1-based) that the status bar shows."""
        m = re.search(r"Ln (\d+), Col (\d+)", self.status_selection())
        assert m, self.status_selection()
        return int(m.group(1)), int(m.group(2))

    def screenshot(self, path: Path, clip_to: str | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))


def chromium_is_usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def copy_if_wanted(source: Path, directory: str | None, name: str) -> None:
    """Copies a picture to the README's folder when asked to
    (GLOSSARY_LS_VSCODE_PICTURES, set by scripts/screenshot-vscode)."""
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, Path(directory) / name)
