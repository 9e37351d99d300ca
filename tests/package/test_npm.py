"""The npm packages: the launcher `glossary-ls` and this platform's binary
(@glossary-ls/<platform>), installed from their tarballs into an empty
folder without the network, run through `npx glossary-ls`."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from conftest import PLATFORM, VERSION, clean_env, expected_version_line, one, run
from session import hover_on_builtin_term


def npm_install(folder: Path, *tarballs: Path) -> None:
    folder.mkdir()
    (folder / "package.json").write_text('{"name": "docs-site", "private": true}\n')
    out = run(
        ["npm", "install", "--offline", "--no-audit", "--no-fund", *map(str, tarballs)],
        cwd=folder,
        env=clean_env(npm_config_cache=str(folder.parent / "npm-cache")),
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A folder where both tarballs were installed."""
    folder = tmp_path_factory.mktemp("npm") / "project"
    npm_install(folder, one(f"glossary-ls-{VERSION}.tgz"), one(f"glossary-ls-{PLATFORM}-{VERSION}.tgz"))
    return folder


def npx(project: Path, *args: str, cwd: Path | None = None):
    return run(
        ["npx", "--offline", "--prefix", str(project), "glossary-ls", *args],
        cwd=cwd or project,
        env=clean_env(npm_config_cache=str(project.parent / "npm-cache")),
    )


def test_the_platform_package_holds_a_runnable_binary_for_this_platform():
    with tarfile.open(one(f"glossary-ls-{PLATFORM}-{VERSION}.tgz")) as tar:
        manifest = json.load(tar.extractfile("package/package.json"))
        binary = tar.getmember("package/bin/glossary-ls")
    assert manifest["name"] == f"@glossary-ls/{PLATFORM}"
    assert manifest["version"] == VERSION
    os_name, cpu = PLATFORM.split("-")
    assert (manifest["os"], manifest["cpu"]) == ([os_name], [cpu])
    assert binary.isfile() and binary.mode & 0o111 == 0o111, oct(binary.mode)
    assert binary.size > 1_000_000


def test_the_launcher_depends_on_every_platform_package_at_its_version():
    with tarfile.open(one(f"glossary-ls-{VERSION}.tgz")) as tar:
        manifest = json.load(tar.extractfile("package/package.json"))
    assert manifest["bin"] == {"glossary-ls": "bin/glossary-ls.js"}
    assert manifest["optionalDependencies"].get(f"@glossary-ls/{PLATFORM}") == VERSION
    assert set(manifest["optionalDependencies"].values()) == {VERSION}


def test_npx_glossary_ls_version(project):
    out = npx(project, "--version")
    assert out.returncode == 0, out.stderr
    expected_version_line(out.stdout)


def test_npx_glossary_ls_scan_builtin(project, sample_docs):
    out = npx(project, "scan", "--builtin", "notes.md", cwd=sample_docs)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "notes.md:1:16: large language model -> Large Language Model (LLM) (large-language-model)\n"
    )


def test_the_exit_code_comes_through(project):
    out = npx(project, "lookup", "--builtin", "no such term at all")
    assert out.returncode == 1, out.stdout + out.stderr


async def test_the_server_through_the_launcher_answers_an_editor(project, tmp_path):
    workspace = tmp_path / "docs"
    workspace.mkdir()
    launcher = project / "node_modules" / ".bin" / "glossary-ls"
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    result, hover = await hover_on_builtin_term([str(launcher)], env, workspace)
    assert result.server_info is not None and result.server_info.name == "glossary-ls"
    assert hover is not None and "Large Language Model" in hover, hover


def test_without_the_platform_package_the_launcher_says_so(tmp_path):
    folder = tmp_path / "launcher-only"
    npm_install(folder, one(f"glossary-ls-{VERSION}.tgz"))
    out = npx(folder, "--version")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr == (
        f"glossary-ls: error: the package @glossary-ls/{PLATFORM}, which has the binary for this machine, "
        "is not installed; install glossary-ls again without --omit=optional (or --no-optional)\n"
    )
