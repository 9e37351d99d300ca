"""The VS Code extensions: the package for this platform carries the server
(runnable, with its run bit in the archive), the package for every platform
carries none."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path

from conftest import DIST, PLATFORM, VERSION, expected_version_line, run

SERVER = "extension/server/glossary-ls"


def vsix(name: str) -> Path:
    path = DIST / name
    assert path.is_file(), f"no {path}: run scripts/package"
    return path


def target_platform(z: zipfile.ZipFile) -> str | None:
    manifest = z.read("extension.vsixmanifest").decode()
    found = re.search(r'TargetPlatform="([^"]+)"', manifest)
    return found.group(1) if found else None


def test_the_platform_package_carries_a_runnable_server(tmp_path):
    with zipfile.ZipFile(vsix(f"glossary-ls-{PLATFORM}-{VERSION}.vsix")) as z:
        names = z.namelist()
        assert SERVER in names, names
        info = z.getinfo(SERVER)
        mode = info.external_attr >> 16
        assert stat.S_ISREG(mode) and mode & 0o111 == 0o111, oct(mode)
        assert target_platform(z) == PLATFORM
        manifest = json.loads(z.read("extension/package.json"))
        assert "extension/dist/extension.js" in names
        # Unpacked the way VS Code does: the file, then its mode.
        binary = Path(z.extract(SERVER, tmp_path))
        binary.chmod(mode & 0o777)
    assert manifest["version"] == VERSION
    out = run([str(binary), "--version"])
    assert out.returncode == 0, out.stderr
    expected_version_line(out.stdout)


def test_the_package_for_every_platform_has_no_server():
    with zipfile.ZipFile(vsix(f"glossary-ls-{VERSION}.vsix")) as z:
        names = z.namelist()
        assert target_platform(z) is None
    assert "extension/dist/extension.js" in names
    assert not [n for n in names if n.startswith("extension/server/")], names


def test_both_carry_the_same_extension_code():
    with zipfile.ZipFile(vsix(f"glossary-ls-{PLATFORM}-{VERSION}.vsix")) as a, zipfile.ZipFile(
        vsix(f"glossary-ls-{VERSION}.vsix")
    ) as b:
        assert a.read("extension/dist/extension.js") == b.read("extension/dist/extension.js")
        assert a.read("extension/package.json") == b.read("extension/package.json")
