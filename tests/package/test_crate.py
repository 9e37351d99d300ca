"""The crate as crates.io would get it: `cargo package --locked` built it
(and compiled it from the tarball); it carries what build.rs embeds and no
placeholder addresses."""

from __future__ import annotations

import tarfile

from conftest import REPO, VERSION, one


def test_the_crate_carries_the_builtin_glossary_and_build_script():
    with tarfile.open(one(f"glossary-ls-{VERSION}.crate")) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        manifest = tar.extractfile(f"glossary-ls-{VERSION}/Cargo.toml").read().decode()
    entries = sorted(p.name for p in (REPO / "content" / "glossary").glob("*.md"))
    assert entries, "no built-in glossary in the repository"
    for entry in entries:
        assert f"content/glossary/{entry}" in names, entry
    for needed in ["build.rs", "src/main.rs", "src/lib.rs", "Cargo.lock", "README.md", "LICENSE", ".cargo_vcs_info.json"]:
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "editors/", "fuzz/", "benches/"))]
    assert "example.invalid" not in manifest
