"""VS Code end to end: the packaged extension (.vsix) installed into a real
VS Code (code-server 4.139, VS Code 1.139 for the browser), used in headless
Chromium the way a writer uses it: hover a term, go to its entry, complete a
term, link a term with the quick fix, find a broken link in the Problems
panel, change the link style in the settings.

One code-server and one browser page serve the whole module (starting them
takes most of the time); each test opens its own document. What the setup
needs comes from tests/e2e/vscode/setup.sh, run by scripts/e2e; where it
cannot be installed the module is skipped with the reason.

On a failure the page is saved to target/vscode-e2e/failures/.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest

from binaries import REPO, server_binary, target_dir
from lsp_helpers import SUMMARIES, Workspace
from vscode_driver import (
    ACTION_TIMEOUT,
    STARTUP_TIMEOUT,
    CodeServer,
    Tools,
    Unavailable,
    Workbench,
    browser,
    copy_if_wanted,
    retry,
)

pytestmark = pytest.mark.timeout(240)

SHOTS = target_dir() / "vscode-e2e" / "screenshots"
FAILURES = target_dir() / "vscode-e2e" / "failures"
PICTURES = os.environ.get("GLOSSARY_LS_VSCODE_PICTURES")

# Documents under content/posts/, beside the glossary in content/glossary/.
NOTES = "content/posts/notes.md"
NOTES_TEXT = textwrap.dedent(
    """\
    # Machines

    Every widget needs a sprocket to turn.

    Read about the [whatsit](/glossary/whatsit/) before you start.
    """
)
TYPING = "content/posts/typing.md"
TYPING_TEXT = "# Typing\n\nThe last word is\n"
LINKING = "content/posts/linking.md"
LINKING_TEXT = "# Linking\n\nA gizmo sits on the bench.\n"
STYLE = "content/posts/style.md"
STYLE_TEXT = "# Style\n\nThe gadget hums.\n"

USER_SETTINGS = {
    "security.workspace.trust.enabled": False,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": True,
    "extensions.ignoreRecommendations": True,
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "git.enabled": False,
    "editor.minimap.enabled": False,
    "editor.hover.delay": 300,
    "editor.fontSize": 15,
    "window.zoomLevel": 0,
}


@pytest.fixture(scope="module")
def tools() -> Tools:
    try:
        return Tools.from_env()
    except Unavailable as reason:
        pytest.skip(f"VS Code suite not run: {reason}")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("vscode") / "project")
    ws.root.mkdir()
    ws.write_small_glossary()
    for rel, text in ((NOTES, NOTES_TEXT), (TYPING, TYPING_TEXT), (LINKING, LINKING_TEXT), (STYLE, STYLE_TEXT)):
        ws.write(rel, text)
    return ws


@pytest.fixture(scope="module")
def code_server(tools, project, tmp_path_factory):
    machine_settings = {}
    if not tools.vsix_bundled:
        # The neutral package finds the server through its setting.
        machine_settings["glossary-ls.server.path"] = str(server_binary())
    server = CodeServer(tools, tmp_path_factory.mktemp("code-server"), project.root, USER_SETTINGS, machine_settings)
    installed = server.install_extension()
    print(f"installed {tools.vsix.name}: {installed.strip()}")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def workbench(tools, code_server, project):
    with browser(tools.chromium) as b:
        context = b.new_context(viewport={"width": 1280, "height": 760}, device_scale_factor=1)
        context.set_default_timeout(ACTION_TIMEOUT * 1000)
        page = context.new_page()
        page.goto(f"{code_server.url}/?folder={project.root}", timeout=STARTUP_TIMEOUT * 1000)
        bench = Workbench(page, project.root)
        bench.wait_ready()
        yield bench
        context.close()


@pytest.fixture(autouse=True)
def fresh_editor(request, workbench):
    """Each test starts with no editor open and leaves a picture when it fails."""
    workbench.close_all_editors()
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        path = FAILURES / f"{request.node.name}.png"
        workbench.screenshot(path)
        print(f"screenshot of the failure: {path}")


def test_the_installed_extension_is_the_project_package(tools, code_server):
    listed = code_server.install_extension()
    version = json.loads((REPO / "editors/vscode/package.json").read_text())["version"]
    assert f"glossary-ls.glossary-ls@{version}" in listed


def hover_text(workbench: Workbench, line: str, word: str) -> str:
    """Moves the mouse onto `word` until VS Code shows a hover with text."""
    page = workbench.page
    hover = page.locator(".monaco-hover:not(.hidden) .hover-contents").last

    def attempt() -> str | None:
        page.mouse.move(5, 5)  # off the word, so that coming back hovers again
        x, y = workbench.word(line, word)
        page.mouse.move(x, y, steps=4)
        hover.wait_for(state="visible", timeout=6000)
        text = page.locator(".monaco-hover:not(.hidden)").last.inner_text()
        return text if "Loading" not in text else None

    return retry(f"a hover over {word!r}", attempt)


def test_hover_shows_the_entry_title_and_summary(workbench: Workbench):
    workbench.open(NOTES, "# Machines")
    seen: list[str] = []

    def entry_shown() -> str | None:
        seen.append(hover_text(workbench, "Every widget", "widget"))
        return seen[-1] if SUMMARIES["widget"] in seen[-1] else None

    try:
        text = retry("the hover to show the entry's summary", entry_shown, timeout=90)
    except TimeoutError as error:
        raise AssertionError(f"{error}; the last hover read: {seen[-1:]}") from None
    assert "Widget" in text, text
    assert SUMMARIES["widget"] in text, text
    shot = SHOTS / "hover.png"
    workbench.screenshot(shot)
    copy_if_wanted(shot, PICTURES, "vscode-hover.png")


def test_go_to_definition_opens_the_entry_at_its_title(workbench: Workbench, project: Workspace):
    workbench.open(NOTES, "# Machines")
    page = workbench.page

    def attempt() -> bool:
        workbench.click_word("Every widget", "sprocket")
        page.keyboard.press("F12")
        page.locator(".tabs-container .tab.active[data-resource-name='sprocket.md']").wait_for(timeout=5000)
        return True

    retry("F12 to open sprocket.md", attempt, timeout=90)
    lines = retry("the entry to be drawn", lambda: (ls := workbench.lines()) and ls[0] == "---" and ls)
    assert 'title: "Sprocket"' in lines
    # The cursor is on the title: the status bar shows its line.
    line, column = retry("the cursor on the title", lambda: (c := workbench.cursor()) and c[0] == 2 and c)
    entry_lines = project.entry("sprocket").read_text().splitlines()
    assert entry_lines[line - 1] == 'title: "Sprocket"'
    assert column in range(1, len(entry_lines[line - 1]) + 2)


def test_completion_offers_the_entry_after_a_partial_term(workbench: Workbench):
    workbench.open(TYPING, "# Typing")
    page = workbench.page
    workbench.click_word("The last word is", "is")
    page.keyboard.press("End")
    page.keyboard.type(" gadg")
    rows = page.locator(".editor-widget.suggest-widget.visible .monaco-list-row")

    def attempt() -> list[str] | None:
        page.keyboard.press("Escape")
        page.keyboard.press("Control+Space")
        rows.first.wait_for(state="visible", timeout=6000)
        labels = [r.get_attribute("aria-label") or r.inner_text() for r in rows.all()]
        return labels if any("Gadget" in label for label in labels) else None

    labels = retry("Gadget in the suggestions", attempt, timeout=90)
    assert any("Gadget" in label for label in labels), labels
    page.keyboard.press("Escape")
    workbench.command("File: Revert File")


def apply_link_quick_fix(workbench: Workbench, line: str, word: str, picture: str | None = None) -> str:
    """Puts the cursor on `word`, opens the quick fixes, picks "Link 'word'
    to its glossary entry" and returns the changed line as drawn."""
    page = workbench.page
    title = f"Link '{word}' to its glossary entry"
    item = page.locator(".action-widget .monaco-list-row", has_text=title).first

    def attempt() -> bool:
        page.keyboard.press("Escape")
        workbench.click_word(line, word)
        page.keyboard.press("Control+.")
        item.wait_for(state="visible", timeout=6000)
        return True

    retry(f"the quick fix {title!r}", attempt, timeout=90)
    if picture:
        item.hover()
        shot = SHOTS / "quick-fix.png"
        workbench.screenshot(shot)
        copy_if_wanted(shot, PICTURES, picture)
    item.click()
    return retry(
        "the link in the document",
        lambda: next((l for l in (workbench.lines() or []) if f"[{word}](" in l), None),
    )


def link_target(line: str, word: str) -> str:
    m = re.search(rf"\[{re.escape(word)}\]\(([^)]*)\)", line)
    assert m, line
    return m.group(1)


def test_quick_fix_links_the_term_to_its_entry(workbench: Workbench, project: Workspace):
    workbench.open(LINKING, "# Linking")
    changed = apply_link_quick_fix(workbench, "A gizmo sits", "gizmo", picture="vscode-quick-fix.png")
    target = link_target(changed, "gizmo")
    # The default style: a path from the document to the entry file.
    assert (project.path(LINKING).parent / target).resolve() == project.entry("gizmo"), changed
    workbench.command("File: Save")
    saved = retry("the file saved", lambda: "[gizmo](" in (t := project.path(LINKING).read_text()) and t)
    assert f"A [gizmo]({target}) sits on the bench." in saved


def test_broken_link_is_in_the_problems_panel(workbench: Workbench):
    workbench.open(NOTES, "# Machines")
    page = workbench.page
    panel = page.locator(".part.panel .markers-panel")
    rows = page.locator(".part.panel .monaco-list-row")

    def attempt() -> str | None:
        if not panel.is_visible():
            page.keyboard.press("Control+Shift+M")  # View: Problems
            panel.wait_for(state="visible", timeout=5000)
        # A row reads: message, source(code), position.
        texts = [" ".join((r.text_content() or "").split()) for r in rows.all()]
        found = [t for t in texts if "glossary-ls" in t and "broken-link" in t]
        return found[0] if found else None

    problem = retry("a broken-link problem", attempt, timeout=90)
    assert "whatsit" in problem, problem
    page.keyboard.press("Control+J")  # the panel closed again


def test_the_link_style_setting_changes_the_next_quick_fix(workbench: Workbench, project: Workspace):
    settings = project.path(".vscode/settings.json")
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps({"glossary-ls.link.style": "ref"}), encoding="utf-8")
    try:
        workbench.open(STYLE, "# Style")

        def attempt() -> str | None:
            changed = apply_link_quick_fix(workbench, "The gadget hums", "gadget")
            if "ref" in link_target(changed, "gadget"):
                return changed
            # Still the old style: the setting has not arrived yet.
            workbench.command("File: Revert File")
            return None

        changed = retry("a link in the ref style", attempt, timeout=90)
        assert re.fullmatch(r'\{\{<\s*ref\s+"[^"]*gadget[^"]*"\s*>\}\}', link_target(changed, "gadget")), changed
        workbench.command("File: Revert File")
    finally:
        settings.unlink()
